"""The report's keys: its registered name and stock code (data/identity.yaml), never a fragment."""

from __future__ import annotations

import pytest

from csr_extract.meta import CodeScanner, find_registered_name, load_identity_rules

EXAMPLES = load_identity_rules().examples


def identity(text: str) -> tuple[str | None, str | None]:
    name = find_registered_name(text)
    scanner = CodeScanner()
    scanner.scan(text)
    return name, scanner.best(name)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.text[:24].replace("\n", " ") for e in EXAMPLES])
def test_the_data_files_examples(example: object) -> None:
    assert identity(example.text) == (example.company, example.stock_code)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("证券代码：605999  证券简称：甲", "605999.SH"),
        ("股票代码：0 0 1 9 9 9", "001999.SZ"),  # digits spaced out by the text conversion
        ("股 票 代 码 ： 3 0 1 9 9 9", "301999.SZ"),
        ("股票交易代码为“603998”", "603998.SH"),
        ("股份代號：08988", "8988.HK"),
        ("（股票代码：A股605998 H股0988）", "605998.SH"),  # A share first
        ("（股票代码：605997-SH，08987-HK）", "605997.SH"),
        ("在深交所上市（SZ.001998）", "001998.SZ"),
        ("605996.SH", "605996.SH"),
        ("于2001年在上海证券交易所上市（代码 603999）", "603999.SH"),
        ("股票代码：900999", "900999.SH"),  # a B share when there is nothing else
        ("股票代码：605995；B股代码：900998", "605995.SH"),
        ("共有员工 605999 名", None),  # a number is not a code
        ("代码 605999", None),  # a bare 代码 needs an exchange before it
        ("股票代码：0999", None),  # 4 digits: Hong Kong only when it says so
        ("控股子公司甲（股票代码：605994）", None),
        ("在新三板挂牌，证券代码：839997", None),
        ("证券代码：839997。证券代码：839997。", "839997.NQ"),  # a NEEQ code needs two mentions
        ("股票代码：605993。股票代码：605992。", None),  # two codes, none mentioned most
    ],
    ids=lambda v: str(v),
)
def test_stock_codes(text: str, code: str | None) -> None:
    scanner = CodeScanner()
    scanner.scan(text)
    assert scanner.best() == code


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("示例甲股份有限公司2016年度社会责任报告\n示例甲股份有限公司董事会", "示例甲股份有限公司"),
        ("报告主体：示例乙集团有限责任公司\n示例乙集团有限责任公司发布", "示例乙集团有限责任公司"),
        ("“公司”“本公司”均指示例丙股份有限公司。示例丙股份有限公司", "示例丙股份有限公司"),
        ("2016年度社会责任报告\n示例丁股份有限公司", "示例丁股份有限公司"),  # a cover: title, then name
        ("2016年度社会责任报告\n公司与示例丁股份有限公司签订合同。", None),  # a partner named once
        ("本公司及各子公司2016年度社会责任报告\n公司与子公司2016年度社会责任报告", None),  # generic words
        ("本报告由某会计师事务所有限公司鉴证。\n某会计师事务所有限公司（以下简称“公司”）", None),  # a third party
        ("TCL示例集团股份有限公司 2016年社会责任报告\nTCL示例集团股份有限公司董事会", "TCL示例集团股份有限公司"),
        (
            "示例戊股份有限公司2016年社会责任报告\n示例戊股份有限公司（以下简称“公司”）\n"
            "控股股东示例己集团有限公司（以下简称“集团”）",
            "示例戊股份有限公司",
        ),
    ],
    ids=lambda v: str(v)[:20],
)
def test_registered_names(text: str, name: str | None) -> None:
    assert find_registered_name(text) == name


def test_a_code_after_another_companys_name_is_not_the_publishers() -> None:
    scanner = CodeScanner()
    scanner.scan("示例港股份有限公司（以下简称“公司”，股票代码605991）。合作方示例银行股份有限公司（股票代码：605990）")
    assert scanner.best("示例港股份有限公司") == "605991.SH"
    assert scanner.best(None) is None  # without the publisher's name both codes are someone's
