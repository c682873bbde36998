"""Who an organisation is, however a report names it: a country and a body.

"the Defence Ministry in Baku", "Azerbaijan's Ministry of Defence", "the
Azerbaijani MoD" and "Baku's defence ministry" are one organisation: the body
``defence`` of the country ``azerbaijan``. The country comes from a demonym or
a country name (``gazetteer/demonyms.csv``) or from a seat of government or a
de facto authority's name (``gazetteer/governments.csv``: Baku, the Kremlin,
Artsakh); the body from ``gazetteer/bodies.csv`` (its name and the ways a
report writes it). A claimant's words also give the names of the people in
it ("Shushan Stepanyan") and its other specific words ("Trend", "residents").

Examples
--------
>>> orgs = Organisations.default()
>>> orgs.canonical("the Defence Ministry in Baku"), orgs.canonical("Baku's defence ministry")
('Azerbaijani Ministry of Defence', 'Azerbaijani Ministry of Defence')
>>> orgs.same("Azerbaijan's MoD", "Azerbaijani Ministry of Defence (via AZERTAC)")
True
>>> orgs.same("Azerbaijani Ministry of Defence", "Azerbaijani Prosecutor-General's Office")
False
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import GazetteerError
from geomap.gazetteer.layerfiles import read_demonyms

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = [
    "Body",
    "Organisation",
    "Organisations",
    "Speaker",
    "read_governing",
    "read_governments",
    "read_people",
    "read_rivals",
    "read_separatists",
]

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {"the", "of", "a", "an", "and", "for", "to", "in", "on", "s", "by", "at", "its", "his", "her", "their", "from"}
)
#: Words that say what kind of speaker it is without naming one ("press service", "spokesman").
_GENERIC = frozenset(
    {
        "ministry", "press", "service", "staff", "armed", "forces", "spokesman", "spokesperson", "spokeswoman",
        "office", "state", "official", "officials", "source", "sources", "head", "department", "republic", "media",
        "news", "agency", "army", "military", "minister", "deputy", "chief", "secretary", "representative",
        "assistant", "aide", "adviser", "advisor", "member", "statement", "says", "said", "according", "via",
        "commander", "leader", "governor", "mayor", "general", "affairs", "defence", "foreign", "national", "side",
        "authorities", "authority",
    }
)  # fmt: skip
#: The body a country speaking as such stands for ("Baku said": its government).
_GOVERNMENT = "government"
#: A relay in a gold claimant ("(via AZERTAC)", "(decree, via Trend)"): not the speaker.
_RELAY = re.compile(r"\b(?:via|through)\b[^),;]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Organisation:
    """A body of a country's state (``country`` None when the words do not say which), or a country itself.

    ``body`` None stands for the country's government speaking as such ("Baku said", "Russia").
    """

    country: str | None
    body: str | None

    def same(self, other: Organisation) -> bool:
        """Loosely the same organisation: the same body, of the same country when both name one.

        A country speaking as such is its government: "Baku" is the Government of Azerbaijan.

        Examples
        --------
        >>> Organisation("azerbaijan", None).same(Organisation("azerbaijan", "government"))
        True
        >>> Organisation("azerbaijan", None).same(Organisation("azerbaijan", "defence"))
        False
        """
        mine, theirs = self.body or _GOVERNMENT, other.body or _GOVERNMENT
        if mine != theirs or (self.body is None and self.country is None):
            return False
        return self.country is None or other.country is None or self.country == other.country


@dataclass(frozen=True, slots=True)
class Body:
    """One body of the bodies table: its slug, its name, the lower-case ways it is written, the country it implies."""

    slug: str
    name: str
    aliases: tuple[tuple[str, ...], ...]
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    """What a claimant's words say: its organisations, the names of its people, its other specific words."""

    organisations: frozenset[Organisation]
    names: frozenset[str]
    words: frozenset[str]

    def same(self, other: Speaker) -> bool:
        """Loosely the same speaker: a shared organisation or name; else, unless both name bodies, a shared word.

        Examples
        --------
        >>> orgs = Organisations.default()
        >>> orgs.read("local officials").same(orgs.read("Local officials (via RFE/RL)"))
        True
        >>> orgs.read("Yerevan").same(orgs.read("Armenian Ministry of Defence"))
        False
        """
        if any(a.same(b) for a in self.organisations for b in other.organisations):
            return True
        if self.names & other.names:
            return True
        return not (self.organisations and other.organisations) and bool(self.words & other.words)


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("defense", "defence")
    return _TOKEN.findall(re.sub(r"'s\b", "", text))


class Organisations:
    """Countries and bodies named in a claimant's words.

    Parameters
    ----------
    countries
        Word sequences (lower case) -> the country slug they stand for.
    adjectives
        Country slug -> the adjective a canonical name uses ("azerbaijan" -> "Azerbaijani").
    bodies
        The bodies table.
    """

    __slots__ = ("_adjectives", "_bodies", "_countries", "_government_names", "_governments", "_longest", "_people")

    def __init__(
        self,
        countries: Mapping[tuple[str, ...], str],
        adjectives: Mapping[str, str],
        bodies: Sequence[Body],
        governments: Mapping[tuple[str, ...], str] | None = None,
        people: Mapping[str, str] | None = None,
    ) -> None:
        self._countries = dict(countries)
        self._adjectives = dict(adjectives)
        self._bodies = {alias: body for body in bodies for alias in body.aliases}
        self._governments = dict(governments or {})
        self._government_names: dict[str, str] = {}
        for seat, name in self._governments.items():  # a country's government: the name of its first seat's row
            if seat in self._countries:
                self._government_names.setdefault(self._countries[seat], name)
        self._people = {tuple(_tokens(name)): side for name, side in (people or {}).items()}
        self._longest = max((len(k) for k in (*self._countries, *self._bodies)), default=1)

    @classmethod
    def default(cls) -> Organisations:
        """The tables of ``settings.gazetteer_dir`` (read once per folder)."""
        return _from_folder(settings.gazetteer_dir)

    @classmethod
    def from_folder(cls, folder: Path) -> Organisations:
        """Read ``demonyms.csv``, ``governments.csv`` and ``bodies.csv`` of a gazetteer folder.

        Raises
        ------
        GazetteerError
            When a table lacks its columns.
        """
        countries: dict[tuple[str, ...], str] = {}
        adjectives: dict[str, str] = {}
        for demonym, country in read_demonyms(folder / "demonyms.csv").items():
            slug = country.lower()
            countries[tuple(_tokens(demonym))] = slug
            countries[tuple(_tokens(country))] = slug
            if slug not in adjectives or (adjectives[slug].endswith("s") and not demonym.endswith("s")):
                adjectives[slug] = demonym
        governments: dict[tuple[str, ...], str] = {}
        for word, country in read_governments(folder).items():
            countries[tuple(_tokens(word))] = country
            adjectives.setdefault(country, country.title())
        for word, _, government in _rows(folder / "governments.csv", ("word", "country"), optional=("government",)):
            if government:
                governments[tuple(_tokens(word))] = government
        bodies = [
            Body(slug, name, tuple(tuple(_tokens(a)) for a in aliases.split("|") if a.strip()), country.lower() or None)
            for slug, name, aliases, country in _rows(folder / "bodies.csv", ("body", "name", "aliases", "country"))
        ]
        return cls(countries, adjectives, bodies, governments, read_people(folder))

    def read(self, text: str) -> Speaker:
        """The organisations, names and specific words of a claimant's words.

        Words in brackets other than a relay ("(via AZERTAC)") count as names and words too.

        Examples
        --------
        >>> speaker = Organisations.default().read("Shushan Stepanyan, Armenia's defence ministry spokeswoman")
        >>> sorted(speaker.names), sorted((o.country, o.body) for o in speaker.organisations)
        (['shusha', 'stepan'], [('armenia', 'defence')])
        """
        text = _RELAY.sub(" ", text)
        tokens = _tokens(text)
        countries, bodies = self._spans(tokens)
        taken = {i for start, end, _ in (*countries, *bodies) for i in range(start, end)}
        capitals = {w.lower() for w in re.findall(r"\b[A-Z][\w'-]*", text.replace("’", "'"))}
        capitals = set(_tokens(" ".join(capitals)))
        words = {t for i, t in enumerate(tokens) if i not in taken and t not in _STOP and t not in _GENERIC}
        names = {t for t in words if t in capitals and not t.isdigit()}
        # a country alone speaks as such ("Baku said"); beside other words it describes them ("Trend (Azeri media)")
        organisations = frozenset(o for o in self._pair(countries, bodies) if o.body is not None or not words)
        return Speaker(organisations, frozenset(t[:6] for t in names), frozenset(t[:6] for t in words))

    def same(self, a: str, b: str) -> bool:
        """Whether two claimants' words loosely name the same organisation or person."""
        return self.read(a).same(self.read(b))

    def of(self, text: str) -> Organisation | None:
        """The one organisation a claimant's words name, if they name exactly one (a body or a country)."""
        organisations = self.read(text).organisations
        return next(iter(organisations)) if len(organisations) == 1 else None

    def government(self, seat: str) -> str | None:
        """The name of the government a seat or de facto authority's name stands for, when it is one alone.

        Examples
        --------
        >>> orgs = Organisations.default()
        >>> orgs.government("Yerevan"), orgs.government("Stepanakert"), orgs.government("Goris")
        ('Government of Armenia', 'Artsakh authorities', None)
        """
        return self._governments.get(tuple(_tokens(seat)))

    def person_side(self, text: str) -> str | None:
        """The side of the one known person (``people.csv``) a claimant's words name, by full or last name.

        Examples
        --------
        >>> orgs = Organisations.default()
        >>> orgs.person_side("Pashinyan"), orgs.person_side("President Ilham Aliyev"), orgs.person_side("Heydar Aliyev")
        ('armenia', 'azerbaijan', None)
        """
        tokens = _tokens(text)
        sides = set()
        for name, side in self._people.items():
            if name[-1] not in tokens:
                continue
            before = tokens[tokens.index(name[-1]) - 1] if tokens.index(name[-1]) else ""
            # the full name, or the last name alone: "Heydar Aliyev" is not "Ilham Aliyev"
            if set(name[:-1]) <= set(tokens) or not before or before in _GENERIC | _STOP | {"prime"}:
                sides.add(side)
        return sides.pop() if len(sides) == 1 else None

    def governs(self, government: str, body: str, body_side: str | None = None) -> bool:
        """Whether ``body`` is a body of the country ``government`` names by itself ("Baku", "Yerevan").

        Examples
        --------
        >>> orgs = Organisations.default()
        >>> orgs.governs("Baku", "the Azerbaijani MoD"), orgs.governs("Government of Azerbaijan", "the Azerbaijani MoD")
        (True, True)
        """
        country, organisation = self.of(government), self.of(body)
        return (
            country is not None
            and country.body in {None, _GOVERNMENT}
            and organisation is not None
            and organisation.body not in {None, _GOVERNMENT}
            and (organisation.country or body_side) == country.country
        )

    def canonical(self, text: str, *, country: str | None = None) -> str:
        """The canonical name of the one body ``text`` names ("Azerbaijani Ministry of Defence"), else ``text``.

        A person ("Shushan Stepanyan, Armenia's defence ministry spokeswoman") keeps the name with the body's
        canonical name; a country or seat speaking as such ("Baku") keeps its words. ``country`` is the
        body's country when the words do not say it ("the Ministry of Defence" in a report of one side).

        Examples
        --------
        >>> Organisations.default().canonical("the Ministry of Defence", country="armenia")
        'Armenian Ministry of Defence'
        """
        speaker = self.read(text)
        organisation = next(iter(speaker.organisations)) if len(speaker.organisations) == 1 else None
        if organisation is None or organisation.body is None:
            return text
        body = next(b for b in self._bodies.values() if b.slug == organisation.body)
        adjective = self._adjectives.get(organisation.country or country or "", "")
        name = f"{adjective} President" if adjective and body.slug == "president" else f"{adjective} {body.name}"
        if body.slug == _GOVERNMENT:  # "His government", "the Armenian cabinet": the Government of Armenia
            name = self._government_names.get(organisation.country or country or "", name)
        people = [w for w in re.findall(r"[\w'-]+", text) if w[:1].isupper() and w.lower()[:6] in speaker.names]
        return f"{' '.join(people)}, {name.strip()}" if people else name.strip()

    def _spans(self, tokens: Sequence[str]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, Body]]]:
        """The (start, end, slug) of the countries and (start, end, body) of the bodies in ``tokens``, longest first."""
        countries: list[tuple[int, int, str]] = []
        bodies: list[tuple[int, int, Body]] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                words = tuple(tokens[i : i + n])
                if words in self._bodies:
                    bodies.append((i, i + n, self._bodies[words]))
                elif words in self._countries:
                    countries.append((i, i + n, self._countries[words]))
                else:
                    continue
                i += n
                break
            else:
                i += 1
        return countries, bodies

    @staticmethod
    def _pair(countries: Sequence[tuple[int, int, str]], bodies: Sequence[tuple[int, int, Body]]) -> list[Organisation]:
        """Each body with the country nearest it in the words; countries alone speak as such ("Baku said")."""
        if not bodies:
            return [Organisation(slug, None) for _, _, slug in countries]
        paired = []
        for start, _, body in bodies:
            near = sorted(countries, key=lambda c: abs(c[0] - start))
            paired.append(Organisation(near[0][2] if near else body.country, body.slug))
        return paired


def read_governments(folder: Path) -> dict[str, str]:
    """``governments.csv`` of a gazetteer folder: a seat or authority's name -> the side it speaks for.

    Examples
    --------
    >>> read_governments(settings.gazetteer_dir)["Baku"]
    'azerbaijan'
    """
    return {word: country.lower() for word, country in _rows(folder / "governments.csv", ("word", "country"))}


def read_people(folder: Path) -> dict[str, str]:
    """``people.csv`` of a gazetteer folder: a public figure's name -> the side they speak for.

    Examples
    --------
    >>> read_people(settings.gazetteer_dir)["Nikol Pashinyan"]
    'armenia'
    """
    return {name: side.lower() for name, side in _rows(folder / "people.csv", ("name", "side")) if name and side}


def read_rivals(folder: Path) -> dict[str, str]:
    """``rivals.csv`` of a gazetteer folder: a side -> the side it fights ("the enemy" in its words).

    Examples
    --------
    >>> read_rivals(settings.gazetteer_dir)["artsakh"]
    'azerbaijan'
    """
    rows = _rows(folder / "rivals.csv", ("side", "opponent"))
    return {side.lower(): opponent.lower() for side, opponent in reversed(rows)}  # the first row of a side wins


def read_governing(folder: Path) -> dict[str, str]:
    """``rivals.csv``'s ``government`` column: a side -> the side whose state fights its conflict ("government forces").

    Examples
    --------
    >>> read_governing(settings.gazetteer_dir)["armenia"], read_governing(settings.gazetteer_dir)["russia"]
    ('azerbaijan', 'ukraine')
    """
    rows = _rows(folder / "rivals.csv", ("side",), optional=("government",))
    return {side.lower(): government.lower() for side, government in reversed(rows) if government}


def read_separatists(folder: Path) -> dict[str, str]:
    """``separatists.csv``: a country code -> the side of those a report there calls "separatists" or "rebels".

    Examples
    --------
    >>> read_separatists(settings.gazetteer_dir)["AZ"], read_separatists(settings.gazetteer_dir)["UA"]
    ('artsakh', 'russia')
    """
    return {code.upper(): side.lower() for code, side in _rows(folder / "separatists.csv", ("country", "side"))}


def _rows(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            return [
                tuple((rec[c] or "").strip() for c in columns) + tuple((rec.get(c) or "").strip() for c in optional)
                for rec in reader
            ]
        except (KeyError, AttributeError) as exc:
            msg = f"{path.name} needs the columns {', '.join(columns)}"
            raise GazetteerError(msg, path=path, line=reader.line_num) from exc


@lru_cache(maxsize=8)
def _from_folder(folder: Path) -> Organisations:
    return Organisations.from_folder(folder)
