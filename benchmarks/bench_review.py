"""Time to write the review page of a report against the time to extract it, measured in one run.

For the 124-page annual report ../shared/corpus/pdf/moutai_2021_annual.pdf (target: the review page
takes under a quarter of the extraction time) and the 310-page shenzhen_energy_2016_annual.pdf (the
page must stay under 15 MB): extracts each report (best of --repeat runs), writes its JSON, then
writes its review page with page crops and without (best of --repeat runs each), and prints the
seconds, the ratio, the page's size and the number of crops.

usage: python benchmarks/bench_review.py [--repeat N]   (skips reports missing from ../shared)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from csr_extract import extract
from csr_extract.export import write_outputs
from csr_extract.review import MAX_PAGE_BYTES, ReviewResult, write_review

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "corpus" / "pdf"
REPORTS = ("moutai_2021_annual.pdf", "shenzhen_energy_2016_annual.pdf")
T = TypeVar("T")


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs (the least disturbed by other work on the machine)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def measure(pdf: Path, repeat: int, tmp: Path) -> None:
    extract_s, report = best_of(repeat, lambda: extract(pdf))
    out = tmp / pdf.stem
    write_outputs(report, out, pdf.stem, ("parquet", "json"))
    json_path = out / "_json" / f"{pdf.stem}.json"
    target = out / "_review" / f"{pdf.stem}.html"
    review_s, page = best_of(repeat, lambda: write_review(json_path, target, pdf))
    bare_s, bare = best_of(repeat, lambda: write_review(json_path, target, crops=False))
    print(f"{pdf.name}: {report.page_count} pages, {len(report.kpis)} values, {len(report.readings)} other readings")
    print(f"  extraction                 {extract_s:7.2f} s   (baseline)")
    _line("review page with crops", review_s, extract_s, page)
    _line("review page, --no-crops", bare_s, extract_s, bare)
    per_crop = (page.size - bare.size) / page.crops if page.crops else 0.0
    limit = "under" if page.size < MAX_PAGE_BYTES else "OVER"
    print(f"  {per_crop / 1000:.0f} KB per crop; {limit} the {MAX_PAGE_BYTES // 1_000_000} MB limit")


def _line(name: str, seconds: float, baseline: float, result: ReviewResult) -> None:
    print(
        f"  {name:<26} {seconds:7.2f} s = {seconds / baseline:5.1%} of extraction, "
        f"{result.size / 1e6:5.2f} MB, {result.crops} crops"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the fastest counts")
    args = parser.parse_args()
    found = [PDFS / name for name in REPORTS if (PDFS / name).is_file()]
    if not found:
        print(f"skipped: none of {', '.join(REPORTS)} in {PDFS}", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        for pdf in found:
            measure(pdf, args.repeat, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
