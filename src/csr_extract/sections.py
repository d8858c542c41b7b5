"""Sections whose figures must not be read as results: outlooks (plans, targets) and indexes.

A heading is a short line of its own whose words (segmented with jieba, so 计划 inside 计划生育 does
not count) include one of the words in ``data/sections.yaml``. The section runs to the next
boundary heading, to the next heading of another kind, or ``MAX_SECTION`` characters on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from .segment import is_word_aligned

MAX_SECTION = 1500  # characters: an outlook or index is a page at most, not the rest of the report
_MAX_EXTRA = 8  # a heading is its keyword and a few words more; a longer line is prose or a TOC row
_MAX_HEADING = 22
_NUMBERING = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十]{1,3}[、）).．]|[（(]?\d{1,2}(?:\.\d{1,2})*[、）).．\s]"
    r"|第[一二三四五六七八九十\d]+[章节部分篇])\s*"
)
_NOT_HEADING = re.compile(r"[。，,；;！？\t]|P\d|\s\d+$|\s\S+\s")  # prose, TOC rows, page refs


class SectionWords(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    outlook: tuple[str, ...]
    reference: tuple[str, ...]
    boundary: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    kind: str  # outlook or reference
    title: str
    start: int
    end: int


@cache
def load_section_words() -> SectionWords:
    text = resources.files("csr_extract").joinpath("data/sections.yaml").read_text(encoding="utf-8")
    return SectionWords.model_validate(yaml.safe_load(text))


def find_sections(text: str) -> list[Section]:
    """The outlook and reference sections of a page or document text."""
    words = load_section_words()
    headings: list[tuple[int, int, str | None, str]] = []  # (start, end, kind, title)
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        title = _NUMBERING.sub("", line).strip()
        if not title or len(title) > _MAX_HEADING or _NOT_HEADING.search(title):
            continue
        offset = start + line.index(title)
        kind = _kind_of(title, offset, text, words)
        if kind is not None:
            headings.append((start, offset + len(title), kind, title))
    sections: list[Section] = []
    for i, (start, head_end, kind, title) in enumerate(headings):
        if kind not in ("outlook", "reference"):
            continue
        nxt = next((h[0] for h in headings[i + 1 :] if h[2] != kind), len(text))
        sections.append(Section(kind, title, start, min(nxt, head_end + MAX_SECTION)))
    return sections


def _kind_of(title: str, offset: int, text: str, words: SectionWords) -> str | None:
    for kind, vocab in (("outlook", words.outlook), ("reference", words.reference), ("boundary", words.boundary)):
        for w in vocab:
            i = title.find(w)
            if i >= 0 and len(title) <= len(w) + _MAX_EXTRA and is_word_aligned(text, offset + i, offset + i + len(w)):
                return kind
    return None


def in_sections(pos: int, sections: list[Section]) -> Section | None:
    return next((s for s in sections if s.start <= pos < s.end), None)
