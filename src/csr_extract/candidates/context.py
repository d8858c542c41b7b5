"""What the words around a value say about it: its year, its period, its scope, and whether it is a
target or a per-capita figure. All cue words come from ``data/cues.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalog import Cues, Kpi
from .base import PageText, cues

_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*(?:年)?\s*(?:[-–—~～至到]\s*((?:19|20)\d{2})\s*)?(年度?|年末|年底|年初)"
)
_SINCE = re.compile(r"^[^，,。；;]{0,16}?(?:以来|起|开始)")
_COMPARISON_BEFORE = re.compile(r"(?:较|比|同比|相比|对比|相较)\s*$")
_MIN_YEAR, _MAX_YEAR = 1990, 2035


@dataclass(frozen=True, slots=True)
class Context:
    year: int
    period_start: int | None
    flags: frozenset[str]  # target, per_capita, partial_scope, cumulative_unknown, subset, previous_year


def read_context(pt: PageText, kpi: Kpi, label_start: int, value_end: int) -> Context:
    """Year, period and scope of a value of ``kpi`` whose label starts at ``label_start``."""
    text = pt.text
    sent_start = pt.sentence_start(label_start)
    clause_start = pt.clause_start(label_start)
    prefix = text[sent_start:label_start]
    clause = text[clause_start:value_end]
    c = cues()
    flags: set[str] = set()
    if any(w in clause for w in c.target):
        flags.add("target")
    if any(w in text[max(clause_start, label_start - 4) : value_end] for w in c.per_capita):
        flags.add("per_capita")
    if _names_a_part(prefix, clause, c):
        flags.add("partial_scope")
    if "其中" in text[clause_start:label_start]:
        flags.add("subset")
    year, period_start = _year_and_period(prefix, pt.report_year)
    if period_start is None and _is_accumulated(kpi, prefix, text[clause_start:value_end], c):
        flags.add("cumulative_unknown")
    if period_start is None and any(w in text[clause_start:label_start] for w in c.previous_year):
        year = year - 1 if year == pt.report_year else year
        flags.add("previous_year")
    return Context(year, period_start, frozenset(flags))


def _is_accumulated(kpi: Kpi, prefix: str, clause: str, c: Cues) -> bool:
    """Accumulated over an unknown number of years: 累计/以来 with no year of its own, or, for a flow,
    a date it runs up to (截至2020年底，累计投入…)."""
    if any(w in prefix or w in clause for w in c.annual):
        return False
    own_year = _last_period_year(prefix)
    if any(w in clause for w in c.cumulative) and own_year < 0:
        return True
    until = max((prefix.rfind(w) for w in c.until), default=-1)
    return not kpi.stock and until > own_year


def _names_a_part(sentence_prefix: str, clause: str, c: Cues) -> bool:
    """True when the words before the label in its sentence name one part of the company."""
    for where in (sentence_prefix, clause):
        scrubbed = where
        for w in c.collective_scope:
            scrubbed = scrubbed.replace(w, "")
        if any(w in scrubbed for w in c.partial_scope):
            return True
    return False


_UNTIL_BEFORE = re.compile(r"(?:截至|截止|截止到|到|至)\s*$")


def _last_period_year(text: str) -> int:
    """Where the last year stands that says which single year a figure covers (2020年累计…), as
    opposed to the date it runs up to (截至2020年底，累计…) which leaves its start unknown; -1 if none."""
    last = -1
    for m in _YEAR.finditer(text):
        if _MIN_YEAR <= int(m.group(1)) <= _MAX_YEAR and not _UNTIL_BEFORE.search(text[: m.start()]):
            last = m.start()
    return last


def _year_and_period(prefix: str, report_year: int) -> tuple[int, int | None]:
    """The year (and first year of a period) that the words before a label give it."""
    c = cues()
    for name, (first, last) in c.plan_periods.items():
        if name in prefix:
            return last, first
    year, period_start = report_year, None
    for m in _YEAR.finditer(prefix):
        y1 = int(m.group(1))
        if not _MIN_YEAR <= y1 <= _MAX_YEAR or _COMPARISON_BEFORE.search(prefix[: m.start()]):
            continue
        if m.group(2):
            y2 = int(m.group(2))
            if _MIN_YEAR <= y2 <= _MAX_YEAR and y1 < y2:
                year, period_start = y2, y1
                continue
        if _SINCE.match(prefix[m.end() :]):
            year, period_start = report_year, y1
            continue
        year, period_start = y1, None
    return year, period_start
