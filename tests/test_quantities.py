"""Table-driven tests of csr_extract.quantities, grouped by where each case came from.

EXAMPLES: how Chinese reports write numbers, units and qualifiers (written for this project).
BUGS_CAUGHT: one row per bug found while running over real report text; keep them.
XFAIL: known limitations, strict so that a fix shows up.
"""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from csr_extract import quantities
from csr_extract.quantities import KINDS, Quantity, find_quantities, parse_quantity, unit_dimension

D = Decimal

# parse_quantity(raw) -> (value, unit, kind, qualifier, low, high)
Parsed = tuple[Decimal, str | None, str, str | None, Decimal | None, Decimal | None]


def q(value: str, unit: str | None = None, kind: str = "quantity", qualifier: str | None = None,
      low: str | None = None, high: str | None = None) -> Parsed:  # fmt: skip
    return D(value), unit, kind, qualifier, None if low is None else D(low), None if high is None else D(high)


PARSE_EXAMPLES: list[tuple[str, Parsed]] = [
    # Arabic numerals, separators, full width, signs
    ("1,958", q("1958")),
    ("１，９５８", q("1958")),
    ("192,609", q("192609")),
    ("1,958 亿元", q("195800000000", "CNY")),
    ("18.0548 万吨标准煤", q("180548", "tce")),
    ("-15.84", q("-15.84")),
    ("负3.9", q("-3.9")),
    ("−3", q("-3")),
    ("２．２亿", q("220000000")),
    ("40k", q("40000")),
    ("2.5 M", q("2500000")),
    ("1 3/5", q("1.6")),
    # Chinese numerals, financial numerals, mixed forms, magnitudes
    ("一千六百万", q("16000000")),
    ("两千零二十", q("2020")),
    ("〇", q("0")),
    ("壹佰贰拾叁", q("123")),
    ("3万4000", q("34000")),
    ("1.2万", q("12000")),
    ("三点五", q("3.5")),
    ("一万三", q("13000")),
    ("五亿零六", q("500000006")),
    ("4.78万亿", q("4780000000000")),
    ("十万", q("100000")),
    ("百万", q("1000000")),
    ("二〇〇二", q("2002")),
    # approximate forms
    ("十几万", q("110000", qualifier="about", low="110000", high="190000")),
    ("三四十亿", q("3000000000", qualifier="about", low="3000000000", high="4000000000")),
    ("百余台", q("100", "count", qualifier="more_than")),
    ("超千人", q("1000", "person", qualifier="more_than")),
    ("5,000多万元", q("50000000", "CNY", qualifier="more_than")),
    ("4,800 余万元", q("48000000", "CNY", qualifier="more_than")),
    # percentages
    ("32.26%", q("0.3226", "ratio", "percent")),
    ("１２．５％", q("0.125", "ratio", "percent")),
    ("百分之三十", q("0.3", "ratio", "percent")),
    ("千分之2.4", q("0.0024", "ratio", "percent")),
    ("三成", q("0.3", "ratio", "percent")),
    ("八五折", q("0.85", "ratio", "percent")),
    ("2.5个百分点", q("0.025", "percentage_point", "percent")),
    ("负3.9%", q("-0.039", "ratio", "percent")),
    # units from the data file
    ("1,200 万元人民币", q("12000000", "CNY")),
    ("人民币 3,000 万元", q("30000000", "CNY")),
    ("5 万美元", q("50000", "USD")),
    ("2,020 人", q("2020", "person")),
    ("1.2万人次", q("12000", "person_time")),
    ("20 学时", q("20", "hour")),
    ("500 公斤", q("0.5", "t")),
    ("1.5 MWh", q("1500", "kWh")),
    ("2 亿千瓦时", q("200000000", "kWh")),
    # Hong Kong ESG units (read after folding to simplified): 千個千瓦時 = MWh, 千兆焦耳 = GJ
    ("2,345 千个千瓦时", q("2345000", "kWh")),
    ("52,300 千兆焦耳", q("52300", "GJ")),
    ("1,500 兆焦耳", q("1.5", "GJ")),
    ("860 千克二氧化碳当量", q("0.86", "tCO2e")),
    ("45.6 千立方米", q("45600", "m3")),
    ("800 公升", q("0.8", "m3")),
    ("30 万m³", q("300000", "m3")),
    ("100 吨水", q("100", "m3")),
    ("12 tCO2e", q("12", "tCO2e")),
    ("5 万吨CO2", q("50000", "tCO2e")),
    ("3 万亩", q("30000", "mu")),
    ("120 平方米", q("120", "m2")),
    ("5 mg/L", q("5", "mg_per_L")),
    ("2 万千瓦", q("20", "MW")),
    ("0.0018 吨标准煤 / 万元", q("0.0018", "tce_per_10k_CNY")),
    ("0.5 千克标准煤/万元", q("0.0005", "tce_per_10k_CNY")),
    ("0.42 标准煤/万元", q("0.42", "tce_per_10k_CNY")),
    ("0.0352吨/标煤万元", q("0.0352", "tce_per_10k_CNY")),  # the slash moved by a text conversion
    ("一吨半", q("1.5", "t")),
    # qualifiers before, after, inside
    ("超过 330 亿元", q("33000000000", "CNY", qualifier="more_than")),
    ("100人以上", q("100", "person", qualifier="more_than")),
    ("5万元左右", q("50000", "CNY", qualifier="about")),
    ("不足 10 人", q("10", "person", qualifier="less_than")),
    ("至少 5 家", q("5", "count", qualifier="at_least")),
    ("最多 3 次", q("3", "count", qualifier="at_most")),
    ("近 2000 人", q("2000", "person", qualifier="about")),
    ("超 过6,000人", q("6000", "person", qualifier="more_than")),  # a dump's space inside the word
    ("不 足 10 人", q("10", "person", qualifier="less_than")),
    # 过 before a bare magnitude: more than that many
    ("过万人次", q("10000", "person_time", qualifier="more_than")),
    ("过千名", q("1000", "person", qualifier="more_than")),
    ("过亿元", q("100000000", "CNY", qualifier="more_than")),
    # ranges: value is the low end, the second end's unit and magnitude apply to both
    ("1万-5万元", q("10000", "CNY", low="10000", high="50000")),
    ("3-5万元", q("30000", "CNY", low="30000", high="50000")),
    ("20~100", q("20", low="20", high="100")),
    ("20至30人", q("20", "person", low="20", high="30")),
    ("一到五", q("1", low="1", high="5")),
    ("20%-30%", q("0.2", "ratio", "percent", low="0.2", high="0.3")),
    # never kind quantity
    ("2020 年", q("2020", kind="year")),
    ("2020年度", q("2020", kind="year")),
    ("2020年7月", q("2020", kind="date")),
    ("2020 年 7 月 1 日", q("2020", kind="date")),
    ("2020.12.31", q("2020", kind="date")),
    ("2021/7/31", q("2021", kind="date")),
    ("2012-2020", q("2012", kind="year", low="2012", high="2020")),
    ("第430位", q("430", kind="ordinal")),
    ("第 3 名", q("3", kind="ordinal")),
    ("第一", q("1", kind="ordinal")),
]

# find_quantities(text) -> [(raw, value, unit, kind)]
Found = list[tuple[str, str, str | None, str]]
FIND_EXAMPLES: list[tuple[str, Found]] = [
    ("营收超过 330 亿元，员工1,958人", [("超过 330 亿元", "33000000000", "CNY", "quantity"),
                                        ("1,958人", "1958", "person", "quantity")]),
    ("截至2021年底", [("2021年", "2021", None, "year")]),
    ("2020 年集团", [("2020 年", "2020", None, "year")]),
    ("ISO 10791-7:2020", [("ISO 10791-7:2020", "10791", None, "code")]),
    ("GB/T18759.3-2009", [("GB/T18759.3-2009", "18759", None, "code")]),
    ("通过ISO14001认证", [("ISO14001", "14001", None, "code")]),
    ("OHSAS18001", [("OHSAS18001", "18001", None, "code")]),
    ("国资发〔2020〕12号", [("〔2020〕12号", "2020", None, "code")]),
    ("热线 010-63348888", [("010-63348888", "10", None, "code")]),
    ("400-810-8888", [("400-810-8888", "400", None, "code")]),
    ("电话13912345678", [("13912345678", "13912345678", None, "code")]),
    ("5G 基站", [("5G", "5", None, "code")]),
    ("H7N9 防控", [("H7N9", "7", None, "code")]),
    ("COVID-19 疫情", [("COVID-19", "19", None, "code")]),
    ("1.2.3 节", [("1.2.3", "1", None, "code")]),
    ("（一）加强管理", []),
    ("第一时间响应", [("第一", "1", None, "ordinal")]),
    ("完成一项任务", [("一项", "1", "count", "quantity")]),
    ("一带一路沿线", []),
    ("十三五规划", []),
    ("统一部署，一直坚持，一些企业", []),
    ("百姓生活", []),
    ("千万不要", []),
    ("三峡工程", []),
    ("五四青年节", []),
    ("十分重要", []),
    ("万一发生", []),
    ("一起努力", []),
    ("小明每天收拾房间", []),
    ("RMB 1.2 billion", [("RMB 1.2 billion", "1200000000", "CNY", "quantity")]),
    ("捐赠数百万元", [("数百万元", "1000000", "CNY", "quantity")]),
]

BUGS_CAUGHT: list[tuple[str, Found]] = [
    # 过 ends another word (通过, 经过) or is an aspect particle before digits: no qualifier, no number
    ("通过万人签名活动", []),
    ("先后经过万次测试", []),
    ("曾发生过3次", [("3次", "3", "count", "quantity")]),
    # 亿 followed by 千瓦时: 千 starts the unit, it is not 30亿 + 1000 (seed report)
    ("年发电约 30 亿千瓦时以上", [("约 30 亿千瓦时以上", "3000000000", "kWh", "quantity")]),
    # a stock code after Latin letters is a code, not the decimal .02666 (seed report)
    ("（HK.02666）", [("HK.02666", "2666", None, "code")]),
    # 兆 is 10**12 before 亿; the unit 亿元 must not re-split 四十九兆...億 (peer suite)
    ("为四十九兆九千五百九十二億元", [("四十九兆九千五百九十二億元", "49959200000000", "CNY", "quantity")]),
    # an ASCII-digit amount followed by a full-width clause comma is not 20,300
    ("$20，300美圆", [("$20", "20", "USD", "quantity"), ("300美圆", "300", "USD", "quantity")]),
    # a magnitude unit (千克) after spaces: 0.5 千 is not 500
    ("0.5 千克标准煤/万元", [("0.5 千克标准煤/万元", "0.0005", "tce_per_10k_CNY", "quantity")]),
    # the first end of a range keeps its own magnitude when the second's unit carries one
    ("1万-5万元", [("1万-5万元", "10000", "CNY", "quantity")]),
    # an 11-digit amount starting 13..19 with decimals is not a mobile number (Hypothesis)
    ("13000000000.5 元", [("13000000000.5 元", "13000000000.5", "CNY", "quantity")]),
    # 两 is never a decimal digit: 两百点两 is 两百 then 两 (peer suite)
    ("两百点两", [("两百", "200", None, "quantity"), ("两", "2", None, "quantity")]),
    # 廿 and 卅 are one token each, so a number never ends inside them (Hypothesis: 卅廿 read
    # as 32 with raw 卅); alone they are ordinary characters
    ("卅廿", []),
    ("廿二", [("廿二", "22", None, "quantity")]),
    # a lone 〇 glued to a word and ending the line is a full stop OCR drew as 〇 (某公司员工3万余人〇),
    # not a zero (text2016 report)
    ("在职员工3万余人〇截至年底", [("3万余人", "30000", "person", "quantity")]),
    ("因工死亡人数〇人", [("〇人", "0", "person", "quantity")]),
    ("在职员工3万余人〇", [("3万余人", "30000", "person", "quantity")]),
    # standing apart, 〇 is a table cell's zero
    ("因工死亡人数（人） 〇", [("〇", "0", None, "quantity")]),
    ("二〇", [("二〇", "20", None, "quantity")]),
    # a rejected range must leave the first end as it was (Hypothesis: 0~0%)
    ("5~3%", [("5", "5", None, "quantity"), ("3%", "0.03", "ratio", "percent")]),
    # 最近 is "most recent", not the qualifier 近
    ("最近3年", [("3年", "3", "year", "quantity")]),
    # OCR prints 1,598亿元 with a full-width comma: before a magnitude word the group is thousands,
    # not a clause break that would leave "598亿元" (text2016 reports)
    ("营业总收入: 1，598亿元", [("1，598亿元", "159800000000", "CNY", "quantity")]),
    ("12，345万元", [("12，345万元", "123450000", "CNY", "quantity")]),
    # ... and before a counting unit, one group only, with no currency sign and no list announced
    ("公司共有员工11，221人", [("11，221人", "11221", "person", "quantity")]),
    ("捐款11，000元", [("11，000元", "11000", "CNY", "quantity")]),
    ("分别为120，135人", [("120", "120", None, "quantity"), ("135人", "135", "person", "quantity")]),
    ("120，135，150人", [("120", "120", None, "quantity"), ("135", "135", None, "quantity"), ("150人", "150", "person", "quantity")]),
    ("1，2，3", [("1", "1", None, "quantity"), ("2", "2", None, "quantity"), ("3", "3", None, "quantity")]),
    # a table row of amounts in yuan: cells are not glued and a negative cell stays negative
    ("投资活动产生的现金流量净额 -6,406,950,581.95 -9,472,670,637.14 -32.36%",
     [("-6,406,950,581.95", "-6406950581.95", None, "quantity"), ("-9,472,670,637.14", "-9472670637.14", None, "quantity"),
      ("-32.36%", "-0.3236", "ratio", "percent")]),
    # 人天 / 人日 (person-days of training or work) are no count of people (text2016 reports)
    ("培训总量达19,870人天", [("19,870", "19870", None, "quantity")]),
    ("折合 52 万人日", [("52 万", "520000", None, "quantity")]),
]

XFAIL: list[tuple[str, Found]] = [
    # grade words (二等奖, 一级) are read as a bare number 2 / 1
    ("荣获二等奖", []),
]


def _found(text: str) -> Found:
    return [(x.raw, str(x.value), x.unit, x.kind) for x in find_quantities(text)]


@pytest.mark.parametrize(("raw", "expected"), PARSE_EXAMPLES, ids=[r for r, _ in PARSE_EXAMPLES])
def test_parse_examples(raw: str, expected: Parsed) -> None:
    got = parse_quantity(raw)
    assert (got.value, got.unit, got.kind, got.qualifier, got.low, got.high) == expected
    assert got.raw == raw


@pytest.mark.parametrize(("text", "expected"), FIND_EXAMPLES, ids=[t for t, _ in FIND_EXAMPLES])
def test_find_examples(text: str, expected: Found) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(("text", "expected"), BUGS_CAUGHT, ids=[t for t, _ in BUGS_CAUGHT])
def test_bugs_caught(text: str, expected: Found) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(t, e, marks=pytest.mark.xfail(strict=True)) for t, e in XFAIL],
    ids=[t for t, _ in XFAIL],
)
def test_known_limitations(text: str, expected: Found) -> None:
    assert _found(text) == expected


NOT_ONE_QUANTITY = ["", "元整", "负", "零点", "点零", "零点零大", "10.1万零100", "10..1万", "3 人 5 人",
                    "十一十二"]  # fmt: skip


@pytest.mark.parametrize("raw", NOT_ONE_QUANTITY, ids=NOT_ONE_QUANTITY)
def test_parse_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_quantity(raw)


def test_fields_and_spans() -> None:
    text = "其中，捐赠 1,200 万元人民币。"
    (got,) = find_quantities(text)
    assert isinstance(got, Quantity)
    assert text[got.start : got.end] == got.raw == "1,200 万元人民币"
    assert got.number_raw == "1,200"
    assert got.unit_raw == "万元人民币"
    assert got.kind in KINDS
    with pytest.raises(AttributeError):
        got.value = D(1)  # type: ignore[misc]


def test_values_are_exact_decimals() -> None:
    assert parse_quantity("16.4亿").value == D("1640000000")  # cn2an's float path gives 1639999999
    assert parse_quantity("0.1万吨标准煤").value == D("1000")


@pytest.mark.parametrize(
    ("code", "dimension"),
    [("CNY", "currency"), ("person", "people"), ("t", "mass"), ("tce", "energy"), ("kWh", "electricity"),
     ("m3", "volume"), ("tCO2e", "emissions"), ("ratio", "ratio"), ("hour", "time"),
     ("tce_per_10k_CNY", "energy_intensity"), ("count", "count"), ("person_time", "person_time")],
)  # fmt: skip
def test_unit_dimension(code: str, dimension: str) -> None:
    assert unit_dimension(code) == dimension


def test_unit_dimension_rejects_unknown() -> None:
    with pytest.raises(ValueError):
        unit_dimension("furlong")


def test_data_files_load_and_are_consistent() -> None:
    tables = quantities._load_tables()
    contract = {"CNY", "person", "person_time", "count", "hour", "tce", "t", "tCO2e", "kWh", "m3", "ratio",
                "tce_per_10k_CNY"}  # fmt: skip
    assert contract <= set(tables.dimensions)
    assert {u.code for u in tables.units.values()} <= set(tables.dimensions)
    assert all(u.factor > 0 for u in tables.units.values())
    assert all(not any(ch in alias for ch in "，。") for alias in tables.units)


def test_currency_tables_are_consistent() -> None:
    tables = quantities._load_tables()
    assert {"元", "万元", "亿元", "圆", "块钱", "吨标准煤/万元"} <= tables.implied
    assert not {"人民币", "元人民币", "万元人民币", "RMB", "港元", "美元"} & tables.implied
    assert all(tables.dimensions[code] == "currency" for code in tables.prefixes.values())
    assert all(tables.dimensions[code] == "currency" for code in tables.currency_names.values())
    assert tables.colloquial_yuan <= set(tables.units)
    assert all(a < b for a, b in tables.pairs)
    assert all(before and set(before) <= set("十百千万亿") for before, _ in tables.orders.values())


def test_doctests() -> None:
    result = doctest.testmod(quantities)
    assert result.failed == 0 and result.attempted > 0
