"""panel(): one row per (company, year), one column per KPI, the year's own report preferred."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from csr_extract import panel
from csr_extract.export import PARQUET_SCHEMA


def rows(*items: tuple[str, str | None, str | None, int, str, int, float, float]) -> pd.DataFrame:
    """(report_id, stock_code, company, report_year, kpi_id, year, value, confidence) -> output rows."""
    data = []
    for report_id, code, company, report_year, kpi, year, value, confidence in items:
        row = dict.fromkeys(PARQUET_SCHEMA.names)
        row.update(report_id=report_id, stock_code=code, company=company, report_year=report_year, kpi_id=kpi,
                   year=year, value=value, confidence=confidence, period_start=None)
        data.append(row)
    return pd.DataFrame(data)


def test_own_report_wins_over_a_later_reports_prior_year_column() -> None:
    frame = rows(
        ("a20", "605999.SH", "甲股份有限公司", 2020, "revenue", 2020, 100.0, 0.9),
        ("a20", "605999.SH", "甲股份有限公司", 2020, "revenue", 2019, 90.0, 0.95),  # prior-year column
        ("a21", "605999.SH", "甲股份有限公司", 2021, "revenue", 2020, 101.0, 0.95),  # restated next year
        ("a21", "605999.SH", "甲新股份有限公司", 2021, "revenue", 2021, 120.0, 0.9),
        ("a21", "605999.SH", "甲新股份有限公司", 2021, "employees", 2021, 5000.0, 0.9),
        ("b20", None, "乙有限公司", 2020, "revenue", 2020, 7.0, 0.9),
    )
    wide = panel(frame)
    assert list(wide.columns[:3]) == ["stock_code", "company", "year"]
    got = {(r.stock_code if pd.notna(r.stock_code) else None, r.year): (r.revenue, r.employees)
           for r in wide.itertuples()}
    assert got[("605999.SH", 2019)][0] == 90.0  # only the 2020 report gives 2019
    assert got[("605999.SH", 2020)][0] == 100.0  # its own report, not the 2021 restatement
    assert got[("605999.SH", 2021)] == (120.0, 5000.0)
    assert got[(None, 2020)][0] == 7.0  # no code: keyed by the company name
    assert set(wide.loc[wide["stock_code"] == "605999.SH", "company"]) == {"甲新股份有限公司"}  # the latest name
    assert len(wide) == 4


def test_accumulated_values_and_unkeyed_reports_are_left_out() -> None:
    frame = rows(
        ("a20", "605999.SH", None, 2020, "donations", 2020, 5.0, 0.9),
        ("c20", None, None, 2020, "revenue", 2020, 1.0, 0.9),
    )
    frame.loc[0, "period_start"] = 2016  # 2016-2020 in total: not a year's figure
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wide = panel(frame)
    assert wide.empty and "neither stock_code nor company" in str(caught[0].message)


def test_panel_of_an_output_folder(tmp_path: Path) -> None:
    from csr_extract.cli import main

    (tmp_path / "r.txt").write_text(
        "2020年社会责任报告\n示例科技股份有限公司（以下简称“公司”）\n2020年，公司实现营业收入 1,958 亿元。\n",
        encoding="utf-8",
    )
    assert main([str(tmp_path / "r.txt"), "--out", str(tmp_path / "out"), "-q"]) == 0
    wide = panel(tmp_path / "out")
    assert wide[["company", "year", "revenue"]].values.tolist() == [["示例科技股份有限公司", 2020, 1958e8]]


def test_panel_refuses_other_tables() -> None:
    with pytest.raises(ValueError, match="not csr-extract output rows"):
        panel(pd.DataFrame({"a": [1]}))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda: ["out"], "not list", id="a-list-of-folders"),
        pytest.param(lambda: __import__("polars").DataFrame({"kpi_id": ["revenue"]}), "(polars: .to_pandas())", id="polars"),
    ],
)
def test_panel_of_something_else_is_a_type_error_saying_what_it_takes(make: object, message: str) -> None:
    """A list of folders used to end in "'list' object has no attribute 'columns'"."""
    data = make()  # type: ignore[operator]
    with pytest.raises(TypeError, match="panel takes a pandas DataFrame of output rows or an output folder or file") as info:
        panel(data)
    assert message in str(info.value)


def test_panel_has_a_column_for_every_catalog_kpi_even_when_absent() -> None:
    from csr_extract.catalog import load_catalog

    wide = panel(rows(("a20", "605999.SH", "甲股份有限公司", 2020, "revenue", 2020, 100.0, 0.9)))
    ids = [k.id for k in load_catalog().kpis]
    assert list(wide.columns) == ["stock_code", "company", "year", *ids]
    assert wide["revenue"].tolist() == [100.0]
    assert wide["ghg_emissions"].isna().all() and wide["ghg_emissions"].dtype == "float64"


README_PANEL = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_panel_example_runs_verbatim_on_the_sample_output(tmp_path: Path) -> None:
    """The README's example, as printed, on an extraction of the sample report (no ghg_emissions in it)."""
    from csr_extract.cli import main

    text = README_PANEL.read_text(encoding="utf-8")
    block = text.split("### A company-year panel", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    sample = Path(__file__).resolve().parents[1] / "data" / "raw" / "cgtc_2020_csr.txt"  # the seed, as make extract
    assert main([str(sample), "--out", str(tmp_path / "out"), "-q"]) == 0
    code = block.replace('"data/out"', repr(str(tmp_path / "out")))
    *setup, last = [line for line in code.strip().splitlines() if line.strip()]
    scope: dict[str, object] = {"csr_extract": __import__("csr_extract")}
    exec("\n".join(setup), scope)
    result = eval(last, scope)
    assert list(result.columns) == ["stock_code", "company", "year", "revenue", "employees", "ghg_emissions"]
    assert len(result) >= 1 and result["revenue"].notna().any() and result["ghg_emissions"].isna().all()


def test_a_report_without_a_code_takes_the_code_of_the_companys_other_reports() -> None:
    frame = rows(
        ("a20", "605999.SH", "甲股份有限公司", 2020, "revenue", 2020, 100.0, 0.9),
        ("a21", None, "甲股份有限公司", 2021, "revenue", 2021, 120.0, 0.9),  # its code not detected
        ("a19", None, "樣例股份有限公司", 2019, "revenue", 2019, 8.0, 0.9),  # traditional characters
        ("a18", "605998.SH", "样例股份有限公司", 2018, "revenue", 2018, 7.0, 0.9),
    )
    wide = panel(frame)
    got = {(r.stock_code, r.company, r.year): r.revenue for r in wide.itertuples()}
    assert got == {
        ("605998.SH", "樣例股份有限公司", 2018): 7.0,  # the latest report's name
        ("605998.SH", "樣例股份有限公司", 2019): 8.0,
        ("605999.SH", "甲股份有限公司", 2020): 100.0,
        ("605999.SH", "甲股份有限公司", 2021): 120.0,
    }


def test_a_name_with_several_codes_stays_apart_with_a_warning() -> None:
    frame = rows(
        ("a20", "605999.SH", "甲股份有限公司", 2020, "revenue", 2020, 100.0, 0.9),
        ("b20", "605997.SH", "甲股份有限公司", 2020, "revenue", 2020, 50.0, 0.9),  # two companies, one name
        ("a21", None, "甲股份有限公司", 2021, "revenue", 2021, 120.0, 0.9),
    )
    with pytest.warns(UserWarning, match="several codes in the others, kept apart: 甲股份有限公司"):
        wide = panel(frame)
    got = {(r.stock_code if pd.notna(r.stock_code) else None, r.year): r.revenue for r in wide.itertuples()}
    assert got == {("605997.SH", 2020): 50.0, ("605999.SH", 2020): 100.0, (None, 2021): 120.0}
