"""What a sentence says about who speaks, and what a report has said so far: attributions and their memory.

Examples
--------
>>> memory = ClaimantMemory()
>>> memory.remember(Attribution("Azerbaijani Defense Ministry", side="azerbaijan"))
>>> memory.last, memory.side_of("Azerbaijani Defense Ministry")
('Azerbaijani Defense Ministry', 'azerbaijan')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geomap.events.headings import clocked
from geomap.events.organisations import Organisations

__all__ = ["Attribution", "ClaimantMemory"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """The claimant a sentence gives, and how.

    Attributes
    ----------
    claimant
        The speaker's words, ``""`` when the sentence names none.
    relay
        Who passed it on, or ``""``.
    side
        The speaker's side, when its words name one.
    back
        Whether the speaker refers back ("the report added"): the
        unattributed sentences before it are the same speaker's.
    person
        Whether the speaker is a person (for "he said").
    tokens
        Indices of the speaker's words (never locations of events).
    document
        Whether the speaker is a document (a decree, a statement): the
        sentences right after it that name no speaker go on stating it.
    """

    claimant: str
    relay: str = ""
    side: str | None = None
    back: bool = False
    person: bool = False
    tokens: frozenset[int] = frozenset()
    document: bool = False


@dataclass
class ClaimantMemory:
    """The claimants named so far in a report, for pronouns and back references."""

    home: str | None = None  #: the report's side when it is a party: the country of its unqualified bodies
    last: str = ""
    last_person: str = ""
    last_side: str | None = None
    sides: dict[str, str | None] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    heading: Attribution | None = None  #: a live blog's heading speaker, for the lines under it

    def line(self, text: str) -> None:
        """Note the next line of the report: a time of day ends the lines under the last heading.

        Examples
        --------
        >>> memory = ClaimantMemory(heading=Attribution("Azerbaijani Ministry of Defence"))
        >>> memory.line("Two tanks were destroyed.")
        >>> memory.heading is None, memory.line("14:30 Calm night."), memory.heading is None
        (False, None, True)
        """
        if clocked(text):
            self.heading = None

    def last_with(self, word: str) -> str:
        """The latest claimant whose words hold ``word`` ("the ministry added" -> the last ministry), else the last.

        Examples
        --------
        >>> memory = ClaimantMemory()
        >>> memory.remember(Attribution("Armenian Ministry of Defence"))
        >>> memory.remember(Attribution("regional officials"))
        >>> memory.last_with("ministry"), memory.last_with("staff")
        ('Armenian Ministry of Defence', 'regional officials')
        """
        return next((c for c in reversed(self.named) if word in c.lower().split()), self.last)

    def country_for(self, body: str) -> str | None:
        """The country of the latest named claimant that is ``body`` of a country ("the ministry" after one)."""
        orgs = Organisations.default()
        for claimant in reversed(self.named):
            organisation = orgs.of(claimant)
            if organisation is not None and organisation.body == body and organisation.country:
                return organisation.country
        return None

    def side_of(self, claimant: str) -> str | None:
        """The side known for ``claimant``, for a person sharing its last name ("Aliyev"), or from ``people.csv``."""
        side = self.sides.get(claimant)
        if side is None and claimant:
            last = claimant.split(",", maxsplit=1)[0].rsplit(maxsplit=1)[-1]
            side = next((v for k, v in self.sides.items() if v and k.split(",")[0].split()[-1] == last), None)
        return side or (Organisations.default().person_side(claimant.split(",", maxsplit=1)[0]) if claimant else None)

    def learn_side(self, claimant: str, side: str) -> None:
        """Note the side a claimant speaks for, learnt from what it claims its side took."""
        if claimant and self.side_of(claimant) is None:
            self.sides[claimant] = side
            if claimant == self.last:
                self.last_side = side

    def remember(self, attribution: Attribution) -> None:
        """Note a named claimant."""
        if not attribution.claimant:
            return
        self.last = attribution.claimant
        self.named.append(attribution.claimant)
        self.last_side = attribution.side
        self.sides[attribution.claimant] = attribution.side
        if attribution.person:
            self.last_person = attribution.claimant
            self.people.append(attribution.claimant)
