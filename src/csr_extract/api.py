"""The library's entry points: ``extract`` one report, ``extract_many`` in parallel, ``read_dataset`` of
many outputs, ``panel`` for a company-year table."""

from __future__ import annotations

import io
import itertools
import math
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Literal, TypeAlias

from . import SCHEMA_VERSION, __version__
from .candidates import find_candidates, may_hold_kpis
from .document import Document, Page
from .engines import OCR_SHARE
from .errors import ExtractError, TimeLimitError
from .export import read_dataset
from .meta import CodeScanner, detect_company, detect_report_year, own_names
from .models import BBox, OtherReading, Report, ReportWarning
from .panels import panel
from .quantities import detect_default_currency
from .reader import open_stream, parse_pages
from .resolve import Resolution, Verdict, resolve_all

__all__ = ["ExtractOptions", "OcrMode", "PathOrFile", "extract", "extract_many", "panel", "read_dataset"]

DEFAULT_MIN_CONFIDENCE = 0.5
HEAD_CHARS = 6000  # text of the first pages kept to find the report's year and company
MIN_YEAR, MAX_YEAR = 1990, 2100
OCR_MODES = ("auto", "off", "force")
OcrMode: TypeAlias = Literal["auto", "off", "force"]
PathOrFile: TypeAlias = "str | os.PathLike[str] | IO[bytes]"
_STOCK_CODE = re.compile(r"^(\d{6}\.(SH|SZ|BJ|NQ)|\d{4,5}\.HK)$")


def _first_pages(pages: Iterator[Page]) -> list[Page]:
    """Take pages from ``pages`` until they hold ``HEAD_CHARS`` of text (the cover, contents, preface)."""
    head: list[Page] = []
    size = 0
    for page in pages:
        head.append(page)
        size += len(page.text)
        if size >= HEAD_CHARS:
            break
    return head


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Every option of ``extract``, checked: an invalid value raises ``ValueError`` naming it."""

    company: str | None = None  # overrides the detected company
    stock_code: str | None = None  # overrides the detected stock code (600519.SH, 0700.HK)
    year: int | None = None  # overrides the detected report year
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    max_pages: int | None = None
    time_limit: float | None = None  # seconds for one file
    pages: str | tuple[int, ...] | None = None  # "1-5,8" or page numbers (1-based): read only these
    ocr: OcrMode = "auto"  # auto: pages without text are OCR'd when the [ocr] extra is installed
    password: str | None = None  # of an encrypted PDF
    # seconds after which no further page is OCR'd (default: OCR_SHARE of time_limit): see PdfStream
    ocr_time_limit: float | None = None

    def __post_init__(self) -> None:
        _check_text("company", self.company)
        _check_text("password", self.password, allow_empty=True)
        if self.stock_code is not None and (
            not isinstance(self.stock_code, str) or not _STOCK_CODE.match(self.stock_code)
        ):
            raise ValueError(f"stock_code must look like 600519.SH, 000002.SZ or 0700.HK, not {self.stock_code!r}")
        if self.year is not None and (
            isinstance(self.year, bool) or not isinstance(self.year, int) or not MIN_YEAR <= self.year <= MAX_YEAR
        ):
            raise ValueError(f"year must be an int between {MIN_YEAR} and {MAX_YEAR} (or None), not {self.year!r}")
        if isinstance(self.min_confidence, bool) or not isinstance(self.min_confidence, int | float):
            raise ValueError(f"min_confidence must be a number between 0 and 1, not {self.min_confidence!r}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, not {self.min_confidence!r}")
        _check_positive("max_pages", self.max_pages, int)
        _check_positive("time_limit", self.time_limit, (int, float))
        _check_positive("ocr_time_limit", self.ocr_time_limit, (int, float))
        if self.time_limit is not None and self.ocr_time_limit is not None and self.ocr_time_limit > self.time_limit:
            raise ValueError(
                f"ocr_time_limit ({self.ocr_time_limit:g} s) must not exceed time_limit ({self.time_limit:g} s): "
                "the report would be stopped before OCR does"
            )
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")
        object.__setattr__(self, "pages", _check_pages(self.pages))

    def ocr_seconds(self) -> float | None:
        """The OCR time limit in force: the one given, else ``OCR_SHARE`` of the time limit (the rest
        is left for the pages with text and for the KPI stage), else none."""
        if self.ocr_time_limit is not None:
            return self.ocr_time_limit
        return None if self.time_limit is None else OCR_SHARE * self.time_limit

    @classmethod
    def from_kwargs(cls, options: dict[str, object]) -> ExtractOptions:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return cls(**options)  # type: ignore[arg-type]


def _check_text(name: str, value: object, allow_empty: bool = False) -> None:
    if value is not None and (not isinstance(value, str) or (not allow_empty and not value.strip())):
        raise ValueError(f"{name} must be a non-empty str (or None), not {value!r}")


def _check_positive(name: str, value: object, kind: type | tuple[type, ...]) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, kind) or value <= 0:  # type: ignore[operator]
        raise ValueError(f"{name} must be a positive number (or None), not {value!r}")
    if not math.isfinite(value):  # type: ignore[arg-type]  # nan never ends; the CLI refuses both too
        raise ValueError(f"{name} must be a finite number (None: no limit), not {value!r}")


def _check_pages(pages: object) -> str | tuple[int, ...] | None:
    """``"1-5,8"`` stays a string (checked with ``reader.parse_pages``); a sequence of page numbers
    becomes a tuple."""
    if pages is None:
        return None
    if isinstance(pages, str):
        try:
            parse_pages(pages)
        except ValueError as exc:
            raise ValueError(f"pages: {exc}") from None
        return pages
    if isinstance(pages, Sequence) and pages and all(isinstance(p, int) and not isinstance(p, bool) for p in pages):
        if min(pages) < 1:
            raise ValueError("pages are counted from 1")
        return tuple(pages)
    raise ValueError(f"pages must be a string like '1-5,8' or a non-empty sequence of page numbers, not {pages!r}")


def extract(
    path_or_file: PathOrFile,
    *,
    year: int | None = None,
    company: str | None = None,
    stock_code: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    max_pages: int | None = None,
    time_limit: float | None = None,
    pages: str | Sequence[int] | None = None,
    ocr: OcrMode = "auto",
    password: str | None = None,
    ocr_time_limit: float | None = None,
) -> Report:
    """Read one report (.pdf or .txt: a path, or a binary file object) and return its KPIs.

    ``year``, ``company`` and ``stock_code`` replace what is detected; ``min_confidence`` (0..1) drops
    values scored below it; ``max_pages`` and ``time_limit`` (seconds) fail an input beyond them;
    ``pages`` ("1-5,8" or page numbers) reads only those pages, ``ocr`` chooses when pages without text
    are OCR'd, ``password`` opens an encrypted PDF. ``ocr_time_limit`` (seconds, default three
    quarters of ``time_limit``, never more than it): once it would be passed no further page is OCR'd; those pages are
    named in a ``reader`` warning and the rest of the report is read (a long scan gives the values of
    its first pages rather than a timeout).

    Raises ``ValueError`` for an invalid option and an ``ExtractError`` (``InputMissingError``,
    ``NotAPdfError``, ... each with a ``kind``) for input that cannot be read.
    """
    opts = ExtractOptions(
        company=company,
        stock_code=stock_code,
        year=year,
        min_confidence=min_confidence,
        max_pages=max_pages,
        time_limit=time_limit,
        pages=pages if pages is None or isinstance(pages, str) else tuple(pages),
        ocr=ocr,
        password=password,
        ocr_time_limit=ocr_time_limit,
    )
    if isinstance(path_or_file, str | os.PathLike):
        return _extract_path(Path(path_or_file), opts)
    if hasattr(path_or_file, "read"):
        return _extract_file(path_or_file, opts)
    raise ValueError(f"path_or_file must be a path or a binary file object, not {type(path_or_file).__name__}")


def _extract_file(file: IO[bytes], opts: ExtractOptions) -> Report:
    """A file object is copied to a temporary file named like it (the name gives the report id and
    may hold its year); a nameless one is a .pdf if it starts like one, else a .txt."""
    data = file.read()
    if not isinstance(data, bytes):
        raise ValueError("path_or_file: open the file in binary mode ('rb')")
    name = Path(str(getattr(file, "name", "") or "")).name
    if not name or isinstance(file, io.BytesIO):
        name = "report.pdf" if data[:1024].lstrip().startswith(b"%PDF") else "report.txt"
    with tempfile.TemporaryDirectory(prefix="csr-extract-") as tmp:
        local = Path(tmp) / name
        local.write_bytes(data)
        try:
            return _extract_path(local, opts)
        except ExtractError as exc:
            raise type(exc)(name, exc.reason) from None


def _extract_path(path: Path, opts: ExtractOptions) -> Report:
    return extract_resolution(path, opts)[0]


def extract_resolution(path: Path | str, opts: ExtractOptions) -> tuple[Report, Resolution]:
    """The report and what became of every reading of a value (for ``csr-extract explain``)."""
    path = Path(path)
    started = time.monotonic()
    # tables are looked for only on pages that name a KPI: finding them is the reader's costliest step
    stream = open_stream(
        path,
        max_pages=opts.max_pages,
        time_limit=opts.time_limit,
        wants_tables=may_hold_kpis,
        pages=parse_pages(opts.pages) if isinstance(opts.pages, str) else opts.pages,
        ocr=opts.ocr,
        password=opts.password,
        ocr_time_limit=opts.ocr_seconds(),
    )
    codes = CodeScanner()
    pages = _scanned(stream.pages(), codes)
    # the cover and first pages tell the report's year and company; the rest is read page by page,
    # each page dropped once the KPI stage has read it, so memory does not grow with the page count
    head = _first_pages(pages)
    cover = _cover_pages(path, stream.kind, opts, codes)  # --pages 100-130: the cover still names the company
    doc = Document(path, stream.kind, cover + head, stream.page_count, stream.sha256, [], stream.title)
    report_year = opts.year or detect_report_year(doc)
    company = opts.company or detect_company(doc)
    names = own_names(doc, opts.company)
    currency = detect_default_currency("\n".join(p.text for p in head))
    if report_year:
        candidates = find_candidates(itertools.chain(head, pages), report_year, names, currency)
    else:
        candidates = []
        for _ in pages:  # read to the end all the same: a PDF with no text layer anywhere is an error
            pass
    del head, doc
    warnings = [ReportWarning(kind="reader", message=text) for text in stream.finish()]
    if opts.pages is not None and stream.kind != "pdf":
        warnings.append(ReportWarning(kind="reader", message="--pages applies to PDFs only: the whole text was read"))
    if report_year is None:
        warnings.append(
            ReportWarning(
                kind="no_year",
                message="report year not found in the title, text or file name; values without a year are skipped",
            )
        )
    if opts.time_limit is not None and time.monotonic() - started > opts.time_limit:
        raise TimeLimitError(path, f"took longer than the time limit of {opts.time_limit:g} s")
    resolution = resolve_all(candidates, report_year or 0, opts.min_confidence)
    rows = resolution.rows
    warnings.extend(resolution.warnings)
    if not rows:
        warnings.append(ReportWarning(kind="no_kpi", message="no KPI found"))
    report = Report(
        report_id=f"{path.stem}-{stream.sha256[:8]}",
        source_file=path.name,
        sha256=stream.sha256,
        company=company,
        stock_code=opts.stock_code or codes.best(company),
        report_year=report_year,
        page_count=stream.page_count if stream.kind == "pdf" else None,
        extractor_version=__version__,
        schema_version=SCHEMA_VERSION,
        warnings=warnings,
        kpis=rows,
        readings=sorted(
            (_other_reading(v) for v in resolution.verdicts if v.status != "kept"),
            key=lambda o: (o.kpi_id, o.year, o.period_start or 0),
        ),
    )
    return report, resolution


def _other_reading(v: Verdict) -> OtherReading:
    """A reading that is not a row's own evidence, as the report keeps it for review."""
    r = v.reading
    # an accumulated value of unknown start that supports a period's row is listed under that row
    year, period_start = (v.key[1], v.key[2]) if v.key else (r.year, r.period_start)
    return OtherReading(
        kpi_id=r.kpi.id,
        year=year,
        period_start=period_start,
        status=v.status,  # type: ignore[arg-type]
        value=float(r.value),
        raw=r.raw,
        page=r.page,
        bbox=BBox(x0=r.bbox[0], top=r.bbox[1], x1=r.bbox[2], bottom=r.bbox[3]) if r.bbox else None,
        evidence=r.evidence,
        confidence=r.confidence,
        trace=r.trace,
        note=v.note,
    )


COVER_PAGES = 5  # at most this many pages before a --pages selection are read for the company and year


def _cover_pages(path: Path, kind: str, opts: ExtractOptions, codes: CodeScanner) -> list[Page]:
    """With ``pages`` that leave out a PDF's first pages, those pages (up to ``COVER_PAGES``, without
    OCR), for the report's company, stock code and year only: values still come from the pages asked
    for. Empty when there is nothing to add or the pages cannot be read."""
    if kind != "pdf" or opts.pages is None:
        return []
    wanted = parse_pages(opts.pages) if isinstance(opts.pages, str) else opts.pages
    first = min(wanted)
    if first <= 1:
        return []
    try:
        stream = open_stream(
            path, pages=range(1, min(first, COVER_PAGES + 1)), ocr="off", password=opts.password
        )
        cover = _first_pages(_scanned(stream.pages(), codes))
        stream.finish()
    except ExtractError:
        return []
    return cover


def _scanned(pages: Iterator[Page], scanner: CodeScanner) -> Iterator[Page]:
    """The pages, each shown to ``scanner`` as it goes by (stock codes hide in page headers)."""
    for page in pages:
        scanner.scan(page.text)
        yield page


def extract_many(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    year: int | None = None,
    company: str | None = None,
    stock_code: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    max_pages: int | None = None,
    time_limit: float | None = None,
    pages: str | Sequence[int] | None = None,
    ocr: OcrMode = "auto",
    password: str | None = None,
    ocr_time_limit: float | None = None,
) -> Iterator[Report | ExtractError]:
    """``extract`` every input in ``jobs`` worker processes (default: one per core), yielding in input
    order a ``Report``, or the ``ExtractError`` of an input that failed (its ``path`` and ``kind``
    say which and why): one bad file never stops the others. Options as for ``extract``, applied to
    every input."""
    from .engines import LocalEngine, Task

    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive int (or None), not {jobs!r}")
    if isinstance(inputs, (str, bytes, os.PathLike)):  # a str is iterable: one input per character
        raise ValueError(
            f"inputs must be a list of paths, not one path {inputs!r} (extract_many([path]) or extract(path))"
        )
    opts = ExtractOptions(
        company=company,
        stock_code=stock_code,
        year=year,
        min_confidence=min_confidence,
        max_pages=max_pages,
        time_limit=time_limit,
        pages=pages if pages is None or isinstance(pages, str) else tuple(pages),
        ocr=ocr,
        password=password,
        ocr_time_limit=ocr_time_limit,
    )
    paths = [Path(p) for p in inputs]
    # the time limit is the engine's: it stops a report from outside, whatever call it is in; the
    # worker only learns when to stop OCR
    options = {f.name: getattr(opts, f.name) for f in fields(ExtractOptions) if f.name != "time_limit"}
    options["ocr_time_limit"] = opts.ocr_seconds()
    tasks = [Task(i, str(p), options, opts.time_limit) for i, p in enumerate(paths)]
    done: dict[int, Report | ExtractError] = {}
    next_index = 0
    with LocalEngine(jobs) as engine:
        for outcome in engine.run(tasks):
            if outcome.report is not None:
                done[outcome.index] = outcome.report
            else:
                done[outcome.index] = _error_of(paths[outcome.index], outcome.error_kind, outcome.error)
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1


def _error_of(path: Path, kind: str | None, reason: str | None) -> ExtractError:
    """The ``ExtractError`` subclass whose ``kind`` a worker reported ("internal" and "crashed" are
    the base class, with that kind)."""
    from . import errors

    classes = {
        cls.kind: cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.ExtractError)
    }
    cls = classes.get(kind or "", errors.ExtractError)
    error = cls(path, reason or "failed")
    if cls is errors.ExtractError and kind:
        error.kind = kind
    return error
