"""Throughput and memory of csr_extract.quantities.find_quantities on real report text.

    .venv/bin/python benchmarks/bench_quantities.py [--runs N]

Prints MB/s (UTF-8 bytes, median of N >= 3 runs, one core) on the seed report and over the 442
texts of ../shared/corpus/text2016/, by the wall clock and by this process's CPU time (the machine
is shared: CPU time hardly moves with other people's load, wall time does), and tracemalloc peaks
after 10, 100 and all reports, which stay flat when nothing global grows with the number of
reports.  Skips what ../shared lacks.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from csr_extract.quantities import find_quantities

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_da3d414fbc57a863.txt"
TEXT2016 = SHARED / "corpus" / "text2016"


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")  # some 2016 conversions are GB18030


def time_runs(texts: list[str], runs: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds over ``runs`` passes, and the number of quantities found."""
    wall, cpu = [], []
    found = 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        found = sum(len(find_quantities(t)) for t in texts)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), found


def report(label: str, texts: list[str], runs: int) -> None:
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    wall, cpu, found = time_runs(texts, runs)
    print(
        f"{label:<28}{size:>8.2f} MB{wall * 1000:>10.1f} ms{size / wall:>8.2f} MB/s wall"
        f"{size / cpu:>8.2f} MB/s cpu{found:>9} found"
    )


def peak_memory(texts: list[str]) -> None:
    """Peak and retained traced memory after scanning the first k reports.

    The peak follows the largest single report among them (its text and result list), and what is
    retained after scanning stays flat: nothing global grows with the number of reports.
    """
    for k in (10, 100, len(texts)):
        tracemalloc.start()
        for t in texts[:k]:
            find_quantities(t)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        largest = max(len(t.encode("utf-8")) for t in texts[:k]) / 1e6
        print(
            f"after {k:>4} reports: peak {peak / 1e6:6.2f} MB (largest report {largest:.2f} MB), "
            f"retained {current / 1e3:7.1f} kB"
        )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    runs = max(3, int(args[args.index("--runs") + 1])) if "--runs" in args else 3
    if SEED.is_file():
        report("seed (one report)", [read_text(SEED)], runs)
    else:
        print(f"no seed text at {SEED}")
    if TEXT2016.is_dir():
        texts = [read_text(p) for p in sorted(TEXT2016.glob("*.txt"))]
        report(f"text2016 ({len(texts)} reports)", texts, runs)
        peak_memory(texts)
    else:
        print(f"no corpus at {TEXT2016}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
