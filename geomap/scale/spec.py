"""What a worker process needs to build its own geoparser, and how many cores there are.

Examples
--------
>>> spec = ParserSpec.current(base=False)
>>> spec.base, dict(spec.settings)["max_name_words"]
(False, 6)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from geomap import settings

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser

__all__ = ["ParserSpec", "all_cores"]


@dataclass(frozen=True, slots=True)
class ParserSpec:
    """How a worker builds its geoparser: the gazetteer layers and a copy of the starting process's settings.

    Settings changed in a script (or a test) before the run hold in the
    workers too.

    Attributes
    ----------
    base
        Whether the GeoNames base layer is loaded (None: ``settings.use_base_layer``).
    settings
        ``(name, value)`` of every value in :mod:`geomap.settings`.
    """

    base: bool | None
    settings: tuple[tuple[str, object], ...]

    @classmethod
    def current(cls, *, base: bool | None = None) -> ParserSpec:
        """The spec of a geoparser built here and now, with today's settings."""
        values = tuple(
            (name, value)
            for name, value in vars(settings).items()
            if not name.startswith("_") and name != "annotations"
            and not isinstance(value, (ModuleType, type)) and not callable(value)
        )  # fmt: skip
        return cls(base, values)

    def build(self, parser: Geoparser | None = None) -> Geoparser:
        """Apply the settings here, open the gazetteer (memory-mapped) behind a new geoparser, and load spaCy.

        The spaCy pipeline the events parse with (``settings.spacy_model``)
        is loaded too, once per process (it is cached), so that no task of a
        worker pays for it.

        Parameters
        ----------
        parser
            A geoparser this process has already (a forked worker inherits its
            parent's): kept, and only spaCy is loaded.
        """
        from geomap.events.parse import load_pipeline  # noqa: PLC0415 - imported by the workers, not `geomap --help`
        from geomap.gazetteer import Gazetteer  # noqa: PLC0415
        from geomap.geoparse import Geoparser  # noqa: PLC0415

        for name, value in self.settings:
            setattr(settings, name, value)
        parser = parser or Geoparser(Gazetteer.default(base=self.base))
        load_pipeline(settings.spacy_model)
        return parser


def all_cores() -> int:
    """The number of cores this process may run on.

    Examples
    --------
    >>> all_cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
