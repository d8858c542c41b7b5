"""Throughput of the PDF reader against pdfplumber and pypdfium2 alone; prints figures, asserts nothing.

    python benchmarks/bench_read.py [--runs 3] [--quick] [--no-memory] [PDF ...]

Columns: pages, then seconds and pages/s (median of --runs) for pdfplumber ``extract_text``,
pypdfium2 text alone, our reader, and ``csr_extract.extract`` when it exists; ratios are against
pdfplumber measured in the same run. Then the aggregate over the real (non-rendered) PDFs and the peak
memory of the reader on the longest report, measured in a subprocess per file.
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
SEED = REPO.parent / "shared" / "corpus" / "seed" / "000_da3d414fbc57a863.txt"
MEMORY_FILE = "moutai_2021_annual.pdf"
SHORT_FILE = "jac_motors_2018_csr.pdf"  # 6 pages: memory must not grow with the page count
LONGEST_FILE = "shenzhen_energy_2016_annual.pdf"


def plumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def pdfium_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def our_reader(path: Path) -> int:
    from csr_extract.reader.pdf import read_pdf

    return read_pdf(path).page_count


def full_extraction() -> Callable[[Path], int] | None:
    """``csr_extract.extract`` if the lead's pipeline is importable, else None (column skipped)."""
    try:
        from csr_extract import extract
    except Exception:
        return None

    def run(path: Path) -> int:
        extract(path)
        return 0

    return run


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


# VmHWM (peak RSS of this process image) rather than ru_maxrss, which Linux carries over from the
# parent across exec and would report the benchmark's own peak.
PEAK = "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"


def peak_memory_mb(path: Path) -> float:
    """Peak RSS in MB of a fresh interpreter that reads ``path`` (Linux)."""
    code = (
        "import sys; from pathlib import Path; "
        f"from csr_extract.reader.pdf import read_pdf; read_pdf(Path(sys.argv[1])); {PEAK}"
    )
    env_path = str(REPO / "src")
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": env_path},
    )  # fmt: skip
    return int(done.stdout.strip()) / 1024


def baseline_memory_mb() -> float:
    code = f"import pypdfium2, pdfplumber; {PEAK}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs to time (default: the shared corpus)")
    parser.add_argument("--runs", type=int, default=3, help="runs per engine and file; the median counts")
    parser.add_argument("--quick", action="store_true", help="one run, and pdfplumber only on short files")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory measurement")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(args.runs, 1)

    with tempfile.TemporaryDirectory() as tmp:
        real = args.pdfs or sorted(p for p in CORPUS.glob("*.pdf") if "rendered" not in p.name)
        rendered = [] if args.pdfs else sorted(CORPUS.glob("*rendered*.pdf")) + rendered_fixtures(Path(tmp))
        engines: dict[str, Callable[[Path], int] | None] = {
            "pdfplumber": plumber_text,
            "pdfium": pdfium_text,
            "reader": our_reader,
            "extract": full_extraction(),
        }
        header = f"{'file':42} {'pages':>5} " + " ".join(f"{name + ' p/s':>15}" for name in engines)
        print(header + f" {'reader/plumber':>15} {'extract/plumber':>15}")
        totals = {name: 0.0 for name in engines}
        real_pages = 0
        for path in [*real, *rendered]:
            pages = page_count(path)
            seconds: dict[str, float] = {}
            for name, func in engines.items():
                skip = func is None or (args.quick and name == "pdfplumber" and pages > 60)
                seconds[name] = float("nan") if skip or func is None else median_seconds(func, path, runs)
            if path in real:
                real_pages += pages
                for name, value in seconds.items():
                    totals[name] += value
            rates = " ".join(
                f"{pages / s if s == s and s > 0 else float('nan'):15.1f}" for s in seconds.values()
            )
            ratio = seconds["pdfplumber"] / seconds["reader"]
            ratio_extract = seconds["pdfplumber"] / seconds["extract"]
            print(f"{path.name[:42]:42} {pages:5d} {rates} {ratio:15.1f} {ratio_extract:15.1f}")
        print()
        print(f"aggregate over {len(real)} real PDFs, {real_pages} pages:")
        for name, total in totals.items():
            rate = real_pages / total if total == total and total > 0 else float("nan")
            print(f"  {name:11} {total:8.2f} s  {rate:8.1f} pages/s")
        if totals["reader"] > 0:
            print(f"  reader is {totals['pdfplumber'] / totals['reader']:.1f}x pdfplumber extract_text")

    if not args.no_memory and (CORPUS / MEMORY_FILE).is_file():
        print()
        print(f"peak RSS, interpreter with pdfium+pdfplumber imported: {baseline_memory_mb():.0f} MB")
        for name in (SHORT_FILE, MEMORY_FILE, LONGEST_FILE):
            path = CORPUS / name
            if path.is_file():
                print(f"peak RSS reading {name} ({page_count(path)} pages): {peak_memory_mb(path):.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
