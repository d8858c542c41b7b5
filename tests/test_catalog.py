"""The rule data loads, is consistent, and matches the KPI contract."""

from __future__ import annotations

import pytest
import yaml

from csr_extract.catalog import Catalog, CatalogError, load_catalog, load_cues

from .conftest import shared_path


def test_catalog_loads_with_all_40_contract_ids() -> None:
    contract = yaml.safe_load(shared_path("kpi-contract.yaml").read_text(encoding="utf-8"))["kpis"]
    catalog = {k.id: k for k in load_catalog().kpis}
    for entry in contract:
        assert entry["id"] in catalog, entry["id"]
        kpi = catalog[entry["id"]]
        assert kpi.unit == entry["unit"], entry["id"]
        assert kpi.category == entry["category"], entry["id"]
        assert kpi.gri == entry.get("gri"), entry["id"]
        assert kpi.hkex == entry.get("hkex"), entry["id"]
        assert set(entry["zh"]) <= set(kpi.aliases), f"{entry['id']}: contract names missing from aliases"


def test_no_alias_belongs_to_two_kpis() -> None:
    seen: dict[str, str] = {}
    for kpi in load_catalog().kpis:
        for alias in (*kpi.aliases, *kpi.exact):
            assert alias not in seen, f"{alias} in {kpi.id} and {seen[alias]}"
            seen[alias] = kpi.id


def test_negative_cues_never_equal_an_alias_of_the_same_kpi() -> None:
    for kpi in load_catalog().kpis:
        for neg in kpi.negative:
            assert not any(neg == a for a in kpi.aliases), (kpi.id, neg)


def test_cues_load() -> None:
    cues = load_cues()
    assert cues.plan_periods["十三五"] == (2016, 2020)
    assert "累计" in cues.cumulative


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "CNY", "aliases": ["甲"]},
                               {"id": "y", "name_zh": "y", "category": "economic", "unit": "CNY", "aliases": ["甲"]}]},
                     "alias '甲'", id="duplicate-alias"),
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "yuan", "aliases": ["甲"]}]},
                     "unknown unit", id="unknown-unit"),
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "money", "unit": "CNY", "aliases": ["甲"]}]},
                     "unknown category", id="unknown-category"),
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "CNY", "aliases": []}]},
                     "at least one alias", id="no-alias"),
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "CNY", "aliases": ["甲"],
                                "ratio_of": "nope"}]}, "unknown KPI", id="bad-ratio-of"),
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "CNY", "aliases": ["甲"],
                                "by_unit": {"hour": "x"}}]}, "whose unit is not", id="by-unit-of-another-unit"),
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "CNY", "aliases": ["甲"],
                                "floor": {"of": "nope", "share": 0.05}}]}, "floor names unknown KPI", id="floor-of-unknown"),
        pytest.param({"kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "CNY", "aliases": ["甲"],
                                "floor": {"of": "x", "share": 1.5}}]}, "less than 1", id="floor-share-above-one"),
    ],
)
def test_malformed_catalog_is_rejected(broken: dict, message: str) -> None:  # type: ignore[type-arg]
    from csr_extract.catalog import _validate

    data = {"plausible": {"CNY": [0, 1]}, **broken}
    with pytest.raises(CatalogError, match=message):
        _validate(Catalog, data, "kpis.yaml")


def test_catalog_without_a_range_for_a_unit_is_rejected() -> None:
    from csr_extract.catalog import _validate

    data = {"plausible": {}, "kpis": [{"id": "x", "name_zh": "x", "category": "economic", "unit": "CNY", "aliases": ["甲"]}]}
    with pytest.raises(CatalogError, match="no plausible range"):
        _validate(Catalog, data, "kpis.yaml")


def test_table_words_name_catalog_kpis() -> None:
    """data/tables.yaml loads; a KPI id it names that the catalog does not know is rejected."""
    from csr_extract.catalog import TableWords, _read_yaml, _validate, load_table_words

    words = load_table_words()
    assert words.share_groups["离职员工"] == "employee_turnover_rate"
    assert words.staff_items["女性"] == "female_employees"
    data = {**_read_yaml("tables.yaml"), "staff_kpi": "nope"}
    with pytest.raises(CatalogError, match="unknown KPI ids"):
        _validate(TableWords, data, "tables.yaml")
