"""The output contract: Parquet schema and metadata, JSON round trip, determinism, the JSON Schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from csr_extract import SCHEMA_VERSION, __version__, extract, read_dataset
from csr_extract.cli import main
from csr_extract.export import PARQUET_SCHEMA, read_report_json
from csr_extract.models import Report

from .conftest import ROOT, SAMPLE

EXPECTED_TYPES = {
    "report_id": (pa.string(), False),
    "company": (pa.string(), True),
    "stock_code": (pa.string(), True),
    "report_year": (pa.int32(), True),
    "kpi_id": (pa.string(), False),
    "kpi_name_zh": (pa.string(), False),
    "category": (pa.string(), False),
    "value": (pa.float64(), False),
    "unit": (pa.string(), False),
    "year": (pa.int32(), False),
    "period_start": (pa.int32(), True),
    "qualifier": (pa.string(), True),
    "change_yoy": (pa.float64(), True),
    "raw": (pa.string(), False),
    "page": (pa.int32(), True),
    "evidence": (pa.string(), False),
    "method": (pa.string(), False),
    "confidence": (pa.float64(), False),
    "gri": (pa.string(), True),
    "hkex": (pa.string(), True),
}


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main([str(SAMPLE), "--out", str(out), "-q"], stdout=io.StringIO()) == 0
    return out


def test_parquet_columns_types_and_nullability(sample_out: Path) -> None:
    schema = pq.read_schema(sample_out / f"{SAMPLE.stem}.parquet")
    for name, (typ, nullable) in EXPECTED_TYPES.items():
        field = schema.field(name)
        assert field.type == typ, name
        assert field.nullable == nullable, name
    bbox = schema.field("bbox")
    assert bbox.nullable and pa.types.is_struct(bbox.type)
    assert [f.name for f in bbox.type] == ["x0", "top", "x1", "bottom"]


def test_parquet_metadata_names_schema_and_extractor_version(sample_out: Path) -> None:
    meta = pq.read_schema(sample_out / f"{SAMPLE.stem}.parquet").metadata
    assert meta[b"csr_extract.schema_version"] == SCHEMA_VERSION.encode()
    assert meta[b"csr_extract.extractor_version"] == __version__.encode()


def test_rows_are_sorted_valid_and_carry_their_evidence(sample_out: Path) -> None:
    rows = pq.read_table(sample_out / f"{SAMPLE.stem}.parquet").to_pylist()
    assert rows
    keys = [(r["kpi_id"], r["year"], r["page"] or 0) for r in rows]
    assert keys == sorted(keys)
    for r in rows:
        assert r["raw"] in r["evidence"]
        assert 0 <= r["confidence"] <= 1
        assert r["method"] in ("prose", "layout", "table")
        assert r["page"] is None  # a text input has no pages


def test_json_round_trips_into_the_models(sample_out: Path) -> None:
    path = sample_out / "_json" / f"{SAMPLE.stem}.json"
    text = path.read_text(encoding="utf-8")
    assert "营业收入" in text and "\\u" not in text
    report = read_report_json(path)
    assert isinstance(report, Report) and report.kpis
    assert report.model_dump_json(indent=2) + "\n" == text


def test_same_input_gives_identical_bytes_and_equal_tables(tmp_path: Path, sample_out: Path) -> None:
    again = tmp_path / "again"
    assert main([str(SAMPLE), "--out", str(again), "-q"], stdout=io.StringIO()) == 0
    name = SAMPLE.stem
    assert (again / "_json" / f"{name}.json").read_bytes() == (sample_out / "_json" / f"{name}.json").read_bytes()
    assert pq.read_table(again / f"{name}.parquet").equals(pq.read_table(sample_out / f"{name}.parquet"))


def test_to_frame_and_read_dataset(sample_out: Path) -> None:
    report = extract(SAMPLE)
    frame = report.to_frame()
    assert len(frame) == len(report.kpis)
    assert str(frame["year"].dtype) == "Int32" and str(frame["value"].dtype) == "float64"
    data = read_dataset(sample_out)
    assert len(data) == len(report.kpis)
    assert list(data.columns) == PARQUET_SCHEMA.names


def test_read_dataset_of_an_empty_folder_has_the_schema(tmp_path: Path) -> None:
    data = read_dataset(tmp_path)
    assert data.empty and list(data.columns) == PARQUET_SCHEMA.names


def test_committed_json_schema_is_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_schema", ROOT / "scripts" / "make_schema.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    assert committed == module.render_schema(), "run `make schema` and commit schemas/report.schema.json"


def test_json_output_validates_against_the_committed_schema(sample_out: Path) -> None:
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    data = json.loads((sample_out / "_json" / f"{SAMPLE.stem}.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) <= set(data)
    row_schema = schema["$defs"]["KpiValue"]
    for row in data["kpis"]:
        assert set(row_schema["required"]) <= set(row)
        assert set(row) <= set(row_schema["properties"])
        for column in ("kpi_id", "kpi_name_zh", "unit", "category", "method"):
            assert row[column] in row_schema["properties"][column]["enum"], column


def test_json_schema_enums_come_from_the_catalog() -> None:
    from csr_extract.catalog import load_catalog

    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    props = schema["$defs"]["KpiValue"]["properties"]
    catalog = load_catalog().kpis
    assert props["kpi_id"]["enum"] == [k.id for k in catalog]
    assert set(props["unit"]["enum"]) == {k.unit for k in catalog} | set(props["unit"]["enum"])
    assert set(props["category"]["enum"]) == {"economic", "social", "environmental"}
    assert props["method"]["enum"] == ["prose", "layout", "table"]


# -- xlsx: text stays text ---------------------------------------------------------------------------

XLSX_CASES = [
    pytest.param(
        "2020年社会责任报告\n=2020年，公司实现营业收入 1,958 亿元。\n",
        "=2020年，公司实现营业收入 1,958 亿元",
        id="evidence-starting-with-=:a-string-not-a-formula",
    ),
    pytest.param(
        "2020年社会责任报告\n" + "本公司坚持以人为本，关爱员工成长。\n" * 50 + "2020年，公司员工人数\x1b 3,000 人\x07。\n",
        "2020年，公司员工人数\ufffd 3,000 人\ufffd",
        id="control-characters:shown-as-U+FFFD-not-IllegalCharacterError",
    ),
]


@pytest.mark.parametrize(("text", "evidence"), XLSX_CASES)
def test_xlsx_keeps_text_as_text(tmp_path: Path, text: str, evidence: str) -> None:
    """openpyxl stores a str starting with = as a formula and refuses control characters: the
    second failed the whole run ("the local engine failed: IllegalCharacterError")."""
    from openpyxl import load_workbook

    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    code = main([str(src), "--out", str(tmp_path / "out"), "--format", "xlsx", "--no-manifest", "-q"])
    assert code == 0
    wb = load_workbook(tmp_path / "out" / "r.xlsx")
    cells = [c for row in wb["kpis"].iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert {c.data_type for c in cells} == {"s"}
    assert read_dataset(tmp_path / "out" / "r.xlsx")["evidence"].tolist() == [evidence]


def test_a_writer_failing_on_one_report_fails_that_report_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csr_extract import export

    for name in ("a", "b", "c"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"{name}.txt").write_text("2020年社会责任报告\n2020年，公司实现营业收入 12 亿元。\n", "utf-8")
    real = export._xlsx_bytes

    def broken(report: Report, table: pa.Table) -> bytes:
        if report.source_file == "b.txt":
            raise RuntimeError("a bug of the writer")
        return real(report, table)

    monkeypatch.setattr(export, "_xlsx_bytes", broken)
    out, err = io.StringIO(), io.StringIO()
    code = main([str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--format", "xlsx", "--jobs", "1"], out, err)
    assert code == 1
    assert f"{tmp_path / 'in' / 'b.txt'}: cannot write output: RuntimeError: a bug of the writer" in err.getvalue()
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_file()) == ["a.xlsx", "c.xlsx"]
