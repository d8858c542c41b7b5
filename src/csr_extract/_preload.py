"""Imported once by the fork server that local worker processes are forked from (``engines``).

The imports (pandas, pyarrow, pdfium, pydantic) and jieba's dictionary are loaded here once, then
shared copy-on-write by every worker, instead of ~1.5 s and ~100 MB again in each worker process.
Nothing here may raise: the fork server would die with it. A warm-up that fails is simply redone
lazily by each worker, where its error is reported like any other.
"""

from __future__ import annotations

import contextlib

with contextlib.suppress(Exception):
    from . import api  # noqa: F401
    from .reader.pdf import rare_cjk
    from .segment import word_bounds

    word_bounds("社会责任报告")
    rare_cjk()  # the reader's set of rare ideographs, built from the codecs
