"""The words after a name that say what kind of place it is, for every rule that reads them.

One table owns them (:data:`KIND_WORDS`): the finder's list cue ("the Tartar,
Aghdam and Aghjabadi districts": each item is a district,
:mod:`geomap.geoparse.find`) and the focus's kind rule ("Omar and Sotk
passes", :mod:`geomap.geoparse.focus`) build their patterns from it. A text
without any of a rule's words cannot match its pattern, so the rules test
that once per text (:func:`closes_a_list`) and skip the pattern for every
name of such a text.

Examples
--------
>>> plural("pass"), plural("district")
('passes', 'districts')
>>> closes_a_list("shelling of the Tartar and Aghdam districts"), closes_a_list("the Tartar district")
(True, False)
"""

from __future__ import annotations

__all__ = ["KIND_WORDS", "LIST_KINDS", "NATURAL_KINDS", "closes_a_list", "plural"]

#: Kind words (singular, lower case) and the kind of place each gives.
KIND_WORDS: dict[str, str] = {
    "district": "district",
    "region": "region",
    "province": "region",
    "village": "populated place",
    "town": "populated place",
    "settlement": "populated place",
    # "the Fuzuli and Tartar directions" of a front: the axes towards the towns
    "direction": "populated place",
    "height": "mountain",
    "mountain": "mountain",
    "river": "river",
    "lake": "lake",
    "pass": "pass",
}
#: The words whose plural closes a list of names that are each of its kind (the finder's list cue).
LIST_KINDS = (
    "district", "direction", "region", "province", "village", "town", "settlement", "height", "mountain", "river",
    "lake",
)  # fmt: skip
#: The words, in either number, that give a name the kind of a natural feature (the focus's kind rule).
NATURAL_KINDS = ("pass", "river", "height", "mountain")


def plural(word: str) -> str:
    """The plural of a kind word."""
    return f"{word}es" if word.endswith("s") else f"{word}s"


_LIST_CLOSERS = tuple(plural(word) for word in LIST_KINDS)


def closes_a_list(text: str) -> bool:
    """Whether ``text`` holds a plural kind word (as written) that can close a list of names."""
    return any(word in text for word in _LIST_CLOSERS)
