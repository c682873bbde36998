"""Specification of geomap.scale: every core (a process pool) and past one machine (Dask), same outputs."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from typer.testing import CliRunner

from geomap import settings
from geomap.cli import app
from geomap.errors import MapError
from geomap.events.parse import _word_attributes, load_pipeline
from geomap.outputs import verify
from geomap.pipeline import batch_frames, process_report, process_reports, run
from geomap.reports import read_report, read_reports
from geomap.scale import ParserSpec, ProcessPool, report_mapper
from geomap.scale.chunks import join_frames
from geomap.scale.pool import _chunks
from geomap.scale.scratch import owned_folder, sweep

if TYPE_CHECKING:
    from collections.abc import Iterator

    from geomap.geoparse import Geoparser

REPO = Path(__file__).resolve().parent.parent
# The shared data sets sit beside the checkout (../shared) or beside the folder of worktrees (../../shared).
SHARED = next((d / "shared" for d in REPO.parents if (d / "shared").is_dir()), REPO.parent / "shared")
DATA_FILES = ("events.geojson", "claims.geojson", "routes.geojson", "places.csv")
_FOLIUM_ID = re.compile(rb"_[0-9a-f]{32}")  # folium names every map element with a random id


@pytest.fixture(scope="module")
def reports_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve report files: the seed, the examples and the dev-set reports, with two copies of some."""
    sources = sorted((REPO / "seeds").glob("*.txt")) + sorted((REPO / "examples").glob("*.txt"))
    sources += sorted((SHARED / "devset" / "reports").glob("*.txt"))
    folder = tmp_path_factory.mktemp("reports")
    for n in range(12):
        source = sources[n % len(sources)]
        (folder / f"{n:02d}-{source.name}").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def serial_run(reports_dir: Path, parser: Geoparser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of a run through the reports one after the other (with GeoParquet files)."""
    out = tmp_path_factory.mktemp("serial")
    run([reports_dir], out, parser, formats={"parquet"})
    return out


def _same_outputs(a: Path, b: Path) -> None:
    for name in DATA_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    html_a, html_b = ((d / "map.html").read_bytes() for d in (a, b))
    assert _FOLIUM_ID.sub(b"_id", html_a) == _FOLIUM_ID.sub(b"_id", html_b)


# --------------------------------------------------------------------------- process pool


def test_a_report_survives_pickling_with_its_front_matter(seed_path: Path) -> None:
    report = read_report(seed_path)
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    assert dict(again.meta) == dict(report.meta)
    with pytest.raises(TypeError):
        again.meta["side"] = "x"  # type: ignore[index]


def test_two_jobs_write_the_same_files_as_one(
    reports_dir: Path, serial_run: Path, parser: Geoparser, tmp_path: Path
) -> None:
    with ProcessPool(2, ParserSpec.current(), parser) as pool:
        run([reports_dir], tmp_path, parser, mapper=pool)
    _same_outputs(serial_run, tmp_path)


def test_a_map_that_fails_in_a_worker_leaves_the_last_outputs_as_they_were(
    reports_dir: Path, parser: Geoparser, tmp_path: Path
) -> None:
    run([reports_dir], tmp_path, parser)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with ProcessPool(2, ParserSpec.current(), parser) as pool, pytest.raises(MapError, match="no-such-tiles"):
        run([reports_dir], tmp_path, parser, mapper=pool, tiles="no-such-tiles")  # the map renders in a worker
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and p.name != ".geomap.lock"}
    assert after == {name: data for name, data in before.items() if name != ".geomap.lock"}


def test_the_progress_callback_sees_every_report_once(reports_dir: Path, parser: Geoparser, tmp_path: Path) -> None:
    seen: list[str] = []
    with ProcessPool(2, ParserSpec.current(), parser) as pool:
        batch = run([reports_dir], tmp_path, parser, progress=lambda r: seen.append(r.report_id), mapper=pool)
    assert sorted(seen) == sorted(r.report.report_id for r in batch.results)
    assert len(seen) == 12


def test_one_job_maps_in_batches_what_one_report_at_a_time_gives(reports_dir: Path, parser: Geoparser) -> None:
    reports = read_reports([reports_dir]).reports
    with ProcessPool(1, ParserSpec.current(), parser) as pool:
        batched = list(pool(reports))
    assert [i for i, _ in batched] == list(range(len(reports)))
    assert [r for _, r in batched] == [process_report(report, parser) for report in reports]


def test_results_come_back_in_report_order_whatever_order_workers_finish(reports_dir: Path, parser: Geoparser) -> None:
    reports = read_reports([reports_dir]).reports
    with ProcessPool(2, ParserSpec.current(), parser) as pool:
        indices = [i for i, _ in pool(reports)]
    assert sorted(indices) == list(range(len(reports)))


def test_workers_use_the_settings_of_the_process_that_started_them(
    reports_dir: Path, parser: Geoparser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "claim_max_geo_precision", 1)  # only claims on the named place itself
    serial = run([reports_dir], tmp_path / "serial", parser)
    with ProcessPool(2, ParserSpec.current(), parser) as pool:
        pooled = run([reports_dir], tmp_path / "pool", parser, mapper=pool)
    counts = [sum(len(r.claim_records) for r in b.results) for b in (serial, pooled)]
    assert counts[0] == counts[1]
    assert (tmp_path / "serial" / "claims.geojson").read_bytes() == (tmp_path / "pool" / "claims.geojson").read_bytes()


def test_batch_frames_hold_every_reports_rows_in_order(reports_dir: Path, parser: Geoparser) -> None:
    with ProcessPool(2, ParserSpec.current(), parser) as pool:
        results = sorted(pool(read_reports([reports_dir]).reports))
    frames = batch_frames([r for _, r in results], parser.gazetteer)
    assert frames.events["event_id"].tolist() == [e.event_id for _, r in results for e in r.events]
    assert len(frames.claims) == sum(len(r.claim_records) for _, r in results)
    assert frames.routes["report_id"].tolist() == [r.report.report_id for _, r in results for _ in r.routes]


def test_frames_built_per_report_and_joined_are_the_frames_of_the_whole_batch(
    reports_dir: Path, parser: Geoparser
) -> None:
    results = process_reports(read_reports([reports_dir]).reports, parser)
    whole = batch_frames(results, parser.gazetteer)
    joined = join_frames([batch_frames([r], parser.gazetteer) for r in results])  # many chunks lack some values
    for name in ("events", "claims", "routes"):
        assert_geodataframe_equal(getattr(joined, name), getattr(whole, name), check_less_precise=False)


def test_no_chunks_join_to_the_frames_of_no_reports() -> None:
    joined, empty = join_frames([]), batch_frames([], None)
    for name in ("events", "claims", "routes"):
        assert getattr(joined, name).columns.tolist() == getattr(empty, name).columns.tolist()
        assert getattr(joined, name).empty


def test_chunks_shrink_to_single_reports_so_workers_finish_together() -> None:
    sizes = [len(chunk) for chunk in _chunks(list(range(500)), 2)]
    assert sum(sizes) == 500
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > 1
    assert sizes[-4:] == [1, 1, 1, 1]


def test_a_workers_spec_loads_the_spacy_pipeline_once_when_it_builds_the_parser() -> None:
    load_pipeline.cache_clear()
    _word_attributes.cache_clear()  # its tables hold the strings of the pipeline they were made from
    ParserSpec.current(base=False).build()
    assert load_pipeline.cache_info().currsize == 1
    assert load_pipeline.cache_info().misses == 1


def test_a_forked_worker_keeps_the_geoparser_it_inherits(parser: Geoparser) -> None:
    assert ParserSpec.current().build(parser) is parser


def test_geomap_run_with_jobs_writes_what_one_job_writes(reports_dir: Path, serial_run: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(reports_dir), "-o", str(tmp_path), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    _same_outputs(serial_run, tmp_path)


_POOL_THEN_WAIT = """
import sys, time
from geomap.reports import parse_report
from geomap.scale import ParserSpec, ProcessPool
with ProcessPool(2, ParserSpec.current(base=False)) as mapper:
    list(mapper([parse_report("Goris was shelled.", report_id=f"r{n}") for n in range(4)]))
    print(" ".join(str(p) for p in mapper._pool._processes), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").split()[2] if Path(f"/proc/{pid}").exists() else "X"
    return state != "Z"


def test_workers_end_when_the_process_that_started_them_is_killed() -> None:
    with subprocess.Popen([sys.executable, "-c", _POOL_THEN_WAIT], stdout=subprocess.PIPE, text=True) as parent:
        assert parent.stdout is not None
        workers = [int(p) for p in parent.stdout.readline().split()]
        parent.kill()
    assert len(workers) == 2
    for _ in range(200):  # each worker checks its parent every second
        if not any(_alive(p) for p in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def test_zero_jobs_is_refused_with_one_line(reports_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(reports_dir), "-o", str(tmp_path), "--jobs", "0"])
    assert result.exit_code != 0
    assert "--jobs" in result.output


# --------------------------------------------------------------------------- Dask


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_workers(address: str, n: int) -> None:
    import distributed  # noqa: PLC0415

    with distributed.Client(address, timeout="60s") as client:
        client.wait_for_workers(n, timeout=120)


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A real `dask scheduler` and two `dask worker` processes on 127.0.0.1, stopped afterwards."""
    pytest.importorskip("distributed")
    dask_cli = [sys.executable, "-m", "dask"]  # this interpreter: a launcher script may name another one
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    # The workers get the allocator setting a Dask nanny gives its worker (geomap.scale.malloc undoes it).
    env = {**os.environ, "DASK_LOGGING__DISTRIBUTED": "warning", "MALLOC_TRIM_THRESHOLD_": "65536"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    scheduler = subprocess.Popen(
        [*dask_cli, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
    )
    workers = [
        subprocess.Popen(
            [*dask_cli, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard", "--no-nanny"],
            **quiet,
        )
        for _ in range(2)
    ]
    try:
        _wait_for_workers(address, 2)
        yield address
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        deadline = time.monotonic() + 30
        for process in [*workers, scheduler]:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def dask_run(
    dask_scheduler: str, reports_dir: Path, parser: Geoparser, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The outputs of a run on the two-worker cluster."""
    out = tmp_path_factory.mktemp("dask")
    with report_mapper(jobs=None, dask=dask_scheduler, out_dir=out, base=None, parser=parser) as mapper:
        run([reports_dir], out, parser, mapper=mapper)
    return out


def test_a_dask_run_writes_the_same_files_as_a_local_run(dask_run: Path, serial_run: Path) -> None:
    _same_outputs(serial_run, dask_run)


def test_a_dask_run_writes_events_and_claims_as_partitioned_geoparquet(dask_run: Path, serial_run: Path) -> None:
    for name in ("events", "claims"):
        parts = sorted((dask_run / f"{name}.parquet").glob("*.parquet"))
        assert len(parts) > 1
        written = gpd.read_parquet(dask_run / f"{name}.parquet")
        local = gpd.read_file(serial_run / f"{name}.geojson")
        assert written.crs.to_epsg() == 4326
        assert written[f"{name[:-1]}_id"].tolist() == local[f"{name[:-1]}_id"].tolist()
        a, b = written.geometry.to_numpy(), local.geometry.to_numpy()  # GeoJSON: 6 decimals, right-hand rings
        missing = shapely.is_missing(a)
        assert (missing == shapely.is_missing(b)).all()
        assert (shapely.hausdorff_distance(a[~missing], b[~missing]) < 1e-5).all()


def test_a_dask_run_gives_the_same_events_and_claims_as_a_local_run(dask_run: Path, serial_run: Path) -> None:
    for name in ("events", "claims"):
        on_dask = gpd.read_parquet(dask_run / f"{name}.parquet")
        local = gpd.read_parquet(serial_run / f"{name}.parquet")
        pd.testing.assert_frame_equal(on_dask.drop(columns="geometry"), local.drop(columns="geometry"))
        assert on_dask.geometry.geom_equals_exact(local.geometry, tolerance=0).all()


def test_a_dask_runs_geoparquet_is_part_of_its_output_set(dask_run: Path) -> None:
    listed = json.loads((dask_run / "manifest.json").read_text(encoding="utf-8"))["files"]
    for name in ("events", "claims"):
        parts = {p.relative_to(dask_run).as_posix() for p in (dask_run / f"{name}.parquet").glob("*.parquet")}
        assert parts
        assert parts <= set(listed)
    assert not [p.name for p in dask_run.iterdir() if p.name.startswith(".geomap-dask-")]
    assert verify(dask_run) == []


def test_a_partitions_schema_is_the_one_geopandas_writes_its_frames_with(reports_dir: Path, parser: Geoparser) -> None:
    pytest.importorskip("distributed")
    from geomap.scale.cluster import FRAMES, _schema_of  # noqa: PLC0415 - needs the dask extra

    frames = batch_frames(process_reports(read_reports([reports_dir]).reports[:3], parser), parser.gazetteer)
    for which in FRAMES:
        frame = getattr(frames, which)
        assert _schema_of(frame) == pa.table(frame.to_arrow(index=False)).schema.remove_metadata()


def test_the_geoparquet_keeps_the_columns_types(dask_run: Path) -> None:
    events = gpd.read_parquet(dask_run / "events.parquet")
    assert pd.api.types.is_integer_dtype(events["start"])
    assert pd.api.types.is_float_dtype(events["lat"])


def test_dask_workers_open_the_gazetteer_once_each(dask_scheduler: str, dask_run: Path) -> None:
    import distributed  # noqa: PLC0415

    def parser_id(dask_worker: distributed.Worker) -> int:
        return id(dask_worker.plugins["geomap-geoparser"].parser)

    with distributed.Client(dask_scheduler) as client:
        before = client.run(parser_id)
        again = client.run(parser_id)
    assert len(before) == 2
    assert before == again


def test_dask_workers_started_with_the_nannys_trim_threshold_keep_freed_memory(
    dask_scheduler: str, dask_run: Path
) -> None:
    import distributed  # noqa: PLC0415

    def kept(dask_worker: distributed.Worker) -> bool:
        return bool(dask_worker.plugins["geomap-geoparser"].kept_freed_memory)

    with distributed.Client(dask_scheduler) as client:
        assert list(client.run(kept).values()) == [True, True]


@pytest.mark.parametrize(("trim", "kept"), [("65536", "True"), (None, "False")])
def test_the_allocator_is_set_back_only_in_a_process_started_with_a_trim_threshold(trim: str | None, kept: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    if trim is not None:
        env["MALLOC_TRIM_THRESHOLD_"] = trim
    code = "from geomap.scale.malloc import keep_freed_memory; print(keep_freed_memory())"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == kept


@pytest.mark.slow
def test_geomap_run_on_a_local_dask_cluster_writes_what_a_local_run_writes(
    reports_dir: Path, serial_run: Path, tmp_path: Path
) -> None:
    args = ["run", str(reports_dir), "-o", str(tmp_path), "--dask", "local", "--jobs", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    _same_outputs(serial_run, tmp_path)
    assert (tmp_path / "events.parquet").is_dir()


# --------------------------------------------------------------------------- work folders of a killed run

_HOLD_A_FOLDER = """
import sys, time
from pathlib import Path
from geomap.scale.scratch import owned_folder
with owned_folder(Path(sys.argv[1]), ".geomap-dask-") as work:
    (work / "part.00000.parquet").write_text("x")
    print(work, flush=True)
    time.sleep(600)
"""


@contextlib.contextmanager
def _holding_a_folder(parent: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A process that made its work folder in ``parent`` and waits; killed at the end if still there."""
    command = [sys.executable, "-c", _HOLD_A_FOLDER, str(parent)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        try:
            yield process, Path(process.stdout.readline().strip())
        finally:
            process.kill()


def test_a_run_stopped_with_sigterm_removes_its_work_folder(tmp_path: Path) -> None:
    with _holding_a_folder(tmp_path) as (process, work):
        assert work.is_dir()
        process.terminate()
        assert process.wait(timeout=60) != 0
    assert not work.exists()


def test_the_next_run_removes_the_work_folder_of_a_killed_one(tmp_path: Path) -> None:
    with _holding_a_folder(tmp_path) as (process, work):
        process.kill()
        process.wait(timeout=60)
    assert work.is_dir()  # SIGKILL: nothing could run
    with owned_folder(tmp_path, ".geomap-dask-") as mine:
        assert not work.exists()
        assert mine.is_dir()
    assert list(tmp_path.iterdir()) == []


def test_a_live_runs_work_folder_is_left_alone(tmp_path: Path) -> None:
    with _holding_a_folder(tmp_path) as (_, work):
        assert sweep(tmp_path, ".geomap-dask-") == []
        assert work.is_dir()


@pytest.mark.slow
def test_a_dask_run_stopped_with_sigterm_leaves_no_work_folders(reports_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    command = [sys.executable, "-m", "geomap", "run", str(reports_dir), "-o", str(out), "--dask", "local", "-j", "1"]
    env = {**os.environ, "TMPDIR": str(scratch)}
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        for _ in range(1200):  # the cluster is up and mapping once the run's work folder is there
            if list(out.glob(".geomap-dask-*")) or process.poll() is not None:
                break
            time.sleep(0.1)
        assert list(scratch.glob("geomap-dask-*")), "the LocalCluster's scratch space is in the run's own folder"
        process.terminate()
        process.wait(timeout=120)
    assert not list(out.glob(".geomap-dask-*"))
    assert not list(scratch.glob("geomap-dask-*"))
