"""Events: what a report says happened where, who says so, and who holds the ground.

An event grammar on a dependency parser (spaCy's small English pipeline,
``settings.spacy_model``): :func:`extract_events` reads a report sentence by
sentence, parses the sentences that can carry an event, and reads each
trigger word's frame from its dependency roles (agent, patient, recipient,
holder, source, locations). Every event keeps its provenance (report,
claimant and relay, quoted sentence with its span, the mention's span, date
and precision, ACLED-style geo-precision) and ACLED's fields (actors,
fatalities, sub-event type).

Modules: :mod:`~geomap.events.model` (values), :mod:`~geomap.events.sentences`
(sentences and dates), :mod:`~geomap.events.parse` (spaCy, loaded lazily),
:mod:`~geomap.events.lexicon` (trigger lemmas), :mod:`~geomap.events.frames`
(roles), :mod:`~geomap.events.places` (noun phrases -> places),
:mod:`~geomap.events.anaphora`, :mod:`~geomap.events.claimant`,
:mod:`~geomap.events.sides`, :mod:`~geomap.events.extract`,
:mod:`~geomap.events.frame_table`, :mod:`~geomap.events.scoring`.
"""

from __future__ import annotations

from geomap.events.extract import attribute, extract_events, extract_events_batch
from geomap.events.frame_table import EVENT_COLUMNS, events_frame
from geomap.events.model import EVENT_TYPES, Event, Sentence
from geomap.events.sentences import split_sentences

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_TYPES",
    "Event",
    "Sentence",
    "attribute",
    "events_frame",
    "extract_events",
    "extract_events_batch",
    "split_sentences",
]
