"""The library's entry points: ``extract`` one report, ``read_dataset`` of many outputs."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import SCHEMA_VERSION, __version__
from .candidates import find_candidates, may_hold_kpis
from .document import Document, Page
from .errors import TimeLimitError
from .export import read_dataset
from .meta import detect_company, detect_report_year, own_names
from .models import Report
from .reader import open_stream
from .resolve import resolve

__all__ = ["ExtractOptions", "extract", "read_dataset"]

DEFAULT_MIN_CONFIDENCE = 0.5
HEAD_CHARS = 6000  # text of the first pages kept to find the report's year and company


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
    company: str | None = None  # overrides the detected company
    year: int | None = None  # overrides the detected report year
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    max_pages: int | None = None
    time_limit: float | None = None  # seconds for one file


def extract(path: Path | str, **options: object) -> Report:
    """Read one report (.pdf or .txt) and return its KPIs. Raises ``ExtractError`` on bad input."""
    opts = ExtractOptions(**options)  # type: ignore[arg-type]
    path = Path(path)
    started = time.monotonic()
    # tables are looked for only on pages that name a KPI: finding them is the reader's costliest step
    stream = open_stream(path, max_pages=opts.max_pages, time_limit=opts.time_limit, wants_tables=may_hold_kpis)
    pages = stream.pages()
    # the cover and first pages tell the report's year and company; the rest is read page by page,
    # each page dropped once the KPI stage has read it, so memory does not grow with the page count
    head = _first_pages(pages)
    doc = Document(path, stream.kind, head, stream.page_count, stream.sha256, [], stream.title)
    report_year = opts.year or detect_report_year(doc)
    company = opts.company or detect_company(doc)
    names = own_names(doc, company)
    if report_year:
        candidates = find_candidates(itertools.chain(head, pages), report_year, names)
    else:
        candidates = []
        for _ in pages:  # read to the end all the same: a PDF with no text layer anywhere is an error
            pass
    del head, doc
    warnings = stream.finish()
    if report_year is None:
        warnings.append("report year not found in the title, text or file name; values without a year are skipped")
    if opts.time_limit is not None and time.monotonic() - started > opts.time_limit:
        raise TimeLimitError(path, f"took longer than the time limit of {opts.time_limit:g} s")
    rows, conflicts = resolve(candidates, report_year or 0, opts.min_confidence)
    warnings.extend(conflicts)
    if not rows:
        warnings.append("no KPI found")
    return Report(
        report_id=f"{path.stem}-{stream.sha256[:8]}",
        source_file=path.name,
        sha256=stream.sha256,
        company=company,
        report_year=report_year,
        page_count=stream.page_count if stream.kind == "pdf" else None,
        extractor_version=__version__,
        schema_version=SCHEMA_VERSION,
        warnings=warnings,
        kpis=rows,
    )
