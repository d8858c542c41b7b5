"""Stage 2 of KPI extraction: every reading of a KPI value in a document, before merging.

Finders run per page in order of trust — tables, then layouts, then prose — and each later finder
skips the lines an earlier one has read, so one printed number is not read twice in two ways.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..document import Page
from ..normalize import clean_text
from ..sections import find_sections, in_sections
from .base import Candidate, PageText
from .breakdown import find_breakdowns
from .labels import LabelHit, find_labels
from .layout import find_layout
from .prose import find_prose
from .tables import find_tables

__all__ = ["Candidate", "find_candidates"]


def find_candidates(pages: Iterable[Page], report_year: int, own_names: tuple[str, ...] = ()) -> list[Candidate]:
    """All readings in ``pages``; ``own_names`` are the reporting company's names (a value whose
    sentence names another company is that company's, not the report's)."""
    out: list[Candidate] = []
    for page in pages:
        out.extend(find_page_candidates(page, report_year, own_names))
    return out


def find_page_candidates(page: Page, report_year: int, own_names: tuple[str, ...] = ()) -> list[Candidate]:
    if not page.text.strip():
        return []
    pt = PageText.build(page, clean_text(page.text), report_year, own_names)
    table_cands, table_lines = find_tables(pt)
    layout_cands, label_lines = find_layout(pt, table_lines)
    hits = find_labels(pt.text)
    skip = _hits_on_lines(pt.text, hits, table_lines | label_lines)
    prose_cands = find_prose(pt, hits, skip)
    return _outside_sections(pt, table_cands + layout_cands + prose_cands + find_breakdowns(pt))


def _outside_sections(pt: PageText, cands: list[Candidate]) -> list[Candidate]:
    """Drop readings made under an outlook (plans, targets) or an index heading."""
    sections = find_sections(pt.text)
    if not sections:
        return cands
    return [c for c in cands if c.offset < 0 or in_sections(c.offset, sections) is None]


def _hits_on_lines(text: str, hits: list[LabelHit], line_starts: set[int]) -> set[int]:
    """Starts of the label hits that lie on lines a table or layout finder has already read."""
    skip = set()
    for h in hits:
        line_start = text.rfind("\n", 0, h.start) + 1
        while line_start < h.start and text[line_start] in " \t":
            line_start += 1
        if line_start in line_starts:
            skip.add(h.start)
    return skip
