"""The grid reader: one table model for text conversions and PDFs.

Every case is a table (invented values) given as cells; it is read as a tab-separated text
conversion prints it and as a PDF rendered by ``scripts/render_fixtures.py`` (unruled and ruled),
and must give exactly the rows listed: (kpi, year, value in the canonical unit).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csr_extract.candidates import find_candidates, find_page_candidates
from csr_extract.document import Page
from csr_extract.reader import open_stream
from csr_extract.resolve import resolve

from .pdf_fixtures import load_renderer

E, W, K = 100_000_000, 10_000, 1_000
Row = tuple[str, int, float]

# (lines above the table, table rows, report year, every row the table must give)
Case = tuple[tuple[str, ...], tuple[tuple[str, ...], ...], int, set[Row]]

HEADERS: dict[str, Case] = {
    "years in cells": (
        (), (("项目", "2016年", "2017年", "2018年"), ("营业收入（亿元）", "45.2", "48.9", "52.3")), 2018,
        {("revenue", 2016, 45.2 * E), ("revenue", 2017, 48.9 * E), ("revenue", 2018, 52.3 * E)},
    ),
    "years newest first, 年 apart": (
        (), (("指标", "2018 年", "2017 年"), ("员工总数（人）", "4,108", "3,877")), 2018,
        {("employees", 2018, 4108), ("employees", 2017, 3877)},
    ),
    "an OCR-damaged year completed from its neighbours": (
        (), (("类别", "20U", "2015", "2016"), ("利润总额（亿元）", "428.6", "470.3", "515.9")), 2016,
        {("total_profit", 2014, 428.6 * E), ("total_profit", 2015, 470.3 * E), ("total_profit", 2016, 515.9 * E)},
    ),
    "financial years over two calendar years, named by the year they end in": (
        (), (("指標", "單位", "2019/20", "2018/19"), ("僱員總數", "人", "3,120", "2,980")), 2020,
        {("employees", 2020, 3120), ("employees", 2019, 2980)},
    ),
    "financial years with four-digit ends and 財政年度": (
        (), (("項目", "2019/2020財政年度", "2018/2019財政年度"), ("總耗水量（立方米）", "56,400", "54,100")), 2020,
        {("water_consumption", 2020, 56400), ("water_consumption", 2019, 54100)},
    ),
    "two years that do not follow each other are no financial year": (
        (), (("項目", "2016/18", "2014/16"), ("僱員總數（人）", "3,120", "2,980")), 2020, set(),
    ),
    "parts of the company and their total, no year: the total is the report year's": (
        (), (("指標", "香港", "中國內地", "總計"), ("僱員總數（人）", "150", "2,850", "3,000"),
             ("總耗水量（立方米）", "1,100", "41,000", "42,100")), 2019,
        {("employees", 2019, 3000), ("water_consumption", 2019, 42100)},
    ),
    "a table titled with a part of the KPI (safety training) gives no company total": (
        ("某年安全生產檢查數據表",), (("項目", "甲事業部", "乙事業部", "合計"), ("參加培訓人次", "120", "380", "500"),
                              ("安全生產投入（萬元）", "35.5", "64.5", "100")), 2019,
        {("safety_investment", 2019, 100 * W)},
    ),
    "two totals, or a total that is not last: no column is read": (
        (), (("項目", "合計", "香港", "總計"), ("僱員總數（人）", "3,000", "150", "3,000")), 2019, set(),
    ),
    "relative columns 本期 / 上期": (
        ("单位：万元",), (("项目", "本期发生额", "上期发生额"), ("对外捐赠", "120", "80")), 2019,
        {("donations", 2019, 120 * W), ("donations", 2018, 80 * W)},
    ),
    "relative columns 本年 / 上年": (
        (), (("项目", "本年", "上年"), ("纳税总额（万元）", "8,210", "7,950")), 2021,
        {("taxes_paid", 2021, 8210 * W), ("taxes_paid", 2020, 7950 * W)},
    ),
    "relative columns 期末余额 / 期初余额": (
        ("单位：元 币种：人民币",), (("项目", "期末余额", "期初余额"), ("资产总计", "1,519,674,921.33", "1,301,000,000.00")),
        2019, {("total_assets", 2019, 1519674921.33), ("total_assets", 2018, 1301000000.00)},
    ),
    "a change column between the years is skipped": (
        ("单位：元",), (("主要会计数据", "2019年", "本期比上年同期增减(%)", "2018年"),
                       ("营业收入", "1,175,301,000.00", "10.25", "1,066,000,000.00")), 2019,
        {("revenue", 2019, 1175301000), ("revenue", 2018, 1066000000)},
    ),
    "a change column after the years": (
        (), (("项目", "2016 年", "2015 年", "2016年较2015年"), ("COD排放量（吨）", "67.365", "50.486", "+33.43%")), 2016,
        {("cod_emissions", 2016, 67.365), ("cod_emissions", 2015, 50.486)},
    ),
    "a statement's unit line 人民币元 under its title and period": (
        ("某某股份有限公司", "合并利润表", "2019年度", "人民币元"),
        (("", "附注五", "2019年", "2018年"), ("利润总额", "", "152,300,000.00", "141,000,000.00"),
         ("净利润", "", "120,500,000.00", "111,200,000.00")), 2019,
        {("total_profit", 2019, 152300000), ("total_profit", 2018, 141000000),
         ("net_profit", 2019, 120500000), ("net_profit", 2018, 111200000)},
    ),
    "a statement's unit line 人民币千元": (
        ("合并现金流量表", "人民币千元"), (("项目", "2019年", "2018年"), ("支付的各项税费", "3,520", "3,110")), 2019,
        {("taxes_paid", 2019, 3520000), ("taxes_paid", 2018, 3110000)},
    ),
    "a change column in percent gives the row no unit": (
        ("单位：千元",), (("", "2019年", "2018年", "本年比上年增减", "2017年"),
                       ("营业收入", "1,250,000.00", "1,100,000.00", "13.64%", "980,000.00")), 2019,
        {("revenue", 2019, 1250000 * K), ("revenue", 2018, 1100000 * K), ("revenue", 2017, 980000 * K)},
    ),
    "restated years: 调整前 | 调整后 under each earlier year, the restated one read": (
        ("单位：千元",), (("", "2019年", "2018年", "", "本年比上年增减", "2017年", ""),
                       ("", "", "调整前", "调整后", "调整后", "调整前", "调整后"),
                       ("营业收入", "1,250,000.00", "1,100,000.00", "1,120,000.00", "11.61%", "980,000.00", "990,000.00")),
        2019, {("revenue", 2019, 1250000 * K), ("revenue", 2018, 1120000 * K), ("revenue", 2017, 990000 * K)},
    ),
    "restated years: 调整后 | 调整前, the change column without a sub-header": (
        ("单位：元 币种：人民币",), (("主要会计数据", "2019年", "2018年", "", "本期比上年同期增减(%)", "2017年", ""),
                                ("", "", "调整后", "调整前", "", "调整后", "调整前"),
                                ("总资产", "5,250,000.00", "5,120,000.00", "5,100,000.00", "2.54", "4,990,000.00",
                                 "4,980,000.00")),
        2019, {("total_assets", 2019, 5250000), ("total_assets", 2018, 5120000), ("total_assets", 2017, 4990000)},
    ),
    "years that cannot be read give nothing": (
        (), (("指标", "上半年", "下半年"), ("营业收入（亿元）", "20.1", "25.3")), 2018, set(),
    ),
}

UNITS: dict[str, Case] = {
    "a unit column": (
        (), (("指标", "单位", "2018年", "2017年"), ("资产总额", "亿元", "1,450", "1,257")), 2018,
        {("total_assets", 2018, 1450 * E), ("total_assets", 2017, 1257 * E)},
    ),
    "a unit line above the table": (
        ("金额单位：万元",), (("项目", "2020年", "2019年"), ("营业收入", "467,146.24", "674,845.27")), 2020,
        {("revenue", 2020, 467146.24 * W), ("revenue", 2019, 674845.27 * W)},
    ),
    "a unit in a caption line above": (
        ("绩效表现（百万元人民币）",), (("指标", "2015 年", "2016 年"), ("纳税总额", "203.6", "211.9")), 2016,
        {("taxes_paid", 2015, 203.6e6), ("taxes_paid", 2016, 211.9e6)},
    ),
    "a unit in the year header": (
        (), (("类别", "2015 年 (人）", "2016 年 (人）"), ("女性员工", "1,128", "1,173")), 2016,
        {("female_employees", 2015, 1128), ("female_employees", 2016, 1173)},
    ),
    "a count needs no unit": (
        (), (("指标", "2015", "2016"), ("员工总人数", "239,118", "251,604")), 2016,
        {("employees", 2015, 239118), ("employees", 2016, 251604)},
    ),
    "an amount without a unit is not read": (
        (), (("指标", "2015", "2016"), ("营业收入", "8,714", "9,463")), 2016, set(),
    ),
    "a unit column that is not the KPI's rules the row out": (
        (), (("指标", "单位", "2015", "2016"), ("女性员工", "小时/人", "30", "37")), 2016, set(),
    ),
}

COLUMNS: dict[str, Case] = {
    "a category and a code column before the label": (
        (), (("", "", "指标", "2015", "2016"), ("B1.1", "LA1", "员工总数（人）", "3,712", "3,865")), 2016,
        {("employees", 2015, 3712), ("employees", 2016, 3865)},
    ),
    "an item under its group label": (
        (), (("类别", "组别", "2015 年", "2016 年"), ("员工人数", "男性", "2,647", "2,772"), ("", "女性", "1,128", "1,173")),
        2016, {("female_employees", 2015, 1128), ("female_employees", 2016, 1173)},
    ),
    "the rest of a breakdown (其他…) is a part of the KPI, not its total": (
        (), (("项目", "2015年", "2016年"), ("扶贫捐赠（万元）", "120", "150"), ("其他捐赠（万元）", "20", "30")), 2016,
        {("poverty_alleviation_investment", 2015, 120 * W), ("poverty_alleviation_investment", 2016, 150 * W)},
    ),
    "a column of the rest's sessions (其他培训) is no count of trainees": (
        (), (("年份", "新员工培训（期数）", "其他培训", "培训总期数", "人数"), ("2015 年", "6", "10", "27", "435"),
             ("2016 年", "6", "11", "24", "236")), 2016, set(),
    ),
    "a dash for a missing value": (
        (), (("指标", "2014", "2015", "2016"), ("新进员工（人）", "-", "3,168", "5,355")), 2016,
        {("new_hires", 2015, 3168), ("new_hires", 2016, 5355)},
    ),
    "a negative value": (
        (), (("指标", "2016", "2015"), ("利润总额（万元）", "2631.70", "-3180.45")), 2016,
        {("total_profit", 2016, 2631.70 * W), ("total_profit", 2015, -3180.45 * W)},
    ),
    "a transposed table: years as rows": (
        (), (("年份", "营业收入（亿元）", "员工总数（人）"), ("2018", "52.3", "1,200"), ("2017", "48.9", "1,150")), 2018,
        {("revenue", 2018, 52.3 * E), ("revenue", 2017, 48.9 * E), ("employees", 2018, 1200), ("employees", 2017, 1150)},
    ),
    "a transposed table of units under a corner year: only the total row": (
        (), (("2018", "员工总数", "男员工", "女员工"), ("董事会", "9", "7", "2"), ("全公司", "702", "578", "124"),
             ("管理层", "40", "31", "9")), 2018,
        {("employees", 2018, 702), ("female_employees", 2018, 124)},
    ),
    "a transposed table's total row under year rows adds the years up": (
        (), (("年度", "净利润（万元）", "现金分红（万元）"), ("2017年度", "3,600.00", "1,000.00"),
             ("2018年度", "4,930.40", "1,200.00"), ("合计", "8,530.40", "2,200.00")), 2018,
        {("net_profit", 2017, 3600 * W), ("net_profit", 2018, 4930.4 * W)},
    ),
    "a row of KPI names after a year table opens a transposed table": (
        (), (("指标名称", "2018年", "2017年"), ("员工总数（人）", "702", "690"), ("2018", "员工总数", "女员工"),
             ("全公司", "702", "124")), 2018,
        {("employees", 2018, 702), ("employees", 2017, 690), ("female_employees", 2018, 124)},
    ),
}

# HKEX ESG guide / GRI staff tables: breakdowns whose group's figure is a total row, counts with their
# share in brackets, headers naming a year and a measure, financial years.
STAFF: dict[str, Case] = {
    "a staff count group: its total row and its female item": (
        (), (("员工人数", ""), ("男性", "1,480"), ("女性", "2,260"), ("总数", "3,740")), 2018,
        {("employees", 2018, 3740), ("female_employees", 2018, 2260)},
    ),
    "a group label with its unit in brackets (HKEX A1.2 scopes) over its 总计 row": (
        (), (("指標", "2016年", "2015年"), ("溫室氣體排放（噸二氧化碳當量）", "", ""), ("範圍1直接排放", "1,234", "1,100"),
             ("範圍2間接排放", "5,678", "5,000"), ("總計", "6,912", "6,100")), 2016,
        {("ghg_emissions", 2016, 6912), ("ghg_emissions", 2015, 6100)},
    ),
    "the group named in the header's corner": (
        (), (("溫室氣體排放（噸二氧化碳當量）", "2016年", "2015年"), ("範圍1直接排放", "1,234", "1,100"),
             ("範圍2間接排放", "5,678", "5,000"), ("總計", "6,912", "6,100")), 2016,
        {("ghg_emissions", 2016, 6912), ("ghg_emissions", 2015, 6100)},
    ),
    "a unit column: the total row's own unit cell": (
        (), (("指標", "單位", "2016年", "2015年"), ("溫室氣體排放", "", "", ""),
             ("範圍1直接排放", "噸二氧化碳當量", "1,234", "1,100"), ("範圍2間接排放", "噸二氧化碳當量", "5,678", "5,000"),
             ("總計", "噸二氧化碳當量", "6,912", "6,100")), 2016,
        {("ghg_emissions", 2016, 6912), ("ghg_emissions", 2015, 6100)},
    ),
    "the staff row, then a heading naming the sexes, then 男性 | 女性 rows: the female staff (HKEX B1.1)": (
        (), (("指標", "單位", "2016年", "2015年"), ("僱員總數", "人", "1,801", "1,600"), ("按性別劃分", "", "", ""),
             ("男性", "人", "1,234", "1,100"), ("女性", "人", "567", "500"), ("按年齡劃分", "", "", ""),
             ("30歲以下", "人", "600", "500")), 2016,
        {("employees", 2016, 1801), ("employees", 2015, 1600), ("female_employees", 2016, 567),
         ("female_employees", 2015, 500)},
    ),
    "... not under another KPI's row, nor under a heading of another breakdown": (
        (), (("指標", "2016年"), ("新聘僱員人數", "210"), ("按性別劃分", ""), ("男性", "110"), ("女性", "100"),
             ("僱員總數", "1,801"), ("按地區劃分", ""), ("女性", "567")), 2016,
        {("new_hires", 2016, 210), ("employees", 2016, 1801)},
    ),
    "a staff count group without a total row gives nothing": (
        (), (("员工人数", ""), ("男性", "1,480"), ("女性", "2,260")), 2018, set(),
    ),
    "groups in merged cells, counts with their share in brackets": (
        (), (("", "按性别划分", ""), ("", "男性", "215 (6.1%)"), ("新进员工", "女性", "188 (5.3%)"),
             ("", "总数", "403 (11.4%)"), ("", "按性别划分", ""), ("", "男性", "120 (3.4%)"),
             ("离职员工", "女性", "97 (2.7%)"), ("", "总数", "217 (6.1%)")), 2018,
        {("new_hires", 2018, 403), ("employee_turnover_rate", 2018, 0.061)},
    ),
    "a fatalities group over a sub-heading": (
        (), (("死亡人数", "按地区划分", ""), ("", "华东", "0"), ("", "华南", "2"), ("", "总数", "2")), 2018,
        {("work_fatalities", 2018, 2)},
    ),
    "a group's total row under year columns, age bands as items": (
        (), (("类别", "组别", "2018年", "2019年"), ("新进员工", "30岁以下", "120", "131"), ("", "30岁及以上", "98", "104"),
             ("", "合计", "218", "235")), 2019,
        {("new_hires", 2018, 218), ("new_hires", 2019, 235)},
    ),
    "a group's total row under year columns, sexes as items": (
        (), (("类别", "组别", "2018年", "2019年"), ("新进员工", "男性", "120", "131"), ("", "女性", "98", "104"),
             ("", "合计", "218", "235")), 2019,
        {("new_hires", 2018, 218), ("new_hires", 2019, 235)},
    ),
    "counts with their share under year columns": (
        (), (("指标", "2018年", "2019年"), ("女员工人数", "1,204 (41.2%)", "1,266 (42.0%)"),
             ("新员工人数", "310 (10.6%)", "295 (9.8%)")), 2019,
        {("female_employees", 2018, 1204), ("female_employees", 2019, 1266), ("female_employees_ratio", 2018, 0.412),
         ("female_employees_ratio", 2019, 0.42), ("new_hires", 2018, 310), ("new_hires", 2019, 295)},
    ),
    "a 其中 row naming only a sub-KPI word of the row above: the child KPI": (
        (), (("科技创新", "单位", "2015年", "2016年"), ("专利授权", "项", "120", "134"),
             ("其中：发明专利", "项", "45", "51"), ("发表论文", "篇", "80", "92")), 2016,
        {("patents_granted", 2015, 120), ("patents_granted", 2016, 134),
         ("invention_patents_granted", 2015, 45), ("invention_patents_granted", 2016, 51)},
    ),
    "a 其中 row's sub-KPI word with its unit in brackets": (
        (), (("指标", "2015年", "2016年"), ("专利申请（件）", "30", "41"), ("其中：发明专利（件）", "12", "15")), 2016,
        {("patent_applications", 2015, 30), ("patent_applications", 2016, 41),
         ("invention_patent_applications", 2015, 12), ("invention_patent_applications", 2016, 15)},
    ),
    "a 其中 row under a row of no KPI gives nothing": (
        (), (("指标", "单位", "2015年", "2016年"), ("专利授权", "项", "120", "134"), ("发表论文", "篇", "80", "92"),
             ("其中：发明专利", "篇", "30", "41")), 2016,
        {("patents_granted", 2015, 120), ("patents_granted", 2016, 134)},
    ),
    "a year and a measure in each header cell": (
        (), (("分类", "2019年度人数（人）", "2019年度流失率"), ("雇员总数（人）", "6,420", "8.15%"),
             ("其中：女员工总数（人）", "2,930", "6.02%")), 2019,
        {("employees", 2019, 6420), ("employee_turnover_rate", 2019, 0.0815), ("female_employees", 2019, 2930)},
    ),
    "a share column: the count's ratio": (
        (), (("项目", "2019年人数", "2019年占比"), ("女员工人数", "2,930", "45.6%")), 2019,
        {("female_employees", 2019, 2930), ("female_employees_ratio", 2019, 0.456)},
    ),
    "financial years as columns": (
        (), (("指标", "2018财年", "2019财年"), ("员工总数（人）", "2,410", "2,587")), 2019,
        {("employees", 2018, 2410), ("employees", 2019, 2587)},
    ),
}

TEXT_ONLY: dict[str, tuple[str, int, set[Row]]] = {
    # a pollutant table under a category column (废水 | 固体废弃物), the category printed once per group; text
    # dumps only: a PDF's three-column pollutant table is not yet read unruled
    # a text dump of a two-level table: the wastewater's own volume column (排放量) before the pollutant
    # column, the tonnage column's unit after a slash (排放量/吨), the group's next rows padded with tabs
    "a pollutant table's tonnage column right of the pollutant column, its unit after a slash": (
        "类别\t\t排放量\t主要污染物\t\t排放量/吨\t达标情况\n废水\t\t52000立方米/月\t\t化学需氧量\t21\t达标\n"
        "\t\t\t\t\t氨氮\t0.8\t达标\n", 2016,
        {("cod_emissions", 2016, 21), ("ammonia_nitrogen_emissions", 2016, 0.8)},
    ),
    # ... and its next group after a blank line (固体废弃物 | … | 危险废物) when that group names a pollutant;
    # a table after a blank line that names none is a table of its own
    "a pollutant table's second group after a blank line": (
        "类别\t\t排放量\t主要污染物\t\t排放量/吨\t达标情况\n废水\t\t52000立方米/月\t\t化学需氧量\t21\t达标\n"
        "\t\t\t\t\t氨氮\t0.8\t达标\n\n固体废弃物\t95吨/年\t建筑垃圾\t0\t\n\t\t危险废物\t95\t合规处置\n", 2016,
        {("cod_emissions", 2016, 21), ("ammonia_nitrogen_emissions", 2016, 0.8), ("hazardous_waste", 2016, 95)},
    ),
    "a table after a pollutant table and a blank line is read as its own": (
        "类别\t主要污染物\t排放量（吨）\n废水\t化学需氧量\t41\n\n项目\t2016年\n员工总数（人）\t5,210\n", 2016,
        {("cod_emissions", 2016, 41), ("employees", 2016, 5210)},
    ),
    "a pollutant table whose only tonnage column stands left of the pollutants is none": (
        "类别\t排放量（吨）\t主要污染物\t达标情况\n废水\t520\t化学需氧量\t达标\n", 2016, set(),
    ),
    "a pollutant table with a category column: its hazardous-waste row too": (
        "类别\t主要污染物\t排放量（吨）\n废水\t化学需氧量\t41\n\t氨氮\t2.6\n固体废弃物\t危险废物\t95\n", 2016,
        {("cod_emissions", 2016, 41), ("ammonia_nitrogen_emissions", 2016, 2.6), ("hazardous_waste", 2016, 95)},
    ),
    # a chart converted to text: a legend swatch before each year's row, pollutants by bare name with
    # the unit in the column head (a PDF's empty corner cell is not yet kept apart from the head)
    "a chart's legend swatch before each year, pollutants by bare name with the unit in the head": (
        "圖5 —本集團污染物排放情況\n\tS〇2 (百噸）\tCOD (百噸）\t氮氧化物（百噸）\t氨氮（百噸）\n"
        "■ 2015\t0.31\t1.25\t0.40\t0.12\n■ 2016\t0.28\t1.18\t0.36\t0.11\n", 2016,
        {("so2_emissions", 2015, 31), ("so2_emissions", 2016, 28), ("cod_emissions", 2015, 125),
         ("cod_emissions", 2016, 118), ("nox_emissions", 2015, 40), ("nox_emissions", 2016, 36),
         ("ammonia_nitrogen_emissions", 2015, 12), ("ammonia_nitrogen_emissions", 2016, 11)},
    ),
    # a titled staff group broken down by age and sex (Hong Kong ESG tables): its 合计 row under the
    # 合计 column; text dumps only: a PDF's columns are not yet lined up with a finer row of names
    "a titled group (its breakdown noted in brackets) over 男性 | 女性 | 合计 columns: the total column": (
        "新聘雇员人数（按年龄组别划分）\n\t男性\t女性\t合计\n30岁或以下\t306\t328\t634\n30至39岁\t103\t130\t233\n"
        "合计\t409\t458\t867", 2016, {("new_hires", 2016, 867)},
    ),
    "a total column under a header of units, with a share column after it": (
        "新聘雇员人数（按年龄组别和性别划分）\n某银行\t某银行中国\t合计\n\t男性\t女性\t男性\t女性\t合计\t(%)\n"
        "30岁或以下\t306\t328\t75\t151\t860\t(71.8%)\n30至39岁\t103\t130\t32\t57\t322\t(21.8%)\n"
        "合计\t409\t458\t107\t208\t1,182\t(100.0%)", 2016, {("new_hires", 2016, 1182)},
    ),
    "a finer row of names that does not line up cell for cell reads nothing": (
        "新聘雇员人数（按年龄组别和性别划分）\n某银行\t某银行中国\t合计\n男性\t女性\t男性\t女性\t合计\t(%)\n"
        "30岁或以下\t306\t328\t75\t151\t860\t(71.8%)\n30至39岁\t103\t130\t32\t57\t322\t(21.8%)\n"
        "合计\t409\t458\t107\t208\t1,182\t(100.0%)", 2016, set(),
    ),
    "a header word run into the first year's cell (单位 2014年): the years still head their columns": (
        "指标\t单位 2014年\t2015年\t2016年\n环保总投资\t万元\t12.5\t20.4\t31.6\n环保培训人数\t人\t900\t950\t990", 2016,
        {("environmental_investment", 2014, 12.5 * W), ("environmental_investment", 2015, 20.4 * W),
         ("environmental_investment", 2016, 31.6 * W)},
    ),
    "a year and words that are no header's (合计 2016年) stay one cell": (
        "指标\t合计 2016年\t2017年\n环保总投资\t万元\t12.5\t20.4", 2017, set(),
    ),
    "a table run into one line: the header's years, then label, glued unit and one number per year": (
        "环境指标\n指标单位2014年2015年2016年 综合能源消费量万吨标准煤2.4 2.2 2.1 工业总产值万元300,100 350,200 "
        "400,300 万元产值综合消耗吨/标煤万元0.08 0.063 0.0525 Annual Report 2016 09 下一章", 2016,
        {("energy_consumption", 2014, 2.4 * W), ("energy_consumption", 2015, 2.2 * W),
         ("energy_consumption", 2016, 2.1 * W), ("energy_intensity", 2014, 0.08), ("energy_intensity", 2015, 0.063),
         ("energy_intensity", 2016, 0.0525)},
    ),
    "a run-on line with one row after its years is no table": (
        "2014年2015年2016年 员工总数人 3,100 3,200 3,300 人员稳定", 2016, set(),
    ),
    "years in one cell, an empty cell after the label": (
        "项目\t2016年 2017年 2018年\t\t\n营业收入（亿元）\t\t45.2\t48.9\t52.3", 2018,
        {("revenue", 2016, 45.2 * E), ("revenue", 2017, 48.9 * E), ("revenue", 2018, 52.3 * E)},
    ),
    "side-by-side panels each print the year header: the repeated run of year lines is one header": (
        "经济指标\n2015\n2016\n2017\n2015\n2016\n2017\n资产总额（亿元）\n120.50\t131.20\t140.75\n"
        "利润总额（亿元）\n8.15\t9.02\t9.64", 2017,
        {("total_assets", 2015, 120.5 * E), ("total_assets", 2016, 13120000000), ("total_assets", 2017, 140.75 * E),
         ("total_profit", 2015, 8.15 * E), ("total_profit", 2016, 9.02 * E), ("total_profit", 2017, 9.64 * E)},
    ),
    "a title dating the table over 人数 | 占比 columns: the count and share columns are the title's year": (
        "截至2016年12月31日员工情况表\n项目类别\t人数\t占比\n员工总人数（人）\t52,482\t100.00%\n"
        "少数民族员工（人）\t3,433\t6.54%\n按性别划分\t\t\n男性员工（人）\t26,341\t50.19%\n"
        "女性员工（人）\t26,141\t49.81%", 2016,
        {("employees", 2016, 52482), ("minority_employees", 2016, 3433), ("female_employees", 2016, 26141),
         ("female_employees_ratio", 2016, 0.4981)},
    ),
    "人数 | 占比 under a title naming no year reads nothing": (
        "员工情况表\n项目类别\t人数\t占比\n员工总人数（人）\t52,482\t100.00%\n女性员工（人）\t26,141\t49.81%",
        2016, set(),
    ),
    "a title's year over a column that is no measure (余额) reads nothing": (
        "截至2016年12月31日贷款情况表\n项目类别\t余额\t占比\n员工总人数（人）\t52,482\t100.00%", 2016, set(),
    ),
    "years with pipes": (
        "| 2016 年 | 2017 年 | 2018 年\t\t\t\n员工总数（人）\t9,800\t10,250\t11,020", 2018,
        {("employees", 2016, 9800), ("employees", 2017, 10250), ("employees", 2018, 11020)},
    ),
    "empty cells keep the columns": (
        "经济指标\t单位\t\t2016\t2015\t\t2014\n资产总额\t亿元\t\t238,416\t219,745\t\t203,882", 2016,
        {("total_assets", 2016, 238416 * E), ("total_assets", 2015, 219745 * E), ("total_assets", 2014, 203882 * E)},
    ),
    "an OCR-split number inside a cell": (
        "指标\t2016年\t2015年\n营业收入（万元）\t361, 482\t329, 517\n公益捐赠（万元）\t54.18\t31. 25", 2016,
        {("revenue", 2016, 361482 * W), ("revenue", 2015, 329517 * W), ("donations", 2016, 54.18 * W),
         ("donations", 2015, 31.25 * W)},
    ),
    "an OCR-split decimal in a space-separated row: cells cannot be told apart": (
        "指标 2016年 2015年 2014年\nCOD排放量 吨 332. 6 349. 67 244.6", 2016, set(),
    ),
    "a unit in the label's parentheses with 单位": (
        "\t2014年\t2015年\t2016年\n营业收入(单位：亿元人民币）\t1089.25\t1355.48\t1485.85", 2016,
        {("revenue", 2014, 1089.25 * E), ("revenue", 2015, 1355.48 * E), ("revenue", 2016, 1485.85 * E)},
    ),
    "Hong Kong units and wording, footnote marks after labels": (
        "\t2016年\t2015年\t变动（%）\n員工數目（截至12月31日－全職員工）\t9,708*\t10,141\t-433\n"
        "溫室氣體釋放量總計（千公噸二氧化碳）附註甲\t24.27\t25.91\t-6.33\n耗電量（千兆瓦小時）\t36.65\t36.43\t+0.6\n"
        "社会捐赠额（百万元）注2\t791\t650\t21.7", 2016,
        {("employees", 2016, 9708), ("employees", 2015, 10141), ("ghg_emissions", 2016, 24270),
         ("ghg_emissions", 2015, 25910), ("electricity_consumption", 2016, 36.65e6),
         ("electricity_consumption", 2015, 36.43e6), ("donations", 2016, 791e6), ("donations", 2015, 650e6)},
    ),
    "a header over several lines": (
        "年度\t现金分红\t合并报表中归属于\n\t（万元）\t上市公司股东的净利润（万元）\n2015年\t3,600.00\t4,930.40", 2016, set(),
    ),
    "two-digit years with 年 in the header: the report's century": (
        "主要指标\t18年\t19年\n营业收入（亿元）\t45.2\t48.9\n员工总数（人）\t3120\t2980", 2020,
        {("revenue", 2018, 45.2 * E), ("revenue", 2019, 48.9 * E), ("employees", 2018, 3120), ("employees", 2019, 2980)},
    ),
    "two-digit numbers with 年 that are durations: no header": (
        "工龄\t3年\t5年\n员工总数（人）\t120\t80", 2020, set(),
    ),
    "a year split from its 年 over two cells, its value's cell shifted": (
        "\t指标\t2018\t年 2019年\t\t2020\t年\n经济\t营业收入（亿元）\t45.2\t\t48.9\t52.3\t", 2020,
        {("revenue", 2018, 45.2 * E), ("revenue", 2019, 48.9 * E), ("revenue", 2020, 52.3 * E)},
    ),
    "a year split from its 年 by a tab": (
        "指标名称\t2018 年\t2019\t年\t2020 年\n营业收入（亿元）\t45.2\t48.9\t\t52.3", 2020,
        {("revenue", 2018, 45.2 * E), ("revenue", 2019, 48.9 * E), ("revenue", 2020, 52.3 * E)},
    ),
    "a year on the line above its 年": (
        "\t\t\t2018\t\n项目\t2020 年\t2019 年\t年\t备注\n营业收入（亿元）\t52.3\t48.9\t45.2\t合并口径", 2020,
        {("revenue", 2018, 45.2 * E), ("revenue", 2019, 48.9 * E), ("revenue", 2020, 52.3 * E)},
    ),
    "a list of awards with a span of years is no header": (
        "2018 - 2019年某市名牌\t2019年优秀企业\t2018年先进单位\n营业收入（亿元）\t45.2\t48.9", 2020, set(),
    ),
    "two staff tables side by side under one financial year": (
        "\t\t2019财年\t\t\t2019财年\n按性别划分\t\t\t\t按地区划分\t\n男性\t\t1,480\t\t华东\t0\n"
        "员工人数\t女性\t2,260\t死亡人数\t华南\t1\n\t总数\t3,740\t\t总数\t1", 2019,
        {("employees", 2019, 3740), ("female_employees", 2019, 2260), ("work_fatalities", 2019, 1)},
    ),
    "traditional characters, a total row with its share": (
        "新進員工\t\t\n男性\t\t215 (6.1%)\n女性\t\t188 (5.3%)\n總數\t\t403 (11.4%)", 2019, {("new_hires", 2019, 403)},
    ),
    "two amounts in one cell of a long statement row are no sentence": (
        "合并现金流量表\n人民币元\n附注五\t2019年\t2018年\n一、经营活动产生的现金流量\n"
        "销售商品、提供劳务收到的现金\t12,345,678,901.23 11,234,567,890.12\n"
        "支付的各项税费\t1,234,567,890.12\t1,123,456,789.01", 2019,
        {("taxes_paid", 2019, 1234567890.12), ("taxes_paid", 2018, 1123456789.01)},
    ),
    "a bare 人民币 line names no unit": (
        "人民币\n项目\t2019年\t2018年\n利润总额\t152,300\t141,000", 2019, set(),
    ),
    "one label over each part and the whole: the whole's column (HKEX appendix tables)": (
        "某海外業務\t\t某國內業務\t\t某集團-總計\n總耗水量\t總耗水量\t總耗水量\n"
        "約1,200萬立方米\t約800萬立方米\t約2,000萬立方米", 2019, {("water_consumption", 2019, 2000 * W)},
    ),
    "a cell with two values for a label with two names is not a fraction": (
        "指标\t2019年\t2020年\n员工总数/女性员工数（人）\t300/60\t320/70", 2020, set(),
    ),
}


TITLED: dict[str, Case] = {
    "精准扶贫 table: 资金 with its unit column": (
        ("（2）上市公司年度精准扶贫工作情况",),
        (("指标", "计量单位", "数量/开展情况"), ("一、总体情况", "——", "——"), ("其中：1.资金", "万元", "236.40"),
         ("2.物资折款", "万元", "12.50"), ("3.帮助建档立卡贫困人口脱贫数", "人", "58")), 2017,
        {("poverty_alleviation_investment", 2017, 236.4 * W)},
    ),
    "精准扶贫成效 table under a 单位 line": (
        ("3. 精准扶贫成效", "单位：万元 币种：人民币"),
        (("指标", "数量及开展情况"), ("一、总体情况", ""), ("其中：1．资金", "1,320.00"), ("2．物资折款", "85.60")), 2018,
        {("poverty_alleviation_investment", 2018, 1320 * W)},
    ),
    "乡村振兴 table: 总投入 is the whole, 资金 a part": (
        ("三、巩固拓展脱贫攻坚成果、乡村振兴等工作具体情况",),
        (("扶贫及乡村振兴项目", "数量/内容"), ("总投入（万元）", "2,450.00"), ("其中：资金（万元）", "2,100.00"),
         ("物资折款（万元）", "350.00")), 2021,
        {("poverty_alleviation_investment", 2021, 2450 * W)},
    ),
    "the form under the report's own heading: its 建档立卡 row names it": (
        ("（三）总结某某公益成果", "单位：万元"),
        (("指标", "数量/开展情况"), ("一、总体情况", ""), ("其中：1.资金（含物资折款）", "1,048.60"),
         ("2.物资折款", "6.20"), ("3.帮助建档立卡贫困人口脱贫数（人）", "75")), 2016,
        {("poverty_alleviation_investment", 2016, 1048.6 * W)},
    ),
    "资金 without such a title names no KPI": (
        ("项目资金使用情况",), (("指标", "计量单位", "数量"), ("其中：1.资金", "万元", "236.40")), 2017, set(),
    ),
}


NUMBERED: dict[str, Case] = {
    "numbered items of a social-responsibility table": (
        ("具体情况说明",),
        (("1.公司是否通过环境管理体系认证（ISO14001）", "是"), ("2.公司年度环保投支出金额（万元）", "1,250.5"),
         ("5.公司的社会公益捐赠（资金、物资、无偿专业服务）金额（万元）", "320.16")), 2017,
        {("environmental_investment", 2017, 1250.5 * W), ("donations", 2017, 320.16 * W)},
    ),
    "the 2021 format's 减碳措施 table: the unit in the label": (
        ("（二）报告期内为减少其碳排放所采取的措施及效果",),
        (("是否采取减碳措施", "是"), ("减少排放二氧化碳当量（单位：吨）", "12,350"), ("减碳措施类型", "使用清洁能源发电")), 2021,
        {("co2_reduction", 2021, 12350)},
    ),
    "a sub-item's numbering 2.2 is no list number": (
        (), (("2.2职业技能培训人数", "人次", "35"),), 2017, set(),
    ),
}


POLLUTANTS: dict[str, Case] = {
    "排污信息: the tonnage column, not the permitted total nor the concentration": (
        ("排污信息", "单位：吨"),
        (("污染物名称", "排放方式", "排放浓度（mg/L）", "排放总量", "核定排放总量", "超标排放情况"),
         ("化学需氧量", "间接排放", "45", "12.35", "30.5", "无"), ("氨氮", "间接排放", "3.2", "0.85", "3.0", "无")), 2019,
        {("cod_emissions", 2019, 12.35), ("ammonia_nitrogen_emissions", 2019, 0.85)},
    ),
    "排污信息: unit in the column header, concentrations with their units": (
        (), (("主要污染物名称", "排放浓度", "排放总量（吨）", "核定排放总量（吨/年）"), ("COD", "45mg/L", "12.35", "30.5"),
             ("二氧化硫", "35mg/m3", "56.2", "120"), ("氮氧化物（NOx）", "80mg/m3", "130.6", "300")), 2019,
        {("cod_emissions", 2019, 12.35), ("so2_emissions", 2019, 56.2), ("nox_emissions", 2019, 130.6)},
    ),
    "排污信息 of outlets: no outlet is the company, none are added up": (
        (), (("主要污染物名称", "排放口编号", "排放浓度", "排放总量（吨）", "核定排放总量（吨）"),
             ("化学需氧量", "DW001", "45mg/L", "6.2", "15"), ("化学需氧量", "DW002", "40mg/L", "5.1", "15"),
             ("氨氮", "DW001", "2mg/L", "0.4", "1.5")), 2019, set(),
    ),
    "排污信息 of a plant named above the table": (
        ("2、江宁热电厂排污信息",), (("污染物名称", "排放浓度", "排放总量（吨）", "核定排放总量（吨）"),
                                 ("二氧化硫", "20mg/m3", "16.2", "55")), 2019, set(),
    ),
    "a pollutant table's hazardous-waste row is read too (it was passed over)": (
        (), (("主要污染物", "排放浓度", "排放量（吨）", "核定排放总量（吨）"), ("化学需氧量", "38mg/L", "41", "60"),
             ("氨氮", "4mg/L", "2.6", "5"), ("危险废物", "/", "95", "/")), 2016,
        {("cod_emissions", 2016, 41), ("ammonia_nitrogen_emissions", 2016, 2.6), ("hazardous_waste", 2016, 95)},
    ),
    "排污信息 with a permitted total only": (
        (), (("污染物名称", "排放浓度", "核定排放总量（吨）"), ("二氧化硫", "20mg/m3", "55")), 2019, set(),
    ),
    "排污信息 with one pollutant over several plants": (
        ("单位：吨",), (("污染物名称", "排放方式", "排放浓度", "排放总量"), ("二氧化硫", "有组织", "20mg/m3", "16.2"),
                       ("二氧化硫", "有组织", "25mg/m3", "11.4")), 2019, set(),
    ),
}


# Small bar charts of key figures: each titled with its label and unit, a year beside each bar and the
# bar's value after it; several side by side on one row of titles.
CHARTS: dict[str, Case] = {
    "two bar charts side by side, a year beside each bar": (
        (), (("营业收入（万元）", "", "利润总额（万元）", ""), ("2020年", "52,310.5", "2020年", "8,120.3"),
             ("2019年", "47,902.1", "2019年", "7,460.8"), ("2018年", "41,550.0", "2018年", "6,905.2")), 2020,
        {("revenue", 2020, 52310.5 * W), ("revenue", 2019, 47902.1 * W), ("revenue", 2018, 41550.0 * W),
         ("total_profit", 2020, 8120.3 * W), ("total_profit", 2019, 7460.8 * W), ("total_profit", 2018, 6905.2 * W)},
    ),
    "a chart whose title names no KPI passes its column over": (
        (), (("总资产（万元）", "", "利税总额（万元）", ""), ("2021年", "96,020.4", "2021年", "5,310.2"),
             ("2020年", "88,114.9", "2020年", "4,870.6")), 2021,
        {("total_assets", 2021, 96020.4 * W), ("total_assets", 2020, 88114.9 * W)},
    ),
    "one chart, years newest first": (
        (), (("员工总数（人）",), ("2021年", "3,210"), ("2020年", "3,050")), 2021,
        {("employees", 2021, 3210), ("employees", 2020, 3050)},
    ),
    "a chart in the unit of the 单位 line above its title": (
        ("单位：万元",), (("营业收入", ""), ("2021年", "12,480.6"), ("2020年", "11,032.9")), 2021,
        {("revenue", 2021, 12480.6 * W), ("revenue", 2020, 11032.9 * W)},
    ),
    "the same year twice down the axis is no chart": (
        (), (("员工总数（人）",), ("2020年", "3,210"), ("2020年", "3,050")), 2020, set(),
    ),
    "a Hong Kong financial summary: a unit under each year, 收益 the revenue": (
        ("財務摘要",), (("", "2016年", "2015年"), ("", "人民幣百萬元", "人民幣百萬元"), ("收益", "12,345", "11,000"),
                      ("除稅前溢利", "2,345", "2,100"), ("投資收益", "345", "100")), 2016,
        {("revenue", 2016, 12345 * W * 100), ("revenue", 2015, 11000 * W * 100),
         ("total_profit", 2016, 2345 * W * 100), ("total_profit", 2015, 2100 * W * 100)},
    ),
    "units that differ under the years are no unit row": (
        (), (("", "2016年", "2015年"), ("", "人民幣百萬元", "噸"), ("收益", "12,345", "11,000")), 2016, set(),
    ),
    "attributable profit is no net profit": (
        (), (("归属于上市公司股东的净利润（万元）", ""), ("2020年", "2,310.5"), ("2019年", "1,902.1")), 2020, set(),
    ),
}


def _rows(text: str, year: int) -> set[Row]:
    rows, _ = resolve(find_page_candidates(Page(0, text), year), year, 0.5)
    return {(r.kpi_id, r.year, round(r.value, 6)) for r in rows}


def _expected(want: set[Row]) -> set[Row]:
    return {(k, y, round(float(v), 6)) for k, y, v in want}


def _cases(*groups: dict[str, Case]) -> list[object]:
    return [pytest.param(*case, id=name) for group in groups for name, case in group.items()]


ALL = _cases(HEADERS, UNITS, COLUMNS, STAFF, TITLED, NUMBERED, POLLUTANTS, CHARTS)


@pytest.mark.parametrize(("above", "rows", "year", "want"), ALL)
def test_text_grid(above: tuple[str, ...], rows: tuple[tuple[str, ...], ...], year: int, want: set[Row]) -> None:
    text = "\n".join([*above, *("\t".join(r) for r in rows)])
    assert _rows(text, year) == _expected(want)


@pytest.mark.parametrize(("text", "year", "want"), [pytest.param(*c, id=n) for n, c in TEXT_ONLY.items()])
def test_text_only_layouts(text: str, year: int, want: set[Row]) -> None:
    assert _rows(text, year) == _expected(want)


def _pdf_rows(path: Path, year: int) -> set[Row]:
    stream = open_stream(path, wants_tables=lambda _: True)
    rows, _ = resolve(find_candidates(stream.pages(), year), year, 0.5)
    return {(r.kpi_id, r.year, round(r.value, 6)) for r in rows}


@pytest.mark.parametrize("ruled", [False, True], ids=["unruled", "ruled"])
@pytest.mark.parametrize(("above", "rows", "year", "want"), ALL)
def test_pdf_grid(
    tmp_path: Path, above: tuple[str, ...], rows: tuple[tuple[str, ...], ...], year: int, want: set[Row], ruled: bool
) -> None:
    pdf = tmp_path / "grid.pdf"
    load_renderer().render_grid(pdf, rows, ruled=ruled, above=above)
    assert _pdf_rows(pdf, year) == _expected(want)


@pytest.mark.parametrize("repeat_header", [False, True], ids=["header once", "header repeated"])
def test_a_table_continued_on_the_next_page(tmp_path: Path, repeat_header: bool) -> None:
    pdf = tmp_path / "over-pages.pdf"
    renderer = load_renderer()
    renderer.render_table_over_pages(pdf, repeat_header=repeat_header)
    got = _pdf_rows(pdf, 2021)
    assert {("ghg_emissions", 2019, 456000.0), ("ghg_emissions", 2021, 408000.0)} <= got
    assert {("employees", 2019, 12406.0), ("employees", 2021, 13972.0)} <= got


def test_a_ruled_table_is_read_once(tmp_path: Path) -> None:
    """The reader's table and the page text hold the same cells: one reading per cell, not two."""
    pdf = tmp_path / "ruled.pdf"
    load_renderer().render_grid(pdf, (("指标", "2020年", "2021年"), ("员工总数（人）", "12,406", "13,118")), ruled=True)
    stream = open_stream(pdf, wants_tables=lambda _: True)
    readings = find_candidates(stream.pages(), 2021)
    assert sorted((r.year, r.value) for r in readings if r.kpi.id == "employees") == [(2020, 12406), (2021, 13118)]


POLLUTANT_NAMES = (
    "排污信息\n公司名称\t主要污染物\t排放方式\t排放浓度\t排放总量\t核定排放总量\n"
    "华岳化工有限公司\t化学需氧量\t间接排放\t45mg/L\t12.35吨\t30.5吨\n"
    "华岳化工有限公司\t氨氮\t间接排放\t3.2mg/L\t0.85吨\t3.0吨\n"
    "江宁热电有限公司\t二氧化硫\t有组织排放\t35mg/m3\t56.2吨\t120吨"
)


@pytest.mark.parametrize(
    ("own", "want"),
    [
        pytest.param((), set(), id="no own name known: every named company is another's"),
        pytest.param(
            ("华岳化工有限公司",),
            {("cod_emissions", 2019, 12.35), ("ammonia_nitrogen_emissions", 2019, 0.85)},
            id="the reporting company's rows only",
        ),
    ],
)
def test_pollutant_table_with_a_name_column(own: tuple[str, ...], want: set[Row]) -> None:
    rows, _ = resolve(find_page_candidates(Page(0, POLLUTANT_NAMES), 2019, own), 2019, 0.5)
    assert {(r.kpi_id, r.year, round(r.value, 6)) for r in rows} == _expected(want)
