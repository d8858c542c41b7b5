"""KPI extraction from short snippets written for these tests: every mode, period and scope rule,
and negative cue. Each case lists rows that must be found and KPI ids that must not be."""

from __future__ import annotations

import pytest

from .kpi_helpers import keys_of, rows_of

E = 100_000_000  # 亿
W = 10_000  # 万

# (snippet, report year, rows that must be present, KPI ids that must be absent)
PROSE = [
    ("2021年公司实现营业收入326.5亿元，利润总额41亿元。", 2021,
     {("revenue", 2021, None, 326.5 * E), ("total_profit", 2021, None, 41 * E)}, set()),
    ("本年度研发投入8.9亿元，同比增长12.5%。", 2019, {("rd_investment", 2019, None, 8.9 * E)}, set()),
    ("公司获得授权专利215项（其中发明专利47项）。", 2020,
     {("patents_granted", 2020, None, 215), ("invention_patents_granted", 2020, None, 47)}, set()),
    ("全年新申请专利96件、发明专利30件。", 2018,
     {("patent_applications", 2018, None, 96), ("invention_patent_applications", 2018, None, 30)}, set()),
    ("截至2019年底，公司在职员工12,345人。", 2019, {("employees", 2019, None, 12345)}, set()),
    ("公司共有女职工2,100人，约占职工总数的21.4%。", 2020,
     {("female_employees", 2020, None, 2100), ("female_employees_ratio", 2020, None, 0.214)}, set()),
    ("全年对外捐赠超过1,200万元。", 2020, {("donations", 2020, None, 1200 * W)}, set()),
    ("全年开展培训1,560场，培训员工5.6万人次，培训总学时38万小时。", 2020,
     {("trainees", 2020, None, 56000), ("training_hours", 2020, None, 380000)}, set()),
    ("公司全年能源消耗总量为3.2万吨标准煤，用水量186万立方米。", 2020,
     {("energy_consumption", 2020, None, 32000), ("water_consumption", 2020, None, 1860000)}, set()),
    ("公司二氧化碳排放量为12,480tCO2e。", 2021, {("ghg_emissions", 2021, None, 12480)}, set()),
    ("全年投入近500万元开展精准扶贫工作。", 2020, {("poverty_alleviation_investment", 2020, None, 500 * W)}, set()),
    ("COD排放量 86.4 吨，氨氮排放量 5.2 吨。", 2020,
     {("cod_emissions", 2020, None, 86.4), ("ammonia_nitrogen_emissions", 2020, None, 5.2)}, set()),
]

LAYOUT = [
    ("公司概况\n\n资产总额\n\n3,120 亿元\n\n营业收入\n\n875 亿元\n", 2020,
     {("total_assets", 2020, None, 3120 * E), ("revenue", 2020, None, 875 * E)}, set()),
    ("综合能耗\n\n6.25\n万吨标准煤\n\n万元产值综合能耗\n（可比价）\n\n0.045\n吨标准煤 / 万元\n", 2020,
     {("energy_consumption", 2020, None, 62500), ("energy_intensity", 2020, None, 0.045)}, set()),
    ("员工总数（人）\n\n8,812\n\n少数民族员工人数（人）\n\n431\n", 2020,
     {("employees", 2020, None, 8812), ("minority_employees", 2020, None, 431)}, set()),
    # runs of numbers and runs of labels, paired in order
    ("12.5\n吨\n\n3.1\n吨\n\n减排二氧化硫\n\n减排氮氧化物\n", 2020,
     {("so2_reduction", 2020, None, 12.5), ("nox_reduction", 2020, None, 3.1)}, set()),
    # a run of year lines: one value per year
    ("2018 年\n\n2020 年\n\n营业收入\n\n410 亿元\n\n520 亿元\n", 2020,
     {("revenue", 2018, None, 410 * E), ("revenue", 2020, None, 520 * E)}, set()),
]

TABLES = [
    ("关键绩效\n指标 2021 年 2020 年 2019 年\n营业收入（亿元） 52.3 47.1 40.8\n纳税总额（亿元） 3.1 2.9 2.6\n", 2021,
     {("revenue", 2021, None, 52.3 * E), ("revenue", 2019, None, 40.8 * E), ("taxes_paid", 2020, None, 2.9 * E)},
     set()),
    ("指标\t2014 年\t2015 年\t2016 年\n员工总数（人）\t9,800\t10,250\t11,020\n", 2016,
     {("employees", 2014, None, 9800), ("employees", 2016, None, 11020)}, set()),
    ("项目 2020年 2019年 单位\n资产总额 1,200 1,050 亿元\n", 2020,
     {("total_assets", 2020, None, 1200 * E), ("total_assets", 2019, None, 1050 * E)}, set()),
    ("能源种类 用量\n电（万千瓦时） 2,350.5\n天然气（万立方米） 120\n合计（吨标准煤） 3,015\n", 2021,
     {("electricity_consumption", 2021, None, 23505000), ("energy_consumption", 2021, None, 3015)},
     {"water_consumption"}),
    ("2020年 2019年\n营业收入（亿元） 12.1 - \n", 2020, {("revenue", 2020, None, 12.1 * E)}, set()),
]

BREAKDOWN = [
    ("员工性别结构\n\n男性\n71.2%\n\n女性\n28.8%\n", 2020, {("female_employees_ratio", 2020, None, 0.288)}, set()),
]

PERIODS = [
    ("“十三五”期间，公司累计纳税超过80亿元。", 2020, {("taxes_paid", 2020, 2016, 80 * E)}, set()),
    ("2015年以来，公司累计投入扶贫资金2,600万元。", 2020,
     {("poverty_alleviation_investment", 2020, 2015, 2600 * W)}, set()),
    ("2017-2020年，公司环保投入合计9.6亿元。", 2020, {("environmental_investment", 2020, 2017, 9.6 * E)}, set()),
    # accumulated up to a date with no first year: not any one year's figure
    ("截至2020年底，公司累计捐赠3,000万元。", 2020, set(), {"donations"}),
    ("截至目前，已投入帮扶资金120万元。", 2020, set(), {"poverty_alleviation_investment"}),
    # ... but for a level (a stock), the date is the value's date
    ("截至2021年6月底，公司员工总数5.2万人。", 2020, {("employees", 2021, None, 52000)}, set()),
    ("全年累计培训员工3.1万人次。", 2020, {("trainees", 2020, None, 31000)}, set()),
    ("公司上年营业收入为95亿元。", 2020, {("revenue", 2019, None, 95 * E)}, set()),
]

NEGATIVES = [
    ("公司计划2021年研发投入达到15亿元。", 2020, set(), {"rd_investment"}),
    ("力争营业收入突破200亿元。", 2020, set(), {"revenue"}),
    ("人均培训时长42小时。", 2020, set(), {"training_hours"}),
    ("归属于上市公司股东的净利润5.6亿元。", 2020, set(), {"net_profit"}),
    ("研发投入占营业收入的比例为4.2%。", 2020, set(), {"revenue", "rd_investment"}),
    ("下属某电厂二氧化硫排放量120吨。", 2020, set(), {"so2_emissions"}),
    ("所属华东分公司实现营业收入12亿元。", 2020, set(), {"revenue"}),
    ("公司被评为纳税信用A级纳税人。", 2020, set(), {"taxes_paid"}),
    ("员工自发组织爱心募捐，共收到捐款3.5万元。", 2020, set(), {"donations"}),
    ("培训时长达24学时及以上的员工可获得证书。", 2020, set(), {"training_hours"}),
    ("营业收入（元）\t人民币169\n", 2020, set(), {"revenue"}),  # no revenue is a few hundred yuan
    ("女性员工比例约 1595%", 2020, set(), {"female_employees_ratio"}),  # a ratio above 1 is a misprint
    ("男女员工比例（%） 0.82:1", 2020, set(), {"female_employees_ratio"}),
    ("每 10 股派发现金股利（元） 9.5", 2020, set(), {"revenue", "net_profit"}),
    ("减少危险废物产生量1.2吨。", 2020, set(), {"hazardous_waste"}),
]

# but the collective of a group's units is the group
SCOPE_KEPT = [
    ("2020年，集团所属企业新申请专利320项。", 2020, {("patent_applications", 2020, None, 320)}, set()),
    ("全年集团各级企业投入环保资金1.5亿元。", 2020, {("environmental_investment", 2020, None, 1.5 * E)}, set()),
]


def test_change_yoy_and_qualifier() -> None:
    (row,) = [r for r in rows_of("本年度研发投入8.9亿元，同比增长12.5%。", 2019) if r.kpi_id == "rd_investment"]
    assert row.change_yoy == pytest.approx(0.125)
    (row,) = [r for r in rows_of("营业收入下降至40亿元，同比下降8%。", 2020) if r.kpi_id == "revenue"]
    assert row.change_yoy == pytest.approx(-0.08)
    (row,) = rows_of("全年对外捐赠超过1,200万元。", 2020)
    assert row.qualifier == "more_than" and row.raw == "超过1,200万元"


def test_every_row_carries_evidence_containing_its_raw() -> None:
    text = "".join(t for t, *_ in PROSE + LAYOUT + TABLES + PERIODS)
    rows = rows_of(text, 2020)
    assert rows
    for r in rows:
        assert r.raw in r.evidence, (r.raw, r.evidence)


def test_table_cell_wins_over_passing_mention_and_conflicts_are_warned() -> None:
    from csr_extract.candidates import find_page_candidates
    from csr_extract.document import Page
    from csr_extract.resolve import resolve

    text = (
        "指标 2020 年 2019 年\n营业收入（亿元） 52.3 47.1\n\n"
        "2020年公司实现营业收入52.3亿元。\n\n本年营业收入约50亿元。"
    )
    rows, warnings = resolve(find_page_candidates(Page(0, text), 2020), 2020)
    (rev,) = [r for r in rows if r.kpi_id == "revenue" and r.year == 2020]
    assert rev.method == "table" and rev.value == pytest.approx(52.3 * E)
    assert rev.confidence > 0.95  # two agreeing mentions
    assert any("revenue 2020" in w and "50亿元" in w for w in warnings)


def test_min_confidence_filters_partial_scope_values() -> None:
    text = "所属华东分公司实现营业收入12亿元。"
    assert not rows_of(text, 2020)
    low = rows_of(text, 2020, min_confidence=0.0)
    assert low and low[0].confidence < 0.5


SECTIONS = [
    ("经营业绩\n\n2020年公司实现营业收入120亿元。\n\n未来展望\n\n2021年，公司营业收入将达到150亿元，研发投入6亿元。\n", 2020,
     {("revenue", 2020, None, 120 * E)}, {"rd_investment"}),
    ("五、2021年工作计划\n\n全年安全生产投入2.3亿元。\n", 2020, set(), {"safety_investment"}),
    ("指标索引\n\n营业收入 P12\n员工总数 P30\n", 2020, set(), {"revenue", "employees"}),
    # a data table after the outlook is not part of it
    ("展望2017\n\n公司将力争营业收入增长10%。\n\n关键绩效表\n指标\t单位\t2015 年\t2016 年\n员工总人数\t人\t57971\t54983\n", 2016,
     {("employees", 2016, None, 54983), ("employees", 2015, None, 57971)}, set()),
    # a table-of-contents row naming the outlook is not a heading
    ("未来展望 关键绩效表 报告索引\n\n2016年公司实现营业收入80亿元。\n", 2016, {("revenue", 2016, None, 80 * E)}, set()),
    # an outlook word inside a longer word (行动 / 计划生育) is not an outlook heading
    ("行动计划生育服务\n\n全年对外捐赠800万元。\n", 2020, {("donations", 2020, None, 800 * W)}, set()),
]



UNTIL = [
    # a dated 截至 alone is that year's figure, for flows too
    ("截至2016年12月31日，公司实现营业收入人民币46.71亿元。", 2016, {("revenue", 2016, None, 46.71 * E)}, set()),
    # a category glued before the label is a part of the KPI
    ("截至2020年底，公司医疗帮扶投入1,000万元，住房保障投入900万元。", 2020, set(), {"poverty_alleviation_investment"}),
    ("全年产业扶贫资金投入300万元。", 2020, set(), {"poverty_alleviation_investment"}),
]



TABLE_HEADERS = [
    # relative period columns and a unit line for the whole table
    ("主要会计指标\t\t\t单位：人民币元\n项目\t本报告期\t上年同期\t本期比上年同期增减（%）\n营业收入\t6,987,110,276.27\t6,221,122,120.34\t12.31\n", 2016,
     {("revenue", 2016, None, 6987110276.27), ("revenue", 2015, None, 6221122120.34)}, set()),
    ("单位：人民币万元\n经营业绩\t2016 年\t2015 年\t2014 年\n营业收入\t467,146.24\t674,845.27\t272,172.25\n", 2016,
     {("revenue", 2016, None, 467146.24 * W), ("revenue", 2014, None, 272172.25 * W)}, set()),
    ("项目 本年 上年\n纳税总额（万元） 8,210 7,950\n", 2021,
     {("taxes_paid", 2021, None, 8210 * W), ("taxes_paid", 2020, None, 7950 * W)}, set()),
]



SCOPE_MORE = [
    # the number of a child KPI may come before its word
    ("共有授权专利48项，其中39项发明专利，9项实用新型。", 2016,
     {("patents_granted", 2016, None, 48), ("invention_patents_granted", 2016, None, 39)}, set()),
    # a gift to a named recipient is one gift, not the year's total
    ("公司向某县某村捐赠扶贫款20万元，用于道路硬化。", 2016, set(), {"poverty_alleviation_investment", "donations"}),
    # another company named as the subject
    ("蓝天饮料有限公司的屋顶太阳能电站年发电33万度，减排二氧化碳292吨。", 2016, set(), {"co2_reduction"}),
    ("分包商培训人次（万人次） 122\n", 2016, set(), {"trainees"}),
    # a five-year plan named as a programme is not a period
    ("牵头“十三五”国家重点研发计划6项，研发投入105.9亿元。", 2016, {("rd_investment", 2016, None, 105.9 * E)}, set()),
    ("实现归属于上 市公司股东的净利润27,680.13万元。", 2016, set(), {"net_profit"}),
    # a number right before a label with no verb between counts something else
    ("出资1.92万元为782名女性员工参保。", 2016, set(), {"female_employees"}),
]



def test_own_company_named_in_full_is_not_another_company() -> None:
    from csr_extract.candidates import find_page_candidates
    from csr_extract.document import Page
    from csr_extract.resolve import resolve

    text = "蓝海电路股份有限公司2021年实现营业收入139.42亿元。"
    own = ("蓝海电路股份有限公司",)
    rows, _ = resolve(find_page_candidates(Page(0, text), 2021, own), 2021, 0.5)
    assert [r.kpi_id for r in rows] == ["revenue"]
    rows, _ = resolve(find_page_candidates(Page(0, text), 2021, ("别的集团",)), 2021, 0.5)
    assert rows == []


LISTS_AND_ROWS = [
    # several amounts of one KPI in one sentence are items, none the total
    ("公司捐资13万元建设光伏项目；捐资50万元帮助建设养殖场。", 2016, set(), {"donations"}),
    # ... but a part introduced by 其中 does not make the whole an item
    ("全年营业收入100亿元，其中主营业务收入90亿元。", 2016, {("revenue", 2016, None, 100 * E)}, set()),
    # OCR split decimals ("49. 92"): more cells than years, and they are not changes
    ("指标 2014年 2015年 2016年\n女性员工比例 % 49. 92 48. 86 51. 13\n", 2016, set(), {"female_employees_ratio"}),
    # a trailing change column is fine
    ("指标 2016年 2015年\n营业收入（亿元） 52.3 47.1 11.0%\n", 2016, {("revenue", 2016, None, 52.3 * E)}, set()),
    # per unit of output
    ("公司吨钢综合能耗完成597.4kgce/t，同比降低3.8kgce/t。", 2016, set(), {"energy_consumption"}),
    # a subgroup of the KPI's people
    ("帮扶单亲特困女员工28人，投入近14万元。", 2016, set(), {"female_employees"}),
    # a gift to a named recipient
    ("为凉山某乡捐赠了价值90余万元的教学设备。", 2016, set(), {"donations"}),
    # a sum over recent years
    ("公司近三年纳税40亿元。", 2016, {("taxes_paid", 2016, 2014, 40 * E)}, set()),
    # history told in a sentence about an old year
    ("由公司于2009年全额捐资50万元设立专项救助基金。", 2016, set(), {"donations"}),
]



MORE_NEGATIVES = [
    ("男性员工总数（人） 1,658\n", 2016, set(), {"employees"}),
    ("困难员工帮扶投入 万元 150\n", 2016, set(), {"poverty_alleviation_investment"}),
    ("智能业务板块研发部门共获得专利授权23项。", 2016, set(), {"patents_granted"}),
    ("在系统设计寿命内可替代标准煤750万吨，减排二氧化碳2,500万吨。", 2016, set(), {"co2_reduction"}),
]



CAPTIONS = [
    # an infographic caption: the number first, its label after it on the same line
    ("7968人 公司在职员工总数\n100% 劳动合同签订率\n", 2016, {("employees", 2016, None, 7968)}, set()),
    ("截至2016年底，公司共有员工4011人。", 2016, {("employees", 2016, None, 4011)}, set()),
]



TABLE_UNITS = [
    # the unit of a one-value table stated in its header
    ("公司2016年度社会贡献值\n项目\t金额（万元）\n支付员工薪酬\t300,624.1\n对外捐赠\t65.1\n", 2016, {("donations", 2016, None, 651000)}, set()),
    # the company and its subsidiaries together are the company
    ("报告期内，公司及全资子公司合计对外捐赠支出 135.16万元。", 2016, {("donations", 2016, None, 1351600)}, set()),
]



GIFTS = [
    ("本行向福建省扶贫基金会、扶贫开发协会捐赠扶贫资金20万元。", 2016, set(), {"poverty_alleviation_investment"}),
    ("公司904名党员共捐款15,595元。", 2016, set(), {"donations"}),
    ("全年共救助困难职工333名、患特殊疾病女职工1名。", 2016, set(), {"female_employees"}),
    ("“慈善爱心卡”捐赠仪 式上，公司捐赠“爱心卡”价值3210万元。", 2016, set(), {"donations"}),
]



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("本公司坚持以人为本，关爱员工成长。", False, id="no KPI word"),
        pytest.param("2020年营业收入120亿元。", True, id="alias"),
        pytest.param("电（万千瓦时） 2,350.5", True, id="exact label leading a row"),
        pytest.param("电力行业发展迅速", False, id="exact label in prose"),
        pytest.param("员工性别结构", True, id="breakdown heading"),
    ],
)
def test_pages_without_kpi_words_are_skipped(text: str, expected: bool) -> None:
    from csr_extract.candidates import may_hold_kpis

    assert may_hold_kpis(text) is expected


ROWS_AND_PLANS = [
    # a flattened table row with no year header found: which column is this year's is unknown
    ("耗水量（吨） 50910 44082 36950 氮氧化物排放量（吨） 0.4000 0.1450", 2016, set(), {"water_consumption"}),
    ("公司将捐助4万元用于培训中心建设。", 2016, set(), {"donations"}),
    ("集团母公司万元产值能耗 0.167\n", 2016, set(), {"energy_intensity"}),
    ("2016年，志愿者协会新增志愿者148人。", 2016, set(), {"volunteers"}),
]


GAPS_AND_OCR = [
    # the label is only the start of a longer noun phrase: the number counts something else
    ("普通保险从业人员直接受教育公众数达到35105人。", 2016, set(), {"employees"}),
    ("2016年，公司女员工休产假达38人。", 2016, set(), {"female_employees"}),
    # linking words between label and number are fine
    ("兴业银行对外捐赠支出共计约3,244万元。", 2016, {("donations", 2016, None, 3244 * W)}, set()),
    ("营业收入同比增长15%，达到100亿元。", 2016, {("revenue", 2016, None, 100 * E)}, set()),
    # OCR split decimals in a table row ("332. 6"): the cells cannot be matched to years
    ("指标 2016年 2015年 2014年\nCOD排放量 吨 332. 6 349. 67 244.6\n", 2016, set(), {"cod_emissions"}),
    ("提供工会与教育经费0.11亿元。", 2016, set(), {"training_investment"}),
]

CHILDREN = [
    # 发明专利授权 after a count of applications is a label of its own, not the applications' child
    ("2016年公司新增专利申请237项，获得发明专利授权78项。", 2016,
     {("patent_applications", 2016, None, 237), ("invention_patents_granted", 2016, None, 78)}, {"invention_patent_applications"}),
    # the child's own number, not its neighbour's in the list
    ("共申请专利71项，其中实用新型专利48项、发明专利22项。", 2016,
     {("patent_applications", 2016, None, 71), ("invention_patent_applications", 2016, None, 22)}, set()),
    # 22年来 is twenty-two years, not 2
    ("22年来，公司每年拨付扶贫款，累计拨付近人民币1,000万元。", 2016,
     {("poverty_alleviation_investment", 2016, 1995, 1000 * W)}, set()),
]

OTHER_SCOPES = [
    # an annual report's list of subsidiaries: their figures, not the group's
    ("(七) 主要控股参股公司分析\n1.某某储运设备制造有限公司\n公司全资子公司。\n总资产：人民币 1,519,674,921.33 元\n"
     "净利润：人民币 70,662,576.11 元\n(八) 公司控制的结构化主体情况\n", 2019, set(), {"total_assets", "net_profit"}),
    # ... the section ends at the next heading of its rank
    ("(七) 主要控股参股公司分析\n子公司略。\n(八) 经营情况讨论\n报告期内，公司实现营业收入 117,530.10 万元。\n", 2019,
     {("revenue", 2019, None, 1175301000)}, set()),
    # figures of a whole industry or region
    ("2016年，广东省全社会用电量累计5,610亿千瓦时。", 2016, set(), {"electricity_consumption"}),
    ("根据国家统计局数据，全国规模以上白酒企业实现利润总额1701.94亿元。", 2021, set(), {"total_profit"}),
    # a gift total up to a date is a history, not the year's giving
    ("截至2016年底，公司捐资总额超过4.5亿元人民币。", 2016, set(), {"donations"}),
    ("2016年，公司对外捐赠超过1,200万元。", 2016, {("donations", 2016, None, 1200 * W)}, set()),
    # 由 A 增长到 B: B is the value
    ("从上市之初至2016年末，公司总资产由39.97亿元增长到198.44亿元。", 2016, {("total_assets", 2016, None, 198.44 * E)}, set()),
]

Case = tuple[str, int, set[tuple[str, int, int | None, float]], set[str]]
GROUPS: dict[str, list[Case]] = {
    "prose": PROSE,
    "layout": LAYOUT,
    "tables": TABLES,
    "breakdown": BREAKDOWN,
    "periods": PERIODS,
    "negatives": NEGATIVES,
    "scope_kept": SCOPE_KEPT,
    "sections": SECTIONS,
    "until": UNTIL,
    "table_headers": TABLE_HEADERS,
    "scope_more": SCOPE_MORE,
    "lists_and_rows": LISTS_AND_ROWS,
    "more_negatives": MORE_NEGATIVES,
    "captions": CAPTIONS,
    "table_units": TABLE_UNITS,
    "gifts": GIFTS,
    "rows_and_plans": ROWS_AND_PLANS,
    "gaps_and_ocr": GAPS_AND_OCR,
    "children": CHILDREN,
    "other_scopes": OTHER_SCOPES,
}


def _cases() -> list[object]:
    return [
        pytest.param(text, year, want, absent, id=f"{group}: {text[:28]}".replace("\n", "/"))
        for group, cases in GROUPS.items()
        for text, year, want, absent in cases
    ]


@pytest.mark.parametrize(("text", "year", "want", "absent"), _cases())
def test_snippet(text: str, year: int, want: set[tuple[str, int, int | None, float]], absent: set[str]) -> None:
    """Every row in ``want`` is extracted from ``text``, and no row of a KPI in ``absent``."""
    got = keys_of(text, year)
    for kpi, y, period, value in want:
        assert any(
            g[0] == kpi and g[1] == y and g[2] == period and abs(g[3] - value) <= 1e-6 * max(1.0, abs(value)) for g in got
        ), f"missing {(kpi, y, period, value)} in {sorted(got)}"
    found_ids = {g[0] for g in got}
    assert not (absent & found_ids), f"unexpected {absent & found_ids} in {sorted(got)}"


def test_pages_are_read_as_a_stream_and_released() -> None:
    """find_candidates holds at most the page before, the page and the page after: a long report's
    memory does not grow with its page count."""
    import weakref

    from csr_extract.candidates import find_candidates
    from csr_extract.document import Page

    refs: list[weakref.ref[Page]] = []
    most = 0

    def pages() -> object:
        nonlocal most
        for n in range(1, 60):
            page = Page(n, f"第{n}页\n2020年公司实现营业收入{n}亿元。\n")
            refs.append(weakref.ref(page))
            most = max(most, sum(1 for r in refs if r() is not None))
            yield page

    found = find_candidates(pages(), 2020)  # type: ignore[arg-type]
    assert len(found) == 59
    assert most <= 4
