"""Writing a Report's rows (Parquet, CSV, JSONL, XLSX) and the whole Report (JSON); reading them back.

The output folder is one dataset. Its top level holds one file per report in the first format asked
for (``<stem>.parquet`` by default), and nothing else, so ``pandas.read_parquet(OUT)``,
``polars.read_parquet("OUT/*.parquet")`` and DuckDB's ``'OUT/*.parquet'`` read every KPI row exactly
once. Every further format goes to a folder named after it with a leading underscore
(``_json/<stem>.json``), and the run's own files to ``_meta/``: readers of a dataset folder skip names
starting with ``_`` or ``.``, and a ``*.parquet`` glob does not descend into folders.

Every file is written to a temporary name beside its target, flushed to disk (fsync) and renamed, so
it appears whole or not at all, with the permissions the umask gives a new file; a report's files are
renamed only once all of them are written, so a failed write (disk full) keeps its previous files.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from . import SCHEMA_VERSION, __version__
from .errors import OutputError, OutputIOError
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
        pa.field("stock_code", pa.string()),
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
        pa.field("column", pa.string()),
        pa.field("unit_source", pa.string()),
        pa.field("gri", pa.string()),
        pa.field("hkex", pa.string()),
    ]
)

# CSV and XLSX have no nested columns: the box becomes four columns, bbox_x0 .. bbox_bottom
BBOX_COLUMNS = tuple(f"bbox_{f.name}" for f in BBOX_TYPE)
FLAT_SCHEMA = pa.schema(
    [
        flat
        for field in PARQUET_SCHEMA
        for flat in ([pa.field(c, pa.float64()) for c in BBOX_COLUMNS] if field.name == "bbox" else [field])
    ]
)

FORMATS = ("parquet", "json", "csv", "jsonl", "xlsx")
DEFAULT_FORMATS = ("parquet", "json")
ROW_FORMATS = ("parquet", "csv", "jsonl", "xlsx")  # one row per KPI value; json is the whole Report
META_DIR = "_meta"  # the run's own files: manifest, combined copy
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries of an xlsx: same input, same bytes


def _metadata() -> dict[bytes, bytes]:
    return {
        b"csr_extract.schema_version": SCHEMA_VERSION.encode(),
        b"csr_extract.extractor_version": __version__.encode(),
    }


# -- formats and where they go ---------------------------------------------------------------------


def parse_formats(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"parquet,json"`` (or a sequence) -> ``("parquet", "json")``; ``both`` means parquet and json.

    Raises ``ValueError`` naming an unknown format or a format given twice."""
    items = text.split(",") if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in (i.strip().lower() for i in items):
        names = DEFAULT_FORMATS if item == "both" else (item,)
        for name in names:
            if name not in FORMATS:
                raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)}, or both)")
            if name in out:
                raise ValueError(f"format {name!r} given twice")
            out.append(name)
    if not out:
        raise ValueError("no format given")
    return tuple(out)


def output_paths(out_dir: Path, stem: str, formats: str | Sequence[str]) -> dict[str, Path]:
    """Where each format of one report goes: the first at the top of ``out_dir``, the others in
    ``_<format>/``."""
    fmts = parse_formats(formats)
    return {
        fmt: (out_dir if i == 0 else out_dir / f"_{fmt}") / f"{stem}.{fmt}" for i, fmt in enumerate(fmts)
    }


# -- rows ------------------------------------------------------------------------------------------


def report_to_table(report: Report) -> pa.Table:
    """The report's rows as an Arrow table with ``PARQUET_SCHEMA`` (metadata: schema and extractor version)."""
    rows = []
    for kv in report.kpis:
        row = kv.model_dump()
        row.update(
            report_id=report.report_id,
            company=report.company,
            stock_code=report.stock_code,
            report_year=report.report_year,
        )
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA)
    return table.replace_schema_metadata(_metadata())


def report_to_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def flat_rows(table: pa.Table) -> list[dict[str, Any]]:
    """Rows with the box as four columns (``FLAT_SCHEMA`` order): what CSV and XLSX hold."""
    out = []
    for row in table.to_pylist():
        box = row.pop("bbox", None) or {}
        flat = {}
        for name in FLAT_SCHEMA.names:
            flat[name] = box.get(name.removeprefix("bbox_")) if name in BBOX_COLUMNS else row.get(name)
        out.append(flat)
    return out


def _unflatten(rows: Iterable[dict[str, Any]]) -> pa.Table:
    nested = []
    for flat in rows:
        row = {k: v for k, v in flat.items() if k not in BBOX_COLUMNS}
        box = [flat.get(c) for c in BBOX_COLUMNS]
        whole = all(v is not None for v in box)
        row["bbox"] = dict(zip(("x0", "top", "x1", "bottom"), box, strict=True)) if whole else None
        nested.append(row)
    return pa.Table.from_pylist(nested, schema=PARQUET_SCHEMA)


def write_csv_rows(table: pa.Table, stream: IO[str], header: bool = True) -> None:
    """CSV (RFC 4180, UTF-8, empty cell = null) of the rows, box flattened (a file gets a byte-order
    mark, see ``_writer``; a stream, e.g. ``-o -``, none)."""
    writer = csv.DictWriter(stream, fieldnames=FLAT_SCHEMA.names, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(flat_rows(table))  # None -> empty cell


def write_jsonl_rows(table: pa.Table, stream: IO[str]) -> None:
    """One JSON object per row, Chinese unescaped, the box as an object."""
    for row in table.to_pylist():
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def _xlsx_bytes(report: Report, table: pa.Table) -> bytes:
    """An .xlsx with a ``kpis`` sheet (one row per value) and a ``report`` sheet (the report's
    metadata and warnings); fixed timestamps, so the same report gives the same bytes."""
    import datetime

    try:
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise OutputError(
            "xlsx", "writing .xlsx needs openpyxl: pip install 'csr-extract[xlsx]'"
        ) from None
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("kpis")
    sheet.append(FLAT_SCHEMA.names)
    for row in flat_rows(table):
        sheet.append(_xlsx_cells(sheet, row.values()))
    meta = wb.create_sheet("report")
    for key in ("report_id", "source_file", "sha256", "company", "stock_code", "report_year", "page_count"):
        meta.append(_xlsx_cells(meta, [key, getattr(report, key)]))
    meta.append(["extractor_version", report.extractor_version])
    for warning in report.warnings:
        meta.append(_xlsx_cells(meta, [f"warning ({warning.kind})", warning.message]))
    fixed = datetime.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _fixed_zip_times(raw.getvalue())


# characters a worksheet cannot hold (XML 1.0 forbids them): openpyxl raises IllegalCharacterError
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row's values as cells a worksheet takes as they are: text is text, even when it starts with
    ``=`` (openpyxl would store a formula, and Excel run it), and control characters a PDF's text can
    carry are shown as U+FFFD instead of failing the whole file."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=_XLSX_ILLEGAL.sub("\ufffd", value))
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def _fixed_zip_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# -- writing: whole or not at all, and never at the cost of what was there --------------------------

# a temporary file of ours: ".<target name>.<random>.tmp" beside its target (tempfile.mkstemp)
TEMP_NAME = re.compile(rf"\.(?P<target>.+\.(?:{'|'.join(FORMATS)}))\.[A-Za-z0-9_]{{6,}}\.tmp")

Writer = Callable[[Path], object]  # writes a file's content to the path it is given


def write_outputs(
    report: Report, out_dir: Path, stem: str, formats: str | Sequence[str] = DEFAULT_FORMATS
) -> list[Path]:
    """Write one report in every format asked for (see ``output_paths``): every file is written and
    synced first, then all are renamed into place, so an error leaves the report's previous files as
    they were. Raises ``OutputIOError`` (``error_kind`` ``io``) when they cannot be written."""
    targets = output_paths(out_dir, stem, formats)
    for folder in sorted({p.parent for p in targets.values()}):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputIOError(folder, f"cannot create output directory: {exc.strerror or exc}") from None
    table = report_to_table(report)
    writers = [(target, _writer(fmt, report, table)) for fmt, target in targets.items()]
    try:
        replace_all(writers)
    except OSError as exc:  # pyarrow's write errors are OSErrors too
        raise OutputIOError(out_dir / stem, f"cannot write output: {exc.strerror or exc}") from None
    remove_other_outputs(out_dir, stem, formats)
    return list(targets.values())


def remove_other_outputs(out_dir: Path, stem: str, formats: str | Sequence[str]) -> list[Path]:
    """Delete the report's files that ``formats`` no longer asks for, left by an earlier run with
    other formats: at the top level, any format but the first (so the top level stays one dataset
    that ``pandas.read_parquet(OUT)`` reads), and ``_<format>/<stem>.<format>`` of every format not
    asked for or now at the top. The removals are synced to disk."""
    keep = set(output_paths(out_dir, stem, formats).values())
    removed: list[Path] = []
    for fmt in FORMATS:
        for folder in (out_dir, out_dir / f"_{fmt}"):
            path = folder / f"{stem}.{fmt}"
            if path in keep:
                continue
            with contextlib.suppress(OSError):  # gone already, or not ours to remove: the new files stand
                if path.is_file() and not path.is_symlink():
                    path.unlink()
                    removed.append(path)
    for folder in dict.fromkeys(p.parent for p in removed):
        _sync_folder(folder)
    return removed


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _writer(fmt: str, report: Report, table: pa.Table) -> Writer:
    if fmt == "parquet":
        return lambda tmp: pq.write_table(table, tmp, compression="zstd")
    if fmt == "json":
        data = report_to_json(report).encode("utf-8")
    elif fmt == "xlsx":
        data = _xlsx_bytes(report, table)
    else:
        text = io.StringIO()
        if fmt == "csv":
            write_csv_rows(table, text)
        else:
            write_jsonl_rows(table, text)
        # a CSV file starts with a UTF-8 byte-order mark: Excel then reads its Chinese as UTF-8 (not
        # the ANSI code page); pandas, polars, DuckDB and read_output skip it
        data = text.getvalue().encode("utf-8-sig" if fmt == "csv" else "utf-8")
    return lambda tmp: _write_bytes(tmp, data)


def file_mode() -> int:
    """The permissions a new file gets under the current umask (``open()``'s, not mkstemp's 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temp_beside(target: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(tmp)


def _sync(path: Path) -> None:
    """Flush a written file to the disk, so that a rename never publishes an empty file after a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (where a folder can be opened: not on Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_all(writers: Sequence[tuple[Path, Writer]]) -> None:
    """Write every ``(target, write)`` to a temporary file beside its target, give it the umask's
    permissions and sync it; only when all are written are they renamed into place. Raises OSError,
    with no temporary file left and every old target untouched, when any write fails (disk full,
    permissions)."""
    temps: list[tuple[Path, Path]] = []
    mode = file_mode()
    try:
        for target, write in writers:
            tmp = _temp_beside(target)
            temps.append((tmp, target))
            write(tmp)
            os.chmod(tmp, mode)
            _sync(tmp)
        for tmp, target in temps:
            os.replace(tmp, target)
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
    for folder in dict.fromkeys(target.parent for _, target in temps):
        _sync_folder(folder)


def atomic_write(target: Path, write: Writer) -> None:
    """One file through ``replace_all``: ``write(tmp_path)`` to a temporary file beside ``target``,
    synced, then renamed into place. Raises ``OutputIOError``."""
    try:
        replace_all([(target, write)])
    except OSError as exc:
        raise OutputIOError(target, f"cannot write output: {exc.strerror or exc}") from None


def remove_stale_temps(out_dir: Path) -> list[Path]:
    """Delete the temporary files a killed run left between writing and renaming, at the top of
    ``out_dir`` and in its ``_meta/`` and ``_<format>/`` folders. Call it only while holding the
    folder's lock (``batch.FolderLock``), so that none of them is being written."""
    removed: list[Path] = []
    for folder in (out_dir, out_dir / META_DIR, *(out_dir / f"_{fmt}" for fmt in FORMATS)):
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if TEMP_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
    return removed


# -- reading ---------------------------------------------------------------------------------------


def read_report_json(path: Path) -> Report:
    return Report.model_validate(json.loads(path.read_text(encoding="utf-8")))


def read_output(path: Path | str) -> pa.Table:
    """One output file of any format as an Arrow table with ``PARQUET_SCHEMA``.

    Raises ``FileNotFoundError`` when it does not exist and ``ValueError`` when it is not a
    csr-extract output (a manifest, another table, an unknown suffix)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in (*ROW_FORMATS, "json"):
        raise ValueError(f"{path}: not a csr-extract output (.parquet, .json, .jsonl, .csv or .xlsx)")
    try:
        return _read_output(path, suffix)
    except ValueError as exc:
        if str(exc).startswith(f"{path}: "):
            raise
        # a damaged or foreign file (pyarrow's, json's, pydantic's own errors name no file): say which
        raise ValueError(f"{path}: not a readable csr-extract output: {_first_line(exc)}") from exc
    except (OSError, KeyError, StopIteration, zipfile.BadZipFile) as exc:
        raise ValueError(f"{path}: not a readable csr-extract output: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _read_output(path: Path, suffix: str) -> pa.Table:
    if suffix == "parquet":
        schema = pq.read_schema(path)
        if "kpi_id" not in schema.names or "report_id" not in schema.names:
            raise ValueError(f"{path}: not a csr-extract KPI table (a manifest?)")
        table = pq.read_table(path)
        return _conform(table)
    if suffix == "json":
        return report_to_table(read_report_json(path)).replace_schema_metadata(None)
    if suffix == "jsonl":
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        return pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA)
    if suffix == "csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:  # with or without a byte-order mark
            reader = csv.DictReader(fh)
            if not {"kpi_id", "report_id"} <= set(reader.fieldnames or ()):
                raise ValueError(f"{path}: not a csr-extract KPI table (no kpi_id / report_id columns)")
            return _unflatten(_typed(row) for row in reader)
    if suffix == "xlsx":
        return _read_xlsx(path)
    raise ValueError(f"{path}: not a csr-extract output (.parquet, .json, .jsonl, .csv or .xlsx)")


def _conform(table: pa.Table) -> pa.Table:
    """An older output without a newer column (e.g. ``stock_code``) gets it as nulls."""
    for i, field in enumerate(PARQUET_SCHEMA):
        if field.name not in table.column_names:
            table = table.add_column(i, field.name, pa.nulls(table.num_rows, field.type))
    return table.select(PARQUET_SCHEMA.names).cast(PARQUET_SCHEMA).replace_schema_metadata(None)


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in FLAT_SCHEMA:
        text = row.get(field.name)
        if text is None or text == "":
            out[field.name] = None if field.nullable or not pa.types.is_string(field.type) else ""
        elif pa.types.is_integer(field.type):
            out[field.name] = int(text)
        elif pa.types.is_floating(field.type):
            out[field.name] = float(text)
        else:
            out[field.name] = text
    return out


def _read_xlsx(path: Path) -> pa.Table:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        rows = wb["kpis"].iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        data = [dict(zip(header, values, strict=False)) for values in rows]
    finally:
        wb.close()
    return _unflatten(_typed({k: (None if v is None else str(v)) for k, v in row.items()}) for row in data)


def dataset_files(folder: Path) -> list[Path]:
    """The per-report files that make up an output folder's dataset: its top-level files of one row
    format (Parquet first), else its top-level ``.json`` reports; names starting with ``_`` or ``.``
    are skipped."""
    visible = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("_", "."))]
    for suffix in (*ROW_FORMATS, "json"):
        files = sorted(p for p in visible if p.suffix.lower() == f".{suffix}")
        if files:
            return files
    return []


def read_table(path: Path | str) -> pa.Table:
    """Every KPI row of an output folder (see ``dataset_files``) or of one output file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    files = dataset_files(path) if path.is_dir() else [path]
    tables = [read_output(p) for p in files]
    table = pa.concat_tables(tables) if tables else PARQUET_SCHEMA.empty_table()
    return table.cast(PARQUET_SCHEMA)


def read_dataset(path: Path | str) -> pd.DataFrame:
    """Every KPI row of an output folder or output file as one pandas DataFrame (Parquet column types).

    A folder's dataset is its top-level per-report files (``<stem>.parquet``, or the format the run
    wrote first; ``.json`` reports when that is all there is); a file may be any output format.
    Raises ``FileNotFoundError`` for a missing path; an empty folder gives an empty frame with the
    columns."""
    from .models import _nullable_types

    frame: pd.DataFrame = read_table(path).to_pandas(types_mapper=_nullable_types)
    return frame
