"""The geoparser: finding place names in a text and choosing the right place for each."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap.gazetteer import Gazetteer, names
from geomap.geoparse import cues, focus, inflection, kindwords, listnames, partners, weapons
from geomap.geoparse.find import (
    _COMMON_WORD_ZIPF,
    _UNKNOWN_BEFORE,
    Finder,
    _pattern_unknown,
    _Span,
)
from geomap.geoparse.mention import Mention
from geomap.geoparse.resolve import Resolver, Target
from geomap.geoparse.tokens import capitalised_runs, next_word

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Geoparser"]

# Every match of the unknown-name pattern (find._pattern_unknown) holds one of these words.
_UNKNOWN_CUES = ("village", "town", "city", "settlement", "district", "region", "height", "rayon")


class Geoparser(Finder, Resolver):
    """Find and resolve the place names of texts against a gazetteer.

    Parameters
    ----------
    gazetteer
        The gazetteer; :meth:`Gazetteer.default` when None.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = Gazetteer.default() if gazetteer is None else gazetteer
        self._candidate_cache = {}
        self._hit_cache = {}
        self._word_cache = {}
        self._context_cache = {}
        self._run_cache = {}
        self._runs_cache = {}

    # ------------------------------------------------------------------ public

    def parse(self, text: str, *, side: str | None = None) -> list[Mention]:
        """Every place name in ``text``, resolved where the gazetteer knows it.

        ``side`` (a report's front-matter side, ``azerbaijan`` or ``armenia``)
        adds its country to the text's focus (:mod:`geomap.geoparse.focus`).

        Returns
        -------
        list of Mention
            In text order. Mentions with role ``name`` and ``demonym`` do not
            overlap; ``part`` mentions lie inside a road's name. Unresolved
            mentions are included.
        """
        runs, any_run = self._name_runs(text)
        if not any_run:
            return []
        first_word = next_word(text, 0)
        text_start = first_word.start if first_word is not None else 0
        found = self._find(text, runs, text_start)
        selected = [self._trim_trailing_cue(s) for s in self._select(found)]
        context = [s.demonym for s in selected if s.demonym is not None]
        lists, before = kindwords.closes_a_list(text), cues.cued_before(text)
        targets = [self._target(text, s, lists=lists, before=before) for s in selected if s.demonym is None]
        mentions = self._resolve(text, targets, context=context)
        mentions += [self._demonym_mention(text, s) for s in selected if s.demonym is not None]
        mentions += self._parts(text, found, mentions)
        taken = {w.start for s in selected for w in s.words}
        mentions += self._inflected(text, taken)
        mentions += self._unknown(text, taken)
        # Hooks, each a module of this package: weapon names are no places (weapons); inflected words prefer
        # curated base forms (inflection); the text's focus beats far namesakes (focus); list partners and the
        # sentence beat the whole text (partners); listed villages are settlements (listnames).
        mentions = weapons.drop_weapons(text, sorted(mentions, key=lambda m: (m.start, -m.end)))
        mentions = inflection.rebase(text, mentions, self.gazetteer)
        mentions = focus.refocus(text, mentions, self.gazetteer, side=side)
        mentions = partners.choose_by_partners(text, mentions, self.gazetteer)
        return listnames.locate_listed(text, mentions, self.gazetteer)

    def _inflected(self, text: str, taken: set[int]) -> list[Mention]:
        """Names with Russian, Azerbaijani or Armenian case endings (:mod:`.inflection`); adds their words to ``taken``.

        English texts skip the word-by-word pass: :func:`geomap.geoparse.inflection.inflects` says whether a text can
        hold such names.
        """
        if not inflection.inflects(text):
            return []
        tokens = names.tokenize(text)
        inflected = inflection.find_inflected(
            text, tokens, {i for i, t in enumerate(tokens) if t.start in taken}, self.gazetteer
        )
        taken |= {t.start for t in tokens if any(m.start <= t.start < m.end for m in inflected)}
        return inflected

    def _target(self, text: str, span: _Span, *, lists: bool, before: bool = True) -> Target:
        end = span.end + (1 if span.dot else 0)
        return Target(
            span.start,
            end,
            span.cue or cues.kind_cue(text, span.start, span.end, lists=lists, before=before),
            " ".join(w.fold for w in span.words),
            " ".join(w.loose for w in span.words),
        )

    @staticmethod
    def _demonym_mention(text: str, span: _Span) -> Mention:
        start, end = span.start, span.words[0].end
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

    def _parts(self, text: str, found: Sequence[_Span], mentions: Sequence[Mention]) -> list[Mention]:
        """Places named inside the name of a road ("Vardenis" and "Agdara" in the Vardenis-Agdara road)."""
        roads = [(m.start, m.end) for m in mentions if m.place is not None and m.place.kind == "road"]
        if not roads:
            return []
        inner = [
            s
            for s in found
            if s.demonym is None
            and any(lo <= s.start and s.end <= hi for lo, hi in roads)
            and not self._names_a_road(text[s.start : s.end])
        ]
        lists = kindwords.closes_a_list(text)
        parts = self._resolve(text, [self._target(text, s, lists=lists) for s in self._select(inner)])
        return [replace(m, role="part") for m in parts]

    def _names_a_road(self, surface: str) -> bool:
        """Whether the best reading of ``surface`` is a road ("Vardenis-Agdara" is the road, not a part)."""
        best = self.gazetteer.lookup(surface, fuzzy=False, limit=1)
        return bool(best) and best[0].place.kind == "road"

    def _unknown(self, text: str, taken: set[int]) -> list[Mention]:
        """Capitalised names in place-like phrases ('village of X', 'X district') that no layer knows.

        The name is a word of the text's capitalised runs (all of them, made for the first match only).
        """
        if not any(word in text for word in _UNKNOWN_CUES):
            return []
        starts: dict[int, names.Token] = {}
        out = []
        pattern = _pattern_unknown(after=any(word in text for word in _UNKNOWN_BEFORE))
        for match in pattern.finditer(text):
            group = 1 if match.group(1) else 2
            start = match.start(group)
            starts = starts or {t.start: t for run in capitalised_runs(text) for t in run}
            token = starts.get(start)
            if token is None or start in taken:
                continue
            surface = text[start : token.end]
            if self.words.zipf(surface.lower()) >= _COMMON_WORD_ZIPF:
                continue
            # the kind word beside the name, not a kind word inside it ("the Qaratown height" is a height)
            name_start, name_end = match.span(group)
            cue = kindwords.kind_in(f"{text[match.start() : name_start]} {text[name_end : match.end()]}".lower())
            out.append(Mention(surface, start, token.end, None, cue=cue))
        return out

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        """Choose a place for each given span of ``text`` (resolution only; same order as ``spans``)."""
        tokens = names.tokenize(text)
        targets = []
        for start, end in spans:
            inside = [t for t in tokens if t.start >= start and t.end <= end]
            cue = cues.kind_cue(text, inside[0].start, inside[-1].end) if inside else None
            surface = text[start:end]
            targets.append(Target(start, end, cue, names.key(surface), names.loose_key(surface)))
        return self._resolve(text, targets)
