"""The review page in a real browser: headless Chromium (Debian's ``chromium``, which ``.ci/run``
installs) opens it at a desktop and a phone width, reports no load error, lays it out without
sideways scrolling, decodes every image, and paints a screenshot that is not blank.

Skipped where Chromium is missing, except under CI (``CI=true``), where a missing browser fails.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from csr_extract import cli

from .browser import Chromium, chromium_path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
VIEWPORTS = [(1280, 2000), (390, 2000)]

if chromium_path() is None:
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed: .ci/run installs it (apt-get install chromium)", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Review pages of the PDF sample (page crops) and of the text sample (none), and the index."""
    base = tmp_path_factory.mktemp("browser")
    inputs = base / "in"
    inputs.mkdir()
    for name in ("cgtc_2020_csr_2col.pdf", "cgtc_2020_csr.txt"):
        shutil.copy(RAW / name, inputs / name)
    out = base / "out"
    assert cli.main([str(inputs), "--out", str(out), "--jobs", "1", "-q"], stdout=io.StringIO()) == 0
    assert cli.main(["review", str(out), "-q"], stdout=io.StringIO()) == 0
    review = out / "_review"
    return {
        "pdf": review / "cgtc_2020_csr_2col.html",
        "text": review / "cgtc_2020_csr.html",
        "index": review / "index.html",
    }


@pytest.fixture(scope="module")
def browser() -> Chromium:
    with Chromium() as chromium:
        yield chromium  # type: ignore[misc]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
@pytest.mark.parametrize("which", ["pdf", "text", "index"])
def test_the_page_loads_lays_out_and_paints(
    browser: Chromium, pages: dict[str, Path], which: str, viewport: tuple[int, int], tmp_path: Path
) -> None:
    width, height = viewport
    visit = browser.visit(pages[which].as_uri(), width, height)
    assert visit.errors == []
    layout = visit.layout
    assert layout["innerWidth"] == width
    assert layout["scrollWidth"] <= width, "the page scrolls sideways"
    assert layout["scripts"] == 0
    assert "Noto Sans CJK SC" in layout["fontFamily"] and layout["fontFamily"].endswith("sans-serif")
    expected_images = {"pdf": 30, "text": 0, "index": 0}[which]
    assert len(layout["images"]) == expected_images
    assert all(i["complete"] and i["width"] > 0 for i in layout["images"])
    shot = Image.open(io.BytesIO(visit.screenshot)).convert("RGB")
    assert shot.size == (width, height)
    _assert_not_blank(shot)
    (tmp_path / f"{which}-{width}.png").write_bytes(visit.screenshot)


def _assert_not_blank(image: Image.Image) -> None:
    """Text and pictures were painted: many colours, and pixels that are not the background."""
    pixels = np.asarray(image.resize((image.width // 4, image.height // 4))).reshape(-1, 3).astype(int)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    painted = int((np.abs(pixels - background).sum(axis=1) > 60).sum())
    assert len(colours) > 50, "hardly any colours: blank?"
    assert painted > len(pixels) * 0.005, "almost every pixel is background: blank?"


def test_a_missing_image_is_reported_as_a_load_error(browser: Chromium, tmp_path: Path) -> None:
    """The check above would see a broken page: a reference to a file that is not there."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><p>x</p><img src="missing.jpg" alt=""></body></html>', encoding="utf-8")
    visit = browser.visit(page.as_uri(), 1280, 800)
    assert any("ERR_FILE_NOT_FOUND" in e for e in visit.errors)
    assert [i["width"] for i in visit.layout["images"]] == [0]
