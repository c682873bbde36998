"""The gazetteer behind geopy's ``Geocoder`` interface.

:class:`GazetteerGeocoder` answers like any geopy geocoder, offline:
``geocode(query, exactly_one=True)`` gives a ``geopy.location.Location``
or None, ``exactly_one=False`` a list (None when empty), and
``reverse((lat, lon))`` the nearest place. ``Location.raw`` is the
gazetteer row, with its layer, the alias that matched and the source of the
coordinates. It plugs into ``geopandas.tools.geocode(names,
provider=GazetteerGeocoder)``.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> geocoder = GazetteerGeocoder(gazetteer=Gazetteer.default(base=False))
>>> location = geocoder.geocode("Kəlbəcər")
>>> location.raw["name"], location.raw["matched_alias"], round(location.latitude, 2)
('Kalbajar', 'Kəlbəcər', 40.11)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geomap import settings
from geomap.gazetteer import Gazetteer, Match

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["GazetteerGeocoder"]

_DEFAULT: dict[bool, Gazetteer] = {}


def _default_gazetteer() -> Gazetteer:
    """One default gazetteer per process (geopandas builds a new geocoder per call)."""
    key = settings.use_base_layer
    if key not in _DEFAULT:
        _DEFAULT[key] = Gazetteer.default()
    return _DEFAULT[key]


class GazetteerGeocoder(Geocoder):  # type: ignore[misc]
    """A geopy geocoder over the local gazetteer; no network, no rate limit.

    Parameters
    ----------
    gazetteer
        The gazetteer to answer from; the default one (curated, user layers,
        GeoNames) when None.
    kind
        Only places of this kind (``"populated place"``, ``"district"``...).
    country
        Only places in this ISO 3166-1 alpha-2 country.
    fuzzy
        Whether to fall back to fuzzy matching.
    **kwargs
        Passed to ``geopy.geocoders.base.Geocoder`` (``timeout``,
        ``user_agent``...), accepted for compatibility and unused.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        kind: str | Sequence[str] | None = None,
        country: str | None = None,
        fuzzy: bool = True,
        **kwargs: Any,  # noqa: ANN401 - geopy's own options
    ) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
        self.kind = kind
        self.country = country
        self.fuzzy = fuzzy

    @staticmethod
    def _location(match: Match) -> Location:
        place = match.place
        parts = [place.name]
        if place.country:
            parts.append(place.country)
        raw = {**place.to_dict(), "matched_alias": match.alias, "match": match.method, "score": match.score}
        return Location(", ".join(parts), Point(place.lat, place.lon), raw)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
        limit: int | None = None,
    ) -> Location | list[Location] | None:
        """Places called ``query`` (any spelling): the best one, or all of them best first.

        Parameters
        ----------
        query
            A place name.
        exactly_one
            Return the best Location (True) or a list (False).
        timeout
            Ignored (no network); accepted for geopy compatibility.
        limit
            Largest number of results when ``exactly_one`` is False.

        Returns
        -------
        geopy.location.Location, list of Location, or None
            None when nothing matches.
        """
        del timeout
        if not isinstance(query, str) or not query.strip():
            return None
        matches = self.gazetteer.lookup(
            query, kind=self.kind, country=self.country, fuzzy=self.fuzzy, limit=1 if exactly_one else limit
        )
        if not matches:
            return None
        locations = [self._location(m) for m in matches]
        return locations[0] if exactly_one else locations

    def reverse(
        self,
        query: Point | tuple[float, float] | str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
        limit: int = 5,
    ) -> Location | list[Location] | None:
        """The place(s) nearest to a ``(lat, lon)`` point; ``raw["distance_km"]`` says how far."""
        del timeout
        point = Point(query)
        nearest = self.gazetteer.nearest(point.longitude, point.latitude, k=1 if exactly_one else limit)
        if not nearest:
            return None
        locations = []
        for place, distance in nearest:
            location = self._location(Match(place, place.name, "reverse", 100.0))
            location.raw["distance_km"] = round(distance, 3)
            locations.append(location)
        return locations[0] if exactly_one else locations
