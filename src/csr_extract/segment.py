"""Word segmentation with jieba: the only module that imports it.

Used to check that a KPI alias found by substring search is a word of its sentence and not the
middle of a longer word (纳税 inside 纳税人, 捐赠 inside 受捐赠). jieba keeps global state and logs
on import; we use a private ``Tokenizer`` built lazily, with its log silenced, and teach it the
catalog's aliases plus the user dictionary shipped in ``data/jieba_userdict.txt``.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

_LOCK = threading.Lock()
_TOKENIZER: Any = None
_ALIAS_FREQ = 200000  # high enough that an alias stays one word where the text allows it


def _tokenizer() -> Any:
    global _TOKENIZER
    with _LOCK:
        if _TOKENIZER is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            _load_user_words(tok)
            _TOKENIZER = tok
    return _TOKENIZER


def _load_user_words(tok: Any) -> None:
    from .catalog import load_catalog

    text = resources.files("csr_extract").joinpath("data/jieba_userdict.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tok.add_word(parts[0], freq=freq)
    for kpi in load_catalog().kpis:
        for alias in (*kpi.aliases, *kpi.exact):
            tok.add_word(alias, freq=_ALIAS_FREQ)


@lru_cache(maxsize=4096)
def word_bounds(sentence: str) -> frozenset[int]:
    """Offsets in ``sentence`` where a word starts or ends."""
    bounds = {0, len(sentence)}
    pos = 0
    for word in _tokenizer().cut(sentence, HMM=False):
        pos += len(word)
        bounds.add(pos)
    return frozenset(bounds)


def is_word_aligned(text: str, start: int, end: int, *, window: int = 12) -> bool:
    """True when ``text[start:end]`` begins and ends on word boundaries of its neighbourhood."""
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    bounds = word_bounds(text[lo:hi])
    return (start - lo) in bounds and (end - lo) in bounds
