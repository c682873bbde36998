"""Specification of geomap.reports: reading report files and their front matter."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from geomap.errors import GeomapError, ReportFormatError
from geomap.reports import parse_report, read_report, read_reports

FULL_HEAD = (
    "---\n"
    "title: Azerbaijani army advances\n"
    "source: MoD Azerbaijan\n"
    "url: https://mod.gov.az/en/news/1\n"
    "date: 2020-09-27\n"
    "side: Azerbaijan\n"
    "author: press office\n"
    "---\n"
)
BODY = "Murov was taken.\nFighting near Talysh.\n"


# Front matter


def test_front_matter_fills_every_known_field():
    report = parse_report(FULL_HEAD + BODY, report_id="r1")
    assert (report.title, report.source, report.url, report.date, report.side) == (
        "Azerbaijani army advances",
        "MoD Azerbaijan",
        "https://mod.gov.az/en/news/1",
        dt.date(2020, 9, 27),
        "azerbaijan",
    )


def test_every_front_matter_pair_is_kept_in_meta():
    report = parse_report(FULL_HEAD + BODY, report_id="r1")
    assert report.meta["author"] == "press office"
    assert report.meta["side"] == "Azerbaijan"


def test_front_matter_keys_are_case_insensitive():
    report = parse_report("---\nTitle: Shusha\n---\nBody.\n", report_id="r")
    assert report.title == "Shusha"


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ('title: "Fall of Shusha"', "Fall of Shusha"),
        ("title: 'Fall of Shusha'", "Fall of Shusha"),
        ("title:   Fall of Shusha   ", "Fall of Shusha"),
    ],
)
def test_front_matter_values_lose_quotes_and_surrounding_space(line, value):
    report = parse_report(f"---\n{line}\n---\nBody.\n", report_id="r")
    assert report.title == value


def test_comment_and_blank_lines_in_front_matter_are_ignored():
    report = parse_report("---\n# written by hand\n\ntitle: Shusha\n---\nBody.\n", report_id="r")
    assert dict(report.meta) == {"title": "Shusha"}


@pytest.mark.parametrize(
    ("value", "date", "precision"),
    [
        ("2020-09-27", dt.date(2020, 9, 27), "day"),
        ("2020-09", dt.date(2020, 9, 1), "month"),
        ("2020", dt.date(2020, 1, 1), "year"),
        ('"2020-11-10"', dt.date(2020, 11, 10), "day"),
    ],
)
def test_date_is_read_with_its_precision(value, date, precision):
    report = parse_report(f"---\ndate: {value}\n---\nBody.\n", report_id="r")
    assert (report.date, report.date_precision) == (date, precision)


def test_report_without_date_has_no_date_and_no_precision():
    report = parse_report("---\ntitle: Shusha\n---\nBody.\n", report_id="r")
    assert (report.date, report.date_precision) == (None, None)


@pytest.mark.parametrize("value", ["27/09/2020", "2020-13-01", "2020-02-30", "September 2020"])
def test_bad_date_is_a_format_error_naming_file_and_line(value):
    raw = f"---\ntitle: Shusha\ndate: {value}\n---\nBody.\n"
    with pytest.raises(ReportFormatError, match=r"^reports/a\.txt:3: .*date") as info:
        parse_report(raw, report_id="a", path="reports/a.txt")
    assert (info.value.path, info.value.line) == ("reports/a.txt", 3)


def test_bad_date_line_is_the_date_keys_own_line():
    raw = "---\ndateline: Baku\ndate: 2020-13-01\n---\nBody.\n"
    with pytest.raises(ReportFormatError) as info:
        parse_report(raw, report_id="a", path="a.txt")
    assert info.value.line == 3


def test_unclosed_front_matter_is_a_format_error_at_line_one():
    with pytest.raises(ReportFormatError, match="never closed") as info:
        parse_report("---\ntitle: Shusha\nside: armenia\n", report_id="a", path="a.txt")
    assert info.value.line == 1


def test_front_matter_line_that_is_not_key_value_is_a_format_error_with_its_line_number():
    raw = "---\ntitle: Shusha\nthis line has no colon\n---\nBody.\n"
    with pytest.raises(ReportFormatError, match=r"^a\.txt:3: .*key: value") as info:
        parse_report(raw, report_id="a", path="a.txt")
    assert info.value.line == 3


def test_text_without_front_matter_is_all_body():
    raw = "title: not front matter\nMurov was taken.\n"
    report = parse_report(raw, report_id="r")
    assert report.text == raw
    assert dict(report.meta) == {}


def test_dashes_after_the_first_line_do_not_open_front_matter():
    raw = "Murov was taken.\n---\ntitle: x\n---\n"
    assert parse_report(raw, report_id="r").text == raw


def test_byte_order_mark_is_stripped_before_front_matter():
    report = parse_report("\ufeff---\ntitle: Shusha\n---\nBody.\n", report_id="r")
    assert (report.title, report.text) == ("Shusha", "Body.\n")


def test_byte_order_mark_is_stripped_from_a_body_without_front_matter():
    assert parse_report("\ufeffBody.\n", report_id="r").text == "Body.\n"


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("---\ntitle: x\n---\n", "Murov was taken.\n"),
        ("---\r\ntitle: x\r\n---\r\n", "Murov was taken.\r\nTalysh too.\r\n"),
        ("---\ntitle: x\n---  \n", "\n\n  Indented first line.\n"),
        ("---\n---\n", "Empty front matter."),
    ],
)
def test_body_is_exactly_the_text_after_the_closing_dashes(head, body):
    assert parse_report(head + body, report_id="r").text == body


def test_front_matter_with_an_empty_body_is_a_format_error():
    with pytest.raises(ReportFormatError, match="no text"):
        parse_report("---\ntitle: Shusha\n---\n\n  \n", report_id="r", path="a.txt")


# read_report


def test_read_report_names_the_report_after_its_file(write_file):
    path = write_file("2020-09-27-murov.txt", FULL_HEAD + BODY)
    report = read_report(path)
    assert (report.report_id, report.path, report.text) == ("2020-09-27-murov", str(path), BODY)


def test_read_report_reads_the_seed(seed):
    assert seed.text.strip()
    assert seed.date is not None


def test_missing_file_is_rejected_with_its_path(tmp_path):
    path = tmp_path / "missing.txt"
    with pytest.raises(ReportFormatError, match="cannot read") as info:
        read_report(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", ["", "   \n\t\n  "], ids=["empty", "whitespace"])
def test_empty_file_is_rejected_with_its_path(write_file, content):
    path = write_file("empty.txt", content)
    with pytest.raises(ReportFormatError, match="empty") as info:
        read_report(path)
    assert str(path) in str(info.value)


def test_binary_file_is_rejected_with_its_path(write_file):
    path = write_file("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ReportFormatError, match="binary") as info:
        read_report(path)
    assert str(path) in str(info.value)


def test_non_utf8_file_is_rejected_naming_its_path_byte_and_line(write_file):
    data = "Ganja was shelled.\nCafé in Füzuli\n".encode("latin-1")
    path = write_file("latin1.txt", data)
    with pytest.raises(ReportFormatError, match="not UTF-8") as info:
        read_report(path)
    offset = data.index("é".encode("latin-1"))
    assert f"byte {offset} " in str(info.value)
    assert f"{path}:2:" in str(info.value)
    assert info.value.line == 2


def test_file_larger_than_max_bytes_is_rejected_with_its_path(write_file):
    path = write_file("long.txt", "Murov was taken.\n" * 4)
    with pytest.raises(ReportFormatError, match="more than the 20 allowed") as info:
        read_report(path, max_bytes=20)
    assert str(path) in str(info.value)


def test_file_of_exactly_max_bytes_is_read(write_file):
    path = write_file("short.txt", "Murov was taken.\n")
    assert read_report(path, max_bytes=path.stat().st_size).text == "Murov was taken.\n"


def test_bad_front_matter_in_a_file_names_the_file(write_file):
    path = write_file("bad.txt", "---\ntitle: Shusha\n")
    with pytest.raises(ReportFormatError) as info:
        read_report(path)
    assert info.value.path == str(path)


# Errors


def test_report_format_error_is_a_value_error_and_a_geomap_error():
    assert issubclass(ReportFormatError, ValueError)
    assert issubclass(ReportFormatError, GeomapError)


def test_report_format_error_is_caught_as_value_error(write_file):
    path = write_file("empty.txt", "")
    with pytest.raises(ValueError, match="empty"):
        read_report(path)


# read_reports


def test_one_bad_file_among_good_ones_loses_nothing(write_file, tmp_path):
    write_file("reports/a.txt", "Murov was taken.\n")
    write_file("reports/b.md", "Talysh was shelled.\n")
    bad = write_file("reports/c.txt", b"\x00\x01\x02")
    batch = read_reports([tmp_path / "reports"])
    assert [r.report_id for r in batch.reports] == ["a", "b"]
    assert [e.path for e in batch.errors] == [str(bad)]


def test_read_reports_reads_only_txt_and_md_files_in_a_folder(write_file, tmp_path):
    write_file("reports/a.txt", "Murov was taken.\n")
    write_file("reports/B.MD", "Talysh was shelled.\n")
    write_file("reports/places.csv", "name,lat,lon\n")
    write_file("reports/photo.jpg", b"\xff\xd8\x00\x00")
    write_file("reports/notes", "Not a report.\n")
    batch = read_reports([tmp_path / "reports"])
    assert sorted(r.report_id for r in batch.reports) == ["B", "a"]
    assert batch.errors == ()


def test_read_reports_takes_files_and_folders_together(write_file, tmp_path):
    single = write_file("single.txt", "Hadrut was taken.\n")
    write_file("reports/a.txt", "Murov was taken.\n")
    batch = read_reports([single, tmp_path / "reports"])
    assert [r.report_id for r in batch.reports] == ["single", "a"]


def test_missing_file_given_to_read_reports_is_an_error_not_an_exception(tmp_path):
    batch = read_reports([tmp_path / "missing.txt"])
    assert (batch.reports, len(batch.errors)) == ((), 1)


def test_reports_with_the_same_file_name_get_distinct_ids(write_file, tmp_path):
    write_file("one/x.txt", "Murov was taken.\n")
    write_file("two/x.txt", "Talysh was shelled.\n")
    write_file("three/x.md", "Hadrut was taken.\n")
    batch = read_reports([tmp_path / "one", tmp_path / "two", tmp_path / "three"])
    ids = [r.report_id for r in batch.reports]
    assert len(set(ids)) == 3
    assert ids[0] == "x"


def test_renamed_duplicate_id_does_not_collide_with_another_report(write_file, tmp_path):
    write_file("one/x-2.txt", "Murov was taken.\n")
    write_file("one/x.txt", "Talysh was shelled.\n")
    write_file("two/x.txt", "Hadrut was taken.\n")
    batch = read_reports([tmp_path / "one", tmp_path / "two"])
    ids = [r.report_id for r in batch.reports]
    assert len(set(ids)) == len(ids) == 3


# --------------------------------------------------------------------------- every folder entry accounted for


def test_a_nul_byte_after_the_first_8_kib_is_found(write_file):
    path = write_file("r.txt", "Goris was shelled.\n" * 1000 + "\x00\n")
    with pytest.raises(ReportFormatError, match=r"r\.txt:1001: file is binary"):
        read_report(path)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null"])
def test_a_device_given_by_name_is_refused_before_it_is_read(special):
    with pytest.raises(ReportFormatError, match="character device, not a report file"):
        read_report(special)


def test_a_fifo_is_refused_before_it_is_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReportFormatError, match=r"pipe\.txt: is a FIFO"):
        read_report(fifo)
    (error,) = read_reports([tmp_path]).errors
    assert error.path == str(fifo)


@pytest.fixture
def messy_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text("Goris was shelled.", encoding="utf-8")
    (folder / "README.md").write_text("# How these reports were collected", encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Goris.", encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "x.txt").mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "deeper.txt").write_text("Lachin was shelled.", encoding="utf-8")
    (folder / "sub" / "back").symlink_to(folder)
    return folder


def test_every_entry_of_a_folder_is_read_or_named(messy_folder):
    batch = read_reports([messy_folder])
    assert [r.report_id for r in batch.reports] == ["good"]
    errors = {Path(e.path).name: e.reason for e in batch.errors}
    assert errors == {
        "dangling.txt": f"dangling symlink: its target {str(messy_folder.parent / 'gone.txt')!r} does not exist",
        "loop.txt": "symlink loop: the link points back to itself",
        "pipe.txt": "is a FIFO (named pipe), not a report file",
        "x.txt": "is a folder, not a report file",
    }
    ignored = {Path(p).name: reason for p, reason in batch.ignored}
    assert set(ignored) == {"README.md", "notes.json", ".hidden.txt", "sub"}
    assert ignored["README.md"] == "a README, not a report"
    assert "--recursive" in ignored["sub"]
    assert len(batch.reports) + len(batch.errors) + len(batch.ignored) == len(list(messy_folder.iterdir()))


def test_recursive_reads_subfolders_once_despite_a_symlink_loop(messy_folder):
    batch = read_reports([messy_folder], recursive=True)
    assert [r.report_id for r in batch.reports] == ["good", "deeper"]
    assert any(e.reason == "symlink loop: this folder was already read" for e in batch.errors)


def test_an_unreadable_entry_does_not_end_the_batch(messy_folder):
    batch = read_reports([messy_folder / "loop.txt", messy_folder / "good.txt"])
    assert [r.report_id for r in batch.reports] == ["good"]
    assert [Path(e.path).name for e in batch.errors] == ["loop.txt"]
