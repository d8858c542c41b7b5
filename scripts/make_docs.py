"""Write the README's KPI table from the data dictionary (run by `make docs`; a test fails when stale).

The table sits between the markers <!-- kpis:start --> and <!-- kpis:end --> and is exactly what
`csr-extract kpis --format markdown` prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

from csr_extract.dictionary import render

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- kpis:start -->", "<!-- kpis:end -->"


def render_readme(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{render('markdown')}{END}{tail}"


def main() -> int:
    README.write_text(render_readme(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the KPI table in {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
