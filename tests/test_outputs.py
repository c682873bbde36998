"""Output sets: written all together or not at all, locked, with errors.csv and a manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from geomap import settings
from geomap.errors import ExportError, ReportFormatError
from geomap.outputs import MANIFEST, output_set, recover, verify

if TYPE_CHECKING:
    from pathlib import Path


def _visible(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def _write_set(out: Path, text: str, *, set_name: str = "run") -> None:
    with output_set(out, set_name) as stage:
        (stage / "a.txt").write_text(text, encoding="utf-8")
        (stage / "b.txt").write_text(text, encoding="utf-8")


def test_a_set_is_committed_with_its_manifest_and_errors_csv(tmp_path: Path) -> None:
    _write_set(tmp_path / "out", "one")
    assert _visible(tmp_path / "out") == {"a.txt", "b.txt", MANIFEST, "errors.csv"}
    assert verify(tmp_path / "out") == []


def test_a_failing_body_leaves_the_previous_set_and_no_stage(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write_set(out, "one")

    def fail_halfway() -> None:
        with output_set(out, "run") as stage:
            (stage / "a.txt").write_text("two", encoding="utf-8")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert (out / "a.txt").read_text(encoding="utf-8") == "one"
    assert not list(out.glob(".geomap-stage-*"))
    assert verify(out) == []


def test_errors_csv_names_file_line_and_reason(tmp_path: Path) -> None:
    error = ReportFormatError("front matter date 'soon' is not YYYY-MM-DD", path="r.txt", line=3)
    with output_set(tmp_path, "run", errors=[error]):
        pass
    with (tmp_path / "errors.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [
        {"file": "r.txt", "line": "3", "reason": "front matter date 'soon' is not YYYY-MM-DD", "set": "run"}
    ]


def test_errors_of_another_set_in_the_same_folder_are_kept(tmp_path: Path) -> None:
    with output_set(tmp_path, "run", errors=[ReportFormatError("file is empty", path="a.txt")]):
        pass
    with output_set(tmp_path, "timeline", errors=[ReportFormatError("file is empty", path="b.txt")]):
        pass
    with output_set(tmp_path, "run"):
        pass
    with (tmp_path / "errors.csv").open(encoding="utf-8", newline="") as fh:
        assert [(r["file"], r["set"]) for r in csv.DictReader(fh)] == [("b.txt", "timeline")]


def test_files_of_other_sets_and_of_the_user_stay(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    _write_set(tmp_path, "one", set_name="run")
    with output_set(tmp_path, "compare") as stage:
        (stage / "compare.csv").write_text("x", encoding="utf-8")
    assert _visible(tmp_path) == {"notes.md", "a.txt", "b.txt", "compare.csv", MANIFEST, "errors.csv"}
    assert verify(tmp_path) == []


def test_a_file_the_set_no_longer_writes_is_removed(tmp_path: Path) -> None:
    _write_set(tmp_path, "one")
    with output_set(tmp_path, "run") as stage:
        (stage / "a.txt").write_text("two", encoding="utf-8")
    assert _visible(tmp_path) == {"a.txt", MANIFEST, "errors.csv"}


def test_a_folder_output_is_replaced_whole(tmp_path: Path) -> None:
    with output_set(tmp_path, "run") as stage:
        (stage / "parts").mkdir()
        for i in range(3):
            (stage / "parts" / f"{i}.txt").write_text("old", encoding="utf-8")
    with output_set(tmp_path, "run") as stage:
        (stage / "parts").mkdir()
        (stage / "parts" / "0.txt").write_text("new", encoding="utf-8")
    assert [p.name for p in (tmp_path / "parts").iterdir()] == ["0.txt"]
    assert verify(tmp_path) == []


def test_a_second_writer_fails_naming_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "output_lock_wait_s", 0.0)
    with (
        output_set(tmp_path, "run"),
        pytest.raises(ExportError, match=rf"pid {os.getpid()}\) is writing into {tmp_path}"),
    ):
        _write_set(tmp_path, "two")
    _write_set(tmp_path, "three")  # the lock is released with the first set
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "three"


def test_an_interrupted_commit_is_finished_by_the_next_writer(tmp_path: Path) -> None:
    _write_set(tmp_path, "one")
    stage = tmp_path / ".geomap-stage-run-killed"
    stage.mkdir()
    (stage / "b.txt").write_text("two", encoding="utf-8")  # a.txt was moved before the kill
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    for name in ("a.txt", "b.txt"):
        manifest["files"][name].update(size=3, sha256=hashlib.sha256(b"two").hexdigest())
    (stage / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / MANIFEST).unlink()
    (tmp_path / ".geomap-commit.json").write_text(json.dumps({"stage": stage.name, "move": ["b.txt"]}), "utf-8")
    assert verify(tmp_path) != []
    recover(tmp_path)
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "two"
    assert verify(tmp_path) == []
    assert not stage.exists()


def test_a_commit_killed_after_its_manifest_moved_in_keeps_that_manifest(tmp_path: Path) -> None:
    _write_set(tmp_path, "two")  # every entry and the new manifest are in place ...
    stage = tmp_path / ".geomap-stage-run-killed"
    stage.mkdir()  # ... but the kill came before the journal was removed
    (tmp_path / ".geomap-commit.json").write_text(json.dumps({"stage": stage.name, "move": ["a.txt"]}), "utf-8")
    recover(tmp_path)
    assert verify(tmp_path) == []
    assert not stage.exists()


def test_a_stage_left_before_the_commit_point_is_removed(tmp_path: Path) -> None:
    _write_set(tmp_path, "one")
    (tmp_path / ".geomap-stage-run-killed").mkdir()
    (tmp_path / ".geomap-stage-run-killed" / "a.txt").write_text("half", encoding="utf-8")
    _write_set(tmp_path, "two")
    assert not list(tmp_path.glob(".geomap-stage-*"))


def test_verify_finds_a_file_from_another_run(tmp_path: Path) -> None:
    _write_set(tmp_path, "one")
    (tmp_path / "b.txt").write_text("two", encoding="utf-8")
    assert verify(tmp_path) == [f"{tmp_path / 'b.txt'}: differs from {MANIFEST} (written by another run?)"]


def test_an_unwritable_output_folder_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot write into"), output_set(tmp_path / "file" / "out", "run"):
        pass


@pytest.mark.slow
def test_killing_runs_never_leaves_a_mixed_set(tmp_path: Path, seed_path: Path) -> None:
    """30 runs killed with SIGKILL at random moments: the folder is always one whole set (or finishable)."""
    reports = []
    for i, body in enumerate(("Goris was shelled.", "Fighting near Lachin and Shusha.")):
        folder = tmp_path / f"reports{i}"
        folder.mkdir()
        shutil.copy(seed_path, folder / "seed.txt")
        (folder / "extra.txt").write_text(body, encoding="utf-8")
        reports.append(folder)
    out = tmp_path / "out"
    env = {**os.environ, "COLUMNS": "200"}
    command = [sys.executable, "-c", "from geomap.cli import app; app()", "run", "--no-base", "-o", str(out)]
    started = time.monotonic()
    subprocess.run([*command, str(reports[0])], check=True, env=env, capture_output=True)
    duration = time.monotonic() - started
    rng = random.Random(14)
    for kill in range(30):
        proc = subprocess.Popen(
            [*command, str(reports[kill % 2])], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.6, 1.05) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        problems = verify(out)
        assert not problems or (out / ".geomap-commit.json").exists(), problems
        recover(out)
        assert verify(out) == []
