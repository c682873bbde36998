"""Finding the places a text names, and choosing the right one in context.

:class:`Geoparser` turns a text into :class:`Mention` values, each with its
character span and the :class:`~geomap.gazetteer.Place` chosen for it (or
none: names that look like places but are in no gazetteer layer are kept as
unresolved mentions, never dropped).

Finding
    The memory layers (curated, user) are scanned all at once by an
    Aho-Corasick automaton over the words' loose keys; the memory-mapped
    GeoNames layer is probed with the capitalised word n-grams of the text.
    Overlapping hits keep the longest; ordinary words, sentence-initial
    common words and parts of people's names are not taken for places.
Choosing
    Each candidate first gets a score of its own: how its name matched (its
    main name, another name, a transliteration), its layer (curated before
    user before GeoNames), its population and kind, and the cue words around
    the mention ("height", "district", "village of", "road"). A state or
    country right after a name ("Athens, Ga.", "Walker County, Texas")
    favours the readings where one lies in the other. Then every candidate
    is scored for its fit with the likely readings of the text's other
    names and demonyms (the same state, nearness, the same country), on
    arrays, one text at a time: "Georgia" beside Clarke County is the
    state, beside Tbilisi the country. Abbreviations (``Ga.``, ``W.Va.``,
    ``U.S.``) keep their final period in the span.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> parser = Geoparser(Gazetteer.default(base=False))
>>> [(m.surface, m.place.kind) for m in parser.parse("the Murov height was liberated near Kalbacar")]
[('Murov height', 'mountain'), ('Kalbacar', 'populated place')]
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import numpy as np

from geomap import focus, inflection, listnames, names, settings, weapons
from geomap.errors import PlaceNotFound
from geomap.gazetteer import Gazetteer, IndexedLayer, Match, Place

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

__all__ = ["Geoparser", "Mention"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in a text.

    Attributes
    ----------
    surface
        The name as written; ``text[start:end] == surface``.
    start, end
        Character span in the text (end exclusive).
    place
        The chosen place, or None when no gazetteer layer knows the name.
    alias
        The gazetteer name or alias that matched, or None.
    method
        ``exact``, ``loose`` or ``fuzzy`` (see :meth:`Gazetteer.lookup`), or None.
    score
        Confidence in the choice, 0-1 (1 = one candidate, matched exactly).
    cue
        The kind of place the words around the mention point to, if any.
    candidates
        How many places were considered.
    role
        ``name`` for a place name; ``part`` for a place named inside a longer
        name (the ends of the "Vardenis-Agdara road"); ``demonym`` for an
        adjective standing for a country ("Russian President").
    located_at
        For a name no gazetteer knows: the larger place it lies in, when the
        text says (a listed village's district), else None.
    geo_precision
        2 when the mention is located only at ``located_at``; None otherwise.
    note
        How an unresolved mention was located, if it was.
    """

    surface: str
    start: int
    end: int
    place: Place | None
    alias: str | None = None
    method: str | None = None
    score: float = 0.0
    cue: str | None = None
    candidates: int = 0
    role: str = "name"
    located_at: Place | None = None
    geo_precision: int | None = None
    note: str | None = None

    @property
    def resolved(self) -> bool:
        """Whether a place was chosen."""
        return self.place is not None

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form: the span, the place chosen (None fields when unresolved) and its source."""
        place = self.place
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "resolved": self.resolved,
            "place_id": place.place_id if place else None,
            "name": place.name if place else None,
            "kind": place.kind if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "alias": self.alias,
            "method": self.method,
            "score": self.score,
            "cue": self.cue,
            "layer": place.layer if place else None,
            "source": place.source if place else None,
            "located_at": self.located_at.place_id if self.located_at else None,
            "located_at_name": self.located_at.name if self.located_at else None,
            "geo_precision": self.geo_precision,
            "note": self.note,
        }


# Words after a name that say what kind of place it is (and are kept out of the span
# when the name stands without them, as in "the Absheron district").
_TRAILING_CUES = {
    "district": "district",
    "districts": "district",
    "rayon": "district",
    "raion": "district",
    "rayonu": "district",
    "region": "region",
    "province": "region",
    "oblast": "region",
}
_AFTER_CUES = {
    **_TRAILING_CUES,
    "village": "populated place",
    "villages": "populated place",
    "town": "populated place",
    "city": "populated place",
    "settlement": "populated place",
    "height": "mountain",
    "heights": "mountain",
    "mountain": "mountain",
    "peak": "mountain",
    "range": "mountain",
    "pass": "pass",
    "road": "road",
    "highway": "road",
    "corridor": "road",
    "river": "river",
    "lake": "lake",
    "reservoir": "lake",
    # Azerbaijani and Russian words after a name, as folded (kəndi, şəhəri, района; see geomap.inflection).
    "rayonunun": "district",
    "rayonunda": "district",
    "rayonuna": "district",
    "rayonundan": "district",
    "kandi": "populated place",
    "kandinda": "populated place",
    "shahari": "populated place",
    "shaharinda": "populated place",
    "raiona": "district",
    "raione": "district",
}
_BEFORE_CUE = re.compile(
    r"\b(district|region|province|village|town|city|settlement|height|heights|mountain|river|lake)s?\s+of\s+"
    r"(?:[\w’'-]+,?\s+(?:and\s+)?){0,8}$",
    re.IGNORECASE,
)
_BEFORE_KIND = {
    "district": "district",
    "region": "region",
    "province": "region",
    "village": "populated place",
    "town": "populated place",
    "city": "populated place",
    "settlement": "populated place",
    "height": "mountain",
    "heights": "mountain",
    "mountain": "mountain",
    "river": "river",
    "lake": "lake",
}
# Lower-case words that may sit inside a multi-word place name.
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "el", "al", "upon", "on", "the", "and", "da", "do", "di"})
# Words that start a person's name or title: a place name does not follow them directly.
_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "president", "minister", "general", "gen", "colonel", "col", "sen", "senator", "rep"}
)
# Gaps allowed between the words of one name.
_NAME_GAP = re.compile(r"^[ \t]?[-–—]?[ \t]?$|^\s$")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$|\n\s*$")
_PATTERN_UNKNOWN = re.compile(
    r"\b(?:village|town|city|settlement|district|region|height)s?\s+of\s+([A-ZƏÖÜÇŞĞİ][\w’'-]+)"
    r"|\b([A-ZƏÖÜÇŞĞİ][\w’'-]+)\s+(?:village|settlement|district|rayon|height)\b",
)

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
_NEAR_KM = 150.0
_SAME_ADMIN = 0.8
_SAME_COUNTRY = 0.25
_EARTH_RADIUS_KM = 6371.0

_COMMON_WORD_ZIPF = 4.0
_BIG_PLACE = 1_000_000
_FAME_ZIPF = 0.75
# Between the letters of an abbreviation ("U.S.", "St. Louis", "W. Va.").
_ABBREVIATION_GAP = re.compile(r"^\.\s?$")
_ABBREVIATION_LETTERS = 3
_SENTENCE_START_ZIPF = 3.0


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # noqa: PLC0415 - 0.1 s to import; only texts need it, not start-up

    return zipf_frequency(word, "en")


@dataclass(slots=True)
class _Span:
    first: int  # token index
    last: int  # exclusive
    layer_rank: int
    cue: str | None = None
    demonym: Place | None = None
    dot: bool = False  # the name is an abbreviation whose final period belongs to it ("Ga.", "U.S.")


@lru_cache(maxsize=65536)
def _latin(name: str) -> bool:
    """Whether every letter of ``name`` is a Latin letter (an English text only matches such names)."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def _bare_county(place: Place, alias: str) -> bool:
    """Whether ``alias`` is a county's name without its ``County`` (a surname as often as a place)."""
    return place.kind == "district" and alias != place.name and place.name.startswith(f"{alias} ")


class Geoparser:
    """Find and resolve the place names of texts against a gazetteer.

    Parameters
    ----------
    gazetteer
        The gazetteer; :meth:`Gazetteer.default` when None.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = Gazetteer.default() if gazetteer is None else gazetteer
        self._country_ids: dict[str, bool] = {}

    # ------------------------------------------------------------------ finding

    def _gap_ok(self, text: str, tokens: Sequence[names.Token], first: int, last: int) -> bool:
        return all(_NAME_GAP.match(text[tokens[k].end : tokens[k + 1].start]) for k in range(first, last - 1))

    def _capitalised(self, tokens: Sequence[names.Token], first: int, last: int) -> bool:
        words = tokens[first:last]
        if not words[0].is_capitalised or not words[-1].is_capitalised:
            return False
        return all(t.is_capitalised or t.fold in _CONNECTORS for t in words)

    def _sentence_start(self, text: str, tokens: Sequence[names.Token], i: int) -> bool:
        return i == 0 or bool(_SENTENCE_END.search(text[max(0, tokens[i].start - 3) : tokens[i].start]))

    def _ordinary(  # noqa: PLR0911 - one rule a return
        self, text: str, tokens: Sequence[names.Token], first: int, last: int, places: Sequence[Place]
    ) -> bool:
        """Whether a GeoNames-only hit is more likely an ordinary word or part of a person's name."""
        if last - first > 1 or any(p.kind == "country" for p in places):
            return False
        token = tokens[first]
        word = token.text.lower()
        zipf = _zipf(word)
        if token.text.isupper() and len(token.text) <= 3:  # noqa: PLR2004 - acronyms: only those a place is called (US)
            return not any(token.text in p.names for p in places)
        # A well-known place may be a frequent word because it is well known (Atlanta, Oxford).
        size = max(0.0, math.log10(max((p.population for p in places), default=0) + 1) - 4.0)
        common = _COMMON_WORD_ZIPF + _FAME_ZIPF * size
        if zipf >= common or (
            zipf >= _SENTENCE_START_ZIPF + _FAME_ZIPF * size and self._sentence_start(text, tokens, first)
        ):
            return True
        if any(p.population >= _BIG_PLACE or p.kind == "region" for p in places):
            return False  # "Texas Department of Health": a big place is a place even inside a longer name
        before = tokens[first - 1] if first > 0 else None
        after = tokens[last] if last < len(tokens) else None
        if before is not None and before.fold in _TITLES and self._gap_ok(text, tokens, first - 1, first + 1):
            return True
        # A capitalised neighbour in the same phrase makes this one word of a longer name (Vladimir Putin).
        for other, lo, hi in ((before, first - 1, first + 1), (after, first, first + 2)):
            if (
                other is not None
                and other.is_capitalised
                and other.fold not in _AFTER_CUES
                and self._gap_ok(text, tokens, lo, hi)
                and not (
                    other is before
                    and self._sentence_start(text, tokens, first - 1)
                    and _zipf(other.text.lower()) >= _SENTENCE_START_ZIPF
                )
            ):
                return True
        return False

    def _find(self, text: str, tokens: Sequence[names.Token]) -> list[_Span]:
        spans: list[_Span] = []
        for rank, layer in enumerate(self.gazetteer.layers):
            if hasattr(layer, "scan"):
                for first, last, _ in layer.scan(tokens):
                    # Curated names may go on in lower case ("Vardenis-Agdara military road").
                    if tokens[first].is_capitalised and self._gap_ok(text, tokens, first, last):
                        spans.append(_Span(first, last, rank))
            elif isinstance(layer, IndexedLayer):
                spans.extend(self._probe(text, tokens, layer, rank))
        return spans + self._demonyms(tokens)

    def _demonyms(self, tokens: Sequence[names.Token]) -> list[_Span]:
        table = self.gazetteer.demonyms
        return [
            _Span(i, i + 1, -1, demonym=table[t.fold])
            for i, t in enumerate(tokens)
            if t.is_capitalised and t.fold in table
        ]

    def _joins(self, text: str, tokens: Sequence[names.Token], j: int) -> bool:
        """Whether token ``j`` can continue the name that token ``j - 1`` is part of."""
        gap = text[tokens[j - 1].end : tokens[j].start]
        if _NAME_GAP.match(gap):
            return True
        return len(tokens[j - 1].text) <= _ABBREVIATION_LETTERS and bool(_ABBREVIATION_GAP.match(gap))

    def _probe(self, text: str, tokens: Sequence[names.Token], layer: IndexedLayer, rank: int) -> list[_Span]:
        found = []
        max_words = settings.max_name_words
        for i, token in enumerate(tokens):
            if not token.is_capitalised:
                continue
            key = ""
            for j in range(i, min(i + max_words, len(tokens))):
                if j > i and not self._joins(text, tokens, j):
                    break
                key = f"{key} {tokens[j].fold}" if key else tokens[j].fold
                if key in layer and self._capitalised(tokens, i, j + 1):
                    span = self._probe_hit(text, tokens, layer, rank=rank, first=i, last=j + 1, key=key)
                    if span is not None:
                        found.append(span)
                if not layer.has_prefix(key + " "):
                    break
        return found

    def _probe_hit(
        self,
        text: str,
        tokens: Sequence[names.Token],
        layer: IndexedLayer,
        *,
        rank: int,
        first: int,
        last: int,
        key: str,
    ) -> _Span | None:
        """The span for a name the index knows, or None if it is more likely not a place here."""
        if last - first == 1 and tokens[first].fold in _TITLES:
            return None  # decided before any row is read: "Sen." is never a place
        written = text[tokens[first].start : tokens[last - 1].end]
        hits = [(layer.row(row), alias) for row, alias in layer.exact_rows(key)]
        hits = [(p, a) for p, a in hits if _latin(a) == _latin(written) and not _bare_county(p, a)]
        dotted = text[tokens[last - 1].end : tokens[last - 1].end + 1] == "."
        # Abbreviations ("Ga.", "U.S.") are names only with their final period, which the span keeps.
        abbreviation = dotted and any(a.endswith(".") for _, a in hits)
        hits = [(p, a) for p, a in hits if a.endswith(".") == abbreviation]
        if not hits:
            return None
        if not abbreviation and self._ordinary(text, tokens, first, last, [p for p, _ in hits]):
            return None
        return _Span(first, last, rank, dot=abbreviation)

    @staticmethod
    def _select(spans: list[_Span]) -> list[_Span]:
        """Keep non-overlapping spans: longest first, then the more trusted layer, then the earlier."""
        taken: list[_Span] = []
        used: set[int] = set()
        for span in sorted(spans, key=lambda s: (-(s.last - s.first), s.layer_rank, s.first)):
            if used.isdisjoint(range(span.first, span.last)):
                taken.append(span)
                used.update(range(span.first, span.last))
        return sorted(taken, key=lambda s: s.first)

    # ------------------------------------------------------------------ cues

    def _cue(self, text: str, tokens: Sequence[names.Token], span: _Span) -> str | None:
        if span.last < len(tokens):
            nxt = tokens[span.last]
            if nxt.fold in _AFTER_CUES and self._gap_ok(text, tokens, span.last - 1, span.last + 1):
                return _AFTER_CUES[nxt.fold]
        before = text[max(0, tokens[span.first].start - 160) : tokens[span.first].start]
        match = _BEFORE_CUE.search(before)
        if match:
            return _BEFORE_KIND[match.group(1).lower()]
        return None

    def _trim_trailing_cue(self, tokens: Sequence[names.Token], span: _Span) -> _Span:
        """``Absheron district`` -> ``Absheron`` with a district cue, when the shorter name is known.

        A trailing "city" goes too where it is written in lower case ("Kherson city") or the
        shorter name is a curated town ("Stepanakert City"), never from "Kansas City".
        """
        if span.last - span.first >= 2 and tokens[span.last - 1].fold == "city":  # noqa: PLR2004
            shorter = " ".join(t.fold for t in tokens[span.first : span.last - 1])
            best = self.gazetteer.lookup(shorter, kind="populated place", fuzzy=False, limit=1)
            if best and (tokens[span.last - 1].text == "city" or best[0].place.layer == "curated"):
                return _Span(span.first, span.last - 1, span.layer_rank, "populated place")
            return span
        if span.last - span.first < 2 or tokens[span.last - 1].fold not in _TRAILING_CUES:  # noqa: PLR2004
            return span
        shorter = " ".join(t.fold for t in tokens[span.first : span.last - 1])
        if self.gazetteer.lookup(shorter, fuzzy=False, limit=1):
            return _Span(span.first, span.last - 1, span.layer_rank, _TRAILING_CUES[tokens[span.last - 1].fold])
        return span

    # ------------------------------------------------------------------ choosing

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
        if _latin(match.alias) != _latin(surface):
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

    def _coherence(
        self, groups: Sequence[int], places: Sequence[Place], scores: NDArray[np.float64], context: Sequence[Place]
    ) -> NDArray[np.float64]:
        """How well each candidate fits the likely readings of the other names of the text.

        Every candidate is compared with every candidate of the other names
        (and the context places): the same place or a place in the same
        state counts fully, nearness counts by distance, the same country a
        little. Each other name contributes its best-fitting candidate,
        weighted by how likely that candidate is; the fit is the mean over
        the other names. All of it is done on arrays, one text at a time.
        """
        group = np.asarray([*groups, *range(-1, -len(context) - 1, -1)])
        every = [*places, *context]
        n_groups = len(set(groups)) + len(context)
        if n_groups < 2:  # noqa: PLR2004
            return np.zeros(len(places))
        lon = np.radians([p.lon for p in every])
        lat = np.radians([p.lat for p in every])
        xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
        km = np.arccos(np.clip(xyz @ xyz.T, -1.0, 1.0)) * _EARTH_RADIUS_KM
        area = np.array([p.kind in {"country", "region"} for p in every])
        admin_ids = [self._admin(p) for p in every]
        codes = {a: i for i, a in enumerate(dict.fromkeys(admin_ids)) if a}
        admin = np.array([codes.get(a, -1 - i) for i, a in enumerate(admin_ids)])
        country_ids = {c: i for i, c in enumerate(dict.fromkeys(p.country for p in every)) if c}
        country = np.array([country_ids.get(p.country, -1 - i) for i, p in enumerate(every)])
        related = np.maximum(
            np.where(area[:, None] | area[None, :], 0.0, np.exp(-km / _NEAR_KM)),
            np.maximum(
                (admin[:, None] == admin[None, :]) * _SAME_ADMIN, (country[:, None] == country[None, :]) * _SAME_COUNTRY
            ),
        )
        # How likely each candidate is against the best of its own name (context places are certain).
        weight = np.ones(len(every))
        for g in set(groups):
            members = group == g
            own = scores[members[: len(places)]]
            weight[members] = np.exp(own - own.max())
        support = related[: len(places)] * weight[None, :]
        fit = np.zeros(len(places))
        for g in np.unique(group):
            cols = group == g
            best = support[:, cols].max(axis=1)
            best[np.asarray(groups) == g] = 0.0
            fit += best
        return fit / (n_groups - 1)

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
        scores = own
        for _ in range(_CONTEXT_ROUNDS):
            scores = own + _COHERENCE_WEIGHT * self._coherence(groups, places, scores, context)
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

    # ------------------------------------------------------------------ public

    def parse(self, text: str, *, side: str | None = None) -> list[Mention]:
        """Every place name in ``text``, resolved where the gazetteer knows it.

        ``side`` (a report's front-matter side, ``azerbaijan`` or ``armenia``)
        adds its country to the text's focus (:mod:`geomap.focus`).

        Returns
        -------
        list of Mention
            In text order. Mentions with role ``name`` and ``demonym`` do not
            overlap; ``part`` mentions lie inside a road's name. Unresolved
            mentions are included.
        """
        tokens = names.tokenize(text)
        if not tokens:
            return []
        found = self._find(text, tokens)
        selected = [self._trim_trailing_cue(tokens, s) for s in self._select(found)]
        context = [s.demonym for s in selected if s.demonym is not None]
        mentions = self._resolve(
            text, [self._as_span(text, tokens, s) for s in selected if s.demonym is None], context=context
        )
        mentions += [self._demonym_mention(text, tokens, s) for s in selected if s.demonym is not None]
        mentions += self._parts(text, tokens, found, mentions)
        taken = {i for s in selected for i in range(s.first, s.last)}
        # Hook (geomap.inflection): names with Russian, Azerbaijani or Armenian case endings.
        inflected = inflection.find_inflected(text, tokens, taken, self.gazetteer)
        taken |= {i for i, t in enumerate(tokens) if any(m.start <= t.start < m.end for m in inflected)}
        mentions += inflected + self._unknown(text, tokens, taken)
        # Hooks: weapon names are no places (geomap.weapons); inflected words prefer curated base forms
        # (geomap.inflection); the text's focus beats far namesakes (geomap.focus); listed villages are
        # settlements (geomap.listnames).
        mentions = weapons.drop_weapons(text, sorted(mentions, key=lambda m: (m.start, -m.end)))
        mentions = inflection.rebase(text, mentions, self.gazetteer)
        mentions = focus.refocus(text, mentions, self.gazetteer, side=side)
        return listnames.locate_listed(text, mentions, self.gazetteer)

    def _as_span(self, text: str, tokens: Sequence[names.Token], span: _Span) -> tuple[int, int, str | None]:
        end = tokens[span.last - 1].end + (1 if span.dot else 0)
        return tokens[span.first].start, end, span.cue or self._cue(text, tokens, span)

    @staticmethod
    def _demonym_mention(text: str, tokens: Sequence[names.Token], span: _Span) -> Mention:
        start, end = tokens[span.first].start, tokens[span.first].end
        return Mention(
            text[start:end],
            start,
            end,
            span.demonym,
            span.demonym.name if span.demonym else None,
            "exact",
            1.0,
            "country",
            1,
            role="demonym",
        )

    def _parts(
        self, text: str, tokens: Sequence[names.Token], found: Sequence[_Span], mentions: Sequence[Mention]
    ) -> list[Mention]:
        """Places named inside the name of a road ("Vardenis" and "Agdara" in the Vardenis-Agdara road)."""
        roads = [(m.start, m.end) for m in mentions if m.place is not None and m.place.kind == "road"]
        inner = [
            s
            for s in found
            if s.demonym is None
            and any(lo <= tokens[s.first].start and tokens[s.last - 1].end <= hi for lo, hi in roads)
            and not self._names_a_road(text[tokens[s.first].start : tokens[s.last - 1].end])
        ]
        parts = self._resolve(text, [self._as_span(text, tokens, s) for s in self._select(inner)])
        return [replace(m, role="part") for m in parts]

    def _names_a_road(self, surface: str) -> bool:
        """Whether the best reading of ``surface`` is a road ("Vardenis-Agdara" is the road, not a part)."""
        best = self.gazetteer.lookup(surface, fuzzy=False, limit=1)
        return bool(best) and best[0].place.kind == "road"

    def _unknown(self, text: str, tokens: Sequence[names.Token], taken: set[int]) -> list[Mention]:
        """Capitalised names in place-like phrases ('village of X', 'X district') that no layer knows."""
        starts = {t.start: i for i, t in enumerate(tokens)}
        out = []
        for match in _PATTERN_UNKNOWN.finditer(text):
            group = 1 if match.group(1) else 2
            start, end = match.span(group)
            i = starts.get(start)
            if i is None or i in taken:
                continue
            end = tokens[i].end
            surface = text[start:end]
            if _zipf(surface.lower()) >= _COMMON_WORD_ZIPF:
                continue
            cue_word = match.group(0).lower()
            cue = next((kind for word, kind in _AFTER_CUES.items() if word in cue_word), None)
            out.append(Mention(surface, start, end, None, cue=cue))
        return out

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        """Choose a place for each given span of ``text`` (resolution only; same order as ``spans``)."""
        tokens = names.tokenize(text)
        cues: list[str | None] = []
        for start, end in spans:
            idx = [i for i, t in enumerate(tokens) if t.start >= start and t.end <= end]
            cues.append(self._cue(text, tokens, _Span(idx[0], idx[-1] + 1, 0)) if idx else None)
        return self._resolve(text, [(s, e, c) for (s, e), c in zip(spans, cues, strict=True)])
