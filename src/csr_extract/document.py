"""The reader's output: pages of text in reading order, with the box of every character and the tables.

Only the reader builds these; every later stage reads them. A text input is one page with no boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# (x0, top, x1, bottom) in PDF points, origin at the page's top-left corner (pdfplumber's convention).
BBox = tuple[float, float, float, float]


# the reader's warning for pages left unread when OCR ran out of time (a batch re-reads such a report)
OCR_CUT_SHORT = "not read by OCR: the report's OCR time limit"

@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    bbox: BBox | None = None


@dataclass(slots=True)
class Table:
    """A table as rows of cells, already cleaned (CJK spacing, full-width digits kept as printed)."""

    rows: list[list[Cell]]
    bbox: BBox | None = None

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass(slots=True, weakref_slot=True)
class Page:
    """One page. ``boxes[i]`` is the box of ``text[i]`` (None for inserted spaces/newlines, or text input)."""

    number: int  # 1-based physical page index; 0 for a text input (no pages)
    text: str
    boxes: list[BBox | None] | None = None
    tables: list[Table] = field(default_factory=list)
    label: str | None = None  # printed page label, if the PDF defines one
    ocr: bool = False  # the text was read by OCR from the page's image (no text layer, or a garbled one)

    def bbox_of(self, start: int, end: int) -> BBox | None:
        """Union of the character boxes of ``text[start:end]``; None when no character there has a box."""
        if self.boxes is None:
            return None
        found = [b for b in self.boxes[max(start, 0) : end] if b is not None]
        if not found:
            return None
        return (
            min(b[0] for b in found),
            min(b[1] for b in found),
            max(b[2] for b in found),
            max(b[3] for b in found),
        )


@dataclass(slots=True)
class Document:
    """What the reader hands on. ``kind`` is "pdf" or "text"."""

    source: Path
    kind: str
    pages: list[Page]
    page_count: int
    sha256: str
    warnings: list[str] = field(default_factory=list)
    title: str | None = None  # document metadata title, if any
