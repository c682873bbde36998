"""geomap: turn conflict reports into sourced, mapped and comparable geodata.

The flow, one module per step, data only flowing forward::

    reports -> geoparse (mentions, places) -> events -> claims -> maps / export / compare

Examples
--------
>>> import geomap
>>> geomap.__version__
'0.1.0'
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
