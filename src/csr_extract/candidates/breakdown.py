"""Percent breakdowns: a header such as 性别构成 and, below it, 女性 17.6% -> the ratio KPI.

Which KPI reads which breakdown is data: a catalog entry's ``breakdown`` names its header words and
the item label whose percent it takes.
"""

from __future__ import annotations

import re

from ..catalog import load_catalog
from .base import PageText, Reading, squash

WINDOW = 600  # characters after a header in which its items are looked for
_BEFORE_ITEM = 12


def find_breakdowns(pt: PageText) -> list[Reading]:
    out: list[Reading] = []
    for kpi in load_catalog().kpis:
        if kpi.breakdown is None:
            continue
        items = sorted(kpi.breakdown.items, key=len, reverse=True)
        for header in kpi.breakdown.headers:
            for m in re.finditer(re.escape(header), pt.text):
                cand = _read_item(pt, kpi, m.end(), items, pt.snippet(m.start(), m.end()))
                if cand is not None:
                    out.append(cand)
    return out


def _read_item(pt: PageText, kpi: object, start: int, items: list[str], header: str) -> Reading | None:
    """The item's percent after the header at ``start``; ``header`` is as printed (traditional
    characters stay), like the item label in the evidence."""
    from ..catalog import Kpi

    assert isinstance(kpi, Kpi)
    end = min(len(pt.text), start + WINDOW)
    for q in pt.quantities_between(start, end):
        if q.kind != "percent" or q.unit != "ratio":
            continue
        before = pt.text[max(start, q.start - _BEFORE_ITEM) : q.start]
        line_before = re.split(r"[\n，,；;、]", before.rstrip(" \t"))
        tail = line_before[-1].strip() or (line_before[-2].strip() if len(line_before) > 1 else "")
        tail = tail.rstrip("：: ")
        if tail in items:
            at = pt.text.rfind(tail, max(start, q.start - _BEFORE_ITEM), q.start)
            printed = pt.snippet(at, at + len(tail)) if at >= 0 else tail
            return Reading(
                kpi=kpi,
                value=q.value,
                year=pt.report_year,
                qualifier=q.qualifier,
                raw=pt.snippet(q.start, q.end),
                evidence=squash(f"{header} … {printed} {pt.snippet(q.start, q.end)}"),
                rule="breakdown",
                label=tail,
                unit_source="number",
                page=pt.page_number,
                bbox=pt.bbox(q.start, q.end),
                offset=q.start,
            )
    return None
