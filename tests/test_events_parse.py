"""The parser under the events: spaCy's tags and dependencies, with its ruler and lemmatizer read per word."""

from __future__ import annotations

import gc

import pytest

from geomap import settings
from geomap.events import extract_events, extract_events_batch
from geomap.events.attributes import WordAttributes
from geomap.events.parse import load_pipeline, parse
from geomap.pipeline import process_report, process_reports

#: Sentences of our own that reach every kind of ruler pattern: pronouns by case, "there were" (a
#: two-word pattern), spoken contractions, auxiliaries, determiners used as pronouns, spaces in a sentence.
SENTENCES = (
    "There were heavy clashes near the bridge, and it was hit twice.",
    "They said that the hill had not been given up by them.",
    "I told you it is gon na fall, y'all got ta see that.",
    "Let's say he does what he did, but those who left came back.",
    "The  depot  was\n\nstruck   at dawn; nothing remained of it.",
    "She gets reports, whereas we got none; does anyone know whether the road is open?",
)


@pytest.fixture(scope="module")
def stock() -> list[tuple[str, str, str, str, str, int]]:
    nlp = load_pipeline(settings.spacy_model)
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i) for doc in nlp.pipe(SENTENCES) for t in doc]


def test_word_tables_give_what_the_ruler_and_lemmatizer_give(stock) -> None:
    ours = [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i) for doc in parse(SENTENCES) for t in doc]
    assert ours == stock


def test_a_second_pass_over_the_same_words_gives_the_same_attributes(stock) -> None:
    parse(SENTENCES)
    ours = [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i) for doc in parse(SENTENCES) for t in doc]
    assert ours == stock


def test_a_pipeline_without_a_rule_lemmatizer_keeps_its_own_pipes() -> None:
    nlp = load_pipeline(settings.spacy_model)
    with nlp.select_pipes(disable=["lemmatizer"]):
        assert WordAttributes.of(nlp) is None


def test_reports_parsed_in_one_batch_give_the_events_each_gives_alone(parser, make_report) -> None:
    reports = [
        make_report("Goris was shelled overnight, the mayor said. The road to Jermuk was closed.", report_id="a"),
        make_report("The town of Hadrut fell to the Azerbaijani army. It was quiet in Stepanakert.", report_id="b"),
        make_report("Nothing happened here.", report_id="c"),
    ]
    alone = [extract_events(report, parser) for report in reports]
    assert extract_events_batch(reports, parser) == alone
    assert any(alone)


def test_a_pool_chunk_gives_what_each_report_gives_alone(parser, make_report) -> None:
    reports = [make_report("Shusha was taken, the ministry said.", report_id="a"), make_report("Goris was hit.")]
    assert process_reports(reports, parser) == [process_report(report, parser) for report in reports]


def test_equal_sentences_are_parsed_once_and_share_their_parse() -> None:
    first, other, again = parse(["The bridge was hit at dawn.", "The depot burned.", "The bridge was hit at dawn."])
    assert again is first
    assert [t.text for t in other] == ["The", "depot", "burned", "."]


def test_reports_that_repeat_each_other_give_the_events_each_gives_alone(parser, make_report) -> None:
    text = "Goris was shelled overnight, the mayor said. The village of Sotk was taken by the army."
    reports = [make_report(text, report_id="a"), make_report(text, report_id="b")]
    alone = [extract_events(report, parser) for report in reports]
    assert extract_events_batch(reports, parser) == alone
    assert alone[0]


def test_extraction_leaves_the_cycle_collector_as_it_found_it(parser, make_report) -> None:
    report = make_report("Goris was shelled overnight.", report_id="a")
    extract_events(report, parser)
    assert gc.isenabled()
    gc.disable()
    try:
        extract_events(report, parser)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pipeline_loaded_anew_parses_with_word_tables_of_its_own(stock) -> None:
    parse(SENTENCES)
    load_pipeline.cache_clear()
    ours = [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i) for doc in parse(SENTENCES) for t in doc]
    assert ours == stock
