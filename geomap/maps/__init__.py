"""Interactive Folium maps of events, control claims, routes, comparisons and timelines.

:func:`render_map`, :func:`render_comparison` and :func:`render_timeline`
draw onto a new or given ``folium.Map`` and return it, :func:`render_sides`
returns a side-by-side ``DualMap`` (:func:`map_layers` picks the events and
routes a comparison or timeline draws); they never write files (that is
:mod:`geomap.export`). A map geomap makes is offline: one HTML file with
everything inlined and a vector basemap (:mod:`geomap.maps.basemap`).

Everything that came from a report, a gazetteer file or a command-line
option is data: it reaches the page only inside JSON blocks
(:mod:`geomap.maps.page`), is never compiled as a template, and is shown
through ``textContent``.

Modules
-------
page
    How map parts reach the page (inert elements, JSON blocks).
runtime
    geomap's own JavaScript and CSS.
layers
    Layers as compact JSON, the layer control.
legend
    The legend and small tables.
colours
    Colours of event types, sides and comparison classes.
eventmap
    The map of a run.
basemap
    The vector basemap and optional online tiles.
landmarks
    The gazetteer's towns and rivers, read for the basemap.
placement
    Where a route's events and label sit: the road drawn once, its label clear of claims.
comparemap
    The comparison (toggled and side by side) and timeline maps.
"""

from geomap.maps.colours import CLASS_COLOURS, EVENT_COLOURS, side_colour
from geomap.maps.comparemap import map_layers, render_comparison, render_sides, render_timeline
from geomap.maps.eventmap import render_map
from geomap.maps.legend import Legend, TableBox

__all__ = [
    "CLASS_COLOURS",
    "EVENT_COLOURS",
    "Legend",
    "TableBox",
    "map_layers",
    "render_comparison",
    "render_map",
    "render_sides",
    "render_timeline",
    "side_colour",
]
