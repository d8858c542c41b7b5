"""Readers: turn an input file into a ``Document`` (or a stream of its pages). The only package that
imports a PDF library."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from ..document import Document, Page
from ..errors import EmptyInputError, InputMissingError, UnsupportedInputError
from .text import TextStream, read_text

PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES


class PageStream(Protocol):
    """An input read page by page (a PDF) or as one page (a text)."""

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
) -> PageStream:
    """Open a .pdf or a .txt, read page by page as the pages are asked for (a text in chunks)."""
    _check_path(path)
    if path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import PdfStream

        return PdfStream(path, max_pages=max_pages, time_limit=time_limit, wants_tables=wants_tables)
    return TextStream(path)


def read_document(
    path: Path,
    *,
    max_pages: int | None = None,
    time_limit: float | None = None,
    wants_tables: Callable[[str], bool] | None = None,
) -> Document:
    """Read a .pdf or .txt report whole; raise an ``ExtractError`` subclass with a plain reason otherwise."""
    _check_path(path)
    if path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import read_pdf

        return read_pdf(path, max_pages=max_pages, time_limit=time_limit, wants_tables=wants_tables)
    return read_text(path)


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
