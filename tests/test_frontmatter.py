"""Front matter: comments stripped, duplicate and nested keys refused, unknown keys named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geomap.errors import ReportFormatError
from geomap.frontmatter import split_front_matter
from geomap.reports import parse_report

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_example_parses_with_its_comments() -> None:
    text = README.read_text(encoding="utf-8")
    example = re.search(r"```text\n(---\n.*?)```", text, flags=re.DOTALL)
    assert example is not None
    report = parse_report(example.group(1), report_id="readme")
    assert (report.date.isoformat() if report.date else None, report.side) == ("2020-09-27", "azerbaijan")
    assert report.url == "https://example.org/report"


def test_a_trailing_comment_is_not_part_of_the_value() -> None:
    assert split_front_matter("---\nside: azerbaijan   # whose claims\n---\nx").meta == {"side": "azerbaijan"}


def test_a_hash_inside_a_value_or_quotes_is_kept() -> None:
    meta = split_front_matter('---\nurl: https://e.org/a#b\ntitle: "No. #1 # not a comment"\n---\nx').meta
    assert meta == {"url": "https://e.org/a#b", "title": "No. #1 # not a comment"}


def test_a_duplicate_key_names_both_lines() -> None:
    with pytest.raises(ReportFormatError, match=r"r\.txt:4: front matter key 'date' is given twice \(first on line 2"):
        split_front_matter("---\ndate: 2020-01-01\nside: a\ndate: 2020-02-02\n---\nx", path="r.txt")


def test_an_indented_key_is_refused_naming_its_line() -> None:
    with pytest.raises(ReportFormatError, match=r"r\.txt:3: front matter line is indented"):
        split_front_matter("---\nsource: x\n  side: armenia\n---\nx", path="r.txt")


def test_an_unknown_key_is_kept_with_a_warning_naming_the_line(caplog: pytest.LogCaptureFixture) -> None:
    assert split_front_matter("---\nsdie: armenia\n---\nx", path="r.txt").meta == {"sdie": "armenia"}
    assert "r.txt:2: unknown front matter key 'sdie'" in caplog.text


def test_blank_lines_before_the_opening_line_still_open_front_matter() -> None:
    report = parse_report("\n\n---\nside: armenia\n---\nGoris was shelled.\n", report_id="r")
    assert (report.side, report.text) == ("armenia", "Goris was shelled.\n")


def test_an_unclosed_quote_names_the_line() -> None:
    with pytest.raises(ReportFormatError, match=r"r\.txt:2: .*quote it never closes"):
        split_front_matter('---\ntitle: "half\n---\nx', path="r.txt")
