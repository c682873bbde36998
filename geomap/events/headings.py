"""Speakers a line names outside its grammar: live-blog headings and trailing attributions.

- A heading names its speaker before a colon, after an optional time:
  "11:02 Azerbaijani MoD: two tanks destroyed near V", "Armenian MoD: ...".
- A trailing attribution names it after a dash at the end of the line:
  "V remains under our control — ministry spokesperson Name".

Either is a speaker only when its words name a body, a country or seat of
government, or carry a title ("spokesperson", "President"): "Update: ..." and
"Breaking — ..." are not speakers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geomap.events.organisations import Organisations

if TYPE_CHECKING:
    from geomap.events.tokens import Doc, Span

__all__ = ["CLOCK", "heading_speaker", "trailing_speaker"]

#: A time of day leading a live-blog line: "09:40", "14.05".
CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")
_DASHES = frozenset({"—", "–", "--", "-"})
_MAX_WORDS = 8
_TITLES = frozenset(
    {"spokesman", "spokesperson", "spokeswoman", "president", "minister", "ministry", "office", "service",
     "governor", "mayor", "commander", "official", "officials", "command", "staff", "army"}
)  # fmt: skip


def _speaks(span: Span) -> bool:
    words = [t for t in span if not t.is_punct]
    finite = [t for t in words if t.tag_ in {"VBD", "VBZ", "VBP"} and not t.text[:1].isupper()]
    if not 0 < len(words) <= _MAX_WORDS or finite:  # "MoD" may be tagged a verb; "says" is one
        return False
    if Organisations.default().read(span.text).organisations:
        return True
    return any(t.lower_ in _TITLES for t in words) and any(t.is_title for t in words)


def heading_speaker(doc: Doc) -> Span | None:
    """The words before a heading's colon, when they name a speaker.

    Examples
    --------
    >>> from geomap.events.parse import parse
    >>> (doc,) = parse(["11:02 Armenian MoD: three drones downed over Goris"])
    >>> heading_speaker(doc).text
    'Armenian MoD'
    """
    start = 0
    while start < len(doc) and (CLOCK.match(doc[start].text) or doc[start].text in _DASHES):
        start += 1
    colon = next((t.i for t in doc[start : start + _MAX_WORDS + 1] if t.text == ":"), None)
    if colon is None or colon == start:
        return None
    span = doc[start:colon]
    return span if _speaks(span) else None


def trailing_speaker(doc: Doc) -> Span | None:
    """The words after a line's last dash, when they end it and name a speaker.

    Examples
    --------
    >>> from geomap.events.parse import parse
    >>> (doc,) = parse(["Lachin is calm — ministry spokesperson Ani Hakobyan"])
    >>> trailing_speaker(doc).text
    'ministry spokesperson Ani Hakobyan'
    """
    dash = next((t.i for t in reversed(doc) if t.text in _DASHES and t.whitespace_), None)
    if dash is None:
        return None
    end = len(doc)
    while end > dash + 1 and doc[end - 1].is_punct:
        end -= 1
    span = doc[dash + 1 : end]
    return span if _speaks(span) else None
