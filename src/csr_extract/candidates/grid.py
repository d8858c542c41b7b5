"""One table model for every way a report prints a table, and the strategies that build it.

A ``Grid`` is rows of ``GridCell`` (text, where it sits in the page's clean text, and its box when it
comes from a PDF). Three strategies make grids, and ``tables.read_grid`` reads them all the same way:

- **text rows**: the lines of the page text, split on tabs or pipes (text conversions print a table
  row as ``营业收入（亿元）\\t45.2\\t48.9``), on wide spaces, or — for a PDF text line such as
  ``营业收入（亿元） 105.24 116 139.42`` — before each number; a whole table a conversion ran into one
  line (a header of years, then label, unit and one number per year, again and again) is split into
  its rows (``run_on_rows``);
- **ruled tables**: the tables the PDF reader found from ruling lines (pdfplumber's lines strategy),
  cells with their boxes;
- **unruled tables**: on PDF pages, cells of a text line are the runs of characters that the
  characters' boxes keep apart by a wide gap, so a value sits under the header cell it is aligned
  with even when a cell of the row is empty.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from ..document import BBox, Table
from ..normalize import fold_chinese
from ..quantities import Quantity, find_quantities
from .base import PageText, current_currency, is_value

_PIPE = re.compile(r"\s*[|｜]\s*")
_WIDE_SPACE = re.compile(r"\S(\s{2,})\S")
_DASH_CELL = re.compile(r"(?<=\s)(?:-|—|–|/|／)(?=\s|$)")
_TOKEN = re.compile(r"\S+")
# a word that starts a row's values: a dash, or a number (damaged or not) with its unit glued on
_VALUE_WORD = re.compile(r"^(?:-|—|–|/|／|[-−+]?\d[\d〇○OoQ,，.．:：]*(?:[%％]|[\u4e00-\u9fff]{1,5})?)$")
_QUALIFIERS = frozenset({"超过", "约", "近", "逾", "达", "超", "约为", "共", "≥", "≤", ">", "<", "＞", "＜"})
_BROKEN_DECIMAL = re.compile(r"\d[.．]\s+\d")
_BROKEN_THOUSANDS = re.compile(r"\d[,，]\s+\d{3}(?![\d.])|\d[,，]\s+\d{3}[.]\d")
_BROKEN_NUMBER = re.compile(r"(?<=\d)([,，.．])\s+(?=\d)")  # OCR: "3, 351", "57. 24" inside one cell
_COLUMN_GAP = 1.6  # a gap wider than this many median character widths separates two cells


@dataclass(slots=True)
class GridCell:
    text: str  # as read: OCR-split numbers joined (3, 351 -> 3,351)
    start: int = -1  # offset of the cell in the page's clean text; -1 when unknown (reader tables)
    bbox: BBox | None = None
    printed: str = ""  # as printed, when that differs from ``text``

    @property
    def center(self) -> float | None:
        return (self.bbox[0] + self.bbox[2]) / 2 if self.bbox else None


@dataclass(slots=True)
class GridRow:
    cells: list[GridCell]
    line_start: int = -1  # the row's line in the page's clean text (-1: a reader table row)
    text: str = ""  # the row's clean text (whitespace squashed), as the rules read it
    evidence: str = ""  # the row as printed (traditional characters kept), its evidence

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Grid:
    rows: list[GridRow]
    source: str  # text, ruled or unruled
    bbox: BBox | None = None
    lines: list[str] = field(default_factory=list)  # text rows: every line of the page, blank ones too


def text_grid(pt: PageText, skip: set[int] | None = None) -> Grid:
    """Every line of the page as a row (blank lines and prose lines too: the reader decides where a
    table starts and ends); lines whose start is in ``skip`` (read from a reader table) are empty."""
    rows: list[GridRow] = []
    lines: list[str] = []
    pos = 0
    boxed = pt.page.boxes is not None
    for line in pt.text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        lines.append(line)
        if skip and start in skip:
            rows.append(GridRow([], start, ""))
            continue
        run_on = None if boxed else run_on_rows(pt, line, start)
        if run_on:
            rows.extend(run_on)
            continue
        cells = split_line(pt, line, start, boxed)
        rows.append(GridRow(cells, start, " ".join(line.split()), pt.snippet(start, pos - 1)))
    return Grid(rows, "unruled" if boxed else "text", lines=lines)


# A table a text conversion ran into one line: a header of two or more years, then rows of a label
# (its unit glued on) and one number per year (``指标单位2014年2015年2016年 综合能耗万吨标准煤1.2 1.1 1.0
# 用水量万吨35 33 30``).
_RUN_ON_HEAD = re.compile(r"^\s*([^\d\s]{0,8}?)\s*((?:(?:19|20)\d{2}\s*年?\s*){2,6})(?=\s)")
_RUN_ON_YEAR = re.compile(r"(?:19|20)\d{2}\s*年?")
_RUN_ON_NUMBER = r"[-−]?\d[\d,]*(?:\.\d+)?%?"
_MIN_RUN_ON_ROWS = 2
_RUN_ON_STOPS = "。，,；;！？：:"  # a label holds no sentence punctuation


def run_on_rows(pt: PageText, line: str, start: int) -> list[GridRow] | None:
    """The rows of a table printed as one line (see ``_RUN_ON_HEAD``): a header row, then one row
    per label with its unit cell split off; None unless at least two such rows follow the header."""
    if "\t" in line or _PIPE.search(line):
        return None
    head = _RUN_ON_HEAD.match(line)
    if head is None:
        return None
    years = [m for m in _RUN_ON_YEAR.finditer(line, head.start(2), head.end(2))]
    name = rf"[^\d\s{_RUN_ON_STOPS}][^\d{_RUN_ON_STOPS}]{{0,29}}?"
    numbers = rf"{_RUN_ON_NUMBER}(?:\s+{_RUN_ON_NUMBER}){{{len(years) - 1}}}"
    group = re.compile(rf"\s*({name})\s*({numbers})(?=\s|$)")
    body: list[GridRow] = []
    pos = head.end()
    while (m := group.match(line, pos)) is not None:
        label, unit = _split_glued_unit(m.group(1).strip())
        at = start + m.start(1)
        cells = [GridCell(label, at)]
        if unit:
            cells.append(GridCell(unit, at + len(label)))
        values = re.finditer(_RUN_ON_NUMBER, line[: m.end(2)])
        cells.extend(GridCell(n.group(0), start + n.start()) for n in values if n.start() >= m.start(2))
        text = " ".join(line[m.start(1) : m.end(2)].split())
        body.append(GridRow(cells, start, text, pt.snippet(at, start + m.end(2))))
        pos = m.end(2)
    if len(body) < _MIN_RUN_ON_ROWS:
        return None
    header = [GridCell(head.group(1), start + head.start(1))] if head.group(1) else []
    header.extend(GridCell(y.group(0).replace(" ", ""), start + y.start()) for y in years)
    top = GridRow(header, start, " ".join(line[: head.end()].split()), pt.snippet(start, start + head.end()))
    return [top, *body]


def _split_glued_unit(text: str) -> tuple[str, str]:
    """``综合能源消费量万吨标准煤`` -> (``综合能源消费量``, ``万吨标准煤``): the longest unit the label
    ends with; the label whole when it ends with none."""
    from .base import parse_unit

    for k in range(1, len(text)):
        if parse_unit(text[k:]) is not None and text[k - 1] not in "（(":
            return text[:k].strip(), text[k:]
    return text, ""


def split_line(pt: PageText, line: str, start: int, boxed: bool = False) -> list[GridCell]:
    """The cells of one text line (see the module docstring for the strategies, in order)."""
    if not line.strip():
        return []
    if "\t" in line:
        return _split_on(line, start, re.compile(r"\t"))
    if _PIPE.search(line.strip(" |｜")):
        return [c for c in _split_on(line, start, _PIPE) if c.text or c.start > start]
    if boxed:
        cells = _split_on_gaps(pt, line, start)
        if len(cells) > 1:
            return cells
    if _WIDE_SPACE.search(line.strip()):
        return _split_on(line, start, re.compile(r"\s{2,}"))
    return _split_before_numbers(pt, line, start)


def _split_on(line: str, start: int, sep: re.Pattern[str]) -> list[GridCell]:
    cells: list[GridCell] = []
    pos = 0
    for m in [*sep.finditer(line), None]:
        end = m.start() if m else len(line)
        part = line[pos:end]
        lead = len(part) - len(part.lstrip())
        text = part.strip(" |｜").strip()  # a pipe left at a cell's edge by the conversion (员工工龄\t| 员工人数)
        cells.append(_cell(text, start + pos + lead))
        pos = m.end() if m else len(line)
    while cells and not cells[-1].text:
        cells.pop()
    return cells


def _cell(text: str, start: int = -1, bbox: BBox | None = None, printed: str = "") -> GridCell:
    joined = _join_broken(text)
    printed = printed or text
    return GridCell(joined, start, bbox, printed if joined != printed else "")


def _join_broken(cell: str) -> str:
    """A space after a thousands separator or a decimal point inside one cell is OCR damage."""
    return _BROKEN_NUMBER.sub(r"\1", cell) if cell[:1].isdigit() or cell[:1] in "-−" else cell


def _split_before_numbers(pt: PageText, line: str, start: int) -> list[GridCell]:
    """``营业收入（亿元） 105.24 116 139.42``: the label, then each number with its unit, and a dash
    standing alone for an empty cell. In such a row a space after a decimal point (``538. 5``) may
    split one number or end another, so the row is not split at all; a space after a thousands
    separator before three digits (``49, 388``) is OCR damage inside one number."""
    whole = GridCell(line.strip(), start + len(line) - len(line.lstrip()))
    if _BROKEN_DECIMAL.search(line):
        return [whole]
    if _BROKEN_THOUSANDS.search(line):
        return _split_repaired(line, start) or [whole]
    # the values start at the first word after the label that is a number (with or without its
    # unit), a number the OCR damaged, or a dash
    body = len(line) - len(line.lstrip())
    word = next((m for m in _TOKEN.finditer(line) if m.start() > body and _VALUE_WORD.match(m.group(0))), None)
    if word is None:
        return [whole]
    first = word.start()
    label = line[:first].strip()
    cells = [GridCell(label, start + line.index(label))] if label else []
    cells.extend(_number_cells(line, start, first))
    return cells


def _split_repaired(line: str, start: int) -> list[GridCell]:
    """``员工人数（人） 49, 388 50,472``: the cells of a row once its broken separators are joined."""
    keep = [i for i in range(len(line)) if not (line[i] == " " and _BROKEN_THOUSANDS.match(line, max(0, i - 2)))]
    joined = "".join(line[i] for i in keep)
    qs = find_quantities(joined, default_currency=current_currency())
    qs = [q for q in qs if is_value(q) and _stands_apart(joined, q)]
    if not qs:
        return []
    label = joined[: qs[0].start].strip()
    cells = [GridCell(label, start + line.index(label))] if label else []
    for q in qs:
        printed = line[keep[q.start] : keep[q.end - 1] + 1]
        cells.append(GridCell(q.raw, start + keep[q.start], None, printed if printed != q.raw else ""))
    return cells


def _stands_apart(text: str, q: Quantity) -> bool:
    """A number set off by spaces (or ending its line), not glued inside a label (COD排放量)."""
    before = text[q.start - 1 : q.start]
    after = text[q.end : q.end + 1]
    return before in ("", " ", "\t", "\n", "：", ":") and after in ("", " ", "\t", "\n")


def _number_cells(line: str, start: int, first: int) -> list[GridCell]:
    """The value cells after a row's label: one per word, a unit joined to the number before it
    (1,958 亿元) and a qualifier to the number after it (超过 330); a number the OCR damaged
    (5,47, 7〇6.64) or a dash stays a cell of its own, so the numbers after it keep their columns."""
    cells: list[GridCell] = []
    pending: tuple[int, str] | None = None  # a qualifier waiting for its number
    for m in _TOKEN.finditer(line, first):
        at, word = start + m.start(), m.group(0)
        if pending is not None:
            at, word = pending[0], line[pending[0] - start : m.end()]
            pending = None
        if cells and _is_number_word(cells[-1].text) and _is_unit_word(word):
            prev = cells.pop()
            cells.append(GridCell(line[prev.start - start : m.end()], prev.start))
        elif word in _QUALIFIERS:
            pending = (at, word)
        else:
            cells.append(GridCell(word, at))
    return cells


def _is_number_word(word: str) -> bool:
    return word[:1].isdigit() or word[:1] in "-−+" or word[-1:].isdigit()


def _is_unit_word(word: str) -> bool:
    from .base import parse_unit

    return not word[:1].isdigit() and parse_unit(word) is not None


def _split_on_gaps(pt: PageText, line: str, start: int) -> list[GridCell]:
    """Cells of a PDF text line: runs of characters that wide gaps between boxes keep apart."""
    boxes = pt.char_boxes()[start : start + len(line)]
    widths = [b[2] - b[0] for ch, b in zip(line, boxes, strict=True) if b is not None and not ch.isspace()]
    if len(widths) < 4:
        return []
    gap_limit = _COLUMN_GAP * statistics.median(widths)
    cells: list[GridCell] = []
    run_start = None
    last_x1 = None
    for i, (ch, b) in enumerate(zip(line, boxes, strict=True)):
        if ch.isspace() or b is None:
            continue
        if run_start is not None and last_x1 is not None and b[0] - last_x1 > gap_limit:
            cells.append(_cell_of(pt, line, start, run_start, i))
            run_start = i
        if run_start is None:
            run_start = i
        last_x1 = b[2]
    if run_start is not None:
        cells.append(_cell_of(pt, line, start, run_start, len(line)))
    return cells


def _cell_of(pt: PageText, line: str, start: int, lo: int, hi: int) -> GridCell:
    text = line[lo:hi].rstrip()
    return _cell(text, start + lo, pt.bbox(start + lo, start + lo + len(text)))


def reader_grid(table: Table) -> Grid:
    """A table the PDF reader found from ruling lines; its cells keep their boxes."""
    rows = []
    for row in table.rows:
        printed = [(c.text or "").strip() for c in row]
        cells = [_cell(fold_chinese(p), -1, c.bbox, p) for p, c in zip(printed, row, strict=True)]
        evidence = " ".join(" ".join(printed).split())
        rows.append(GridRow(cells, -1, " ".join(" ".join(c.text for c in cells).split()), evidence))
    return Grid(rows, "ruled", table.bbox)


def split_side_by_side(grid: Grid, pt: PageText, year_of: Callable[[str], int | None]) -> tuple[Grid, list[Grid]]:
    """Two tables printed side by side in one text row (``\\t\\t2016财年\\t\\t\\t2016财年``, then
    ``男性\\t\\t2,252\\t\\t男性\\t0.68%``): a header row naming one year in several cells, each
    ending a band of cells. From that row until two blank lines, each band becomes a grid of its
    own (the rows keep their lines); the main grid keeps the rows outside. Text rows only: there a
    tab keeps an empty cell's place."""
    if grid.source != "text":
        return grid, []
    bands: list[Grid] = []
    rows = list(grid.rows)
    i = 0
    while i < len(rows):
        ends = _band_ends(rows[i], year_of)
        if not ends:
            i += 1
            continue
        region = _band_region(rows, i)
        starts = [0, *[e + 1 for e in ends[:-1]]]
        stops: list[int | None] = [*[e + 1 for e in ends[:-1]], None]
        for lo, hi in zip(starts, stops, strict=True):
            bands.append(Grid([_band_row(pt, rows[k], lo, hi) for k in region], "text"))
        for k in region:
            rows[k] = GridRow([], rows[k].line_start, "")
        i = region[-1] + 1
    return (Grid(rows, grid.source, grid.bbox, grid.lines), bands) if bands else (grid, [])


_BAND_ROWS = 80  # a side-by-side region ends after this many rows at most


def _band_ends(row: GridRow, year_of: Callable[[str], int | None]) -> list[int]:
    """Indices of a header row's year cells when it holds nothing else and names one year twice or more."""
    texts = row.texts()
    ends = [k for k, t in enumerate(texts) if t.strip() and year_of(t) is not None]
    if len(ends) < 2 or any(t.strip() for k, t in enumerate(texts) if k not in ends):
        return []
    return ends if len({year_of(texts[k]) for k in ends}) == 1 else []


def _band_region(rows: list[GridRow], i: int) -> list[int]:
    region, blanks = [], 0
    for k in range(i, min(len(rows), i + _BAND_ROWS)):
        blanks = 0 if rows[k].cells else blanks + 1
        if blanks >= 2:
            break
        region.append(k)
    return region


def _band_row(pt: PageText, row: GridRow, lo: int, hi: int | None) -> GridRow:
    cells = row.cells[lo:hi]
    while cells and not cells[-1].text:
        cells.pop()
    if not any(c.text for c in cells):
        return GridRow([], row.line_start, "")
    text = " ".join(" ".join(c.text for c in cells).split())
    printed = " ".join(pt.snippet(c.start, c.start + len(c.text)) if c.start >= 0 else c.text for c in cells)
    return GridRow(cells, row.line_start, text, " ".join(printed.split()))
