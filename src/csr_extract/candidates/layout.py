"""Values printed apart from their labels: infographics and text dumps of designed pages.

A page's short lines are read as items — a label line (资产总额, 员工总数（人）), a number line
(2,257 亿元, 56,458), a unit line (万吨标准煤) that completes the number above it, a run of year
lines (2016 年 / 2020 年) — and paired within a block of such lines:
1. after a run of N year lines, a label followed by exactly N numbers gets one value per year;
2. a label directly followed by a number line gets that number (or directly preceded by one, where
   the block prints its numbers above their labels);
3. what is left, runs of labels and runs of numbers of equal length, is paired in order with a
   lower confidence (减排氮氧化物 减排二氧化碳 … printed apart from 28.19 吨 -15.84 吨 …).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..quantities import Quantity, parse_quantity
from .base import (
    PageText,
    Reading,
    convert,
    current_currency,
    foreign_code,
    foreign_money,
    is_value,
    label_flags,
    parse_unit,
    squash,
    unit_of_annotation,
)
from .context import YEAR_PHRASE
from .labels import WholeLabel, match_whole_label

_ANNOT_LINE = re.compile(r"^[（(][^（()）]{1,12}[)）]$")
_YEAR_LINE = re.compile(r"^(?:(?:19|20)\d{2}\s*年?度?\s*){1,8}$")
_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}")
_SEPARATORS = re.compile(r"^[\s/|｜、,，;；]*$")
_MAX_BLOCK_OTHER = 18  # a longer line of other text is prose and ends a block
_MAX_EVIDENCE = 240


@dataclass(slots=True)
class Item:
    kind: str  # label, qty, unit, years, annot, other
    start: int
    end: int
    label: WholeLabel | None = None
    annotation: tuple[Decimal, str] | None = None
    qs: list[Quantity] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    used: bool = False


def find_layout(pt: PageText, skip_lines: set[int]) -> tuple[list[Reading], set[int]]:
    """Readings from label/number layouts, and the starts of the label lines read here."""
    out: list[Reading] = []
    label_lines: set[int] = set()
    for block in _blocks(_items(pt, skip_lines)):
        out.extend(_pair_block(pt, block))
        label_lines.update(it.start for it in block if it.kind in ("label", "pair"))
    return out, label_lines


def _items(pt: PageText, skip_lines: set[int]) -> list[Item]:
    items: list[Item] = []
    pos = 0
    for line in pt.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if start in skip_lines:
            items.append(Item("other", start, end))
            continue
        body = line.strip()
        if not body:
            continue
        items.append(_classify(pt, body, start + line.index(body), end))
    return _merge_units(pt, _attach_annotations(items))


def _classify(pt: PageText, body: str, start: int, end: int) -> Item:
    if _YEAR_LINE.match(body):
        return Item("years", start, end, years=[int(y) for y in _YEAR_TOKEN.findall(body)])
    if _ANNOT_LINE.match(body):
        return Item("annot", start, end, annotation=unit_of_annotation(body))
    qs = [q for q in pt.quantities_between(start, end) if is_value(q)]
    if qs and _only_quantities(pt.text[start:end], qs, start):
        return Item("qty", start, end, qs=qs)
    if len(qs) == 1 and qs[0].start == start:  # "7968人 公司在职员工总数": an infographic caption
        label = match_whole_label(pt.text[qs[0].end : end])
        if label is not None:
            return Item("pair", start, end, label=label, qs=qs)
    if not any(ch.isdigit() for ch in body):
        label = match_whole_label(body)
        if label is not None:
            return Item("label", start, end, label=label, annotation=unit_of_annotation(body))
        if parse_unit(body) is not None:
            return Item("unit", start, end)
    return Item("other", start, end) if len(body) <= _MAX_BLOCK_OTHER else Item("prose", start, end)


def _only_quantities(line: str, qs: list[Quantity], offset: int) -> bool:
    rest, last = [], 0
    for q in qs:
        rest.append(line[last : q.start - offset])
        last = q.end - offset
    rest.append(line[last:])
    return bool(_SEPARATORS.match("".join(rest)))


def _attach_annotations(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for it in items:
        if it.kind == "annot" and out and out[-1].kind == "label":
            out[-1].end = it.end
            if it.annotation and not out[-1].annotation:
                out[-1].annotation = it.annotation
            continue
        out.append(it)
    return out


def _merge_units(pt: PageText, items: list[Item]) -> list[Item]:
    """A unit on the line below a bare number completes it (18.0548 / 万吨标准煤)."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if it.kind == "unit" and prev is not None and prev.kind == "qty" and prev.qs[-1].unit is None:
            q = prev.qs[-1]
            joined = squash(pt.text[q.start : it.end])
            try:
                parsed = parse_quantity(joined, default_currency=current_currency())
            except ValueError:
                out.append(it)
                continue
            prev.qs[-1] = dataclasses.replace(
                q, value=parsed.value, unit=parsed.unit, raw=pt.text[q.start : it.end], end=it.end,
                qualifier=parsed.qualifier or q.qualifier, currency=parsed.currency,
                currency_explicit=parsed.currency_explicit,
            )
            prev.end = it.end
            continue
        out.append(it)
    return out


def _blocks(items: list[Item]) -> list[list[Item]]:
    blocks: list[list[Item]] = [[]]
    for it in items:
        if it.kind == "prose":
            blocks.append([])
        else:
            blocks[-1].append(it)
    return [b for b in blocks if any(it.kind in ("label", "pair") for it in b)]


def _pair_block(pt: PageText, block: list[Item]) -> list[Reading]:
    out = [c for it in block if it.kind == "pair" and (c := _candidate(pt, it, it.qs[0], "layout.caption"))]
    out += _pair_year_runs(pt, block)
    out += _pair_adjacent(pt, block)
    out += _pair_runs(pt, block)
    return out


def _pair_year_runs(pt: PageText, block: list[Item]) -> list[Reading]:
    out: list[Reading] = []
    years: list[int] = []
    for i, it in enumerate(block):
        if it.kind == "years":
            prev = block[i - 1] if i else None
            years = (years if prev is not None and prev.kind == "years" else []) + it.years
            continue
        if it.kind != "label" or len(years) < 2:
            continue
        qs = _following_quantities(block, i + 1, len(years))
        if len(qs) != len(years):
            continue
        for year, (q, q_item) in zip(years, qs, strict=True):
            cand = _candidate(pt, it, q, "layout.years", year=year)
            if cand:
                out.append(cand)
            q_item.used = True
        it.used = True
    return out


def _following_quantities(block: list[Item], i: int, limit: int) -> list[tuple[Quantity, Item]]:
    found: list[tuple[Quantity, Item]] = []
    while i < len(block) and block[i].kind == "qty" and len(found) <= limit:
        found.extend((q, block[i]) for q in block[i].qs)
        i += 1
    return found


def _pair_adjacent(pt: PageText, block: list[Item]) -> list[Reading]:
    """A label and the number line beside it: the one after it, or the one before it where the block
    prints its numbers above their labels (1.7亿元 / 员工培训总投入 / 98505 人 / 员工总数)."""
    step = -1 if _numbers_lead(block) else 1
    out: list[Reading] = []
    for i, it in enumerate(block):
        if it.kind != "label" or it.used or not 0 <= i + step < len(block):
            continue
        if 0 <= i - step < len(block) and block[i - step].kind == "label" and not block[i - step].used:
            continue  # part of a run of labels: paired in order below
        nxt = block[i + step]
        if nxt.kind != "qty" or nxt.used or len(nxt.qs) != 1:
            continue
        cand = _candidate(pt, it, nxt.qs[0], "layout.adjacent")
        if cand:
            out.append(cand)
        it.used = nxt.used = True
    return out


def _numbers_lead(block: list[Item]) -> bool:
    """More labels of the block (two at least) have a number line right above them than right
    below: its numbers are printed above their labels."""
    above = below = 0
    for prev, nxt in itertools.pairwise(block):
        if prev.kind == "qty" and nxt.kind == "label":
            above += 1
        elif prev.kind == "label" and nxt.kind == "qty":
            below += 1
    return above >= 2 and above > below


def _pair_runs(pt: PageText, block: list[Item]) -> list[Reading]:
    labels = [it for it in block if it.kind == "label" and not it.used]
    qs = [(q, it) for it in block if it.kind == "qty" and not it.used for q in it.qs]
    if len(labels) < 2 or len(labels) != len(qs):
        return []
    out: list[Reading] = []
    for label, (q, _) in zip(labels, qs, strict=True):
        cand = _candidate(pt, label, q, "layout.run")
        if cand:
            out.append(cand)
    return out


def _candidate(pt: PageText, label: Item, q: Quantity, rule: str, year: int | None = None) -> Reading | None:
    assert label.label is not None
    kpi = label.label.kpi
    scale, unit = label.annotation if label.annotation else (None, None)
    value = convert(q, kpi, scale, unit, label.label.units)
    flags = label_flags(label.label.prefix, kpi)
    if value is None:
        value = foreign_money(q, kpi, scale, unit)
        if value is None:
            return None
        flags |= {"foreign_currency"}
    lo, hi = min(label.start, q.start), max(label.end, q.end)
    if hi - lo <= _MAX_EVIDENCE:
        evidence = pt.snippet(lo, hi)
    else:
        evidence = pt.snippet(label.start, label.end) + " … " + pt.snippet(q.start, q.end)
    return Reading(
        kpi=kpi,
        value=value,
        year=year if year is not None else _block_year(pt, label.start),
        qualifier=q.qualifier,
        raw=pt.snippet(q.start, q.end),
        evidence=evidence,
        rule=rule,
        flags=flags,
        label=pt.snippet(label.start, label.end),
        unit_source="number" if q.unit is not None else "label",
        currency=foreign_code(q, unit) if "foreign_currency" in flags else None,
        page=pt.page_number,
        bbox=pt.bbox(q.start, q.end),
        offset=q.start,
    )


def _block_year(pt: PageText, pos: int) -> int:
    """A year named in the few lines above a layout label (a panel title like 2020年节能减排绩效)."""
    window = pt.text[max(0, pos - 80) : pos]
    years = {int(m.group(1)) for m in YEAR_PHRASE.finditer(window) if not m.group(2)}
    years |= {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*\n\s*年", window)}
    # a panel title names the report's year or a neighbour; an older year there is other text
    if len(years) == 1 and abs(next(iter(years)) - pt.report_year) <= 1:
        return years.pop()
    return pt.report_year
