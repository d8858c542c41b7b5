"""The data dictionary of the KPIs (``csr-extract kpis``): id, Chinese and English name, unit,
category, GRI / HKEX codes, what counts and what does not.

Ids, Chinese names, units, categories and codes come from the catalog (``data/kpis.yaml``); the
English names and the two descriptions from ``data/kpi_docs.yaml``, which must cover the same ids.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from .catalog import CatalogError, load_catalog

__all__ = ["COLUMNS", "UNIT_NAMES", "data_dictionary", "render"]

COLUMNS = ("kpi_id", "name_zh", "name_en", "unit", "category", "gri", "hkex", "counts", "excludes")
UNIT_NAMES = {
    "CNY": "yuan",
    "person": "persons",
    "person_time": "person-times (人次)",
    "count": "count",
    "hour": "hours",
    "tce": "tonnes of standard coal equivalent",
    "t": "tonnes",
    "tCO2e": "tonnes of CO₂ equivalent",
    "kWh": "kilowatt-hours",
    "m3": "cubic metres",
    "ratio": "fraction (17.6% = 0.176)",
    "tce_per_10k_CNY": "tce per 10,000 yuan",
}


class KpiDoc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name_en: str
    counts: str
    excludes: str


class KpiDocs(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kpis: dict[str, KpiDoc]


@cache
def load_kpi_docs() -> KpiDocs:
    text = resources.files("csr_extract").joinpath("data/kpi_docs.yaml").read_text(encoding="utf-8")
    docs = KpiDocs.model_validate(yaml.safe_load(text))
    ids = {k.id for k in load_catalog().kpis}
    missing, extra = sorted(ids - set(docs.kpis)), sorted(set(docs.kpis) - ids)
    if missing or extra:
        raise CatalogError(f"data/kpi_docs.yaml: no entry for {missing}; entries for unknown ids {extra}")
    return docs


def data_dictionary() -> list[dict[str, str | None]]:
    """One dict per KPI (``COLUMNS``), in the catalog's order."""
    docs = load_kpi_docs().kpis
    return [
        {
            "kpi_id": k.id,
            "name_zh": k.name_zh,
            "name_en": docs[k.id].name_en,
            "unit": k.unit,
            "category": k.category,
            "gri": k.gri,
            "hkex": k.hkex,
            "counts": docs[k.id].counts,
            "excludes": docs[k.id].excludes,
        }
        for k in load_catalog().kpis
    ]


def render(fmt: str) -> str:
    """The dictionary as ``table`` (terminal), ``json``, ``csv`` or ``markdown`` (the README's table)."""
    rows = data_dictionary()
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "markdown":
        return _markdown(rows)
    if fmt == "table":
        return _table(rows)
    raise ValueError(f"unknown format {fmt!r}")


def _markdown(rows: list[dict[str, str | None]]) -> str:
    lines = [
        "| id | 中文名 | English | unit | category | GRI | HKEX | counts | does not count |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = [f"`{r['kpi_id']}`", *(r[c] or "" for c in COLUMNS[1:])]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _table(rows: list[dict[str, str | None]]) -> str:
    """Aligned columns (CJK characters count double), the two descriptions on lines below."""
    head = ("kpi_id", "name_zh", "name_en", "unit", "category", "gri", "hkex")
    widths = {c: max(_width(c), *(_width(r[c] or "-") for r in rows)) for c in head}
    lines = ["  ".join(_pad(c, widths[c]) for c in head)]
    for r in rows:
        lines.append("  ".join(_pad(r[c] or "-", widths[c]) for c in head).rstrip())
        lines.append(f"    counts: {r['counts']}")
        lines.append(f"    not:    {r['excludes']}")
    units = ", ".join(f"{code} = {name}" for code, name in UNIT_NAMES.items())
    lines.append(f"\nunits: {units}")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
