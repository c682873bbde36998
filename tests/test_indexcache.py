"""Cached indexes: checked against their manifest, rebuilt when damaged, never a wrong answer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.gazetteer import base_layer, indexcache
from geomap.gazetteer.indexcache import MANIFEST, check, open_index, seal
from geomap.gazetteer.layers import IndexedLayer, IndexRow

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

TOWNS = [
    IndexRow(str(i), name, "populated place", lat, lon, "AZ", pop, (), "hand-made")
    for i, (name, lat, lon, pop) in enumerate(
        [("Qzwertyan", 40.1, 46.1, 1200), ("Zwertdag", 41.2, 47.3, 800), ("Kwertabad", 39.0, 45.0, 5000)]
    )
]


def _build(folder: Path) -> IndexedLayer:
    return IndexedLayer.build("t", TOWNS, folder)


def _open(folder: Path) -> IndexedLayer:
    return IndexedLayer("t", folder)


def _answers(layer: IndexedLayer) -> tuple[object, ...]:
    found = [layer.exact(row.name.lower()) for row in TOWNS]
    near = [(p.place_id, round(d, 3)) for p, d in layer.nearest(45.1, 39.1, 3)]
    return tuple(str(f) for f in found), tuple(near), len(layer)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    folder = tmp_path / "cache" / "idx"
    open_index(folder, _open, _build)
    return folder


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, ...]:
    return _answers(open_index(tmp_path_factory.mktemp("ref") / "idx", _open, _build))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garble(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\x00")


def _delete(path: Path) -> None:
    path.unlink()


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "truncate": _truncate,
    "garble": _garble,
    "append": _append,
    "delete": _delete,
}
FILES = [
    "rows.jsonl",
    "exact.marisa",
    "loose.marisa",
    "ids.marisa",
    "offsets.npy",
    "coords.npy",
    "population.npy",
    "demonyms.json",
]


def test_a_fresh_index_has_a_manifest_of_every_file(index: Path) -> None:
    assert (index / MANIFEST).is_file()
    assert check(index, full=True) == []


def test_the_manifest_covers_files_a_newer_index_adds(index: Path) -> None:
    (index / "names.npy").write_bytes(b"new array")
    seal(index)
    (index / "names.npy").write_bytes(b"new arrax")
    assert check(index) == [f"{index / 'names.npy'}: contents differ from the manifest (checksum)"]


@pytest.mark.parametrize("check_by", ["checksum", "samples"])
@pytest.mark.parametrize("corrupt", CORRUPTIONS)
@pytest.mark.parametrize("name", FILES)
def test_a_corrupted_file_is_rebuilt_and_answers_stay_right(
    index: Path,
    expected: tuple[object, ...],
    *,
    name: str,
    corrupt: str,
    check_by: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    if check_by == "samples":
        monkeypatch.setattr(settings, "index_check_full_bytes", 0)
    CORRUPTIONS[corrupt](index / name)
    assert _answers(open_index(index, _open, _build)) == expected
    assert f"the cached index is damaged ({index / name}" in caplog.text
    assert check(index, full=True) == []


def test_a_flipped_byte_in_a_large_file_is_found_by_the_full_check(
    index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "index_check_full_bytes", 0)
    data = bytearray((index / "rows.jsonl").read_bytes())
    data[len(data) // 2 + 7] ^= 0x01
    (index / "rows.jsonl").write_bytes(bytes(data))
    assert check(index, full=True) == [f"{index / 'rows.jsonl'}: contents differ from the manifest (checksum)"]


@pytest.fixture
def settled_index(index: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An index sealed again once its files are older than the file system's clock can blur (as after a build).

    The margin is cut from 2 s (coarse file systems) to 0.2 s, plenty for this machine's nanosecond times.
    """
    monkeypatch.setattr(indexcache, "_RACY_NS", 200_000_000)
    time.sleep(0.3)
    seal(index)
    return index


def test_a_settled_index_is_checked_by_status_without_reading_a_file(
    settled_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unread(*_: object) -> str:
        raise AssertionError

    monkeypatch.setattr(indexcache, "_sha256", unread)
    monkeypatch.setattr(indexcache, "_sampled", unread)
    assert check(settled_index) == []


def test_a_settled_file_rewritten_in_place_at_its_size_is_found(settled_index: Path) -> None:
    _garble(settled_index / "coords.npy")
    assert check(settled_index) == [f"{settled_index / 'coords.npy'}: contents differ from the manifest (checksum)"]


def test_a_settled_file_with_its_times_set_back_is_still_hashed(settled_index: Path) -> None:
    path = settled_index / "rows.jsonl"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Qzwertyan", b"Qzwertyam"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time cannot be set back
    assert check(settled_index) == [f"{path}: contents differ from the manifest (checksum)"]


def _as_sealed_before_status(folder: Path) -> None:
    """Rewrite a manifest as manifests were before they recorded the files' status."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    files = {name: {k: v for k, v in entry.items() if k != "stat"} for name, entry in manifest["files"].items()}
    (folder / MANIFEST).write_text(json.dumps({"format": 1, "files": files}), encoding="utf-8")


def test_an_index_sealed_before_status_gains_it_at_its_first_open(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexcache, "_RACY_NS", 200_000_000)
    _as_sealed_before_status(index)
    time.sleep(0.3)
    open_index(index, _open, _build)

    def unread(*_: object) -> str:
        raise AssertionError

    monkeypatch.setattr(indexcache, "_sha256", unread)
    monkeypatch.setattr(indexcache, "_sampled", unread)
    assert check(index) == []


def test_a_damage_the_samples_miss_keeps_an_old_manifest_from_gaining_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [IndexRow(str(i), f"Qzwertyan{i:05d}", "populated place", 40.0, 46.0, "AZ", i, (), "hand-made " * 20)
            for i in range(2000)]  # fmt: skip
    folder = tmp_path / "big"
    open_index(folder, _open, lambda f: IndexedLayer.build("t", many, f))
    monkeypatch.setattr(settings, "index_check_full_bytes", 0)
    _as_sealed_before_status(folder)
    data = bytearray((folder / "rows.jsonl").read_bytes())
    assert len(data) > 64 * 4096  # larger than the samples cover
    data[len(data) // 2 + 7] ^= 0x01
    (folder / "rows.jsonl").write_bytes(bytes(data))
    assert check(folder) == []  # the samples miss it
    open_index(folder, _open, lambda f: IndexedLayer.build("t", many, f))
    assert "stat" not in json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]["rows.jsonl"]


def test_an_extra_file_is_named(index: Path) -> None:
    (index / "stray.bin").write_bytes(b"x")
    assert check(index) == [f"{index / 'stray.bin'}: not in the manifest"]


def test_a_garbled_manifest_means_a_rebuild(index: Path, expected: tuple[object, ...]) -> None:
    (index / MANIFEST).write_text("{", encoding="utf-8")
    assert _answers(open_index(index, _open, _build)) == expected
    assert check(index) == []


def test_an_unwritable_cache_folder_falls_back_to_a_temporary_folder(
    tmp_path: Path, expected: tuple[object, ...], caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    folder = tmp_path / "file" / "cache" / f"idx-{os.getpid()}-{time.monotonic_ns()}"
    layer = open_index(folder, _open, _build)
    assert _answers(layer) == expected
    assert not layer.folder.is_relative_to(tmp_path)
    assert "cannot be written" in caplog.text


def test_a_stale_build_folder_is_removed(index: Path) -> None:
    stale = index.parent / f".{index.name}-dead"
    stale.mkdir()
    (stale / "rows.jsonl").write_bytes(b"half")
    open_index(index, _open, _build)
    assert not stale.exists()


def test_a_killed_build_leaves_nothing_the_next_open_keeps(tmp_path: Path, expected: tuple[object, ...]) -> None:
    folder = tmp_path / "cache" / "idx"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from geomap.gazetteer.indexcache import open_index
        from geomap.gazetteer.layers import IndexedLayer, IndexRow

        def rows():
            for i in range(10**9):
                yield IndexRow(str(i), f"Town{{i}}", "populated place", 40.0, 46.0, "AZ", 0, (), "s")
                time.sleep(0.001)

        open_index(Path({str(folder)!r}), lambda f: IndexedLayer("t", f), lambda f: IndexedLayer.build("t", rows(), f))
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 120
    while not list(folder.parent.glob(f".{folder.name}-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(folder.parent.glob(f".{folder.name}-*"))
    assert _answers(open_index(folder, _open, _build)) == expected
    assert not list(folder.parent.glob(f".{folder.name}-*"))


@pytest.mark.slow
def test_the_base_layer_rebuilds_a_damaged_index(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    layer = base_layer(min_population=5_000_000, cache_dir=tmp_path)
    want = [p.place_id for p, _ in layer.nearest(46.0, 40.0, 3)]
    _garble(layer.folder / "coords.npy")
    again = base_layer(min_population=5_000_000, cache_dir=tmp_path)
    assert [p.place_id for p, _ in again.nearest(46.0, 40.0, 3)] == want
    assert "the cached index is damaged" in caplog.text
