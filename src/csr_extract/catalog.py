"""The rule data shipped in the package: the KPI catalog and the context cues, loaded and validated.

Rules are data (``data/kpis.yaml``, ``data/cues.yaml``); this module only turns them into typed,
checked objects and the compiled patterns the KPI stage needs. Loaded once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CONTRACT_UNITS = frozenset(
    {"CNY", "person", "person_time", "count", "hour", "tce", "t", "tCO2e", "kWh", "m3", "ratio", "tce_per_10k_CNY"}
)
CATEGORIES = frozenset({"economic", "social", "environmental"})


class CatalogError(ValueError):
    """A rule file is malformed; the message names the file and the entry."""


class Breakdown(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    headers: tuple[str, ...]
    items: tuple[str, ...]


class Floor(BaseModel):
    """A KPI's least share of another KPI of the same report and year (trainees: 5% of employees)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    of: str
    share: float = Field(gt=0, lt=1)


class Kpi(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    category: str
    unit: str
    gri: str | None = None
    hkex: str | None = None
    aliases: tuple[str, ...]
    exact: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    accepts: dict[str, float] = Field(default_factory=dict)
    ratio_of: str | None = None
    breakdown: Breakdown | None = None
    children: dict[str, str] = Field(default_factory=dict)
    stock: bool = False
    gift: bool = False
    signed: bool = False  # may be negative (a loss): its plausible range applies to the magnitude
    parts: tuple[str, ...] = ()  # words in the sentence before the label that make the value one part
    topics: tuple[str, ...] = ()  # words glued before a topic head (质量培训, 外派培训): one topic only
    others: tuple[str, ...] = ()  # words in the sentence before the label that make it someone else's
    others_after: tuple[str, ...] = ()  # words in the sentence after the value that make it someone else's
    secondary: tuple[str, ...] = ()  # labels read only when no other label of the KPI gives the year's value
    zero: tuple[str, ...] = ()  # patterns of a statement that the KPI's count was nil (未发生…死亡)
    counted: tuple[str, ...] = ()  # patterns with the number inside the phrase ({n}): 拥有4.5万名员工
    by_unit: dict[str, str] = Field(default_factory=dict)  # a cell's unit -> the sibling KPI it fills
    plausible: tuple[float, float] | None = None  # the KPI's own range, narrower than its unit's
    floor: Floor | None = None  # below this share of another KPI's value of the year: a part's figure
    part_of: str | None = None  # the KPI whose people this one counts a part of (女员工: of the employees)

    @field_validator("category")
    @classmethod
    def _check_category(cls, v: str) -> str:
        if v not in CATEGORIES:
            raise ValueError(f"unknown category {v!r}")
        return v

    @field_validator("unit")
    @classmethod
    def _check_unit(cls, v: str) -> str:
        if v not in CONTRACT_UNITS:
            raise ValueError(f"unknown unit {v!r}")
        return v

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("a KPI needs at least one alias")
        return v

    def accepts_unit(self, unit: str | None) -> bool:
        return unit == self.unit or (unit is not None and unit in self.accepts)


class Cues(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    target: tuple[str, ...]
    projection: tuple[str, ...]
    actual_after: tuple[str, ...]
    per_capita: tuple[str, ...]
    rate_runs: tuple[str, ...]
    partial_scope: tuple[str, ...]
    collective_scope: tuple[str, ...]
    collective_joiners: tuple[str, ...]
    company_subjects: tuple[str, ...]
    report_period: tuple[str, ...]
    topic_heads: tuple[str, ...]
    gift_verbs: tuple[str, ...]
    gift_words: tuple[str, ...]
    gift_purpose: tuple[str, ...]
    gift_object_verbs: tuple[str, ...]
    gift_works: tuple[str, ...] = ()
    gift_uses: tuple[str, ...]
    gift_programmes: tuple[str, ...]
    gift_campaigns: tuple[str, ...]
    collective_units: tuple[str, ...]
    collective_heads: tuple[str, ...]
    cumulative: tuple[str, ...]
    cumulative_sentence: tuple[str, ...]
    until: tuple[str, ...]
    narrowing: tuple[str, ...]
    part_of_kpi: tuple[str, ...]
    residual_words: tuple[str, ...]
    inclusion_opens: tuple[str, ...]
    inclusion_closes: tuple[str, ...]
    residual_joiners: tuple[str, ...]
    whole_company_words: tuple[str, ...]
    recipient: tuple[str, ...]
    received: tuple[str, ...]
    estimate: tuple[str, ...]
    describes_company: tuple[str, ...]
    segment_words: tuple[str, ...]
    whole_business: tuple[str, ...]
    segment_verbs: tuple[str, ...]
    founding: tuple[str, ...]
    founded_clause_end: tuple[str, ...]
    part_word_practices: tuple[str, ...]
    count_links: tuple[str, ...]
    possession_verbs: tuple[str, ...]
    organisation_units: tuple[str, ...]
    label_unit_suffixes: dict[str, str]
    staff_groups: tuple[str, ...]
    programme_words: tuple[str, ...]
    generic_programme_modifiers: tuple[str, ...]
    training_verbs: tuple[str, ...]
    count_classifiers: tuple[str, ...]
    time_prepositions: tuple[str, ...]
    practice_unit_suffixes: tuple[str, ...]
    served_people: tuple[str, ...]
    acted_on: tuple[str, ...]
    not_subject_leads: tuple[str, ...]
    attributed_leads: tuple[str, ...]
    generic_recipients: tuple[str, ...]
    generic_company_words: tuple[str, ...]
    short_name_ends: tuple[str, ...]
    investee_intros: tuple[str, ...]
    annual: tuple[str, ...]
    plan_periods: dict[str, tuple[int, int]]
    previous_year: tuple[str, ...]
    change_up: tuple[str, ...]
    change_down: tuple[str, ...]
    change_to_level: tuple[str, ...]
    filler: tuple[str, ...]
    current_period_columns: tuple[str, ...]
    balance_columns: frozenset[str]
    previous_period_columns: tuple[str, ...]
    table_label_headers: frozenset[str]
    table_year_headers: frozenset[str]
    footnote_marks: tuple[str, ...]
    alternative_measures: tuple[str, ...]
    list_total_words: tuple[str, ...]
    table_total_rows: frozenset[str]
    table_change_headers: tuple[str, ...]
    table_comparison_words: tuple[str, ...]
    session_counts: tuple[str, ...] = ()
    topic_frame_ends: tuple[str, ...] = ()
    restated_columns: frozenset[str] = frozenset()
    unrestated_columns: frozenset[str] = frozenset()
    bare_before_units: tuple[str, ...] = ()
    data_titles: tuple[str, ...] = ()


class TitledTable(BaseModel):
    """A table known by its title whose rows name KPIs only under it (tables.yaml ``titled_tables``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    titles: tuple[str, ...]
    items: dict[str, str]
    wholes: frozenset[str] = frozenset()
    marks: tuple[str, ...] = ()  # words of the table's own later rows that name it without its title


class PollutantTables(BaseModel):
    """An annual report's 排污信息 tables (tables.yaml ``pollutant_tables``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pollutant_columns: tuple[str, ...]
    outlet_columns: frozenset[str]
    name_columns: frozenset[str]
    totals: frozenset[str]
    not_totals: tuple[str, ...]
    pollutants: dict[str, str]


class TableWords(BaseModel):
    """``data/tables.yaml``: the words of staff breakdown tables and of tables known by their title
    (see the file's comments)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plain_measures: frozenset[str]
    share_measures: frozenset[str]
    staff_rate_measures: dict[str, str]
    staff_kpi: str
    total_rows: frozenset[str]
    share_groups: dict[str, str]
    staff_items: dict[str, str]
    part_items: frozenset[str]
    title_reach: int = 14
    titled_tables: tuple[TitledTable, ...] = ()
    pollutant_tables: PollutantTables | None = None

    @model_validator(mode="after")
    def _check_ids(self) -> TableWords:
        known = {k.id for k in load_catalog().kpis}
        named = {self.staff_kpi, *self.staff_rate_measures.values(), *self.share_groups.values()}
        titled = {kpi for t in self.titled_tables for kpi in t.items.values()}
        titled |= set(self.pollutant_tables.pollutants.values()) if self.pollutant_tables else set()
        unknown = sorted((named | set(self.staff_items.values()) | titled) - known)
        if any(not t.wholes <= set(t.items) for t in self.titled_tables):
            raise ValueError("titled_tables: a whole that is no item")
        if unknown:
            raise ValueError(f"unknown KPI ids {unknown}")
        return self


class Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    plausible: dict[str, tuple[float, float]]
    bare_number_units: frozenset[str] = frozenset()
    kpis: tuple[Kpi, ...]

    def is_plausible(self, kpi: Kpi, value: float) -> bool:
        """Whether a company-level figure of ``kpi`` can be ``value`` (the magnitude, for a signed KPI)."""
        lo, hi = kpi.plausible or self.plausible[kpi.unit]
        return lo <= (abs(value) if kpi.signed else value) <= hi

    @model_validator(mode="after")
    def _check_unique(self) -> Catalog:
        ids = [k.id for k in self.kpis]
        dup_ids = sorted({i for i in ids if ids.count(i) > 1})
        if dup_ids:
            raise ValueError(f"duplicate KPI ids: {dup_ids}")
        owner: dict[str, str] = {}
        for k in self.kpis:
            for alias in (*k.aliases, *k.exact):
                if alias in owner:
                    raise ValueError(f"alias {alias!r} of {k.id} already belongs to {owner[alias]}")
                owner[alias] = k.id
        missing = sorted({k.unit for k in self.kpis} - set(self.plausible))
        if missing:
            raise ValueError(f"no plausible range for units {missing}")
        known = set(ids)
        for k in self.kpis:
            if k.ratio_of is not None and k.ratio_of not in known:
                raise ValueError(f"{k.id}: ratio_of names unknown KPI {k.ratio_of!r}")
            if k.floor is not None and (k.floor.of not in known or k.floor.of == k.id):
                raise ValueError(f"{k.id}: floor names unknown KPI {k.floor.of!r}")
            for word, child in k.children.items():
                if child not in known:
                    raise ValueError(f"{k.id}: child {word!r} names unknown KPI {child!r}")
            units = {other.id: other.unit for other in self.kpis}
            for unit, sibling in k.by_unit.items():
                if units.get(sibling) != unit:
                    raise ValueError(f"{k.id}: by_unit {unit!r} names {sibling!r}, whose unit is not {unit!r}")
        return self

    def get(self, kpi_id: str) -> Kpi:
        for k in self.kpis:
            if k.id == kpi_id:
                return k
        raise KeyError(kpi_id)

    def alias_owner(self) -> dict[str, Kpi]:
        return {a: k for k in self.kpis for a in k.aliases}

    def exact_owner(self) -> dict[str, Kpi]:
        return {a: k for k in self.kpis for a in (*k.exact, *k.aliases)}


def _read_yaml(name: str) -> Any:
    text = resources.files("csr_extract").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _validate(model: type[BaseModel], data: Any, name: str) -> Any:
    try:
        return model.model_validate(data)
    except ValueError as exc:
        raise CatalogError(f"data/{name}: {exc}") from exc


_Model = TypeVar("_Model", bound=BaseModel)


def load_data_file(model: type[_Model], name: str) -> _Model:
    """The package data file ``data/<name>`` validated as ``model``; CatalogError naming the file when
    it does not validate."""
    return cast(_Model, _validate(model, _read_yaml(name), name))


@cache
def load_catalog() -> Catalog:
    return _validate(Catalog, _read_yaml("kpis.yaml"), "kpis.yaml")  # type: ignore[no-any-return]


@cache
def load_cues() -> Cues:
    return _validate(Cues, _read_yaml("cues.yaml"), "cues.yaml")  # type: ignore[no-any-return]


@cache
def load_table_words() -> TableWords:
    return _validate(TableWords, _read_yaml("tables.yaml"), "tables.yaml")  # type: ignore[no-any-return]
