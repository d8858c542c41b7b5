"""csr-extract: KPIs from Chinese CSR / ESG / sustainability reports, exact and traceable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
SCHEMA_VERSION = "1"

__all__ = ["SCHEMA_VERSION", "KpiValue", "Report", "__version__", "extract", "read_dataset"]

if TYPE_CHECKING:
    from .api import extract, read_dataset
    from .models import KpiValue, Report


def __getattr__(name: str) -> Any:
    # Lazy: `csr-extract --help` and `import csr_extract.quantities` should not pay for pandas/pdfium.
    if name in ("extract", "read_dataset"):
        from . import api

        return getattr(api, name)
    if name in ("KpiValue", "Report"):
        from . import models

        return getattr(models, name)
    raise AttributeError(name)
