"""The command line: arguments, outputs, exit statuses and every kind of bad input."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from csr_extract.cli import main

from .pdf_fixtures import load_renderer

GOOD = "2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元，利润总额 78 亿元。\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def good_txt(tmp_path: Path) -> Path:
    p = tmp_path / "in" / "good.txt"
    p.parent.mkdir()
    p.write_text(GOOD, encoding="utf-8")
    return p


def test_help_documents_options_and_exit_statuses() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    for word in ("--out", "--format", "--company", "--year", "--min-confidence", "exit status", "GB18030"):
        assert word in out


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no-input"),
        pytest.param(["x.txt", "--format", "docx"], id="bad-format"),
        pytest.param(["x.txt", "--format", "csv,csv"], id="format-twice"),
        pytest.param(["x.txt", "-o", "-", "--format", "parquet"], id="stdout-needs-jsonl-or-csv"),
        pytest.param(["x.txt", "--year", "20x0"], id="bad-year"),
        pytest.param(["x.txt", "--min-confidence", "1.5"], id="confidence-above-1"),
        pytest.param(["x.txt", "--max-pages", "0"], id="zero-pages"),
        pytest.param(["x.txt", "--company", ""], id="empty-company"),
        pytest.param(["x.txt", "--time-limit", "inf"], id="time-limit-inf"),
        pytest.param(["x.txt", "--time-limit", "nan"], id="time-limit-nan"),
        pytest.param(["x.txt", "--max-size", "nan"], id="max-size-nan"),
        pytest.param(["x.txt", "--max-size", "inf"], id="max-size-inf"),
        pytest.param(["x.txt", "--memory-limit", "inf"], id="memory-limit-inf"),
        pytest.param(["x.txt", "--company", "  "], id="blank-company"),
        pytest.param(["explain", "x.txt", "--company", ""], id="explain-empty-company"),
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    code, out, err = run(argv)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1].startswith("csr-extract") and "error: " in err.splitlines()[-1]
    assert "Traceback" not in err  # --max-size nan was one; --time-limit inf "the local engine failed"


@pytest.mark.parametrize(
    "limit",
    [
        pytest.param(["--time-limit", "1e300"], id="time-limit-1e300"),
        pytest.param(["--memory-limit", "1e300"], id="memory-limit-1e300"),
    ],
)
def test_a_huge_finite_limit_is_no_limit(good_txt: Path, tmp_path: Path, limit: list[str]) -> None:
    """The engine's wait took no timeout that large (OverflowError: "the local engine failed"), nor
    setrlimit such a ceiling (the worker died)."""
    code, out, err = run([str(good_txt), "--out", str(tmp_path / "out"), "--no-manifest", *limit])
    assert (code, "Traceback" in err) == (0, False), err
    assert "1 ok, 0 failed" in out


def test_writes_parquet_and_json_with_summary(good_txt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run([str(good_txt), "--out", str(out)])
    assert code == 0
    assert (out / "good.parquet").exists() and (out / "_json" / "good.json").exists()
    assert "revenue" in stdout and "1 ok, 0 failed" in stdout
    rows = pq.read_table(out / "good.parquet").to_pylist()
    assert {r["kpi_id"] for r in rows} == {"revenue", "total_profit"}
    report = json.loads((out / "_json" / "good.json").read_text(encoding="utf-8"))
    assert "营业收入" in (out / "_json" / "good.json").read_text(encoding="utf-8")  # Chinese unescaped
    assert report["report_year"] == 2020


@pytest.mark.parametrize("fmt", ["parquet", "json", "csv", "jsonl", "xlsx"])
def test_format_writes_only_that_format(good_txt: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    assert run([str(good_txt), "--out", str(out), "--format", fmt])[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["_meta", f"good.{fmt}"]


def test_company_and_year_override_detection(good_txt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([str(good_txt), "--out", str(out), "--company", "某公司", "--year", "2021"])
    report = json.loads((out / "_json" / "good.json").read_text(encoding="utf-8"))
    assert report["company"] == "某公司" and report["report_year"] == 2021


def test_a_blank_company_is_a_usage_error_not_a_failed_input(good_txt: Path, tmp_path: Path) -> None:
    """It used to reach the worker and fail the input with 'internal error: ValueError'."""
    code, stdout, err = run([str(good_txt), "--out", str(tmp_path / "out"), "--company", ""])
    assert (code, stdout) == (2, "")
    assert err.splitlines()[-1] == (
        "csr-extract: error: argument --company: empty company name (leave --company out to keep the detected one)"
    )
    assert not (tmp_path / "out").exists()


def test_the_header_says_what_was_not_found_without_the_low_confidence_mark(tmp_path: Path) -> None:
    p = tmp_path / "plain.txt"
    p.write_text("本公司坚持以人为本，关爱员工成长。\n", encoding="utf-8")
    code, stdout, _ = run([str(p), "--out", str(tmp_path / "out"), "--no-manifest"])
    assert code == 0
    assert stdout.splitlines()[0].startswith("plain.txt: (company not found) (year not found), 0 KPI values in ")


def test_the_review_hint_is_quoted_for_the_shell(tmp_path: Path) -> None:
    """Output names keep the input's spaces: the hint must be a command one can paste."""
    import shlex

    p = tmp_path / "in" / "某公司 2020 社会责任报告.txt"
    p.parent.mkdir()
    p.write_text(GOOD, encoding="utf-8")
    code, stdout, _ = run([str(p), "--out", str(tmp_path / "out dir")])
    assert code == 0
    hint = stdout.splitlines()[-1]
    assert hint.startswith("check the values on their pages: csr-extract review '")
    argv = shlex.split(hint.split(": ", 1)[1])
    assert argv[:2] == ["csr-extract", "review"] and argv[3:] == ["--open"]
    assert Path(argv[2]) == tmp_path / "out dir" / "_json" / "某公司 2020 社会责任报告.json"
    assert Path(argv[2]).is_file()


def test_directory_input_reads_pdf_and_txt_sorted(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for name in ("b.txt", "a.txt"):
        (d / name).write_text(GOOD, encoding="utf-8")
    (d / "notes.md").write_text("ignored", encoding="utf-8")
    code, _, err = run([str(d), "--out", str(tmp_path / "out")])
    assert code == 0
    assert err.index("a.txt") < err.index("b.txt")
    out = tmp_path / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "_json/a.json", "_json/b.json", "_meta/kpis.parquet", "_meta/manifest.parquet", "a.parquet", "b.parquet"
    ]


def test_no_manifest_writes_only_the_report_files(tmp_path: Path, good_txt: Path) -> None:
    out = tmp_path / "out"
    assert run([str(good_txt), "--out", str(out), "--no-manifest"])[0] == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "_json/good.json", "good.parquet"
    ]


def test_report_without_kpis_writes_empty_outputs(tmp_path: Path) -> None:
    p = tmp_path / "plain.txt"
    p.write_text("2020年社会责任报告\n本公司坚持以人为本，关爱员工成长。\n", encoding="utf-8")
    code, stdout, _ = run([str(p), "--out", str(tmp_path / "out")])
    assert code == 0 and "no KPI found" in stdout
    assert pq.read_table(tmp_path / "out" / "plain.parquet").num_rows == 0


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    renderer = load_renderer()
    cases: dict[str, tuple[Path, str]] = {}
    cases["missing"] = (tmp / "missing.pdf", "no such file")
    (tmp / "empty.txt").write_bytes(b"")
    cases["empty"] = (tmp / "empty.txt", "empty")
    (tmp / "fake.pdf").write_text("this is not a pdf", encoding="utf-8")
    cases["not-a-pdf"] = (tmp / "fake.pdf", "not a PDF")
    renderer.render_single_column(GOOD * 20, tmp / "whole.pdf")
    data = (tmp / "whole.pdf").read_bytes()
    (tmp / "truncated.pdf").write_bytes(data[: len(data) // 3])
    cases["truncated"] = (tmp / "truncated.pdf", "")
    renderer.render_encrypted(tmp / "locked.pdf")
    cases["encrypted"] = (tmp / "locked.pdf", "password")
    renderer.render_blank(tmp / "scan.pdf")
    cases["no-text-layer"] = (tmp / "scan.pdf", "no text layer")
    (tmp / "latin.txt").write_bytes(bytes(range(0x80, 0x100)) * 50)
    cases["undecodable"] = (tmp / "latin.txt", "undecodable")
    return cases


BAD_KINDS = ["missing", "empty", "not-a-pdf", "truncated", "encrypted", "no-text-layer", "undecodable"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_input_fails_cleanly_and_others_still_written(tmp_path: Path, good_txt: Path, kind: str) -> None:
    bad, reason = _bad_inputs(tmp_path)[kind]
    out = tmp_path / "out"
    code, stdout, err = run([str(bad), str(good_txt), "--out", str(out)])
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("csr-extract: error")]
    assert len(lines) == 1 and str(bad) in lines[0] and reason.lower() in lines[0].lower()
    if kind == "no-text-layer":  # "OCR needed", or with the [ocr] extra "OCR found no text"
        assert "OCR" in lines[0]
    assert "Traceback" not in err
    assert (out / "good.parquet").exists()
    assert not list(out.rglob(f"{bad.stem}.*")), "no output for the failed input"
    assert not list(out.rglob(".*tmp")), "no temporary file left behind"
    assert "1 ok, 1 failed" in stdout


def _out_in_a_file(tmp: Path) -> Path:
    (tmp / "blocker").write_text("a file where the output directory should be", encoding="utf-8")
    return tmp / "blocker" / "sub"


def _out_is_a_file(tmp: Path) -> Path:
    (tmp / "out.txt").write_text("", encoding="utf-8")
    return tmp / "out.txt"


def _out_read_only(tmp: Path) -> Path:
    (tmp / "ro").mkdir()
    (tmp / "ro").chmod(0o500)
    return tmp / "ro"


BAD_OUT = [
    pytest.param(_out_is_a_file, "the output folder (--out) is a file, not a folder", id="out-is-a-file"),
    pytest.param(_out_in_a_file, "cannot create the output folder (--out): Not a directory", id="out-under-a-file"),
    pytest.param(
        lambda tmp: Path("/proc/csr-extract-out"),
        "cannot create the output folder (--out): No such file or directory",
        id="/proc/x",
    ),
    pytest.param(
        _out_read_only,
        "the output folder (--out) is not writable: Permission denied",
        id="read-only-folder",
        marks=pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere"),
    ),
]


@pytest.fixture()
def immutable_folder(tmp_path: Path) -> Any:
    """A folder nobody, root included, can create a file in (``chattr +i``); skipped where it cannot be made."""
    folder = tmp_path / "immutable"
    folder.mkdir()
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    yield folder
    subprocess.run([chattr, "-i", str(folder)], check=True)


def test_immutable_output_folder_is_one_line_before_any_extraction(good_txt: Path, immutable_folder: Path) -> None:
    code, stdout, err = run([str(good_txt), "--out", str(immutable_folder)])
    assert code == 1 and stdout == ""
    assert err == f"csr-extract: error: {immutable_folder}: the output folder (--out) is not writable: Operation not permitted\n"


@pytest.mark.parametrize(("make_out", "reason"), BAD_OUT)
def test_unusable_output_folder_is_one_line_naming_it_before_any_extraction(
    tmp_path: Path, good_txt: Path, make_out: Any, reason: str
) -> None:
    out = make_out(tmp_path)
    code, stdout, err = run([str(good_txt), str(good_txt.with_name("missing.txt")), "--out", str(out)])
    assert code == 1
    assert err == f"csr-extract: error: {out}: {reason}\n"  # one line, naming the folder, not an input
    assert stdout == ""  # no input was read: no report, no summary


def test_installed_console_script_and_module_entry_point(good_txt: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "csr-extract"
    script = str(exe) if exe.exists() else shutil.which("csr-extract")
    assert script, "console script csr-extract is installed"
    r = subprocess.run([script, str(good_txt), "--out", str(tmp_path / "a")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "csr_extract", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "csr-extract" in r.stdout


def test_image_only_page_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    load_renderer().render_image_only(tmp_path / "mixed.pdf")
    # --ocr off: the same warning whether or not the [ocr] extra is installed
    code, _, _ = run([str(tmp_path / "mixed.pdf"), "--out", str(tmp_path / "out"), "--ocr", "off"])
    assert code == 0
    report = json.loads((tmp_path / "out" / "_json" / "mixed.json").read_text(encoding="utf-8"))
    assert [(w["kind"], w["message"]) for w in report["warnings"]][:1] == [("reader", "no text layer on pages 2: OCR needed (OCR is off)")]


def test_output_under_an_unwritable_system_path_fails_cleanly(tmp_path: Path, good_txt: Path) -> None:
    code, _, err = run([str(good_txt), "--out", "/proc/csr-extract-out"])
    assert code == 1 and "cannot" in err and "Traceback" not in err


def test_a_folder_that_cannot_be_listed_is_named_and_the_others_are_read(
    tmp_path: Path, good_txt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was a PermissionError traceback before anything was read (root can list anything: patched)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    listing = Path.iterdir

    def iterdir(self: Path) -> Any:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    code, _, err = run([str(locked), str(good_txt.parent), "--out", str(tmp_path / "out")])
    assert code == 1
    assert f"csr-extract: error: {locked}: cannot list the folder: Permission denied" in err.splitlines()
    assert (tmp_path / "out" / "good.parquet").is_file()
    code, out, err = run([str(locked), "--out", str(tmp_path / "out2")])
    assert (code, out) == (1, "") and "Traceback" not in err
    assert err.strip() == f"csr-extract: error: {locked}: cannot list the folder: Permission denied"


def test_a_link_to_nothing_in_a_folder_fails_as_missing_instead_of_vanishing(tmp_path: Path, good_txt: Path) -> None:
    (good_txt.parent / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    code, _, err = run([str(good_txt.parent), "--out", str(tmp_path / "out")])
    assert code == 1
    assert f"csr-extract: error: {good_txt.parent / 'gone.txt'}: no such file" in err.splitlines()
    assert (tmp_path / "out" / "good.parquet").is_file()
