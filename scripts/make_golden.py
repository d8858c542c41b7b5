"""Regenerate tests/golden/<stem>.json from every sample in data/raw/ (run by `make golden`).

Review the diff (`git diff tests/golden`) before committing: every changed value is a behaviour change.
"""

from __future__ import annotations

import sys
from pathlib import Path

from csr_extract import extract
from csr_extract.export import report_to_json

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLDEN = ROOT / "tests" / "golden"


def samples() -> list[Path]:
    return sorted(p for p in RAW.iterdir() if p.suffix.lower() in (".txt", ".pdf"))


def render(path: Path) -> str:
    return report_to_json(extract(path))


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for path in samples():
        target = GOLDEN / f"{path.stem}.json"
        target.write_text(render(path), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
