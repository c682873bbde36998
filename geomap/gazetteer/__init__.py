"""The local gazetteer: places, their names in every spelling, and where they came from.

A :class:`Gazetteer` stacks layers, most trusted first:

``curated``
    ``gazetteer/places.csv`` and ``gazetteer/routes.csv``: the places of the
    Karabakh conflicts with every sourced spelling, roads as lines.
``user:<name>``
    layers a user imported from CSV or GeoJSON (:func:`import_layer`).
``geonames`` (and ``geonames:<name>`` for imported dumps)
    the worldwide GeoNames populated places with alternate names, plus
    countries, US states and counties and continents (with the AP
    abbreviations of the states and the demonyms of the countries), all
    from pip packages, held in a memory-mapped index that opens in milliseconds
    (:class:`IndexedLayer`), built once and cached under
    ``settings.cache_dir``.

Every answer is a :class:`Match`: the place, the alias that matched, how it
matched (``exact``, ``loose`` or ``fuzzy``) and a score; every place names its
layer and the source of its coordinates.

Examples
--------
>>> from geomap.gazetteer import Gazetteer
>>> gaz = Gazetteer.default(base=False)
>>> best = gaz.lookup("Kəlbəcər", kind="populated place")[0]
>>> best.place.name, best.method
('Kalbajar', 'exact')
"""

from __future__ import annotations

from geomap.gazetteer.lookup import *  # noqa: F403 - the package's public names are lookup's
from geomap.gazetteer.lookup import __all__ as __all__
