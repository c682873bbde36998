"""The words of the event grammar: trigger lemmas and the frames they open, saying verbs, noun classes.

Every table is keyed by spaCy lemma, so "took", "taken" and "taking" are one
entry. A verb's frame says which event type it reports, which kind of control
it claims, and who holds the place afterwards: the agent ("X took V"), the
recipient ("V fell to X"), or nobody the verb names ("X withdrew from V").

Examples
--------
>>> VERBS["liberate"].control, VERBS["fall"].holder
('taken', 'recipient')
>>> might_report("The ridge was lost to them.")
True
>>> might_report("Goris has about 20 thousand inhabitants.")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "AID_NOUNS",
    "ANAPHOR_NOUNS",
    "COME_VERBS",
    "COMPASS_NOUNS",
    "CONTAINER_NOUNS",
    "DIRECTIVE_VERBS",
    "ENEMY_WORDS",
    "EQUIPMENT_NOUNS",
    "EXPEL_VERBS",
    "FALSE_WORDS",
    "FEAR_WORDS",
    "FLAG_NOUNS",
    "FLAG_VERBS",
    "FORCE_NOUNS",
    "FORCE_WORDS",
    "HALT_VERBS",
    "HEAD_NOUNS",
    "MOVEMENT_NOUNS",
    "MUNITIONS",
    "NOUNS",
    "OUT_OF_SERVICE",
    "PART_NOUNS",
    "PEACEKEEPER_NOUNS",
    "PEOPLE_NOUNS",
    "POST_NOUNS",
    "POST_VERBS",
    "PREVENT_VERBS",
    "SAY_VERBS",
    "STAY_VERBS",
    "TIME_WORDS",
    "VERBS",
    "Trigger",
    "might_report",
]


@dataclass(frozen=True, slots=True)
class Trigger:
    """What a trigger word reports.

    Attributes
    ----------
    type
        Event type (see :data:`geomap.events.EVENT_TYPES`).
    control
        Kind of control claimed (``taken``, ``held``, ``lost``, ``encircled``), or None.
    holder
        Which role holds the place afterwards: ``agent``, ``recipient`` or ``none``.
    sub_event_type
        ACLED sub-event type, or None.
    place_patient
        Whether the verb reports this only when its object (or passive
        subject) is a place: "took the village" is a claim, "took measures"
        is not.
    """

    type: str
    control: str | None = None
    holder: str = "agent"
    sub_event_type: str | None = None
    place_patient: bool = False


_REGAIN = "Government regains territory"
_CLASH = "Armed clash"
_SHELL = "Shelling/artillery/missile attack"
_TRANSFER = "Non-violent transfer of territory"
_OTHER = "Other"

_TAKE = Trigger("territory_claimed", "taken", "agent", _CLASH, place_patient=True)
_LIBERATE = Trigger("territory_claimed", "taken", "agent", _REGAIN, place_patient=True)
_HOLD = Trigger("territory_claimed", "held", "agent", None, place_patient=True)
_LEAVE = Trigger("territory_claimed", "lost", "none", _TRANSFER)
_ENCIRCLE = Trigger("territory_claimed", "encircled", "agent", _CLASH)
_HAND = Trigger("other", "taken", "recipient", _TRANSFER, place_patient=True)
_FIGHT = Trigger("armed_clash", None, "agent", _CLASH)
_ADVANCE = Trigger("armed_clash", None, "agent", _CLASH)
_STRIKE = Trigger("shelling_strike", None, "agent", _SHELL)
_DESTROY = Trigger("equipment_destroyed", None, "agent", _CLASH)
_HURT = Trigger("casualties", None, "agent", None)
_CIVIL = Trigger("civil_measure", None, "agent", _OTHER)
_TALK = Trigger("diplomacy", None, "agent", _OTHER)
_AGREE = Trigger("other", None, "agent", "Agreement")
_OTHER_ACT = Trigger("other", None, "agent", _OTHER)

#: Verb lemma -> frame.
VERBS: dict[str, Trigger] = {
    **dict.fromkeys(("take", "capture", "seize", "conquer", "overrun", "occupy", "storm"), _TAKE),
    **dict.fromkeys(("liberate", "free", "retake", "recapture", "regain", "reclaim", "recover"), _LIBERATE),
    "fall": Trigger("territory_claimed", "taken", "recipient", _CLASH),
    "lose": Trigger("territory_claimed", "lost", "recipient", _CLASH, place_patient=True),
    **dict.fromkeys(("hold", "control", "keep", "retain"), _HOLD),
    **dict.fromkeys(("withdraw", "retreat", "abandon", "leave", "flee", "evacuate", "vacate"), _LEAVE),
    **dict.fromkeys(("encircle", "surround", "besiege", "blockade"), _ENCIRCLE),
    **dict.fromkeys(("hand", "transfer", "cede", "return", "surrender", "pass"), _HAND),
    **dict.fromkeys(("fight", "clash", "battle", "attack", "assault", "resist", "repel", "repulse"), _FIGHT),
    "suppress": _FIGHT,  # "suppressed enemy firing points near V"
    **dict.fromkeys(("advance", "push", "move", "counterattack", "break"), _ADVANCE),
    **dict.fromkeys(("roll", "march", "burst", "sweep"), _ADVANCE),  # only "rolled into V" reports (frames)
    "reach": _TAKE,  # "units reached the outskirts of V": ground reached
    **dict.fromkeys(("shell", "strike", "bomb", "bombard", "pound", "target", "hit", "fire", "shoot"), _STRIKE),
    **dict.fromkeys(("launch", "land", "rocket"), _STRIKE),
    **dict.fromkeys(
        ("destroy", "down", "knock", "disable", "wreck", "eliminate", "neutralize", "neutralise"), _DESTROY
    ),
    **dict.fromkeys(("kill", "wound", "injure", "die", "hurt", "maim", "hospitalise", "hospitalize"), _HURT),
    **dict.fromkeys(("impose", "introduce", "declare", "close", "bar", "ban", "restrict", "mobilize"), _CIVIL),
    **dict.fromkeys(("mobilise", "shut", "block", "requisition", "commandeer", "reopen"), _CIVIL),
    **dict.fromkeys(("guard", "patrol", "defend"), _HOLD),  # "troops will guard the corridor"
    "secure": _TAKE,
    **dict.fromkeys(("discuss", "negotiate", "meet", "talk", "visit"), _TALK),
    **dict.fromkeys(("sign", "agree"), _AGREE),
    **dict.fromkeys(("rename", "mine", "lay", "plant", "sabotage", "escort", "demine"), _OTHER_ACT),
    **dict.fromkeys(("oust", "expel", "dislodge", "flush", "mop", "enter"), _TAKE),
}
#: Verbs that drive a side out of a place ("pushed X out of V", "drove X from V", "cleared V of X"): the
#: agent takes the place the phrase names.
EXPEL_VERBS = frozenset({"push", "drive", "oust", "expel", "dislodge", "flush", "throw", "kick", "force", "clear"})
#: Verbs of coming under control ("came under X's control", "fell into X's hands") and of staying under it.
COME_VERBS = frozenset({"come", "fall", "pass", "bring", "return", "go", "put", "place"})
STAY_VERBS = frozenset({"remain", "be", "stay", "lie", "continue"})
#: How people move, as a noun: what a measure limits ("traffic through V is limited", "a ban on entry").
MOVEMENT_NOUNS = frozenset(
    {"traffic", "entry", "access", "movement", "travel", "passage", "transit", "exit", "departure", "crossing",
     "transport"}
)  # fmt: skip
#: Things fired: "a bomb fell on V" is a strike, and a weapon is not an actor.
MUNITIONS = frozenset({"bomb", "shell", "missile", "rocket", "projectile", "mortar", "round", "munition", "drone"})
#: Verbs of setting up a post: "set up checkpoints in V", "established positions near V" (the agent holds it).
POST_VERBS = frozenset({"set", "establish", "deploy", "station", "build", "install", "erect"})
#: What a side sets up where it holds ground.
POST_NOUNS = frozenset(
    {"checkpoint", "post", "outpost", "roadblock", "base", "position", "garrison", "observation", "block"}
)
#: Aid that is delivered: "aid was delivered to residents of V" is a civil measure there.
AID_NOUNS = frozenset({"aid", "food", "supply", "help", "cargo", "convoy", "assistance", "medicine", "column"})
#: Verbs of raising a flag: "raised the flag over V" claims V for the one who raised it.
FLAG_VERBS = frozenset({"raise", "hoist", "plant", "fly", "hang", "unfurl", "wave", "flutter"})
#: Nouns of a flag.
FLAG_NOUNS = frozenset({"flag", "banner", "tricolour", "tricolor"})
#: What "put out of X" takes out of service: "put out of action" is destroyed.
OUT_OF_SERVICE = frozenset({"action", "commission", "service", "operation"})
#: Verbs whose object did not happen: "to prevent an advance on X", "averted an offensive".
PREVENT_VERBS = frozenset({"prevent", "avert", "forestall", "deter", "preclude"})
#: Verbs whose object happened and was ended: "the advance was halted", "stopped an attack near V" (fighting).
HALT_VERBS = frozenset({"stop", "halt", "thwart", "foil", "check", "contain", "frustrate", "block"})
#: Words that name a time, not a place: the adjuncts a gapped clause repeats ("X on Monday, Y on Tuesday").
TIME_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
     "april", "may", "june", "july", "august", "september", "october", "november", "december", "dawn", "dusk",
     "noon", "midnight", "morning", "evening", "night", "afternoon", "day", "week", "month", "weekend", "today",
     "tomorrow", "yesterday", "tonight", "hour", "minute"}
)  # fmt: skip
#: Words calling a report false: "reports that X fell are false", "a lie".
FALSE_WORDS = frozenset(
    {"false", "untrue", "baseless", "groundless", "unfounded", "fake", "lie", "fabrication", "incorrect", "wrong",
     "misinformation", "disinformation", "nonsense", "fiction", "provocation"}
)  # fmt: skip
#: Words of fear: what they govern may never happen ("amid fears the town will fall to X", "residents worry
#: that V could be next"). Not rumours: "rumours that V fell are false" is a claim, denied.
FEAR_WORDS = frozenset({"fear", "worry", "concern", "risk", "danger", "possibility", "prospect", "likelihood", "dread"})
#: Words for the other side, seen from the speaker: "the enemy retreated" (the claimant's side holds).
ENEMY_WORDS = frozenset({"enemy", "adversary", "occupier", "invader", "aggressor", "foe", "opponent"})

#: Verbs whose frame is that of their object noun ("imposed a curfew", "opened fire", "held talks").
SUPPORT_VERBS = frozenset(
    {"impose", "introduce", "declare", "open", "launch", "carry", "conduct", "hold", "have", "mount", "take", "lay"}
)

#: Noun lemma -> frame ("the shelling of X", "a curfew in X", "talks in X").
NOUNS: dict[str, Trigger] = {
    **dict.fromkeys(("shelling", "strike", "airstrike", "bombardment", "bombing", "fire", "barrage"), _STRIKE),
    **dict.fromkeys(("fighting", "clash", "battle", "attack", "offensive", "counteroffensive", "assault"), _FIGHT),
    **dict.fromkeys(("combat", "hostility", "skirmish", "advance", "counter-offensive", "counterattack"), _FIGHT),
    **dict.fromkeys(("firefight", "gunfight", "shootout", "violation", "provocation", "exchange"), _FIGHT),
    **dict.fromkeys(("curfew", "evacuation", "mobilization", "mobilisation", "closure", "lockdown"), _CIVIL),
    "reopening": _CIVIL,
    **dict.fromkeys(("return", "transfer", "cession", "surrender"), _HAND),  # "the return of V to X"
    **dict.fromkeys(("talk", "conversation", "negotiation", "meeting", "call", "summit", "visit"), _TALK),
    **dict.fromkeys(("consultation", "summit"), _TALK),
    **dict.fromkeys(("agreement", "ceasefire", "truce", "deal", "handover"), _AGREE),
    **dict.fromkeys(("sabotage", "mine", "landmine"), _OTHER_ACT),
    **dict.fromkeys(("incursion", "intrusion", "standoff", "stand-off"), _OTHER_ACT),  # a border crossed, no fire
    **dict.fromkeys(("casualty", "death", "killing", "wounding", "toll"), _HURT),
    **dict.fromkeys(("capture", "liberation", "seizure"), _LIBERATE),
    "fall": Trigger("territory_claimed", "taken", "recipient", _CLASH, place_patient=True),  # "the fall of V"
    "loss": Trigger("territory_claimed", "lost", "none", _CLASH, place_patient=True),  # "the loss of V"
    "encirclement": _ENCIRCLE,
    "withdrawal": _LEAVE,
    "retreat": _LEAVE,
    "pullout": _LEAVE,
    "pull-out": _LEAVE,
}
VERBS["explode"] = VERBS["rain"] = _STRIKE  # "shells exploded in V", "rained down on V" (munitions only: refine)
VERBS["slam"] = VERBS["smash"] = _STRIKE  # "artillery slammed into the town of V" (what is fired only: refine)
VERBS["pummel"] = VERBS["batter"] = _STRIKE  # "Russian forces pummelled V overnight"
#: "made inroads into V", "drove a wedge into V": ground entered, as a noun
NOUNS["inroad"] = NOUNS["wedge"] = Trigger("territory_claimed", "taken", "agent", _CLASH)
VERBS["damage"] = _DESTROY  # "drones damaged two launchers"; "a missile damaged houses in V" is a strike (refine)
# Blows struck at a front: "the heaviest blows fell on the X direction", "the main thrust was near V".
NOUNS.update(dict.fromkeys(("blow", "thrust", "onslaught", "duel", "gunfire", "shooting"), _FIGHT))
#: Multi-word nominal triggers: head lemma -> the word that must modify it ("martial law", "state of emergency").
NOUN_PHRASES: dict[str, tuple[str, Trigger]] = {"law": ("martial", _CIVIL), "emergency": ("state", _CIVIL)}

#: Adjectives that report casualties ("left two civilians dead").
CASUALTY_ADJECTIVES = frozenset({"dead", "injured", "wounded", "killed"})

#: Communication verbs: their subject is the claimant of what they govern.
SAY_VERBS = frozenset(
    {
        "say", "report", "claim", "confirm", "announce", "state", "tell", "add", "note", "declare", "inform",
        "insist", "tweet", "warn", "write", "post", "allege", "assert", "deny", "accuse", "acknowledge", "admit",
        "stress", "emphasize", "emphasise", "explain", "indicate", "quote", "cite", "describe", "publish",
        "reveal", "specify", "argue", "suggest", "maintain", "point", "disclose", "reiterate", "mention",
        "refute", "reject", "dismiss", "comment", "respond", "signal", "speak", "verify", "condemn", "blame",
    }
)  # fmt: skip
#: Saying verbs whose complement the speaker rejects.
DENY_VERBS = frozenset({"deny", "refute", "reject", "dismiss", "disprove"})
#: Verbs and adjectives of planning: an act under them has not happened yet.
PLAN_WORDS = frozenset(
    {"plan", "intend", "expect", "agree", "promise", "prepare", "aim", "hope", "want", "vow", "due", "set", "schedule",
     "scheduled", "supposed", "poised", "ready", "going", "threaten", "decide", "pledge"}
)  # fmt: skip
#: Verbs of ordering and demanding: what they govern is asked for, not done ("units were ordered to take V",
#: "Moscow demanded that Kyiv withdraw", "called on Baku to leave V", "ordered the withdrawal from V").
DIRECTIVE_VERBS = frozenset(
    {"order", "instruct", "command", "direct", "tell", "urge", "demand", "ask", "call", "require", "request",
     "authorize", "authorise", "summon", "press", "push"}
)  # fmt: skip
#: Modal auxiliaries of the future or the possible.
MODALS = frozenset({"will", "shall", "would", "may", "might", "could", "should", "must"})

#: Armed forces of a side: "Azerbaijani army", "Armenian Armed Forces", "Ukrainian troops".
FORCE_WORDS = frozenset(
    {
        "army", "force", "forces", "troop", "unit", "military", "soldier", "serviceman", "fighter", "division",
        "brigade", "battalion", "regiment", "artillery", "navy", "aviation", "guard", "militia", "side",
        "command", "ministry", "government", "staff", "president", "leadership", "authority", "invader",
        "occupier", "separatist", "drone", "missile", "rocket", "aircraft", "jet", "helicopter", "special",
    }
)  # fmt: skip
#: Nouns for fighting units: their named modifiers are their side ("Karabakh formations"), not where they are.
FORCE_NOUNS = frozenset(
    {"unit", "formation", "troop", "soldier", "serviceman", "fighter", "brigade", "battalion", "regiment",
     "detachment", "militant", "gunner", "sniper"}
)  # fmt: skip
#: Nouns for peacekeepers: what they do is not territory taken nor a clash.
PEACEKEEPER_NOUNS = frozenset({"peacekeeper", "peacekeeping", "observer", "monitor", "contingent"})
#: Nouns naming the kind of a place: "the village of X", "X district", "Kherson city". Value: the kinds
#: of earlier mention "the <noun>" can refer back to.
ANAPHOR_NOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("town", "village", "city", "settlement", "locality", "community", "hamlet"),
                    frozenset({"populated place"})),
    **dict.fromkeys(("height", "hill", "mountain", "peak", "ridge", "summit", "pass"), frozenset({"mountain", "pass"})),
    **dict.fromkeys(("road", "highway", "corridor", "route", "motorway"), frozenset({"road"})),
    **dict.fromkeys(("district", "region", "province", "oblast", "raion"), frozenset({"district", "region"})),
    **dict.fromkeys(("river", "lake", "reservoir"), frozenset({"river", "lake"})),
    **dict.fromkeys(("capital",), frozenset({"populated place"})),
}  # fmt: skip
#: Nouns for a part of the place that modifies them: "the western bank of X", "the outskirts of X".
PART_NOUNS = frozenset(
    {
        "bank", "outskirts", "outskirt", "suburb", "part", "side", "centre", "center", "edge", "shore",
        "vicinity", "environs", "territory", "sector", "direction", "area", "front", "section", "zone", "north",
        "south", "east", "west", "entrance", "approach", "neighbourhood", "neighborhood", "district", "heights",
        "surroundings", "mouth", "coast", "border", "frontier", "line",
    }
)  # fmt: skip
#: Points of the compass: "the town of V southwest of W" puts V itself (the parser's compound) beside W.
COMPASS_NOUNS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
     "north-west", "south-east", "south-west"}
)  # fmt: skip
PART_NOUNS |= COMPASS_NOUNS
#: Nouns for things inside a place: "Artsakh's towns" names no town; "the cities of X and Y" names two.
CONTAINER_NOUNS = frozenset(
    {
        "town", "village", "city", "settlement", "community", "capital", "position", "people", "resident",
        "civilian", "infrastructure", "building", "home", "house", "land", "locality",
    }
)  # fmt: skip
#: Nouns for weapons and vehicles: "destroyed three tanks" reports equipment destroyed.
EQUIPMENT_NOUNS = frozenset(
    {
        "tank", "vehicle", "drone", "helicopter", "aircraft", "plane", "jet", "system", "launcher", "howitzer",
        "artillery", "equipment", "hardware", "armor", "armour", "truck", "gun", "mortar", "radar", "s-300",
        "uav", "battery", "weapon", "ship", "boat", "carrier", "piece", "station", "depot", "warehouse",
    }
)  # fmt: skip
#: Nouns for people: "lost 16 servicemen" reports casualties, not territory.
PEOPLE_NOUNS = frozenset(
    {
        "serviceman", "soldier", "civilian", "people", "person", "fighter", "man", "woman", "child", "resident",
        "troop", "officer", "personnel", "life", "member", "militant", "servicemen", "villager",
    }
)  # fmt: skip

#: Nouns whose compound modifier is not an act of its own: an event ("a ceasefire violation" is a violation)
#: or a unit or craft named for what it does ("assault detachments", "strike groups", "attack helicopters").
HEAD_NOUNS = frozenset(NOUNS) | FORCE_NOUNS | {"group", "team", "squad", "helicopter", "aircraft", "force"}

#: Irregular verb forms the lemmatizer may leave alone ("retook", "overran"): form -> lemma.
IRREGULAR: dict[str, str] = {
    "took": "take", "taken": "take", "fell": "fall", "fallen": "fall", "held": "hold", "lost": "lose",
    "left": "leave", "fled": "flee", "struck": "strike", "shot": "shoot", "fought": "fight", "withdrew": "withdraw",
    "withdrawn": "withdraw", "overran": "overrun", "laid": "lay", "broke": "break", "kept": "keep", "gave": "give",
    "came": "come", "hit": "hit", "met": "meet", "drove": "drive", "driven": "drive", "won": "win",
}  # fmt: skip

# Cheap filter before parsing: the word forms of the triggers (stems and irregular forms).
_IRREGULAR = (
    "took taken fell fallen held lost left fled struck shot fought hit withdrew withdrawn broke broken "
    "drew drawn laid met overran overrun kept dead gave given came pull pulled pulling pulls pushed pushing drove "
    "driven cleared clearing raised hoisted flag hands approach approached approaching reached reaching "
    "rolled rolling marched swept threw blown blew hurt arriving arrived "
    "thrown kicked set deployed stationed established escorted delivered put"
)
# Stems of words that open a frame only with their arguments ("refugees arrived", "removed mines", "V is ours").
_ARGUMENT_STEMS = (
    "arriv receiv cross shelter accommodat remov defus open deploy station patrol ours inside refugee sent send "
    "given gave flies flying flew flown found brought closed remnant centre center queue tailback travel "
    "munition submunition cluster missile fragment shrapnel debris burnt burned wreck foothold bridgehead prisoner "
    "bodies protest rally rallie demonstrat loot pillag plunder ransack arrest detain abduct kidnap resistance "
    "limit restrict allow permit suspen halt reopen resum traffic entry access school class lesson universit "
    "kindergarten teach taught order instruct urge told tell asked internet incursion host network phone flight "
    "decree mission monitor observer swap remains faced facing stood telephon connection relocat resettl "
    "explosi detonat ied ordnance destruct burn exhum corpse caught catch peacekeep"
)
_STEMS = {w[:-1] if w[-1] in "ey" and len(w) > 3 else w for w in (*VERBS, *NOUNS)}  # noqa: PLR2004 - "firing"
_STEMS |= set(_ARGUMENT_STEMS.split())
_FORMS = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(s) for s in _STEMS), key=len, reverse=True)) + r")\w*"
    r"|\b(?:re)?(?:" + "|".join(_IRREGULAR.split()) + r"|martial law|state of emergency|under\b[^.]{0,40}\bcontrol)\b",
    re.IGNORECASE,
)


def might_report(text: str) -> bool:
    """Whether ``text`` has a word form of some trigger (the filter before parsing: no false negatives wanted)."""
    return _FORMS.search(text) is not None
