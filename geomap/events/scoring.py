"""Scoring events against gold: the numbers behind ``geomap evaluate GOLD --events``.

Gold is the dev set's JSONL (``../shared/devset/README.md``): per document its
``toponyms`` (with coordinates and ``tolerance_km``), ``routes`` and
``events`` (``place``, ``type``, ``claimant``, ``stance``, ``sentence_start``,
``sentence_end``, and ``controller`` (or ``side``) where the gold gives the
side said to hold the ground, ``unknown`` when the sentence does not say).

A predicted event matches a gold one (one to one, same type first) when their
sentence spans overlap and the predicted place lies within the gold place's
tolerance (the gold toponym of that name; for a route, the predicted place is
a road whose name or mention matches it). On matched events the scorer counts
the right type, stance, claimant (loose: the same organisation, a country and
a body however written, or the same person: :mod:`geomap.events.organisations`)
and controlling side.

Examples
--------
>>> claimant_matches("Armenian MoD", "Armenian Ministry of Defence (via Novaya Gazeta Europe)")
True
>>> claimant_matches("Azerbaijani Defence Ministry", "Armenian Ministry of Defence")
False
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap import crs
from geomap.errors import ReportFormatError
from geomap.events.organisations import Organisations

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from geomap.events.model import Event
    from geomap.reports import Report

__all__ = ["EventScore", "GoldEvent", "claimant_matches", "read_gold_events", "score_events"]

_STOP = frozenset({"the", "of", "a", "an", "and", "for", "to", "in", "on", "s", "by", "at", "its", "his", "her"})
_WORD = re.compile(r"[a-z0-9]+")
#: A gold label for the report's own voice: "Report (own statement)", "Report (own assessment)", "X (own findings)".
_OWN = re.compile(r"\(\s*own\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event with the coordinates and tolerance of its place (None for a route)."""

    doc_id: str
    place: str
    type: str
    claimant: str
    stance: str
    sentence_start: int
    sentence_end: int
    lat: float | None
    lon: float | None
    tolerance_km: float | None
    route_spans: tuple[tuple[int, int], ...] = ()
    controller: str | None = None


@dataclass(frozen=True, slots=True)
class EventScore:
    """Event scores over a gold set; ratios are None when their base is zero."""

    docs: int
    gold: int
    predicted: int
    matched: int
    precision: float | None
    recall: float | None
    f1: float | None
    type_right: float | None
    stance_right: float | None
    claimant_right: float | None
    side_right: float | None
    side_scored: int
    recall_by_type: dict[str, float | None] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return asdict(self)

    def as_rows(self) -> list[tuple[str, float | int | None]]:
        """(metric, value) rows for a table."""
        head = ("docs", "gold", "predicted", "matched", "precision", "recall", "f1", "type_right", "stance_right",
                "claimant_right", "side_right", "side_scored")  # fmt: skip
        rows: list[tuple[str, float | int | None]] = [(k, getattr(self, k)) for k in head]
        rows += [(f"recall {t}", v) for t, v in sorted(self.recall_by_type.items())]
        return rows


def _words(text: str) -> set[str]:
    words = {w for w in _WORD.findall(text.lower().replace("defense", "defence")) if w not in _STOP}
    return {w[:6] for w in words}


def claimant_matches(predicted: str, gold: str, *, own: str | None = None) -> bool:
    """Loose claimant match: the same organisation (country and body, however written) or person.

    A gold claimant that is the report's own voice ("Report (own statement)", "Report (own assessment)",
    "Human rights organisation (own findings)") matches a predicted claimant that is the report's own
    voice, ``own`` (its source, or ``unknown``), and no other.

    Examples
    --------
    >>> claimant_matches("Defence Ministry in Baku", "Azerbaijani Ministry of Defence")
    True
    >>> claimant_matches("unknown", "Report (own statement)", own="unknown")
    True
    """
    if _OWN.search(gold):
        return own is not None and predicted in {own, "unknown", ""}
    return Organisations.default().same(predicted, gold)


def _float(value: object, what: str, path: Path, line: int) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        msg = f"{what} is not a number"
        raise ReportFormatError(msg, path=path, line=line)
    return float(value)


def read_gold_events(path: str | Path) -> tuple[list[Report], list[GoldEvent]]:
    """The reports and gold events of a JSONL gold file (documents without ``events`` give none).

    Raises
    ------
    ReportFormatError
        If the file is missing, unreadable or not UTF-8; on a line that is not
        a JSON object with ``id`` and ``text``, or an event without its fields.
    """
    import datetime as dt  # noqa: PLC0415

    from geomap.corpora.read import check_corpus_file  # noqa: PLC0415
    from geomap.reports import Report  # noqa: PLC0415

    path = Path(path)
    check_corpus_file(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        msg = f"is not UTF-8 text (byte {exc.start})"
        raise ReportFormatError(msg, path=path) from None
    reports: list[Report] = []
    gold: list[GoldEvent] = []
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            doc_id, text = str(doc["id"]), str(doc["text"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            msg = f"not a gold document with id and text ({exc})"
            raise ReportFormatError(msg, path=path, line=line_no) from None
        meta = {k: str(v) for k, v in (doc.get("meta") or {}).items()}
        try:
            date = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
        except ValueError:
            date = None
        reports.append(Report(doc_id, text, title=meta.get("title", ""), source=meta.get("source", ""),
                              url=meta.get("url", ""), side=meta.get("side", ""), date=date,
                              date_precision="day" if date else None, meta=meta))  # fmt: skip
        toponyms = {t.get("name"): t for t in doc.get("toponyms") or []}
        routes = list(doc.get("routes") or [])
        for event in doc.get("events") or []:
            try:
                place = str(event["place"])
                spans = tuple((int(r["start"]), int(r["end"])) for r in routes if r.get("name") == place)
                top = toponyms.get(place)
                gold.append(
                    GoldEvent(
                        doc_id, place, str(event["type"]), str(event.get("claimant", "")),
                        str(event.get("stance", "asserts")), int(event["sentence_start"]), int(event["sentence_end"]),
                        _float(top["lat"], "lat", path, line_no) if top else None,
                        _float(top["lon"], "lon", path, line_no) if top else None,
                        _float(top.get("tolerance_km", 10), "tolerance_km", path, line_no) if top else None,
                        spans, event.get("controller", event.get("side")),
                    )
                )  # fmt: skip
            except (KeyError, TypeError, ValueError) as exc:
                msg = f"event without its fields ({exc})"
                raise ReportFormatError(msg, path=path, line=line_no) from None
    return reports, gold


def _place_fits(event: Event, gold: GoldEvent) -> bool:
    place = event.place
    if place is None:
        return False
    if gold.lat is not None and gold.lon is not None and gold.tolerance_km is not None:
        km = float(crs.distance_km(place.lon, place.lat, gold.lon, gold.lat))
        return km <= gold.tolerance_km
    if place.kind != "road":
        return False
    spans = gold.route_spans
    return any(s < event.end and event.start < e for s, e in spans) or bool(_words(place.name) & _words(gold.place))


def _matches(event: Event, gold: GoldEvent) -> bool:
    overlap = event.sentence_start < gold.sentence_end and gold.sentence_start < event.sentence_end
    return overlap and _place_fits(event, gold)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def score_events(
    reports: Sequence[Report],
    gold: Sequence[GoldEvent],
    predict: Callable[[Report], Sequence[Event]],
    *,
    n_worst: int = 15,
) -> EventScore:
    """Score ``predict`` (a report -> its events) against ``gold``."""
    predicted = {r.report_id: list(predict(r)) for r in reports}
    pairs: list[tuple[GoldEvent, Event]] = []
    misses: list[GoldEvent] = []
    used: set[int] = set()
    for g in gold:
        candidates = [e for e in predicted.get(g.doc_id, []) if id(e) not in used and _matches(e, g)]
        if not candidates:
            misses.append(g)
            continue
        best = min(candidates, key=lambda e: (e.type != g.type, abs(e.sentence_start - g.sentence_start)))
        used.add(id(best))
        pairs.append((g, best))
    n_pred = sum(len(v) for v in predicted.values())
    n_gold, n_match = len(gold), len(pairs)
    precision, recall = _ratio(n_match, n_pred), _ratio(n_match, n_gold)
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    sided = [(g, e) for g, e in pairs if g.controller is not None and g.type == "territory_claimed"]
    types = sorted({g.type for g in gold})
    alarms = [e for events in predicted.values() for e in events if id(e) not in used]
    return EventScore(
        docs=len(reports),
        gold=n_gold,
        predicted=n_pred,
        matched=n_match,
        precision=precision,
        recall=recall,
        f1=f1,
        type_right=_ratio(sum(g.type == e.type for g, e in pairs), n_match),
        stance_right=_ratio(sum(g.stance == e.stance for g, e in pairs), n_match),
        claimant_right=_ratio(
            sum(claimant_matches(e.claimant, g.claimant, own=e.report_source or "unknown") for g, e in pairs), n_match
        ),
        side_right=_ratio(sum((e.controller or "unknown") == g.controller for g, e in sided), len(sided)),
        side_scored=len(sided),
        recall_by_type={t: _ratio(sum(g.type == t for g, _ in pairs), sum(g.type == t for g in gold)) for t in types},
        misses=[
            {"doc": g.doc_id, "place": g.place, "type": g.type, "sentence_start": g.sentence_start}
            for g in misses[:n_worst]
        ],
        false_alarms=[
            {
                "doc": e.report_id,
                "place": e.place.name if e.place else e.surface,
                "type": e.type,
                "sentence_start": e.sentence_start,
            }
            for e in alarms[:n_worst]
        ],
    )
