r"""Speech that runs past its sentence: quotes of several sentences, and statements a colon opens.

- A quote of several sentences is its speaker's throughout, whether the speaker is named where
  it opens (``X said: "A. B."``) or where it closes (``"A. B," X said.``).
- A speaker whose saying verb ends in a colon ("The ministry said:", "According to X:") speaks
  the sentences after it until another speaker is named, the paragraph ends or a live blog's next
  time of day starts a line.
- A sentence in the first person ("Our forces hold V") that names no speaker and quotes no one is
  the report's own voice: a speaker named later does not take it over.

:class:`Speech` holds where a report's quotes and paragraphs are, and which speaker is carried.

Examples
--------
>>> from geomap.events.sentences import split_sentences
>>> text = '"Tartar was shelled. Barda too," X said.\n\nCalm.'
>>> speech = Speech.of(text, split_sentences(text))
>>> speech.quotes, speech.paragraphs
([0, 0, None], [True, False, True])
"""

from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from geomap.events.claimant import attribute_doc
from geomap.events.headings import clocked

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.events.attribution import Attribution, ClaimantMemory
    from geomap.events.model import Sentence
    from geomap.events.sides import Sides
    from geomap.events.tokens import Doc

__all__ = ["Speech", "opens_speech", "own_voice", "quote_spans"]

_PARAGRAPH = re.compile(r"\n\s*\n")
_STRAIGHT = '"'
_OPEN, _CLOSE = "“", "”"
_MARKS = re.compile(r'["“”]|\n\s*\n')


def quote_spans(text: str) -> list[tuple[int, int]]:
    r"""The character spans of the quotes in ``text``, marks included; a quote left open ends with its paragraph.

    Straight quotes alternate between opening and closing; curly ones say which they are.

    Examples
    --------
    >>> quote_spans('He said "A." Then “B.\n\nC.')
    [(8, 12), (18, 21)]
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for mark in _MARKS.finditer(text):
        char = mark.group()
        if char not in {_STRAIGHT, _OPEN, _CLOSE}:  # a paragraph break closes the quote left open
            if start is not None:
                spans.append((start, mark.start()))
            start = None
        elif char == _OPEN or (char == _STRAIGHT and start is None):
            start = mark.start()
        elif start is not None:
            spans.append((start, mark.end()))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


@dataclass
class Speech:
    """Which quote of several sentences each sentence is in, where paragraphs start, and who is carried.

    Attributes
    ----------
    quotes
        Per sentence, the number of the quote of several sentences it is part of, or None.
    paragraphs
        Per sentence, whether it starts a paragraph (the report's first, or after a blank line).
    carried
        The speaker a colon opened, speaking until another is named or the paragraph ends.
    said
        Per quote, the speaker named in it so far.
    """

    quotes: list[int | None]
    paragraphs: list[bool]
    carried: Attribution | None = None
    said: dict[int, Attribution] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, sentences: Sequence[Sentence]) -> Speech:
        """The quotes and paragraphs of a report ``text`` split into ``sentences``."""
        quotes: list[int | None] = [None] * len(sentences)
        ends = [s.end for s in sentences]
        for number, (start, end) in enumerate(quote_spans(text)):
            first = bisect.bisect_right(ends, start)  # the first sentence ending after the quote opens
            last = first
            while last < len(sentences) and sentences[last].start < end:
                last += 1
            if last - first > 1:
                quotes[first:last] = [number] * (last - first)
        paragraphs = [
            i == 0 or _PARAGRAPH.search(text, sentences[i - 1].end, s.start) is not None
            for i, s in enumerate(sentences)
        ]
        return cls(quotes, paragraphs)

    def later_in_quote(self, i: int) -> list[int]:
        """The sentences after ``i`` in the same quote, in order (where its speaker may yet be named)."""
        number = self.quotes[i]
        return [] if number is None else [j for j in range(i + 1, len(self.quotes)) if self.quotes[j] == number]

    def speaker(self, i: int, text: str) -> Attribution | None:
        """Who speaks sentence ``i`` (``text``) when it names no one: its quote's speaker so far, else the carried one.

        Call it for every sentence, in order: a new paragraph or a line starting with a time of day ends
        the carried speaker.
        """
        if self.paragraphs[i] or clocked(text):
            self.carried = None
        number = self.quotes[i]
        if number is not None and number in self.said:
            return self.said[number]
        return self.carried

    def attribute(
        self, i: int, text: str, attribution: Attribution, docs: dict[int, Doc], *, sides: Sides, memory: ClaimantMemory
    ) -> Attribution:
        """Sentence ``i``'s (``text``) ``attribution`` with the speech it is part of: its quote's, a colon's speaker.

        Call it for every sentence, in order, with the parsed ones in ``docs``. A quote whose speaker is
        named only where it closes is read ahead to that speaker, on a copy of ``memory`` (the speaker is
        named once, in its own sentence).
        """
        carried = self.speaker(i, text)
        if attribution.claimant:
            if i in docs:
                self.note(i, attribution, opens=opens_speech(docs[i], attribution.tokens))
            return attribution
        if i not in docs:
            return attribution
        for j in self.later_in_quote(i) if carried is None else ():
            if j in docs:
                ahead = attribute_doc(docs[j], sides, copy.deepcopy(memory))
                if ahead.claimant:
                    self.note(i, ahead, opens=False)
                    carried = ahead
                    break
        return replace(carried, tokens=frozenset(), back=False) if carried is not None else attribution

    def note(self, i: int, attribution: Attribution, *, opens: bool) -> None:
        """Note that sentence ``i`` names its speaker; ``opens``: its saying verb ends in a colon."""
        number = self.quotes[i]
        if number is not None:
            self.said.setdefault(number, attribution)
        self.carried = attribution if opens else None


def opens_speech(doc: Doc, speaker_tokens: frozenset[int]) -> bool:
    """Whether a sentence's speaker goes on past a colon: "The ministry said:", "According to X: ...".

    The colon follows the speaker's words, with only the saying verb and its modifiers
    ("in a statement", "the following") between, and no clause of what is said before it.

    Examples
    --------
    >>> from geomap.events.parse import parse
    >>> (doc,) = parse(["The ministry said in a statement: drones hit Goris."])
    >>> opens_speech(doc, frozenset({0, 1})), opens_speech(doc, frozenset())
    (True, False)
    """
    if not speaker_tokens:
        return False
    colon = next((t for t in doc if t.text == ":" and t.i > max(speaker_tokens)), None)
    if colon is None or (colon.i + 1 < len(doc) and doc[colon.i + 1].text in {_STRAIGHT, _OPEN}):
        return False  # what follows is a quote: it ends where the quote does
    before = doc[min(speaker_tokens) : colon.i]
    return not any(t.dep_ in {"ccomp", "parataxis"} or (t.dep_ == "mark" and t.lower_ == "that") for t in before)


_FIRST_PERSON = frozenset({"we", "our", "us", "ours"})


def own_voice(doc: Doc) -> bool:
    """Whether a sentence speaks in the first person outside any quote: "Our forces hold V", "We took V".

    Examples
    --------
    >>> from geomap.events.parse import parse
    >>> own_voice(parse(["Our units hold Talish."])[0]), own_voice(parse(['"We hold it," X said.'])[0])
    (True, False)
    """
    if any(t.text in {_STRAIGHT, _OPEN, _CLOSE} for t in doc):
        return False
    return any(t.lower_ in _FIRST_PERSON and t.pos_ == "PRON" for t in doc)
