"""``csr-extract explain REPORT [--kpi ID] [--year Y]``: every reading of a value, kept or not.

What an analyst asks when a number looks wrong: which sentences or cells were read for this KPI,
which value won, what the others were, and why each scored what it did (its ``trace``). Runs the
same extraction as ``csr-extract`` and prints what ``resolve_all`` decided for every reading.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from .api import DEFAULT_MIN_CONFIDENCE, ExtractOptions, extract_resolution
from .catalog import load_catalog
from .cli import _fraction, _year, add_reader_options, company_name, reader_option_error
from .errors import ExtractError
from .resolve import Verdict

__all__ = ["Explanation", "explain", "main"]

# the order readings of one (KPI, year) are listed in
_STATUS_ORDER = {
    "kept": 0, "agrees": 1, "below_threshold": 2, "lost": 3, "part": 4, "vague": 5, "implausible": 6, "vetoed": 7,
}


@dataclass(frozen=True, slots=True)
class Explanation:
    """One reading of a KPI value and what became of it."""

    kpi_id: str
    year: int
    period_start: int | None
    value: float
    unit: str
    raw: str
    status: str  # kept, agrees, below_threshold, lost, vague, implausible, vetoed
    note: str
    confidence: float
    trace: str
    rule: str
    flags: tuple[str, ...]
    page: int | None
    evidence: str

    @classmethod
    def of(cls, v: Verdict) -> Explanation:
        r = v.reading
        return cls(
            kpi_id=r.kpi.id,
            year=r.year,
            period_start=r.period_start,
            value=float(r.value),
            unit=r.kpi.unit,
            raw=r.raw,
            status=v.status,
            note=v.note,
            confidence=r.confidence,
            trace=r.trace,
            rule=r.rule,
            flags=tuple(sorted(r.flags)),
            page=r.page,
            evidence=r.evidence,
        )


def explain(
    path: str,
    kpi: str | None = None,
    year: int | None = None,
    options: ExtractOptions | None = None,
) -> list[Explanation]:
    """Every reading of ``kpi`` (all KPIs when None) for ``year`` (all when None) in the report at
    ``path``, sorted by KPI, year and status (kept first). Raises ``ExtractError`` on bad input and
    ``ValueError`` for a KPI id the catalog does not have."""
    ids = [k.id for k in load_catalog().kpis]
    if kpi is not None and kpi not in ids:
        near = difflib.get_close_matches(kpi, ids, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ValueError(f"unknown KPI id {kpi!r}{hint} (the KPI ids: csr-extract kpis)")
    _, resolution = extract_resolution(path, options or ExtractOptions(min_confidence=DEFAULT_MIN_CONFIDENCE))
    found = [
        Explanation.of(v)
        for v in resolution.verdicts
        if (kpi is None or v.reading.kpi.id == kpi) and (year is None or v.reading.year == year)
    ]
    return sorted(found, key=lambda e: (e.kpi_id, e.year, e.period_start or 0, _STATUS_ORDER[e.status], -e.confidence))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="csr-extract explain",
        description="Show every reading of a KPI in one report, kept or dropped, with its evidence, page and trace.",
    )
    p.add_argument("report", metavar="REPORT", help="the report (.pdf or .txt) to read")
    p.add_argument("--kpi", metavar="ID", help="only this KPI id (e.g. revenue)")
    # checked as csr-extract checks them: a wrong value is a usage error, not a traceback
    p.add_argument("--year", type=_year, metavar="YYYY", help="only values of this year")
    p.add_argument("--report-year", type=_year, metavar="YYYY", help="the report's year (overrides detection)")
    p.add_argument("--company", type=company_name, metavar="NAME", help="the company's name (overrides detection)")
    p.add_argument(
        "--min-confidence", type=_fraction, default=DEFAULT_MIN_CONFIDENCE, metavar="X", help="threshold for kept rows"
    )
    add_reader_options(p)  # --pages, --ocr, --password, as for csr-extract
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    return p


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    reader_error = reader_option_error(args)
    if reader_error:
        print(f"csr-extract explain: error: {reader_error}", file=err)
        return 2
    options = ExtractOptions(
        company=args.company,
        year=args.report_year,
        min_confidence=args.min_confidence,
        pages=args.pages,
        ocr=args.ocr,
        password=args.password,
    )
    try:
        found = explain(args.report, args.kpi, args.year, options)
    except ValueError as exc:
        print(f"csr-extract explain: error: {exc}", file=err)
        return 2
    except ExtractError as exc:
        print(f"csr-extract explain: error: {exc}", file=err)
        return 1
    if args.format == "json":
        json.dump([dataclasses.asdict(e) for e in found], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        _print_table(found, out, args.kpi, args.year)
    return 0


def _nothing_found(kpi: str | None, year: int | None) -> str:
    """What was looked for and not found: only what was asked for is named."""
    what = kpi if kpi is not None else "any KPI"
    when = f" for {year}" if year is not None else ""
    return f"no reading of {what}{when} in this report"


def _print_table(found: list[Explanation], out: TextIO, kpi: str | None = None, year: int | None = None) -> None:
    if not found:
        print(_nothing_found(kpi, year), file=out)
        return
    last = None
    for e in found:
        key = (e.kpi_id, e.year, e.period_start)
        if key != last:
            period = f"{e.period_start}-{e.year}" if e.period_start else str(e.year)
            print(f"{e.kpi_id} {period}", file=out)
            last = key
        page = f"p.{e.page}" if e.page else "-"
        print(f"  {e.status:<15} {e.confidence:4.2f}  {e.raw:<18} {page:<6} {e.trace}", file=out)
        note = f"  [{e.note}]" if e.note and e.status != "kept" else ""
        print(f"  {'':<15} {'':4}  {e.evidence[:110]}{note}", file=out)
