"""Write docs/review.png, the README's picture of a review page (run by `make screenshot`).

Extracts the PDF sample in data/raw/, writes its review page, and has headless Chromium (Debian's
``chromium``) take a 1280 px wide screenshot of it, with the same driver the browser test uses.
Chinese needs a CJK font on the machine (``apt-get install fonts-wqy-microhei``); remove it again
before running the tests (see the README's Development section).
"""

from __future__ import annotations

import importlib.util
import io
import sys
import tempfile
from pathlib import Path

from PIL import Image

from csr_extract import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "cgtc_2020_csr_2col.pdf"
TARGET = ROOT / "docs" / "review.png"
WIDTH, HEIGHT = 1280, 1500


def _browser_module() -> object:
    spec = importlib.util.spec_from_file_location("browser", ROOT / "tests" / "browser.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["browser"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main() -> int:
    browser = _browser_module()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        if cli.main([str(SAMPLE), "--out", str(out), "-q"], stdout=io.StringIO()) != 0:
            print("extraction failed", file=sys.stderr)
            return 1
        if cli.main(["review", str(out / "_json" / f"{SAMPLE.stem}.json"), "-q"]) != 0:
            return 1
        page = out / "_review" / f"{SAMPLE.stem}.html"
        shot = Path(tmp) / "shot.png"
        visit = browser.screenshot(page, shot, WIDTH, HEIGHT)  # type: ignore[attr-defined]
        if visit.errors:
            print(f"the browser reported: {visit.errors}", file=sys.stderr)
            return 1
        # a palette of 64 colours keeps the PNG small; text and crops stay legible
        image = Image.open(shot).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        TARGET.parent.mkdir(exist_ok=True)
        image.save(TARGET, optimize=True)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
