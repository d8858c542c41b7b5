"""Read a PDF into a :class:`Document`: text in reading order with a box per character, and ruled tables.

Engines, chosen for speed on long reports (pdfplumber's own parser runs at 10-30 pages/s on real
reports, pdfium at 300-600):

* text and character boxes: pypdfium2 (PDFium's text page keeps each column's reading order);
* table geometry: pdfplumber's "lines" tables (``TableFinder`` with default settings), on ruling
  lines read from PDFium's path objects: pdfplumber's slow PDF parsing is skipped, and its edge
  merging and cell search are re-done on tuples in near-linear time with identical results (see
  "tables" below; the tests compare with ``TableFinder``). Cell text comes from the page's own
  characters, so tables and text agree character for character;
* fallback: pdfplumber's characters, on the rare pages where PDFium drops text objects;
* reading order: each line's characters are put in the order of their boxes when the content stream
  drew them backwards (:func:`order_by_boxes`);
* quality: a page whose text layer is garbled (:class:`TextQuality`) is treated like a page without
  one; such pages are read by OCR (``reader/ocr.py``) when the ``[ocr]`` extra is installed.

Only pages whose text looks tabular (several lines holding two or more numbers) are searched for
tables. Boxes follow pdfplumber's convention: ``(x0, top, x1, bottom)`` with ``top`` measured from
the top of the page's media box.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import hashlib
import io
import itertools
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table as PlumberTable
from pdfplumber.table import cells_to_tables
from pdfplumber.utils.text import chars_to_textmap

from csr_extract.document import OCR_CUT_SHORT, BBox, Cell, Document, Page, Table
from csr_extract.errors import (
    CorruptPdfError,
    EmptyInputError,
    EncryptedPdfError,
    InputMissingError,
    LimitExceededError,
    NotAPdfError,
    NoTextLayerError,
    OcrUnavailableError,
    TimeLimitError,
    TooLargeError,
)
from csr_extract.reader import format_page_ranges
from csr_extract.reader.guard import check_streams, fallback_affordable, pdf_library_of
from csr_extract.reader.ocr import INSTALL_HINT, ocr_available, ocr_page

# PDFium writes a line-end hyphen as U+FFFE in the text and as 0x02 per character.
HYPHEN_MARKS = str.maketrans({"\ufffe": "-", "\x02": "-"})
# Dropped: carriage returns and other control characters (not \n or \t), and invisible characters that
# only split words: soft hyphen, zero-width spaces/joiners, BOM.
ARTEFACTS = re.compile("[\x00-\x08\x0b-\x1f\u00ad\u200b\u200c\u200d\u2060\ufeff]")
REPEATED_CHAR = re.compile(r"(.)\1+", re.DOTALL)
NEWLINE = re.compile("\n")
CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
CJK_SPACES = re.compile(f"(?<=[{CJK}]) +(?=[{CJK}])")
SPACES_BEFORE_SMALL_DIGIT = re.compile(r"(?<=[A-Za-z)\]）]) +(?=\d)")
SPACES_AT_LINE_END = re.compile(r" +(?=\n)|(?<=\n) +")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Characters a readable page of a Chinese report is made of; a page where many characters fall outside
# (control codes, Latin-1 letters, private-use glyphs) has a broken font map, i.e. no usable text.
READABLE = re.compile(
    "[\t\n -~\u00a0-\u00bf\u00d7\u00f7\u0391-\u03c9\u0400-\u04ff\u2000-\u206f\u2100-\u27bf"
    f"{CJK}\u3200-\u33ff]"
)
UNREADABLE = re.compile(READABLE.pattern.replace("[", "[^", 1))
UNREADABLE_SHARE = 0.10  # measured: real reports <= 0.083 per page, broken ToUnicode pages >= 0.124
CJK_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# measured (tests/test_reader_pdf.py): the corpus's real reports hold <= 0.5% rare ideographs per page;
# the misread org chart of fenjiu_2012_csr.pdf's scan layer 3.5% (9 of 257)
RARE_SHARE = 0.02
RARE_MIN = 3  # a few rare characters on a short page (a name, a title) prove nothing
# A scan's hidden OCR layer (text under a picture of the page) that left out what it could not read:
# ideograph-space-ideograph per ideograph, measured: fenjiu_2012_csr.pdf's layer 0.10-0.20 on 15 of its 16
# text pages; the text layers of the corpus's other PDFs <= 0.095 on any page, medians <= 0.013.
SPACED_IDEOGRAPHS = re.compile(f"{CJK_IDEOGRAPH.pattern} +(?={CJK_IDEOGRAPH.pattern})")
BROKEN_SHARE = 0.10
BROKEN_MIN_CJK = 100  # a short page (a title, a caption) proves nothing
COVERING_IMAGE = 0.9  # share of the page an image drawn over the text covers
BIG5_LEVEL_1 = (0xA440, 0xC67E)  # Big5's frequent ideographs, by code
ZERO_WIDTH = 0.01  # PDFium's kSizeEpsilon: text objects narrower than this are skipped by its text page
BACKWARD_SLACK = 0.1  # a character starting this many line heights left of the previous one goes back
SPACE_GAP = 0.2  # in a line put back in order, a gap of this many line heights is a space
SMALL_RATIO = 0.8  # a sub/superscript is drawn at most this fraction of its neighbour's size
NUMERIC_LINES_FOR_TABLE = 2  # lines with >= 2 numbers before a page is searched for tables
PDF_HEADER_WINDOW = 1024  # readers accept %PDF anywhere in the first KiB


@dataclass(frozen=True, slots=True)
class _Geometry:
    """Maps PDF user space (origin bottom-left) to pdfplumber's top-left convention."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bbox(self) -> BBox:
        return (0.0, 0.0, self.width, self.height)


# Adobe's standard CJK CID fonts, which a PDF may name without embedding them.
_STANDARD_CJK_FONT = re.compile(
    rb"/BaseFont\s*/(?:STSong-Light|STSongStd-Light|STHeiti-Regular|MSung-Light|MSungStd-Light|MHei-Medium"
    rb"|HeiseiMin-W3|HeiseiKakuGo-W5|KozMinPro-Regular|HYSMyeongJo-Medium|HYGoThic-Medium)\b"
)


class _PlumberPages:
    """pdfplumber, opened only when PDFium's text page drops text objects (it skips e.g. one-character
    objects of OCR text layers and stacked vertical labels); slow, so used for those pages only."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        self.data = data
        self.password = password
        self.pdf: Any = None
        self.unreadable = False
        # PDFium drops every one-glyph string set in a non-embedded Adobe standard CJK font (as
        # reportlab writes them: a unit such as 吨 or 亿 on a line of its own): it skips text objects
        # of zero width, and such a glyph has no width without the font. In such documents each page's
        # text objects are checked for zero width (cheap: these documents hold few objects).
        self.suspect = _STANDARD_CJK_FONT.search(data) is not None

    def _page(self, index: int) -> Any:
        """pdfplumber's page ``index``; None when pdfminer cannot read a damaged file that far."""
        if self.unreadable:
            return None
        try:
            if self.pdf is None:
                self.pdf = pdfplumber.open(io.BytesIO(self.data), password=self.password or "")
            pages = self.pdf.pages
        except Exception:  # pdfminer refuses the damaged file: PDFium's reading stands
            self.unreadable = True
            return None
        return pages[index] if index < len(pages) else None

    def read_chars(self, index: int) -> tuple[str, list[BBox | None]] | None:
        """pdfplumber's characters of the page in content-stream order (a line break where the next
        character starts another line); a glyph drawn twice at one place is dropped later by
        :func:`clean_text`, once :func:`order_by_boxes` has put the two side by side."""
        page = self._page(index)
        if page is None:
            return None
        try:
            textmap = chars_to_textmap(page.chars, use_text_flow=True)
        except Exception:  # pdfminer may fail on odd pages: then PDFium's reading stands
            return None
        finally:
            page.close()  # drops the page's parsed objects so memory does not grow
        chars: list[str] = []
        boxes: list[BBox | None] = []
        for text, obj in textmap.tuples:
            if text.startswith("(cid:"):
                text = "\ufffd"  # pdfminer's name for an unmapped glyph
            box = None if obj is None else (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
            for ch in text:
                chars.append(ch)
                boxes.append(None if ch.isspace() else box)
        return "".join(chars), boxes

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


# How a page's text was read: from its text layer, by OCR, or not at all (and why).
TEXT, BLANK, GARBLED = "text", "blank", "garbled"
OCR_MODES = ("auto", "off", "force")


class PdfStream:
    """A PDF read page by page: each page is made when it is asked for and is not kept, so memory does
    not grow with the page count. ``finish()`` gives the warnings once every page has been read.

    ``pages``: 1-based numbers of the pages to read (default: all); the pages keep the PDF's numbers.
    ``ocr``: ``auto`` reads pages without a usable text layer (none, or garbled) by OCR when the
    ``[ocr]`` extra is installed; ``off`` never; ``force`` reads every page by OCR (and fails without
    the extra). ``password`` opens a PDF that needs a user password.
    ``ocr_time_limit``: seconds from the start after which no further page is read by OCR (when the
    slowest page read by OCR so far would run past it): the pages left are named in a warning and the
    rest of the report is read, so a long scan gives the values of its first pages instead of a timeout.
    """

    kind = "pdf"

    def __init__(
        self,
        path: Path,
        *,
        max_pages: int | None = None,
        time_limit: float | None = None,
        wants_tables: Callable[[str], bool] | None = None,
        pages: Iterable[int] | None = None,
        ocr: str = "auto",
        password: str | None = None,
        ocr_time_limit: float | None = None,
    ) -> None:
        self.started = time.monotonic()
        self.path = path
        if ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
        self.ocr = resolve_ocr(path, ocr)
        data = load_pdf_bytes(path)
        damaged = check_streams(data, path)  # a decompression bomb fails here, before PDFium inflates it
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.pdf = open_pdf(data, path, password)
        self.notes: list[str] = []
        try:
            self.page_count = len(self.pdf)
            self.selected = select_pages(path, self.page_count, pages, self.notes)
            if max_pages is not None and len(self.selected) > max_pages:  # the pages to read
                count = f"{self.page_count} pages" if pages is None else f"{len(self.selected)} selected pages"
                raise TooLargeError(path, f"{count} exceeds the page limit of {max_pages}")
            self.title = read_title(self.pdf)
        except BaseException:
            self.pdf.close()
            raise
        self.fallback = _PlumberPages(data, password)
        self.fallback.unreadable = damaged > 0  # pdfminer repairs damaged streams too slowly: PDFium alone
        self.time_limit = time_limit
        self.wants_tables = wants_tables
        self.unread: dict[str, list[int]] = {BLANK: [], GARBLED: []}  # no usable text, not read by OCR
        self.by_ocr: dict[str, list[int]] = {BLANK: [], GARBLED: [], TEXT: []}  # read by OCR, and why
        self.ocr_time_limit = ocr_time_limit
        self.ocr_cut: list[int] = []  # pages OCR would have read had there been time
        self.slowest_ocr = 0.0  # seconds: the longest one page's OCR took so far
        self.read = 0

    def pages(self) -> Iterator[Page]:
        """Every selected page in order; PDFium and pdfplumber are closed when the last one has been read."""
        try:
            previous: Page | None = None
            for index in self.selected:
                page = self._read(index)
                if previous is not None and previous.number == page.number - 1:
                    carry_table_headers((previous, page))
                previous = page
                self.read += 1
                yield page
        finally:
            self.close()

    def _read(self, index: int) -> Page:
        if self.time_limit is not None and time.monotonic() - self.started > self.time_limit:
            raise TimeLimitError(self.path, self._over_time(self.time_limit))
        mode = self._ocr_mode()
        began = time.monotonic()
        try:
            page, status = read_page(self.pdf, index, self.fallback, self.wants_tables, mode)
        except pdfium.PdfiumError as exc:
            raise CorruptPdfError(self.path, f"corrupt PDF: page {index + 1} cannot be read ({exc})") from None
        except Exception as exc:  # other failures inside a PDF library on a damaged page; ours propagate
            library = pdf_library_of(exc)
            if library is None:
                raise
            reason = f"{library}: {type(exc).__name__}: {exc}"
            raise CorruptPdfError(self.path, f"corrupt PDF: page {index + 1} cannot be read ({reason})") from None
        if page.ocr:
            self.by_ocr[status].append(index + 1)
            self.slowest_ocr = max(self.slowest_ocr, time.monotonic() - began)
        elif status != TEXT and mode != self.ocr:
            self.ocr_cut.append(index + 1)
        elif status != TEXT:
            self.unread[status].append(index + 1)
        return page

    def _ocr_mode(self) -> str:
        """``self.ocr``, or ``off`` once reading one more page by OCR, as slow as the slowest so far,
        would run past ``ocr_time_limit``."""
        if self.ocr not in ("on", "force") or self.ocr_time_limit is None:
            return self.ocr
        elapsed = time.monotonic() - self.started
        return self.ocr if elapsed + self.slowest_ocr <= self.ocr_time_limit else "off"

    def _over_time(self, limit: float) -> str:
        """Checked between pages; OCR, a few seconds a page, is what usually runs a report over."""
        reason = f"time limit of {limit:g} s exceeded after {self.read} of {len(self.selected)} pages"
        ocr = sum(len(numbers) for numbers in self.by_ocr.values())
        if ocr:
            reason += f" ({ocr} read by OCR, seconds each: a longer --time-limit or --pages helps)"
        return reason

    def finish(self) -> list[str]:
        """The document's warnings; raises :class:`NoTextLayerError` when no page had text."""
        unread = sorted(self.unread[BLANK] + self.unread[GARBLED] + self.ocr_cut)
        if self.read == len(self.selected) and len(unread) == self.read:
            raise NoTextLayerError(self.path, self._no_text_reason())
        warnings = list(self.notes)
        for status, what in ((BLANK, "no text layer"), (GARBLED, "garbled text layer")):
            if self.by_ocr[status]:
                warnings.append(f"{what} on pages {format_page_ranges(self.by_ocr[status])}: read by OCR")
        if self.unread[BLANK]:
            warnings.append(f"no text layer on pages {format_page_ranges(self.unread[BLANK])}: {self._ocr_needed()}")
        if self.unread[GARBLED]:
            pages = format_page_ranges(self.unread[GARBLED])
            warnings.append(f"garbled text layer on pages {pages} (treated as no text): {self._ocr_needed()}")
        if self.ocr_cut:
            warnings.append(
                f"no usable text layer on pages {format_page_ranges(self.ocr_cut)}: {OCR_CUT_SHORT} "
                f"({self.ocr_time_limit:g} s) was reached; a longer --time-limit or --pages reads them"
            )
        return warnings

    def _ocr_needed(self) -> str:
        if self.ocr == "off":
            return "OCR needed (OCR is off)"
        if self.ocr == "missing":
            return f"OCR needed ({INSTALL_HINT})"
        return "no text found by OCR either"

    def _no_text_reason(self) -> str:
        count = len(self.selected)
        pages = f"any of the {count} pages" if count == self.page_count else f"any of the {count} selected pages"
        if self.ocr_cut:
            return f"no text layer on {pages}, and {OCR_CUT_SHORT} ({self.ocr_time_limit:g} s) was reached"
        if self.ocr in ("on", "force"):
            return f"no text layer on {pages}, and OCR found no text"
        garbled = len(self.unread[GARBLED])
        detail = f" ({garbled} with a garbled one)" if garbled else ""
        return f"no text layer on {pages}{detail}: {self._ocr_needed()}"

    def close(self) -> None:
        self.fallback.close()
        self.pdf.close()


def resolve_ocr(path: Path, mode: str) -> str:
    """What OCR does here: ``off``; ``on`` (``auto`` with the ``[ocr]`` extra installed: pages without
    usable text); ``missing`` (``auto`` without it: those pages are named in a warning); ``force``
    (every page; fails without the extra)."""
    if mode == "off":
        return mode
    if ocr_available():
        return "force" if mode == "force" else "on"
    if mode == "force":
        raise OcrUnavailableError(path, f"--ocr force needs the OCR extra: {INSTALL_HINT}")
    return "missing"


def select_pages(path: Path, page_count: int, pages: Iterable[int] | None, notes: list[str]) -> list[int]:
    """0-based indices of the selected pages in order; pages past the end are left out with a note."""
    if pages is None:
        return list(range(page_count))
    wanted = sorted(set(pages))
    outside = [n for n in wanted if not 1 <= n <= page_count]
    selected = [n - 1 for n in wanted if 1 <= n <= page_count]
    if not selected:
        raise LimitExceededError(path, f"none of the selected pages is in the PDF ({page_count} pages)")
    if outside:
        notes.append(f"pages {format_page_ranges(outside)} are not in the PDF ({page_count} pages): skipped")
    return selected


def read_pdf(
    path: Path,
    *,
    max_pages: int | None = None,
    time_limit: float | None = None,
    wants_tables: Callable[[str], bool] | None = None,
    pages: Iterable[int] | None = None,
    ocr: str = "auto",
    password: str | None = None,
) -> Document:
    """Read ``path`` whole; raise an :class:`~csr_extract.errors.ExtractError` subclass for unusable input.

    Pages without usable text (scans, broken font maps) are read by OCR when it is installed (see
    :class:`PdfStream` for ``pages``, ``ocr`` and ``password``); otherwise they get empty text and one
    warning naming them. When no page has text, :class:`NoTextLayerError` is raised.
    ``wants_tables(page_text)`` lets the caller say which pages' tables it will read (finding tables is
    the costliest step). To read a long PDF without keeping every page, use :class:`PdfStream`.
    """
    stream = PdfStream(
        path,
        max_pages=max_pages,
        time_limit=time_limit,
        wants_tables=wants_tables,
        pages=pages,
        ocr=ocr,
        password=password,
    )
    read = list(stream.pages())
    warnings = stream.finish()
    return Document(path, "pdf", read, stream.page_count, stream.sha256, warnings, stream.title)


def load_pdf_bytes(path: Path) -> bytes:
    """The file's bytes, after checking it exists, is not empty and starts like a PDF."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputMissingError(path, "file not found") from None
    except OSError as exc:
        raise InputMissingError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not data:
        raise EmptyInputError(path, "the file is empty (0 bytes)")
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise NotAPdfError(path, "not a PDF: the file does not start with a %PDF header")
    return data


def open_pdf(data: bytes, path: Path, password: str | None = None) -> pdfium.PdfDocument:
    """Open with PDFium, mapping its load errors to the library's errors."""
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            if password:
                raise EncryptedPdfError(path, "the PDF is encrypted and the password is wrong") from None
            raise EncryptedPdfError(path, "the PDF is encrypted and needs a password (--password)") from None
        raise CorruptPdfError(path, f"corrupt or truncated PDF: {exc}") from None
    except Exception as exc:  # pdfium's bindings may raise anything on hostile input
        raise CorruptPdfError(path, f"corrupt or truncated PDF: {exc}") from None


def read_page(
    pdf: pdfium.PdfDocument,
    index: int,
    fallback: _PlumberPages,
    wants_tables: Callable[[str], bool] | None = None,
    ocr: str = "off",
) -> tuple[Page, str]:
    """Text, boxes, tables and label of one page, and how its text was found (``TEXT``, or ``BLANK`` /
    ``GARBLED`` when the text layer was missing or unusable: then read by OCR when ``ocr`` is ``on``
    or ``force``, see ``Page.ocr``). PDFium handles are closed before returning."""
    page = pdf[index]
    try:
        geometry = page_geometry(page)
        text, boxes = read_text_layer(page, index, geometry, fallback)
        status = TEXT if text else BLANK
        # a scan's gappy hidden layer still holds figures: given up only for OCR's reading of the page
        if text and (is_garbled(text) or (ocr == "on" and broken_scan_layer(page))):
            status = GARBLED
        by_ocr = ocr == "force" or (ocr == "on" and status != TEXT)
        if by_ocr:
            text, boxes = ocr_page(page, geometry.left, geometry.top)
        elif status != TEXT:
            return Page(index + 1, "", [], [], read_label(pdf, index)), status
        wanted = bool(text) and looks_tabular(text) and (wants_tables is None or wants_tables(text))
        tables = find_tables(page, geometry, text, boxes) if wanted else []
    finally:
        page.close()
    if by_ocr and not text:
        return Page(index + 1, "", [], [], read_label(pdf, index)), status if status != TEXT else BLANK
    return Page(index + 1, text, boxes, tables, read_label(pdf, index), ocr=by_ocr), status


def read_text_layer(
    page: pdfium.PdfPage, index: int, geometry: _Geometry, fallback: _PlumberPages
) -> tuple[str, list[BBox | None]]:
    """The page's text layer in reading order with a box per character: PDFium's, or pdfplumber's on
    pages where PDFium skipped text objects."""
    textpage = page.get_textpage()
    try:
        chars, boxes, backward = extract_chars(textpage, geometry)
    finally:
        textpage.close()
    if fallback_affordable(pdfium_c.FPDFPage_CountObjects(page.raw)) and (
        drops_text_objects(page, boxes) or (fallback.suspect and has_zero_width_text(page))
    ):
        replacement = fallback.read_chars(index)
        if replacement is not None:
            (chars, boxes), backward = replacement, True  # pdfplumber's stream order: checked in full
    if backward:
        chars, boxes = order_by_boxes(chars, boxes)
    return clean_text(chars, boxes)


def page_geometry(page: pdfium.PdfPage) -> _Geometry:
    left, bottom, right, top = page.get_mediabox()
    return _Geometry(left, top, right - left, top - bottom)


def extract_chars(textpage: pdfium.PdfTextPage, geometry: _Geometry) -> tuple[str, list[BBox | None], bool]:
    """One entry per PDFium character: the character and its loose box (None for whitespace), and
    whether a character starts left of the one before it on the same line (then the line was drawn
    backwards: see :func:`order_by_boxes`; checked here, in the loop that is run anyway).

    Loose boxes span the font's full height, as pdfplumber's do, so a subscript's box is visibly smaller.
    """
    count = textpage.count_chars()
    if count <= 0:
        return "", [], False
    text = textpage.get_text_range()
    if len(text) != count:  # PDFium skipped or merged characters: read them one by one instead
        text = "".join(unicode_at(textpage, i) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    rect_ptr = ctypes.pointer(rect)
    left_top_right_bottom = memoryview(rect).cast("B").cast("f")  # reads the four floats at once
    get_box, raw = pdfium_c.FPDFText_GetLooseCharBox, textpage.raw
    left, top = geometry.left, geometry.top
    boxes: list[BBox | None] = []
    append = boxes.append
    backward = False
    last_x0, last_y1 = math.inf, 0.0
    for i, ch in enumerate(text):
        if ch.isspace() or not get_box(raw, i, rect_ptr):
            append(None)
            if ch == "\n":
                last_x0 = math.inf
        else:
            x0, y1, x1, y0 = left_top_right_bottom
            append((x0 - left, top - y1, x1 - left, top - y0))
            if x0 < last_x0 and not backward:
                height = y1 - y0
                backward = x0 < last_x0 - BACKWARD_SLACK * height and abs(y1 - last_y1) < 0.3 * height
            last_x0, last_y1 = x0, y1
    return text, boxes, backward


def drops_text_objects(page: pdfium.PdfPage, boxes: Sequence[BBox | None]) -> bool:
    """True when the page has more text objects than PDFium returned visible characters.

    Every text object holds at least one character, so fewer characters means PDFium skipped objects.
    Only top-level objects are counted: cheap, and text inside forms only adds characters.
    """
    visible = len(boxes) - boxes.count(None)
    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    if count <= visible:
        return False
    get_object, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    text_kind = pdfium_c.FPDF_PAGEOBJ_TEXT
    objects = 0
    for i in range(count):
        if get_type(get_object(raw, i)) == text_kind:
            objects += 1
            if objects > visible:
                return True
        elif objects + count - i - 1 <= visible:
            return False  # too few objects left to outnumber the characters
    return False


def hidden_under_image(page: pdfium.PdfPage) -> bool:
    """True when an image covering the page is drawn over all its text: the text layer is hidden, a
    scan's own OCR put under the page's picture, and says nothing of how well that OCR read. Objects
    are looked at from the last drawn back to the last text object only."""
    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    if not fallback_affordable(count):
        return False
    width, height = page.get_size()
    left, right, bottom, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    for i in reversed(range(count)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            return False
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            covered = max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
            if covered >= COVERING_IMAGE * width * height:
                return True
    return False


def broken_scan_layer(page: pdfium.PdfPage) -> bool:
    """True for a scan's hidden OCR layer (:func:`hidden_under_image`) that left out what it could not
    read (:func:`breaks_words`, on PDFium's own text: the reader's clean-up closes such gaps)."""
    if not hidden_under_image(page):
        return False
    textpage = page.get_textpage()
    try:
        return breaks_words(textpage.get_text_range())
    finally:
        textpage.close()


def breaks_words(text: str) -> bool:
    """True for a text whose ideographs are often split by spaces (公司治 风险管控, 全是人 社会 息): the
    gaps of characters a scan's OCR could not read and left out."""
    cjk = len(CJK_IDEOGRAPH.findall(text))
    return cjk >= BROKEN_MIN_CJK and len(SPACED_IDEOGRAPHS.findall(text)) / cjk >= BROKEN_SHARE


def has_zero_width_text(page: pdfium.PdfPage) -> bool:
    """True when a top-level text object has no width: PDFium's text page skips such objects, so their
    glyphs are missing from its text (a one-glyph string in a font PDFium has no widths for)."""
    raw = page.raw
    left, right, bottom, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    get_object, get_type, get_bounds = (
        pdfium_c.FPDFPage_GetObject,
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPageObj_GetBounds,
    )
    text_kind = pdfium_c.FPDF_PAGEOBJ_TEXT
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = get_object(raw, i)
        if get_type(obj) == text_kind and get_bounds(obj, *refs) and abs(right.value - left.value) < ZERO_WIDTH:
            return True
    return False


def order_by_boxes(text: str, boxes: list[BBox | None]) -> tuple[str, list[BBox | None]]:
    """The characters of each line left to right by their boxes, whatever order they were drawn in.

    Some producers draw a line's glyphs (or its pieces) from the end back to the start, each at its
    place: text extraction then returns the line backwards. A line here is a run of characters between
    two line breaks whose boxes share a band (each one's vertical middle inside the other's box). A run
    where a character starts left of the one before is put in order of the boxes' left edges; its
    spaces are made again from the gaps between the boxes (a space where the gap is over a fifth of the
    line height). Runs already in order are left as they are. :func:`extract_chars` tells whether a
    page has a backward step at all, so pages read in order cost nothing here.
    """
    runs = backward_runs(text, boxes)
    if not runs:
        return text, boxes
    out_chars: list[str] = []
    out_boxes: list[BBox | None] = []
    done = 0
    for start, end in runs:
        out_chars.append(text[done:start])
        out_boxes.extend(boxes[done:start])
        placed = sorted(
            ((box, ch) for ch, box in zip(text[start:end], boxes[start:end], strict=True) if box is not None),
            key=lambda item: item[0][0],
        )
        previous: BBox | None = None
        for box, ch in placed:
            height = max(box[3] - box[1], previous[3] - previous[1]) if previous is not None else 0.0
            if previous is not None and box[0] - previous[2] > SPACE_GAP * height:
                out_chars.append(" ")
                out_boxes.append(None)
            out_chars.append(ch)
            out_boxes.append(box)
            previous = box
        done = end
    out_chars.append(text[done:])
    out_boxes.extend(boxes[done:])
    return "".join(out_chars), out_boxes


def backward_runs(text: str, boxes: Sequence[BBox | None]) -> list[tuple[int, int]]:
    """``(start, end)`` of every line run (see :func:`order_by_boxes`) in which some character starts
    left of the previous one by more than a tenth of the line height."""
    runs: list[tuple[int, int]] = []
    start = -1  # index of the run's first boxed character
    band: BBox | None = None
    last_box: BBox | None = None
    last = -1
    backward = False
    for i, box in enumerate(boxes):
        if box is None:
            if text[i] in "\r\n" and band is not None:
                if backward:
                    runs.append((start, last + 1))
                band, backward = None, False
            continue
        if band is not None and last_box is not None:
            middle = (box[1] + box[3]) / 2
            if band[1] <= middle <= band[3] and box[1] <= (band[1] + band[3]) / 2 <= box[3]:
                if box[0] < last_box[0] - BACKWARD_SLACK * (band[3] - band[1]):
                    backward = True
                last_box, last = box, i
                continue
            if backward:
                runs.append((start, last + 1))
        band, start, last_box, last, backward = box, i, box, i, False
    if band is not None and backward:
        runs.append((start, last + 1))
    return runs


def unicode_at(textpage: pdfium.PdfTextPage, index: int) -> str:
    code = pdfium_c.FPDFText_GetUnicode(textpage, index)
    return "\ufffd" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)


def clean_chars(chars: Sequence[str], boxes: Sequence[BBox | None]) -> tuple[list[str], list[BBox | None]]:
    """:func:`clean_text` on a list of characters."""
    text, out_boxes = clean_text("".join(chars), list(boxes))
    return list(text), out_boxes


def clean_text(text: str, boxes: list[BBox | None]) -> tuple[str, list[BBox | None]]:
    """Fix PDFium's text for CJK while keeping ``boxes`` aligned with the characters.

    Line ends become ``\\n``; line-end hyphen marks become ``-``; soft hyphens and zero-width characters
    go; a character drawn twice at the same place (fake bold) is kept once; a line break is added where
    the next character sits on another line but PDFium wrote none (or only a space); spaces PDFium
    generated between CJK characters go; sub/superscript digits are attached to their formula (CO2, m3).
    Each step scans the text with a regular expression and touches only what it finds.
    """
    text = text.translate(HYPHEN_MARKS)
    text, boxes = drop_at(text, boxes, [m.start() for m in ARTEFACTS.finditer(text)])
    text, boxes = drop_at(text, boxes, fake_bold_repeats(text, boxes))
    text, boxes = drop_at(text, boxes, newlines_inside_formulas(text, boxes))
    text, boxes = join_lines_at(text, boxes, breaks_inside_lines(text, boxes))
    text, boxes = break_lines_at(text, boxes, missing_line_breaks(text, boxes))
    return drop_at(text, boxes, removable_spaces(text, boxes))


def fake_bold_repeats(text: str, boxes: Sequence[BBox | None]) -> list[int]:
    """Repeats of a character stamped again at the same place (fake bold); the first stamp stays."""
    found: list[int] = []
    for run in REPEATED_CHAR.finditer(text):
        kept = boxes[run.start()]
        for i in range(run.start() + 1, run.end()):
            box = boxes[i]
            if box is not None and kept is not None and same_place(box, kept):
                found.append(i)
            else:
                kept = box
    return found


def same_place(a: BBox, b: BBox) -> bool:
    tolerance = 0.3 * max(a[3] - a[1], 1.0)
    return abs(a[0] - b[0]) < tolerance and abs(a[1] - b[1]) < tolerance


def is_small_beside(small: BBox, big: BBox) -> bool:
    """``small`` is a sub/superscript of ``big``: clearly smaller and within ``big``'s line height."""
    big_h = big[3] - big[1]
    middle = (small[1] + small[3]) / 2
    is_smaller = small[3] - small[1] < SMALL_RATIO * big_h
    return is_smaller and big[1] - 0.25 * big_h <= middle <= big[3] + 0.25 * big_h


def continues_line(left: BBox, right: BBox) -> bool:
    """``right`` starts just after ``left`` ends, not back at a line start or in another column."""
    em = max(left[3] - left[1], right[3] - right[1])
    return -0.1 * em <= right[0] - left[2] < em


def newlines_inside_formulas(text: str, boxes: Sequence[BBox | None]) -> list[int]:
    """Line breaks PDFium put around a sub/superscript that sits on the same line (``SO2\\n 排放``)."""
    found: list[int] = []
    for match in NEWLINE.finditer(text):
        i = match.start()
        left = nearest_box(boxes, i, -1)
        right = nearest_box(boxes, i, 1)
        if left is None or right is None or not continues_line(left, right):
            continue
        if is_small_beside(left, right) or is_small_beside(right, left):
            found.append(i)
    return found


def breaks_inside_lines(text: str, boxes: Sequence[BBox | None]) -> list[int]:
    """Line breaks PDFium wrote between two pieces of one printed line: the next character sits on
    the same baseline and to the right of the last one (a table row whose cells are separate text
    objects, ``董事会\n9\n7``, most often when a CJK font's glyphs have no height)."""
    found: list[int] = []
    for match in NEWLINE.finditer(text):
        i = match.start()
        left = nearest_box(boxes, i, -1)
        right = nearest_box(boxes, i, 1)
        if left is not None and right is not None and on_one_baseline(left, right) and right[0] >= left[2] - 0.5:
            found.append(i)
    return found


def on_one_baseline(a: BBox, b: BBox) -> bool:
    """The two boxes stand on one line: their bottoms (font baselines, loose boxes) nearly meet."""
    height = max(a[3] - a[1], b[3] - b[1], 1.0)
    return abs(a[3] - b[3]) < 0.15 * height


def join_lines_at(text: str, boxes: list[BBox | None], indices: Sequence[int]) -> tuple[str, list[BBox | None]]:
    """A space for the line break at each index (the boxes keep the gap between the pieces)."""
    if not indices:
        return text, boxes
    chars = list(text)
    for i in indices:
        chars[i] = " "
    return "".join(chars), boxes


def missing_line_breaks(text: str, boxes: Sequence[BBox | None]) -> list[int]:
    """Where a line ends without a line break: the next character, with at most spaces between, lies on
    another line (each one's vertical middle outside the other's box) and starts back to the left of
    the previous one (a wrap, not vertical text nor a table cell further right, whose value sits on
    its row's middle while the label wraps). PDFium writes no break after a line-end hyphen and
    sometimes only a space between lines of different text objects. Returns the index of the first
    space between the two characters, or of the second character when they touch.
    """
    found: list[int] = []
    prev: BBox | None = None
    prev_index = -1
    for i, box in enumerate(boxes):
        if box is None:
            if text[i] != " ":
                prev = None  # a line break (or tab) is already there
            continue
        if prev is not None:
            top, bottom = box[1], box[3]
            middle = (top + bottom) / 2
            if not prev[1] <= middle <= prev[3]:
                prev_middle = (prev[1] + prev[3]) / 2
                if (
                    not top <= prev_middle <= bottom
                    and box[2] <= prev[0]
                    and not is_small_beside(box, prev)
                    and not is_small_beside(prev, box)
                ):
                    found.append(prev_index + 1)
        prev, prev_index = box, i
    return found


def break_lines_at(
    text: str, boxes: list[BBox | None], indices: Sequence[int]
) -> tuple[str, list[BBox | None]]:
    """A line break at each index: it replaces the space there, or is inserted before the character."""
    if not indices:
        return text, boxes
    parts: list[str] = []
    out_boxes: list[BBox | None] = []
    start = 0
    for i in indices:
        parts.append(text[start:i])
        parts.append("\n")
        out_boxes.extend(boxes[start:i])
        out_boxes.append(None)
        start = i + 1 if text[i] == " " else i
    parts.append(text[start:])
    out_boxes.extend(boxes[start:])
    return "".join(parts), out_boxes


def nearest_box(boxes: Sequence[BBox | None], start: int, step: int) -> BBox | None:
    """The box of the next character in direction ``step`` if only spaces lie between."""
    i = start + step
    while 0 <= i < len(boxes) and boxes[i] is None:
        i += step  # spaces have no box; a newline would too, but two breaks in a row never join
    return boxes[i] if 0 <= i < len(boxes) else None


def removable_spaces(text: str, boxes: Sequence[BBox | None]) -> list[int]:
    """Spaces between close CJK characters, before a sub/superscript digit, and at line ends."""
    found: list[int] = []
    for match in CJK_SPACES.finditer(text):
        left, right = boxes[match.start() - 1], boxes[match.end()]
        if left is not None and right is not None and continues_line(left, right):
            found.extend(range(match.start(), match.end()))
    for match in SPACES_BEFORE_SMALL_DIGIT.finditer(text):
        left, right = boxes[match.start() - 1], boxes[match.end()]
        if left is not None and right is not None and is_small_beside(right, left):
            found.extend(range(match.start(), match.end()))
    for match in SPACES_AT_LINE_END.finditer(text):
        found.extend(range(match.start(), match.end()))
    found.extend(range(len(text) - len(text.lstrip(" "))))
    found.extend(range(max(len(text.rstrip(" ")), len(text) - len(text.lstrip(" "))), len(text)))
    return found


def drop_at(text: str, boxes: list[BBox | None], indices: Sequence[int]) -> tuple[str, list[BBox | None]]:
    """``text`` and ``boxes`` without the characters at ``indices`` (in any order, repeats allowed)."""
    if not indices:
        return text, boxes
    parts: list[str] = []
    out_boxes: list[BBox | None] = []
    start = 0
    for i in sorted(set(indices)):
        parts.append(text[start:i])
        out_boxes.extend(boxes[start:i])
        start = i + 1
    parts.append(text[start:])
    out_boxes.extend(boxes[start:])
    return "".join(parts), out_boxes


@dataclass(frozen=True, slots=True)
class TextQuality:
    """What a page's text is made of, to tell a readable text layer from a garbled one (broken font
    maps, ``(cid:N)`` glyphs, the misreadings of a scan's own OCR layer). Counted with regular
    expressions only: a few microseconds per page."""

    visible: int  # characters other than spaces and line breaks
    unreadable: int  # replacement / private-use / control characters, Latin-1 letters: broken font maps
    cjk: int  # CJK ideographs
    rare: int  # of which outside the common set (GB 2312 and Big5's frequent level 1)

    @property
    def garbled(self) -> bool:
        if self.visible and self.unreadable / self.visible > UNREADABLE_SHARE:
            return True
        return self.rare >= RARE_MIN and self.rare / max(self.cjk, 1) >= RARE_SHARE


def text_quality(text: str) -> TextQuality:
    visible = len(text) - text.count(" ") - text.count("\n") - text.count("\t")
    return TextQuality(
        visible, len(UNREADABLE.findall(text)), len(CJK_IDEOGRAPH.findall(text)), len(rare_cjk().findall(text))
    )


def is_garbled(text: str) -> bool:
    """True for a text layer not worth reading: mostly unreadable glyphs, or many rare ideographs."""
    return text_quality(text).garbled


@functools.cache
def rare_cjk() -> re.Pattern[str]:
    """CJK ideographs outside the common set: neither in GB 2312 (the 6,763 characters of simplified
    Chinese) nor in Big5's level 1 (the 5,401 frequent traditional ones). Real report pages hold at
    most 0.5% of them; text mapped to the wrong code points or misread by a poor OCR layer, several
    per cent. Built once from the codecs (~30 ms)."""
    rare = [
        code
        for block in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
        for code in range(*block)
        if not is_common_ideograph(chr(code))
    ]
    ranges: list[str] = []
    start = 0
    for i, code in enumerate(rare):
        if i + 1 == len(rare) or rare[i + 1] != code + 1:  # the end of a range of consecutive codes
            first = rare[start]
            ranges.append(chr(first) if first == code else f"{chr(first)}-{chr(code)}")
            start = i + 1
    return re.compile("[" + "".join(ranges) + "]")


def is_common_ideograph(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return BIG5_LEVEL_1[0] <= code <= BIG5_LEVEL_1[1]


def looks_tabular(text: str) -> bool:
    """Cheap pre-check from the text: a KPI table shows as lines holding two or more numbers."""
    numeric = 0
    for line in text.split("\n"):
        if len(NUMBER.findall(line)) >= 2:
            numeric += 1
            if numeric >= NUMERIC_LINES_FOR_TABLE:
                return True
    return False


# --- tables -------------------------------------------------------------------------------------
#
# pdfplumber's ``TableFinder`` ("lines" strategy, default settings) merges the ruling lines (snaps
# near-collinear ones to their mean, joins overlapping ones), finds where they cross, finds the
# smallest cell below-right of every crossing, and groups cells sharing corners into tables. The
# first three steps are re-done here on plain tuples with pdfplumber's arithmetic and order, so the
# cells are exactly the ones ``TableFinder`` returns (tests/test_reader_pdf.py checks this on random
# grids and on the corpus), in near-linear time: ``TableFinder`` scans every later crossing for each
# crossing and rebuilds edge sets for every pair it tries, quadratic in the crossings (a 600-crossing
# financial table took 100 ms, the reader's whole budget for 30 pages). Grouping cells into tables and
# into rows stays pdfplumber's own (``cells_to_tables``, ``Table.rows``).

SNAP_TOLERANCE = 3.0  # pdfplumber's TableSettings defaults
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0
MIN_LINES = 3  # a table of two rows and two columns needs three ruling lines each way
THIN = 2.0  # a path thinner than this is a rule, whatever it is made of
# A ruling line: position across it (``top`` of a horizontal line, ``x`` of a vertical one), start and
# end along it, and its length as pdfplumber tracks it (``width`` / ``height``).
Line = tuple[float, float, float, float]
Point = tuple[float, float]
Segment = tuple[Point, Point]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def find_tables(
    page: pdfium.PdfPage, geometry: _Geometry, text: str, boxes: Sequence[BBox | None]
) -> list[Table]:
    """Ruled tables on the page: pdfplumber's "lines" tables, on ruling lines read by PDFium."""
    horizontal, vertical = collect_lines(page, geometry)
    if len(horizontal) < MIN_LINES or len(vertical) < MIN_LINES:
        return []  # merging only removes lines
    horizontal = merge_lines(horizontal, vertical=False)
    vertical = merge_lines(vertical, vertical=True)
    if len(horizontal) < MIN_LINES or len(vertical) < MIN_LINES:
        return []
    cells = find_cells(find_intersections(horizontal, vertical))
    if len(cells) < 2:
        return []
    tables = []
    middles, placed = chars_by_middle(boxes)
    for group in cells_to_tables(cells):
        table = fill_table(PlumberTable(cast(Any, None), group).rows, text, middles, placed)
        if table is not None:
            tables.append(table)
    return tables


def collect_lines(page: pdfium.PdfPage, geometry: _Geometry) -> tuple[list[Line], list[Line]]:
    """Horizontal and vertical segments of every painted path, in page order (pdfplumber's edges);
    form objects are descended, their matrices applied.

    A thin path (a rule drawn as a line or a filled hairline rectangle) gives one line from its bounds;
    other paths are walked segment by segment. Shapes smaller than 3 pt both ways are skipped and lines
    shorter than 1 pt dropped, as pdfplumber's edge length (pre)filters would. One loop with the PDFium
    calls bound to locals: this runs over every object of every page that looks tabular.
    """
    horizontal: list[Line] = []
    vertical: list[Line] = []
    left, right, bottom, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds_refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    mode_refs = (ctypes.byref(fill_mode), ctypes.byref(stroke))
    get_page_object, get_form_object = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFFormObj_GetObject
    get_type, get_bounds, get_mode = (
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPageObj_GetBounds,
        pdfium_c.FPDFPath_GetDrawMode,
    )
    path_kind, form_kind = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    page_left, page_top = geometry.left, geometry.top
    raw = page.raw
    stack: list[tuple[Any, int, Matrix]] = [(None, pdfium_c.FPDFPage_CountObjects(raw), IDENTITY)]
    while stack:
        form, count, outer = stack.pop()
        for i in range(count):
            obj = get_page_object(raw, i) if form is None else get_form_object(form, i)
            kind = get_type(obj)
            if kind == form_kind:
                inner = multiply(object_matrix(obj), outer)
                stack.append((obj, pdfium_c.FPDFFormObj_CountObjects(obj), inner))
                continue
            if kind != path_kind or not get_bounds(obj, *bounds_refs):
                continue
            (x0, y0), (x1, y1) = transform_rect(outer, left.value, bottom.value, right.value, top.value)
            width, height = x1 - x0, y1 - y0
            if width < EDGE_MIN_LENGTH and height < EDGE_MIN_LENGTH:
                continue
            get_mode(obj, *mode_refs)
            if not (fill_mode.value or stroke.value):
                continue  # an unpainted path draws nothing
            segments: Iterable[Segment]
            if width < THIN <= height:  # a vertical rule
                segments = ((((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)),)
            elif height < THIN:  # a horizontal rule (both thin means smaller than 3 pt: skipped above)
                segments = (((x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2)),)
            else:
                segments = path_segments(obj, multiply(object_matrix(obj), outer))
            for (sx0, sy0), (sx1, sy1) in segments:
                a, b = sx0 - page_left, sx1 - page_left
                x_lo, x_hi = (a, b) if a <= b else (b, a)
                a, b = page_top - sy0, page_top - sy1
                y_lo, y_hi = (a, b) if a <= b else (b, a)
                if y_hi - y_lo < 0.5 and x_hi - x_lo > 0:
                    if x_hi - x_lo >= EDGE_MIN_LENGTH_PREFILTER:
                        horizontal.append(((y_lo + y_hi) / 2, x_lo, x_hi, x_hi - x_lo))
                elif x_hi - x_lo < 0.5 and y_hi - y_lo >= EDGE_MIN_LENGTH_PREFILTER:
                    vertical.append(((x_lo + x_hi) / 2, y_lo, y_hi, y_hi - y_lo))
    return horizontal, vertical


def merge_lines(lines: Sequence[Line], *, vertical: bool) -> list[Line]:
    """pdfplumber's ``merge_edges`` and ``edge_min_length`` filter for lines of one orientation.

    Positions within ``SNAP_TOLERANCE`` of the previous one (a chain) snap to their cluster's mean;
    lines on the same position that overlap or lie within ``JOIN_TOLERANCE`` join into one.
    """
    cluster_of: dict[float, int] = {}
    index, last = -1, -math.inf
    for value in sorted({line[0] for line in lines}):
        if value > last + SNAP_TOLERANCE:
            index += 1
        cluster_of[value] = index
        last = value
    clusters: list[list[Line]] = [[] for _ in range(index + 1)]
    for line in lines:
        clusters[cluster_of[line[0]]].append(line)
    snapped: list[Line] = []
    for cluster in clusters:
        mean = sum(line[0] for line in cluster) / len(cluster)
        snapped.extend((pos + (mean - pos), start, end, length) for pos, start, end, length in cluster)
    snapped.sort(key=itemgetter(0))
    merged: list[Line] = []
    for _, same_position in itertools.groupby(snapped, key=itemgetter(0)):
        ordered = sorted(same_position, key=itemgetter(1))
        joined = [ordered[0]]
        for line in ordered[1:]:
            pos, start, end, length = joined[-1]
            if line[1] <= end + JOIN_TOLERANCE:
                if line[2] > end:
                    # pdfplumber's resize_object: width = x1 - x0, height = height + growth
                    grown = length + (line[2] - end) if vertical else line[2] - start
                    joined[-1] = (pos, start, line[2], grown)
            else:
                joined.append(line)
        merged.extend(line for line in joined if line[3] >= EDGE_MIN_LENGTH)
    return merged


# A crossing: the vertical and the horizontal lines through it, each as (position, start, end).
Crossing = tuple[set[tuple[float, float, float]], set[tuple[float, float, float]]]


def find_intersections(horizontal: Sequence[Line], vertical: Sequence[Line]) -> dict[Point, Crossing]:
    """pdfplumber's ``edges_to_intersections``: where a vertical line meets a horizontal one (within
    ``INTERSECTION_TOLERANCE``), keyed ``(x, top)``."""
    tol = INTERSECTION_TOLERANCE
    by_top = sorted(horizontal)
    tops = [line[0] for line in by_top]
    found: dict[Point, Crossing] = {}
    for x, v_top, v_bottom, _ in vertical:
        v_key = (x, v_top, v_bottom)
        lo = bisect.bisect_left(tops, v_top - tol - 1e-6)  # a superset; the exact test follows
        hi = bisect.bisect_right(tops, v_bottom + tol + 1e-6)
        for h_top, h_x0, h_x1, _ in by_top[lo:hi]:
            if v_top <= h_top + tol and v_bottom >= h_top - tol and h_x0 - tol <= x <= h_x1 + tol:
                crossing = found.get((x, h_top))
                if crossing is None:
                    crossing = found[(x, h_top)] = (set(), set())
                crossing[0].add(v_key)
                crossing[1].add((h_top, h_x0, h_x1))
    return found


def find_cells(crossings: dict[Point, Crossing]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``, indexed: for each crossing in (x, top) order, the
    first crossing below it on a shared vertical line and the first to its right on a shared
    horizontal line whose far corner closes the rectangle along shared lines."""
    columns: dict[float, list[float]] = {}
    rows: dict[float, list[float]] = {}
    points = sorted(crossings)
    for x, y in points:
        columns.setdefault(x, []).append(y)  # ascending: the points are sorted
        rows.setdefault(y, []).append(x)
    for xs in rows.values():
        xs.sort()
    cells: list[BBox] = []
    for x, y in points:
        down, across = crossings[(x, y)]
        column, row = columns[x], rows[y]
        rights: list[float] | None = None
        for below in column[bisect.bisect_right(column, y) :]:
            below_down, below_across = crossings[(x, below)]
            if down.isdisjoint(below_down):
                continue
            if rights is None:
                after = row[bisect.bisect_right(row, x) :]
                rights = [rx for rx in after if not across.isdisjoint(crossings[(rx, y)][1])]
            right = first_closing(crossings, rights, y, below, below_across)
            if right is not None:
                cells.append((x, y, right, below))
                break
    return cells


def first_closing(
    crossings: dict[Point, Crossing],
    rights: Sequence[float],
    top: float,
    below: float,
    below_across: set[tuple[float, float, float]],
) -> float | None:
    """The first ``x`` in ``rights`` whose crossing at ``below`` joins the right side and the bottom."""
    for x in rights:
        corner = crossings.get((x, below))
        if (
            corner is not None
            and not corner[0].isdisjoint(crossings[(x, top)][0])
            and not corner[1].isdisjoint(below_across)
        ):
            return x
    return None


def transform_rect(
    m: Matrix, x0: float, y0: float, x1: float, y1: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Bounding box of a rectangle after the matrix ``m``."""
    if m == IDENTITY:
        return (x0, y0), (x1, y1)
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return (min(xs), min(ys)), (max(xs), max(ys))


def object_matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    if outer == IDENTITY:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # the usual names of a PDF matrix's entries
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def path_segments(path: Any, matrix: Matrix) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """Straight segments of a path in page space, closing subpaths; curves are skipped as pdfplumber's
    "lines" strategy ignores everything that is not horizontal or vertical."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    get_segment, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_type, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    moveto, lineto = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO
    start = current = None
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = get_segment(path, i)
        get_point(segment, x_ref, y_ref)
        px, py = x.value, y.value
        point = (a * px + c * py + e, b * px + d * py + f)
        kind = get_type(segment)
        if kind == moveto:
            start = point
        elif kind == lineto and current is not None:
            yield current, point
        current = point
        if get_close(segment) and start is not None and current != start:
            yield current, start
            current = start


def chars_by_middle(boxes: Sequence[BBox | None]) -> tuple[list[float], list[tuple[float, float, int]]]:
    """The page's characters with a box as ``(middle y, middle x, index)`` sorted top-down, and the
    sorted middles alone (for bisecting the rows of a table)."""
    placed = sorted(
        ((box[1] + box[3]) / 2, (box[0] + box[2]) / 2, index)
        for index, box in enumerate(boxes)
        if box is not None
    )
    return [p[0] for p in placed], placed


def fill_table(
    rows: Sequence[Any], text: str, middles: Sequence[float], placed: Sequence[tuple[float, float, int]]
) -> Table | None:
    """Fill pdfplumber's cell grid with the page characters whose middle lies in each cell (only those
    between the table's top and bottom are looked at; see :func:`chars_by_middle`).

    Returns None for frames that are not tables (fewer than two rows or columns, or no text at all).
    """
    grid: list[list[BBox | None]] = [list(row.cells) for row in rows]
    if len(grid) < 2 or max(len(r) for r in grid) < 2:
        return None
    members: list[list[list[int]]] = [[[] for _ in row] for row in grid]
    row_tops = [row.bbox[1] for row in rows]
    row_bottoms = [row.bbox[3] for row in rows]
    start = bisect.bisect_left(middles, row_tops[0])
    end = bisect.bisect_left(middles, max(row_bottoms))
    for y, x, index in placed[start:end]:
        r = bisect.bisect_right(row_tops, y) - 1
        if y >= row_bottoms[r]:
            continue
        for c, cell in enumerate(grid[r]):
            if cell is not None and cell[0] <= x < cell[2] and cell[1] <= y < cell[3]:
                members[r][c].append(index)
                break
    table_rows = [
        [
            Cell(join_cell_text(text, sorted(members[r][c])), cell) if cell else Cell("")
            for c, cell in enumerate(row)
        ]
        for r, row in enumerate(grid)
    ]
    if not any(cell.text for row in table_rows for cell in row):
        return None
    bbox = rows[0].bbox[:2] + rows[-1].bbox[2:]
    return Table(table_rows, (bbox[0], bbox[1], max(r.bbox[2] for r in rows), bbox[3]))


def join_cell_text(text: str, indices: Sequence[int]) -> str:
    """Cell text in reading order; a line break or space between characters becomes one space,
    or nothing between two CJK characters or after a line-end hyphen."""
    out: list[str] = []
    prev = -1
    for i in indices:
        if (
            prev >= 0
            and i > prev + 1
            and text[prev] != "-"
            and not (is_cjk(text[prev]) and is_cjk(text[i]))
        ):
            out.append(" ")  # the characters were apart in the text: another line or cell lay between
        out.append(text[i])
        prev = i
    return "".join(out).strip()


CJK_CHAR = re.compile(f"[{CJK}]")


def is_cjk(ch: str) -> bool:
    return CJK_CHAR.match(ch) is not None


def carry_table_headers(pages: Sequence[Page]) -> None:
    """Join tables that run over a page break: when a page opens with a table that continues the last
    table of the previous page (same column count, no header of its own), the previous header rows are
    prepended to it with ``bbox=None``, since they are printed on the other page. A repeated header
    needs nothing. Rows stay on the page where they are printed, so every cell keeps its page."""
    for before, after in itertools.pairwise(pages):
        if not before.tables or not after.tables:
            continue
        last, first = before.tables[-1], after.tables[0]
        header = last.rows[0]
        if len(header) != len(first.rows[0]) or not is_header_row(header):
            continue
        if [c.text for c in first.rows[0]] == [c.text for c in header] or is_header_row(first.rows[0]):
            continue
        first.rows.insert(0, [Cell(c.text) for c in header])


def is_header_row(row: Sequence[Cell]) -> bool:
    """A header names its columns: no cell after the first is a bare number (years like 2020年 are words)."""
    values = [c.text for c in row[1:]]
    return any(values) and not any(NUMBER.fullmatch(v.replace(" ", "")) for v in values if v)


# --- metadata -----------------------------------------------------------------------------------


def read_label(pdf: pdfium.PdfDocument, index: int) -> str | None:
    try:
        label = pdf.get_page_label(index)
    except Exception:  # a broken /PageLabels tree must not stop the reading
        return None
    return label or None


def read_title(pdf: pdfium.PdfDocument) -> str | None:
    try:
        title = pdf.get_metadata_value("Title")
    except Exception:
        return None
    return decode_hex_title(title.strip()) or None


def decode_hex_title(title: str) -> str:
    """Some producers leave the title as a hex string ``<...>`` in a legacy encoding (GBK); decode it."""
    if not (title.startswith("<") and title.endswith(">")):
        return title
    try:
        raw = bytes.fromhex(title[1:-1])
    except ValueError:
        return title
    for encoding in ("utf-16", "utf-8", "gb18030"):
        if encoding == "utf-16" and raw[:2] not in (b"\xfe\xff", b"\xff\xfe"):
            continue
        try:
            return raw.decode(encoding).strip("\x00").strip()
        except UnicodeDecodeError:
            continue
    return title
