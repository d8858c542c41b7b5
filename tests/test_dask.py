"""The Dask engine on a LocalCluster started here (skipped when dask[distributed] is not installed)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

pytest.importorskip("distributed")

from csr_extract.batch import COMBINED_NAME, read_manifest
from csr_extract.cli import main
from csr_extract.engines import DaskEngine, EngineUnavailable


def report_text(revenue: int) -> str:
    return f"2020年社会责任报告\n2020年，公司实现营业收入 {revenue:,} 亿元，利润总额 78 亿元。\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        yield str(cluster.scheduler_address)


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"r{i}.txt").write_text(report_text(1000 + i), encoding="utf-8")
    (folder / "bad.pdf").write_text("not a pdf", encoding="utf-8")
    return folder


def test_dask_engine_writes_the_same_outputs_as_the_local_engine(scheduler: str, inputs: Path, tmp_path: Path) -> None:
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert run([str(inputs), "--out", str(local), "--manifest", "-q"])[0] == 1
    code, stdout, err = run(
        [str(inputs), "--out", str(dask), "--manifest", "--engine", "dask", "--scheduler", scheduler]
    )
    assert code == 1, err
    assert "5 ok, 1 failed" in stdout and "dask engine" in stdout
    assert "bad.pdf" in err and "not a PDF" in err and "/tmp/csr-extract-" not in err  # the client's path
    for i in range(5):
        assert (dask / "_json" / f"r{i}.json").read_bytes() == (local / "_json" / f"r{i}.json").read_bytes()
        assert pq.read_table(dask / f"r{i}.parquet").equals(pq.read_table(local / f"r{i}.parquet"))
    assert pq.read_table(dask / COMBINED_NAME).equals(pq.read_table(local / COMBINED_NAME))
    rows = {Path(str(r["input"])).name: r for r in read_manifest(dask)}
    assert rows["bad.pdf"]["error_kind"] == "not_pdf" and rows["r3.txt"]["status"] == "ok"
    code, stdout, _ = run([str(inputs), "--out", str(dask), "--scheduler", scheduler])  # incremental too
    assert "0 ok, 1 failed, 5 skipped" in stdout


def test_dask_workers_do_not_need_the_clients_files(scheduler: str, inputs: Path, tmp_path: Path) -> None:
    # every task carries its file's bytes: a missing file is still reported as missing, by its path
    code, _, err = run(
        [
            str(inputs / "r0.txt"),
            str(inputs / "gone.txt"),
            "--out",
            str(tmp_path / "o"),
            "--scheduler",
            scheduler,
        ]
    )
    assert code == 1 and f"{inputs / 'gone.txt'}: no such file" in err
    assert (tmp_path / "o" / "_json" / "r0.json").exists()


def test_unreachable_scheduler_is_a_clean_error() -> None:
    engine = DaskEngine("tcp://127.0.0.1:9", timeout=1)
    with pytest.raises(EngineUnavailable, match="cannot connect"):
        engine.__enter__()
