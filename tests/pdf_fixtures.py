"""Helpers for the PDF reader tests: load ``scripts/render_fixtures.py`` and locate the shared corpus."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS_PDFS = sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))
SEED_CANDIDATES = (
    *sorted((REPO / "data" / "raw").glob("*.txt")),
    SHARED / "corpus" / "seed" / "000_da3d414fbc57a863.txt",
)


def load_renderer() -> ModuleType:
    """``scripts/`` is not a package; import the renderer from its file."""
    name = "render_fixtures"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "render_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def seed_text_path() -> Path | None:
    return next((p for p in SEED_CANDIDATES if p.is_file()), None)


def squash(text: str) -> str:
    """Text without any whitespace, to compare content regardless of line breaks and spacing."""
    return re.sub(r"\s+", "", text)


def in_order_recall(lines: list[str], text: str, window: int = 400, min_chars: int = 4) -> float:
    """Share of the ``lines`` found in ``text`` in their original order (whitespace ignored).

    Each line is looked for within ``window`` characters after the previous match, so a missing line
    costs only itself. Lines shorter than ``min_chars`` are left out: one character matches anywhere.
    """
    wanted = [squash(line) for line in lines if len(squash(line)) >= min_chars]
    haystack = squash(text)
    found, pos = 0, 0
    for line in wanted:
        at = haystack.find(line, pos, pos + window + len(line))
        if at >= 0:
            found += 1
            pos = at + len(line)
    return found / len(wanted) if wanted else 1.0


def char_recall(expected: str, text: str) -> float:
    """Share of the non-space characters of ``expected`` present in ``text`` (as a multiset)."""
    want = Counter(squash(expected))
    have = Counter(squash(text))
    total = sum(want.values())
    return sum(min(n, have[ch]) for ch, n in want.items()) / total if total else 1.0
