"""An output folder is one dataset: every reader's usual idiom reads each KPI row exactly once, and
every output format reads back into the same rows."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from csr_extract import read_dataset
from csr_extract.cli import main
from csr_extract.export import FORMATS, PARQUET_SCHEMA, output_paths, parse_formats, read_output

REPORTS = {  # three reports, 2 + 2 + 0 KPI rows
    "a.txt": "2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元，利润总额 78 亿元。\n",
    "b.txt": "2019年社会责任报告\n2019年，公司实现营业收入 12.5 亿元，利润总额 1.2 亿元。\n",
    "c.txt": "2020年社会责任报告\n本公司坚持以人为本，关爱员工成长。\n",
}
ROWS = 4


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch run with the manifest, run twice (the second skips everything) as users do."""
    root = tmp_path_factory.mktemp("ds")
    src = root / "in"
    src.mkdir()
    for name, text in REPORTS.items():
        (src / name).write_text(text, encoding="utf-8")
    out = root / "out"
    for _ in range(2):
        assert run([str(src), "--out", str(out), "-q"])[0] == 0
    return out


# -- the idioms ------------------------------------------------------------------------------------


def test_the_top_level_holds_only_the_per_report_files(batch_out: Path) -> None:
    top = sorted(p.name for p in batch_out.iterdir() if p.is_file())
    assert top == ["a.parquet", "b.parquet", "c.parquet"]
    assert sorted(p.name for p in batch_out.iterdir() if p.is_dir()) == ["_json", "_meta"]


def test_pandas_read_parquet_of_the_folder(batch_out: Path) -> None:
    import pandas as pd

    frame = pd.read_parquet(batch_out)
    assert len(frame) == ROWS
    assert sorted(frame["value"]) == [1.2e8, 12.5e8, 78e8, 1958e8]


@pytest.mark.parametrize("reader", ["read_parquet", "scan_parquet"])
def test_polars_glob(batch_out: Path, reader: str) -> None:
    import polars as pl

    frame = getattr(pl, reader)(f"{batch_out}/*.parquet")
    frame = frame.collect() if reader == "scan_parquet" else frame
    assert frame.height == ROWS
    assert sorted(frame["kpi_id"].to_list()) == ["revenue", "revenue", "total_profit", "total_profit"]


def test_duckdb_glob(batch_out: Path) -> None:
    import duckdb

    con = duckdb.connect()
    assert con.sql(f"select count(*) from '{batch_out}/*.parquet'").fetchall() == [(ROWS,)]
    by_kpi = con.sql(f"select kpi_id, count(*) from '{batch_out}/*.parquet' group by 1 order by 1").fetchall()
    assert by_kpi == [("revenue", 2), ("total_profit", 2)]
    # the run's one-file copy holds the same rows
    assert con.sql(f"select count(*) from '{batch_out}/_meta/kpis.parquet'").fetchall() == [(ROWS,)]


def test_pyarrow_dataset_of_the_folder(batch_out: Path) -> None:
    import pyarrow.dataset as ds

    assert ds.dataset(batch_out, format="parquet").to_table().num_rows == ROWS


def test_read_dataset_of_the_folder_and_of_one_file(batch_out: Path) -> None:
    frame = read_dataset(batch_out)
    assert len(frame) == ROWS and list(frame.columns) == PARQUET_SCHEMA.names
    assert len(read_dataset(batch_out / "a.parquet")) == 2
    assert len(read_dataset(str(batch_out / "_json" / "b.json"))) == 2
    assert len(read_dataset(batch_out / "_meta" / "kpis.parquet")) == ROWS


@pytest.mark.parametrize("path", ["missing-folder", "missing.parquet"])
def test_read_dataset_of_a_missing_path_raises(tmp_path: Path, path: str) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_dataset(tmp_path / path)


def test_read_dataset_of_a_json_only_output(tmp_path: Path, batch_out: Path) -> None:
    out = tmp_path / "json-only"
    assert run([str(batch_out.parent / "in"), "--out", str(out), "--format", "json", "--no-manifest"])[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json", "c.json"]
    frame = read_dataset(out)
    assert len(frame) == ROWS and sorted(frame["value"]) == [1.2e8, 12.5e8, 78e8, 1958e8]


def test_read_dataset_refuses_a_manifest(batch_out: Path) -> None:
    with pytest.raises(ValueError, match="not a csr-extract KPI table"):
        read_dataset(batch_out / "_meta" / "manifest.parquet")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("cut.parquet", None, "not a readable csr-extract output: ArrowInvalid", id="truncated-parquet"),
        pytest.param("bad.jsonl", b'{"kpi_id": "revenue"\n', "not a readable csr-extract output: JSONDecodeError", id="broken-jsonl"),
        pytest.param("bad.json", b"[1, 2", "not a readable csr-extract output", id="broken-json"),
        pytest.param("bad.xlsx", b"PK\x03\x04 not a zip", "not a readable csr-extract output", id="broken-xlsx"),
        pytest.param("inputs.csv", b"file,year\na.txt,20x6\n", "not a csr-extract KPI table", id="metadata-csv"),
    ],
)
def test_a_damaged_or_foreign_file_is_a_value_error_naming_it(
    tmp_path: Path, batch_out: Path, name: str, content: bytes | None, reason: str
) -> None:
    """pyarrow's and json's own errors name no file: in a folder of hundreds, which one was it?"""
    path = tmp_path / name
    path.write_bytes(content if content is not None else (batch_out / "a.parquet").read_bytes()[:300])
    with pytest.raises(ValueError) as info:
        read_dataset(path)
    assert str(info.value).startswith(f"{path}: {reason}")
    folder = tmp_path / "out"
    folder.mkdir()
    path.rename(folder / name)  # the same file as one of a folder's dataset
    with pytest.raises(ValueError, match=f"^{re.escape(str(folder / name))}: "):
        read_dataset(folder)
    code, out, err = run(["diff", str(batch_out / "a.parquet"), str(folder / name)])
    assert (code, out) == (2, "")
    assert err.startswith(f"csr-extract diff: error: {folder / name}: ")


# -- formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "formats"),
    [
        ("parquet", ("parquet",)),
        ("both", ("parquet", "json")),
        ("csv,parquet", ("csv", "parquet")),
        ("xlsx, jsonl", ("xlsx", "jsonl")),
    ],
    ids=lambda v: str(v),
)
def test_parse_formats(text: str, formats: tuple[str, ...]) -> None:
    assert parse_formats(text) == formats


@pytest.mark.parametrize("text", ["docx", "csv,csv", ""], ids=["unknown", "twice", "empty"])
def test_parse_formats_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_formats(text)


def test_the_first_format_is_the_dataset_the_others_go_beside_it(tmp_path: Path) -> None:
    paths = output_paths(tmp_path, "r", "csv,parquet,json")
    assert paths == {
        "csv": tmp_path / "r.csv",
        "parquet": tmp_path / "_parquet" / "r.parquet",
        "json": tmp_path / "_json" / "r.json",
    }


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_every_row_format_reads_back_into_the_same_rows(tmp_path: Path, batch_out: Path, fmt: str) -> None:
    out = tmp_path / fmt
    assert run([str(batch_out.parent / "in" / "a.txt"), "--out", str(out), "--format", fmt, "--no-manifest"])[0] == 0
    assert sorted(p.name for p in out.iterdir()) == [f"a.{fmt}"]
    expected = pq.read_table(batch_out / "a.parquet").to_pylist()
    assert read_output(out / f"a.{fmt}").to_pylist() == expected
    assert read_dataset(out).equals(read_dataset(batch_out / "a.parquet"))


def test_csv_and_jsonl_are_plain_text_with_chinese_unescaped(tmp_path: Path, batch_out: Path) -> None:
    src = str(batch_out.parent / "in" / "a.txt")
    run([src, "--out", str(tmp_path), "--format", "csv,jsonl", "--no-manifest"])
    lines = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("report_id,company,stock_code,report_year,kpi_id,kpi_name_zh")
    assert "bbox_x0" in lines[0] and len(lines) == 3 and "营业收入" in (tmp_path / "a.csv").read_text("utf-8")
    rows = [json.loads(line) for line in (tmp_path / "_jsonl" / "a.jsonl").read_text("utf-8").splitlines()]
    assert [r["kpi_id"] for r in rows] == ["revenue", "total_profit"] and rows[0]["value"] == 1958e8


CSV_READERS = [
    pytest.param(lambda out: __import__("pandas").read_csv(out / "a.csv"), id="pandas.read_csv"),
    pytest.param(lambda out: __import__("polars").read_csv(out / "a.csv").to_pandas(), id="polars.read_csv"),
    pytest.param(lambda out: __import__("duckdb").sql(f"from '{out}/*.csv'").df(), id="duckdb-'OUT/*.csv'"),
    pytest.param(read_dataset, id="read_dataset(OUT)"),
]


@pytest.mark.parametrize("reader", CSV_READERS)
def test_csv_file_has_a_utf8_bom_for_excel_and_still_reads(tmp_path: Path, batch_out: Path, reader: Any) -> None:
    src = str(batch_out.parent / "in" / "a.txt")
    out = tmp_path / "o"
    assert run([src, "--out", str(out), "--format", "csv", "--no-manifest"])[0] == 0
    assert (out / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfreport_id,")  # Excel reads it as UTF-8
    frame = reader(out)
    assert list(frame.columns)[:5] == ["report_id", "company", "stock_code", "report_year", "kpi_id"]
    assert sorted(frame["kpi_id"]) == ["revenue", "total_profit"]
    assert sorted(frame["kpi_name_zh"]) == ["利润总额", "营业收入"]


def test_csv_on_stdout_has_no_bom(batch_out: Path) -> None:
    code, stdout, _ = run([str(batch_out.parent / "in" / "a.txt"), "-o", "-", "--format", "csv"])
    assert code == 0 and stdout.startswith("report_id,company,")


def test_xlsx_is_the_same_bytes_for_the_same_input(tmp_path: Path, batch_out: Path) -> None:
    from openpyxl import load_workbook

    src = str(batch_out.parent / "in" / "a.txt")
    for name in ("x1", "x2"):
        assert run([src, "--out", str(tmp_path / name), "--format", "xlsx", "--no-manifest"])[0] == 0
    assert (tmp_path / "x1" / "a.xlsx").read_bytes() == (tmp_path / "x2" / "a.xlsx").read_bytes()
    wb = load_workbook(tmp_path / "x1" / "a.xlsx", read_only=True)
    assert wb.sheetnames == ["kpis", "report"]
    assert [row[4] for row in wb["kpis"].iter_rows(min_row=2, values_only=True)] == ["revenue", "total_profit"]


# -- permissions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002], ids=lambda m: f"umask-{m:03o}")
def test_files_get_the_umasks_permissions(tmp_path: Path, batch_out: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        assert run([str(batch_out.parent / "in" / "a.txt"), "--out", str(tmp_path)])[0] == 0
    finally:
        os.umask(old)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 4  # a.parquet, _json/a.json, _meta/manifest.parquet, _meta/kpis.parquet
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path.name


def test_a_folder_of_the_old_layout_gets_a_warning(tmp_path: Path, batch_out: Path) -> None:
    import shutil

    out = tmp_path / "old"
    out.mkdir()
    shutil.copy(batch_out / "_meta" / "kpis.parquet", out / "kpis.parquet")  # where older versions put them
    shutil.copy(batch_out / "_meta" / "manifest.parquet", out / "_manifest.parquet")
    code, _, err = run([str(batch_out.parent / "in" / "a.txt"), "--out", str(out)])
    assert code == 0
    assert "holds _manifest.parquet and kpis.parquet of an older csr-extract" in err and "delete them" in err


# -- re-running with other formats leaves one dataset --------------------------------------------------


FORMAT_CHANGES = [
    pytest.param("parquet,json", "csv", ["a.csv", "b.csv"], id="parquet,json->csv:only-csv-left"),
    pytest.param("csv", "parquet", ["a.parquet", "b.parquet"], id="csv->parquet:only-parquet-left"),
    pytest.param(
        "parquet,csv", "csv,parquet", ["_parquet/a.parquet", "_parquet/b.parquet", "a.csv", "b.csv"],
        id="parquet,csv->csv,parquet:no-_csv-copy",
    ),
    pytest.param(
        "parquet,json", "parquet", ["a.parquet", "b.parquet"], id="parquet,json->parquet(skipped):_json-dropped"
    ),
    pytest.param(
        "parquet", "parquet,json", ["_json/a.json", "_json/b.json", "a.parquet", "b.parquet"], id="parquet->parquet,json"
    ),
]


@pytest.mark.parametrize(("first", "second", "files"), FORMAT_CHANGES)
def test_rerun_with_other_formats_keeps_one_file_per_report_in_the_first(
    tmp_path: Path, batch_out: Path, first: str, second: str, files: list[str]
) -> None:
    src = batch_out.parent / "in"
    out = tmp_path / "out"
    inputs = [str(src / "a.txt"), str(src / "b.txt")]
    assert run([*inputs, "--out", str(out), "--format", first, "-q"])[0] == 0
    assert run([*inputs, "--out", str(out), "--format", second, "-q"])[0] == 0
    got = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "_meta" not in p.parts)
    assert [name for name in got if name != ".csr-extract.lock"] == files
    assert sorted(read_dataset(out)["value"]) == [1.2e8, 12.5e8, 78e8, 1958e8]  # 2 rows each, once
    if second.startswith("parquet"):
        import pandas as pd

        assert sorted(pd.read_parquet(out)["value"]) == [1.2e8, 12.5e8, 78e8, 1958e8]
    else:
        import duckdb

        assert duckdb.sql(f"select count(*) from '{out}/*.csv'").fetchall() == [(4,)]
