"""The scope a trigger stands in: denied, planned, hypothetical; and the numbers it states."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geomap.events.lexicon import (
    DENY_VERBS,
    DIRECTIVE_VERBS,
    FALSE_WORDS,
    FEAR_WORDS,
    HALT_VERBS,
    MODALS,
    PLAN_WORDS,
    PREVENT_VERBS,
    SAY_VERBS,
)

if TYPE_CHECKING:
    import datetime as dt

    from geomap.events.tokens import Token

__all__ = [
    "ancestors_in_clause",
    "denied",
    "governing_say",
    "historical",
    "hypothetical",
    "is_number",
    "negated",
    "number_of",
    "ordered",
    "planned",
    "report_noun",
    "said_first",
]

_REASON = frozenset({"because", "if", "unless", "whether"})
_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBERS = {**{w: i for i, w in enumerate(_UNITS)}, **_TENS, "dozen": 12}
_SCALES = {"hundred": 100, "thousand": 1000}
#: Words that date a clause to the report's own days.
_PRESENT = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight",
     "now", "overnight", "currently", "week", "weekend", "morning", "evening", "afternoon", "night", "recently"}
)  # fmt: skip
#: Spans of time a clause dated "last year" or "two decades ago" lies back by: history, not today's news.
_SPANS_BACK = frozenset({"year", "decade", "century"})
#: Time clauses whose present tense is a future: "before it reaches V", "until it takes V".
_NOT_YET = frozenset({"before", "until", "till", "unless", "once"})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
#: Clauses inside a clause: their years date them, not the clause around them.
_SUBCLAUSES = frozenset({"acl", "relcl", "advcl", "ccomp", "parataxis", "appos", "conj", "xcomp", "csubj"})


def ancestors_in_clause(token: Token) -> list[Token]:
    """The heads up the clause chain of ``token`` (through conj, xcomp, ccomp, advcl, relcl, acl)."""
    chain = []
    current = token
    while current.head.i != current.i and current.dep_ in {"conj", "xcomp", "ccomp", "advcl", "relcl", "acl"}:
        current = current.head
        chain.append(current)
    return chain


def governing_say(token: Token) -> Token | None:
    """The saying verb ``token`` is said under, if any."""
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in SAY_VERBS and ancestor.pos_ == "VERB":
            return ancestor
    root = token.sent.root if token.doc.has_annotation("DEP") else None
    if root is not None and root.lemma_.lower() in SAY_VERBS:
        return root
    return None


def said_first(token: Token) -> Token | None:
    """The saying verb ``token`` is said under, when it comes before ``token``; else None.

    Only then may its locative stand in for the act's place ("In V, the mayor said, artillery shelled
    houses"); a saying verb after the act says where the words were said ("..., the aide told reporters in V").
    """
    saying = governing_say(token)
    return saying if saying is not None and saying.i < token.i else None


def negated(token: Token) -> bool:
    """Whether the trigger is negated ("had not been taken", "no shelling") or under a denial ("denied that ...").

    A report called false denies what it reports: "reports that V fell are false", "claims that ... are a lie".
    """
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
        return True
    if any(
        c.dep_ in {"nsubj", "nsubjpass"} and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in token.children
    ):
        return True  # "no shells fell on V", "no villages were lost"
    if (
        token.pos_ == "NOUN"
        and token.head.lemma_.lower() == "be"
        and any(c.dep_ == "expl" for c in token.head.children)
    ):
        return any(c.dep_ == "neg" for c in token.head.children)  # "there was not any shelling"
    return denied(token)


def denied(token: Token) -> bool:
    """Whether the trigger is under a denial ("denied that ...", "did not say", "reports that ... are false")."""
    if _called_false(token):
        return True
    for ancestor in ancestors_in_clause(token):
        lemma = ancestor.lemma_.lower()
        if lemma in DENY_VERBS or (lemma in SAY_VERBS and any(c.dep_ == "neg" for c in ancestor.children)):
            return True
    for ancestor in token.ancestors:
        lemma = ancestor.lemma_.lower()
        if lemma in DENY_VERBS:
            return True
        if lemma in SAY_VERBS and ancestor.pos_ == "VERB":
            return False  # "denied that V fell, saying fighting went on": what is said next is asserted
    return False


def _called_false(token: Token) -> bool:
    """Whether the clause of ``token`` is the content of a report said to be false."""
    if _between_claim_and_falsehood(token):
        return True
    current = token
    for _ in range(6):
        if current.dep_ in {"acl", "ccomp", "relcl"} and current.head.pos_ in {"NOUN", "PROPN"}:
            report = current.head
            verb = report.head
            if report.dep_ in {"nsubj", "nsubjpass"} and (
                verb.lemma_.lower() in FALSE_WORDS
                or any(c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in FALSE_WORDS for c in verb.children)
                or _not_true(verb)
            ):
                return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


_REPORT_NOUNS = frozenset({"claim", "report", "statement", "allegation", "assertion", "rumour", "rumor", "information"})


def _between_claim_and_falsehood(token: Token) -> bool:
    """Whether ``token`` lies between "claims that" and a verdict ("... do not correspond to reality").

    The parser often breaks such a sentence (the verdict hung on the reported verb); the shape is kept:
    a report noun, "that", the trigger, then a false word or a negated truth after it.
    """
    doc = token.doc
    that = next((t for t in reversed(doc[: token.i]) if t.lower_ == "that"), None)
    reports = [t for t in doc[: that.i] if t.lemma_.lower() in _REPORT_NOUNS and report_noun(t)] if that else []
    if not reports:
        # "reports of the fall of V are false": the act named inside the report's own phrase
        reports = [a for a in token.ancestors if a.lemma_.lower() in _REPORT_NOUNS and a.pos_ == "NOUN"]
    if not reports:
        return False
    if any(r.dep_ == "dobj" and r.head.lemma_.lower() in DENY_VERBS for r in reports):
        return True  # "she rejected as false the reports that V had fallen"
    if any(_no_truth_in(r) for r in reports):
        return True  # "there is no truth in claims that V fell"
    after = doc[token.i + 1 :]
    return any(
        (t.lemma_.lower() in FALSE_WORDS and t.pos_ in {"ADJ", "NOUN"} and t.dep_ in {"acomp", "attr"})
        or (t.pos_ in {"VERB", "AUX"} and _not_true(t))
        for t in after
    )


def report_noun(token: Token) -> bool:
    """Whether a report word is a noun, also where the parser read "claims" as a verb.

    "Azerbaijani claims that V fell were not true", "claims that V fell are untrue": a verb's subject is
    not a lone demonym or a complementiser, and a claim that is itself the object of a verb is a noun.
    """
    if token.pos_ == "NOUN":
        return True
    if token.tag_ != "VBZ":
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    return token.dep_ in {"dobj", "pobj", "nsubj"} or any(
        c.tag_ == "IN" or (c.pos_ == "PROPN" and not list(c.children) and c.text.endswith(("i", "ian", "ese", "ish")))
        for c in subjects
    )


def _no_truth_in(report: Token) -> bool:
    """Whether a report is the object of "no truth in": "there is no truth in the claims that ..."."""
    prep = report.head
    truth = prep.head
    return (
        report.dep_ == "pobj"
        and prep.lower_ == "in"
        and truth.lemma_.lower() in {"truth", "basis", "substance"}
        and any(c.dep_ == "det" and c.lower_ == "no" for c in truth.children)
    )


def _not_true(verb: Token) -> bool:
    """Whether a report is called false by negating its truth ("do not correspond to reality", "are not true")."""
    truth = {"reality", "truth", "true", "fact", "correct", "accurate", "real"}
    return any(c.dep_ == "neg" for c in verb.children) and any(t.lemma_.lower() in truth for t in verb.subtree)


def _own_clause(token: Token) -> list[Token]:
    """The words of the clause ``token`` heads, without the clauses inside it."""
    words: list[Token] = []
    stack = list(token.children)
    while stack:
        child = stack.pop()
        if child.dep_ in _SUBCLAUSES and child.pos_ in {"VERB", "AUX"}:
            continue
        words.append(child)
        stack.extend(child.children)
    return words


def historical(token: Token, report_date: dt.date, *, background: bool = False) -> bool:
    """Whether the clause of ``token`` is history: dated only by years before the report's ("captured in 1992").

    The years of the clauses inside it do not count: "V, captured in 1992, was retaken on Sunday" is today's.
    With ``background`` (the sentence names only past years), the clause is history unless it says it is
    today's ("on Sunday", "this week", "yesterday").
    """
    if token.dep_ in {"amod", "compound"}:
        return False
    words = _own_clause(token)
    years = [int(t.text[:4]) for t in words if _is_year(t)]
    if years:
        return max(years) < report_date.year
    if _years_back(words):
        return True  # "regained control of V last year", "withdrew from V two years ago"
    dated = [t for t in token.subtree if _is_year(t)]
    if background and dated and all(_in_description(t, token) for t in dated):
        return False  # the past years date a description inside it: "The town, empty since 1993, was freed"
    return background and not any(t.lower_ in _PRESENT for t in words)


def _years_back(words: list[Token]) -> bool:
    """Whether a clause is dated a year or more back: "last year", "the previous year", "two decades ago"."""
    for word in words:
        if word.lemma_.lower() not in _SPANS_BACK:
            continue
        if any(c.lower_ in {"last", "previous"} for c in word.children) or word.head.lower_ == "ago":
            return True
    return False


def _is_year(word: Token) -> bool:
    """A year, not a clock time written the same way ("at 0:05 (2005 GMT)")."""
    after = word.doc[word.i + 1].lower_ if word.i + 1 < len(word.doc) else ""
    return _YEAR.match(word.text) is not None and after not in _CLOCK


#: Words after a four-digit clock time.
_CLOCK = frozenset({"gmt", "utc", "hrs", "hours", "h", "local", "msk", "cet", "cest", "eet", "eest"})


def _in_description(word: Token, top: Token) -> bool:
    """Whether ``word`` lies in a clause that describes a noun under ``top`` ("V, empty since 1993").

    Or in a clause of "since", which dates where a span up to now began: "the flag flew over V for the
    first time since the town was occupied in 2014" is today's.
    """
    current = word
    while current.i not in {top.i, current.head.i}:
        if current.dep_ in {"acl", "relcl", "appos", "amod"} and current.head.pos_ in {"NOUN", "PROPN"}:
            return True
        if current.dep_ in _SUBCLAUSES and any(c.dep_ == "mark" and c.lower_ == "since" for c in current.children):
            return True
        current = current.head
    return False


def planned(token: Token) -> bool:
    """Whether the act is only planned: a modal ("will withdraw"), "is to be", "plan to"."""
    if any(c.dep_ == "aux" and c.lower_ in MODALS | {"'ll"} for c in token.children):
        return True
    head = token.head
    if token.dep_ == "dobj" and token.pos_ == "NOUN" and head.lemma_.lower() in {"prepare", "plan"}:
        return True  # "are preparing an offensive on V"
    return bool(token.dep_ == "xcomp" and (head.lemma_.lower() in PLAN_WORDS or head.lemma_.lower() == "be"))


def ordered(token: Token) -> bool:
    """Whether the act is only ordered or demanded: "units were ordered to take V", "demanded that Kyiv withdraw".

    Also "ordered the withdrawal from V" and "called on Baku to leave V". An order in a clause of time is
    background to what its main clause reports done ("pulled out after Moscow ordered them to abandon V").
    """
    head = token.head
    if head.lemma_.lower() not in DIRECTIVE_VERBS or head.lower_ == "pushed":
        return False  # "pushed to take V" is fighting for V, read elsewhere
    if any(c.dep_ == "mark" and c.lower_ in _THEN for c in head.children):
        return False
    if token.dep_ == "xcomp" or (token.dep_ == "dobj" and token.pos_ == "NOUN"):
        return True
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return True  # "called on Russia to withdraw from V"
    # "demanded that Kyiv withdraw": what a demand governs, or a bare verb or "should" under an order
    return token.dep_ == "ccomp" and (
        head.lemma_.lower() in _DEMANDS
        or token.tag_ == "VB"
        or any(c.dep_ == "aux" and c.lower_ in {"should", "must"} for c in token.children)
    )


#: Directives whose clause is always asked for: "demanded that the troops leave V" (not "ordered that" news).
_DEMANDS = frozenset({"demand", "require", "request", "urge"})


#: Conjunctions of time: a clause they open happened before the main one.
_THEN = frozenset({"after", "once", "when", "since", "as"})


def hypothetical(token: Token) -> bool:
    """Reason, condition and purpose clauses report nothing new, nor what was prevented or is feared.

    "because the road was closed", "if they resist", "in order to cut the road", "to prevent an advance on X",
    "amid fears the town will fall".
    """
    for current in (token, *ancestors_in_clause(token)[:1]):
        if any(c.dep_ == "mark" and c.lower_ in _REASON for c in current.children):
            return True
        if current.tag_ in {"VBZ", "VBP"} and any(c.dep_ == "mark" and c.lower_ in _NOT_YET for c in current.children):
            return True  # "will not stop before it reaches V", "until it takes V": not yet happened
        if any(
            c.dep_ == "mark" and c.lower_ == "that" and c.i and c.doc[c.i - 1].lower_ == "so" for c in current.children
        ):
            return True  # "so that Russian forces could strengthen their positions": a purpose
    head = token.head
    if _purpose(token) or (token.dep_ in {"acl", "ccomp"} and head.lemma_.lower() in FEAR_WORDS):
        return True  # "..., to cut the road"; "amid fears it will fall to X", "residents fear V could be shelled"
    if token.dep_ in {"dobj", "nsubjpass"} and _prevented_by(head):
        return True  # "to prevent an advance", "averted an attack on V", "so as to stop an attack on V"
    return token.dep_ == "pobj" and head.head.lemma_.lower() in PREVENT_VERBS


def _prevented_by(verb: Token) -> bool:
    """Whether ``verb`` keeps its object from happening: "prevent", "avert"; "stop" only as an aim ("to stop")."""
    lemma = verb.lemma_.lower()
    aim = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return lemma in PREVENT_VERBS or (lemma in HALT_VERBS and aim)  # an attack "stopped" was fought


def _purpose(token: Token) -> bool:
    """An infinitive of purpose: "took V in order to cut the road", "shelled V so as to stop ...", "..., to cut"."""
    current = token
    while current.dep_ in {"conj", "xcomp"} and current.head.i != current.i:
        current = current.head
    if current.dep_ != "advcl" or current.pos_ != "VERB":
        return False
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
    marked = any(c.dep_ in {"mark", "advmod"} and c.lower_ in {"order", "as", "so"} for c in current.children)
    return to and (marked or current.tag_ == "VB")


def is_number(token: Token | None) -> bool:
    """Whether ``token`` is a number (digits or words)."""
    return token is not None and (token.like_num or token.lower_ in _NUMBERS or token.lower_ in _SCALES)


def number_of(token: Token) -> int | None:
    """The value of the number ``token`` ends: "23", "twenty-three", "two hundred", "1,200", "seventeen"."""
    words = [token]
    for left in reversed(list(token.doc[max(token.i - 6, 0) : token.i])):
        if left.text == "-" or is_number(left) or left.lower_ == "and":
            words.insert(0, left)
        else:
            break
    total = current = 0
    seen = False
    for word in words:
        value = _number(word.lower_)
        if word.lower_ in _SCALES:
            current = max(current, 1) * _SCALES[word.lower_]
            if word.lower_ == "thousand":
                total, current = total + current, 0
        elif value is not None:
            current += value
        else:
            continue
        seen = True
    return total + current if seen else None


def _number(word: str) -> int | None:
    digits = word.replace(",", "")
    if digits.isdigit():
        return int(digits)
    return _NUMBERS.get(word)
