"""csr-extract: KPIs from Chinese CSR / ESG / sustainability reports, exact and traceable.

    import csr_extract
    report = csr_extract.extract("report.pdf")          # one report -> Report
    for r in csr_extract.extract_many(paths, jobs=4):   # many, in parallel: Report or ExtractError
        ...
    df = csr_extract.read_dataset("data/out")           # an output folder -> pandas DataFrame
    wide = csr_extract.panel(df)                        # one row per (company, year), a column per KPI

Names are loaded on first use, so ``import csr_extract`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
SCHEMA_VERSION = "1"

# name -> the submodule that defines it
_LAZY = {
    "extract": "api",
    "extract_many": "api",
    "ExtractOptions": "api",
    "read_dataset": "export",
    "panel": "panels",
    "KpiValue": "models",
    "Report": "models",
    "ExtractError": "errors",
    "InputMissingError": "errors",
    "EmptyInputError": "errors",
    "UnsupportedInputError": "errors",
    "NotAPdfError": "errors",
    "CorruptPdfError": "errors",
    "EncryptedPdfError": "errors",
    "NoTextLayerError": "errors",
    "EncodingError": "errors",
    "LimitExceededError": "errors",
    "TimeLimitError": "errors",
    "TooLargeError": "errors",
    "OutputError": "errors",
    "OutputIOError": "errors",
}

__all__ = [
    "SCHEMA_VERSION",
    "CorruptPdfError",
    "EmptyInputError",
    "EncodingError",
    "EncryptedPdfError",
    "ExtractError",
    "ExtractOptions",
    "InputMissingError",
    "KpiValue",
    "LimitExceededError",
    "NoTextLayerError",
    "NotAPdfError",
    "OutputError",
    "OutputIOError",
    "Report",
    "TimeLimitError",
    "TooLargeError",
    "UnsupportedInputError",
    "__version__",
    "extract",
    "extract_many",
    "panel",
    "read_dataset",
]

if TYPE_CHECKING:
    from .api import ExtractOptions, extract, extract_many
    from .errors import (
        CorruptPdfError,
        EmptyInputError,
        EncodingError,
        EncryptedPdfError,
        ExtractError,
        InputMissingError,
        LimitExceededError,
        NotAPdfError,
        NoTextLayerError,
        OutputError,
        OutputIOError,
        TimeLimitError,
        TooLargeError,
        UnsupportedInputError,
    )
    from .export import read_dataset
    from .models import KpiValue, Report
    from .panels import panel


def __getattr__(name: str) -> Any:
    # Lazy: `csr-extract --help` and `import csr_extract.quantities` should not pay for pandas/pdfium.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'csr_extract' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
