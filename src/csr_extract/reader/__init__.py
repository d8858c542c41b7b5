"""Readers: turn an input file into a ``Document`` (or a stream of its pages). The only package that
imports a PDF library."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from ..document import Document, Page
from ..errors import EmptyInputError, InputMissingError, UnsupportedInputError
from .text import TextStream, read_text

PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES


class PageStream(Protocol):
    """An input read page by page (a PDF) or in chunks, each a page numbered 0 (a text)."""

    kind: str
    sha256: str
    page_count: int
    title: str | None

    def pages(self) -> Iterator[Page]: ...

    def finish(self) -> list[str]: ...


def open_stream(
    path: Path,
    *,
    max_pages: int | None = None,
    time_limit: float | None = None,
    wants_tables: Callable[[str], bool] | None = None,
    pages: Iterable[int] | None = None,
    ocr: str = "auto",
    password: str | None = None,
    ocr_time_limit: float | None = None,
) -> PageStream:
    """Open a .pdf or a .txt, read page by page as the pages are asked for (a text in chunks);
    ``pages``, ``ocr``, ``password`` and ``ocr_time_limit`` concern PDFs only, see ``reader.pdf.PdfStream``."""
    _check_path(path)
    if path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import PdfStream

        return PdfStream(
            path,
            max_pages=max_pages,
            time_limit=time_limit,
            wants_tables=wants_tables,
            pages=pages,
            ocr=ocr,
            password=password,
            ocr_time_limit=ocr_time_limit,
        )
    return TextStream(path)


def read_document(
    path: Path,
    *,
    max_pages: int | None = None,
    time_limit: float | None = None,
    wants_tables: Callable[[str], bool] | None = None,
    pages: Iterable[int] | None = None,
    ocr: str = "auto",
    password: str | None = None,
) -> Document:
    """Read a .pdf or .txt report whole; raise an ``ExtractError`` subclass with a plain reason otherwise."""
    _check_path(path)
    if path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import read_pdf

        return read_pdf(
            path,
            max_pages=max_pages,
            time_limit=time_limit,
            wants_tables=wants_tables,
            pages=pages,
            ocr=ocr,
            password=password,
        )
    return read_text(path)


MAX_PAGE_NUMBER = 100_000
PAGE_RANGE = re.compile(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?")


def parse_pages(spec: str) -> tuple[int, ...]:
    """``"40-60,72"`` -> the page numbers 40 to 60 and 72, sorted; ``ValueError`` with the reason for
    anything else (a page 0, a range running backwards, a stray character)."""
    pages: set[int] = set()
    for part in spec.split(","):
        match = PAGE_RANGE.fullmatch(part)
        if match is None:
            raise ValueError(f"not a page or a range of pages: {part.strip()!r} (expected e.g. 40-60,72)")
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        if first < 1 or last < first:
            raise ValueError(f"not a range of pages: {part.strip()!r} (pages count from 1, low-high)")
        if last > MAX_PAGE_NUMBER:
            raise ValueError(f"page number too large: {last}")
        pages.update(range(first, last + 1))
    return tuple(sorted(pages))


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputMissingError(path, "no such file")
    if path.is_dir():
        raise UnsupportedInputError(path, "is a directory")
    if not path.is_file():  # a named pipe or a device: reading it could block forever
        raise UnsupportedInputError(path, "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedInputError(path, f"unsupported file type {suffix or '(none)'}: expected .pdf or .txt")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputMissingError(path, f"cannot read: {exc.strerror}") from None
    if size == 0:
        raise EmptyInputError(path, "empty file")


def format_page_ranges(numbers: Sequence[int]) -> str:
    """``[11, 77, 78, 79]`` -> ``"11, 77–79"``."""
    parts: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = n
    return ", ".join(parts)
