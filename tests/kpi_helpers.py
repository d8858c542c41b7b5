"""Run the KPI stages (candidates -> resolve) on a snippet of text, as a text report would be."""

from __future__ import annotations

from csr_extract.api import DEFAULT_MIN_CONFIDENCE
from csr_extract.candidates import find_page_candidates
from csr_extract.document import Page
from csr_extract.models import KpiValue
from csr_extract.resolve import resolve

Row = tuple[str, int, int | None, float]


def rows_of(text: str, year: int = 2020, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[KpiValue]:
    rows, _ = resolve(find_page_candidates(Page(0, text), year), year, min_confidence)
    return rows


def keys_of(text: str, year: int = 2020) -> set[Row]:
    return {(r.kpi_id, r.year, r.period_start, round(r.value, 6)) for r in rows_of(text, year)}
