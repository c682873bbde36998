"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.browser.fixtures"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the repo (dev set, benchmark corpora, seed)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not there: the shared data sets come with the workplace, not the repo")
    return SHARED
