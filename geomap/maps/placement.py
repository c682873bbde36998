"""Where things sit on a map with routes: a route is drawn once, its label beside claimed ground.

An event about a road (its geometry the road's line) would draw the road a
second time over the route layer; on the map it becomes a marker on the
middle of the road instead, the line itself drawn once by the route layer
over its claim corridor. A route's permanent label sits beyond one end of
the route, pushed outward past any claimed ground, so it covers no claim.

Examples
--------
>>> import shapely
>>> road = shapely.LineString([(46.0, 40.0), (46.2, 40.1)])
>>> corridor = road.buffer(0.02)
>>> x, y, direction = label_anchors([road], corridor)
>>> [bool(corridor.contains(shapely.Point(a, b))) for a, b in zip(x[0], y[0])], direction
([False, False], [['left', 'right']])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd

__all__ = ["label_anchors", "on_routes_as_points"]

_SAME_LINE_DEG = 1e-5  # about a metre: a line this close to a route is that route
_STEP_DEG = 0.01  # how far a label moves outward per step (about 1 km)
_MAX_STEPS = 60
_MARGIN_STEPS = 2  # and this many steps more, clear of the claim's edge


def on_routes_as_points(frame: gpd.GeoDataFrame, routes: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """``frame`` with every line that runs along one of ``routes`` replaced by the point in its middle."""
    if routes is None or routes.empty or frame.empty:
        return frame
    along = shapely.buffer(shapely.union_all(routes.geometry.to_numpy()), _SAME_LINE_DEG)
    geoms = frame.geometry.to_numpy()
    is_line = np.isin(shapely.get_type_id(geoms), (1, 5))  # LineString, MultiLineString
    on_route = is_line & shapely.covered_by(geoms, along)
    if not on_route.any():
        return frame
    moved = geoms.copy()
    moved[on_route] = shapely.line_interpolate_point(geoms[on_route], 0.5, normalized=True)
    return frame.set_geometry(moved)


def _anchor(coords: np.ndarray, claimed: shapely.Geometry | None) -> tuple[float, float, str]:
    """A label point beyond the first vertex of ``coords``, outside ``claimed``, and the side the label extends to."""
    start, after = coords[0], coords[min(1, len(coords) - 1)]
    outward = start - after
    length = float(np.hypot(*outward))
    outward = outward / length if length else np.array([-1.0, 0.0])
    steps = np.arange(_MAX_STEPS + 1)[:, None] * _STEP_DEG * outward + start
    free = np.ones(len(steps), dtype=bool) if claimed is None else ~shapely.intersects(claimed, shapely.points(steps))
    first = int(np.argmax(free)) if free.any() else _MAX_STEPS
    point = steps[min(first + _MARGIN_STEPS, _MAX_STEPS)]
    return float(point[0]), float(point[1]), "left" if outward[0] <= 0 else "right"


def label_anchors(
    lines: Sequence[shapely.Geometry],
    claimed: shapely.Geometry | None,
    centre: tuple[float, float] | None = None,
) -> tuple[list[list[float]], list[list[float]], list[list[str]]]:
    """For each line, two label points (one beyond each end, outside ``claimed``) and the sides labels extend to.

    Each point walks outward from its end, away from the line, until it
    leaves ``claimed``; the label then extends further outward (``left`` or
    ``right``). The first is the end whose label extends towards ``centre``
    (lon, lat; the middle of the map); the browser takes the second when the
    first would leave the map or hide under a control.
    """
    xs: list[list[float]] = []
    ys: list[list[float]] = []
    sides: list[list[str]] = []
    for line in lines:  # one per route: a handful on a map
        coords = np.asarray(shapely.get_coordinates(line))
        ends = [_anchor(coords, claimed), _anchor(coords[::-1], claimed)]
        if centre is not None and (coords[0, 0] - coords[min(1, len(coords) - 1), 0]) * (centre[0] - coords[0, 0]) < 0:
            ends.reverse()  # the start's label would extend away from the middle of the map
        xs.append([e[0] for e in ends])
        ys.append([e[1] for e in ends])
        sides.append([e[2] for e in ends])
    return xs, ys, sides
