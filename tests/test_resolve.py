"""The resolve stage: how the readings of one (KPI, year, period) become one row.

Rounded figures agree with the exact value they round (and never beat it), a unit read across a
line break is trusted a little less than the same digits with the unit glued on, and readings of a
part of the company beside the whole raise no conflict warning. Every sentence is invented.
"""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from csr_extract import resolve as resolve_module
from csr_extract.candidates import find_page_candidates
from csr_extract.document import Page
from csr_extract.resolve import Resolution, resolve_all, rounding_interval

D = Decimal

INTERVALS = [
    # (raw, value, qualifier, low, high)
    ("1.6万余人", D(16000), "more_than", D(16000), D(17000)),
    ("一万六千余人", D(16000), "more_than", D(16000), D(17000)),
    ("1.6萬餘人", D(16000), "more_than", D(16000), D(17000)),
    ("40多亿元", D(4000000000), "more_than", D(4000000000), D(5000000000)),
    ("超过2600万元", D(26000000), "more_than", D(26000000), D(26500000)),
    ("突破1万亿元", D(10**12), "more_than", D(10**12), D(15 * 10**11)),
    ("约48亿元", D(4800000000), "about", D(4750000000), D(4850000000)),
    ("近5000人", D(5000), "about", D(4500), D(5000)),
    ("将近3.2万吨", D(32000), "about", D(31500), D(32000)),
    ("近一千人", D(1000), "about", D(500), D(1000)),
    ("不足300人", D(300), "less_than", D(250), D(300)),
    ("1.6万人", D(16000), None, D(15500), D(16500)),
    ("１．６万人", D(16000), None, D(15500), D(16500)),
    ("47.93亿元", D(4793000000), None, D(4792500000), D(4793500000)),
    ("16,245", D(16245), None, D("16244.5"), D("16245.5")),
    ("2600人", D(2600), None, D("2599.5"), D("2600.5")),  # a bare figure's zeros are printed digits
    ("35%", D("0.35"), None, D("0.345"), D("0.355")),
    ("3-5万元", D(30000), None, D(30000), D(30000)),  # a range: no single rounding
    ("1,000吨标准煤", D("29307.6"), None, D("29307.6"), D("29307.6")),  # converted: no power of ten
    ("0吨", D(0), None, D(0), D(0)),
]


@pytest.mark.parametrize(
    ("raw", "value", "qualifier", "low", "high"),
    [pytest.param(*case, id=f"{case[0]}-{case[2] or 'bare'}") for case in INTERVALS],
)
def test_rounding_interval_follows_the_printed_precision(
    raw: str, value: Decimal, qualifier: str | None, low: Decimal, high: Decimal
) -> None:
    assert rounding_interval(raw, value, qualifier) == (low, high)


def test_doctests() -> None:
    assert doctest.testmod(resolve_module).failed == 0


def _resolve(text: str, year: int = 2016) -> Resolution:
    return resolve_all(find_page_candidates(Page(0, text), year), year, 0.5)


TABLE = "员工情况\n项目\t2014年\t2015年\t2016年\n员工总数（人）\t21030\t22114\t{}\n"

ROUNDED = [
    # (text, kpi, year, kept raw, raws that agree as roundings, conflicting raws)
    ("截至2016年末，公司员工总数2.3万余人，员工总数达2.3万余人。\n" + TABLE.format(23418),
     "employees", 2016, "23418", ["2.3万余人", "2.3万余人"], []),
    ("2016年，公司实现营业收入约36亿元。\n2016年，公司实现营业收入35.71亿元，同比增长5%。",
     "revenue", 2016, "35.71亿元", ["约36亿元"], []),
    ("2016年，公司对外捐赠超过1800万元。\n2016年，公司对外捐赠1,826万元。",
     "donations", 2016, "1,826万元", ["超过1800万元"], []),
    ("截至2016年末，公司员工总数近8000人。\n2016年末公司员工总数7,962人。",
     "employees", 2016, "7,962人", ["近8000人"], []),
    # a rounded table cell that agrees within half a percent still yields to the more precise sentence
    ("主要数据\n项目\t2015年\t2016年\n纳税总额（亿元）\t25.11\t31.62\n2016年，公司全年缴纳税款总额为316,218.45万元。",
     "taxes_paid", 2016, "316,218.45万元", ["31.62"], []),
    # decimals in 万 are a figure cut short: 2.3万人 rounds 23,418 although it says no 约
    ("2016年末，公司员工总数2.3万人。\n" + TABLE.format(23418), "employees", 2016, "23418", ["2.3万人"], []),
    # a whole number is taken as printed: 2万元 is no rounding of 1.6万元
    ("2016年，公司对外捐赠1.6万元。2016年，公司对外捐赠2万元。", "donations", 2016, "1.6万元", [], ["2万元"]),
    # a part of the company is no rounding of the whole, even printed as approximate (and raises no conflict)
    ("2016年公司对外捐赠36.4万元。\n2016年，下属分公司对外捐赠约36万元。", "donations", 2016, "36.4万元", [], ["约36万元"]),
    # outside the rounding: the figures disagree, and the table still wins over one prose mention
    ("截至2016年末，公司员工总数2.3万余人，员工总数达2.3万余人。\n" + TABLE.format(22860),
     "employees", 2016, "2.3万余人", [], ["22860"]),
    ("截至2016年末，公司员工总数近8000人。\n2016年末公司员工总数8,150人。",
     "employees", 2016, "近8000人", [], ["8,150人"]),
    # spaces a conversion left inside a number do not make it two numbers (nor a range)
    ("全年实现营业收入41. 26亿元，年末总资产64. 2亿元。\n2016年，公司总资产64. 21亿元，净资产29. 81亿元。",
     "total_assets", 2016, "64. 21亿元", ["64. 2亿元"], []),
]


@pytest.mark.parametrize(
    ("text", "kpi", "year", "kept", "rounded", "lost"),
    [pytest.param(*case, id=f"{case[3]}<-{'+'.join(case[4]) or 'none'}|lost:{'+'.join(case[5]) or '-'}")
     for case in ROUNDED],
)  # fmt: skip
def test_a_rounded_figure_agrees_with_the_exact_value_and_never_beats_it(
    text: str, kpi: str, year: int, kept: str, rounded: list[str], lost: list[str]
) -> None:
    res = _resolve(text)
    (row,) = [r for r in res.rows if (r.kpi_id, r.year) == (kpi, year)]
    assert row.raw == kept
    verdicts = [v for v in res.verdicts if v.key and v.key[:2] == (kpi, year)]
    assert sorted(v.reading.raw for v in verdicts if "a rounding" in v.note) == sorted(rounded)
    assert all(v.status == "agrees" for v in verdicts if "a rounding" in v.note)
    assert sorted(v.reading.raw for v in verdicts if v.status == "lost") == sorted(lost)
    if rounded:
        assert "within rounding" in row.trace
    same_scope_lost = [v for v in verdicts if v.status == "lost" and not v.reading.flags & {"partial_scope"}]
    assert bool(same_scope_lost) == any(w.kind == "conflict" and w.kpi_id == kpi for w in res.warnings)


def test_two_exact_values_inside_one_rounding_do_not_join() -> None:
    """约2.3万 allows 22,860 and 23,418, but not both as one value: they still conflict."""
    res = _resolve(
        "2016年末，公司员工总数约2.3万人。员工总数约2.3万人。员工总数约2.3万人。\n"
        "员工情况\n项目\t2016年\n员工总数（人）\t23418\n2016年末，公司员工总数22,860人。"
    )
    (row,) = [r for r in res.rows if r.kpi_id == "employees"]
    assert row.raw == "23418"
    assert [v.reading.raw for v in res.verdicts if v.status == "lost"] == ["22,860人"]


WRAPPED = [
    # (text, kept raw, lost raw, flagged raw)
    ("依法纳税\n2016年，公司组织总部各部门开展了培训，规范涉税账务处理，强化与业务的对接，降低了税收风险，"
     "公司成立了税务小组。2016年缴纳各类税金302,118.27\n元。\n2016年 缴纳各类税金\n302,118.27万元",
     "302,118.27万元", "302,118.27元", "302,118.27元"),
    ("依法纳税\n2016年 缴纳各类税金\n302,118.27万元\n2016年，公司组织总部各部门开展了培训，规范涉税账务处理，强化与业务的"
     "对接，降低了税收风险，公司成立了税务小组。2016年缴纳各类税金302,118.27\n元。",
     "302,118.27万元", "302,118.27元", "302,118.27元"),
    ("依法纳税\n2016年，公司组织总部各部门开展了培训，规范涉税账务处理，强化与业务的对接，降低了税收风险，"
     "公司成立了税务小组。2016年缴纳各类税金302,118.27\n元。",
     "302,118.27元", None, "302,118.27元"),
    # a number alone on its line with the unit below it is an infographic's layout, not a wrap
    ("依法纳税\n2016年缴纳税金\n302,118.27\n万元", "302,118.27万元", None, None),
]


@pytest.mark.parametrize(
    ("text", "kept", "lost", "flagged"),
    [pytest.param(*case, id=f"{i}:kept {case[1]}") for i, case in enumerate(WRAPPED)],
)
def test_a_unit_read_across_a_line_break_loses_a_tie_to_the_glued_unit(
    text: str, kept: str, lost: str | None, flagged: str | None
) -> None:
    res = _resolve(text)
    (row,) = [r for r in res.rows if r.kpi_id == "taxes_paid"]
    assert row.raw == kept
    assert [v.reading.raw for v in res.verdicts if v.status == "lost"] == ([lost] if lost else [])
    assert [v.reading.raw for v in res.verdicts if "unit_wrapped" in v.reading.flags] == ([flagged] if flagged else [])
    assert ("unit_wrapped" in row.trace) is (kept == flagged)


PARTS = [
    # (text, kept raw, conflict warnings (raw also read))
    ("（一）员工情况\n母公司在职员工的数量\t28,100\n主要子公司在职员工的数量\t1,300\n在职员工的数量合计\t29,400",
     "29,400", []),
    ("员工情况\n项目\t2015年\t2016年\n员工总数（人）\t5,210\t5,388\n\n下属电厂员工总数为1,020人。",
     "5,388", []),
    ("员工情况\n项目\t2015年\t2016年\n员工总数（人）\t5,210\t5,388\n\n2016年，公司员工总数5,520人。",
     "5,388", ["5,520人"]),
]


@pytest.mark.parametrize(
    ("text", "kept", "conflicts"),
    [pytest.param(*case, id=f"kept {case[1]}, conflicts {case[2] or '-'}") for case in PARTS],
)
def test_only_a_reading_of_the_same_scope_raises_a_conflict(text: str, kept: str, conflicts: list[str]) -> None:
    res = _resolve(text)
    (row,) = [r for r in res.rows if (r.kpi_id, r.year) == ("employees", 2016)]
    assert row.raw == kept
    lost = [v.reading.raw for v in res.verdicts if v.status == "lost" and v.key and v.key[:2] == ("employees", 2016)]
    assert len(lost) >= len(conflicts)
    warned = [w.message for w in res.warnings if w.kind == "conflict"]
    assert len(warned) == len(conflicts)
    for message, raw in zip(warned, conflicts, strict=True):
        assert f"also read {raw!r}" in message


WHOLE_AND_PARTS = [
    # (text, kpi, kept raw or None, lost raws)
    # rows of parts (a category glued before the label) agreeing by chance do not outvote the whole
    ("2016年，公司各类培训累计参加98万人次，组织面授培训班287期。\n培训绩效\n指标\t2015年\t2016年\n"
     "合规培训人次数（人次）\t51,584\t56,210\n反腐败培训覆盖人次数（人次）\t55,000\t56,000\n"
     "附录\n指标\t2016年\n合规培训人次数（人次）\t56,210\n",
     "trainees", "98万人次", ["56,210", "56,000", "56,210"]),
    # the waste treated (a secondary label) yields to a table's amount generated
    ("危险废物\n项目\t2016年\n危险废物产生量（吨）\t260\n\n2016年，公司共处理危险废弃物约190吨，全年依法处理危险废物190吨。",
     "hazardous_waste", "260", ["约190吨", "190吨"]),
    ("2016年，公司共處理危險廢棄物約190噸。\n危险废物\n项目\t2016年\n危险废物产生量（吨）\t260\n",
     "hazardous_waste", "260", ["約190噸"]),
    # a table's main-business revenue row (and prose rounding it) yields to its 营业收入 row
    ("全年实现主营业务收入2310亿元。\n关键绩效\n指标\t单位\t2015年\t2016年\n营业收入\t亿元\t2570.5\t2542.0\n"
     "主营业务收入\t亿元\t2252.8\t2309.8\n电子商务营业额\t亿元\t621.6\t847.7\n"
     "全年电子商务营业额达到847.7亿元。\n", "revenue", "2542.0", ["2310亿元", "2309.8"]),
    ("2016年，公司实现主营业务收入12.5亿元，同比增长5%。", "revenue", "12.5亿元", []),
    # ... and is read when nothing else is printed
    ("2016年，公司共处理危险废弃物67.7吨。", "hazardous_waste", "67.7吨", []),
    # a sentence saying its figure is the total (总额, 合计) beats a lone gift printed twice
    ("向某省洪涝灾害捐款50万元\n7月，某省突发暴雨，我行紧急捐款50万元，帮助灾区群众重建家园。\n"
     "2016年，我行公益捐赠总额3,215万元。", "donations", "3,215万元", ["50万元", "50万元"]),
    ("2016年，向某区植树绿化捐赠3.6万元。\n2016年，公司上缴税收12,530.40万元，对外捐赠人民币合计约96.5万元。",
     "donations", "约96.5万元", ["3.6万元"]),
    # ... but not a table's row
    ("2016年，公司纳税总额31,200万元。\n指标\t2016年\t2015年\n纳税额（万元）\t28,450\t26,310\n",
     "taxes_paid", "28,450", ["31,200万元"]),
]


@pytest.mark.parametrize(
    ("text", "kpi", "kept", "lost"),
    [pytest.param(*case, id=f"{case[1]}:{case[2]}") for case in WHOLE_AND_PARTS],
)
def test_the_whole_wins_over_parts_and_secondary_labels(text: str, kpi: str, kept: str, lost: list[str]) -> None:
    res = _resolve(text)
    assert [r.raw for r in res.rows if (r.kpi_id, r.year) == (kpi, 2016)] == [kept]
    lost_here = [v.reading.raw for v in res.verdicts if v.status == "lost" and (v.reading.kpi.id, v.reading.year) == (kpi, 2016)]
    assert sorted(lost_here) == sorted(lost)


MISSCALED = [
    # (text, kpi, year, kept raw, lost raw): a chart column's unit (百吨) ten times off the prose figure
    # printed with its own unit; the printed one stands
    ("2016年，公司C〇2排放量約為52,340噸。\n圖6 污染物排放情況\n\tSO2 (百噸）\tC〇2 (百噸）\n■ 2016\t0.31\t5234\n",
     "ghg_emissions", 2016, "52,340噸", "5234"),
    # a unit in the row's own label is no misprint to overrule: both stay readings of their own
    ("项目\t2016年\n纳税额（万元）\t38,863\n\n2016年度纳税总额38863元人民币。", "taxes_paid", 2016, "38,863", "38863元人民币"),
]


@pytest.mark.parametrize(("text", "kpi", "year", "kept", "lost"), MISSCALED)
def test_a_figure_a_power_of_ten_off_a_printed_one_lost_by_its_borrowed_unit(
    text: str, kpi: str, year: int, kept: str, lost: str
) -> None:
    res = _resolve(text)
    (row,) = [r for r in res.rows if r.kpi_id == kpi and r.year == year]
    assert row.raw == kept
    assert [v.reading.raw for v in res.verdicts if v.status == "lost" and v.reading.kpi.id == kpi] == [lost]
