"""The JavaScript and CSS a geomap map needs, inlined into the page once: the map works offline.

Leaflet, supercluster and Leaflet.Sync are copies shipped in ``geomap/maps/vendor``
(refreshed by ``scripts/refresh_map_assets.py``, licences beside them);
geomap's own runtime is ``static/geomap.js`` and ``static/geomap.css``.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jinja2 import Template

from geomap.maps.page import InertElement, json_script

if TYPE_CHECKING:
    import folium

__all__ = ["FUNCTIONS", "Runtime", "RuntimeCall", "offline", "static_text", "use_runtime"]

#: The runtime functions a map part may call.
FUNCTIONS = frozenset({"points", "shapes", "control", "box", "timeline", "basemap", "tiles", "filter"})


@cache
def static_text(name: str) -> str:
    """The text of a file shipped in ``geomap/maps/static`` or ``geomap/maps/vendor``."""
    return (resources.files("geomap.maps") / name).read_text(encoding="utf-8")


def _data_uri(match: re.Match[str], folder: str) -> str:
    data = (resources.files("geomap.maps") / folder / match["path"]).read_bytes()
    return f"url(data:image/png;base64,{base64.b64encode(data).decode()})"


@cache
def _css_with_images(name: str) -> str:
    """A vendored style sheet with its ``url(images/...)`` pictures inlined as data URIs."""
    folder = name.rpartition("/")[0]
    return _IMAGE_URL.sub(lambda m: _data_uri(m, folder), static_text(name))


_IMAGE_URL = re.compile(r"url\((?P<path>images/[\w.-]+\.png)\)")

#: What the runtime needs, in load order: (script, style sheet).
_LEAFLET = ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css")
_PARTS: tuple[tuple[str, str | None], ...] = (
    ("vendor/supercluster/supercluster.min.js", None),  # clusters 100,000 points in well under a second
    ("vendor/leaflet.sync/L.Map.Sync.js", None),  # keeps the two maps of a side-by-side view together
    ("static/geomap.js", "static/geomap.css"),
)


def offline(m: folium.Map) -> folium.Map:
    """Make ``m`` load nothing from a CDN: Leaflet comes inlined with the runtime instead."""
    m.default_js = []
    m.default_css = []
    return m


def _loads_leaflet(m: folium.Map) -> bool:
    return any(name == "leaflet" for name, _ in getattr(m, "default_js", ()))


class Runtime(InertElement):
    """Leaflet (unless the map loads it itself), supercluster, Leaflet.Sync and geomap's runtime, inlined."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {% for css in this.styles %}<style>{{ css }}</style>
        {% endfor %}{% for js in this.scripts %}<script>{{ js }}</script>
        {% endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, *, leaflet: bool) -> None:
        super().__init__()
        self._name = "GeomapRuntime"
        self._id = "runtime"  # one copy per page, however many maps use it
        parts = (_LEAFLET, *_PARTS) if leaflet else _PARTS
        self.scripts = [static_text(js) for js, _ in parts]
        self.styles = [_css_with_images(css) for _, css in parts if css]


def use_runtime(m: folium.Map) -> None:
    """Make sure the runtime is on the page of ``m``."""
    if "geomap_runtime" not in m._children:  # noqa: SLF001 - branca keeps children in this dict
        m.add_child(Runtime(leaflet=not _loads_leaflet(m)), name="geomap_runtime")


class RuntimeCall(InertElement):
    """A map part drawn by one runtime function from its own data block: ``geomap.<function>(map, data)``.

    The calls of a page run in order, each once its data is read (see :func:`geomap.maps.page.json_script`).

    Parameters
    ----------
    function
        One of :data:`FUNCTIONS`.
    data
        What the function draws, JSON-ready.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.block }}{% endmacro %}
        {% macro script(this, kwargs) %}
        geomap.call({{ this.function|tojson }}, {{ this._parent.get_name() }}, {{ this.data_id|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, data: Any) -> None:  # noqa: ANN401 - any JSON-ready value
        super().__init__()
        if function not in FUNCTIONS:
            msg = f"the map runtime has no function {function!r}"
            raise ValueError(msg)
        self._name = f"Geomap_{function}"
        self.function = function
        self.data_id = f"{self.get_name()}-data"
        self.block = json_script(self.data_id, data)

    def add_to(self, parent: folium.Map, name: str | None = None, index: int | None = None) -> RuntimeCall:  # type: ignore[override]
        """Add the part (and the runtime it needs) to a map."""
        use_runtime(parent)
        super().add_to(parent, name=name, index=index)
        return self
