"""geomap as a service: an HTTP API (:mod:`~geomap.service.app`) over a store (SQLite or PostGIS)."""
