"""geomap's own JavaScript and CSS (``static/geomap.js``, ``static/geomap.css``), put into the page once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from folium.elements import JSCSSMixin
from jinja2 import Template

from geomap.maps.page import InertElement, json_script

if TYPE_CHECKING:
    import folium

__all__ = ["FUNCTIONS", "Runtime", "RuntimeCall", "static_text", "use_runtime"]

#: The runtime functions a map part may call.
FUNCTIONS = frozenset({"points", "shapes", "control", "box", "timeline"})


@cache
def static_text(name: str) -> str:
    """The text of a file shipped in ``geomap/maps/static``."""
    return (resources.files("geomap.maps") / "static" / name).read_text(encoding="utf-8")


class Runtime(JSCSSMixin, InertElement):
    """The runtime script and style sheet, inlined in the page header."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
        """
    )
    default_js: list[tuple[str, str]] = [  # noqa: RUF012 - folium reads it from the class
        (
            "markercluster_js",
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js",
        )
    ]
    default_css: list[tuple[str, str]] = [  # noqa: RUF012 - folium reads it from the class
        ("markercluster_css", "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css")
    ]

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeomapRuntime"
        self._id = "runtime"  # one copy per page, however many maps use it
        self.js = static_text("geomap.js")
        self.css = static_text("geomap.css")


def use_runtime(m: folium.Map) -> None:
    """Make sure the runtime is on the page of ``m``."""
    if "geomap_runtime" not in m._children:  # noqa: SLF001 - branca keeps children in this dict
        m.add_child(Runtime(), name="geomap_runtime")


class RuntimeCall(InertElement):
    """A map part drawn by one runtime function from its own JSON block: ``geomap.<function>(map, data)``.

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
        geomap.{{ this.function }}({{ this._parent.get_name() }}, geomap.data({{ this.data_id|tojson }}));
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
