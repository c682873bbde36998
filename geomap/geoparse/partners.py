"""Namesakes chosen by the places next to them: a name's list partners and its sentence.

Coherence (:mod:`geomap.geoparse.coherence`) weighs every name of a text
alike, so a report that names many places of Armenia pulls "Martuni" in
"Hadrut, Martuni and Shushi" to Armenia's Martuni, 159 km from the other two.
The places nearest a name say more than the whole text: when the curated
layer (the conflict zone) has namesakes of a name's place,

- its *list partners*, the names joined to it by commas, "and" or "or"
  ("Hadrut, Martuni and Shushi"), decide; without any, the other places of
  its *sentence* do ("Martuni, on the shore of Lake Sevan");
- the namesake nearest to them replaces the chosen place when it lies within
  ``settings.partner_reach_km`` of one of them and at least
  ``settings.partner_gain_km`` nearer than the chosen place.

Villages known only from a district's list (``gazetteer/listed_villages.csv``)
stand at their district's point, and several districts list the same name
(Qaradağlı, Umudlu). For those the district the sentence names decides, then
the district nearest to the report's other places; without either the
mention keeps its reading with a lower score and a note that says so.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> parser = Geoparser(Gazetteer.default(base=False))
>>> [m.place.name for m in parser.parse("Shells fell on Vardenis, Martuni and Gavar.")]
['Vardenis', 'Martuni', 'Gavar']
>>> [m.place.name for m in parser.parse("Shells fell on Hadrut, Martuni and Shushi.")]
['Hadrut', 'Khojavend', 'Shusha']
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from geomap import settings
from geomap.errors import PlaceNotFound
from geomap.gazetteer import names
from geomap.gazetteer.layerfiles import LISTED_SOURCE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.gazetteer import Gazetteer, Place
    from geomap.gazetteer.places import Layer
    from geomap.geoparse import Mention

__all__ = ["UNDECIDED_SCORE", "choose_by_partners"]

#: The score of a listed village whose namesakes neither the sentence nor the report tell apart.
UNDECIDED_SCORE = 0.4

_EARTH_RADIUS_KM = 6371.0
# What joins two names of one list: a comma, "and", "or" (and both).
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or|və|и)\s+)?|\s(?:and|or|və|и)\s+)\s*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_AREAS = frozenset({"country", "region"})


def _km(place: Place, points: np.ndarray) -> float:
    """Distance (km) from ``place`` to the nearest of ``points`` (rows of lon, lat; inf without any)."""
    if not len(points):
        return float("inf")
    lon1, lat1 = np.radians(points[:, 0]), np.radians(points[:, 1])
    lon2, lat2 = np.radians(place.lon), np.radians(place.lat)
    d = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return float((2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(d))).min())


def _listed(place: Place) -> bool:
    return place.source.startswith(LISTED_SOURCE)


def _namesakes(layer: Layer, mention: Mention) -> list[tuple[Place, str]]:
    """The curated places of the mention's name and of its place's kind (or cue), the chosen one first."""
    place = mention.place
    if place is None:
        return []
    kind = mention.cue or place.kind
    # The name that matched, not the surface: an inflected "Qaralarda" has the namesakes of "Qaralar".
    name = mention.alias or mention.surface
    found = {place.place_id: (place, name)}
    for other, alias in [*layer.exact(names.key(name)), *layer.loose(names.loose_key(name))]:
        if other.kind == kind:
            found.setdefault(other.place_id, (other, alias))
    return list(found.values())


def _points(mentions: Sequence[Mention], skip: str) -> np.ndarray:
    """The points of the mentions' places that locate (no countries or regions), but ``skip``'s namesakes."""
    points = [
        (m.place.lon, m.place.lat)
        for m in mentions
        if m.place is not None and m.place.kind not in _AREAS and names.loose_key(m.alias or m.surface) != skip
    ]
    return np.asarray(points, dtype=float).reshape(-1, 2)


def _list_of(text: str, named: Sequence[Mention], i: int) -> list[Mention]:
    """The names joined to ``named[i]`` in one list (commas, "and", "or"), itself left out."""
    lo = hi = i
    while lo > 0 and _LIST_GAP.fullmatch(text[named[lo - 1].end : named[lo].start]):
        lo -= 1
    while hi + 1 < len(named) and _LIST_GAP.fullmatch(text[named[hi].end : named[hi + 1].start]):
        hi += 1
    return [m for j, m in enumerate(named[lo : hi + 1], lo) if j != i]


def _sentence_of(text: str, named: Sequence[Mention], i: int) -> list[Mention]:
    """The other names of the sentence ``named[i]`` is in."""
    mention = named[i]
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, mention.start)]
    start = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, mention.end)
    end = end_match.start() if end_match else len(text)
    return [m for j, m in enumerate(named) if j != i and start <= m.start and m.end <= end]


def _nearest(readings: Sequence[tuple[Place, str]], points: np.ndarray, place: Place) -> tuple[Place, str] | None:
    """The reading the points ask for instead of ``place`` (see the module docstring), or None."""
    if not len(points):
        return None
    current = _km(place, points)
    best = min(readings, key=lambda r: _km(r[0], points))
    best_km = _km(best[0], points)
    if best[0].place_id == place.place_id or best_km > settings.partner_reach_km:
        return None
    return best if current - best_km >= settings.partner_gain_km else None


def _by_district(readings: Sequence[tuple[Place, str]], sentence: Sequence[Mention]) -> tuple[Place, str] | None:
    """The reading whose district the sentence names ("... of the Aghdam district")."""
    districts = {m.place.place_id for m in sentence if m.place is not None and m.place.kind == "district"}
    inside = [r for r in readings if r[0].parent in districts]
    return inside[0] if len(inside) == 1 else None


def _chosen(mention: Mention, reading: tuple[Place, str]) -> Mention:
    place, alias = reading
    if place.place_id == (mention.place.place_id if mention.place else None):
        return mention
    return replace(mention, place=place, alias=alias)


def _name_of(gazetteer: Gazetteer, place_id: str) -> str:
    try:
        return gazetteer.get(place_id).name
    except PlaceNotFound:
        return place_id


def _listed_choice(
    mention: Mention,
    readings: Sequence[tuple[Place, str]],
    sentence: Sequence[Mention],
    report: np.ndarray,
    gazetteer: Gazetteer,
) -> Mention:
    """A listed village among listed namesakes: the sentence's district, then the report's nearest places."""
    by_district = _by_district(readings, sentence)
    if by_district is not None:
        return _chosen(mention, by_district)
    km = [_km(place, report) for place, _ in readings]
    order = np.argsort(km)
    if np.isfinite(km[order[0]]) and km[order[1]] - km[order[0]] >= settings.partner_gain_km:
        return _chosen(mention, readings[int(order[0])])
    districts = sorted({_name_of(gazetteer, place.parent) for place, _ in readings})
    note = f"listed in {len(districts)} districts ({', '.join(districts)}): the text does not say which"
    return replace(mention, score=min(mention.score, UNDECIDED_SCORE), note=note)


def choose_by_partners(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with namesakes chosen by their list partners and sentences (see the module docstring)."""
    curated = next((layer for layer in gazetteer.layers if layer.name == "curated"), None)
    if curated is None:
        return list(mentions)
    named = [m for m in mentions if m.role == "name"]
    out = {id(m): m for m in mentions}
    for i, mention in enumerate(named):
        readings = _namesakes(curated, mention) if mention.place is not None else []
        if len(readings) < 2 or mention.place is None:  # noqa: PLR2004 - one reading: nothing to choose
            continue
        key = names.loose_key(mention.alias or mention.surface)
        partners = _list_of(text, named, i)
        sentence = _sentence_of(text, named, i)
        if all(_listed(place) for place, _ in readings):
            out[id(mention)] = _listed_choice(mention, readings, sentence, _points(named, key), gazetteer)
            continue
        points = _points(partners, key)
        better = _nearest(readings, points if len(points) else _points(sentence, key), mention.place)
        if better is not None:
            out[id(mention)] = _chosen(mention, better)
    return [out[id(m)] for m in mentions]
