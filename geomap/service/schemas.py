r"""What the service reads and writes: pydantic models of request and response bodies.

Every string a client sends is checked here before it goes anywhere: no NUL
characters and no lone surrogates (neither can be stored), and metadata on
one line (it becomes front matter). Dates are ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, as in report files.

Examples
--------
>>> ReportIn(text="Goris was shelled.", side="Armenia").side
'Armenia'
>>> ReportIn(text="x\x00")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for ReportIn
...
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = [
    "BatchIn",
    "BatchItem",
    "BatchOut",
    "ErrorBody",
    "LayerOut",
    "Line",
    "ReportIn",
    "ReportList",
    "ReportOut",
    "ReportSummary",
    "SafeText",
    "SearchOut",
    "safe_text",
]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def safe_text(value: str) -> str:
    """``value`` if it holds no NUL character and no lone surrogate (else a ValueError).

    Examples
    --------
    >>> safe_text("Kəlbəcər")
    'Kəlbəcər'
    """
    if "\x00" in value:
        msg = "must not contain NUL characters"
        raise ValueError(msg)
    if _LONE_SURROGATE.search(value):
        msg = "must be valid Unicode (it holds a lone surrogate)"
        raise ValueError(msg)
    return value


def _one_line(value: str) -> str:
    safe_text(value)
    if _LINE_BREAK.search(value):
        msg = "must be on one line"
        raise ValueError(msg)
    return value.strip()


#: Text a client sends: no NUL, valid Unicode.
SafeText = Annotated[str, AfterValidator(safe_text)]
#: A metadata value: also on one line.
Line = Annotated[str, AfterValidator(_one_line), Field(max_length=2000)]
_Date = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", examples=["2020-09-27"])]


class ReportIn(BaseModel):
    """A report as JSON: its text and what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[SafeText, Field(min_length=1, description="The body; spans count from its start.")]
    title: Line = ""
    source: Line = ""
    url: Line = ""
    date: _Date | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    side: Annotated[Line, Field(max_length=100, description="The party whose claims the report carries.")] = ""


class BatchIn(BaseModel):
    """Many reports at once; each is stored whole or not at all, on its own."""

    model_config = ConfigDict(extra="forbid")

    reports: list[dict[str, Any]] = Field(description="Reports, each with the fields of ReportIn.")


class ReportSummary(BaseModel):
    """A stored report without its text."""

    report_id: str
    content_hash: str
    title: str
    source: str
    url: str
    side: str
    date: str | None
    date_precision: str | None
    n_mentions: int
    n_events: int
    n_claims: int
    created_at: str


class ReportOut(ReportSummary):
    """A stored report: text, mentions, places, and events and claims as GeoJSON."""

    text: str
    meta: dict[str, str]
    mentions: list[dict[str, Any]]
    places: list[dict[str, Any]]
    events: dict[str, Any]
    claims: dict[str, Any]


class ReportList(BaseModel):
    """A page of stored reports; ``next_cursor`` fetches the next page (null on the last)."""

    reports: list[ReportSummary]
    next_cursor: int | None


class BatchItem(BaseModel):
    """What became of one report of a batch."""

    index: int
    status: int = Field(description="201 stored, 200 already stored, 422 rejected, 413 too large.")
    report_id: str | None = None
    error: str | None = None


class BatchOut(BaseModel):
    """One result per report of a batch, in order."""

    results: list[BatchItem]
    stored: int
    duplicates: int
    failed: int


class ErrorBody(BaseModel):
    """Every error the service returns."""

    error: str = Field(description="What went wrong, in one line.")
    status: int
    detail: list[dict[str, Any]] | None = None


class LayerOut(BaseModel):
    """A gazetteer layer imported."""

    layer: str
    places: int


class SearchOut(BaseModel):
    """Gazetteer candidates for a name, best first."""

    query: str
    candidates: list[dict[str, Any]]
