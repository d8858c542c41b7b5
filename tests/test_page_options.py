"""The reader's options on the command line: --pages, --password and --ocr."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from csr_extract.cli import main

from .pdf_fixtures import load_renderer


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def rows(out: Path, stem: str) -> list[tuple[str, int, float, int]]:
    table = pq.read_table(out / f"{stem}.parquet", columns=["kpi_id", "year", "value", "page"])
    return [(r["kpi_id"], r["year"], r["value"], r["page"]) for r in table.to_pylist()]


def test_help_names_the_reader_options() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    for word in ("--pages", "40-60,72", "--password", "--ocr", "auto", "force", "csr-extract[ocr]"):
        assert word in out


@pytest.mark.parametrize(
    ("pages", "expected"),
    [("3", [("employees", 2020, 1003.0, 3)]), ("4-9", [("employees", 2020, 1004.0, 4)])],
    ids=["one-page", "range-past-the-end"],
)
def test_pages_reads_only_those_pages_and_keeps_their_numbers(
    tmp_path: Path, pages: str, expected: list[tuple[str, int, float, int]]
) -> None:
    pdf = tmp_path / "pages.pdf"
    load_renderer().render_pages(pdf, 4)
    out = tmp_path / "out"
    code, _, err = run([str(pdf), "--out", str(out), "--year", "2020", "--pages", pages, "--ocr", "off"])
    assert code == 0, err
    assert rows(out, "pages") == expected


@pytest.mark.parametrize("pages", ["0", "3-1", "x", "1,,2"])
def test_bad_page_list_is_a_usage_error(tmp_path: Path, pages: str) -> None:
    code, _, err = run([str(tmp_path / "any.pdf"), "--pages", pages])
    assert code == 2 and "--pages" in err


def test_password_opens_the_pdf_and_stays_out_of_the_manifest(tmp_path: Path) -> None:
    pdf = tmp_path / "locked.pdf"
    load_renderer().render_encrypted(pdf, password="s3cret")
    out = tmp_path / "out"
    code, _, err = run([str(pdf), "--out", str(out), "--year", "2020", "--password", "s3cret"])
    assert code == 0, err
    assert rows(out, "locked") == [("revenue", 2020, 11_600_000_000.0, 1)]
    manifest = pq.read_table(out / "_meta" / "manifest.parquet").to_pylist()
    assert all("s3cret" not in str(value) for row in manifest for value in row.values())


def test_wrong_password_fails_cleanly(tmp_path: Path) -> None:
    pdf = tmp_path / "locked.pdf"
    load_renderer().render_encrypted(pdf, password="s3cret")
    code, _, err = run([str(pdf), "--out", str(tmp_path / "out"), "--password", "guess"])
    assert code == 1 and "password is wrong" in err and "Traceback" not in err


def test_ocr_force_without_the_extra_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("csr_extract.reader.ocr.ocr_available", lambda: False)
    code, _, err = run([str(tmp_path / "any.pdf"), "--ocr", "force"])
    assert code == 2 and "pip install 'csr-extract[ocr]'" in err


def test_page_selection_is_part_of_the_manifest_options(tmp_path: Path) -> None:
    pdf = tmp_path / "in" / "pages.pdf"
    pdf.parent.mkdir()
    load_renderer().render_pages(pdf, 3)
    out = tmp_path / "out"
    base = [str(pdf.parent), "--out", str(out), "--year", "2020", "--ocr", "off"]
    statuses = []
    for extra in (["--pages", "2"], ["--pages", "2"], ["--pages", "3"]):
        code, _, err = run([*base, *extra])
        assert code == 0, err
        statuses.append(pq.read_table(out / "_meta" / "manifest.parquet").to_pylist()[0]["status"])
    assert statuses == ["ok", "skipped", "ok"]
    assert rows(out, "pages") == [("employees", 2020, 1003.0, 3)]


# --- --pages: the cover still names the company and year; a text input says it is ignored -------------

COVERED = (
    "示例科技股份有限公司\n2020年社会责任报告\n"
    + "\n".join(f"第{i}段：本公司坚持以人为本，关爱员工成长。" for i in range(60))
    + "\n2020年，公司员工总数 1,234 人。\n"
)  # two pages: the cover and 40 lines, then the rest and the figure


@pytest.mark.parametrize(
    ("pages", "company", "year", "expected"),
    [
        pytest.param(None, "示例科技股份有限公司", 2020, [("employees", 2020, 1234.0, 2)], id="all-pages"),
        pytest.param("2", "示例科技股份有限公司", 2020, [("employees", 2020, 1234.0, 2)], id="--pages-2:cover-p1-still-read"),
        pytest.param("1", "示例科技股份有限公司", 2020, [], id="--pages-1:no-value-from-p2"),
    ],
)
def test_pages_leave_the_cover_to_company_and_year_detection(
    tmp_path: Path, pages: str | None, company: str, year: int, expected: list[tuple[str, int, float, int]]
) -> None:
    from csr_extract import extract

    pdf = tmp_path / "covered.pdf"
    load_renderer().render_single_column(COVERED, pdf)
    report = extract(pdf, pages=pages, ocr="off")
    assert (report.company, report.report_year, report.page_count) == (company, year, 2)
    assert [(k.kpi_id, k.year, k.value, k.page) for k in report.kpis] == expected


def test_pages_on_a_text_input_is_one_warning(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    src.write_text("2020年社会责任报告\n2020年，公司员工总数 1,234 人。\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, _ = run([str(src), "--out", str(out), "--pages", "1-3"])
    assert code == 0
    assert stdout.count("warning: --pages applies to PDFs only: the whole text was read") == 1
    assert rows(out, "r") == [("employees", 2020, 1234.0, None)]
