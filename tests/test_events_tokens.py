"""The parse as plain objects: every word, tree link, sentence and span says what spaCy's own objects say."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from geomap import settings
from geomap.events.parse import load_pipeline
from geomap.events.tokens import read_doc

if TYPE_CHECKING:
    import spacy.tokens

    from geomap.events.tokens import Doc

#: Sentences of our own: a passive, a relative clause, a quotation, numbers and dates, runs of spaces,
#: punctuation only a word wide, two sentences in one text, a dash-separated heading.
SENTENCES = (
    "The bridge over the river, which the sappers had mined, was blown up at 04:10 on 3 May.",
    "“We will not give up the ridge,” the commander told 12 reporters in the square.",
    "Shells  landed   near the depot; two trucks burned.  Nobody was hurt.",
    "Red Hill — taken by the northern brigade after a three-day fight (officials)",
    "Units pushed the raiders back from the outskirts, then crossed into the valley and held it.",
    "Did anyone see who fired first, or whether the convoy turned back?",
)

_WORD_FIELDS = ("i", "idx", "text", "whitespace_", "text_with_ws", "lower_", "lemma_", "pos_", "tag_", "dep_")
_FLAGS = ("is_alpha", "is_lower", "is_upper", "is_title", "is_punct", "like_num")
_LINKS = ("children", "lefts", "rights", "subtree", "ancestors")


def _word(token: Any) -> tuple[object, ...]:
    """What the grammar reads of a word, the same way for a spaCy token and ours."""
    links = tuple(tuple(t.i for t in getattr(token, name)) for name in _LINKS)
    sentence = token.sent
    fields = tuple(getattr(token, name) for name in _WORD_FIELDS + _FLAGS)
    return (*fields, str(token.morph), token.head.i, links, sentence.start, sentence.end, sentence.root.i, str(token))


def _span(span: Any) -> tuple[object, ...] | None:
    return None if span is None else (span.start, span.end, span.text, [t.i for t in span], span.root.i)


@pytest.fixture(scope="module")
def pairs() -> list[tuple[spacy.tokens.Doc, Doc]]:
    nlp = load_pipeline(settings.spacy_model)
    return [(theirs, read_doc(theirs)) for theirs in nlp.pipe(SENTENCES)]


def test_every_word_says_what_spacy_says_of_it(pairs) -> None:
    for theirs, ours in pairs:
        assert [_word(t) for t in ours] == [_word(t) for t in theirs]


def test_each_word_is_one_object_linked_to_its_head_and_children(pairs) -> None:
    for _, ours in pairs:
        for word in ours:
            assert word is ours[word.i]
            assert all(child.head is word for child in word.children)


def test_slices_of_a_parse_are_spacy_spans(pairs) -> None:
    for theirs, ours in pairs:
        n = len(theirs)
        for start in range(n):
            for end in range(start + 1, n + 1):
                assert _span(ours[start:end]) == _span(theirs[start:end])


def test_character_spans_expand_to_the_words_they_touch(pairs) -> None:
    for theirs, ours in pairs:
        size = len(theirs.text)
        for start in range(0, size, 3):
            for end in range(start + 1, size + 1, 4):
                found = ours.char_span(start, end, alignment_mode="expand")
                assert _span(found) == _span(theirs.char_span(start, end, alignment_mode="expand"))


def test_a_parse_reads_back_to_front_and_says_it_is_parsed(pairs) -> None:
    for theirs, ours in pairs:
        assert [t.i for t in reversed(ours)] == [t.i for t in reversed(theirs)]
        assert ours.has_annotation("DEP")
        assert ours.text == theirs.text
