r"""How map parts reach the page: as data, never as template source.

branca's ``MacroElement.render`` renders an element's macros and then wraps
the result in ``Element(text)``, which compiles that text as a Jinja
template a second time: a report sentence containing ``{{ 7*7 }}`` inside a
folium layer becomes ``49``, and ``{% raw %}`` is a syntax error. Every geomap
map part is an :class:`InertElement` instead: its macros are rendered once,
from a template that holds no data, and the result goes into the page as
:class:`Verbatim` text. Data itself travels as JSON (:func:`json_script`), read
in the browser with ``JSON.parse`` and shown through ``textContent``.

Examples
--------
>>> import folium
>>> from jinja2 import Template
>>> class Quote(InertElement):
...     _template = Template("{% macro html(this, kwargs) %}{{ this.block }}{% endmacro %}")
...     def __init__(self, text):
...         super().__init__()
...         self.block = json_script("quote", {"quote": text})
>>> m = folium.Map(tiles=None)
>>> _ = Quote("{{ 'pwn' ~ 'ed' }} </script>").add_to(m)
>>> html = m.get_root().render()
>>> "{{ 'pwn' ~ 'ed' }} \\u003c/script\\u003e" in html, "pwned" in html
(True, False)
"""

from __future__ import annotations

import base64
import gzip
from typing import Any

import orjson
from branca.element import Element, Figure, MacroElement

__all__ = ["COMPRESS_ABOVE", "InertElement", "Verbatim", "json_script", "json_text"]

# In a <script type="application/json"> block only "</script" and "<!--" end or change the block;
# escaping every "<" covers both, and ">" and "&" are escaped so the text is safe in any HTML context.
# U+2028/U+2029 are valid in JSON and in modern JS, but escaped too for older parsers.
#: Data blocks longer than this (in bytes) are written gzip-compressed.
COMPRESS_ABOVE = 200_000
# Level 1 packs map data to within ~15% of level 6 in a fraction of the time.
_GZIP_LEVEL = 1

_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def _json_bytes(data: Any) -> bytes:  # noqa: ANN401 - any JSON-ready value
    """``data`` as compact, HTML-safe JSON in UTF-8 (numpy arrays are written as lists)."""
    try:
        text = orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY)
    except orjson.JSONEncodeError as exc:
        msg = f"map data is not JSON: {exc}"
        raise TypeError(msg) from exc
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def json_text(data: Any) -> str:  # noqa: ANN401 - any JSON-ready value
    r"""``data`` as compact JSON that is safe inside HTML and inside a ``<script>`` block.

    >>> json_text(["</script>", "a\u2028b"])
    '["\\u003c/script\\u003e","a\\u2028b"]'
    """
    return _json_bytes(data).decode()


def json_script(element_id: str, data: Any) -> str:  # noqa: ANN401 - any JSON-ready value
    """A data block holding ``data``, read in the browser with ``geomap.load(id)``.

    Up to ``COMPRESS_ABOVE`` bytes it is a ``<script type="application/json">``
    block; a larger one is gzip-compressed JSON in base64 (``application/x-gzip-base64``),
    which the runtime inflates with the browser's ``DecompressionStream``.
    """
    text = _json_bytes(data)
    if len(text) <= COMPRESS_ABOVE:
        return f'<script type="application/json" id="{element_id}">{text.decode()}</script>'
    packed = base64.b64encode(gzip.compress(text, compresslevel=_GZIP_LEVEL, mtime=0)).decode()
    return f'<script type="application/x-gzip-base64" id="{element_id}">{packed}</script>'


class Verbatim(Element):
    """Text that goes into the page as it is; unlike ``Element(text)`` it is never compiled as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs: Any) -> str:  # noqa: ANN401, ARG002 - branca's signature
        """The text, unchanged."""
        return self.text


class InertElement(MacroElement):
    """A ``MacroElement`` whose rendered macros are placed in the page verbatim.

    Subclasses define ``_template`` with ``header``, ``html`` and ``script``
    macros as usual. The template must hold no data: data is an attribute,
    put in with ``tojson`` or :func:`json_script`, so the rendered text is
    final and never compiled again.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # noqa: ANN401 - branca's signature
        """Render the macros once and add their output to the figure as :class:`Verbatim` text."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = f"{type(self).__name__} can only be rendered inside a Figure"
            raise TypeError(msg)
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Verbatim(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
