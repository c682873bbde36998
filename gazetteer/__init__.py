"""The curated gazetteer, installed as the data package ``geomap.gazetteer_data``.

This folder holds data only (see README.md); the file makes it a package so
``importlib.resources`` finds it in a wheel. Read its location from
``geomap.settings.gazetteer_dir``.
"""
