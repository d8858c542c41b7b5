"""Hypothesis properties of csr_extract.quantities: never raises, spans exact, sorted, re-readable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from csr_extract.quantities import find_quantities, parse_quantity

# Characters that exercise the scanner: digits (ASCII and full-width), numerals, magnitudes,
# qualifier words, unit characters, separators, Latin letters and CJK prose.
ALPHABET = (
    "0123456789０１２３４５６７８９.,，．、%％-−~～/ \n\t"
    "〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟兆点多余几又分之负第半成折"
    "元人次吨标准煤千瓦时立方米个项家年月日度号超过逾近约以上下左右不足至到百分点"
    "kKMmgtWhLCOeE$￥人民币美港的了是在和企业员工"
)
texts = st.text(alphabet=ALPHABET, max_size=80) | st.text(max_size=60)
huge = st.integers(min_value=1, max_value=400).map(lambda n: "9" * n + "万亿元")


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, huge, st.lists(texts, max_size=4).map("".join)))
def test_find_never_raises_and_spans_are_exact(text: str) -> None:
    found = find_quantities(text)
    last_end = 0
    for q in found:
        assert text[q.start : q.end] == q.raw
        assert q.start >= last_end  # sorted and non-overlapping
        assert q.start < q.end
        last_end = q.end


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, st.lists(texts, max_size=4).map("".join)))
def test_found_quantities_read_back_the_same(text: str) -> None:
    for q in find_quantities(text):
        if q.kind in ("quantity", "percent"):
            again = parse_quantity(q.raw)
            assert (again.value, again.unit) == (q.value, q.unit), q


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**12, max_value=10**12))
def test_arabic_numbers_round_trip(value: object) -> None:
    raw = f"{value:f}"
    assert parse_quantity(raw).value == value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_grouped_numbers_round_trip(value: int) -> None:
    assert parse_quantity(f"{value:,}").value == value
    assert parse_quantity(f"{value:,}万元").value == value * 10000
