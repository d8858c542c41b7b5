"""Imported once by the fork server that local worker processes are forked from (``engines``).

The imports (pandas, pyarrow, pdfium, pydantic) and jieba's dictionary are loaded here once, then
shared copy-on-write by every worker, instead of ~1.5 s and ~100 MB again in each worker process.
"""

from __future__ import annotations

from . import api  # noqa: F401
from .segment import word_bounds

word_bounds("社会责任报告")
