"""jieba start-up: the prepared dictionary is cached, and spans between punctuation need no jieba."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from csr_extract import segment

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = ["2020年公司纳税总额12.5亿元，纳税人满意度提升", "受捐赠学校共计30所", "员工总数56,458人"]


def segment_in_child(cache: Path) -> tuple[str, list[str]]:
    """Segment SENTENCES in a fresh interpreter using ``cache``; its cache files and the words."""
    code = f"from csr_extract.segment import cut\nfor s in {SENTENCES!r}: print('|'.join(cut(s)))\n"
    env = {**os.environ, segment.CACHE_ENV: str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return " ".join(sorted(p.name for p in cache.glob("*"))), done.stdout.splitlines()


def test_prepared_dictionary_is_cached_and_segments_the_same(tmp_path: Path) -> None:
    first_files, built = segment_in_child(tmp_path)
    assert first_files.startswith("jieba-") and first_files.endswith(".marshal")  # one file, no temporary left
    second_files, cached = segment_in_child(tmp_path)
    assert second_files == first_files
    assert cached == built
    assert "纳税人" in built[0].split("|")  # the alias 纳税 does not split 纳税人


def test_unwritable_cache_folder_still_segments(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    _, words = segment_in_child(blocker / "sub")
    assert words[2].split("|")[0] == "员工总数"  # a catalog alias, taught to jieba


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    names, built = segment_in_child(tmp_path)
    (tmp_path / names).write_bytes(b"not marshal")
    _, again = segment_in_child(tmp_path)
    assert again == built


def test_lazy_dictionary_segments_as_jieba_does() -> None:
    """The dictionary filled by first character cuts every sentence as jieba's whole dictionary does."""
    import jieba

    full = jieba.Tokenizer()
    full.initialize()
    for word, freq in segment._user_words():
        full.add_word(word, freq=freq)
    text = (ROOT / "data" / "raw" / "cgtc_2020_csr.txt").read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"[。\n]", text) if s.strip()][:300]
    assert [segment.cut(s) for s in sentences] == [list(full.cut(s, HMM=False)) for s in sentences]


@pytest.mark.parametrize(
    ("text", "start", "end", "aligned"),
    [
        ("，纳税总额。", 1, 5, True),  # between punctuation: no jieba needed
        ("纳税人满意度", 0, 2, False),  # the middle of a longer word
        ("公司纳税总额", 2, 6, True),
        ("受捐赠学校", 1, 3, False),
    ],
    ids=["between-punctuation", "inside-纳税人", "word-in-a-sentence", "inside-受捐赠"],
)
def test_is_word_aligned(text: str, start: int, end: int, aligned: bool) -> None:
    assert segment.is_word_aligned(text, start, end) is aligned
