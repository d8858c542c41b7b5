"""Word segmentation with jieba: the only module that imports it.

Used to check that a KPI alias found by substring search is a word of its sentence and not the
middle of a longer word (纳税 inside 纳税人, 捐赠 inside 受捐赠). jieba keeps global state and logs
on import; we use a private ``Tokenizer`` built lazily, with its log silenced, and teach it the
catalog's aliases plus the user dictionary shipped in ``data/jieba_userdict.txt``.

Start-up: building that tokenizer (jieba's 350,000-word dictionary, then a few thousand ``add_word``)
costs about 2 s per process, and even loading jieba's own cache of it about 1 s (500,000 dict
entries). So the prepared dictionary is cached once, grouped by first character, with ``marshal`` in
the user's cache folder (``$XDG_CACHE_HOME/csr-extract``, else ``~/.cache/csr-extract``), named by a
hash of the jieba and Python versions, the user dictionary and the aliases; a process loads the groups
as a few thousand strings and fills jieba's dict only with the groups of the characters it meets. A
missing or unreadable cache is rebuilt, an unwritable folder only means no cache. And a span bounded
by characters jieba never joins to a word (punctuation, spaces, the text's ends) is aligned without
asking jieba at all.
"""

from __future__ import annotations

import array
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

_LOCK = threading.Lock()
_TOKENIZER: Any = None
# The prepared dictionary, grouped by first character: {char: (words joined by newlines, their
# frequencies as int64 bytes)}. jieba only ever looks up substrings of the sentence it cuts, so a
# sentence needs only the groups of its own characters; they are put into the tokenizer's FREQ
# dict when first needed (a few hundred entries per character) instead of all 500,000 at start-up.
_GROUPS: dict[str, tuple[str, bytes]] = {}
_LOADED: set[str] = set()
_ALIAS_FREQ = 200000  # high enough that an alias stays one word where the text allows it
CACHE_ENV = "CSR_EXTRACT_CACHE"  # overrides the cache folder (tests; read-only installs)
# jieba's own split of a text into blocks it segments (re_han_default): any other character is a
# boundary of every segmentation
JIEBA_BLOCK_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")


def _tokenizer() -> Any:
    """The tokenizer, its dictionary still empty: see :func:`_prepare`. Call with ``_LOCK`` held."""
    global _TOKENIZER
    if _TOKENIZER is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        words = _user_words()
        cache = _cache_path(jieba.__version__, words)
        loaded = _load_cache(cache)
        if loaded is None:
            full = jieba.Tokenizer()
            full.initialize()
            for word, freq in words:
                full.add_word(word, freq=freq)
            loaded = (full.total, group_by_first_char(full.FREQ))
            _save_cache(loaded, cache)
        tok = jieba.Tokenizer()
        tok.total, groups = loaded
        _GROUPS.update(groups)
        tok.FREQ, tok.initialized = {}, True
        _TOKENIZER = tok
    return _TOKENIZER


def _prepare(tok: Any, sentence: str) -> None:
    """Put the dictionary entries starting with any character of ``sentence`` into ``tok.FREQ``."""
    for ch in set(sentence) - _LOADED:
        group = _GROUPS.get(ch)
        if group is not None:
            freqs = array.array("q")
            freqs.frombytes(group[1])
            tok.FREQ.update(zip(group[0].split("\n"), freqs, strict=True))
        _LOADED.add(ch)


def group_by_first_char(freq: dict[str, int]) -> dict[str, tuple[str, bytes]]:
    groups: dict[str, tuple[list[str], array.array[int]]] = {}
    for word, count in freq.items():
        words, counts = groups.setdefault(word[0], ([], array.array("q")))
        words.append(word)
        counts.append(count)
    return {ch: ("\n".join(words), counts.tobytes()) for ch, (words, counts) in groups.items()}


def _user_words() -> list[tuple[str, int | None]]:
    """The words taught to jieba: the shipped user dictionary, then every catalog alias."""
    from .catalog import load_catalog

    words: list[tuple[str, int | None]] = []
    text = resources.files("csr_extract").joinpath("data/jieba_userdict.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if parts:
            words.append((parts[0], int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None))
    for kpi in load_catalog().kpis:
        for alias in (*kpi.aliases, *kpi.exact):
            words.append((alias, _ALIAS_FREQ))
    return words


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "csr-extract"


def _cache_path(version: str, words: list[tuple[str, int | None]]) -> Path:
    # marshal's format may change between Python versions: the version is part of the name
    digest = hashlib.sha256(repr((version, sys.version_info[:2], words)).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"jieba-{digest}.marshal"


def _load_cache(path: Path) -> tuple[int, dict[str, tuple[str, bytes]]] | None:
    try:
        with path.open("rb") as f:
            total, groups = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(total, int) or not isinstance(groups, dict):
        return None
    return total, groups


def _save_cache(prepared: tuple[int, dict[str, tuple[str, bytes]]], path: Path) -> None:
    """Write the prepared dictionary to a temporary file, then rename it: readers never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(prepared, f)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # no cache: the next process builds the dictionary again


@lru_cache(maxsize=4096)
def word_bounds(sentence: str) -> frozenset[int]:
    """Offsets in ``sentence`` where a word starts or ends."""
    bounds = {0, len(sentence)}
    pos = 0
    with _LOCK:
        tok = _tokenizer()
        _prepare(tok, sentence)
        words = list(tok.cut(sentence, HMM=False))
    for word in words:
        pos += len(word)
        bounds.add(pos)
    return frozenset(bounds)


def cut(sentence: str) -> list[str]:
    """``sentence`` cut into words by jieba (no HMM), with the user words and catalog aliases."""
    with _LOCK:
        tok = _tokenizer()
        _prepare(tok, sentence)
        return list(tok.cut(sentence, HMM=False))


def is_word_aligned(text: str, start: int, end: int, *, window: int = 12) -> bool:
    """True when ``text[start:end]`` begins and ends on word boundaries of its neighbourhood."""
    if _is_block_edge(text, start) and _is_block_edge(text, end):
        return True  # jieba segments each block apart: a block's edges are word boundaries
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    bounds = word_bounds(text[lo:hi])
    return (start - lo) in bounds and (end - lo) in bounds


def _is_block_edge(text: str, offset: int) -> bool:
    """True when ``offset`` in ``text`` is an end of the text or borders a character outside jieba's
    blocks (punctuation, space, a symbol)."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (JIEBA_BLOCK_CHAR.match(text[offset - 1]) and JIEBA_BLOCK_CHAR.match(text[offset]))
