"""Kind cues before a name: the per-text offsets give the cue the window search gives."""

from __future__ import annotations

import pytest

from geomap.geoparse import cues

# A kind word and "of" before names, near and far, in several cases, and one cut by a name's window.
TEXTS = [
    "Shells hit the villages of Talish, Madagiz and Sugovushan overnight.",
    "The DISTRICTS OF Lachin and Kalbajar were handed over.",
    "the heights of Murov and the town of Lachin",
    "the village of " + "x" * 150 + " Talish",
    "Districts. Of course Lachin stayed calm.",
    "a quiet day in Lachin; nothing of note",
    "xdistrict of Goris",
]


@pytest.mark.parametrize("text", TEXTS)
def test_before_starts_give_the_cue_the_window_search_gives(text: str) -> None:
    starts = cues.before_starts(text)
    names = [(i, i + len(word)) for i in range(len(text)) for word in text[i:].split()[:1] if word[:1].isupper()]
    for start, end in names:
        assert cues.kind_cue(text, start, end, before=starts) == cues.kind_cue(text, start, end), text[start:end]


def test_a_text_without_a_kind_word_and_of_has_no_before_starts() -> None:
    assert cues.before_starts("Lachin and Kalbajar were handed over.") == ()


def test_a_kind_word_past_the_reach_gives_no_cue() -> None:
    text = "the village of" + " and" * 60 + " Talish"
    start = text.index("Talish")
    assert cues.kind_cue(text, start, start + 6, before=cues.before_starts(text)) is None
