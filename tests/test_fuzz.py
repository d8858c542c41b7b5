"""Never crashes, never hangs: damaged and crafted PDFs end as a report or a clear error.

Each input runs in a worker process of the local engine, as on the command line, so a crash in PDFium
is the engine's ``crashed`` outcome rather than the end of the test run. ``internal`` (a bug of ours)
must never come out. ``benchmarks/fuzz_inputs.py`` runs the same mutations at a larger scale.
"""

from __future__ import annotations

import functools
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csr_extract.engines import LocalEngine, Outcome, Task
from tests.fuzzing import CRAFTED, MUTATIONS, mutate
from tests.pdf_fixtures import CORPUS_PDFS, load_renderer

# what a damaged file may end as: a report, or one of the errors the library names
EXPECTED_KINDS = {None, "corrupt_pdf", "not_pdf", "empty", "no_text", "encrypted", "too_large", "crashed"}
TIME_LIMIT = 60.0


def outcomes(paths: list[Path], **options: object) -> list[Outcome]:
    tasks = [Task(i, str(p), dict(options), TIME_LIMIT) for i, p in enumerate(paths)]
    with LocalEngine(2) as engine:
        return sorted(engine.run(tasks), key=lambda o: o.index)


@functools.cache
def rendered_fixture() -> bytes:
    """A small rendered report (tables with year columns, CJK text): what the mutations damage."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tables.pdf"
        load_renderer().render_kpi_tables(path)
        return path.read_bytes()


# -- a byte-level mutator driven by Hypothesis ------------------------------------------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "set", "truncate", "delete", "repeat", "zero"]),
        st.integers(min_value=0, max_value=1 << 30),
        st.integers(min_value=0, max_value=4096),
    ),
    min_size=1,
    max_size=6,
)


def apply_edits(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    for op, position, value in edits:
        if not data:
            break
        at = position % len(data)
        if op == "flip":
            data = data[:at] + bytes([data[at] ^ (1 << (value % 8))]) + data[at + 1 :]
        elif op == "set":
            data = data[:at] + bytes([value % 256]) + data[at + 1 :]
        elif op == "truncate":
            data = data[:at]
        elif op == "delete":
            data = data[:at] + data[at + value :]
        elif op == "repeat":
            data = data[:at] + data[at : at + value] * 3 + data[at:]
        else:
            data = data[:at] + bytes(min(value, len(data) - at)) + data[at + value :]
    return data


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_a_mutated_rendered_report_never_gives_an_internal_error(edits: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutant.pdf"
        path.write_bytes(apply_edits(rendered_fixture(), edits))
        [outcome] = outcomes([path])
    assert outcome.error_kind in EXPECTED_KINDS, outcome.error
    assert (outcome.report is not None) == (outcome.error_kind is None)


# -- crafted hostile files --------------------------------------------------------------------------------

CRAFTED_OUTCOMES = {
    "bomb-64mb": ("too_large", "a PDF page content stream (object 4) inflates to more than 8 MB"),
    "bomb-cjk-64mb": ("too_large", "a PDF page content stream (object 4) inflates to more than 8 MB"),
    "page-tree-loop": ("corrupt_pdf", "corrupt PDF: page 2 cannot be read"),
    "prev-loop": (None, None),
    "deep-nesting": (None, None),
}


def test_crafted_hostile_pdfs_end_as_expected(tmp_path: Path) -> None:
    paths = []
    for name, make in CRAFTED.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(make())
        paths.append(path)
    got = {p.stem: o for p, o in zip(paths, outcomes(paths), strict=True)}
    for name, (kind, start) in CRAFTED_OUTCOMES.items():
        assert got[name].error_kind == kind, (name, got[name].error)
        assert start is None or (got[name].error or "").startswith(start), (name, got[name].error)
    # PDFium 5 overflows its stack on a page-label tree that loops: isolated, reported as crashed
    assert got["page-label-loop"].error_kind in ("crashed", None)


# -- mutated real reports -----------------------------------------------------------------------------


@pytest.mark.shared
def test_no_mutated_corpus_report_gives_an_internal_error(tmp_path: Path) -> None:
    small = [p for p in CORPUS_PDFS if p.stat().st_size < 3 << 20]
    if not small:
        pytest.skip("../shared/corpus/pdf not present")
    rng = random.Random(15)
    paths = []
    for i in range(2 * len(MUTATIONS)):
        source = small[i % len(small)]
        how, data = mutate(source.read_bytes(), rng, [list(MUTATIONS)[i % len(MUTATIONS)]])
        path = tmp_path / f"{i:02d}-{how}-{source.name}"
        path.write_bytes(data)
        paths.append(path)
    # OCR off: the subject is damaged structure; OCR of the intact garbled pages of the corpus's
    # broken-ToUnicode rendering (about 10 s a page with the [ocr] extra) would only hit the time limit
    kinds = {p.name: (o.error_kind, o.error) for p, o in zip(paths, outcomes(paths, ocr="off"), strict=True)}
    unexpected = {name: kind for name, kind in kinds.items() if kind[0] not in EXPECTED_KINDS}
    assert unexpected == {}
