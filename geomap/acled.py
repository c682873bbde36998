r"""Events as an ACLED-shaped table: ACLED's column names and codes, plus geomap's provenance.

:func:`acled_frame` turns an events frame (:func:`geomap.events.events_frame`)
into one row per event with the columns of ACLED's export
(:data:`ACLED_COLUMNS`), where the meaning is the same, followed by geomap's
provenance (:data:`PROVENANCE_COLUMNS`: report, sentence span, claimant,
matched alias, stance, control). ``geomap run`` writes it as ``events.csv``;
``geomap events REPORT --format csv`` prints it.

How geomap's values become ACLED's (README, "ACLED-shaped events"):

* ``event_type`` / ``sub_event_type``: an ACLED sub-event type the events
  carry (column ``sub_event_type``) is kept and gives its event type;
  otherwise :data:`TYPE_MAP` gives them from geomap's type, refined by
  control (a side taking ground in its own country is ``Government regains
  territory``, in another's ``Non-state actor overtakes territory``, a
  place said to be held ``Strategic developments / Other``) and by the
  sentence (drones and aircraft make an ``Air/drone strike``, a shot-down
  drone or missile ``Disrupted weapons use``).
* ``disorder_type`` from ``event_type`` as in ACLED's codebook.
* ``time_precision``: 1 day, 2 week, 3 month or year.
* ``actor1`` / ``actor2``: the events' own actors when they carry them; else
  actor1 is the side said to control the place (``Military Forces of
  Azerbaijan`` for the side ``azerbaijan``) and actor2 is empty.
* ``country``, ``iso`` (ISO 3166-1 numeric, as ACLED), ``event_id_cnty``
  (ISO 3166-1 alpha-3 and a running number per country, ``XXX`` for unknown
  places) from the place's country; ``admin1`` / ``admin2`` from boundaries
  or the gazetteer's parents (:mod:`geomap.gazetteer.admin`).
* ``fatalities``: the events' own number when they carry one; empty, not 0,
  when no number is known.
* ``notes``: the quoted sentence; ``source``: the report's source.

Examples
--------
>>> from geomap.events import events_frame, extract_events
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> from geomap.reports import parse_report
>>> parser = Geoparser(Gazetteer.default(base=False))
>>> text = "---\nside: azerbaijan\ndate: 2020-09-27\n---\nThe Azerbaijani army liberated the Murov height."
>>> report = parse_report(text, report_id="r")
>>> row = acled_frame(events_frame(extract_events(report, parser)), parser.gazetteer).iloc[0]
>>> row[["event_id_cnty", "event_type", "sub_event_type", "actor1", "country", "admin1"]].tolist()
['AZE1', 'Battles', 'Government regains territory', 'Military Forces of Azerbaijan', 'Azerbaijan', '']
>>> int(row["iso"]), int(row["time_precision"]), row["matched_alias"]
(31, 1, 'Murov height')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geomap.gazetteer.admin import admin_areas, countries, country_code

if TYPE_CHECKING:
    from pathlib import Path

    from geomap.gazetteer import Gazetteer

__all__ = ["ACLED_COLUMNS", "DISORDER_TYPES", "PROVENANCE_COLUMNS", "SUB_EVENT_TYPES", "TYPE_MAP", "acled_frame"]

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)

#: geomap's provenance, after ACLED's columns.
PROVENANCE_COLUMNS = (
    "geomap_event_id",
    "geomap_type",
    "report_id",
    "report_url",
    "report_side",
    "report_date",
    "sentence_start",
    "sentence_end",
    "mention_start",
    "mention_end",
    "surface",
    "matched_alias",
    "claimant",
    "stance",
    "control",
    "controller",
    "place_id",
    "place_kind",
    "layer",
    "coord_source",
)

#: ACLED's sub-event types and the event type each belongs to (ACLED codebook, 2023).
SUB_EVENT_TYPES = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}

#: ACLED's disorder type of each event type.
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

#: geomap event type -> ACLED sub-event type, before refinement by control and sentence.
TYPE_MAP = {
    "territory_claimed": "Armed clash",
    "armed_clash": "Armed clash",
    "shelling_strike": "Shelling/artillery/missile attack",
    "equipment_destroyed": "Armed clash",
    "casualties": "Armed clash",
    "civil_measure": "Other",
    "diplomacy": "Agreement",
    "other": "Other",
}

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_AIR = re.compile(
    r"(?<!anti-)\b(?:drones?|UAVs?|air ?strikes?|aircraft|aviation|air force|warplanes?|bayraktars?)\b", re.IGNORECASE
)
_DISRUPTED = re.compile(r"\b(?:shot down|downed|intercept\w*|neutrali[sz]ed)\b", re.IGNORECASE)
_CHANGED_HANDS = {"taken", "lost"}
_HELD = {"held"}


def _side_country(side: object) -> str | None:
    """The ISO code of a side named like a country (``azerbaijan``), else None (sides are not codes)."""
    if not isinstance(side, str) or len(side.strip()) <= 2:  # noqa: PLR2004 - "az" is no side's name
        return None
    return country_code(side)


def _actor(side: object) -> str:
    """ACLED-style actor name of a side: ``Military Forces of <country>`` for a country, else the side."""
    if not isinstance(side, str) or not side.strip() or side == "unknown":
        return ""
    code = _side_country(side)
    return f"Military Forces of {countries()[code]['name']}" if code else side.strip().title()


def _own_actor(actor: str) -> str:
    """An event's own actor as ACLED names it: a side key (``armenia``) becomes its actor name, a name stays."""
    return _actor(actor) if actor.strip() and " " not in actor.strip() else actor


def _norm(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


_SUB_BY_NORM = {_norm(k): k for k in SUB_EVENT_TYPES}


def _given_sub_type(value: object) -> str | None:
    """An ACLED sub-event type the events carry ("Air/drone strike" or ``air_drone_strike``), else None."""
    return _SUB_BY_NORM.get(_norm(value)) if isinstance(value, str) and value else None


def _derived_sub_type(row: dict[str, Any]) -> str:
    kind = row.get("type")
    sentence = str(row.get("sentence") or "")
    sub = TYPE_MAP.get(str(kind), "Other")
    if kind == "territory_claimed":
        control = row.get("control")
        if control in _CHANGED_HANDS:
            country = _side_country(row.get("controller"))
            own = country is not None and country == row.get("place_country")
            sub = "Government regains territory" if own else "Non-state actor overtakes territory"
        elif control in _HELD:
            sub = "Other"
    elif kind == "shelling_strike" and _AIR.search(sentence):
        sub = "Air/drone strike"
    elif kind == "equipment_destroyed":
        if _DISRUPTED.search(sentence):
            sub = "Disrupted weapons use"
        elif _AIR.search(sentence):
            sub = "Air/drone strike"
    return sub


def _column(events: pd.DataFrame, name: str) -> pd.Series:
    """A column of ``events`` (object dtype), or an all-missing one when the frame does not have it."""
    if name in events.columns:
        return events[name].astype(object)
    return pd.Series([None] * len(events), index=events.index, dtype=object)


def _place_countries(events: pd.DataFrame, gazetteer: Gazetteer) -> pd.Series:
    """The ISO alpha-2 country of each event's place ("" when unknown)."""
    from geomap.errors import PlaceNotFound  # noqa: PLC0415

    codes: dict[str, str] = {}
    for pid in _column(events, "place_id").dropna().unique():
        try:
            codes[pid] = gazetteer.get(pid).country
        except PlaceNotFound:
            codes[pid] = ""
    return _column(events, "place_id").map(codes).astype(object).fillna("").astype(str)


def acled_frame(events: pd.DataFrame, gazetteer: Gazetteer, *, boundaries: Path | None = None) -> pd.DataFrame:
    """One ACLED-shaped row per event: :data:`ACLED_COLUMNS` then :data:`PROVENANCE_COLUMNS`.

    Parameters
    ----------
    events
        An events frame (:func:`geomap.events.events_frame`, or several concatenated).
    gazetteer
        For the places' countries and parents.
    boundaries
        Folder of boundary polygons for admin1/admin2; ``settings.gazetteer_dir / "boundaries"`` when None.

    Returns
    -------
    pandas.DataFrame
        ``event_date`` and ``report_date`` are dates, ``year``, ``iso``, ``time_precision``,
        ``geo_precision`` and ``fatalities`` nullable integers.
    """
    events = pd.DataFrame(events).reset_index(drop=True)
    n = len(events)
    country2 = _place_countries(events, gazetteer)
    info = [countries().get(c, {}) for c in country2]
    records = events.assign(place_country=country2).to_dict("records")
    derived = [_derived_sub_type(r) for r in records]
    given = [_given_sub_type(v) for v in _column(events, "sub_event_type")]
    sub = [g or d for g, d in zip(given, derived, strict=True)]
    event_type = [SUB_EVENT_TYPES[s] for s in sub]
    iso3 = pd.Series([str(i.get("iso3") or "XXX") for i in info], dtype=object)
    seq = iso3.groupby(iso3).cumcount() + 1
    dates = pd.to_datetime(_column(events, "date"), errors="coerce")
    report_dates = pd.to_datetime(_column(events, "report_date"), errors="coerce")
    precision = _column(events, "date_precision").map(_TIME_PRECISION)
    # an event without its own date happened by the report's date: ACLED's "within a week"
    precision = precision.where(dates.notna(), np.where(report_dates.notna(), 2, np.nan))
    dates = dates.fillna(report_dates)
    controllers = _column(events, "controller")
    own_actor1 = _column(events, "actor1")
    admin = admin_areas(_column(events, "place_id").tolist(), _column(events, "lon").tolist(),
                        _column(events, "lat").tolist(), gazetteer, folder=boundaries)  # fmt: skip
    table = pd.DataFrame(
        {
            "event_id_cnty": (iso3 + seq.astype(str)).to_numpy(),
            "event_date": dates.dt.date.to_numpy(),
            "year": pd.array(dates.dt.year, dtype="Int64"),
            "time_precision": pd.array(precision, dtype="Int64"),
            "disorder_type": [DISORDER_TYPES[t] for t in event_type],
            "event_type": event_type,
            "sub_event_type": sub,
            "actor1": [
                _own_actor(a) if isinstance(a, str) and a else _actor(c)
                for a, c in zip(own_actor1, controllers, strict=True)
            ],
            "actor2": [_own_actor(a) if isinstance(a, str) and a else "" for a in _column(events, "actor2")],
            "country": [str(i.get("name", "")) for i in info],
            "iso": pd.array([i.get("isonumeric") for i in info], dtype="Int64"),
            "admin1": admin["admin1"].to_numpy(),
            "admin2": admin["admin2"].to_numpy(),
            "location": _column(events, "place_name").fillna(_column(events, "surface")).to_numpy(),
            "latitude": pd.to_numeric(_column(events, "lat"), errors="coerce").to_numpy(),
            "longitude": pd.to_numeric(_column(events, "lon"), errors="coerce").to_numpy(),
            "geo_precision": pd.array(_column(events, "geo_precision"), dtype="Int64"),
            "source": _column(events, "report_source").fillna("").to_numpy(),
            "notes": _column(events, "sentence").fillna("").to_numpy(),
            "fatalities": pd.array(pd.to_numeric(_column(events, "fatalities"), errors="coerce"), dtype="Int64"),
        },
        index=range(n),
    )
    provenance = {
        "geomap_event_id": "event_id",
        "geomap_type": "type",
        "mention_start": "start",
        "mention_end": "end",
        "matched_alias": "alias",
    }
    for column in PROVENANCE_COLUMNS:
        table[column] = _column(events, provenance.get(column, column)).to_numpy()
    table["report_date"] = report_dates.dt.date.to_numpy()
    return table
