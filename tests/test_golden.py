"""End-to-end golden files: the full JSON output of every sample in data/raw/.

A failure means the extractor's output changed. If the change is intended, run `make golden` and
review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import ROOT


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_golden", ROOT / "scripts" / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _maker()
SAMPLES = MAKER.samples()


def _rows(text: str) -> list[tuple[object, ...]]:
    return [(k["kpi_id"], k["year"], k["period_start"], k["value"], k["raw"]) for k in json.loads(text)["kpis"]]


def test_there_is_a_text_and_a_pdf_sample() -> None:
    assert {p.suffix for p in SAMPLES} == {".txt", ".pdf"}


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_output_matches_golden(sample: Path) -> None:
    golden = MAKER.GOLDEN / f"{sample.stem}.json"
    assert golden.exists(), f"no golden file for {sample.name}: run `make golden`"
    got, want = MAKER.render(sample), golden.read_text(encoding="utf-8")
    if got != want:
        added = sorted(set(_rows(got)) - set(_rows(want)))
        removed = sorted(set(_rows(want)) - set(_rows(got)))
        pytest.fail(
            f"{sample.name}: output differs from {golden.name} (run `make golden` and review the diff)\n"
            f"  rows added:   {added}\n  rows removed: {removed}"
        )
