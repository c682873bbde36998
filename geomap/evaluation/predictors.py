"""geomap as the system under test: the callables :mod:`geomap.evaluation` scores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.evaluation.results import Prediction

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from geomap.geoparse import Geoparser, Mention

__all__ = ["predictor", "resolver"]


def _prediction(mention: Mention) -> Prediction:
    place = mention.place
    return Prediction(
        mention.start,
        mention.end,
        mention.surface,
        place.lat if place else None,
        place.lon if place else None,
        place.name if place else None,
        place.place_id if place else None,
    )


def predictor(parser: Geoparser, *, demonyms: bool = False) -> Callable[[str], list[Prediction]]:
    """``predict(text)`` for :func:`evaluate`: the toponyms geomap finds.

    Names count; places named inside a road's name do not. Demonyms
    ("Russian") count only with ``demonyms=True``: corpora differ (LGL
    annotates them, the dev set and GeoVirus do not).
    """
    roles = {"name", "demonym"} if demonyms else {"name"}

    def predict(text: str) -> list[Prediction]:
        return [_prediction(m) for m in parser.parse(text) if m.role in roles]

    return predict


def resolver(parser: Geoparser) -> Callable[[str, Sequence[tuple[int, int]]], list[Prediction | None]]:
    """``resolve(text, spans)`` for :func:`evaluate_gold_spans`: geomap's choice for each gold span."""

    def resolve(text: str, spans: Sequence[tuple[int, int]]) -> list[Prediction | None]:
        return [_prediction(m) if m.place is not None else None for m in parser.resolve_spans(text, spans)]

    return resolve
