"""``csr-extract explain``: every reading of a KPI, kept or dropped, with evidence, page and trace."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from csr_extract.cli import main as cli_main
from csr_extract.explain import explain

from .pdf_fixtures import load_renderer

REPORT = (
    "2020年社会责任报告\n\n"
    "2020年公司实现营业收入120亿元，利润总额8亿元。\n\n"
    "本年营业收入约118亿元。\n\n"
    "公司计划2021年营业收入达到150亿元。\n\n"
    "所属华东分公司实现营业收入12亿元。\n"
)


@pytest.fixture
def text_report(tmp_path: Path) -> Path:
    path = tmp_path / "report_2020.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_explain_lists_kept_lost_and_vetoed_readings_with_their_trace(text_report: Path) -> None:
    found = explain(str(text_report), kpi="revenue")
    got = [(e.year, e.raw, e.status, e.trace) for e in found]
    assert got == [
        (2020, "120亿元", "kept", "prose.after 0.88"),
        (2020, "约118亿元", "lost", "prose.after 0.88"),
        (2020, "12亿元", "lost", "prose.after 0.88; ×0.4 partial_scope"),
        (2021, "150亿元", "vetoed", "prose.after 0.88; vetoed: target"),
    ]
    assert all(e.page is None and e.raw in e.evidence for e in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "2016年末，公司员工总数1,234,567人。2016年，公司开展技能培训，共培训员工3,000人次。",
            [("3,000人次", "implausible", "under 5% of the year's employees (1,234,567 person)")],
            id="3,000-of-1,234,567:grouped-digits",
        ),
        pytest.param(
            "2016年末，公司员工总数2.5万人。2016年，公司开展技能培训，共培训员工600人次。",
            [("600人次", "implausible", "under 5% of the year's employees (2.5万 person)")],
            id="600-of-2.5万:as-printed",
        ),
        pytest.param(
            "2016年末，公司员工总数2.5万人。2016年，公司全年共培训员工2万人次。",
            [("2万人次", "kept", "row confidence 0.88")],
            id="2万-of-2.5万:kept",
        ),
    ],
)
def test_explain_names_the_floor_a_reading_is_under(tmp_path: Path, text: str, expected: list[tuple[str, str, str]]) -> None:
    """Trainees under 5% of the year's employees (kpis.yaml floor): the note showed 1.23457e+06."""
    path = tmp_path / "report_2016.txt"
    path.write_text(text, encoding="utf-8")
    assert [(e.raw, e.status, e.note) for e in explain(str(path), kpi="trainees")] == expected


def test_explain_filters_by_year(text_report: Path) -> None:
    assert {e.year for e in explain(str(text_report), kpi="revenue", year=2021)} == {2021}


def test_explain_rejects_an_unknown_kpi(text_report: Path) -> None:
    with pytest.raises(ValueError, match="unknown KPI id 'revenu'"):
        explain(str(text_report), kpi="revenu")


def test_explain_on_a_pdf_gives_pages_and_table_traces(tmp_path: Path) -> None:
    pdf = tmp_path / "tables_2021.pdf"
    load_renderer().render_kpi_tables(pdf)
    found = [e for e in explain(str(pdf), kpi="employees") if e.status == "kept"]
    assert [(e.year, e.value, e.status, e.page, e.rule) for e in found] == [
        (2019, 12406, "kept", 1, "table.cell"),
        (2020, 13118, "kept", 1, "table.cell"),
        (2021, 13972, "kept", 1, "table.cell"),
    ]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_explain_table_and_json(text_report: Path) -> None:
    code, out, _ = run("explain", str(text_report), "--kpi", "revenue")
    assert code == 0
    assert out.splitlines()[0] == "revenue 2020"
    assert "kept" in out and "vetoed: target" in out
    code, out, _ = run("explain", str(text_report), "--kpi", "total_profit", "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert (row["kpi_id"], row["year"], row["value"], row["status"]) == ("total_profit", 2020, 8e8, "kept")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        pytest.param(("explain", "missing.txt"), 1, "missing.txt", id="missing file"),
        pytest.param(("explain", "{report}", "--kpi", "nope"), 2, "unknown KPI id", id="unknown kpi"),
        pytest.param(("explain",), 2, "REPORT", id="no report"),
    ],
)
def test_cli_explain_errors(text_report: Path, argv: tuple[str, ...], code: int, message: str) -> None:
    got, _, err = run(*(a.replace("{report}", str(text_report)) for a in argv))
    assert got == code
    assert message in err


# --- explain reads a PDF as csr-extract does: --pages, --password, --ocr -------------------------------


@pytest.mark.parametrize(
    ("extra", "code", "expected"),
    [
        pytest.param(["--pages", "3"], 0, ["employees 2020", "kept 0.88 1003 人 p.3"], id="--pages-3:1003-p.3"),
        pytest.param(
            ["--pages", "2-3"], 0, ["kept 0.88 1002 人 p.2", "agrees 0.88 1003 人 p.3"], id="--pages-2-3:1002-p.2,1003-p.3"
        ),
        pytest.param(["--pages", "3-1"], 2, ["--pages"], id="--pages-3-1:usage-error"),
        pytest.param(["--ocr", "always"], 2, ["--ocr"], id="--ocr-always:usage-error"),
    ],
)
def test_explain_reads_only_the_pages_asked_for(tmp_path: Path, extra: list[str], code: int, expected: list[str]) -> None:
    pdf = tmp_path / "pages.pdf"
    load_renderer().render_pages(pdf, 4)
    got, out, err = run("explain", str(pdf), "--kpi", "employees", "--report-year", "2020", "--ocr", "off", *extra)
    assert got == code, err
    text = " ".join((out + err).split())
    for phrase in expected:
        assert phrase in text
    if code == 0:
        assert "p.1 " not in out and "p.4 " not in out


@pytest.mark.parametrize(
    ("password", "code", "expected"),
    [
        pytest.param(None, 1, "needs a password (--password)", id="no-password:says-use---password"),
        pytest.param("wrong", 1, "password", id="wrong-password:fails"),
        pytest.param("s3cret", 0, "revenue 2020", id="s3cret:reads-revenue-116亿"),
    ],
)
def test_explain_opens_an_encrypted_pdf_with_password(tmp_path: Path, password: str | None, code: int, expected: str) -> None:
    pdf = tmp_path / "locked.pdf"
    load_renderer().render_encrypted(pdf, password="s3cret")
    argv = ["explain", str(pdf), "--report-year", "2020", *(["--password", password] if password else [])]
    got, out, err = run(*argv)
    assert got == code, err
    assert expected in out + err
    if code == 0:
        assert "kept 0.88 116 亿元 p.1" in " ".join(out.split())


# --- explain's messages say only what was asked ---------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(["--year", "1999"], "no reading of any KPI for 1999 in this report", id="--year-1999"),
        pytest.param(["--kpi", "employees"], "no reading of employees in this report", id="--kpi-employees"),
        pytest.param(
            ["--kpi", "employees", "--year", "1999"], "no reading of employees for 1999 in this report", id="kpi+year"
        ),
    ],
)
def test_explain_nothing_found_names_what_was_asked(text_report: Path, extra: list[str], message: str) -> None:
    code, out, _ = run("explain", str(text_report), *extra)
    assert code == 0 and out.strip() == message


@pytest.mark.parametrize(
    ("kpi", "message"),
    [
        pytest.param("revenu", "unknown KPI id 'revenu'; did you mean 'revenue'? (the KPI ids: csr-extract kpis)", id="revenu->revenue"),
        pytest.param("employes", "unknown KPI id 'employes'; did you mean 'employees'?", id="employes->employees"),
        pytest.param("zzz", "unknown KPI id 'zzz' (the KPI ids: csr-extract kpis)", id="zzz:no-suggestion"),
    ],
)
def test_explain_unknown_kpi_suggests_the_closest_id(text_report: Path, kpi: str, message: str) -> None:
    code, _, err = run("explain", str(text_report), "--kpi", kpi)
    assert code == 2 and message in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(["--min-confidence", "5"], "argument --min-confidence: must be between 0 and 1: 5", id="confidence-5"),
        pytest.param(["--report-year", "20"], "argument --report-year: not a year: '20'", id="report-year-20"),
        pytest.param(["--report-year", "-5"], "argument --report-year: not a year: '-5'", id="report-year--5"),
        pytest.param(["--year", "abc"], "argument --year: not a year: 'abc'", id="year-abc"),
        pytest.param(["--company", " "], "argument --company: empty company name", id="company-blank"),
    ],
)
def test_explain_wrong_options_are_one_line_usage_errors(text_report: Path, extra: list[str], message: str) -> None:
    """--min-confidence 5 and --report-year 20 used to end in a ValueError traceback."""
    code, out, err = run("explain", str(text_report), *extra)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1].startswith(f"csr-extract explain: error: {message}")
    assert "Traceback" not in err
