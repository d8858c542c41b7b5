"""Where reports are extracted: a local process pool (default) or a Dask distributed cluster.

Both run the same per-report function (``extract_one`` / ``extract_bytes``), which never raises for a
bad report: it returns an ``Outcome`` holding the ``Report`` or an error record. Engines only compute;
the caller (``batch.run_batch``) writes every file, so a worker never leaves a half-written output.

An engine is a context manager whose ``run(tasks)`` yields outcomes in completion order. Leaving
the ``with`` block early (Ctrl-C, an exception in the caller) cancels what is pending and stops the
workers.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import socket
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

if TYPE_CHECKING:
    from .models import Report

__all__ = [
    "DASK_INSTALL_HINT",
    "DaskEngine",
    "EngineUnavailable",
    "LocalEngine",
    "Outcome",
    "Task",
    "dask_available",
    "extract_bytes",
    "extract_one",
]

DASK_INSTALL_HINT = "install with: pip install 'csr-extract[dask]'"
CRASH_KIND = "crashed"


class EngineUnavailable(RuntimeError):
    """The engine cannot start (Dask not installed, scheduler unreachable)."""


@dataclass(frozen=True, slots=True)
class Task:
    """One input to extract. ``options`` are keyword arguments of ``csr_extract.extract``."""

    index: int
    path: str
    options: dict[str, Any] = field(default_factory=dict)


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

    @property
    def ok(self) -> bool:
        return self.report is not None


def _peak_rss() -> int:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


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
    except Exception as exc:  # a bug in one report must not stop the others; say what broke
        outcome.error_kind, outcome.error = "internal", f"internal error: {type(exc).__name__}: {exc}"
    outcome.seconds = time.monotonic() - started
    outcome.cpu_seconds = time.process_time() - cpu
    outcome.peak_rss = _peak_rss()
    return outcome


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
        outcome = extract_one(Task(task.index, str(local), task.options))
    if outcome.error:
        outcome.error = outcome.error.replace(str(local), task.path)
    return outcome


class Engine(Protocol):
    name: str

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]: ...


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent decides what stops, workers are terminated.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


Worker = Callable[[Task], Outcome]


class LocalEngine:
    """A pool of ``jobs`` spawned processes, reused across reports (jieba loads once per process).

    At most ``2 * jobs`` tasks are queued at a time, so an interrupt has little to cancel. If a worker
    process dies (segfault, out of memory), the reports that were in flight are retried one at a time
    in a fresh process; the one that kills its process again is reported as ``crashed``.
    """

    name = "local"

    def __init__(self, jobs: int | None = None, worker: Worker = extract_one, inline_single: bool = True) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.worker = worker
        self.inline_single = inline_single  # one report: run it here, no process start-up to pay
        self._pools: list[ProcessPoolExecutor] = []

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        for pool in self._pools:
            _terminate(pool)
        self._pools.clear()

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_init_worker)
        self._pools.append(pool)
        return pool

    def _close(self, pool: ProcessPoolExecutor) -> None:
        pool.shutdown(wait=True)
        self._pools.remove(pool)

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        if not tasks:
            return
        if len(tasks) == 1 and self.inline_single:
            yield self.worker(tasks[0])
            return
        pending = deque(tasks)
        workers = min(self.jobs, len(tasks))
        window = 2 * workers
        pool = self._pool(workers)
        inflight: dict[Future[Outcome], Task] = {}
        while pending or inflight:
            broken = False
            while pending and len(inflight) < window:
                task = pending.popleft()
                try:
                    inflight[pool.submit(self.worker, task)] = task
                except BrokenProcessPool:  # a worker died while we were still queueing: run it later
                    pending.appendleft(task)
                    broken = True
                    break
            done, _ = wait(inflight, return_when=ALL_COMPLETED if broken else FIRST_COMPLETED)
            suspects: list[Task] = []
            for future in sorted(done, key=lambda f: inflight[f].index):
                task = inflight.pop(future)
                if isinstance(future.exception(), BrokenProcessPool):
                    suspects.append(task)
                else:
                    yield future.result()
            if not suspects and not broken:
                continue
            # The pool is broken: every future still in flight fails too. Collect them all.
            if inflight:
                wait(inflight)
            for future, task in sorted(inflight.items(), key=lambda item: item[1].index):
                if isinstance(future.exception(), BrokenProcessPool):
                    suspects.append(task)
                else:
                    yield future.result()
            inflight.clear()
            _terminate(pool)
            self._pools.remove(pool)
            for task in sorted(suspects, key=lambda t: t.index):
                yield self._isolated(task)
            pool = self._pool(workers)
        self._close(pool)

    def _isolated(self, task: Task) -> Outcome:
        pool = self._pool(1)
        try:
            return pool.submit(self.worker, task).result()
        except BrokenProcessPool:
            return Outcome(
                index=task.index,
                error_kind=CRASH_KIND,
                error="the worker process died while reading this file (crash or out of memory)",
            )
        finally:
            _terminate(pool)
            self._pools.remove(pool)


def _mp_context() -> multiprocessing.context.BaseContext:
    """Workers are forked from a fork server that has already imported the package and loaded
    jieba (``_preload``), so a pool starts in milliseconds and shares that memory; where there is
    no fork server (Windows), they are spawned. Never plain fork: the parent may run threads (Dask)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["csr_extract._preload"])
        return ctx
    return multiprocessing.get_context("spawn")


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: cancel what is queued, terminate its processes, reap them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=1)


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
            future = client.submit(extract_bytes, task, data, pure=False, key=key)
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
