"""An amount printed before what it was spent on: 全年投入1.39亿元用于环境保护, 投入3,800万元改善工作场所
安全. No KPI label stands before the number; the purpose right after it (``data/purposes.yaml``)
names the KPI, when it names the KPI's whole domain and ends the amount's clause. The context reader
then dates the value and vetoes or narrows it as for any label (累计, 计划, one plant's)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..catalog import Kpi, load_catalog, load_data_file
from .base import PageText, Reading, convert, is_value
from .grammar import compile_words

__all__ = ["Purposes", "find_purposes", "purpose_trigger", "purposes"]

RULE = "prose.purpose"


class Purpose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kpi: str
    words: tuple[str, ...] = Field(min_length=1)
    must: tuple[str, ...] = Field(min_length=1)
    must_not: tuple[str, ...] = ()


class Purposes(BaseModel):
    """``data/purposes.yaml`` (see its header)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    verbs: tuple[str, ...] = Field(min_length=1)
    fillers: tuple[str, ...]
    links: tuple[str, ...] = Field(min_length=1)
    tails: tuple[str, ...]
    time_frame_ends: tuple[str, ...]
    purposes: tuple[Purpose, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Purposes:
        words = [*self.verbs, *self.fillers, *self.links, *self.tails, *self.time_frame_ends]
        words += [w for p in self.purposes for w in p.words]
        if any(not w or w != w.strip() for w in words):
            raise ValueError("an empty word or a word with spaces")
        catalog = {k.id: k for k in load_catalog().kpis}
        for p in self.purposes:
            kpi = catalog.get(p.kpi)
            if kpi is None:
                raise ValueError(f"unknown KPI {p.kpi}")
            if kpi.unit != "CNY":
                raise ValueError(f"{p.kpi}: a purpose names a KPI of money")
        owners = [w for p in self.purposes for w in p.words]
        twice = sorted({w for w in owners if owners.count(w) > 1})
        if twice:
            raise ValueError(f"purpose words of two KPIs: {twice}")
        return self


@dataclass(frozen=True, slots=True)
class _Compiled:
    verb_before: re.Pattern[str]  # a spending verb and fillers, ending right before the amount
    purpose_after: re.Pattern[str]  # link, purpose and tail, from right after the amount to the clause end
    owner: dict[str, Kpi]
    anywhere: re.Pattern[str]  # an amount's unit, then a purpose


@cache
def purposes() -> Purposes:
    return load_data_file(Purposes, "purposes.yaml")


@cache
def _compiled() -> _Compiled:
    p = purposes()
    catalog = load_catalog()
    fill = f"(?:\\s*{compile_words(p.fillers)})*"
    verb_before = re.compile(f"{compile_words(p.verbs)}{fill}\\s*$")
    words = compile_words([w for x in p.purposes for w in x.words])
    tail = f"(?:\\s*{compile_words(p.tails)})?" if p.tails else ""
    # 用于环境保护工作， / 改善工作场所安全。/ 用于精准扶贫…… / 用于员工培训（不含…）: the purpose ends the
    # clause or a note in brackets follows it (a list, 、 和 等, does not end it)
    purpose_after = re.compile(
        f"\\s*[，,]?\\s*(?:{compile_words(p.links)}\\s*)?(?P<purpose>{words}){tail}\\s*(?=[，,。；;！!？?…（()）]|$)"
    )
    owner = {re.sub(r"\s", "", w): catalog.get(x.kpi) for x in p.purposes for w in x.words}
    anywhere = re.compile(f"[元万亿]{purpose_after.pattern}")
    return _Compiled(verb_before, purpose_after, owner, anywhere)


# 在 + up to 8 characters right before the spending verb (a total word between allowed)
_FRAME = re.compile(r"在\s*([\u4e00-\u9fff]{1,8}?)\s*(?:累计|共计|总计|合计|共|已)?\s*$")


def _in_a_place(before_verb: str) -> bool:
    """我们在某省投入…: the amount went to one place (a region of the company), unless the frame
    is a time (在2016年, 在报告期内)."""
    m = _FRAME.search(before_verb)
    return m is not None and not m.group(1).endswith(purposes().time_frame_ends)


def purpose_trigger() -> re.Pattern[str]:
    """A purpose right after an amount (for the cheap look whether a page can hold a value)."""
    return _compiled().anywhere


def find_purposes(pt: PageText) -> list[Reading]:
    """Readings of amounts of money a spending verb precedes and a KPI's purpose follows."""
    from .prose import _reading  # one reading builder for all prose rules

    c = _compiled()
    out: list[Reading] = []
    text = pt.text
    for q in pt.quantities:
        if not is_value(q) or q.unit is None:
            continue
        verb = c.verb_before.search(text, max(0, q.start - 16), q.start)
        if verb is None:
            continue
        m = c.purpose_after.match(text, q.end)
        if m is None:
            continue
        kpi = c.owner.get(re.sub(r"\s", "", m.group("purpose")))
        if kpi is None or convert(q, kpi) is None:
            continue
        r = _reading(pt, kpi, q, (verb.start(), m.end("purpose")), RULE)
        if r is None:
            continue
        if _in_a_place(text[pt.clause_start(verb.start()) : verb.start()]):
            r.flags |= {"partial_scope"}
        out.append(r)
    return out
