"""Finding KPI labels: in running text, and as the whole label of a table row or layout line.

Labels are the catalog's aliases and the patterns of ``data/labels.yaml`` (``grammar.py``). At each
place of a text every pattern and alias that matches there is tried and the longest reading wins
(员工培训费用 is training_investment, not 员工培训 followed by 费用); a reading must begin and end on
jieba's word boundaries (纳税 inside 纳税人 is no label), else the search moves on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..catalog import Kpi, load_catalog, load_cues
from ..segment import is_word_aligned
from .base import LIST_ITEM
from .grammar import LIGHT_SUFFIX, Pattern, compile_words, load_patterns

_MAX_PREFIX = 10
_PARENS = re.compile(r"[（(][^（()）]{0,16}[)）]")
_FORMULA_DIGITS = re.compile(r"(?<=[A-Za-z])[\d.]+")
_LABEL_CHARS = re.compile(r"^[^\d０-９。！？；;，,]{1,30}$")  # a label is a noun phrase, not a clause


@dataclass(frozen=True, slots=True)
class LabelHit:
    """A label found in running text; ``units`` limits the units its number may have (None: any
    the KPI takes); ``pattern`` names the rule (``alias`` or a name of ``data/labels.yaml``)."""

    kpi: Kpi
    start: int
    end: int
    alias: str
    units: frozenset[str] | None = None
    pattern: str = "alias"


@cache
def alias_pattern() -> re.Pattern[str]:
    words = sorted({a for k in load_catalog().kpis for a in k.aliases}, key=lambda s: (-len(s), s))
    # the look-ahead on the possible first characters lets the engine skip most positions at once
    first = {c for w in words for c in (w[0], w[0].lower(), w[0].upper())}
    return re.compile(f"(?=[{re.escape(''.join(sorted(first)))}])(?:{compile_words(words)})", re.IGNORECASE)


@cache
def label_trigger() -> re.Pattern[str]:
    """Where a label can start: the first character of any alias or pattern (a cheap pre-scan)."""
    first = {c for p in load_patterns() for c in p.first}
    first |= {c for k in load_catalog().kpis for a in k.aliases for c in (a[0], a[0].lower(), a[0].upper())}
    return re.compile(f"[{re.escape(''.join(sorted(first)))}]")


@cache
def _patterns_by_first() -> dict[str, tuple[Pattern, ...]]:
    index: dict[str, list[Pattern]] = {}
    for p in load_patterns():
        for c in p.first:
            index.setdefault(c, []).append(p)
    return {c: tuple(ps) for c, ps in index.items()}


@cache
def _alias_owner() -> dict[str, Kpi]:
    return {a.lower(): k for k in load_catalog().kpis for a in k.aliases}


@cache
def _whole_label_owner() -> dict[str, Kpi]:
    return {a.lower(): k for k in load_catalog().kpis for a in (*k.aliases, *k.exact)}


def find_labels(text: str) -> list[LabelHit]:
    """Every label in ``text`` that is a word of its sentence, longest reading first, no overlaps.
    Where two KPIs read the same words (their units tell them apart), both hits are returned."""
    hits: list[LabelHit] = []
    trigger = label_trigger()
    pos = 0
    while (t := trigger.search(text, pos)) is not None:
        start = t.start()
        found = _readings_at(text, start)
        if not found:
            pos = start + 1
            continue
        hits.extend(found)
        pos = found[0].end
    return hits


def _readings_at(text: str, start: int) -> list[LabelHit]:
    """The longest readings that start at ``start`` and are words there (several when they name
    different KPIs with the same words)."""
    readings: list[LabelHit] = []
    m = alias_pattern().match(text, start)
    if m is not None:
        alias = re.sub(r"[ \n]", "", m.group(0)).lower()
        kpi = _alias_owner().get(alias)
        if kpi is not None:
            readings.append(LabelHit(kpi, start, m.end(), alias))
    for p in _patterns_by_first().get(text[start], ()):
        pm = p.regex.match(text, start)
        if pm is not None and pm.end() > start:
            readings.append(LabelHit(p.kpi, start, pm.end(), re.sub(r"[ \n]", "", pm.group(0)), p.units, p.name))
    for end in sorted({r.end for r in readings}, reverse=True):
        at_end = [r for r in readings if r.end == end]
        broken = any(len(r.alias) != end - start for r in at_end)  # a label broken by a space: trust it
        if broken or is_word_aligned(text, start, end):
            return _distinct(at_end)
    return []


def _distinct(hits: list[LabelHit]) -> list[LabelHit]:
    """One hit per KPI; a grammar pattern's (with its units) before a bare alias of the same KPI."""
    by_kpi: dict[str, LabelHit] = {}
    for h in sorted(hits, key=lambda h: h.pattern == "alias"):
        by_kpi.setdefault(h.kpi.id, h)
    return list(by_kpi.values())


def has_negative(kpi: Kpi, text: str) -> bool:
    """A negative cue of ``kpi`` in ``text`` (spaces ignored: OCR prints 捐赠仪 式); a change to a new
    level (减少至, ``change_to_level`` in cues.yaml) is none: the number after it is the KPI's level."""
    flat = _level_change().sub("", re.sub(r"\s+", "", text)).lower()
    return any(n.lower() in flat for n in kpi.negative)


_UNIT_OPENER = re.compile(r"(?:计量|金额)?单位[:：]")


@cache
def _level_change() -> re.Pattern[str]:
    words = sorted(load_cues().change_to_level, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@dataclass(frozen=True, slots=True)
class WholeLabel:
    kpi: Kpi
    prefix: str  # words before the KPI's name (节能改造专项 in 节能改造专项减少碳排放量); scope cues are read here
    units: frozenset[str] | None = None
    pattern: str = "alias"


@lru_cache(maxsize=8192)
def match_whole_label(label: str) -> WholeLabel | None:
    """The KPI a table-row or layout label names.

    Chinese noun phrases end with their head, so the KPI's name must end the label (unit parentheses
    and light suffixes like 人数/总额 aside); words before it qualify it and are returned for scope
    checks.
    """
    core = _PARENS.sub("", without_gloss(label))
    core = _footnote().sub("", re.sub(r"\s+", "", core))
    core = _alternative_measure().sub("", core)  # 排放量/处理量: the first measure names the KPI
    numbering = LIST_ITEM.match(core)  # 5.公司的社会公益捐赠金额: a numbered item of a table
    core = core[numbering.end() :] if numbering else core
    core = core.strip("：:·•-—+*■●◆▲")
    if not core or not _LABEL_CHARS.match(_FORMULA_DIGITS.sub("", core)):
        return None  # (digits are allowed in a formula: CO2排放量, PM2.5)
    found = _lookup(core)
    # the word 单位 that opens a unit is no negative cue (用水量（单位：立方米）: not 单位用水量, per unit)
    if found is None or has_negative(found.kpi, _UNIT_OPENER.sub("", label)):
        return None
    return found


# A bilingual report's English name after the Chinese one in the same cell (纳税额（万元）  Tax paid (ten
# thousand CNY); 2016 年  Year 2016): a word of three letters or more and at least one more word, only
# ASCII to the end (a unit after the name, 用电量 kWh, is one word and stays).
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff）)】])\s+[A-Za-z]{3,}[\x20-\x7e]*?\s+[A-Za-z(\d][\x20-\x7e]*$")


def without_gloss(label: str) -> str:
    """``label`` without the English name a bilingual report prints after the Chinese one."""
    return _GLOSS.sub("", label)


@cache
def _alternative_measure() -> re.Pattern[str]:
    """A second measure after a slash ending a label (排放量/处理量; ``alternative_measures`` in cues.yaml)."""
    words = "|".join(sorted(map(re.escape, load_cues().alternative_measures), key=len, reverse=True))
    return re.compile(rf"(?<=量)[/／](?:{words})$")


@cache
def _footnote() -> re.Pattern[str]:
    """A footnote reference ending a label: 附注甲, 注1, *, ※, ¹ (``footnote_marks`` in cues.yaml), or one
    digit glued to the name's last character (纳税总额2: a superscript the text layer flattened; not a
    formula's digit, SO2, which follows a letter)."""
    marks = "|".join(sorted(map(re.escape, load_cues().footnote_marks), key=len, reverse=True))
    return re.compile(
        rf"(?:(?:{marks})[甲乙丙丁戊一二三四五六七八九十0-9a-zA-Z]{{1,2}}|[*＊※#]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|(?<=[\u4e00-\u9fff])[1-9])$"
    )


def _lookup(core: str) -> WholeLabel | None:
    low = core.lower()
    kpi = _whole_label_owner().get(low)
    if kpi is not None:
        return WholeLabel(kpi, "")
    for start in range(min(_MAX_PREFIX, len(core) - 1) + 1):
        found = _ending_at_end(core, start)
        if found is not None:
            return found
    return None


def _ending_at_end(core: str, start: int) -> WholeLabel | None:
    """A pattern or alias that reads ``core[start:]`` to its end (a light suffix aside)."""
    for p in _patterns_by_first().get(core[start], ()):
        if p.whole.match(core, start):
            return WholeLabel(p.kpi, core[:start], p.units, p.name)
    m = _tail_pattern().match(core.lower(), start)
    if m is not None:
        return WholeLabel(_alias_owner()[m.group(1)], core[:start])
    return None


@cache
def _tail_pattern() -> re.Pattern[str]:
    """An alias ending the label, optionally followed by a light suffix."""
    words = sorted(_alias_owner(), key=lambda s: (-len(s), s))
    return re.compile("(" + "|".join(re.escape(w) for w in words) + f")(?:{LIGHT_SUFFIX})?$")
