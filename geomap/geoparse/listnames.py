"""Village names in lists: "the villages of A, B and C of the Fuzuli district".

War reports name captured or shelled villages in lists governed by a word
for settlements: "the villages of A, B, C and D", "the settlements of A and
B", "A, B and C villages of the D district". Many of those villages are in no
gazetteer, and some share their name with a place far away. Every
capitalised name in such a list is a place of kind ``populated place``:

- a name the geoparser resolved to a place in (or within
  ``settings.list_district_reach_km`` of) the governing district keeps its
  place;
- any other name is returned unresolved as a name (``place`` None, never a
  far-away namesake), located at its district when the sentence names one
  (``located_at`` the district, ``geo_precision`` 2, ``note`` saying so);
- without a district, a name with several readings resolved far from the
  places of the curated layer the text names (:class:`~geomap.geoparse.focus.Focus`)
  is unresolved too;
- ordinary English words in a list ("Wednesday") are not taken for names;
- a name the geoparser did not find at all is added the same way; none is
  dropped.

A mention resolved to a village the curated layer knows only from a district's
list (``gazetteer/listed_villages.csv``, whose point is its district's) is
located at that district the same way, list or not: ``located_at`` the
district, ``geo_precision`` 2, ``note`` the row's source.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> parser = Geoparser(Gazetteer.default(base=False))
>>> text = "The villages of Qzwertli and Blorkand of the Fuzuli district were taken."
>>> [(m.surface, m.place, m.located_at.name, m.geo_precision) for m in parser.parse(text) if m.located_at]
[('Qzwertli', None, 'Fuzuli District', 2), ('Blorkand', None, 'Fuzuli District', 2)]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import PlaceNotFound
from geomap.gazetteer.layerfiles import LISTED_SOURCE
from geomap.gazetteer.names import caseless
from geomap.geoparse.focus import Focus
from geomap.geoparse.inflection import base_forms
from geomap.geoparse.kindwords import NATURAL_KINDS, plural

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.gazetteer import Gazetteer, Place
    from geomap.geoparse import Mention

__all__ = ["ListedName", "find_lists", "locate_listed"]

_UPPER = "A-ZÀ-ÖØ-ÞƏİĞŞÇÜÖА-ЯЁԱ-Ֆ"
_WORD = rf"[{_UPPER}][\w’'ʼ]*(?:-[\w’'ʼ]+)*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:,?\s+(?:and|or)\s+{_NAME})?"
_AZ_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:,?\s+(?:və|ve)\s+{_NAME})?"
# Plural words, and "the A village of the D district" (_SINGLE): "the village of X" alone is one name,
# which the geoparser's own patterns find.
_SETTLEMENT = r"(?:villages|settlements|hamlets)"
_ANY_SETTLEMENT = rf"\b{_SETTLEMENT}\b|\bvillage\b|kəndlər|сёл|сел[аоь]|деревн|посёлк|поселк|населённ|населенн"
# Each alternative of _ANY_SETTLEMENT holds one of these, case-folded: substring tests skip the regex's
# scan of texts that name no settlements (most texts).
_SETTLEMENT_STEMS = (
    "village",
    "settlements",
    "hamlets",
    "kəndlər",
    "сёл",
    "сел",
    "деревн",
    "посёлк",
    "поселк",
    "населённ",
    "населенн",
)
_UNIT = r"(?:district|region|rayon|province)"
# "... of the Fuzuli district", "... in Fuzuli" (a name the gazetteer knows as a district).
_DISTRICT_AFTER = rf"(?:\s*,?\s+(?:of|in)\s+(?:the\s+)?(?P<district>{_NAME})(?:\s+{_UNIT})?)?"
# "the villages of A, B and C (of the D district)"; "villages A and B"; "13 villages - A, B and C".
_GOVERNED = rf"\b{_SETTLEMENT}\s*(?:\s(?:of|named|called)\s+|[-–—:]\s*|\s)(?P<list>{_LIST}){_DISTRICT_AFTER}"
# "A, B and C villages (of the D district)".
_TRAILING = rf"(?P<list>{_LIST})\s+(?:villages|settlements){_DISTRICT_AFTER}"
# "the A village of the D district": one name, kept when the sentence names its district and unit word.
_SINGLE = rf"(?P<list>{_NAME})\s+village\s+(?:of|in)\s+(?:the\s+)?(?P<district>{_NAME})\s+{_UNIT}"
# "... of Fuzuli district, A and B of Jabrayil district": a further list after a district.
_CONTINUED = rf"\b{_UNIT}s?\s*,\s*(?:and\s+)?(?P<list>{_LIST})\s+(?:of|in)\s+(?:the\s+)?(?P<district>{_NAME})\s+{_UNIT}"
# Russian: "сёла A, B и C (Физулинского района)".
# A district's adjective ("Физулинского района") ends a name, it is not part of it.
_RU_WORD = rf"(?![{_UPPER}]\w*(?:ого|его|ом|ем)\s+район){_WORD}"
_RU_NAME = rf"{_RU_WORD}(?:[ \t]+{_RU_WORD}){{0,3}}"
_RU_LIST = rf"{_RU_NAME}(?:\s*,\s*{_RU_NAME})*(?:,?\s+(?:и|или)\s+{_RU_NAME})?"
_RU_VILLAGES = (
    rf"(?:сёла|села|сёл|сел|деревни|посёлки|поселки|населённые пункты|населенные пункты)\s+(?P<list>{_RU_LIST})"
    rf"(?:\s+(?P<district>{_WORD})\s+район\w*)?"
)
# Azerbaijani: "Füzuli rayonunun A, B və C kəndləri".
_AZ_VILLAGES = rf"(?:(?P<district>{_NAME})\s+rayonunun\s+)?(?P<list>{_AZ_LIST})\s+kəndlər\w*"
_ITEM_SPLIT = r"\s*,\s*(?:(?:and|or|və|ve|и|или)\s+)?|,?\s+(?:and|or|və|ve|и|или)\s+"
# Words that start a sentence or a clause and are not part of a village's name.
_LEADING = frozenset({"the", "and", "or", "of", "in", "on", "at", "from", "to", "by", "as", "also", "both", "и", "в"})
_SENTENCE = r"[^.!?\n]*(?:[.!?]+|\n|$)"
# Where a sentence starts: at the text's start or after an end mark (a capitalised first word is no name).
_SENTENCE_START = r"(?:^|[.!?:;\n][\s\"“”'‘’()]*)$"
_EARTH_RADIUS_KM = 6371.0


@cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """One of this module's patterns, compiled on first use: a text without a list or a listed village needs none."""
    return re.compile(pattern, flags)


@dataclass(frozen=True, slots=True)
class ListedName:
    """A name in a list of settlements, and the district the sentence puts the list in."""

    start: int
    end: int
    surface: str
    district: str | None


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the names of a matched list (``start``/``end`` of the list)."""
    spans = []
    pos = start
    for piece in [*_compiled(_ITEM_SPLIT).split(text[start:end])]:
        at = text.index(piece, pos)
        pos = at + len(piece)
        words = piece.split()
        while words and words[0].lower() in _LEADING:
            at += text[at:].index(words[0]) + len(words[0])
            while text[at].isspace():
                at += 1
            words = words[1:]
        if words:
            spans.append((at, pos))
    return spans


def _sentence_district(text: str, start: int) -> str | None:
    """A district named in the sentence around ``start`` ("in Fuzuli district, the villages of ...")."""
    for sentence in _compiled(_SENTENCE).finditer(text):
        if sentence.start() <= start < max(sentence.end(), sentence.start() + 1):
            found = re.findall(rf"({_NAME})\s+{_UNIT}", sentence.group())
            return found[0] if found else None
    return None


def _common(word: str) -> bool:
    """Whether ``word`` is an ordinary English word (wordfreq Zipf >= ``settings.list_common_zipf``)."""
    from wordfreq import zipf_frequency  # noqa: PLC0415 - slow to import; only lists need it

    return zipf_frequency(word.lower(), "en") >= settings.list_common_zipf


# Each list pattern and words one of which every match of it holds (as written): a text without them is not scanned.
_PATTERN_WORDS = (
    (_GOVERNED, ("villages", "settlements", "hamlets")),
    (_TRAILING, ("villages", "settlements")),
    (_SINGLE, ("village",)),
    (_CONTINUED, ("district", "region", "rayon", "province")),
    (_AZ_VILLAGES, ("kəndlər",)),
    (_RU_VILLAGES, ("сёл", "сел", "деревни", "посёлки", "поселки", "населённые", "населенные")),
)


@cache
def _list_patterns() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """The list patterns with their words, compiled on first use (compiling costs more than most texts' parse)."""
    return tuple((re.compile(pattern), words) for pattern, words in _PATTERN_WORDS)


def find_lists(text: str) -> list[ListedName]:
    """Every capitalised name in a list governed by a word for settlements, with its district if named.

    Examples
    --------
    >>> [(n.surface, n.district) for n in find_lists("Zorvan, Akhli and Dovshanli villages of the Zangilan district")]
    [('Zorvan', 'Zangilan'), ('Akhli', 'Zangilan'), ('Dovshanli', 'Zangilan')]
    """
    found: dict[tuple[int, int], ListedName] = {}
    folded = caseless(text)
    if not any(stem in folded for stem in _SETTLEMENT_STEMS):
        return []
    if not _compiled(_ANY_SETTLEMENT, re.IGNORECASE).search(text):
        return []
    for pattern, words in _list_patterns():
        if not any(word in text for word in words):
            continue
        for match in pattern.finditer(text):
            district = match.group("district") or _sentence_district(text, match.start())
            for start, end in _items(text, *match.span("list")):
                surface = text[start:end]
                if surface.split()[-1].lower() in {"district", "region", "rayon", "province"}:
                    continue
                found.setdefault((start, end), ListedName(start, end, surface, district))
    return sorted(found.values(), key=lambda n: n.start)


def _km(a: Place, lon: float, lat: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    d = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - a.lon) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(d))


def _district(gazetteer: Gazetteer, name: str | None) -> Place | None:
    """The district called ``name``, also as a Russian adjective ("Физулинского" -> "Физулинский район")."""
    if not name:
        return None
    for candidate in (name, *(f"{b} район" for b in base_forms(name))):
        matches = gazetteer.lookup(candidate, kind="district", fuzzy=False, limit=1)
        if matches:
            return matches[0].place
    return None


def _near(place: Place, district: Place) -> bool:
    """Whether ``place`` lies in ``district`` or within ``settings.list_district_reach_km`` of it."""
    if place.parent == district.place_id:
        return True
    from geomap import crs  # noqa: PLC0415 - geometry only for lists (geomap places stays light)
    from geomap.gazetteer.boundaries import boundary  # noqa: PLC0415

    unit = boundary(district.place_id)
    reach = settings.list_district_reach_km
    if unit is not None:
        import shapely  # noqa: PLC0415

        return bool(crs.buffer_km([unit.geometry], reach)[0].contains(shapely.Point(place.lon, place.lat)))
    return _km(district, place.lon, place.lat) <= reach


def _listed_only(mention: Mention) -> bool:
    place = mention.place
    return place is not None and place.source.startswith(LISTED_SOURCE)


# A capitalised word next to a name, joined by a space: "Teymur Aliyev" is a person, not Gubadli's Teymur.
_NEXT_WORD = rf"[ \t]+({_WORD})"
_WORD_BEFORE = rf"({_WORD})[ \t]+$"
_NEAR_CHARS = 60  # how far back the word before a name and its sentence's start are looked for
_KIND_WORDS = frozenset({"district", "rayon", "region", "province", "village", "villages", "settlement", "kəndi"})


# Words after a name that make it a natural feature, not the village of that name: "the Pambak range" is the
# ridge, "the Kurakchay river" the river: the natural kinds' words (kindwords), lakes, and more relief.
_FEATURE_WORDS = frozenset(
    form
    for word in (
        *NATURAL_KINDS,
        "lake",
        "range",
        "ridge",
        "gorge",
        "valley",
        "reservoir",
    )
    for form in (word, plural(word))
)
_FOLLOWING_WORD = r"[ \t]+(\w+)"


def _names_a_feature(text: str, mention: Mention) -> bool:
    """Whether the word after ``mention`` makes it a natural feature ("Pambak range", "Kurakchay river")."""
    after = _compiled(_FOLLOWING_WORD).match(text, mention.end)
    return after is not None and after.group(1).casefold() in _FEATURE_WORDS


def _in_person_name(text: str, mention: Mention, starts: set[int]) -> bool:
    """Whether a capitalised word that is no place joins ``mention`` to a longer name ("Teymur Aliyev")."""
    after = _compiled(_NEXT_WORD).match(text, mention.end)
    neighbours = [(after.group(1), after.start(1))] if after else []
    lo = max(0, mention.start - _NEAR_CHARS)
    before = _compiled(_WORD_BEFORE).search(text, lo, mention.start)
    if before is not None and not _compiled(_SENTENCE_START).search(
        text, max(0, before.start(1) - _NEAR_CHARS), before.start(1)
    ):
        neighbours.append((before.group(1), before.start(1)))
    return any(word.casefold() not in _KIND_WORDS and at not in starts for word, at in neighbours)


def _at_district(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions``, those resolved to a village known only from a district's list located at the district.

    Such a village is a place only in a place context: a word for its kind ("the village of X"), or a text
    that names other places of Azerbaijan or Armenia; elsewhere ("he met Padar") its mention is dropped, and
    so is one joined to a capitalised word that is no place ("Teymur Aliyev") or followed by a word for a
    natural feature ("the Pambak range"). A list of settlements still
    finds such a name (:func:`locate_listed`).
    """
    if not any(_listed_only(m) and m.located_at is None for m in mentions):
        return list(mentions)  # most texts: nothing to locate
    regional = any(
        m.place is not None and m.place.country in {"AZ", "AM"} and not _listed_only(m) and m.place.kind != "country"
        for m in mentions
    )
    starts = {m.start for m in mentions}
    out = []
    for mention in mentions:
        place = mention.place
        if place is not None and _listed_only(mention) and mention.located_at is None:
            if (
                (not regional and mention.cue is None)
                or _in_person_name(text, mention, starts)
                or _names_a_feature(text, mention)
            ):
                continue
            try:
                district: Place | None = gazetteer.get(place.parent)
            except PlaceNotFound:
                district = None
            note = place.source if mention.note is None else f"{place.source}; {mention.note}"
            mention = replace(mention, located_at=district, geo_precision=2, note=note)  # noqa: PLW2901
        out.append(mention)
    return out


def locate_listed(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with every listed settlement name kept, added or unresolved as the module docstring says."""
    from geomap.geoparse import Mention  # noqa: PLC0415 - geoparse imports this module

    listed = find_lists(text)
    out = sorted(_at_district(text, mentions, gazetteer), key=lambda m: (m.start, -m.end))
    if not listed:
        return out
    local = Focus.of([m.place for m in out if m.place is not None and m.place.layer == "curated"])
    for name in listed:
        district = _district(gazetteer, name.district)
        overlapping = [m for m in out if m.role == "name" and m.start < name.end and name.start < m.end]
        if not overlapping and any(_common(word) for word in re.split(r"[\s-]+", name.surface)):
            continue  # "Wednesday", "Georgian-controlled": ordinary words the geoparser did not take for places
        if any(
            m.place is not None
            and (_near(m.place, district) if district else m.candidates <= 1 or not (local and local.is_far(m.place)))
            for m in overlapping
        ):
            continue
        if any(m.place is not None and m.place.kind == "district" for m in overlapping):
            continue
        out = [m for m in out if m not in overlapping]
        note = (
            f"in no gazetteer near {district.name}; located at its district (geo-precision 2)"
            if district is not None
            else "a settlement named in a list; in no gazetteer, and the sentence names no district"
        )
        mention = Mention(name.surface, name.start, name.end, None, cue="populated place")
        out.append(replace(mention, located_at=district, geo_precision=2 if district else None, note=note))
    return sorted(out, key=lambda m: (m.start, -m.end))
