"""A parsed sentence as plain Python objects: the words, tags and tree the grammar reads, read once.

spaCy's ``Token`` is a view: every ``token.dep_`` looks its string up
again, and every ``token.head`` or ``token.children`` makes new ``Token``
objects (a few hundred nanoseconds for an attribute, microseconds for a
child list). The grammar asks the same questions of the same words many
times per sentence, so :func:`read_doc` copies what it reads out of a spaCy
``Doc`` in one ``Doc.to_array`` call, and links the words once: each word's
head, its children (``lefts``, ``rights``) and, when first asked, its
``subtree`` and ``ancestors`` are plain tuples of the same :class:`Token`
objects. One :class:`Token` per word, so ``is`` and ``==`` agree, as do
``==`` and spaCy's (same doc, same position).

The classes answer the part of spaCy's ``Doc``, ``Span`` and ``Token``
interfaces the grammar uses, with the same results (the tests compare them
with spaCy's on every word of our sentences). A parsed sentence is only
read, never changed.

Examples
--------
>>> from geomap.events.parse import parse
>>> (doc,) = parse(["Armenian forces shelled Tartar."])
>>> verb = doc[2]
>>> verb.lemma_, [c.text for c in verb.children], verb.children[0].head is verb
('shell', ['forces', 'Tartar', '.'], True)
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from collections.abc import Iterator

    import spacy.tokens

__all__ = ["Doc", "Span", "Token", "read_doc"]

#: Annotations every :class:`Doc` made by :func:`read_doc` of a parsed spaCy ``Doc`` has.
_ANNOTATIONS = frozenset({"TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "IS_SENT_START"})


class Token:
    """One word of a parsed sentence, with what spaCy's ``Token`` of it says."""

    __slots__ = (
        "_ancestors",
        "_subtree",
        "children",
        "dep_",
        "doc",
        "head",
        "i",
        "idx",
        "is_alpha",
        "is_lower",
        "is_punct",
        "is_title",
        "is_upper",
        "lefts",
        "lemma_",
        "like_num",
        "lower_",
        "morph",
        "pos_",
        "rights",
        "tag_",
        "text",
        "whitespace_",
    )

    def __init__(self, doc: Doc, i: int, text: str, whitespace: str) -> None:
        self.doc, self.i, self.text, self.whitespace_ = doc, i, text, whitespace
        self.idx = 0
        self.lower_ = self.lemma_ = self.pos_ = self.tag_ = self.dep_ = self.morph = ""
        self.is_alpha = self.is_lower = self.is_upper = self.is_title = self.is_punct = self.like_num = False
        self.head: Token = self
        self.lefts: tuple[Token, ...] = ()
        self.rights: tuple[Token, ...] = ()
        self.children: tuple[Token, ...] = ()
        self._subtree: tuple[Token, ...] | None = None
        self._ancestors: tuple[Token, ...] | None = None

    @property
    def text_with_ws(self) -> str:
        """The word and the space after it."""
        return self.text + self.whitespace_

    @property
    def subtree(self) -> tuple[Token, ...]:
        """The word and its descendants, in spaCy's order (left children's subtrees, the word, the right ones')."""
        found = self._subtree
        if found is None:
            words: list[Token] = []
            for left in self.lefts:
                words.extend(left.subtree)
            words.append(self)
            for right in self.rights:
                words.extend(right.subtree)
            found = self._subtree = tuple(words)
        return found

    @property
    def ancestors(self) -> tuple[Token, ...]:
        """The word's head, its head's head, ... up to the root of its sentence."""
        found = self._ancestors
        if found is None:
            chain: list[Token] = []
            current = self
            while current.head is not current and len(chain) < len(self.doc):
                current = current.head
                chain.append(current)
            found = self._ancestors = tuple(chain)
        return found

    @property
    def sent(self) -> Span:
        """The sentence (as the parser split the text) the word is in."""
        return self.doc.sentence_of(self.i)

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class Span:
    """Consecutive words ``doc[start:end]``."""

    __slots__ = ("doc", "end", "start")

    def __init__(self, doc: Doc, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc.tokens[self.start : self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, i: int) -> Token:
        return self.doc.tokens[self.start : self.end][i]

    @property
    def text(self) -> str:
        """The span's text, without the space after its last word."""
        words = self.doc.tokens[self.start : self.end]
        return "".join(t.text_with_ws for t in words[:-1]) + (words[-1].text if words else "")

    @property
    def root(self) -> Token:
        """The word nearest the root of the tree (the first such, as in spaCy): a sentence root if there is one.

        A punctuation mark or space without children counts as farthest (spaCy's rule).
        """
        words = self.doc.tokens[self.start : self.end]
        for word in words:
            if word.head is word:
                return word
        best, root = len(self.doc), None
        for word in words:
            if self.start <= word.head.i < self.end:
                continue
            bare = (word.is_punct or word.text.isspace()) and not word.children
            depth = len(self.doc) - 1 if bare else len(word.ancestors)
            if depth < best:
                best, root = depth, word
        return root if root is not None else self.doc.tokens[self.start]


class Doc:
    """A parsed text: its words (:class:`Token`), in order, and the sentences the parser split it into."""

    __slots__ = ("_sentence_starts", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: tuple[Token, ...] = ()
        self._sentence_starts: list[int] = [0]

    @overload
    def __getitem__(self, key: int) -> Token: ...
    @overload
    def __getitem__(self, key: slice) -> Span: ...
    def __getitem__(self, key: int | slice) -> Token | Span:
        if isinstance(key, slice):
            start, end, _ = key.indices(len(self.tokens))
            return Span(self, start, max(start, end))
        return self.tokens[key]

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __reversed__(self) -> Iterator[Token]:
        return reversed(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def has_annotation(self, attr: str) -> bool:
        """Whether the words carry ``attr`` ("DEP", "TAG", ...): a parsed sentence carries all the grammar reads."""
        return attr in _ANNOTATIONS and bool(self.tokens)

    def sentence_of(self, i: int) -> Span:
        """The sentence word ``i`` is in."""
        starts = self._sentence_starts
        k = bisect.bisect_right(starts, i) - 1
        end = starts[k + 1] if k + 1 < len(starts) else len(self.tokens)
        return Span(self, starts[k], end)

    def char_span(self, start: int, end: int, alignment_mode: str = "expand") -> Span | None:
        """The words that characters ``start:end`` of the text touch, as spaCy's ``alignment_mode="expand"``.

        None when either end falls outside every word (and the space after it).
        """
        if alignment_mode != "expand":
            msg = f"only alignment_mode='expand' is supported, not {alignment_mode!r}"
            raise ValueError(msg)
        first, last = self._word_at(start), self._word_at(end - 1)
        if first < 0 or last < 0:
            return None
        word = self.tokens[first]
        if start == word.idx + len(word.text):
            first += 1  # the span starts in the space after a word
        return Span(self, first, last + 1)

    def _word_at(self, char: int) -> int:
        """The word whose characters (with its trailing space) hold ``char``, or -1 (spaCy's ``token_by_char``)."""
        low, high = 0, len(self.tokens) - 1
        while low <= high:
            mid = (low + high) // 2
            word = self.tokens[mid]
            if char < word.idx:
                high = mid - 1
            elif char >= word.idx + len(word.text) + len(word.whitespace_):
                low = mid + 1
            else:
                return mid
        return -1


def _features(morph: str) -> str:
    """A word's morphological features as ``str(token.morph)`` gives them ("" for none, stored as "_")."""
    return "" if morph == "_" else morph


def read_doc(parsed: spacy.tokens.Doc) -> Doc:
    """The words, attributes and tree of a spaCy ``Doc``, as a :class:`Doc` of plain objects."""
    from spacy.attrs import (  # noqa: PLC0415 - with spaCy only
        DEP,
        HEAD,
        IDX,
        IS_ALPHA,
        IS_LOWER,
        IS_PUNCT,
        IS_TITLE,
        IS_UPPER,
        LEMMA,
        LIKE_NUM,
        LOWER,
        MORPH,
        ORTH,
        POS,
        SENT_START,
        SPACY,
        TAG,
    )
    from spacy.parts_of_speech import NAMES  # noqa: PLC0415

    doc = Doc(parsed.text)
    n = len(parsed)
    if not n:
        return doc
    columns = [ORTH, LOWER, LEMMA, POS, TAG, DEP, MORPH, HEAD, IDX, SPACY, SENT_START]
    flags = [IS_ALPHA, IS_LOWER, IS_UPPER, IS_TITLE, IS_PUNCT, LIKE_NUM]
    array = parsed.to_array(columns + flags)  # unsigned: string hashes, and HEAD as an offset modulo 2**64
    rows, heads = array.tolist(), array[:, columns.index(HEAD)].astype("int64").tolist()
    strings = parsed.vocab.strings
    names: dict[int, str] = {}

    def name(key: int) -> str:
        found = names.get(key)
        if found is None:
            found = names[key] = strings[key] if key else ""
        return found

    words: list[Token] = []
    starts = [0]
    for i, row in enumerate(rows):
        orth, lower, lemma, pos, tag, dep, morph, _, idx, space, sent_start = row[:11]
        word = Token(doc, i, name(orth), " " if space else "")
        word.lower_, word.lemma_, word.tag_, word.dep_ = name(lower), name(lemma), name(tag), name(dep)
        word.pos_, word.morph, word.idx = NAMES.get(pos, ""), _features(name(morph)), idx
        word.is_alpha, word.is_lower, word.is_upper, word.is_title, word.is_punct, word.like_num = map(bool, row[11:])
        if sent_start == 1 and i:
            starts.append(i)
        words.append(word)
    kids: list[list[Token]] = [[] for _ in range(n)]
    for word, offset in zip(words, heads, strict=True):
        head = word.i + offset
        if head != word.i:
            word.head = words[head]
            kids[head].append(word)
    for word, mine in zip(words, kids, strict=True):
        if mine:
            word.children = tuple(mine)
            split = bisect.bisect_left([k.i for k in mine], word.i)
            word.lefts, word.rights = word.children[:split], word.children[split:]
    doc.tokens = tuple(words)
    doc._sentence_starts = starts  # noqa: SLF001 - built here
    return doc
