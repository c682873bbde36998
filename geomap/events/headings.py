"""Speakers a line names outside its grammar: live-blog headings and trailing attributions.

- A heading names its speaker before a colon, after an optional time:
  "11:02 Azerbaijani MoD: two tanks destroyed near V", "Armenian MoD: ...".
- A trailing attribution names it after a dash at the end of the line:
  "V remains under our control — ministry spokesperson Name".
- A trailing relay names it after the sentence's last comma, before a
  saying word the parser did not read as a verb: "..., Armenian media report."
- A heading may name a person speaking in an address or interview:
  "Aliyev in televised address: ...": the person is the speaker.

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

__all__ = [
    "CLOCK",
    "SPEECH_NOUNS",
    "clocked",
    "heading_speaker",
    "may_head",
    "speaker_words",
    "trailing_relay",
    "trailing_speaker",
]

#: A time of day leading a live-blog line: "09:40", "14.05".
CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")
_DASHES = frozenset({"—", "–", "--", "-"})
_MAX_WORDS = 8
#: What a person speaks in: "Aliyev in televised address:", "Pashinyan in an interview:".
SPEECH_NOUNS = frozenset(
    {"address", "interview", "speech", "statement", "tweet", "post", "briefing", "message", "broadcast", "remarks"}
)
#: Saying words that may end a sentence as its relay: "..., Armenian media report."
_RELAY_FORMS = frozenset({"report", "reports", "say", "says", "claim", "claims", "write", "writes", "add", "adds"})
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
    if (words[0].pos_ == "PROPN" or words[0].is_title) and any(t.lemma_.lower() in SPEECH_NOUNS for t in words[1:]):
        return True  # "Aliyev in televised address"
    return any(t.lower_ in _TITLES for t in words) and any(t.is_title for t in words)


#: A line that may open with a speaker's heading: a few words and a colon, after an optional time of day.
_HEADING_LINE = re.compile(r"^(?:\d{1,2}[:.]\d{2}\s*[—–-]*\s*)?[^:\n]{2,80}:(?:\s|$)")


def may_head(text: str) -> bool:
    """Whether a line may open with a speaker's heading (worth parsing even without an event word).

    Examples
    --------
    >>> may_head("14:05 Azerbaijani MoD:"), may_head("Calm night in the town.")
    (True, False)
    """
    return _HEADING_LINE.match(text) is not None


def clocked(text: str) -> bool:
    """Whether a line starts with a time of day, as a live blog's entries do.

    Examples
    --------
    >>> clocked("09:40 — Fighting near V"), clocked("Fighting near V at 09:40")
    (True, False)
    """
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return CLOCK.match(first) is not None


def speaker_words(span: Span) -> str:
    """A heading's speaker as written, without its time, dashes and the address it speaks in.

    Examples
    --------
    >>> from geomap.events.parse import parse
    >>> (doc,) = parse(["09:12 — Aliyev in televised address: V is ours"])
    >>> speaker_words(heading_speaker(doc))
    'Aliyev'
    """
    words = [t for t in span if not CLOCK.match(t.text) and t.text not in _DASHES]
    cut = next(
        (
            k
            for k, t in enumerate(words)
            if t.pos_ == "ADP" and any(u.lemma_.lower() in SPEECH_NOUNS for u in t.subtree)
        ),
        len(words),
    )
    text = "".join(t.text_with_ws for t in words[:cut]).strip(" ,")
    return text.removeprefix("the ").removeprefix("The ")


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


def trailing_relay(doc: Doc) -> Span | None:
    """The words between a sentence's last comma and a closing saying word the parser read as a noun.

    Examples
    --------
    >>> from geomap.events.parse import parse
    >>> (doc,) = parse(["Shells hit Tartar overnight, Azerbaijani media report."])
    >>> trailing_relay(doc).text
    'Azerbaijani media'
    """
    end = len(doc)
    while end > 0 and doc[end - 1].is_punct:
        end -= 1
    if end < 2 or doc[end - 1].lower_ not in _RELAY_FORMS or doc[end - 1].pos_ in {"VERB", "AUX"}:  # noqa: PLR2004
        return None
    comma = next((t.i for t in reversed(doc[max(0, end - _MAX_WORDS - 2) : end - 1]) if t.text == ","), None)
    if comma is None:
        return None
    span = doc[comma + 1 : end - 1]
    return span if len(span) and _speaks(span) else None
