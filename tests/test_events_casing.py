"""Title-case headlines are lower-cased for the parser, everything else is left as written (geomap.events.casing)."""

from __future__ import annotations

from geomap.events.casing import parse_form


def test_a_title_case_headline_has_its_common_words_lower_cased() -> None:
    assert parse_form("Shells Hit Goris As Fighting Rages Near Sotk", [(11, 16), (40, 44)]) == (
        "shells hit Goris as fighting rages near Sotk"
    )


def test_names_in_a_headline_keep_their_capitals() -> None:
    # the demonym and the place are mentions; "Aliyev" is not a word the grammar knows
    assert parse_form("Aliyev Says Azerbaijani Army Took Hadrut", [(12, 23), (34, 40)]) == (
        "Aliyev says Azerbaijani army took Hadrut"
    )


def test_a_sentence_in_ordinary_case_is_unchanged() -> None:
    text = "Shells hit Goris on Monday, the Armenian Defence Ministry said."
    assert parse_form(text, [(11, 16), (32, 40)]) == text


def test_a_line_in_capitals_is_unchanged() -> None:
    assert parse_form("SHELLS HIT GORIS OVERNIGHT", [(11, 16)]) == "SHELLS HIT GORIS OVERNIGHT"


def test_the_form_keeps_every_character_offset() -> None:
    text = "Ukrainian Forces Retake Kupiansk Near Kharkiv"
    assert len(parse_form(text, [(0, 9), (24, 32), (38, 45)])) == len(text)
