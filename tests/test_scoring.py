"""The scoring policy: the data file loads and is consistent, and ``score`` does what it says."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from csr_extract import scoring
from csr_extract.scoring import Policy, PolicyError, load_policy, policy_markdown, score, support

SRC = Path(__file__).resolve().parent.parent / "src" / "csr_extract"


def test_policy_loads() -> None:
    policy = load_policy()
    assert policy.base["table.cell"] > policy.base["prose.after"] > policy.base["prose.before"]
    assert "target" in policy.vetoes


def test_every_rule_a_finder_names_is_in_the_policy() -> None:
    """A finder and the data file out of step would raise KeyError at run time: catch it here."""
    named = set()
    for path in (SRC / "candidates").glob("*.py"):
        named |= set(re.findall(r'"((?:table|layout|prose)\.[a-z_]+|breakdown)"', path.read_text(encoding="utf-8")))
    assert named, "no rule ids found in the finders"
    assert named <= set(load_policy().base), sorted(named - set(load_policy().base))


SCORES = [
    # (rule, flags, gap chars, gap commas, confidence, trace)
    ("table.cell", set(), 0, 0, 0.95, "table.cell 0.95"),
    ("table.cell", {"label_prefix"}, 0, 0, 0.85, "table.cell 0.95; -0.1 label_prefix"),
    ("table.cell", {"label_prefix", "partial_scope"}, 0, 0, 0.34, "table.cell 0.95; -0.1 label_prefix; ×0.4 partial_scope"),
    ("prose.after", set(), 4, 0, 0.88, "prose.after 0.88"),
    ("prose.after", set(), 9, 1, 0.78, "prose.after 0.88; -0.1 gap 9 chars 1 commas"),
    ("prose.after", set(), 60, 5, 0.63, "prose.after 0.88; -0.25 gap 60 chars 5 commas"),
    ("prose.after", {"cumulative_unknown"}, 0, 0, 0.45, "prose.after 0.88; ≤0.45 cumulative_unknown"),
    ("prose.after", {"list_item"}, 0, 0, 0.44, "prose.after 0.88; ×0.5 list_item"),
    ("prose.after", {"target", "partial_scope"}, 0, 0, 0.0, "prose.after 0.88; vetoed: target"),
    ("layout.run", {"ocr"}, 0, 0, 0.558, "layout.run 0.62; ×0.9 ocr"),
]


@pytest.mark.parametrize(
    ("rule", "flags", "chars", "commas", "confidence", "trace"),
    [pytest.param(*case, id=f"{case[0]}+{','.join(sorted(case[1])) or '-'}+gap{case[2]}") for case in SCORES],
)
def test_score(rule: str, flags: set[str], chars: int, commas: int, confidence: float, trace: str) -> None:
    assert score(rule, flags, gap_chars=chars, gap_commas=commas) == (confidence, trace)


def test_unknown_rule_is_an_error_not_a_zero() -> None:
    with pytest.raises(KeyError):
        score("prose.guess")


def test_support_adds_a_bonus_per_agreeing_reading() -> None:
    assert support(0.88, 1, "prose.after 0.88") == (0.88, "prose.after 0.88")
    assert support(0.88, 3, "prose.after 0.88") == (0.98, "prose.after 0.88; +0.1 2 agreeing")
    assert support(0.95, 3, "table.cell 0.95")[0] == 1.0


BROKEN = [
    ({"adjustments": [{"flag": "x", "subtract": 0.1, "multiply": 0.5, "why": "w"}]}, "exactly one of"),
    ({"adjustments": [{"flag": "x", "cap": 0.4, "why": "w"}, {"flag": "x", "cap": 0.3, "why": "w"}]}, "adjusted twice"),
    ({"adjustments": [{"flag": "target", "cap": 0.4, "why": "w"}]}, "both adjusted and vetoed"),
    ({"base": {"prose.after": 1.5}}, "must be in"),
    ({"support_bonus": 2}, "less than or equal"),
]


@pytest.mark.parametrize(("change", "message"), [pytest.param(c, m, id=m) for c, m in BROKEN])
def test_malformed_policy_is_rejected(change: dict[str, object], message: str) -> None:
    data = load_policy().model_dump()
    data.update(change)
    with pytest.raises(ValueError, match=message):
        Policy.model_validate(data)


def test_policy_error_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def joinpath(self, *parts: str) -> Broken:
            return self

        def read_text(self, encoding: str) -> str:
            return "base: {}\n"

    monkeypatch.setattr(scoring.resources, "files", lambda _: Broken())
    load_policy.cache_clear()
    try:
        with pytest.raises(PolicyError, match=r"data/scoring\.yaml"):
            load_policy()
    finally:
        load_policy.cache_clear()


def test_readme_shows_the_policy_as_it_is() -> None:
    readme = (SRC.parent.parent / "README.md").read_text(encoding="utf-8")
    assert policy_markdown() in readme, "README's scoring tables are stale: run `make readme`"


def test_doctests() -> None:
    assert doctest.testmod(scoring).failed == 0


@pytest.mark.parametrize("ocr", [False, True], ids=["text layer", "read by OCR"])
def test_readings_of_an_ocr_page_are_flagged_and_trusted_less(ocr: bool) -> None:
    from csr_extract.candidates import find_page_candidates
    from csr_extract.document import Page
    from csr_extract.resolve import resolve_all

    page = Page(number=3, text="2016年，公司员工总数为7,711人。", ocr=ocr)
    readings = find_page_candidates(page, 2016)
    assert [(r.kpi.id, r.value, "ocr" in r.flags) for r in readings] == [("employees", 7711, ocr)]
    (row,) = resolve_all(readings, 2016).rows
    assert ("ocr" in row.trace) is ocr
    assert row.confidence == pytest.approx(0.88 * (0.9 if ocr else 1.0), abs=0.001)
