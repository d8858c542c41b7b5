"""``csr-extract``: a thin command line over ``csr_extract.extract``.

Parses arguments, hands the inputs to ``batch.run_batch`` (or ``diff.main`` for ``csr-extract diff``),
and maps the outcome to messages and exit statuses. ``main(argv)`` is callable from tests.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .batch import DEFAULT_MAX_BYTES, default_jobs, make_console_safe
from .engines import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DESCRIPTION = """\
Extract KPIs (revenue, employees, energy, emissions, donations, ...) from Chinese CSR / ESG /
sustainability reports, with the page, box and sentence each value came from.

For each INPUT (a .pdf, a .txt in UTF-8 / UTF-8 with BOM / GB18030, or a directory: every .pdf and
.txt in it, sorted) writes DIR/<stem>.parquet and DIR/<stem>.json, then prints a summary. Inputs run
in parallel worker processes (--jobs); this process writes every file, whole or not at all.

It also writes DIR/_manifest.parquet (one row per input: path, sha256, status ok/failed/skipped,
error, pages, KPIs, seconds, extractor version) and DIR/kpis.parquet (every row of every report,
one file for pandas / polars / DuckDB), and skips inputs whose sha256, extractor version and
options match an ok entry (unless --force). --no-manifest writes only the per-report files.

  csr-extract diff OLD NEW     compare two outputs (see: csr-extract diff --help)
"""

EPILOG = """\
exit status:
  0    every input was extracted (a report with no KPI found still counts: its outputs are empty)
  1    at least one input failed (missing, empty, not a PDF, corrupt, encrypted, no text layer,
       undecodable text, too large, over the time limit, unwritable output, reader crashed); the
       other inputs are still written. Also: another run is writing into the same --out
  2    usage error (also: Dask not installed or its scheduler unreachable with --engine dask)
  130  interrupted (Ctrl-C): finished outputs are kept, unfinished ones never appear; with a
       manifest, running the same command again does only the rest

examples:
  csr-extract report.pdf
  csr-extract reports/ --out data/out --format parquet --min-confidence 0.7
  csr-extract reports/ --out data/out --jobs 8   # pandas.read_parquet("data/out/kpis.parquet")
  csr-extract reports/ --out data/out --engine dask --scheduler tcp://10.0.0.5:8786
  csr-extract diff previous/ data/out --format markdown

An input file literally named "diff" must be written ./diff (a first argument "diff" is the command).
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
        "--min-confidence",
        type=_fraction,
        default=0.5,
        metavar="X",
        help="drop values whose confidence is below X, 0..1 (default: 0.5)",
    )
    p.add_argument("--max-pages", type=_positive_int, metavar="N", help="fail a PDF with more than N pages")
    p.add_argument(
        "--time-limit",
        type=_positive_float,
        default=DEFAULT_TIME_LIMIT,
        metavar="S",
        help=f"stop and fail an input that takes over S seconds (default: {DEFAULT_TIME_LIMIT:g})",
    )
    p.add_argument(
        "--max-size",
        type=_positive_float,
        metavar="MB",
        help=f"fail an input larger than MB megabytes without reading it (default: "
        f"{DEFAULT_MAX_BYTES['pdf'] >> 20} for a PDF, {DEFAULT_MAX_BYTES['text'] >> 20} for a text)",
    )
    p.add_argument(
        "--memory-limit",
        type=_positive_float,
        default=DEFAULT_MEMORY_LIMIT >> 20,
        metavar="MB",
        help=f"memory ceiling of each worker process; a report that needs more fails "
        f"(default: {DEFAULT_MEMORY_LIMIT >> 20})",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        metavar="N",
        help=f"worker processes, or Dask workers started with --engine dask and no --scheduler "
        f"(default: the number of cores, {default_jobs()} here)",
    )
    p.add_argument(
        "--manifest",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write DIR/_manifest.parquet and DIR/kpis.parquet and skip unchanged inputs (default: on)",
    )
    p.add_argument("--force", action="store_true", help="with a manifest: extract unchanged inputs again")
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default=None,
        help="local: a pool of processes on this machine (default); dask: a Dask distributed cluster "
        "(pip install 'csr-extract[dask]')",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --engine dask; without it a local "
        "cluster of --jobs workers is started)",
    )
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
    for stream in (out, err):  # an ASCII or cp1252 console prints escapes instead of failing
        make_console_safe(stream)
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["diff"]:
        from .diff import main as diff_main

        return diff_main(args_list[1:], stdout=out, stderr=err)
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(exc.code or 0)
    from .batch import BatchConfig, ConsoleProgress, OutputBusyError, Result, run_batch
    from .engines import DaskEngine, Engine, EngineUnavailable, LocalEngine

    if args.engine == "local" and args.scheduler:
        print("csr-extract: error: --scheduler needs --engine dask", file=err)
        return EXIT_USAGE
    paths = expand_inputs(args.inputs)
    if not paths:
        print("csr-extract: error: no .pdf or .txt inputs found", file=err)
        return EXIT_USAGE
    out_dir = Path(args.out)
    manifest = args.manifest if args.manifest is not None else True
    engine: Engine
    try:
        if args.engine == "dask" or args.scheduler:
            engine = DaskEngine(args.scheduler, jobs=args.jobs)
        else:
            engine = LocalEngine(args.jobs or default_jobs(), memory_limit=int(args.memory_limit * (1 << 20)))
    except EngineUnavailable as exc:
        print(f"csr-extract: error: {exc}", file=err)
        return EXIT_USAGE
    config = BatchConfig(
        out_dir=out_dir,
        fmt=args.format,
        company=args.company,
        year=args.year,
        min_confidence=args.min_confidence,
        max_pages=args.max_pages,
        time_limit=args.time_limit,
        max_bytes=None if args.max_size is None else int(args.max_size * (1 << 20)),
        manifest=manifest,
        force=args.force,
    )

    def show(result: Result) -> None:
        assert result.report is not None
        _print_report(result.report, result.stem, out_dir, result.seconds, out)

    progress = ConsoleProgress(out, err, show=show, quiet=args.quiet)
    try:
        with _sigterm_as_interrupt():
            summary = run_batch(paths, config, engine=engine, progress=progress)
    except EngineUnavailable as exc:
        print(f"csr-extract: error: {exc}", file=err)
        return EXIT_USAGE
    except OutputBusyError as exc:  # another run writes into the same --out: nothing was done
        print(f"csr-extract: error: {exc}", file=err)
        return EXIT_FAILED
    except KeyboardInterrupt:  # pressed again while stopping: files are whole, the manifest may lag
        print("csr-extract: interrupted", file=err)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the engine itself broke (e.g. the Dask scheduler went away)
        print(f"csr-extract: error: the {engine.name} engine failed: {type(exc).__name__}: {exc}", file=err)
        return EXIT_FAILED
    ok, failed, skipped = summary.count("ok"), summary.count("failed"), summary.count("skipped")
    line = f"{ok} ok, {failed} failed"
    if manifest:
        line += f", {skipped} skipped (unchanged)"
    line += f", {summary.kpis_found} KPI values found"
    if summary.total > 1:
        ran = ok + failed
        rate = ran / max(summary.seconds, 1e-9)
        line += f" in {summary.seconds:.1f} s ({rate:.2f} reports/s, {engine.name} engine)"
    if summary.interrupted:
        line = f"interrupted: {line}, {summary.not_run} not run"
    print(line, file=out)
    for warning in summary.warnings:
        print(f"csr-extract: warning: {warning}", file=err)
    for error in summary.errors:
        print(f"csr-extract: error: {error}", file=err)
    if summary.dataset_path is not None and not args.quiet:
        print(
            f"dataset: {summary.dataset_path} ({summary.dataset_rows} rows from "
            f"{summary.dataset_reports} reports); manifest: {summary.manifest_path}",
            file=out,
        )
    if summary.interrupted:
        hint = "run the same command again to finish the rest" if manifest else "add --manifest to resume runs"
        print(f"csr-extract: interrupted; finished outputs are kept ({hint})", file=err)
        return EXIT_INTERRUPTED
    return EXIT_FAILED if failed or summary.errors else EXIT_OK


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, ``kill``) stops a run as cleanly as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
