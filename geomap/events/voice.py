"""The report's own voice: the side of the sentences a report states itself, and of its unqualified bodies.

A report whose source is one side's body ("an Azerbaijani Ministry of Defence
bulletin") speaks for that side in its own sentences ("our units"); a body it
names without a country ("the Ministry of Defence") is its source's country's,
else its side's when that is a party. A news agency's own sentences speak for
no side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geomap.events.organisations import Organisations

if TYPE_CHECKING:
    from geomap.events.sides import Sides

__all__ = ["home_side", "voice_side"]


def voice_side(source: str) -> str | None:
    """The side a report speaks for in its own sentences: that of the one country whose bodies its source names.

    Examples
    --------
    >>> voice_side("a bulletin of the Azerbaijani Ministry of Defence"), voice_side("paraphrase of Reuters")
    ('azerbaijan', None)
    """
    countries = {o.country for o in Organisations.default().read(source).organisations if o.body and o.country}
    return countries.pop() if len(countries) == 1 else None


def home_side(report_side: str, source: str, sides: Sides) -> str | None:
    """The country of a report's bodies named without one: its source's, else its side's (when a party's).

    A source naming bodies of two countries leaves them unknown.
    """
    countries = {o.country for o in Organisations.default().read(source).organisations if o.country}
    if countries:
        return countries.pop() if len(countries) == 1 else None
    return report_side if sides.is_side(report_side) else None
