"""``csr-extract diff OLD NEW``: added / removed / changed values, tolerance, formats, exit statuses."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from csr_extract.cli import main
from csr_extract.diff import diff_outputs
from csr_extract.export import write_outputs
from csr_extract.models import KpiValue, Report

SHA_A = "a" * 64
SHA_B = "b" * 64

# (kpi_id, year) -> (value, raw); the unit and evidence follow from the KPI
BASE: dict[tuple[str, int], tuple[float, str]] = {
    ("revenue", 2020): (1958e8, "1,958 亿元"),
    ("revenue", 2019): (1800e8, "1,800 亿元"),
    ("total_profit", 2020): (78e8, "78 亿元"),
}
UNITS = {"revenue": "CNY", "total_profit": "CNY", "employees": "person"}


def kpi(kpi_id: str, year: int, value: float, raw: str, qualifier: str | None = None) -> KpiValue:
    return KpiValue(
        kpi_id=kpi_id,
        kpi_name_zh=kpi_id,
        category="economic",
        value=value,
        unit=UNITS[kpi_id],
        year=year,
        qualifier=qualifier,
        raw=raw,
        evidence=f"{year}年，{kpi_id} {raw}。",
        method="prose",
        confidence=0.9,
    )  # type: ignore[arg-type]


def report(
    values: dict[tuple[str, int], tuple[float, str]],
    stem: str = "acme",
    sha: str = SHA_A,
    qualifiers: dict[str, str] | None = None,
) -> Report:
    rows = [kpi(k, y, v, raw, (qualifiers or {}).get(k)) for (k, y), (v, raw) in sorted(values.items())]
    return Report(
        report_id=f"{stem}-{sha[:8]}",
        source_file=f"{stem}.txt",
        sha256=sha,
        company="某公司",
        report_year=2020,
        extractor_version="0.1.0",
        schema_version="1",
        kpis=rows,
    )


def write(folder: Path, *reports: Report) -> Path:
    for r in reports:
        write_outputs(r, folder, r.report_id.rsplit("-", 1)[0], "both")
    return folder


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["diff", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def with_(**changes: Any) -> dict[tuple[str, int], tuple[float, str]]:
    values = dict(BASE)
    for name, value in changes.items():
        kpi_id, year = name.rsplit("_", 1)
        if value is None:
            values.pop((kpi_id, int(year)))
        else:
            values[(kpi_id, int(year))] = value
    return values


# case id -> (new values, tolerance, expected exit, expected counts changed/removed/added)
CASES: dict[str, tuple[dict[tuple[str, int], tuple[float, str]], float, int, tuple[int, int, int]]] = {
    "identical": (BASE, 0.0, 0, (0, 0, 0)),
    "added-only": (with_(employees_2020=(5000.0, "5,000 人")), 0.0, 0, (0, 0, 1)),
    "removed": (with_(revenue_2019=None), 0.0, 1, (0, 1, 0)),
    "changed": (with_(revenue_2020=(1959e8, "1,959 亿元")), 0.0, 1, (1, 0, 0)),
    "changed-within-tolerance": (with_(revenue_2020=(1959e8, "1,959 亿元")), 0.001, 0, (0, 0, 0)),
    "changed-beyond-tolerance": (with_(revenue_2020=(1980e8, "1,980 亿元")), 0.001, 1, (1, 0, 0)),
    "added-and-changed": (
        with_(revenue_2020=(1e11, "1,000 亿元"), employees_2020=(5000.0, "5,000 人")),
        0.0,
        1,
        (1, 0, 1),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_exit_status_and_counts(tmp_path: Path, case: str) -> None:
    new_values, tolerance, expected_exit, (changed, removed, added) = CASES[case]
    old = write(tmp_path / "old", report(BASE))
    new = write(tmp_path / "new", report(new_values))
    code, out, err = run([str(old), str(new), "--tolerance", str(tolerance), "--format", "json"])
    assert code == expected_exit, out + err
    summary = json.loads(out)["summary"]
    assert (summary["changed"], summary["removed"], summary["added"]) == (changed, removed, added)


def test_a_changed_qualifier_is_a_change(tmp_path: Path) -> None:
    old = write(tmp_path / "old", report(BASE))
    new = write(tmp_path / "new", report(BASE, qualifiers={"total_profit": "more_than"}))
    assert run([str(old), str(new)])[0] == 1


def test_a_republished_source_is_matched_by_its_stem(tmp_path: Path) -> None:
    old = write(tmp_path / "old", report(BASE, sha=SHA_A))
    new = write(tmp_path / "new", report(with_(revenue_2020=(1959e8, "1,959 亿元")), sha=SHA_B))
    result = diff_outputs(old, new)
    assert [(c.kind, c.kpi_id, c.year) for c in result.changes] == [("changed", "revenue", 2020)]
    assert result.changes[0].old_report_id == "acme-aaaaaaaa" and result.changes[0].report_id == "acme-bbbbbbbb"
    assert result.unchanged == 2


def test_a_whole_report_missing_is_removed(tmp_path: Path) -> None:
    old = write(tmp_path / "old", report(BASE), report(BASE, stem="other"))
    new = write(tmp_path / "new", report(BASE))
    code, out, _ = run([str(old), str(new), "--format", "json"])
    assert code == 1 and json.loads(out)["summary"]["removed"] == 3


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_formats_show_old_and_new_values_and_evidence(tmp_path: Path, fmt: str) -> None:
    old = write(tmp_path / "old", report(BASE))
    new = write(tmp_path / "new", report(with_(revenue_2020=(1959e8, "1,959 亿元"), revenue_2019=None)))
    code, out, _ = run([str(old), str(new), "--format", fmt])
    assert code == 1
    if fmt == "json":
        data = json.loads(out)
        change = data["changes"][0]
        assert (change["kind"], change["old_value"], change["new_value"]) == ("changed", 1958e8, 1959e8)
        assert change["old_evidence"] == "2020年，revenue 1,958 亿元。" and data["summary"]["failed"] is True
        assert data["changes"][1]["kind"] == "removed"
    else:
        for text in (
            "1 changed, 1 removed, 0 added",
            "1,958 亿元",
            "1,959 亿元",
            "+0.05%",
            "revenue 1,959 亿元。",
        ):
            assert text in out
    if fmt == "markdown":
        assert "| changed | acme-aaaaaaaa | `revenue` | 2020 |" in out and "<details>" in out


@pytest.mark.parametrize("kind", ["parquet", "json", "mixed"])
def test_single_output_files_can_be_compared(tmp_path: Path, kind: str) -> None:
    write(tmp_path / "old", report(BASE))
    write(tmp_path / "new", report(with_(revenue_2020=(1959e8, "1,959 亿元"))))
    old_suffix, new_suffix = {
        "parquet": (".parquet", ".parquet"),
        "json": (".json", ".json"),
        "mixed": (".json", ".parquet"),
    }[kind]
    def where(folder: str, suffix: str) -> str:  # JSON reports sit in _json/ beside the dataset
        return str(tmp_path / folder / ("_json" if suffix == ".json" else "") / f"acme{suffix}")

    code, out, _ = run([where("old", old_suffix), where("new", new_suffix)])
    assert code == 1 and "1 changed, 0 removed, 0 added, 2 unchanged" in out


def test_a_batch_folder_equals_its_combined_copy(tmp_path: Path) -> None:
    from csr_extract.cli import main as cli_main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元，利润总额 78 亿元。\n", "utf-8")
    out = tmp_path / "out"
    assert cli_main([str(src), "--out", str(out), "--manifest", "-q"], io.StringIO(), io.StringIO()) == 0
    code, text, _ = run([str(out), str(out / "_meta" / "kpis.parquet")])
    assert code == 0 and "0 changed, 0 removed, 0 added, 2 unchanged" in text


def test_a_report_with_no_kpi_counts_as_a_report_of_its_folder(tmp_path: Path) -> None:
    """The summary said "1 → 1 reports" for folders of two reports, one of them without a value."""
    from csr_extract.cli import main as cli_main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元。\n", "utf-8")
    (src / "b.txt").write_text("2020年社会责任报告\n本公司坚持以人为本，关爱员工成长。\n", "utf-8")
    out = tmp_path / "out"
    assert cli_main([str(src), "--out", str(out), "-q"], io.StringIO(), io.StringIO()) == 0
    code, text, _ = run([str(out), str(out)])
    assert code == 0 and "(tolerance 0; 2 → 2 reports)" in text
    result = diff_outputs(out / "a.parquet", out)
    assert (result.reports_old, result.reports_new) == (1, 2)


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["missing-old", "missing-new"], id="missing-paths"),
        pytest.param(["OLD"], id="one-path"),
        pytest.param(["OLD", "NEW", "--tolerance", "-1"], id="negative-tolerance"),
        pytest.param(["OLD", "NEW", "--format", "csv"], id="bad-format"),
        pytest.param(["OLD", "MANIFEST"], id="manifest-is-not-a-kpi-table"),
        pytest.param(["OLD", "NOTES"], id="not-an-output"),
        pytest.param(["OLD", "EMPTY_DIR"], id="folder-without-outputs"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, argv: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    old = write(tmp_path / "old", report(BASE))
    pq.write_table(pa.table({"input": ["x"]}), tmp_path / "_manifest.parquet")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    names = {
        "OLD": str(old),
        "NEW": str(old),
        "MANIFEST": str(tmp_path / "_manifest.parquet"),
        "NOTES": str(tmp_path / "notes.txt"),
        "EMPTY_DIR": str(tmp_path / "empty"),
    }
    code, _, err = run([names.get(a, a) for a in argv])
    assert code == 2 and "error" in err and "Traceback" not in err


def test_diff_help() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    for word in ("--tolerance", "--format", "markdown", "exit status", "added"):
        assert word in out
