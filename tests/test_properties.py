"""Properties of the whole KPI pipeline on arbitrary text: it never raises, and what it emits keeps
its contract (evidence holds raw, ratios are fractions, years are years)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csr_extract.candidates import find_page_candidates
from csr_extract.document import Page
from csr_extract.resolve import resolve

# report-like fragments, so random text often forms labels, numbers, units and cues
FRAGMENTS = [
    "营业收入", "利润总额", "员工总数", "（人）", "（亿元）", "对外捐赠", "累计", "截至", "十三五", "期间", "其中",
    "发明专利", "新授权专利", "女性", "性别构成", "同比增长", "下降", "超过", "约", "余", "万", "亿元", "万元", "吨",
    "人", "项", "%", "2020年", "2019 年", "2021年 2020年", "\t", "\n", "\n\n", " ", "，", "。", "；", "1,958",
    "3.5", "-15.84", "0", "一", "两", "百", "所属", "公司", "有限公司", "目标", "人均", "展望", "指标索引",
]

text_strategy = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join),
    st.text(max_size=300),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy, st.integers(min_value=1990, max_value=2030))
def test_pipeline_never_raises_and_keeps_the_contract(text: str, year: int) -> None:
    rows, warnings = resolve(find_page_candidates(Page(0, text), year), year, 0.0)
    assert isinstance(warnings, list)
    for r in rows:
        assert r.raw in r.evidence
        assert 0.0 <= r.confidence <= 1.0
        assert year - 15 <= r.year <= year + 1
        if r.unit == "ratio":
            assert 0.0 <= r.value <= 1.0
        if r.period_start is not None:
            assert r.period_start < r.year
    keys = [(r.kpi_id, r.year, r.period_start) for r in rows]
    assert len(keys) == len(set(keys)), "one row per (kpi, year, period)"
