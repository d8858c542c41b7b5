"""Write schemas/report.schema.json from the Pydantic models (run by `make schema`).

The KPI rows' ``kpi_id``, ``kpi_name_zh``, ``unit``, ``category`` and ``method`` get the catalog's values as
enums, so a consumer can validate an output against the vocabulary it was made with.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from csr_extract.catalog import CATEGORIES, CONTRACT_UNITS, load_catalog
from csr_extract.models import Report

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "report.schema.json"


def _enums() -> dict[str, list[str]]:
    kpis = load_catalog().kpis
    return {
        "kpi_id": [k.id for k in kpis],
        "kpi_name_zh": [k.name_zh for k in kpis],
        "unit": sorted(CONTRACT_UNITS),
        "category": sorted(CATEGORIES),
    }


def render_schema() -> str:
    schema: dict[str, Any] = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/csr-extract/csr-extract/schemas/report.schema.json"
    row = schema["$defs"]["KpiValue"]["properties"]
    for name, values in _enums().items():
        row[name]["enum"] = values  # method already is one: a Literal in the model
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> int:
    SCHEMA_PATH.parent.mkdir(exist_ok=True)
    SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
