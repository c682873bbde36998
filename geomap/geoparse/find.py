"""Finding the names of places in a text: index probes, layer scans, and what is not a place.

The text's capitalised runs (:mod:`geomap.geoparse.tokens`) are probed: for
each capitalised word, one trie call gives every name of a layer that the
next words spell (``marisa_trie.Trie.prefixes``). GeoNames hits are then
filtered on the flags and columns of their entries (:mod:`geomap.gazetteer.nameindex`):
no row is read to reject a hit. Overlapping hits keep the longest;
ordinary words, sentence-initial common words and parts of people's names
are not taken for places.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from geomap import settings
from geomap.gazetteer import names
from geomap.gazetteer.layers import IndexedLayer, MemoryLayer
from geomap.gazetteer.nameindex import BARE_COUNTY, DOTTED, LATIN, NameIndex
from geomap.gazetteer.places import KINDS
from geomap.gazetteer.words import CommonWords, common_words
from geomap.geoparse import cues, kindwords
from geomap.geoparse.tokens import NAME_GAP, Layout, layout, next_word, placed, run_matches, word_before

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.gazetteer import Gazetteer
    from geomap.gazetteer.places import Layer, Place

# Lower-case words that may sit inside a multi-word place name.
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "el", "al", "upon", "on", "the", "and", "da", "do", "di"})
# Words that start a person's name or title: a place name does not follow them directly.
_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "president", "minister", "general", "gen", "colonel", "col", "sen", "senator", "rep"}
)
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$|\n\s*$")
_UNKNOWN_OF = r"\b(?:village|town|city|settlement|district|region|height)s?\s+of\s+([A-ZƏÖÜÇŞĞİ][\w’'-]+)"
_UNKNOWN_AFTER = r"|\b([A-ZƏÖÜÇŞĞİ][\w’'-]+)\s+(?:village|settlement|district|rayon|height)\b"
# Every match of the second alternative of the unknown-name pattern holds one of these words.
_UNKNOWN_BEFORE = ("village", "settlement", "district", "rayon", "height")


@cache
def _pattern_unknown(*, after: bool) -> re.Pattern[str]:
    """'village of X', and 'X district' when ``after``: compiled on first use (a text without a cue word needs none).

    Without ``after`` only the first alternative, for texts without the words of the second (which then
    matches nowhere).
    """
    return re.compile(_UNKNOWN_OF + _UNKNOWN_AFTER if after else _UNKNOWN_OF)


_COMMON_WORD_ZIPF = 4.0
_BIG_PLACE = 1_000_000
_FAME_ZIPF = 0.75
_SENTENCE_START_ZIPF = 3.0
_ACRONYM_LETTERS = 3
_COUNTRY = KINDS.index("country")
_REGION = KINDS.index("region")
_CACHED_HITS = 50_000

Run = list[names.Token]


@dataclass(slots=True)
class _Span:
    words: tuple[names.Token, ...]
    layer_rank: int
    cue: str | None = None
    demonym: Place | None = None
    dot: bool = False  # the name is an abbreviation whose final period belongs to it ("Ga.", "U.S.")

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


@dataclass(frozen=True, slots=True)
class _Hits:
    """The rows a hit may be, with what the ordinary-word tests read of them."""

    rows: tuple[int, ...]
    abbreviation: bool
    country: bool
    region: bool
    population: int
    size: float  # how well known the biggest is: log10(population + 1) - 4, at least 0


@dataclass(frozen=True, slots=True)
class _Word:
    """A one-word hit as the ordinary-word tests read it: wherever it stands, and at a sentence's start."""

    hits: _Hits
    alone: bool | None  # Finder._ordinary_word: whether it is an ordinary word anywhere; None: the context decides
    common_at_start: bool  # frequent enough to be an ordinary word at a sentence's start


def _names_in(run: Run, index: NameIndex) -> list[tuple[int, int, str]]:
    # The run's keys joined once; a word's window is a slice of it, a hit ends where a word ends.
    joined = " ".join(t.fold for t in run)
    offsets = [0]
    for t in run:
        offsets.append(offsets[-1] + len(t.fold) + 1)
    word_end = {offset - 1: j for j, offset in enumerate(offsets[1:])}
    max_words = settings.max_name_words
    found = []
    for i, token in enumerate(run):
        if token.is_capitalised:
            for key in index.prefixes(joined[offsets[i] : offsets[min(i + max_words, len(run))] - 1]):
                last = word_end.get(offsets[i] + len(key))
                if last is not None and run[last].is_capitalised:
                    found.append((i, last + 1, key))
    return found


class Finder:
    """The finding half of :class:`~geomap.geoparse.Geoparser`: spans of place names in a text's runs."""

    gazetteer: Gazetteer
    _hit_cache: dict[tuple[str, str, bool, bool], _Hits | None]
    _word_cache: dict[tuple[str, str, bool], _Word | None]
    _run_cache: dict[tuple[str, tuple[str, ...]], list[tuple[int, int, str]]]
    _runs_cache: dict[str, Layout]

    @cached_property
    def words(self) -> CommonWords:
        """How common English words are: the table in the GeoNames index (:mod:`geomap.gazetteer.words`)."""
        return common_words(layer.folder for layer in self.gazetteer.indexed_layers)

    def _sentence_start(self, text: str, start: int, text_start: int) -> bool:
        return start == text_start or bool(_SENTENCE_END.search(text[max(0, start - 3) : start]))

    def _ordinary_word(self, token: names.Token, *, layer: IndexedLayer, hits: _Hits) -> bool | None:
        """Whether a one-word GeoNames hit is an ordinary word wherever it stands; None when its context decides."""
        if hits.country:
            return False
        acronym = token.text.isupper() or not token.text[1:].islower()  # "US", and "MoD" (Ministry of Defence)
        if acronym and len(token.text) <= _ACRONYM_LETTERS:  # acronyms: only those a place is called (US)
            return not any(token.text in layer.row(r).names for r in hits.rows)
        # A well-known place may be a frequent word because it is well known (Atlanta, Oxford).
        if self.words.zipf(token.text.lower()) >= _COMMON_WORD_ZIPF + _FAME_ZIPF * hits.size:
            return True
        return None

    def _word(self, layer: IndexedLayer, token: names.Token, *, dotted: bool) -> _Word | None:
        """What the ordinary-word tests read of a one-word hit on ``token``, or None if it is no name here (kept)."""
        memo = (layer.name, token.text, dotted)
        if memo in self._word_cache:
            return self._word_cache[memo]
        found = None
        latin = names.latin(token.text)
        hits = None if token.fold in _TITLES else self._hits(layer, token.fold, latin=latin, dotted=dotted)
        if hits is not None:
            at_start = self.words.zipf(token.text.lower()) >= _SENTENCE_START_ZIPF + _FAME_ZIPF * hits.size
            found = _Word(hits, self._ordinary_word(token, layer=layer, hits=hits), at_start)
        if len(self._word_cache) >= _CACHED_HITS:
            self._word_cache.clear()
        self._word_cache[memo] = found
        return found

    def _ordinary(self, text: str, run: Run, first: int, *, word: _Word, text_start: int) -> bool:
        """Whether a one-word GeoNames hit is more likely an ordinary word or part of a person's name."""
        if word.alone is not None:
            return word.alone
        token, hits = run[first], word.hits
        if word.common_at_start and self._sentence_start(text, token.start, text_start):
            return True
        if hits.population >= _BIG_PLACE or hits.region:
            return False  # "Texas Department of Health": a big place is a place even inside a longer name
        before = run[first - 1] if first > 0 else word_before(text, token.start)
        if before is not None and before.fold in _TITLES and NAME_GAP.match(text[before.end : token.start]):
            return True
        # A capitalised neighbour in the same phrase makes this one word of a longer name (Vladimir Putin).
        # Only the run's words can be: a capitalised word joined to this one would be in its run.
        neighbours = [(run[first - 1], run[first - 1], token)] if first > 0 else []
        if first + 1 < len(run):
            neighbours.append((run[first + 1], token, run[first + 1]))
        return any(
            other.is_capitalised
            and other.fold not in kindwords.KIND_WORDS
            and NAME_GAP.match(text[left.end : right.start])
            and not (
                other is before
                and self._sentence_start(text, other.start, text_start)
                and self.words.zipf(other.text.lower()) >= _SENTENCE_START_ZIPF
            )
            for other, left, right in neighbours
        )

    def _name_runs(self, text: str) -> tuple[list[Run], bool]:
        """The capitalised runs of ``text`` that may hold a name or a demonym, and whether it has any run.

        Most runs are words no layer or demonym table can take (ordinary words, people's names): what a
        run may hold depends on its words only, so each matched string is judged once
        (:meth:`_judged`) and only the runs that may hold one become tokens.
        """
        cache = self._runs_cache
        found: list[Run] = []
        any_run = False
        for match in run_matches(text):
            any_run = True
            surface = match.group()
            kept = cache.get(surface)
            if kept is None:
                kept = self._judged(layout(surface))
                if len(cache) >= _CACHED_HITS:
                    cache.clear()
                cache[surface] = kept
            if kept:
                found.extend(placed(match.start(), kept))
        return found, any_run

    def _judged(self, runs: Layout) -> Layout:
        """The runs of a layout that some layer or the demonym table may take a name from."""
        maybe = self.gazetteer.demonyms.candidates
        kept = []
        for words in runs:
            run = [names.Token(*word) for word in words]
            demonym = any(t.is_capitalised and t.fold in maybe for t in run)
            if demonym or any(self._may_name(run, layer) for layer in self.gazetteer.layers):
                kept.append(words)
        return tuple(kept)

    def _may_name(self, run: Run, layer: Layer) -> bool:
        """Whether ``layer`` may take a name from the words of ``run`` (wherever they stand in a text)."""
        if isinstance(layer, MemoryLayer):
            first_words = layer.loose_names.first_words
            return any(t.is_capitalised and t.loose in first_words for t in run)
        if not isinstance(layer, IndexedLayer):
            return False
        if len(run) > 1:
            return bool(self._names_in(run, layer))
        token = run[0]
        if token.fold not in layer.names.keys or token.fold in _TITLES:
            return False
        latin = names.latin(token.text)
        for dotted in (False, True):
            hits = self._hits(layer, token.fold, latin=latin, dotted=dotted)
            if hits is not None and (hits.abbreviation or not self._ordinary_word(token, layer=layer, hits=hits)):
                return True
        return False

    def _find(self, text: str, runs: Sequence[Run], text_start: int) -> list[_Span]:
        spans: list[_Span] = []
        for rank, layer in enumerate(self.gazetteer.layers):
            if isinstance(layer, MemoryLayer):
                spans.extend(self._scan(text, runs, layer, rank))
            elif isinstance(layer, IndexedLayer):
                spans.extend(self._probe(text, runs, layer, rank, text_start))
        return spans + self._demonyms(runs)

    def _demonyms(self, runs: Sequence[Run]) -> list[_Span]:
        table = self.gazetteer.demonyms
        maybe = table.candidates  # a frozenset: most words are ruled out without resolving anything
        return [
            _Span((t,), -1, demonym=table[t.fold])
            for run in runs
            for t in run
            if t.is_capitalised and t.fold in maybe and t.fold in table
        ]

    def _scan(self, text: str, runs: Sequence[Run], layer: MemoryLayer, rank: int) -> list[_Span]:
        """Names of a memory layer starting at a capitalised word; they may go on in lower case.

        The words are read only while they begin some name of the layer, so
        a long run costs no more than its names do.
        """
        index = layer.loose_names
        first_words, continued = index.first_words, index.continued
        found: list[_Span] = []
        for run in runs:
            for i, token in enumerate(run):
                if not token.is_capitalised or token.loose not in first_words:
                    continue
                # Word by word while the words so far begin some name; past the run's end too.
                words, key = [token], token.loose
                hits = [1] if key in index else []
                j = i + 1
                while key in continued:
                    more = run[j] if j < len(run) else next_word(text, words[-1].end)
                    j += 1
                    if more is None or not NAME_GAP.match(text[words[-1].end : more.start]):
                        break
                    words.append(more)
                    key = f"{key} {more.loose}"
                    if key in index:
                        hits.append(len(words))
                found.extend(_Span(tuple(words[:n]), rank) for n in hits)
        return found

    def _probe(self, text: str, runs: Sequence[Run], layer: IndexedLayer, rank: int, text_start: int) -> list[_Span]:
        found = []
        keys = layer.names.keys  # the trie itself: no method call per word
        for run in runs:
            if len(run) == 1:  # most runs are one word: its key is the only name it can spell
                if run[0].fold not in keys:
                    continue
                hits: Sequence[tuple[int, int, str]] = ((0, 1, run[0].fold),)
            else:
                hits = self._names_in(run, layer)
            for first, last, key in hits:
                span = self._probe_hit(
                    text, run, layer=layer, rank=rank, first=first, last=last, key=key, text_start=text_start
                )
                if span is not None:
                    found.append(span)
        return found

    def _names_in(self, run: Run, layer: IndexedLayer) -> list[tuple[int, int, str]]:
        """``(first, last, key)`` of every indexed name a run spells from a capitalised word to a capitalised word.

        Kept per run of words (the same words spell the same names).
        """
        memo = (layer.name, tuple(t.text for t in run))
        found = self._run_cache.get(memo)
        if found is None:
            found = _names_in(run, layer.names)
            if len(self._run_cache) >= _CACHED_HITS:
                self._run_cache.clear()
            self._run_cache[memo] = found
        return found

    def _probe_hit(
        self, text: str, run: Run, *, layer: IndexedLayer, rank: int, first: int, last: int, key: str, text_start: int
    ) -> _Span | None:
        """The span for a name the index knows, or None if it is more likely not a place here."""
        dotted = text[run[last - 1].end : run[last - 1].end + 1] == "."
        if last - first == 1:  # one word: its hits and word tests are kept per word as written
            word = self._word(layer, run[first], dotted=dotted)
            if word is None:
                return None  # "Sen." is never a place: decided before any row is read
            if not word.hits.abbreviation and self._ordinary(text, run, first, word=word, text_start=text_start):
                return None
            return _Span((run[first],), rank, dot=word.hits.abbreviation)
        latin = names.latin(text[run[first].start : run[last - 1].end])
        hits = self._hits(layer, key, latin=latin, dotted=dotted)
        if hits is None:
            return None
        return _Span(tuple(run[first:last]), rank, dot=hits.abbreviation)

    def _hits(self, layer: IndexedLayer, key: str, *, latin: bool, dotted: bool) -> _Hits | None:
        """The rows a hit on ``key`` may be, and what the ordinary-word tests need of them (kept per key)."""
        memo = (layer.name, key, latin, dotted)
        if memo in self._hit_cache:
            return self._hit_cache[memo]
        wanted = LATIN if latin else 0
        entries = [
            (row, flags)
            for row, _, flags in layer.names.entries(key).tolist()
            if flags & LATIN == wanted and not flags & BARE_COUNTY
        ]
        # Abbreviations ("Ga.", "U.S.") are names only with their final period, which the span keeps.
        abbreviation = dotted and any(flags & DOTTED for _, flags in entries)
        rows = [row for row, flags in entries if bool(flags & DOTTED) == abbreviation]
        hits = None
        if rows:
            kinds = layer.columns.kind[rows].tolist()
            population = int(layer.columns.population[rows].max())
            hits = _Hits(
                tuple(rows),
                abbreviation=abbreviation,
                country=_COUNTRY in kinds,
                region=_REGION in kinds,
                population=population,
                size=max(0.0, math.log10(population + 1) - 4.0),
            )
        if len(self._hit_cache) >= _CACHED_HITS:
            self._hit_cache.clear()
        self._hit_cache[memo] = hits
        return hits

    @staticmethod
    def _select(spans: list[_Span]) -> list[_Span]:
        """Keep non-overlapping spans: longest first, then the more trusted layer, then the earlier."""
        taken: list[_Span] = []
        used: set[int] = set()
        for span in sorted(spans, key=lambda s: (-len(s.words), s.layer_rank, s.start)):
            starts = [w.start for w in span.words]
            if used.isdisjoint(starts):
                taken.append(span)
                used.update(starts)
        return sorted(taken, key=lambda s: s.start)

    def _trim_trailing_cue(self, span: _Span) -> _Span:
        """``Absheron district`` -> ``Absheron`` with a district cue, when the shorter name is known.

        A trailing "city" goes too where it is written in lower case ("Kherson city") or the
        shorter name is a curated town ("Stepanakert City"), never from "Kansas City".
        """
        if len(span.words) >= 2 and span.words[-1].fold == "city":  # noqa: PLR2004
            shorter = " ".join(t.fold for t in span.words[:-1])
            best = self.gazetteer.lookup(shorter, kind="populated place", fuzzy=False, limit=1)
            if best and (span.words[-1].text == "city" or best[0].place.layer == "curated"):
                return _Span(span.words[:-1], span.layer_rank, "populated place")
            return span
        if len(span.words) >= 2 and span.words[-1].text in cues.NATURAL_TRAILING:  # noqa: PLR2004
            return self._trim_natural(span)
        if len(span.words) < 2 or span.words[-1].fold not in cues.TRAILING_CUES:  # noqa: PLR2004
            return span
        shorter = " ".join(t.fold for t in span.words[:-1])
        if self.gazetteer.lookup(shorter, fuzzy=False, limit=1):
            return _Span(span.words[:-1], span.layer_rank, cues.TRAILING_CUES[span.words[-1].fold])
        return span

    def _trim_natural(self, span: _Span) -> _Span:
        """``the Aras river`` -> ``Aras`` (a river): a kind word written in lower case is no part of the name."""
        kind = cues.NATURAL_TRAILING[span.words[-1].text]
        shorter = " ".join(t.fold for t in span.words[:-1])
        if self.gazetteer.lookup(shorter, kind=kind, fuzzy=False, limit=1):
            return _Span(span.words[:-1], span.layer_rank, kind)
        return span
