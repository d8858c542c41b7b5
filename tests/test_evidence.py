"""``raw`` and ``evidence`` keep the characters as printed, whatever the rules matched them as."""

from __future__ import annotations

import pytest

from .kpi_helpers import rows_of

BREAKDOWNS = [
    pytest.param("员工性别构成：男性 82.4%，女性 17.6%。", "性别构成 … 女性 17.6%", id="simplified:性别构成…女性"),
    pytest.param("員工性別構成：男性 82.4%，女性 17.6%。", "性別構成 … 女性 17.6%", id="traditional:性別構成…女性"),
    pytest.param("員工性別結構：男 82.4%，女 17.6%。", "性別結構 … 女 17.6%", id="traditional:性別結構…女"),
    pytest.param("僱員性別比例：男僱員 80%，女員工 20%。", "性別比例 … 女員工 20%", id="traditional:女員工"),
]


@pytest.mark.parametrize(("text", "evidence"), BREAKDOWNS)
def test_breakdown_evidence_is_the_header_and_item_as_printed(text: str, evidence: str) -> None:
    rows = [(r.kpi_id, r.year, r.value, r.evidence) for r in rows_of(text)]
    ratio = [row for row in rows if row[0] == "female_employees_ratio"]
    value = float(evidence.rsplit(" ", 1)[1].rstrip("%")) / 100
    assert ratio == [("female_employees_ratio", 2020, pytest.approx(value), evidence)]
