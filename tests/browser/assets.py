"""Map the CDN URLs that folium maps reference to local copies.

The copies come from the npm packages declared in ``tests/browser/package.json``
(installed into ``tests/browser/node_modules`` by ``npm ci``) and, for folium's
own JavaScript templates, from the installed ``folium`` package itself.

Resolution order for a URL (query string and fragment ignored):

1. an exact URL in :data:`FILES`;
2. the longest matching prefix in :data:`PREFIXES`, the rest of the URL path
   appended to the local directory (so ``url(...)`` references from CSS, such
   as fonts and sprite images, resolve too);
3. jsDelivr ``/npm/`` and unpkg URLs of any installed package whose version
   satisfies the requested one (exact, a ``major``/``major.minor`` prefix,
   ``latest`` or none).

When the mapped file is missing, its ``.min`` / non-``.min`` twin is tried, as
several npm packages only ship one of the two.

Examples
--------
>>> content_type("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/webfonts/fa-solid-900.woff2")
'font/woff2'
>>> is_stub("https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css")
True
"""

from __future__ import annotations

import json
import mimetypes
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import folium

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
FOLIUM_TEMPLATES = Path(folium.__file__).resolve().parent / "templates"

_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs/"
_GH = "https://cdn.jsdelivr.net/gh/"

#: Exact URL -> file under node_modules.
FILES: dict[str, str] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://d3js.org/d3.v4.min.js": "d3-v4/build/d3.min.js",
    # Bootstrap 3.0.0's stand-alone glyphicons sheet is not on npm; the
    # glyphicons-only build of Bootstrap 3.3.7 defines the same classes.
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": (
        "glyphicons-only-bootstrap/css/bootstrap.min.css"
    ),
}

#: URL prefix -> directory under node_modules (absolute paths are used as is).
PREFIXES: dict[str, str | Path] = {
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/fonts/": "glyphicons-only-bootstrap/fonts/",
    _CDNJS + "Leaflet.awesome-markers/2.0.2/": "leaflet.awesome-markers/dist/",  # npm: 2.0.5, same code
    _CDNJS + "leaflet.markercluster/1.1.0/": "leaflet.markercluster/dist/",
    _CDNJS + "jquery/3.7.1/": "jquery/dist/",
    _CDNJS + "jqueryui/1.10.2/": "jquery-ui-dist/",  # npm has no browser build of 1.10.x: 1.12.1
    _CDNJS + "moment.js/2.18.1/": "moment/min/",
    _CDNJS + "highlight.js/8.4/": "highlight.js/",
    _CDNJS + "d3/3.5.5/": "d3-v3/",
    _CDNJS + "topojson/1.6.9/": "topojson/",
    _CDNJS + "leaflet-minimap/3.6.1/": "leaflet-minimap/src/",
    _CDNJS + "leaflet.draw/1.0.2/": "leaflet-draw/dist/",
    _CDNJS + "leaflet-locatecontrol/0.66.2/": "leaflet.locatecontrol/dist/",
    _CDNJS + "leaflet-groupedlayercontrol/0.6.1/": "leaflet-groupedlayercontrol/dist/",
    _CDNJS + "leaflet-realtime/2.2.0/": "leaflet-realtime/dist/",
    _CDNJS + "OverlappingMarkerSpiderfier-Leaflet/0.2.6/": "overlapping-marker-spiderfier-leaflet/dist/",
    _CDNJS + "leaflet-dvf/0.3.0/": "leaflet-dvf/dist/",
    _CDNJS + "ionicons/2.0.1/": "ionicons/",
    _GH + "jieter/Leaflet.Sync/": "leaflet.sync/",
    _GH + "ljagis/leaflet-measure@2.1.7/": "leaflet-measure/",
    _GH + "marslan390/BeautifyMarker/": "beautifymarker/",
    _GH + "ardhi/Leaflet.MousePosition/": "leaflet-mouse-position/",
    _GH + "python-visualization/folium/folium/templates/": FOLIUM_TEMPLATES,
    _GH + "python-visualization/folium@main/folium/templates/": FOLIUM_TEMPLATES,
    "https://teastman.github.io/Leaflet.pattern/": "leaflet.pattern/dist/",
}

#: Assets that folium references but no registry reachable here provides. They
#: are answered with an empty body of the right type instead of being blocked.
STUBS: frozenset[str] = frozenset(
    {
        # folium's own rotation rules for Icon(angle=...): not in the folium wheel, not on npm.
        _GH + "python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
    }
)

_NPM_CDN = re.compile(
    r"^https://(?:cdn\.jsdelivr\.net/npm|unpkg\.com)/+"
    r"(?P<name>(?:@[^/@]+/)?[^/@]+)(?:@(?P<version>[^/]+))?(?P<path>/.*)?$"
)

_CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".png": "image/png",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
}


def _strip(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _with_twin(path: Path) -> Path | None:
    """Return ``path`` if it is a file, else its ``.min`` / non-``.min`` twin if that is."""
    if path.is_file():
        return path
    stem, suffix = path.stem, path.suffix
    twin = path.with_name(stem.removesuffix(".min") + suffix if stem.endswith(".min") else f"{stem}.min{suffix}")
    return twin if twin.is_file() else None


@cache
def _installed(name: str) -> tuple[str, str] | None:
    """Return ``(version, default_file)`` of an installed npm package, or None."""
    manifest = NODE_MODULES / name / "package.json"
    if not manifest.is_file():
        return None
    meta = json.loads(manifest.read_text(encoding="utf-8"))
    entry = next(
        (meta[key] for key in ("unpkg", "jsdelivr", "browser", "main") if isinstance(meta.get(key), str)),
        "index.js",
    )
    return str(meta.get("version", "")), entry


def _version_matches(installed: str, requested: str | None) -> bool:
    if requested in {None, "", "latest"}:
        return True
    return installed == requested or installed.startswith(f"{requested}.")


def _from_npm_cdn(url: str) -> Path | None:
    match = _NPM_CDN.match(url)
    if match is None:
        return None
    info = _installed(match["name"])
    if info is None or not _version_matches(info[0], match["version"]):
        return None
    rel = (match["path"] or "/").lstrip("/") or info[1]
    return _with_twin(NODE_MODULES / match["name"] / rel)


def local_asset(url: str) -> Path | None:
    """Return the local copy of a CDN asset, or None when there is none.

    Parameters
    ----------
    url : str
        The requested URL; its query string and fragment are ignored.

    Returns
    -------
    pathlib.Path or None
        An existing file under ``node_modules`` or folium's templates folder.
    """
    bare = _strip(url)
    if bare in FILES:
        return _with_twin(NODE_MODULES / FILES[bare])
    prefix = max((p for p in PREFIXES if bare.startswith(p)), key=len, default=None)
    if prefix is not None:
        rel = bare.removeprefix(prefix)
        return _with_twin(NODE_MODULES / PREFIXES[prefix] / rel) if rel else None
    return _from_npm_cdn(bare)


def is_stub(url: str) -> bool:
    """Tell whether ``url`` is a known asset that has no local copy (see :data:`STUBS`)."""
    return _strip(url) in STUBS


def content_type(path_or_url: Path | str) -> str:
    """Return the ``Content-Type`` to serve a file (or URL path) with.

    Parameters
    ----------
    path_or_url : pathlib.Path or str
        A local file or a URL; only its extension is looked at.

    Returns
    -------
    str
        A MIME type, ``application/octet-stream`` when unknown.
    """
    suffix = Path(urlsplit(str(path_or_url)).path).suffix.lower()
    return _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
