"""Every report in ../shared runs through the CLI without a crash or a hang (skipped when absent).

A failure is allowed only as a clean error of a known kind (e.g. a PDF whose every page lacks a
text layer); the other inputs are still written, and every written value keeps its evidence.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from csr_extract.cli import main

from .conftest import shared_path

KNOWN_ERROR = re.compile(r"^csr-extract: error: .+: (no text layer|not a PDF|empty|undecodable|.*password)")


@pytest.mark.shared
@pytest.mark.parametrize("folder", ["corpus/text2016", "corpus/pdf"])
def test_every_shared_report_extracts_or_fails_cleanly(folder: str, tmp_path: Path) -> None:
    src = shared_path(*folder.split("/"))
    inputs = sorted(p for p in src.iterdir() if p.suffix.lower() in (".txt", ".pdf"))
    out, err = io.StringIO(), io.StringIO()
    # --ocr off: OCR of the broken-ToUnicode rendering's 44 pages takes minutes (tests/test_ocr.py reads it)
    args = [str(src), "--out", str(tmp_path), "-q", "--time-limit", "120", "--ocr", "off"]
    code = main(args, stdout=out, stderr=err)
    errors = [line for line in err.getvalue().splitlines() if line.startswith("csr-extract: error")]
    assert "internal error" not in err.getvalue(), err.getvalue()
    for line in errors:
        assert KNOWN_ERROR.match(line), line
    assert code == (1 if errors else 0)
    written = sorted(tmp_path.glob("*.parquet"))  # the dataset: nothing else at the top level
    assert len(written) == len(inputs) - len(errors)
    combined = pq.read_table(tmp_path / "_meta" / "kpis.parquet")
    assert combined.num_rows == sum(pq.read_metadata(p).num_rows for p in written)
    manifest = pq.read_table(tmp_path / "_meta" / "manifest.parquet").to_pylist()
    assert len(manifest) == len(inputs)
    assert sum(1 for m in manifest if m["status"] == "failed") == len(errors)
    for path in written:
        for row in pq.read_table(path, columns=["raw", "evidence", "year", "unit", "value"]).to_pylist():
            assert row["raw"] in row["evidence"], (path.name, row)
            assert 1990 <= row["year"] <= 2035
            if row["unit"] == "ratio":
                assert 0 <= row["value"] <= 1
