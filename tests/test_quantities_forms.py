"""Every amount as reports (and their text conversions) write it: ranges, vague amounts, colloquial
integers, sub-units, currencies, damaged separators (issue 11).

Tables are grouped by where the form comes from; each case states the value, unit, currency, low,
high, qualifier and whether the currency was named, so a case passes only when all of it is read.
PEER_FORMS are forms that public Chinese money parsers test (JioNLP's parse_money/extract_money,
Recognizers-Text's CurrencyModel, price parsers), written anew with other numbers.  XFAIL lists what
we decided not to read, each with its reason; the marks are strict, so a fix shows up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from csr_extract import quantities
from csr_extract.catalog import load_catalog
from csr_extract.quantities import Quantity, detect_default_currency, find_quantities, parse_quantity


class Read(NamedTuple):
    value: Decimal
    unit: str | None
    currency: str | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str | None
    explicit: bool


def _d(v: str | None) -> Decimal | None:
    return None if v is None else Decimal(v)


def num(value: str, unit: str | None = None, *, low: str | None = None, high: str | None = None,
        q: str | None = None) -> Read:  # fmt: skip
    """A quantity that is not money."""
    return Read(Decimal(value), unit, None, _d(low), _d(high), q, False)


def money(value: str, code: str = "CNY", *, explicit: bool = False, low: str | None = None,
          high: str | None = None, q: str | None = None) -> Read:  # fmt: skip
    """Money: unit == currency == the ISO code; explicit when the text names the currency."""
    return Read(Decimal(value), code, code, _d(low), _d(high), q, explicit)


def read(x: Quantity) -> Read:
    return Read(x.value, x.unit, x.currency, x.low, x.high, x.qualifier, x.currency_explicit)


Case = tuple[str, Read]

# Ranges whose magnitude is written once: the first end borrows as much of the second end's
# magnitude as keeps it below the second.
RANGES: list[Case] = [
    ("一千到两千万元", money("10000000", low="10000000", high="20000000")),
    ("三至五亿元", money("300000000", low="300000000", high="500000000")),
    ("8,000-12,000万元", money("80000000", low="80000000", high="120000000")),
    ("1万元--5万元", money("10000", low="10000", high="50000")),
    ("10~15k元", money("10000", low="10000", high="15000")),
    ("十八至三十万", num("180000", low="180000", high="300000")),
    ("从8500到3万元", money("8500", low="8500", high="30000")),
    ("两到三千人", num("2000", "person", low="2000", high="3000")),
    ("一百二十到一百五十万吨", num("1200000", "t", low="1200000", high="1500000")),
    ("六到九百亿元", money("60000000000", low="60000000000", high="90000000000")),
    ("六百到九百亿元", money("60000000000", low="60000000000", high="90000000000")),
    ("2——4万吨", num("20000", "t", low="20000", high="40000")),
    ("0.5-1.2万元", money("5000", low="5000", high="12000")),
    ("5,000至20万元", money("5000", low="5000", high="200000")),
    ("3万(含)-6万元", money("30000", low="30000", high="60000")),
    ("7.5-8萬戶", num("75000", "count", low="75000", high="80000")),
    ("约3-5万元", money("30000", low="30000", high="50000", q="about")),
    ("20%-30%", num("0.2", "ratio", low="0.2", high="0.3")),
    ("2000-3000万元", money("20000000", low="20000000", high="30000000")),
]

# Vague amounts: ranges with qualifier about; 多/余 stay a bound.
APPROXIMATE: list[Case] = [
    ("数百万元", money("1000000", low="1000000", high="10000000", q="about")),
    ("几十万", num("100000", low="100000", high="1000000", q="about")),
    ("数十亿元", money("1000000000", low="1000000000", high="10000000000", q="about")),
    ("上千人", num("1000", "person", low="1000", high="10000", q="about")),
    ("上万元", money("10000", low="10000", high="100000", q="about")),
    ("两三个", num("2", "count", low="2", high="3", q="about")),
    ("七八天", num("7", "day", low="7", high="8", q="about")),
    ("三五百块", money("300", low="300", high="500", q="about")),
    ("四五千吨", num("4000", "t", low="4000", high="5000", q="about")),
    ("十几", num("11", low="11", high="19", q="about")),
    ("十几家", num("11", "count", low="11", high="19", q="about")),
    ("二十几万", num("210000", low="210000", high="290000", q="about")),
    ("3000多", num("3000", q="more_than")),
    ("3000多万元", money("30000000", q="more_than")),
    ("两万余", num("20000", q="more_than")),
    ("近万元", money("10000", q="about")),
    ("十来个", num("10", "count", q="about")),
    ("三百来人", num("300", "person", q="about")),
    ("千把块", money("1000", q="about")),
    ("15k左右", num("15000", q="about")),
    ("30w上下", num("300000", q="about")),
    ("50万元（含）以上", money("500000", q="at_least")),
    ("100人（不含）以下", num("100", "person", q="less_than")),
]

# Colloquial integers: a last digit after a magnitude stands for the next lower place.
COLLOQUIAL: list[Case] = [
    ("13万2", num("132000")),
    ("1万5", num("15000")),
    ("一万三", num("13000")),
    ("3千5", num("3500")),
    ("两万五千", num("25000")),
    ("1万零5", num("10005")),
    ("3万4000", num("34000")),
    ("两个亿", num("200000000")),
]

# Sub-units and colloquial money: 块 = 元, 角/毛 = 0.1, 分 = 0.01; halves and fractions.
SUBUNITS: list[Case] = [
    ("3元5角", money("3.5")),
    ("五元三毛", money("5.3")),
    ("两毛五", money("0.25")),
    ("十块三毛", money("10.3")),
    ("135块6角7分", money("135.67")),
    ("一百零八块四角二分钱", money("108.42")),
    ("12块5", money("12.5")),
    ("五毛钱", money("0.5")),
    ("三角五分", money("0.35")),
    ("八块钱", money("8")),
    ("二十元零五分", money("20.05")),
    ("一个半", num("1.5", "count")),
    ("一个半小时", num("1.5", "hour")),
    ("两个半月", num("2.5", "month")),
    ("一吨半", num("1.5", "t")),
    ("一半", num("0.5", "ratio")),
    ("一半以上", num("0.5", "ratio", q="more_than")),
    ("三分之一", num("0.3333333333333333333333333333333333333333", "ratio")),
    ("十分之一", num("0.1", "ratio")),
]

# Currencies: 人民币/RMB/CNY/元 are CNY; other currencies carry their own ISO code.
CURRENCIES: list[Case] = [
    ("人民币500元", money("500", explicit=True)),
    ("RMB 2,000", money("2000", explicit=True)),
    ("CNY 30", money("30", explicit=True)),
    ("￥66", money("66", explicit=True)),
    ("6万元", money("60000")),
    ("8亿元人民币", money("800000000", explicit=True)),
    ("港币1,000万元", money("10000000", "HKD", explicit=True)),
    ("1,000万元港币", money("10000000", "HKD", explicit=True)),
    ("港元3.2亿", money("320000000", "HKD", explicit=True)),
    ("港幣800萬元", money("8000000", "HKD", explicit=True)),
    ("新臺幣100元", money("100", "TWD", explicit=True)),
    ("HK$12.5 million", money("12500000", "HKD", explicit=True)),
    ("HKD 900", money("900", "HKD", explicit=True)),
    ("260万港元", money("2600000", "HKD", explicit=True)),
    ("3亿美元", money("300000000", "USD", explicit=True)),
    ("US$4.5", money("4.5", "USD", explicit=True)),
    ("USD 70", money("70", "USD", explicit=True)),
    ("$20", money("20", "USD", explicit=True)),
    ("120万欧元", money("1200000", "EUR", explicit=True)),
    ("EUR 15", money("15", "EUR", explicit=True)),
    ("€15", money("15", "EUR", explicit=True)),
    ("4000日元", money("4000", "JPY", explicit=True)),
    ("300万英镑", money("3000000", "GBP", explicit=True)),
    ("£30", money("30", "GBP", explicit=True)),
    ("50万卢布", money("500000", "RUB", explicit=True)),
    ("十二万泰铢", money("120000", "THB", explicit=True)),
    ("7000元日币", money("7000", "JPY", explicit=True)),
    ("约合人民币3亿元", money("300000000", explicit=True, q="about")),
    ("人民币 5 美元", money("5", "USD", explicit=True)),
]

# Separators and OCR damage.
SEPARATORS: list[Case] = [
    ("36，410.50元", money("36410.50")),
    ("2，376亿元", money("237600000000")),
    ("１２，３４５元", money("12345")),
    ("412,563，870,219.08元", money("412563870219.08")),
    ("7、420.15万元", money("74201500")),
    ("2O19", num("2019")),
    ("3OO万元", money("3000000")),
    ("1,0〇0吨", num("1000", "t")),
    ("1.2 billion", num("1200000000")),
]

# Formal (大写) amounts as cheques and contracts print them.
FORMAL: list[Case] = [
    ("壹仟玖佰圆整", money("1900")),
    ("人民币贰拾万元整", money("200000", explicit=True)),
    ("叁圆零伍分", money("3.05")),
    ("柒拾万零肆拾元零叁分", money("700040.03")),
    ("壹角贰分", money("0.12")),
    ("零元整", money("0")),
    ("肆佰叁拾萬圆", money("4300000")),
]

NEGATIVE: list[Case] = [
    ("-500元", money("-500")),
    ("负一百元", money("-100")),
    ("￥-100", money("-100", explicit=True)),
    ("-￥100", money("-100", explicit=True)),
    ("负人民币100元", money("-100", explicit=True)),
    ("－2.5亿元", money("-250000000")),
]

# Forms that public money parsers test, with our own numbers.
PEER_FORMS: list[Case] = [
    ("57，302.00元", money("57302.00")),
    ("18420港元", money("18420", "HKD", explicit=True)),
    ("38215.19美元", money("38215.19", "USD", explicit=True)),
    ("5千万亿日元", money("5000000000000000", "JPY", explicit=True)),
    ("新台币 86.4 亿元", money("8640000000", "TWD", explicit=True)),
    ("九十七万零三百零六元二角四分", money("970306.24")),
    ("贰万三千四百元", money("23400")),
    ("三十一万四千泰铢", money("314000", "THB", explicit=True)),
    ("三个亿卢布", money("300000000", "RUB", explicit=True)),
    ("港币三千八百元", money("3800", "HKD", explicit=True)),
    ("四万元欧元", money("40000", "EUR", explicit=True)),
    ("约2.35亿美元", money("235000000", "USD", explicit=True, q="about")),
    ("至少五千块钱以上", money("5000", q="at_least")),
    ("不到2.6万台币", money("26000", "TWD", explicit=True, q="less_than")),
    ("小于60万", num("600000", q="less_than")),
    ("人民币数十万元", money("100000", explicit=True, low="100000", high="1000000", q="about")),
    ("十几块钱", money("11", low="11", high="19", q="about")),
    ("从6500到4万港元", money("6500", "HKD", explicit=True, low="6500", high="40000")),
    ("3——6万港币", money("30000", "HKD", explicit=True, low="30000", high="60000")),
    ("两到四千澳元", money("2000", "AUD", explicit=True, low="2000", high="4000")),
    ("六七亿韩元", money("600000000", "KRW", explicit=True, low="600000000", high="700000000", q="about")),
    ("一百块", money("100")),
    ("￥1,234.56", money("1234.56", explicit=True)),
    ("50元6角三分", money("50.63")),
]

ALL = {
    "ranges": RANGES,
    "approximate": APPROXIMATE,
    "colloquial": COLLOQUIAL,
    "subunits": SUBUNITS,
    "currencies": CURRENCIES,
    "separators": SEPARATORS,
    "formal": FORMAL,
    "negative": NEGATIVE,
    "peer_forms": PEER_FORMS,
}
_PARAMS = [pytest.param(raw, want, id=f"{group}:{raw}") for group, cases in ALL.items() for raw, want in cases]


@pytest.mark.parametrize(("raw", "want"), _PARAMS)
def test_reads_the_whole_amount(raw: str, want: Read) -> None:
    got = parse_quantity(raw)
    assert read(got) == want
    assert got.raw == raw and got.kind in ("quantity", "percent")


# In running text: the span and raw are as printed, and only what belongs to the amount is taken.
InText = tuple[str, list[tuple[str, Read]]]
IN_TEXT: list[InText] = [
    ("港币1,000万元用于", [("港币1,000万元", money("10000000", "HKD", explicit=True))]),
    ("捐款从8500到3万元不等", [("从8500到3万元", money("8500", low="8500", high="30000"))]),
    ("参与人数十万人次", [("十万人次", num("100000", "person_time"))]),
    ("成千上万的志愿者", []),
    ("获得奖牌3块。", [("3块", num("3", "count"))]),
    ("只花了三块。", [("三块", money("3"))]),
    # found on text2016 while building this: a piece of land, a count of currencies, a broken %
    ("开发一块，稳定一块", [("一块", num("1", "count")), ("一块", num("1", "count"))]),
    ("日元和英镑五种货币", [("五", num("5"))]),
    ("每天数百次", [("数百次", num("100", "count", low="100", high="1000", q="about"))]),
    ("湖北省唯一两次荣获", [("两次", num("2", "count"))]),
    ("5〇。/。股权", [("5", num("5")), ("〇", num("0"))]),
    ("几十万块砖", [("几十万块", num("100000", "count", low="100000", high="1000000", q="about"))]),
    ("$20，300美圆", [("$20", money("20", "USD", explicit=True)), ("300美圆", money("300", "USD", explicit=True))]),
    ("分别为1、2、3项", [("1", num("1")), ("2", num("2")), ("3项", num("3", "count"))]),
    ("253-5 万人", [("253", num("253")), ("5 万人", num("50000", "person"))]),
    ("H2O与CO2", []),
    ("U<1.7w/m2.k", []),
]


def _codes_dropped(found: list[Quantity]) -> list[tuple[str, Read]]:
    return [(x.raw, read(x)) for x in found if x.kind not in ("code", "year", "date", "ordinal")]


@pytest.mark.parametrize(("text", "want"), IN_TEXT, ids=[t for t, _ in IN_TEXT])
def test_reads_amounts_in_running_text(text: str, want: list[tuple[str, Read]]) -> None:
    found = find_quantities(text)
    assert _codes_dropped(found) == want
    assert all(text[x.start : x.end] == x.raw for x in found)


# A table cell: a space after a decimal point or thousands separator is OCR damage inside one
# number, and an amount in parentheses is negative.
CELLS: list[Case] = [
    ("12. 07", num("12.07")),
    ("3, 518.20", num("3518.20")),
    ("１２． ５", num("12.5")),
    ("（1,234.50）", num("-1234.50")),
    ("(3,000)", num("-3000")),
    ("8, 120万元", money("81200000")),
    ("1,958", num("1958")),
]


@pytest.mark.parametrize(("cell", "want"), CELLS, ids=[c for c, _ in CELLS])
def test_reads_table_cells(cell: str, want: Read) -> None:
    got = parse_quantity(cell, cell=True)
    assert read(got) == want
    assert got.raw == cell.strip()
    (found,) = find_quantities(f" {cell} ", cell=True)
    assert (found.start, found.end) == (1 + len(cell) - len(cell.lstrip()), 1 + len(cell.rstrip()))


@pytest.mark.parametrize("cell", ["12. 07", "3, 518.20"])
def test_a_space_splits_bare_numbers_outside_cells(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_quantity(cell)


# Running text: a space OCR put after a decimal point or thousands comma is joined only when the
# number has the shape of one (three digits after each comma, no leading zero group) and a unit
# word follows it; `raw` keeps the space as printed.
PROSE_JOINED: list[tuple[str, list[tuple[str, Read]]]] = [
    ("收入12. 07亿元", [("12. 07亿元", money("1207000000"))]),
    ("共3, 518.20万元", [("3, 518.20万元", money("35182000"))]),
    ("公司总资产64. 27亿元", [("64. 27亿元", money("6427000000"))]),
    ("上缴国家税收231, 402.55万元", [("231, 402.55万元", money("2314025500"))]),
    ("利润总额21, 306. 17万元", [("21, 306. 17万元", money("213061700"))]),
    ("上缴税收457, 190.32 万元", [("457, 190.32 万元", money("4571903200"))]),
    ("派发现金红利38, 417, 520. 60元", [("38, 417, 520. 60元", money("38417520.60"))]),
    ("净利润2，345, 678. 90元", [("2，345, 678. 90元", money("2345678.90"))]),
    ("员工总数 7, 215人", [("7, 215人", num("7215", "person"))]),
    ("员工流失率2. 35%", [("2. 35%", num("0.0235", "ratio"))]),
    ("全年用水12. 6万吨", [("12. 6万吨", num("126000", "t"))]),
    ("营业收入 ３２． ５亿元", [("３２． ５亿元", money("3250000000"))]),
]

PROSE_SPLIT: list[tuple[str, list[tuple[str, Read]]]] = [
    # no unit word after it: nothing says the two are one number
    ("指标12. 07，较上年", [("12", num("12")), ("07", num("7"))]),
    # a section number, then a heading
    ("3. 2公司治理", [("2", num("2"))]),
    # an item number, then a date
    ("事项12. 2015年6月，公司", [("12", num("12"))]),
    # a leading zero group is not thousands
    ("事故为0, 100%合规", [("0", num("0")), ("100%", num("1", "ratio"))]),
    # a list cue announces several numbers
    ("收入分别为120, 135万元", [("120", num("120")), ("135万元", money("1350000"))]),
    # not three digits after the comma
    ("比例为1.28, 2015年为1.18", [("1.28", num("1.28")), ("1.18", num("1.18"))]),
    ("完成12, 35项", [("12", num("12")), ("35项", num("35", "count"))]),
    # a full-width comma and a space is a clause break
    ("完成12， 350吨", [("12", num("12")), ("350吨", num("350", "t"))]),
    # a Latin letter before it makes it part of a name
    ("PM2. 5浓度", [("5", num("5"))]),
]


@pytest.mark.parametrize(
    ("text", "want"), PROSE_JOINED + PROSE_SPLIT, ids=[t for t, _ in PROSE_JOINED + PROSE_SPLIT]
)
def test_reads_ocr_spaces_in_running_text(text: str, want: list[tuple[str, Read]]) -> None:
    found = find_quantities(text)
    assert _codes_dropped(found) == want
    assert all(text[q.start : q.end] == q.raw for q in found)


# A report's default currency makes a bare 元 its own; named currencies keep theirs.
DEFAULT_HKD: list[Case] = [
    ("50万元", money("500000", "HKD")),
    ("3.2亿元", money("320000000", "HKD")),
    ("十块", money("10", "HKD")),
    ("人民币3亿元", money("300000000", "CNY", explicit=True)),
    ("RMB 50", money("50", "CNY", explicit=True)),
    ("500万美元", money("5000000", "USD", explicit=True)),
    ("1万-5万元", money("10000", "HKD", low="10000", high="50000")),
    ("20人", num("20", "person")),
]


@pytest.mark.parametrize(("raw", "want"), DEFAULT_HKD, ids=[r for r, _ in DEFAULT_HKD])
def test_default_currency_applies_to_a_bare_yuan_only(raw: str, want: Read) -> None:
    assert read(parse_quantity(raw, default_currency="HKD")) == want


def test_intensity_carries_the_currency_of_its_denominator() -> None:
    cny = parse_quantity("0.5吨标准煤/万元")
    hkd = parse_quantity("0.5吨标准煤/万元", default_currency="HKD")
    assert (cny.unit, cny.currency, hkd.unit, hkd.currency) == ("tce_per_10k_CNY", "CNY", "tce_per_10k_CNY", "HKD")
    assert parse_quantity("120人").currency is None


def test_unknown_default_currency_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown currency"):
        find_quantities("5元", default_currency="XYZ")


STATEMENTS: list[tuple[str, str | None]] = [
    ("本报告（除另有说明外，以港币列示）", "HKD"),
    ("除特别注明外，金额单位为港元。", "HKD"),
    ("All amounts in HK$ unless otherwise stated.", "HKD"),
    ("除另有註明外，所有金額均以人民幣千元列示", "CNY"),
    ("单位：万元  币种：人民币", "CNY"),
    ("本报告所载货币金额以美元为单位", "USD"),
    ("我们向社区捐赠港币500万元", None),
    ("汇率变动：人民币兑港元贬值5%", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "code"), STATEMENTS, ids=[t or "empty" for t, _ in STATEMENTS])
def test_detect_default_currency(text: str, code: str | None) -> None:
    assert detect_default_currency(text) == code


def test_first_statement_wins() -> None:
    text = "（除另有说明外，以港币列示）……附注：子公司账目以人民币列示"
    assert detect_default_currency(text) == "HKD"


def test_statement_examples_in_the_data_file() -> None:
    examples = quantities._T.statement_examples
    assert examples["match"] and examples["no_match"]
    for text, code in examples["match"].items():
        assert detect_default_currency(text) == code, text
    for text in examples["no_match"]:
        assert detect_default_currency(text) is None, text


@pytest.mark.parametrize(
    ("raw", "kpi_id", "default", "want"),
    [
        ("港币1,000万元", "donations", None, None),
        ("1,000万元", "donations", "HKD", None),
        ("1,000万元", "donations", None, Decimal("10000000")),
        ("人民币1,000万元", "donations", "HKD", Decimal("10000000")),
        ("500万美元", "revenue", None, None),
        ("0.5吨标准煤/万元", "energy_intensity", "HKD", None),
    ],
    ids=["HK$ prefix", "HK report default", "bare yuan", "named RMB in HK report", "USD", "intensity per HK$"],
)
def test_other_currencies_never_fill_a_cny_kpi(raw: str, kpi_id: str, default: str | None, want: Decimal | None) -> None:
    from csr_extract.candidates.base import convert

    kpis = {k.id: k for k in load_catalog().kpis}
    if kpi_id not in kpis:
        pytest.skip(f"no KPI {kpi_id} in the catalog")
    assert convert(parse_quantity(raw, default_currency=default), kpis[kpi_id]) == want


# Known limitations, each with the reason we keep it.
XFAIL: list[tuple[str, Read, str]] = [
    ("82，225美元", money("82225", "USD", explicit=True),
     "a full-width comma between ASCII digits before a currency other than 元 (and with no decimals, "
     "magnitude or ASCII group) is read as a clause break: $20，300美圆 is two prices"),
    ("50块", money("50"),
     "Arabic digits + 块 at a clause end stay the measure word (奖牌3块); Chinese numerals are read as money"),
    ("3元5", money("3.5"),
     "a digit right after 元 is too often a footnote mark in reports; only 块/毛/角 elide the next unit"),
    ("五十欧", money("50", "EUR", explicit=True), "欧 alone for euro is not in the currency table"),
    ("1 234 567", num("1234567"), "space-grouped thousands are not joined, even in cells"),
    ("O.5", num("0.5"), "a leading O is a letter as often as a digit; only O after a digit is read as 0"),
    ("八到九百亿元", money("800000000", low="800000000", high="90000000000"),
     "a peer reads the first end as 八亿; we read 八百亿, as 八百到九百亿 (the first end borrows 百亿)"),
    ("十几块钱", money("10", low="10", high="20", q="about"),
     "a peer reads 十几 as 10..20; we read 11..19 (十几 is never ten nor twenty)"),
    ("3000多欧元", money("3000", "EUR", explicit=True, low="3000", high="4000", q="about"),
     "a peer reads 3000多 as 3000..4000; we keep value 3000 with qualifier more_than (no upper bound is printed)"),
]


@pytest.mark.parametrize(
    ("raw", "want"),
    [pytest.param(r, w, marks=pytest.mark.xfail(strict=True, reason=why), id=r) for r, w, why in XFAIL],
)
def test_known_limitations(raw: str, want: Read) -> None:
    assert read(parse_quantity(raw)) == want
