"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.gazetteer import Gazetteer
from geomap.geoparse import Geoparser
from geomap.reports import Report, parse_report, read_report

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytest_plugins = ["tests.browser.fixtures"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
SEED = REPO / "seeds" / "2020-09-27-azeri-army-advance.txt"


def place_id_of(parser: Geoparser, text: str, surface: str, **kw: str) -> str | None:
    """The place id of the one mention of ``surface`` that ``parser`` finds in ``text`` (None if unresolved)."""
    (mention,) = [m for m in parser.parse(text, **kw) if m.surface == surface]
    return mention.place.place_id if mention.place else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the repo (dev set, benchmark corpora, seed)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not there: the shared data sets come with the workplace, not the repo")
    return SHARED


@pytest.fixture(autouse=True)
def _private_user_layers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep layers that tests import out of the user's own cache."""
    before = settings.user_layers_dir
    settings.user_layers_dir = tmp_path_factory.mktemp("layers")
    yield
    settings.user_layers_dir = before


@pytest.fixture(scope="session")
def curated() -> Gazetteer:
    """The curated layer only (fast, no GeoNames)."""
    return Gazetteer.default(base=False)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """Curated layer plus the GeoNames base layer (its index is built once per machine)."""
    return Gazetteer.default(base=True)


@pytest.fixture(scope="session")
def parser(gazetteer: Gazetteer) -> Geoparser:
    """The default geoparser over the full gazetteer."""
    return Geoparser(gazetteer)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed report, with its front matter."""
    return SEED


@pytest.fixture(scope="session")
def seed(seed_path: Path) -> Report:
    """The seed report, read."""
    return read_report(seed_path)


@pytest.fixture
def make_report() -> Callable[..., Report]:
    """Build a report from a body and front-matter fields."""

    def make(body: str, *, report_id: str = "r", **meta: str) -> Report:
        head = "".join(f"{k}: {v}\n" for k, v in meta.items())
        return parse_report(f"---\n{head}---\n{body}" if meta else body, report_id=report_id)

    return make


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to a file under tmp_path and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
