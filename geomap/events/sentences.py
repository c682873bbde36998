r"""Sentences of a report body and the dates they give.

Examples
--------
>>> [s.text for s in split_sentences("Baku said so. Gen. Smith left.\nHeadline\nNext one.\n- a bullet")]
['Baku said so.', 'Gen. Smith left.', 'Headline', 'Next one.', '- a bullet']
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from geomap.events.model import Sentence

if TYPE_CHECKING:
    from geomap.reports import Report

__all__ = ["is_background", "sentence_date", "split_sentences"]

_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9ƏÖÜÇŞĞİ#])"  # the usual: an end mark, then a capital
    r"|(?<=[a-z]{3}\.)\s+(?=[a-z]+\s)"  # "in early hours. news website said": a lower-case start after a word
    r"|\n\s*\n|\n(?=[A-Z0-9ƏÖÜÇŞĞİ\"“])"
    r"|\n(?=[-•*–—]\s)"  # a bullet starts a line: each item is a sentence
)
_ABBREVIATIONS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|St|No|Nov|Oct|Sept?|Jan|Feb|Mar|Apr|Aug|Dec|U\.S|etc|vs)\.$")


def split_sentences(text: str) -> list[Sentence]:
    r"""Sentences of ``text`` with spans; line breaks end headlines.

    Examples
    --------
    >>> [s.start for s in split_sentences("One. Two.")]
    [0, 5]
    """
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _ABBREVIATIONS.search(text[start : match.start()]):
            continue
        _append(sentences, text, start, match.start())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(stripped, start + lead, start + lead + len(stripped)))


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = {m.lower(): i for i, m in enumerate(_MONTH_NAMES, start=1)}
_MONTH = "(" + "|".join(_MONTH_NAMES) + ")"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:-\d{1,2})?\s+" + _MONTH + r"(?:,?\s+(\d{4}))?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:-\d{1,2})?(?:,?\s+(\d{4}))?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b(?!\s*(?:GMT|UTC|hrs|hours|local time)\b)")


def sentence_date(sentence: str, report: Report) -> tuple[dt.date | None, str | None]:
    r"""The day a sentence names ("on 3 October"), else the report's date and its precision.

    Examples
    --------
    >>> from geomap.reports import parse_report
    >>> sentence_date("On 3 October it fell.", parse_report("---\ndate: 2020-09-27\n---\nx", report_id="r"))
    (datetime.date(2020, 10, 3), 'day')
    """
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.search(sentence)
        if match:
            year = int(match.group(3)) if match.group(3) else (report.date.year if report.date else None)
            if year is None:
                continue
            try:
                return dt.date(year, _MONTHS[match.group(month_group).lower()], int(match.group(day_group))), "day"
            except ValueError:
                continue
    return report.date, report.date_precision


def is_background(text: str, report_date: dt.date | None) -> bool:
    """Whether a clause is history: every year it names lies before the report's year ("occupied since 1993").

    Examples
    --------
    >>> is_background("The town has been occupied since 1993.", dt.date(2020, 9, 27))
    True
    >>> is_background("Fighting went on into October 2020.", dt.date(2020, 11, 5))
    False
    """
    if report_date is None:
        return False
    years = [int(y) for y in _YEAR.findall(text)]
    return bool(years) and max(years) < report_date.year
