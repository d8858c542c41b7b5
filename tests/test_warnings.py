"""Structured warnings (kind, kpi_id, year, page, message): made by the extraction, read back from
older outputs that held plain strings, counted per kind in the manifest; and the other readings a
report keeps for review."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from csr_extract import batch, cli, extract, models
from csr_extract.models import Report, ReportWarning

from .pdf_fixtures import load_renderer

ROOT = Path(__file__).resolve().parents[1]
TEXT_SAMPLE = ROOT / "data" / "raw" / "cgtc_2020_csr.txt"


def test_the_manifest_knows_every_warning_kind() -> None:
    assert batch.WARNING_KINDS == models.WARNING_KINDS
    assert batch.WARNINGS_TYPE.names == list(models.WARNING_KINDS)


@pytest.mark.parametrize(
    ("text", "kind", "kpi_id", "year", "page"),
    [
        ("revenue 2020: kept '1,958 亿元' (3 mention(s)); also read '逾 50 亿元人民币' from: 实现营业收入逾 50 亿元",
         "conflict", "revenue", 2020, None),
        ("net_profit 2021: kept '49,679.1' (2 mention(s)); also read '55,720.5' (page 105) from: 净利润 55,720.5",
         "conflict", "net_profit", 2021, 105),
        ("taxes_paid 2016-2020: kept '超过 330 亿元' (1 mention(s)); also read '300 亿元' (page 4) from: 纳税 300 亿元",
         "conflict", "taxes_paid", 2020, 4),
        ("no text layer on pages 2-4, 9: OCR needed", "reader", None, None, None),
        ("report year not found in the title, text or file name; values without a year are skipped",
         "no_year", None, None, None),
        ("no KPI found", "no_kpi", None, None, None),
        ("something a later version said", "other", None, None, None),
    ],
    ids=lambda x: str(x)[:40],
)  # fmt: skip
def test_a_plain_text_warning_of_an_older_output_gets_its_kind(
    text: str, kind: str, kpi_id: str | None, year: int | None, page: int | None
) -> None:
    warning = ReportWarning.from_text(text)
    assert (warning.kind, warning.kpi_id, warning.year, warning.page, warning.message) == (kind, kpi_id, year, page, text)
    assert str(warning) == text


def test_an_older_json_report_still_reads() -> None:
    report = extract(TEXT_SAMPLE)
    data = json.loads(report.model_dump_json())
    data["warnings"] = [w["message"] for w in data["warnings"]]
    del data["readings"]
    old = Report.model_validate(data)
    assert old.warnings == report.warnings
    assert old.readings == []


def test_the_extraction_makes_structured_warnings_and_keeps_other_readings() -> None:
    report = extract(TEXT_SAMPLE)
    assert [(w.kind, w.kpi_id, w.year, w.page) for w in report.warnings] == [("conflict", "revenue", 2020, None)]
    assert report.warnings[0].message.startswith("revenue 2020: kept '1,958 亿元' (3 mention(s)); also read '逾 50 亿元人民币'")
    lost = [(r.kpi_id, r.year, r.raw) for r in report.readings if r.status == "lost"]
    assert lost == [("revenue", 2020, "逾 50 亿元人民币")]
    agrees = [r for r in report.readings if r.status == "agrees" and (r.kpi_id, r.year) == ("revenue", 2020)]
    assert len(agrees) == 2 and {r.value for r in agrees} == {195_800_000_000.0}
    keys = {(k.kpi_id, k.year, k.period_start) for k in report.kpis}
    # a reading that supports a row belongs to a row; one that lost may be of a key no row has
    assert all((r.kpi_id, r.year, r.period_start) in keys for r in report.readings if r.status == "agrees")
    assert report.readings == sorted(report.readings, key=lambda r: (r.kpi_id, r.year, r.period_start or 0))


def test_a_report_without_year_or_kpi_says_so_by_kind(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("本公司重视环境保护与员工成长。\n", encoding="utf-8")
    report = extract(path)
    assert [w.kind for w in report.warnings] == ["no_year", "no_kpi"]


def test_the_manifest_counts_warnings_per_kind(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(TEXT_SAMPLE, inputs / TEXT_SAMPLE.name)
    (inputs / "notes.txt").write_text("本公司重视环境保护与员工成长。\n", encoding="utf-8")
    load_renderer().render_image_only(inputs / "mixed.pdf")
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "out"
    assert cli.main([str(inputs), "--out", str(out), "--jobs", "1", "-q"], stdout=io.StringIO(), stderr=io.StringIO()) == 1
    rows = {Path(r["input"]).name: r["warnings"] for r in pq.read_table(out / batch.MANIFEST_NAME).to_pylist()}
    zero = dict.fromkeys(models.WARNING_KINDS, 0)
    assert rows["cgtc_2020_csr.txt"] == {**zero, "conflict": 1}
    assert rows["notes.txt"] == {**zero, "no_year": 1, "no_kpi": 1}
    assert rows["mixed.pdf"]["reader"] == 1
    assert rows["broken.pdf"] is None  # failed: no report, no warnings
