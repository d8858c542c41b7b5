"""The PDF reader on PDFs rendered here (scripts/render_fixtures.py) and on the shared corpus."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder

from csr_extract.document import Document
from csr_extract.errors import (
    CorruptPdfError,
    EmptyInputError,
    EncryptedPdfError,
    ExtractError,
    LimitExceededError,
    NotAPdfError,
    NoTextLayerError,
)
from csr_extract.reader import parse_pages
from csr_extract.reader.pdf import (
    PdfStream,
    clean_chars,
    collect_lines,
    find_cells,
    find_intersections,
    format_page_ranges,
    has_zero_width_text,
    looks_tabular,
    merge_lines,
    order_by_boxes,
    page_geometry,
    read_pdf,
    text_quality,
)
from tests.pdf_fixtures import (
    CORPUS_PDFS,
    char_recall,
    in_order_recall,
    load_renderer,
    seed_text_path,
    squash,
)

# --- rendered fixtures (session-scoped: rendering the seed text takes a second) ------------------


@pytest.fixture(scope="session")
def render() -> ModuleType:
    return load_renderer()


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = seed_text_path()
    if path is None:
        pytest.skip("no seed text in data/raw/ or ../shared/corpus/seed/")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session", params=["render_single_column", "render_two_column"])
def seed_rendering(
    request: pytest.FixtureRequest, render: ModuleType, pdf_dir: Path, seed_text: str
) -> tuple[list[str], Document]:
    path = pdf_dir / f"seed-{request.param}.pdf"
    lines = getattr(render, request.param)(seed_text, path)
    return lines, read_pdf(path)


@pytest.fixture(scope="session")
def kpi_tables(render: ModuleType, pdf_dir: Path) -> tuple[dict[str, tuple[float, float]], Document]:
    path = pdf_dir / "kpi-tables.pdf"
    drawn = render.render_kpi_tables(path)
    return drawn, read_pdf(path)


def rendered(render: ModuleType, pdf_dir: Path, name: str, **kwargs: object) -> Path:
    path = pdf_dir / f"{name}-{'-'.join(f'{k}{v}' for k, v in kwargs.items())}.pdf"
    if not path.exists():
        getattr(render, f"render_{name}")(path, **kwargs)
    return path


# --- reading order and text ----------------------------------------------------------------------


def test_seed_rendering_keeps_line_order(seed_rendering: tuple[list[str], Document]) -> None:
    lines, doc = seed_rendering
    text = "\n".join(page.text for page in doc.pages)
    assert in_order_recall(lines, text) >= 0.95
    assert not doc.warnings


def test_seed_rendering_keeps_every_character(seed_rendering: tuple[list[str], Document]) -> None:
    lines, doc = seed_rendering  # includes vertical labels drawn one character per line
    assert char_recall("".join(lines), "".join(page.text for page in doc.pages)) >= 0.995


def test_boxes_align_with_text(seed_rendering: tuple[list[str], Document]) -> None:
    _, doc = seed_rendering
    for page in doc.pages:
        assert page.boxes is not None
        assert len(page.boxes) == len(page.text)
        assert all((box is None) == ch.isspace() for ch, box in zip(page.text, page.boxes, strict=True))


def test_no_carriage_returns_or_spaces_between_cjk(seed_rendering: tuple[list[str], Document]) -> None:
    _, doc = seed_rendering
    for page in doc.pages:
        assert "\r" not in page.text
        assert "  " not in page.text


def test_document_metadata(seed_rendering: tuple[list[str], Document]) -> None:
    _, doc = seed_rendering
    assert doc.kind == "pdf"
    assert doc.page_count == len(doc.pages)
    assert [p.number for p in doc.pages] == list(range(1, doc.page_count + 1))
    assert len(doc.sha256) == 64
    assert doc.title == "csr-extract 测试样本"


def test_big_number_box_reads_label_number_unit(render: ModuleType, pdf_dir: Path) -> None:
    text = read_pdf(rendered(render, pdf_dir, "big_numbers")).pages[0].text
    assert "科技研发投入\n13.57 亿元" in text or "科技研发投入\n13.57亿元" in text
    assert text.index("科技研发投入") < text.index("13.57") < text.index("亿元")
    assert "2021 年 12 月" in text  # real numbers side by side stay apart


@pytest.mark.parametrize(
    "expected",
    ["二氧化碳（CO2）排放量", "万 m3，同比", "SO2 排放 12 吨", "NOx 排放 8 吨", "年度 2020 2021", "12\n15"],
)
def test_subscripts_join_their_formula(render: ModuleType, pdf_dir: Path, expected: str) -> None:
    text = read_pdf(rendered(render, pdf_dir, "subscript")).pages[0].text
    assert expected in text


def test_fake_bold_is_read_once(render: ModuleType, pdf_dir: Path) -> None:
    text = read_pdf(rendered(render, pdf_dir, "fake_bold")).pages[0].text
    assert text.startswith("安全生产投入 2.36 亿元\n")


def test_line_end_hyphen_ends_the_line(render: ModuleType, pdf_dir: Path) -> None:
    # PDFium joins a line ending in "-" to the next as one hyphenated word, with no line break.
    text = read_pdf(rendered(render, pdf_dir, "line_wraps")).pages[0].text
    assert "乌兰察布-\n明斯克中欧班列" in text


def test_infographic_number_and_next_heading_stay_apart(render: ModuleType, pdf_dir: Path) -> None:
    text = read_pdf(rendered(render, pdf_dir, "line_wraps")).pages[0].text
    assert "1,958 亿元\n提供医疗服务支援" in text


def test_bbox_of_a_number_is_where_it_was_drawn(
    kpi_tables: tuple[dict[str, tuple[float, float]], Document],
) -> None:
    drawn, doc = kpi_tables
    page = doc.pages[0]
    start = page.text.index("139.42")
    box = page.bbox_of(start, start + len("139.42"))
    assert box is not None
    x0, top, x1, bottom = box
    assert 0 <= x0 < x1 <= 595.3 and 0 <= top < bottom <= 841.9
    want_x, want_top = drawn["139.42"]
    assert abs(x0 - want_x) < 1.0
    assert abs(top - want_top) < 3.0


# --- tables --------------------------------------------------------------------------------------


def test_ruled_table_gives_year_header_and_rows(
    kpi_tables: tuple[dict[str, tuple[float, float]], Document],
) -> None:
    _, doc = kpi_tables
    tables = doc.pages[0].tables
    assert len(tables) == 1  # the unruled table is left to the text
    rows = tables[0].texts()
    assert rows[0] == ["指标", "2019年", "2020年", "2021年"]
    assert rows[1] == ["营业收入（亿元）", "105.24", "116", "139.42"]
    assert len(rows) == 6
    assert all(cell.bbox is not None for row in tables[0].rows for cell in row)


def test_unruled_table_rows_stay_lines(kpi_tables: tuple[dict[str, tuple[float, float]], Document]) -> None:
    _, doc = kpi_tables
    assert "新鲜水用量（万立方米） 356 331 318" in doc.pages[0].text


@pytest.mark.parametrize("repeat_header", [False, True], ids=["header-once", "header-repeated"])
def test_table_over_two_pages_gets_the_header(render: ModuleType, pdf_dir: Path, repeat_header: bool) -> None:
    doc = read_pdf(rendered(render, pdf_dir, "table_over_pages", repeat_header=repeat_header))
    first, second = doc.pages[0].tables[-1], doc.pages[1].tables[0]
    assert first.texts()[0] == second.texts()[0] == ["指标", "2019年", "2020年", "2021年"]
    assert second.texts()[1][0] == "安全培训覆盖率（%）"
    assert (second.rows[0][0].bbox is None) is not repeat_header  # a carried header is not on this page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("指标 2019年 2020年\n营业收入 105.24 116\n利润 8.31 9.06", True),
        ("2020 年是极不平凡的一年。\n集团连续 12 年获得 A 级", False),
        ("", False),
    ],
    ids=["kpi-rows", "prose", "empty"],
)
def test_looks_tabular(text: str, expected: bool) -> None:
    assert looks_tabular(text) is expected


class EdgePage:
    """What pdfplumber's ``TableFinder`` reads from a page with the "lines" strategy."""

    def __init__(self, edges: list[dict[str, Any]]) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, 600.0, 850.0)
        self.chars: list[dict[str, Any]] = []


def plumber_edge(orientation: str, pos: float, start: float, end: float) -> dict[str, Any]:
    if orientation == "h":
        return {"x0": start, "x1": end, "top": pos, "bottom": pos, "width": end - start, "height": 0.0,
                "orientation": "h", "object_type": "line"}  # fmt: skip
    return {"x0": pos, "x1": pos, "top": start, "bottom": end, "width": 0.0, "height": end - start,
            "orientation": "v", "object_type": "line"}  # fmt: skip


def our_cells(lines: list[tuple[str, float, float, float]]) -> list[tuple[float, float, float, float]]:
    horizontal = [(pos, a, b, b - a) for o, pos, a, b in lines if o == "h"]
    vertical = [(pos, a, b, b - a) for o, pos, a, b in lines if o == "v"]
    merged_h = merge_lines(horizontal, vertical=False)
    merged_v = merge_lines(vertical, vertical=True)
    return find_cells(find_intersections(merged_h, merged_v))


# Ruling lines of table-like grids: positions on a coarse grid with sub-point jitter (some within the
# snap tolerance of each other), lines spanning some of the grid, some split by gaps around the join
# tolerance or drawn twice, plus stray lines.
JITTER = st.sampled_from([0.0, 0.0, 0.0, 0.4, 1.7, 2.9, 3.2])
coordinate = st.builds(lambda step, jitter: step * 20.0 + jitter, st.integers(0, 12), JITTER)
ruling = st.builds(
    lambda o, pos, a, length: (o, pos, a, a + length),
    st.sampled_from("hv"),
    coordinate,
    coordinate,
    st.sampled_from([2.5, 20.0, 40.0, 60.0, 100.0, 240.0]),
)


@st.composite
def grids(draw: st.DrawFn) -> list[tuple[str, float, float, float]]:
    lines: list[tuple[str, float, float, float]] = []
    across = {o: sorted(draw(st.lists(coordinate, min_size=2, max_size=6, unique=True))) for o in "hv"}
    for orientation, other in (("h", "v"), ("v", "h")):
        stops = across[other]
        for pos in across[orientation]:
            full = (0, len(stops) - 1)  # most lines of a table run across it
            i, j = sorted(draw(st.one_of(st.just(full), st.tuples(*[st.integers(0, len(stops) - 1)] * 2))))
            if i == j:
                continue
            start, end = stops[i] + draw(JITTER), stops[j] - draw(JITTER)
            gap = draw(st.sampled_from([None, None, 0.0, 1.0, 2.9, 3.5]))
            if gap is None or end - start < 10:
                lines.append((orientation, pos, start, end))
            else:
                middle = (start + end) / 2
                lines += [(orientation, pos, start, middle), (orientation, pos + draw(JITTER), middle + gap, end)]
            if draw(st.booleans()):
                lines.append((orientation, pos + draw(JITTER), start, end))  # drawn twice (a cell border)
    return lines + draw(st.lists(ruling, max_size=4))


@settings(max_examples=300, deadline=None)
@given(grids())
def test_cells_are_pdfplumbers(lines: list[tuple[str, float, float, float]]) -> None:
    lines = [line for line in lines if line[3] - line[2] >= 1]  # collect_lines drops shorter ones
    edges = [plumber_edge(*line) for line in lines]
    assert our_cells(lines) == TableFinder(EdgePage(edges), {}).cells  # type: ignore[arg-type]


def test_cells_of_a_ruled_grid() -> None:
    xs, ys = [50.0, 150.0, 250.0, 350.0], [100.0, 120.0, 140.0]
    lines = [("h", y, xs[0], xs[-1]) for y in ys] + [("v", x, ys[0], ys[-1]) for x in xs]
    cells = our_cells(lines)
    assert len(cells) == (len(xs) - 1) * (len(ys) - 1)
    assert cells[0] == (50.0, 100.0, 150.0, 120.0)


# --- clean-up of PDFium's characters -------------------------------------------------------------


def box(x0: float, size: float = 10.0, top: float = 0.0) -> tuple[float, float, float, float]:
    return (x0, top, x0 + size, top + size)


CLEAN_CASES = [
    # (id, characters with x positions (None = whitespace), expected text)
    ("crlf", [("甲", 0), ("\r", None), ("\n", None), ("乙", 0)], "甲\n乙"),
    ("space-between-close-cjk", [("营", 0), (" ", None), ("业", 12)], "营业"),
    ("space-between-far-cjk-kept", [("指", 0), (" ", None), ("标", 60)], "指 标"),
    ("soft-hyphen-and-zero-width", [("1", 0), ("\u00ad", 10), ("\u200b", 10), ("2", 10)], "12"),
    ("hyphen-mark", [("A", 0), ("\ufffe", 10), ("B", 20)], "A-B"),
    ("fake-bold-pair", [("亿", 0), ("亿", 0.3), ("元", 10)], "亿元"),
    ("real-double-char", [("1", 0), ("1", 10)], "11"),
    ("fullwidth-digits-kept", [("１", 0), ("２", 10)], "１２"),
]

# Characters with their boxes' (x0, top): the line-break rule looks at both coordinates.
LINE_CASES = [
    ("wrap-without-break", [("开", 100, 0), ("辟", 110, 0), ("石", 0, 20), ("家", 10, 20)], "开辟\n石家"),
    ("wrap-with-only-a-space", [("公", 100, 0), (" ", None, None), ("司", 0, 20)], "公\n司"),
    ("hyphen-mark-at-line-end", [("A", 100, 0), ("\ufffe", 110, 0), ("B", 0, 20)], "A-\nB"),
    # a table row: the label wraps, the value sits at the row's middle, to the right: same line
    ("value-beside-wrapped-label", [("润", 0, 20), (" ", None, None), ("1", 100, 10)], "润 1"),
    ("vertical-text-kept", [("雄", 0, 0), ("鹰", 0, 12), ("工", 0, 24)], "雄鹰工"),
    ("break-already-there", [("甲", 100, 0), ("\n", None, None), ("乙", 0, 20)], "甲\n乙"),
    # PDFium broke one printed row into pieces: same baseline, further right
    ("break-inside-a-row-joined", [("董", 0, 0), ("\n", None, None), ("9", 80, 0), ("\n", None, None), ("7", 140, 0)],
     "董 9 7"),
    ("break-back-to-the-left-kept", [("甲", 100, 0), ("\n", None, None), ("乙", 0, 0)], "甲\n乙"),
    ("break-to-the-next-line-kept", [("甲", 0, 0), ("\n", None, None), ("乙", 80, 20)], "甲\n乙"),
]


@pytest.mark.parametrize(("chars", "expected"), [c[1:] for c in LINE_CASES], ids=[c[0] for c in LINE_CASES])
def test_lines_apart_end_with_a_break(chars: list[tuple[str, float | None, float | None]], expected: str) -> None:
    text = [c for c, _, _ in chars]
    boxes = [None if x is None or top is None else box(x, top=top) for _, x, top in chars]
    out, out_boxes = clean_chars(text, boxes)
    assert "".join(out) == expected
    assert all((b is None) == ch.isspace() for ch, b in zip(out, out_boxes, strict=True))


@pytest.mark.parametrize(("chars", "expected"), [c[1:] for c in CLEAN_CASES], ids=[c[0] for c in CLEAN_CASES])
def test_clean_chars(chars: list[tuple[str, float | None]], expected: str) -> None:
    text = [c for c, _ in chars]
    boxes = [None if x is None else box(x) for _, x in chars]
    out, out_boxes = clean_chars(text, boxes)
    assert "".join(out) == expected
    assert len(out) == len(out_boxes)


def test_subscript_space_removed_only_before_small_digit() -> None:
    chars = ["C", "O", " ", "2", " ", "1", "2"]
    boxes = [box(0), box(10), None, (21, 5, 26, 11), None, box(40), box(50)]
    out, _ = clean_chars(chars, boxes)
    assert "".join(out) == "CO2 12"


# --- reading order from the boxes ----------------------------------------------------------------

# Characters as the content stream drew them, with their boxes' (x0, top) (None = whitespace), and the
# text once each line is put in order.
ORDER_CASES = [
    ("line-drawn-last-first", [("元", 20, 0), ("亿", 10, 0), ("6", 0, 0)], "6亿元"),
    ("pieces-drawn-last-first", [("万", 20, 0), ("吨", 30, 0), ("1", 0, 0), ("2", 10, 0)], "12万吨"),
    ("gap-becomes-a-space", [("B", 40, 0), ("A", 0, 0)], "A B"),
    ("backwards-then-next-line", [("乙", 10, 0), ("甲", 0, 0), ("\n", None, None), ("丁", 10, 20), ("丙", 0, 20)], "甲乙\n丙丁"),
    ("in-order-untouched", [("甲", 0, 0), (" ", None, None), ("乙", 40, 0)], "甲 乙"),
    # a wrap without a line break goes back left on another line: not a backward run
    ("wrap-is-not-backwards", [("开", 100, 0), ("辟", 110, 0), ("石", 0, 20)], "开辟石"),
    ("vertical-text-untouched", [("雄", 0, 0), ("鹰", 0, 12)], "雄鹰"),
    # a line break between two pieces of one line: PDFium's lines are kept
    ("break-kept", [("乙", 10, 0), ("\n", None, None), ("甲", 0, 0)], "乙\n甲"),
]


@pytest.mark.parametrize(("chars", "expected"), [c[1:] for c in ORDER_CASES], ids=[c[0] for c in ORDER_CASES])
def test_order_by_boxes(chars: list[tuple[str, float | None, float | None]], expected: str) -> None:
    text = "".join(c for c, _, _ in chars)
    boxes = [None if x is None or top is None else box(x, top=top) for _, x, top in chars]
    out, out_boxes = order_by_boxes(text, boxes)
    assert out == expected
    assert len(out_boxes) == len(out)
    placed = {ch: b for ch, b in zip(text, boxes, strict=True) if b is not None}
    assert all(b == placed[ch] for ch, b in zip(out, out_boxes, strict=True) if b is not None)  # boxes travel


def test_last_first_glyphs_read_in_order(render: ModuleType, pdf_dir: Path) -> None:
    path = pdf_dir / "last-first.pdf"
    pages = render.render_last_first(path)
    doc = read_pdf(path, ocr="off")
    assert [page.text for page in doc.pages] == ["\n".join(lines) for lines in pages]
    for page in doc.pages:
        assert page.boxes is not None and len(page.boxes) == len(page.text)
        xs = [b[0] for b in page.boxes if b is not None]
        line_starts = {i + 1 for i, ch in enumerate(page.text) if ch == "\n"}
        for i in range(1, len(page.text)):  # within a line the boxes run left to right
            if i not in line_starts and page.boxes[i] is not None and page.boxes[i - 1] is not None:
                assert page.boxes[i][0] >= page.boxes[i - 1][0]
        assert xs


def test_last_first_glyphs_give_their_values(render: ModuleType, pdf_dir: Path) -> None:
    from csr_extract import extract

    path = pdf_dir / "last-first-values.pdf"
    render.render_last_first(path)
    rows = {(kv.kpi_id, kv.year): (kv.value, kv.raw, kv.page) for kv in extract(path, year=2020, ocr="off").kpis}
    assert rows == {
        ("employees", 2020): (7711.0, "7,711人", 1),
        ("revenue", 2020): (11_600_000_000.0, "116亿元", 1),
        ("donations", 2020): (12_800_000.0, "1,280万元", 2),
    }


def test_zero_width_objects_send_a_page_to_pdfplumber(render: ModuleType, pdf_dir: Path) -> None:
    """PDFium skips one-glyph strings in a non-embedded CJK font (zero width); whole lines it reads."""
    path = pdf_dir / "last-first-zero-width.pdf"
    render.render_last_first(path)
    pdf = pdfium.PdfDocument(path)
    try:
        assert [has_zero_width_text(pdf[i]) for i in range(len(pdf))] == [True, False]
    finally:
        pdf.close()


# --- text-layer quality --------------------------------------------------------------------------

QUALITY_CASES = [
    # (id, page text, garbled?)
    ("report-prose", "2020年公司实现营业收入1,958亿元，员工总数56,458人。" * 5, False),
    ("traditional-prose", "截至2020年2月29日，本集團約有7,711名教職工，營業額增長。" * 5, False),
    ("latin-1-soup", "ÄÅÇÉÑÖÜ\x07áàâäãå\x0cçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨" * 3, True),
    ("replacement-glyphs", "营业收入\ufffd\ufffd\ufffd亿元\ufffd\ufffd", True),
    ("private-use-glyphs", "\ue001\ue002\ue003员工\ue004\ue005", True),
    ("rare-ideographs", "召囬抝择宏衮锂陛婴棚劳獅刮诹睦彐囬抝桴宏伫左骓诹睦舶囬抝桴宏衮膜媒卿诹", True),
    ("a-few-rare-in-a-long-page", "公司" * 200 + "囬抝桴", False),
    ("short-page-one-rare", "社会责任拫告", False),
    ("numbers-only", "2020 2021 1,958 12.5%", False),
]


@pytest.mark.parametrize(("text", "garbled"), [c[1:] for c in QUALITY_CASES], ids=[c[0] for c in QUALITY_CASES])
def test_text_quality(text: str, garbled: bool) -> None:
    assert text_quality(text).garbled is garbled


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [([11], "11"), ([11, 77, 78, 79], "11, 77–79"), ([1, 2, 4], "1–2, 4"), ([], "")],
    ids=["one", "range", "pair", "none"],
)
def test_format_page_ranges(numbers: list[int], expected: str) -> None:
    assert format_page_ranges(numbers) == expected


# --- bad input and limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ocr", "installed", "warning"),
    [
        ("off", True, "no text layer on pages 2: OCR needed (OCR is off)"),
        ("auto", False, "no text layer on pages 2: OCR needed (pip install 'csr-extract[ocr]')"),
    ],
    ids=["ocr-off", "ocr-extra-missing"],
)
def test_image_only_page_warns_and_continues(
    render: ModuleType, pdf_dir: Path, monkeypatch: pytest.MonkeyPatch, ocr: str, installed: bool, warning: str
) -> None:
    monkeypatch.setattr("csr_extract.reader.pdf.ocr_available", lambda: installed)
    doc = read_pdf(rendered(render, pdf_dir, "image_only"), ocr=ocr)
    assert doc.warnings == [warning]
    assert doc.pages[1].text == "" and not doc.pages[1].ocr
    assert "营业收入 116 亿元" in doc.pages[0].text


def test_no_page_with_text_raises(render: ModuleType, pdf_dir: Path) -> None:
    with pytest.raises(NoTextLayerError, match="no text layer on any of the 2 pages: OCR needed"):
        read_pdf(rendered(render, pdf_dir, "blank"), ocr="off")


class _Clock:
    """A clock that only OCR moves: each page's OCR takes ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def monotonic(self) -> float:
        return self.now

    def ocr_page(self, *_: Any) -> tuple[str, list[Any]]:
        self.now += self.step
        text = "员工总数 7,711 人"
        return text, [(0.0, 0.0, 1.0, 1.0)] * len(text)


@pytest.mark.parametrize(
    ("ocr_time_limit", "by_ocr", "warnings"),
    [
        (None, [1, 2], ["no text layer on pages 1–2: read by OCR"]),
        (25.0, [1, 2], ["no text layer on pages 1–2: read by OCR"]),
        (
            15.0,
            [1],
            [
                "no text layer on pages 1: read by OCR",
                "no usable text layer on pages 2: not read by OCR: the report's OCR time limit (15 s) was "
                "reached; a longer --time-limit or --pages reads them",
            ],
        ),
    ],
    ids=["no-limit-both-pages", "limit-25s-both-pages", "limit-15s-second-page-left"],
)
def test_ocr_stops_before_its_time_limit(
    render: ModuleType,
    pdf_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    ocr_time_limit: float | None,
    by_ocr: list[int],
    warnings: list[str],
) -> None:
    """A page is OCR'd only when one more page, as slow as the slowest so far (10 s here), ends within
    the OCR time limit; the pages left are named and the rest of the report is read."""
    clock = _Clock(step=10.0)
    monkeypatch.setattr("csr_extract.reader.pdf.ocr_available", lambda: True)
    monkeypatch.setattr("csr_extract.reader.pdf.ocr_page", clock.ocr_page)
    monkeypatch.setattr("csr_extract.reader.pdf.time", clock)
    doc = read_pdf_stream(rendered(render, pdf_dir, "blank"), ocr_time_limit)
    assert [p.number for p in doc.pages if p.ocr] == by_ocr
    assert doc.warnings == warnings


def read_pdf_stream(path: Path, ocr_time_limit: float | None) -> Document:
    from csr_extract.reader.pdf import PdfStream

    stream = PdfStream(path, ocr="auto", ocr_time_limit=ocr_time_limit)
    pages = list(stream.pages())
    return Document(path, "pdf", pages, stream.page_count, stream.sha256, stream.finish())


def test_a_report_cut_short_by_ocr_is_read_again_by_the_next_batch(tmp_path: Path) -> None:
    from csr_extract.batch import BatchConfig

    config = BatchConfig(out_dir=tmp_path)
    assert config.options_key() != config.options_key(cut_short=True)
    assert '"incomplete": "OCR time limit"' in config.options_key(cut_short=True)


def test_ocr_force_without_the_extra_fails_cleanly(
    render: ModuleType, pdf_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csr_extract.errors import OcrUnavailableError

    monkeypatch.setattr("csr_extract.reader.pdf.ocr_available", lambda: False)
    with pytest.raises(OcrUnavailableError, match=r"pip install 'csr-extract\[ocr\]'"):
        read_pdf(rendered(render, pdf_dir, "image_only"), ocr="force")


@pytest.mark.parametrize(
    ("spec", "numbers", "warnings"),
    [
        ("2-3", [2, 3], []),
        ("4,1", [1, 4], []),
        ("5-9", [5], ["pages 6–9 are not in the PDF (5 pages): skipped"]),
    ],
    ids=["range", "list-out-of-order", "past-the-end"],
)
def test_pages_reads_only_those_pages(
    render: ModuleType, pdf_dir: Path, spec: str, numbers: list[int], warnings: list[str]
) -> None:
    doc = read_pdf(rendered(render, pdf_dir, "pages", pages=5), pages=parse_pages(spec), ocr="off")
    assert [p.number for p in doc.pages] == numbers  # the PDF's own page numbers
    assert [p.text for p in doc.pages] == [f"第 {n} 页：员工总数 {1000 + n} 人。" for n in numbers]
    assert doc.page_count == 5 and doc.warnings == warnings


def test_pages_none_in_the_pdf_fails(render: ModuleType, pdf_dir: Path) -> None:
    with pytest.raises(LimitExceededError, match=r"none of the selected pages is in the PDF \(5 pages\)"):
        read_pdf(rendered(render, pdf_dir, "pages", pages=5), pages=[8, 9])


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("40-60,72", (*range(40, 61), 72)), (" 3 , 1-2", (1, 2, 3)), ("7", (7,)), ("5–6", (5, 6))],
    ids=["range-and-page", "spaces", "one", "en-dash"],
)
def test_parse_pages(spec: str, expected: tuple[int, ...]) -> None:
    assert parse_pages(spec) == expected


@pytest.mark.parametrize("spec", ["", "0", "5-3", "a", "1,,2", "1-200000"], ids=repr)
def test_parse_pages_rejects(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_pages(spec)


def test_encrypted_pdf(render: ModuleType, pdf_dir: Path) -> None:
    with pytest.raises(EncryptedPdfError, match="needs a password"):
        read_pdf(rendered(render, pdf_dir, "encrypted"))


def test_encrypted_pdf_opens_with_its_password(render: ModuleType, pdf_dir: Path) -> None:
    path = rendered(render, pdf_dir, "encrypted")
    assert "营业收入 116 亿元" in read_pdf(path, password="secret").pages[0].text
    with pytest.raises(EncryptedPdfError, match="password is wrong"):
        read_pdf(path, password="guess")


def test_page_limit(render: ModuleType, pdf_dir: Path) -> None:
    path = rendered(render, pdf_dir, "pages", pages=5)
    with pytest.raises(LimitExceededError, match="5 pages exceeds the page limit of 3"):
        read_pdf(path, max_pages=3)
    assert read_pdf(path, max_pages=5).page_count == 5
    with pytest.raises(LimitExceededError, match="4 selected pages exceeds the page limit of 3"):
        read_pdf(path, max_pages=3, pages=[1, 2, 3, 4])
    assert len(read_pdf(path, max_pages=3, pages=[1, 2, 3]).pages) == 3  # the pages read count


def test_time_limit(render: ModuleType, pdf_dir: Path) -> None:
    with pytest.raises(LimitExceededError, match="time limit"):
        read_pdf(rendered(render, pdf_dir, "pages", pages=5), time_limit=-1.0)


def test_page_labels(render: ModuleType, pdf_dir: Path) -> None:
    doc = read_pdf(rendered(render, pdf_dir, "pages", pages=4, labels=True))
    assert [p.label for p in doc.pages] == ["i", "ii", "1", "2"]


BAD_BYTES = [
    ("empty", b"", EmptyInputError, "empty"),
    ("html-with-pdf-suffix", b"<html><body>report</body></html>", NotAPdfError, "not a PDF"),
    ("header-then-garbage", b"%PDF-1.7\n" + bytes(range(256)) * 8, CorruptPdfError, "corrupt"),
]


@pytest.mark.parametrize(
    ("data", "error", "reason"), [b[1:] for b in BAD_BYTES], ids=[b[0] for b in BAD_BYTES]
)
def test_bad_bytes(tmp_path: Path, data: bytes, error: type[ExtractError], reason: str) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    with pytest.raises(error, match=reason):
        read_pdf(path)


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9], ids=lambda k: f"truncated-to-{k:.0%}")
def test_truncated_pdf_never_crashes(render: ModuleType, pdf_dir: Path, tmp_path: Path, keep: float) -> None:
    data = rendered(render, pdf_dir, "pages", pages=5).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    try:
        doc = read_pdf(path, ocr="off")
    except (CorruptPdfError, NoTextLayerError):
        return
    assert doc.page_count >= 1


# --- the shared corpus ---------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=[p.name for p in CORPUS_PDFS])
def test_corpus_pdf_reads(path: Path) -> None:
    try:
        doc = read_pdf(path, ocr="off")
    except NoTextLayerError as exc:
        assert "broken" in path.name  # only the PDF whose font maps are all broken has no usable text
        assert "(44 with a garbled one)" in str(exc)
        return
    assert doc.page_count == len(doc.pages) > 0
    text = "".join(page.text for page in doc.pages)
    assert len(squash(text)) > 100 * doc.page_count // 4
    for page in doc.pages:
        assert page.boxes is not None and len(page.boxes) == len(page.text)
    for warning in doc.warnings:
        assert warning.startswith(("no text layer on page", "garbled text layer on page"))


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus/pdf is absent")
def test_corpus_partly_garbled_report_names_its_pages() -> None:
    """fenjiu_2012_csr.pdf is a scan whose own OCR layer, hidden under the page pictures, misread an org
    chart into rare ideographs (page 5) and left out what it could not read elsewhere (pages 3-18 but
    for a section cover with little text; its contents page, 2, has few gaps). Without OCR the gappy
    pages are kept; with it they are read by OCR (tests/test_reader_pdf.py's fixtures check that)."""
    path = next(p for p in CORPUS_PDFS if p.name.startswith("fenjiu"))
    doc = read_pdf(path, ocr="off")
    assert doc.warnings == [
        "garbled text layer on pages 5 (treated as no text): OCR needed (OCR is off)",
    ]
    assert doc.pages[4].text == "" and doc.pages[8].text


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus/pdf is absent")
def test_corpus_real_reports_have_no_garbled_page() -> None:
    for path in CORPUS_PDFS:
        if "rendered" in path.name or path.name.startswith("fenjiu"):
            continue
        assert not [w for w in read_pdf(path, ocr="off").warnings if "garbled" in w], path.name


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus/pdf is absent")
def test_corpus_two_column_rendering_in_order() -> None:
    path = next(p for p in CORPUS_PDFS if p.name == "seed-rendered-2col.pdf")
    seed = seed_text_path()
    if seed is None:
        pytest.skip("no seed text")
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if len(squash(line)) >= 4]
    text = "\n".join(page.text for page in read_pdf(path).pages)
    assert in_order_recall(lines, text) >= 0.9


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus/pdf is absent")
def test_corpus_table_cells_are_pdfplumbers() -> None:
    path = next(p for p in CORPUS_PDFS if p.name.startswith("shennan_circuits"))
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            horizontal, vertical = collect_lines(page, page_geometry(page))
            page.close()
            lines = [("h", *line[:3]) for line in horizontal] + [("v", *line[:3]) for line in vertical]
            edges = [plumber_edge(*line) for line in lines]
            assert our_cells(lines) == TableFinder(EdgePage(edges), {}).cells  # type: ignore[arg-type]
    finally:
        pdf.close()


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus/pdf is absent")
def test_corpus_two_column_glued_number_is_printed_so() -> None:
    # "1,958 亿元提供医疗服务支援" on page 15 is one printed line (one text object holds "元提供医疗"):
    # the rendering glued the seed's lines, not the reader. pdfplumber reads it the same.
    path = next(p for p in CORPUS_PDFS if p.name == "seed-rendered-2col.pdf")
    assert "1,958 亿元提供医疗服务支援" in read_pdf(path).pages[14].text
    with pdfplumber.open(path) as pdf:
        assert "1,958 亿元提供医疗服务支援" in (pdf.pages[14].extract_text() or "")


def test_one_glyph_strings_in_a_standard_cjk_font_are_read(tmp_path: Path) -> None:
    """PDFium drops a one-character string set in a non-embedded Adobe CJK font (吨 under a number,
    亿 at the top of a page); such documents are read from pdfplumber's characters."""
    from reportlab.pdfgen import canvas

    renderer = load_renderer()
    path = tmp_path / "units.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(renderer.register_font(), 12)
    for y, text in ((700, "28.19"), (684, "吨"), (660, "减排氮氧化物"), (640, "亿")):
        pdf.drawString(100, y, text)
    pdf.showPage()
    pdf.save()
    text = read_pdf(path).pages[0].text
    assert "吨" in text and "亿" in text and text.index("28.19") < text.index("吨")


def test_tables_are_found_only_on_pages_the_caller_wants(tmp_path: Path) -> None:
    path = tmp_path / "tables.pdf"
    load_renderer().render_kpi_tables(path)
    assert read_pdf(path).pages[0].tables
    assert read_pdf(path, wants_tables=lambda text: False).pages[0].tables == []
    assert read_pdf(path, wants_tables=lambda text: "营业收入" in text).pages[0].tables


def test_stream_reads_the_same_pages_one_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    load_renderer().render_image_only(path)
    whole = read_pdf(path, ocr="off")
    stream = PdfStream(path, ocr="off")
    texts = [page.text for page in stream.pages()]
    assert texts == [page.text for page in whole.pages]
    assert stream.finish() == whole.warnings and "OCR needed" in whole.warnings[0]


def test_stream_of_a_pdf_without_text_fails_when_finished(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    load_renderer().render_blank(path)
    stream = PdfStream(path, ocr="off")
    assert all(not page.text for page in stream.pages())
    with pytest.raises(NoTextLayerError):
        stream.finish()


# --- a scan's hidden OCR layer that left characters out -------------------------------------------

# Invented text as a poor OCR layer gives it: the characters it could not read are left out, a space in
# their place; and the same text read whole.
BROKEN_LAYER = [
    "报告期 ，公司持 推进 理体系建设， 织开 岗位 训与技能 赛，",
    "全年 资源 约与循 利用 作稳 进， 区服务 续深入 展，各项",
    "工作按计 有序推进 公司 实履行对 东、员 、客户 社会的责任，",
    "发展质量 步提升 员工队伍 体素质不 提高 企业形象 到社会",
    "各界的广泛认 。公司 续完善 险管控 系，  强内部审计监督。",
]
WHOLE_LAYER = [line.replace(" ", "") for line in BROKEN_LAYER]


@pytest.mark.parametrize(
    ("lines", "image_over_text", "broken"),
    [(BROKEN_LAYER, True, True), (BROKEN_LAYER, False, False), (WHOLE_LAYER, True, False)],
    ids=["hidden-and-broken", "picture-under-the-text", "hidden-but-whole"],
)
def test_broken_scan_layer(tmp_path: Path, lines: list[str], image_over_text: bool, broken: bool) -> None:
    import pypdfium2 as pdfium

    from csr_extract.reader.pdf import broken_scan_layer

    path = tmp_path / "layer.pdf"
    load_renderer().render_hidden_layer(path, lines, image_over_text=image_over_text)
    document = pdfium.PdfDocument(str(path))
    try:
        assert broken_scan_layer(document[0]) is broken
    finally:
        document.close()


def test_a_broken_hidden_layer_is_read_by_ocr_when_ocr_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With OCR at hand (``--ocr auto``) the page is read by OCR; without it the gappy layer is kept, its
    figures being better than none."""
    path = tmp_path / "layer.pdf"
    load_renderer().render_hidden_layer(path, BROKEN_LAYER)
    monkeypatch.setattr("csr_extract.reader.pdf.ocr_available", lambda: True)
    read = "员工总数 7,711 人"
    monkeypatch.setattr("csr_extract.reader.pdf.ocr_page", lambda *_: (read, [(0.0, 0.0, 1.0, 1.0)] * len(read)))
    doc = read_pdf(path, ocr="auto")
    assert doc.warnings == ["garbled text layer on pages 1: read by OCR"]
    assert doc.pages[0].ocr and doc.pages[0].text == read
    kept = read_pdf(path, ocr="off")
    assert kept.warnings == [] and "理体系建设" in kept.pages[0].text
