"""The words a place name can be made of: the capitalised runs of a text, found in one regex pass.

A place name in running text starts and ends with a capitalised word (or a
number), and may hold lower-case connectors ("Bay of Biscay"). One compiled
regex finds every run of such words joined by the gaps a name allows (a
space, a hyphen or dash, a line break; a period after a short word:
"U.S.", "St. Louis"), and only the words of those runs are folded into
lookup keys: the lower-case bulk of a text never reaches Python. The words
are the same as :func:`geomap.gazetteer.names.tokenize` gives (possessive ``'s`` left
out) with the same keys.

Examples
--------
>>> text = "Troops left Agdam's outskirts for the Bay of Biscay"
>>> [[t.text for t in run] for run in capitalised_runs(text)]
[['Troops'], ['Agdam'], ['Bay', 'of', 'Biscay']]
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import regex

from geomap.gazetteer import names

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "ABBREVIATION_GAP", "NAME_GAP", "Layout", "capitalised_runs", "layout", "next_word", "placed", "run_matches",
    "word_before",
]  # fmt: skip

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_APOSTROPHE = "['’ʼʻ`]"
# Between the words of one match: at most four spaces, line breaks, periods or dashes. Every gap a name allows
# is one of these (:data:`NAME_GAP`, :data:`ABBREVIATION_GAP`, a line break); the Python checks below split
# a match where its gaps are not. A word after such a gap always starts a word, so no lookbehind is needed.
_GAP = r"[{space}.\-–—]{{1,4}}+"  # {space}: the whitespace class's contents


def _patterns(char: str, capital: str, *, space: str = r"\s", word: str = "(?P<w>") -> tuple[str, str]:
    """The word pattern and the run pattern for word characters ``char`` and capitals ``capital``.

    ``space`` is what stands for whitespace in the run's gaps; ``word`` opens each word's group: the repeated
    named group whose captures :func:`layout` reads, or a plain group for a scan that only needs the matches.
    """
    start = rf"(?<!{char})(?<!{char}{_APOSTROPHE})"  # no word (or word and apostrophe) goes on before it
    body = rf"{char}++(?:{_APOSTROPHE}{char}++)*+"
    connector = rf"(?i:of|de|del|la|le|el|al|upon|on|the|and|da|do|di)(?!{_APOSTROPHE}?{char})"
    gap = _GAP.format(space=space)
    # The capital letter is tested before the lookbehinds: the scan then skips lower-case text fast.
    run = rf"{word}(?={capital}){start}{body})(?:{gap}{word}(?={capital}){body}|{connector}))*+"
    return rf"{start}{body}", run


_WORD_PATTERN, _RUN_PATTERN = _patterns(
    rf"[\p{{L}}\p{{N}}{_MARKS}]", r"[\p{Uppercase}\p{Numeric_Type=Decimal}\p{Numeric_Type=Digit}]"
)


@cache
def _run() -> regex.Pattern[str]:
    """The run pattern for other texts, compiled on first use (a one-line English report never needs it)."""
    return regex.compile(_RUN_PATTERN)


# The same run pattern for texts of ASCII and typographic punctuation only (most English news), where the
# Unicode classes come down to ASCII ones: the same matches, found twice as fast.
_RUN_ASCII = regex.compile(_patterns("[A-Za-z0-9]", "[A-Z0-9]")[1])
_NOT_TYPOGRAPHIC = re.compile("[^\x00-\x7f’‘“”–—…£€¢\xa0]")
# The characters of such texts that regex's \s matches (re's \s would also take \x1c-\x1f).
_TYPOGRAPHIC_SPACE = "\t\n\x0b\x0c\r \xa0"


@cache
def _scan_ascii() -> re.Pattern[str]:
    """:data:`_RUN_ASCII` for the scan alone, in the standard library's ``re`` (a third faster on such texts).

    Without the named captures, which only ``regex`` has: :func:`layout` reads them from ``_RUN_ASCII``'s
    match of the matched string, once per string.
    """
    return re.compile(_patterns("[A-Za-z0-9]", "[A-Z0-9]", space=_TYPOGRAPHIC_SPACE, word="(?:")[1])


_WORD = regex.compile(_WORD_PATTERN)

#: Gaps between the words of one name.
NAME_GAP = re.compile(r"^[ \t]?[-–—]?[ \t]?$|^\s$")
#: Between the letters of an abbreviation ("U.S.", "St. Louis", "W. Va.").
ABBREVIATION_GAP = re.compile(r"^\.\s?$")
_ABBREVIATION_LETTERS = 3


_APOSTROPHES = frozenset("'’ʼ")
_WORDS: dict[str, tuple[str, str, str, bool] | None] = {}  # word -> (word, fold, loose, capitalised)
_CACHED_WORDS = 200_000


def _keys(word: str) -> tuple[str, str, str, bool] | None:
    found = _WORDS.get(word, ())
    if found == ():
        keys = names.word_keys(word)
        found = None if keys is None else (word, keys[0], keys[1], word[0].isupper() or word[0].isdigit())
        if len(_WORDS) >= _CACHED_WORDS:
            _WORDS.clear()
        _WORDS[word] = found
    return found  # type: ignore[return-value]


def _token(start: int, word: str) -> names.Token | None:
    keys = _keys(word)
    return None if keys is None else names.Token(start, start + len(word), *keys)


def _strip_possessive(word: str) -> str:
    if len(word) > 2 and word[-1] in "sS" and word[-2] in _APOSTROPHES:  # noqa: PLR2004 - "'s"
        return word[:-2]
    return word


def capitalised_runs(text: str) -> list[list[names.Token]]:
    """The runs of capitalised words (and connectors inside them) of ``text``, in text order.

    Each run starts with a capitalised word; consecutive words of a run are
    joined by a name gap, or by a period after a word of at most three
    letters. A possessive ends a run ("Agdam's"). A match of the run regex
    is split into runs once per distinct matched string (:func:`layout`).
    """
    found: list[list[names.Token]] = []
    for match in run_matches(text):
        found.extend(placed(match.start(), layout(match.group())))
    return found


def run_matches(text: str) -> Iterator[re.Match[str] | regex.Match[str]]:
    """The matches of the run regex in ``text``: each holds one or more runs (:func:`layout` of its string)."""
    if text.isascii() or _NOT_TYPOGRAPHIC.search(text) is None:
        return _scan_ascii().finditer(text)
    found: Iterator[regex.Match[str]] = _run().finditer(text)
    return found


def placed(base: int, runs: Layout) -> list[list[names.Token]]:
    """The runs of a layout as tokens, their offsets counted from ``base``."""
    new, token = tuple.__new__, names.Token  # a NamedTuple made without its Python-level constructor
    return [[new(token, (base + a, base + b, w, f, lo, c)) for a, b, w, f, lo, c in run] for run in runs]


#: The runs of a matched string, each word as (start, end, text, fold, loose, capitalised) from the match's start.
Layout = tuple[tuple[tuple[int, int, str, str, str, bool], ...], ...]
_LAYOUTS: dict[str, Layout] = {}


def layout(surface: str) -> Layout:
    """The runs of one matched string (see :func:`capitalised_runs`), offsets counted from its start; kept.

    The run regex matches the string alone as it matched it in the text (its lookarounds see only the
    string's own characters, or none before the first and after the last), so the string decides its runs.
    """
    found = _LAYOUTS.get(surface)
    if found is not None:
        return found
    typographic = surface.isascii() or _NOT_TYPOGRAPHIC.search(surface) is None
    match = (_RUN_ASCII if typographic else _run()).match(surface)
    if match is None or match.end() != len(surface):
        msg = f"not a whole match of the run regex: {surface!r}"
        raise ValueError(msg)
    runs: list[tuple[tuple[int, int, str, str, str, bool], ...]] = []
    run: list[names.Token] = []
    for start, word in zip(match.starts("w"), match.captures("w"), strict=True):
        stripped = _strip_possessive(word)
        token = _token(start, stripped)
        if run and (token is None or not _joined(surface, run[-1], token.start)):
            runs.append(tuple(run))
            run = []
        if token is not None and (run or token.is_capitalised):
            run.append(token)
        if stripped is not word and run:
            runs.append(tuple(run))
            run = []
    if run:
        runs.append(tuple(run))
    found = tuple(runs)
    if len(_LAYOUTS) >= _CACHED_WORDS:
        _LAYOUTS.clear()
    _LAYOUTS[surface] = found
    return found


def _joined(text: str, before: names.Token, start: int) -> bool:
    if start - before.end == 1 and text[before.end] == " ":
        return True
    gap = text[before.end : start]
    return bool(NAME_GAP.match(gap)) or (
        len(before.text) <= _ABBREVIATION_LETTERS and bool(ABBREVIATION_GAP.match(gap))
    )


def next_word(text: str, end: int) -> names.Token | None:
    """The word after the word ending at ``end`` (past its possessive ``'s``, if it had one)."""
    if text[end : end + 1] in {"'", "’", "ʼ"} and text[end + 1 : end + 2] in {"s", "S"}:
        end += 2
    while (match := _WORD.search(text, end)) is not None:
        token = _token(match.start(), _strip_possessive(match.group()))
        if token is not None:
            return token
        end = match.end()
    return None


def word_before(text: str, start: int, *, reach: int = 16) -> names.Token | None:
    """The word ending right before ``start`` within ``reach`` characters, if one starts in that window."""
    window_start = max(0, start - reach)
    last = None
    for match in _WORD.finditer(text, window_start, start):
        last = match
    if last is None or (last.start() == window_start and window_start > 0):
        return None  # none, or a longer word cut by the window
    return _token(last.start(), _strip_possessive(last.group()))
