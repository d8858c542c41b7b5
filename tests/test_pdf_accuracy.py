"""The sample report read from PDFs the project renders itself scores as well as from its text.

The renderings (one and two columns, reportlab's built-in CJK font) are made in the test from
data/raw/; the gold values are the seed's, in ../shared (skipped when absent).
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pyarrow.parquet as pq
import pytest
import yaml

from csr_extract.cli import main

from .conftest import SAMPLE, shared_path
from .pdf_fixtures import load_renderer


def _scorer() -> ModuleType:
    path = shared_path("tools", "score.py")
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(input_path: Path, out: Path) -> tuple[int, int, list[object]]:
    gold = yaml.safe_load(shared_path("corpus", "seed", "000_da3d414fbc57a863.gold.yaml").read_text(encoding="utf-8"))
    contract = {k["id"] for k in yaml.safe_load(shared_path("kpi-contract.yaml").read_text(encoding="utf-8"))["kpis"]}
    assert main([str(input_path), "--out", str(out), "-q", "--no-manifest"], stdout=io.StringIO()) == 0
    rows = pq.read_table(out / f"{input_path.stem}.parquet").to_pylist()
    result = _scorer().score(gold, rows, contract)
    return result["tp"], result["fp"], result["missed"]


@pytest.fixture(scope="module")
def text_score(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int, list[object]]:
    return _score(SAMPLE, tmp_path_factory.mktemp("text"))


@pytest.mark.shared
@pytest.mark.parametrize("layout", ["render_single_column", "render_two_column"])
def test_pdf_rendering_scores_like_the_text(
    layout: str, tmp_path: Path, text_score: tuple[int, int, list[object]]
) -> None:
    pdf = tmp_path / f"sample-{layout}.pdf"
    getattr(load_renderer(), layout)(SAMPLE.read_text(encoding="utf-8"), pdf)
    tp, fp, missed = _score(pdf, tmp_path / "out")
    assert (tp, fp) == text_score[:2], f"missed from the PDF: {missed}"
