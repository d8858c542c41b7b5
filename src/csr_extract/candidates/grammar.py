"""KPI labels as a grammar: the patterns of ``data/labels.yaml``, loaded, validated and compiled.

A pattern is a sequence of slots (``before``, ``lead``, ``between``, a free ``gap``, ``head``,
``after``), each a list of words, and may name a set of ``links`` whose words join ``between``
(在研发方面的投入, 用于扶贫的资金: one set of linking words shared by every spending KPI). It becomes
one regular expression in which a space or a line break may fall between any two characters (text
conversions and OCR print 营业收 入, 节能环保\\n资金 and 安全生产 有关的投入).
The catalog's aliases are the simplest patterns: one word, nothing around it. ``labels.py`` finds
them all in a text and keeps, at each place, the longest reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..catalog import CONTRACT_UNITS, Kpi, load_catalog, load_data_file

__all__ = ["LIGHT_SUFFIX", "LabelPattern", "Pattern", "compile_words", "load_patterns"]

_GAP_CHAR = "[\u4e00-\u9fff]"
_BREAK = "[ \n]?"  # between two words of a label, as between two characters of one
# Words a whole label (a table row's, a layout line's) may carry after the KPI's name without
# becoming something else (员工总数（人）, 新入职员工人数, 年度能源消费总量).
LIGHT_SUFFIX = "人数|总数|总额|总量|数量|金额|合计|情况|数|量|额"


class LabelPattern(BaseModel):
    """One named pattern of ``data/labels.yaml`` (see the file's header for the slots)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$")
    kpi: str
    before: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    lead_optional: bool = False
    between: tuple[str, ...] = ()
    link: str | None = None
    gap: int = Field(0, ge=0, le=12)
    head: tuple[str, ...]
    after: tuple[str, ...] = ()
    after_required: bool = False
    units: tuple[str, ...] | None = None
    must: tuple[str, ...]
    must_not: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> LabelPattern:
        if not self.head:
            raise ValueError(f"{self.name}: a pattern needs a head")
        if not self.must:
            raise ValueError(f"{self.name}: a pattern needs examples it must match")
        if self.lead_optional and not self.lead:
            raise ValueError(f"{self.name}: lead_optional without a lead")
        if self.link and not self.lead:
            raise ValueError(f"{self.name}: link without a lead (it joins the lead to the head)")
        if self.after_required and not self.after:
            raise ValueError(f"{self.name}: after_required without after words")
        for slot in (self.before, self.lead, self.between, self.head, self.after):
            if any(not w or w != w.strip() for w in slot):
                raise ValueError(f"{self.name}: empty word or word with spaces in {slot}")
        unknown = sorted(set(self.units or ()) - CONTRACT_UNITS)
        if unknown:
            raise ValueError(f"{self.name}: unknown units {unknown}")
        return self

    def regex(self, link_words: tuple[str, ...] = ()) -> str:
        """The pattern as a regular expression (no anchors); ``link_words``: the words of its link set."""
        core = compile_words(self.head)
        if self.lead:
            lead = compile_words(self.lead)
            between = (*self.between, *link_words)
            if between:  # 国家各项, 方面的资金: two of them in a row
                lead += f"(?:{_BREAK}{compile_words(between)}){{0,2}}"
            if self.gap:
                lead += f"{_GAP_CHAR}{{0,{self.gap}}}?"
            lead += _BREAK
            core = (f"(?:{lead})?" if self.lead_optional else lead) + core
        before = f"(?:{compile_words(self.before)}{_BREAK})?" if self.before else ""
        after = f"(?:{_BREAK}{compile_words(self.after)})" if self.after else ""
        if after and not self.after_required:
            after += "?"
        return before + core + after


class Grammar(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    links: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    patterns: tuple[LabelPattern, ...]

    @model_validator(mode="after")
    def _check(self) -> Grammar:
        for name, words in self.links.items():
            if not words or any(not w or w != w.strip() for w in words):
                raise ValueError(f"link set {name}: empty, or a word that is empty or has spaces")
        unknown_links = sorted({p.link for p in self.patterns if p.link} - set(self.links))
        if unknown_links:
            raise ValueError(f"patterns name unknown link sets: {unknown_links}")
        names = [p.name for p in self.patterns]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"pattern names used twice: {twice}")
        known = {k.id for k in load_catalog().kpis}
        unknown = sorted({p.kpi for p in self.patterns} - known)
        if unknown:
            raise ValueError(f"patterns name unknown KPIs: {unknown}")
        return self


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled pattern: what it names and the units its number must be in (None: any the KPI takes)."""

    name: str
    kpi: Kpi
    regex: re.Pattern[str]
    whole: re.Pattern[str]  # the same, running to the end of a label (a light suffix aside)
    units: frozenset[str] | None
    first: frozenset[str]  # characters a match can start with


# A bracket of a word matches either width: conversions mix them (COD(化学需氧量） 排放量).
_BRACKETS = {"（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]"}


def compile_words(words: tuple[str, ...] | list[str]) -> str:
    """An alternation of ``words``, longest first, with an optional space or line break between any
    two characters (a label broken by the conversion); a bracket matches a full- or half-width one."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(r"[ \n]?".join(_BRACKETS.get(ch) or re.escape(ch) for ch in w) for w in ordered) + ")"


@cache
def load_patterns() -> tuple[Pattern, ...]:
    """The grammar's patterns followed by one pattern per catalog alias (``alias.<kpi>``)."""
    grammar = _load_grammar()
    catalog = load_catalog()
    out = []
    for p in grammar.patterns:
        kpi = catalog.get(p.kpi)
        rx = p.regex(grammar.links[p.link] if p.link else ())
        whole = re.compile(f"(?:{rx})(?:{LIGHT_SUFFIX})?$", re.IGNORECASE)
        out.append(Pattern(p.name, kpi, re.compile(rx, re.IGNORECASE), whole, _units(p.units), _first_chars(p)))
    return tuple(out)


@cache
def _load_grammar() -> Grammar:
    return load_data_file(Grammar, "labels.yaml")


def grammar() -> Grammar:
    """The validated grammar (for the tests that run every pattern's examples)."""
    return _load_grammar()


def _units(units: tuple[str, ...] | None) -> frozenset[str] | None:
    return frozenset(units) if units is not None else None


def _first_chars(p: LabelPattern) -> frozenset[str]:
    """Every character a match of ``p`` can start with (for the finder's quick look-ahead)."""
    words: list[str] = [*p.before]
    if p.lead:
        words += p.lead
        if p.lead_optional:
            words += p.head
    else:
        words += p.head
    return frozenset(c for w in words for c in (w[0], w[0].lower(), w[0].upper()))
