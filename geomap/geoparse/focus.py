"""A report's focus: where it is about, so that a local place beats a distant namesake.

The focus of a text is the set of places it is sure about: the places of the
curated layer it names (the conflict zone's towns, districts, rivers;
countries count only as the countries the focus lies in) and the country of
the report's front-matter ``side``. Names with a single reading count when
another such name lies near them: one alone is not sure enough, in open-world
news it is as often a surname ("Barrie"). When a text has a focus, a name resolved to a place
far from it (farther than ``settings.focus_far_km`` from every focus place)
is chosen again among its local readings (within ``settings.focus_near_km``
of a focus place, or a country the focus lies in): "Omar" beside Kalbajar is
the Omar pass, not Omar in West Virginia; "Armenia" in a report about
Karabakh is the country, not the Colombian city. The text can say otherwise:
a name qualified by the state or country right after it ("Armenia, Colombia")
keeps its reading.

Kinds count too: "the Araks" (a name after "the") is the river where the
name has a river's reading, not a town of that name.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> focus = Focus.of([Gazetteer.default(base=False).get("curated:az-kalbajar")])
>>> focus.is_local(Gazetteer.default(base=False).get("curated:pass-omar"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from geomap import settings
from geomap.gazetteer.names import caseless
from geomap.geoparse.kindwords import KIND_WORDS, NATURAL_KINDS, plural

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from geomap.gazetteer import Gazetteer, Match, Place
    from geomap.geoparse import Mention

__all__ = ["Focus", "refocus"]

_EARTH_RADIUS_KM = 6371.0
# Front-matter sides and the curated country each stands for.
_SIDES = {"azerbaijan": "curated:az", "armenia": "curated:am"}
# Between a name and the state or country that qualifies it: the words after it start in group 1's span.
_QUALIFIER_GAP = re.compile(r"\s*[,(](\s*)")
_THE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_NATURAL = frozenset({"river", "lake", "mountain", "pass"})
# The kind words of the natural features, either number (geomap.geoparse.kindwords owns them).
_KIND_WORDS = {form: KIND_WORDS[word] for word in NATURAL_KINDS for form in (plural(word), word)}
_KIND_ALTERNATION = "|".join(_KIND_WORDS)  # the plural first: "passes", not "pass" + "es"
_KIND_AFTER = rf"(?:\s*(?:,|and|or)\s+[^\W\d_][\w’'-]*)*\s+({_KIND_ALTERNATION})\b"
_ANY_KIND_WORD = re.compile(rf"\b(?:{_KIND_ALTERNATION})\b", re.IGNORECASE)
# Letters that re.IGNORECASE takes for "i" or "s" beyond their case pairs (and "İ" lowers to two characters).
_OTHER_FOLDS = ("İ", "ı", "ſ")
# Places compared with all others at once (memory stays linear in a long report's places).
_BLOCK = 512
# Only these readings of a far place are replaced: a big city is far on purpose.
_REPLACEABLE_POPULATION = 1_000_000


def _km(lon1: np.ndarray, lat1: np.ndarray, lon2: float | np.ndarray, lat2: float | np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    d = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return np.asarray(2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(d)))


@dataclass(frozen=True, slots=True)
class Focus:
    """The places a text is sure about (not countries), and the countries they lie in."""

    lons: tuple[float, ...]
    lats: tuple[float, ...]
    countries: frozenset[str]

    @classmethod
    def of(cls, places: Sequence[Place]) -> Focus:
        """The focus made of ``places`` (countries add their code only; each point once)."""
        points = dict.fromkeys((p.lon, p.lat) for p in places if p.kind != "country")
        return cls(
            tuple(lon for lon, _ in points),
            tuple(lat for _, lat in points),
            frozenset(p.country for p in places if p.country),
        )

    def __bool__(self) -> bool:
        return bool(self.lons or self.countries)

    def km(self, place: Place) -> float:
        """Distance from ``place`` to the nearest focus place, in km (inf without one)."""
        if not self.lons:
            return float("inf")
        return float(_km(np.asarray(self.lons), np.asarray(self.lats), place.lon, place.lat).min())

    def _nearest_km(self, places: Sequence[Place]) -> np.ndarray:
        """Per place, :meth:`km` of it: array operations over blocks of places and each focus point once."""
        if not self.lons or not places:
            return np.full(len(places), np.inf)
        lon, lat = np.asarray([p.lon for p in places]), np.asarray([p.lat for p in places])
        points = np.column_stack([self.lons, self.lats])
        nearest = np.empty(len(places))
        for lo in range(0, len(places), _BLOCK):
            block = slice(lo, lo + _BLOCK)
            km = _km(lon[block, None], lat[block, None], points[None, :, 0], points[None, :, 1])
            nearest[block] = km.min(axis=1)
        return nearest

    def local(self, places: Sequence[Place]) -> list[bool]:
        """Per place, :meth:`is_local`."""
        far_km, near_km = settings.focus_far_km, settings.focus_near_km
        return [
            p.country in self.countries or km <= (far_km if p.kind == "country" else near_km)
            for p, km in zip(places, self._nearest_km(places).tolist(), strict=True)
        ]

    def far(self, places: Sequence[Place | None]) -> list[bool]:
        """Per place, :meth:`is_far` (False for None)."""
        known = [p for p in places if p is not None]
        far_km = settings.focus_far_km
        far = iter(
            [
                p.country not in self.countries and km > far_km
                for p, km in zip(known, self._nearest_km(known).tolist(), strict=True)
            ]
        )
        return [p is not None and next(far) for p in places]

    def is_local(self, place: Place) -> bool:
        """Whether ``place`` lies in a country of the focus, or near it (a country: within ``focus_far_km``)."""
        if place.country in self.countries:
            return True
        return self.km(place) <= (settings.focus_far_km if place.kind == "country" else settings.focus_near_km)

    def is_far(self, place: Place) -> bool:
        """Whether ``place`` is far from every focus place and outside the focus's countries."""
        return place.country not in self.countries and self.km(place) > settings.focus_far_km


def _agreeing(places: Sequence[Place]) -> list[Place]:
    """The places that have another of ``places`` within ``settings.focus_far_km``."""
    if len(places) < 2:  # noqa: PLR2004
        return []
    lons, lats = np.asarray([p.lon for p in places]), np.asarray([p.lat for p in places])
    near = np.empty(len(places), dtype=np.int64)  # how many of the places lie near each, counted in blocks
    for lo in range(0, len(places), _BLOCK):
        block = slice(lo, lo + _BLOCK)
        km = _km(lons[None, :], lats[None, :], lons[block, None], lats[block, None])
        near[block] = (km <= settings.focus_far_km).sum(axis=1)
    return [p for p, count in zip(places, near.tolist(), strict=True) if count > 1]


def _anchors(mentions: Sequence[Mention], gazetteer: Gazetteer, side: str | None) -> list[Place]:
    named = [m for m in mentions if m.place is not None and m.role == "name" and m.place.kind != "country"]
    anchors = [m.place for m in named if m.place is not None and m.place.layer == "curated"]
    unique = {m.place.place_id: m.place for m in named if m.place is not None and m.candidates == 1}
    anchors += _agreeing([p for p in unique.values() if p.layer != "curated"])
    side_id = _SIDES.get((side or "").lower())
    if side_id is not None:
        anchors.append(gazetteer.get(side_id))
    return anchors


def _qualified(text: str, mention: Mention, mentions: Sequence[Mention], starts: Mapping[int, int]) -> bool:
    """Whether the text qualifies the mention's place by the name right after it ("Armenia, Colombia").

    The name after it is the first of ``mentions`` that starts past the comma or parenthesis right after
    the mention (``starts``: the index in ``mentions`` of the first mention starting at each offset).
    """
    place = mention.place
    if place is None:
        return False
    gap = _QUALIFIER_GAP.match(text, mention.end)
    if gap is None:
        return False
    after = [starts[p] for p in range(gap.start(1), gap.end(1) + 1) if p in starts]
    if not after:
        return False
    outer = mentions[min(after)].place
    return outer is not None and outer.kind in {"country", "region"} and outer.country == place.country


def _local_reading(matches: Sequence[Match], focus: Focus, *, natural: bool) -> Match | None:
    local = [m for m, near in zip(matches, focus.local([m.place for m in matches]), strict=True) if near]
    if natural:
        local = [m for m in local if m.place.kind in _NATURAL] or local
    return local[0] if local else None


@cache
def _kind_after_pattern() -> re.Pattern[str]:
    """:data:`_KIND_AFTER` compiled on first use (only a text with a natural feature's kind word needs it)."""
    return re.compile(_KIND_AFTER, re.IGNORECASE)


def _kind_after(text: str, end: int) -> str | None:
    """The kind a word after the name gives it, also across a coordination ("Omar and Sotk passes")."""
    match = _kind_after_pattern().match(text, end)
    return _KIND_WORDS[match.group(1).lower()] if match else None


def _of_kind(gazetteer: Gazetteer, surface: str, kind: str) -> list[Match]:
    """Readings of ``surface`` as a ``kind``: by the bare name, or with the kind's word ("Omar" -> "Omar Pass")."""
    found = gazetteer.lookup(surface, kind=kind, fuzzy=False, limit=None)
    return found or gazetteer.lookup(f"{surface} {kind}", kind=kind, fuzzy=False, limit=None)


def _by_kind_word(text: str, mention: Mention, gazetteer: Gazetteer, focus: Focus) -> Match | None:
    """The reading a kind word after the name asks for ("Omar and Sotk passes"), if it differs."""
    kind = _kind_after(text, mention.end)
    if kind is None or (mention.place is not None and mention.place.kind == kind):
        return None
    readings = _of_kind(gazetteer, mention.surface, kind)
    if focus:
        readings = [m for m, near in zip(readings, focus.local([m.place for m in readings]), strict=True) if near]
    return readings[0] if readings else None


def _refocused(
    text: str,
    mention: Mention,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    focus: Focus,
    *,
    far_away: bool,
    starts: Mapping[int, int],
    kinds: bool,
) -> Mention:
    place = mention.place
    if mention.role != "name":
        return mention
    by_kind = _by_kind_word(text, mention, gazetteer, focus) if kinds else None
    if by_kind is not None and not (place is not None and _qualified(text, mention, mentions, starts)):
        return replace(mention, place=by_kind.place, alias=by_kind.alias, method=by_kind.method, cue=by_kind.place.kind)
    if place is None or not focus:
        return mention
    # "the Araks" is the river, unless a kind word says what it is ("the Tartar direction", "the Aghdam district")
    natural = mention.cue is None and bool(_THE.search(text[max(0, mention.start - 4) : mention.start]))
    wrong_kind = natural and place.kind == "populated place"
    far = far_away and (place.layer == "curated" or place.population < _REPLACEABLE_POPULATION)
    if not (far or wrong_kind) or _qualified(text, mention, mentions, starts):
        return mention
    better = _local_reading(gazetteer.lookup(mention.surface, fuzzy=False, limit=None), focus, natural=natural)
    if better is None and far:
        readings = [m for k in sorted(_NATURAL) for m in _of_kind(gazetteer, mention.surface, k)]
        better = next(
            (m for m, near in zip(readings, focus.local([m.place for m in readings]), strict=True) if near), None
        )
    if better is None or better.place.place_id == place.place_id or (not far and better.place.kind not in _NATURAL):
        return mention
    return replace(mention, place=better.place, alias=better.alias, method=better.method)


def refocus(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer, *, side: str | None = None) -> list[Mention]:
    """``mentions`` with far readings replaced by local ones where the text has a focus (see the module)."""
    focus = Focus.of(_anchors(mentions, gazetteer, side))
    kinds = _names_a_kind(text)  # without a kind word, no name has one after it
    if not focus and not kinds:
        return list(mentions)
    far = focus.far([m.place for m in mentions])
    starts: dict[int, int] = {}
    for i, mention in enumerate(mentions):
        starts.setdefault(mention.start, i)
    return [
        _refocused(text, m, mentions, gazetteer, focus, far_away=f, starts=starts, kinds=kinds)
        for m, f in zip(mentions, far, strict=True)
    ]


def _names_a_kind(text: str) -> bool:
    """Whether ``text`` holds a kind word of a natural feature (a match of :data:`_ANY_KIND_WORD`)."""
    if any(letter in text for letter in _OTHER_FOLDS):
        folded = caseless(text)  # every kind word holds its singular
        return any(word in folded for word in NATURAL_KINDS) and bool(_ANY_KIND_WORD.search(text))
    # Without those letters, the case-insensitive pattern matches where its words stand, delimited, in the
    # lower-cased text (the same length); each word is looked for by substring, its bounds tested as \b does.
    lowered = text.lower()
    for word in NATURAL_KINDS:
        suffix = plural(word)[len(word) :]
        at = lowered.find(word)
        while at >= 0:
            if at == 0 or not _word_character(lowered[at - 1]):
                end = at + len(word)
                if end == len(lowered) or not _word_character(lowered[end]):
                    return True
                if lowered.startswith(suffix, end) and (
                    end + len(suffix) == len(lowered) or not _word_character(lowered[end + len(suffix)])
                ):
                    return True
            at = lowered.find(word, at + 1)
    return False


def _word_character(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w is to re
