"""``panel``: the KPI rows of many reports as a company-year table, one column per KPI.

A report prints its own year's values and often the previous years' too (a three-year table); a
company's next report may print a restated figure for the same year. The panel takes, for each
(company, year, KPI), the value printed in that year's own report; failing that, the one in the
nearest later report; among equals, the most confident. Only annual values count: a value
accumulated over several years (period_start set) is not a year's figure.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["panel"]

KEY_COLUMNS = ("stock_code", "company", "year")


def panel(data: pd.DataFrame | str | Path) -> pd.DataFrame:
    """One row per (company, year), one float column per KPI id of the catalog, in its order (canonical
    units, see ``csr-extract kpis``; NaN where no report gave it), from a DataFrame of output rows or
    an output folder or file.

    A company is its ``stock_code`` when known, else its ``company`` name; a report without a code
    takes the code the company's other reports give (the same name, traditional or simplified), so a
    company whose code one report does not print stays one company (when its reports give several
    codes, the report stays apart, with a warning). Rows with neither are left out (with a warning).
    The ``company`` column shows the name of the company's latest report."""
    import pandas as pd

    from .catalog import load_catalog
    from .export import read_dataset

    rows = read_dataset(data) if isinstance(data, str | Path) else data
    if not isinstance(rows, pd.DataFrame):  # a list of folders, a polars frame: say what is wanted
        hint = " (polars: .to_pandas())" if type(rows).__module__.startswith("polars") else ""
        raise TypeError(
            f"panel takes a pandas DataFrame of output rows or an output folder or file, not {type(rows).__name__}"
            + hint
        )
    missing = {"kpi_id", "value", "year", "period_start", "report_year", "company", "confidence"} - set(rows.columns)
    if missing:
        raise ValueError(f"not csr-extract output rows: no column {', '.join(sorted(missing))}")
    rows = rows[rows["period_start"].isna()].copy()
    if "stock_code" not in rows.columns:
        rows["stock_code"] = pd.NA
    rows["stock_code"] = _codes_from_other_reports(rows)
    rows["entity"] = rows["stock_code"].astype("string").fillna(rows["company"].astype("string"))
    unkeyed = rows["entity"].isna()
    if unkeyed.any():
        reports = rows.loc[unkeyed, "report_id"].nunique() if "report_id" in rows.columns else "some"
        warnings.warn(
            f"panel: {reports} report(s) with neither stock_code nor company left out "
            "(give them with --metadata or extract(company=..., stock_code=...))",
            stacklevel=2,
        )
        rows = rows[~unkeyed]
    kpi_order = [k.id for k in load_catalog().kpis]
    if rows.empty:
        return pd.DataFrame(columns=[*KEY_COLUMNS, *kpi_order])
    year = rows["year"].astype("Int64")
    report_year = rows["report_year"].astype("Int64")
    # own report first, then the nearest later report, an earlier report (a forecast) last
    rows["_rank_own"] = (report_year != year).fillna(True).astype(int)
    rows["_rank_distance"] = (report_year - year).where(report_year >= year, 10_000).fillna(10_000)
    rows = rows.sort_values(
        ["entity", "year", "kpi_id", "_rank_own", "_rank_distance", "confidence"],
        ascending=[True, True, True, True, True, False],
        kind="stable",
    )
    chosen = rows.drop_duplicates(["entity", "year", "kpi_id"], keep="first")
    wide = chosen.pivot(index=["entity", "year"], columns="kpi_id", values="value")
    # every catalog KPI gets its column, all-NA when no report gave it: code written against one
    # folder's panel runs on another's
    columns = kpi_order + sorted(set(wide.columns) - set(kpi_order))
    wide = wide.reindex(columns=columns).astype("float64")
    wide.columns.name = None
    names = _latest_names(rows)
    out = wide.reset_index()
    out.insert(0, "company", out["entity"].map(names).astype("string"))
    codes = rows.dropna(subset=["stock_code"]).drop_duplicates("entity").set_index("entity")["stock_code"]
    out.insert(0, "stock_code", out["entity"].map(codes).astype("string"))
    out["year"] = out["year"].astype("Int32")
    return out.drop(columns="entity").sort_values(["stock_code", "company", "year"], kind="stable").reset_index(
        drop=True
    )


def _latest_names(rows: pd.DataFrame) -> pd.Series:
    named = rows.dropna(subset=["company"]).sort_values("report_year", kind="stable")
    return named.drop_duplicates("entity", keep="last").set_index("entity")["company"]


def _codes_from_other_reports(rows: pd.DataFrame) -> pd.Series:
    """``stock_code``, filled where a report gave none with the one code the other reports of the same
    company name give; a name given several codes is not filled (warned: it stays apart)."""
    import pandas as pd

    from .normalize import fold_chinese

    codes = rows["stock_code"].astype("string")
    names = rows["company"].astype("string").map(
        lambda n: fold_chinese("".join(n.split())) if isinstance(n, str) else pd.NA
    )
    known = (
        pd.DataFrame({"name": names, "code": codes}).dropna().drop_duplicates().groupby("name")["code"].agg(list)
    )
    unique = {name: found[0] for name, found in known.items() if len(found) == 1}
    missing = codes.isna() & names.notna()
    several = sorted({n for n in names[missing] if n in known.index and n not in unique})
    if several:
        warnings.warn(
            f"panel: {len(several)} company name(s) with reports without a stock code and several codes in the "
            f"others, kept apart: {', '.join(several[:3])}{' ...' if len(several) > 3 else ''} "
            "(give the code with --metadata or extract(stock_code=...))",
            stacklevel=3,
        )
    return codes.where(~missing, names.map(unique).astype("string"))
