"""``csr-extract review OUT/_json/<stem>.json`` (or ``OUT``): a static HTML page to check every value
on its page.

One self-contained file per report: no script, no web font, no request; the page crops are JPEG
images embedded in it. Per KPI row it shows the value as printed and in the canonical unit, its
year / period / qualifier, its confidence as a mark, the evidence with the number highlighted, the
crop of the PDF page around the value's box with the box drawn (rendered with pypdfium2), the
column header and cell of a table value, the other readings of the same value (``Report.readings``:
those that agree and those that lost) and the report's warnings; a small SVG chart per KPI across
the report's years. A folder gets one page per report plus ``index.html``.

The JSON output holds all of that except the page images, which need the source PDF: it is looked
for where the run's manifest says it was, then beside the output, and used only when its sha256 is
the one the report was extracted from. Without it the page still shows everything else.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import html
import io
import json
import os
import re
import sys
import webbrowser
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO
from urllib.parse import quote

from pydantic import ValidationError

from .display import QUALIFIER_MARKS, count, format_number, format_value
from .models import BBox, KpiValue, OtherReading, Report, ReportWarning

__all__ = [
    "HIGH_CONFIDENCE",
    "LOW_CONFIDENCE",
    "MAX_PAGE_BYTES",
    "REVIEW_DIR",
    "ReviewError",
    "ReviewResult",
    "conflict_keys",
    "find_source",
    "main",
    "review",
    "row_marks",
    "write_review",
]

REVIEW_DIR = "_review"  # OUT/_review/<stem>.html: beside the dataset, skipped by its readers
LOW_CONFIDENCE = 0.7  # below: marked ? on the console and "low" on the page
HIGH_CONFIDENCE = 0.85
MAX_PAGE_BYTES = 15_000_000  # a review page stays under this whatever the report's length
PAGE_SLACK = 16_000  # bytes kept free below MAX_PAGE_BYTES for the notes that replace left-out crops
MIN_CROP_BYTES = 8_000  # a crop smaller than this is not worth trying for
CROP_SCALE = 2.0  # 144 dpi: sharp when the crop is shown at its natural width on a high-density screen
CROP_WIDTH = 560.0  # points of the page around the box (an A4 page is 595 wide)
CROP_MARGIN = 50.0  # points above and below the box: the neighbouring lines or table rows
BOX_PAD = 3  # pixels between the number and the drawn box
JPEG_QUALITY = 72
EXCERPT_CHARS = 160  # evidence of another reading is cut to this many characters around its number

# box colours on the crops: this value, readings that agree with it, readings that lost
BOX_COLOURS = {"kept": (207, 34, 46), "agrees": (26, 127, 55), "other": (191, 135, 0)}
STATUS_TEXT = {
    "agrees": "agrees",
    "lost": "lost",
    "below_threshold": "below threshold",
    "part": "part of another value",
    "vague": "vague",
    "implausible": "implausible",
    "vetoed": "vetoed",
}
STATUS_ORDER = {"agrees": 0, "below_threshold": 1, "lost": 2, "part": 3, "vague": 4, "implausible": 5, "vetoed": 6}
UNIT_SOURCES = {
    "number": "printed with the number",
    "label": "from the row label",
    "unit_column": "from the table's unit column",
    "header": "from the column header",
    "caption": "from the table's caption line",
    "kpi": "a count: the KPI's own unit",
}
QUALIFIER_WORDS = {
    "more_than": "more than",
    "less_than": "less than",
    "about": "about",
    "at_least": "at least",
    "at_most": "at most",
}
WARNING_KIND_TEXT = {
    "conflict": "conflicting readings",
    "reader": "page not read",
    "no_year": "no report year",
    "no_kpi": "no KPI",
    "other": "other",
}
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")

Key = tuple[str, int, int | None]


class ReviewError(Exception):
    """An input the review cannot use; the message is one line naming it."""


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """One review page written."""

    path: Path
    report: Report
    rows: int
    crops: int
    size: int  # bytes
    source: Path | None
    source_note: str  # why there are no crops ("" when there are, or for text input)


# -- marks -----------------------------------------------------------------------------------------


def conflict_keys(report: Report) -> set[tuple[str, int]]:
    """(KPI, year) of every value another reading disagreed with (the ``conflict`` warnings)."""
    return {(w.kpi_id, w.year) for w in report.warnings if w.kind == "conflict" and w.kpi_id and w.year is not None}


def row_marks(row: KpiValue, conflicts: set[tuple[str, int]]) -> str:
    """``!`` when another reading of the value disagreed, ``?`` when its confidence is low."""
    marks = "!" if (row.kpi_id, row.year) in conflicts else ""
    return marks + ("?" if row.confidence < LOW_CONFIDENCE else "")


def _level(confidence: float) -> str:
    if confidence >= HIGH_CONFIDENCE:
        return "high"
    return "mid" if confidence >= LOW_CONFIDENCE else "low"


# -- finding the report and its source ---------------------------------------------------------------


def load_report(path: Path) -> Report:
    """The report in a JSON output; ``ReviewError`` when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"{path}: not a csr-extract JSON report ({exc})") from None
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReviewError(f"{path}: not a csr-extract JSON report ({where}: {first['msg']})") from None


def report_files(folder: Path) -> list[Path]:
    """The JSON reports of an output folder (``_json/*.json``, or its top-level ``*.json`` when JSON
    was the first format), or of any folder of them."""
    for place in (folder / "_json", folder):
        files = sorted(p for p in place.glob("*.json") if p.is_file() and not p.name.startswith((".", "_")))
        if files:
            return files
    return []


def dataset_folder(json_path: Path) -> Path:
    """The output folder a JSON report belongs to: ``OUT`` for ``OUT/_json/x.json``."""
    parent = json_path.resolve().parent
    return parent.parent if parent.name.startswith("_") else parent


def _is_pdf(report: Report) -> bool:
    return report.page_count is not None or report.source_file.lower().endswith(".pdf")


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _manifest_input(out_dir: Path, stem: str) -> Path | None:
    """Where the run's manifest says the input of ``stem`` was (its path is relative to OUT)."""
    from .batch import read_manifest

    try:
        rows = read_manifest(out_dir)
    except Exception:  # an unreadable manifest only means one place less to look
        return None
    for row in rows:
        if row.get("stem") == stem and row.get("input"):
            return out_dir / str(row["input"])
    return None


def find_source(report: Report, json_path: Path, hint: Path | None = None) -> tuple[Path | None, str]:
    """The PDF ``report`` was extracted from, or None and why not (``""`` for text input, which has
    no pages to show). Looked for at ``hint`` (a file, or a folder holding ``source_file``), where
    the run's manifest says the input was, then beside the output folder and the JSON; a file is
    taken only when its sha256 is the report's."""
    if not _is_pdf(report):
        return None, ""
    out_dir = dataset_folder(json_path)
    candidates: list[Path | None] = []
    if hint is not None:
        candidates.append(hint / report.source_file if hint.is_dir() else hint)
    candidates += [
        _manifest_input(out_dir, json_path.stem),
        out_dir / report.source_file,
        json_path.parent / report.source_file,
        Path(report.source_file),
    ]
    seen: set[Path] = set()
    changed: list[Path] = []
    for candidate in candidates:
        if candidate is None or candidate.resolve() in seen:
            continue
        seen.add(candidate.resolve())
        if candidate.is_file():
            if _sha256(candidate) == report.sha256:
                return candidate, ""
            changed.append(candidate)
    if changed:
        return None, f"{changed[0]} is not the file this report was read from (its sha256 differs); pass --source"
    return None, f"the source PDF {report.source_file} was not found; pass --source to show the page crops"


# -- page crops --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Crop:
    jpeg: bytes
    width: int
    height: int


class PageCrops:
    """Crops of one PDF's pages around boxes, the boxes drawn; each page is loaded once."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument(str(path))
        self.pages: dict[int, Any] = {}

    def __enter__(self) -> PageCrops:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for page in self.pages.values():
            page.close()
        self.pages.clear()
        self.pdf.close()

    def _page(self, number: int) -> Any:
        if number not in self.pages:
            self.pages[number] = self.pdf[number - 1]
        return self.pages[number]

    def crop(self, number: int, box: BBox, others: Sequence[tuple[BBox, str]] = ()) -> Crop | None:
        """The page around ``box`` (boxes in points from the media box's top-left corner, as the
        reader gives them), ``box`` drawn in red and ``others`` in their status's colour; None when
        the page or the box is not there."""
        from PIL import ImageDraw

        if not 1 <= number <= len(self.pdf):
            return None
        page = self._page(number)
        mb_left, _, _, mb_top = page.get_mediabox()
        cb_left, cb_bottom, cb_right, cb_top = page.get_cropbox()
        # what the page shows (its crop box), in the reader's coordinates
        vis_x0, vis_x1 = cb_left - mb_left, cb_right - mb_left
        vis_top, vis_bottom = mb_top - cb_top, mb_top - cb_bottom
        width = max(CROP_WIDTH, box.x1 - box.x0 + 2 * CROP_MARGIN)
        middle = (box.x0 + box.x1) / 2
        x0 = max(vis_x0, min(middle - width / 2, vis_x1 - width))
        x1 = min(vis_x1, x0 + width)
        top = max(vis_top, box.top - CROP_MARGIN)
        bottom = min(vis_bottom, box.bottom + CROP_MARGIN)
        if x1 - x0 < 1 or bottom - top < 1 or box.x1 < vis_x0 or box.x0 > vis_x1:
            return None
        # the reader's boxes ignore /Rotate: turn the page back upright before cutting
        upright = (360 - page.get_rotation()) % 360
        bitmap = page.render(
            scale=CROP_SCALE,
            rotation=upright,
            crop=(x0 - vis_x0, vis_bottom - bottom, vis_x1 - x1, top - vis_top),
        )
        image = bitmap.to_pil().convert("RGB")
        draw = ImageDraw.Draw(image)

        def outline(b: BBox, colour: tuple[int, int, int], line: int) -> None:
            left, upper = (b.x0 - x0) * CROP_SCALE - BOX_PAD, (b.top - top) * CROP_SCALE - BOX_PAD
            right, lower = (b.x1 - x0) * CROP_SCALE + BOX_PAD, (b.bottom - top) * CROP_SCALE + BOX_PAD
            draw.rectangle((left, upper, max(left, right), max(upper, lower)), outline=colour, width=line)

        for other, status in others:
            if other.x1 >= x0 and other.x0 <= x1 and other.bottom >= top and other.top <= bottom:
                outline(other, BOX_COLOURS["agrees" if status == "agrees" else "other"], 2)
        outline(box, BOX_COLOURS["kept"], 3)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        return Crop(buffer.getvalue(), image.width, image.height)


# -- text helpers ------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _spans(evidence: str, raw: str) -> list[tuple[int, int]]:
    """Where ``raw`` (or, failing that, its number) is in ``evidence``: whitespace may differ, and a
    number is not matched inside a longer one."""
    squeezed = "".join(raw.split())
    for needle in (squeezed, _number_text(raw)):
        if not needle:
            continue
        pattern = r"\s*".join(re.escape(ch) for ch in needle)
        if needle[0].isdigit():
            pattern = r"(?<![\d,])(?<!\d\.)" + pattern  # a leader of dots may precede it
        if needle[-1].isdigit():
            pattern += r"(?![\d])"
        found = [(m.start(), m.end()) for m in re.finditer(pattern, evidence)]
        if found:
            return found
    return []


def _number_text(raw: str) -> str:
    match = _NUMBER.search(raw)
    return match.group(0) if match else ""


def highlight(evidence: str, raw: str) -> str:
    """``evidence`` as HTML with every place it prints ``raw`` in ``<mark>``."""
    out, last = [], 0
    for start, end in _spans(evidence, raw):
        out.append(_e(evidence[last:start]))
        out.append(f"<mark>{_e(evidence[start:end])}</mark>")
        last = end
    out.append(_e(evidence[last:]))
    return "".join(out)


def excerpt(evidence: str, raw: str, width: int = EXCERPT_CHARS) -> str:
    """The part of ``evidence`` around its first mention of ``raw``, at most ``width`` characters,
    highlighted."""
    if len(evidence) <= width:
        return highlight(evidence, raw)
    spans = _spans(evidence, raw)
    middle = (spans[0][0] + spans[0][1]) // 2 if spans else 0
    start = max(0, min(middle - width // 2, len(evidence) - width))
    end = start + width
    return ("…" if start else "") + highlight(evidence[start:end], raw) + ("…" if end < len(evidence) else "")


def _exact(value: float) -> Decimal:
    return Decimal(repr(value))


def canonical_text(value: float, unit: str) -> str:
    """The value in the contract's unit with every digit: ``195,800,000,000 CNY``."""
    return f"{format_number(_exact(value))} {unit}"


def _scale_note(row: KpiValue) -> str:
    """``×10⁸`` when the printed number is the value scaled by a unit stated elsewhere (a row label's
    亿元); empty when the number carries its unit or the scale is 1."""
    if row.unit == "ratio" or row.unit_source in (None, "number", "kpi"):
        return ""
    try:
        printed = Decimal(_number_text(row.raw).replace(",", ""))
        factor = abs(_exact(row.value) / printed) if printed else Decimal(0)
    except (InvalidOperation, ArithmeticError):
        return ""
    if factor <= 0 or factor == 1:
        return ""
    exponent = factor.log10()
    if exponent != exponent.to_integral_value():
        return f"×{format_number(factor)}"
    return f"×10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def _short(value: float, unit: str) -> str:
    """A chart label: 4 significant digits at most, in 亿 / 万 for large values, % for ratios."""
    if unit == "ratio":
        return f"{_sig(value * 100)}%"
    for word, scale in (("亿", 1e8), ("万", 1e4)):
        if abs(value) >= scale:
            return f"{_sig(value / scale)}{word}"
    return _sig(value)


def _sig(x: float) -> str:
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    text = f"{x:.4g}"
    return text if "e" not in text else f"{x:f}".rstrip("0").rstrip(".")


def _period(year: int, period_start: int | None) -> str:
    return f"{period_start}–{year}" if period_start else str(year)


def _row_id(kpi_id: str, year: int, period_start: int | None) -> str:
    return f"row-{kpi_id}-{period_start}-{year}" if period_start else f"row-{kpi_id}-{year}"


def _key(row: KpiValue | OtherReading) -> Key:
    return (row.kpi_id, row.year, row.period_start)


def _kpi_names() -> dict[str, str]:
    """English names of the catalog's KPIs (empty when the data dictionary cannot be loaded)."""
    try:
        from .dictionary import load_kpi_docs

        return {kpi_id: doc.name_en for kpi_id, doc in load_kpi_docs().kpis.items()}
    except Exception:  # an output of another version may name KPIs this one does not know
        return {}


# -- the page ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figure:
    """A page crop the page will hold, drawn once the rest of the page is written and its size known."""

    token: str  # the placeholder in the page's text
    row: KpiValue
    near: Sequence[tuple[BBox, str]]  # boxes of other readings on the same page, with their status


@dataclass(slots=True)
class _Page:
    report: Report
    json_path: Path
    source: Path | None
    source_note: str
    index_link: str | None
    conflicts: set[tuple[str, int]] = field(default_factory=set)
    others: dict[Key, list[OtherReading]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    figures: list[_Figure] = field(default_factory=list)


Cell = tuple[str, str]  # (HTML, CSS class)


def _table(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A table that becomes one block per row on a narrow screen, each cell labelled by its header."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(_cell(h, text, cls) for h, (text, cls) in zip(headers, row, strict=True)) + "</tr>"
        for row in rows
    )
    return f'<div class="scroll"><table class="stack"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _cell(header: str, text: str, cls: str) -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<td{klass} data-label="{_e(header)}">{text}</td>'


def _css() -> str:
    return resources.files("csr_extract").joinpath("templates/review.css").read_text(encoding="utf-8")


def _document(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="csr-extract">\n'
        f"<title>{_e(title)}</title>\n<style>\n{_css()}</style>\n</head>\n"
        f'<body>\n<div class="page">\n{body}\n</div>\n</body>\n</html>\n'
    )


def render_page(page: _Page) -> str:
    """The review page of one report as HTML, each page crop a placeholder listed in ``page.figures``
    (``fill_figures`` draws them)."""
    report = page.report
    page.conflicts = conflict_keys(report)
    page.names = _kpi_names()
    others: dict[Key, list[OtherReading]] = defaultdict(list)
    for reading in report.readings:
        others[_key(reading)].append(reading)
    page.others = dict(others)
    by_kpi: dict[str, list[KpiValue]] = defaultdict(list)
    for row in report.kpis:
        by_kpi[row.kpi_id].append(row)
    parts = [_header(page, by_kpi), _attention(page)]
    for kpi_id, rows in by_kpi.items():
        parts.append(_kpi_section(page, kpi_id, rows))
    if not report.kpis:
        parts.append(
            '<section class="kpi"><h2>No KPI found</h2><p class="note">Nothing was read from this report; '
            "its warnings say why.</p></section>"
        )
    parts.append(_warnings(report.warnings))
    parts.append(
        f"<footer>csr-extract {_e(report.extractor_version)} · from {_e(page.json_path.name)} · "
        "every value links to its row; the boxes on the page images are the reader's</footer>"
    )
    who = report.company or report.source_file
    return _document(f"Review: {who} {report.report_year or ''}".strip(), "\n".join(parts))


def _shown_path(path: Path) -> str:
    """A path as short as it is clear: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else os.path.normpath(path.resolve())


def _header(page: _Page, by_kpi: dict[str, list[KpiValue]]) -> str:
    r = page.report
    who = _e(r.company or "company not found")
    code = f' <span class="meta">({_e(r.stock_code)})</span>' if r.stock_code else ""
    year = _e(r.report_year) if r.report_year else "year not found"
    pages = f" · {r.page_count} pages" if r.page_count else " · text input"
    low = sum(1 for k in r.kpis if k.confidence < LOW_CONFIDENCE)
    conflicted = sum(1 for k in r.kpis if (k.kpi_id, k.year) in page.conflicts)
    back = f'<p class="meta"><a href="{_e(page.index_link)}">← all reports</a></p>' if page.index_link else ""
    source = (
        f'<p class="meta">page images from {_e(_shown_path(page.source))}</p>'
        if page.source
        else (f'<p class="note">No page images: {_e(page.source_note)}.</p>' if page.source_note else "")
    )
    nav = " ".join(
        f'<a href="#kpi-{_e(kpi_id)}">{_e(rows[0].kpi_name_zh)} ({len(rows)})</a>' for kpi_id, rows in by_kpi.items()
    )
    return (
        f'<header class="report">{back}<h1>{who}{code} · {year}</h1>'
        f'<p class="meta">{_e(r.source_file)}{pages} · sha256 {_e(r.sha256[:12])}… · '
        f"report id {_e(r.report_id)}</p>{source}"
        f'<p class="counts"><b>{len(r.kpis)}</b> values · '
        f'<span class="conf-low"><b>{low}</b> low confidence (?)</span> · '
        f"<b>{conflicted}</b> with conflicting readings (!) · "
        + (f'<a href="#warnings"><b>{len(r.warnings)}</b> warnings</a> · ' if r.warnings else "<b>0</b> warnings · ")
        + f"<b>{len(r.readings)}</b> other readings</p>"
        f'<nav class="kpis" aria-label="KPIs">{nav}</nav></header>'
    )


def _attention(page: _Page) -> str:
    marked = [(row, row_marks(row, page.conflicts)) for row in page.report.kpis]
    marked = [(row, marks) for row, marks in marked if marks]
    if not marked:
        return ""
    items = "".join(
        f'<li><a href="#{_row_id(*_key(row))}"><b>{_e(marks)}</b> {_e(row.kpi_name_zh)} '
        f"{_e(_period(row.year, row.period_start))}: {_e(row.raw)}</a> "
        f'<span class="meta">(confidence {row.confidence:.2f})</span></li>'
        for row, marks in marked
    )
    return (
        '<section class="attention" aria-labelledby="attention"><h2 id="attention">Check first</h2>'
        f'<p class="note">! another reading of the same value disagreed · ? confidence below {LOW_CONFIDENCE}</p>'
        f'<ul class="plain">{items}</ul></section>'
    )


def _warnings(warnings: list[ReportWarning]) -> str:
    if not warnings:
        return ""
    counts = Counter(w.kind for w in warnings)
    summary = " · ".join(f"{_e(WARNING_KIND_TEXT.get(k, k))}: {n}" for k, n in sorted(counts.items()))
    rows = []
    for w in warnings:
        target = f'<a href="#{_row_id(w.kpi_id, w.year, None)}">{_e(w.kpi_id)}</a>' if w.kpi_id and w.year else ""
        rows.append(
            [
                (_e(w.kind), ""),
                (target or _e(w.kpi_id or ""), ""),
                (_e(w.year or ""), "num"),
                (_e(w.page or ""), "num"),
                (_e(w.message), "evidence"),
            ]
        )
    table = _table(("kind", "KPI", "year", "page", "message"), rows)
    return (
        f'<section class="warnings" aria-labelledby="warnings"><h2 id="warnings">Warnings ({len(warnings)})</h2>'
        f'<p class="meta">{summary}</p>{table}</section>'
    )


def _kpi_section(page: _Page, kpi_id: str, rows: list[KpiValue]) -> str:
    first = rows[0]
    english = page.names.get(kpi_id, "")
    title = (
        f'<h2 id="kpi-{_e(kpi_id)}">{_e(first.kpi_name_zh)} <span class="en">{_e(english or kpi_id)} · '
        f'<code>{_e(kpi_id)}</code></span> <span class="unit">· {_e(first.unit)} · {_e(first.category)}</span></h2>'
    )
    chart = chart_svg(rows, page.conflicts, english or kpi_id)
    ordered = sorted(rows, key=lambda r: (r.period_start is not None, -r.year, r.period_start or 0))
    articles = "".join(_row(page, row) for row in ordered)
    return f'<section class="kpi" aria-labelledby="kpi-{_e(kpi_id)}">{title}{chart}{articles}</section>'


def _confidence(confidence: float) -> str:
    level = _level(confidence)
    sign = {"high": "✓", "mid": "~", "low": "?"}[level]
    word = {"high": "high", "mid": "medium", "low": "low"}[level]
    return (
        f'<span class="conf conf-{level}"><meter min="0" max="1" low="{LOW_CONFIDENCE}" high="{HIGH_CONFIDENCE}" '
        f'optimum="1" value="{confidence:.3f}" aria-hidden="true"></meter>{sign} {confidence:.2f} {word}</span>'
    )


def _row(page: _Page, row: KpiValue) -> str:
    marks = row_marks(row, page.conflicts)
    badges = ""
    if "!" in marks:
        badges += ' <span class="badge conflict">! conflicting readings</span>'
    if "?" in marks:
        badges += ' <span class="badge low">? low confidence</span>'
    mark = QUALIFIER_MARKS.get(row.qualifier or "", "")
    shown = format_value(row.value, row.unit, row.raw, row.qualifier)
    canonical = canonical_text(row.value, row.unit)
    value = (
        f'<p class="value"><span class="printed">{_e(row.raw)}</span> '
        f'<span class="canonical">→ {_e(shown)}'
        + (f" = {_e(mark + ' ' if mark else '')}{_e(canonical)}" if canonical not in shown else "")
        + "</span></p>"
    )
    facts = [
        (
            "Year",
            _e(_period(row.year, row.period_start)) + (" (accumulated over the period)" if row.period_start else ""),
        )
    ]
    if row.qualifier:
        facts.append(("Qualifier", f"{_e(mark)} {_e(QUALIFIER_WORDS.get(row.qualifier, row.qualifier))}"))
    facts.append(("Confidence", _confidence(row.confidence)))
    facts.append(("Read by", f'<span class="trace">{_e(row.trace or row.method)}</span>'))
    where = f"page {row.page}" if row.page else "text input"
    facts.append(("Where", f"{_e(where)}, {_e(row.method)}"))
    if row.method == "table" or row.column:
        facts.append(("Column header", _e(row.column) if row.column else "(not recorded)"))
        facts.append(("Cell", f"<mark>{_e(row.raw)}</mark>"))
    if row.unit_source:
        scale = _scale_note(row)
        facts.append(
            ("Unit", _e(UNIT_SOURCES.get(row.unit_source, row.unit_source)) + (f" ({_e(scale)})" if scale else ""))
        )
    if row.change_yoy is not None:
        facts.append(("Change", f"{row.change_yoy * 100:+.2f}% on the year before"))
    if row.gri or row.hkex:
        codes = " · ".join(
            x for x in (f"GRI {row.gri}" if row.gri else "", f"HKEX {row.hkex}" if row.hkex else "") if x
        )
        facts.append(("Codes", _e(codes)))
    dl = "".join(f"<dt>{name}</dt><dd>{text}</dd>" for name, text in facts)
    label = "Table row" if row.method == "table" else "Evidence"
    evidence = f'<blockquote class="evidence" aria-label="{label}">{highlight(row.evidence, row.raw)}</blockquote>'
    others = page.others.get(_key(row), [])
    row_id = _row_id(*_key(row))
    return (
        f'<article class="row" id="{row_id}" aria-labelledby="{row_id}-h">'
        f'<div class="info"><h3 id="{row_id}-h">{_e(_period(row.year, row.period_start))}{badges}</h3>'
        f'{value}<dl class="facts">{dl}</dl>{evidence}{_others(others)}</div>'
        f"{_figure(page, row, others)}</article>"
    )


def _others(others: list[OtherReading]) -> str:
    if not others:
        return '<p class="note others">No other reading of this value.</p>'
    ordered = sorted(others, key=lambda o: (STATUS_ORDER.get(o.status, 9), -o.confidence, o.page or 0))
    rows = [
        [
            (_e(STATUS_TEXT.get(o.status, o.status)), "status"),
            (f"{o.confidence:.2f}", "num"),
            (_e(o.raw), "num"),
            (_e(o.page or ""), "num"),
            (
                excerpt(o.evidence, o.raw)
                + (f'<br><span class="meta">{_e(o.note)}</span>' if o.note and o.status != "agrees" else "")
                + f'<br><span class="trace meta">{_e(o.trace)}</span>',
                "evidence",
            ),
        ]
        for o in ordered
    ]
    lost = sum(1 for o in others if o.status != "agrees")
    return (
        f'<div class="others"><h3>Other readings: {len(others) - lost} agree, {lost} did not make it</h3>'
        f"{_table(('status', 'confidence', 'printed', 'page', 'evidence'), rows)}</div>"
    )


def _figure(page: _Page, row: KpiValue, others: list[OtherReading]) -> str:
    if row.page is None:
        return '<p class="nocrop">Text input: no page image.</p>'
    if row.bbox is None:
        return f'<p class="nocrop">Page {row.page}: no box recorded for this value.</p>'
    if page.source is None:
        return f'<p class="nocrop">Page {row.page}: page image not available.</p>'
    near = [(o.bbox, o.status) for o in others if o.page == row.page and o.bbox is not None]
    token = f"<!--crop:{len(page.figures)}-->"
    page.figures.append(_Figure(token, row, near))
    return token


def fill_figures(
    text: str, figures: list[_Figure], crops: PageCrops, max_bytes: int = MAX_PAGE_BYTES
) -> tuple[str, int]:
    """The page with its crops drawn in, in page order, while the page stays under ``max_bytes``;
    a crop that does not fit is left out with a note. Returns the page and the crops drawn."""
    room = max_bytes - len(text.encode("utf-8")) - PAGE_SLACK
    drawn: dict[str, str] = {}
    used = 0
    for fig in figures:
        row = fig.row
        assert row.page is not None and row.bbox is not None
        html_text = ""
        if room >= MIN_CROP_BYTES:
            try:
                crop = crops.crop(row.page, row.bbox, fig.near)
            except Exception as exc:  # one page pdfium cannot draw: say so, draw the others
                crop = None
                html_text = f'<p class="nocrop">Page {row.page}: could not be drawn ({_e(type(exc).__name__)}).</p>'
            if crop is None and not html_text:
                html_text = f'<p class="nocrop">Page {row.page}: the box is outside the page.</p>'
            elif crop is not None:
                html_text = _figure_html(row, crop, bool(fig.near))
                cost = len(html_text) - len(fig.token)  # base64 and markup: ASCII, one byte a character
                if cost <= room:
                    room -= cost
                    used += 1
                else:  # the page is full: the crops after this one are left out without drawing them
                    room, html_text = 0, ""
        if not html_text:
            limit = max_bytes / 1_000_000
            html_text = f'<p class="nocrop">Page {row.page}: image left out to keep this page under {limit:g} MB.</p>'
        drawn[fig.token] = html_text
    return re.sub(r"<!--crop:\d+-->", lambda m: drawn.get(m.group(0), m.group(0)), text), used


def _figure_html(row: KpiValue, crop: Crop, near: bool) -> str:
    data = base64.b64encode(crop.jpeg).decode("ascii")
    legend = "red: this value" + ("; green: readings that agree; amber: readings that did not make it" if near else "")
    alt = f"Page {row.page} of the report around {row.raw}, the number boxed in red"
    return (
        f'<figure class="crop"><img src="data:image/jpeg;base64,{data}" width="{round(crop.width / CROP_SCALE)}" '
        f'height="{round(crop.height / CROP_SCALE)}" alt="{_e(alt)}"><figcaption>Page {row.page} · {legend}'
        "</figcaption></figure>"
    )


def chart_svg(rows: Iterable[KpiValue], conflicts: set[tuple[str, int]], label: str) -> str:
    """A bar per year (annual values only), bars coloured by confidence and linked to their rows."""
    annual = sorted((r for r in rows if r.period_start is None), key=lambda r: r.year)
    if not annual:
        return ""
    step, bar, left, plot_top, plot_height = 72, 40, 12, 20, 80
    # room above for a positive bar's label, below for a negative one's, then the years
    width, height = left * 2 + step * len(annual), plot_top + plot_height + 34
    values = [r.value for r in annual]
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0

    def y(v: float) -> float:
        return plot_top + (hi - v) / span * plot_height

    zero = y(0.0)
    parts = []
    for i, r in enumerate(annual):
        x = left + i * step + (step - bar) / 2
        top, size = min(y(r.value), zero), max(abs(y(r.value) - zero), 1.0)
        text = _short(r.value, r.unit) + row_marks(r, conflicts)
        value_y = top - 4 if r.value >= 0 else top + size + 12
        parts.append(
            f'<a href="#{_row_id(r.kpi_id, r.year, None)}"><rect class="bar-{_level(r.confidence)}" '
            f'x="{x:.1f}" y="{top:.1f}" width="{bar}" height="{size:.1f}"><title>{_e(r.year)}: '
            f"{_e(format_value(r.value, r.unit, r.raw, r.qualifier))}</title></rect></a>"
            f'<text x="{x + bar / 2:.1f}" y="{value_y:.1f}" text-anchor="middle">{_e(text)}</text>'
            f'<text x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle">{r.year}</text>'
        )
    described = "; ".join(f"{r.year}: {_short(r.value, r.unit)}" for r in annual)
    return (
        f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{_e(label)} by year: {_e(described)}">'
        f'<line class="axis" x1="{left}" x2="{width - left}" y1="{zero:.1f}" y2="{zero:.1f}"/>'
        f"{''.join(parts)}</svg>"
    )


# -- writing -----------------------------------------------------------------------------------------


def write_review(
    json_path: Path,
    target: Path,
    source: Path | None = None,
    *,
    crops: bool = True,
    index_link: str | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
) -> ReviewResult:
    """Write the review page of the JSON report at ``json_path`` to ``target`` (whole or not at all),
    at most ``max_bytes`` long. ``source`` is where to look for the PDF first (a file or a folder).
    Raises ``ReviewError``."""
    from .errors import OutputError
    from .export import atomic_write

    report = load_report(json_path)
    found, note = find_source(report, json_path, source) if crops else (None, "page images turned off (--no-crops)")
    page = _Page(report, json_path, found, note, index_link)
    text = render_page(page)
    used = 0
    if found is not None:
        try:
            with PageCrops(found) as images:
                text, used = fill_figures(text, page.figures, images, max_bytes)
        except Exception as exc:  # a PDF pdfium cannot open after all: the page without images
            why = f"{found} could not be opened ({type(exc).__name__}: {exc})"
            page = _Page(report, json_path, None, why, index_link)
            text = render_page(page)
    data = text.encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda tmp: Path(tmp).write_bytes(data))
    except OSError as exc:
        raise ReviewError(f"{target}: cannot write: {exc.strerror}") from None
    except OutputError as exc:
        raise ReviewError(f"{target}: {exc.reason}") from None
    return ReviewResult(target, report, len(report.kpis), used, len(data), page.source, page.source_note)


def _index(results: list[ReviewResult], failures: list[tuple[Path, str]], folder: Path) -> str:
    rows = []
    for r in sorted(results, key=lambda r: (r.report.company or "", r.report.report_year or 0, r.path.name)):
        rep = r.report
        conflicts = conflict_keys(rep)
        low = sum(1 for k in rep.kpis if k.confidence < LOW_CONFIDENCE)
        marked = sum(1 for k in rep.kpis if (k.kpi_id, k.year) in conflicts)
        rows.append(
            [
                (f'<a href="{_e(quote(r.path.name))}">{_e(rep.company or "(company not found)")}</a>', ""),
                (_e(rep.stock_code or ""), ""),
                (_e(rep.report_year or ""), "num"),
                (_e(rep.source_file), "evidence"),
                (str(len(rep.kpis)), "num"),
                (str(low), "num conf-low"),
                (str(marked), "num"),
                (str(len(rep.warnings)), "num"),
                (str(r.crops), "num"),
            ]
        )
    failed = "".join(f"<li>{_e(p.name)}: {_e(why)}</li>" for p, why in failures)
    headers = ("company", "stock code", "year", "source", "values", "? low", "! conflicts", "warnings", "page images")
    body = (
        f'<section class="index" aria-labelledby="title"><h1 id="title">Review: {len(results)} reports</h1>'
        f'<p class="meta">{_e(folder)}</p>{_table(headers, rows)}'
        + (f'<h2>Not reviewed</h2><ul class="plain">{failed}</ul>' if failed else "")
        + "</section>"
    )
    return _document(f"Review: {len(results)} reports", body)


def review(
    path: Path | str,
    out: Path | str | None = None,
    source: Path | str | None = None,
    *,
    crops: bool = True,
) -> tuple[list[ReviewResult], list[tuple[Path, str]], Path]:
    """Review pages for a JSON report, or for every report of an output folder (plus ``index.html``).

    Returns the pages written, the reports that could not be reviewed (path, why) and the page to
    open (the report's page, or the index). Default place: ``OUT/_review/``. Raises ``ReviewError``
    when ``path`` is neither."""
    path = Path(path)
    hint = Path(source) if source is not None else None
    if path.is_dir():
        files = report_files(path)
        if not files:
            raise ReviewError(
                f"{path}: no JSON reports here or in {path / '_json'} (extract with --format parquet,json)"
            )
        folder = Path(out) if out is not None else path / REVIEW_DIR
        results, failures = [], []
        for file in files:
            try:
                results.append(
                    write_review(file, folder / f"{file.stem}.html", hint, crops=crops, index_link="index.html")
                )
            except ReviewError as exc:
                failures.append((file, str(exc).removeprefix(f"{file}: ")))
        index = folder / "index.html"
        from .export import atomic_write

        data = _index(results, failures, path).encode("utf-8")
        try:
            atomic_write(index, lambda tmp: Path(tmp).write_bytes(data))
        except Exception as exc:
            raise ReviewError(f"{index}: cannot write ({exc})") from None
        return results, failures, index
    if not path.is_file():
        raise ReviewError(f"{path}: no such file or folder")
    if path.suffix.lower() != ".json":
        hint_text = (
            f"extract it first (csr-extract {path}), then review OUT/_json/{path.stem}.json"
            if path.suffix.lower() in (".pdf", ".txt")
            else f"review reads a JSON report (OUT/_json/{path.stem}.json) or an output folder"
        )
        raise ReviewError(f"{path}: not a JSON report; {hint_text}")
    if out is None:
        target = dataset_folder(path) / REVIEW_DIR / f"{path.stem}.html"
    else:
        out = Path(out)
        target = out if out.suffix.lower() in (".html", ".htm") else out / f"{path.stem}.html"
    result = write_review(path, target, hint, crops=crops)
    return [result], [], result.path


# -- command line ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="csr-extract review",
        description="Write a static HTML page to check each value of a report on its page: the value as\n"
        "printed and in its unit, confidence, evidence, the page crop with the box drawn, the readings\n"
        "that lost, the warnings. No server, no network, no script: open the file in any browser.",
        epilog="examples:\n  csr-extract review data/out/_json/report.json --open\n"
        "  csr-extract review data/out            # one page per report + data/out/_review/index.html\n"
        "  csr-extract review out/_json/r.json --source ~/reports/   # where the PDFs now are",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", metavar="REPORT.json|OUT", help="a JSON report (OUT/_json/<stem>.json) or an output folder")
    p.add_argument(
        "--out", "-o", metavar="PATH", help="the page to write (.html) or its folder (default: OUT/_review/)"
    )
    p.add_argument(
        "--source", metavar="PATH", help="the source PDF, or a folder holding it (default: where it was extracted from)"
    )
    p.add_argument("--no-crops", action="store_true", help="no page images (smaller page, no PDF needed)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    return p


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        results, failures, page = review(args.path, args.out, args.source, crops=not args.no_crops)
    except ReviewError as exc:
        print(f"csr-extract review: error: {exc}", file=err)
        return 2 if not Path(args.path).exists() else 1
    for r in results:
        if not args.quiet:
            print(f"wrote {r.path} ({_summary(r)})", file=out)
        if r.source_note and not args.no_crops:
            print(f"csr-extract review: warning: {r.report.source_file}: {r.source_note}", file=err)
    for path, why in failures:
        print(f"csr-extract review: error: {path}: {why}", file=err)
    if len(results) + len(failures) > 1 and not args.quiet:
        print(f"index: {page}", file=out)
    if args.open:
        _open(page, err)
    return 1 if failures else 0


def _summary(r: ReviewResult) -> str:
    conflicts = conflict_keys(r.report)
    low = sum(1 for k in r.report.kpis if k.confidence < LOW_CONFIDENCE)
    marked = sum(1 for k in r.report.kpis if (k.kpi_id, k.year) in conflicts)
    return (
        f"{count(r.rows, 'value')}, {low} low confidence, {marked} with conflicts, "
        f"{count(len(r.report.warnings), 'warning')}, {count(r.crops, 'page image')}, {r.size / 1e6:.1f} MB"
    )


def _open(page: Path, err: TextIO) -> None:
    try:
        opened = webbrowser.open(page.resolve().as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        print(f"csr-extract review: no browser to open; open {page} yourself", file=err)
