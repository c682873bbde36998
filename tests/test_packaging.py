"""The wheel works on its own: built from the source tree, installed into a fresh venv, run from another folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from typing import TYPE_CHECKING

import pytest

import geomap
from tests.conftest import REPO, SEED

if TYPE_CHECKING:
    from pathlib import Path

SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE")
TREES = ("geomap", "gazetteer")


def _env() -> dict[str, str]:
    """The caller's environment without anything that points Python at the development install."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "GEOMAP_GAZETTEER_DIR", "PYTHONHOME"}
    return {k: v for k, v in os.environ.items() if k not in drop}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a clean copy of the source tree (no stale build/ folder)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        shutil.copy2(REPO / name, src / name)
    for name in TREES:
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(src)],
        check=True,
        env=_env(),
    )
    (path,) = out.glob("geomap-*.whl")
    return path


@pytest.fixture(scope="module")
def fresh_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a new venv (no system site-packages) holding only the wheel and its dependencies."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    bin_dir = env_dir / "bin"
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet", str(wheel)], check=True, env=_env())
    return bin_dir


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=_env(), capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_wheel_ships_the_gazetteer_and_the_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {n for n in names if n.startswith("geomap/gazetteer_data/")}
    wanted = {f"geomap/gazetteer_data/{p.relative_to(REPO / 'gazetteer').as_posix()}" for p in
              (REPO / "gazetteer").rglob("*") if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    assert wanted <= data
    assert {"geomap/gazetteer_data/places.csv", "geomap/gazetteer_data/LICENSE.md"} <= data
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "geomap/cli/help.json" in names  # geomap --help is printed from it


@pytest.mark.slow
def test_installed_wheel_looks_up_a_place_from_another_folder(fresh_bin: Path, tmp_path: Path) -> None:
    done = _run(fresh_bin, tmp_path, "geomap", "gazetteer", "lookup", "Kalbacar", "--format", "json", "--no-base")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["name"] == "Kalbajar"


@pytest.mark.slow
def test_installed_wheel_lists_the_places_of_the_seed_from_another_folder(fresh_bin: Path, tmp_path: Path) -> None:
    done = _run(fresh_bin, tmp_path, "geomap", "places", str(SEED), "--format", "json")
    assert done.returncode == 0, done.stderr
    resolved = {m["name"] for m in json.loads(done.stdout) if m["resolved"]}
    assert {"Kalbajar", "Murovdag"} <= resolved


@pytest.mark.slow
def test_installed_wheel_runs_as_a_module_and_gives_its_version(fresh_bin: Path, tmp_path: Path) -> None:
    done = _run(fresh_bin, tmp_path, "python", "-m", "geomap", "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"geomap {geomap.__version__}")


def test_gazetteer_folder_can_be_overridden_by_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "gaz"
    folder.mkdir()
    (folder / "places.csv").write_text(
        "id,name,kind,lat,lon,country,parent,population,aliases,source\n"
        "xx-zorvan,Zorvan,populated place,41.00000,44.50000,AM,,,Zorvanq,made up for a test\n",
        encoding="utf-8",
    )
    (folder / "routes.csv").write_text("route_id,seq,lat,lon,waypoint,source\n", encoding="utf-8")
    (folder / "demonyms.csv").write_text("demonym,country\n", encoding="utf-8")
    env = {**_env(), "GEOMAP_GAZETTEER_DIR": str(folder)}
    args = [sys.executable, "-m", "geomap", "gazetteer", "lookup", "Zorvanq", "--no-base", "--format", "json"]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["source"] == "made up for a test"
