"""``csr-extract``: a thin command line over ``csr_extract.extract``.

Parses arguments, hands the inputs to ``batch.run_batch`` (``diff.main`` for ``csr-extract diff``, the
data dictionary for ``csr-extract kpis``), and maps the outcome to messages and exit statuses.
``main(argv)`` is callable from tests.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import shlex
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .batch import DEFAULT_MAX_BYTES, default_jobs, make_console_safe
from .display import count
from .engines import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_PIPE = 0, 1, 2, 130, 141
COMMANDS = ("diff", "explain", "kpis", "review")
STDOUT_FORMATS = ("jsonl", "csv")

DESCRIPTION = """\
Extract KPIs (revenue, employees, energy, emissions, donations, ...) from Chinese CSR / ESG /
sustainability reports, with the page, box and sentence each value came from.

For each INPUT (a .pdf; a .txt in UTF-8 or UTF-16, with or without a BOM, GB18030/GBK or
Big5/Big5-HKSCS, detected; or a directory: every .pdf and .txt in it, sorted; --recursive: in its
subfolders too) writes DIR/<stem>.parquet (the KPI rows) and
DIR/_json/<stem>.json (the whole report), then prints a summary. DIR holds one file per report at
its top level and nothing else, so pandas.read_parquet(DIR), polars.read_parquet("DIR/*.parquet")
and DuckDB's 'DIR/*.parquet' read every row once. Inputs run in parallel worker processes (--jobs);
this process writes every file, whole or not at all, with the permissions the umask gives.

It also writes DIR/_meta/manifest.parquet (one row per input: path, company, stock code, year,
sha256, status ok/failed/skipped, error, pages, KPIs, seconds, extractor version) and
DIR/_meta/kpis.parquet (every row in one file), and skips inputs whose sha256, extractor version and
options match an ok entry (unless --force). --no-manifest writes only the per-report files.

  csr-extract diff OLD NEW     compare two outputs (see: csr-extract diff --help)
  csr-extract explain REPORT   every reading of a KPI, kept or not, and why (see: csr-extract explain --help)
  csr-extract kpis             the KPIs, their units and what counts (see: csr-extract kpis --help)
  csr-extract review OUT       a page to check every value on its page (see: csr-extract review --help)
"""

EPILOG = """\
exit status:
  0    every input was extracted (a report with no KPI found still counts: its outputs are empty)
  1    at least one input failed (missing, empty, not a PDF, corrupt, encrypted, no text layer,
       undecodable text, too large, over the time limit, unwritable output, reader crashed); the
       other inputs are still written. Also, before any input is read: --out is a file or cannot be
       created or written, or another run is writing into it
  2    usage error (also: a bare word that is no file, --company / --year with several inputs,
       Dask not installed or its scheduler unreachable with --engine dask)
  130  interrupted (Ctrl-C): finished outputs are kept, unfinished ones never appear; with a
       manifest, running the same command again does only the rest
  141  the output pipe closed (csr-extract reports/ | head): stops quietly like an interrupt

examples:
  csr-extract report.pdf
  csr-extract reports/ --out data/out --format parquet --min-confidence 0.7
  csr-extract reports/ --recursive --metadata inputs.csv --jobs 8
  csr-extract reports/ -o - | jq .kpi_id        # JSONL rows on stdout (--format csv: CSV)
  csr-extract reports/ --out data/out --format parquet,xlsx
  csr-extract annual-report.pdf --pages 40-60,72
  csr-extract scanned-report.pdf --ocr force  # needs: pip install 'csr-extract[ocr]'
  csr-extract reports/ --out data/out --engine dask --scheduler tcp://10.0.0.5:8786
  csr-extract diff previous/ data/out --format markdown

--metadata FILE.csv: columns file, company, stock_code, year (one row per input; an empty cell keeps
what is detected); file is a path relative to the CSV or a file name.
An input file literally named "diff", "explain", "kpis" or "review" must be written ./diff (a first argument
naming a command runs it).
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="csr-extract",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="report file(s) or directories")
    p.add_argument(
        "--out",
        "-o",
        default="data/out",
        metavar="DIR",
        help="output directory (default: data/out); - writes JSONL rows (or --format csv) to stdout",
    )
    p.add_argument(
        "--format",
        "-f",
        type=_formats,
        default=None,
        metavar="FMT[,FMT]",
        help="parquet, json, csv, jsonl, xlsx, or several (comma-separated); the first is the dataset at "
        "DIR's top level, the others go to DIR/_<format>/ (default: parquet,json; both = parquet,json)",
    )
    p.add_argument("--recursive", "-r", action="store_true", help="read the subfolders of directory inputs too")
    p.add_argument(
        "--metadata",
        metavar="CSV",
        type=Path,
        help="company / stock_code / year per input file (columns: file, company, stock_code, year)",
    )
    p.add_argument(
        "--company",
        type=company_name,
        metavar="NAME",
        help="company name of the one input (overrides what is detected)",
    )
    p.add_argument("--year", type=_year, metavar="YYYY", help="report year of the one input (overrides detection)")
    p.add_argument(
        "--min-confidence",
        type=_fraction,
        default=0.5,
        metavar="X",
        help="drop values whose confidence is below X, 0..1 (default: 0.5)",
    )
    p.add_argument("--max-pages", type=_positive_int, metavar="N", help="fail a PDF with more than N pages to read")
    add_reader_options(p)
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
        help="write DIR/_meta/manifest.parquet and DIR/_meta/kpis.parquet and skip unchanged inputs "
        "(default: on)",
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
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors and the final summary")
    p.add_argument("--version", action="version", version=f"csr-extract {__version__}")
    return p


def add_reader_options(p: argparse.ArgumentParser) -> None:
    """``--pages``, ``--ocr`` and ``--password``: how a PDF is read (``csr-extract`` and ``explain``);
    check them with :func:`reader_option_error` once parsed."""
    p.add_argument(
        "--pages",
        type=_pages,
        metavar="LIST",
        help="read only these PDF pages, e.g. 40-60,72 (an annual report's ESG chapter); "
        "page numbers in the output stay the PDF's own",
    )
    p.add_argument(
        "--ocr",
        choices=("auto", "off", "force"),
        default="auto",
        help="auto: read pages without a usable text layer (scans, garbled fonts) by OCR when "
        "installed (pip install 'csr-extract[ocr]'); off: never; force: every page (default: auto)",
    )
    p.add_argument("--password", metavar="TEXT", help="password of encrypted PDFs")


def reader_option_error(args: argparse.Namespace) -> str | None:
    """The usage error in the options of :func:`add_reader_options`, or None."""
    if args.ocr == "force":
        from .reader.ocr import INSTALL_HINT, ocr_available

        if not ocr_available():
            return f"--ocr force needs the OCR extra: {INSTALL_HINT}"
    return None


def _formats(text: str) -> tuple[str, ...]:
    from .export import parse_formats

    try:
        return parse_formats(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def company_name(text: str) -> str:
    """--company: a name, not blank (a blank name would override detection with nothing)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("empty company name (leave --company out to keep the detected one)")
    return text.strip()


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


def _pages(text: str) -> tuple[int, ...]:
    from .reader import parse_pages

    try:
        return parse_pages(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return int(text)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):  # inf / nan: an OverflowError or a traceback further on
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


class _PipeClosed(KeyboardInterrupt):
    """The reader of our stdout went away (``| head``): stop like Ctrl-C, then exit quietly."""


class _Guarded:
    """A text stream whose BrokenPipeError stops the run (as ``_PipeClosed``) and silences it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed_pipe = False

    def write(self, text: str) -> int:
        if self.closed_pipe:
            return len(text)
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._closed()
            raise _PipeClosed from None

    def flush(self) -> None:
        if self.closed_pipe:
            return
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._closed()
            raise _PipeClosed from None

    def isatty(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError):
            return False

    def _closed(self) -> None:
        self.closed_pipe = True
        # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again
        with contextlib.suppress(AttributeError, OSError, ValueError):
            if self.stream is sys.__stdout__:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.stream.fileno())
                os.close(devnull)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    raw_out = stdout or sys.stdout
    err = stderr or sys.stderr
    for stream in (raw_out, err):  # an ASCII or cp1252 console prints escapes instead of failing
        make_console_safe(stream)
    out = _Guarded(raw_out)
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["diff"]:
            from .diff import main as diff_main

            return diff_main(args_list[1:], stdout=out, stderr=err)  # type: ignore[arg-type]
        if args_list[:1] == ["explain"]:
            from .explain import main as explain_main

            return explain_main(args_list[1:], stdout=out, stderr=err)  # type: ignore[arg-type]
        if args_list[:1] == ["kpis"]:
            return _kpis_main(args_list[1:], out, err)
        if args_list[:1] == ["review"]:
            from .review import main as review_main

            return review_main(args_list[1:], stdout=out, stderr=err)  # type: ignore[arg-type]
        return _extract_main(args_list, out, err)
    except _PipeClosed:
        return EXIT_PIPE


def _kpis_main(argv: Sequence[str], out: Any, err: TextIO) -> int:
    parser = argparse.ArgumentParser(
        prog="csr-extract kpis",
        description="The KPIs csr-extract finds: id, Chinese and English name, canonical unit, category, "
        "GRI / HKEX disclosure codes, what a value counts and what it does not.",
    )
    parser.add_argument("--format", "-f", choices=("table", "json", "csv", "markdown"), default="table")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    from .dictionary import render

    out.write(render(args.format))
    out.flush()
    return EXIT_OK


def _usage(err: TextIO, message: str) -> int:
    print(f"csr-extract: error: {message}", file=err)
    return EXIT_USAGE


def _extract_main(args_list: list[str], out: Any, err: TextIO) -> int:
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(exc.code or 0)
    from .batch import BatchConfig, ConsoleProgress, OutputBusyError, OutputFolderError, Result, run_batch
    from .engines import DaskEngine, Engine, EngineUnavailable, LocalEngine
    from .inputs import InputError, expand_inputs, missing_words, read_metadata, suggest

    to_stdout = args.out == "-"
    formats: tuple[str, ...] = args.format or (("jsonl",) if to_stdout else ("parquet", "json"))
    if to_stdout and (len(formats) != 1 or formats[0] not in STDOUT_FORMATS):
        return _usage(err, "-o - writes one format to stdout: --format jsonl (default) or csv")
    if "xlsx" in formats and not _has_module("openpyxl"):
        return _usage(err, "--format xlsx needs openpyxl: pip install 'csr-extract[xlsx]'")
    reader_error = reader_option_error(args)
    if reader_error:
        return _usage(err, reader_error)
    if args.engine == "local" and args.scheduler:
        return _usage(err, "--scheduler needs --engine dask")
    words = missing_words(args.inputs)
    if words:
        for word in words:
            print(f"csr-extract: error: {suggest(word, COMMANDS)}", file=err)
        return EXIT_USAGE
    unlisted: list[str] = []  # folders that cannot be listed: named, and the run fails, but the rest is done
    paths = expand_inputs(args.inputs, recursive=args.recursive, errors=unlisted)
    for message in unlisted:
        print(f"csr-extract: error: {message}", file=err)
    if unlisted and not paths:
        return EXIT_FAILED
    if not paths:
        deeper = "" if args.recursive else " (--recursive for subfolders)"
        return _usage(err, f"no .pdf or .txt inputs found in {', '.join(args.inputs)}{deeper}")
    if (args.company or args.year) and len(paths) > 1:
        return _usage(
            err,
            f"--company / --year apply to one report, not to {len(paths)} inputs; "
            "give each file's company, stock_code and year in a CSV with --metadata",
        )
    per_input: dict[str, dict[str, Any]] = {}
    if args.metadata is not None:
        try:
            per_input, notes = read_metadata(args.metadata, paths)
        except InputError as exc:
            return _usage(err, str(exc))
        for note in notes:
            print(f"csr-extract: warning: {note}", file=err)
    out_dir = Path(".") if to_stdout else Path(args.out)
    manifest = False if to_stdout else (args.manifest if args.manifest is not None else True)
    engine: Engine
    try:
        if args.engine == "dask" or args.scheduler:
            engine = DaskEngine(args.scheduler, jobs=args.jobs)
        else:
            engine = LocalEngine(args.jobs or default_jobs(), memory_limit=int(args.memory_limit * (1 << 20)))
    except EngineUnavailable as exc:
        return _usage(err, str(exc))
    config = BatchConfig(
        out_dir=out_dir,
        fmt=",".join(formats),
        company=args.company,
        year=args.year,
        min_confidence=args.min_confidence,
        max_pages=args.max_pages,
        time_limit=args.time_limit,
        max_bytes=None if args.max_size is None else int(args.max_size * (1 << 20)),
        pages=args.pages,
        ocr=args.ocr,
        password=args.password,
        manifest=manifest,
        force=args.force,
        write_files=not to_stdout,
        per_input=per_input,
    )

    def show(result: Result) -> None:
        assert result.report is not None
        _print_report(result.report, result.stem, out_dir, formats[0], result.seconds, out)

    on_result = _RowWriter(out, formats[0], None if args.quiet else err) if to_stdout else None
    summary_out: Any = err if to_stdout else out
    progress = ConsoleProgress(
        summary_out, err, show=None if to_stdout else show, quiet=args.quiet or to_stdout, bar=not args.quiet
    )
    try:
        with _sigterm_as_interrupt():
            summary = run_batch(paths, config, engine=engine, progress=progress, on_result=on_result)
        if on_result is not None:
            on_result.finish()
    except _PipeClosed:
        return EXIT_PIPE
    except EngineUnavailable as exc:
        return _usage(err, str(exc))
    except (OutputBusyError, OutputFolderError) as exc:  # --out is busy or cannot be written: nothing was done
        print(f"csr-extract: error: {exc}", file=err)
        return EXIT_FAILED
    except KeyboardInterrupt:  # pressed again while stopping: files are whole, the manifest may lag
        print("csr-extract: interrupted", file=err)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the engine itself broke (e.g. the Dask scheduler went away)
        print(f"csr-extract: error: the {engine.name} engine failed: {type(exc).__name__}: {exc}", file=err)
        return EXIT_FAILED
    if out.closed_pipe:
        return EXIT_PIPE
    _print_summary(summary, manifest, engine.name, args.quiet, summary_out, err)
    if not to_stdout and not args.quiet:
        _print_review_hint(summary, out_dir, formats, summary_out)
    if summary.interrupted:
        hint = "run the same command again to finish the rest" if manifest else "add --manifest to resume runs"
        print(f"csr-extract: interrupted; finished outputs are kept ({hint})", file=err)
        return EXIT_INTERRUPTED
    return EXIT_FAILED if summary.count("failed") or summary.errors or unlisted else EXIT_OK


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


class _RowWriter:
    """``-o -``: every report's rows on stdout, in input order, as JSONL or CSV (one header)."""

    def __init__(self, out: Any, fmt: str, err: Any = None) -> None:
        self.out, self.fmt, self.err = out, fmt, err  # err: where each report's warnings go (None: nowhere)
        self.pending: dict[int, Any] = {}
        self.next = 0
        self.header = True

    def __call__(self, result: Any) -> None:
        self.pending[result.index] = result.report if result.status == "ok" else None
        while self.next in self.pending:
            self._write(self.pending.pop(self.next))
            self.next += 1

    def finish(self) -> None:  # an interrupted run: what finished after a gap
        for index in sorted(self.pending):
            self._write(self.pending.pop(index))

    def _write(self, report: Any) -> None:
        if report is None:
            return
        from .export import report_to_table, write_csv_rows, write_jsonl_rows

        table = report_to_table(report)
        if self.fmt == "csv":
            write_csv_rows(table, self.out, header=self.header)
            self.header = False
        else:
            write_jsonl_rows(table, self.out)
        self.out.flush()
        if self.err is not None:  # stdout holds only rows: the report's warnings go to stderr
            for w in report.warnings:
                if w.kind != "no_kpi":  # said by the closing summary
                    print(f"csr-extract: warning: {report.source_file}: {w.message}", file=self.err)


def _print_summary(summary: Any, manifest: bool, engine: str, quiet: bool, out: Any, err: TextIO) -> None:
    """The closing lines: counts, then the reports with no KPI / no year, then every failure again."""
    ok, failed, skipped = summary.count("ok"), summary.count("failed"), summary.count("skipped")
    line = f"{ok} ok, {failed} failed"
    if manifest:
        line += f", {skipped} skipped (unchanged)"
    line += f", {count(summary.kpis_found, 'KPI value')} found"
    if skipped:  # "0 found" alone reads as if the unchanged reports had lost their values
        kept = sum(r.kpis or 0 for r in summary.results if r.status == "skipped")
        line += f" (and {kept} kept from {count(skipped, 'unchanged report')})"
    if summary.total > 1:
        ran = ok + failed
        rate = ran / max(summary.seconds, 1e-9)
        line += f" in {summary.seconds:.1f} s ({rate:.2f} reports/s, {engine} engine)"
    if summary.interrupted:
        line = f"interrupted: {line}, {summary.not_run} not run"
    print(line, file=out)
    done = [r for r in summary.results if r.status in ("ok", "skipped")]
    no_kpi = [r for r in done if not r.kpis]
    no_year = [r for r in done if r.report_year is None]
    if no_kpi:
        print(f"no KPI found in {_reports(len(no_kpi))}: {_names(no_kpi)}", file=out)
    if no_year:
        print(f"no report year found in {_reports(len(no_year))} (give it with --year or --metadata): "
              f"{_names(no_year)}", file=out)
    cut_short = [r for r in done if r.cut_short]
    if cut_short:  # its warning names the pages; --quiet shows no warning
        again = "; the next run reads them again" if manifest else ""
        print(f"OCR stopped at its time limit in {_reports(len(cut_short))}, pages left unread (a longer "
              f"--time-limit or --pages reads them{again}): {_names(cut_short)}", file=out)
    for warning in summary.warnings:
        print(f"csr-extract: warning: {warning}", file=err)
    for error in summary.errors:
        print(f"csr-extract: error: {error}", file=err)
    failures = sorted((r for r in summary.results if r.status == "failed"), key=lambda r: r.index)
    if failures and summary.total > 1:
        print(f"{_reports(len(failures))} failed:", file=err)
        for r in failures:
            print(f"  {r.path}: {r.error}", file=err)
    if summary.dataset_path is not None and not quiet:
        folder = summary.dataset_path.parent.parent
        print(
            f"dataset: {folder}/ ({count(summary.dataset_rows, 'row')} from {_reports(summary.dataset_reports)}; "
            f"one file: {summary.dataset_path}); manifest: {summary.manifest_path}",
            file=out,
        )


def _print_review_hint(summary: Any, out_dir: Path, formats: tuple[str, ...], out: Any) -> None:
    """How to check the values on their pages (the review page reads the JSON reports)."""
    done = [r for r in summary.results if r.status in ("ok", "skipped")]
    if "json" not in formats or not done:
        return
    if len(done) == 1:
        from .export import output_paths

        target = str(output_paths(out_dir, done[0].stem, formats)["json"])
    else:
        target = str(out_dir)
    # quoted for the shell: output names keep the input's spaces (and its Chinese)
    print(f"check the values on their pages: csr-extract review {shlex.quote(target)} --open", file=out)


def _reports(n: int) -> str:
    return count(n, "report")


def _names(results: list[Any], most: int = 5) -> str:
    names = [str(r.path) for r in sorted(results, key=lambda r: r.index)]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


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


def _print_report(report: object, stem: str, out_dir: Path, fmt: str, seconds: float, out: Any) -> None:
    from .display import format_value
    from .models import Report
    from .review import LOW_CONFIDENCE, conflict_keys, row_marks

    legends = (("!", "! another reading disagreed: see the warnings"), ("?", f"? confidence below {LOW_CONFIDENCE}"))

    assert isinstance(report, Report)
    pages = f", {report.page_count} pages" if report.page_count else ""
    # not "?": that is the low-confidence mark of the rows below (wording as on the review page)
    who = report.company or "(company not found)"
    if report.stock_code:
        who += f" ({report.stock_code})"
    print(
        f"{report.source_file}: {who} {report.report_year or '(year not found)'}{pages}, "
        f"{count(len(report.kpis), 'KPI value')} in {seconds:.1f} s -> {out_dir / stem}.{fmt}",
        file=out,
    )
    if not report.kpis:
        print("  no KPI found", file=out)
    conflicts = conflict_keys(report)
    marked = ""
    for kv in report.kpis:
        period = f"{kv.period_start}-{kv.year}" if kv.period_start else str(kv.year)
        value = format_value(kv.value, kv.unit, kv.raw, kv.qualifier)
        marks = row_marks(kv, conflicts)  # ! another reading disagreed, ? low confidence
        marked += marks
        print(f"{marks:>2s} {kv.kpi_id:32s} {period:>9s} {value:>26s}   {kv.raw}", file=out)
    for w in report.warnings:
        if w.kind != "no_kpi":  # said once, by the line above
            print(f"  warning: {w.message}", file=out)
    if marked:
        legend = [text for mark, text in legends if mark in marked]
        print(f"  ({'; '.join(legend)})", file=out)


