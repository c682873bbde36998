"""Weapon names that are not places: "Grad and Smerch rocket systems", "a Tochka missile".

War reports name weapon systems that share their name with places (Grad, Buk, Tor, Osa). A
mention of such a name is dropped when the words around it are about weapons (rocket, missile,
launcher, system, drone ...), unless the curated layer resolved it. The names and what they are
come from ``gazetteer/weapons.csv`` (``name``, ``what``), found through
``settings.gazetteer_dir``.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> text = "They fired Grad rockets at Tartar."
>>> [m.surface for m in Geoparser(Gazetteer.default(base=False)).parse(text)]
['Tartar']
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import GazetteerError
from geomap.gazetteer import names

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from geomap.geoparse import Mention

__all__ = ["drop_weapons", "weapon_names"]

_CONTEXT = (
    r"\b(?:rockets?|missiles?|launchers?|systems?|MLRS|drones?|UAVs?|munitions?|howitzers?|artillery|salvos?|"
    r"batter(?:y|ies)|complex(?:es)?|ракет\w*|РСЗО|комплекс\w*|raket\w*|PUA)\b"
)
_WINDOW = 40


@lru_cache(maxsize=4)
def weapon_names(path: Path | None = None) -> frozenset[str]:
    """The folded names of ``weapons.csv``."""
    path = settings.gazetteer_dir / "weapons.csv" if path is None else path
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            return frozenset(names.key(rec["name"]) for rec in reader)
        except KeyError as exc:
            msg = "weapons.csv needs the columns name and what"
            raise GazetteerError(msg, path=path, line=reader.line_num) from exc


@lru_cache(maxsize=1)
def _context() -> re.Pattern[str]:
    """:data:`_CONTEXT` compiled on first use (only a text naming a weapon needs it)."""
    return re.compile(_CONTEXT, re.IGNORECASE)


def drop_weapons(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` without weapon names in weapon context (curated places are kept)."""
    weapons = weapon_names()
    out = []
    for m in mentions:
        if (
            names.key(m.surface) in weapons
            and (m.place is None or m.place.layer != "curated")
            and _context().search(text[max(0, m.start - _WINDOW) : m.end + _WINDOW])
        ):
            continue
        out.append(m)
    return out
