"""Anaphora: "the town", "it", "there", "both roads" -> the place mention they refer back to.

The discourse keeps every place mention of the report in text order, and
which of them a territory or fighting event was about (the front line's
places). A phrase refers back to the latest mention of a compatible kind
("the town" -> a populated place, "the height" -> a mountain or pass, "both
roads" -> the last two roads), preferring places already fought over when
the phrase is itself part of a territory or fighting event, and looking back
at most :data:`LOOKBACK` sentences.

Examples
--------
>>> from geomap.gazetteer import Place
>>> from geomap.geoparse import Mention
>>> town = Place("t:1", "Talish", "populated place", 40.2, 46.5, "t", "test")
>>> road = Place("t:2", "Old road", "road", 40.1, 46.4, "t", "test")
>>> memory = Discourse()
>>> memory.add(0, [Mention("Talish", 0, 6, town), Mention("Old road", 20, 28, road)])
>>> [m.surface for m in memory.resolve(frozenset({"populated place"}), before=50, sentence=1)]
['Talish']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from geomap.geoparse import Mention

__all__ = ["LOOKBACK", "Discourse"]

#: How many sentences back an anaphor may reach.
LOOKBACK = 4
#: How much a place named in the anaphor's own sentence is preferred (over any fought-over place before it).
_OWN_SENTENCE = 3.0
#: Kinds "it" and "there" never refer to: too wide to be where something happened.
_WIDE = frozenset({"country", "region"})


@dataclass
class Discourse:
    """The place mentions of a report so far, with the sentence each is in."""

    mentions: list[tuple[int, Mention]] = field(default_factory=list)
    fought_over: set[str] = field(default_factory=set)
    #: The mentions that speak ("Baku said", "Moscow denies"), by ``id``.
    speaking: set[int] = field(default_factory=set)

    def add(self, sentence: int, mentions: Iterable[Mention], *, speakers: Iterable[Mention] = ()) -> None:
        """Remember the place mentions of sentence number ``sentence``, and which of them speak in it."""
        self.mentions.extend((sentence, m) for m in mentions if m.place is not None and m.role == "name")
        self.speaking.update(id(m) for m in speakers)

    def mark_fought_over(self, mention: Mention) -> None:
        """Note that a territory or fighting event was about ``mention``."""
        if mention.place is not None:
            self.fought_over.add(mention.place.place_id)

    def last_two(self, *, before: int, sentence: int) -> list[Mention]:
        """The last two distinct places named before offset ``before``, in this sentence or the one before."""
        found: list[Mention] = []
        for index, mention in reversed(self.mentions):
            place = mention.place
            if place is None or mention.start >= before or sentence - index > 1:
                continue
            if all(m.place is None or m.place.place_id != place.place_id for m in found):
                found.append(mention)
            if len(found) == 2:  # noqa: PLR2004 - a pair
                break
        return found[::-1]

    def resolve(
        self,
        kinds: frozenset[str] | None,
        *,
        before: int,
        sentence: int,
        count: int = 1,
        front_line: bool = False,
    ) -> list[Mention]:
        """The ``count`` latest distinct places of ``kinds`` mentioned before offset ``before``.

        ``kinds`` None means any place narrower than a region. With
        ``front_line``, places a territory or fighting event was about come
        first.
        """
        found: list[tuple[float, Mention]] = []
        seen: set[str] = set()
        for index, mention in reversed(self.mentions):
            place = mention.place
            if place is None or mention.start >= before or sentence - index > LOOKBACK:
                continue
            if index == sentence and id(mention) in self.speaking:
                continue  # "Baku denied firing near the village": the speaker is not what its words point back to
            if (place.kind not in kinds) if kinds is not None else (place.kind in _WIDE):
                continue
            if place.place_id in seen:
                continue
            seen.add(place.place_id)
            # the sentence's own places first, then places fought over, then the nearest sentence, the latest mention
            # "there" and "it" (no kind) point at a place something happened at, not one a description named
            bonus = 2.0 if (front_line or kinds is None) and place.place_id in self.fought_over else 0.0
            bonus += _OWN_SENTENCE if index == sentence else 0.0
            found.append((bonus - (sentence - index) + mention.start * 1e-9, mention))
        found.sort(key=lambda pair: -pair[0])
        return [m for _, m in found[:count]]
