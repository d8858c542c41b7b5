"""The typed library API: extract's checked options, file objects, extract_many, the exported errors."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import csr_extract
from csr_extract import ExtractError, InputMissingError, NotAPdfError, Report, extract, extract_many

GOOD = "2020年社会责任报告\n示例科技股份有限公司（以下简称“公司”，股票代码：605999）\n2020年，公司实现营业收入 1,958 亿元。\n"


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": "2020"}, "year must be an int"),
        ({"year": 1880}, "year must be an int between 1990 and 2100"),
        ({"year": True}, "year must be an int"),
        ({"min_confidence": 5}, "min_confidence must be between 0 and 1"),
        ({"min_confidence": "high"}, "min_confidence must be a number"),
        ({"company": ""}, "company must be a non-empty str"),
        ({"stock_code": "600519"}, "stock_code must look like 600519.SH"),
        ({"max_pages": 0}, "max_pages must be a positive number"),
        ({"time_limit": -1.0}, "time_limit must be a positive number"),
        ({"ocr_time_limit": 0}, "ocr_time_limit must be a positive number"),
        ({"ocr_time_limit": "10"}, "ocr_time_limit must be a positive number"),
        ({"ocr_time_limit": float("nan")}, "ocr_time_limit must be a finite number .None: no limit., not nan"),
        ({"time_limit": float("nan")}, "time_limit must be a finite number"),
        ({"time_limit": 60, "ocr_time_limit": 1e300}, "ocr_time_limit .1e.300 s. must not exceed time_limit .60 s."),
        ({"time_limit": float("inf")}, "time_limit must be a finite number"),
        ({"pages": "1-x"}, "pages: not a page or a range of pages: '1-x'"),
        ({"pages": "5-2"}, "pages: not a range of pages: '5-2'"),
        ({"pages": [0, 1]}, "pages are counted from 1"),
        ({"pages": []}, "pages must be a string"),
        ({"ocr": "always"}, "ocr must be one of auto, off, force"),
        ({"password": 1234}, "password must be a non-empty str"),
    ],
    ids=lambda v: str(v),
)
def test_bad_options_raise_a_clear_value_error(good: Path, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        extract(good, **options)


@pytest.mark.parametrize(
    ("time_limit", "ocr_time_limit", "seconds"),
    [(None, None, None), (600.0, None, 450.0), (600.0, 100.0, 100.0), (None, 30.0, 30.0)],
    ids=["no-limits", "time-600-gives-ocr-450", "ocr-100-given", "ocr-30-alone"],
)
def test_ocr_stops_at_three_quarters_of_the_time_limit_unless_told(
    time_limit: float | None, ocr_time_limit: float | None, seconds: float | None
) -> None:
    from csr_extract.api import ExtractOptions

    assert ExtractOptions(time_limit=time_limit, ocr_time_limit=ocr_time_limit).ocr_seconds() == seconds


def test_extract_returns_the_report_with_its_keys(good: Path) -> None:
    report = extract(good, min_confidence=0.0)
    assert isinstance(report, Report)
    assert (report.company, report.stock_code, report.report_year) == ("示例科技股份有限公司", "605999.SH", 2020)
    assert [(k.kpi_id, k.value) for k in report.kpis] == [("revenue", 1958e8)]
    overridden = extract(str(good), year=2021, company="某公司", stock_code="0700.HK")
    assert (overridden.company, overridden.stock_code, overridden.report_year) == ("某公司", "0700.HK", 2021)


def test_extract_reads_a_binary_file_object(good: Path) -> None:
    with good.open("rb") as fh:
        report = extract(fh)
    assert report.source_file == "good.txt" and report.kpis
    nameless = extract(io.BytesIO(GOOD.encode("utf-8")))
    assert nameless.source_file == "report.txt" and nameless.kpis[0].value == 1958e8
    with pytest.raises(ValueError, match="binary mode"), good.open("r", encoding="utf-8") as text:
        extract(text)  # type: ignore[arg-type]


def test_bad_input_raises_the_exported_error_kinds(tmp_path: Path) -> None:
    with pytest.raises(InputMissingError) as missing:
        extract(tmp_path / "gone.pdf")
    assert missing.value.kind == "missing" and isinstance(missing.value, ExtractError)
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(NotAPdfError):
        extract(fake)


def test_extract_many_with_a_huge_time_limit_is_no_limit(good: Path) -> None:
    """1e300 s overflowed the engine's wait on its workers (OverflowError out of extract_many)."""
    (report,) = extract_many([good], jobs=1, time_limit=1e300, ocr_time_limit=1e300)
    assert isinstance(report, Report) and report.kpis


def test_extract_many_yields_reports_and_errors_in_input_order(tmp_path: Path, good: Path) -> None:
    paths = []
    for i in range(4):
        p = tmp_path / f"r{i}.txt"
        p.write_text(GOOD.replace("1,958", f"{1000 + i:,}"), encoding="utf-8")
        paths.append(p)
    paths.insert(2, tmp_path / "gone.txt")
    results = list(extract_many(paths, jobs=2, min_confidence=0.0))
    assert [type(r).__name__ for r in results] == ["Report", "Report", "InputMissingError", "Report", "Report"]
    assert [r.kpis[0].value for r in results if isinstance(r, Report)] == [1000e8, 1001e8, 1002e8, 1003e8]
    error = results[2]
    assert isinstance(error, ExtractError) and error.kind == "missing" and error.path.endswith("gone.txt")
    with pytest.raises(ValueError, match="jobs must be a positive int"):
        list(extract_many(paths, jobs=0))


@pytest.mark.parametrize("one", ["r.txt", b"r.txt", Path("r.txt")], ids=["str", "bytes", "Path"])
def test_extract_many_of_one_path_is_a_value_error(one: object) -> None:
    """A str is iterable: extract_many("r.txt") read '/', 't', 'm', ... one input per character."""
    with pytest.raises(ValueError, match=r"inputs must be a list of paths, not one path .*extract_many\(\[path\]\)"):
        list(extract_many(one, jobs=1))  # type: ignore[arg-type]


def test_the_lazy_module_lists_and_exports_its_names() -> None:
    names = dir(csr_extract)
    for name in ("extract", "extract_many", "read_dataset", "panel", "Report", "KpiValue", "ExtractError",
                 "NotAPdfError", "NoTextLayerError", "EncryptedPdfError", "__version__"):
        assert name in names and hasattr(csr_extract, name), name
    assert set(csr_extract.__all__) <= set(names)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        csr_extract.nothing  # noqa: B018


# -- extract_many from a script: the __main__ guard ------------------------------------------------------

MANY_SCRIPT = """\
import csr_extract
paths = [{seed!r}, {missing!r}]
def main():
    for r in csr_extract.extract_many(paths, jobs=2):
        print("result", type(r).__name__, getattr(r, "kind", ""))
{call}
"""


@pytest.mark.parametrize(
    ("call", "code", "stdout_lines", "hint"),
    [
        pytest.param('if __name__ == "__main__":\n    main()', 0, ["result Report ", "result InputMissingError missing"], 0,
                     id="with-guard:Report,missing"),
        pytest.param("main()", 1, [], 1, id="no-guard:one-WorkerStartError,no-crashed-inputs"),
    ],
)
def test_extract_many_in_a_script_with_and_without_a_main_guard(
    tmp_path: Path, call: str, code: int, stdout_lines: list[str], hint: int
) -> None:
    seed = tmp_path / "seed_2020.txt"
    seed.write_text("2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元。\n", encoding="utf-8")
    script = tmp_path / "many.py"
    script.write_text(MANY_SCRIPT.format(seed=str(seed), missing=str(tmp_path / "nonexist.pdf"), call=call),
                      encoding="utf-8")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r.returncode == code, r.stderr
    assert [line for line in r.stdout.splitlines() if line.startswith("result")] == stdout_lines
    assert r.stderr.count('under `if __name__ == "__main__":`') == hint
    assert "bootstrapping" not in r.stderr and "PDF library" not in r.stderr and "crashed" not in r.stdout
