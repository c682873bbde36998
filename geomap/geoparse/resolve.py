"""Choosing the place a name stands for: each candidate's own merit, then its fit with the text.

Each candidate first gets a score of its own: how its name matched (its
main name, another name, a transliteration), its layer (curated before user
before GeoNames), its population and kind, and the cue words around the
mention. A state or country right after a name ("Athens, Ga.", "Walker
County, Texas") favours the readings where one lies in the other. Then
every candidate is scored for its fit with the likely readings of the
text's other names and demonyms (:mod:`geomap.geoparse.coherence`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from geomap import names
from geomap.errors import PlaceNotFound
from geomap.geoparse.coherence import Readings, coherence
from geomap.geoparse.find import latin
from geomap.geoparse.mention import Mention
from geomap.places import Match

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from geomap.gazetteer import Gazetteer
    from geomap.places import Place

# Between a place and the state or country that qualifies it ("Athens, Ga.", "Dalton, Georgia").
_QUALIFIER_GAP = re.compile(r"^,\s*$|^\s*\(\s*$")
# Scoring weights (see Geoparser._prior and Geoparser._context).
_ALIAS_PENALTY = 0.5
_CURATED_BONUS = 1.0
_USER_BONUS = 0.75
_MISMATCH_PENALTY = 3.0
_KIND_BONUS = {"country": 2.0, "region": 1.0, "populated place": 0.5}
_QUALIFIER_BONUS = 4.0
_CONTEXT_ROUNDS = 2
_COHERENCE_WEIGHT = 5.0
_MAX_CANDIDATES = 12


class Resolver:
    """The choosing half of :class:`~geomap.geoparse.Geoparser`: a place for every span."""

    gazetteer: Gazetteer
    _country_ids: dict[str, bool]

    @cached_property
    def demonyms(self) -> dict[str, Place]:
        """Demonym keys -> the place they stand for: the indexed layers' tables, then the gazetteer's own."""
        table: dict[str, Place] = {}
        for layer in self.gazetteer.indexed_layers:
            table.update(getattr(layer, "demonyms", {}))
        table.update(self.gazetteer.demonyms)
        return table

    def _candidates(self, surface: str) -> list[Match]:
        demonym = self.demonyms.get(names.key(surface))
        if demonym is not None:
            return [Match(demonym, surface, "exact", 100.0)]
        return self.gazetteer.lookup(surface, fuzzy=False, limit=None)

    def _prior(self, match: Match, surface: str, cue: str | None) -> float:
        """How good a candidate is on its own: the match, the layer, the population, the kind, the cue."""
        place = match.place
        score = {"exact": 3.0, "loose": 2.5}.get(match.method, 2.0 * match.score / 100)
        if names.key(match.alias) != names.key(place.name):
            score -= _ALIAS_PENALTY  # another name of the place (Shiloh for Springdale) is a weaker reading
        if latin(match.alias) != latin(surface):
            score -= _MISMATCH_PENALTY  # "We" is not a transliteration of Huế's Thai name
        if surface.isupper() and len(surface) <= 4 and surface not in place.names:  # noqa: PLR2004
            score -= _MISMATCH_PENALTY  # EU is not Eu
        score += _CURATED_BONUS if place.layer == "curated" else _USER_BONUS if place.layer.startswith("user:") else 0.0
        score += 0.35 * math.log10(place.population + 1)
        score += _KIND_BONUS.get(place.kind, 0.0)
        if cue is not None:
            score += 3.0 if place.kind == cue else -1.0
        return score

    @staticmethod
    def _contains(outer: Place, inner: Place) -> bool:
        """Whether ``inner`` lies in ``outer`` by the admin hierarchy (a town in its state or country)."""
        if outer.place_id == inner.place_id:
            return False
        if outer.kind == "country":
            return inner.country == outer.country
        return outer.kind in {"region", "district"} and inner.parent == outer.place_id

    def _qualifier_bonus(
        self, text: str, spans: Sequence[tuple[int, int, str | None]], options: Sequence[Sequence[Match]]
    ) -> list[NDArray[np.float64]]:
        """Bonus for a name and the state or country right after it ("Athens, Ga.", "Walker County, Georgia")."""
        bonus = [np.zeros(len(opts)) for opts in options]
        for i in range(len(spans) - 1):
            gap = text[spans[i][1] : spans[i + 1][0]]
            if not _QUALIFIER_GAP.match(gap) or not options[i] or not options[i + 1]:
                continue
            for b, outer in enumerate(options[i + 1]):
                if outer.place.kind not in {"region", "country"}:
                    continue
                for a, inner in enumerate(options[i]):
                    if self._contains(outer.place, inner.place):
                        bonus[i][a] = _QUALIFIER_BONUS
                        bonus[i + 1][b] = _QUALIFIER_BONUS
        return bonus

    def _admin(self, place: Place) -> str:
        """The state (or other region) a place is in, or is; empty for countries and towns whose parent is a country.

        GeoNames towns outside the US name their country as parent: two of
        them share a country, not a province.
        """
        if place.kind == "region":
            return place.place_id
        if place.kind == "country" or not place.parent or self._is_country(place.parent):
            return ""
        return place.parent

    def _is_country(self, place_id: str) -> bool:
        known = self._country_ids.get(place_id)
        if known is None:
            try:
                known = self.gazetteer.get(place_id).kind == "country"
            except PlaceNotFound:
                known = False
            self._country_ids[place_id] = known
        return known

    def _resolve(
        self, text: str, spans: Sequence[tuple[int, int, str | None]], context: Sequence[Place] = ()
    ) -> list[Mention]:
        """Choose a place for every span: each candidate's own merit, then its fit with the rest of the text.

        ``context`` holds places the text names outside ``spans`` (its demonyms).
        """
        surfaces = [text[s:e] for s, e, _ in spans]
        keys = [names.key(surface) for surface in surfaces]
        options = [self._candidates(surface) for surface in surfaces]
        priors = [
            np.array([self._prior(m, surface, cue) for m in opts])
            for (_, _, cue), surface, opts in zip(spans, surfaces, options, strict=True)
        ]
        base = [p + q for p, q in zip(priors, self._qualifier_bonus(text, spans, options), strict=True)]
        # One reading per distinct name: its best candidates by their own merit.
        first: dict[str, int] = {}
        for i, key in enumerate(keys):
            if len(base[i]) and (key not in first or base[i].max() > base[first[key]].max()):
                first[key] = i
        groups: list[int] = []
        picked: list[tuple[int, int]] = []
        for g, i in enumerate(first.values()):
            for c in np.argsort(-base[i])[:_MAX_CANDIDATES]:
                groups.append(g)
                picked.append((i, int(c)))
        places = [options[i][c].place for i, c in picked]
        own = np.array([base[i][c] for i, c in picked])
        unique = {p.place_id: p for p in context}  # each place once, counted (linear memory)
        times = Counter(p.place_id for p in context)
        counts = np.array([times[place_id] for place_id in unique], dtype=float)
        readings = Readings.of([*places, *unique.values()], self._admin)
        candidates, others = (
            readings.take(np.arange(len(places))),
            readings.take(np.arange(len(places), len(readings.xyz))),
        )
        index = np.asarray(groups, dtype=np.intp)
        scores = own
        for _ in range(_CONTEXT_ROUNDS):
            scores = own + _COHERENCE_WEIGHT * coherence(index, scores, candidates, others, counts)
        fit = {(i, c): float(scores[k] - own[k]) for k, (i, c) in enumerate(picked)}
        by_key: dict[str, dict[str, float]] = {}
        for (i, c), f in fit.items():
            by_key.setdefault(keys[i], {})[options[i][c].place.place_id] = f
        final = [
            base[i] + np.array([by_key.get(keys[i], {}).get(m.place.place_id, -_COHERENCE_WEIGHT) for m in opts])
            for i, opts in enumerate(options)
        ]
        choice = [int(np.argmax(s)) if len(s) else -1 for s in final]
        mentions = []
        for (start, end, cue), surface, opts, score, best in zip(spans, surfaces, options, final, choice, strict=True):
            if best < 0:
                mentions.append(Mention(surface, start, end, None, cue=cue))
                continue
            ranked = np.sort(score)[::-1]
            margin = float(ranked[0] - ranked[1]) if len(ranked) > 1 else 5.0
            match = opts[best]
            confidence = round(min(1.0, 0.5 + margin / 10.0) * (match.score / 100.0), 3)
            mentions.append(
                Mention(surface, start, end, match.place, match.alias, match.method, confidence, cue, len(opts))
            )
        return mentions
