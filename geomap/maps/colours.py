"""The colours of event types, sides and comparison classes, the same in every map and legend."""

from __future__ import annotations

import hashlib

__all__ = ["CLASS_COLOURS", "EVENT_COLOURS", "event_colour", "side_colour"]

#: Marker colour per event type.
EVENT_COLOURS: dict[str, str] = {
    "territory_claimed": "#6a3d9a",
    "armed_clash": "#e31a1c",
    "shelling_strike": "#ff7f00",
    "equipment_destroyed": "#b15928",
    "casualties": "#000000",
    "civil_measure": "#1f78b4",
    "diplomacy": "#33a02c",
    "other": "#888888",
}

#: Fill colour per comparison class.
CLASS_COLOURS: dict[str, str] = {
    "agree": "#1a9850",
    "contradict": "#d73027",
    "only_a": "#4575b4",
    "only_b": "#fdae61",
}

_SIDE_COLOURS = {
    "azerbaijan": "#00a3e0",
    "armenia": "#d90012",
    "russia": "#6a51a3",
    "ukraine": "#f2c300",
    "contested": "#ff7f00",
    "unknown": "#7f7f7f",
}
_PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")


def side_colour(side: str | None) -> str:
    """The colour of a side (stable across maps; unknown sides get a colour from their name).

    >>> side_colour("Armenia"), side_colour(None)
    ('#d90012', '#7f7f7f')
    """
    key = (side or "unknown").lower()
    if key in _SIDE_COLOURS:
        return _SIDE_COLOURS[key]
    digest = int(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest(), 16)
    return _PALETTE[digest % len(_PALETTE)]


def event_colour(event_type: str) -> str:
    """The colour of an event type (``other`` for types without one)."""
    return EVENT_COLOURS.get(event_type, EVENT_COLOURS["other"])
