r"""Front matter: the ``key: value`` block between two ``---`` lines at the top of a report.

Values may be quoted (``"..."`` or ``'...'``) and may end in a ``# comment``
(a ``#`` after a space, outside quotes, as in YAML); blank lines may come
before the opening ``---``. A duplicate key, an indented (nested) line, a
line that is not ``key: value`` or an unclosed block is an error naming the
line; a key geomap does not know is kept, with a warning naming the line.

Examples
--------
>>> fm = split_front_matter("---\ndate: 2020-09-27   # the day\nside: 'azerbaijan'\n---\nBody.\n")
>>> dict(fm.meta), fm.body_start, fm.lines["date"]
({'date': '2020-09-27', 'side': 'azerbaijan'}, 56, 2)
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from geomap.errors import ReportFormatError

__all__ = ["KNOWN_KEYS", "FrontMatter", "split_front_matter"]

logger = logging.getLogger(__name__)

#: Keys geomap reads; others are kept in ``Report.meta`` with a warning.
KNOWN_KEYS = frozenset({"title", "source", "url", "date", "side", "author", "language", "id", "tags", "note", "notes"})

_KEY = r"([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s+(.*)|\s*)$"
_COMMENT = r"\s#"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What :func:`split_front_matter` found: the pairs, the line of each key, where the body starts."""

    meta: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0


def _value(raw: str, *, path: str | None, line: int) -> str:
    """The value without its quotes or trailing comment."""
    raw = raw.strip()
    if raw[:1] in {'"', "'"}:
        end = raw.find(raw[0], 1)
        if end < 0:
            msg = f"front matter value opens a {raw[0]} quote it never closes"
            raise ReportFormatError(msg, path=path, line=line)
        rest = raw[end + 1 :].strip()
        if rest and not rest.startswith("#"):
            msg = f"front matter value has text after its closing quote: {rest[:40]!r}"
            raise ReportFormatError(msg, path=path, line=line)
        return raw[1:end]
    comment = re.search(_COMMENT, raw)
    return (raw[: comment.start()] if comment else raw).strip()


def split_front_matter(text: str, *, path: str | None = None) -> FrontMatter:
    """Find the front matter at the top of ``text`` (after any blank lines) and parse it.

    Raises
    ------
    ReportFormatError
        On an unclosed block, a line that is not ``key: value``, an indented
        line, a duplicate key or an unclosed quote, naming the line.
    """
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return FrontMatter()
    offset = sum(len(line) for line in lines[: first + 1])
    meta: dict[str, str] = {}
    where: dict[str, int] = {}
    for number, line in enumerate(lines[first + 1 :], start=first + 2):
        offset += len(line)
        stripped = line.strip()
        if stripped == "---":
            return FrontMatter(meta, where, offset)
        if not stripped or stripped.startswith("#"):
            continue
        if line[:1].isspace():
            msg = f"front matter line is indented (nested keys are not supported): {stripped[:60]!r}"
            raise ReportFormatError(msg, path=path, line=number)
        match = re.match(_KEY, stripped)
        if match is None:
            msg = f"front matter line is not 'key: value': {stripped[:60]!r}"
            raise ReportFormatError(msg, path=path, line=number)
        key = match.group(1).lower()
        if key in meta:
            msg = f"front matter key {key!r} is given twice (first on line {where[key]})"
            raise ReportFormatError(msg, path=path, line=number)
        if key not in KNOWN_KEYS:
            logger.warning("%s:%d: unknown front matter key %r (kept in meta)", path or "<report>", number, key)
        meta[key] = _value(match.group(2) or "", path=path, line=number)
        where[key] = number
    msg = "front matter opened with '---' is never closed"
    raise ReportFormatError(msg, path=path, line=first + 1)
