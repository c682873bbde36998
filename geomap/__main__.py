"""``python -m geomap``: the same command as ``geomap``."""

from geomap.cli import app

app(prog_name="geomap")
