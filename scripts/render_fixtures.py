"""Render the reader's test PDFs from text with reportlab and the built-in CJK font STSong-Light.

Every function writes one PDF to ``path`` and returns what the test needs to check it (the lines drawn,
the position of a number, ...). The content is invented KPI snippets or the project's sample text.

    python scripts/render_fixtures.py OUTDIR [SEED.txt]   # writes every fixture into OUTDIR
    python scripts/render_fixtures.py --images SOURCE.pdf OUT.pdf [PAGES]  # an image-only copy ("40-60,72")
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
MARGIN = 56.0
SIZE = 11.0
LEADING = 17.0
YEARS = ("2019年", "2020年", "2021年")
# Invented KPI rows: label, then one value per year in YEARS.
KPI_ROWS = (
    ("营业收入（亿元）", "105.24", "116", "139.42"),
    ("利润总额（亿元）", "8.31", "9.06", "12.75"),
    ("员工总数（人）", "12,406", "13,118", "13,972"),
    ("安全培训覆盖率（%）", "96.5", "98.2", "100"),
    ("温室气体排放量（万吨）", "45.6", "43.1", "40.8"),
)
UNRULED_ROWS = (
    ("能源消耗总量（万吨标准煤）", "12.8", "12.1", "11.6"),
    ("新鲜水用量（万立方米）", "356", "331", "318"),
    ("公益捐赠（万元）", "1,280", "1,450", "1,620"),
)


def register_font() -> str:
    """Register STSong-Light once; reportlab ships it, so no font file is needed."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def new_canvas(path: Path, **kwargs: object) -> canvas.Canvas:
    register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, **kwargs)  # invariant: same bytes every run
    pdf.setTitle("csr-extract 测试样本")
    return pdf


def wrap_text(text: str, width: float, size: float = SIZE) -> list[str]:
    """Break each source line into lines no wider than ``width`` (character by character, as CJK wraps)."""
    register_font()
    out: list[str] = []
    for source in text.splitlines():
        line, used = "", 0.0
        for ch in source:
            w = pdfmetrics.stringWidth(ch, FONT, size)
            if line and used + w > width:
                out.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        out.append(line)
    return out


def draw_columns(pdf: canvas.Canvas, lines: Sequence[str], columns: int) -> None:
    """Fill columns top to bottom, then left to right, adding pages as needed; blank lines stay gaps."""
    gap = 24.0
    col_w = (PAGE_W - 2 * MARGIN - gap * (columns - 1)) / columns
    per_col = int((PAGE_H - 2 * MARGIN) // LEADING)
    pos = 0
    while pos < len(lines):
        pdf.setFont(FONT, SIZE)
        for col in range(columns):
            x = MARGIN + col * (col_w + gap)
            for row in range(per_col):
                if pos >= len(lines):
                    break
                pdf.drawString(x, PAGE_H - MARGIN - SIZE - row * LEADING, lines[pos])
                pos += 1
        pdf.showPage()


def render_single_column(text: str, path: Path) -> list[str]:
    """Render ``text`` in one column; returns the drawn lines."""
    lines = wrap_text(text, PAGE_W - 2 * MARGIN)
    pdf = new_canvas(path)
    draw_columns(pdf, lines, 1)
    pdf.save()
    return lines


def render_two_column(text: str, path: Path) -> list[str]:
    """Render ``text`` in two columns (the left one is read first); returns the drawn lines."""
    lines = wrap_text(text, (PAGE_W - 2 * MARGIN - 24.0) / 2)
    pdf = new_canvas(path)
    draw_columns(pdf, lines, 2)
    pdf.save()
    return lines


def draw_table(
    pdf: canvas.Canvas, top: float, rows: Sequence[Sequence[str]], *, ruled: bool
) -> dict[str, tuple[float, float]]:
    """Draw rows as a table, first row at ``top`` (from the page top); returns cell text -> (x, top)."""
    widths = (190.0, 90.0, 90.0, 90.0)
    row_h = 22.0
    drawn: dict[str, tuple[float, float]] = {}
    pdf.setFont(FONT, 10)
    for r, row in enumerate(rows):
        y_top = top + r * row_h
        x = MARGIN
        for c, cell in enumerate(row):
            tx = x + 6 if c == 0 else x + widths[c] - 6 - pdfmetrics.stringWidth(cell, FONT, 10)
            pdf.drawString(tx, PAGE_H - (y_top + 15), cell)
            drawn.setdefault(cell, (tx, y_top + 15 - 10))
            x += widths[c]
    if ruled:
        pdf.setLineWidth(0.6)
        right = MARGIN + sum(widths)
        bottom = top + len(rows) * row_h
        for r in range(len(rows) + 1):
            y = PAGE_H - (top + r * row_h)
            pdf.line(MARGIN, y, right, y)
        x = MARGIN
        for w in (0.0, *widths):
            x += w
            pdf.line(x, PAGE_H - top, x, PAGE_H - bottom)
    return drawn


def render_kpi_tables(path: Path) -> dict[str, tuple[float, float]]:
    """One page: a heading, a ruled KPI table with year columns, then an unruled one.

    Returns where each cell text was drawn: (x0, top) in pdfplumber's convention.
    """
    pdf = new_canvas(path)
    pdf.setFont(FONT, 14)
    pdf.drawString(MARGIN, PAGE_H - 80, "关键绩效指标")
    drawn = draw_table(pdf, 100.0, [("指标", *YEARS), *KPI_ROWS], ruled=True)
    pdf.setFont(FONT, 12)
    pdf.drawString(MARGIN, PAGE_H - 260, "环境绩效")
    drawn |= draw_table(pdf, 280.0, [("指标", *YEARS), *UNRULED_ROWS], ruled=False)
    pdf.showPage()
    pdf.save()
    return drawn


def render_table_over_pages(path: Path, *, repeat_header: bool) -> None:
    """A ruled KPI table split over two pages, with or without the header repeated on the second."""
    pdf = new_canvas(path)
    header = ("指标", *YEARS)
    filler = [f"第{i}段正文，说明本报告的编制范围与数据口径。" for i in range(1, 26)]
    pdf.setFont(FONT, SIZE)
    for i, line in enumerate(filler):
        pdf.drawString(MARGIN, PAGE_H - MARGIN - SIZE - i * LEADING, line)
    draw_table(pdf, 560.0, [header, *KPI_ROWS[:3]], ruled=True)
    pdf.showPage()
    rest = [header, *KPI_ROWS[3:]] if repeat_header else list(KPI_ROWS[3:])
    draw_table(pdf, 70.0, rest, ruled=True)
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, PAGE_H - 260, "以上数据均经第三方鉴证。")
    pdf.showPage()
    pdf.save()


def render_big_numbers(path: Path) -> dict[str, tuple[float, float]]:
    """Big-number boxes as on report covers: a label above, a large number, its unit smaller beside it."""
    pdf = new_canvas(path)
    boxes = (("科技研发投入", "13.57", "亿元"), ("员工总数", "36,000", "余人"), ("对外捐赠", "1.47", "亿元"))
    drawn: dict[str, tuple[float, float]] = {}
    for i, (label, number, unit) in enumerate(boxes):
        x = MARGIN + i * 165
        pdf.setLineWidth(1)
        pdf.roundRect(x, PAGE_H - 230, 150, 110, 8)
        pdf.setFont(FONT, 11)
        pdf.drawString(x + 12, PAGE_H - 145, label)
        pdf.setFont("Helvetica-Bold", 34)
        pdf.drawString(x + 12, PAGE_H - 195, number)
        drawn[number] = (x + 12, 195 - 34 * 0.718)  # cap height of Helvetica
        width = pdfmetrics.stringWidth(number, "Helvetica-Bold", 34)
        pdf.setFont(FONT, 12)
        pdf.drawString(x + 16 + width, PAGE_H - 195, unit)
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, PAGE_H - 280, "2021 年 12 月，公司获评省级绿色工厂。")
    pdf.showPage()
    pdf.save()
    return drawn


def draw_runs(pdf: canvas.Canvas, x: float, y: float, runs: Iterable[tuple[str, float, float]]) -> None:
    """Draw (text, size, rise) runs one after another on a baseline; rise > 0 raises, < 0 lowers."""
    for text, size, rise in runs:
        pdf.setFont(FONT, size)
        pdf.drawString(x, y + rise, text)
        x += pdfmetrics.stringWidth(text, FONT, size)


def render_subscript(path: Path) -> None:
    """CO₂ with a lowered small 2, m³ with a raised small 3, and numbers that must stay apart."""
    pdf = new_canvas(path)
    y = PAGE_H - 100
    draw_runs(pdf, MARGIN, y, [("二氧化碳（CO", 12, 0), ("2", 7, -3), ("）排放量 45.6 万吨。", 12, 0)])
    draw_runs(pdf, MARGIN, y - 30, [("年用水量 356 万 m", 12, 0), ("3", 7, 5), ("，同比下降 3.2%。", 12, 0)])
    draw_runs(
        pdf,
        MARGIN,
        y - 60,
        [("SO", 12, 0), ("2", 7, -3), (" 排放 12 吨，NO", 12, 0), ("x", 7, -3), (" 排放 8 吨。", 12, 0)],
    )
    # Two real numbers in separate table-like columns must not be glued together.
    pdf.setFont(FONT, 12)
    pdf.drawString(MARGIN, y - 90, "年度 2020")
    pdf.drawString(MARGIN + 150, y - 90, "2021")
    pdf.drawString(MARGIN, y - 110, "12")
    pdf.drawString(MARGIN, y - 125, "15")
    pdf.showPage()
    pdf.save()


def render_line_wraps(path: Path) -> None:
    """A line-end hyphen inside a CJK paragraph (PDFium joins the lines as one hyphenated word and
    writes no line break), and an infographic number in a box with the heading of the next text box
    below-left of it (their lines must stay apart)."""
    pdf = new_canvas(path)
    pdf.setFont(FONT, SIZE)
    top = PAGE_H - 100
    pdf.drawString(MARGIN + 200, top, "成功开辟乌兰察布-")
    pdf.drawString(MARGIN, top - LEADING, "明斯克中欧班列，填补了中国北方空白。")
    pdf.setLineWidth(1)
    pdf.roundRect(MARGIN + 200, top - 120, 150, 70, 8)
    pdf.setFont(FONT, 18)
    pdf.drawString(MARGIN + 212, top - 95, "1,958 亿元")
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, top - 140, "提供医疗服务支援")
    pdf.showPage()
    pdf.save()


def render_fake_bold(path: Path) -> None:
    """Bold faked by drawing the same text twice with a tiny offset, as some report generators do."""
    pdf = new_canvas(path)
    pdf.setFont(FONT, 14)
    for dx in (0.0, 0.35):
        pdf.drawString(MARGIN + dx, PAGE_H - 100, "安全生产投入 2.36 亿元")
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, PAGE_H - 130, "全年未发生较大及以上安全生产事故。")
    pdf.showPage()
    pdf.save()


def render_image_only(path: Path) -> None:
    """Page 1 has text; page 2 has only graphics, as a scanned page looks to a text reader."""
    pdf = new_canvas(path)
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, PAGE_H - 100, "本页有文字：营业收入 116 亿元。")
    pdf.showPage()
    for i in range(40):
        pdf.setFillGray(0.2 + (i % 7) / 10)
        pdf.rect(MARGIN + (i % 8) * 60, PAGE_H - 150 - (i // 8) * 60, 50, 40, fill=1, stroke=0)
    pdf.showPage()
    pdf.save()


# Lines drawn last glyph first (see render_last_first); the numbers are invented.
LAST_FIRST_GLYPHS = (
    "截至2020年12月31日，公司员工总数7,711人。",
    "全年实现营业收入116亿元，同比增长3.2%。",
)
LAST_FIRST_RUNS = (
    "2020年公司对外捐赠总额1,280万元。",
    "Employees at 31 December 2020: 7,711",
)


def glyph_positions(line: str, font: str, size: float, x0: float) -> tuple[list[float], list[float]]:
    """Left edge and width of every character of ``line`` set from ``x0``."""
    widths = [pdfmetrics.stringWidth(ch, font, size) for ch in line]
    lefts = [x0 + sum(widths[:i]) for i in range(len(line))]
    return lefts, widths


def draw_backwards(pdf: canvas.Canvas, x0: float, y: float, line: str, font: str, size: float) -> None:
    """One text object (one ``TJ``) that sets the line's last glyph first and steps back to each earlier
    one: every glyph lands at its place, but in the content stream the line runs backwards."""
    lefts, widths = glyph_positions(line, font, size, x0)
    parts: list[str] = []
    for k in range(len(line) - 1, -1, -1):
        code = line[k].encode("utf-16-be" if font == FONT else "latin-1").hex()  # STSong-Light is UCS-2
        parts.append(f"<{code}>")
        if k:  # the pen stands at the end of glyph k; a positive TJ number moves it left
            parts.append(f"{(lefts[k] + widths[k] - lefts[k - 1]) * 1000 / size:.3f}")
    text = pdf.beginText(lefts[-1], y)
    text.setFont(font, size)
    text._code.append("[" + " ".join(parts) + "] TJ")
    pdf.drawText(text)


def render_last_first(path: Path) -> list[list[str]]:
    """Lines drawn from their end back to their start, each glyph at its place left to right, as some
    producers (Hong Kong filings, design tools) do: text extraction returns them backwards.

    Page 1 draws each glyph as its own string, last first (one-glyph strings in STSong-Light reach
    the reader through pdfplumber); page 2 draws each line as one text object stepping back glyph by
    glyph (read through PDFium), a CJK line and a Latin one. Returns the lines of each page."""
    pdf = new_canvas(path)
    for row, line in enumerate(LAST_FIRST_GLYPHS):
        y = PAGE_H - 100 - row * LEADING
        lefts, _ = glyph_positions(line, FONT, SIZE, MARGIN)
        pdf.setFont(FONT, SIZE)
        for ch, x in reversed(list(zip(line, lefts, strict=True))):
            pdf.drawString(x, y, ch)
    pdf.showPage()
    for row, line in enumerate(LAST_FIRST_RUNS):
        font = FONT if row == 0 else "Helvetica"
        draw_backwards(pdf, MARGIN, PAGE_H - 100 - row * LEADING, line, font, SIZE)
    pdf.showPage()
    pdf.save()
    return [list(LAST_FIRST_GLYPHS), list(LAST_FIRST_RUNS)]


def render_blank(path: Path, pages: int = 2) -> None:
    """Pages with graphics only: no page has a text layer."""
    pdf = new_canvas(path)
    for _ in range(pages):
        pdf.rect(MARGIN, MARGIN, 200, 100, fill=1)
        pdf.showPage()
    pdf.save()


def render_encrypted(path: Path, password: str = "secret") -> None:
    """A PDF that needs a user password to open."""
    pdf = new_canvas(path, encrypt=StandardEncryption(password, ownerPassword="owner", strength=128))
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, PAGE_H - 100, "加密文档：营业收入 116 亿元。")
    pdf.showPage()
    pdf.save()


def render_pages(path: Path, pages: int, *, labels: bool = False) -> None:
    """``pages`` short pages numbered in the text; with ``labels``, roman labels then arabic from 1."""
    pdf = new_canvas(path)
    if labels:
        pdf.addPageLabel(0, style="ROMAN_LOWER")
        pdf.addPageLabel(min(2, pages - 1), style="ARABIC", start=1)
    for i in range(1, pages + 1):
        pdf.setFont(FONT, SIZE)
        pdf.drawString(MARGIN, PAGE_H - 100, f"第 {i} 页：员工总数 {1000 + i} 人。")
        pdf.showPage()
    pdf.save()


def render_grid(path: Path, rows: Sequence[Sequence[str]], *, ruled: bool, above: Sequence[str] = ()) -> None:
    """One page: the lines ``above`` (a caption, a unit line), then ``rows`` as a table whose first
    column is left-aligned and the others right-aligned, with or without ruling lines."""
    pdf = new_canvas(path)
    pdf.setFont(FONT, 10)
    for i, line in enumerate(above):
        pdf.drawString(MARGIN, PAGE_H - (90 + i * 18), line)
    top = 100.0 + 18 * len(above)
    columns = max(len(r) for r in rows)
    # each column as wide as its widest cell plus padding, as a typesetter would set it
    widths = [max(pdfmetrics.stringWidth(r[c], FONT, 10) for r in rows if c < len(r)) + 24.0 for c in range(columns)]
    row_h = 22.0
    for r, row in enumerate(rows):
        x = MARGIN
        for c, cell in enumerate(row):
            tx = x + 6 if c == 0 else x + widths[c] - 6 - pdfmetrics.stringWidth(cell, FONT, 10)
            pdf.drawString(tx, PAGE_H - (top + r * row_h + 15), cell)
            x += widths[c]
    if ruled:
        pdf.setLineWidth(0.6)
        right = MARGIN + sum(widths)
        for r in range(len(rows) + 1):
            pdf.line(MARGIN, PAGE_H - (top + r * row_h), right, PAGE_H - (top + r * row_h))
        x = MARGIN
        for w in (0.0, *widths):
            x += w
            pdf.line(x, PAGE_H - top, x, PAGE_H - (top + len(rows) * row_h))
    pdf.showPage()
    pdf.save()


SCAN_DPI = 200  # an office scanner's usual resolution for text


def render_as_images(source: Path, path: Path, pages: Sequence[int] | None = None, dpi: int = SCAN_DPI) -> int:
    """An image-only copy of ``source``, as a scan of it would be: each page (1-based ``pages``, default
    all) rendered to a grayscale picture at ``dpi`` and placed on a page of the same size, with no
    text layer. Returns the number of pages written."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    doc = pdfium.PdfDocument(source)
    pdf = canvas.Canvas(str(path), invariant=1)
    try:
        numbers = list(pages) if pages is not None else list(range(1, len(doc) + 1))
        for number in numbers:
            page = doc[number - 1]
            width, height = page.get_size()
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            pdf.setPageSize((width, height))
            pdf.drawImage(ImageReader(image), 0, 0, width, height)
            pdf.showPage()
            page.close()
        pdf.save()
    finally:
        doc.close()
    return len(numbers)


def render_hidden_layer(path: Path, lines: Sequence[str], *, image_over_text: bool = True) -> None:
    """One page whose text lies under a picture of the whole page, as a scanner that OCRs puts its text
    layer (``image_over_text``); else the picture is drawn first and the text over it."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    pdf = new_canvas(path)
    picture = ImageReader(Image.new("L", (120, 170), 250))

    def draw_text() -> None:
        pdf.setFont(FONT, SIZE)
        for i, line in enumerate(lines):
            pdf.drawString(MARGIN, PAGE_H - (80 + i * 16), line)

    if not image_over_text:
        pdf.drawImage(picture, 0, 0, PAGE_W, PAGE_H)
    draw_text()
    if image_over_text:
        pdf.drawImage(picture, 0, 0, PAGE_W, PAGE_H)
    pdf.showPage()
    pdf.save()


def render_all(out: Path, seed: Path | None = None) -> list[Path]:
    """Render every fixture into ``out`` (the seed renderings only when the seed text is given)."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []

    def target(name: str) -> Path:
        paths.append(out / name)
        return out / name

    if seed is not None and seed.is_file():
        text = seed.read_text(encoding="utf-8")
        render_single_column(text, target("seed-1col.pdf"))
        render_two_column(text, target("seed-2col.pdf"))
    render_kpi_tables(target("kpi-tables.pdf"))
    render_table_over_pages(target("table-over-pages.pdf"), repeat_header=False)
    render_big_numbers(target("big-numbers.pdf"))
    render_subscript(target("subscript.pdf"))
    render_fake_bold(target("fake-bold.pdf"))
    render_line_wraps(target("line-wraps.pdf"))
    render_image_only(target("image-only.pdf"))
    render_last_first(target("last-first.pdf"))
    return paths


def render_samples(raw: Path) -> list[Path]:
    """The project's PDF samples: a two-column rendering of each sample text in ``raw`` (data/raw)."""
    paths = []
    for source in sorted(raw.glob("*.txt")):
        target = raw / f"{source.stem}_2col.pdf"
        render_two_column(source.read_text(encoding="utf-8"), target)
        paths.append(target)
    return paths


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--images" and len(sys.argv) >= 4:
        from csr_extract.reader import parse_pages

        chosen = parse_pages(sys.argv[4]) if len(sys.argv) > 4 else None
        render_as_images(Path(sys.argv[2]), Path(sys.argv[3]), chosen)
        written_paths = [Path(sys.argv[3])]
    elif sys.argv[1] == "--samples":
        written_paths = render_samples(Path(__file__).resolve().parents[1] / "data" / "raw")
    else:
        written_paths = render_all(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    for written in written_paths:
        print(written)
