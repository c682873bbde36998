"""Specification of geomap.geoparse.tokens: the capitalised runs of a text and the words around a name."""

from __future__ import annotations

import pytest

from geomap.geoparse.tokens import capitalised_runs, layout, next_word, word_before


def _words(text: str) -> list[list[str]]:
    return [[t.text for t in run] for run in capitalised_runs(text)]


def test_a_run_holds_connectors_between_capitalised_words() -> None:
    assert _words("ships left Port of Spain for the Gulf") == [["Port", "of", "Spain"], ["Gulf"]]


def test_a_period_after_a_long_word_ends_the_run() -> None:
    assert _words("They reached Tovuz. Then Qazax fell") == [["They"], ["Tovuz"], ["Then", "Qazax"]]


def test_a_period_after_a_short_word_joins_an_abbreviation() -> None:
    assert _words("flights to St. Petersburg") == [["St", "Petersburg"]]


def test_a_comma_or_a_possessive_ends_the_run() -> None:
    assert _words("Gori, Khashuri’s mayor and Zestafoni") == [["Gori"], ["Khashuri"], ["Zestafoni"]]


def test_a_line_break_joins_but_three_do_not() -> None:
    assert _words("Nizhny\nNovgorod\n\n\nKazan") == [["Nizhny", "Novgorod"], ["Kazan"]]


def test_run_offsets_point_at_the_words() -> None:
    text = "near Mount  Aragats"
    assert [(t.start, t.end, t.fold) for run in capitalised_runs(text) for t in run] == [
        (5, 10, "mount"),
        (12, 19, "aragats"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“Fort Worth” — the Bay of Biscay’s shore, O’Brien St. Louis and U.S. 12",
        "Troops left Agdam's outskirts at 5 AM. Kelbajar–Lachin road – Sotk pass",
    ],
)
def test_an_accented_word_elsewhere_does_not_change_the_runs(text: str) -> None:
    # A text of ASCII and typographic punctuation takes an ASCII scan; one accented letter takes the Unicode one.
    assert _words(text + " in Gəncə")[:-1] == _words(text)
    assert _words(text + " in Gəncə")[-1] == ["Gəncə"]


@pytest.mark.parametrize("separator", ["\x1c", "\x1f"])
def test_a_control_character_is_no_gap_in_an_ascii_text(separator: str) -> None:
    # The ASCII scan spells out the whitespace regex's \s takes (the standard library's \s also takes \x1c-\x1f).
    assert _words(f"Baku{separator}Ganja") == [["Baku"], ["Ganja"]]


def test_a_non_breaking_space_joins_the_words_of_a_name() -> None:
    assert _words("New\xa0York") == [["New", "York"]]


def test_a_string_that_is_no_whole_run_has_no_layout() -> None:
    with pytest.raises(ValueError, match="not a whole match"):
        layout("Baku.")


def test_the_word_after_a_name_skips_its_possessive() -> None:
    text = "Fuzuli's district"
    word = next_word(text, 6)
    assert word is not None
    assert word.text == "district"


def test_the_word_before_a_name_is_none_when_cut_by_the_window() -> None:
    text = "a" * 30 + " Baku"
    assert word_before(text, 31) is None
    word = word_before("said president Aliyev", 15)
    assert word is not None
    assert word.fold == "president"
