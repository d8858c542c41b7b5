"""What the command line prints: counts in the right number, each thing said once, --help as true as
the code, progress only when asked for."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from csr_extract.batch import ConsoleProgress, Result
from csr_extract.cli import main

ONE_KPI = "2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元。\n"
TWO_KPIS = "2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元，利润总额 78 亿元。\n"
NO_KPI = "2020年社会责任报告\n本公司坚持以人为本，关爱员工成长。\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- plurals ------------------------------------------------------------------------------------------

PLURALS = [
    pytest.param(
        ONE_KPI,
        ["1 KPI value in", "1 ok, 0 failed, 0 skipped (unchanged), 1 KPI value found", "(1 row from 1 report;"],
        ["1 KPI values", "1 rows", "1 reports"],
        id="one-value:1-KPI-value,1-row-from-1-report",
    ),
    pytest.param(
        TWO_KPIS,
        ["2 KPI values in", "2 KPI values found", "(2 rows from 1 report;"],
        ["1 reports"],
        id="two-values:2-KPI-values,2-rows",
    ),
    pytest.param(
        NO_KPI,
        ["0 KPI values in", "0 KPI values found", "no KPI found in 1 report:"],
        ["1 reports"],
        id="no-value:0-KPI-values",
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), PLURALS)
def test_counts_are_singular_for_one(tmp_path: Path, text: str, present: list[str], absent: list[str]) -> None:
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    code, stdout, _ = run([str(src), "--out", str(tmp_path / "out")])
    assert code == 0
    for phrase in present:
        assert phrase in stdout
    for phrase in absent:
        assert phrase not in stdout


def test_no_kpi_is_said_once_per_report(tmp_path: Path) -> None:
    src = tmp_path / "plain.txt"
    src.write_text(NO_KPI, encoding="utf-8")
    code, stdout, _ = run([str(src), "--out", str(tmp_path / "out")])
    assert code == 0
    assert stdout.count("  no KPI found\n") == 1
    assert "warning: no KPI found" not in stdout
    # the report itself keeps its no_kpi warning
    assert '"kind": "no_kpi"' in (tmp_path / "out" / "_json" / "plain.json").read_text(encoding="utf-8")


# --- the progress bar: on a terminal, never with -q --------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _result(index: int, status: str = "ok") -> Result:
    return Result(index=index, path=Path(f"r{index}.txt"), stem=f"r{index}", status=status,
                  error="boom" if status == "failed" else None)


@pytest.mark.parametrize(
    ("bar", "bars_drawn"),
    [pytest.param(True, 1, id="terminal:bar-drawn-once-at-its-end"), pytest.param(False, 0, id="terminal,-q:no-bar")],
)
def test_progress_bar_is_drawn_unless_quiet(bar: bool, bars_drawn: int) -> None:
    out, err = io.StringIO(), Terminal()
    progress = ConsoleProgress(out, err, quiet=not bar, bar=bar)
    progress.start(2)
    progress.update(_result(0, "failed"))
    progress.update(_result(1))
    progress.finish()
    text = err.getvalue()
    assert text.count("2/2, 1 failed") == bars_drawn
    assert "csr-extract: error: r0.txt: boom" in text  # errors are printed either way


@pytest.mark.parametrize(
    ("flags", "bar"),
    [pytest.param([], True, id="tty:bar"), pytest.param(["-q"], False, id="tty,-q:no-bar")],
)
def test_quiet_on_a_terminal_leaves_errors_and_the_summary(tmp_path: Path, flags: list[str], bar: bool) -> None:
    for name, text in (("a.txt", ONE_KPI), ("b.txt", TWO_KPIS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    out, err = io.StringIO(), Terminal()
    code = main([str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(tmp_path / "out"), *flags],
                stdout=out, stderr=err)
    assert code == 0
    assert ("[####" in err.getvalue()) is bar
    assert "2 ok, 0 failed, 0 skipped (unchanged), 3 KPI values found" in out.getvalue()


# --- --help says what the code reads -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16", "GB18030", "GBK", "Big5", "Big5-HKSCS"])
def test_help_names_every_text_encoding_read(encoding: str) -> None:
    code, stdout, _ = run(["--help"])
    assert code == 0
    assert encoding in " ".join(stdout.split())
