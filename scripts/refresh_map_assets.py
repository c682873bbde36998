"""Refresh the JavaScript, CSS and basemap data that geomap inlines into its offline maps.

The versions are pinned in ``scripts/map-assets/package.json`` (and its
``package-lock.json``). This script installs them with npm and copies the few
files the maps use, each package's licence beside them, into
``geomap/maps/vendor/<package>/``; ``geomap/maps/vendor/VERSIONS.json`` records
what was copied. The copies are committed and ship in the wheel as package
data, so making a map needs neither npm nor a network.

Run it from the repository root after changing a version::

    python scripts/refresh_map_assets.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_DIR = ROOT / "scripts" / "map-assets"
VENDOR = ROOT / "geomap" / "maps" / "vendor"

#: package -> files to copy (paths inside the npm package; the last part is the name in vendor/).
FILES: dict[str, tuple[str, ...]] = {
    "leaflet": (
        "dist/leaflet.js",
        "dist/leaflet.css",
        "dist/images/layers.png",
        "dist/images/layers-2x.png",
        "dist/images/marker-icon.png",
        "LICENSE",
    ),
    "supercluster": ("dist/supercluster.min.js", "LICENSE"),
    "leaflet.sync": ("L.Map.Sync.js", "LICENSE"),
    # Natural Earth 1:50m countries as TopoJSON (public domain data, ISC-licensed package).
    "world-atlas": ("countries-50m.json", "LICENSE"),
}


def main() -> None:
    """Install the pinned packages and copy their files into the package."""
    command = "ci" if (NPM_DIR / "package-lock.json").is_file() else "install"
    subprocess.run(  # noqa: S603 - a fixed command line
        ["npm", command, "--prefix", str(NPM_DIR), "--no-audit", "--no-fund", "--ignore-scripts"],  # noqa: S607
        check=True,
    )
    modules = NPM_DIR / "node_modules"
    versions = {}
    for package, files in FILES.items():
        target = VENDOR / package
        shutil.rmtree(target, ignore_errors=True)
        for name in files:
            source = modules / package / name
            dest = target / ("images" if "/images/" in name else "") / Path(name).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
            if dest.suffix == ".js" and "</script" in dest.read_text(encoding="utf-8").lower():
                msg = f"{dest} contains '</script' and cannot be inlined into a page as it is"
                raise SystemExit(msg)
        versions[package] = json.loads((modules / package / "package.json").read_text(encoding="utf-8"))["version"]
    (VENDOR / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    print(f"vendored {', '.join(f'{k} {v}' for k, v in versions.items())} into {VENDOR}")


if __name__ == "__main__":
    main()
