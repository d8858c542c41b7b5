"""A seeded fuzzing campaign: damaged and crafted PDFs through the command line, and huge texts.

    python benchmarks/fuzz_inputs.py [--count 500] [--seed 15] [--jobs 2] [--time-limit 30]
                                     [--group 100] [--no-big] [--keep DIR]

Mutants: ``--count`` damaged copies of ../shared/corpus/pdf/*.pdf (skipped when absent), the
mutations of ``tests/fuzzing.py`` taken in turn (truncations, byte flips, random bytes, zeroed,
repeated and deleted ranges, xref offsets, startxref, stream lengths, object streams), plus the
crafted hostile PDFs there (decompression bombs, a page-label tree and a page tree that loop, an xref
whose /Prev points to itself, deep nesting). They are run by ``csr-extract DIR --out OUT`` in groups
of ``--group`` files, as a user would, and the table counts per mutation: reports read, errors by
kind, reader crashes isolated by the engine (``crashed``), time limits hit and ``internal`` errors;
then for the whole campaign: command-line runs that crashed (killed by a signal, a traceback),
hung (past every time limit) or exited with another status than 0 or 1, partial files (outputs of a
failed input, temporary files left, outputs that do not load), inputs missing from the manifest, and
the peak resident memory of any process of a run (sampled from /proc every 0.1 s). The runs use
``--ocr off``: the subject is damaged PDF structure, and OCR of an intact garbled page (the corpus's
broken-ToUnicode rendering, about 10 s a page) would only hit the time limit.

Big inputs (unless ``--no-big``), one per run: a 200 MB text and a 50 MB text on one line with the
default limits (refused by the size limit), the 50 MB one with ``--max-size 100 --time-limit 60``
(read in 1 MB chunks: memory stays bounded; the time limit stops it), a page whose content inflates
to 1 GiB with a CJK font, and pages of 100,000 text objects (4 MB, under the stream cap). Prints
exit status, error kind, seconds and peak memory. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
SEED_TEXT = REPO / "data" / "raw" / "cgtc_2020_csr.txt"
CLI = [sys.executable, "-m", "csr_extract"]

import pyarrow.parquet as pq  # noqa: E402
from tests.fuzzing import CRAFTED, MUTATIONS, bomb_pdf, mutate  # noqa: E402

from csr_extract.batch import MANIFEST_NAME  # noqa: E402

KINDS = ("ok", "corrupt_pdf", "crashed", "timeout", "internal")
SUMMARY = ("cli runs", "cli crashes", "hangs", "wrong exit codes", "partial files", "inputs missing from the manifest")


class PeakMemory:
    """The largest resident set (VmHWM) of any process below ``pid``, sampled until ``stop()``."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            for pid in [self.pid, *descendants(self.pid)]:
                self.peak = max(self.peak, high_water_mark(pid))
            self._done.wait(0.1)

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                children[int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])].append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def high_water_mark(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def make_inputs(root: Path, count: int, seed: int, group: int) -> dict[Path, str]:
    """The mutants and crafted files in folders of ``group`` files: {path: how it was made}."""
    sources = sorted(CORPUS.glob("*.pdf"))
    rng = random.Random(seed)
    names = list(MUTATIONS)
    made: dict[Path, str] = {}
    crafted = [(f"crafted:{name}", make()) for name, make in CRAFTED.items()]
    for i in range(count + len(crafted)):
        folder = root / f"group{i // group:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if i < len(crafted):
            how, data = crafted[i]
            path = folder / f"{how.split(':')[1]}.pdf"
        else:
            source = rng.choice(sources)
            how, data = mutate(source.read_bytes(), rng, [names[i % len(names)]])
            path = folder / f"m{i:04d}-{source.stem}.pdf"
        path.write_bytes(data)
        made[path] = how
    return made


def run_cli(args: list[str], harness_timeout: float) -> tuple[int | None, str, float, int]:
    """``(exit status or None when it hung, stderr, seconds, peak memory)`` of one command-line run."""
    started = time.monotonic()
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid)
    try:
        _, err = proc.communicate(timeout=harness_timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        code = None
    return code, err, time.monotonic() - started, memory.stop()


def check_outputs(out: Path, inputs: list[Path]) -> tuple[dict[str, dict[str, object]], int, int]:
    """Manifest rows by input name, partial files, inputs without a row."""
    manifest = out / MANIFEST_NAME
    rows = {Path(str(r["input"])).name: r for r in pq.read_table(manifest).to_pylist()} if manifest.exists() else {}
    partial = sum(1 for p in out.rglob("*") if p.name.endswith(".tmp"))  # top level, _json/, _meta/
    for row in rows.values():
        stem = str(row["stem"])
        files = [out / f"{stem}.parquet", out / "_json" / f"{stem}.json"]
        if row["status"] == "failed":
            partial += sum(f.exists() for f in files)
            continue
        try:
            pq.read_table(files[0])
            json.loads(files[1].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            partial += 1
    missing = sum(1 for p in inputs if p.name not in rows)
    return rows, partial, missing


def campaign(args: argparse.Namespace, root: Path) -> None:
    made = make_inputs(root / "in", args.count, args.seed, args.group)
    groups = sorted({p.parent for p in made})
    by_mutation: dict[str, Counter[str]] = defaultdict(Counter)
    notable: list[str] = []  # inputs that hit a limit, crashed the reader or gave an internal error
    totals = Counter[str]()
    peak = 0
    started = time.monotonic()
    for folder in groups:
        inputs = sorted(p for p in made if p.parent == folder)
        out = root / "out" / folder.name
        budget = args.time_limit * (len(inputs) / args.jobs + 2) + 120
        cli = [str(folder), "--out", str(out), "--jobs", str(args.jobs), "--time-limit", str(args.time_limit)]
        cli += ["--ocr", "off", "-q"]
        code, err, seconds, memory = run_cli(cli, budget)
        peak = max(peak, memory)
        totals["cli runs"] += 1
        if code is None:
            totals["hangs"] += 1
            continue
        if code < 0 or "Traceback" in err:
            totals["cli crashes"] += 1
        elif code not in (0, 1):
            totals["wrong exit codes"] += 1
        rows, partial, missing = check_outputs(out, inputs)
        totals["partial files"] += partial
        totals["inputs missing from the manifest"] += missing
        for path in inputs:
            row = rows.get(path.name)
            kind = "missing" if row is None else str(row["error_kind"] or "ok")
            mutation = made[path].split("+")[0] if not made[path].startswith("crafted") else "crafted"
            by_mutation[mutation][kind] += 1
            by_mutation[mutation]["runs"] += 1
            if kind in ("timeout", "crashed", "internal", "missing"):
                notable.append(f"  {kind:9s} {path.parent.name}/{path.name} ({made[path]})")
        shown = f"{len(inputs)} inputs, exit {code}, {seconds:.0f} s, peak {memory >> 20} MB"
        print(f"  {folder.name}: {shown}", flush=True)
    elapsed = time.monotonic() - started
    print_table(by_mutation, args, len(made))
    print()
    for name in SUMMARY:
        print(f"{name:34s} {totals[name]:>6}")
    internal = sum(c["internal"] for c in by_mutation.values())
    crashed = sum(c["crashed"] for c in by_mutation.values())
    print(f"{'internal errors':34s} {internal:>6}")
    print(f"{'reader crashes isolated (crashed)':34s} {crashed:>6}")
    print(f"{'peak memory of any process':34s} {peak / (1 << 20):>6.0f} MB")
    print(f"{'wall time':34s} {elapsed:>6.0f} s ({len(made) / elapsed:.2f} inputs/s)")
    if notable:
        print("\ninputs that hit the time limit, crashed the reader or gave an internal error:")
        print("\n".join(notable))


def print_table(by_mutation: dict[str, Counter[str]], args: argparse.Namespace, total: int) -> None:
    print(
        f"\nfuzz campaign: {total} inputs ({args.count} mutants of {len(list(CORPUS.glob('*.pdf')))} corpus PDFs, "
        f"seed {args.seed}; {len(CRAFTED)} crafted), --jobs {args.jobs}, --time-limit {args.time_limit:g} s, --ocr off"
    )
    others = sorted({k for c in by_mutation.values() for k in c} - {"runs", *KINDS})
    header = f"{'mutation':10s} {'runs':>5s} " + " ".join(f"{k:>11s}" for k in (*KINDS, *others))
    print(header)
    print("-" * len(header))
    total_counts = Counter[str]()
    for name in sorted(by_mutation):
        counts = by_mutation[name]
        total_counts.update(counts)
        print(f"{name:10s} {counts['runs']:>5d} " + " ".join(f"{counts[k]:>11d}" for k in (*KINDS, *others)))
    print("-" * len(header))
    print(f"{'total':10s} {total_counts['runs']:>5d} " + " ".join(f"{total_counts[k]:>11d}" for k in (*KINDS, *others)))


def big_inputs(root: Path) -> None:
    """Huge texts and PDF pages, one per run: with the default limits, and with the size limit raised so
    that the text is read (in 1 MB chunks) until the time limit."""
    seed = SEED_TEXT.read_bytes()
    folder = root / "big"
    folder.mkdir(parents=True, exist_ok=True)
    many_lines = folder / "text-200mb.txt"
    with many_lines.open("wb") as fh:
        for _ in range((200 << 20) // len(seed)):
            fh.write(seed)
    one_line = folder / "one-line-50mb.txt"
    flat = seed.replace(b"\n", b" ")
    with one_line.open("wb") as fh:
        for _ in range((50 << 20) // len(flat)):
            fh.write(flat)
    pdfs = {
        "bomb-cjk-1gib.pdf": bomb_pdf(1024, cjk=True),  # one page whose content inflates to 1 GiB
        "dense-page-4mb.pdf": bomb_pdf(4),  # under the cap: 100,000 text objects on one page
        "dense-page-cjk-4mb.pdf": bomb_pdf(4, cjk=True),
    }
    for name, data in pdfs.items():
        (folder / name).write_bytes(data)
    runs: list[tuple[Path, list[str]]] = [
        (many_lines, []),
        (one_line, []),
        (one_line, ["--max-size", "100", "--time-limit", "60"]),
        *((folder / name, []) for name in pdfs),
    ]
    print("\nbig inputs (one per run)")
    head = ("input", "size", "options", "exit", "error_kind", "seconds", "peak MB")
    print("{:24s} {:>8s} {:32s} {:>4s} {:>10s} {:>8s} {:>8s}".format(*head))
    for n, (path, options) in enumerate(runs):
        out = root / "big-out" / str(n)
        code, _, seconds, memory = run_cli([str(path), "--out", str(out), "-q", *options], 3600)
        manifest = out / MANIFEST_NAME
        row = pq.read_table(manifest).to_pylist()[0] if manifest.exists() else {}
        kind = row.get("error_kind") or ("ok" if row.get("status") == "ok" else "-")
        size = f"{path.stat().st_size / (1 << 20):.1f} MB"
        shown = " ".join(options) or "(defaults)"
        print(
            f"{path.name:24s} {size:>8s} {shown:32s} {code!s:>4s} {kind:>10s} {seconds:>8.1f} "
            f"{memory / (1 << 20):>8.0f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=500, help="mutants of the corpus PDFs (default 500)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=30.0, help="--time-limit of each run (default 30 s)")
    parser.add_argument("--group", type=int, default=100, help="inputs per command-line run")
    parser.add_argument("--no-big", action="store_true", help="skip the huge texts and PDF pages")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        print("needs /proc (Linux) to sample memory")
    root = args.keep or Path(tempfile.mkdtemp(prefix="csr-fuzz-"))
    try:
        if any(CORPUS.glob("*.pdf")):
            campaign(args, root)
        else:
            print(f"{CORPUS} not present: no mutants")
        if not args.no_big:
            big_inputs(root)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
