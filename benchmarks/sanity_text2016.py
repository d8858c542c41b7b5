"""Run the extractor over the 442 texts of ../shared/corpus/text2016 and print what looks absurd.

Not a gold score: these reports have no gold. It prints, per KPI, how many reports gave a value,
and lists every value that cannot be right (a ratio above 1, a year outside 1990-2030, a money
value under 10,000 yuan, a negative count), every crash and the slowest inputs.

usage: .venv/bin/python benchmarks/sanity_text2016.py [--limit N] [--show KPI]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from csr_extract import extract
from csr_extract.errors import ExtractError

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "text2016"
MIN_MONEY = 10_000  # yuan: no listed company reports a revenue, tax or donation total below this
COUNT_UNITS = {"person", "person_time", "count", "hour"}


def absurd(kv: object) -> str | None:
    from csr_extract.models import KpiValue

    assert isinstance(kv, KpiValue)
    if not 1990 <= kv.year <= 2030:
        return f"year {kv.year}"
    if kv.period_start is not None and not 1949 <= kv.period_start < kv.year:
        return f"period {kv.period_start}-{kv.year}"
    if kv.unit == "ratio" and not 0 <= kv.value <= 1:
        return f"ratio {kv.value}"
    if kv.unit == "CNY" and abs(kv.value) < MIN_MONEY:
        return f"money {kv.value} yuan"
    if kv.unit in COUNT_UNITS and kv.value < 0:
        return f"negative count {kv.value}"
    if kv.raw not in kv.evidence:
        return "raw not in evidence"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", default=None, help="print every value of this KPI id")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skip: {CORPUS} not present")
        return 0
    files = sorted(CORPUS.glob("*.txt"))[: args.limit]
    per_kpi: Counter[str] = Counter()
    problems: list[str] = []
    failures: list[str] = []
    timings: list[tuple[float, str]] = []
    total_bytes = 0
    started = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        try:
            report = extract(path)
        except ExtractError as exc:
            failures.append(f"{path.name}: {exc.kind}: {exc.reason}")
            continue
        except Exception as exc:  # the point of this script is to find these
            failures.append(f"{path.name}: CRASH {type(exc).__name__}: {exc}")
            continue
        timings.append((time.perf_counter() - t0, path.name))
        total_bytes += path.stat().st_size
        for kv in report.kpis:
            per_kpi[kv.kpi_id] += 1
            why = absurd(kv)
            if why:
                problems.append(f"{path.name[:40]}: {kv.kpi_id} {why}: {kv.raw!r} | {kv.evidence[:60]}")
            if args.show == kv.kpi_id:
                print(
                    f"{path.name[:30]:30s} {kv.year} {kv.period_start} {kv.value:>16,.2f} {kv.raw:14s}"
                    f" | {kv.evidence[:70]}"
                )
    elapsed = time.perf_counter() - started
    print(f"{len(files)} reports, {len(failures)} failed, {elapsed:.1f} s, {total_bytes / elapsed / 1e6:.2f} MB/s")
    print("reports with a value, per KPI:")
    for kpi, n in sorted(per_kpi.items(), key=lambda kv: -kv[1]):
        print(f"  {kpi:32s} {n:4d}")
    print(f"absurd values: {len(problems)}")
    for p in problems:
        print("  " + p)
    print(f"failures: {len(failures)}")
    for f in failures:
        print("  " + f)
    print("slowest:")
    for sec, name in sorted(timings, reverse=True)[:5]:
        print(f"  {sec:6.2f} s  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
