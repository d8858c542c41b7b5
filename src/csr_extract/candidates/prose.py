"""Values in running text: a label, then (within its clause) the number that belongs to it.

``2020年集团实现营业收入1,958亿元，利润总额78亿元`` gives two values; ``研发投入13.57亿元，同比增长
32.26%`` gives a value with its change; ``新授权专利358项（其中发明专利102项）`` (or elliptical
``其中发明102项``) gives a value and, through the catalog's ``children``, the value of a second KPI.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import cache

from ..catalog import Kpi, load_catalog
from ..quantities import Quantity, find_quantities
from ..scoring import is_vetoed
from .base import (
    PageText,
    Reading,
    convert,
    cues,
    foreign_code,
    foreign_money,
    is_value,
    kpi_by_id,
    names_the_rest,
    squash,
    unit_of_annotation,
)
from .context import COMPARISON_BEFORE, YEAR_PHRASE, actual_value_start, read_context, without_enumerations
from .grammar import compile_words
from .labels import LabelHit, alias_pattern, find_labels, has_negative

MAX_GAP = 24  # characters between the end of a label and its number
NEGATIVE_REACH = 12  # characters before a label (within its clause) where a negative cue still counts
MAX_BEFORE_GAP = 6  # number printed before its label: 投入近 260 万元开展扶贫工作
EVIDENCE_MARGIN = 60
_HARD_STOP = re.compile(r"[。！？!?；;]|\n\s*\n")
_ANNOTATION_AFTER = re.compile(r"^\s*[（(]([^（()）]{1,10})[)）]")
# what stands between a number and the label after it: 投入近 260 万元(开展精准)扶贫工作. A verb is
# required: "为782名女性员工参保" counts the people insured, not the company's women.
_BEFORE_LINK = re.compile(r"^\s*(?:用于|开展|支持|进行|投向|投入到?|作为)[\u4e00-\u9fff]{0,3}\s*$")
_SHARE = re.compile(r"^[^。；;！？\d]{0,4}?占[^。；;！？\d]{0,14}?$")


def find_prose(pt: PageText, hits: list[LabelHit], skip: set[int]) -> list[Reading]:
    """Readings for every label hit not already read as a layout label (``skip`` holds their starts)."""
    out: list[Reading] = []
    hits = [h for h in hits if not _is_included_item(pt, h)]  # 含捐赠在内: an item a wider figure includes
    for i, hit in enumerate(hits):
        if hit.start in skip:
            continue
        next_label = hits[i + 1].start if i + 1 < len(hits) else len(pt.text)
        out.extend(_read_hit(pt, hit, next_label, hits))
    return out


def _read_hit(pt: PageText, hit: LabelHit, next_label: int, hits: list[LabelHit]) -> list[Reading]:
    annotated = _annotation_unit(pt.text, hit.end) or _label_unit(pt, hit)
    q = _value_after(pt, hit, next_label, annotated)
    rule = "prose.after"
    if q is None:
        q = _value_before(pt, hit)
        rule = "prose.before"
    if q is None:
        return []
    negative_from = max(pt.clause_start_across_wraps(hit.start), hit.start - NEGATIVE_REACH)
    if has_negative(hit.kpi, pt.text[negative_from : q.start]):
        return []
    reached = pt.text[max(0, q.start - 2) : q.start].rstrip().endswith(("至", "到"))  # 增加义工人数732名至2,446人
    if rule == "prose.after" and not reached and _changed_by(pt.text, hit.start, q.end):
        return []  # 增加危险废物处理量1,289.5吨: how much the figure grew, not the figure
    cand = _reading(pt, hit.kpi, q, (hit.start, hit.end), rule, annotated, hit.units)
    if cand is None:
        return []
    if _is_row_of_columns(pt, q) or _heads_year_columns(pt.text, q):
        # 耗水量（吨） 48120 45230 37810: a table row whose year header was not found; which column
        # is this year's cannot be told, so the first number is only a guess
        cand.flags |= {"unknown_column"}
    if rule == "prose.after":
        _date_by_gap_year(pt.text, hit.end, q, cand)
    if _PER_YEAR_AFTER.match(pt.text, q.end):
        cand.flags |= {"per_capita"}  # 减少二氧化硫12.5吨/年: a measure's yearly rate, not the year's total
    between = pt.text[q.end : hit.start] if rule == "prose.before" else ""
    if any(w in between for w in (*hit.kpi.parts, *hit.kpi.topics)):
        cand.flags |= {"narrowed"}  # 1,200人次进行安全培训: the words between name one kind of it
    if rule == "prose.after" and hit.kpi.unit == "person_time" and _names_a_programme(pt, hit.start):
        cand.flags |= {"narrowed"}  # 开展了两个绿带培训班，参训人员超过200人: that class's people
    if between and hit.kpi.unit == "person_time" and _one_programme_before(pt, q, hit.kpi):
        cand.flags |= {"narrowed"}  # 举办三期焊接培训班，160多人次参加了培训: that programme's people
    if _is_narrowed(pt.text, hit.start, hit.kpi) or (rule == "prose.after" and _names_a_group(pt.text, hit, q)):
        cand.flags |= {"narrowed"}
    if (
        _is_one_of_listed_items(pt, hits, hit, q)
        or (rule == "prose.after" and _first_of_named_kinds(pt.text, hit, q))
        or (rule == "prose.after" and _one_kind_of_several(pt, hit, q))
    ):
        cand.flags |= {"list_item"}
    if rule == "prose.after" and _captioned_as_part(pt.text, q):
        cand.flags |= {"subset"}
    if cand.period_start is None and _is_running_total(pt, hits, hit, q):
        cand.flags |= {"cumulative_unknown"}
    if hit.kpi.gift and rule == "prose.after" and _is_one_gift(pt.text, hit.end, q):
        cand.flags |= {"partial_scope"}
    if is_vetoed(cand.flags):
        actual = _actual_reading(pt, hit, q, rule, annotated)
        return [cand] if actual is None else [cand, actual]
    listed = _year_list(pt, hit, q, cand, annotated)
    if listed:
        return listed  # 2016年、2017年和2018年…分别为540万元、575万元和612万元: one value per year
    out = [cand]
    out.extend(_old_values(pt, hit, q, annotated))
    out.extend(_bracketed_year(pt, hit, q, cand, annotated))
    out.extend(_children(pt, hit.kpi, q))
    share = _share(pt, hit.kpi, q, hit.start)
    if share is not None:
        share.flags |= cand.flags & _SCOPE_FLAGS  # a part's count (新招聘员工…其中女员工…) gives the part's share
        out.append(share)
    return out


def _actual_reading(
    pt: PageText, hit: LabelHit, q: Quantity, rule: str, annotated: tuple[Decimal, str] | None
) -> Reading | None:
    """``二氧化硫排放量低于4890吨，实际4336吨``: the figure actually reached after a limit or plan (the
    limit is vetoed as a target): a reading of the label's KPI, unless a target word follows the limit."""
    start = actual_value_start(pt.text, q.end)
    if start is None:
        return None
    after = next((p for p in pt.quantities_between(start, start + 40) if p.start == start), None)
    if after is None or not is_value(after):
        return None
    actual = _reading(pt, hit.kpi, after, (hit.start, hit.end), rule, annotated, hit.units)
    if actual is None or any(w in pt.text[q.end : after.start] for w in cues().target):
        return None
    actual.flags -= {"target"}  # the limit's target word (计划投入500万元，实际投入620万元) is not this one's
    return None if is_vetoed(actual.flags) else actual


# A panel's figure with its caption on the line below: 其中海外留学生45人 printed as 45人 over
# 其中海外留学生 (a stray mark or two of the layout before it) names a part, not the label's whole.
_PART_CAPTION = re.compile(r"[^\S\n]*\n\s*[^\w\s]{0,2}[A-Za-z|丨]?\s*其\s*中[^\d\n]*(?:\n|$)")


def _captioned_as_part(text: str, q: Quantity) -> bool:
    """The number ends its line and the next line is a caption starting with 其中, without a number."""
    return _PART_CAPTION.match(text, q.end) is not None


# the start of a list item: a bullet, (1) / （一）, 1、 or ①, at a line start or after a space or ；
_ITEM_MARK = re.compile(
    r"(?:^|(?<=[\s；;。]))(?:[•●◆■▪◇►√]|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|\d{1,2}[、．.](?!\d)|[①-⑳])",
    re.M,
)
_ITEM_REACH = 300  # characters from an item to its neighbour


def _is_one_of_listed_items(pt: PageText, hits: list[LabelHit], hit: LabelHit, q: Quantity) -> bool:
    """The value of a gift KPI is one item of a list of amounts: its item starts with a list mark
    (•, (1), 1、) and the item before or after it gives another amount of money without naming any
    other KPI (• 紫金山…扶贫支出875万元； • 新疆…扶贫500万元；): one project or gift of several,
    not the year's total. An item that says it is the total (合计, 全年) is the total. (Lists of
    key figures, • 员工总数… • 女性管理人员…, are no such list: only gifts are itemised.)"""
    if not hit.kpi.gift:
        return False
    text = pt.text
    line_start = text.rfind("\n", 0, hit.start) + 1
    marks = list(_ITEM_MARK.finditer(text, line_start, hit.start))
    if not marks or "。" in text[marks[-1].end() : hit.start]:
        return False
    item_start = marks[-1].start()
    if any(w in text[item_start : q.start] for w in cues().list_total_words):
        return False
    after = _ITEM_MARK.search(text, q.end, q.end + _ITEM_REACH)
    neighbours = [(after.end(), _item_end(text, after.end()))] if after else []
    before = [m for m in _ITEM_MARK.finditer(text, max(0, item_start - _ITEM_REACH), item_start)]
    if before:
        neighbours.append((before[-1].end(), item_start))
    return any(_gives_an_amount_of(pt, hits, hit, start, end) for start, end in neighbours)


def _one_kind_of_several(pt: PageText, hit: LabelHit, q: Quantity) -> bool:
    """岗位培训145,820人次，技能上等级培训5,655人次，继续教育14,067人次: a kind glued before a bare
    培训 (not a verb or general word: ``generic_programme_modifiers``, ``training_verbs``) and another
    amount of the same unit in another clause of the sentence: one kind's count of several, not the total."""
    if hit.kpi.unit != "person_time" or hit.alias not in _BARE_TRAINING or q.unit != "person_time":
        return False
    text = pt.text
    clause_start = pt.clause_start(hit.start)
    kind = _NOT_A_KIND.sub("", text[clause_start : hit.start])
    c = cues()
    for w in sorted((*c.generic_programme_modifiers, *c.training_verbs, *c.company_subjects, *pt.own_names),
                    key=len, reverse=True):
        kind = kind.replace(w, "") if w else kind
    if len(kind) < 2 or not _is_han(kind[-1]):
        return False
    start, end = pt.sentence_start(hit.start), pt.sentence_end(q.end)
    others = [
        o for o in pt.quantities_between(start, end)
        if o is not q and o.unit == "person_time" and pt.clause_start(o.start) != clause_start
        and "其中" not in text[start : o.start]  # 共培训110万人次，其中集中培训…，远程培训…: parts of the first
    ]
    return bool(others)


_BARE_TRAINING = frozenset({"培训", "训练"})
_NOT_A_KIND = re.compile(r"[\s\d]+|年度|年|月|份")  # spaces, dates: 2016 年度我行各类培训


def _first_of_named_kinds(text: str, hit: LabelHit, q: Quantity) -> bool:
    """危险废物铅灰429.71吨、锌渣102.18吨、…: a kind named between the label and its number, and another
    kind with an amount of the same unit right after it: the number is the first item of the label's
    breakdown, not its total."""
    gap = text[hit.end : q.start]
    if "、" in gap:
        return False  # 发明专利申请、受理5项: two verbs of one count
    gap = _GAP_NOISE.sub("", _LABEL_NOTE.sub("", gap))
    for word in _filler_words():
        gap = gap.replace(word, "")
    if len(gap) < 2 or not all(_is_han(ch) for ch in gap) or not q.unit_raw:
        return False
    nxt = _NEXT_KIND.match(text, q.end)
    return nxt is not None and text.startswith(q.unit_raw, nxt.end())


_NEXT_KIND = re.compile(r"\s*、\s*[\u4e00-\u9fff]{1,8}\s*\d[\d,.]*\s*")  # 、: items of one enumeration


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_running_total(pt: PageText, hits: list[LabelHit], hit: LabelHit, q: Quantity) -> bool:
    """当年授权发明专利6项；累计发明专利申请720项，发明专利授权220项: a value of the same KPI came
    earlier in the sentence, and after it a word that sums over years (累计, 以来; ``cumulative`` in
    ``data/cues.yaml``) whose clause names no year of its own (年内累计, 2016年累计 add up the year),
    with no figure of another unit between it and this label (累计培训课时180小时，参加培训员工…:
    the 累计 is the hours'): the later figure is the running total beside the year's figure.
    (全年开展培训50场，累计培训3000人次 is no such pair: the earlier count is no trainee count.)"""
    text = pt.text
    start = pt.sentence_start(hit.start)
    for other in hits:
        if other.start >= hit.start:
            break
        if other.kpi.id != hit.kpi.id or other.start < start:
            continue
        values = [o for o in pt.quantities_between(other.end, hit.start) if is_value(o)]
        if not values or values[0].unit != q.unit or convert(values[0], other.kpi, units=other.units) is None:
            continue  # 共组织培训30余次: the earlier label gave no figure like this one
        after = values[0].end
        word = max(((text.rfind(w, after, hit.start), w) for w in cues().cumulative), default=(-1, ""))
        if word[0] < 0:
            return False
        clause = text[pt.clause_start(word[0]) : word[0]]
        if YEAR_PHRASE.search(clause) or any(w in clause for w in cues().annual):
            return False
        return all(o.unit == q.unit for o in pt.quantities_between(word[0], hit.start) if is_value(o))
    return False


def _item_end(text: str, start: int) -> int:
    nxt = _ITEM_MARK.search(text, start, start + _ITEM_REACH)
    return nxt.start() if nxt else min(len(text), start + _ITEM_REACH)


def _gives_an_amount_of(pt: PageText, hits: list[LabelHit], hit: LabelHit, start: int, end: int) -> bool:
    """Between ``start`` and ``end``: an amount in ``hit``'s KPI's unit and no other KPI's name (a
    part, 其中…, is no neighbouring item)."""
    if any(h.kpi.id != hit.kpi.id and start <= h.start < end for h in hits) or "其中" in pt.text[start:end]:
        return False
    return any(is_value(o) and convert(o, hit.kpi) is not None for o in pt.quantities_between(start, end))


_RESPECTIVELY = re.compile(r"分别(?:为|是|达|达到|约为|实现)?")
_LIST_JOINER = re.compile(r"^\s*(?:[、，,和及与]|以及)\s*$")
_LISTED_YEARS = re.compile(
    r"((?:19|20)\d{2})\s*年?\s*(?:度)?\s*(?:至|到|[-–—~～])\s*((?:19|20)\d{2})\s*年\s*(?:度)?|((?:19|20)\d{2})\s*年\s*(?:度)?"
)


def _listed_years(prefix: str) -> list[int]:
    """The years a sentence lists before its label, a range expanded (2014年至2016年: 2014, 2015, 2016)."""
    years: list[int] = []
    for m in _LISTED_YEARS.finditer(prefix):
        if m.group(3):
            years.append(int(m.group(3)))
        elif 0 < int(m.group(2)) - int(m.group(1)) <= 10:
            years.extend(range(int(m.group(1)), int(m.group(2)) + 1))
    return years


def _year_list(
    pt: PageText, hit: LabelHit, q: Quantity, first: Reading, annotated: tuple[Decimal, str] | None
) -> list[Reading]:
    """Readings of a value list that pairs with a list of years (2016年、2017年和2018年公司培训资金分别
    为540万元、575万元和612万元): one per year, in order; none unless the counts agree."""
    gap = pt.text[hit.end : q.start]
    if not _RESPECTIVELY.search(gap):
        return []
    prefix = pt.text[pt.sentence_start(hit.start) : hit.start]
    years = _listed_years(prefix)
    if len(years) < 2 or len(set(years)) != len(years):
        return []
    values = [q]
    for nxt in pt.quantities_from(q.end):
        if len(values) == len(years):
            break
        if not is_value(nxt) or not _LIST_JOINER.match(pt.text[values[-1].end : nxt.start]):
            break
        values.append(nxt)
    if len(values) != len(years):
        return []
    out = []
    for year, value_q in zip(years, values, strict=True):
        r = first if value_q is q else _reading(pt, hit.kpi, value_q, (hit.start, hit.end), "prose.year_list",
                                                annotated, hit.units)
        if r is None:
            return []
        r.year, r.period_start, r.rule = year, None, "prose.year_list"
        r.gap_chars, r.gap_commas = first.gap_chars, first.gap_commas  # one statement: one distance
        out.append(r)
    return out


# 员工4,108人（2017年：3,877人）, 营业收入120亿元（上年：95亿元）: the year before's figure beside it
_BRACKETED_YEAR = re.compile(r"^\s*[（(]\s*(?:((?:19|20)\d{2})\s*年(?:度)?|上年|去年|上年同期)\s*[:：为]?\s*$")


def _bracketed_year(
    pt: PageText, hit: LabelHit, q: Quantity, first: Reading, annotated: tuple[Decimal, str] | None
) -> list[Reading]:
    nxt = next((n for n in pt.quantities_from(q.end) if n is not q and n.kind not in ("year", "date")), None)
    if nxt is None or not is_value(nxt) or nxt.start - q.end > 14:
        return []
    m = _BRACKETED_YEAR.match(pt.text[q.end : nxt.start])
    if m is None or not re.match(r"\s*[)）]", pt.text[nxt.end : nxt.end + 3]):
        return []
    year = int(m.group(1)) if m.group(1) else first.year - 1
    r = _reading(pt, hit.kpi, nxt, (hit.start, hit.end), "prose.after", annotated, hit.units)
    if r is None or year >= first.year:
        return []
    r.year, r.period_start = year, None
    r.gap_chars, r.gap_commas = first.gap_chars, first.gap_commas  # printed beside the value: as sure
    return [r]


# the rest of a table's header line after a stray mark: a run of year columns (1 企# 1 2014 2015 2016)
_YEAR_COLUMNS_AFTER = re.compile(r"[^\S\n]*(?:[^\s\d]{1,4}[^\S\n]+|\d[^\S\n]+){0,3}(?:(?:19|20)\d\d[^\S\n]+){2}")


def _heads_year_columns(text: str, q: Quantity) -> bool:
    """The number stands at the start of a table's header line, before its year columns
    (温室气体排放量（吨) / 1 企# 1 2014 2015 2016 …): a row mark of a garbled header, not a value."""
    return _YEAR_COLUMNS_AFTER.match(text, q.end) is not None


def _is_row_of_columns(pt: PageText, q: Quantity) -> bool:
    """The number is the first of several bare numbers side by side (a flattened table row)."""
    following = [n for n in pt.quantities_from(q.end)[:1] if n is not q]
    if not following or not is_value(following[0]):
        return False
    gap, nxt = pt.text[q.end : following[0].start], following[0]
    # 对外公益总投入860万元 | 2016 …: a value printed with its unit, then a bare year opening the next
    # line (a section's year mark), is a sentence's value, not the first cell of a row; so is one
    # followed by a page number alone on its line (员工总人数：1796人 | 4 | the page footer)
    year_mark = "\n" in gap and q.unit is not None and nxt.unit is None and (
        _BARE_YEAR.fullmatch(nxt.raw) or _alone_on_its_line(pt.text, nxt)
    )
    # 女性员工比例约18.5% | 18.5%: a panel printing its figure again in large type on the next line
    echo = "\n" in gap and nxt.value == q.value and nxt.unit == q.unit
    return not gap.strip() and not year_mark and not echo


def _alone_on_its_line(text: str, q: Quantity) -> bool:
    """Nothing but the number on its line (a page number, a chart's lone tick)."""
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    return not text[line_start : q.start].strip() and not text[q.end : line_end if line_end >= 0 else len(text)].strip()


_BARE_YEAR = re.compile(r"(?:19|20)\d\d")


_PER_YEAR_AFTER = re.compile(r"\s*(?:/|／|每)\s*(?:年|a\b)")
_SCOPE_FLAGS = frozenset({"subset", "narrowed", "partial_scope", "not_company"})
_INCLUDED_REACH = 10  # characters between an inclusion word (含, 包括) and the KPI's name it frames


def _is_included_item(pt: PageText, hit: LabelHit) -> bool:
    """含捐款在内合共投入25,600元: the label is one item framed by 含/包括 … 在内 (``inclusion_opens``,
    ``inclusion_closes`` in data/cues.yaml), and the number after the frame is a wider figure's."""
    c = cues()
    after = re.sub(r"\s+", "", pt.text[hit.end : hit.end + 6])
    if not after.startswith(c.inclusion_closes):
        return False
    start = max(pt.clause_start(hit.start), hit.start - _INCLUDED_REACH)
    return any(w in pt.text[start : hit.start] for w in c.inclusion_opens)


def _is_narrowed(text: str, label_start: int, kpi: Kpi) -> bool:
    """医疗帮扶投入, 产业扶贫资金, 困难的女职工: a category word glued to the front of the label (a 的
    between allowed), or framed before it (在教育事业方面的公益投入); 其他捐赠: the rest of a breakdown."""
    before = re.sub(r"\s+", "", text[max(0, label_start - 20) : label_start])
    words = (*cues().narrowing, *cues().part_of_kpi) if kpi.gift else cues().part_of_kpi
    frame = _TOPIC_FRAME.search(before)
    if frame is not None and any(w in frame.group(1) for w in words):
        return True
    among = _AMONG_FRAME.search(before)  # 新招聘员工中，女员工占比…: the share within that group
    if among is not None and any(w in among.group(1) for w in (*words, *cues().staff_groups)):
        return True
    return names_the_rest(before) or any(before.removesuffix("的").endswith(w) for w in words)


def _names_a_group(text: str, hit: LabelHit, q: Quantity) -> bool:
    """共培训骨干620人次: a group of the staff (``part_of_kpi``) between a label and its number; a note
    in brackets (在职员工(不含劳务派遣)8477人) names what is left out, not a group."""
    gap = _BRACKETED.sub("", text[hit.end : q.start])
    return any(w in gap for w in cues().part_of_kpi)


_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")


# 在教育事业方面的, 在医疗领域的: the topic a figure right after it is limited to
_TOPIC_FRAME = re.compile(r"在([^，,。；;：:]{1,12}?)(?:方面|领域)的?$")
# 在新员工中, 管理人员中，: the group a figure right after it is counted within
_AMONG_FRAME = re.compile(r"([^，,。；;：:]{1,12}?)(?:之中|当中|中)[，,]?$")


def _label_unit(pt: PageText, hit: LabelHit) -> tuple[Decimal, str] | None:
    """参训人次2536，: a label ending in its unit (``label_unit_suffixes`` of cues.yaml) and a bare whole number
    right after it (a filler word between at most): the number is in that unit."""
    unit = next((u for w, u in cues().label_unit_suffixes.items() if hit.alias.endswith(w)), None)
    if unit is None or unit != hit.kpi.unit:
        return None
    nxt = pt.quantities_from(hit.end)[:1]
    if not nxt or nxt[0].unit is not None or nxt[0].kind != "quantity" or "." in nxt[0].raw:
        return None
    gap = pt.text[hit.end : nxt[0].start]
    return (Decimal(1), unit) if _LABEL_UNIT_GAP.fullmatch(gap) else None


_LABEL_UNIT_GAP = re.compile(r"\s*(?:为|达|达到|共|共计|合计|总计|[:：])?\s*")


def _annotation_unit(text: str, pos: int) -> tuple[Decimal, str] | None:
    m = _ANNOTATION_AFTER.match(text[pos : pos + 14])
    return unit_of_annotation(m.group(0)) if m else None


def _value_after(
    pt: PageText, hit: LabelHit, next_label: int, annotated: tuple[Decimal, str] | None
) -> Quantity | None:
    text = pt.text
    line_start = text.rfind("\n", 0, hit.start) + 1
    on_label_line = len(text[line_start : hit.end].strip()) <= len(hit.alias) + 2
    passed: list[str] = []  # numbers stepped over (changes, old values): not words of the gap
    for q in pt.quantities_from(hit.end):
        if q.start > next_label or q.start - hit.end > MAX_GAP:
            return None
        gap = text[hit.end : q.start]
        if _HARD_STOP.search(gap) or ("\n" in gap and on_label_line) or gap.lstrip().startswith(cues().data_titles):
            return None  # (员工培训数据 / 2,850人: the title of a block of figures)
        if not is_value(q) or _is_list_marker(text, q):
            continue
        changed = _ends_with_change(gap) or _changed_by(text, hit.start, q.end)
        if changed and (level := _range_level(text, q)) is not None:
            q, gap = level, text[hit.end : level.start]  # 员工人数增加300人至5,000人: the level reached
        if _AFTER_BROKEN_DECIMAL.search(text, max(0, q.start - 4), q.start):
            return None  # 57. 24万元: the number is the end of another, split by the OCR
        scale, unit = annotated if annotated else (None, None)
        fits = convert(q, hit.kpi, scale, unit, hit.units) is not None
        if fits or foreign_money(q, hit.kpi, scale, unit) is not None:
            from_before = _FROM_BEFORE.search(text, max(0, q.start - 10), q.start) or _FROM_YEAR_BEFORE.search(
                text, max(0, q.start - 12), q.start
            )
            if from_before and _TO_AFTER.match(text, q.end):
                passed.append(text[from_before.start() : q.end])  # 由上市之初的40亿元: no words of the gap
                continue  # 总资产由40亿元增长到200亿元: the first number is the old value
            for raw in passed:
                gap = gap.replace(raw, "")
            if _ends_with_change(gap):
                return None  # 总耗水量下降约1.2万立方米: the amount of the change, not the year's figure
            return q if _is_filler(gap) else None
        if _is_change(text, q) or (hit.kpi.unit == "person_time" and _is_session_count(text, q)):
            passed.append(q.raw)
            continue
        return None
    return None


@cache
def _session_count_after() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(cues().session_counts, key=len, reverse=True)))
    return re.compile(rf"\s*(?:{words})\s*[，,]")


def _is_session_count(text: str, q: Quantity) -> bool:
    """``培训44期，`` before ``2306人次``: how many sessions ran, then a comma; the person-times after
    it are the label's (a bare number or a count of 场/次 only: 44 or 120场). Only for a count of
    person-times: 志愿服务5次，40余名职工参加 counts one programme's people."""
    if q.unit not in (None, "count"):
        return False
    end = q.end
    if q.unit == "count":  # 120场 read as a count: step back over its unit word
        end = q.start + len(q.raw.rstrip("场次期班批个项"))
    return _session_count_after().match(text, end) is not None


# a year printed between a label and its number dates the number (营业收入2015年为80亿元, 员工人数
# 由2015年底的5,000人…); one after 较/比 is a comparison (较2015年增长10%，达到…), and a year that
# starts a list (2015年、2016年…分别为) is read by the list rule
_GAP_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*年(?:度|底|末)?\s*(?:的|为|是|达|达到|实现|约为|约|共|共计)?\s*(?:人民币)?\s*$"
)


def _gap_year(text: str, start: int, end: int) -> int | None:
    m = _GAP_YEAR.search(text, start, end)
    if m is None or COMPARISON_BEFORE.search(text, max(start, m.start() - 3), m.start()):
        return None
    return int(m.group(1))


def _date_by_gap_year(text: str, label_end: int, q: Quantity, cand: Reading) -> None:
    """``营业收入2015年为80亿元``: the year right before the number is the value's year."""
    year = _gap_year(text, label_end, q.start)
    if year is not None and cand.period_start is None:
        cand.year = year


def _old_values(pt: PageText, hit: LabelHit, q: Quantity, annotated: tuple[Decimal, str] | None) -> list[Reading]:
    """``营业收入从2015年的80亿元增长到2016年的100亿元``: the old value stepped over on the way to
    ``q``, when its own year is printed before it (without one, its year is unknown: no reading)."""
    out = []
    for p in pt.quantities_between(hit.end, q.start):
        if not is_value(p) or not _FROM_YEAR_BEFORE.search(pt.text, max(0, p.start - 12), p.start):
            continue
        year = _gap_year(pt.text, hit.end, p.start)
        old = _reading(pt, hit.kpi, p, (hit.start, hit.end), "prose.after", annotated, hit.units)
        if year is not None and old is not None and old.period_start is None:
            old.year = year
            out.append(old)
    return out


_FROM_YEAR_BEFORE = re.compile(r"[由从]\s*(?:19|20)\d{2}\s*年(?:度|底|末)?\s*的?\s*$")
_AFTER_BROKEN_DECIMAL = re.compile(r"\d[.．]\s+$")
_LIST_MARKER = re.compile(r"[.．、](?![\d０-９])")


def _is_list_marker(text: str, q: Quantity) -> bool:
    """``1.总耗水量（吨） 2.废水排放量``: the number of the next item in a list, not a value."""
    return q.unit is None and q.value < 100 and _LIST_MARKER.match(text, q.end) is not None


# 由 A, 从上市之初的 A, 由年初的 A: a starting point (up to six words and 的) may stand between
_FROM_BEFORE = re.compile(r"[由从]\s*(?:[\u4e00-\u9fff]{1,6}的)?\s*$")
# 由 A 增长到 B, 由 A 发展到 B, 从 A 跃升至 B: A is the old value (any short verb before 到/至)
_TO_AFTER = re.compile(r"\s*[，,]?\s*[\u4e00-\u9fff]{0,3}?(?:到|至|为)")
_GAP_NOISE = re.compile(r"[（(][^（()）]{0,12}[)）]|[\s\d.,，、：:%％\-−~～]")
MAX_GAP_WORDS = 2  # characters of other words a label and its number may have between them


def _is_one_gift(text: str, label_end: int, q: Quantity) -> bool:
    """捐助某县300万元 (a recipient between the giving word and its amount), 捐助5万元用于某村泵站更新
    (one purpose after it), 捐资50万元补足某校资金缺口 (what it paid for, right after the amount): one
    gift, not the year's giving. 主要用于/分别用于, a list of uses
    (用于扶贫、助学等) and a whole programme (用于对口帮扶工作) name the uses of a total; the words of
    ``gift_words`` (善款, 款物, 资金) name no recipient."""
    c = cues()
    rest = _GAP_NOISE.sub("", text[label_end : q.start])
    for word in sorted({*c.gift_words, *_filler_words()}, key=len, reverse=True):
        rest = rest.replace(word, "")
    if rest and text[:label_end].endswith(c.gift_verbs):
        return True
    after = _SPACES_RE.sub("", text[q.end : q.end + 40])
    if after.startswith(c.gift_object_verbs):
        return True  # 捐资50万元补足某校改建资金缺口: what the one gift paid for
    after = after.lstrip("，,")
    purpose = _CLAUSE_AFTER.split(after, maxsplit=1)[0]
    # 对某校危房进行维修改造, 为某村安装路灯: the one thing the gift paid for, done for one recipient
    works = purpose.startswith(("对", "为")) and any(w in purpose for w in c.gift_works)
    # 用于扶贫、助学等: the uses of a total, listed
    if works:  # (某校危房和校舍: the objects of one work, not a list of uses; 定点帮扶的某村: the recipient)
        return "等" not in purpose
    if any(w in purpose for w in c.gift_programmes):
        return False
    return (
        purpose.startswith(c.gift_purpose)
        and not purpose.startswith(c.gift_uses)
        and not _USES_LISTED.search(purpose)
    )


_SPACES_RE = re.compile(r"\s+")
_CLAUSE_AFTER = re.compile(r"[，,。；;！？!?]")
_USES_LISTED = re.compile(r"[、和及与]|等")


def _is_filler(gap: str) -> bool:
    """The words between a label and its number only link them (为, 共计约, 同比增长 5%, 达到): more
    than a couple of other characters mean the label is part of a longer phrase."""
    rest = _GAP_NOISE.sub("", _LABEL_NOTE.sub("", gap.lstrip()))
    for word in _filler_words():
        rest = rest.replace(word, "")
    return len(rest) <= MAX_GAP_WORDS


@cache
def _filler_words() -> tuple[str, ...]:
    c = cues()
    return tuple(sorted({*c.filler, *c.change_up, *c.change_down}, key=len, reverse=True))


@cache
def _change_at_end() -> re.Pattern[str]:
    c = cues()
    verbs = "|".join(map(re.escape, sorted({*c.change_up, *c.change_down}, key=len, reverse=True)))
    return re.compile(rf"(?:{verbs})\s*了?\s*(?:约|近|逾|超过|超|大约)?\s*$")


def _ends_with_change(gap: str) -> bool:
    """``用水量同比下降约`` before a number: the number is how much the figure moved (用水量下降约1.2万
    立方米, 员工人数增加300人), not the figure; ``增长至``/``下降到``/``为`` end the gap otherwise."""
    return _change_at_end().search(gap) is not None


_NEW_LEVEL_AFTER = re.compile(
    r"\s*[，,]?\s*(?:增至|增加至|增加到|增长至|增长到|提高至|提高到|上升至|上升到|降至|减至|至|到|达到)"
)


_RANGE_TO = re.compile(r"[至到]")


def _range_level(text: str, q: Quantity) -> Quantity | None:
    """After a change verb, N至M is no range: N is the change and M the level reached (增加300人至5,000人);
    M as a quantity of its own, where it is printed."""
    if q.high is None or q.low is None or q.high == q.low:
        return None
    to = _RANGE_TO.search(text, q.start, q.end)
    if to is None:
        return None
    found = [r for r in find_quantities(text[to.end() : q.end]) if r.high is None or r.high == r.low]
    if len(found) != 1 or found[0].value != q.high or found[0].unit != q.unit:
        return None
    r = found[0]
    return replace(r, start=r.start + to.end(), end=r.end + to.end())


def _changed_by(text: str, label_start: int, value_end: int) -> bool:
    """A change verb right before the label (增加危险废物处理量1,289.5吨, 减少用水量1.2万吨): the number is
    the amount of the change; unless a new level follows it (增加义工人数732名至2,446人 states the level)."""
    before = text[max(0, label_start - 6) : label_start].split("\n")[-1].rstrip(" ")  # (not a heading above)
    c = cues()
    if not before.endswith((*c.change_up, *c.change_down)):
        return False
    return _NEW_LEVEL_AFTER.match(text, value_end) is None


def _is_change(text: str, q: Quantity) -> bool:
    if q.unit not in ("ratio", "percentage_point"):
        return False
    before = text[max(0, q.start - 8) : q.start]
    return any(w in before for w in (*cues().change_up, *cues().change_down))


def _value_before(pt: PageText, hit: LabelHit) -> Quantity | None:
    clause_start = pt.clause_start(hit.start)
    for q in reversed(pt.quantities_between(clause_start, hit.start)):
        gap = pt.text[q.end : hit.start]
        attended = (
            hit.kpi.unit == "person_time"
            and q.unit == "person_time"
            and (_ATTENDED.match(gap) or (not gap.strip() and hit.alias.startswith(("参加", "参与"))))
        )
        if (hit.start - q.end > MAX_BEFORE_GAP and not attended) or not is_value(q):
            return None
        linked = _BEFORE_LINK.match(gap) or attended or (not gap.strip() and q.unit in cues().bare_before_units)
        if linked and convert(q, hit.kpi, units=hit.units) is not None:
            return q
        return None
    return None


_PROGRAMME = re.compile(r"培训班|训练营|研修班|专题培训|专项培训")


def _names_a_programme(pt: PageText, label_start: int) -> bool:
    """The sentence before the label names a class by what it teaches (绿带培训班, 大专学历班, 安管人员培训班):
    the people counted after it are that class's. A class named only by a general word or a verb
    (各类培训班, 脱产培训班, 共举办培训班; ``generic_programme_modifiers`` in cues.yaml) is all of them."""
    c = cues()
    if any(w in pt.text[pt.clause_start(label_start) : label_start] for w in c.annual):
        return False  # …，全年培训人数…: the year's whole, whatever classes came before
    sentence = without_enumerations(pt.text[pt.sentence_start(label_start) : label_start])
    for m in _programme_words().finditer(sentence):
        modifier = sentence[max(0, m.start() - 6) : m.start()]
        if modifier and not modifier.endswith(c.generic_programme_modifiers) and not modifier[-1].isdigit():
            return True
    # 精益生产开设了12个班: a programme as the subject of the classes it ran
    runs = _CLASSES_RUN.search(sentence)
    if runs is not None:
        subject = _LEADING_TIME_WORDS.sub("", runs.group(1))
        if subject and not subject.endswith((*c.company_subjects, *c.generic_programme_modifiers, *c.annual)):
            return True
    return False


_CLASSES_RUN = re.compile(r"([\u4e00-\u9fff]{1,10}?)(?:开设|开办|举办)了?(?:\d+|[一二三四五六七八九十两]+)(?:个|期)?班")
_LEADING_TIME_WORDS = re.compile(r"^(?:\d{4}年度?|全年|年内|报告期内)")


@cache
def _programme_words() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(cues().programme_words, key=len, reverse=True)))
    return re.compile(rf"(?:{words})")


def _one_programme_before(pt: PageText, q: Quantity, kpi: Kpi) -> bool:
    """The clause before the attendees names the one programme they attended (a class, a topic)."""
    start = pt.sentence_start(q.start)
    prev = pt.text[start : pt.clause_start(q.start)]
    return _PROGRAMME.search(prev) is not None or any(w in prev for w in (*kpi.parts, *kpi.topics))


# Person-times, then who attended what (7,346人次参加内部各类培训, 2.6万余人次参加了培训): the count is the
# training's; what stands between is read for its scope like any words before a label.
_ATTENDED = re.compile(r"^\s*(?:参加|参与|接受)了?\s*[^，,。；;：:！？\d\n]{0,12}$")


def _reading(
    pt: PageText,
    kpi: Kpi,
    q: Quantity,
    label: tuple[int, int],
    rule: str,
    annotated: tuple[Decimal, str] | None = None,
    units: frozenset[str] | None = None,
) -> Reading | None:
    scale, unit = annotated if annotated else (None, None)
    value = convert(q, kpi, scale, unit, units)
    foreign = foreign_money(q, kpi, scale, unit) if value is None else None
    if value is None and foreign is None:
        return None
    label_start, label_end = label
    first, last = min(label_start, q.start), max(label_end, q.end)
    ctx = read_context(pt, kpi, first, last)
    flags = ctx.flags | _unit_flags(pt.text, q, kpi) | ({"foreign_currency"} if foreign is not None else set())
    gap = squash(pt.text[label_end : q.start] if q.start >= label_end else pt.text[q.end : label_start])
    gap = _LABEL_NOTE.sub("", gap) if q.start >= label_end else gap  # 研发支出（包含人工、折旧等）为…: the label's note
    if q.start >= label_end and any(w in pt.text[label_start:label_end] + gap for w in cues().list_total_words):
        flags |= {"stated_total"}  # 捐赠总额…, 对外捐赠人民币合计…: the figure is said to be the whole
    sent_start, sent_end = pt.sentence_start(first), pt.sentence_end(last)
    return Reading(
        kpi=kpi,
        value=value if value is not None else foreign,  # type: ignore[arg-type]
        year=ctx.year,
        period_start=ctx.period_start,
        qualifier=q.qualifier,
        change_yoy=_change_after(pt, q),
        raw=pt.snippet(q.start, q.end),
        evidence=pt.snippet(max(sent_start, first - EVIDENCE_MARGIN), min(sent_end, last + EVIDENCE_MARGIN)),
        rule=rule,
        page=pt.page_number,
        bbox=pt.bbox(q.start, q.end),
        flags=flags,
        gap_chars=len(gap),
        gap_commas=len(_COMMAS.findall(gap)),
        offset=q.start,
        sentence=sent_start,
        label=pt.snippet(label_start, label_end),
        unit_source="number" if q.unit is not None else "label",
        currency=foreign_code(q, unit) if foreign is not None else None,
    )


_COMMAS = re.compile(r"[，,、]")
# A bracketed note right after a label says what the figure includes (研发支出（包含领料、人工、折旧、摊销费等）
# 为27,310万元): it belongs to the label and puts no distance between the label and its value.
_LABEL_NOTE = re.compile(r"^[（(][^（()）\d]{1,30}[)）]")


# "597.4kgce/t", "3.65 m3/吨", "40 小时/人": a figure per person or per unit of output
_PER_UNIT = re.compile(r"^\s*(?:/|每)\s*(?:人|名|户|位|员工|t\b|吨|万元|件|台|辆|平方米|m2|kWh|千瓦时|产品)")
# "24 课时及以上的", "100 万元以上的": a threshold in a rule, not a reported figure
_THRESHOLD = re.compile(r"^\s*(?:及以上|及以下|以上的|以下的|以内的)")


def _unit_flags(text: str, q: Quantity, kpi: Kpi) -> frozenset[str]:
    """``per_capita`` or ``threshold`` when the words right after the number make it one;
    ``not_company`` when a count of people is of the people served (85位孤寡老人)."""
    after = text[q.end : q.end + 6]
    if _PER_UNIT.match(after):
        return frozenset({"per_capita"})
    if _THRESHOLD.match(after):
        return frozenset({"threshold"})
    if kpi.unit in ("person", "person_time") and _served_people().match(text, q.end):
        return frozenset({"not_company"})
    return frozenset()


@cache
def _served_people() -> re.Pattern[str]:
    words = "|".join(map(re.escape, cues().served_people))
    return re.compile(f"[\u4e00-\u9fff]{{0,4}}?(?:{words})")


def _change_after(pt: PageText, q: Quantity) -> Decimal | None:
    """``…13.57亿元，同比增长32.26%`` -> 0.3226 (negative for 下降/减少)."""
    c = cues()
    for nxt in pt.quantities_from(q.end):
        if nxt is q:
            continue
        gap = pt.text[q.end : nxt.start]
        if len(gap) > 14 or _HARD_STOP.search(gap) or nxt.unit != "ratio" or nxt.kind != "percent":
            return None
        down = max((w for w in c.change_down if w in gap), key=len, default="")
        up = max((w for w in c.change_up if w in gap), key=len, default="")
        if not down and not up:
            return None
        return -nxt.value if len(down) > len(up) else nxt.value
    return None


def _children(pt: PageText, kpi: Kpi, q: Quantity) -> list[Reading]:
    """Values of sub-KPIs listed right after a value: 358 项（其中发明专利 102 项）, and elliptical
    358 项，其中发明 102 项 (the part inherits 申请/授权 and 专利 from its parent). No other KPI's
    label, nor a child that has parts of its own, may stand between (申请专利20件，授权专利10件，其中
    发明5件 and 申请专利20件，获得授权10件，其中发明5件: the 5 is the granted patents'), and only
    linking words between the child's word and its number (发明奖2项 is no invention patent)."""
    out: list[Reading] = []
    window_end = min(pt.sentence_end(q.end), q.end + 30)
    found = {c: words.search(pt.text, q.end, window_end) for c, words in _child_words(kpi.id).items()}
    for child_id, m in found.items():
        if m is None:
            continue
        i, word_end = m.span()
        if any(o is not None and o.start() < i and kpi_by_id(c).children for c, o in found.items()):
            continue  # 申请专利275件，获得授权135件，其中发明专利37件: the 37 is one of the grants
        longer = alias_pattern().match(pt.text, i)
        if longer is not None and longer.end() > word_end:
            continue  # 发明专利授权 is a label of its own, read as such
        if find_labels(pt.text[q.end : word_end]):
            continue  # another KPI's label comes first (the word is its part) or holds the word (发明专利授权)
        child = kpi_by_id(child_id)
        counts = [b for b in pt.quantities_between(q.end, i) if is_value(b) and b.unit != "ratio"]
        if kpi.unit == "person" and any(pt.text[b.end : i].strip() for b in counts):
            continue  # …残障员工19人；管理人员253人，其中女性35人: a group of people after another count is its part
        before = [b for b in pt.quantities_between(q.end, i) if is_value(b) and not pt.text[b.end : i].strip()]
        if before:  # 其中39项发明专利: the number comes first
            cand = _reading(pt, child, before[-1], (i, word_end), "prose.child")
            if cand is not None:
                cand.evidence = pt.snippet(max(0, q.start - EVIDENCE_MARGIN), word_end + 4)
                out.append(cand)
            continue
        for cq in pt.quantities_from(word_end):
            gap = pt.text[word_end : cq.start]
            if len(gap) > 8 or _HARD_STOP.search(gap) or not is_value(cq) or not _only_links(gap):
                break
            cand = _reading(pt, child, cq, (i, word_end), "prose.child")
            if cand is not None:
                cand.evidence = pt.snippet(max(0, q.start - EVIDENCE_MARGIN), cq.end + 4)
                out.append(cand)
            break
    return out


@cache
def _child_words(kpi_id: str) -> dict[str, re.Pattern[str]]:
    """The catalog's ``children`` of ``kpi`` by child KPI, each child's words as one pattern (the
    longest first at a place; a space or line break may fall inside a word: 发明专 利)."""
    by_child: dict[str, list[str]] = {}
    for word, child_id in kpi_by_id(kpi_id).children.items():
        by_child.setdefault(child_id, []).append(word)
    return {c: re.compile(compile_words(ws)) for c, ws in by_child.items()}


def _last_of_list(pt: PageText, first: Quantity) -> Quantity:
    """The last of the ratios listed from ``first`` on (0.44%、6.12%和22.37%)."""
    last = first
    for q in pt.quantities_from(first.end):
        if q.unit != "ratio" or not _LIST_JOIN.fullmatch(pt.text[last.end : q.start]):
            break
        last = q
    return last


_LIST_JOIN = re.compile(r"\s*(?:[、，,]|和|及|与)\s*")


def _only_links(gap: str) -> bool:
    """Nothing but spaces, brackets, punctuation and linking words (为, 共, 达)."""
    rest = _GAP_NOISE.sub("", _LABEL_NOTE.sub("", gap.lstrip()))
    for word in _filler_words():
        rest = rest.replace(word, "")
    return not rest


def _share(pt: PageText, kpi: Kpi, q: Quantity, label_start: int) -> Reading | None:
    """``女职工 3336 人，约占职工总数的 17.05%`` -> the ratio KPI whose ``ratio_of`` is this KPI."""
    ratio = next((k for k in load_catalog().kpis if k.ratio_of == kpi.id), None)
    if ratio is None:
        return None
    for nxt in pt.quantities_from(q.end):
        if nxt is q:
            continue
        gap = pt.text[q.end : nxt.start]
        if nxt.unit != "ratio" or not _SHARE.match(gap.replace("约", "").strip(" ，,")):
            return None
        if "分别" in gap:
            # 残疾员工40人，…女性员工1,900人，分别占员工总数的0.44%、…、21.11%: the last count's is the last
            nxt = _last_of_list(pt, nxt)
        cand = _reading(pt, ratio, nxt, (label_start, label_start), "prose.share")
        if cand is not None:
            cand.evidence = pt.snippet(max(0, label_start - 10), nxt.end + 2)
        return cand
    return None
