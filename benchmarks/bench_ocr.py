"""OCR: speed on one core, and what a scanned or garbled report yields; prints figures, asserts nothing.

    python benchmarks/bench_ocr.py [--pages N] [--quick] [--dpi 150,200,300]

Needs the ``[ocr]`` extra and ../shared. Two documents made from the seed report:

* an image-only rendering of ``seed-rendered-2col.pdf`` (``scripts/render_fixtures.py``: every page
  rendered to a 200-dpi grayscale picture, as a scan; no text layer);
* ``seed-rendered-broken-tounicode.pdf`` (a text layer whose font maps are broken: garbled text).

Speed and resolution: seconds per page and pages/s of the reader's OCR (render with PDFium + RapidOCR
detection and recognition, one ONNX Runtime thread) on the first --pages pages of the (vector)
``seed-rendered-2col.pdf`` at each --dpi, with the share of its text layer's characters found
(character recall). Its body text is 10.5 pt, so D dpi there gives the pixels 8-pt text gets at
D x 10.5 / 8 dpi: the line says which, to tell whether the reader's resolution is enough for 8-pt
CJK text. Then the same at the reader's resolution on the broken-ToUnicode pages. Then, unless --quick, the full
extraction of both documents with ``--ocr auto`` scored with ../shared/tools/score.py against the
seed's gold (target: recall >= 0.90 with precision >= 0.95).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
SEED_2COL = SHARED / "corpus" / "pdf" / "seed-rendered-2col.pdf"
BROKEN = SHARED / "corpus" / "pdf" / "seed-rendered-broken-tounicode.pdf"
GOLD = SHARED / "corpus" / "seed" / "000_da3d414fbc57a863.gold.yaml"
BODY_PT = 10.5  # body text size of seed-rendered-2col.pdf


def load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def ocr_speed(path: Path, pages: int, dpi: int, truth: list[str] | None) -> tuple[float, float | None]:
    """Seconds per page of the reader's OCR on the first ``pages`` pages, and the character recall
    against ``truth`` (the text of the same pages from a text layer)."""
    import pypdfium2 as pdfium
    from tests.pdf_fixtures import char_recall

    from csr_extract.reader import ocr
    from csr_extract.reader.pdf import page_geometry

    ocr.OCR_DPI = dpi
    ocr._engine()  # loading the models is paid once per process, not per page
    pdf = pdfium.PdfDocument(path)
    texts: list[str] = []
    started = time.perf_counter()
    try:
        for index in range(min(pages, len(pdf))):
            page = pdf[index]
            geometry = page_geometry(page)
            texts.append(ocr.ocr_page(page, geometry.left, geometry.top)[0])
            page.close()
    finally:
        pdf.close()
    seconds = (time.perf_counter() - started) / max(len(texts), 1)
    recall = char_recall("".join(truth), "".join(texts)) if truth is not None else None
    return seconds, recall


def text_layer(path: Path, pages: int) -> list[str]:
    from csr_extract.reader.pdf import read_pdf

    return [page.text for page in read_pdf(path, pages=range(1, pages + 1), ocr="off").pages]


def score_extraction(path: Path, out: Path) -> str:
    import pyarrow.parquet as pq
    import yaml

    from csr_extract.cli import main

    started = time.perf_counter()
    code = main([str(path), "--out", str(out), "-q", "--no-manifest", "--jobs", "1"], stdout=io.StringIO())
    seconds = time.perf_counter() - started
    if code != 0:
        return f"failed (exit {code})"
    score = load("score", SHARED / "tools" / "score.py")
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    contract = {k["id"] for k in yaml.safe_load((SHARED / "kpi-contract.yaml").read_text(encoding="utf-8"))["kpis"]}
    rows = pq.read_table(out / f"{path.stem}.parquet").to_pylist()
    result = score.score(gold, rows, contract)
    missed = ", ".join(f"{m['kpi']} {m['year']} {m['raw']}" for m in result["missed"])
    wrong = ", ".join(f"{f['kpi']} {f['year']} {f['value']:g}" for f in result["false_positives"])
    return (
        f"precision {result['precision']:.3f} recall {result['recall']:.3f} "
        f"(tp {result['tp']} fp {result['fp']} of {result['gold']}) in {seconds:.0f} s\n"
        f"      missed: {missed or '-'}\n      false positives: {wrong or '-'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=4, help="pages timed per document (default 4)")
    parser.add_argument(
        "--dpi", default="114,152,200", help="resolutions to time, comma-separated (default 114,152,200: "
        "what 8-pt text gets at 150, 200 and 263 dpi)"
    )
    parser.add_argument("--quick", action="store_true", help="speed only, no full extraction")
    args = parser.parse_args(argv)

    from csr_extract.reader.ocr import ocr_available

    if not ocr_available():
        print("the [ocr] extra is not installed: pip install -e '.[ocr]'")
        return 1
    if not SEED_2COL.is_file() or not BROKEN.is_file():
        print(f"{SEED_2COL.parent} not found: ../shared is needed")
        return 1
    from csr_extract.reader import ocr

    default_dpi = ocr.OCR_DPI
    renderer = load("render_fixtures", REPO / "scripts" / "render_fixtures.py")
    with tempfile.TemporaryDirectory() as tmp:
        scan = Path(tmp) / "seed-image-only.pdf"
        started = time.perf_counter()
        renderer.render_as_images(SEED_2COL, scan)
        print(f"image-only rendering of {SEED_2COL.name}: {time.perf_counter() - started:.0f} s")
        truth = text_layer(SEED_2COL, args.pages)
        print(f"OCR speed, one thread, first {args.pages} pages (character recall against the text layer)")
        for dpi in (int(d) for d in args.dpi.split(",")):
            seconds, recall = ocr_speed(SEED_2COL, args.pages, dpi, truth)
            small = dpi * BODY_PT / 8
            print(
                f"  {SEED_2COL.name:34} {dpi:4d} dpi (8-pt text at {small:3.0f} dpi) "
                f"{seconds:6.2f} s/page {1 / seconds:6.2f} pages/s  character recall {recall:.3f}"
            )
        for label, path in (("image-only rendering", scan), (BROKEN.name, BROKEN)):
            seconds, _ = ocr_speed(path, args.pages, default_dpi, None)
            print(f"  {label:34} {default_dpi:4d} dpi {'':21} {seconds:6.2f} s/page {1 / seconds:6.2f} pages/s")
        if args.quick:
            return 0
        ocr.OCR_DPI = default_dpi
        print("full extraction with --ocr auto, scored against the seed gold")
        for path in (scan, BROKEN):
            print(f"  {path.name:36} {score_extraction(path, Path(tmp) / path.stem)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
