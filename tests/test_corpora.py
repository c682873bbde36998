"""Tests for geomap.corpora: reading gold corpora (JSONL and the public XML corpora)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from geomap.corpora import (
    GoldDocument,
    GoldToponym,
    read_corpus,
    read_geovirus,
    read_gwn,
    read_jsonl,
    read_lgl,
    read_trnews,
)
from geomap.errors import ReportFormatError

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEVSET = SHARED / "devset" / "devset.jsonl"
LGL = SHARED / "bench" / "lgl.jsonl"
GEOVIRUS = SHARED / "bench" / "geovirus.jsonl"

needs_devset = pytest.mark.skipif(not DEVSET.exists(), reason=f"dev set not found at {DEVSET} (../shared is absent)")
needs_bench = pytest.mark.skipif(not LGL.exists(), reason=f"benchmark corpora not found in {LGL.parent}")

GOOD_DOC = {
    "id": "r1",
    "text": "Shelling hit Terter and Barda road.",
    "toponyms": [
        {"start": 13, "end": 19, "surface": "Terter", "lat": 40.34, "lon": 47.15, "tolerance_km": 5, "extra": 1},
        {"start": 24, "end": 29, "lat": 40.37, "lon": 47.13, "geonameid": 587057, "name": "Barda"},
    ],
    "neutral": [{"start": 24, "end": 34, "reason": "road"}],
    "meta": {"source": "test", "date": "2020-10-04"},
    "title": "Shelling",
}


def write_jsonl(path: Path, *rows: object) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def assert_offsets_hold(docs: list[GoldDocument]) -> None:
    for doc in docs:
        for top in doc.toponyms:
            assert doc.text[top.start : top.end] == top.surface
        for start, end in doc.neutral:
            assert 0 <= start < end <= len(doc.text)


# --------------------------------------------------------------------------- values


def test_gold_toponym_rejects_latitude_out_of_range():
    with pytest.raises(ReportFormatError, match="latitude"):
        GoldToponym(0, 4, "Baku", 91.0, 49.0)


def test_gold_toponym_rejects_one_coordinate_without_the_other():
    with pytest.raises(ReportFormatError, match="both"):
        GoldToponym(0, 4, "Baku", 40.0, None)


def test_gold_toponym_rejects_empty_span():
    with pytest.raises(ReportFormatError, match="empty"):
        GoldToponym(4, 4, "", 40.0, 49.0)


def test_gold_document_rejects_surface_that_is_not_the_text_of_its_span():
    with pytest.raises(ReportFormatError, match="not the text of its span"):
        GoldDocument("d", "Baku", (GoldToponym(0, 4, "Bakü", 40.0, 49.0),))


def test_gold_document_sorts_toponyms_and_freezes_meta():
    doc = GoldDocument(
        "d",
        "Baku, Ganja",
        (GoldToponym(6, 11, "Ganja", 40.68, 46.36), GoldToponym(0, 4, "Baku", 40.38, 49.89)),
        meta={"side": "az"},
    )
    assert [t.surface for t in doc.toponyms] == ["Baku", "Ganja"]
    with pytest.raises(TypeError):
        doc.meta["side"] = "am"  # type: ignore[index]


# --------------------------------------------------------------------------- JSONL


def test_jsonl_reads_toponyms_neutral_spans_and_meta(tmp_path):
    (doc,) = read_jsonl(write_jsonl(tmp_path / "gold.jsonl", GOOD_DOC))
    assert doc.id == "r1"
    assert [(t.surface, t.tolerance_km, t.geonameid, t.name) for t in doc.toponyms] == [
        ("Terter", 5, None, None),
        ("Barda", None, 587057, "Barda"),
    ]
    assert doc.neutral == ((24, 34),)
    assert dict(doc.meta) == {"source": "test", "date": "2020-10-04", "title": "Shelling"}


def test_jsonl_surface_defaults_to_text_of_span(tmp_path):
    (doc,) = read_jsonl(write_jsonl(tmp_path / "gold.jsonl", GOOD_DOC))
    assert doc.toponyms[1].surface == "Barda"


def test_jsonl_skips_blank_lines(tmp_path):
    docs = read_jsonl(write_jsonl(tmp_path / "gold.jsonl", "", GOOD_DOC, "   "))
    assert len(docs) == 1


def test_jsonl_toponym_with_null_coordinates_is_recognition_only(tmp_path):
    row = {"id": "a", "text": "In Agdara.", "toponyms": [{"start": 3, "end": 9, "lat": None, "lon": None}]}
    (doc,) = read_jsonl(write_jsonl(tmp_path / "gold.jsonl", row))
    assert not doc.toponyms[0].has_coordinates


def bad_toponym(**changes: object) -> dict[str, object]:
    top = {"start": 3, "end": 9, "surface": "Agdara", "lat": 40.2, "lon": 46.8} | changes
    return {"id": "bad", "text": "In Agdara.", "toponyms": [top]}


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ('{"id": "bad", "text": ', "invalid JSON"),
        ("[1, 2]", "JSON object"),
        ({"id": "bad", "toponyms": []}, "'text' must be a string"),
        ({"text": "x"}, "'id'"),
        (bad_toponym(end=99), "ends after the text"),
        (bad_toponym(start=9, end=3), "empty or negative"),
        (bad_toponym(start=3.0), "integers"),
        (bad_toponym(start=-1), "empty or negative"),
        (bad_toponym(lat=140.2), "latitude"),
        (bad_toponym(lon=-200), "longitude"),
        (bad_toponym(lat=float("nan")), "finite"),
        (bad_toponym(lat="40.2"), "number"),
        (bad_toponym(surface="Aghdara"), "not the text of its span"),
        (bad_toponym(tolerance_km=-5), "tolerance_km"),
        ({"id": "bad", "text": "In Agdara.", "toponyms": [], "neutral": [{"start": 3, "end": 30}]}, "neutral span"),
        (GOOD_DOC, "repeated"),
    ],
)
def test_jsonl_bad_line_error_names_file_and_line(tmp_path, row, reason):
    path = write_jsonl(tmp_path / "gold.jsonl", GOOD_DOC, row)
    with pytest.raises(ReportFormatError, match=reason) as caught:
        read_jsonl(path)
    assert caught.value.line == 2
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}:2: ")


def test_jsonl_collect_skips_bad_lines_and_returns_their_errors(tmp_path):
    path = write_jsonl(tmp_path / "gold.jsonl", bad_toponym(lat=99), GOOD_DOC, "{oops")
    docs, problems = read_jsonl(path, errors="collect")
    assert [d.id for d in docs] == ["r1"]
    assert [p.line for p in problems] == [1, 3]
    assert all(isinstance(p, ReportFormatError) and str(p).startswith(f"{path}:") for p in problems)


def test_jsonl_rejects_unknown_errors_mode(tmp_path):
    with pytest.raises(ValueError, match="errors"):
        read_jsonl(write_jsonl(tmp_path / "gold.jsonl", GOOD_DOC), errors="ignore")  # type: ignore[call-overload]


def test_jsonl_file_that_is_not_utf8_raises_naming_the_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"id": "a", "text": "\xff"}\n')
    with pytest.raises(ReportFormatError, match="UTF-8") as caught:
        read_jsonl(path)
    assert caught.value.path == str(path)


# --------------------------------------------------------------------------- XML


def test_lgl_reader_parses_fixture_with_right_offsets():
    docs = read_lgl(DATA / "lgl_sample.xml")
    assert [d.id for d in docs] == ["5001", "5002"]
    assert_offsets_hold(docs)
    first = docs[0]
    assert [(t.surface, t.geonameid, t.lat, t.lon) for t in first.toponyms] == [
        ("Pineville", 4337291, 31.3224, -92.4343),
        ("Rapides Parish", 4338356, 31.1669, -92.4835),
        ("Alexandria", 4314550, 31.3113, -92.4451),
    ]
    assert first.meta["title"] == "Flood closes bridge in Pineville"
    assert [t.surface for t in docs[1].toponyms] == ["Natchitoches", "Shreveport"]


def test_lgl_toponym_without_gaztag_is_neutral():
    doc = read_lgl(DATA / "lgl_sample.xml")[0]
    assert [doc.text[s:e] for s, e in doc.neutral] == ["Main Street"]


def test_trnews_reader_parses_fixture_with_right_offsets():
    (doc,) = read_trnews(DATA / "TR-News_sample.xml")
    assert_offsets_hold([doc])
    assert doc.id == "9001"
    assert [(t.surface, t.name) for t in doc.toponyms] == [
        ("Leeds", "Leeds"),
        ("Greek", "Greece"),
        ("Yorkshire", "Yorkshire"),
    ]
    assert [doc.text[s:e] for s, e in doc.neutral] == ["Kirkgate"]
    assert doc.meta["url"] == "http://example.org/market"


def test_geovirus_off_by_one_offsets_are_repaired_against_the_surface(caplog):
    with caplog.at_level(logging.INFO, logger="geomap.corpora"):
        docs = read_geovirus(DATA / "GeoVirus_sample.xml")
    assert_offsets_hold(docs)
    assert [[(t.start, t.end, t.surface) for t in d.toponyms] for d in docs] == [
        [(20, 26, "Kisumu"), (28, 33, "Kenya")],
        [(4, 6, "US"), (36, 41, "Texas")],
    ]
    assert "repaired 3 off-by-one spans" in caplog.text


def test_geovirus_articles_are_numbered_and_alt_name_is_the_name():
    docs = read_geovirus(DATA / "GeoVirus_sample.xml")
    assert [d.id for d in docs] == ["gv0000", "gv0001"]
    assert docs[1].toponyms[0].name == "United States"
    assert docs[0].meta["source"] == "https://example.org/cholera"


def geovirus_xml(tmp_path: Path, start: int, end: int, name: str = "Lima") -> Path:
    path = tmp_path / "GeoVirus.xml"
    path.write_text(
        "<articles><article><text>Flu cases in Lima rose.</text><locations><location>"
        f"<name>{name}</name><start>{start}</start><end>{end}</end><lat>-12.04</lat><lon>-77.03</lon>"
        "</location></locations></article></articles>",
        encoding="utf-8",
    )
    return path


def test_geovirus_span_that_no_shift_repairs_is_kept_with_a_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="geomap.corpora"):
        (doc,) = read_geovirus(geovirus_xml(tmp_path, 13, 17, name="Lyon"))
    assert [(t.start, t.end, t.surface) for t in doc.toponyms] == [(13, 17, "Lima")]
    assert "kept as annotated" in caplog.text


def test_xml_span_outside_the_text_is_skipped_with_a_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="geomap.corpora"):
        (doc,) = read_geovirus(geovirus_xml(tmp_path, 40, 44))
    assert doc.toponyms == ()
    assert "outside the text" in caplog.text


def test_gwn_reads_toponym_types_and_drops_expressions():
    (doc,) = read_gwn(DATA / "GWN_sample.xml")
    assert_offsets_hold([doc])
    assert doc.id == "gwn0000"
    assert [(t.surface, t.geonameid) for t in doc.toponyms] == [
        ("Dutch", 2750405),
        ("Oudegracht", None),
        ("Utrecht", 2745912),
        ("University of Utrecht", None),
        ("Utrecht", 2745912),
    ]
    assert "Residents" not in {t.surface for t in doc.toponyms}


def test_gwn_toponym_without_coordinates_is_neutral():
    (doc,) = read_gwn(DATA / "GWN_sample.xml")
    assert [doc.text[s:e] for s, e in doc.neutral] == ["Hoog Catharijne"]


def test_gwn_span_annotated_twice_keeps_the_annotation_with_coordinates():
    (doc,) = read_gwn(DATA / "GWN_sample.xml")
    university = [t for t in doc.toponyms if t.surface == "University of Utrecht"]
    assert len(university) == 1
    assert university[0].lat == 52.0855


def test_gwn_types_outside_the_chosen_ones_become_neutral():
    (doc,) = read_gwn(DATA / "GWN_sample.xml", types={"Literal"})
    assert [t.surface for t in doc.toponyms] == ["Oudegracht", "Utrecht"]
    assert [doc.text[s:e] for s, e in doc.neutral] == ["Dutch", "University of Utrecht", "Utrecht", "Hoog Catharijne"]


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("lgl_sample.xml", read_lgl),
        ("TR-News_sample.xml", read_trnews),
        ("GeoVirus_sample.xml", read_geovirus),
        ("GWN_sample.xml", read_gwn),
    ],
)
def test_read_corpus_picks_the_reader_from_the_content(name, reader):
    assert read_corpus(DATA / name) == reader(DATA / name)


def test_read_corpus_reads_jsonl_by_extension(tmp_path):
    docs = read_corpus(write_jsonl(tmp_path / "gold.jsonl", GOOD_DOC))
    assert [d.id for d in docs] == ["r1"]


def test_read_corpus_honours_an_explicit_format():
    docs = read_corpus(DATA / "lgl_sample.xml", format="trnews")
    assert [d.id for d in docs] == ["5001", "5002"]


def test_read_corpus_rejects_an_unknown_format():
    with pytest.raises(ReportFormatError, match="unknown corpus format"):
        read_corpus(DATA / "lgl_sample.xml", format="conll")


def test_read_corpus_rejects_xml_it_cannot_recognise(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<articles><article><body>text</body></article></articles>", encoding="utf-8")
    with pytest.raises(ReportFormatError, match="cannot tell"):
        read_corpus(path)


def test_malformed_xml_error_names_file_and_line(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text("<articles>\n<article docid='1'>\n<text>x</text>\n</articles>\n", encoding="utf-8")
    with pytest.raises(ReportFormatError, match="not well-formed") as caught:
        read_lgl(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 4


def test_xml_offset_that_is_not_a_number_raises(tmp_path):
    path = tmp_path / "GeoVirus.xml"
    path.write_text(
        "<articles><article><text>In Lima.</text><locations><location><name>Lima</name>"
        "<start>three</start><end>7</end><lat>1</lat><lon>2</lon></location></locations></article></articles>",
        encoding="utf-8",
    )
    with pytest.raises(ReportFormatError, match="start must be an integer"):
        read_geovirus(path)


# --------------------------------------------------------------------------- shared corpora


@needs_devset
def test_devset_has_six_documents_and_116_toponyms():
    docs = read_jsonl(DEVSET)
    assert len(docs) == 6
    assert sum(len(d.toponyms) for d in docs) == 116
    assert all(t.tolerance_km is not None for d in docs for t in d.toponyms)
    assert_offsets_hold(docs)


@needs_bench
def test_lgl_bench_has_588_documents_4462_toponyms_and_626_neutral_spans():
    docs = read_corpus(LGL)
    assert len(docs) == 588
    assert sum(len(d.toponyms) for d in docs) == 4462
    assert sum(len(d.neutral) for d in docs) == 626
    assert_offsets_hold(docs)


@needs_bench
def test_geovirus_bench_has_229_documents_and_2167_toponyms():
    docs = read_jsonl(GEOVIRUS)
    assert len(docs) == 229
    assert sum(len(d.toponyms) for d in docs) == 2167
    assert_offsets_hold(docs)


def test_a_span_annotated_twice_is_refused() -> None:
    twice = (GoldToponym(0, 5, "Goris", 39.5, 46.3), GoldToponym(0, 5, "Goris", 39.5, 46.3))
    with pytest.raises(ReportFormatError, match=r"toponym 'Goris' \[0, 5\) is annotated twice"):
        GoldDocument("d", "Goris was shelled.", twice)
