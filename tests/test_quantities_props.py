"""Hypothesis properties of csr_extract.quantities: never raises, spans exact, sorted, re-readable."""

from __future__ import annotations

from decimal import Decimal

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


# ---------------------------------------------------------------------------------------------
# Numbers printed in each supported style read back exactly (issue 11).

_CN_DIGITS = "零一二三四五六七八九"


def _cn_section(n: int) -> str:
    """0 < n < 10000 in Chinese numerals, the standard way (一千零五, 三百一十, 十五 only alone)."""
    out, zero = "", False
    for value, mark in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero else "") + _CN_DIGITS[digit] + mark
            zero = False
        elif out:
            zero = True
    return out


def to_chinese(n: int) -> str:
    """0 <= n < 10**16 as 万/亿 sections: 一亿零三百万零五, 十二 (a leading 一十 is written 十)."""
    if n == 0:
        return "零"
    parts = []
    for big, mark in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"), (1, "")):
        section, n = divmod(n, big)
        if section:
            if parts and section < 1000:
                parts.append("零")
            parts.append(_cn_section(section) + mark)
        elif parts and n:
            parts.append("零")
    text = "".join(parts)
    text = text.replace("零零", "零")
    return text[1:] if text.startswith("一十") else text


def to_mixed(n: int) -> str:
    """Arabic digits with 亿/万: 3亿4500万零12; a last group below 1000 gets 零 so that 1万5 (15000) is
    never written for 10005."""
    parts = []
    for big, mark in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section, n = divmod(n, big)
        if section:
            if parts and section < 1000:
                parts.append("零")
            parts.append(f"{section}{mark}")
    return "".join(parts) or "0"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_numerals_round_trip(value: int) -> None:
    assert parse_quantity(to_chinese(value)).value == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**16 - 1))
def test_wan_yi_mixes_round_trip(value: int) -> None:
    assert parse_quantity(to_mixed(value)).value == value
    assert parse_quantity(to_mixed(value) + "元").value == value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=10**15), st.integers(min_value=1, max_value=99))
def test_full_width_comma_groups_round_trip(whole: int, cents: int) -> None:
    """The full-width comma groups thousands when a decimal part or an ASCII group shows it is one
    number (82，225.00元, 233,333，333,434.34元); so does the ideographic comma with a decimal part."""
    decimals = f"{cents:02d}"
    want = Decimal(f"{whole}.{decimals}")
    grouped = f"{whole:,}"
    assert parse_quantity(grouped.replace(",", "，") + f".{decimals}元").value == want
    assert parse_quantity(grouped.replace(",", "、") + f".{decimals}元").value == want
    mixed = "".join(ch if ch != "," or i % 2 else "，" for i, ch in enumerate(grouped))
    assert parse_quantity(mixed + f".{decimals}").value == want


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10**8), places=4, allow_nan=False, allow_infinity=False))
def test_decimals_with_magnitudes_are_exact(value: Decimal) -> None:
    raw = f"{value:f}"
    assert parse_quantity(raw + "万元").value == value * 10000
    assert parse_quantity(raw + "亿").value == value * 10**8
    assert parse_quantity(f"{value:,f}" + "万吨").value == value * 10000


@st.composite
def same_length_pairs(draw: st.DrawFn) -> tuple[int, int]:
    """Two different numbers with as many digits: 1200 and 1500, 3 and 5."""
    digits = draw(st.integers(min_value=1, max_value=4))
    low, high = 10 ** (digits - 1), 10**digits - 1
    a = draw(st.integers(min_value=low, max_value=high - 1))
    b = draw(st.integers(min_value=a + 1, max_value=high))
    return a, b


@settings(max_examples=300, deadline=None)
@given(same_length_pairs(), st.sampled_from(
    ["{a}-{b}万元", "{a}~{b}万元", "{a}至{b}亿元", "{a}到{b}万", "{a}万元--{b}万元", "{a}万-{b}万元", "{a}——{b}万吨"]
))  # fmt: skip
def test_ranges_read_both_ends(pair: tuple[int, int], pattern: str) -> None:
    """Both ends exact, the magnitude printed once applying to both."""
    low, high = pair
    mag = 10**8 if "亿" in pattern else 10**4
    got = parse_quantity(pattern.format(a=low, b=high))
    assert (got.value, got.low, got.high) == (low * mag, low * mag, high * mag)


@settings(max_examples=300, deadline=None)
@given(same_length_pairs(), st.sampled_from(["万", "亿", "万元"]))
def test_chinese_ranges_read_both_ends(pair: tuple[int, int], mag_word: str) -> None:
    """一千二百到一千五百万: the first end, printed without 万, borrows it."""
    low, high = pair
    mag = 10**8 if "亿" in mag_word else 10**4
    got = parse_quantity(f"{to_chinese(low)}到{to_chinese(high)}{mag_word}")
    assert (got.value, got.low, got.high) == (low * mag, low * mag, high * mag)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1000, max_value=10**12),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["万元", "亿元", "元", "吨", "人"]),
    st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_ocr_spaces_before_a_unit_join_in_running_text(whole: int, cents: int, unit: str, spaced: list[bool]) -> None:
    """A space OCR put after any thousands comma or the decimal point of a number followed by its
    unit is read as one number, with raw as printed."""
    groups = f"{whole:,}".split(",")
    seps = [", " if s else "," for s in spaced[: len(groups) - 1]]
    printed = groups[0] + "".join(sep + g for sep, g in zip(seps, groups[1:], strict=True))
    printed += (". " if spaced[-1] else ".") + f"{cents:02d}" + unit
    text = f"公司全年合计{printed}，同比增长"
    (found,) = [q for q in find_quantities(text) if q.kind == "quantity"]
    assert found.raw == printed
    assert found.value == parse_quantity(printed.replace(" ", "")).value
