"""Finding the names of places in a text: layer scans, index probes, and what is not a place.

The memory layers (curated, user) are scanned all at once by an
Aho-Corasick automaton over the words' loose keys; the memory-mapped
GeoNames layer is probed with the capitalised word n-grams of the text.
Overlapping hits keep the longest; ordinary words, sentence-initial common
words and parts of people's names are not taken for places.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from geomap import names, settings
from geomap.layers import IndexedLayer

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.gazetteer import Gazetteer
    from geomap.places import Place

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
def latin(name: str) -> bool:
    """Whether every letter of ``name`` is a Latin letter (an English text only matches such names)."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def _bare_county(place: Place, alias: str) -> bool:
    """Whether ``alias`` is a county's name without its ``County`` (a surname as often as a place)."""
    return place.kind == "district" and alias != place.name and place.name.startswith(f"{alias} ")


class Finder:
    """The finding half of :class:`~geomap.geoparse.Geoparser`: spans of place names in tokens."""

    gazetteer: Gazetteer

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
        hits = [(p, a) for p, a in hits if latin(a) == latin(written) and not _bare_county(p, a)]
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
        """``Absheron district`` -> ``Absheron`` with a district cue, when the shorter name is known."""
        if span.last - span.first < 2 or tokens[span.last - 1].fold not in _TRAILING_CUES:  # noqa: PLR2004
            return span
        shorter = " ".join(t.fold for t in tokens[span.first : span.last - 1])
        if self.gazetteer.lookup(shorter, fuzzy=False, limit=1):
            return _Span(span.first, span.last - 1, span.layer_rank, _TRAILING_CUES[tokens[span.last - 1].fold])
        return span
