"""Company keys: the stock code and registered name detected in 50 reports drawn at random (seeded)
from ../shared/corpus/, against the answer key in benchmarks/company_key.yaml (judged by reading each
report). Prints every detection and, for each field, how many are right, null (not found) and wrong.

A wrong stock code or a junk name (a fragment, a generic word, another company) is what breaks a join;
null only leaves a gap. The old detector (the short name the report defines, else the first full name)
is measured in the same run as the baseline.

usage: python benchmarks/bench_company.py [--seed N] [--sample N]   (prints nothing useful without ../shared)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import yaml

from csr_extract import extract
from csr_extract.document import Document
from csr_extract.meta import own_names
from csr_extract.reader import open_stream

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
KEY = Path(__file__).with_name("company_key.yaml")


def draw(seed: int, sample: int) -> list[str]:
    """``sample`` report files (paths relative to the corpus) drawn with ``seed``."""
    files = sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix.lower() in (".pdf", ".txt")
    )
    return random.Random(seed).sample(files, sample)


def baseline_name(path: Path) -> str | None:
    """The detector before the registered-name rules: the short name, else the first full name."""
    stream = open_stream(path)
    head = []
    size = 0
    for page in stream.pages():
        head.append(page)
        size += len(page.text)
        if size >= 6000:
            break
    doc = Document(path, stream.kind, head, stream.page_count, stream.sha256, [], stream.title)
    names = own_names(doc)
    return names[0] if names else None


def judge(got: str | None, want: str | None) -> str:
    if got is None:
        return "right" if want is None else "null"
    return "right" if got == want else "WRONG"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=None, help="default: the answer key's")
    ap.add_argument("--sample", type=int, default=None, help="default: the answer key's")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} not present")
        return 0
    key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    seed, sample = args.seed or key["seed"], args.sample or key["sample"]
    answers = {r["file"]: r for r in key["reports"]}
    files = draw(seed, sample)
    unknown = [f for f in files if f not in answers]
    if unknown:
        print(f"the answer key has no entry for {len(unknown)} drawn file(s), e.g. {unknown[0]}: judge them first")
        return 1
    tally: dict[str, dict[str, int]] = {f: {"right": 0, "null": 0, "WRONG": 0} for f in ("code", "name", "old name")}
    started = time.monotonic()
    for i, rel in enumerate(files):
        want = answers[rel]
        report = extract(CORPUS / rel)
        old = baseline_name(CORPUS / rel)
        verdicts = (
            judge(report.stock_code, want["stock_code"]),
            judge(report.company, want["company"]),
            judge(old, want["company"]),
        )
        for field, verdict in zip(("code", "name", "old name"), verdicts, strict=True):
            tally[field][verdict] += 1
        print(f"{i + 1:2d} {rel[:60]}")
        print(f"   code {verdicts[0]:5s} {report.stock_code or '-':10s} key {want['stock_code'] or '-'}")
        print(f"   name {verdicts[1]:5s} {report.company or '-'}   key {want['company'] or '-'}")
        if verdicts[2] == "WRONG":
            print(f"   old  WRONG {old}")
    print(f"\n{sample} reports drawn with seed {seed} from {CORPUS} in {time.monotonic() - started:.0f} s")
    for field, counts in tally.items():
        ok = counts["right"] + counts["null"]
        print(
            f"{field:9s} right {counts['right']:2d}  null {counts['null']:2d}  wrong {counts['WRONG']:2d}"
            f"  -> right or null {ok / sample:.0%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
