"""Values stated without a number: a KPI's count that the report says was nil.

``公司未发生员工因工死亡事件`` and ``全年实现零死亡`` state ``work_fatalities`` = 0 for their year. Which
KPIs can be stated so, and the wording, are data: a catalog entry's ``zero`` patterns (regular
expressions over the clean text). The statement's year, and whether it is a target (力争零死亡), are
read from its sentence like any other value's.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from ..catalog import Kpi, load_catalog
from .base import PageText, Reading
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
