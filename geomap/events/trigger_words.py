"""The word classes the trigger rules test: verbs, objects and people that refine a frame.

:mod:`geomap.events.lexicon` says which lemma opens which frame; these tables
say which neighbours change it ("took control" is a claim, "found remnants" a
strike, "refugees arrived" a civil measure), read by
:mod:`geomap.events.triggers`, :mod:`geomap.events.object_frames` and
:mod:`geomap.events.refine`.

Examples
--------
>>> "take" in GAIN_VERBS, "hold" in KEEP_VERBS
(True, True)
"""

from __future__ import annotations

from geomap.events.lexicon import CASUALTY_ADJECTIVES, FORCE_NOUNS, MUNITIONS, VERBS

GAIN_VERBS = frozenset(
    {"take", "seize", "gain", "regain", "establish", "assume", "win", "retake", "restore", "extend", "consolidate"}
)
#: "claimed control of V", "asserted control over V": a side saying it holds the ground.
KEEP_VERBS = frozenset({"retain", "keep", "maintain", "hold", "have", "exercise", "claim", "assert"})
CIVILIANS = frozenset(
    {"resident", "civilian", "people", "family", "refugee", "journalist", "person", "inhabitant", "population",
     "evacuee", "child", "woman", "pensioner", "patient", "pupil", "student", "villager"}
)  # fmt: skip
LEAVE_PARTICLES = frozenset({"out", "back"})
FORCE_EXTRA = frozenset(
    {"them", "they", "troop", "remnant", "garrison", "group", "attacker", "column", "formation", "saboteur", "assault"}
)
DEMINING = frozenset({"mine", "explosive", "landmine", "ordnance"})
DEMINE_VERBS = frozenset({"clear", "remove", "defuse", "neutralize", "neutralise", "sweep"})
PASSAGES = frozenset({"corridor", "crossing", "passage", "checkpoint", "route"})
RECEIVE_VERBS = frozenset({"arrive", "receive", "shelter", "accommodate", "host", "house", "register", "cross"})
DISPLACED = frozenset({"refugee", "evacuee", "displaced", "idp", "asylum"})
UPROOTED = frozenset({"displaced", "evacuated", "fleeing"})
STRIKE_TRACES = frozenset({"remnant", "fragment", "submunition", "crater", "debris", "shrapnel", "munition"})
#: People whose visits and meetings are not diplomacy.
WITNESSES = frozenset(
    {"researcher", "investigator", "inspector", "journalist", "reporter", "expert", "correspondent", "volunteer",
     "doctor", "team", "we", "i"}
)  # fmt: skip
FIND_VERBS = frozenset({"find", "discover", "recover", "document", "record", "photograph", "identify", "collect"})
#: What is fired or struck with: its destroying houses is a strike.
FIRED = MUNITIONS | frozenset({"strike", "airstrike", "shelling", "bombardment", "artillery", "fire", "barrage"})
DESTROY_VERBS = frozenset(k for k, v in VERBS.items() if v.type == "equipment_destroyed")
SEE_VERBS = frozenset({"show", "see", "spot", "count", "film", "observe", "depict", "reveal", "capture"})
RELIEF_SITES = frozenset({"centre", "center", "shelter", "camp", "point", "hub", "office"})
VIOLATE_VERBS = frozenset({"violate", "breach", "break", "flout"})
TRUCES = frozenset({"ceasefire", "truce", "armistice", "regime"})
ORDER_VERBS = frozenset({"order", "urge", "instruct", "advise", "forbid", "bar", "require", "prohibit", "allow"})
DEPLOY_VERBS = frozenset({"deploy", "station", "arrive", "enter", "move", "patrol", "redeploy", "send"})
TROOPS = frozenset({*FORCE_NOUNS, "force", "army", "column", "tank"})
INTO_VERBS = frozenset({"move", "push", "break", "advance", "roll", "drive", "storm", "burst", "march", "sweep"})
AIR_WEAPONS = frozenset({"drone", "air", "missile", "rocket", "artillery", "mortar", "aerial", "kamikaze", "uav"})
HARMED = CASUALTY_ADJECTIVES | {"kill", "wound", "injure", "hurt"}  # "12 civilians killed", "30 injured people"
