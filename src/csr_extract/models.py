"""The output contract: ``Report`` and its ``KpiValue`` rows (Pydantic v2).

The JSON output is ``Report.model_dump_json``; the Parquet output is one row per ``KpiValue`` with
the report's metadata repeated (see ``export.PARQUET_SCHEMA``). The JSON Schema in ``schemas/`` is
generated from these models (``make schema``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    import pandas as pd

Qualifier = Literal["more_than", "less_than", "about", "at_least", "at_most"]
Method = Literal["prose", "layout", "table"]
# conflict: two readings of one (KPI, year) disagree; reader: a page could not be read (no text layer);
# no_year: the report's year was not found; no_kpi: nothing was found; other: a warning of an older output
WarningKind = Literal["conflict", "currency", "reader", "no_year", "no_kpi", "other"]
WARNING_KINDS: tuple[str, ...] = ("conflict", "currency", "reader", "no_year", "no_kpi", "other")
ReadingStatus = Literal["agrees", "lost", "below_threshold", "part", "vague", "implausible", "vetoed"]


class BBox(BaseModel):
    """A box in PDF points, origin at the page's top-left corner."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    x0: float
    top: float
    x1: float
    bottom: float


class KpiValue(BaseModel):
    """One KPI value for one year (or one multi-year period), with the evidence it was read from."""

    model_config = ConfigDict(extra="forbid")

    kpi_id: str = Field(description="contract KPI id, e.g. revenue")
    kpi_name_zh: str
    category: str = Field(description="economic, social or environmental")
    value: float = Field(description="value in the contract's canonical unit (ratios as fractions)")
    unit: str = Field(description="contract unit code, e.g. CNY, person, tce, ratio")
    year: int = Field(description="the year the value refers to (last year of a period)")
    period_start: int | None = Field(None, description="first year of a value accumulated over years")
    qualifier: Qualifier | None = None
    change_yoy: float | None = Field(None, description="change against the previous year, as a fraction")
    raw: str = Field(description="number and unit exactly as printed")
    page: int | None = Field(None, description="1-based PDF page; null for text input")
    bbox: BBox | None = Field(None, description="box of the number on the page, PDF points")
    evidence: str = Field(description="the sentence, line or table row the value was read from")
    method: Method
    confidence: float = Field(ge=0.0, le=1.0)
    trace: str = Field("", description="the rule that read the value and each adjustment of its confidence")
    column: str | None = Field(None, description="table values: the header of the value's column, as printed")
    unit_source: str | None = Field(
        None, description="where the unit was stated: number, label, unit_column, header, caption or kpi (a count)"
    )
    gri: str | None = None
    hkex: str | None = None


class ReportWarning(BaseModel):
    """Something a reviewer should look at: what kind, which KPI, year and page it is about."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: WarningKind
    kpi_id: str | None = None
    year: int | None = None
    page: int | None = Field(default=None, description="1-based PDF page the warning points to, if any")
    message: str

    def __str__(self) -> str:
        return self.message

    @classmethod
    def from_text(cls, text: str) -> ReportWarning:
        """A warning of an output written when warnings were plain strings, its kind recognised."""
        conflict = _CONFLICT_TEXT.match(text)
        if conflict:
            page = _PAGE_TEXT.search(text)
            return cls(
                kind="conflict",
                kpi_id=conflict["kpi"],
                year=int(conflict["year"]),
                page=int(page[1]) if page else None,
                message=text,
            )
        for prefix, kind in _LEGACY_PREFIXES:
            if text.startswith(prefix):
                return cls(kind=kind, message=text)
        return cls(kind="other", message=text)


_CONFLICT_TEXT = re.compile(r"^(?P<kpi>[a-z0-9_]+) (?:\d{4}-)?(?P<year>\d{4}): kept ")
_PAGE_TEXT = re.compile(r"\(page (\d+)\) from: ")
_LEGACY_PREFIXES: tuple[tuple[str, WarningKind], ...] = (
    ("no text layer", "reader"),
    ("report year not found", "no_year"),
    ("no KPI found", "no_kpi"),
)


class OtherReading(BaseModel):
    """A reading of a value that is not a row's own evidence: one that supports a row (``agrees``) or
    one that did not make it (``lost`` to another value, ``below_threshold``, ``vague``,
    ``implausible``, ``vetoed``). Kept so that a reviewer sees the alternatives without the source."""

    model_config = ConfigDict(extra="forbid")

    kpi_id: str
    year: int
    period_start: int | None = None
    status: ReadingStatus
    value: float = Field(description="value in the KPI's canonical unit")
    raw: str
    page: int | None = None
    bbox: BBox | None = None
    evidence: str
    confidence: float = Field(ge=0.0, le=1.0)
    trace: str = ""
    note: str = Field("", description="why: e.g. which value won")


class Report(BaseModel):
    """Everything extracted from one input file."""

    model_config = ConfigDict(extra="forbid")

    report_id: str = Field(description="stable id: the input's stem plus the first 8 hex digits of its sha256")
    source_file: str
    sha256: str
    company: str | None = Field(
        None, description="the company's registered name as printed in the report; null when not found"
    )
    stock_code: str | None = Field(
        None,
        description="stock code with its exchange: 600519.SH, 000002.SZ, 430047.BJ, 0700.HK; null when not found",
        pattern=r"^(\d{6}\.(SH|SZ|BJ|NQ)|\d{4,5}\.HK)$",
    )
    report_year: int | None = None
    page_count: int | None = Field(None, description="PDF pages; null for text input")
    extractor_version: str
    schema_version: str
    warnings: list[ReportWarning] = Field(default_factory=list)
    kpis: list[KpiValue] = Field(default_factory=list)
    readings: list[OtherReading] = Field(
        default_factory=list,
        description="every other reading of the rows' values: supporting ones and those that lost, for review",
    )

    @field_validator("warnings", mode="before")
    @classmethod
    def _structured_warnings(cls, value: Any) -> Any:
        # outputs written before warnings were structured hold plain strings
        if isinstance(value, list):
            return [ReportWarning.from_text(w) if isinstance(w, str) else w for w in value]
        return value

    def to_frame(self) -> pd.DataFrame:
        """All KPI rows as a pandas DataFrame with the Parquet schema's column types."""
        from .export import report_to_table

        return report_to_table(self).to_pandas(types_mapper=_nullable_types)


def _nullable_types(arrow_type: object) -> object:
    # Keep integer columns with nulls as pandas nullable Int64 rather than float.
    import pandas as pd
    import pyarrow as pa

    if arrow_type == pa.int32():
        return pd.Int32Dtype()
    if arrow_type == pa.int64():
        return pd.Int64Dtype()
    return None
