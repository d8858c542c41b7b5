"""Values printed apart from their labels: infographics and text dumps of designed pages.

A page's short lines are read as items — a label line (资产总额, 员工总数（人）), a number line
(2,257 亿元, 56,458), a unit line (万吨标准煤) that completes the number above it, a run of year
lines (2016 年 / 2020 年) — and paired within a block of such lines:
1. after a run of N year lines, a label followed by exactly N numbers gets one value per year;
2. a label directly followed by a number line gets that number (or directly preceded by one, where
   the block prints its numbers above their labels);
3. a chart: a run of numbers next to its axis of years and its legend gets one value per year
   and series;
4. what is left, runs of labels and runs of numbers of equal length, is paired in order with a
   lower confidence (减排氮氧化物 减排二氧化碳 … printed apart from 28.19 吨 -15.84 吨 …).

Panels side by side print a row of labels over (or under) a row of their values: a label line of N
words next to a line of exactly N numbers is read cell by cell, in order (``layout.row``, see
``_pair_rows``), before the rules above; a row that could be a table's header, or whose values
could be a table's body, is left alone.

A chart's value axis (three or more number lines stepping evenly: 100 / 80 / 60 / 40) is never a
value; the KPI whose title or legend stands beside it is left to the chart reader (3).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..quantities import Quantity, parse_quantity
from .base import (
    LIST_ITEM,
    PageText,
    Reading,
    convert,
    cues,
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
_YEAR_LINE = re.compile(r"^(?:[■□◆◇▲●▪]?\s*(?:19|20)\d{2}\s*年?度?\s*){1,8}$")  # ■ 2016 ■ 2015: a legend's swatches
_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}")
_SEPARATORS = re.compile(r"^[\s/|｜、,，;；]*$")
_MAX_BLOCK_OTHER = 18  # a longer line of other text is prose and ends a block
_MAX_EVIDENCE = 240


@dataclass(slots=True)
class Item:
    kind: str  # label, qty, unit, years, annot, axis, other
    start: int
    end: int
    label: WholeLabel | None = None
    annotation: tuple[Decimal, str] | None = None
    qs: list[Quantity] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    used: bool = False


def find_layout(pt: PageText, skip_lines: set[int]) -> tuple[list[Reading], set[int]]:
    """Readings from label/number layouts, and the starts of the label lines read here."""
    items = _items(pt, skip_lines)
    out, label_lines = _pair_rows(pt, items)
    for block in _blocks(items):
        out.extend(_pair_block(pt, block))
        label_lines.update(it.start for it in block if it.kind in ("label", "pair"))
    return out, label_lines


def _items(pt: PageText, skip_lines: set[int]) -> list[Item]:
    items: list[Item] = []
    pos = 0
    for line in pt.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        body = line.strip()
        if start in skip_lines and not _YEAR_LINE.match(body):  # a lone year header is a chart's axis too
            items.append(Item("other", start, end))
            continue
        if not body:
            continue
        items.append(_classify(pt, body, start + line.index(body), end))
    return _drop_axes(_merge_units(pt, _attach_annotations(items)))


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
    numbering = LIST_ITEM.match(body)  # 5.年度环保支出（万元）: a numbered chart title
    if not any(ch.isdigit() for ch in body[numbering.end() if numbering else 0 :]):
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


def _drop_axes(items: list[Item]) -> list[Item]:
    """A chart's value axis printed as text is no value: a run of at least three number lines in a
    row whose first numbers step evenly, each a multiple of the step (100 / 80 / 60 / 40 / 20,
    0 / 5,000 / 10,000, 100% / 80% / 60%).  A line holding only a tick becomes an ``axis`` item,
    which no rule pairs and which separates what is around it; a tick sharing its line with a bar's
    value (``60  53.62``) leaves the line with the value only."""
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and items[j].kind == "qty":
            j += 1
        k = i
        while k < j:
            end = _even_run(items, k, j)
            if end - k < _MIN_AXIS_TICKS:
                k += 1
                continue
            for it in items[k:end]:
                it.qs = it.qs[1:]
                if not it.qs:
                    it.kind = "axis"
            k = end
        i = max(j, i + 1)
    return items


_MIN_AXIS_TICKS = 3


def _even_run(items: list[Item], k: int, j: int) -> int:
    """The end of the evenly stepped run of first numbers starting at ``items[k]`` (before ``j``)."""
    ticks = [items[m].qs[0] for m in range(k, j)]
    if len(ticks) < 2 or not all(_is_tick(q, ticks[0]) for q in ticks[:2]):
        return k + 1
    step = ticks[1].value - ticks[0].value
    if step == 0 or ticks[0].value % step or ticks[1].value % step:
        return k + 1
    end = 2
    while end < len(ticks) and _is_tick(ticks[end], ticks[0]) and ticks[end].value - ticks[end - 1].value == step:
        end += 1
    return k + end


def _is_tick(q: Quantity, first: Quantity) -> bool:
    return q.kind in ("quantity", "percent") and q.unit == first.unit and q.high is None and q.qualifier is None


_CELL = re.compile(r"[^\s|｜]+")
_CLAUSE_MARK = re.compile(r"[。！？；;，,：:]")
_ANNOT_PARENS = re.compile(r"[（(][^（()）]*[)）]")
_ROW_KINDS = ("row", "row_values")  # a panel's row read by _pair_rows, and its values: like prose, they end a block


def _pair_rows(pt: PageText, items: list[Item]) -> tuple[list[Reading], set[int]]:
    """Panels side by side: a line of N labels next to a line of exactly N numbers, each label the
    number in its place (培训投入 培训人次 人均受训时间 / 2,350万元 5.16万人次 72小时). The number
    line is the one under the labels, or the one above them when only that one holds N numbers;
    where both do, the side whose numbers more of the labels' KPIs take (a tie: no reading). Every
    KPI of the row must take the unit of its number, else the row is misaligned and left alone.

    Left alone too, as a table's or another panel's: a row with a word that heads a table's label
    column (项目, 年份: ``table_label_headers``), that names one KPI twice (三个厂区的 有害废弃物总量),
    or that stands next to a line of as many words (a header printed on two lines) or a chart's axis
    of years; a number line holding a bare year (2016 21,480) or next to a further line of as many
    numbers (a table's body) or a chart's axis.
    Returns the readings and the starts of the label lines read."""
    out: list[Reading] = []
    read: set[int] = set()
    for i, it in enumerate(items):
        cells = _row_cells(pt, it)
        if cells is None:
            continue
        sides = [k for k in (i + 1, i - 1) if _row_values(items, k, len(cells), k - i)]
        if len(sides) == 2:
            fits = [_row_fits(pt, cells, items[k]) for k in sides]
            sides = [] if fits[0] == fits[1] else [sides[0] if fits[0] > fits[1] else sides[1]]
        if not sides or _header_beside(pt, items, i - (sides[0] - i), len(cells)):
            continue
        if any(_charted(items, k) for k in (i - 1, i + 1, 2 * sides[0] - i)):
            continue  # a chart's legend and one year's bars: whose year is unknown
        values = items[sides[0]]
        span = (min(it.start, values.start), max(it.end, values.end))
        found: list[Reading] = []
        for cell, q in zip(cells, values.qs, strict=True):
            if cell.label is None:
                continue
            cand = _candidate(pt, cell, q, "layout.row", lines=span)
            if cand is None:
                found = []
                break
            found.append(cand)
        if found:
            out.extend(found)
            read.add(it.start)
            it.kind, values.kind, values.used = "row", "row_values", True
    return out, read


def _row_cells(pt: PageText, it: Item) -> list[Item] | None:
    """The cells of a line of labels side by side (a label item for each; ``label`` None where a
    cell names no KPI), or None when the line is no such row."""
    if it.kind not in ("label", "other", "prose"):
        return None
    body = pt.text[it.start : it.end]
    if any(is_value(q) for q in pt.quantities_between(it.start, it.end)) or _CLAUSE_MARK.search(body):
        return None
    words: list[tuple[int, int]] = []
    for m in _CELL.finditer(body):
        if words and _ANNOT_LINE.match(m.group(0)):  # 营业收入 （亿元）: the unit of the cell before
            words[-1] = (words[-1][0], m.end())
        else:
            words.append((m.start(), m.end()))
    if len(words) < 2:
        return None
    headers = {*cues().table_label_headers, *cues().table_year_headers}
    cells: list[Item] = []
    for a, b in words:
        text = body[a:b]
        if squash(_ANNOT_PARENS.sub("", text)) in headers:
            return None
        label, annotation = match_whole_label(text), unit_of_annotation(text)
        cells.append(Item("label", it.start + a, it.start + b, label=label, annotation=annotation))
    kpis = [c.label.kpi.id for c in cells if c.label is not None]
    if not kpis or len(set(kpis)) != len(kpis):
        return None
    return cells


def _row_values(items: list[Item], k: int, n: int, away: int) -> bool:
    """``items[k]`` is a line of exactly ``n`` numbers, no bare year among them, and the line beyond
    it (``away`` from the labels) holds no further row of ``n`` numbers."""
    if not 0 <= k < len(items):
        return False
    it = items[k]
    if it.kind != "qty" or it.used or len(it.qs) != n or any(_is_year(q) for q in it.qs):
        return False
    beyond = items[k + away] if 0 <= k + away < len(items) else None
    return not (beyond is not None and beyond.kind == "qty" and len(beyond.qs) == n)


def _charted(items: list[Item], k: int) -> bool:
    return 0 <= k < len(items) and items[k].kind in ("years", "axis")


def _is_year(q: Quantity) -> bool:
    return q.unit is None and _YEAR_TOKEN.fullmatch(q.number_raw.strip()) is not None


def _header_beside(pt: PageText, items: list[Item], k: int, n: int) -> bool:
    """``items[k]``, on the labels' other side, is a line of ``n`` Chinese words: the row is the
    second line of a header printed on two (吨水泥综合 / 能耗 …) or one of several rows of labels
    above their values, whichever are whose."""
    if not 0 <= k < len(items) or items[k].kind in ("qty", "years", "axis"):
        return False
    line = pt.text[items[k].start : items[k].end]
    words = _CELL.findall(line)
    if _CLAUSE_MARK.search(line) or len(words) != n:
        return False  # (a sentence above the row is no header)
    return all(re.search(r"[\u4e00-\u9fff]", w) and len(w) <= _MAX_BLOCK_OTHER for w in words)


def _row_fits(pt: PageText, cells: list[Item], values: Item) -> int:
    """How many of the row's KPIs take the unit of the number in their place."""
    return sum(
        1
        for cell, q in zip(cells, values.qs, strict=True)
        if cell.label is not None and _candidate(pt, cell, q, "layout.row") is not None
    )


def _blocks(items: list[Item]) -> list[list[Item]]:
    blocks: list[list[Item]] = [[]]
    for it in items:
        if it.kind == "prose" or it.kind in _ROW_KINDS:
            blocks.append([])
        else:
            blocks[-1].append(it)
    return [b for b in blocks if any(it.kind in ("label", "pair") for it in b)]


def _pair_block(pt: PageText, block: list[Item]) -> list[Reading]:
    out = [c for it in block if it.kind == "pair" and (c := _candidate(pt, it, it.qs[0], "layout.caption"))]
    out += _pair_year_runs(pt, block)
    out += _pair_charts(pt, block)
    charted = _charted_kpis(block)
    out += _pair_adjacent(pt, block, charted)
    out += _pair_runs(pt, block, charted)
    return out


def _charted_kpis(block: list[Item]) -> set[str]:
    """KPIs the block draws as a chart: a label right beside a value axis is the chart's title
    (营业收入（亿元） / 100 / 80 / 60 …).  Their labels are left to the chart reader: the title and
    the legend that repeats it (■营业收入（亿元）) stand next to ticks, bars of unknown years and
    page numbers, not next to their value."""
    kpis: set[str] = set()
    for i, it in enumerate(block):
        if it.kind != "axis":
            continue
        for k in (i - 1, i + 1):
            near = block[k] if 0 <= k < len(block) else None
            if near is not None and near.kind == "label" and near.label is not None:
                kpis.add(near.label.kpi.id)
    return kpis


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
        years = _one_header(years)
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


def _one_header(years: list[int]) -> list[int]:
    """A run of years that repeats one sequence (2014 2015 2016 2014 2015 2016: the header of each of
    side-by-side panels, printed one after the other) is that sequence once.

    >>> _one_header([2014, 2015, 2016, 2014, 2015, 2016])
    [2014, 2015, 2016]
    >>> _one_header([2014, 2015, 2016, 2017])
    [2014, 2015, 2016, 2017]
    """
    n = len(years)
    for period in range(2, n // 2 + 1):
        if n % period == 0 and len(set(years[:period])) == period and years == years[:period] * (n // period):
            return years[:period]
    return years


def _pair_charts(pt: PageText, block: list[Item]) -> list[Reading]:
    """A chart's text: a run of numbers with its axis of N years next to it (after the numbers, or
    before them) and its legend — one label, or K series names on one line — beside them
    (27.20% / 27.42% / 28.26% / 女性员工比例 / 2019 2020 2021). K·N numbers give each series one value
    per year; a chart printing its bars year by year or series by series is told apart by which
    order makes each series the smoother."""
    out: list[Reading] = []
    i = 0
    while i < len(block):
        j = i
        while j < len(block) and block[j].kind == "qty" and not block[j].used:
            j += 1
        if j - i >= 1 and (found := _read_chart(pt, block, i, j)):
            out.extend(found)
        i = max(j, i + 1)
    return out


def _read_chart(pt: PageText, block: list[Item], i: int, j: int) -> list[Reading]:
    """The chart whose numbers are ``block[i:j]``, or nothing."""
    qs = [(q, it) for it in block[i:j] for q in it.qs]
    def at(k: int) -> Item | None:
        return block[k] if 0 <= k < len(block) else None

    if j - i > 1 and any(near is not None and near.kind == "axis" for near in (at(i - 1), at(j))):
        return []  # bar values on lines of their own beside a value axis come in order of height, not year

    layouts = [  # (years, legend): values then years; values, legend, years; years then values; legend,
        # years, values (年度环保支出（万元） / 2016 2015 / 8,984 / 7,866: a chart's title over its axis)
        (at(j), at(i - 1)), (at(j), at(j + 1)), (at(j + 1), at(j)), (at(i - 1), at(j)), (at(i - 1), at(i - 2)),
    ]
    for axis, legend in layouts:
        if axis is None or axis.kind != "years" or legend is None or legend.used or len(axis.years) < 2:
            continue
        if len(qs) % len(axis.years):
            continue
        series = _legend_series(pt, legend, len(qs) // len(axis.years))
        if not series or all(s.label is None for s in series):
            continue
        values = _chart_order([q for q, _ in qs], len(series), len(axis.years))
        out = [
            c
            for s, row in zip(series, values, strict=True)
            if s.label is not None
            for year, q in zip(axis.years, row, strict=True)
            if (c := _candidate(pt, s, q, "layout.years", year=year))
        ]
        for it in (axis, legend, *block[i:j]):
            it.used = True
        return out
    return []


def _legend_series(pt: PageText, legend: Item, k: int) -> list[Item]:
    """The legend's k series, each as a label item (``label`` None for a series naming no KPI)."""
    if k == 1:
        return [legend] if legend.kind == "label" else []
    if legend.kind not in ("label", "other"):
        return []
    words = list(re.finditer(r"\S+", pt.text[legend.start : legend.end]))
    if len(words) != k:
        return []
    return [
        Item(
            "label", legend.start + m.start(), legend.start + m.end(),
            label=match_whole_label(m.group(0)), annotation=unit_of_annotation(m.group(0)),
        )
        for m in words
    ]


def _chart_order(qs: list[Quantity], k: int, n: int) -> list[list[Quantity]]:
    """The numbers as k series of n values: printed series by series or year by year, whichever
    gives the smoother series."""
    by_series = [qs[s * n : (s + 1) * n] for s in range(k)]
    if k == 1:
        return by_series
    by_year = [qs[s::k] for s in range(k)]
    return min((by_series, by_year), key=_roughness)


def _roughness(series: list[list[Quantity]]) -> float:
    total = 0.0
    for row in series:
        for a, b in itertools.pairwise(row):
            low, high = sorted((abs(float(a.value)), abs(float(b.value))))
            total += (high - low) / high if high else 0.0
    return total


def _following_quantities(block: list[Item], i: int, limit: int) -> list[tuple[Quantity, Item]]:
    found: list[tuple[Quantity, Item]] = []
    while i < len(block) and block[i].kind == "qty" and len(found) <= limit:
        found.extend((q, block[i]) for q in block[i].qs)
        i += 1
    return found


def _pair_adjacent(pt: PageText, block: list[Item], charted: set[str]) -> list[Reading]:
    """A label and the number line beside it: the one after it, or the one before it where the block
    prints its numbers above their labels (1.7亿元 / 员工培训总投入 / 98505 人 / 员工总数)."""
    step = -1 if _numbers_lead(pt, block) else 1
    out: list[Reading] = []
    for i, it in enumerate(block):
        if it.kind != "label" or it.used or not 0 <= i + step < len(block):
            continue
        if it.label is not None and it.label.kpi.id in charted:
            continue
        before = block[i - step] if 0 <= i - step < len(block) else None
        if before is not None and before.kind == "label" and not before.used and not _titles(before, it):
            continue  # part of a run of labels: paired in order below
        nxt: Item | None = block[i + step]
        if nxt is None or nxt.kind != "qty" or nxt.used or len(nxt.qs) != 1:
            nxt = _lone_other_side(pt, block, i, step)
            if nxt is None:
                continue
        elif _stacked(block, i + step, step):
            continue  # a table's column printed one cell a line: which number is which year is unknown
        cand = _candidate(pt, it, nxt.qs[0], "layout.adjacent")
        if cand:
            out.append(cand)
        it.used = nxt.used = True
    return out


def _stacked(block: list[Item], k: int, step: int) -> bool:
    """The number line at ``k`` is followed (in the reading direction ``step``) by another lone number
    of the same unit: a table row dumped one cell a line (二氧化硫排放（吨） / 1,200 / 1,350 / 1,100,
    its year header printed elsewhere), not a panel's one value. A change after it (同比增长12%) is
    no such number."""
    j = k + step
    if not 0 <= j < len(block):
        return False
    first, then = block[k].qs[0], block[j]
    return then.kind == "qty" and len(then.qs) == 1 and (then.qs[0].unit, then.qs[0].kind) == (first.unit, first.kind)


def _lone_other_side(pt: PageText, block: list[Item], i: int, step: int) -> Item | None:
    """The number line on the other side of the label ``block[i]`` when the block's side has none (a
    line of other text, or the block's end), where the box before shows that order: a number, its
    label naming no KPI, then this label's number (512.6 / 亿千瓦时 / 年发电量 / 180.45 / 亿元 /
    年营业收入 / …: one pair of KPI words wins no vote, but the boxes around it print numbers over
    labels). Only an unused line of one number printed with its own unit, of a unit the label's KPI
    takes: a bare 100 between 工会入会率(%) and 员工流失率(%) may be either's. A lone box (1,600万元 /
    投入扶贫资金) or a run of numbers (128.3亿元 / 1,406.2亿元 / 净利润) says nothing of the order;
    with a number line on its own side (even a misfit one) the label is left alone."""
    def at(k: int) -> Item | None:
        return block[k] if 0 <= k < len(block) else None

    own, other, title, first = (at(i + step), at(i - step), at(i - 2 * step), at(i - 3 * step))
    if own is not None and own.kind == "qty":
        return None
    if other is None or other.kind != "qty" or other.used or len(other.qs) != 1 or other.qs[0].unit is None:
        return None
    if title is None or title.kind not in ("other", "label") or (title.label is not None and not title.used):
        return None
    if first is None or first.kind != "qty":
        return None
    return other if _fits(pt, block[i], other) else None


def _titles(title: Item, label: Item) -> bool:
    """``title`` names the same KPI as the ``label`` beside it: the panel's title (能源消耗情况 /
    总能耗 / 98155 / 吨标准煤), not the first of a run of labels printed apart from their numbers
    (减排氮氧化物 / 减排二氧化碳 / 28.19吨 / 15.84吨)."""
    return title.label is not None and label.label is not None and title.label.kpi.id == label.label.kpi.id


def _numbers_lead(pt: PageText, block: list[Item]) -> bool:
    """The block prints its numbers above their labels. Where at least two labels get a number of
    a unit their KPI takes from one side, and more than from the other, that side is the block's
    (2.3亿元 / 员工培训总投入 / 1500万元 / 员工培训总人次 / 98万人次: the amount above the
    investment, the person-times above the trainees). Otherwise: more labels (two at least) have a
    number line right above them than right below."""
    above = below = fits_above = fits_below = 0
    for prev, nxt in itertools.pairwise(block):
        if prev.kind == "qty" and nxt.kind == "label":
            above += 1
            fits_above += _fits(pt, nxt, prev)
        elif prev.kind == "label" and nxt.kind == "qty":
            below += 1
            fits_below += _fits(pt, prev, nxt)
    if max(fits_above, fits_below) >= 2 and fits_above != fits_below:
        return fits_above > fits_below
    return above >= 2 and above > below


def _fits(pt: PageText, label: Item, numbers: Item) -> bool:
    """The one number of a number line has a unit the label's KPI takes."""
    if len(numbers.qs) != 1 or label.label is None:
        return False
    return _candidate(pt, label, numbers.qs[0], "layout.adjacent") is not None


def _pair_runs(pt: PageText, block: list[Item], charted: set[str]) -> list[Reading]:
    labels = [it for it in block if it.kind == "label" and not it.used]
    if any(it.label is not None and it.label.kpi.id in charted for it in labels):
        return []  # a chart's title or legend among them: the counts pair ticks and bars, not values
    qs = [(q, it) for it in block if it.kind == "qty" and not it.used for q in it.qs]
    if len(labels) < 2 or len(labels) != len(qs):
        return []
    out: list[Reading] = []
    for label, (q, _) in zip(labels, qs, strict=True):
        cand = _candidate(pt, label, q, "layout.run")
        if cand:
            out.append(cand)
    return out


def _candidate(
    pt: PageText, label: Item, q: Quantity, rule: str, year: int | None = None, lines: tuple[int, int] | None = None
) -> Reading | None:
    """``label``'s KPI read from ``q``; the evidence runs from the label to the number, or over
    ``lines`` (start, end) when given (a row of labels and its row of values, whole)."""
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
    lo, hi = lines if lines is not None else (min(label.start, q.start), max(label.end, q.end))
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
