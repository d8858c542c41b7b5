"""Throughput of batch runs: the local process pool with 1 and 2 jobs, and the Dask engine.

    python benchmarks/bench_batch.py [--quick N] [--corpus text|pdf|both] [--jobs 1 2] [--no-dask]

Runs ``csr_extract.batch.run_batch`` (the code behind ``csr-extract DIR --out OUT --jobs N``) over the
442 texts of ../shared/corpus/text2016/ and the PDFs of ../shared/corpus/pdf/ (skipped when absent;
``--quick N`` takes the first N inputs of each), writing into a temporary folder. Prints reports/s,
pages/s (PDF) and MB/s, the speed-up over --jobs 1, the mean time of a report inside a worker and
its CPU time (wall time above CPU time: the worker waited for a core, i.e. other work shares the
machine), and the peak resident memory of each worker process (ru_maxrss; for local workers it
includes the pages they share with the fork server). Pool or cluster start-up is measured
separately and not counted in the rates. OCR is off unless ``--ocr auto`` (scanned pages cost about
10 s each: benchmarks/bench_ocr.py measures them). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus"

from csr_extract.batch import BatchConfig, BatchSummary, run_batch  # noqa: E402
from csr_extract.engines import DaskEngine, Engine, LocalEngine, dask_available  # noqa: E402


@dataclass
class Figures:
    label: str
    startup: float
    summary: BatchSummary
    size: int

    @property
    def seconds(self) -> float:
        return self.summary.seconds

    def line(self, base: Figures | None) -> str:
        s = self.summary
        pages = sum(r.pages or 0 for r in s.results)
        ran = s.count("ok") + s.count("failed")
        speedup = f"{base.seconds / self.seconds:5.2f}x" if base is not None else "    - "
        workers: dict[str, int] = {}
        for r in s.results:
            if r.worker and r.peak_rss:
                workers[r.worker] = max(workers.get(r.worker, 0), r.peak_rss)
        mem = ", ".join(f"{v / 2**20:.0f}" for v in sorted(workers.values(), reverse=True)[:4])
        per_report = sum(r.seconds for r in s.results) / max(ran, 1)
        cpu_per_report = sum(r.cpu_seconds for r in s.results) / max(ran, 1)
        return (
            f"  {self.label:22s} {ran:4d} reports {s.count('failed'):3d} failed  {self.seconds:7.1f} s  "
            f"{ran / self.seconds:6.2f} reports/s  {pages / self.seconds:7.1f} pages/s  "
            f"{self.size / 2**20 / self.seconds:5.2f} MB/s  speed-up {speedup}  "
            f"{per_report:5.2f} s/report in a worker ({cpu_per_report:4.2f} s CPU)  "
            + f"start-up {self.startup:4.1f} s  peak MB/worker [{mem}]"
        )

    def failures(self) -> str:
        kinds = Counter(f"{r.error_kind}: {r.error}"[:90] for r in self.summary.results if r.status == "failed")
        return "".join(f"      {n} x {what}\n" for what, n in kinds.most_common(5))


def inputs(kind: str, limit: int | None) -> list[Path]:
    folder = CORPUS / ("text2016" if kind == "text" else "pdf")
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".txt", ".pdf"))
    return paths[:limit] if limit else paths


def warm_local() -> float:
    """Start the fork server (imports + jieba, once per process) so it is not counted in a rate."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i in range(2):
            p = folder / f"w{i}.txt"
            p.write_text("2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元。\n", encoding="utf-8")
            paths.append(p)
        run_batch(paths, BatchConfig(out_dir=folder / "out"), engine=LocalEngine(2))
    return time.monotonic() - started


OCR = "off"  # set from --ocr


def measure(label: str, engine: Engine, paths: list[Path], startup: float) -> Figures:
    with tempfile.TemporaryDirectory() as tmp:
        summary = run_batch(paths, BatchConfig(out_dir=Path(tmp), ocr=OCR), engine=engine)
    return Figures(label, startup, summary, sum(p.stat().st_size for p in paths))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", type=int, metavar="N", help="only the first N inputs of each corpus")
    ap.add_argument("--corpus", choices=("text", "pdf", "both"), default="both")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask engine")
    ap.add_argument("--ocr", choices=("off", "auto"), default="off", help="OCR of scanned pages (default: off)")
    args = ap.parse_args()
    global OCR
    OCR = args.ocr

    load = os.getloadavg()[0]
    print(f"load average before: {load:.2f} on {os.cpu_count()} cores (other work skews the figures)")
    startup = warm_local()
    print(f"local fork server start-up (imports + jieba, once per run): {startup:.1f} s")
    kinds = ["text", "pdf"] if args.corpus == "both" else [args.corpus]
    for kind in kinds:
        paths = inputs(kind, args.quick)
        if not paths:
            print(f"{kind}: corpus not found under {CORPUS}, skipped")
            continue
        print(f"\n{kind}: {len(paths)} inputs, {sum(p.stat().st_size for p in paths) / 2**20:.1f} MB")
        base: Figures | None = None
        for jobs in args.jobs:
            figures = measure(f"local --jobs {jobs}", LocalEngine(jobs, inline_single=False), paths, 0.0)
            print(figures.line(base) + "\n" + figures.failures(), end="", flush=True)
            base = base or figures
        if args.no_dask:
            continue
        if not dask_available():
            print("  dask: not installed (pip install 'csr-extract[dask]'), skipped")
            continue
        engine = DaskEngine(None, jobs=2)
        started = time.monotonic()
        engine.__enter__()  # start the 2-worker LocalCluster outside the timed run
        cluster_startup = time.monotonic() - started
        figures = measure("dask LocalCluster x2", engine, paths, cluster_startup)
        print(figures.line(base) + "\n" + figures.failures(), end="", flush=True)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
