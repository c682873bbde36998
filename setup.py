"""What pyproject.toml cannot say: the top-level ``gazetteer/`` folder ships as ``geomap.gazetteer_data``.

Every folder of ``geomap/`` is a package (new subpackages and data folders,
such as vendored map assets, need no entry here); the curated data stays where
people edit it, at the top of the repository, and is mapped into the wheel and
sdist as the package ``geomap.gazetteer_data``, subfolders included. The file
patterns of the data are in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

_SKIP = ["__pycache__", "*.__pycache__"]
_CODE = find_namespace_packages(include=["geomap", "geomap.*"], exclude=_SKIP)
_DATA = [
    "geomap.gazetteer_data",
    *(f"geomap.gazetteer_data.{p}" for p in find_namespace_packages("gazetteer", exclude=_SKIP)),
]

setup(packages=_CODE + _DATA, package_dir={"geomap.gazetteer_data": "gazetteer"})
