"""The words after a name that say what kind of place it is, for every rule that reads them.

One table owns them (:data:`KIND_WORDS`): the cue after a name ("the
Absheron district", "Kürdlər kəndi", :mod:`geomap.geoparse.cues`), the
finder's list cue ("the Tartar, Aghdam and Aghjabadi districts": each item
is a district, :mod:`geomap.geoparse.find`), the focus's kind rule ("Omar and
Sotk passes", :mod:`geomap.geoparse.focus`) and the kind of a name no layer
knows ("the heights of X", :func:`kind_in`) are read from it. A text
without any of a rule's words cannot match its pattern, so the rules test
that once per text (:func:`closes_a_list`) and skip the pattern for every
name of such a text.

Examples
--------
>>> plural("pass"), plural("district")
('passes', 'districts')
>>> closes_a_list("shelling of the Tartar and Aghdam districts"), closes_a_list("the Tartar district")
(True, False)
>>> kind_in("heights of"), kind_in(" village")
('mountain', 'populated place')
"""

from __future__ import annotations

__all__ = ["KIND_WORDS", "LIST_KINDS", "NATURAL_KINDS", "closes_a_list", "kind_in", "plural"]

#: Every word after a name that says what kind of place it is, lower case and folded (singular, plural and
#: the Azerbaijani and Russian forms, see geomap.geoparse.inflection), and the kind of place it gives.
KIND_WORDS: dict[str, str] = {
    "district": "district",
    "districts": "district",
    "rayon": "district",
    "raion": "district",
    "rayonu": "district",
    "region": "region",
    "province": "region",
    "provinces": "region",
    "regions": "region",
    "oblast": "region",
    "village": "populated place",
    "villages": "populated place",
    "town": "populated place",
    "city": "populated place",
    "settlement": "populated place",
    "height": "mountain",
    "heights": "mountain",
    "mountain": "mountain",
    "peak": "mountain",
    "range": "mountain",
    "pass": "pass",
    "road": "road",
    "highway": "road",
    "corridor": "road",
    "river": "river",
    "lake": "lake",
    "reservoir": "lake",
    # "the Fuzuli direction" of a front: the axis towards the town (never "the Tartar" river)
    "direction": "populated place",
    "directions": "populated place",
    # Azerbaijani and Russian words after a name, as folded (kəndi, şəhəri, района; see geomap.geoparse.inflection).
    "rayonunun": "district",
    "rayonunda": "district",
    "rayonuna": "district",
    "rayonundan": "district",
    "kandi": "populated place",
    "kandinda": "populated place",
    "shahari": "populated place",
    "shaharinda": "populated place",
    "raiona": "district",
    "raione": "district",
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


def kind_in(words: str) -> str | None:
    """The kind the longest kind word inside ``words`` (lower case) gives, whatever the table's order.

    The longest wins, so a short kind word inside a longer one ("rayon" in "rayonunda") never decides.
    """
    found = [word for word in KIND_WORDS if word in words]
    return KIND_WORDS[max(found, key=lambda word: (len(word), word))] if found else None
