"""The data dictionary (csr-extract kpis): every catalog KPI documented, every format, the README."""

from __future__ import annotations

import csv
import importlib.util
import io
import json

import pytest

from csr_extract.catalog import load_catalog
from csr_extract.cli import main
from csr_extract.dictionary import COLUMNS, data_dictionary, load_kpi_docs

from .conftest import ROOT


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_every_catalog_kpi_has_its_english_name_and_scope() -> None:
    ids = [k.id for k in load_catalog().kpis]
    assert list(load_kpi_docs().kpis) == ids  # same ids, same order
    for doc in load_kpi_docs().kpis.values():
        assert doc.name_en and doc.counts.endswith(".") and doc.excludes.endswith(".")


def test_the_dictionary_takes_units_and_codes_from_the_catalog() -> None:
    rows = {r["kpi_id"]: r for r in data_dictionary()}
    assert rows["revenue"] == {
        "kpi_id": "revenue",
        "name_zh": "营业收入",
        "name_en": "Operating revenue",
        "unit": "CNY",
        "category": "economic",
        "gri": "201-1",
        "hkex": None,
        "counts": rows["revenue"]["counts"],
        "excludes": rows["revenue"]["excludes"],
    }
    assert (rows["energy_consumption"]["unit"], rows["energy_consumption"]["hkex"]) == ("tce", "A2.1")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_csr_extract_kpis_in_every_format(fmt: str) -> None:
    code, out, _ = run(["kpis", "--format", fmt])
    assert code == 0
    n = len(load_catalog().kpis)
    if fmt == "json":
        data = json.loads(out)
        assert len(data) == n and list(data[0]) == list(COLUMNS)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == n and rows[0]["kpi_id"] == "revenue" and rows[0]["name_zh"] == "营业收入"
    elif fmt == "markdown":
        assert out.count("\n| `") == n
    else:
        assert out.splitlines()[0].split() == ["kpi_id", "name_zh", "name_en", "unit", "category", "gri", "hkex"]
        assert "营业收入" in out and "counts:" in out and "tce = tonnes of standard coal equivalent" in out


def test_kpis_default_is_the_table_and_bad_format_is_a_usage_error() -> None:
    assert run(["kpis"])[1] == run(["kpis", "--format", "table"])[1]
    assert run(["kpis", "--format", "xml"])[0] == 2


def test_readme_table_is_current() -> None:
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == module.render_readme(readme), "run `make docs` and commit README.md"
