"""The command line's inputs: files and folders (optionally recursive), a metadata CSV that names the
company / stock code / year of each file, and "did you mean" for a word that is no file."""

from __future__ import annotations

import csv
import difflib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["InputError", "expand_inputs", "missing_words", "read_metadata", "suggest"]

METADATA_COLUMNS = ("file", "company", "stock_code", "year")
_STOCK_CODE = re.compile(r"^(\d{6}\.(SH|SZ|BJ|NQ)|\d{4,5}\.HK)$")


class InputError(ValueError):
    """A usage error in the inputs (exit status 2): the message is one line."""


def expand_inputs(inputs: Sequence[str], recursive: bool = False, errors: list[str] | None = None) -> list[Path]:
    """Files as given; a folder becomes its .pdf and .txt files, sorted (with ``recursive``, those of
    its subfolders too, hidden folders skipped). A link to nothing with such a name is kept (it then
    fails as missing, rather than vanish from the run), and so is a named pipe, socket or device with
    such a name (the run refuses it with its reason). A folder that cannot be listed is left out
    and named in ``errors`` (``"DIR: cannot list the folder: REASON"``); without ``errors`` it raises
    ``InputError``."""
    from .reader import SUPPORTED_SUFFIXES

    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if not path.is_dir():
            out.append(path)
            continue
        try:
            found = list(path.rglob("*") if recursive else path.iterdir())
        except OSError as exc:
            message = f"{path}: cannot list the folder: {exc.strerror or exc}"
            if errors is None:
                raise InputError(message) from None
            errors.append(message)
            continue
        out.extend(
            sorted(
                p
                for p in found
                if p.suffix.lower() in SUPPORTED_SUFFIXES
                and not p.is_dir()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        )
    return out


def missing_words(inputs: Sequence[str]) -> list[str]:
    """Inputs that are a bare word (no folder, no suffix) naming nothing: a mistyped command or
    folder, not a report that went missing."""
    return [i for i in inputs if not os.path.exists(i) and "/" not in i and os.sep not in i and "." not in i]


def suggest(word: str, commands: Sequence[str]) -> str:
    """``"no such file; did you mean …"`` for a bare word, from the commands and the current folder."""
    near = difflib.get_close_matches(word, list(commands), n=1, cutoff=0.6)
    if near:
        return f'{word}: no such file; did you mean "csr-extract {near[0]}"?'
    try:
        here = sorted(p.name for p in Path.cwd().iterdir() if not p.name.startswith("."))
    except OSError:
        here = []
    near = difflib.get_close_matches(word, here, n=1, cutoff=0.6)
    if near:
        return f"{word}: no such file; did you mean {near[0]}?"
    return f"{word}: no such file or folder (commands: {', '.join(commands)})"


def read_metadata(path: Path, inputs: Sequence[Path]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Per-input company / stock_code / year from a CSV (header: file, company, stock_code, year; an
    empty cell gives nothing). ``file`` is a path relative to the CSV's folder, or a file name.

    Returns the options keyed by ``os.path.abspath`` of each input, and warnings (rows that name no
    input). Raises ``InputError`` naming the line of a bad row."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
            header = [h.strip() for h in (rows[0].keys() if rows else [])]
    except FileNotFoundError:
        raise InputError(f"{path}: no such metadata file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read the metadata CSV: {exc}") from None
    if rows and "file" not in header:
        raise InputError(f"{path}: the metadata CSV needs a 'file' column (columns: {', '.join(METADATA_COLUMNS)})")
    unknown = sorted(set(header) - set(METADATA_COLUMNS))
    if unknown:
        raise InputError(f"{path}: unknown column(s) {', '.join(unknown)} (columns: {', '.join(METADATA_COLUMNS)})")
    by_path = {os.path.abspath(p): p for p in inputs}
    by_name: dict[str, list[Path]] = {}
    for p in inputs:
        by_name.setdefault(p.name, []).append(p)
    out: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for line, raw in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        name = row.get("file", "")
        if not name:
            raise InputError(f"{path}:{line}: empty file name")
        options = _row_options(path, line, row)
        target = os.path.abspath(path.parent / name)
        if target not in by_path:
            same = by_name.get(Path(name).name, []) if "/" not in name else []
            if len(same) == 1:
                target = os.path.abspath(same[0])
            else:
                why = "names several inputs" if len(same) > 1 else "is not among the inputs"
                warnings.append(f"{path}:{line}: {name} {why}; row ignored")
                continue
        out[target] = options
    return out, warnings


def _row_options(path: Path, line: int, row: dict[str, str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if row.get("company"):
        options["company"] = row["company"]
    code = row.get("stock_code", "")
    if code:
        if not _STOCK_CODE.match(code):
            raise InputError(f"{path}:{line}: stock_code {code!r} must look like 600519.SH, 000002.SZ or 0700.HK")
        options["stock_code"] = code
    year = row.get("year", "")
    if year:
        if not year.isdigit() or not 1990 <= int(year) <= 2100:
            raise InputError(f"{path}:{line}: year {year!r} is not a year")
        options["year"] = int(year)
    return options
