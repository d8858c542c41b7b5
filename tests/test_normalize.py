"""Text clean-up: wrapped prose joined, layouts and numbers left apart, origins kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csr_extract.normalize import clean_text, fold_chinese, ocr_confusions

PARA = (
    "近年来，公司聚焦先进制造与技术服务、医药医疗健康、贸易与工程服务三\n"
    "大主业，持续优化布局结构，不断强化创新驱动，着力推动高质量发展。2020\n"
    "年公司实现营业收入 1,958 亿元，利润总额 78 亿元，全面完成年度目标。\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("CO 2 排放量", "CO2 排放量", id="CO 2"),
        pytest.param("SO 2和NO x", "SO2和NOx", id="SO 2 NO x"),
        pytest.param("CO₂排放", "CO2排放", id="subscript-digit"),
        pytest.param("a\r\nb\rc", "a\nb\nc", id="line-ends"),
        pytest.param("营业\u200b收入\u00ad", "营业收入", id="zero-width"),
        pytest.param("营业收入\u30001,958", "营业收入 1,958", id="ideographic-space"),
        pytest.param("CO 20 万吨", "CO 20 万吨", id="not-a-subscript-when-a-number-follows"),
        # a sentence's number and unit parted by the line's only tab: one amount
        pytest.param("全年，公司实现收入约9.2\t亿元，同比增长", "全年，公司实现收入约9.2 亿元，同比增长", id="prose-tab-amount"),
        pytest.param("营业收入\t9.2\t亿元", "营业收入\t9.2\t亿元", id="table-row-unit-cell-kept"),
        pytest.param("第5页\t2\t人事", "第5页\t2\t人事", id="two-tabs-kept"),
        pytest.param("参见第12\t人事部分", "参见第12\t人事部分", id="no-sentence-around-tab"),
    ],
)
def test_character_clean_up(text: str, expected: str) -> None:
    assert clean_text(text).text == expected


def test_wrapped_prose_is_joined() -> None:
    out = clean_text(PARA).text
    assert "服务三大主业" in out
    assert "发展。2020年公司实现营业收入" in out
    assert out.count("\n") == 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("资产总额\n\n2,257 亿元\n\n营业收入\n\n1,958 亿元\n", id="infographic"),
        pytest.param("营业收入（亿元） 139.42 116 105.24\n利润总额（亿元） 16.09 16.06 14.03\n", id="table-rows"),
        pytest.param("减排氮氧化物\n（同比）\n28.19 吨\n", id="label-and-number-lines"),
        pytest.param("营业收入（万元） 利润总额（万元）\n2020年 52,310.5 2020年 8,120.3\n", id="chart-titles-and-bars"),
        pytest.param("员工总数（人）与女性员工人数（人）\n2020 年 3,210\n", id="chart-title-and-bar"),
        pytest.param("营业收入 纳税总额 员工总数 对外捐赠 研发投入\n86.4亿元 4.2亿元 5,210人 350万元 2.1亿元\n",
                     id="panel-row-of-values"),
        pytest.param("化学需氧量排放（吨）\n719\n1,034\n万元产值综合能耗（吨标煤/万元）\n0.453\n",
                     id="lone-number-then-a-label-opening-with-a-unit"),
        pytest.param("主要控股子公司：甲乙机械有限公司、丙丁液压有限公司、戊己国际贸易有限公司、庚辛长壁机械有限公司\n"
                     "上市证券交易所：香港、上海\n营业收入：1,234,567,890.12元人民币\n", id="fact-list-of-fields"),
    ],
)
def test_layout_lines_stay_apart(text: str) -> None:
    assert clean_text(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("累计上缴税费\n超过 330 亿\n元，捐赠支出 1.47 亿元", "超过 330 亿元，捐赠支出", id="亿/元"),
        pytest.param("投入 8,340 万\n元，定点帮扶", "8,340 万元，定点帮扶", id="万/元"),
        pytest.param("减排量 12.5\n吨", "12.5吨", id="number/吨"),
        pytest.param("公司投入资金1,034\n万元用于扶贫", "1,034万元用于扶贫", id="prose-number/万元-words"),
        pytest.param("上缴税费超过 330\n亿\n元，捐赠支出", "超过 330亿元，捐赠支出", id="330/亿/元 over three lines"),
    ],
)
def test_a_quantity_split_over_two_lines_is_joined(text: str, expected: str) -> None:
    assert expected in clean_text(text).text


def test_a_number_line_followed_by_a_label_line_stays_apart() -> None:
    text = "资产总额\n2,257 亿元\n营业收入\n1,958 亿元\n"
    assert clean_text(text).text == text


def test_numbers_on_two_lines_are_never_glued() -> None:
    text = "公司全年开展各类培训活动，参加培训的员工人数累计达到了 1,234\n5,678 人次参加了线上学习和线下实践活动的培训\n" * 3
    assert "1,2345,678" not in clean_text(text).text


@given(st.text(alphabet=st.sampled_from(list("营业收入亿元1,958 .\n\r\t。，CO2₂\u200b")), max_size=200))
def test_origin_maps_every_character_back(text: str) -> None:
    clean = clean_text(text)
    assert len(clean.origin) == len(clean.text)
    for ch, i in zip(clean.text, clean.origin, strict=True):
        assert 0 <= i < len(text)
        src = text[i]
        assert ch == src or (ch == "\n" and src == "\r") or (ch == " " and src.isspace()) or (ch.isdigit() and src != ch)


# --- folding: traditional characters, words OCR misread, years in Chinese digits -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("僱員總數", "雇员总数", id="traditional"),
        pytest.param("二〇一六年", "2016年", id="year in Chinese digits"),
        pytest.param("节能坏保专项资金", "节能环保专项资金", id="坏保"),
        pytest.param("纳税总颉\t亿元", "纳税总额\t亿元", id="总颉"),
        pytest.param("某公司申诮专利12项", "某公司申请专利12项", id="申诮"),
        pytest.param("能耗总量（吨标纖）", "能耗总量（吨标煤）", id="标纖 traditional, then misread"),
        pytest.param("捐款5万兀。", "捐款5万元。", id="万兀"),
        pytest.param("破坏生态", "破坏生态", id="坏 alone stays"),
        pytest.param("突兀", "突兀", id="兀 alone stays"),
    ],
)
def test_fold_chinese(text: str, expected: str) -> None:
    folded = fold_chinese(text)
    assert folded == expected and len(folded) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("201 6年，公司", "2016年，公司", id="201 6年"),
        pytest.param("于2 015年投产", "于2015年投产", id="2 015年"),
        pytest.param("20 16 年，我们", "2016 年，我们", id="20 16 年"),
        pytest.param("《2 0 1 6 年年报》", "《2016 年年报》", id="2 0 1 6 年"),
        pytest.param("20 14年 20 15年\t20 16", "2014年 2015年\t20 16", id="header: years without 年 stay"),
        pytest.param("约7.7亿元，016年达到", "约7.7亿元，2016年达到", id="，016年: 2 added"),
        pytest.param("？016年，公司", "2016年，公司", id="？016年: glyph for 2"),
        pytest.param("E015年1月", "2015年1月", id="E015年"),
        pytest.param("自？007年至？015年", "自2007年至2015年", id="two years"),
        pytest.param("2014-016年", "2014-2016年", id="range end"),
        pytest.param("CODE016年", "CODE2016年", id="E inside a word is no glyph for 2"),
        pytest.param("12 016年", "12 016年", id="after a number and a space: unchanged"),
        pytest.param("1.016年", "1.016年", id="after a decimal point: unchanged"),
        pytest.param("第010年", "第010年", id="ordinal: unchanged"),
        pytest.param("共3 215人", "共3 215人", id="no 年: unchanged"),
    ],
)
def test_damaged_years_are_repaired(text: str, expected: str) -> None:
    clean = clean_text(text)
    assert clean.text == expected
    assert len(clean.origin) == len(clean.text)
    assert all(text[i] == ch for i, ch in zip(clean.origin, clean.text, strict=True) if i >= 0 and ch != "2")


_LONG = "公司总部位于某市，是由某集团于1997年发起设立的股份有限公司，2012年设立控股子公司某某海外"


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        pytest.param(_LONG + "有\n2016年，公司生产原煤600万吨。\n", False, id="year opens a statement: kept apart"),
        pytest.param(_LONG + "截至\n2016年，公司生产原煤600万吨。\n", True, id="截至 | 2016年，: one sentence"),
        pytest.param(_LONG + "有\n2016年12月，公司生产原煤600万吨。\n", True, id="a date, no comma: joined"),
    ],
)
def test_a_line_opening_with_its_year_starts_a_statement(text: str, joined: bool) -> None:
    assert ("\n2016" not in clean_text(text).text) is joined


def test_every_ocr_confusion_folds_to_its_word() -> None:
    fixes, _ = ocr_confusions()
    assert fixes and all(fold_chinese(f"公司{printed}。") == f"公司{meant}。" for printed, meant in fixes.items())


def test_a_wrapped_sentence_may_go_on_with_a_year_and_a_count() -> None:
    text = "公司持续优化业务布局，下属控股子公司的数量由上年的两家增加到\n2016 年 3 家，经营范围进一步扩大。"
    assert clean_text(text).text == text.replace("\n", "")


def test_a_line_of_only_a_number_is_not_a_wrapped_sentence() -> None:
    text = "公司致力于为员工提供有温度的服务与支持，聆听员工的声音成为了公司多年坚持的习惯。2021 年，为更\n33.30%\n27.20%\n"
    assert clean_text(text).text.endswith("为更\n33.30%\n27.20%\n")


# a text whose lines are whole paragraphs: a line cut by a page break is no wider than its block
_WIDE_PARAGRAPH = (
    "公司坚持以人为本，持续完善员工培训体系，围绕管理能力、专业技能和职业素养三个方面开展分层分类的培训，"
    "全年组织各类培训项目数十个，覆盖各业务条线和各级员工，培训满意度保持在较高水平，员工队伍素质稳步提升。\n"
)


@pytest.mark.parametrize(
    ("cut", "joined"),
    [
        pytest.param(
            "2016年3月，公司响应当地政府号召，向某市慈善总会、某县教育基金会及某地红十字会等公益机构分别捐赠善款，其中向某县某乡慈善\n总会捐赠10万元，用于助学。\n",
            True,
            id="cut-mid-sentence-joined",
        ),
        pytest.param(
            "公司持续推进精准扶贫工作，投入资金用于产业帮扶、教育帮扶和基础设施建设，取得良好成效。定点扶贫，不辱使命\n某某年度社会责任报告\n",
            False,
            id="page-footer-without-a-stop-stays",
        ),
        pytest.param(
            "公司持续推进精准扶贫工作，投入资金用于产业帮扶、教育帮扶和基础设施建设，取得良好成效，具体情况如下\n（一）产业扶贫，投入资金100万元。\n",
            False,
            id="list-item-stays",
        ),
    ],
)
def test_a_paragraph_cut_by_a_page_break_is_joined(cut: str, joined: bool) -> None:
    text = _WIDE_PARAGRAPH + cut
    out = clean_text(text).text
    assert (out.count("\n") == text.count("\n") - 1) is joined


_HEADER = "某某公司2016年社会责任报告"


@pytest.mark.parametrize(
    ("middle", "joined"),
    [
        pytest.param(f"21\n{_HEADER}\n", True, id="page-number-and-running-header"),
        pytest.param("21\n", True, id="page-number-alone"),
        pytest.param(f"{_HEADER}\n", True, id="running-header-alone"),
        pytest.param("专题\n", False, id="short-repeated-word-is-a-heading"),
        pytest.param("21\n\n", False, id="blank-line-ends-the-paragraph"),
    ],
)
def test_a_sentence_cut_by_page_furniture_is_joined(middle: str, joined: bool) -> None:
    """A paragraph cut mid-sentence by a page break, with the page number and the running header (a
    short line printed on many pages) between its halves: the halves join and the furniture is dropped."""
    pages = "".join(f"{_WIDE_PARAGRAPH}{n}\n{_HEADER}\n专题\n" for n in (3, 4))
    cut = "2016年，公司能耗总量为568.5万吨标煤，同比下降，各单位积极推进节能改造工作，淘汰落后设备，推广节能新技术，其中非工业万元营\n"
    rest = "业收入综合能耗为0.0915吨标煤，比上年下降了2.5%。\n"
    out = clean_text(pages + cut + middle + rest).text
    assert ("非工业万元营业收入综合能耗为0.0915吨标煤" in out) is joined
    if joined:
        assert out.endswith("非工业万元营业收入综合能耗为0.0915吨标煤，比上年下降了2.5%。\n")
