"""Breakdowns: a header such as 性别构成 and, below it, 女性 17.6% -> the ratio KPI, or 女性/1,627人
(a chart's legend) -> the count KPI.

Which KPI reads which breakdown is data: a catalog entry's ``breakdown`` names its header words and
the item label whose percent it takes.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..catalog import Kpi, load_catalog
from ..quantities import Quantity
from .base import PageText, Reading, convert, squash

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
                if kpi.unit != "ratio" and not _whole_staff(pt.text, m.start()):
                    continue  # 新员工性别构成: the new hires' women, not the staff's
                cand = _read_item(pt, kpi, m.end(), items, pt.snippet(m.start(), m.end()))
                if cand is None and kpi.unit == "ratio" and _whole_staff(pt.text, m.start()):
                    cand = _read_item_column(pt, kpi, m.start(), m.end(), items)
                if cand is not None:
                    out.append(cand)
    out.extend(_sex_columns(pt))
    return out


_MALE_HEADS = frozenset({"男", "男性", "男员工", "男性员工", "男职工"})


def _sex_columns(pt: PageText) -> list[Reading]:
    """A staff-count row under a header of sex columns (| 男 | 女 | 30岁以下 … over 员工人数 | 12,345 |
    3,456 | …): the women's column is the female staff (``staff_items`` of data/tables.yaml). The
    header must name both sexes, cell for cell above the row."""
    from ..catalog import load_catalog, load_table_words
    from .labels import match_whole_label

    items = load_table_words().staff_items
    out: list[Reading] = []
    text = pt.text
    lines = text.split("\n")
    offset = 0
    above: list[str] = []
    for line in lines:
        cells = line.split("\t")
        start = offset
        offset += len(line) + 1
        heads, above = above, cells
        if len(cells) < 3 or len(heads) != len(cells) or not any(squash(h) in _MALE_HEADS for h in heads):
            continue
        col = next((k for k, h in enumerate(heads) if k and squash(h) in items), None)
        label = cells[0].strip()
        found = match_whole_label(label) if label else None
        if col is None or found is None or found.kpi.id != "employees" or found.prefix:
            continue
        kpi = load_catalog().get(items[squash(heads[col])])
        cell_start = start + sum(len(c) + 1 for c in cells[:col])
        qs = pt.quantities_between(cell_start, cell_start + len(cells[col]))
        if len(qs) != 1 or qs[0].unit not in (None, "person") or qs[0].value != int(qs[0].value):
            continue
        q = qs[0]
        out.append(
            Reading(
                kpi=kpi,
                value=q.value,
                year=pt.report_year,
                qualifier=q.qualifier,
                raw=pt.snippet(q.start, q.end),
                evidence=squash(
                    f"{pt.snippet(start, start + len(line))} … {heads[col].strip()} {pt.snippet(q.start, q.end)}"
                ),
                rule="breakdown",
                label=heads[col].strip(),
                unit_source="kpi",
                page=pt.page_number,
                bbox=pt.bbox(q.start, q.end),
                offset=q.start,
            )
        )
    return out


_PERCENT_CELL = re.compile(r"[（(]?\s*[%％]\s*[)）]?")


def _read_item_column(pt: PageText, kpi: object, start: int, end: int, items: list[str]) -> Reading | None:
    """A table row led by the header, its values in columns named by the items on the line above
    (指标 | 单位 | 男性 | 女性 over 员工性别比例 | % | 41 | 59): the item's cell, a percent by the row's
    unit cell."""
    from ..catalog import Kpi

    assert isinstance(kpi, Kpi)
    text = pt.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    cells = text[line_start:line_end].split("\t")
    if len(cells) < 3 or end - line_start > len(cells[0]):
        return None  # the header is not the row's label
    if not any(_PERCENT_CELL.fullmatch(c.strip()) for c in cells[1:]) and not _PERCENT_CELL.search(cells[0]):
        return None  # a percent only by its unit: a count row is no share
    above_end = line_start - 1
    above_start = text.rfind("\n", 0, max(above_end, 0)) + 1
    heads = text[above_start:above_end].split("\t") if above_end > 0 else []
    if len(heads) != len(cells):
        return None
    col = next((k for k, h in enumerate(heads) if k and h.strip() in items), None)
    if col is None:
        return None
    cell_start = line_start + sum(len(c) + 1 for c in cells[:col])
    found = pt.quantities_between(cell_start, cell_start + len(cells[col]))
    if len(found) != 1:
        return None
    q = found[0]
    if q.unit == "ratio":
        value = q.value
    elif q.unit is None and 0 <= q.value <= 100:
        value = q.value / 100
    else:
        return None
    item = heads[col].strip()
    return _item_reading(pt, kpi, q, value, f"{pt.snippet(line_start, end)} … {item}", item, "header")


def _item_reading(pt: PageText, kpi: Kpi, q: Quantity, value: Decimal, lead: str, item: str, source: str) -> Reading:
    """The reading of one breakdown item's figure ``q``; ``lead``: the header and item words before it."""
    return Reading(
        kpi=kpi,
        value=value,
        year=pt.report_year,
        qualifier=q.qualifier,
        raw=pt.snippet(q.start, q.end),
        evidence=squash(f"{lead} {pt.snippet(q.start, q.end)}"),
        rule="breakdown",
        label=item,
        unit_source=source,
        page=pt.page_number,
        bbox=pt.bbox(q.start, q.end),
        offset=q.start,
    )


# Words a count breakdown's header may follow on its line and still be the whole staff's
# (员工性别构成, 2016年公司员工性别结构); any other word (新员工, 管理人员) names a group of them.
_WHOLE_STAFF_WORDS = re.compile(r"(?:员工|职工|公司|集团|全体|在职|在岗|本年|年度|年末|\d+|年|[^\w])")


def _whole_staff(text: str, header_start: int) -> bool:
    prefix = text[text.rfind("\n", 0, header_start) + 1 : header_start]
    return not _WHOLE_STAFF_WORDS.sub("", prefix)


def _read_item(pt: PageText, kpi: object, start: int, items: list[str], header: str) -> Reading | None:
    """The item's percent after the header at ``start``; ``header`` is as printed (traditional
    characters stay), like the item label in the evidence."""
    from ..catalog import Kpi

    assert isinstance(kpi, Kpi)
    end = min(len(pt.text), start + WINDOW)
    for q in pt.quantities_between(start, end):
        if kpi.unit == "ratio" and (q.kind != "percent" or q.unit != "ratio"):
            continue
        if kpi.unit != "ratio" and (q.unit != kpi.unit or convert(q, kpi) is None):
            continue  # a count item only with its own unit printed (女性/1,627人)
        before = pt.text[max(start, q.start - _BEFORE_ITEM) : q.start]
        line_before = re.split(r"[\n\t，,；;、]", before.rstrip(" \t"))
        tail = line_before[-1].strip() or (line_before[-2].strip() if len(line_before) > 1 else "")
        tail = tail.rstrip("：: /／").lstrip("■□•●○◆◇▪·*-— ")
        if tail in items:
            at = pt.text.rfind(tail, max(start, q.start - _BEFORE_ITEM), q.start)
            printed = pt.snippet(at, at + len(tail)) if at >= 0 else tail
            return _item_reading(pt, kpi, q, q.value, f"{header} … {printed}", tail, "number")
    return None
