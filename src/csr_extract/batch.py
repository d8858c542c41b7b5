"""Many reports: parallel extraction, a run manifest, one combined dataset, incremental re-runs.

``run_batch(paths, config)`` extracts every input on an engine (``engines.LocalEngine`` by default:
a pool of processes), and writes each report's outputs itself (``<stem>.parquet`` and
``_json/<stem>.json``, see ``export.output_paths``), in this process, as results arrive, so an
interrupted run leaves only whole files. With ``config.manifest``:

- ``OUT/_meta/manifest.parquet`` records every input ever extracted into OUT (input path, sha256, status,
  error kind and message, pages, KPIs found, seconds, extractor version, options), rewritten after
  every run and checkpointed during long runs;
- an input whose sha256, extractor version and options match an ``ok`` entry whose outputs still
  exist is skipped (status ``skipped``) unless ``config.force``; so a re-run after a crash or Ctrl-C
  only does the rest;
- ``OUT/_meta/kpis.parquet`` (a one-file copy of the dataset) is rebuilt from the per-report outputs
  of every ``ok``/``skipped`` entry: all rows, ``export.PARQUET_SCHEMA``, sorted by report_id then the
  per-report order.

Reliability (see the README's "Reliability" section):

- one run at a time writes into OUT: a lock file (``OUT/.csr-extract.lock``: the holder's pid, host
  and start time, held with ``flock``, so a killed run's lock is taken over) makes a second run stop
  at once with ``OutputBusyError``; temporary files a killed run left behind (at the top of OUT, in
  ``_meta/`` and in the ``_<format>/`` folders) are removed;
- inputs that are not regular files (a named pipe would block the run) or are larger than
  ``max_bytes`` fail up front, without being opened;
- every file is written to a temporary name, flushed to disk (fsync) and renamed
  (``export.replace_all``); a report's files, in every format, are renamed only once all of them are
  written, so an I/O error (disk full, permissions) fails that report with ``error_kind`` ``io`` and
  leaves its previous outputs and manifest row as they were;
- the manifest is input like any other: a row whose output name would leave OUT, or whose formats
  are unknown, is ignored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import signal
import socket
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from . import SCHEMA_VERSION, __version__
from .document import OCR_CUT_SHORT
from .engines import DEFAULT_TIME_LIMIT, OCR_SHARE, Engine, LocalEngine, Outcome, Task

if TYPE_CHECKING:
    from .models import Report

__all__ = [
    "COMBINED_NAME",
    "DEFAULT_MAX_BYTES",
    "MANIFEST_NAME",
    "MANIFEST_SCHEMA",
    "BatchConfig",
    "BatchSummary",
    "ConsoleProgress",
    "OutputBusyError",
    "OutputFolderError",
    "Result",
    "make_console_safe",
    "read_manifest",
    "run_batch",
]

MANIFEST_NAME = "_meta/manifest.parquet"  # under _meta/: dataset readers and *.parquet globs skip it
COMBINED_NAME = "_meta/kpis.parquet"
LEGACY_NAMES = ("_manifest.parquet", "kpis.parquet")  # where versions before the _meta/ layout wrote them
LOCK_NAME = ".csr-extract.lock"
# The largest input accepted by default, per kind: a text report is at most a few hundred KB
# (the largest of the 442 real 2016 texts: 365 KB); PDFs of long annual reports reach ~100 MB.
DEFAULT_MAX_BYTES = {"pdf": 512 << 20, "text": 16 << 20}
CHECKPOINT_SECONDS = 10.0
IO_KIND = "io"
OK_STATUSES = ("ok", "skipped")
# issue 14: the report's warnings counted per kind (models.WARNING_KINDS, kept equal by a test; not
# imported from there so that the command line starts without loading pydantic)
WARNING_KINDS = ("conflict", "currency", "reader", "no_year", "no_kpi", "other")
WARNINGS_TYPE = pa.struct([pa.field(kind, pa.int32(), nullable=False) for kind in WARNING_KINDS])

MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("input", pa.string(), nullable=False),  # the input's path relative to OUT
        pa.field("stem", pa.string(), nullable=False),  # OUT/<stem>.parquet and .json
        pa.field("report_id", pa.string()),
        pa.field("company", pa.string()),
        pa.field("stock_code", pa.string()),
        pa.field("report_year", pa.int32()),
        pa.field("sha256", pa.string()),
        pa.field("status", pa.string(), nullable=False),  # ok, failed, skipped (unchanged, outputs kept)
        pa.field("error_kind", pa.string()),  # ExtractError.kind, "internal" or "crashed"
        pa.field("error", pa.string()),
        pa.field("pages", pa.int32()),  # PDF pages; null for text
        pa.field("kpis", pa.int32()),  # KPI values found
        pa.field("seconds", pa.float64()),  # extraction time of the run that produced the outputs
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("options", pa.string(), nullable=False),  # JSON of the options that change the output
        pa.field("format", pa.string(), nullable=False),  # the formats written, e.g. parquet,json
        pa.field("warnings", WARNINGS_TYPE),  # the report's warnings per kind; null for a failed input
    ]
)


@dataclass(frozen=True, slots=True)
class BatchConfig:
    out_dir: Path
    fmt: str = "parquet,json"  # see export.parse_formats
    company: str | None = None
    year: int | None = None
    min_confidence: float = 0.5
    max_pages: int | None = None
    time_limit: float | None = DEFAULT_TIME_LIMIT  # seconds per input, enforced by the engine
    max_bytes: int | None = None  # largest input; None: DEFAULT_MAX_BYTES of its kind
    pages: tuple[int, ...] | None = None  # PDF pages to read (default: all)
    ocr: str = "auto"  # auto | off | force
    password: str | None = None  # never written to the manifest
    manifest: bool = False  # write _meta/manifest.parquet + _meta/kpis.parquet, skip unchanged inputs
    force: bool = False  # with manifest: re-extract unchanged inputs too
    write_files: bool = True  # False: the caller takes the reports (on_result), nothing is written
    # per-input company / stock_code / year (``--metadata``), keyed by os.path.abspath of the input
    per_input: dict[str, dict[str, Any]] = field(default_factory=dict)

    def _given(self, path: Path | None) -> dict[str, Any]:
        opts: dict[str, Any] = {"company": self.company, "year": self.year}
        if path is not None:
            opts.update(self.per_input.get(os.path.abspath(path), {}))
        return opts

    def extract_options(self, path: Path | None = None) -> dict[str, Any]:
        # the time limit is not passed down (the engine stops a report from outside when it runs over),
        # only the time after which the worker OCRs no more pages
        opts: dict[str, Any] = {
            **self._given(path),
            "min_confidence": self.min_confidence,
            "max_pages": self.max_pages,
        }
        # the reader's own options, only when set (the password goes to the worker, never to the manifest)
        if self.pages is not None:
            opts["pages"] = self.pages
        if self.ocr != "auto":
            opts["ocr"] = self.ocr
        if self.password is not None:
            opts["password"] = self.password
        if self.time_limit is not None and self.ocr != "off":  # the worker stops OCR in time to finish
            opts["ocr_time_limit"] = OCR_SHARE * self.time_limit
        return opts

    def size_limit(self, path: Path) -> int:
        if self.max_bytes is not None:
            return self.max_bytes
        return DEFAULT_MAX_BYTES["pdf" if path.suffix.lower() == ".pdf" else "text"]

    def options_key(self, path: Path | None = None, cut_short: bool = False) -> str:
        """The options that change a report's rows (limits only decide failures). ``cut_short``: the
        report's OCR stopped at its time limit, so its rows are not the whole report's: the key then
        matches no run's options and the next run reads it again."""
        opts: dict[str, Any] = {**self._given(path), "min_confidence": self.min_confidence}
        if opts.get("stock_code") is None:
            opts.pop("stock_code", None)  # keys of manifests written before --metadata stay valid
        # page selection and OCR change the rows too; named only when set, so older manifests stay valid
        if self.pages is not None:
            from .reader import format_page_ranges

            opts["pages"] = format_page_ranges(self.pages)
        if self.ocr != "auto":
            opts["ocr"] = self.ocr
        if cut_short:
            opts["incomplete"] = "OCR time limit"
        return json.dumps(opts, ensure_ascii=False, sort_keys=True)


@dataclass(slots=True)
class Result:
    """One input of the run, as the progress display and the manifest see it."""

    index: int
    path: Path  # as given
    stem: str
    status: str  # ok, failed, skipped
    report: Report | None = None
    error_kind: str | None = None
    error: str | None = None
    seconds: float = 0.0
    sha256: str | None = None
    pages: int | None = None
    kpis: int | None = None
    report_id: str | None = None
    company: str | None = None
    stock_code: str | None = None
    report_year: int | None = None
    cpu_seconds: float = 0.0
    worker: str = ""
    peak_rss: int | None = None
    warnings: dict[str, int] | None = None  # the report's warnings per kind
    cut_short: bool = False  # OCR stopped at the report's OCR time limit: pages were left unread


@dataclass(slots=True)
class BatchSummary:
    total: int
    results: list[Result] = field(default_factory=list)  # in completion order, without the reports
    interrupted: bool = False
    seconds: float = 0.0
    manifest_path: Path | None = None
    dataset_path: Path | None = None
    dataset_rows: int = 0
    dataset_reports: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the run's own outputs could not be written

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def not_run(self) -> int:
        return self.total - len(self.results)

    @property
    def kpis_found(self) -> int:
        return sum(r.kpis or 0 for r in self.results if r.status == "ok")


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def update(self, result: Result) -> None: ...

    def finish(self) -> None: ...


def _input_key(path: Path, out_dir: Path) -> str:
    """The manifest's name for an input: its path relative to the output folder, so that the same
    file has the same entry whatever the working directory, and in any checkout of a repository
    that holds both (a CI job); an absolute path when there is no relative one."""
    target = os.path.abspath(path)
    try:
        key = Path(os.path.relpath(target, os.path.abspath(out_dir))).as_posix()
    except ValueError:  # another drive (Windows)
        key = Path(target).as_posix()
    return readable_name(key)


def readable_name(text: str) -> str:
    """A file name as text that any file, Parquet column or console can hold. A name whose bytes are
    not valid in the file system's encoding (a GBK name from a Chinese zip archive; any non-ASCII name
    under ``LANG=C`` without UTF-8 mode) reaches Python with lone surrogates, which UTF-8 cannot
    encode: its bytes are decoded as UTF-8 (the same name a UTF-8 locale sees), the bytes that are not
    UTF-8 shown as ``\\x`` escapes (so two names never become one)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _file_stem(path: Path) -> str:
    """The input's file stem as an output name, or "" when it cannot be one here (a name the file
    system's encoding cannot hold, or that had to be escaped)."""
    stem = readable_name(path.stem)
    if "\\" in stem:
        return ""
    try:
        os.fsencode(stem)
    except UnicodeEncodeError:
        return ""
    return stem


def _sha256(path: Path) -> str | None:
    """The file's sha256; None when it cannot be read or is not a regular file (a named pipe would
    block here until someone writes to it)."""
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def read_manifest(out_dir: Path | str) -> list[dict[str, Any]]:
    """The rows of ``OUT/_meta/manifest.parquet`` (empty if there is none)."""
    path = Path(out_dir) / MANIFEST_NAME
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def _atomic_write_table(table: pa.Table, target: Path) -> None:
    """Whole or not at all, synced (``export.replace_all``); raises OSError."""
    from .export import replace_all

    replace_all([(target, lambda tmp: pq.write_table(table, tmp, compression="zstd"))])


# --- one writer per output folder ---------------------------------------------------------------------


class OutputBusyError(RuntimeError):
    """Another run is writing into the output folder."""


class OutputFolderError(RuntimeError):
    """The output folder cannot be created or written (a file, no permission, read-only or immutable):
    found before any input is read."""


def check_output_folder(out_dir: Path) -> None:
    """Create ``out_dir`` if needed and make sure a file can be created in it (a temporary one, removed
    at once); raise ``OutputFolderError`` with a one-line reason naming the folder otherwise."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFolderError(f"{out_dir}: the output folder (--out) is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFolderError(f"{out_dir}: cannot create the output folder (--out): {exc.strerror or exc}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".csr-extract-probe.", dir=out_dir)
    except OSError as exc:
        reason = exc.strerror or exc
        raise OutputFolderError(f"{out_dir}: the output folder (--out) is not writable: {reason}") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def _process_started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), to tell it from a later
    process that got the same pid; None where /proc is not there."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return fields[19].decode()
    except (OSError, IndexError):
        return None


def _holder_alive(holder: dict[str, Any]) -> bool:
    """Whether the process a lock file names still runs (on this host: another host cannot be asked)."""
    if holder.get("host") != socket.gethostname():
        return True
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    started = holder.get("process_started")
    return started is None or started == _process_started(pid)


def _describe(holder: dict[str, Any]) -> str:
    pid, host, since = holder.get("pid", "?"), holder.get("host", "?"), holder.get("since", "?")
    return f"pid {pid} on {host}, since {since}"


class FolderLock:
    """The output folder's lock: ``OUT/.csr-extract.lock`` holds the writer's pid, host, process start
    time and since when. Where ``fcntl.flock`` exists the file is also locked, so a killed run's lock
    is released by the system; elsewhere a lock whose process is gone (or is another process with
    the same pid) is stale and taken over. ``previous`` describes a stale holder that was replaced."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_NAME
        self.fd: int | None = None
        self.previous: dict[str, Any] | None = None

    def acquire(self) -> None:
        """Take the lock or raise ``OutputBusyError``; OSError when the folder cannot be written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                held = self._try_lock(fd)
            except BaseException:
                os.close(fd)
                raise
            if held:
                self.fd = fd
                self._write_holder(fd)
                return
            os.close(fd)
        raise OutputBusyError(f"{self.path.parent}: cannot take the folder's lock {self.path.name}")

    def _try_lock(self, fd: int) -> bool:
        holder = _read_holder(fd)
        try:
            import fcntl
        except ImportError:  # no flock (Windows): the pid in the file decides
            if holder and holder.get("pid") != os.getpid() and _holder_alive(holder):
                raise self._busy(holder) from None
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise self._busy(holder) from None
        try:  # the run before may have removed the file it held after we opened it: lock the one there
            if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                return False
        except FileNotFoundError:
            return False
        self.previous = holder or None
        return True

    def _busy(self, holder: dict[str, Any] | None) -> OutputBusyError:
        who = f" ({_describe(holder)})" if holder else ""
        return OutputBusyError(
            f"{self.path.parent} is being written by another csr-extract run{who}; "
            "wait for it to finish or use another --out"
        )

    def _write_holder(self, fd: int) -> None:
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "process_started": _process_started(os.getpid()),
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(holder).encode())

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # while still holding it, so nobody takes a file that is going away
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 4096)
        holder = json.loads(data.decode("utf-8")) if data.strip() else {}
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


# --- the manifest is input: checked before it is trusted --------------------------------------------------

_TEXT_FIELDS = ("input", "stem", "status", "extractor_version", "options", "format")


def _unsafe_stem(stem: str, out_dir: Path) -> bool:
    """A stem that would name a file outside its folder of ``out_dir`` (a path, ``..``, a link out of
    the folder), for any format, at the top of ``out_dir`` or in its ``_<format>/`` folder."""
    from .export import FORMATS

    if not stem or stem in (".", "..") or "\x00" in stem or "/" in stem or "\\" in stem or os.sep in stem:
        return True
    if os.altsep and os.altsep in stem:
        return True
    for fmt in FORMATS:
        for folder in (out_dir, out_dir / f"_{fmt}"):
            real = os.path.realpath(folder)
            if os.path.dirname(os.path.realpath(os.path.join(real, f"{stem}.{fmt}"))) != real:
                return True
    return False


def _known_formats(text: str) -> bool:
    from .export import parse_formats

    try:
        parse_formats(text)
    except ValueError:
        return False
    return True


def valid_manifest_rows(rows: Iterable[dict[str, Any]], out_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows that can be trusted, and a warning for each one that cannot: fields missing or of the
    wrong type, formats that are unknown, or a stem that would make the run read, write or delete a
    file outside ``out_dir``."""
    kept: list[dict[str, Any]] = []
    warnings: list[str] = []
    for row in rows:
        name = row.get("input") if isinstance(row.get("input"), str) else "?"
        if not all(isinstance(row.get(key), str) for key in _TEXT_FIELDS):
            warnings.append(f"{out_dir / MANIFEST_NAME}: ignoring a malformed row ({name})")
        elif _unsafe_stem(row["stem"], out_dir):
            warnings.append(
                f"{out_dir / MANIFEST_NAME}: ignoring the row of {name}: its output name {row['stem']!r} "
                f"points outside {out_dir}"
            )
        elif not _known_formats(row["format"]):
            warnings.append(
                f"{out_dir / MANIFEST_NAME}: ignoring the row of {name}: unknown output format {row['format']!r}"
            )
        else:
            kept.append(row)
    return kept, warnings


def _metadata() -> dict[bytes, bytes]:
    return {
        b"csr_extract.schema_version": SCHEMA_VERSION.encode(),
        b"csr_extract.extractor_version": __version__.encode(),
    }


class _Run:
    """The state of one ``run_batch`` call."""

    def __init__(self, paths: Sequence[Path], config: BatchConfig) -> None:
        self.config = config
        self.out_dir = config.out_dir
        self.paths = _dedupe(paths, self.out_dir)
        self.entries: dict[str, dict[str, Any]] = {}
        self.warnings: list[str] = []
        legacy = [name for name in LEGACY_NAMES if (self.out_dir / name).is_file()]
        if config.manifest and legacy:
            self.warnings.append(
                f"{self.out_dir} holds {' and '.join(legacy)} of an older csr-extract; they are no longer "
                f"updated and a reader of the folder counts their rows again: delete them"
            )
        if config.manifest:
            self.entries = self._read_entries()
        self.stems = self._assign_stems()
        self.last_checkpoint = time.monotonic()

    def _read_entries(self) -> dict[str, dict[str, Any]]:
        path = self.out_dir / MANIFEST_NAME
        try:
            rows = pq.read_table(path, schema=MANIFEST_SCHEMA).to_pylist() if path.exists() else []
        except (OSError, ValueError, pa.ArrowException) as exc:
            self.warnings.append(f"ignoring unreadable {path}: {exc}")
            return {}
        kept, warnings = valid_manifest_rows(rows, self.out_dir)
        self.warnings.extend(warnings)
        return {row["input"]: row for row in kept}

    def _assign_stems(self) -> list[str]:
        """Stable output names: an input keeps the stem its manifest entry has; a new input gets its
        file stem, or ``<stem>-<sha256[:8]>`` when that is taken by an earlier input or reserved."""
        owned = {row["stem"]: key for key, row in self.entries.items() if row["status"] in OK_STATUSES}
        taken = {COMBINED_NAME.removesuffix(".parquet")}
        stems: list[str] = []
        for path in self.paths:
            key = _input_key(path, self.out_dir)
            row = self.entries.get(key)
            if row is not None and row["status"] in OK_STATUSES:
                stem = row["stem"]
            else:
                stem = _file_stem(path)
                clash = not stem or stem in taken or owned.get(stem, key) != key or stem.startswith(("_", "."))
                if clash:
                    sha = _sha256(path)
                    stem = f"{stem.lstrip('_.') or 'report'}-{(sha or 'unreadable')[:8]}"
                    n = 2
                    while stem in taken or owned.get(stem, key) != key:
                        stem, n = f"{stem.rsplit('~', 1)[0]}~{n}", n + 1
            taken.add(stem)
            stems.append(stem)
        return stems

    def outputs(self, stem: str, fmt: str | None = None) -> list[Path]:
        from .export import output_paths

        return list(output_paths(self.out_dir, stem, fmt or self.config.fmt).values())

    def unchanged(self, index: int) -> Result | None:
        """A skipped ``Result`` when the input needs no extraction, else None."""
        path, stem = self.paths[index], self.stems[index]
        row = self.entries.get(_input_key(path, self.out_dir))
        if self.config.force or row is None or row["status"] not in OK_STATUSES:
            return None
        if row["extractor_version"] != __version__ or row["options"] != self.config.options_key(path):
            return None
        if row["stem"] != stem or not all(p.exists() for p in self.outputs(stem)):
            return None
        if row["sha256"] is None or _sha256(path) != row["sha256"]:
            return None
        if row["format"] != self.config.fmt:  # the same rows, fewer formats: drop the others' files
            from .export import remove_other_outputs

            with contextlib.suppress(OSError):
                remove_other_outputs(self.out_dir, stem, self.config.fmt)
            self.entries[_input_key(path, self.out_dir)] = {**row, "format": self.config.fmt}
        return Result(
            index=index,
            path=path,
            stem=stem,
            status="skipped",
            seconds=row["seconds"] or 0.0,
            sha256=row["sha256"],
            pages=row["pages"],
            kpis=row["kpis"],
            report_id=row["report_id"],
            company=row.get("company"),
            stock_code=row.get("stock_code"),
            report_year=row.get("report_year"),
        )

    def refused(self, index: int) -> Result | None:
        """A failed ``Result`` for an input refused without being read: not a regular file (a named
        pipe would block the run), or larger than the size limit. None for the others."""
        path = self.paths[index]
        try:
            info = os.stat(path)
        except OSError:
            return None  # missing or unreadable: the reader says so
        if stat.S_ISDIR(info.st_mode):
            return None
        if not stat.S_ISREG(info.st_mode):
            kind, reason = "unsupported", f"not a regular file ({_file_type(info.st_mode)}): not read"
        elif info.st_size > (limit := self.config.size_limit(path)):
            kind = "too_large"
            reason = f"{_size(info.st_size)} is over the size limit of {_size(limit)} (--max-size)"
        else:
            return None
        return self.finish(Outcome(index=index, error_kind=kind, error=reason))

    def finish(self, outcome: Outcome) -> Result:
        """Write the outputs of one outcome (here, never in a worker) and record it."""
        from .errors import ExtractError
        from .export import write_outputs

        index = outcome.index
        path, stem = self.paths[index], self.stems[index]
        result = Result(
            index=index,
            path=path,
            stem=stem,
            status="failed",
            error_kind=outcome.error_kind,
            error=outcome.error,
            seconds=outcome.seconds,
            cpu_seconds=outcome.cpu_seconds,
            worker=outcome.worker,
            peak_rss=outcome.peak_rss,
        )
        report = outcome.report
        if report is not None:
            report = _own_report_id(_readable_report(report), path, stem)
            result.sha256, result.report_id = report.sha256, report.report_id
            result.pages, result.kpis = report.page_count, len(report.kpis)
            result.company, result.stock_code = report.company, report.stock_code
            result.report_year = report.report_year
            result.warnings = _warning_counts(report)
            result.cut_short = _ocr_cut_short(report)
            try:
                if self.config.write_files:
                    write_outputs(report, self.out_dir, stem, self.config.fmt)
                result.status, result.report = "ok", report
            except ExtractError as exc:
                result.error_kind, result.error = exc.kind, exc.reason
            except Exception as exc:  # a writer's own bug on one report fails that report, not the whole run
                result.error_kind = "output"
                result.error = f"cannot write output: {type(exc).__name__}: {exc}"
        elif self.config.manifest:
            result.sha256 = _sha256(path)
        if result.status == "failed" and self.config.manifest and result.error_kind != IO_KIND:
            self._remove_stale(path, stem)  # an I/O error of ours is not the report's: its old outputs stay
        return result

    def _remove_stale(self, path: Path, stem: str) -> None:
        # outputs of an earlier ok run of this input no longer match it: the manifest says failed now
        row = self.entries.get(_input_key(path, self.out_dir))
        if row is not None and row["status"] in OK_STATUSES and row["stem"] == stem:
            for output in self.outputs(stem, row["format"]):
                with contextlib.suppress(OSError, ValueError):
                    output.unlink()

    def record(self, result: Result) -> None:
        key = _input_key(result.path, self.out_dir)
        if result.error_kind == IO_KIND and key in self.entries:
            return  # the outputs could not be written: the previous ones, and their row, stand
        if result.status == "skipped":
            row = dict(self.entries[key])
            row["status"] = "skipped"
        else:
            row = {
                "input": key,
                "stem": result.stem,
                "report_id": result.report_id,
                "company": result.company,
                "stock_code": result.stock_code,
                "report_year": result.report_year,
                "sha256": result.sha256,
                "status": result.status,
                "error_kind": result.error_kind,
                "error": None if result.error is None else readable_name(result.error),
                "pages": result.pages,
                "kpis": result.kpis,
                "seconds": round(result.seconds, 3),
                "extractor_version": result.report.extractor_version if result.report else __version__,
                "options": self.config.options_key(result.path, cut_short=result.cut_short),
                "format": self.config.fmt,
                "warnings": result.warnings,
            }
        self.entries[key] = row

    def checkpoint(self, force: bool = False) -> Path | None:
        if not self.config.manifest:
            return None
        if not force and time.monotonic() - self.last_checkpoint < CHECKPOINT_SECONDS:
            return None
        self.last_checkpoint = time.monotonic()
        try:
            return self.write_manifest()
        except OSError:
            return None  # tried again at the end, where the error is reported

    def write_manifest(self) -> Path | None:
        if not self.entries:
            return None
        rows = [self.entries[key] for key in sorted(self.entries)]
        table = pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA).replace_schema_metadata(_metadata())
        target = self.out_dir / MANIFEST_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write_table(table, target)
        return target

    def write_dataset(self, summary: BatchSummary) -> None:
        """``OUT/kpis.parquet`` from the per-report outputs of every ok entry of the manifest."""
        from .export import PARQUET_SCHEMA, read_output

        rows = sorted(
            (row for row in self.entries.values() if row["status"] in OK_STATUSES),
            key=lambda row: (row["report_id"] or "", row["stem"]),
        )
        tables: list[pa.Table] = []
        for row in rows:
            try:
                first = self.outputs(row["stem"], row["format"])[0]
                if not first.exists():
                    summary.warnings.append(
                        f"{row['input']}: outputs {row['stem']}.* are missing; not in {COMBINED_NAME}"
                    )
                    continue
                tables.append(read_output(first).replace_schema_metadata(None))
            except (OSError, ValueError, ImportError, pa.ArrowException) as exc:
                summary.warnings.append(f"{row['input']}: cannot read its output ({exc}); not in {COMBINED_NAME}")
                continue
        table = pa.concat_tables(tables) if tables else PARQUET_SCHEMA.empty_table()
        table = table.cast(PARQUET_SCHEMA).replace_schema_metadata(_metadata())
        target = self.out_dir / COMBINED_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write_table(table, target)
        summary.dataset_path = target
        summary.dataset_rows, summary.dataset_reports = table.num_rows, len(tables)


def _warning_counts(report: Report) -> dict[str, int]:
    counts = dict.fromkeys(WARNING_KINDS, 0)
    for warning in report.warnings:
        counts[warning.kind] += 1
    return counts


def _readable_report(report: Report) -> Report:
    """The report with its file name and id made writable (see :func:`readable_name`)."""
    fixed = {"report_id": readable_name(report.report_id), "source_file": readable_name(report.source_file)}
    if fixed == {"report_id": report.report_id, "source_file": report.source_file}:
        return report
    return report.model_copy(update=fixed)


def _own_report_id(report: Report, path: Path, stem: str) -> Report:
    """An input whose file stem was taken in the folder (``sub/seed.txt`` beside ``seed.txt``) gets
    the report id ``<output stem>-<sha256[:8]>``, as every other input has: its file stem's id could be
    another input's (the same file copied twice has the same sha256), and output stems are unique."""
    natural = _file_stem(path)
    if not natural or stem == natural:
        return report
    return report.model_copy(update={"report_id": f"{stem}-{report.sha256[:8]}"})


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a file"


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MB" if n < 10 << 20 else f"{n >> 20:,} MB"


def _generator(outcomes: Iterator[Outcome]) -> Generator[Outcome, None, None]:
    """The engine's outcomes as a generator, so ``closing`` stops it when the caller leaves early."""
    yield from outcomes


def _dedupe(paths: Iterable[Path], out_dir: Path) -> list[Path]:
    seen: set[str] = set()
    out: list[Path] = []
    for path in paths:
        key = _input_key(path, out_dir)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def run_batch(
    paths: Sequence[Path],
    config: BatchConfig,
    engine: Engine | None = None,
    progress: Progress | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> BatchSummary:
    """Extract every input and write its outputs (see the module docstring).

    Ctrl-C (``KeyboardInterrupt``) while running stops the engine, keeps every output already
    written, writes the manifest and combined dataset for what finished, and returns a summary with
    ``interrupted=True``. ``on_result`` is called with every result in completion order (after its
    outputs are written and it is recorded in the manifest).
    """
    started = time.monotonic()
    if config.write_files:  # OutputFolderError before any input is read, not once per report
        check_output_folder(config.out_dir)
    # raises OutputBusyError when another run writes there; a run that writes no file takes no lock
    lock = _lock_folder(config.out_dir) if config.write_files else None
    try:
        return _run_locked(paths, config, engine, progress, on_result, lock, started)
    finally:
        if lock is not None:
            lock.release()


def _lock_folder(out_dir: Path) -> FolderLock | None:
    """The folder's lock, or None when it cannot be taken (a file system without locks); the folder
    itself was checked by ``check_output_folder``."""
    lock = FolderLock(out_dir)
    try:
        lock.acquire()
    except OSError:
        return None
    return lock


def _run_locked(
    paths: Sequence[Path],
    config: BatchConfig,
    engine: Engine | None,
    progress: Progress | None,
    on_result: Callable[[Result], None] | None,
    lock: FolderLock | None,
    started: float,
) -> BatchSummary:
    from .export import remove_stale_temps

    leftovers = remove_stale_temps(config.out_dir) if lock is not None else []
    run = _Run(paths, config)
    summary = BatchSummary(total=len(run.paths), warnings=list(run.warnings))
    if lock is not None and lock.previous:
        removed = f"; removed {len(leftovers)} unfinished temporary files" if leftovers else ""
        summary.warnings.append(
            f"an earlier run into {config.out_dir} ({_describe(lock.previous)}) was killed{removed}"
        )
    runner: Engine = engine if engine is not None else LocalEngine()
    if progress is not None:
        progress.start(summary.total)

    def deliver(result: Result) -> None:
        summary.results.append(dataclasses.replace(result, report=None))  # a long run keeps no reports
        if config.manifest:
            run.record(result)
        if progress is not None:
            progress.update(result)
        if on_result is not None:
            on_result(result)

    try:
        tasks: list[Task] = []
        for index, path in enumerate(run.paths):
            done = run.refused(index)
            if done is None and config.manifest:
                done = run.unchanged(index)
            if done is not None:
                deliver(done)
            else:
                tasks.append(Task(index, str(path), config.extract_options(path), config.time_limit))
        with runner, contextlib.closing(_generator(runner.run(tasks))) as outcomes:
            for outcome in outcomes:
                with _interrupts_deferred():  # outputs written <=> recorded in the manifest
                    deliver(run.finish(outcome))
                    run.checkpoint()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:  # also when the engine itself failed: record what finished before re-raising
        if progress is not None:
            progress.finish()
        if config.manifest:
            _finalize(run, summary)
        summary.seconds = time.monotonic() - started
    return summary


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Ctrl-C / SIGTERM inside the block take effect at its end, so that one report's outputs and its
    manifest row are written together. Only Python-level handlers (the default Ctrl-C one, the CLI's
    SIGTERM one) are deferred, and only in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[tuple[int, Any]] = []
    saved: dict[int, Any] = {}  # signal number -> the handler it had

    def remember(signum: int, frame: Any) -> None:
        pending.append((signum, frame))

    for sig in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(sig)
        if callable(handler):
            saved[sig] = handler
            signal.signal(sig, remember)
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
        for signum, frame in pending[:1]:
            saved[signum](signum, frame)  # raises KeyboardInterrupt


def _finalize(run: _Run, summary: BatchSummary) -> None:
    try:
        summary.manifest_path = run.write_manifest()
        run.write_dataset(summary)
    except OSError as exc:
        summary.errors.append(f"{run.out_dir}: cannot write the manifest or {COMBINED_NAME}: {exc.strerror}")


class ConsoleProgress:
    """Progress of a batch on the console.

    On a terminal: one status line on stderr (done/total, failures, rate, time left), redrawn in place.
    Otherwise: plain log lines, ``[n/N] path``, in input order (so logs of two runs can be compared).
    Errors always go to stderr as ``csr-extract: error: PATH: REASON``; ``show`` prints a finished
    report (stdout), in input order, unless ``quiet``. ``bar=False`` (``-q``) draws no status line.
    """

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        show: Callable[[Result], None] | None = None,
        quiet: bool = False,
        tty: bool | None = None,
        bar: bool = True,
    ) -> None:
        self.out, self.err, self.show, self.quiet = out, err, show, quiet
        self.tty = _isatty(err) if tty is None else tty
        self.bar = self.tty and bar
        self.drawn = ""  # the status line last drawn, so that the last one is not drawn twice
        self.total = 0
        self.done = self.failed = self.skipped = 0
        self.started = time.monotonic()
        self.buffer: dict[int, Result] = {}
        self.next = 0
        self.last_draw = 0.0

    def start(self, total: int) -> None:
        self.total, self.started = total, time.monotonic()

    def update(self, result: Result) -> None:
        self.done += 1
        self.failed += result.status == "failed"
        self.skipped += result.status == "skipped"
        self.buffer[result.index] = result
        self._release()
        self._draw()

    def _release(self) -> None:
        while self.next in self.buffer:
            result = self.buffer.pop(self.next)
            self.next += 1
            self._emit(result)

    def _emit(self, result: Result) -> None:
        log = not self.tty and not self.quiet and self.total > 1
        failed = result.status == "failed"
        shown = result.status == "ok" and not self.quiet and self.show is not None
        if not (log or failed or shown):
            return
        self._clear()
        path = readable_name(str(result.path))
        if log:
            note = " (unchanged, skipped)" if result.status == "skipped" else ""
            print(f"[{result.index + 1}/{self.total}] {path}{note}", file=self.err, flush=True)
        if failed:
            print(f"csr-extract: error: {path}: {result.error}", file=self.err, flush=True)
        if shown and self.show is not None:
            self.show(result)
            self.out.flush()

    def _clear(self) -> None:
        if self.bar and self.drawn:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self.drawn = ""

    def _draw(self, force: bool = False) -> None:
        if not self.bar:
            return
        now = time.monotonic()
        if not force and now - self.last_draw < 0.1 and self.done < self.total:
            return
        self.last_draw = now
        elapsed = max(now - self.started, 1e-9)
        ran = self.done - self.skipped
        rate = ran / elapsed
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        left = (self.total - self.done) / rate if rate > 0 else None
        eta = f", {_duration(left)} left" if left is not None and self.done < self.total else ""
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        line = f"[{bar}] {self.done}/{self.total}, {self.failed} failed{skipped}, {rate:.1f} reports/s{eta}"
        self.err.write("\r\x1b[K" + line)
        self.err.flush()
        self.drawn = line

    def finish(self) -> None:
        for index in sorted(self.buffer):  # interrupted: what finished after a gap still gets shown
            self._emit(self.buffer.pop(index))
        if self.bar and self.total:
            if not self.drawn.startswith(f"[{'#' * 24}]"):  # the bar at its end is already there
                self._draw(force=True)
            self.err.write("\n")
            self.err.flush()


def make_console_safe(stream: TextIO) -> None:
    """Never fail on a character the console cannot show (``LANG=C`` without UTF-8, an ASCII or cp1252
    console, ``PYTHONIOENCODING=ascii``): it is printed as an escape (``\\u8425``) instead. The
    encoding stays the console's; only the error handler is set. Streams that cannot be reconfigured
    (a StringIO) are left alone."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    with contextlib.suppress(ValueError, OSError, AttributeError, TypeError):
        reconfigure(errors="backslashreplace")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _ocr_cut_short(report: Report | None) -> bool:
    """The report's OCR stopped at its time limit: some pages were left unread (reader warning)."""
    return report is not None and any(OCR_CUT_SHORT in w.message for w in report.warnings)
