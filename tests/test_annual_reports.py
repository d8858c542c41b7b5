"""Reports of ../shared/corpus/pdf against hand-made gold (tests/data/gold/, written by reading each report
page by page; see each file's header for what was left out and why): annual reports, and plain CSR reports
whose only figures are no KPI (nothing may come out of them).

An annual report states the social figures a CI job re-extracts every year in its key-data table,
its consolidated statements and their notes (营业外支出's 对外捐赠), next to the parent company's own
statements, which are not the group's. Every scored gold value must be found, and nothing else of a
KPI the contract defines may come out.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from csr_extract import extract

from .pdf_fixtures import SHARED

GOLD = Path(__file__).resolve().parent / "data" / "gold"
REPORTS = sorted(GOLD.glob("*.yaml"))

pytestmark = pytest.mark.shared


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("gold_path", REPORTS, ids=[p.stem for p in REPORTS])
def test_annual_report_matches_its_gold(gold_path: Path) -> None:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    pdf = SHARED / "corpus" / "pdf" / gold["file"]
    if not pdf.is_file():
        pytest.skip(f"{pdf} not found (../shared is absent)")
    contract = yaml.safe_load((SHARED / "kpi-contract.yaml").read_text(encoding="utf-8"))
    ids = {k["id"] for k in contract["kpis"]}
    report = extract(pdf)
    assert report.report_year == gold["report_year"]
    rows = [r.model_dump() for r in report.kpis]
    result = _score_module().score(gold, rows, ids)
    assert result["missed"] == [], result["missed"]
    assert result["false_positives"] == [], [
        {k: f[k] for k in ("kpi", "year", "value", "evidence")} for f in result["false_positives"]
    ]
