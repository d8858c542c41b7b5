"""OCR of pages without usable text (scans, infographic pages, broken font maps) with RapidOCR.

Optional: ``pip install 'csr-extract[ocr]'`` brings ``rapidocr-onnxruntime``, whose PP-OCR detection and
recognition models ship inside the wheel, so OCR runs offline. Without it :func:`ocr_available` is
False and the reader keeps its "OCR needed" warning.

A page is rendered with PDFium at :data:`OCR_DPI`, RapidOCR finds its text lines, and the lines become a
page text like the PDF reader's: one line per printed line, columns read one after the other, each
character with a box in PDF points (RapidOCR's per-character boxes, mapped back from pixels), so
``page``, ``bbox`` and ``evidence`` work as for a text page. Recognition runs on one thread: the output
is then the same on every run (ONNX Runtime's float sums depend on the thread count), and a batch runs
one report per core anyway.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import statistics
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from csr_extract.document import BBox

# Resolution of the rendered page: 8-pt text is 22 px tall at 200 dpi. benchmarks/bench_ocr.py measured
# the characters of 8-pt-sized text read right: 99.7% at 150 dpi, 99.9% at 200 and at 262 dpi.
# Recognition scales every line to 48 px, so its time does not grow with the resolution; detection's does.
OCR_DPI = 200
MIN_SCORE = 0.5  # RapidOCR's own default: lines recognised with less confidence are dropped
# A line that is only a number is dropped below this confidence: a misread number is worse than none,
# and ornaments are misread as numbers (large quotation marks “” as 6699, at 0.87)
BARE_NUMBER_MIN_SCORE = 0.9
BARE_NUMBER = re.compile(r"[\d.,%+\-\s]+")
# Detection's memory grows with the pixels: a two-page spread at 200 dpi (7.7 million pixels) ran out of
# a 2 GB worker, an A4 page (3.9 million) takes about 1 GB. Larger pages are cut at their gutter.
MAX_PIXELS = 4_500_000
INK_LEVEL = 200  # a pixel darker than this (of 255) is ink, or a picture
GUTTER_MAX_INK = 0.002  # a blank column: at most this share of its pixels inked (specks of a scan)
GUTTER_MIN_POINTS = 48.0  # a gutter is wider than a column gap: two page margins
INSTALL_HINT = "pip install 'csr-extract[ocr]'"
OCR_PACKAGE = "rapidocr_onnxruntime"

CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
SPACES_BETWEEN_CJK = re.compile(f"(?<=[{CJK}]) +(?=[{CJK}])")
SPACES_IN_NUMBER = re.compile(r"(?<=\d) +(?=[\d.,%])|(?<=[\d.,]) +(?=\d)")
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
COMMA_IN_NUMBER = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
POINT_IN_NUMBER = re.compile(r"(?<=\d)[．。](?=\d)")

_LOCK = threading.Lock()
_ENGINE: Any = None


def ocr_available() -> bool:
    """True when the ``[ocr]`` extra is installed (checked without importing it)."""
    return importlib.util.find_spec(OCR_PACKAGE) is not None


def _engine() -> Any:
    """One RapidOCR engine per process, made on first use (loading the models takes ~0.2 s)."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            from rapidocr_onnxruntime import RapidOCR

            for name in ("RapidOCR", "OrtInferSession"):  # it logs its settings at INFO
                logging.getLogger(name).setLevel(logging.WARNING)
            _ENGINE = RapidOCR(
                intra_op_num_threads=1,
                inter_op_num_threads=1,
                use_cls=False,  # pages are rendered upright; the 180-degree line classifier only costs
                max_side_len=4000,  # keep the page's resolution (the default shrinks it to 2000 px)
                text_score=MIN_SCORE,
            )
    return _ENGINE


@dataclass(frozen=True, slots=True)
class OcrLine:
    """A line of text found by OCR, with a box per character in PDF points (None for spaces)."""

    text: str
    boxes: list[BBox | None]
    score: float

    @property
    def bbox(self) -> BBox:
        found = [b for b in self.boxes if b is not None]
        return (
            min(b[0] for b in found),
            min(b[1] for b in found),
            max(b[2] for b in found),
            max(b[3] for b in found),
        )


def ocr_page(page: Any, media_left: float, media_top: float) -> tuple[str, list[BBox | None]]:
    """Text and character boxes of a PDFium page read by OCR (boxes in PDF points from the media box's
    top-left corner, as the text reader gives them); empty when OCR finds nothing.

    A page larger than :data:`MAX_PIXELS` at :data:`OCR_DPI` (a two-page spread, a poster) is cut at
    its gutter, a blank band down its middle, and each half is read on its own, left then right, as two
    printed pages are; without a gutter it is rendered at the resolution that fits."""
    scale = OCR_DPI / 72
    crop_left, _, _, crop_top = page.get_cropbox()  # the rendered area
    left, top = crop_left - media_left, media_top - crop_top
    width, height = page.get_size()
    if width * height * scale * scale > MAX_PIXELS:
        halves = cut_at_gutter(page, scale)
        if halves is not None:
            (first, second), cut = halves
            parts = [assemble(ocr_image(first, scale, left, top))]
            parts.append(assemble(ocr_image(second, scale, left + cut / scale, top)))
            return join_parts(parts)
        scale = (MAX_PIXELS / (width * height)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:  # the array is a view of the bitmap's memory: OCR before closing it
        lines = ocr_image(bitmap.to_numpy(), scale, left, top)
    finally:
        bitmap.close()
    return assemble(lines)


def cut_at_gutter(page: Any, scale: float) -> tuple[tuple[Any, Any], int] | None:
    """The page rendered at ``scale`` and cut at its gutter (copies: the bitmap is closed), and the
    pixel column of the cut; None when it has no gutter."""
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_numpy()
        cut = find_gutter(image, scale)
        if cut is None:
            return None
        return (image[:, :cut].copy(), image[:, cut:].copy()), cut
    finally:
        bitmap.close()


def find_gutter(image: Any, scale: float) -> int | None:
    """The pixel column where a wide image is cut in two: the middle of the widest band of blank
    columns (nearly no pixel darker than :data:`INK_LEVEL`) in its middle fifth, when that band is at
    least :data:`GUTTER_MIN_POINTS` wide. None for an image taller than wide or with no such band (a
    picture or a table across the middle)."""
    height, width = image.shape[:2]
    if width <= height:
        return None
    lo, hi = int(width * 0.4), int(width * 0.6)
    inked = (image[:, lo:hi] < INK_LEVEL).mean(axis=0) > GUTTER_MAX_INK
    best: tuple[int, int] | None = None
    start: int | None = None
    for k, ink in enumerate([*inked.tolist(), True]):
        if not ink and start is None:
            start = k
        elif ink and start is not None:
            if best is None or k - start > best[1] - best[0]:
                best = (start, k)
            start = None
    if best is None or best[1] - best[0] < GUTTER_MIN_POINTS * scale:
        return None
    return lo + (best[0] + best[1]) // 2


def join_parts(parts: Sequence[tuple[str, list[BBox | None]]]) -> tuple[str, list[BBox | None]]:
    """The texts of a page's parts one after the other, a line break between them."""
    chars: list[str] = []
    boxes: list[BBox | None] = []
    for text, part_boxes in parts:
        if not text:
            continue
        if chars:
            chars.append("\n")
            boxes.append(None)
        chars.extend(text)
        boxes.extend(part_boxes)
    return "".join(chars), boxes


def ocr_image(image: Any, scale: float, left: float = 0.0, top: float = 0.0) -> list[OcrLine]:
    """The text lines RapidOCR reads in ``image`` (a numpy array), boxes mapped to PDF points: pixel /
    ``scale`` + (``left``, ``top``), the offset of the rendered area on the page."""
    result, _ = _engine()(image, return_word_box=True)
    lines: list[OcrLine] = []
    for item in result or []:
        quad, text, score = item[0], str(item[1]), float(item[2])
        word_boxes = item[3] if len(item) > 3 else []
        word_texts = item[4] if len(item) > 4 else []
        line = make_line(text, score, to_points(quad, scale, left, top), word_texts, word_boxes, scale, left, top)
        if line is not None:
            lines.append(line)
    return lines


def to_points(quad: Sequence[Sequence[float]], scale: float, left: float, top: float) -> BBox:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return (min(xs) / scale + left, min(ys) / scale + top, max(xs) / scale + left, max(ys) / scale + top)


def make_line(
    raw: str,
    score: float,
    box: BBox,
    word_texts: Sequence[str],
    word_boxes: Sequence[Sequence[Sequence[float]]],
    scale: float,
    left: float,
    top: float,
) -> OcrLine | None:
    """One OCR line with a box per character: RapidOCR's character boxes when there is one per printed
    character of ``raw``, otherwise the line's box shared out by character width. :func:`clean_line`
    only drops spaces and swaps characters one for one, so the printed characters keep their boxes."""
    text = clean_line(raw)
    if not text or (BARE_NUMBER.fullmatch(text) and score < BARE_NUMBER_MIN_SCORE):
        return None
    glyphs = [ch for ch in raw if not ch.isspace()]
    if len(word_boxes) == len(glyphs) and "".join(word_texts) == "".join(glyphs):
        char_boxes = iter([to_points(q, scale, left, top) for q in word_boxes])
        return OcrLine(text, [None if ch.isspace() else next(char_boxes) for ch in text], score)
    return OcrLine(text, share_out(text, box), score)


def share_out(text: str, box: BBox) -> list[BBox | None]:
    """Character boxes made by cutting ``box`` in proportion to each character's width."""
    widths = [0.0 if ch.isspace() else (1.0 if is_wide(ch) else 0.5) for ch in text]
    spaces = [0.5 if ch.isspace() else 0.0 for ch in text]
    total = sum(widths) + sum(spaces) or 1.0
    unit = (box[2] - box[0]) / total
    out: list[BBox | None] = []
    x = box[0]
    for ch, w, s in zip(text, widths, spaces, strict=True):
        if ch.isspace():
            out.append(None)
            x += s * unit
        else:
            out.append((x, box[1], x + w * unit, box[3]))
            x += w * unit
    return out


WIDE = re.compile(f"[{CJK}]")


def is_wide(ch: str) -> bool:
    return WIDE.match(ch) is not None


def clean_line(text: str) -> str:
    """OCR output as a text layer would give it: no spaces between CJK characters or inside a number,
    ASCII digits, and a full-width comma or point between digits made ASCII (1，958 -> 1,958)."""
    text = text.translate(FULL_WIDTH_DIGITS)
    text = COMMA_IN_NUMBER.sub(",", text)
    text = POINT_IN_NUMBER.sub(".", text)
    text = SPACES_BETWEEN_CJK.sub("", text)
    text = SPACES_IN_NUMBER.sub("", text)
    return " ".join(text.split())  # one space between words, none at the ends


# --- reading order --------------------------------------------------------------------------------
#
# RapidOCR returns lines top to bottom, so on a two-column page the columns' lines interleave. The
# lines are put in reading order by recursive cuts (XY-cut): a vertical gap that runs through a whole
# region between two sides that both hold text lines splits it into columns read left to right; failing
# that, a horizontal gap taller than a line spacing splits it into blocks read top to bottom; a region
# with neither is read row by row. Table rows, whose cells are short, are not split into columns: their
# cells are joined with spaces into one line, as a text layer prints them.

COLUMN_LINE_EMS = 6.0  # both sides of a column gap hold lines at least this wide (median, in line heights)
COLUMN_GAP_EMS = 0.8  # narrowest gap between columns
BLOCK_GAP_EMS = 1.2  # narrowest gap between blocks of lines
SHORT_EMS = 3.0  # pieces narrower than this many line heights do not close a column gap


def reading_order(lines: Sequence[OcrLine]) -> list[list[OcrLine]]:
    """``lines`` grouped into rows in reading order; the lines of a row are left to right."""
    if not lines:
        return []
    em = statistics.median(line.bbox[3] - line.bbox[1] for line in lines) or 1.0
    rows: list[list[OcrLine]] = []
    cut(list(lines), em, rows)
    return rows


def cut(lines: list[OcrLine], em: float, rows: list[list[OcrLine]]) -> None:
    columns = split_columns(lines, em)
    if columns is not None:
        for column in columns:
            cut(column, em, rows)
        return
    blocks = split_blocks(lines, em)
    if blocks is not None:
        for block in blocks:
            cut(block, em, rows)
        return
    rows.extend(group_rows(lines))


def split_columns(lines: list[OcrLine], em: float) -> list[list[OcrLine]] | None:
    """The lines left and right of the widest vertical gap through all of them, when both sides hold
    text lines (not the short cells of a table). Short pieces (a page number, a bullet, a stray mark)
    do not close a gap: they go to the side their middle is on."""
    spans = sorted((line.bbox[0], line.bbox[2]) for line in lines if line.bbox[2] - line.bbox[0] >= SHORT_EMS * em)
    if len(spans) < 2:
        return None
    best: tuple[float, float] | None = None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= COLUMN_GAP_EMS * em and (best is None or x0 - reach > best[1] - best[0]):
            best = (reach, x0)
        reach = max(reach, x1)
    if best is None:
        return None
    middle = (best[0] + best[1]) / 2
    left = [line for line in lines if (line.bbox[0] + line.bbox[2]) / 2 < middle]
    right = [line for line in lines if (line.bbox[0] + line.bbox[2]) / 2 >= middle]
    if not (is_text_column(left, em) and is_text_column(right, em)):
        return None
    return [left, right]


def is_text_column(lines: list[OcrLine], em: float) -> bool:
    """Two lines or more, mostly long ones: a column of running text (one row of table cells is not)."""
    if len(lines) < 2:
        return False
    return statistics.median(line.bbox[2] - line.bbox[0] for line in lines) >= COLUMN_LINE_EMS * em


def split_blocks(lines: list[OcrLine], em: float) -> list[list[OcrLine]] | None:
    """Blocks of lines separated by horizontal gaps taller than ``BLOCK_GAP_EMS`` line heights."""
    ordered = sorted(lines, key=lambda line: line.bbox[1])
    blocks: list[list[OcrLine]] = [[ordered[0]]]
    reach = ordered[0].bbox[3]
    for line in ordered[1:]:
        if line.bbox[1] - reach >= BLOCK_GAP_EMS * em:
            blocks.append([])
        blocks[-1].append(line)
        reach = max(reach, line.bbox[3])
    return blocks if len(blocks) > 1 else None


def group_rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Lines whose vertical middles fall within each other's height form a row, read left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: (line.bbox[1] + line.bbox[3]) / 2):
        middle = (line.bbox[1] + line.bbox[3]) / 2
        if rows:
            last = rows[-1][0].bbox
            if last[1] <= middle <= last[3]:
                rows[-1].append(line)
                continue
        rows.append([line])
    return [sorted(row, key=lambda line: line.bbox[0]) for row in rows]


def assemble(lines: Sequence[OcrLine]) -> tuple[str, list[BBox | None]]:
    """The page text and its character boxes: rows in reading order, one per text line, the pieces of a
    row joined by a space."""
    chars: list[str] = []
    boxes: list[BBox | None] = []
    for row in reading_order(lines):
        if chars:
            chars.append("\n")
            boxes.append(None)
        for i, line in enumerate(row):
            if i:
                chars.append(" ")
                boxes.append(None)
            chars.extend(line.text)
            boxes.extend(line.boxes)
    return "".join(chars), boxes
