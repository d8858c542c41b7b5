"""Throughput and memory of the PDF reader against pdfplumber and pypdfium2 alone; prints figures, asserts nothing.

    python benchmarks/bench_read.py [--runs 3] [--quick] [--no-memory] [PDF ...]

Per PDF: pages, then median seconds of --runs runs and pages/s for pdfplumber ``extract_text`` alone,
pypdfium2 text alone, pypdfium2 text plus one ``FPDFText_GetCharBox`` call per character (``charbox``:
the floor of any reader on pypdfium2 that keeps each character's box, as ours must), our reader
(``read_pdf``) and the full extraction (``csr_extract.extract``: reader + KPI stage), all measured side
by side in the same run; then the full extraction's time as a multiple of pypdfium2's (the target: at
most 2.5 on the real reports) and pdfplumber's time as a multiple of ours (at least 1: never slower than
pdfplumber). Then the aggregate over the real (non-rendered) PDFs with the slowest file's ratio, and the
peak memory of the reader and of the full extraction, each in a fresh interpreter: on the first 30 pages
of the 124-page annual report, on all of it, and on the longest report, to show whether memory grows with
the page count.

OCR is off here (``ocr="off"``): the broken-ToUnicode rendering would otherwise be read by OCR, which
benchmarks/bench_ocr.py measures.

``--quick``: one run per engine, pdfplumber only on files of at most 60 pages (a smoke test).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
SEED = REPO.parent / "shared" / "corpus" / "seed" / "000_da3d414fbc57a863.txt"
MEMORY_FILE = "moutai_2021_annual.pdf"  # the reference: < 300 MB on its 124 pages
LONGEST_FILE = "shenzhen_energy_2016_annual.pdf"
FIRST_PAGES = 30
QUICK_PLUMBER_PAGES = 60
ENGINES = ("pdfplumber", "pdfium", "charbox", "reader", "extract")


def plumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def _pdfium_pages(path: Path, per_page: Callable[[Any], None]) -> int:
    """pypdfium2's text of every page, then ``per_page`` on its text page; the page count."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            per_page(textpage)
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def pdfium_text(path: Path) -> int:
    return _pdfium_pages(path, lambda textpage: None)


def pdfium_char_boxes(path: Path) -> int:
    """pypdfium2's text plus each character's box through PDFium's C API, nothing else: what keeping the
    char <-> box map costs at least when each box is one ctypes call (PDFium has no bulk call)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))

    def boxes(textpage: Any) -> None:
        handle = textpage.raw
        got = []
        for char in range(pdfium_c.FPDFText_CountChars(handle)):
            pdfium_c.FPDFText_GetCharBox(handle, char, *refs)
            got.append((left.value, top.value, right.value, bottom.value))

    return _pdfium_pages(path, boxes)


def our_reader(path: Path) -> int:
    from csr_extract.reader.pdf import read_pdf

    return read_pdf(path, ocr="off").page_count


def full_extraction(path: Path) -> int:
    from csr_extract import extract

    extract(path, ocr="off")
    return 0


RUNNERS: dict[str, Callable[[Path], int]] = {
    "pdfplumber": plumber_text,
    "pdfium": pdfium_text,
    "charbox": pdfium_char_boxes,
    "reader": our_reader,
    "extract": full_extraction,
}


def median_seconds(func: Callable[[Path], int], path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            func(path)
        except Exception as exc:  # a failing engine must not stop the benchmark
            print(f"    {func.__name__} failed on {path.name}: {exc}", file=sys.stderr)
            return float("nan")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rendered_fixtures(out: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("render_fixtures", REPO / "scripts" / "render_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths: list[Path] = module.render_all(out, SEED if SEED.is_file() else None)
    return paths


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def first_pages(path: Path, count: int, out: Path) -> Path:
    """A copy of the first ``count`` pages of ``path`` (PDFium's page import), to compare memory."""
    import pypdfium2 as pdfium

    source, target = pdfium.PdfDocument(path), pdfium.PdfDocument.new()
    try:
        target.import_pages(source, list(range(min(count, len(source)))))
        target.save(out)
    finally:
        target.close()
        source.close()
    return out


# The child prints its ru_maxrss and its VmHWM (the peak RSS of its own process image). Linux carries
# the parent's peak into the child's ru_maxrss across fork+exec, so the memory runs come first, while
# this process is still small, and VmHWM is printed beside it.
MEMORY_CHILD = """
import resource, sys
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
if mode == "reader":
    from csr_extract.reader.pdf import read_pdf
    read_pdf(path, ocr="off")
elif mode == "extract":
    from csr_extract import extract
    extract(path, ocr="off")
else:
    import pypdfium2, pdfplumber, csr_extract
hwm = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, hwm)
"""


def peak_memory_mb(mode: str, path: Path | None = None) -> tuple[float, float]:
    """(ru_maxrss, VmHWM) in MB of a fresh interpreter that runs ``mode`` on ``path`` (Linux)."""
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, mode, str(path or "")],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": str(REPO / "src")},
    )  # fmt: skip
    maxrss, hwm = done.stdout.split()
    return int(maxrss) / 1024, int(hwm) / 1024


def report_memory(tmp: Path) -> None:
    path = CORPUS / MEMORY_FILE
    if not path.is_file():
        print(f"peak memory: {MEMORY_FILE} not found, skipped")
        return
    targets = [
        (f"{MEMORY_FILE} first {FIRST_PAGES} pages", first_pages(path, FIRST_PAGES, tmp / "first.pdf")),
        (MEMORY_FILE, path),
    ]
    if (CORPUS / LONGEST_FILE).is_file():
        targets.append((LONGEST_FILE, CORPUS / LONGEST_FILE))
    print("peak memory, fresh interpreter each (MB: ru_maxrss / VmHWM; target < 300 on the annual report)")
    maxrss, hwm = peak_memory_mb("imports")
    print(f"  {'imports only (pypdfium2, pdfplumber, csr_extract)':56} {maxrss:6.0f} / {hwm:4.0f}")
    for label, target in targets:
        pages = page_count(target)
        for mode in ("reader", "extract"):
            maxrss, hwm = peak_memory_mb(mode, target)
            print(f"  {mode:8} {label[:38]:38} {pages:4d} p {maxrss:6.0f} / {hwm:4.0f}")


STARTUP_CHILD = """
import sys, time
started = time.perf_counter()
from csr_extract import extract
extract(sys.argv[1], ocr="off")
print(time.perf_counter() - started)
"""


def report_startup(tmp: Path) -> None:
    """Seconds a fresh process needs for ``--version`` and for its first (small) report: with jieba's
    prepared dictionary cached, and with an empty cache (the dictionary built from scratch)."""
    sample = REPO / "data" / "raw" / "cgtc_2020_csr.txt"
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "csr_extract", "--version"], capture_output=True, check=True, env=env)
    version = time.perf_counter() - started
    print("start-up, fresh interpreter each (s)")
    print(f"  csr-extract --version                          {version:6.2f}")
    cache = tmp / "empty-cache"  # the first run fills it, the second reads it
    for label in ("first report, empty cache (jieba built)", "first report, dictionary cached"):
        done = subprocess.run(
            [sys.executable, "-c", STARTUP_CHILD, str(sample)],
            capture_output=True, text=True, check=True, env={**env, "CSR_EXTRACT_CACHE": str(cache)},
        )  # fmt: skip
        print(f"  {label:46} {float(done.stdout):6.2f}")


def rate(pages: int, seconds: float) -> float:
    return pages / seconds if seconds == seconds and seconds > 0 else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs to time (default: the shared corpus)")
    parser.add_argument("--runs", type=int, default=3, help="runs per engine and file; the median counts")
    parser.add_argument("--quick", action="store_true", help="one run, and pdfplumber only on short files")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory measurement")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(args.runs, 3)

    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_memory:
            report_memory(Path(tmp))  # first: see MEMORY_CHILD
            print()
        report_startup(Path(tmp))
        print()
        full_extraction(REPO / "data" / "raw" / "cgtc_2020_csr.txt")  # start-up paid here, not in the table
        real = args.pdfs or sorted(p for p in CORPUS.glob("*.pdf") if "rendered" not in p.name)
        rendered = [] if args.pdfs else sorted(CORPUS.glob("*rendered*.pdf")) + rendered_fixtures(Path(tmp))
        print(f"median of {runs} run(s); seconds and pages/s, all engines side by side in this run")
        print("extract/pdfium = full extraction seconds / pypdfium2 text seconds (target <= 2.5 on real reports)")
        print("plumber/extract = pdfplumber extract_text seconds / full extraction seconds (>= 1: not slower)")
        header = f"{'file':36} {'pages':>5} " + " ".join(f"{name + ' s':>11} {'p/s':>7}" for name in ENGINES)
        print(header + f" {'extract/pdfium':>14} {'plumber/extract':>15}")
        totals = dict.fromkeys(ENGINES, 0.0)
        real_pages = 0
        ratios: dict[str, float] = {}
        versus_plumber: dict[str, float] = {}
        for path in [*real, *rendered]:
            pages = page_count(path)
            seconds: dict[str, float] = {}
            for name in ENGINES:
                skip = args.quick and name == "pdfplumber" and pages > QUICK_PLUMBER_PAGES
                seconds[name] = float("nan") if skip else median_seconds(RUNNERS[name], path, runs)
            if path in real:
                real_pages += pages
                for name, value in seconds.items():
                    totals[name] += value
                ratios[path.name] = seconds["extract"] / seconds["pdfium"]
            versus_plumber[path.name] = seconds["pdfplumber"] / seconds["extract"]
            cells = " ".join(f"{s:11.3f} {rate(pages, s):7.1f}" for s in seconds.values())
            ratio = seconds["extract"] / seconds["pdfium"]
            print(f"{path.name[:36]:36} {pages:5d} {cells} {ratio:14.1f} {versus_plumber[path.name]:15.1f}")
        print()
        print(f"aggregate over {len(real)} real PDFs, {real_pages} pages (sum of per-file medians):")
        for name, total in totals.items():
            versus = total / totals["pdfium"] if totals["pdfium"] > 0 else float("nan")
            print(f"  {name:11} {total:8.2f} s {rate(real_pages, total):8.1f} pages/s {versus:6.1f}x pypdfium2 text")
        if ratios:
            slowest = max(ratios, key=lambda name: ratios[name])
            print(f"  slowest real PDF against pypdfium2: {slowest} {ratios[slowest]:.1f}x")
        measured = {name: value for name, value in versus_plumber.items() if value == value}
        if measured:
            worst = min(measured, key=lambda name: measured[name])
            print(f"  least ahead of pdfplumber (all PDFs): {worst} {measured[worst]:.1f}x pdfplumber's speed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
