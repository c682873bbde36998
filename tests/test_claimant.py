"""Who says it across sentences: quotes, statements a colon opens, the report's own voice (geomap.events.quotes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events import extract_events
from geomap.events.parse import parse
from geomap.events.quotes import Speech, opens_speech, own_voice, quote_spans
from geomap.events.sentences import split_sentences

if TYPE_CHECKING:
    from collections.abc import Callable

    from geomap.geoparse import Geoparser
    from geomap.reports import Report


def _claimants(text: str, parser: Geoparser, make_report: Callable[..., Report], **meta: str) -> dict[str, str]:
    return {
        e.place.name if e.place else e.surface: e.claimant for e in extract_events(make_report(text, **meta), parser)
    }


def test_straight_quotes_alternate_and_curly_quotes_say_which_they_are() -> None:
    assert quote_spans('A "b" c “d” e') == [(2, 5), (8, 11)]


def test_a_quote_left_open_ends_with_its_paragraph() -> None:
    text = '"One. Two.\n\nThree.'
    assert quote_spans(text) == [(0, 10)]


def test_only_a_quote_of_several_sentences_groups_them() -> None:
    text = 'X said "one." Then "two. Three," Y said. Four.'
    assert Speech.of(text, split_sentences(text)).quotes == [None, 1, 1, None]


def test_a_blank_line_starts_a_paragraph_and_a_line_break_does_not() -> None:
    text = "One.\nTwo.\n\nThree."
    assert Speech.of(text, split_sentences(text)).paragraphs == [True, False, True]


def test_a_colon_after_the_speaker_opens_speech_but_one_after_what_is_said_does_not() -> None:
    opening, inside, quoted = parse(
        [
            "The ministry said in a statement: drones hit Goris.",
            "The ministry said that Goris was hit: two houses.",
            'The ministry said: "Goris was hit."',
        ]
    )
    assert opens_speech(opening, frozenset({0, 1}))
    assert not opens_speech(inside, frozenset({0, 1}))
    assert not opens_speech(quoted, frozenset({0, 1}))


def test_the_first_person_outside_quotes_is_the_report_own_voice() -> None:
    ours, quoted, theirs = parse(["We took the hill.", '"We took the hill," he said.', "They took the hill."])
    assert (own_voice(ours), own_voice(quoted), own_voice(theirs)) == (True, False, False)


def test_a_quote_named_where_it_closes_is_that_speaker_s_from_its_first_sentence(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = '"Armenian guns shelled Tartar. Rockets also hit Barda," Hikmat Hajiyev said.'
    assert _claimants(text, parser, make_report, source="Caucasus Daily") == {
        "Tartar": "Hikmat Hajiyev",
        "Barda": "Hikmat Hajiyev",
    }


def test_a_statement_a_colon_opens_ends_with_its_paragraph(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "The Armenian Defence Ministry said:\nDrones struck Goris.\nShells hit Kapan.\n\nShells hit Sisian."
    assert _claimants(text, parser, make_report, source="Syunik Today") == {
        "Goris": "Armenian Ministry of Defence",
        "Kapan": "Armenian Ministry of Defence",
        "Sisian": "Syunik Today",
    }


def test_a_statement_a_colon_opens_ends_when_another_speaker_is_named(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "The Armenian Defence Ministry said: drones struck Goris. Local officials said shells hit Kapan. Sisian too."
    claimants = _claimants(text, parser, make_report, source="Syunik Today")
    assert (claimants["Goris"], claimants["Kapan"]) == ("Armenian Ministry of Defence", "Local officials")


def test_a_speaker_named_after_a_first_person_lede_does_not_take_it_over(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = 'Our forces took Talish. "Nothing has changed," Armenian officials said.'
    source = "Azerbaijani Ministry of Defence"
    assert _claimants(text, parser, make_report, source=source) == {"Talish": source}


def test_a_trailing_saying_verb_before_its_speaker_names_that_speaker(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "Shells hit Kapan at dawn, wrote the governor of Syunik in a post."
    assert _claimants(text, parser, make_report) == {"Kapan": "Governor of Syunik"}


def test_a_speaker_with_an_apposition_keeps_what_follows_its_verb_as_said(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "Artsrun Hovhannisian, a ministry spokesman, told Armenpress that drones struck Goris."
    assert _claimants(text, parser, make_report)["Goris"].startswith("Artsrun Hovhannisian")
