"""``python -m geomap``: the same command as ``geomap``."""

from geomap.cli import main

main()
