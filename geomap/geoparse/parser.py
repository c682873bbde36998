"""The geoparser: finding place names in a text and choosing the right place for each."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from geomap import names
from geomap.gazetteer import Gazetteer
from geomap.geoparse.find import _AFTER_CUES, _COMMON_WORD_ZIPF, _PATTERN_UNKNOWN, Finder, _Span, _zipf
from geomap.geoparse.mention import Mention
from geomap.geoparse.resolve import Resolver

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Geoparser"]


class Geoparser(Finder, Resolver):
    """Find and resolve the place names of texts against a gazetteer.

    Parameters
    ----------
    gazetteer
        The gazetteer; :meth:`Gazetteer.default` when None.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = Gazetteer.default() if gazetteer is None else gazetteer
        self._country_ids: dict[str, bool] = {}

    # ------------------------------------------------------------------ public

    def parse(self, text: str) -> list[Mention]:
        """Every place name in ``text``, resolved where the gazetteer knows it.

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
        mentions += self._unknown(text, tokens, taken)
        return sorted(mentions, key=lambda m: (m.start, -m.end))

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
