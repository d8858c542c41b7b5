"""Unix manners of the command line: a closed pipe, stdout output, folders of folders, a mistyped word,
per-file metadata, options that name one report, the closing summary and how numbers are shown."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from csr_extract.cli import main
from csr_extract.display import format_value


def report_text(revenue: int, year: int = 2020) -> str:
    return f"{year}年社会责任报告\n{year}年，公司实现营业收入 {revenue:,} 亿元，利润总额 78 亿元。\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def make_reports(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"r{i:02d}.txt"
        p.write_text(report_text(1000 + i), encoding="utf-8")
        paths.append(p)
    return paths


def cli() -> list[str]:
    return [sys.executable, "-m", "csr_extract"]


# -- a closed pipe ---------------------------------------------------------------------------------


def test_a_closed_pipe_stops_quietly_and_keeps_whole_files(tmp_path: Path) -> None:
    make_reports(tmp_path / "in", 40)
    out = tmp_path / "out"
    # `csr-extract in/ | head -1`: the reader leaves after the first line
    proc = subprocess.Popen(
        [*cli(), str(tmp_path / "in"), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert code == 141
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err
    written = sorted(p.stem for p in out.glob("*.parquet"))
    assert written, "what finished before the pipe closed is kept"
    for path in out.glob("*.parquet"):
        assert pq.read_table(path).num_rows == 2  # whole files only
    assert {r["stem"] for r in pq.read_table(out / "_meta" / "manifest.parquet").to_pylist()} == set(written)
    assert not list(out.rglob("*.tmp"))


def test_stdout_rows_cut_short_by_head(tmp_path: Path) -> None:
    make_reports(tmp_path / "in", 30)
    proc = subprocess.run(
        f"{' '.join(cli())} {tmp_path / 'in'} -o - --jobs 1 | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(proc.stdout.splitlines()) == 1 and json.loads(proc.stdout)["kpi_id"] == "revenue"
    assert "Traceback" not in proc.stderr and "Broken" not in proc.stderr


# -- -o - ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_dash_writes_rows_to_stdout_and_nothing_else(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_reports(tmp_path / "in", 3)
    argv = [str(tmp_path / "in"), "-o", "-", "--jobs", "2"] + (["--format", "csv"] if fmt == "csv" else [])
    code, stdout, err = run(argv)
    assert code == 0
    lines = stdout.splitlines()
    if fmt == "jsonl":
        rows = [json.loads(line) for line in lines]
        assert [(r["report_id"][:3], r["kpi_id"]) for r in rows] == [
            ("r00", "revenue"), ("r00", "total_profit"),
            ("r01", "revenue"), ("r01", "total_profit"),
            ("r02", "revenue"), ("r02", "total_profit"),
        ]  # input order, whatever order the workers finish in
        assert rows[2]["value"] == 1001e8
    else:
        assert lines[0].startswith("report_id,company,stock_code,") and len(lines) == 7
    assert "3 ok, 0 failed" in err  # the summary goes to stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"], "no folder named - and no other file"


def test_dash_prints_each_reports_warnings_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout holds rows only, so a report's warnings (here: --pages on a text) go to stderr, named by file;
    --quiet drops them."""
    monkeypatch.chdir(tmp_path)
    make_reports(tmp_path / "in", 1)
    code, stdout, err = run([str(tmp_path / "in"), "-o", "-", "--pages", "1-2"])
    assert code == 0 and all(json.loads(line) for line in stdout.splitlines())
    assert "csr-extract: warning: r00.txt: --pages applies to PDFs only: the whole text was read" in err
    code, _, err = run([str(tmp_path / "in"), "-o", "-", "--pages", "1-2", "--quiet"])
    assert code == 0 and "warning" not in err


# -- inputs ----------------------------------------------------------------------------------------


def test_recursive_reads_folders_of_folders(tmp_path: Path) -> None:
    make_reports(tmp_path / "in" / "2019", 1)
    make_reports(tmp_path / "in" / "2020" / "q4", 2)
    make_reports(tmp_path / "in" / ".hidden", 1)
    out = tmp_path / "out"
    code, _, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 2  # no report at the top level: the folder is named, with the way to read deeper
    assert f"csr-extract: error: no .pdf or .txt inputs found in {tmp_path / 'in'} (--recursive for subfolders)" in err
    code, stdout, _ = run([str(tmp_path / "in"), "--out", str(out), "--recursive"])
    assert code == 0 and "3 ok, 0 failed" in stdout
    assert len(list(out.glob("*.parquet"))) == 3  # same stems in two folders stay apart


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("kpi", 'did you mean "csr-extract kpis"?'),
        ("dif", 'did you mean "csr-extract diff"?'),
        ("report", "did you mean reports?"),
        ("zzzz", "no such file or folder (commands: diff, explain, kpis, review)"),
    ],
)
def test_a_bare_word_that_is_no_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str, hint: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    code, _, err = run([word, "--out", "out"])
    assert code == 2 and f"csr-extract: error: {word}: " in err and hint in err
    assert not (tmp_path / "out").exists(), "nothing written, nothing recorded"


def test_a_missing_file_with_a_suffix_is_a_failed_input(tmp_path: Path) -> None:
    good = make_reports(tmp_path / "in", 1)[0]
    code, _, err = run([str(tmp_path / "gone.pdf"), str(good), "--out", str(tmp_path / "out")])
    assert code == 1 and "gone.pdf: no such file" in err


@pytest.mark.parametrize("option", [["--company", "某公司"], ["--year", "2019"]], ids=["company", "year"])
def test_company_or_year_with_several_inputs_is_a_usage_error(tmp_path: Path, option: list[str]) -> None:
    make_reports(tmp_path / "in", 2)
    code, _, err = run([str(tmp_path / "in"), "--out", str(tmp_path / "out"), *option])
    assert code == 2 and "apply to one report" in err and "--metadata" in err
    assert not (tmp_path / "out").exists()


# -- --metadata ------------------------------------------------------------------------------------


def test_metadata_csv_overrides_detection_per_file(tmp_path: Path) -> None:
    make_reports(tmp_path / "in", 3)
    meta = tmp_path / "inputs.csv"
    meta.write_text(
        "file,company,stock_code,year\n"
        "in/r00.txt,示例甲股份有限公司,605999.SH,2019\n"
        "r01.txt,,000999.SZ,\n"  # a file name; empty cells keep what is detected
        "in/missing.txt,某公司,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = run([str(tmp_path / "in"), "--out", str(out), "--metadata", str(meta)])
    assert code == 0 and "missing.txt is not among the inputs; row ignored" in err
    rows = {r["stem"]: r for r in pq.read_table(out / "_meta" / "manifest.parquet").to_pylist()}
    assert (rows["r00"]["company"], rows["r00"]["stock_code"], rows["r00"]["report_year"]) == (
        "示例甲股份有限公司", "605999.SH", 2019
    )
    assert (rows["r01"]["company"], rows["r01"]["stock_code"], rows["r01"]["report_year"]) == (None, "000999.SZ", 2020)
    assert (rows["r02"]["company"], rows["r02"]["stock_code"], rows["r02"]["report_year"]) == (None, None, 2020)
    data = pq.read_table(out / "r00.parquet").to_pylist()
    assert {(r["company"], r["stock_code"], r["report_year"]) for r in data} == {("示例甲股份有限公司", "605999.SH", 2019)}
    # the metadata is part of the options: unchanged metadata skips, changed metadata redoes that file
    assert "0 ok, 0 failed, 3 skipped" in run([str(tmp_path / "in"), "--out", str(out), "--metadata", str(meta)])[1]
    meta.write_text(meta.read_text(encoding="utf-8") + "in/r02.txt,,,2018\n", encoding="utf-8")
    assert "1 ok, 0 failed, 2 skipped" in run([str(tmp_path / "in"), "--out", str(out), "--metadata", str(meta)])[1]


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("name,year\nr00.txt,2019\n", "needs a 'file' column"),
        ("file,sector\nr00.txt,x\n", "unknown column(s) sector"),
        ("file,year\nr00.txt,20x9\n", "inputs.csv:2: year '20x9' is not a year"),
        ("file,stock_code\nr00.txt,600519\n", "inputs.csv:2: stock_code '600519' must look like 600519.SH"),
    ],
    ids=["no-file-column", "unknown-column", "bad-year", "code-without-exchange"],
)
def test_bad_metadata_is_a_usage_error(tmp_path: Path, csv_text: str, message: str) -> None:
    make_reports(tmp_path / "in", 1)
    (tmp_path / "inputs.csv").write_text(csv_text, encoding="utf-8")
    code, _, err = run([str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--metadata", str(tmp_path / "inputs.csv")])
    assert code == 2 and message in err and not (tmp_path / "out").exists()


# -- the closing summary ---------------------------------------------------------------------------


def test_closing_summary_lists_failures_and_counts_reports_without_kpi_or_year(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_reports(folder, 2)
    (folder / "plain.txt").write_text("2020年社会责任报告\n本公司坚持以人为本。\n", encoding="utf-8")
    (folder / "undated.txt").write_text("公司实现营业收入 12 亿元。\n", encoding="utf-8")
    (folder / "bad.pdf").write_text("not a pdf", encoding="utf-8")
    code, stdout, err = run([str(folder), "--out", str(tmp_path / "out")])
    assert code == 1
    assert "4 ok, 1 failed" in stdout
    assert f"no KPI found in 2 reports: {folder / 'plain.txt'}, {folder / 'undated.txt'}" in stdout
    assert f"no report year found in 1 report (give it with --year or --metadata): {folder / 'undated.txt'}" in stdout
    tail = err.splitlines()[-2:]
    assert tail == ["1 report failed:", f"  {folder / 'bad.pdf'}: not a PDF (no %PDF header)"] or (
        tail[0] == "1 report failed:" and tail[1].startswith(f"  {folder / 'bad.pdf'}: not a PDF")
    )


# -- numbers on the console ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "raw", "qualifier", "shown"),
    [
        (195_800_000_000.0, "CNY", "1,958 亿元", None, "1,958亿 CNY"),
        (48_000_000.0, "CNY", "4,800 余万元", "more_than", "> 4,800万 CNY"),
        (180_548.0, "tce", "18.0548 万吨标准煤", "about", "≈ 18.0548万 tce"),
        (56_458.0, "person", "56,458 人", None, "56,458 person"),
        (0.176, "ratio", "17.6%", None, "17.6%"),
        (0.05, "ratio", "近5%", "less_than", "< 5%"),
        (1.2e12, "CNY", "1.2万亿元", None, "1.2万亿 CNY"),
        (12.5, "t", "12.5吨", "at_least", "≥ 12.5 t"),
        (1_234_567.891, "kWh", "1,234,567.891千瓦时", "at_most", "≤ 1,234,567.891 kWh"),
    ],
    ids=lambda v: str(v),
)
def test_values_are_shown_as_the_report_printed_them(
    value: float, unit: str, raw: str, qualifier: str | None, shown: str
) -> None:
    assert format_value(value, unit, raw, qualifier) == shown


def test_the_console_shows_grouped_magnitudes_not_exponents(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(report_text(1958), encoding="utf-8")
    code, stdout, _ = run([str(tmp_path / "r.txt"), "--out", str(tmp_path / "out")])
    assert code == 0 and "1,958亿 CNY" in stdout and "e+" not in stdout


def test_help_of_the_unix_options() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    for word in ("--recursive", "--metadata", "-o -", "csv", "xlsx", "141", "csr-extract kpis"):
        assert word in out


def test_module_entry_point_exits_141_only_on_a_closed_pipe(tmp_path: Path) -> None:
    make_reports(tmp_path / "in", 1)
    r = subprocess.run([*cli(), str(tmp_path / "in"), "-o", "-"], capture_output=True, text=True, env=os.environ)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 2
