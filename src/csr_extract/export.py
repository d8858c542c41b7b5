"""Writing a Report as Parquet (explicit Arrow schema) and JSON, atomically; reading many back."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from . import SCHEMA_VERSION, __version__
from .errors import OutputError
from .models import Report

if TYPE_CHECKING:
    import pandas as pd

BBOX_TYPE = pa.struct(
    [
        pa.field("x0", pa.float64(), nullable=False),
        pa.field("top", pa.float64(), nullable=False),
        pa.field("x1", pa.float64(), nullable=False),
        pa.field("bottom", pa.float64(), nullable=False),
    ]
)

PARQUET_SCHEMA = pa.schema(
    [
        pa.field("report_id", pa.string(), nullable=False),
        pa.field("company", pa.string()),
        pa.field("report_year", pa.int32()),
        pa.field("kpi_id", pa.string(), nullable=False),
        pa.field("kpi_name_zh", pa.string(), nullable=False),
        pa.field("category", pa.string(), nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("year", pa.int32(), nullable=False),
        pa.field("period_start", pa.int32()),
        pa.field("qualifier", pa.string()),
        pa.field("change_yoy", pa.float64()),
        pa.field("raw", pa.string(), nullable=False),
        pa.field("page", pa.int32()),
        pa.field("bbox", BBOX_TYPE),
        pa.field("evidence", pa.string(), nullable=False),
        pa.field("method", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
        pa.field("trace", pa.string(), nullable=False),
        pa.field("gri", pa.string()),
        pa.field("hkex", pa.string()),
    ]
)

FORMATS = ("parquet", "json", "both")


def _metadata() -> dict[bytes, bytes]:
    return {
        b"csr_extract.schema_version": SCHEMA_VERSION.encode(),
        b"csr_extract.extractor_version": __version__.encode(),
    }


def report_to_table(report: Report) -> pa.Table:
    """The report's rows as an Arrow table with ``PARQUET_SCHEMA`` (metadata: schema and extractor version)."""
    rows = []
    for kv in report.kpis:
        row = kv.model_dump()
        row.update(report_id=report.report_id, company=report.company, report_year=report.report_year)
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA)
    return table.replace_schema_metadata(_metadata())


def report_to_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def write_outputs(report: Report, out_dir: Path, stem: str, fmt: str = "both") -> list[Path]:
    """Write ``out_dir/<stem>.parquet`` and/or ``.json``; each appears whole or not at all."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out_dir, f"cannot create output directory: {exc.strerror}") from None
    written: list[Path] = []
    if fmt in ("parquet", "both"):
        target = out_dir / f"{stem}.parquet"
        _atomic_write(target, lambda tmp: pq.write_table(report_to_table(report), tmp, compression="zstd"))
        written.append(target)
    if fmt in ("json", "both"):
        target = out_dir / f"{stem}.json"
        data = report_to_json(report).encode("utf-8")
        _atomic_write(target, lambda tmp: Path(tmp).write_bytes(data))
        written.append(target)
    return written


def _atomic_write(target: Path, write: object) -> None:
    """Write to a temporary file beside ``target``, then rename it into place."""
    assert callable(write)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(target.parent, f"cannot write output: {exc.strerror}") from None
    try:
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(target, f"cannot write output: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_report_json(path: Path) -> Report:
    return Report.model_validate(json.loads(path.read_text(encoding="utf-8")))


def read_dataset(directory: Path | str) -> pd.DataFrame:
    """All outputs in a directory as one DataFrame: the combined ``kpis.parquet`` of a batch run, or
    every ``<stem>.parquet`` (files starting with ``_`` skipped)."""

    from .models import _nullable_types

    directory = Path(directory)
    combined = directory / "kpis.parquet"
    if combined.is_file() and (directory / "_manifest.parquet").is_file():
        files = [combined]  # a batch run's combined dataset already holds every report's rows
    else:
        files = sorted(
            p for p in directory.glob("*.parquet") if not p.name.startswith(("_", ".")) and p.name != "kpis.parquet"
        )
    tables = [pq.read_table(p, schema=PARQUET_SCHEMA) for p in files]
    table = pa.concat_tables(tables) if tables else PARQUET_SCHEMA.empty_table()
    frame: pd.DataFrame = table.to_pandas(types_mapper=_nullable_types)
    return frame
