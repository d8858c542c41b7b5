"""Values in tables: one reader for every grid (``grid.py``), whatever strategy made it.

``read_grid`` walks a grid's rows once. A **header** row names the columns' years — ``2016年``,
``2016 年 (人）``, ``本期`` / ``上年同期``, OCR-damaged years (``20U``, ``E014``) completed from their
neighbours — and may hold a unit column (``单位``) and change columns (``增减(%)``, ``同比``), which
are skipped. Under it, each **data** row's label (the text cell before its values; a category or
code column before it is passed over; ``女性`` under a group label ``员工人数`` is read as
``女性员工人数``) names a KPI, and its values are matched to the header's columns by position: by
the boxes' centres in a PDF, else one to one after empty cells are dropped. The unit of a value is
its own, else its label's (``营业收入（亿元）``), its row's unit column, its column header's, or the
table's (``单位：万元`` above it). A grid whose years cannot be read gives no year-column values.

Without a header: a **transposed** table (KPIs as column headers, one row per year), a **row of
labels over a row of values** (the report year's), and **single-value rows** (``电（万千瓦时）
41502.56``: the report year's).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, lru_cache

from ..catalog import Kpi, load_catalog, load_table_words
from ..normalize import fold_chinese
from ..quantities import Quantity, find_quantities, unit_dimension
from .base import (
    PageText,
    Reading,
    convert,
    cues,
    current_currency,
    foreign_code,
    foreign_money,
    is_value,
    label_flags,
    looks_like_unit,
    names_a_part,
    parse_unit,
    printed_unit,
    squash,
    unit_of_annotation,
)
from .context import names_another_company
from .grid import Grid, GridCell, GridRow, reader_grid, split_side_by_side, text_grid
from .labels import WholeLabel, match_whole_label, without_gloss

Unit = tuple[Decimal, str]
_VALUE_COLUMNS = ("year", "change", "unit", "part")  # kinds of header column a row's values sit under
_UNREADABLE: Unit = (Decimal(0), "unreadable")  # a unit column whose unit the unit table cannot read

# 2016财年 / 2016财政年度: a financial year, named by the year it ends in
_YEAR_CELL = re.compile(
    r"^\s*((?:19|20)\d{2})\s*(?:财政年度|财年|年|年度|年末|年底|年报|A|E)?\s*(?:[(（][^()（）]{0,8}[)）])?"
    r"(?:(?<=[年度末底报])\s*[1-9*＊¹²³])?\s*$"  # 2016 年 1: a footnote mark after the year word
)
# 2019/20, 2019/2020财政年度, FY2019/20: a financial year over two calendar years (Hong Kong reports
# ending in March), named like the others by the year it ends in; the second year must follow the first
_FY_SPAN = re.compile(
    r"^\s*(?:FY)?\s*((?:19|20)\d{2})\s*[/／]\s*((?:19|20)?\d{2})\s*(?:财政年度|财年|年度|年)?\s*"
    r"(?:[(（][^()（）]{0,8}[)）])?\s*$"
)
_YEARS_IN_CELL = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*(?:财政年度|财年|年度?|年末|年底)?(?![\d.])")
# a header cell naming a year and a measure (2016年度人数（人）, 2016年流失率): see data/tables.yaml
_YEAR_MEASURE = re.compile(
    r"^\s*((?:19|20)\d{2})\s*(?:财政年度|财年|年度|年)\s*([\u4e00-\u9fff]{1,6})\s*(?:[(（][^()（）]{0,8}[)）])?\s*$"
)
# a count with its share of the whole in brackets, in one cell: 1,407 (26.5%) (a footnote mark after it)
_COUNT_SHARE = re.compile(
    r"^\s*(?P<count>[^()（）%％]*?\d)\s*[(（]\s*(?P<share>\d{1,3}(?:[.．]\d+)?\s*[%％])\s*[)）]\s*[\d*＊]?\s*$"
)
_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_YEAR_WORD = re.compile(r"^(?:年|年度)$")
_YEAR_WORD_TAIL = re.compile(r"^(年度?)(?:\s+(.*))?$")  # 年 | 年 2015年: the 年 of the year before
_SHORT_YEAR = re.compile(r"^\s*(\d{2})\s*(?:年|年度)\s*$")
_SHORT_YEAR_REACH = 3  # the last two-digit year of a header is at most this many years before the report's
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*年?\s*[-－–—~～至到]\s*(?:(?:19|20)\d{2}|\d{2})\s*年")
_PAIR_LABEL = re.compile(r"[\u4e00-\u9fff）)]\s*[/／]\s*[\u4e00-\u9fff]")
_PAIR_CELL = re.compile(r"\d\s*[/／]\s*\d")
_DAMAGED_YEAR = re.compile(r"^\s*((?=(?:\D*\d){2})[0-9A-Za-z〇○丨彐]{3,5})\s*(?:年|年度)?\s*$")
# OCR misreadings of digits in a year (E014 2014, 201S 2015/2016, 2〇16 2016); a damaged year is only
# accepted where its neighbours' years say which year it must be
_OCR_DIGITS = str.maketrans("OoQD〇○IlZEzAsSGbTBgU丨彐", "0000000122244566788913")
_UNIT_HEADER = re.compile(r"^\s*(?:单位|计量单位|单 位|unit)\s*$", re.IGNORECASE)
_TABLE_UNIT = re.compile(r"(?:单位|计量单位)\s*[:：]\s*[（(]?\s*([^\s,，;；)）]{1,10})")
_COLUMN_UNIT = re.compile(r"[\u4e00-\u9fff]\s*[（(]\s*$")  # a column name right before 单位：
_EMPTY_CELL = re.compile(r"^\s*(?:-+|—+|–|/|／|N/?A|不适用|无|\*)?\s*$", re.IGNORECASE)
_CODE_CELL = re.compile(r"^[A-Z]{1,4}\d{0,3}(?:[.\-－]\d{1,3}[a-z]?)*$|^\d{3}-\d{1,2}$")
_PROSE = re.compile(r"[。！？]|[，,；;][^，,；;]*[，,；;]")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")  # 12,848,647.33: no clause mark
# a value cell the OCR damaged (2,427.〇6, 5,47, 10.2:3, 15◦人, 4G5): not read, but it holds its
# column's place; a short cell that starts with a digit is such a cell, not a label
_NUMBERISH = re.compile(r"^\s*[-−+]?\d\S{0,11}\s*$")
# a band of a breakdown (30岁以下, 30-39岁, 50岁或以上, 5年以下): a label, though it starts with a digit
_BAND_CELL = re.compile(r"^\s*\d[\d\s\-－–~～至]*(?:岁|年|周岁)?\s*(?:以下|以上|及以上|及以下|或以上|或以下|岁)")
_CELL_NOISE = re.compile(r"^[\s>＞<＜≥≤~～约*+＋注①②③④⑤⑥⑦⑧⑨\d]{0,3}$")  # 〉4,800, 12.5*, 30①
_MAX_HEADER_OTHER = 24  # a header's non-year cells are short words
_SENTENCE_MARK = re.compile(r"[。，,；;！？!?]")
_MAX_LABEL = 40
_MAX_ROWS = 80  # a header governs at most this many rows below it
_UNIT_REACH = 3  # lines above a header where its table's unit may be stated


@dataclass(slots=True)
class Column:
    index: int
    kind: str  # year, change, unit, part (one part beside the total, never read), label, other
    text: str
    year: int | None = None
    unit: Unit | None = None  # "2014 年 (人）"
    center: float | None = None
    measure: str = ""  # 2016年度流失率: a year column of a share or staff rate (data/tables.yaml)


@dataclass(slots=True)
class Header:
    columns: list[Column]
    unit: Unit | None  # the table's unit (单位：万元), if stated
    text: str

    @property
    def years(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "year"]

    def first_value_index(self) -> int:
        return min(c.index for c in self.columns if c.kind in _VALUE_COLUMNS)


@dataclass(slots=True)
class TableState:
    """What a page's reading hands to the next page: a header whose table runs on, and the kind of
    a skipped section that runs on (a parent-company statement over several pages)."""

    header: Header | None = None
    group: str = ""
    unit: Unit | None = None  # a unit stated above the table (单位：万元)
    section: str | None = None
    caption: str = ""  # the table's title, the line right above its header (某年安全生产检查数据表)


def find_tables(pt: PageText, carried: TableState | None = None) -> tuple[list[Reading], set[int], TableState]:
    """Readings from every grid on the page; the line starts read (so the prose and layout finders
    skip them); the table state at the page's end (a table that runs on to the next page)."""
    out: list[Reading] = []
    inside: set[int] = set()
    last_state, last_line = TableState(), -1
    for k, table in enumerate(pt.page.tables):
        lines = _lines_inside(pt, table.bbox)
        state = TableState(unit=_unit_above_box(pt, table.bbox), caption=_caption_above_box(pt, table.bbox))
        width = max((len(row) for row in table.rows), default=0)
        if (
            k == 0
            and carried is not None
            and carried.header is not None
            and len(carried.header.columns) == width
            and _opens_page(pt, lines)
        ):
            state.header, state.unit = carried.header, state.unit or carried.header.unit  # a table run on
        found, _, state = read_grid(pt, reader_grid(table), state, min(lines, default=-1))
        for r in found:
            if r.offset < 0 and lines:
                r.offset = min(lines)  # where the table stands in the text: the sections it is under
            out.append(r)
        inside |= lines
        if lines and max(lines) > last_line:
            last_state, last_line = state, max(lines)
    grid, bands = split_side_by_side(text_grid(pt, inside), pt, lambda t: cell_year(t, pt.report_year))
    for band in bands:
        found, lines, _ = read_grid(pt, band)
        out.extend(found)
        inside |= lines
    readings, used, state = read_grid(pt, grid, carried)
    if state.header is None and last_state.header is not None and _ends_page(pt, last_line):
        state = last_state  # the page ends with a reader table: its header governs the next page's rows
    return out + readings, used | inside, state


def _ends_page(pt: PageText, line_start: int) -> bool:
    """Nothing but a page footer (a short line or two) follows the line at ``line_start``."""
    end = pt.own[1] if pt.own else len(pt.text)
    after = [line for line in pt.text[line_start:end].split("\n")[1:] if line.strip()]
    return len(after) <= 2 and all(len(line.strip()) <= 30 for line in after)


def _opens_page(pt: PageText, lines: set[int]) -> bool:
    """No header of its own stands before the table in the page's text: it may continue the table
    that ended the page before."""
    first = min(lines, default=0)
    start = pt.own[0] if pt.own else 0
    own = [row for row in text_grid(pt).rows if start <= row.line_start < first]  # not a neighbour's words
    # only a running head or a page number may stand before it (2021 年年度报告, 55 / 124)
    return all(len(row.text) <= _RUNNING_HEAD for row in own)


_RUNNING_HEAD = 30


def _lines_above_box(pt: PageText, bbox: tuple[float, float, float, float] | None) -> list[str]:
    """The text lines printed right above a reader table, nearest first."""
    if bbox is None or pt.page.boxes is None:
        return []
    above: list[tuple[float, str]] = []
    for _, line, b in pt.line_boxes():
        if b is not None and b[3] <= bbox[1] + 2 and bbox[1] - b[3] < 60:
            above.append((b[3], line))
    return [line for _, line in sorted(above, reverse=True)]


def _caption_above_box(pt: PageText, bbox: tuple[float, float, float, float] | None) -> str:
    """The title printed right above a reader table (see ``_caption``)."""
    lines = _lines_above_box(pt, bbox)
    return _caption_text(lines[0]) if lines else ""


def _unit_above_box(pt: PageText, bbox: tuple[float, float, float, float] | None) -> Unit | None:
    """A unit stated on one of the few text lines printed right above a reader table (单位：万元)."""
    for line in _lines_above_box(pt, bbox)[:_UNIT_REACH]:
        unit = _unit_line(GridRow([GridCell(line)], -1, line)) or (
            unit_of_annotation(line) if not any(ch.isdigit() for ch in line) else None
        )
        if unit is not None:
            return unit
    return None


def _lines_inside(pt: PageText, bbox: tuple[float, float, float, float] | None) -> set[int]:
    """Starts of the text lines printed inside a reader table (read there, not again as text)."""
    if bbox is None or pt.page.boxes is None:
        return set()
    x0, top, x1, bottom = bbox
    starts = set()
    for pos, _, b in pt.line_boxes():
        if b is not None and b[0] >= x0 - 2 and b[2] <= x1 + 2 and b[1] >= top - 2 and b[3] <= bottom + 2:
            starts.add(pos)
    return starts


_BREAKDOWN_ROW = re.compile(r"\s*[（(]?\s*其\s*中")


def _continued_group(previous: str, cell: str) -> str:
    """A row's group cell; one that closes a bracket the previous row's left open (除高层以外员工的培训
    （包括新进- over 大学生）) is the rest of that cell, wrapped over two rows."""
    opened = previous.count("（") + previous.count("(") > previous.count("）") + previous.count(")")
    closes = cell.count("）") + cell.count(")") > cell.count("（") + cell.count("(")
    return previous + cell if opened and closes else cell


_TRAILING_BRACKET = re.compile(r"[（(]\s*([^（()）]*?)\s*[)）]\s*$")
_BREAKDOWN_LEAD = re.compile(r"\s*[（(]?\s*其\s*中\s*[：:，,]?\s*")


def _child_row(labels: list[str], parent_kpi: str | None) -> WholeLabel | None:
    """A 其中 row whose label is only a sub-KPI word of the row above (专利授权 | 140 over 其中：发明专利 |
    100): the parent's child KPI (kpis.yaml ``children``), the word alone naming no KPI of its own."""
    if not labels or parent_kpi is None:
        return None
    lead = _BREAKDOWN_LEAD.match(labels[0])
    if lead is None:
        return None
    word = labels[0][lead.end() :].strip()
    unit = _TRAILING_BRACKET.search(word)
    if unit is not None and looks_like_unit(unit.group(1)):
        word = word[: unit.start()]  # 其中：发明专利（件）: the row's unit in brackets
    word = word.rstrip("）)").strip()
    catalog = load_catalog()
    child = catalog.get(parent_kpi).children.get(word)
    return WholeLabel(catalog.get(child), "") if child is not None else None


def _is_breakdown_of(labels: list[str], match: WholeLabel, parent_kpi: str | None) -> bool:
    """A 其中 row under a row of the same KPI is a part of it (新增就业人数 over 其中：招收应届毕业生);
    under another KPI's row it is its own KPI's total (员工总数 over 其中：少数民族人数)."""
    return bool(labels) and parent_kpi == match.kpi.id and _BREAKDOWN_ROW.match(labels[0]) is not None


def read_grid(
    pt: PageText, grid: Grid, carried: TableState | None = None, at: int = -1
) -> tuple[list[Reading], set[int], TableState]:
    """Readings of every row of ``grid`` (see the module docstring); ``at``: where a reader table
    stands in the page text (its rows do not say)."""
    reader = _GridReader(pt, grid, carried or TableState(), origin=at)
    return reader.run()


@dataclass(slots=True)
class _GridReader:
    pt: PageText
    grid: Grid
    state: TableState
    out: list[Reading] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    rows_under: int = 0
    blanks: int = 0
    unit_line: Unit | None = None
    parent_kpi: str | None = None  # the KPI of the last row that is no 其中 row (a breakdown's whole)
    block: list[GridRow] = field(default_factory=list)  # rows since the last total row (a group's items)
    origin: int = -1  # where a reader table stands in the page text
    skip_to: int = 0  # rows before this index were read already (a chart's or 排污信息 table's rows)
    group_cell: str = ""  # the group cell of the last row that printed one (高层管理者的培训 | 人数 | 249)

    def __post_init__(self) -> None:
        self.unit_line = self.state.unit

    def run(self) -> tuple[list[Reading], set[int], TableState]:
        rows = self.grid.rows
        end = self.pt.own[1] if self.pt.own and self.grid.source != "ruled" else None
        for i, row in enumerate(rows):
            if end is not None and row.line_start >= end:
                break  # the next page's first words, read as context: its tables are its own
            if i < self.skip_to:
                continue  # rows read with the header or title above them
            if not row.cells:
                self._blank()
                continue
            self.blanks = 0
            if self._is_prose(row):
                self._end_table()
                continue
            unit = _unit_line(row) or _unit_header(row)
            if unit is not None:
                self.unit_line = unit
            pollutants = self._read_pollutant_table(rows, i)
            if pollutants:
                self.skip_to = i + 1 + pollutants
                self._end_table()
                continue
            above = rows[i - 1] if i > 0 and self.grid.source == "text" else None
            header = parse_header(row, self.pt.report_year, above)
            if header is not None:
                restated = _restated(header, rows[i + 1]) if i + 1 < len(rows) else None
                if restated is not None:
                    header = restated
                    self._mark(rows[i + 1])
                    self.skip_to = i + 2
                column_unit = _column_unit_row(header, rows[i + 1]) if i + 1 < len(rows) else None
                if column_unit is not None:
                    header.unit = header.unit or column_unit
                    self._mark(rows[i + 1])
                    self.skip_to = i + 2
                header.unit = header.unit or self.unit_line or self._unit_above(i)
                self.state = TableState(header, caption=_caption(rows, i) if i else self.state.caption)
                self.rows_under = 0
                self.block = []
                self._mark(row)
                continue
            if self._read_group_total(row):
                self.block = []
                continue
            self.block.append(row)
            if self.state.header is not None and _names_kpis(row):
                self._end_table()  # a row of KPI names opens another table (2016 | 员工总数 | 女员工)
            if self.state.header is not None:
                self._read_data_row(row)
            else:
                self._read_headerless(rows, i)
        return self.out, self.used, self.state

    # -- table boundaries ------------------------------------------------------------------------

    def _blank(self) -> None:
        self.blanks += 1
        if self.blanks >= 2 and self.grid.source != "ruled":
            self._end_table()

    def _end_table(self) -> None:
        self.state = TableState()
        self.unit_line = None
        self.block = []

    def _is_prose(self, row: GridRow) -> bool:
        if self.grid.source == "ruled" or len(row.cells) > 2:
            return False
        text = row.text
        return len(text) > 40 and bool(_PROSE.search(_DIGIT_GROUP.sub("", text)))

    def _mark(self, row: GridRow) -> None:
        if row.line_start >= 0:
            self.used.add(row.line_start)

    def _unit_above(self, i: int) -> Unit | None:
        """A unit stated for the whole table on a line just above its header (单位：人民币万元,
        绩效表现（百万元人民币）)."""
        for j in range(i - 1, max(-1, i - 1 - _UNIT_REACH), -1):
            row = self.grid.rows[j]
            if not row.cells:
                continue
            unit = _unit_line(row)
            if unit is not None:
                return unit
            one_cell = len([t for t in row.texts() if t.strip()]) == 1  # not another table's column names
            if one_cell and not any(ch.isdigit() for ch in row.text) and len(row.text) <= 40:
                unit = unit_of_annotation(row.text)
                if unit is not None:
                    return unit
        return None

    # -- rows under a header ---------------------------------------------------------------------

    def _read_data_row(self, row: GridRow) -> None:
        header = self.state.header
        assert header is not None
        self.rows_under += 1
        if self.rows_under > _MAX_ROWS:
            self._end_table()
            return
        texts = row.texts()
        first = _first_value(texts, header)
        if first is None:
            if texts and texts[0].strip() and not _has_number(texts):
                self.state.group = texts[0].strip()  # a group heading row (员工结构) or a section
            return
        labels = [t for t in texts[:first] if t.strip()]
        indented = not texts[0].strip() or _is_indented(row.cells[0], header)
        if not indented and first > 1:
            self.state.group = texts[0].strip()
        if not indented:  # a group cell beside the row's label (高层管理者的培训 | 培训总时数), or none
            names = [t for t in labels if not looks_like_unit(t)]
            self.group_cell = _continued_group(self.group_cell, names[0]) if len(names) > 1 else ""
        found = self._match_label(labels, empty_first=indented, at=self._row_start(row))
        sex_item = False
        if found is None:
            child = _child_row(labels, self.parent_kpi)
            sex_item = child is None and self._sex_item(labels)
            if sex_item:
                female = load_table_words().staff_items.get("".join(labels[0].split()))
                child = WholeLabel(load_catalog().get(female), "") if female else None
                if child is None:
                    return  # 男性 | 人 | 1,234 under the sex heading: a part, and the staff row still above
            if child is None:
                if labels and not _BREAKDOWN_ROW.match(labels[0]):
                    self.parent_kpi = None  # another row (发表论文) stands between a KPI's row and a 其中 row
                return
            found = (labels[0], child)
        label, match = found
        breakdown = _is_breakdown_of(labels, match, self.parent_kpi)
        if not _BREAKDOWN_ROW.match(labels[0]) and not sex_item:
            self.parent_kpi = match.kpi.id
        self._mark(row)  # a KPI's row under a header: if its columns cannot be told, no one guesses them
        assigned = assign_columns(row, first, header)
        if assigned is None:
            return
        measured = {id(cell) for column, cell in assigned if column.measure}  # 2019年占比: a percent of its own
        measured |= {id(cell) for column, cell in assigned if column.kind == "change"}  # 11.61%: not the row's unit
        others = [c.text for c in row.cells if c.text != label and id(c) not in measured]
        row_unit = _row_unit(others)
        if row_unit is None and any(looks_like_unit(t) for t in others):
            row_unit = _UNREADABLE  # 小时/人 in the unit column: not a count of people
        readings = []
        for column, cell in assigned:
            if column.kind != "year" or column.year is None:
                continue
            if column.measure:
                r = self._measure_reading(label, match, cell, column, row)
                readings.extend([r] if r is not None else [])
                continue
            if not match.kpi.stock and _is_balance(column.text):
                continue  # a reserve's balance at the year's start or end is not a year's spending
            unit, source = _choose_unit(label, row_unit, column, header.unit)
            r = self._reading(label, match, cell, column.year, unit, source, row, column.text)
            if r is not None:
                share = self._share_reading(label, match, cell, column.year, row, column.text, "table.cell")
                for got in (r, share):
                    if got is not None:
                        got.flags |= {"subset"} if breakdown else set()
                        if any(w in self.state.caption for w in got.kpi.parts):
                            got.flags |= {"narrowed"}  # 安全生产检查数据表 | 参加培训人次: safety training only
                        if names_a_part(self.state.caption):
                            got.flags |= {"partial_scope"}  # 开发区主要经济指标: a zone's figures, not the company's
                        if any(w in t for t in [*labels, self.group_cell] if t not in label for w in got.kpi.parts):
                            got.flags |= {"narrowed"}  # 高层管理者的培训 | 培训总人时数: one group's hours
                        readings.append(got)
        self.out.extend(readings)

    def _sex_item(self, labels: list[str]) -> bool:
        """男性 / 女性 rows under a heading row naming the sexes (按性别划分) right after the staff-count row
        (雇员总数 | 人 | 1,500): items of the staff; the female item is the female staff."""
        words = load_table_words()
        return (
            bool(labels)
            and self.parent_kpi == words.staff_kpi
            and "性别" in self.state.group
            and "".join(labels[0].split()) in words.part_items
        )

    def _share_reading(
        self, label: str, match: WholeLabel, cell: GridCell, year: int, row: GridRow, column: str, rule: str
    ) -> Reading | None:
        """女员工人数 | 3,067 (57.7%): the bracketed share of a count is the count's ratio KPI."""
        share = share_cell(cell)
        ratio = _ratio_kpi(match.kpi)
        if share is None or ratio is None:
            return None
        return self._reading(label, WholeLabel(ratio, match.prefix), share, year, None, None, row, column, rule)

    def _measure_reading(
        self, label: str, match: WholeLabel, cell: GridCell, column: Column, row: GridRow
    ) -> Reading | None:
        """A value under 2016年占比 (the row's share: its count's ratio KPI) or 2016年流失率 (a staff
        rate: read on the whole staff's row only, a part's rate being no KPI)."""
        words = load_table_words()
        kpi: Kpi | None = None
        if column.measure in words.share_measures:
            kpi = _ratio_kpi(match.kpi)
        elif match.kpi.id == words.staff_kpi and not _BREAKDOWN_ROW.match(label):
            kpi = load_catalog().get(words.staff_rate_measures[column.measure])
        q = cell_quantity(cell.text)
        if kpi is None or column.year is None or q is None or q.unit != "ratio":
            return None  # a rate is printed as a percent
        return self._reading(label, WholeLabel(kpi, match.prefix), cell, column.year, None, None, row, column.text)

    def _read_pollutant_table(self, rows: list[GridRow], i: int) -> int:
        """A 排污信息 table whose header is ``rows[i]`` (see tables.yaml ``pollutant_tables``): the
        number of rows under it, its company's tonnages read; 0 if the row is no such header."""
        header = _pollutant_header(rows[i])
        if header is None:
            return 0
        total, name_col, width = header
        words = load_table_words().pollutant_tables
        assert words is not None
        own = self.pt.own_names
        scope_ok = name_col != -1 and not _other_scope(self._lines_above(rows[i]), own)
        name_col = None if name_col == -1 else name_col
        unit_above = self.unit_line or self._unit_above(i)
        header_unit = unit_of_annotation(rows[i].cells[total].text) or _slash_unit(rows[i].cells[total].text)
        found: list[tuple[Kpi, GridRow, GridCell, bool]] = []
        name = ""
        n = 0
        for j, row in enumerate(rows[i + 1 : i + 1 + _MAX_ROWS], start=i + 1):
            cells = _unpadded(row.cells, width)
            if not row.cells and self._pollutant_group_follows(rows, j + 1, width):
                n += 1  # a blank line between two groups of the table (废水 | …, then 固体废弃物 | … 危险废物)
                continue
            if not cells or self._is_prose(row) or len(cells) > width:
                break
            n += 1
            shift = width - len(cells)  # a merged cell on the left (the company's name) is missing
            named = cells[name_col - shift].text.strip() if name_col is not None and name_col >= shift else ""
            name = named or name
            kpi = next((k for c in cells[: max(total - shift, 0)] if (k := _pollutant_kpi(c.text)) is not None), None)
            if kpi is None or total - shift < 0:
                continue
            mine = scope_ok and not (name and _other_scope(name, own))
            found.append((kpi, row, cells[total - shift], mine))
        if n == 0:
            return 0
        self._mark(rows[i])
        counts: dict[str, int] = {}
        for kpi, _, _, _ in found:
            counts[kpi.id] = counts.get(kpi.id, 0) + 1
        for kpi, row, cell, mine in found:
            self._mark(row)
            if not mine or counts[kpi.id] > 1:
                continue  # another company's or a plant's, or one of several outlets: never added up
            q = cell_quantity(cell.text)
            unit, source = (None, None) if q is not None and q.unit else (header_unit or unit_above, "header")
            r = self._reading(
                rows[i].cells[total].text, WholeLabel(kpi, ""), cell, self.pt.report_year, unit, source, row,
                rows[i].cells[total].text, "table.single",
            )
            if r is not None:
                self.out.append(r)
        return n

    def _pollutant_group_follows(self, rows: list[GridRow], j: int, width: int) -> bool:
        """The rows from ``j`` up to the next blank line are a group of the pollutant table above: none
        is prose or wider than the table, and one names a pollutant."""
        named = False
        for row in rows[j : j + _MAX_ROWS]:
            if not row.cells:
                break
            cells = _unpadded(row.cells, width)
            if self._is_prose(row) or len(cells) > width:
                return False
            named = named or any(_pollutant_kpi(c.text) is not None for c in cells)
        return named

    def _lines_above(self, row: GridRow) -> str:
        """The few lines above a row (a table's title and the company it names), up to a 排污信息 heading."""
        at = self._row_start(row)
        if at < 0:
            return ""
        start = at
        for _ in range(_UNIT_REACH + 1):
            start = self.pt.text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
        return self.pt.text[start:at]

    def _row_start(self, row: GridRow) -> int:
        """Where a row stands in the page text (a reader table's row: where its table stands)."""
        if row.line_start >= 0:
            return row.line_start
        return next((c.start for c in row.cells if c.start >= 0), self.origin)

    def _match_label(self, labels: list[str], empty_first: bool, at: int = -1) -> tuple[str, WholeLabel] | None:
        """The KPI the row's label names: the text cell nearest its values (category and code
        cells before it only say where the row belongs), else that cell read under its group label
        (女性 under 员工人数 is 女性员工人数; 男性 under 员工人数 is not the headcount)."""
        candidates = [
            without_gloss(t) for t in reversed(labels) if not _CODE_CELL.match(t.strip()) and parse_unit(t) is None
        ]
        if candidates and len(candidates[0]) <= _MAX_LABEL:
            found = match_whole_label(candidates[0])
            if found is not None:
                return candidates[0], found
        group = self.state.group
        if candidates and group and (empty_first or len(labels) > 1) and group != candidates[0]:
            item = candidates[0]
            for text in (item + group, group + item):
                found = match_whole_label(text)
                if found is not None and not (found.prefix and _is_part_item(item)):
                    return text, found  # (30岁以下 | 新进员工, 男性 | 新进员工: a part, not the group's KPI)
        if candidates and at >= 0:
            kpi = _titled_item(self.pt.text, at, candidates[0])
            if kpi is not None:
                return candidates[0], WholeLabel(kpi, "")
        return None

    def _reading(
        self,
        label: str,
        match: WholeLabel,
        cell: GridCell,
        year: int,
        unit: Unit | None,
        unit_source: str | None,
        row: GridRow,
        column: str,
        rule: str = "table.cell",
    ) -> Reading | None:
        q = cell_quantity(cell.text)
        if q is None or (_PAIR_LABEL.search(label) and _PAIR_CELL.search(cell.text)):
            return None  # 员工总数/女性员工数 | 300/60: two values, one per name, not a fraction
        value, source = _convert(q, match, unit, unit_source)
        sibling = match.kpi.by_unit.get(q.unit or "") if value is None else None
        if sibling is not None:  # 培训总人时数 | 8,556人次: the cell's own unit names the KPI
            match = dataclasses.replace(match, kpi=load_catalog().get(sibling), units=None)
            value, source = _convert(q, match, unit, unit_source)
        flags = label_flags(match.prefix, match.kpi)
        if value is None:
            # a unit column the unit table cannot read (小时/人) is no currency either
            readable = unit if unit is None or unit[1] != _UNREADABLE[1] else None
            value = foreign_money(q, match.kpi, *(readable or (None, None))) if unit is readable else None
            if value is None:
                return None
            flags |= {"foreign_currency"}
            source = "number" if q.unit is not None else unit_source
        start = cell.start + q.start if cell.start >= 0 else -1
        end = start + len(q.raw) if start >= 0 else -1
        return Reading(
            kpi=match.kpi,
            value=value,
            year=year,
            qualifier=q.qualifier,
            raw=self._raw(cell, q),
            evidence=row.evidence or row.text,
            rule=rule,
            flags=flags,
            page=self.pt.page_number,
            bbox=self.pt.bbox(start, end) if start >= 0 else cell.bbox,
            offset=start,
            label=label,
            column=column or None,
            unit_source=source,
            currency=foreign_code(q, unit[1] if unit else None) if "foreign_currency" in flags else None,
        )

    def _raw(self, cell: GridCell, q: Quantity) -> str:
        """The number as printed: from the page when the cell's text is the page's, else the cell's."""
        if cell.start >= 0 and not cell.printed:
            return self.pt.snippet(cell.start + q.start, cell.start + q.end)
        return squash(cell.printed or q.raw)

    # -- a group's total row -----------------------------------------------------------------------

    def _read_group_total(self, row: GridRow) -> bool:
        """``员工人数`` (a group label: a heading row, or a merged cell beside an item) over ``男性 |
        2,252``, ``女性 | 3,067`` and ``总数 | 5,319``: the total row holds the group's KPI (the report
        year's when no header names years), and ``离职员工 … 总数 | 1,737 (32.7%)`` the share KPI of
        the group (``share_groups``). Item rows are parts, never the group's KPI; only a female item
        under a staff count is a KPI of its own (``staff_items``)."""
        words = load_table_words()
        item = _item_value(row)
        if item is None or item[0][-1] not in words.total_rows:
            return False
        labels, first = item
        block = self.block[-_GROUP_REACH:]
        if sum(1 for r in block if _item_value(r) is not None) < 2:
            return False  # a total adds up at least two items
        group = _group_label(block, labels[:-1])
        slots = self._slots(row, first)
        header = self.state.header
        if group is None and header is not None and header.columns and header.columns[0].kind == "label":
            group = _group_label([], [header.columns[0].text])  # the corner: 温室气体排放（吨） | 2016年 | 2015年
        if group is None and header is not None and self.state.caption:
            group = _group_label([], [self.state.caption])  # the title over the columns' names
            if len(header.columns) != len(row.cells):  # ... read only where its columns line up
                total = _total_column_cell(self.block, row, first)
                slots = [] if total is None else [(self.pt.report_year, total, "", header.unit)]
        if group is None:
            return False
        text, match, share = group
        # the row's own unit cell (总计 | 吨二氧化碳当量 | 6,500) before the table's
        row_unit = next((u for t in row.texts()[:first] if (u := parse_unit(t.strip())) is not None), None)
        read_any = False
        for year, cell, column, unit in slots:
            part = share_cell(cell) if share else cell
            if part is not None:
                own_unit = None if share else row_unit
                r = self._group_reading(
                    text, labels[-1], match, part, year, None if share else unit, row, column, own_unit
                )
                read_any |= r is not None
        if read_any and not share and match.kpi.id == words.staff_kpi:
            self._read_staff_items(block, text)
        if read_any:
            self._mark(row)
        return read_any

    def _read_staff_items(self, block: list[GridRow], group: str) -> None:
        """女性 | 3,067 under a staff-count group: the female staff (``staff_items``)."""
        words = load_table_words()
        for row in block:
            item = _item_value(row)
            if item is None or item[0][-1] not in words.staff_items:
                continue
            match = WholeLabel(load_catalog().get(words.staff_items[item[0][-1]]), "")
            for year, cell, column, unit in self._slots(row, item[1]):
                if self._group_reading(group, item[0][-1], match, cell, year, unit, row, column) is not None:
                    self._mark(row)

    def _slots(self, row: GridRow, first: int) -> list[tuple[int, GridCell, str, Unit | None]]:
        """The (year, cell, column, table unit) of a total or item row's values: under a header of
        years, each year column's; with no header, the one value of the report year's."""
        header = self.state.header
        if header is None:
            values = [c for c in row.cells[first:] if c.text.strip()]
            if len(values) == 1:
                return [(self.pt.report_year, values[0], "", self.unit_line)]
            total = _total_column_cell(self.block, row, first)
            return [] if total is None else [(self.pt.report_year, total, "", self.unit_line)]
        assigned = assign_columns(row, first, header) or []
        slots = [
            (c.year, cell, c.text, c.unit or header.unit)
            for c, cell in assigned
            if c.kind == "year" and c.year is not None and not c.measure
        ]
        if slots or any(c.kind == "year" and any(ch.isdigit() for ch in c.text) for c in header.columns):
            return slots
        # a header naming no year (某地区 | 某地区 | 合计) over a finer row of column names (男性 | 女性 |
        # 合计 | %) that the values line up with: the total column of the finer row
        total = _total_column_cell(self.block, row, first)
        return [] if total is None else [(self.pt.report_year, total, "", header.unit)]

    def _group_reading(
        self,
        group: str,
        item: str,
        match: WholeLabel,
        cell: GridCell,
        year: int,
        unit: Unit | None,
        row: GridRow,
        column: str,
        row_unit: Unit | None = None,
    ) -> Reading | None:
        stated, source = _choose_unit(group, row_unit, None, unit)
        r = self._reading(f"{group} … {item}", match, cell, year, stated, source, row, column, _GROUP_RULE)
        if r is not None:
            r.evidence = squash(f"{group} … {r.evidence}")
            self.out.append(r)
        return r

    # -- rows with no header above them --------------------------------------------------------

    def _read_headerless(self, rows: list[GridRow], i: int) -> None:
        row = rows[i]
        if self._read_transposed_header(rows, i) or self._read_year_charts(rows, i) or self._read_label_row(rows, i):
            return
        self._read_single(row)

    def _read_transposed_header(self, rows: list[GridRow], i: int) -> bool:
        """年份 | 培训课程（门） | 培训人次 over 2016 | 52 | 150: years as rows, KPIs as columns. Or a
        table of the company's units under a corner year (2016 | 员工总数 | 女员工): only the total
        row (全公司, 合计: ``table_total_rows``) is the company's; the others are passed over."""
        texts = _merged_header(rows, i)
        if len(texts) < 2:
            return False
        c = cues()
        corner = texts[0].strip()
        corner_year = cell_year(corner, self.pt.report_year)
        names_years = any(w in corner for w in c.table_year_headers) or squash(corner) in c.table_label_headers
        if corner and corner_year is None and not names_years:
            return False
        kpis = {k: found for k, t in enumerate(texts) if k and (found := match_whole_label(t)) is not None}
        if not kpis:
            return False
        read_any = False
        passed: list[GridRow] = []
        totals: list[GridRow] = []
        for row in rows[i + 1 : i + 1 + _MAX_ROWS]:
            cells = row.cells
            if not cells or len(cells) != len(texts):
                break
            year = cell_year(cells[0].text, self.pt.report_year)
            if year is None:
                if not _has_number([cell.text for cell in cells[1:]]):
                    break
                # 全公司 / 合计: the company's figures; any other row is one unit's (董事会 | 9 | 2)
                (totals if squash(cells[0].text) in c.table_total_rows else passed).append(row)
                continue
            read_any |= self._read_transposed_row(texts, kpis, row, year, _caption(rows, i))
        if not read_any:  # under year rows a total row adds the years up: it is no year's figure
            for row in totals:
                read_any |= self._read_transposed_row(texts, kpis, row, corner_year or self.pt.report_year)
        if read_any:
            for row in [rows[i], *passed, *totals]:
                self._mark(row)
        return read_any

    def _read_year_charts(self, rows: list[GridRow], i: int) -> bool:
        """营业收入（万元） | 利润总额（万元） over 2020年 | 1,250.6 | 2020年 | 310.2 and more such rows:
        small bar charts side by side, each titled with its label and unit, a year beside each bar and
        the bar's value after it. Each title gets the (year, value) pairs of its column, in the title's
        unit or a 单位 line's above; a title naming no KPI (利税总额) passes its column over."""
        titles = [c.text for c in rows[i].cells if c.text.strip()]
        if not titles or _has_number(titles):
            return False
        found = {k: m for k, t in enumerate(titles) if (m := match_whole_label(t)) is not None}
        if not found:
            return False
        body: list[list[GridCell]] = []
        for row in rows[i + 1 : i + 1 + _MAX_ROWS]:
            cells = [c for c in row.cells if c.text.strip()]
            if len(cells) != 2 * len(titles) or not all(
                cell_year(cells[2 * k].text, self.pt.report_year) is not None
                and _YEAR_CELL.match(cells[2 * k].text) is not None
                and cell_quantity(cells[2 * k + 1].text) is not None
                for k in range(len(titles))
            ):
                break
            body.append(cells)
        if len(body) < 2:
            return False
        for k in found:
            years = [cell_year(cells[2 * k].text, self.pt.report_year) for cells in body]
            if len(set(years)) != len(years):
                return False  # a year twice down one axis: no chart of years
        for k, match in found.items():
            unit, source = unit_of_annotation(titles[k]), "header"  # the title's, else the page's 单位 line
            if unit is None:
                unit, source = self.unit_line or self._unit_above(i), "caption"
            for cells, row in zip(body, rows[i + 1 :], strict=False):
                year = cell_year(cells[2 * k].text, self.pt.report_year)
                assert year is not None
                r = self._reading(
                    titles[k], match, cells[2 * k + 1], year, unit, source if unit else None, row,
                    cells[2 * k].text, "table.transposed",
                )
                if r is not None:
                    self.out.append(r)
        for row in rows[i : i + 1 + len(body)]:
            self._mark(row)
        self.skip_to = i + 1 + len(body)
        return True

    def _read_transposed_row(
        self, texts: list[str], kpis: dict[int, WholeLabel], row: GridRow, year: int, caption: str = ""
    ) -> bool:
        """One year's row; a title above the table that names a part of a column's KPI narrows it
        (某集团健康安全主要绩效 | 培训总时长: safety training only)."""
        read_any = False
        for k, found in kpis.items():
            unit = unit_of_annotation(texts[k])
            r = self._reading(
                texts[k],
                found,
                row.cells[k],
                year,
                unit,
                "header" if unit else None,
                row,
                row.cells[0].text,
                "table.transposed",
            )
            if r is not None:
                if any(w in caption for w in r.kpi.parts):
                    r.flags |= {"narrowed"}
                self.out.append(r)
                read_any = True
        self._mark(row)
        return read_any

    def _read_label_row(self, rows: list[GridRow], i: int) -> bool:
        """员工培训场次（场） | 培训经费支出（万元） over 1,120 | 3,460: the report year's values."""
        texts = rows[i].texts()
        if len(texts) < 2 or _has_number(texts) or i + 1 >= len(rows) or match_whole_label(texts[0]) is None:
            return False  # (a first cell that names no KPI heads a row-label column: 员工工龄 | 员工人数)
        values = rows[i + 1]
        if len(values.cells) != len(texts) or not all(cell_quantity(c.text) for c in values.cells):
            return False
        read_any = False
        total = _total_column(rows, i)
        for k, text in enumerate(texts):
            found = match_whole_label(text)
            if found is None or (total is not None and k != total):
                continue
            unit = unit_of_annotation(text)
            r = self._reading(
                text,
                found,
                values.cells[k],
                self.pt.report_year,
                unit,
                "header" if unit else None,
                values,
                text,
                "table.label_row",
            )
            if r is not None:
                self.out.append(r)
                read_any = True
        if read_any:
            self._mark(rows[i])
            self._mark(values)
        return read_any

    def _read_single(self, row: GridRow) -> None:
        """A labelled row with one value and no year header (电（万千瓦时） 41502.56): the report
        year's value; the unit from the label, the value, the row or a 单位 line above."""
        cells = [c for c in row.cells if c.text.strip()]  # a ruled table's empty cells are spacing
        cells = cells[: len(cells) - _change_tail([c.text for c in cells])]
        texts = [c.text for c in cells]
        if len(texts) < 2 or len(texts) > 3 or len(row.text) > 60:
            return
        values = [k for k, t in enumerate(texts) if cell_quantity(t) is not None]
        if len(values) != 1 or values[0] != len(texts) - 1:
            return
        label_texts = texts[: values[0]]
        found = self._match_label(label_texts, empty_first=False, at=self._row_start(row))
        if found is None:
            return
        label, match = found
        if self._captioned_otherwise(label, match, row, texts[values[0]]):
            return
        unit_cells = [t for t in label_texts if parse_unit(t) is not None]
        row_unit = parse_unit(unit_cells[0]) if unit_cells else None
        unit, source = _choose_unit(label, row_unit, None, self.unit_line)
        r = self._reading(label, match, cells[values[0]], self.pt.report_year, unit, source, row, "", "table.single")
        if r is not None:
            self.out.append(r)
            self._mark(row)


    def _captioned_otherwise(self, label: str, match: WholeLabel, row: GridRow, value: str) -> bool:
        """A bare name (``exact``: COD, 二氧化碳) over one figure that the line above or below restates
        with one of the KPI's negative words (cod 12.5 万吨 / 年减排化学需氧量(COD) 12.5万吨): a
        chart of cuts, not the emissions."""
        core = re.sub(r"\s+", "", _PARENS_CELL.sub("", label)).lower()
        number = _NUMBER_IN_CELL.search(value)
        if number is None or core not in {w.lower() for w in match.kpi.exact}:
            return False
        text = self.pt.text
        start = self._row_start(row)
        end = text.find("\n", start)
        above = text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : max(start - 1, 0)]
        below = "" if end < 0 else text[end + 1 : len(text) if (e := text.find("\n", end + 1)) < 0 else e]
        return any(
            number.group() in line and any(w in line for w in match.kpi.negative) for line in (above, below)
        )


_NUMBER_IN_CELL = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PERCENT_CELL = re.compile(r"^[-−+]?\d[\d,]*(?:\.\d+)?\s*[%％]$")


def _change_tail(texts: list[str]) -> int:
    """How many cells at the end of a one-value row state its change against last year (二氧化硫
    226.12 吨 | 与上年同期 | -1.82%, or 同比 -1.8% in one cell): a change word, then a percent."""
    c = cues()
    words = (*c.table_change_headers, *c.previous_year)
    if len(texts) >= 3 and _PERCENT_CELL.match(texts[-1].strip()):
        word = texts[-2].strip()
        if word and not any(ch.isdigit() for ch in word) and any(w in word for w in words if len(w) > 1):
            return 2
    if len(texts) >= 3:
        m = re.match(r"^(\D{1,8}?)\s*[-−+]?\d[\d,]*(?:\.\d+)?\s*[%％]$", texts[-1].strip())
        if m and any(w in m.group(1) for w in words if len(w) > 1):
            return 1
    return 0
_PARENS_CELL = re.compile(r"[（(][^（()）]{0,16}[)）]")


_ITEM_NUMBER = re.compile(
    r"^(?:其中[:：]?)?\s*(?:[（(]?[0-9一二三四五六七八九十]{1,2}(?:[.．][0-9]{1,2})?[)）.．、]?)?\s*"
)  # 其中：1.资金, （一）资金, 1.1 产业发展脱贫: the numbering before an item's name


def _item_name(label: str) -> str:
    """其中：1.资金（万元） -> 资金: a row label without its numbering, 其中： and unit parentheses."""
    core = re.sub(r"[（(][^（()）]*[)）]\s*$", "", "".join(fold_chinese(label).split()))
    return _ITEM_NUMBER.sub("", core, count=1).strip("：:")


def _titled_item(text: str, at: int, label: str) -> Kpi | None:
    """The KPI a row label names under the title of a table known by it (tables.yaml
    ``titled_tables``): 资金 under 上市公司年度精准扶贫工作情况, or over one of the form's own later rows
    (``marks``: 帮助建档立卡贫困人口脱贫数) when another heading stands above it. An item that is a part
    when the table prints a whole (资金 beside 总投入) names none then."""
    words = load_table_words()
    name = _item_name(label)
    tables = [t for t in words.titled_tables if name in t.items]
    if not tables:
        return None
    start = at
    for _ in range(words.title_reach):
        start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
        if start == 0:
            break
    above = fold_chinese(text[start:at])
    below = fold_chinese(text[at : at + _WHOLE_REACH])
    for table in tables:
        title = max((above.rfind(w) for w in table.titles), default=-1)
        if title < 0:
            if not any(w in below for w in table.marks):
                continue
            title = len(above)  # no title printed: the form's own rows below name it
        if name not in table.wholes and table.wholes:
            rows = fold_chinese(text[start + title : at + _WHOLE_REACH])
            lines = {_item_name(line.split("\t")[0].split(" ")[0]) for line in rows.split("\n")}
            if lines & table.wholes:
                continue  # 资金 under 总投入: a part of the whole
        return load_catalog().get(table.items[name])
    return None


_WHOLE_REACH = 400  # characters after an item where the table's whole row may stand


def _column_unit_row(header: Header, sub: GridRow) -> Unit | None:
    """A row under the years naming one unit under each of them (2016年 | 2015年 over 人民币百万元 |
    人民币百万元: a Hong Kong financial summary): the unit of every value below. None if ``sub`` holds
    anything else, or units that differ."""
    texts = [t.strip() for t in sub.texts() if t.strip()]
    if len(texts) != len(header.years) or any(ch.isdigit() for ch in sub.text):
        return None
    units = {parse_unit(t) or unit_of_annotation(t) for t in texts}
    if len(units) != 1:
        return None
    return units.pop()


def _restated(header: Header, sub: GridRow) -> Header | None:
    """A key-data table whose earlier years were restated prints two columns under each of them,
    调整前 | 调整后 (or 调整后 | 调整前: before and after the restatement), in a row under the years,
    the report year having one (and a change column one 调整后, or none): the header with those
    columns, only the restated one (调整后) read as the year's. None if ``sub`` is no such row."""
    words = cues()
    texts = ["".join(t.split()) for t in sub.texts() if t.strip()]
    known = words.restated_columns | words.unrestated_columns
    years = header.years
    if len(texts) < 2 or not all(t in known for t in texts) or len(years) < 2:
        return None
    changes = [c for c in header.columns if c.kind == "change"]
    pairs = 2 * (len(years) - 1)
    if len(texts) not in (pairs, pairs + len(changes)):
        return None
    per_change = len(texts) - pairs == len(changes) and bool(changes)
    columns: list[Column] = []
    p = 0
    for c in header.columns:
        if c.kind == "label" and not c.text and c.index > 0:
            continue  # the blank a year spanning two columns left in the row of years
        if c.kind == "year" and c is not years[0]:
            pair = texts[p : p + 2]
            p += 2
            if len(pair) != 2 or {t in words.restated_columns for t in pair} != {True, False}:
                return None
            for t in pair:
                restated = t in words.restated_columns
                columns.append(replace(c, center=None) if restated else
                               replace(c, kind="other", year=None, center=None, text=f"{c.text} {t}"))
            continue
        if c.kind == "change" and per_change:
            p += 1
        columns.append(replace(c, center=None))
    if p != len(texts):
        return None
    return Header([replace(c, index=k) for k, c in enumerate(columns)], header.unit, f"{header.text} / {sub.text}")


def _pollutant_header(row: GridRow) -> tuple[int, int | None, int] | None:
    """(tonnage column, name column or None — -1 for a table of outlets —, width) if ``row`` heads a
    排污信息 table: a pollutant column left of a column of the tonnage emitted."""
    words = load_table_words().pollutant_tables
    if words is None or len(row.cells) < 3:
        return None
    texts = ["".join(fold_chinese(t).split()) for t in row.texts()]
    if _has_number(texts):
        return None
    bare = [_SLASH_UNIT.sub("", re.sub(r"[（(][^（()）]*[)）]", "", t)) for t in texts]
    # the first tonnage column right of a pollutant column (类别 | 排放量 | 主要污染物 | 排放量/吨: the
    # wastewater's own volume first, then the pollutants' tonnage)
    total = next(
        (
            k
            for k, t in enumerate(bare)
            if t in words.totals
            and not any(w in texts[k] for w in words.not_totals)
            and any(w in u for u in texts[:k] for w in words.pollutant_columns)
        ),
        None,
    )
    if total is None:
        return None
    name_col = next((k for k, t in enumerate(bare[:total]) if t in words.name_columns), None)
    if any(t in words.outlet_columns for t in bare):
        return total, -1, len(texts)  # a table of outlets: its rows are read as no company's figure
    return total, name_col, len(texts)


def _unpadded(cells: list[GridCell], width: int) -> list[GridCell]:
    """A row's cells without the extra leading blanks a text dump put before a group's next row."""
    padded = len(cells) - width
    if padded > 0 and all(not c.text.strip() for c in cells[:padded]):
        return cells[padded:]
    return cells


# 排放量/吨: a measure, a slash, then its unit (a column head's unit without parentheses)
_SLASH_UNIT = re.compile(r"(?<=量)\s*[/／]\s*(吨|千克|公斤|万吨|立方米|万立方米)$")


def _slash_unit(text: str) -> Unit | None:
    m = _SLASH_UNIT.search("".join(text.split()))
    return parse_unit(m.group(1)) if m else None


def _pollutant_kpi(text: str) -> Kpi | None:
    words = load_table_words().pollutant_tables
    if words is None:
        return None
    name = re.sub(r"[（(][^（()）]*[)）]", "", "".join(fold_chinese(text).split())).upper()
    kpi_id = _pollutant_names().get(name)
    return load_catalog().get(kpi_id) if kpi_id else None


@cache
def _pollutant_names() -> dict[str, str]:
    words = load_table_words().pollutant_tables
    return {"".join(k.split()).upper(): v for k, v in words.pollutants.items()} if words else {}


def _other_scope(words: str, own_names: tuple[str, ...]) -> bool:
    """Words that name another company or one part of the company (a plant, a subsidiary)."""
    return bool(words.strip()) and (names_another_company(words, own_names) or names_a_part(words))


def _total_column(rows: list[GridRow], i: int) -> int | None:
    """The column of the whole company when a label row repeats one label over parts named in the
    row above (某美国业务 | 某中国业务 | 某集团-总计 over 总耗水量 | 总耗水量 | 总耗水量): the column
    whose part is the total (``table_total_rows`` ending its name); None when the label does not
    repeat or no column is the total."""
    texts = rows[i].texts()
    if len(texts) < 2 or len({squash(t) for t in texts}) != 1 or i == 0:
        return None
    above = [t for t in rows[i - 1].texts() if t.strip()]
    if len(above) != len(texts):
        return None
    totals = [k for k, t in enumerate(above) if squash(t).endswith(tuple(cues().table_total_rows))]
    return totals[0] if len(totals) == 1 else None


_GROUP_RULE = "table.group_total"
_GROUP_REACH = 16  # rows above a total row where its group's label and items may stand
_GROUP_LABEL = 12  # a group label is a short name (员工人数, 新进员工)


def _item_value(row: GridRow) -> tuple[list[str], int] | None:
    """The label cells (spaces dropped) of a row with a value, and the index of its first value cell."""
    texts = row.texts()
    first = next((k for k, t in enumerate(texts) if k and cell_quantity(t) is not None), None)
    if first is None:
        return None
    # a unit cell before the values (总计 | 吨二氧化碳当量 | 6,500) names no item
    labels = ["".join(t.split()) for t in texts[:first] if t.strip() and parse_unit(t.strip()) is None]
    return (labels, first) if labels else None


def _total_column_cell(block: list[GridRow], row: GridRow, first: int) -> GridCell | None:
    """The cell of ``row`` under the total column (合计: ``total_rows``) of the nearest row of column
    names above it (| 男性 | 女性 | 合计 over 30岁以下 | 306 | 328 | 634): a total row's several values
    are its parts' and their sum, and the sum is the group's. None without such a column."""
    words = load_table_words()
    for above in reversed(block):
        texts = above.texts()
        if above is row or _has_number(texts):
            continue
        if sum(1 for t in texts if t.strip()) < 2 or len(texts) != len(row.cells):
            return None  # (a row of names that is not cell for cell over the values says nothing)
        totals = [k for k, t in enumerate(texts) if k >= first and "".join(t.split()) in words.total_rows]
        if len(totals) != 1 or totals[0] >= len(row.cells):
            return None
        cell = row.cells[totals[0]]
        return cell if cell_quantity(cell.text) is not None else None
    return None


# a note of how a group is broken down, after its label (新聘雇员人数（按年龄组别和性别划分）)
_UNIT_NOTE = re.compile(r"[（(][^（()）]{1,16}[)）]$")


def _without_unit_note(label: str) -> str:
    """``label`` without the unit in brackets at its end (温室气体排放（吨二氧化碳当量）): the name's length
    is the name's alone."""
    m = _UNIT_NOTE.search(label)
    return label[: m.start()] if m and unit_of_annotation(m.group()) is not None else label


_BREAKDOWN_NOTE = re.compile(
    r"[（(]\s*按[^（()）]*(?:[)）]|$)"  # 新聘雇员人数（按年龄组别和性别划分）
    r"|^\W+"  # a bullet before a title (>, ■)
    r"|按[^，。,;；（()）\d]{1,10}?(?:划分|分类|分布)的?"  # 按年龄组别划分的员工总数
)


def _group_label(block: list[GridRow], before: list[str]) -> tuple[str, WholeLabel, bool] | None:
    """The group label nearest a total row: a label cell left of the total's own (员工人数 | 总数 |
    5,319), a merged cell left of an item's label (新进员工 | 30-39岁 | 579), or a heading row of its
    own (员工人数, 死亡人数 | 按地区划分); with the KPI it names and whether that KPI is the group's
    share (离职员工)."""
    words = load_table_words()
    found: list[str] = list(reversed(before))
    for row in reversed(block):
        item = _item_value(row)
        texts = [t for t in row.texts() if t.strip()]
        if item is not None:
            found.extend(reversed(item[0][:-1]))
        elif len(texts) <= 2 and not any(ch.isdigit() for t in texts for ch in t):
            found.extend("".join(t.split()) for t in reversed(texts))  # 员工人数, or 死亡人数 | 按地区划分
    for text in (_BREAKDOWN_NOTE.sub("", t) for t in found):
        if len(_without_unit_note(text)) > _GROUP_LABEL or text in words.total_rows:
            continue
        if text in words.share_groups:
            return text, WholeLabel(load_catalog().get(words.share_groups[text]), ""), True
        match = match_whole_label(text)
        if match is not None and match.kpi.unit != "ratio":
            return text, match, False
    return None


def _is_part_item(item: str) -> bool:
    """An item of a breakdown: an age or service band (30岁以下) or a sex (男性)."""
    return bool(_BAND_CELL.match(item)) or "".join(item.split()) in load_table_words().part_items


def _ratio_kpi(kpi: Kpi) -> Kpi | None:
    """The ratio KPI whose ``ratio_of`` is ``kpi`` (female_employees -> female_employees_ratio)."""
    return next((k for k in load_catalog().kpis if k.ratio_of == kpi.id), None)


# ---------------------------------------------------------------------------------------------
# Headers


def _names_kpis(row: GridRow) -> bool:
    """A row of column names, two or more of them KPIs, and no values after its first cell."""
    texts = row.texts()[1:]
    return not _has_number(texts) and sum(match_whole_label(t) is not None for t in texts) >= 2


def parse_header(row: GridRow, report_year: int, above: GridRow | None = None) -> Header | None:
    """The header a row is, if it names the years of its columns (see the module docstring).
    ``above``: the text row right above it, where a year whose 年 is in this row may stand."""
    columns = _header_columns(row, report_year, above)
    if columns is None:
        return None
    years = [c for c in columns if c.kind == "year"]
    if len(years) < 2 and not (years and (_is_one_year_header(columns) or _names_total(years[0]))):
        return None
    if len({(c.year, c.measure) for c in years}) != len(years):
        return None
    others = [c for c in columns if c.kind in ("other", "label") and c.text]
    if any(len(c.text) > _MAX_HEADER_OTHER or _SENTENCE_MARK.search(c.text) or cell_quantity(c.text) for c in others):
        return None  # a data row that holds years (2016 | 52 | 150) or a sentence is not a header
    unit = next((c.unit for c in columns if c.kind in ("other", "label") and c.unit), None)
    return Header(columns, unit, row.text)


def _header_columns(row: GridRow, report_year: int, above: GridRow | None = None) -> list[Column] | None:
    columns: list[Column] = []
    for printed, center in _short_years(_joined_years(row, above), report_year):
        text = without_gloss(printed)  # 2016 年  Year 2016: a bilingual header's English left out
        if _fy_span_end(text) is not None:  # 2019/2020: one financial year, not two year columns
            columns.append(_header_column(len(columns), text, center, report_year, columns))
            continue
        if _YEAR_SPAN.search(text):  # 2015-2016年上海名牌: a period named, not two year columns
            columns.append(Column(len(columns), "other", text, None, None, center))
            continue
        several = len(_YEARS_IN_CELL.findall(text)) >= 2
        if several and any(w in text for w in cues().table_comparison_words) and columns:
            columns.append(Column(len(columns), "change", text, None, None, center))  # 2016年较2015年
            continue
        if several or (len(row.cells) == 1 and _names_relative_years(text)) or _header_word_and_year(text):
            # 2016年 2017年 2018年 (or 指标 2020 年 2019 年 单位) in one cell: one column per word; so is
            # a header word a text dump ran into the first year's cell (单位 2014年 | 2015年 | 2016年)
            for word in _split_years(text):
                columns.append(_header_column(len(columns), word, None, report_year, columns))
            continue
        columns.append(_header_column(len(columns), text, center, report_year, columns))
    if not any(c.kind == "year" for c in columns):
        return _dated_measures(columns, above) or _total_of_parts(columns, report_year)
    return _complete_damaged_years(columns)


def _dated_measures(columns: list[Column], above: GridRow | None) -> list[Column] | None:
    """项目类别 | 人数 | 占比 under a title that dates the table (截至2016年12月31日员工情况表): the
    measure columns (``plain_measures``, ``share_measures``) are that year's. None unless the title is one
    cell naming one year, words come first, and every other column is a known measure, one of them plain."""
    if above is None or len(above.cells) != 1 or len(columns) < 2 or columns[0].kind != "label":
        return None
    years = set(_YEARS_IN_CELL.findall(above.text))
    if len(years) != 1 or _YEAR_SPAN.search(above.text) or len(above.text.strip()) > _CAPTION_WIDTH:
        return None
    year = int(years.pop())
    words = load_table_words()
    out = [columns[0]]
    for c in columns[1:]:
        measure = re.sub(r"[（(][^（()）]{0,10}[)）]$", "", c.text.strip())
        if measure in words.plain_measures:
            out.append(replace(c, kind="year", year=year))
        elif measure in words.share_measures:
            out.append(replace(c, kind="year", year=year, unit=None, measure=measure))
        else:
            return None
    return out if any(c.kind == "year" and not c.measure for c in out) else None


_CAPTION_WIDTH = 40


def _caption(rows: list[GridRow], i: int) -> str:
    """The title printed on the line right above a table's header (one cell, no value): the table's
    topic, which narrows a KPI whose ``parts`` it names (安全培训统计表: safety training)."""
    if i == 0 or len(rows[i - 1].cells) != 1:
        return ""
    return _caption_text(rows[i - 1].text)


def _caption_text(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _CAPTION_WIDTH and cell_quantity(text) is None else ""


def _total_of_parts(columns: list[Column], report_year: int) -> list[Column] | None:
    """指標 | 香港 | 中國內地 | 總計, 範疇 | 績效指標 | 單位 | 本集團 (no year): the last column is the
    whole company's (``table_total_rows``), its figure for the report's year; the parts of the company
    beside it are passed over. None unless words (the label column's) come first and the last column
    is the only one that names the whole company."""
    named = [c for c in columns if c.text.strip()]
    if len(named) < 3 or named[0].kind not in ("label", "other"):
        return None
    totals = [c for c in named if _whole_company_column(c.text)]
    if len(totals) != 1 or totals[0] is not named[-1]:
        return None
    last, parts = named[-1], {id(c) for c in named[1:-1] if c.kind == "other"}
    return [
        replace(c, kind="year", year=report_year) if c is last else replace(c, kind="part") if id(c) in parts else c
        for c in columns
    ]


def _whole_company_column(text: str) -> bool:
    return squash(text).strip("|｜") in cues().table_total_rows


def _joined_years(row: GridRow, above: GridRow | None) -> list[tuple[str, float | None]]:
    """The row's cells with a year printed apart from its 年 joined again: ``2015 | 年`` and
    ``2014 | 年 2015年`` (the 年 pushed into the next cell), or ``2014`` on the line above a cell ``年``
    (a text row, where a column is a cell's place)."""
    cells: list[tuple[str, float | None]] = []
    lone_years = _lone_years_above(above, len(row.cells)) if above is not None else {}
    for k, cell in enumerate(row.cells):
        text = cell.text.strip()
        m = _YEAR_WORD_TAIL.match(text)
        if m and cells and _BARE_YEAR.match(cells[-1][0]):
            cells[-1] = (cells[-1][0] + m.group(1), cells[-1][1])
            text = (m.group(2) or "").strip()  # an empty cell keeps the 年's place: rows count cells
        elif _YEAR_WORD.match(text) and k in lone_years:
            text = lone_years[k] + text
        cells.append((text, cell.center))
    return cells


def _lone_years_above(above: GridRow, width: int) -> dict[int, str]:
    """The bare years of a row that holds nothing else, by cell index (``\t\t2014\t``)."""
    texts = [c.text.strip() for c in above.cells]
    if len(texts) > width or not any(texts) or not all(not t or _BARE_YEAR.match(t) for t in texts):
        return {}
    return {k: t for k, t in enumerate(texts) if t}


def _short_years(cells: list[tuple[str, float | None]], report_year: int) -> list[tuple[str, float | None]]:
    """``14年 | 15年 | 16年``: two-digit years, read as the century's when the row holds no full year, at
    least two of them advance by one per column and the last is within a few years before the
    report's (so 3年 | 5年, durations, stay words)."""
    texts = [t for t, _ in cells]
    if any(_YEAR_CELL.match(t) for t in texts):
        return cells
    short = [(k, int(m.group(1))) for k, t in enumerate(texts) if (m := _SHORT_YEAR.match(t))]
    if len(short) < 2:
        return cells
    century = report_year // 100 * 100
    years = [(k, century + yy if century + yy <= report_year + 1 else century - 100 + yy) for k, yy in short]
    ordered = [(i, y) for i, (_, y) in enumerate(years)]
    if _step(ordered) is None or not 0 <= report_year - max(y for _, y in years) <= _SHORT_YEAR_REACH:
        return cells
    out = list(cells)
    for (k, year), (_, yy) in zip(years, short, strict=True):
        out[k] = (out[k][0].replace(f"{yy:02d}", str(year), 1), out[k][1])
    return out


def _names_relative_years(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and any(w in _current_words() or w in _previous_words() for w in words)


def _header_word_and_year(text: str) -> bool:
    """``单位 2014年``, ``指标 2016年``: one year and, apart from it by a space, only header words (a
    label or unit column's name): two cells a text conversion printed as one."""
    if len(_YEARS_IN_CELL.findall(text)) != 1 or len(text.split()) < 2:
        return False
    rest = [w for w in _split_years(text) if not _YEARS_IN_CELL.fullmatch(w)]
    return bool(rest) and all(w in cues().table_label_headers or _UNIT_HEADER.match(w) for w in rest)


def _split_years(text: str) -> list[str]:
    words: list[str] = []
    pos = 0
    for m in _YEARS_IN_CELL.finditer(text):
        words.extend(text[pos : m.start()].split())
        words.append(m.group(0))
        pos = m.end()
    words.extend(text[pos:].split())
    return words


def _header_column(index: int, text: str, center: float | None, report_year: int, before: list[Column]) -> Column:
    year = cell_year(text, report_year)
    if year is not None:
        return Column(index, "year", text, year, _annotation(text), center)
    measured = _measure_column(index, text, center)
    if measured is not None:
        return measured
    if _DAMAGED_YEAR.match(text) and not text.isdigit():
        return Column(index, "damaged", text, None, None, center)
    if _UNIT_HEADER.match(text):
        return Column(index, "unit", text, None, None, center)
    if any(c.kind == "year" for c in before) and any(w in text for w in cues().table_change_headers):
        return Column(index, "change", text, None, None, center)
    kind = "label" if not before or text in cues().table_label_headers or not text else "other"
    return Column(index, kind, text, None, unit_of_annotation(text), center)


def _measure_column(index: int, text: str, center: float | None) -> Column | None:
    """2016年度人数（人）: a year column; 2016年度流失率, 2016年占比: a year column of that measure; a
    measure the table words do not know (2016年余额) is no year column."""
    m = _YEAR_MEASURE.match(text)
    if m is None:
        return None
    words = load_table_words()
    year, measure = int(m.group(1)), m.group(2)
    if measure in words.plain_measures:
        return Column(index, "year", text, year, _annotation(text), center)
    if measure in words.share_measures or measure in words.staff_rate_measures:
        return Column(index, "year", text, year, None, center, measure)
    return None


def _names_total(column: Column) -> bool:
    """The year column is the total of the parts beside it (``_total_of_parts``)."""
    return _whole_company_column(column.text)


def _is_one_year_header(columns: list[Column]) -> bool:
    """项目 | 2016年: one year column after a header word (a one-year table)."""
    return len(columns) <= 3 and columns[0].kind == "label" and columns[0].text in cues().table_label_headers


def _complete_damaged_years(columns: list[Column]) -> list[Column] | None:
    """Give a damaged year cell (20U, E014) the year its place in the run of year columns implies."""
    slots = [c for c in columns if c.kind in ("year", "damaged")]
    if not any(c.kind == "damaged" for c in slots):
        return columns
    clean = [(i, c.year) for i, c in enumerate(slots) if c.year is not None]
    step = _step(clean)
    if step is None:
        folded = [(i, _fold_year(c.text)) for i, c in enumerate(slots)]
        if any(y is None for _, y in folded):
            return [c for c in columns if c.kind != "damaged"] if len(clean) >= 2 else None
        step = _step([(i, y) for i, y in folded if y is not None])
        if step is None or len(folded) < 2:
            return None
        clean = [(i, y) for i, y in folded if y is not None]
    i0, y0 = clean[0]
    for i, c in enumerate(slots):
        if c.kind == "damaged":
            c.kind, c.year = "year", y0 + (i - i0) * step
            c.text = f"{c.text} (read as {c.year})"
    return columns


def _step(known: Sequence[tuple[int, int | None]]) -> int | None:
    """+1 or -1 when the known years advance by one per column, else None."""
    pairs = [(i, y) for i, y in known if y is not None]
    if len(pairs) < 2:
        return None
    (i0, y0), (i1, y1) = pairs[0], pairs[1]
    step = (y1 - y0) // (i1 - i0) if i1 != i0 else 0
    if step not in (1, -1) or any(y != y0 + (i - i0) * step for i, y in pairs):
        return None
    return step


def _fold_year(text: str) -> int | None:
    m = _DAMAGED_YEAR.match(text)
    if m is None:
        return None
    digits = m.group(1).translate(_OCR_DIGITS)
    return int(digits) if digits.isdigit() and 1990 <= int(digits) <= 2035 else None


_LEGEND_SWATCHES = "■□●○◆◇▲△▪▫ \t"


def cell_year(cell: str, report_year: int) -> int | None:
    """The year a header cell names: 2020年, 2020, 2020 年 (人）, 本报告期 (the report's), 上年同期
    (the one before); a bilingual header's English after it (2020年  Year 2020) is left out, and so
    is a chart legend's swatch before it (■ 2014: the row of one year's bars)."""
    cell = without_gloss(cell).lstrip(_LEGEND_SWATCHES)
    m = _YEAR_CELL.match(cell)
    if m:
        return int(m.group(1))
    fy_end = _fy_span_end(cell)
    if fy_end is not None:
        return fy_end
    word = re.sub(r"\s+", "", cell)
    word = re.sub(r"[（(][^（()）]{0,10}[)）]$", "", word)  # 本期发生额（万元）
    if word in _current_words():
        return report_year
    if word in _previous_words():
        return report_year - 1
    return None


def _fy_span_end(cell: str) -> int | None:
    """The year a financial year over two calendar years ends in (2019/20 -> 2020), or None."""
    m = _FY_SPAN.match(cell)
    if m is None:
        return None
    first, second = int(m.group(1)), m.group(2)
    end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return end if end == first + 1 else None


@cache
def _current_words() -> frozenset[str]:
    return frozenset(cues().current_period_columns)


@cache
def _previous_words() -> frozenset[str]:
    return frozenset(cues().previous_period_columns)


def _annotation(text: str) -> Unit | None:
    return unit_of_annotation(text)


# ---------------------------------------------------------------------------------------------
# Data rows


def _merged_header(rows: list[GridRow], i: int) -> list[str]:
    """A header printed over several lines (分红年度合并报表中 / 归属于上市公司股东 / 的净利润（万元）):
    the cells of row ``i`` joined with those of the text rows of equal width right above it."""
    texts = rows[i].texts()
    for j in range(i - 1, max(-1, i - 3), -1):
        above = rows[j].texts()
        if len(above) != len(texts) or _has_number(above):
            break
        texts = [a.strip() + t.strip() for a, t in zip(above, texts, strict=True)]
    return texts


def _first_value(texts: list[str], header: Header) -> int | None:
    """Index of the row's first value cell (a number, a dash or a unit): after at least one label."""
    for k, text in enumerate(texts):
        if k == 0:
            continue
        if cell_quantity(text) is not None or _is_dash(text) or (_NUMBERISH.match(text) and not _BAND_CELL.match(text)):
            start = k
            # a unit cell right before the values belongs to the values (营业收入 | 亿元 | 52.3)
            while start > 1 and parse_unit(texts[start - 1]) is not None and texts[start - 2].strip():
                start -= 1
            return start
    return None


def _is_balance(header_text: str) -> bool:
    word = re.sub(r"\s+", "", header_text)
    word = re.sub(r"[（(][^（()）]{0,10}[)）]$", "", word)
    return word in cues().balance_columns


def _is_indented(cell: GridCell, header: Header) -> bool:
    """In a PDF, a row's first cell printed under the header's second column: an item of a group."""
    cols = header.columns
    if cell.center is None or len(cols) < 2 or cols[0].center is None or cols[1].center is None:
        return False
    return abs(cell.center - cols[1].center) < abs(cell.center - cols[0].center) and cols[1].kind in ("label", "other")


def _is_dash(text: str) -> bool:
    return bool(text.strip()) and bool(_EMPTY_CELL.match(text))


def _has_number(texts: list[str]) -> bool:
    return any(cell_quantity(t) is not None for t in texts)


def assign_columns(row: GridRow, first: int, header: Header) -> list[tuple[Column, GridCell]] | None:
    """Which header column each value cell of ``row`` (from index ``first``) sits under; None when
    that cannot be told (then no value of the row is read: a wrong year is worse than none)."""
    by_box = _assign_by_boxes(row, first, header)
    if by_box is not None:
        return by_box
    cells = row.cells
    if len(cells) == len(header.columns) and first >= header.first_value_index() - 1:
        pairs = [(header.columns[k], cells[k]) for k in range(first, len(cells))]
        if not _shifted(pairs):
            return pairs
    after_years = header.first_value_index()
    slots = [c for c in header.columns if c.kind in _VALUE_COLUMNS or (c.kind == "other" and c.index > after_years)]
    values = [c for c in cells[first:] if c.text.strip()]
    if len(values) == len(slots):
        return list(zip(slots, values, strict=True))
    bare = [c for c in values if parse_unit(c.text) is None]
    years = header.years
    if len(bare) == len(years):
        return list(zip(years, bare, strict=True))
    extra = bare[len(years) :]
    if (
        extra
        and all(c.index < years[-1].index for c in header.columns if c.kind == "change")
        and all(c.text.strip().endswith(("%", "％")) for c in extra)
    ):
        return list(zip(years, bare[: len(years)], strict=True))  # changes printed after the year columns
    return None


def _shifted(pairs: list[tuple[Column, GridCell]]) -> bool:
    """A value under a blank header cell while a year column above an empty cell has none (主要数据 |  |
    2014 年 |  | 2015 年 over 总资产 | 4,406.5 |  |  | 5,298.5): the text dump shifted the row's
    tabs, so cells are matched to columns in order instead."""
    stray = any(c.text.strip() and not col.text.strip() and col.kind not in _VALUE_COLUMNS for col, c in pairs)
    empty_year = any(col.kind == "year" and not c.text.strip() for col, c in pairs)
    return stray and empty_year


def _assign_by_boxes(row: GridRow, first: int, header: Header) -> list[tuple[Column, GridCell]] | None:
    slots = [c for c in header.columns if c.kind in ("year", "change", "unit") and c.center is not None]
    values = [c for c in row.cells[first:] if c.text.strip() and c.center is not None]
    if len(slots) < 2 or not values or len(values) != len([c for c in row.cells[first:] if c.text.strip()]):
        return None
    centers = sorted(c.center for c in slots if c.center is not None)
    spacing = min(b - a for a, b in itertools.pairwise(centers)) if len(centers) > 1 else 0
    out: list[tuple[Column, GridCell]] = []
    taken: set[int] = set()
    for cell in values:
        assert cell.center is not None
        column = min(slots, key=lambda c: abs((c.center or 0) - (cell.center or 0)))
        if abs((column.center or 0) - cell.center) > spacing / 2 or column.index in taken:
            return None
        taken.add(column.index)
        out.append((column, cell))
    return out


def _row_unit(cells: list[str]) -> Unit | None:
    """A unit printed in the row's own unit column, or with some of its values (资产总额 1,450 2,257 亿元)."""
    for text in cells:
        unit = parse_unit(text)
        if unit is not None:
            return unit
    for text in cells:
        q = cell_quantity(text)
        if q is not None and q.unit is not None:
            unit = printed_unit(q)
            if unit is not None:
                return unit
    return None


def _choose_unit(
    label: str, row_unit: Unit | None, column: Column | None, table_unit: Unit | None
) -> tuple[Unit | None, str | None]:
    """The unit of a row's bare numbers and where it was stated: the label's (营业收入（亿元）), the
    row's unit column, the column header's (2016 年 (人）), the table's (单位：万元)."""
    for unit, source in (
        (unit_of_annotation(label), "label"),
        (row_unit, "unit_column"),
        (column.unit if column else None, "header"),
        (table_unit, "caption"),
    ):
        if unit is not None:
            return unit, source
    return None, None


def _convert(
    q: Quantity, label: WholeLabel, unit: Unit | None, source: str | None
) -> tuple[Decimal | None, str | None]:
    kpi, units = label.kpi, label.units
    if q.unit is not None:
        return convert(q, kpi, units=units), "number"
    bare = load_catalog().bare_number_units
    if units is not None and kpi.unit not in units:
        bare = frozenset()
    if unit is not None:
        if unit[1] == "count" and kpi.unit in bare:
            return q.value * unit[0], source  # 因工伤死亡人数 | 个 | 0: a generic counting word
        return convert(q, kpi, *unit, units), source  # a stated unit that does not fit the KPI rules it out
    if kpi.unit in bare:
        return q.value, "kpi"  # 员工总人数 | 251,604: a count needs no unit
    return None, None


def cell_quantity(text: str) -> Quantity | None:
    """The one value a table cell holds (a number with its unit), or None (text, dash, several numbers).
    In a cell ``1,407 (26.5%)`` the value is the count (its share: ``cell_share``)."""
    if not text.strip() or _EMPTY_CELL.match(text):
        return None
    m = _COUNT_SHARE.match(text)
    if m is not None:
        q = _one_quantity(m.group("count"))
        if q is None or q.unit == "ratio":
            return None
        return replace(q, start=q.start + m.start("count"), end=q.end + m.start("count"))
    return _one_quantity(text)


def share_cell(cell: GridCell) -> GridCell | None:
    """The bracketed share of a ``1,407 (26.5%)`` cell, as a cell of its own (where it stands)."""
    m = _COUNT_SHARE.match(cell.text)
    if m is None or cell_quantity(cell.text) is None:
        return None
    start = cell.start + m.start("share") if cell.start >= 0 else -1
    return GridCell(m.group("share"), start, cell.bbox)


def _one_quantity(text: str) -> Quantity | None:
    return _one_quantity_in(text, current_currency())


@lru_cache(maxsize=8192)
def _one_quantity_in(text: str, currency: str | None) -> Quantity | None:
    """``_one_quantity`` for a given currency of a bare 元; cached: every table reader of a page
    (reader tables, side-by-side bands, the text grid, header guesses) reads the same cells again."""
    qs = [q for q in find_quantities(text, default_currency=currency, cell=True) if is_value(q)]
    if len(qs) != 1:
        return None
    q = qs[0]
    # 45,960 人（截至 2009 年 12 月 31 日）: a note in brackets after the value says nothing against it
    rest = text[: q.start] + _CELL_NOTE.sub("", text[q.end :])
    return q if _CELL_NOISE.match(rest) else None


_CELL_NOTE = re.compile(r"^\s*[（(][^（()）]{1,30}[)）]")


def _named_money_line(text: str) -> Unit | None:
    """人民币元 alone on its line: a money unit with its currency named (a bare 元 or 万元 alone may
    be an infographic's unit, not a table's)."""
    text = text.strip()
    unit = parse_unit(text) if text and not text[0].isdigit() else None
    if unit is None or unit_dimension(unit[1]) != "currency" or "元" not in text or not _CURRENCY_NAMED.search(text):
        return None
    return unit


_CURRENCY_NAMED = re.compile(r"[^元万千百亿\s]")  # a word besides the magnitude and 元: 人民币, RMB


def _unit_header(row: GridRow) -> Unit | None:
    """项目 | 金额（万元）: a header of a table without years, naming the unit of the values below."""
    texts = row.texts()
    if not 2 <= len(texts) <= 3 or _has_number(texts) or any(ch.isdigit() for ch in row.text):
        return None
    return next((u for t in texts[1:] if (u := unit_of_annotation(t)) is not None), None)


def _unit_line(row: GridRow) -> Unit | None:
    """单位：万元 (and 金额单位：万元, 单位：（元）, 单位：元 币种：人民币) anywhere in a row; or a
    row that is a money unit naming its currency and nothing else (人民币元, 人民币千元: the line
    under a financial statement's title and period, where auditors print the table's unit)."""
    m = _TABLE_UNIT.search(row.text)
    if m is None:
        return _named_money_line(row.text)
    if _COLUMN_UNIT.search(row.text[: m.start()]) and len([t for t in row.texts() if t.strip()]) > 1:
        return None  # 股票名称 | 每股派息（单位：元）: one column's unit in a header, not the table's
    words = m.group(1)
    # the longest unit the words start with: 单位：元币种：人民币 (a lost space) is 元
    return next((u for n in range(len(words), 0, -1) if (u := parse_unit(words[:n])) is not None), None)
