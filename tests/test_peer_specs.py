"""The quantity parser against other recognizers' Chinese suites (../shared/peer-specs).

Runs the judged cases of benchmarks/peer_specs.py and checks the pass rates and skip shares of
issue 3.  Skipped when ../shared is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "peer_specs.py"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("peer_specs", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["peer_specs"] = module
    spec.loader.exec_module(module)
    return module


peer_specs = _load_bench()
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not peer_specs.SPECS.is_dir(), reason="../shared/peer-specs absent"),
]


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    return peer_specs.run_all()  # type: ignore[no-any-return]


@pytest.mark.parametrize("suite", sorted(peer_specs.TARGETS))
def test_pass_rate_meets_target(results: dict[str, object], suite: str) -> None:
    res = results[suite]
    failures = "\n".join(f"{i}: {why}" for i, why in res.failed)  # type: ignore[attr-defined]
    assert res.judged > 0  # type: ignore[attr-defined]
    assert res.rate >= peer_specs.TARGETS[suite], failures  # type: ignore[attr-defined]


@pytest.mark.parametrize("suite", sorted(peer_specs.TARGETS))
def test_few_cases_skipped(results: dict[str, object], suite: str) -> None:
    assert results[suite].skip_share <= peer_specs.MAX_SKIPPED  # type: ignore[attr-defined]


def test_skip_table_names_real_cases(results: dict[str, object]) -> None:
    skipped = {i for res in results.values() for i, _ in res.skipped}  # type: ignore[attr-defined]
    assert skipped == set(peer_specs.SKIPS)
