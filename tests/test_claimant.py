"""Who says it across sentences: quotes, statements a colon opens, the report's own voice (geomap.events.quotes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events import extract_events
from geomap.events.parse import parse
from geomap.events.provenance import according_owner, misread_speaker
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


def test_an_office_named_by_words_of_its_own_is_a_new_speaker_not_the_last_one(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "Hikmat Hajiyev said drones hit Barda. The foreign ministry said Armenian guns shelled Tartar."
    assert _claimants(text, parser, make_report)["Tartar"] == "Ministry of Foreign Affairs"


def test_an_office_whose_words_an_earlier_speaker_has_refers_back_to_it(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "The Armenian Defence Ministry said shells hit Goris. Drones struck Kapan, the defence ministry added."
    assert _claimants(text, parser, make_report)["Kapan"] == "Armenian Ministry of Defence"


def test_who_orders_is_the_claimant_of_the_order(parser: Geoparser, make_report: Callable[..., Report]) -> None:
    text = "The governor of Syunik ordered the evacuation of Kapan."
    assert _claimants(text, parser, make_report, source="Syunik Today") == {"Kapan": "Governor of Syunik"}


def test_what_was_also_reported_is_the_last_speaker_s(parser: Geoparser, make_report: Callable[..., Report]) -> None:
    text = "Local residents said shells hit Stepanakert. Strikes were also reported in Martakert."
    assert _claimants(text, parser, make_report)["Martakert"] == "Local residents"


def test_what_is_reported_without_a_reporter_is_the_report_s_own(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "Local residents said shells hit Stepanakert. Strikes were reported in Martakert."
    assert _claimants(text, parser, make_report, source="Syunik Today")["Martakert"] == "Syunik Today"


def test_each_bullet_is_its_own_sentence_for_according_to(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "- Shelling hit Goris, according to the Armenian Defence Ministry.\n- Drones struck Kapan."
    assert _claimants(text, parser, make_report, source="UN update") == {
        "Goris": "Armenian Ministry of Defence",
        "Kapan": "UN update",
    }


def test_evidence_someone_released_is_that_one_s_claim(parser: Geoparser, make_report: Callable[..., Report]) -> None:
    text = "Footage released by the Azerbaijani Defence Ministry shows strikes on air-defence systems near Fuzuli."
    assert _claimants(text, parser, make_report) == {"Fuzuli": "Azerbaijani Ministry of Defence"}


def test_evidence_of_no_one_named_is_the_report_s_own(parser: Geoparser, make_report: Callable[..., Report]) -> None:
    text = "Satellite imagery shows strikes on air-defence systems near Fuzuli."
    assert _claimants(text, parser, make_report, source="Caucasus Daily") == {"Fuzuli": "Caucasus Daily"}


def test_a_speaker_s_own_body_inside_what_it_says_does_not_take_over(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "The Russian Defence Ministry said its peacekeepers had recorded a ceasefire violation near Martakert."
    assert _claimants(text, parser, make_report) == {"Martakert": "Russian Ministry of Defence"}


def test_a_back_reference_that_said_speaks_for_its_own_sentence_only(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = (
        "The Azerbaijani Defence Ministry said its units took Talish.\n\nHeavy fighting went on near Fuzuli.\n\n"
        "Two Armenian tanks were destroyed near Jabrayil, the spokesman said."
    )
    claimants = _claimants(text, parser, make_report, source="Caucasus Daily")
    assert (claimants["Fuzuli"], claimants["Jabrayil"]) == ("Caucasus Daily", "Azerbaijani Ministry of Defence")


def test_a_back_reference_that_added_speaks_the_sentences_since_its_speaker(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = (
        "The Azerbaijani Defence Ministry said its units took Talish.\n\nHeavy fighting went on near Fuzuli.\n\n"
        "Two Armenian tanks were destroyed near Jabrayil, the ministry added."
    )
    claimants = _claimants(text, parser, make_report, source="Caucasus Daily")
    assert claimants["Fuzuli"] == claimants["Jabrayil"] == "Azerbaijani Ministry of Defence"


def test_unconfirmed_reports_keep_their_claim_apart_from_the_report_s(
    parser: Geoparser, make_report: Callable[..., Report]
) -> None:
    text = "Unconfirmed reports say Azerbaijani units have reached Lisagor."
    assert _claimants(text, parser, make_report, source="Caucasus Daily") == {"Lisagor": "Unconfirmed reports"}


def test_a_plural_noun_that_goes_on_is_not_a_misread_saying_verb() -> None:
    (doc,) = parse(["Armenian reports of shelling in Tartar were denied."])
    assert misread_speaker(doc) is None


def test_figures_according_to_name_their_owner_and_other_objects_stay() -> None:
    figures, ministry = parse(
        ["According to figures released by the ministry, two died.", "According to the ministry, two died."]
    )
    assert according_owner(figures[2]).text == "ministry"
    assert according_owner(ministry[3]).text == "ministry"


def test_a_news_agency_relays_what_according_to_names(parser: Geoparser, make_report: Callable[..., Report]) -> None:
    text = "Tartar was shelled, according to the Azerbaijani Defence Ministry, the Trend news agency said."
    assert _claimants(text, parser, make_report) == {"Tartar": "Azerbaijani Ministry of Defence"}
