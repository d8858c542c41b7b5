"""The label grammar (data/labels.yaml): it loads, it is consistent, and every pattern reads the
examples it must read, as the KPI it names, and none of those it must not."""

from __future__ import annotations

import pytest

from csr_extract.candidates.grammar import Grammar, LabelPattern, grammar
from csr_extract.candidates.labels import find_labels, has_negative, match_whole_label, without_gloss
from csr_extract.catalog import CatalogError, load_catalog


def _examples(kind: str) -> list[object]:
    return [
        pytest.param(p.kpi, text, id=f"{p.name}: {text}")
        for p in grammar().patterns
        for text in (p.must if kind == "must" else p.must_not)
    ]


@pytest.mark.parametrize(("kpi", "text"), _examples("must"))
def test_pattern_reads_its_examples(kpi: str, text: str) -> None:
    """The whole example is one label of the KPI, in running text and as a table row's label."""
    hits = find_labels(text)
    assert any(h.kpi.id == kpi and h.start == 0 and h.end == len(text) for h in hits), hits
    found = match_whole_label(text)
    assert found is not None and found.kpi.id == kpi and found.prefix == "", found


@pytest.mark.parametrize(("kpi", "text"), _examples("must_not"))
def test_pattern_does_not_read_its_counter_examples(kpi: str, text: str) -> None:
    """The phrase as a whole is no label of the KPI: the label finder (with the KPI's negative cues)
    reads no such label across all of it, and as a table row's label it is another KPI, none, or
    the KPI's name after words that qualify it (母公司在职员工的数量: a part; 人均安全投入: per head).
    A shorter label inside it may still be found (利润总额 in 利润总额增长率): its number is another's."""
    catalog_kpi = load_catalog().get(kpi)
    whole = [h for h in find_labels(text) if h.kpi.id == kpi and h.start == 0 and h.end == len(text)]
    assert not whole or has_negative(catalog_kpi, text), whole
    found = match_whole_label(text)
    assert found is None or found.kpi.id != kpi or found.prefix, found


LONGEST_READING = [
    # the longest reading of the whole phrase wins over an alias at its start
    ("员工培训费用", "training_investment"),
    ("员工培训人次", "trainees"),
    ("新员工入职培训人次", "trainees"),
    ("发明专利授权数量", "invention_patents_granted"),
    ("危险废物处置量", "hazardous_waste"),
]


@pytest.mark.parametrize(("text", "kpi"), [pytest.param(t, k, id=t) for t, k in LONGEST_READING])
def test_longest_reading_wins(text: str, kpi: str) -> None:
    hits = find_labels(text)
    assert hits and hits[-1].kpi.id == kpi and hits[-1].end == len(text), hits


PREFIXES = [
    # (row label, KPI, flags the words before its name give) — see base.label_flags
    ("全年营业收入", "revenue", frozenset()),
    ("合并总资产", "total_assets", frozenset()),
    ("外籍员工人数", "employees", frozenset({"narrowed", "label_prefix"})),
    ("办公耗电总量", "electricity_consumption", frozenset({"narrowed", "label_prefix"})),
    ("所属电厂二氧化硫排放量", "so2_emissions", frozenset({"partial_scope", "label_prefix"})),
    ("节能改造专项减少碳排放量", "co2_reduction", frozenset({"label_prefix"})),
]


@pytest.mark.parametrize(("label", "kpi", "flags"), [pytest.param(*p, id=p[0]) for p in PREFIXES])
def test_words_before_a_row_label(label: str, kpi: str, flags: frozenset[str]) -> None:
    from csr_extract.candidates.base import label_flags

    found = match_whole_label(label)
    assert found is not None and found.kpi.id == kpi
    assert label_flags(found.prefix, found.kpi) == flags


def test_the_unit_decides_between_readings() -> None:
    """培训…人次 is trainees because of the unit; the same words with an amount of money are not."""
    from .kpi_helpers import keys_of

    assert keys_of("全年培训2.3万人次。", 2020) == {("trainees", 2020, None, 23000.0)}
    assert keys_of("全年培训2.3万元。", 2020) == set()


BROKEN = [
    ({"name": "x.y", "kpi": "revenue", "head": [], "must": ["a"]}, "needs a head"),
    ({"name": "x.y", "kpi": "revenue", "head": ["收入"], "must": []}, "examples it must match"),
    ({"name": "x.y", "kpi": "revenue", "head": ["收入"], "must": ["收入"], "units": ["yuan"]}, "unknown units"),
    ({"name": "x.y", "kpi": "revenue", "head": ["收入"], "must": ["收入"], "lead_optional": True}, "without a lead"),
    ({"name": "x.y", "kpi": "nope", "head": ["收入"], "must": ["收入"]}, "unknown KPIs"),
    ({"name": "bad name", "kpi": "revenue", "head": ["收入"], "must": ["收入"]}, "name"),
    ({"name": "x.y", "kpi": "revenue", "head": ["收入"], "must": ["收入"], "link": "spend"}, "link without a lead"),
    ({"name": "x.y", "kpi": "revenue", "lead": ["营业"], "head": ["收入"], "must": ["营业收入"], "link": "nope"},
     "unknown link sets"),
]


@pytest.mark.parametrize(("pattern", "message"), [pytest.param(p, m, id=m) for p, m in BROKEN])
def test_malformed_grammar_is_rejected(pattern: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Grammar.model_validate({"links": {"spend": ["的"]}, "patterns": [pattern]})


def test_an_empty_link_set_is_rejected() -> None:
    with pytest.raises(ValueError, match="link set spend"):
        Grammar.model_validate({"links": {"spend": []}, "patterns": []})


SPACED = [
    # a space or line break between two words of a pattern, as inside one word (OCR, line wraps)
    ("安全生产 有关的投入", "safety_investment"),
    ("缴纳各项 税费", "taxes_paid"),
    ("研发方面的\n投入", "rd_investment"),
]


@pytest.mark.parametrize(("text", "kpi"), [pytest.param(t, k, id=t) for t, k in SPACED])
def test_a_space_between_two_words_of_a_label(text: str, kpi: str) -> None:
    hits = find_labels(text)
    assert any(h.kpi.id == kpi and h.start == 0 and h.end == len(text) for h in hits), hits


def test_pattern_names_are_unique() -> None:
    p = grammar().patterns[0].model_dump()
    with pytest.raises(ValueError, match="used twice"):
        Grammar.model_validate({"patterns": [p, p]})


def test_grammar_error_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from csr_extract import catalog
    from csr_extract.candidates import grammar as module

    read = catalog._read_yaml
    monkeypatch.setattr(catalog, "_read_yaml", lambda name: {"patterns": [{"name": "x"}]} if name == "labels.yaml" else read(name))
    module._load_grammar.cache_clear()
    try:
        with pytest.raises(CatalogError, match=r"data/labels\.yaml"):
            module._load_grammar()
    finally:
        module._load_grammar.cache_clear()


def test_every_pattern_is_a_label_pattern() -> None:
    assert all(isinstance(p, LabelPattern) for p in grammar().patterns)
    assert {p.kpi for p in grammar().patterns} <= {k.id for k in load_catalog().kpis}


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        pytest.param("纳税额（万元）  Tax paid (ten thousand CNY)", "纳税额（万元）", id="name and unit in English"),
        pytest.param("员工流失率（％)  Employee turnover rate (%)", "员工流失率（％)", id="rate"),
        pytest.param("2016 年  Year 2016", "2016 年", id="year header"),
        pytest.param("用电量 kWh", "用电量 kWh", id="one ASCII word: a unit, kept"),
        pytest.param("温室气体排放 t CO2e", "温室气体排放 t CO2e", id="short unit words kept"),
        pytest.param("CO2排放量", "CO2排放量", id="formula kept"),
    ],
)
def test_a_bilingual_cells_english_is_left_out(cell: str, kept: str) -> None:
    assert without_gloss(cell) == kept


FOOTNOTED_LABELS = [
    # (row label, the KPI it names or None): a footnote mark after the name is left out
    ("纳税总额2", "taxes_paid"),
    ("捐款总额*", "donations"),
    ("员工总数¹", "employees"),
    ("营业收入注1", "revenue"),
    # a formula's digit follows a letter, not the name: SO2 stays part of the label
    ("SO2排放量", "so2_emissions"),
    # two digits are no footnote mark
    ("纳税总额12", None),
]


@pytest.mark.parametrize(("label", "kpi"), [pytest.param(*p, id=p[0]) for p in FOOTNOTED_LABELS])
def test_footnote_marks_after_a_row_label(label: str, kpi: str | None) -> None:
    found = match_whole_label(label)
    assert (found.kpi.id if found is not None else None) == kpi, found
