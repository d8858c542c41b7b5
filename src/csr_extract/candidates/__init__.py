"""Stage 2 of KPI extraction: every reading of a KPI value in a document, before merging.

Finders run per page in order of trust — tables, then layouts, then prose — and each later finder
skips the lines an earlier one has read, so one printed number is not read twice in two ways.

A sentence or a panel may run over a page break, so each page is read with the unfinished sentence
that ends the page before it and the words that finish its own last sentence on the next; only the
values printed on the page itself are kept. Only neighbouring pages are needed at any time.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable
from functools import cache

from ..catalog import load_catalog, load_table_words
from ..document import Page
from ..normalize import clean_text, fold_chinese
from ..sections import find_sections, in_sections, running_on
from .base import SENTENCE_MARK, PageText, Reading, report_currency
from .breakdown import find_breakdowns
from .grammar import load_patterns
from .labels import LabelHit, alias_pattern, find_labels
from .layout import find_layout
from .prose import find_prose
from .purposes import find_purposes, purpose_trigger
from .statements import counted_sources, find_counted_statements, find_zero_statements
from .tables import TableState, find_tables

__all__ = ["Reading", "find_candidates"]


def find_candidates(
    pages: Iterable[Page],
    report_year: int,
    own_names: tuple[str, ...] = (),
    default_currency: str | None = None,
) -> list[Reading]:
    """All readings in ``pages``; ``own_names`` are the reporting company's names (a value whose
    sentence names another company is that company's, not the report's); ``default_currency`` is
    what a bare 元 means in this report (HKD when its preamble says 以港币列示; None: CNY)."""
    out: list[Reading] = []
    prev: Page | None = None
    cur: Page | None = None
    state = TableState()  # a table that runs on from one page to the next
    with report_currency(default_currency):
        for nxt in itertools.chain(pages, [None]):  # lazily: a stream of pages is never held whole
            if cur is not None:
                found, state = read_page(
                    cur, report_year, own_names, before=_tail(prev), after=_head(nxt), carried=state
                )
                out.extend(found)
            prev, cur = cur, nxt
    return out


_CONTEXT_CHARS = 300  # at most this much of a neighbouring page is read as context


def _tail(page: Page | None) -> str:
    """The unfinished last sentence (or panel) of a page: what follows its last full stop."""
    if page is None or page.number == 0:
        return ""
    text = page.text[-_CONTEXT_CHARS:]
    ends = list(SENTENCE_MARK.finditer(text))
    return text[ends[-1].end() :] if ends else text


def _head(page: Page | None) -> str:
    """The words on a page up to its first full stop: how the previous page's sentence ends."""
    if page is None or page.number == 0:
        return ""
    text = page.text[:_CONTEXT_CHARS]
    end = SENTENCE_MARK.search(text)
    return text[: end.end()] if end else text


def find_page_candidates(
    page: Page,
    report_year: int,
    own_names: tuple[str, ...] = (),
    *,
    before: str = "",
    after: str = "",
) -> list[Reading]:
    """Readings of values printed on ``page``; ``before``/``after`` are neighbouring text read only
    as context (a sentence cut by the page break)."""
    return read_page(page, report_year, own_names, before=before, after=after)[0]


def read_page(
    page: Page,
    report_year: int,
    own_names: tuple[str, ...] = (),
    *,
    before: str = "",
    after: str = "",
    carried: TableState | None = None,
) -> tuple[list[Reading], TableState]:
    """``find_page_candidates``, plus the table state handed from the page before and to the next.
    Readings of a page read by OCR carry the flag ``ocr`` (its characters may be misread)."""
    found, state = _read_page_text(page, report_year, own_names, before, after, carried)
    if page.ocr:
        found = [dataclasses.replace(r, flags=r.flags | {"ocr"}) for r in found]
    return found, state


def _read_page_text(
    page: Page,
    report_year: int,
    own_names: tuple[str, ...],
    before: str,
    after: str,
    carried: TableState | None,
) -> tuple[list[Reading], TableState]:
    if not page.text.strip():
        return [], carried or TableState()
    if not may_hold_kpis(f"{before}\n{page.text}\n{after}"):
        return [], TableState(section=_still_open(page.text, carried))
    if before or after:
        return _with_context(page, report_year, own_names, before, after, carried)
    pt = PageText.build(page, clean_text(page.text), report_year, own_names)
    return _read_page(pt, carried)


def may_hold_kpis(text: str) -> bool:
    """A cheap look before the real reading: a page none of whose words names a KPI (no alias or
    label pattern, no breakdown heading or title of a table known by it, no table row led by a short
    label such as 电 or 合计, no nil or counted statement, no amount's purpose) has no value to read. Traditional
    characters are folded first."""
    text = fold_chinese(text)
    return bool(
        alias_pattern().search(text)
        or _label_patterns().search(text)
        or _breakdown_or_exact_pattern().search(text)
        or purpose_trigger().search(text)
    )


@cache
def _label_patterns() -> re.Pattern[str]:
    """Any pattern of data/labels.yaml (only whether one occurs matters here, not which or how long).
    The look-ahead for a character a match can start with lets the engine skip the other positions
    quickly (the patterns open with optional words, which defeat the engine's own prefix check):
    5x faster on report pages."""
    patterns = load_patterns()
    first = "".join(sorted({re.escape(c) for p in patterns for c in p.first}))
    body = "|".join(f"(?:{p.regex.pattern})" for p in patterns)
    return re.compile(f"(?=[{first}])(?:{body})", re.IGNORECASE)


@cache
def _breakdown_or_exact_pattern() -> re.Pattern[str]:
    catalog = load_catalog()
    headers = [h for k in catalog.kpis if k.breakdown for h in k.breakdown.headers]
    exact = [e for k in catalog.kpis for e in k.exact]
    labels = "|".join(map(re.escape, exact))
    row = r"^[ \t]*(?:" + labels + r")[ \t]*(?:[（(][^）)\n]{1,12}[)）])?(?:[ \t]+\S{1,6})?[ \t]+[-−\d]"
    zero = [p for k in catalog.kpis for p in k.zero]
    words = load_table_words()
    titles = [w for t in words.titled_tables for w in (*t.titles, *t.marks)]  # 精准扶贫工作情况 | 资金
    titles += list(words.pollutant_tables.pollutant_columns) if words.pollutant_tables else []  # 污染物名称
    return re.compile(
        "|".join([*map(re.escape, headers + titles), row, *zero, *counted_sources()]), re.MULTILINE
    )


def _read_page(pt: PageText, carried: TableState | None = None) -> tuple[list[Reading], TableState]:
    table_cands, table_lines, state = find_tables(pt, carried)
    layout_cands, label_lines = find_layout(pt, table_lines)
    hits = find_labels(pt.text)
    skip = _hits_on_lines(pt.text, hits, table_lines | label_lines)
    prose_cands = find_prose(pt, hits, skip)
    found = table_cands + layout_cands + prose_cands + find_breakdowns(pt) + find_zero_statements(pt)
    found += find_counted_statements(pt) + find_purposes(pt)
    _mark_wrapped_units(pt, found)
    kept, state.section = _outside_sections(pt, found, carried.section if carried else None)
    return kept, state


def _mark_wrapped_units(pt: PageText, found: list[Reading]) -> None:
    """Flag ``unit_wrapped`` on a reading whose number ends a line of running text and whose unit
    (or magnitude) opens the next: the clean text joined them, but a character at a wrapped line's
    end is the one a conversion drops (…缴纳税金302,118.27 / 元 where the figure was in 万元). A
    number alone on its line with the unit below (an infographic) is the layout, not a wrap."""
    ends = {q.start: q.end for q in pt.quantities}
    text = pt.page.text
    for r in found:
        end = ends.get(r.offset)
        span = pt.clean.source_span(r.offset, end) if end is not None else None
        if span is None or "\n" not in text[span[0] : span[1]]:
            continue
        line_start = text.rfind("\n", 0, span[0]) + 1
        if text[line_start : span[0]].strip():
            r.flags = r.flags | {"unit_wrapped"}


def _with_context(
    page: Page,
    report_year: int,
    own_names: tuple[str, ...],
    before: str,
    after: str,
    carried: TableState | None = None,
) -> tuple[list[Reading], TableState]:
    joined = before + "\n" + page.text + "\n" + after
    lo, hi = len(before) + 1, len(before) + 1 + len(page.text)
    boxes = None
    if page.boxes is not None:
        boxes = [None] * lo + list(page.boxes) + [None] * (len(joined) - hi)
    wide = Page(page.number, joined, boxes, page.tables, page.label)
    pt = PageText.build(wide, clean_text(joined), report_year, own_names)
    origin = pt.clean.origin
    pt.own = (
        next((i for i, o in enumerate(origin) if o >= lo), len(origin)),
        next((i for i, o in enumerate(origin) if o >= hi), len(origin)),
    )
    kept = []
    found, state = _read_page(pt, carried)
    for c in found:
        source = pt.clean.origin[c.offset] if 0 <= c.offset < len(pt.clean.origin) else -1
        if c.offset < 0 or lo <= source < hi:  # printed on this page (reader tables are the page's own)
            kept.append(c)
    return kept, state


def _still_open(text: str, carried: TableState | None) -> str | None:
    """A running section carried over a page that holds no KPI word: still open unless ended there."""
    if carried is None or carried.section is None:
        return None
    return running_on(text, find_sections(text, carried.section))


def _outside_sections(pt: PageText, cands: list[Reading], carried: str | None) -> tuple[list[Reading], str | None]:
    """Drop readings made under an outlook (plans, targets), an index heading, a list of subsidiaries
    or a parent-company statement (``carried``: such a section runs on from the page before); the
    kind of a section that runs on to the next page."""
    sections = find_sections(pt.text, carried)
    if not sections:
        return cands, None
    kept = [c for c in cands if c.offset < 0 or in_sections(c.offset, sections) is None]
    return kept, running_on(pt.text, sections)


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
