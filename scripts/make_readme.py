"""Regenerate the README's generated blocks from the data files they describe (``make readme``).

A block sits between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->``; tests fail when one is stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def blocks() -> dict[str, Callable[[], str]]:
    from csr_extract.scoring import policy_markdown

    return {"scoring": policy_markdown}


def render(text: str) -> str:
    for name, make in blocks().items():
        pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if not pattern.search(text):
            sys.exit(f"README.md has no <!-- {name}:begin --> ... <!-- {name}:end --> block")
        body = make()
        text = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), text)
    return text


if __name__ == "__main__":
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md updated")
    else:
        print("README.md up to date")
