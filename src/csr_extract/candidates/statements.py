"""Values stated by a whole phrase rather than a label and its number.

``公司未发生员工因工死亡事件`` and ``全年实现零死亡`` state ``work_fatalities`` = 0 for their year;
``本集团拥有4.5万名员工`` states ``employees`` with the number inside the phrase. Which KPIs can be
stated so, and the wording, are data: a catalog entry's ``zero`` and ``counted`` patterns (regular
expressions over the clean text; ``{n}`` in a ``counted`` pattern stands for the number, and an optional
group ``(?P<at>…)`` marks where the statement proper starts when a clause before it is required). The
statement's year, scope, and whether it is a target (力争零死亡), are read from its sentence like any
other value's.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from ..catalog import Kpi, load_catalog
from .base import PageText, Reading, convert, is_value
from .context import read_context

_CLAUSE_END = re.compile(r"[，,。；;！？!?\n]")  # the words after a statement, to its clause's end (…的目标)


def find_zero_statements(pt: PageText) -> list[Reading]:
    """Readings of 0 for every statement that a KPI's count was nil."""
    out: list[Reading] = []
    for kpi, pattern in _patterns():
        for m in pattern.finditer(pt.text):
            clause_end = _CLAUSE_END.search(pt.text, m.end())
            ctx = read_context(pt, kpi, m.start(), clause_end.start() if clause_end else m.end())
            start, end = pt.sentence_start(m.start()), pt.sentence_end(m.end())
            out.append(
                Reading(
                    kpi=kpi,
                    value=Decimal(0),
                    year=ctx.year,
                    period_start=ctx.period_start,
                    raw=pt.snippet(m.start(), m.end()),
                    evidence=pt.snippet(max(start, m.start() - 60), min(end, m.end() + 30)),
                    rule="prose.zero",
                    page=pt.page_number,
                    bbox=pt.bbox(m.start(), m.end()),
                    flags=ctx.flags,
                    offset=m.start(),
                    sentence=start,
                    label=pt.snippet(m.start(), m.end()),
                )
            )
    return out


@cache
def _patterns() -> tuple[tuple[Kpi, re.Pattern[str]], ...]:
    return tuple((k, re.compile(p)) for k in load_catalog().kpis for p in k.zero)


# what ``{n}`` in a ``counted`` pattern stands for: a number with its qualifiers (约, 近, 余, 多)
_NUMBER = r"(?P<n>(?:约|近|逾|超过|超|达)?\s*\d[\d,.]*(?:\s*万)?\s*(?:多|余)?)"


def find_counted_statements(pt: PageText) -> list[Reading]:
    """Readings of every phrase that names a KPI with its number inside (拥有4.5万名员工)."""
    out: list[Reading] = []
    for kpi, pattern in _counted_patterns():
        for m in pattern.finditer(pt.text):
            q = next((q for q in pt.quantities_between(m.start("n"), m.end()) if is_value(q)), None)
            value = convert(q, kpi) if q is not None else None
            if q is None or value is None:
                continue
            # ``(?P<at>…)``: where the statement proper starts, after a clause it needs but that is not
            # its label (培训…，覆盖…人次): what that clause says is read as words before the label
            at = m.start("at") if "at" in pattern.groupindex else m.start()
            ctx = read_context(pt, kpi, at, m.end())
            start, end = pt.sentence_start(m.start()), pt.sentence_end(m.end())
            out.append(
                Reading(
                    kpi=kpi,
                    value=value,
                    year=ctx.year,
                    period_start=ctx.period_start,
                    qualifier=q.qualifier,
                    raw=pt.snippet(q.start, q.end),
                    evidence=pt.snippet(max(start, m.start() - 60), min(end, m.end() + 30)),
                    rule="prose.counted",
                    page=pt.page_number,
                    bbox=pt.bbox(q.start, q.end),
                    flags=ctx.flags,
                    offset=q.start,
                    sentence=start,
                    label=pt.snippet(m.start(), m.end()),
                    unit_source="number" if q.unit is not None else "label",
                )
            )
    return out


@cache
def _counted_patterns() -> tuple[tuple[Kpi, re.Pattern[str]], ...]:
    return tuple((k, re.compile(p.replace("{n}", _NUMBER))) for k in load_catalog().kpis for p in k.counted)


def counted_sources() -> list[str]:
    """The ``counted`` patterns as regular expressions without named groups (to be joined with ``|``)."""
    number = _NUMBER.replace("(?P<n>", "(?:")
    return [p.replace("{n}", number).replace("(?P<at>", "(?:") for k in load_catalog().kpis for p in k.counted]
