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

import os
from pathlib import Path

#: Folder with the curated gazetteer (``places.csv``, ``routes.csv``).
gazetteer_dir: Path = Path(__file__).resolve().parent.parent / "gazetteer"

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

#: A layer of point events is clustered when it has more points than this.
cluster_threshold: int = 12
