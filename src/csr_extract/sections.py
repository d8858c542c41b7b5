"""Sections whose figures must not be read as the company's results: outlooks (plans, targets),
indexes, and an annual report's list of subsidiaries.

A heading is a short line of its own whose words (segmented with jieba, so 计划 inside 计划生育 does
not count) include one of the words in ``data/sections.yaml``. The section runs to the next boundary
heading, to the next heading of another kind or of top rank (（八）, 八、), or ``SECTION_REACH``
characters on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from .segment import is_word_aligned

# How far a section may run: an outlook or index is a page at most; the list of a group's
# subsidiaries in an annual report runs over a few pages.
SECTION_REACH = {"outlook": 1500, "reference": 1500, "subsidiaries": 6000, "parent_company": 12000}
# Kinds whose section may run on over the next page (a statement printed over several pages).
RUNS_ON = frozenset({"subsidiaries", "parent_company"})
SKIPPED_KINDS = frozenset(SECTION_REACH)
# A heading of the same rank as the section's own ends it: （八） or 八、 at the start of a line.
_TOP_LEVEL_HEADING = re.compile(r"(?m)^[ \t]*(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
_MAX_EXTRA = 8  # a heading is its keyword and a few words more; a longer line is prose or a TOC row
_MAX_HEADING = 22
_NUMBERING = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十]{1,3}[、）).．]|[（(]?\d{1,2}(?:\.\d{1,2})*[、）).．\s]"
    r"|第[一二三四五六七八九十\d]+[章节部分篇])\s*"
)
_NOT_HEADING = re.compile(r"[。，,；;！？\t]|P\d|\s\d+$|\s\S+\s")  # prose, TOC rows, page refs
# A designed report's row of chapter tabs at the top of each page (获奖情况 意见反馈表): two or more
# chapter names apart, none a short word (附录 意见反馈表 is a heading); three are no heading already.
_TABS = re.compile(r"^[\u4e00-\u9fff]{4,}(?:\s+[\u4e00-\u9fff\d]{4,})+$")


class SectionWords(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    outlook: tuple[str, ...]
    reference: tuple[str, ...]
    subsidiaries: tuple[str, ...]
    parent_company: tuple[str, ...]
    boundary: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    kind: str  # outlook, reference or subsidiaries
    title: str
    start: int
    end: int


@cache
def load_section_words() -> SectionWords:
    text = resources.files("csr_extract").joinpath("data/sections.yaml").read_text(encoding="utf-8")
    return SectionWords.model_validate(yaml.safe_load(text))


def find_sections(text: str, carried: str | None = None) -> list[Section]:
    """The skipped sections of a page or document text; ``carried`` is the kind of a section that
    ran on from the page before (it covers this page's start, to its first heading of another kind)."""
    words = load_section_words()
    headings: list[tuple[int, int, str | None, str]] = []  # (start, end, kind, title)
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        title = _NUMBERING.sub("", line).strip()
        if not title or len(title) > _MAX_HEADING or _NOT_HEADING.search(title) or _TABS.match(title):
            statement = _statement_title(line, words)  # a statement's title run on after a signature line
            if statement is not None:
                statement_kind, name = statement
                headings.append((start + line.rindex(name), start + len(line.rstrip()), statement_kind, name))
            continue
        offset = start + line.index(title)
        found = _kind_of(title, offset, text, words)
        if found in SKIPPED_KINDS and _follows_contents_rows(text, start):
            continue  # the last rows of a table of contents (…以人为本 34 / 指标索引): no section begins
        if found in SKIPPED_KINDS and _names_a_kpi(title):
            continue  # 主要子公司在职员工 over its figure: an infographic's label, not a heading
        if found is not None:
            headings.append((start, offset + len(title), found, title))
    sections: list[Section] = []
    if carried in RUNS_ON:
        nxt = next((h[0] for h in headings if h[2] != carried), len(text))
        top = _TOP_LEVEL_HEADING.search(text)
        sections.append(Section(carried, "(continued)", 0, min(nxt, top.start() if top else len(text))))
    for i, (start, head_end, heading_kind, title) in enumerate(headings):
        if heading_kind is None or heading_kind not in SKIPPED_KINDS:
            continue
        kind: str = heading_kind
        nxt = next((h[0] for h in headings[i + 1 :] if h[2] != kind), len(text))
        top = _TOP_LEVEL_HEADING.search(text, head_end)
        end = min(nxt, top.start() if top else len(text), head_end + SECTION_REACH[kind])
        if kind == "outlook":
            end = min(end, _end_of_outlook(text, head_end))
        sections.append(Section(kind, title, start, end))
    return sections


# A row of a table of contents: a title and its page number (规范治理合规运营\t08, 员工权益……21).
_CONTENTS_ROW = re.compile(r"^\s*\S.{0,30}?(?:\t|\.{3,}|…{2,}|\s)\s*\d{1,3}\s*$")


def _follows_contents_rows(text: str, line_start: int, look: int = 3, needed: int = 2) -> bool:
    """Whether ``needed`` of the ``look`` non-empty lines before the line at ``line_start`` are rows of
    a table of contents: a heading word there (指标索引, 展望) is an entry of the contents whose page
    number the conversion lost, not the start of the section."""
    lines = [ln for ln in text[:line_start].split("\n")[::-1] if ln.strip()][:look]
    return sum(1 for ln in lines if _CONTENTS_ROW.match(ln)) >= needed


def _names_a_kpi(title: str) -> bool:
    """Whether a heading-like line ends with a KPI's name (主要子公司在职员工: the staff of the main
    subsidiaries): the label of a figure in a panel, whose section word only qualifies it."""
    from .candidates.labels import match_whole_label  # (the readers import this module)

    return match_whole_label(title) is not None


_LIST_ITEM = re.compile(r"^\s*(?:[•·●■◆▪\-—*]|[（(]?\d{1,2}[.、）)]|[（(]?[一二三四五六七八九十]{1,3}[、）)])")
_NUMBER_LINE = re.compile(r"^\s*[-−+]?[\d０-９][\d０-９,，.．]*\s*\S{0,6}\s*$")
_SENTENCE_MARKS = re.compile(r"[。，,；;：:！？!?]")


def _end_of_outlook(text: str, head_end: int) -> int:
    """Where an outlook's words end: at the first line after its first words that is a heading of
    its own (a short line without sentence marks, not a list item: 保障员工权益) or a figure standing
    alone (2386万元, a panel beside the outlook), not at the next heading of a known kind only."""
    pos = text.find("\n", head_end)
    seen_content = False
    while 0 <= pos < len(text):
        start = pos + 1
        nl = text.find("\n", start)
        line = text[start : nl if nl >= 0 else len(text)]
        body = line.strip()
        if body:
            is_heading = len(body) <= _MAX_HEADING and not _SENTENCE_MARKS.search(body) and not _LIST_ITEM.match(body)
            if seen_content and (is_heading or _NUMBER_LINE.match(body)):
                return start
            seen_content = True
        if nl < 0:
            break
        pos = nl
    return len(text)


def _kind_of(title: str, offset: int, text: str, words: SectionWords) -> str | None:
    kinds = (
        ("outlook", words.outlook),
        ("reference", words.reference),
        ("subsidiaries", words.subsidiaries),
        ("parent_company", words.parent_company),
        ("boundary", words.boundary),
    )
    for kind, vocab in kinds:
        for w in vocab:
            i = title.find(w)
            if i >= 0 and len(title) <= len(w) + _MAX_EXTRA and is_word_aligned(text, offset + i, offset + i + len(w)):
                return kind
    return None


def _statement_title(line: str, words: SectionWords) -> tuple[str, str] | None:
    """A financial statement's title at the end of a longer line (…会计机构负责人：某某母公司利润表):
    the conversion set it on the line of the signatures printed beside it."""
    body = line.rstrip()
    for kind, vocab in (("parent_company", words.parent_company), ("boundary", _STATEMENTS)):
        for w in vocab:
            if body.endswith(w):
                return kind, w
    return None


_STATEMENTS = ("合并资产负债表", "合并利润表", "合并现金流量表", "合并所有者权益变动表", "合并股东权益变动表")


def running_on(text: str, sections: list[Section]) -> str | None:
    """The kind of a section that runs to the end of ``text`` and on over the next page, if any."""
    last = max(sections, key=lambda s: s.end, default=None)
    if last is not None and last.kind in RUNS_ON and last.end >= len(text.rstrip()):
        return last.kind
    return None


def in_sections(pos: int, sections: list[Section]) -> Section | None:
    return next((s for s in sections if s.start <= pos < s.end), None)
