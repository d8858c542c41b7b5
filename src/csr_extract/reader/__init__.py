"""Readers: turn an input file into a ``Document``. The only package that imports a PDF library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..document import Document
from ..errors import EmptyInputError, InputMissingError, UnsupportedInputError
from .text import read_text

PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES


def read_document(
    path: Path,
    *,
    max_pages: int | None = None,
    time_limit: float | None = None,
    wants_tables: Callable[[str], bool] | None = None,
) -> Document:
    """Read a .pdf or .txt report; raise an ``ExtractError`` subclass with a plain reason otherwise."""
    if not path.exists():
        raise InputMissingError(path, "no such file")
    if path.is_dir():
        raise UnsupportedInputError(path, "is a directory")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedInputError(path, f"unsupported file type {suffix or '(none)'}: expected .pdf or .txt")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputMissingError(path, f"cannot read: {exc.strerror}") from None
    if size == 0:
        raise EmptyInputError(path, "empty file")
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf

        return read_pdf(path, max_pages=max_pages, time_limit=time_limit, wants_tables=wants_tables)
    return read_text(path)
