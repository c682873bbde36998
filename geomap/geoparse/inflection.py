"""Place names with case endings: Russian, Azerbaijani and Armenian running text.

The gazetteer knows names in their base form ("Гянджа", "Gəncə",
"Ստեփանակերտ"); running text inflects them: "в Гяндже и Евлахе", "Bakı və
Gəncədə", "Ստեփանակերտում". For a capitalised word that no layer matched,
the base forms its ending allows are looked up, one word or two ("в Нагорном
Карабахе", "в Физулинском районе"). The mention's span is the inflected word
as written, its alias the base form the gazetteer has.

- Russian (Cyrillic words): noun endings (-е, -и, -у, -ю, -а, -я, -ы, -ом,
  -ем, -ой, -ей, -ах, -ях, -ам, -ям, -ами, -ями), with the nominative endings
  they may stand for restored (Гяндж-е -> Гянджа, Армени-и -> Армения), and
  adjective endings (-ом, -ого, -ой, -ую ... -> -ый, -ий, -ой, -ая, -ое).
- Azerbaijani (Latin words, in a text with ə or ı): locative -da/-də/-ta/-tə,
  ablative -dan/-dən/-tan/-tən, genitive -ın/-in/-un/-ün, dative -a/-ə,
  accusative -ı/-i/-u/-ü, with the buffer consonants n and y (-nın, -ya, -nı),
  and -dakı/-dəki.
- Armenian (Armenian script): -ում, -ից, -ով, -ի, -ին, -ը, -ն.

Examples
--------
>>> base_forms("Гяндже")[:3]
['Гяндж', 'Гянджа', 'Гянджя']
>>> "Gəncə" in base_forms("Gəncədə", azerbaijani=True)
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from geomap.gazetteer import Gazetteer, Match, names
    from geomap.geoparse import Mention

__all__ = ["base_forms", "find_inflected", "is_azerbaijani", "rebase"]

_RU_NOUN = (
    "ами", "ями", "ом", "ем", "ём", "ой", "ей", "ою", "ею", "ах", "ях", "ам", "ям",
    "е", "и", "у", "ю", "а", "я", "ы",
)  # fmt: skip
_RU_RESTORE = ("", "а", "я", "ь", "й", "о")
_RU_ADJECTIVE = ("ого", "его", "ому", "ему", "ом", "ем", "ой", "ей", "ую", "юю", "ая", "яя", "ое", "ее", "ым", "им")
_RU_ADJECTIVE_RESTORE = ("ый", "ий", "ой", "ая", "ое")
_AZ = (
    "dakı",
    "dəki",
    "takı",
    "təki",
    "dan",
    "dən",
    "tan",
    "tən",
    "nın",
    "nin",
    "nun",
    "nün",
    "da",
    "də",
    "ta",
    "tə",
    "ın",
    "in",
    "un",
    "ün",
    "ya",
    "yə",
    "nı",
    "ni",
    "nu",
    "nü",
    "a",
    "ə",
    "ı",
    "i",
    "u",
    "ü",
)
_HY = ("ում", "ից", "ով", "ին", "ի", "ը", "ն")
_MIN_BASE = 3
_AZ_LETTERS = re.compile("[əƏı]")
_INFLECTING_SCRIPT = re.compile("[\u0400-\u04ff\u0531-\u058f]")  # Cyrillic, Armenian
_AZ_MIN_LETTERS = 2
# Between the two words of one name ("Нагорном Карабахе", "Ağ-dərə").
_GAP = re.compile(r"^[ \t]?[-–]?[ \t]?$")
# Loose-key starts of the lower-case unit words that may end a two-word name: "район"/"rayon"
# (Russian, Azerbaijani), Russian "область" ("в Тавушской области"), Armenian "շրջան" (district) and
# "մարզ" (province), as in "Սյունիքի մարզում".
_UNIT_WORDS = ("raion", "oblast", "shrjan", "marz")
_KIND_ORDER = {"populated place": 0, "country": 1, "region": 2, "district": 3}


def _script(word: str) -> str:
    letter = next((ch for ch in word if ch.isalpha()), None)
    if letter is None:
        return ""
    name = unicodedata.name(letter, "")
    if name.startswith("CYRILLIC"):
        return "ru"
    if name.startswith("ARMENIAN"):
        return "hy"
    return "latin" if name.startswith("LATIN") else ""


def is_azerbaijani(text: str) -> bool:
    """Whether ``text`` looks Azerbaijani (it has the letters ə or ı), so Latin words take its endings.

    Examples
    --------
    >>> is_azerbaijani("Bakı və Gəncədə komendant saatı"), is_azerbaijani("Curfew in Baku and Ganja")
    (True, False)
    """
    return len(_AZ_LETTERS.findall(text)) >= _AZ_MIN_LETTERS


def inflects(text: str) -> bool:
    """Whether ``text`` may hold inflected names: Azerbaijani, or Cyrillic or Armenian script.

    Examples
    --------
    >>> inflects("в Гяндже"), inflects("Bakı və Gəncədə"), inflects("Curfew in Ganja")
    (True, True, False)
    """
    if text.isascii():  # ə, ı, Cyrillic and Armenian letters are none of them ASCII
        return False
    return is_azerbaijani(text) or bool(_INFLECTING_SCRIPT.search(text))


def _strip(word: str, endings: Sequence[str], restore: Sequence[str]) -> list[str]:
    lower = word.lower()
    out: list[str] = []
    for ending in endings:
        if lower.endswith(ending) and len(word) - len(ending) >= _MIN_BASE:
            stem = word[: len(word) - len(ending)]
            out.extend(stem + r for r in restore)
    return out


def base_forms(word: str, *, azerbaijani: bool = False) -> list[str]:
    """The base forms ``word``'s ending allows, most likely first (the word itself excluded)."""
    return list(_base_forms(word, azerbaijani=azerbaijani))


@lru_cache(maxsize=65536)
def _base_forms(word: str, *, azerbaijani: bool) -> tuple[str, ...]:
    script = _script(word)
    if script == "ru":
        forms = _strip(word, _RU_NOUN, _RU_RESTORE) + _strip(word, _RU_ADJECTIVE, _RU_ADJECTIVE_RESTORE)
    elif script == "hy":
        forms = _strip(word, _HY, ("",))
    elif script == "latin" and azerbaijani:
        forms = _strip(word, _AZ, ("",))
    else:
        forms = []
    return tuple(f for f in dict.fromkeys(forms) if f != word)


def _best(matches: Sequence[Match]) -> Match | None:
    """The reading of a base form: exact matches, curated first, a town before its district."""
    exact = [m for m in matches if m.method == "exact"]
    if not exact:
        return None
    curated = [m for m in exact if m.place.layer == "curated"] or exact
    return min(curated, key=lambda m: _KIND_ORDER.get(m.place.kind, len(_KIND_ORDER)))


def _lookup(gazetteer: Gazetteer, name: str) -> Match | None:
    """The reading of the base form ``name``, whose alias is that base form as the ending gave it."""
    best = _best(gazetteer.lookup(name, fuzzy=False, limit=None))
    return None if best is None else replace(best, alias=name)


def _forms(word: str, *, azerbaijani: bool, itself: bool) -> list[str]:
    return [word, *base_forms(word, azerbaijani=azerbaijani)] if itself else base_forms(word, azerbaijani=azerbaijani)


def find_inflected(text: str, tokens: Sequence[names.Token], taken: set[int], gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of inflected names among the capitalised words no other mention took (see the module)."""
    from geomap.geoparse import Mention  # noqa: PLC0415 - geoparse imports this module

    if not inflects(text):
        return []  # an English text: nothing to strip
    azerbaijani = is_azerbaijani(text)
    out: list[Mention] = []
    used: set[int] = set()

    def eligible(i: int) -> bool:
        token = tokens[i]
        return (
            i not in taken
            and i not in used
            and token.is_capitalised
            and bool(base_forms(token.text, azerbaijani=azerbaijani))
        )

    def add(first: int, last: int, match: Match) -> None:
        start, end = tokens[first].start, tokens[last - 1].end
        out.append(Mention(text[start:end], start, end, match.place, match.alias, match.method, 0.8, None, 1))
        used.update(range(first, last))

    for i in range(len(tokens)):
        if not eligible(i):
            continue
        nxt = i + 1
        if (
            nxt < len(tokens)
            and nxt not in taken
            and (tokens[nxt].is_capitalised or tokens[nxt].loose.startswith(_UNIT_WORDS))
            and _GAP.match(text[tokens[i].end : tokens[nxt].start])
        ):
            pairs = (
                f"{a} {b}"
                for a in _forms(tokens[i].text, azerbaijani=azerbaijani, itself=True)
                for b in _forms(tokens[nxt].text, azerbaijani=azerbaijani, itself=True)
            )
            match = next((m for m in (_lookup(gazetteer, n) for n in pairs) if m is not None), None)
            if match is not None:
                add(i, nxt + 1, match)
                continue
        match = next(
            (m for m in (_lookup(gazetteer, b) for b in base_forms(tokens[i].text, azerbaijani=azerbaijani)) if m),
            None,
        )
        if match is not None:
            add(i, i + 1, match)
    return out


def rebase(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` where a one-word GeoNames reading of an inflected word gives way to a curated base form.

    "Армении" folds like the Greek village Arméni; its base form "Армения" is the country.
    """
    azerbaijani = is_azerbaijani(text)
    out: list[Mention] = []
    for mention in mentions:
        place = mention.place
        if place is not None and place.layer != "curated" and " " not in mention.surface:
            curated = [
                m
                for b in base_forms(mention.surface, azerbaijani=azerbaijani)
                if (m := _lookup(gazetteer, b)) is not None and m.place.layer == "curated"
            ]
            if curated:
                best = curated[0]
                mention = replace(mention, place=best.place, alias=best.alias, method=best.method)  # noqa: PLW2901
        out.append(mention)
    return out
