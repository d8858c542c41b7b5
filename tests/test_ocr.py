"""OCR of pages without usable text (reader/ocr.py).

The line assembly (clean-up, reading order, character boxes) is tested on made-up OCR lines and needs
nothing but the package. The end-to-end tests OCR real page images and need the ``[ocr]`` extra
(``pip install -e '.[ocr]'``, which CI installs); without it they skip, saying so. OCR takes seconds
per page, so they read a few pages: benchmarks/bench_ocr.py reads the whole documents and prints
recall and precision against the seed gold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from csr_extract.reader.ocr import OcrLine, assemble, clean_line, ocr_available, reading_order, share_out
from tests.pdf_fixtures import CORPUS_PDFS, load_renderer

needs_ocr = pytest.mark.skipif(
    not ocr_available(), reason="the [ocr] extra is not installed: pip install -e '.[ocr]'"
)


# --- OCR text as a text layer gives it ------------------------------------------------------------

CLEAN_CASES = [
    ("spaces-between-cjk", "营业 收入 1,958 亿元", "营业收入 1,958 亿元"),
    ("space-inside-number", "利润 49. 92 亿元", "利润 49.92 亿元"),
    ("full-width-digits", "员工总数５６，４５８人", "员工总数56,458人"),
    ("full-width-comma-in-number", "1，958亿元", "1,958亿元"),
    ("full-width-point-in-number", "增长32．26%", "增长32.26%"),
    ("comma-between-clauses-kept", "2020年，集团实现", "2020年，集团实现"),
    ("latin-words-kept-apart", "ISO 14001  certified", "ISO 14001 certified"),
    ("ends-trimmed", "  亿元 ", "亿元"),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CLEAN_CASES], ids=[c[0] for c in CLEAN_CASES])
def test_clean_line(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


def test_clean_line_keeps_one_character_per_printed_character() -> None:
    """Every printed character keeps its box: clean-up only drops spaces and swaps one for one."""
    for _, raw, _ in CLEAN_CASES:
        assert len(clean_line(raw).replace(" ", "")) == len(raw.replace(" ", ""))


def test_share_out_gives_cjk_twice_the_width_of_digits() -> None:
    boxes = share_out("12亿", (0.0, 0.0, 20.0, 10.0))
    assert boxes == [(0.0, 0.0, 5.0, 10.0), (5.0, 0.0, 10.0, 10.0), (10.0, 0.0, 20.0, 10.0)]


# --- reading order of OCR lines -------------------------------------------------------------------


def line(text: str, x0: float, top: float, width: float | None = None, height: float = 10.0) -> OcrLine:
    width = width if width is not None else 10.0 * len(text)
    return OcrLine(text, share_out(text, (x0, top, x0 + width, top + height)), 0.99)


def rows_text(lines: list[OcrLine]) -> list[str]:
    return [" ".join(piece.text for piece in row) for row in reading_order(lines)]


def test_two_columns_are_read_one_after_the_other() -> None:
    # the lines of both columns share their tops, as a two-column page sets them
    left = [line(f"左栏第{i}行正文内容较长" + "字" * 6, 50, 100 + 15 * i) for i in range(3)]
    right = [line(f"右栏第{i}行正文内容较长" + "字" * 6, 330, 100 + 15 * i) for i in range(3)]
    assert rows_text([*right, *left]) == [x.text for x in left] + [x.text for x in right]


def test_heading_above_two_columns_comes_first() -> None:
    heading = line("关键绩效", 250, 40)
    left = [line("左栏正文内容第一行较长文字" + "字" * 4, 50, 100 + 15 * i) for i in range(2)]
    right = [line("右栏正文内容第一行较长文字" + "字" * 4, 330, 100 + 15 * i) for i in range(2)]
    assert rows_text([*left, heading, *right])[0] == "关键绩效"
    assert rows_text([*left, heading, *right])[1:] == [x.text for x in left] + [x.text for x in right]


def test_table_cells_stay_in_their_rows() -> None:
    cells = [
        line("指标", 50, 100), line("2019年", 250, 100), line("2020年", 350, 100),
        line("营业收入（亿元）", 50, 122), line("105.24", 250, 122), line("116", 350, 122),
        line("员工总数（人）", 50, 144), line("12,406", 250, 144), line("13,118", 350, 144),
    ]  # fmt: skip
    assert rows_text(cells[::-1]) == ["指标 2019年 2020年", "营业收入（亿元） 105.24 116", "员工总数（人） 12,406 13,118"]


def test_assemble_keeps_a_box_per_character() -> None:
    text, boxes = assemble([line("营业收入", 50, 100), line("1,958亿元", 150, 100)])
    assert text == "营业收入 1,958亿元"
    assert len(boxes) == len(text)
    assert all((b is None) == ch.isspace() for ch, b in zip(text, boxes, strict=True))


# --- end to end: page images read by OCR ----------------------------------------------------------

SEED_2COL = next((p for p in CORPUS_PDFS if p.name == "seed-rendered-2col.pdf"), None)
BROKEN = next((p for p in CORPUS_PDFS if p.name == "seed-rendered-broken-tounicode.pdf"), None)
# Pages of seed-rendered-2col.pdf with many of the seed's KPIs in prose and in a table
SEED_PAGES = (15, 53)


def rows_of(path: Path, **options: object) -> dict[tuple[str, int], float]:
    from csr_extract import extract

    return {(kv.kpi_id, kv.year): kv.value for kv in extract(path, year=2020, **options).kpis}


@needs_ocr
@pytest.mark.shared
@pytest.mark.skipif(SEED_2COL is None, reason="../shared/corpus/pdf is absent")
def test_image_only_pages_give_the_values_of_their_text_layer(tmp_path: Path) -> None:
    from csr_extract.reader.pdf import read_pdf

    assert SEED_2COL is not None
    scan = tmp_path / "scan.pdf"
    load_renderer().render_as_images(SEED_2COL, scan, SEED_PAGES)
    doc = read_pdf(scan)
    assert doc.warnings == ["no text layer on pages 1–2: read by OCR"]
    assert all(page.ocr for page in doc.pages)
    for page in doc.pages:  # a box per character, in PDF points on the page
        assert page.boxes is not None and len(page.boxes) == len(page.text)
        assert all((b is None) == ch.isspace() for ch, b in zip(page.text, page.boxes, strict=True))
        assert all(0 <= b[0] < b[2] <= 596 and 0 <= b[1] < b[3] <= 842 for b in page.boxes if b is not None)
    # a number's box lies where the text layer puts it
    ocr_page, text_page = doc.pages[0], read_pdf(SEED_2COL, pages=SEED_PAGES[:1]).pages[0]
    number = "1,958"
    got = ocr_page.bbox_of(ocr_page.text.index(number), ocr_page.text.index(number) + len(number))
    want = text_page.bbox_of(text_page.text.index(number), text_page.text.index(number) + len(number))
    assert got is not None and want is not None
    assert max(abs(a - b) for a, b in zip(got, want, strict=True)) < 4.0  # points
    from_text = rows_of(SEED_2COL, pages=SEED_PAGES, ocr="off")
    assert len(from_text) == 12
    assert rows_of(scan) == from_text


@needs_ocr
@pytest.mark.shared
@pytest.mark.skipif(BROKEN is None, reason="../shared/corpus/pdf is absent")
def test_garbled_page_is_read_by_ocr() -> None:
    from csr_extract import extract

    assert BROKEN is not None
    report = extract(BROKEN, year=2020, pages=[4])
    assert [w.message for w in report.warnings] == ["garbled text layer on pages 4: read by OCR"]
    assert {(kv.kpi_id, kv.year): (kv.value, kv.page) for kv in report.kpis} == {
        ("total_assets", 2020): (225_700_000_000.0, 4),
        ("revenue", 2020): (195_800_000_000.0, 4),
        ("total_profit", 2020): (7_800_000_000.0, 4),
    }


@needs_ocr
def test_ocr_force_reads_a_page_that_has_text(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from csr_extract.reader.pdf import read_pdf

    path = tmp_path / "latin.pdf"  # Helvetica: PDFium draws it without a font file (CJK needs one)
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(72, 700, "Employees 2020: 7,711")
    pdf.showPage()
    pdf.save()
    page = read_pdf(path, ocr="force").pages[0]
    assert page.ocr
    assert page.text.replace(" ", "") == "Employees2020:7,711"
    start = page.text.index("7,711")
    box = page.bbox_of(start, start + 5)
    assert box is not None and 72 < box[0] < box[2] < 300 and 125 < box[1] < box[3] < 150  # drawn at y=700


def test_page_number_in_the_column_gap_does_not_merge_the_columns() -> None:
    left = [line("左栏正文内容第一行较长文字" + "字" * 4, 50, 100 + 15 * i) for i in range(3)]
    right = [line("右栏正文内容第一行较长文字" + "字" * 4, 330, 100 + 15 * i) for i in range(3)]
    page_number = line("53", 300, 160)
    assert rows_text([*right, page_number, *left]) == [x.text for x in left] + [x.text for x in right] + ["53"]


@pytest.mark.parametrize(
    ("raw", "score", "kept"),
    [("6699", 0.87, False), ("28.19", 0.99, True), ("28.19吨", 0.87, True), ("减排氨氮", 0.6, True)],
    ids=["ornament-read-as-number", "sure-number", "number-with-unit", "unsure-words"],
)
def test_unsure_bare_number_lines_are_dropped(raw: str, score: float, kept: bool) -> None:
    from csr_extract.reader.ocr import make_line

    made = make_line(raw, score, (0.0, 0.0, 40.0, 10.0), [], [], 1.0, 0.0, 0.0)
    assert (made is not None) is kept
    if made is not None:
        assert made.text == raw and len(made.boxes) == len(raw)


# --- two-page spreads: cut at the gutter ------------------------------------------------------------

GUTTER_CASES = [
    # (blocks of ink as (x0, x1) across the image's height, width, height, cut expected near)
    ("two pages and a blank gutter", [(20, 280), (330, 580)], 600, 200, 305),
    ("a picture across the middle", [(20, 580)], 600, 200, None),
    ("a column gap narrower than two margins", [(20, 295), (305, 580)], 600, 200, None),
    ("a page taller than wide", [(20, 90), (130, 180)], 200, 600, None),
]


@pytest.mark.parametrize(
    ("blocks", "width", "height", "cut"), [c[1:] for c in GUTTER_CASES], ids=[c[0] for c in GUTTER_CASES]
)
def test_find_gutter(blocks: list[tuple[int, int]], width: int, height: int, cut: int | None) -> None:
    np = pytest.importorskip("numpy")
    from csr_extract.reader.ocr import find_gutter

    image = np.full((height, width), 255, dtype=np.uint8)
    for x0, x1 in blocks:
        image[10 : height - 10 : 3, x0:x1] = 0  # lines of text: ink on every third pixel row
    assert find_gutter(image, 0.5) == cut  # 0.5 px a point: a gutter is at least 24 px wide


def test_a_spread_is_read_as_two_pages_left_then_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of two printed pages side by side, too large to OCR whole, is cut at its gutter: each half
    is OCR'd and put in reading order on its own (its table rows and columns not mixed with the other
    page's), the left one first, with boxes in the whole page's points."""
    pytest.importorskip("numpy")
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    from csr_extract.reader import ocr

    path = tmp_path / "spread.pdf"
    width, height = 2 * A4[0], A4[1]  # two A4 pages side by side: 7.7 million pixels at 200 dpi
    assert landscape(A4)[0] < width
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    pdf.setFont("Helvetica", 14)
    for x0 in (60, A4[0] + 60):
        for k in range(30):
            pdf.drawString(x0, height - 80 - 20 * k, "Lorem ipsum dolor sit amet consectetur")
    pdf.showPage()
    pdf.save()
    seen: list[tuple[int, float]] = []

    def fake_ocr(image: Any, scale: float, left: float = 0.0, top: float = 0.0) -> list[OcrLine]:
        shape = image.shape
        seen.append((shape[0] * shape[1], left))
        side = "左页" if left == 0 else "右页"
        return [line(f"{side}第二行", left + 50, 120), line(f"{side}第一行", left + 50, 100)]

    monkeypatch.setattr(ocr, "ocr_image", fake_ocr)
    document = pdfium.PdfDocument(str(path))
    text, boxes = ocr.ocr_page(document[0], 0.0, height)
    document.close()
    assert text == "左页第一行\n左页第二行\n右页第一行\n右页第二行"
    assert len(seen) == 2 and all(pixels <= ocr.MAX_PIXELS for pixels, _ in seen)
    assert seen[0][1] == 0 and abs(seen[1][1] - width / 2) < 60  # the cut is in the gutter
    right = text.index("右页第一行")
    assert boxes[right] is not None and boxes[right][0] > width / 2


def test_a_large_page_without_gutter_is_read_at_a_lower_resolution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("numpy")
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from csr_extract.reader import ocr

    path = tmp_path / "poster.pdf"
    width, height = 2 * A4[0], A4[1]
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    pdf.rect(40, 40, width - 80, height - 80, fill=1)  # a picture over the whole page
    pdf.showPage()
    pdf.save()
    seen: list[int] = []

    def fake_ocr(image: Any, scale: float, left: float = 0.0, top: float = 0.0) -> list[OcrLine]:
        shape = image.shape
        seen.append(shape[0] * shape[1])
        return []

    monkeypatch.setattr(ocr, "ocr_image", fake_ocr)
    document = pdfium.PdfDocument(str(path))
    assert ocr.ocr_page(document[0], 0.0, height) == ("", [])
    document.close()
    assert len(seen) == 1 and seen[0] <= ocr.MAX_PIXELS * 1.01
