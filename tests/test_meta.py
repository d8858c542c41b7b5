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
        # Hong Kong codes of one to three digits, zero-padded like the others
        ("（香港股份代號：825）", "0825.HK"),
        ("(股份代号：11)", "0011.HK"),
        ("在香港联合交易所上市（835.HK）", "0835.HK"),
        ("股票代码：825", None),  # three digits: Hong Kong only when it says so
        ("股份代號17E51", None),  # a short number glued to more (OCR)
        ("股份代號：6999。示例家居(605989.SH)", "605989.SH"),  # an A-share code wins when it is the publisher's
        # codes of clients, deals, issues underwritten and holdings
        ("股份代號：6999。參與的跨境併購交易包括示例家居(605989.SH)收購海外品牌。", "6999.HK"),
        ("股份代號：6999。其中包括示例家居(605989.SH)收購海外品牌。", "6999.HK"),  # an example of many
        ("IPO主承销项目：605985.SH 示例股份 5.2亿元", None),
        ("公司通过二级市场买入某某股份5%股权（股票代码：002999）", None),
        ("孵化项目包括甲科技（839990）、乙传媒（002998.SZ）和丙医疗（605984.SH）", None),
        ("乙传媒（002998.SZ）、丙医疗（605984.SH）、丁能源（605983.SH）", None),
        # an enumeration of clauses is not one of companies
        ("设立、1993年开业、1999年在上海证券交易所挂牌上市（股票交易代码：605982）", "605982.SH"),
        ("在上交所上市（股票代码605981）、2013年12月在香港联合交易所挂牌上市（股票代码6981）", "605981.SH"),
        ("在上交所上市（股票代码605981）和在香港上市（股票代码6981）", "605981.SH"),
        ("A股（605980.SH）、H股（6980.HK）", "605980.SH"),
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
        ("樣本零售中國有限公司可持續發展報吿", "樣本零售中國有限公司"),  # 吿 for 告: still the report's title
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
