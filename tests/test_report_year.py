"""The report year: the report's title and stated period say it (data/identity.yaml: report_year);
a cited report, an annual report, a timeline or a plan does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from csr_extract.document import Document, Page
from csr_extract.meta import detect_report_year, find_report_year, load_identity_rules

EXAMPLES = load_identity_rules().report_year.examples


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.text[:24].replace("\n", " ") for e in EXAMPLES])
def test_the_data_files_examples(example: object) -> None:
    assert find_report_year(example.text) == example.year  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # titles
        ("示例股份有限公司2021年度社会责任报告", 2021),
        ("2021年年度社会责任报告", 2021),  # 年年度
        ("二〇二一年度环境、社会及管治报告", 2021),  # Chinese digits
        ("2021年度履行社会责任的报告", 2021),
        ("12 2021示例集团企业社会责任报告", 2021),  # a name between the year and the title, a page number before
        ("可持續發展報告2021", 2021),  # traditional characters, the year after the title
        ("SUSTAINABILITY REPORT 2021 | 示例", 2021),
        ("示例\n2021\nCorporate Social Responsibility Report", 2021),  # the year on a line of its own
        # not the report's own title
        ("公司审议通过了2020年年度报告。", None),  # an annual report
        ("依据《2010年度报告工作备忘录第一号内控报告和社会责任报告编制指引》", None),
        ("2012年示例公司首次发布了社会责任报告，此后每年发布。", None),  # a sentence, not a title line
        ("参照《企业社会责任报告评级标准（2014）》", None),
        ("企业社会责任报告自2010年起每年发布", None),
        ("2020年度优秀企业\t社会责任报告奖", None),  # a tab parts two cells
        ("社会责任报告\n展望2022", None),  # a plan
        ("社会责任报告\n大事记\n2011 2015 2019 2022", None),  # a timeline
        # the stated period
        ("报告时间范围：2021年1月1日至2021年12月31日", 2021),
        ("报告吋间范围：2021年1月1曰至2021年12月31日", 2021),  # OCR: 吋, 曰
        ("本报告是示例公司截至2021年12月31日止的报告", 2021),
        ("本报告介绍了 2021年度公司的表现", 2021),
        ("本报告回顾了2019年至2021年的工作", None),  # a span of years: not one year
        ("报告期间：2021年1月1日-12月31日", 2021),  # the year said once
        ("本报告时间范围为2021年7月1日至2021年12月31日", None),  # half a year
        # financial years: the year named, a year across two is the year it ends in
        ("本报告载述本集团于2021财政年度（2020年7月1日至2021年6月30日）的工作", 2021),
        ("报告期：2020年4月1日至2021年3月31日", 2021),
        ("报告期：2019年4月1日至2021年3月31日", None),  # two years: not a financial year
        ("本报告涵盖截至2021年3月31日止年度", 2021),
        ("本报告涵盖截至2021年3月31日的表现", None),  # a date, not a year ended
        ("2021/22年度可持续发展报告", 2022),
        ("可持續發展報告2021/2022", 2022),
        ("二零二一/二二財政年度環境、社會及管治報告", 2022),
        ("2021財年可持續發展報告", 2021),
        ("2014/2016年度社会责任报告", None),  # not consecutive: no financial year
        ("環境、社會及管治報吿2021", 2021),  # 吿, a variant of 告
        # votes: a stale running header is one claim however often it is printed
        ("2021年度社会责任报告\n本报告介绍了2021年度的工作\n" + "2020年度社会责任报告\n" * 9, 2021),
        ("2021年度社会责任报告\n" * 5 + "公司发布了《2020年度社会责任报告》", 2021),
        ("公司发布了《2020年度社会责任报告》和《2021年度社会责任报告》", 2021),  # cited only: the latest
        (
            "审议通过：1、公司2020年社会责任报告；2、利润分配方案。\n示例科技2021年社会责任报告",
            2021,
        ),  # a sentence weighs less
    ],
)
def test_find_report_year(text: str, year: int | None) -> None:
    assert find_report_year(text) == year


@pytest.mark.parametrize(
    ("text", "source", "year"),
    [
        ("2021年度社会责任报告\n2019年2019年2019年", "report.txt", 2021),
        ("公司简介\n2019年2019年2020年", "csr_2021.txt", 2021),  # the file name
        ("公司简介\n2019年，2019年，2020年", "report.txt", 2019),  # else the commonest year
        ("公司简介", "report.txt", None),
    ],
)
def test_detect_report_year_falls_back_on_the_file_name_and_commonest_year(
    text: str, source: str, year: int | None
) -> None:
    doc = Document(Path(source), "text", [Page(1, text)], 1, "0" * 64, [], None)
    assert detect_report_year(doc) == year
