"""Name normalisation: the keys under which places are looked up.

Two keys are derived from every name and every word of a report:

``fold``
    case-folded ASCII with the Azerbaijani, Armenian and Russian letters
    transliterated and punctuation removed: ``Kəlbəcər`` -> ``kalbacar``.
``loose``
    ``fold`` with the habits of different transliterations merged
    (c~j, dzh~zh~j, kh~x, gh~g, q~g, y~i, doubled letters): ``Kalbacar``,
    ``Kəlbəcər``, ``Kalbajar`` and ``Kalbadzhar`` all give ``kalbajar``.

Names are split into words by :func:`tokenize`, which keeps each word's
character span, so a match on keys maps back to exact offsets in the text.

Examples
--------
>>> from geomap.gazetteer.names import fold, loose
>>> fold("Kəlbəcər"), loose("Kəlbəcər"), loose("Kalbadzhar")
('kalbacar', 'kalbajar', 'kalbajar')
>>> loose("Yevlax") == loose("Evlakh")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii

__all__ = ["Token", "caseless", "fold", "key", "latin", "loose", "loose_key", "tokenize", "word_keys"]

# Letters whose generic transliteration loses what the region's spellings keep.
_LETTERS = str.maketrans(
    {
        "ə": "a",
        "ä": "a",
        "ı": "i",
        "ğ": "gh",
        "ş": "sh",
        "ç": "ch",
        "ö": "o",
        "ü": "u",
        "ʼ": "",
        "ʻ": "",
        "’": "",
        "‘": "",
        "'": "",
        "`": "",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LOOSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"^ye", "e"),
        (r"dzh|dj|zh", "j"),
        (r"kh", "x"),
        (r"gh", "g"),
        (r"q", "g"),
        (r"c(?!h)", "j"),
        (r"y", "i"),
        (r"w", "v"),
        (r"([a-z])\1", r"\1"),
    )
)
# A word: letters and digits, possibly joined by an apostrophe (K'arvachar, Kʻarvachar).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # combining marks (NFD text)
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+(?:['’ʼʻ`](?:[^\W_]|[{_MARKS}])+)*")
_POSSESSIVE = re.compile(r"['’ʼ][sS]$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-folded, transliterated ASCII of ``text``, words separated by one space.

    Examples
    --------
    >>> fold("Ağdərə"), fold("Нагорный Карабах"), fold("K'arvachar")
    ('aghdara', 'nagornyy karabakh', 'karvachar')
    """
    lowered = unicodedata.normalize("NFC", text).casefold().translate(_LETTERS)
    ascii_text = anyascii(lowered).lower().replace("'", "").replace("`", "")
    return _NON_ALNUM.sub(" ", ascii_text).strip()


@lru_cache(maxsize=65536)
def loose(text: str) -> str:
    """Transliteration-tolerant key of ``text`` (see the module docstring).

    Examples
    --------
    >>> loose("Ganca") == loose("Ganja") == loose("Gəncə")
    True
    """
    words = []
    for word in fold(text).split():
        loosened = word
        for pattern, repl in _LOOSE_RULES:
            loosened = pattern.sub(repl, loosened)
        words.append(loosened)
    return " ".join(words)


class Token(NamedTuple):
    """A word of a text, with its character span and keys.

    Attributes
    ----------
    start, end
        Span in the text (end exclusive); a possessive ``'s`` is left out.
    text
        The word as written.
    fold, loose
        Its :func:`fold` and :func:`loose` keys.
    is_capitalised
        Whether the word starts with an upper-case letter or a digit.
    """

    start: int
    end: int
    text: str
    fold: str
    loose: str
    is_capitalised: bool


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words with spans, dropping possessive ``'s``.

    Examples
    --------
    >>> [(t.text, t.start, t.end) for t in tokenize("Armenia’s Nagorno-Karabakh")]
    [('Armenia', 0, 7), ('Nagorno', 10, 17), ('Karabakh', 18, 26)]
    """
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        end = match.end()
        possessive = _POSSESSIVE.search(word)
        if possessive and len(word) > len(possessive.group()):
            end -= len(possessive.group())
            word = word[: -len(possessive.group())]
        keys = word_keys(word)
        if keys is not None:
            tokens.append(Token(match.start(), end, word, keys[0], keys[1], word[0].isupper() or word[0].isdigit()))
    return tokens


@lru_cache(maxsize=65536)
def word_keys(word: str) -> tuple[str, str] | None:
    """The fold and loose keys of one word (spaces removed), or None when it folds to nothing."""
    folded = fold(word)
    if not folded:
        return None
    return folded.replace(" ", ""), loose(word).replace(" ", "")


@lru_cache(maxsize=65536)
def _name_keys(name: str) -> tuple[str, str]:
    tokens = tokenize(name)
    return " ".join(t.fold for t in tokens), " ".join(t.loose for t in tokens)


def key(name: str) -> str:
    """Lookup key of a whole name: the folded words joined by single spaces.

    Examples
    --------
    >>> key("Vardenis–Agdara road") == key("vardenis agdara Road")
    True
    """
    return _name_keys(name)[0]


def loose_key(name: str) -> str:
    """Loose lookup key of a whole name (see :func:`loose`)."""
    return _name_keys(name)[1]


@lru_cache(maxsize=65536)
def latin(name: str) -> bool:
    """Whether every letter of ``name`` is a Latin letter (an English text only matches such names).

    Examples
    --------
    >>> latin("Kəlbəcər"), latin("Кельбаджар")
    (True, False)
    """
    if name.isascii():  # every ASCII letter is a Latin one
        return True
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


@lru_cache(maxsize=16)  # the hooks of one parse ask for the same text's
def caseless(text: str) -> str:
    """``text`` folded so that a substring test finds every word a case-insensitive regex would.

    A cheap test before a costly ``re.IGNORECASE`` scan: a word absent from
    ``caseless(text)`` cannot match. Beyond :meth:`str.casefold`, the dotted
    and dotless i (which ``re`` takes for an ``i``) become ``i``.

    Examples
    --------
    >>> "city" in caseless("İstanbul CİTY"), "district" in caseless("DıSTRICT")
    (True, True)
    """
    folded = text.casefold()
    if folded.isascii():
        return folded
    return folded.replace("ı", "i").replace("i\u0307", "i")
