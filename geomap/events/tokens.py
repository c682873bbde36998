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
    from collections.abc import Iterable, Iterator, Sequence

    import spacy.tokens

__all__ = ["Doc", "Span", "Token", "read_doc", "read_docs"]

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
        "lemma_",
        "like_num",
        "lower_",
        "morph",
        "pos_",
        "tag_",
        "text",
        "whitespace_",
    )

    def __init__(  # noqa: PLR0917 - one value per attribute, filled from columns by map()
        self,
        doc: Doc,
        i: int,
        text: str,
        whitespace: str,
        lower: str,
        lemma: str,
        pos: str,
        tag: str,
        dep: str,
        morph: str,
        idx: int,
        flags: tuple[bool, bool, bool, bool, bool, bool],
    ) -> None:
        self.doc, self.i, self.text, self.whitespace_, self.idx = doc, i, text, whitespace, idx
        self.lower_, self.lemma_, self.pos_, self.tag_, self.dep_, self.morph = lower, lemma, pos, tag, dep, morph
        self.is_alpha, self.is_lower, self.is_upper, self.is_title, self.is_punct, self.like_num = flags
        self.head: Token = self
        self.children: tuple[Token, ...] = ()
        self._subtree: tuple[Token, ...] | None = None
        self._ancestors: tuple[Token, ...] | None = None

    @property
    def lefts(self) -> tuple[Token, ...]:
        """The children before the word."""
        return tuple(c for c in self.children if c.i < self.i)

    @property
    def rights(self) -> tuple[Token, ...]:
        """The children after the word."""
        return tuple(c for c in self.children if c.i > self.i)

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


def read_docs(parsed: Iterable[spacy.tokens.Doc], texts: Sequence[str] | None = None) -> list[Doc]:
    """The words, attributes and tree of each spaCy ``Doc``, as :class:`Doc` objects of plain Python objects.

    The attributes of all the docs are read in one array, and each distinct string once. ``texts``: the
    texts the docs were parsed from, if known (spaCy's ``Doc.text`` joins its words anew).
    """
    import numpy as np  # noqa: PLC0415 - with spaCy only
    from spacy.attrs import (  # noqa: PLC0415
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

    spacy_docs = list(parsed)
    docs = [Doc(text) for text in (texts if texts is not None else [d.text for d in spacy_docs])]
    sized = [(doc, d) for doc, d in zip(docs, spacy_docs, strict=True) if len(d)]
    if not sized:
        return docs
    attrs = [ORTH, LOWER, LEMMA, TAG, DEP, MORPH, POS, HEAD, IDX, SPACY, SENT_START]
    flags = [IS_ALPHA, IS_LOWER, IS_UPPER, IS_TITLE, IS_PUNCT, LIKE_NUM]
    array = np.concatenate([d.to_array(attrs + flags) for _, d in sized])
    strings = sized[0][1].vocab.strings
    named = []
    for column in array[:, :6].T.tolist():  # string hashes: each distinct one looked up once
        table = {key: strings[key] if key else "" for key in set(column)}
        named.append([table[key] for key in column])
    texts, lowers, lemmas, tags, deps, morphs = named
    morphs = [_features(m) for m in morphs]
    poses = [NAMES.get(p, "") for p in array[:, 6].tolist()]
    heads = array[:, 7].astype(np.int64).tolist()  # HEAD is an offset, stored modulo 2**64
    idxs, spaces, starts = array[:, 8].tolist(), array[:, 9].tolist(), array[:, 10].tolist()
    bits = list(map(tuple, array[:, 11:].astype(bool).tolist()))
    offset = 0
    for doc, spacy_doc in sized:
        n = len(spacy_doc)
        at = slice(offset, offset + n)
        words = list(
            map(
                Token,
                [doc] * n,
                range(n),
                texts[at],
                [" " if space else "" for space in spaces[at]],
                lowers[at],
                lemmas[at],
                poses[at],
                tags[at],
                deps[at],
                morphs[at],
                idxs[at],
                bits[at],
            )
        )
        kids: list[list[Token]] = [[] for _ in range(n)]
        for word, head in zip(words, heads[at], strict=True):
            if head:
                word.head = words[word.i + head]
                kids[word.i + head].append(word)
        for word, mine in zip(words, kids, strict=True):
            if mine:
                word.children = tuple(mine)
        doc.tokens = tuple(words)
        doc._sentence_starts = [0, *(i for i, start in enumerate(starts[at]) if start == 1 and i)]  # noqa: SLF001
        offset += n
    return docs


def read_doc(parsed: spacy.tokens.Doc) -> Doc:
    """The words, attributes and tree of one spaCy ``Doc`` (:func:`read_docs`)."""
    (doc,) = read_docs([parsed])
    return doc


def _features(morph: str) -> str:
    """A word's morphological features as ``str(token.morph)`` gives them ("" for none, stored as "_")."""
    return "" if morph == "_" else morph
