"""The gazetteer behind geopy's ``Geocoder`` interface: a drop-in for Nominatim, GeoNames or Photon, offline.

:class:`GazetteerGeocoder` answers like any geopy geocoder:
``geocode(query, exactly_one=True)`` gives a ``geopy.location.Location``
or None, ``exactly_one=False`` a list (None when empty) of distinct places,
best first, at most ``limit``; ``reverse((lat, lon))`` the nearest place
within ``max_distance_km``. ``Location.raw`` is the gazetteer row, with its
layer, the alias that matched, how it matched, a ``score`` from 0 to 1 (the
one scale geomap uses for scores, as in ``places.csv``) and the source of the
coordinates.

It takes the keywords geopy users pass to other geocoders:

* ``country_codes`` (Nominatim), ``country`` (GeoNames): only places in these
  ISO 3166-1 alpha-2 countries; ``country_bias`` (GeoNames, Pelias): that
  country's places first;
* ``featuretype`` (Nominatim: ``country``, ``state``, ``city``,
  ``settlement``) or ``kind`` (a gazetteer kind): only places of that kind;
* ``addressdetails``: ``raw["address"]`` with Nominatim's keys (``city``,
  ``county`` for admin2, ``state`` for admin1, ``country``, ``country_code``);
* ``language``: accepted; every spelling of a name matches anyway, and the
  address uses the gazetteer's preferred (English) names;
* a structured query, as Nominatim takes it: ``{"city": "Shusha",
  "country": "Azerbaijan"}`` (keys ``street``, ``city``, ``county``,
  ``state``, ``country``);
* other services' options that change nothing offline (``viewbox``,
  ``bounded``, ``zoom``, ...) are accepted and ignored; an unknown keyword is
  a TypeError, as in geopy.

It plugs into ``geopandas.tools.geocode(names, provider=GazetteerGeocoder)``
and geopy's ``RateLimiter``.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> geocoder = GazetteerGeocoder(gazetteer=Gazetteer.default(base=False))
>>> location = geocoder.geocode("Kəlbəcər")
>>> location.raw["name"], location.raw["matched_alias"], location.raw["score"], round(location.latitude, 2)
('Kalbajar', 'Kəlbəcər', 1.0, 40.11)
>>> geocoder.geocode({"city": "Shusha", "country": "Azerbaijan"}).raw["kind"]
'populated place'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geomap import crs, settings
from geomap.gazetteer import Gazetteer, Match, names
from geomap.gazetteer.admin import admin_chain, countries, country_code
from geomap.gazetteer.places import KINDS, Place

__all__ = ["GazetteerGeocoder"]

_DEFAULT: dict[bool, Gazetteer] = {}

#: Nominatim's feature types and the keys of its structured queries, as gazetteer kinds.
_FEATURE_KINDS: dict[str, tuple[str, ...]] = {
    "country": ("country",),
    "state": ("region", "district"),
    "county": ("district",),
    "city": ("populated place",),
    "settlement": ("populated place",),
    "street": ("road",),
}
_STRUCTURED_KEYS = ("street", "city", "county", "state", "country")  # most specific first
_ADDRESS_KEY = {"populated place": "city", "district": "county", "region": "state", "country": "country"}
#: Options of other geopy geocoders that mean nothing for a local gazetteer; accepted so code ports unchanged.
_IGNORED = frozenset(
    {
        "viewbox",
        "bounded",
        "geometry",
        "extratags",
        "namedetails",
        "location_bias",
        "osm_tag",
        "bbox",
        "components",
        "region",
        "out_fields",
        "boundary_rect",
        "zoom",
        "feature_code",
        "lang",
        "find_nearby_type",
        "query_radius",
    }
)


def _default_gazetteer() -> Gazetteer:
    """One default gazetteer per process (geopandas builds a new geocoder per call)."""
    key = settings.use_base_layer
    if key not in _DEFAULT:
        _DEFAULT[key] = Gazetteer.default()
    return _DEFAULT[key]


def _check_options(options: Mapping[str, object], method: str) -> None:
    unknown = sorted(set(options) - _IGNORED)
    if unknown:
        msg = f"GazetteerGeocoder.{method}() got an unexpected keyword argument {unknown[0]!r}"
        raise TypeError(msg)


def _codes(value: str | Sequence[str] | None) -> set[str] | None:
    """ISO alpha-2 codes of a country or countries given by code or name; None when not given."""
    if value is None or value == "":
        return None
    items = [value] if isinstance(value, str) else list(value)
    return {country_code(v) or v.strip().upper() for v in items}


def _kinds(value: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """Gazetteer kinds of a ``kind`` or Nominatim ``featuretype``."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    kinds: list[str] = []
    for item in items:
        key = item.strip().lower()
        if key in KINDS:
            kinds.append(key)
        elif key in _FEATURE_KINDS:
            kinds.extend(_FEATURE_KINDS[key])
        else:
            msg = f"unknown kind or featuretype {item!r}: use one of {', '.join((*KINDS, *_FEATURE_KINDS))}"
            raise ValueError(msg)
    return tuple(dict.fromkeys(kinds))


def _distinct(matches: Sequence[tuple[Place, Any]]) -> list[tuple[Place, Any]]:
    """The first of each group of the same place found in several layers (same kind and country, close by)."""
    kept: list[tuple[Place, Any]] = []
    for item in matches:
        place = item[0]
        same = [k for k, _ in kept if k.kind == place.kind and k.country == place.country]
        if same:
            lon = np.array([k.lon for k in same])
            lat = np.array([k.lat for k in same])
            if (crs.distance_km(lon, lat, place.lon, place.lat) < settings.geocoder_same_place_km).any():
                continue
        kept.append(item)
    return kept


class GazetteerGeocoder(Geocoder):  # type: ignore[misc]
    """A geopy geocoder over the local gazetteer; no network, no rate limit.

    Parameters
    ----------
    gazetteer
        The gazetteer to answer from; the default one (curated, user layers,
        GeoNames) when None.
    kind
        Only places of this kind (``"populated place"``, ``"district"``...,
        or a Nominatim featuretype such as ``"city"``).
    country
        Only places in this ISO 3166-1 alpha-2 country (or these countries).
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
        country: str | Sequence[str] | None = None,
        fuzzy: bool = True,
        **kwargs: Any,  # noqa: ANN401 - geopy's own options
    ) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
        self.kind = kind
        self.country = country
        self.fuzzy = fuzzy

    def _address(self, place: Place) -> dict[str, str]:
        """Nominatim-style address parts of a place: itself, admin2 as county, admin1 as state, country."""
        admin1, admin2 = admin_chain(place.place_id, self.gazetteer)
        address = {_ADDRESS_KEY.get(place.kind, place.kind.replace(" ", "_")): place.name}
        for key, unit in (("county", admin2), ("state", admin1)):
            if unit and unit != place.name:
                address.setdefault(key, unit)
        if place.country:
            address.setdefault("country", str(countries().get(place.country, {}).get("name", place.country)))
            address["country_code"] = place.country.lower()
        return address

    def _location(self, place: Place, raw: dict[str, Any], *, details: bool) -> Location:
        parts = [place.name]
        if place.country:
            parts.append(place.country)
        row = {**place.to_dict(), **raw}
        if details:
            row["address"] = self._address(place)
        return Location(", ".join(parts), Point(place.lat, place.lon), row)

    def _structured(self, query: Mapping[str, str]) -> tuple[str, tuple[str, ...] | None, set[str] | None, list[str]]:
        """The name, kinds, countries and enclosing units (state, county) of a structured query."""
        given = {k: v.strip() for k, v in query.items() if k in _STRUCTURED_KEYS and isinstance(v, str) and v.strip()}
        if not given:
            return "", None, None, []
        key = next(k for k in _STRUCTURED_KEYS if k in given)
        within = [
            given[k] for k in _STRUCTURED_KEYS[_STRUCTURED_KEYS.index(key) + 1 :] if k in given and k != "country"
        ]
        countries_ = _codes(given["country"]) if "country" in given and key != "country" else None
        return given[key], _FEATURE_KINDS[key], countries_, within

    def geocode(
        self,
        query: str | Mapping[str, str],
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
        limit: int | None = None,
        country_codes: str | Sequence[str] | None = None,
        country: str | Sequence[str] | None = None,
        country_bias: str | None = None,
        language: str | bool | None = None,
        addressdetails: bool = False,
        featuretype: str | None = None,
        kind: str | Sequence[str] | None = None,
        **options: object,
    ) -> Location | list[Location] | None:
        """Places called ``query`` (any spelling): the best one, or the distinct ones best first.

        Parameters
        ----------
        query
            A place name, or a structured query (``{"city": ..., "country": ...}``).
        exactly_one
            Return the best Location (True) or a list (False).
        timeout, language
            Accepted for geopy compatibility; no network, every spelling matches.
        limit
            Largest number of results when ``exactly_one`` is False.
        country_codes, country
            Only places in these ISO 3166-1 alpha-2 countries (codes or names).
        country_bias
            Places in this country first.
        addressdetails
            Add ``raw["address"]`` (Nominatim's keys).
        featuretype, kind
            Only places of this kind (a gazetteer kind or a Nominatim featuretype).
        **options
            Other geocoders' options that mean nothing offline (``viewbox``...).

        Returns
        -------
        geopy.location.Location, list of Location, or None
            None when nothing matches.
        """
        del timeout, language
        _check_options(options, "geocode")
        within: list[str] = []
        only = _codes(country_codes) or _codes(country) or _codes(self.country)
        kinds = _kinds(kind) or _kinds(featuretype) or _kinds(self.kind)
        if isinstance(query, Mapping):
            name, struct_kinds, struct_countries, within = self._structured(query)
            kinds = kinds or struct_kinds
            only = only or struct_countries
        else:
            name = query if isinstance(query, str) else ""
        if not name.strip():
            return None
        matches = self.gazetteer.lookup(name, kind=kinds, fuzzy=self.fuzzy, limit=None)
        if only:
            matches = [m for m in matches if m.place.country in only]
        bias = _codes(country_bias)
        if bias or within:
            keys = {names.key(w) for w in within}

            def rank(match: Match) -> tuple[int, int]:
                units = {names.key(u) for u in admin_chain(match.place.place_id, self.gazetteer) if u}
                return (0 if keys <= units else 1, 0 if not bias or match.place.country in bias else 1)

            matches = sorted(matches, key=rank)  # stable: the gazetteer's order within each group
        found = _distinct([(m.place, m) for m in matches])
        if not found:
            return None
        cut = 1 if exactly_one else limit
        locations = [
            self._location(place, {"matched_alias": m.alias, "match": m.method, "score": round(m.score / 100, 4)},
                           details=addressdetails)
            for place, m in found[:cut]
        ]  # fmt: skip
        return locations[0] if exactly_one else locations

    def reverse(
        self,
        query: Point | tuple[float, float] | str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
        limit: int = 5,
        language: str | bool | None = None,
        addressdetails: bool = True,
        max_distance_km: float | None = None,
        **options: object,
    ) -> Location | list[Location] | None:
        """The place(s) nearest to a ``(lat, lon)`` point; ``raw["distance_km"]`` says how far.

        Parameters
        ----------
        query
            ``(lat, lon)``, a geopy Point or ``"lat, lon"``.
        exactly_one
            Return the nearest Location (True) or a list, nearest first (False).
        timeout, language
            Accepted for geopy compatibility.
        limit
            Largest number of results when ``exactly_one`` is False.
        addressdetails
            Add ``raw["address"]`` (Nominatim's keys), as Nominatim does by default.
        max_distance_km
            Nothing farther than this is returned; ``settings.reverse_max_distance_km`` when None.
        **options
            Other geocoders' options that mean nothing offline (``zoom``...).

        Returns
        -------
        geopy.location.Location, list of Location, or None
            None when no place is within ``max_distance_km``.
        """
        del timeout, language
        _check_options(options, "reverse")
        point = Point(query)
        reach = settings.reverse_max_distance_km if max_distance_km is None else max_distance_km
        kind = self.kind if isinstance(self.kind, str) and self.kind in KINDS else None
        pool = self.gazetteer.nearest(point.longitude, point.latitude, k=(1 if exactly_one else limit) * 3, kind=kind)
        # at one point (a town and the district it is the seat of) the settlement comes first, as in Nominatim
        near = sorted(
            ((p, d) for p, d in pool if d <= reach), key=lambda pd: (round(pd[1], 2), pd[0].kind != "populated place")
        )
        found = _distinct(near)
        if not found:
            return None
        locations = [
            self._location(place, {"matched_alias": None, "match": "reverse", "score": None,
                                   "distance_km": round(distance, 3)}, details=addressdetails)
            for place, distance in found[: 1 if exactly_one else limit]
        ]  # fmt: skip
        return locations[0] if exactly_one else locations
