"""The attribute ruler and rule lemmatizer of a spaCy pipeline, run as table look-ups per word.

spaCy's ``attribute_ruler`` runs a token matcher of some 180 patterns over
every parsed sentence to give each tag its part of speech and features, and
its ``lemmatizer`` then visits every token in Python: together about a third
of the pipeline's time on short news sentences. Both look at one word at a
time (its text, tag and dependency label), bar a handful of two-word
patterns ("gon na", "there is"). :class:`WordAttributes` reads the same
patterns and the same lemma tables, works out each distinct
(word, tag, label) once, and writes whole columns back with
``Doc.from_array``; the two-word patterns still go through a matcher of
their own. The output is the stock pipes' output, token for token.

Words are remembered by their form, as spaCy's own lemmatizer and tokenizer
remember them: a report gains from the words earlier reports used, never
from having been seen before as a whole.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from spacy.tokens import Doc

__all__ = ["WordAttributes"]

_Word: TypeAlias = tuple[int, int, int]  # ORTH, TAG, DEP hashes
_Setting: TypeAlias = dict[str, tuple[int, str]]  # attribute -> (pattern number, value)
_Entry: TypeAlias = tuple[int, int, int]  # POS id, MORPH hash, LEMMA hash (0: for the lemmatizer)


def _holds(spec: object, value: object) -> bool:
    """Whether a token-pattern value (a constant, or ``IN`` / ``NOT_IN`` / ``REGEX``) accepts ``value``.

    Examples
    --------
    >>> _holds({"IN": ["aux", "auxpass"]}, "aux"), _holds({"NOT_IN": ["TO", ""]}, ""), _holds("NN", "NNS")
    (True, False, False)
    """
    if not isinstance(spec, dict):
        return spec == value
    checks = {
        "IN": lambda arg: value in arg,
        "NOT_IN": lambda arg: value not in arg,
        "REGEX": lambda arg: isinstance(value, str) and re.search(arg, value) is not None,
    }
    return all(checks[op](arg) for op, arg in spec.items())


class _PatternIndex:
    """One-word token patterns found by the constant ``TAG`` and ``LOWER`` they ask for, in their order.

    A word need only be tried against the patterns that name its tag and
    form, or name neither: a handful of the ruler's 170, so a word seen for
    the first time (every word, in a fresh worker process) costs little.

    Examples
    --------
    >>> index = _PatternIndex([{"TAG": "NN"}, {"LOWER": "it", "TAG": "PRP"}, {"DEP": "aux"}, {"TAG": "PRP"}])
    >>> index.candidates("PRP", "it"), index.candidates("NN", "it")
    ([1, 2, 3], [0, 2])
    """

    def __init__(self, patterns: Sequence[Mapping[str, Any]]) -> None:
        self._by_key: dict[tuple[str | None, str | None], list[int]] = {}
        for number, pattern in enumerate(patterns):
            tag, lower = pattern.get("TAG"), pattern.get("LOWER")
            key = (tag if isinstance(tag, str) else None, lower if isinstance(lower, str) else None)
            self._by_key.setdefault(key, []).append(number)

    def candidates(self, tag: str, lower: str) -> list[int]:
        """Positions of the patterns a word of tag ``tag`` and lower-case form ``lower`` may fit, in order."""
        keys = ((tag, lower), (tag, None), (None, lower), (None, None))
        return sorted(number for key in keys for number in self._by_key.get(key, ()))


class WordAttributes:
    """Part of speech, features and lemma for every token, as ``attribute_ruler`` then ``lemmatizer`` give them.

    Parameters
    ----------
    ruler, lemmatizer
        The pipeline's own ``attribute_ruler`` and rule-mode ``lemmatizer``;
        their patterns and tables are read, the pipes themselves not run.
    """

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        from spacy.matcher import Matcher  # noqa: PLC0415 - spaCy loads only with the pipeline
        from spacy.parts_of_speech import IDS  # noqa: PLC0415

        self._vocab = ruler.vocab
        self._lemmatizer = lemmatizer
        self._pos_ids: Mapping[str, int] = IDS
        self._single: list[tuple[int, Mapping[str, Any], Mapping[str, str]]] = []
        self._multi = Matcher(self._vocab)
        self._targets: dict[int, tuple[int, int, Mapping[str, str]]] = {}
        self._starts: list[Mapping[str, Any]] = []
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for number, entry in enumerate(entries):
            attrs = {str(k): str(v) for k, v in entry["attrs"].items()}
            for alternative in entry["patterns"]:
                if len(alternative) == 1:
                    self._single.append((number, alternative[0], attrs))
                else:
                    key = f"geomap-attributes-{number}"
                    self._multi.add(key, [alternative])
                    self._targets[self._vocab.strings[key]] = (number, int(entry["index"]), attrs)
                    self._starts.append(alternative[0])
        self._single_index = _PatternIndex([pattern for _, pattern, _ in self._single])
        self._start_index = _PatternIndex(self._starts)
        self._words: dict[_Word, tuple[_Entry, bool, _Setting]] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._word_lemmas: dict[_Word, int] = {}

    @classmethod
    def of(cls, nlp: Language) -> WordAttributes | None:
        """The look-up form of ``nlp``'s ruler and lemmatizer; None unless they are its last pipes, rule-mode."""
        if nlp.pipe_names[-2:] != ["attribute_ruler", "lemmatizer"]:
            return None
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            return None
        return cls(nlp.get_pipe("attribute_ruler"), lemmatizer)  # type: ignore[arg-type]

    def _word(self, word: _Word) -> tuple[_Entry, bool, _Setting]:
        """What the one-word patterns set on ``word`` (later ones win, as in the ruler); can a longer one start here."""
        known = self._words.get(word)
        if known is None:
            strings = self._vocab.strings
            orth, tag, dep = word
            text = strings[orth]
            lower, tag_text = text.lower(), strings[tag]
            values = {"LOWER": lower, "TAG": tag_text, "DEP": strings[dep], "IS_SPACE": text.isspace()}

            def fits(pattern: Mapping[str, Any]) -> bool:
                return all(key in values and _holds(spec, values[key]) for key, spec in pattern.items())

            setting: _Setting = {}
            for k in self._single_index.candidates(tag_text, lower):
                number, pattern, attrs = self._single[k]
                if fits(pattern):
                    setting.update({attr: (number, value) for attr, value in attrs.items()})
            starts = self._start_index.candidates(tag_text, lower)
            known = (self._entry(setting), any(fits(self._starts[k]) for k in starts), setting)
            self._words[word] = known
        return known

    def _entry(self, setting: _Setting) -> _Entry:
        pos = self._pos_ids[setting["POS"][1]] if "POS" in setting else 0
        morph = self._vocab.morphology.add(setting["MORPH"][1]) if "MORPH" in setting else 0
        lemma = self._vocab.strings.add(setting["LEMMA"][1]) if "LEMMA" in setting else 0
        return pos, morph, lemma

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc``'s POS, MORPH and LEMMA (and a space token's TAG and DEP) in place; returns ``doc``."""
        import numpy as np  # noqa: PLC0415
        from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG  # noqa: PLC0415

        keys: list[_Word] = list(map(tuple, doc.to_array([ORTH, TAG, DEP]).tolist()))
        words = [self._word(key) for key in keys]
        entries = [entry for entry, _, _ in words]
        own = [True] * len(words)  # the token's attributes are its word's alone (no two-word pattern)
        if any(starts for _, starts, _ in words):
            self._longer_patterns(doc, words, entries, own)
        for i, (_, _, setting) in enumerate(words):
            if "TAG" in setting or "DEP" in setting:  # a space token
                doc[i].tag_ = setting.get("TAG", (0, doc[i].tag_))[1]
                doc[i].dep_ = setting.get("DEP", (0, doc[i].dep_))[1]
        columns = np.array(entries, dtype=np.uint64).reshape(-1, 3)
        doc.from_array([POS, MORPH], np.ascontiguousarray(columns[:, :2]))  # type: ignore[arg-type]
        word_lemmas = self._word_lemmas
        for i in np.flatnonzero(columns[:, 2] == 0).tolist():
            lemma = word_lemmas.get(keys[i], 0) if own[i] else 0
            if not lemma:
                lemma = self._lemma(doc, i)
                if own[i]:
                    word_lemmas[keys[i]] = lemma
            columns[i, 2] = lemma
        doc.from_array([LEMMA], np.ascontiguousarray(columns[:, 2:]))  # type: ignore[arg-type]
        return doc

    def _longer_patterns(
        self, doc: Doc, words: list[tuple[_Entry, bool, _Setting]], entries: list[_Entry], own: list[bool]
    ) -> None:
        """Let the two-word patterns that match ``doc`` override ``entries`` where they come later."""
        for match_id, start, end in self._multi(doc, allow_missing=True):
            number, index, attrs = self._targets[match_id]
            i = range(start, end)[index]
            setting = dict(words[i][2])
            for attr, value in attrs.items():
                if setting.get(attr, (-1, ""))[0] < number:
                    setting[attr] = (number, value)
            entries[i], own[i] = self._entry(setting), False

    def _lemma(self, doc: Doc, i: int) -> int:
        """The lemma the rule lemmatizer gives token ``i``: a function of its form, POS and features."""
        token = doc[i]
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        lemma = self._lemmas.get(key)
        if lemma is None:
            lemma = self._vocab.strings.add(self._lemmatizer.rule_lemmatize(token)[0])
            self._lemmas[key] = lemma
        return lemma
