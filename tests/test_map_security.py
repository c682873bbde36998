"""Text from reports, gazetteers and the command line is data in every map: never a template, never markup."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geomap.cli import app
from geomap.compare import compare_claims, timeline
from geomap.events import events_frame
from geomap.gazetteer import Gazetteer
from geomap.gazetteer.layers import MemoryLayer
from geomap.gazetteer.places import Place
from geomap.gazetteer.routes import routes_frame
from geomap.geoparse import Geoparser
from geomap.maps import render_comparison, render_map, render_sides, render_timeline
from geomap.pipeline import process_report
from geomap.reports import parse_report

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from branca.element import Element

#: Template syntax, markup and characters that end or bend strings and script blocks.
FRAGMENTS = (
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{# note #}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "<script>window.__pwned = 1</script>",
    "</script>",
    "<!--",
    '<img src=x onerror="window.__pwned = 2">',
    "<b>bold</b>",
    '"',
    "'",
    "\\",
    "\\u0022",
    "`${document.title}`",
    "\u2028",
    "\u2029",
)
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_JSON_BLOCK = re.compile(r'<script type="application/json" id="[^"]+">(.*?)</script>', re.DOTALL)


def _mkdir_payload(marker: Path) -> str:
    """A Jinja expression that creates ``marker`` if it is ever evaluated."""
    return "{{ cycler.__init__.__globals__.os.mkdir(%r) }}" % str(marker)  # noqa: UP031 - braces are the payload


def _junk(marker: Path) -> st.SearchStrategy[str]:
    pieces = st.one_of(
        st.sampled_from((*FRAGMENTS, _mkdir_payload(marker))),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
    )
    return st.lists(pieces, min_size=1, max_size=5).map(" ".join)


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def strings_in_page(html: str) -> Iterator[str]:
    """Every string inside the page's JSON data blocks."""

    def walk(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    for block in _JSON_BLOCK.findall(html):
        yield from walk(json.loads(block))


def assert_inert(html: str, texts: list[str], marker: Path) -> None:
    """Nothing was evaluated, every text is in the page's data as it is, and no data closes a script."""
    assert not marker.exists()
    assert html.count("<script") == html.count("</script>")
    shown = "\n".join(strings_in_page(html))
    for text in texts:
        assert text.strip() in shown


def _render(m: Element) -> str:
    return m.get_root().render()


@pytest.fixture(scope="module")
def curated_layers():
    return Gazetteer.default(base=False).layers


@settings(
    max_examples=15,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # a failing example is shown as found, unshrunk: quick in CI
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_hostile_reports_and_gazetteer_names_render_inert_in_every_map(data, curated_layers, tmp_path) -> None:
    marker = tmp_path / "TEMPLATE_PROBE"
    junk = _junk(marker)
    place_name = "Zarvanik " + _one_line(data.draw(junk, label="place name"))
    place_source = _one_line(data.draw(junk, label="place source"))
    hostile = Place(
        place_id="user:hostile:1",
        name=place_name,
        kind="populated place",
        lat=39.55,
        lon=46.35,
        layer="user:hostile",
        source=place_source,
        aliases=("Zarvanik",),
    )
    parser = Geoparser(Gazetteer([*curated_layers, MemoryLayer("user:hostile", [hostile])]))
    body_a = data.draw(junk, label="body A")
    body_b = data.draw(junk, label="body B")
    source = _one_line(data.draw(junk, label="source")).strip("\"' ") or "x"
    label_a, label_b = (f"{s} " + _one_line(data.draw(junk, label=f"label {s}")) for s in "ab")
    report_a = parse_report(
        f"---\nsource: {source}\nside: azerbaijan\ndate: 2020-09-27\n---\n"
        f"Azerbaijani forces took control of Zarvanik and Talish.\n\nGoris was shelled {body_a}, the ministry said.\n",
        report_id="a",
    )
    report_b = parse_report(
        f"---\nside: armenia\ndate: 2020-09-28\n---\n"
        f"Armenian units hold the village of Talish.\n\nKapan was shelled {body_b}.\n",
        report_id="b",
    )
    result_a, result_b = process_report(report_a, parser), process_report(report_b, parser)
    events = events_frame([*result_a.events, *result_b.events], gazetteer=parser.gazetteer)
    claims = gpd.GeoDataFrame(pd.concat([result_a.claims, result_b.claims], ignore_index=True), crs=4326)
    run_map = _render(
        render_map(events, claims=claims, routes=routes_frame(result_a.routes), cluster=data.draw(st.booleans()))
    )
    texts = [*events["sentence"], report_a.source, place_name, place_source]
    assert_inert(run_map, texts, marker)
    comparison = compare_claims(result_a.claims, result_b.claims, label_a=label_a, label_b=label_b)
    compare_map = _render(render_comparison(comparison, claims_a=result_a.claims, claims_b=result_b.claims))
    assert_inert(compare_map, [label_a, label_b, *claims["quote"]], marker)
    sides_map = _render(render_sides(comparison, claims_a=result_a.claims, claims_b=result_b.claims))
    assert_inert(sides_map, [label_a, label_b], marker)
    assert_inert(_render(render_timeline(timeline(claims))), list(claims["quote"]), marker)


HOSTILE_BODY = (
    "Goris was shelled {{ 7*7 }} {% raw %} overnight "
    "{{ cycler.__init__.__globals__.os.mkdir(dict(TEMPLATE_PROBE=1)|first) }}"
    ", the ministry said.\n\nArmenian units hold the village of Talish </script><script>window.__pwned = 1</script>.\n"
)


@pytest.fixture
def hostile_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "reports {{ 7*7 }}"
    folder.mkdir()
    (folder / "{{ 7*7 }}.txt").write_text(
        "---\ntitle: {{ 7*7 }}\nsource: {% raw %} {{ 7*7 }}\nside: armenia\ndate: 2020-09-28\n---\n" + HOSTILE_BODY,
        encoding="utf-8",
    )
    (folder / "seed.txt").write_text(
        "---\nside: azerbaijan\ndate: 2020-09-27\n---\nAzerbaijani forces took control of Talish, the ministry said.\n",
        encoding="utf-8",
    )
    return folder


def _invoke(*args: str) -> None:
    result = CliRunner().invoke(app, [*args, "--no-base"])
    assert result.exit_code == 0, result.output


def test_run_writes_report_template_syntax_literally(hostile_reports: Path, tmp_path: Path) -> None:
    _invoke("run", str(hostile_reports), "-o", "out")
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    assert not (tmp_path / "TEMPLATE_PROBE").exists()
    shown = "\n".join(strings_in_page(html))
    assert "Goris was shelled {{ 7*7 }} {% raw %} overnight" in shown
    assert "{% raw %} {{ 7*7 }}" in shown  # the source
    assert "{{ 7*7 }}" in shown  # the report id, from the file name


def test_compare_writes_hostile_labels_as_text(hostile_reports: Path, tmp_path: Path) -> None:
    label = '<img src=x onerror="window.__pwned = 1">{{ 7*7 }}'
    _invoke(
        "compare",
        str(hostile_reports / "seed.txt"),
        str(hostile_reports / "{{ 7*7 }}.txt"),
        "-o",
        "out",
        "--label-a",
        label,
        "--label-b",
        "{% raw %}",
    )
    html = (tmp_path / "out" / "compare.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html
    shown = "\n".join(strings_in_page(html))
    assert f"only {label}" in shown
    assert "only {% raw %}" in shown
    sides = (tmp_path / "out" / "compare-sides.html").read_text(encoding="utf-8")
    assert label in "\n".join(strings_in_page(sides))


def test_timeline_maps_a_report_with_raw_blocks(hostile_reports: Path, tmp_path: Path) -> None:
    _invoke("timeline", str(hostile_reports), "-o", "out")
    html = (tmp_path / "out" / "timeline.html").read_text(encoding="utf-8")
    assert not (tmp_path / "TEMPLATE_PROBE").exists()
    assert "window.__pwned = 1</script>" not in html
    assert any("</script><script>window.__pwned = 1</script>" in s for s in strings_in_page(html))
