"""Many reports: parallel runs, the manifest, the combined dataset, incremental re-runs, interrupts."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from csr_extract import __version__, engines
from csr_extract.batch import (
    COMBINED_NAME,
    MANIFEST_NAME,
    MANIFEST_SCHEMA,
    BatchConfig,
    ConsoleProgress,
    Result,
    read_manifest,
    run_batch,
)
from csr_extract.cli import main
from csr_extract.document import OCR_CUT_SHORT
from csr_extract.engines import LocalEngine, Outcome, Task, extract_one
from csr_extract.export import PARQUET_SCHEMA, read_dataset
from csr_extract.models import ReportWarning


def report_text(revenue: int, profit: int = 78) -> str:
    return f"2020年社会责任报告\n2020年，公司实现营业收入 {revenue:,} 亿元，利润总额 {profit} 亿元。\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def make_inputs(folder: Path, n: int, bad: bool = True) -> list[Path]:
    """``n`` good reports r00.txt.. with distinct revenues, plus ``bad.pdf`` (not a PDF) in the middle."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"r{i:02d}.txt"
        p.write_text(report_text(1000 + i), encoding="utf-8")
        paths.append(p)
    if bad:
        p = folder / "bad.pdf"
        p.write_text("this is not a pdf", encoding="utf-8")
        paths.append(p)
    return paths


def manifest_by_name(out: Path) -> dict[str, dict[str, object]]:
    return {Path(str(row["input"])).name: row for row in read_manifest(out)}


def no_temp_files(out: Path) -> bool:
    """Nothing hidden or temporary anywhere in the folder (its top level, _json/, _meta/, ...)."""
    return not [p for p in out.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]


# -- a failing input among good ones ---------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2], ids=lambda j: f"jobs={j}")
def test_failing_input_among_good_ones_does_not_stop_the_others(tmp_path: Path, jobs: int) -> None:
    make_inputs(tmp_path / "in", 4)
    out = tmp_path / "out"
    code, stdout, err = run([str(tmp_path / "in"), "--out", str(out), "--jobs", str(jobs), "--manifest"])
    assert code == 1
    assert "4 ok, 1 failed, 0 skipped (unchanged), 8 KPI values found" in stdout
    errors = [line for line in err.splitlines() if line.startswith("csr-extract: error")]
    assert len(errors) == 1 and "bad.pdf" in errors[0] and "not a PDF" in errors[0]
    assert sorted(p.name for p in (out / "_json").glob("r*.json")) == [f"r{i:02d}.json" for i in range(4)]
    assert not list(out.rglob("bad.*"))
    assert no_temp_files(out)


def test_plain_log_lines_are_in_input_order_when_not_a_terminal(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 6, bad=False)
    code, _, err = run([str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "2"])
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert lines == [f"[{i + 1}/6] {tmp_path / 'in' / f'r{i:02d}.txt'}" for i in range(6)]


# -- the manifest ----------------------------------------------------------------------------------


def test_manifest_records_every_input(tmp_path: Path) -> None:
    paths = make_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    run([*map(str, paths), "--out", str(out), "--manifest"])
    table = pq.read_table(out / MANIFEST_NAME)
    assert table.schema.remove_metadata() == MANIFEST_SCHEMA
    rows = manifest_by_name(out)
    assert sorted(rows) == ["bad.pdf", "r00.txt", "r01.txt"]
    good, bad = rows["r00.txt"], rows["bad.pdf"]
    assert good["status"] == "ok" and good["error_kind"] is None and good["error"] is None
    assert good["sha256"] == hashlib.sha256(paths[0].read_bytes()).hexdigest()
    assert good["stem"] == "r00" and str(good["report_id"]).startswith("r00-")
    assert good["kpis"] == 2 and good["pages"] is None  # text input: no pages
    assert isinstance(good["seconds"], float) and good["seconds"] >= 0
    assert good["extractor_version"] == __version__ and good["format"] == "parquet,json"
    assert bad["status"] == "failed" and bad["error_kind"] == "not_pdf" and "not a PDF" in str(bad["error"])
    assert bad["sha256"] == hashlib.sha256(paths[2].read_bytes()).hexdigest()


def test_manifest_by_default_and_kept_up_to_date(tmp_path: Path) -> None:
    paths = make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    run([str(paths[0]), "--out", str(out), "--no-manifest"])
    assert not (out / MANIFEST_NAME).exists() and not (out / COMBINED_NAME).exists()
    run([str(paths[0]), "--out", str(out)])
    assert sorted(manifest_by_name(out)) == ["r00.txt"]
    code, _, _ = run([str(paths[1]), "--out", str(out)])
    assert code == 0
    assert sorted(manifest_by_name(out)) == ["r00.txt", "r01.txt"]
    assert pq.read_table(out / COMBINED_NAME).num_rows == 4
    run([str(paths[1]), "--out", str(out), "--no-manifest", "--force"])
    assert sorted(manifest_by_name(out)) == ["r00.txt", "r01.txt"]


# -- the combined dataset ----------------------------------------------------------------------------


def test_combined_dataset_has_every_row_once_and_pandas_reads_it(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    make_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    run([str(tmp_path / "in"), "--out", str(out), "--manifest"])
    frame = pd.read_parquet(out / COMBINED_NAME)
    assert len(frame) == 6 and frame["report_id"].nunique() == 3
    per_report = pd.concat([pd.read_parquet(out / f"r{i:02d}.parquet") for i in range(3)], ignore_index=True)
    pd.testing.assert_frame_equal(frame, per_report)
    assert pq.read_schema(out / COMBINED_NAME).remove_metadata() == PARQUET_SCHEMA
    revenue = frame[frame.kpi_id == "revenue"].sort_values("report_id")["value"].tolist()
    assert revenue == [1000e8, 1001e8, 1002e8]


@pytest.mark.parametrize("reader", ["polars", "duckdb"])
def test_combined_dataset_other_readers_when_installed(tmp_path: Path, reader: str) -> None:
    module = pytest.importorskip(reader)
    make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    run([str(tmp_path / "in"), "--out", str(out), "--manifest"])
    path = str(out / COMBINED_NAME)
    if reader == "polars":
        assert module.read_parquet(path).height == 4
    else:
        assert module.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0] == 4


def test_json_only_outputs_still_make_a_combined_dataset(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    run([str(tmp_path / "in"), "--out", str(out), "--manifest", "--format", "json"])
    assert not list(out.glob("r*.parquet"))
    assert pq.read_table(out / COMBINED_NAME).num_rows == 4


# -- incremental runs ------------------------------------------------------------------------------


def test_unchanged_inputs_are_skipped_and_force_redoes_them(tmp_path: Path) -> None:
    paths = make_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    base = [str(tmp_path / "in"), "--out", str(out), "--manifest"]
    code, stdout, _ = run(base)
    assert code == 1
    found = int(re.findall(r"(\d+) KPI values found", stdout)[0])
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("r*.*")}
    code, stdout, err = run(base)
    assert code == 1  # bad.pdf is tried again and still fails
    assert "0 ok, 1 failed, 3 skipped (unchanged), 0 KPI values found" in stdout and "(unchanged, skipped)" in err
    assert f"0 KPI values found (and {found} kept from 3 unchanged reports)" in stdout and found > 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("r*.*")} == before
    assert {r["status"] for n, r in manifest_by_name(out).items() if n != "bad.pdf"} == {"skipped"}
    paths[1].write_text(report_text(2222), encoding="utf-8")  # a changed input is extracted again
    code, stdout, _ = run(base)
    assert "1 ok, 1 failed, 2 skipped" in stdout
    assert manifest_by_name(out)["r01.txt"]["status"] == "ok"
    frame = pq.read_table(out / COMBINED_NAME).to_pandas()
    assert 2222e8 in frame["value"].tolist() and 1001e8 not in frame["value"].tolist()
    assert "3 ok, 1 failed, 0 skipped" in run([*base, "--force"])[1]


@pytest.mark.parametrize(
    "change",
    [["--min-confidence", "0.9"], ["--company", "某公司"], ["--year", "2021"]],
    ids=lambda c: "changed-" + c[0].lstrip("-"),
)
def test_changed_options_are_not_skipped(tmp_path: Path, change: list[str]) -> None:
    make_inputs(tmp_path / "in", 1, bad=False)  # --company / --year name one report
    base = [str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--manifest"]
    run(base)
    assert "1 ok, 0 failed, 0 skipped" in run([*base, *change])[1]
    assert "0 ok, 0 failed, 1 skipped" in run([*base, *change])[1]


def test_the_same_inputs_from_another_working_directory_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_inputs(tmp_path / "proj" / "in", 2, bad=False)
    monkeypatch.chdir(tmp_path / "proj")
    run(["in", "--out", "out", "--manifest"])
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run(["proj/in", "--out", "proj/out"])
    assert code == 0 and "0 ok, 0 failed, 2 skipped" in stdout
    assert sorted(str(r["input"]) for r in read_manifest(tmp_path / "proj" / "out")) == [
        "../in/r00.txt",
        "../in/r01.txt",
    ]


def test_deleted_outputs_or_manifest_rows_are_redone(tmp_path: Path) -> None:
    import pyarrow as pa

    make_inputs(tmp_path / "in", 4, bad=False)
    out = tmp_path / "out"
    base = [str(tmp_path / "in"), "--out", str(out), "--manifest"]
    run(base)
    (out / "_json" / "r01.json").unlink()  # an output lost: that input is redone
    rows = [r for r in read_manifest(out) if not str(r["input"]).endswith("r02.txt")]  # a row lost (crash)
    pq.write_table(pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA), out / MANIFEST_NAME)
    code, stdout, _ = run(base)
    assert code == 0 and "2 ok, 0 failed, 2 skipped" in stdout
    assert (out / "_json" / "r01.json").exists() and pq.read_table(out / COMBINED_NAME).num_rows == 8


def test_a_report_that_now_fails_loses_its_stale_outputs(tmp_path: Path) -> None:
    paths = make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    base = [str(tmp_path / "in"), "--out", str(out), "--manifest"]
    run(base)
    paths[0].write_bytes(b"")  # emptied: now an error
    code, _, err = run(base)
    assert code == 1 and "empty" in err
    assert not list(out.rglob("r00.*")) and manifest_by_name(out)["r00.txt"]["status"] == "failed"
    assert pq.read_table(out / COMBINED_NAME).num_rows == 2


# -- interrupted runs ------------------------------------------------------------------------------


class StopAfter:
    """An ``on_result`` callback that presses Ctrl-C after ``n`` results."""

    def __init__(self, n: int) -> None:
        self.n, self.seen = n, 0

    def __call__(self, result: Result) -> None:
        self.seen += 1
        if self.seen >= self.n:
            raise KeyboardInterrupt


@pytest.mark.parametrize("jobs", [1, 2], ids=lambda j: f"jobs={j}")
def test_resume_after_an_interrupted_run(tmp_path: Path, jobs: int) -> None:
    paths = make_inputs(tmp_path / "in", 8, bad=False)
    out = tmp_path / "out"
    config = BatchConfig(out_dir=out, manifest=True)
    summary = run_batch(paths, config, engine=LocalEngine(jobs), on_result=StopAfter(3))
    assert summary.interrupted and summary.count("ok") == 3 and summary.not_run == 5
    done = {Path(str(r["input"])).stem for r in read_manifest(out)}
    assert len(done) == 3
    assert {p.stem for p in (out / "_json").glob("r*.json")} == done == {p.stem for p in out.glob("r*.parquet")}
    assert pq.read_table(out / COMBINED_NAME).num_rows == 6
    assert no_temp_files(out)
    code, stdout, _ = run([str(tmp_path / "in"), "--out", str(out), "--jobs", str(jobs)])  # manifest found
    assert code == 0 and "5 ok, 0 failed, 3 skipped" in stdout
    assert pq.read_table(out / COMBINED_NAME).num_rows == 16


def test_a_real_sigint_while_a_report_is_written_lets_it_finish_first(tmp_path: Path) -> None:
    paths = make_inputs(tmp_path / "in", 6, bad=False)
    out = tmp_path / "out"
    seen: list[str] = []

    def press_ctrl_c(result: Result) -> None:  # runs between writing a report and the next one
        seen.append(result.stem)
        if len(seen) == 2:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the handler runs here; it must not interrupt this report's bookkeeping

    summary = run_batch(paths, BatchConfig(out_dir=out, manifest=True), engine=LocalEngine(2), on_result=press_ctrl_c)
    # The kernel may hand a process-wide signal to another thread (a native library's pool in this
    # test process), so Python can see it a report later on a loaded machine: at least the two
    # reports before it are kept, the run stops early, and every kept report is whole.
    assert summary.interrupted and 2 <= len(summary.results) < len(paths)
    kept = {str(r["stem"]) for r in read_manifest(out)}
    assert set(seen[:2]) <= kept == set(seen) == {p.stem for p in (out / "_json").glob("r*.json")}


def test_ctrl_c_on_the_command_line_exits_130_and_keeps_only_whole_outputs(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 150, bad=False)
    out = tmp_path / "out"
    exe = Path(sys.executable).parent / "csr-extract"
    proc = subprocess.Popen(
        [str(exe), str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "--manifest", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob("_json/r*.json")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert "interrupted" in stdout and "Traceback" not in stderr, stdout + stderr
    rows = read_manifest(out)
    assert 0 < len(rows) < 150 and {r["status"] for r in rows} == {"ok"}
    stems = {str(r["stem"]) for r in rows}
    assert {p.stem for p in (out / "_json").glob("r*.json")} == stems == {p.stem for p in out.glob("r*.parquet")}
    assert no_temp_files(out)
    code, stdout, _ = run([str(tmp_path / "in"), "--out", str(out), "-q"])
    assert code == 0 and f"{150 - len(rows)} ok, 0 failed, {len(rows)} skipped" in stdout


# -- workers that crash, stems, options ----------------------------------------------------------


def crash_on_crash_files(task: Task) -> Outcome:
    """A worker that dies like a segfault on files named crash*."""
    if Path(task.path).name.startswith("crash"):
        os._exit(3)
    return extract_one(task)


def test_a_worker_process_that_dies_fails_only_its_report(tmp_path: Path) -> None:
    paths = make_inputs(tmp_path / "in", 4, bad=False)
    crash = tmp_path / "in" / "crash.txt"
    crash.write_text(report_text(5), encoding="utf-8")
    paths.insert(2, crash)
    engine = LocalEngine(2, worker=crash_on_crash_files)
    summary = run_batch(paths, BatchConfig(out_dir=tmp_path / "out", manifest=True), engine=engine)
    status = {r.path.name: (r.status, r.error_kind) for r in summary.results}
    assert status.pop("crash.txt") == ("failed", "crashed")
    assert set(status.values()) == {("ok", None)} and len(status) == 4


def cut_ocr_on_scan_files(task: Task) -> Outcome:
    """A worker whose reader, on files named scan*, stopped OCR at the OCR time limit (its warning)."""
    outcome = extract_one(task)
    if Path(task.path).name.startswith("scan") and outcome.report is not None:
        warning = ReportWarning(kind="reader", message=f"no usable text layer on pages 5: {OCR_CUT_SHORT} (30 s) was reached")
        outcome.report.warnings.append(warning)
    return outcome


@pytest.mark.parametrize(
    ("run_no", "expected"),
    [
        (1, {"r00.txt": "ok", "r01.txt": "ok", "scan.txt": "ok"}),
        (2, {"r00.txt": "skipped", "r01.txt": "skipped", "scan.txt": "ok"}),
    ],
    ids=["first-run:all-read", "second-run:only-the-scan-cut-short-read-again"],
)
def test_a_report_whose_ocr_was_cut_short_is_read_again_and_named_in_the_summary(
    tmp_path: Path, run_no: int, expected: dict[str, str]
) -> None:
    from csr_extract.cli import _print_summary

    paths = make_inputs(tmp_path / "in", 2, bad=False)
    scan = tmp_path / "in" / "scan.txt"
    scan.write_text(report_text(5), encoding="utf-8")
    paths.append(scan)
    config = BatchConfig(out_dir=tmp_path / "out", manifest=True)
    for _ in range(run_no):
        summary = run_batch(paths, config, engine=LocalEngine(1, worker=cut_ocr_on_scan_files))
    assert {r.path.name: r.status for r in summary.results} == expected
    assert {r.path.name for r in summary.results if r.cut_short} == {"scan.txt"}
    out = io.StringIO()
    _print_summary(summary, True, "local", True, out, io.StringIO())  # --quiet shows no warning: the summary says it
    assert (
        f"OCR stopped at its time limit in 1 report, pages left unread (a longer --time-limit or --pages reads "
        f"them; the next run reads them again): {scan}"
    ) in out.getvalue()


def test_stems_stay_unique_and_never_clobber_the_run_files(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(report_text(7 if folder == "a" else 8), encoding="utf-8")
    (tmp_path / "a" / "kpis.txt").write_text(report_text(9), encoding="utf-8")
    (tmp_path / "a" / "_manifest.txt").write_text(report_text(10), encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = run([str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out), "--manifest"])
    assert code == 0
    stems = {
        Path(str(r["input"])).parent.name + "/" + Path(str(r["input"])).name: r["stem"] for r in read_manifest(out)
    }
    assert stems["a/report.txt"] == "report" and str(stems["b/report.txt"]).startswith("report-")
    # kpis is a name like any other (the run's files are in _meta/); a leading _ would hide it from readers
    assert stems["a/kpis.txt"] == "kpis" and str(stems["a/_manifest.txt"]).startswith("manifest-")
    assert pq.read_table(out / COMBINED_NAME).num_rows == 8
    code, stdout, _ = run([str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out)])
    assert "4 skipped" in stdout  # the same names again on the next run


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["x.txt", "--jobs", "0"], id="zero-jobs"),
        pytest.param(["x.txt", "--engine", "spark"], id="unknown-engine"),
        pytest.param(["x.txt", "--engine", "local", "--scheduler", "tcp://h:8786"], id="scheduler-with-local"),
    ],
)
def test_batch_usage_errors_exit_2(argv: list[str]) -> None:
    assert run(argv)[0] == 2


def test_dask_engine_without_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(engines, "dask_available", lambda: False)
    (tmp_path / "r.txt").write_text(report_text(1), encoding="utf-8")
    code, _, err = run([str(tmp_path / "r.txt"), "--out", str(tmp_path / "o"), "--engine", "dask"])
    assert code == 2 and "pip install 'csr-extract[dask]'" in err


def test_an_input_named_diff_is_given_as_dot_slash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("diff").write_text(report_text(3), encoding="utf-8")
    assert run(["diff", "--out", "o"])[0] == 2  # "diff" is the command: OLD and NEW are missing
    assert run(["./diff", "--out", "o"])[0] == 1  # an input: no .txt suffix, so unsupported


def test_help_documents_batch_options_and_diff() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    for word in (
        "--jobs",
        "--manifest",
        "--force",
        "--engine",
        "--scheduler",
        "_meta/manifest.parquet",
        "_meta/kpis.parquet",
        "130",
        "csr-extract diff",
        "./diff",
    ):
        assert word in out


# -- progress --------------------------------------------------------------------------------------


def _result(index: int, status: str = "ok") -> Result:
    return Result(
        index=index,
        path=Path(f"r{index}.txt"),
        stem=f"r{index}",
        status=status,
        error="boom" if status == "failed" else None,
    )


def test_progress_releases_results_in_input_order() -> None:
    out, err = io.StringIO(), io.StringIO()
    shown: list[int] = []
    progress = ConsoleProgress(out, err, show=lambda r: shown.append(r.index), tty=False)
    progress.start(3)
    for index, status in [(2, "ok"), (1, "failed"), (0, "ok")]:
        progress.update(_result(index, status))
    progress.finish()
    assert err.getvalue().splitlines() == [
        "[1/3] r0.txt",
        "[2/3] r1.txt",
        "csr-extract: error: r1.txt: boom",
        "[3/3] r2.txt",
    ]
    assert shown == [0, 2]


def test_progress_bar_on_a_terminal() -> None:
    out, err = io.StringIO(), io.StringIO()
    progress = ConsoleProgress(out, err, tty=True)
    progress.start(2)
    progress.update(_result(0, "failed"))
    progress.update(_result(1))
    progress.finish()
    text = err.getvalue()
    assert "\r" in text and "2/2, 1 failed" in text and "reports/s" in text
    assert "csr-extract: error: r0.txt: boom" in text and "[1/2]" not in text


# -- one writer per output folder --------------------------------------------------------------------


def test_a_second_run_into_a_busy_folder_stops_with_a_clear_message(tmp_path: Path) -> None:
    from csr_extract.batch import LOCK_NAME, FolderLock

    make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    with FolderLock(out):  # another run holds the folder
        code, stdout, err = run([str(tmp_path / "in"), "--out", str(out)])
        assert code == 1 and stdout == ""
        assert err.startswith(f"csr-extract: error: {out} is being written by another csr-extract run (pid {os.getpid()} on ")
        assert err.rstrip().endswith("wait for it to finish or use another --out")
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]
    code, stdout, _ = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 0 and "2 ok" in stdout
    assert not (out / LOCK_NAME).exists(), "the lock goes with the run"


def test_rows_to_stdout_write_no_file_and_take_no_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-o -`` writes nothing into the working folder, so a run writing there does not stop it."""
    from csr_extract.batch import LOCK_NAME, FolderLock

    make_inputs(tmp_path / "in", 2, bad=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with FolderLock(work):
        code, stdout, err = run([str(tmp_path / "in"), "-o", "-"])
        assert code == 0, err
        assert sorted(p.name for p in work.iterdir()) == [LOCK_NAME]
    assert [json.loads(line)["value"] for line in stdout.splitlines() if '"revenue"' in line] == [1000e8, 1001e8]


def test_concurrent_runs_into_one_folder_lose_nothing(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 40, bad=False)
    out = tmp_path / "out"
    exe = Path(sys.executable).parent / "csr-extract"
    command = [str(exe), str(tmp_path / "in"), "--out", str(out), "--jobs", "1", "-q"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / ".csr-extract.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    first.communicate(timeout=300)
    assert first.returncode == 0
    if second.returncode == 1:  # it came while the first was writing
        assert "is being written by another csr-extract run" in second.stderr
    assert len(read_manifest(out)) == 40 and pq.read_table(out / COMBINED_NAME).num_rows == 80
    assert len(list((out / "_json").glob("r*.json"))) == 40


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    import json
    import socket

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    make_inputs(tmp_path / "in", 1, bad=False)
    out = tmp_path / "out"
    out.mkdir()
    holder = {"pid": int(dead.stdout), "host": socket.gethostname(), "since": "2020-01-01 00:00:00"}
    (out / ".csr-extract.lock").write_text(json.dumps(holder), encoding="utf-8")
    leftovers = [  # wherever a run writes: the top level, _json/, _meta/, another format's folder
        out / ".r00.parquet.k2j4l5m6.tmp",
        out / "_json" / ".r00.json.abcdefgh.tmp",
        out / "_meta" / ".manifest.parquet.x_1y2z3w.tmp",
        out / "_csv" / ".r00.csv.q1w2e3r4.tmp",
    ]
    not_ours = [out / ".notes.tmp", out / "_review" / ".index.html.abcdefgh.tmp", out / "_json" / ".r00.json.tmp"]
    for path in leftovers + not_ours:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half a file")
    code, _, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 0
    assert (
        f"csr-extract: warning: an earlier run into {out} (pid {holder['pid']} on {holder['host']}, since "
        "2020-01-01 00:00:00) was killed; removed 4 unfinished temporary files"
    ) in err
    assert not any(p.exists() for p in leftovers) and all(p.exists() for p in not_ours)


# -- failures never cost existing data ----------------------------------------------------------------


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file of the folder by its path relative to it (r01.parquet, _json/r01.json, _meta/...)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_an_io_error_keeps_the_previous_outputs_and_manifest_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from csr_extract import export

    paths = make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    run([str(tmp_path / "in"), "--out", str(out)])
    before = snapshot(out)
    real = export._write_bytes

    def disk_full_on_r01(path: Path, data: bytes) -> None:  # the JSON of r01, after its Parquet was written
        if ".r01.json." in path.name:
            path.write_bytes(data[:10])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(export, "_write_bytes", disk_full_on_r01)
    paths[0].write_text(report_text(3333), encoding="utf-8")  # both are extracted again
    paths[1].write_text(report_text(4444), encoding="utf-8")
    code, stdout, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 1 and "1 ok, 1 failed" in stdout
    assert f"csr-extract: error: {paths[1]}: cannot write output: No space left on device" in err
    after = snapshot(out)
    assert after["r01.parquet"] == before["r01.parquet"] and after["_json/r01.json"] == before["_json/r01.json"]
    assert after["_json/r00.json"] != before["_json/r00.json"]
    rows = manifest_by_name(out)
    assert rows["r01.txt"]["status"] == "ok" and rows["r01.txt"]["sha256"] != hashlib.sha256(paths[1].read_bytes()).hexdigest()
    values = sorted(pq.read_table(out / COMBINED_NAME).to_pandas().query("kpi_id == 'revenue'")["value"])
    assert values == [1001e8, 3333e8]  # r01's previous rows stay in the dataset
    assert no_temp_files(out)


ALL_FORMATS = "parquet,json,csv,jsonl,xlsx"
R01_FILES = ["r01.parquet", "_json/r01.json", "_csv/r01.csv", "_jsonl/r01.jsonl", "_xlsx/r01.xlsx"]


@pytest.mark.parametrize("failing", ["json", "csv", "jsonl", "xlsx"])
def test_an_io_error_in_any_format_keeps_every_previous_file_of_that_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """One write path for every format: the report's files are renamed together or not at all."""
    import errno

    from csr_extract import export

    paths = make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    assert run([str(tmp_path / "in"), "--out", str(out), "--format", ALL_FORMATS])[0] == 0
    before = snapshot(out)
    assert set(R01_FILES) <= set(before)
    real = export._write_bytes

    def disk_full(path: Path, data: bytes) -> None:
        if f".r01.{failing}." in path.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(export, "_write_bytes", disk_full)
    for path, value in zip(paths, (3333, 4444), strict=True):
        path.write_text(report_text(value), encoding="utf-8")
    code, stdout, _ = run([str(tmp_path / "in"), "--out", str(out), "--format", ALL_FORMATS])
    assert code == 1 and "1 ok, 1 failed" in stdout
    after = snapshot(out)
    assert {name: after[name] for name in R01_FILES} == {name: before[name] for name in R01_FILES}
    assert all(after[name.replace("r01", "r00")] != before[name.replace("r01", "r00")] for name in R01_FILES)
    assert manifest_by_name(out)["r01.txt"]["error_kind"] is None  # its previous ok row stands
    assert no_temp_files(out)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_during_a_forced_rerun_keeps_every_previous_output(tmp_path: Path) -> None:
    import resource

    make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    exe = Path(sys.executable).parent / "csr-extract"
    assert subprocess.run([str(exe), str(tmp_path / "in"), "--out", str(out), "-q"]).returncode == 0
    before = snapshot(out)

    def small_files_only() -> None:  # what `ulimit -f 4` does: writes beyond 2 KB fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = subprocess.run(
        [str(exe), str(tmp_path / "in"), "--out", str(out), "--force"],
        capture_output=True,
        text=True,
        preexec_fn=small_files_only,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot write output" in result.stderr
    assert snapshot(out) == before


# -- the manifest is input ------------------------------------------------------------------------------


def test_a_crafted_manifest_cannot_make_the_run_touch_files_outside_out(tmp_path: Path) -> None:
    import pyarrow as pa

    paths = make_inputs(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    run([str(tmp_path / "in"), "--out", str(out)])
    victim = tmp_path / "victim.parquet"
    victim.write_bytes(b"precious")
    (out / "link.parquet").symlink_to(victim)
    rows = read_manifest(out)
    rows[0]["stem"] = "../victim"  # r00's outputs "are" ../victim.parquet
    rows[1]["stem"] = "link"  # r01's "are" a link out of the folder
    pq.write_table(pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA), out / MANIFEST_NAME)
    paths[0].write_bytes(b"")  # now failing: the run would delete its "stale outputs"
    paths[1].write_bytes(b"")
    code, _, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 1
    assert victim.read_bytes() == b"precious" and (out / "link.parquet").is_symlink()
    warnings = [line for line in err.splitlines() if "points outside" in line]
    assert warnings == [
        f"csr-extract: warning: {out / MANIFEST_NAME}: ignoring the row of ../in/r00.txt: its output name '../victim' points outside {out}",
        f"csr-extract: warning: {out / MANIFEST_NAME}: ignoring the row of ../in/r01.txt: its output name 'link' points outside {out}",
    ]


def test_a_manifest_row_with_unknown_formats_is_ignored(tmp_path: Path) -> None:
    import pyarrow as pa

    paths = make_inputs(tmp_path / "in", 1, bad=False)
    out = tmp_path / "out"
    run([str(tmp_path / "in"), "--out", str(out)])
    rows = read_manifest(out)
    rows[0]["format"] = "parquet,../../victim"
    pq.write_table(pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA), out / MANIFEST_NAME)
    paths[0].write_bytes(b"")  # now failing: the run would delete the outputs its row names
    code, _, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 1 and "Traceback" not in err
    assert (
        f"csr-extract: warning: {out / MANIFEST_NAME}: ignoring the row of ../in/r00.txt: unknown output "
        "format 'parquet,../../victim'"
    ) in err
    assert [(r["status"], r["error_kind"], r["format"]) for r in read_manifest(out)] == [("failed", "empty", "parquet,json")]


def test_a_manifest_of_the_wrong_shape_is_ignored_with_a_warning(tmp_path: Path) -> None:
    import pyarrow as pa

    make_inputs(tmp_path / "in", 1, bad=False)
    out = tmp_path / "out"
    (out / MANIFEST_NAME).parent.mkdir(parents=True)
    pq.write_table(pa.table({"input": ["x"], "stem": [1]}), out / MANIFEST_NAME)
    code, stdout, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 0 and "1 ok" in stdout
    assert f"csr-extract: warning: {out / MANIFEST_NAME}: ignoring a malformed row (x)" in err
    assert [r["stem"] for r in read_manifest(out)] == ["r00"]
    (out / MANIFEST_NAME).write_bytes(b"PAR1 not parquet")
    code, stdout, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 0 and "1 ok" in stdout and f"csr-extract: warning: ignoring unreadable {out / MANIFEST_NAME}" in err


# -- kill -9 of the main process --------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_kill_9_mid_batch_leaves_no_orphans_and_a_rerun_gives_the_same_rows(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 30, bad=False)
    exe = Path(sys.executable).parent / "csr-extract"
    whole = tmp_path / "whole"
    assert subprocess.run([str(exe), str(tmp_path / "in"), "--out", str(whole), "-q"]).returncode == 0
    out = tmp_path / "out"
    proc = subprocess.Popen([str(exe), str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "-q"])
    deadline = time.monotonic() + 120
    while len(list(out.glob("_json/r*.json"))) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    tree = descendants(proc.pid)
    assert len(tree) >= 3  # the fork server, the workers (and multiprocessing's resource tracker)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in tree if running(pid)] == [], "workers die with the main process"
    code, _, err = run([str(tmp_path / "in"), "--out", str(out)])
    assert code == 0 and "was killed" in err
    columns = ["report_id", "kpi_id", "value", "year", "raw", "evidence"]
    expected = pq.read_table(whole / COMBINED_NAME).to_pandas()[columns]
    assert pq.read_table(out / COMBINED_NAME).to_pandas()[columns].equals(expected)
    assert no_temp_files(out)


# -- any console ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"PYTHONIOENCODING": "ascii"}, id="ascii"),
        pytest.param({"PYTHONIOENCODING": "cp1252"}, id="cp1252"),
        pytest.param({"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}, id="LANG=C"),
    ],
)
def test_a_console_that_cannot_show_chinese_gets_escapes_not_a_failure(tmp_path: Path, env: dict[str, str]) -> None:
    make_inputs(tmp_path / "in", 1, bad=False)
    (tmp_path / "in" / "不存在.txt").write_text("", encoding="utf-8")  # a failing input: a Chinese name in stderr
    exe = Path(sys.executable).parent / "csr-extract"
    result = subprocess.run(
        [str(exe), str(tmp_path / "in"), "--out", str(tmp_path / "out")],
        capture_output=True,
        env={**os.environ, **env},
        timeout=300,
    )
    assert result.returncode == 1, result.stderr  # the empty input fails; printing does not
    stdout, stderr = result.stdout.decode("ascii"), result.stderr.decode("ascii")
    assert "1 ok, 1 failed" in stdout and "\\u" in stdout  # the report's 亿元 as escapes
    assert "\\u4e0d\\u5b58\\u5728.txt: empty file" in stderr and "Traceback" not in stderr


# -- file names that are not UTF-8 -----------------------------------------------------------------------

GBK_NAME = "不存在.txt".encode("gbk")  # a name from a Chinese zip archive, not valid UTF-8
GBK_SHOWN = "\\xb2\\xbb\\xb4\\xe6\\xd4\\xda.txt"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("年报.txt", "年报.txt", id="utf-8-name"),
        pytest.param(b"\xe5\xb9\xb4\xe6\x8a\xa5.txt".decode("ascii", "surrogateescape"), "年报.txt", id="utf-8-bytes-under-LANG=C"),
        pytest.param(GBK_NAME.decode("utf-8", "surrogateescape"), GBK_SHOWN, id="gbk-bytes"),
    ],
)
def test_readable_name(name: str, expected: str) -> None:
    from csr_extract.batch import readable_name

    assert readable_name(name) == expected


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_a_gbk_encoded_file_name_is_extracted_and_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    gbk = os.path.join(os.fsencode(folder), GBK_NAME)
    with open(gbk, "wb") as fh:
        fh.write(report_text(1234).encode("utf-8"))
    out = tmp_path / "out"
    code, stdout, _ = run([str(folder), "--out", str(out)])
    assert code == 0 and "1 ok" in stdout
    [row] = read_manifest(out)
    assert row["input"] == f"../in/{GBK_SHOWN}" and str(row["stem"]).startswith("report-")
    assert pq.read_table(out / COMBINED_NAME).num_rows == 2
    assert "0 ok, 0 failed, 1 skipped" in run([str(folder), "--out", str(out)])[1]


# -- colliding stems: each input its own output name and report id ---------------------------------------

SEED_LIKE = "2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元。\n"
OTHER = "2020年社会责任报告\n2020年，公司实现营业收入 12.5 亿元。\n"


@pytest.mark.parametrize(
    ("files", "stems"),
    [
        pytest.param(
            {"seed.txt": SEED_LIKE, "sub/seed.TXT": SEED_LIKE},
            ["seed", "seed-{sha}"],
            id="same-content:seed.txt+sub/seed.TXT",
        ),
        pytest.param(
            {"2019/600000.txt": SEED_LIKE, "2020/600000.txt": OTHER},
            ["600000", "600000-{sha}"],
            id="other-content:2019/600000.txt+2020/600000.txt",
        ),
    ],
)
def test_inputs_with_one_stem_get_their_own_output_name_and_report_id(
    tmp_path: Path, files: dict[str, str], stems: list[str]
) -> None:
    root = tmp_path / "in"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run([str(root), "-r", "--out", str(out), "-q"])[0] == 0
    manifest = sorted(read_manifest(out), key=lambda row: row["input"])
    shas = [hashlib.sha256((root / name).read_bytes()).hexdigest()[:8] for name in files]
    expected_stems = [s.format(sha=sha) for s, sha in zip(stems, shas, strict=True)]
    assert [row["stem"] for row in manifest] == expected_stems
    # the report id is the output name and the sha256's first 8 hex digits: never two inputs' id
    expected_ids = [f"{stem}-{sha}" for stem, sha in zip(expected_stems, shas, strict=True)]
    assert [row["report_id"] for row in manifest] == expected_ids
    frame = read_dataset(out)
    assert sorted(frame["report_id"].unique()) == sorted(expected_ids) and len(frame) == 2
