"""``csr-extract``: a thin command line over ``csr_extract.extract``.

Parses arguments, runs the library on each input, writes the outputs, and maps library errors to
one-line messages and exit statuses. ``main(argv)`` is callable from tests.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Extract KPIs (revenue, employees, energy, emissions, donations, ...) from Chinese CSR / ESG /
sustainability reports, with the page, box and sentence each value came from.

For each INPUT (a .pdf, a .txt in UTF-8 / UTF-8 with BOM / GB18030, or a directory: every .pdf and
.txt in it, sorted) writes DIR/<stem>.parquet and DIR/<stem>.json, then prints a summary.
"""

EPILOG = """\
exit status:
  0  every input was extracted (a report with no KPI found still counts: its outputs are empty)
  1  at least one input failed (missing, empty, not a PDF, corrupt, encrypted, no text layer,
     undecodable text, unwritable output); the other inputs are still written
  2  usage error

examples:
  csr-extract report.pdf
  csr-extract reports/ --out data/out --format parquet --min-confidence 0.7
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="csr-extract",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="report file(s) or directories")
    p.add_argument("--out", "-o", default="data/out", metavar="DIR", help="output directory (default: data/out)")
    p.add_argument("--format", "-f", choices=("parquet", "json", "both"), default="both", help="what to write")
    p.add_argument("--company", metavar="NAME", help="company name (overrides what is detected)")
    p.add_argument("--year", type=_year, metavar="YYYY", help="report year (overrides what is detected)")
    p.add_argument(
        "--min-confidence", type=_fraction, default=0.5, metavar="X",
        help="drop values whose confidence is below X, 0..1 (default: 0.5)",
    )
    p.add_argument("--max-pages", type=_positive_int, metavar="N", help="fail a PDF with more than N pages")
    p.add_argument("--time-limit", type=_positive_float, metavar="S", help="fail an input that takes over S seconds")
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors and the final summary line")
    p.add_argument("--version", action="version", version=f"csr-extract {__version__}")
    return p


def _year(text: str) -> int:
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return int(text)


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text}")
    return value


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return int(text)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def expand_inputs(inputs: Sequence[str]) -> list[Path]:
    """Files as given; directories replaced by their .pdf and .txt files, sorted."""
    from .reader import SUPPORTED_SUFFIXES

    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(path)
    return out


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(exc.code or 0)
    from .api import extract
    from .errors import ExtractError
    from .export import write_outputs

    paths = expand_inputs(args.inputs)
    if not paths:
        print("csr-extract: error: no .pdf or .txt inputs found", file=err)
        return EXIT_USAGE
    out_dir = Path(args.out)
    results: list[tuple[Path, int | None, str | None]] = []
    stems: set[str] = set()
    for n, path in enumerate(paths, 1):
        started = time.monotonic()
        if not args.quiet and len(paths) > 1:
            print(f"[{n}/{len(paths)}] {path}", file=err, flush=True)
        try:
            report = extract(
                path, company=args.company, year=args.year, min_confidence=args.min_confidence,
                max_pages=args.max_pages, time_limit=args.time_limit,
            )
            stem = path.stem if path.stem not in stems else f"{path.stem}-{report.sha256[:8]}"
            stems.add(stem)
            write_outputs(report, out_dir, stem, args.format)
        except ExtractError as exc:
            print(f"csr-extract: error: {exc.path}: {exc.reason}", file=err, flush=True)
            results.append((path, None, exc.reason))
            continue
        except Exception as exc:  # a bug must not stop the other inputs; say what broke
            print(f"csr-extract: error: {path}: internal error: {type(exc).__name__}: {exc}", file=err, flush=True)
            results.append((path, None, f"internal error: {exc}"))
            continue
        results.append((path, len(report.kpis), None))
        if not args.quiet:
            _print_report(report, stem, out_dir, time.monotonic() - started, out)
    failed = sum(1 for _, _, e in results if e)
    found = sum(k or 0 for _, k, _ in results)
    print(f"{len(results) - failed} ok, {failed} failed, {found} KPI values found", file=out)
    return EXIT_FAILED if failed else EXIT_OK


def _print_report(report: object, stem: str, out_dir: Path, seconds: float, out: TextIO) -> None:
    from .models import Report

    assert isinstance(report, Report)
    pages = f", {report.page_count} pages" if report.page_count else ""
    print(
        f"{report.source_file}: {report.company or '?'} {report.report_year or '?'}{pages}, "
        f"{len(report.kpis)} KPI values in {seconds:.1f} s -> {out_dir / stem}.*",
        file=out,
    )
    if not report.kpis:
        print("  no KPI found", file=out)
    for kv in report.kpis:
        period = f"{kv.period_start}-{kv.year}" if kv.period_start else str(kv.year)
        print(f"  {kv.kpi_id:32s} {period:>9s} {kv.value:>18,.6g} {kv.unit:16s} {kv.raw}", file=out)
    for w in report.warnings:
        print(f"  warning: {w}", file=out)
