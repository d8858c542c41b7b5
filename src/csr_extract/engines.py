"""Where reports are extracted: a local pool of worker processes (default) or a Dask distributed cluster.

Both run the same per-report function (``extract_one`` / ``extract_bytes``), which never raises for a
bad report: it returns an ``Outcome`` holding the ``Report`` or an error record. Engines only compute;
the caller (``batch.run_batch``) writes every file, so a worker never leaves a half-written output.

An engine is a context manager whose ``run(tasks)`` yields outcomes in completion order. Leaving
the ``with`` block early (Ctrl-C, an exception in the caller) cancels what is pending and stops the
workers.

The local engine bounds what one hostile file can do, from outside the work: each worker has a
memory ceiling (``RLIMIT_DATA``), a report that runs past its task's ``time_limit`` is stopped by
killing its worker (whatever call it is in), a worker that dies (a segfault in PDFium, an abort when
memory runs out) fails only its own report (``crashed``), and workers die with the main process.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import socket
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

    from .models import Report

__all__ = [
    "DASK_INSTALL_HINT",
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIME_LIMIT",
    "OCR_SHARE",
    "DaskEngine",
    "EngineUnavailable",
    "LocalEngine",
    "Outcome",
    "Task",
    "WorkerStartError",
    "dask_available",
    "extract_bytes",
    "extract_one",
]

DASK_INSTALL_HINT = "install with: pip install 'csr-extract[dask]'"
CRASH_KIND = "crashed"
TIMEOUT_KIND = "timeout"
MEMORY_KIND = "too_large"
DEFAULT_TIME_LIMIT = 600.0  # seconds per input; a 300-page report takes a few seconds
# of a report's time limit, the share OCR may take: the rest is left for the pages with text and the
# KPI stage, so a scan longer than the limit allows still ends with the values of its first pages
OCR_SHARE = 0.75
DEFAULT_MEMORY_LIMIT = 2048 << 20  # bytes of data per worker; a long annual report peaks near 200 MB
# the longest the engine waits for a worker in one go: a far deadline (a time limit of 1e300 s) is
# waited for in steps, since the system's wait takes no timeout that large
_MAX_WAIT = 3600.0

# set in a worker process by ``_init_worker``: named in the message when memory runs out
_memory_limit: int | None = None


class EngineUnavailable(RuntimeError):
    """The engine cannot start (Dask not installed, scheduler unreachable)."""


# a worker that re-ran the caller's main module while starting exits with this status, silently
_MAIN_RERUN_EXIT = 86
MAIN_GUARD_HINT = (
    "the worker processes could not start: each one ran the calling script again (it has no "
    '`if __name__ == "__main__":` guard). Put the code that calls csr_extract.extract_many (or '
    'run_batch) under `if __name__ == "__main__":`'
)


class WorkerStartError(RuntimeError):
    """The worker processes cannot start because the main module runs again in each of them (a
    script without a ``__main__`` guard, under the spawn or forkserver start methods)."""


def _starting_worker() -> bool:
    """True while this process is a worker still importing the parent's main module: a pool started
    now would fail with multiprocessing's bootstrapping RuntimeError."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


@dataclass(frozen=True, slots=True)
class Task:
    """One input to extract. ``options`` are keyword arguments of ``csr_extract.extract``;
    ``time_limit`` (seconds) is enforced by the engine, from outside the work."""

    index: int
    path: str
    options: dict[str, Any] = field(default_factory=dict)
    time_limit: float | None = None


@dataclass(slots=True)
class Outcome:
    """What a worker sends back: the report, or why there is none."""

    index: int
    report: Report | None = None
    error_kind: str | None = None
    error: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the worker on this report (seconds above it: waiting for a core)
    worker: str = ""
    peak_rss: int | None = None  # bytes, the worker process's peak resident memory so far
    recycle: bool = False  # the worker ran out of memory: a fresh process takes the next report

    @property
    def ok(self) -> bool:
        return self.report is not None


def _peak_rss() -> int:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _megabytes(n: int) -> str:
    return f"{n / (1 << 20):g} MB"


def extract_one(task: Task) -> Outcome:
    """Extract ``task.path``; bad input and bugs become an error record, never an exception.

    Top-level and picklable by reference, so it runs in spawned processes and on Dask workers.
    """
    from .api import extract
    from .errors import ExtractError

    started, cpu = time.monotonic(), time.process_time()
    outcome = Outcome(index=task.index, worker=f"{socket.gethostname()}:{os.getpid()}")
    try:
        outcome.report = extract(task.path, **task.options)
    except ExtractError as exc:
        outcome.error_kind, outcome.error = exc.kind, exc.reason
    except MemoryError:
        limit = f" of {_megabytes(_memory_limit)}" if _memory_limit else ""
        outcome.error_kind, outcome.error = MEMORY_KIND, f"needs more memory than the worker's limit{limit}"
        outcome.recycle = True
    except Exception as exc:  # a bug in one report must not stop the others; say what broke
        outcome.error_kind, outcome.error = classify_exception(exc)
    outcome.seconds = time.monotonic() - started
    outcome.cpu_seconds = time.process_time() - cpu
    outcome.peak_rss = _peak_rss()
    return outcome


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """``(error_kind, message)`` for an exception the reader did not map itself: one raised inside a
    PDF library is a damaged file (``corrupt_pdf``); anything else is our bug (``internal``)."""
    from .reader.guard import pdf_library_of

    library = pdf_library_of(exc)
    if library is not None:
        return "corrupt_pdf", f"corrupt PDF: {library} failed: {type(exc).__name__}: {exc}"
    return "internal", f"internal error: {type(exc).__name__}: {exc}"


def extract_bytes(task: Task, data: bytes | None) -> Outcome:
    """``extract_one`` on a worker that cannot see the client's files: the bytes travel with the task.

    The file is recreated under its own name in a temporary directory, so the report (id, source
    file, year read from the name) is the same as a local run. ``data`` is None when the client could
    not read the file; the worker then reports it as the library would.
    """
    name = Path(task.path).name
    if data is None:
        return extract_one(task)
    with tempfile.TemporaryDirectory(prefix="csr-extract-") as tmp:
        local = Path(tmp) / name
        local.write_bytes(data)
        outcome = extract_one(Task(task.index, str(local), task.options, task.time_limit))
    if outcome.error:
        outcome.error = outcome.error.replace(str(local), task.path)
    return outcome


class Engine(Protocol):
    name: str

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]: ...


Worker = Callable[[Task], Outcome]


# --- worker processes -------------------------------------------------------------------------------


def _init_worker(memory_limit: int | None) -> None:
    """Run first in every worker process."""
    global _memory_limit
    # Ctrl-C reaches the whole process group; the parent decides what stops, workers are killed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if memory_limit:
        _memory_limit = memory_limit
        _limit_memory(memory_limit)


def _limit_memory(limit: int) -> None:
    """A ceiling on the process's data (heap and private mappings, not the shared libraries it maps):
    Python then raises MemoryError, and C code that cannot allocate aborts; either way only this
    report fails. ``RLIMIT_DATA`` rather than ``RLIMIT_AS``: reserved but unused address space (thread
    arenas) does not count."""
    kind = getattr(resource, "RLIMIT_DATA", None)
    if kind is None:
        return
    with contextlib.suppress(ValueError, OSError, OverflowError):  # a limit past the largest one: no limit
        _, hard = resource.getrlimit(kind)
        resource.setrlimit(kind, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Workers never outlive the main process, even when it is killed with SIGKILL.

    On Linux the kernel kills the worker when the process that forked it dies (``PR_SET_PDEATHSIG``;
    that is the fork server, which exits when the main process goes). Everywhere, a thread also waits
    on the main process's sentinel and ends the worker when it closes."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    parent = multiprocessing.parent_process()
    if parent is not None:
        watch = threading.Thread(target=_exit_with, args=(parent.sentinel,), name="parent-watch", daemon=True)
        watch.start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)  # the main process is gone: nobody will read this report


def _serve(conn: Connection, worker: Worker, memory_limit: int | None) -> None:
    """A worker process's loop: tasks in, outcomes out, until the pipe closes or ``None`` arrives."""
    _init_worker(memory_limit)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = worker(task)
        conn.send(outcome)
        if outcome.recycle:
            return


# signals of a fault in native code (not of running out of memory, which aborts or is killed)
_FAULTS = frozenset({signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE})


def _exit_description(code: int | None) -> str:
    if code is None or code >= 0:
        return f"exit status {code}"
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


class _Process:
    """One worker process, the pipe to it, and the task it is running."""

    def __init__(self, ctx: BaseContext, worker: Worker, memory_limit: int | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, worker, memory_limit), name="csr-extract-worker", daemon=True
        )
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def send(self, task: Task) -> bool:
        """Hand ``task`` over; False when the process is gone (it died while idle)."""
        if not self.process.is_alive():
            return False
        try:
            self.conn.send(task)
        except (OSError, ValueError):
            return False
        self.task, self.started = task, time.monotonic()
        return True

    def deadline(self) -> float | None:
        if self.task is None or self.task.time_limit is None:
            return None
        return self.started + self.task.time_limit

    def collect(self, ready: Sequence[object], now: float, memory_limit: int | None) -> Outcome | None:
        """The outcome of the running task if there is one by now: sent back, or made up here when
        the process died or ran past the time limit (then it is killed)."""
        task = self.task
        assert task is not None
        outcome: Outcome | None = None
        if self.conn in ready:
            with contextlib.suppress(EOFError, OSError):
                outcome = self.conn.recv()
            if outcome is None:
                outcome = self._died(task, memory_limit)
        elif self.process.sentinel in ready:
            outcome = self._died(task, memory_limit)
        else:
            deadline = self.deadline()
            if deadline is not None and now >= deadline:
                self.stop()
                outcome = Outcome(
                    index=task.index,
                    error_kind=TIMEOUT_KIND,
                    error=f"stopped after the time limit of {task.time_limit:g} s",
                    seconds=now - self.started,
                )
        if outcome is not None:
            self.task = None
        return outcome

    def _died(self, task: Task, memory_limit: int | None) -> Outcome:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code == _MAIN_RERUN_EXIT:  # not this report's fault: no worker can start
            raise WorkerStartError(MAIN_GUARD_HINT)
        if code is not None and code < 0 and -code in _FAULTS:
            error = f"the reader crashed on this file ({signal.Signals(-code).name}): a bug in a PDF library"
        else:
            how = _exit_description(code)
            memory = f", or out of memory (limit {_megabytes(memory_limit)})" if memory_limit else ""
            error = f"the worker process died while reading this file ({how}): a crash in a PDF library{memory}"
        return Outcome(
            index=task.index, error_kind=CRASH_KIND, error=error, seconds=time.monotonic() - self.started
        )

    @property
    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def stop(self) -> None:
        """Kill the process (it may be stuck in C code) and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def close(self) -> None:
        """Let an idle process exit on its own, killing it if it does not."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout=1)
        self.stop()


class LocalEngine:
    """``jobs`` worker processes on this machine, each reused for report after report (jieba loads once
    in the fork server they come from).

    Every report runs in a worker, one at a time per worker, so the engine always knows which report a
    process was reading: when it dies (a segfault in PDFium, an abort when memory runs out) only that
    report fails (``crashed``), and a fresh process takes the next one. A report that runs longer
    than its task's ``time_limit`` is stopped by killing its process (``timeout``), whatever it is
    doing. ``memory_limit`` (bytes) caps each worker's data; None for no cap.
    """

    name = "local"

    def __init__(
        self,
        jobs: int | None = None,
        worker: Worker = extract_one,
        inline_single: bool = False,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.worker = worker
        # a single report in this process: no isolation, no limits; for callers that want neither
        self.inline_single = inline_single
        self.memory_limit = memory_limit
        self._processes: list[_Process] = []

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop_all()

    def _stop_all(self) -> None:
        for proc in self._processes:
            proc.stop()
        self._processes.clear()

    def _start(self, ctx: BaseContext) -> _Process:
        proc = _Process(ctx, self.worker, self.memory_limit)
        self._processes.append(proc)
        return proc

    def _retire(self, proc: _Process) -> None:
        proc.stop()
        self._processes.remove(proc)

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        if not tasks:
            return
        if len(tasks) == 1 and self.inline_single:
            yield self.worker(tasks[0])
            return
        if _starting_worker():  # the script re-ran in a worker: let the parent say so, once
            sys.stderr.flush()
            os._exit(_MAIN_RERUN_EXIT)
        ctx = _mp_context()
        pending = deque(tasks)
        size = min(self.jobs, len(tasks))
        idle: list[_Process] = []
        busy: list[_Process] = []

        def refill() -> None:
            while pending and len(busy) < size:
                proc = idle.pop() if idle else self._start(ctx)
                if proc.send(pending[0]):
                    pending.popleft()
                    busy.append(proc)
                else:  # it had died while idle (a worker that ran out of memory leaves)
                    self._retire(proc)

        try:
            while pending or busy:
                refill()
                deadlines = [d for d in (p.deadline() for p in busy) if d is not None]
                timeout = min(max(0.0, min(deadlines) - time.monotonic()), _MAX_WAIT) if deadlines else None
                waitables: list[Any] = [p.conn for p in busy] + [p.process.sentinel for p in busy]
                ready = multiprocessing.connection.wait(waitables, timeout)
                now = time.monotonic()
                finished: list[Outcome] = []
                for proc in list(busy):
                    outcome = proc.collect(ready, now, self.memory_limit)
                    if outcome is None:
                        continue
                    busy.remove(proc)
                    if proc.alive and not outcome.recycle:
                        idle.append(proc)
                    else:
                        self._retire(proc)
                    finished.append(outcome)
                refill()  # the workers go on while the caller writes these reports' files
                yield from sorted(finished, key=lambda o: o.index)
        finally:
            for proc in idle:
                proc.close()
            self._stop_all()


def _mp_context() -> BaseContext:
    """Workers are forked from a fork server that has already imported the package and loaded
    jieba (``_preload``), so a worker starts in milliseconds and shares that memory; where there is
    no fork server (Windows), they are spawned. Never plain fork: the parent may run threads (Dask)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["csr_extract._preload"])
        return ctx
    return multiprocessing.get_context("spawn")


def _cooperative(task: Task) -> Task:
    """A Dask worker cannot be stopped from outside a task: there the time limit is checked by the
    reader itself, between pages."""
    if task.time_limit is None:
        return task
    return Task(task.index, task.path, {**task.options, "time_limit": task.time_limit}, task.time_limit)


def dask_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("dask", "distributed"))


def _distributed() -> Any:
    # imported as Any: typed or not, installed or not, the optional dependency stays out of mypy's way
    import importlib

    return importlib.import_module("distributed")


class DaskEngine:
    """The same per-report function on a Dask distributed cluster; the client gets the reports back.

    Workers need only the package installed: each task carries the file's bytes, so workers do not
    need the client's file system. Without ``scheduler`` a ``LocalCluster`` of ``jobs`` single-threaded
    worker processes is started (and stopped) by the engine. At most twice as many tasks as the
    cluster has threads are in flight, so the client never holds every input in memory.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, jobs: int | None = None, timeout: float = 30.0) -> None:
        if not dask_available():
            raise EngineUnavailable(f"--engine dask needs Dask: {DASK_INSTALL_HINT}")
        self.scheduler = scheduler
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.timeout = timeout
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskEngine:
        if self._client is not None:  # already connected (entered before the run, e.g. to time start-up)
            return self
        distributed = _distributed()
        Client, LocalCluster = distributed.Client, distributed.LocalCluster

        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout=self.timeout, set_as_default=False)
            else:
                self._cluster = LocalCluster(
                    n_workers=self.jobs, threads_per_worker=1, processes=True, dashboard_address=None
                )
                self._client = Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.__exit__(None, None, None)
            raise EngineUnavailable(f"cannot connect to the Dask scheduler {self.scheduler}: {exc}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def threads(self) -> int:
        info = self._client.scheduler_info()
        workers = info.get("workers", {})
        return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        if not tasks:
            return
        client = self._client
        pending = deque(tasks)
        window = 2 * self.threads()
        queue = _distributed().as_completed(loop=client.loop)
        futures: dict[str, tuple[Any, Task]] = {}
        run_id = os.urandom(4).hex()

        def submit() -> None:
            task = pending.popleft()
            try:
                data: bytes | None = Path(task.path).read_bytes()
            except OSError:
                data = None  # the worker then fails it with the library's own message
            key = f"csr-extract-{run_id}-{task.index}"
            future = client.submit(extract_bytes, _cooperative(task), data, pure=False, key=key)
            futures[key] = (future, task)
            queue.add(future)

        try:
            while pending and len(futures) < window:
                submit()
            for future in queue:
                _, task = futures.pop(future.key)
                if future.status != "finished":
                    why = repr(future.exception()) if future.status == "error" else future.status
                    outcome = Outcome(index=task.index, error_kind=CRASH_KIND, error=f"Dask task failed: {why}")
                else:
                    outcome = future.result()
                future.release()
                if pending:
                    submit()
                yield outcome
        finally:
            if futures:
                client.cancel([future for future, _ in futures.values()])
