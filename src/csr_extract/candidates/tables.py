"""Values in tables: a label column, a unit in the label or its own column, one column per year.

Tables come from two places: rows of the page text (tab-separated in text dumps, space-separated in
PDF text) under a header line naming two or more years, and the tables the PDF reader found. Both
become a grid of cell strings and are read by the same code. Rows under no year header that hold
one label and one number (an energy table: 电（万千瓦时） 41502.56) give the report year's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..catalog import Kpi
from ..document import BBox, Cell
from ..quantities import Quantity, find_quantities
from .base import (
    PageText,
    Reading,
    convert,
    cues,
    is_value,
    label_flags,
    parse_unit,
    printed_unit,
    squash,
    unit_of_annotation,
)
from .labels import WholeLabel, match_whole_label

_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:年|年度|年末|年底|年报)?\s*(?:[(（][^()（）]{0,8}[)）])?\s*$")
_YEAR_IN_LINE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:\s*(?:年度|年末|年底|年))?(?![\d.])")
_HEADER_WORDS = re.compile(r"^[\s\u4e00-\u9fff/（）()%％]{0,24}$")
_UNIT_HEADER = re.compile(r"^\s*(?:单位|计量单位|单 位)\s*$")
_EMPTY_CELL = re.compile(r"^\s*(?:-+|—+|–|/|／|N/?A|不适用|无)?\s*$", re.IGNORECASE)
_MAX_ROWS = 60
_MAX_SINGLE_ROW = 60
# a one-value row sets its value apart from the label by a space or tab (电（万千瓦时） 41502.56)
_SPACED_VALUE = re.compile(r"\S\s+[-−]?[\d０-９][\d０-９,，.．]*\s*\S{0,8}\s*$")


@dataclass(slots=True)
class Row:
    """One table row: its label and its value cells, as text with their offsets in the page text."""

    label: str
    cells: list[tuple[str, int]]  # (cell text, start offset in page text; -1 when unknown)
    line_start: int
    line_end: int
    evidence: str


def find_tables(pt: PageText) -> tuple[list[Reading], set[int]]:
    """Readings from year-column tables in the text and in reader tables; the line starts read."""
    out: list[Reading] = []
    used_lines: set[int] = set()
    lines = _lines(pt.text)
    i = 0
    while i < len(lines):
        start, line = lines[i]
        years = _header_years(line, pt.report_year)
        if years is None:
            i += 1
            continue
        header_cells = line.split("\t") if "\t" in line else None
        used_lines.add(start)
        table_unit = _table_unit(lines, i)
        rows, i = _rows_below(pt, lines, i + 1)
        for row in rows:
            cands = _read_row(pt, row, years, header_cells, table_unit)
            if cands is not None:
                out.extend(cands)
                used_lines.add(row.line_start)
    single, single_lines = _single_value_rows(pt, lines, used_lines)
    out.extend(single)
    used_lines |= single_lines
    for table in pt.page.tables:
        out.extend(_read_grid(pt, table.rows))
    return out, used_lines


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _header_years(line: str, report_year: int) -> list[int] | None:
    """The years of a header line (``2021 年 2020 年 2019 年``, ``指标\t2016年\t2015年``,
    ``项目\t本报告期\t上年同期``), or None."""
    if "\t" in line:
        cells = line.split("\t")
        years = [y for c in cells if (y := cell_year(c, report_year)) is not None]
        others = [c for c in cells if c.strip() and cell_year(c, report_year) is None]
        if len(years) >= 2 and len(set(years)) == len(years) and all(len(c.strip()) <= 24 for c in others):
            return years
        return None
    found = list(_YEAR_IN_LINE.finditer(line))
    if len(found) < 2:
        return _relative_header(line, report_year)
    rest = _YEAR_IN_LINE.sub(" ", line)
    if not _HEADER_WORDS.match(rest):
        return None
    years = [int(m.group(1)) for m in found]
    return years if len(set(years)) == len(years) else None


def cell_year(cell: str, report_year: int) -> int | None:
    """The year a header cell names: 2020年, 2020, 本报告期 (the report's), 上年同期 (the one before)."""
    m = _YEAR_CELL.match(cell)
    if m:
        return int(m.group(1))
    word = re.sub(r"\s+", "", cell)
    if word in cues().current_period_columns:
        return report_year
    if word in cues().previous_period_columns:
        return report_year - 1
    return None


def _relative_header(line: str, report_year: int) -> list[int] | None:
    if not _relative_words().search(line):
        return None
    words = line.split()
    years = [y for w in words if (y := cell_year(w, report_year)) is not None]
    if len(years) >= 2 and len(set(years)) == len(years) and len(words) - len(years) <= 2:
        return years
    return None


@cache
def _relative_words() -> re.Pattern[str]:
    words = (*cues().current_period_columns, *cues().previous_period_columns)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


_TABLE_UNIT = re.compile(r"(?:单位|计量单位)\s*[:：]\s*([^\s,，;；)）]{1,10})")


def _table_unit(lines: list[tuple[int, str]], header: int) -> tuple[Decimal, str] | None:
    """A unit stated for the whole table (单位：人民币万元) on the header line or just around it."""
    for k in (header, header - 1, header - 2, header + 1):
        if 0 <= k < len(lines):
            m = _TABLE_UNIT.search(lines[k][1])
            if m:
                return parse_unit(m.group(1))
    return None


def _rows_below(pt: PageText, lines: list[tuple[int, str]], i: int) -> tuple[list[Row], int]:
    rows: list[Row] = []
    blanks = 0
    while i < len(lines) and len(rows) < _MAX_ROWS:
        start, line = lines[i]
        if not line.strip():
            blanks += 1
            if blanks >= 2:
                break
            i += 1
            continue
        blanks = 0
        if _header_years(line, pt.report_year) is not None or ("。" in line and len(line) > 40):
            break
        row = _split_row(pt, line, start)
        if row is not None:
            rows.append(row)
        i += 1
    return rows, i


_BROKEN_DECIMAL = re.compile(r"\d[.．]\s+\d")  # OCR split 332.6 into "332. 6": cells cannot be told apart


def _split_row(pt: PageText, line: str, start: int) -> Row | None:
    if _BROKEN_DECIMAL.search(line):
        return None
    if "\t" in line:
        cells, pos = [], start
        for part in line.split("\t"):
            cells.append((part.strip(), pos + len(part) - len(part.lstrip())))
            pos += len(part) + 1
        label = cells[0][0]
        return Row(label, cells[1:], start, start + len(line), squash(line)) if label else None
    qs = [q for q in pt.quantities_between(start, start + len(line)) if is_value(q)]
    if not qs:
        return None
    first = qs[0].start - start
    dash = _DASH_CELL.search(line, 0, first)
    if dash is not None:
        first = dash.start()
    label = line[:first].strip()
    if not label:
        return None
    return Row(label, _space_cells(line, start, first, qs), start, start + len(line), squash(line))


_DASH_CELL = re.compile(r"(?<=\s)(?:-|—|–)(?=\s|$)")


def _space_cells(line: str, start: int, first: int, qs: list[Quantity]) -> list[tuple[str, int]]:
    """Value cells of a space-separated row: each number with its unit, or a placeholder dash."""
    cells: list[tuple[str, int]] = []
    pos = first
    for q in qs:
        rel = q.start - start
        cells.extend((m.group(0), start + m.start()) for m in _DASH_CELL.finditer(line, pos, rel))
        cells.append((q.raw, q.start))
        pos = q.end - start
    cells.extend((m.group(0), start + m.start()) for m in _DASH_CELL.finditer(line, pos))
    return cells


def _read_row(
    pt: PageText,
    row: Row,
    years: list[int],
    header_cells: list[str] | None,
    table_unit: tuple[Decimal, str] | None = None,
) -> list[Reading] | None:
    found = match_whole_label(row.label)
    if found is None:
        return None
    values = [c for c in row.cells]
    if header_cells is not None and len(header_cells) - 1 == len(values):
        year_cells = [
            (y, values[k]) for k, h in enumerate(header_cells[1:]) if (y := cell_year(h, pt.report_year)) is not None
        ]
    elif len(values) == len(years) or (len(values) > len(years) and _are_changes(values[len(years) :])):
        year_cells = list(zip(years, values[: len(years)], strict=True))
    else:
        return None
    unit = unit_of_annotation(row.label) or _sibling_unit([c for c, _ in row.cells]) or table_unit
    out: list[Reading] = []
    for year, (cell, offset) in year_cells:
        cand = _cell_candidate(pt, found.kpi, cell, offset, year, unit, row.evidence, found.prefix)
        if cand is not None:
            out.append(cand)
    return out


def _are_changes(cells: list[tuple[str, int]]) -> bool:
    """Cells after the year columns may only be changes (12.5%, -3.1%); anything else means the row
    was split wrongly (OCR prints 49.92 as "49. 92") and its cells cannot be matched to years."""
    return all(c.strip().endswith(("%", "％")) or _EMPTY_CELL.match(c) for c, _ in cells)


def _sibling_unit(cells: list[str]) -> tuple[Decimal, str] | None:
    """A unit printed with some values of a row (or in its unit column) applies to its bare values:
    ``资产总额 1,450 2,257 亿元``."""
    for cell in reversed(cells):
        for q in find_quantities(cell):
            if is_value(q) and q.unit is not None:
                unit = printed_unit(q)
                if unit is not None:
                    return unit
        unit = parse_unit(cell)
        if unit is not None:
            return unit
    return None


def _cell_candidate(
    pt: PageText,
    kpi: Kpi,
    cell: str,
    offset: int,
    year: int,
    unit: tuple[Decimal, str] | None,
    evidence: str,
    prefix: str,
    rule: str = "table.cell",
    bbox: BBox | None = None,
) -> Reading | None:
    if _EMPTY_CELL.match(cell):
        return None
    qs = [q for q in find_quantities(cell) if is_value(q)]
    if len(qs) != 1:
        return None
    q = qs[0]
    scale, unit_code = unit if unit else (None, None)
    value = convert(q, kpi, scale, unit_code)
    if value is None:
        return None
    start = offset + q.start if offset >= 0 else -1
    return Reading(
        kpi=kpi,
        value=value,
        year=year,
        qualifier=q.qualifier,
        raw=squash(q.raw),
        evidence=evidence,
        rule=rule,
        flags=label_flags(prefix),
        page=pt.page_number,
        bbox=pt.bbox(start, start + len(q.raw)) if start >= 0 else bbox,
        offset=start,
    )


def _single_value_rows(
    pt: PageText, lines: list[tuple[int, str]], used: set[int]
) -> tuple[list[Reading], set[int]]:
    """Rows of a table without year columns: label cell, one value (a unit in the label or the value)."""
    rows: list[tuple[Row, WholeLabel, int]] = []
    for k, (start, line) in enumerate(lines):
        if start in used or len(line) > _MAX_SINGLE_ROW or not any(ch.isdigit() for ch in line):
            continue
        row = _split_row(pt, line, start)
        if row is None or len(row.cells) != 1 or not _SPACED_VALUE.search(line):
            continue
        found = match_whole_label(row.label)
        if found is not None:
            rows.append((row, found, k))
    out: list[Reading] = []
    read: set[int] = set()
    for row, found, k in rows:
        unit = unit_of_annotation(row.label) or _unit_above(lines, k)
        cell, offset = row.cells[0]
        cand = _cell_candidate(
            pt, found.kpi, cell, offset, pt.report_year, unit, row.evidence, found.prefix, "table.single"
        )
        if cand is not None:
            out.append(cand)
            read.add(row.line_start)
    return out, read


_UNIT_REACH = 8  # lines above a row in which its table's unit may be stated


def _unit_above(lines: list[tuple[int, str]], k: int) -> tuple[Decimal, str] | None:
    """The unit of the table a row sits in: a 单位：万元 line or a header such as 项目\t金额（万元）,
    looked for in the lines above up to a blank line."""
    for j in range(k - 1, max(-1, k - 1 - _UNIT_REACH), -1):
        line = lines[j][1]
        if not line.strip():
            return None
        m = _TABLE_UNIT.search(line)
        if m:
            return parse_unit(m.group(1))
        if not any(ch.isdigit() for ch in line) and ("\t" in line or "  " in line.strip()):
            unit = unit_of_annotation(line)
            if unit is not None:
                return unit
    return None


def _read_grid(pt: PageText, grid: list[list[Cell]]) -> list[Reading]:
    """A reader table: find the year header row, then read each labelled row below it."""
    out: list[Reading] = []
    header: list[str] | None = None
    unit_col: int | None = None
    for row in grid:
        cells = [c.text or "" for c in row]
        if sum(1 for c in cells if cell_year(c, pt.report_year) is not None) >= 2:
            header = cells
            unit_col = next((k for k, c in enumerate(cells) if _UNIT_HEADER.match(c)), None)
            continue
        label_at = next((k for k, c in enumerate(cells) if c.strip()), None)
        if label_at is None:
            continue
        found = match_whole_label(cells[label_at])
        if found is None:
            continue
        unit = unit_of_annotation(cells[label_at])
        if unit is None and unit_col is not None and unit_col < len(cells):
            unit = parse_unit(cells[unit_col])
        evidence = squash(" ".join(c for c in cells if c))
        if header is None:
            values = [k for k in range(label_at + 1, len(cells)) if cells[k].strip() and k != unit_col]
            if len(values) == 1:
                k = values[0]
                cand = _cell_candidate(
                    pt, found.kpi, cells[k], -1, pt.report_year, unit, evidence, found.prefix, "table.single",
                    bbox=row[k].bbox,
                )
                if cand:
                    out.append(cand)
            continue
        for k, h in enumerate(header):
            year = cell_year(h, pt.report_year)
            if year is not None and k < len(cells) and k != label_at:
                cand = _cell_candidate(
                    pt, found.kpi, cells[k], -1, year, unit, evidence, found.prefix, bbox=row[k].bbox
                )
                if cand:
                    out.append(cand)
    return out
