"""How common an English word is: the table behind the geoparser's ordinary-word tests.

"Bath", "Reading" and "Mobile" are places and common words; the geoparser
asks how frequent a word is (its Zipf frequency, wordfreq's scale: 7 for
"the", 3 for a word met once in a million) before taking it for a place.
The answer comes from a memory-mapped table built once from wordfreq into
the GeoNames index folder (:func:`write_table`), so parsing never imports
wordfreq. Only words (and numbers of up to four digits) at least
:data:`FLOOR` frequent are kept: no test of the geoparser asks about rarer
ones, and a word not in the table counts as 0.

Examples
--------
>>> words = common_words(())
>>> words.zipf("the") > 7.0, words.zipf("kalbajar")
(True, 0.0)
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import marisa_trie

from geomap import settings

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["FILE", "FLOOR", "CommonWords", "common_words", "write_table"]

#: The lowest Zipf frequency the table keeps (the lowest threshold the geoparser tests against).
FLOOR = 3.0
#: The table's file name in an index folder.
FILE = "words.marisa"
_NUMBER_DIGITS = 4


class CommonWords:
    """A memory-mapped table of word -> Zipf frequency (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._trie = marisa_trie.RecordTrie("<H")
        self._trie.mmap(str(path))
        self._cache: dict[str, float] = {}

    def zipf(self, word: str) -> float:
        """The Zipf frequency of the lower-cased ``word`` in English, 0 below :data:`FLOOR`."""
        known = self._cache.get(word)
        if known is None:
            found = self._trie.get(word.casefold().replace("’", "'"))
            known = found[0][0] / 100 if found else 0.0
            self._cache[word] = known
        return known


def write_table(folder: Path) -> None:
    """Write the table of the English words wordfreq rates at least :data:`FLOOR` into ``folder``."""
    from wordfreq import get_frequency_dict, zipf_frequency  # noqa: PLC0415 - only when an index is built

    likely = [word for word, freq in get_frequency_dict("en").items() if math.log10(freq) + 9 >= FLOOR - 0.01]
    # wordfreq rates numbers by their digits' shape, not from its list: years and counts up to 4 digits.
    likely += [str(n).zfill(width) for width in range(1, _NUMBER_DIGITS + 1) for n in range(10**width)]
    rated = ((word, zipf_frequency(word, "en")) for word in likely)
    marisa_trie.RecordTrie("<H", [(word, (round(z * 100),)) for word, z in rated if z >= FLOOR]).save(
        str(folder / FILE)
    )


def common_words(folders: Iterable[Path]) -> CommonWords:
    """The table in the first of ``folders`` that has one, else the one cached apart (built on first use)."""
    import shutil  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)
    import tempfile  # noqa: PLC0415 - only writing a cache needs it (geomap places starts faster)

    for folder in folders:
        if (folder / FILE).exists():
            return CommonWords(folder / FILE)
    import importlib.metadata  # noqa: PLC0415 - only the fallback table needs it (geomap places starts faster)

    version = importlib.metadata.version("wordfreq")
    own = settings.cache_dir / f"words-{version}-{FLOOR}"
    if not (own / FILE).exists():
        own.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{own.name}-", dir=own.parent))
        try:
            write_table(tmp)
            tmp.rename(own)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not (own / FILE).exists():  # not another process that built it first
                raise
    return CommonWords(own / FILE)
