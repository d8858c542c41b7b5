"""Finding KPI labels: aliases in running text, and whole labels of table rows and layout lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..catalog import Kpi, load_catalog
from ..segment import is_word_aligned

# Words a label line may carry around its alias without becoming something else
# (员工总数（人）, 新入职员工人数, 年度能源消费总量, 减排氮氧化物（同比）).
_LABEL_SUFFIX = re.compile(r"^(?:人数|总数|总额|总量|数量|金额|合计|情况|数|量|额)?$")
_MAX_PREFIX = 10
_PARENS = re.compile(r"[（(][^（()）]{0,16}[)）]")
_LABEL_CHARS = re.compile(r"^[^\d０-９。！？；;，,]{1,30}$")  # a label is a noun phrase, not a clause


@dataclass(frozen=True, slots=True)
class LabelHit:
    kpi: Kpi
    start: int
    end: int
    alias: str


@cache
def alias_pattern() -> re.Pattern[str]:
    words = sorted({a for k in load_catalog().kpis for a in k.aliases}, key=lambda s: (-len(s), s))
    # a line break or a space may fall inside a label in text dumps (节能环保\n资金, COD 排放量)
    parts = [r"[ \n]?".join(re.escape(ch) for ch in w) for w in words]
    # the look-ahead on the possible first characters lets the engine skip most positions at once
    first = {c for w in words for c in (w[0], w[0].lower(), w[0].upper())}
    return re.compile(f"(?=[{re.escape(''.join(sorted(first)))}])(?:{'|'.join(parts)})", re.IGNORECASE)


@cache
def _alias_owner() -> dict[str, Kpi]:
    return {a.lower(): k for k in load_catalog().kpis for a in k.aliases}


@cache
def _whole_label_owner() -> dict[str, Kpi]:
    return {a.lower(): k for k in load_catalog().kpis for a in (*k.aliases, *k.exact)}


def find_labels(text: str) -> list[LabelHit]:
    """Every alias occurrence that is a word of its sentence (longest alias first, no overlaps).

    When the longest alias at a place is not a word there (对外捐赠 in 合计对外捐赠支出, where jieba reads
    对外 / 捐赠支出), the search resumes one character on, so the alias that is a word is found.
    """
    owner = _alias_owner()
    pattern = alias_pattern()
    hits = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        alias = re.sub(r"[ \n]", "", m.group(0)).lower()
        kpi = owner.get(alias)
        # a label broken by a space or line break is too damaged for jieba to judge; trust the match
        broken = len(m.group(0)) != len(alias)
        if kpi is None or not (broken or is_word_aligned(text, m.start(), m.end())):
            pos = m.start() + 1
            continue
        hits.append(LabelHit(kpi, m.start(), m.end(), alias))
        pos = m.end()
    return hits


def has_negative(kpi: Kpi, text: str) -> bool:
    """A negative cue of ``kpi`` in ``text`` (spaces ignored: OCR prints 捐赠仪 式)."""
    flat = re.sub(r"\s+", "", text).lower()
    return any(n.lower() in flat for n in kpi.negative)


@dataclass(frozen=True, slots=True)
class WholeLabel:
    kpi: Kpi
    prefix: str  # words before the alias (节能改造专项 in 节能改造专项减少碳排放量); scope cues are read here


@lru_cache(maxsize=8192)
def match_whole_label(label: str) -> WholeLabel | None:
    """The KPI a table-row or layout label names.

    Chinese noun phrases end with their head, so the alias must end the label (unit parentheses and
    light suffixes like 人数/总额 aside); words before it qualify it and are returned for scope checks.
    """
    core = _PARENS.sub("", label)
    core = re.sub(r"\s+", "", core).strip("：:·•-—")
    if not core or not _LABEL_CHARS.match(core):
        return None
    found = _lookup(core)
    if found is None or has_negative(found.kpi, label):
        return None
    return found


def _lookup(core: str) -> WholeLabel | None:
    low = core.lower()
    kpi = _whole_label_owner().get(low)
    if kpi is not None:
        return WholeLabel(kpi, "")
    m = _tail_pattern().search(low)
    if m is None or m.start() > _MAX_PREFIX:
        return None
    return WholeLabel(_alias_owner()[m.group(1)], core[: m.start()])


@cache
def _tail_pattern() -> re.Pattern[str]:
    """An alias ending the label, optionally followed by a light suffix; the leftmost (longest) wins."""
    words = sorted(_alias_owner(), key=lambda s: (-len(s), s))
    return re.compile("(" + "|".join(re.escape(w) for w in words) + ")" + _LABEL_SUFFIX.pattern.lstrip("^"))
