"""Choosing the place a name stands for: each candidate's own merit, then its fit with the text.

Each candidate first gets a score of its own: how its name matched (its
main name, another name, a transliteration), its layer (curated before user
before GeoNames), its population and kind, and the cue words around the
mention. A state or country right after a name ("Athens, Ga.", "Walker
County, Texas") favours the readings where one lies in the other. Then
every candidate is scored for its fit with the likely readings of the
text's other names and demonyms (:mod:`geomap.geoparse.coherence`). All of
it runs on the candidates' arrays (:mod:`geomap.geoparse.candidates`); a
row is read only for the place chosen. A name's candidates are gathered
once and kept for its later mentions and texts.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from geomap.gazetteer import names
from geomap.gazetteer.nameindex import LATIN, MAIN_NAME
from geomap.gazetteer.places import KINDS
from geomap.geoparse.candidates import Candidates, candidates, demonym_candidate
from geomap.geoparse.coherence import Readings, in_context
from geomap.geoparse.mention import Mention

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from numpy.typing import NDArray

    from geomap.gazetteer import Gazetteer
    from geomap.gazetteer.places import Place

# Between a place and the state or country that qualifies it ("Athens, Ga.", "Dalton, Georgia").
_QUALIFIER_GAP = re.compile(r"^,\s*$|^\s*\(\s*$")
# Scoring weights (see Resolver._prior).
_ALIAS_PENALTY = 0.5
_CURATED_BONUS = 1.0
_USER_BONUS = 0.75
_MISMATCH_PENALTY = 3.0
_POPULATION_WEIGHT = 0.35
_KIND_BONUS = np.array([{"country": 2.0, "region": 1.0, "populated place": 0.5}.get(k, 0.0) for k in KINDS])
_QUALIFIER_BONUS = 4.0
_CONTEXT_ROUNDS = 2
_COHERENCE_WEIGHT = 5.0
_MAX_CANDIDATES = 12
_SHORT_UPPER = 4
_COUNTRY, _REGION = KINDS.index("country"), KINDS.index("region")
_IS_AREA = np.array([kind in {"country", "region"} for kind in KINDS])
_CACHED_NAMES = 20_000


class Target(NamedTuple):
    """A span to resolve: its offsets, the cue around it, and its exact and loose keys."""

    start: int
    end: int
    cue: str | None
    key: str
    loose: str


@dataclass(frozen=True, slots=True)
class Scored:
    """A name's candidates with their priors, and the best few as coherence compares them (kept per name)."""

    options: Candidates
    prior: NDArray[np.float64]
    best: float  # the highest prior; -inf without candidates
    top: NDArray[np.intp]  # the best :data:`_MAX_CANDIDATES` by prior, best first
    top_prior: NDArray[np.float64]
    readings: Readings  # of the ``top`` candidates (Readings.of_columns)

    @classmethod
    def of(cls, options: Candidates, prior: NDArray[np.float64]) -> Scored:
        """The scored candidates ``options`` with priors ``prior``."""
        top = np.argsort(-prior)[:_MAX_CANDIDATES]
        best = float(prior.max()) if len(prior) else -np.inf
        return cls(options, prior, best, top, prior[top], _readings(options, top))


def _readings(options: Candidates, index: NDArray[np.intp] | slice) -> Readings:
    return Readings.of_columns(
        options.lon[index], options.lat[index], _IS_AREA[options.kind[index]], options.admin[index],
        options.country[index],
    )  # fmt: skip


class Resolver:
    """The choosing half of :class:`~geomap.geoparse.Geoparser`: a place for every span."""

    gazetteer: Gazetteer
    _candidate_cache: dict[tuple[str, str, bool, str, str | None], Scored]
    _context_cache: dict[str, Readings]

    @cached_property
    def _demonym_tables(self) -> list[Mapping[str, Place]]:
        """The gazetteer's demonyms, then the indexed layers' tables, last first (the first that has a key wins)."""
        tables = [getattr(layer, "demonyms", {}) for layer in self.gazetteer.indexed_layers]
        return [self.gazetteer.demonyms, *reversed(tables)]

    def demonym(self, key: str) -> Place | None:
        """The place a demonym key stands for, or None; each table looks a demonym up only when a text has it."""
        return next((table[key] for table in self._demonym_tables if key in table), None)

    @cached_property
    def _layers(self) -> list[Any]:
        return list(self.gazetteer.layers)

    @cached_property
    def _layer_bonus(self) -> NDArray[np.float64]:
        return np.array(
            [
                _CURATED_BONUS if layer.name == "curated" else _USER_BONUS if layer.name.startswith("user:") else 0.0
                for layer in self.gazetteer.layers
            ]
        )

    def _scored(self, surface: str, target: Target) -> Scored:
        """The candidates of a target and their priors, kept for the name's later mentions."""
        latin = names.latin(surface)
        upper = surface if surface.isupper() and len(surface) <= _SHORT_UPPER else ""
        memo = (target.key, target.loose, latin, upper, target.cue)
        found = self._candidate_cache.get(memo)
        if found is None:
            if len(self._candidate_cache) >= _CACHED_NAMES:
                self._candidate_cache.clear()
            demonym = self.demonym(target.key)
            if demonym is not None:
                options = demonym_candidate(self._layers, demonym, surface)
            else:
                options = candidates(self._layers, target.key, target.loose)
            found = Scored.of(options, self._prior(options, surface, target.cue))
            self._candidate_cache[memo] = found
        return found

    def _prior(self, found: Candidates, surface: str, cue: str | None) -> NDArray[np.float64]:
        """How good each candidate is on its own: the match, the layer, the population, the kind, the cue."""
        score = np.where(found.exact, 3.0, 2.5)
        # another name of the place (Shiloh for Springdale) is a weaker reading
        score -= np.where(found.flags & MAIN_NAME, 0.0, _ALIAS_PENALTY)
        # "We" is not a transliteration of Huế's Thai name
        latin = LATIN if names.latin(surface) else 0
        score -= np.where(((found.flags & LATIN) != latin) & (found.alias >= 0), _MISMATCH_PENALTY, 0.0)
        if surface.isupper() and len(surface) <= _SHORT_UPPER:  # EU is not Eu
            other = [surface not in found.place(self._layers, i).names for i in range(len(found))]
            score -= np.where(other, _MISMATCH_PENALTY, 0.0)
        score += self._layer_bonus[found.layer]
        score += _POPULATION_WEIGHT * found.log_population
        score += _KIND_BONUS[found.kind]
        if cue is not None:
            score += np.where(found.kind == KINDS.index(cue), 3.0, -1.0)
        return score

    @staticmethod
    def _qualifier_bonus(
        text: str, targets: Sequence[Target], options: Sequence[Candidates]
    ) -> dict[int, NDArray[np.float64]]:
        """Bonus for a name and the state or country right after it ("Athens, Ga.", "Walker County, Georgia").

        Only the targets with a qualifier gap after or before them are in the answer.
        """
        bonus: dict[int, NDArray[np.float64]] = {}
        for i in range(len(targets) - 1):
            inner, outer = options[i], options[i + 1]
            gap = text[targets[i].end : targets[i + 1].start]
            if ("," not in gap and "(" not in gap) or not _QUALIFIER_GAP.match(gap) or not len(inner) or not len(outer):
                continue
            same_layer = inner.layer[:, None] == outer.layer[None, :]
            same = same_layer & (inner.row[:, None] == outer.row[None, :])
            in_country = (outer.kind[None, :] == _COUNTRY) & (inner.country[:, None] == outer.country[None, :])
            in_region = (outer.kind[None, :] == _REGION) & same_layer & (inner.parent[:, None] == outer.row[None, :])
            contains = (in_country | in_region) & ~same
            bonus.setdefault(i, np.zeros(len(inner)))[contains.any(axis=1)] = _QUALIFIER_BONUS
            bonus.setdefault(i + 1, np.zeros(len(outer)))[contains.any(axis=0)] = _QUALIFIER_BONUS
        return bonus

    def _resolve(self, text: str, targets: Sequence[Target], context: Sequence[Place] = ()) -> list[Mention]:
        """Choose a place for every target: each candidate's own merit, then its fit with the rest of the text.

        ``context`` holds places the text names outside ``targets`` (its demonyms).
        """
        surfaces = [text[t.start : t.end] for t in targets]
        scored = [self._scored(s, t) for s, t in zip(surfaces, targets, strict=True)]
        options = [s.options for s in scored]
        bonus = self._qualifier_bonus(text, targets, options)
        base = [s.prior + bonus[i] if i in bonus else s.prior for i, s in enumerate(scored)]
        best = [float(base[i].max()) if i in bonus else s.best for i, s in enumerate(scored)]
        # One reading per distinct name: its best candidates by their own merit.
        first: dict[str, int] = {}
        for i, target in enumerate(targets):
            if len(options[i]) and (target.key not in first or best[i] > best[first[target.key]]):
                first[target.key] = i
        picks = [self._pick(scored[i], base[i]) if i in bonus else scored[i] for i in first.values()]
        fits = self._fits(picks, context)
        by_key = {targets[i].key: (options[i], fit) for i, fit in zip(first.values(), fits, strict=True)}
        mentions = []
        chosen: dict[tuple[int, str], tuple[Place, str, str, float]] = {}  # a name's later mentions read the same
        for i, (target, surface, found) in enumerate(zip(targets, surfaces, options, strict=True)):
            if not len(found.row):
                mentions.append(Mention(surface, target.start, target.end, None, cue=target.cue))
                continue
            memo = (id(scored[i]), surface)
            choice = None if i in bonus else chosen.get(memo)
            if choice is None:
                choice = (
                    self._choose(found, base[i] + _fit_of(found, by_key.get(target.key)), surface)
                    if len(found.row) > 1
                    else self._only(found, surface)
                )
                if i not in bonus:
                    chosen[memo] = choice
            place, alias, method, confidence = choice
            mentions.append(
                Mention(surface, target.start, target.end, place, alias, method, confidence, target.cue, len(found.row))
            )
        return mentions

    def _choose(self, found: Candidates, score: NDArray[np.float64], surface: str) -> tuple[Place, str, str, float]:
        """The best-scoring candidate's place, alias and match method, and the confidence its margin gives."""
        best = int(score.argmax())
        score.sort()
        margin = float(score[-1] - score[-2]) if len(score) > 1 else 5.0
        confidence = round(min(1.0, 0.5 + margin / 10.0), 3)
        method = "exact" if found.exact[best] else "loose"
        place = found.place(self._layers, best)
        alias = int(found.alias[best])
        return place, surface if alias < 0 else place.names[alias], method, confidence

    def _only(self, found: Candidates, surface: str) -> tuple[Place, str, str, float]:
        """:meth:`_choose` of a name with one candidate: it, whatever its score, with the full confidence.

        One score has no margin to another; :meth:`_choose` gives it a margin of 5, so a confidence of 1.
        """
        place = found.place(self._layers, 0)
        alias = int(found.alias[0])
        return place, surface if alias < 0 else place.names[alias], "exact" if found.exact[0] else "loose", 1.0

    @staticmethod
    def _pick(scored: Scored, base: NDArray[np.float64]) -> Scored:
        """``scored`` with ``base`` for priors (a qualifier's bonus added)."""
        return Scored.of(scored.options, base)

    def _context_readings(self, place: Place) -> Readings:
        """The reading of a place the text names outside its spans (a demonym's country), kept per place."""
        found = self._context_cache.get(place.place_id)
        if found is None:
            if len(self._context_cache) >= _CACHED_NAMES:
                self._context_cache.clear()
            found = _readings(demonym_candidate(self._layers, place, place.name), slice(None))
            self._context_cache[place.place_id] = found
        return found

    def _fits(self, picks: Sequence[Scored], context: Sequence[Place]) -> list[NDArray[np.float64]]:
        """Per pick, each candidate's fit with the text (``-coherence weight`` for those not compared).

        The fits are views of one array, filled by one assignment.
        """
        if not picks:
            return []
        bounds = list(itertools.accumulate((len(p.options) for p in picks), initial=0))
        flat = np.full(bounds[-1], -_COHERENCE_WEIGHT)
        if len(picks) == 1 and not context:  # nothing to fit with: the best few gain nothing
            flat[picks[0].top] = 0.0
            return [flat]
        sizes = [len(p.top) for p in picks]
        groups = np.repeat(np.arange(len(picks), dtype=np.intp), sizes)
        own = np.concatenate([p.top_prior for p in picks])
        times = Counter(p.place_id for p in context)
        unique = {p.place_id: p for p in context}  # each place once, counted (linear memory)
        counts = np.array([times[place_id] for place_id in unique], dtype=float)
        readings = Readings.joined([p.readings for p in picks] + [self._context_readings(p) for p in unique.values()])
        n = len(groups)
        mine, theirs = readings.take(slice(0, n)), readings.take(slice(n, None))
        scores = in_context(groups, own, mine, theirs, counts, rounds=_CONTEXT_ROUNDS, weight=_COHERENCE_WEIGHT)
        flat[np.concatenate([p.top for p in picks]) + np.repeat(bounds[:-1], sizes)] = scores - own
        return [flat[lo:hi] for lo, hi in itertools.pairwise(bounds)]


def _fit_of(found: Candidates, known: tuple[Candidates, NDArray[np.float64]] | None) -> NDArray[np.float64]:
    """The fits of ``found`` from those of the same name's mention compared (matched by place)."""
    if known is None:
        return np.full(len(found), -_COHERENCE_WEIGHT)
    compared, fit = known
    if compared is found:
        return fit
    by_place = dict(zip(zip(compared.layer.tolist(), compared.row.tolist(), strict=True), fit.tolist(), strict=True))
    places = zip(found.layer.tolist(), found.row.tolist(), strict=True)
    return np.array([by_place.get(place, -_COHERENCE_WEIGHT) for place in places])
