"""What the words around a value say about it: its year, its period, its scope, and whether it is a
target or a per-capita figure. All cue words come from ``data/cues.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..catalog import Cues, Kpi
from .base import CONSECUTIVE_YEARS, RECENT_YEARS, PageText, cues, is_value, names_a_part

if TYPE_CHECKING:
    from .labels import LabelHit

# 2016年, 2016年度, 2015-2016年, and a financial year named by the year it ends in (2016财年, 2016财政年度)
YEAR_PHRASE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*(?:年)?\s*(?:[-–—~～至到]\s*((?:19|20)\d{2})\s*)?(年度?|年末|年底|年初|财年|财政年度)"
)
_SINCE = re.compile(r"^[^，,。；;]{0,16}?(?:以来|起|开始)")
COMPARISON_BEFORE = re.compile(r"(?:较|比|同比|相比|对比|相较)\s*$")
_COMPARED_WITH = re.compile(r"[与同跟]\s*$")  # 与2015年…相比: the year is the base, not the figure's
_COMPARED_AFTER = re.compile(r"[^，,。；;]{0,24}?(?:相比|比较|对比|相较)")
_MIN_YEAR, _MAX_YEAR = 1990, 2035
_PER_UNIT_REACH = 7  # characters before a label where a per-unit word applies to it (每台车每年减少…)


def _part_runs_into_label(kpi: Kpi, text: str, sent_start: int, label_start: int) -> bool:
    """A part word that opens before the label and ends inside it (网络培训500万人次 read with the label
    培训: the online channel's count) narrows the value like one before the label."""
    for w in kpi.parts:
        for k in range(1, len(w)):
            if label_start - k >= sent_start and text.startswith(w, label_start - k):
                return True
    return False


def _in_rate_run(before: str, c: Cues) -> bool:
    """The clause continues a run of outcomes opened by a rate over time in an earlier clause of its
    sentence (年均节约标准煤…吨，减少二氧化硫排放…吨): the rate is each clause's. Not after a year or a
    total word named since the rate (年均增长10%，2016年减少…; …，全年合计减少…).

    >>> from csr_extract.candidates.base import cues
    >>> _in_rate_run("年均节约标准煤1200吨，年均减少二氧化碳排放3100吨，", cues())
    True
    >>> _in_rate_run("近三年营业收入年均增长10%，2016年", cues())
    False
    >>> _in_rate_run("公司营业收入年均增长10%，", cues())
    False
    """
    clauses = _CLAUSE_SPLIT.split(before)
    for i in range(len(clauses) - 1, -1, -1):
        head = _CLAUSE_LEAD.sub("", clauses[i])
        if any(head.startswith(w) for w in c.rate_runs):
            since = "，".join(clauses[i:])
            return YEAR_PHRASE.search(since) is None and not any(w in since for w in c.list_total_words)
    return False


_CLAUSE_SPLIT = re.compile(r"[，,；;]")
_CLAUSE_LEAD = re.compile(r"^[\s\W]*(?:并|且|可|还可|同时)?")  # the run's clause opens with the rate word


# Three or more kinds joined by 、 and closed by 等 (围绕安全、特殊工种、科技工作等内容开展培训): examples of
# the whole range, so a part word among them narrows nothing.
_ENUMERATION = re.compile(r"(?:[^、，,。；;：:]{1,8}、){2,}[^、，,。；;：:]{1,12}?等")  # on text without spaces


def without_enumerations(text: str) -> str:
    """``text`` without spaces and without its enumerations of three or more kinds closed by 等."""
    return _ENUMERATION.sub("", _SPACES.sub("", text))


@dataclass(frozen=True, slots=True)
class Context:
    year: int
    period_start: int | None
    flags: frozenset[str]  # target, per_capita, partial_scope, cumulative_unknown, subset, previous_year


def read_context(pt: PageText, kpi: Kpi, label_start: int, value_end: int) -> Context:
    """Year, period and scope of a value of ``kpi`` whose label starts at ``label_start``."""
    text = pt.text
    sent_start = pt.sentence_start(label_start)
    clause_start = pt.clause_start(label_start)
    prefix = text[sent_start:label_start]
    clause = text[clause_start:value_end]
    c = cues()
    flags: set[str] = set()
    if any(w in clause for w in c.target) or any(w in prefix for w in c.projection):
        flags.add("target")
    if _actual_follows(text, value_end, c):
        flags.add("target")  # 低于1.51吨标煤/万元，实际1.13吨标煤/万元: a limit, then the result
    per_unit = any(w in text[max(clause_start, label_start - _PER_UNIT_REACH) : value_end] for w in c.per_capita)
    if per_unit or _in_rate_run(text[sent_start:clause_start], c):
        flags.add("per_capita")
    # 由某研究所发起成立 names the founder, not the figure's owner
    scope_prefix = _without_founded_clauses(_own_row(text, prefix, label_start), c)
    if (
        _names_a_part(kpi, scope_prefix, clause, pt.own_names)
        or _names_another_company(scope_prefix, pt.own_names)
        or _segment_subject(prefix, c)
    ):
        flags.add("partial_scope")
    if _is_part_of_same(kpi, prefix):
        flags.add("subset")  # 其中美国专利授权103件; 申请专利1500项（自主品牌申请专利300项）
    kinds = without_enumerations(prefix)  # 围绕安全、特殊工种、新入职员工培训等内容: the whole range
    if kpi.parts and (any(w in kinds for w in kpi.parts) or _part_runs_into_label(kpi, text, sent_start, label_start)):
        flags.add("narrowed")  # 各类安全教育培训309次，接受培训8262人次: safety training only
    statement_start = _statement_start(text, sent_start, label_start)
    statement = without_enumerations(text[statement_start:label_start])
    if kpi.topics and _names_a_topic(kpi, statement + text[label_start:value_end]):
        flags.add("narrowed")  # 开展质量培训600次，培训人数10,676人: quality training only
    if kpi.gift and _names_a_recipient(_comma_clause(text, label_start), c):
        flags.add("partial_scope")
    if (
        _is_not_the_companys(kpi, prefix, text[clause_start:label_start], c)
        or _names_an_investee(text, scope_prefix, c)
        or (kpi.others_after and any(w in text[value_end : pt.sentence_end(value_end)] for w in kpi.others_after))
    ):
        flags.add("not_company")  # 接受初始捐赠800万元; 协助合作社…实现销售收入36.5万元; 某某控股实现营业收入;
        # 参训人数3200人，提升了经销商的销售技能 (others_after)
    if any(w in prefix or w in clause for w in c.estimate):
        flags.add("target")  # 经测算…每年可减少排放: an estimate, not a result
    year, period_start = _year_and_period(_without_founding(_without_bracketed_years(prefix), c), pt.report_year)
    if period_start is None and (
        _is_accumulated(kpi, prefix, text[clause_start:value_end], c)
        or (not kpi.stock and _runs_up_to_a_date(text[_after_last_value(pt, sent_start, label_start) : value_end], c))
    ):
        flags.add("cumulative_unknown")
    if period_start is None and year == pt.report_year and _earlier_year_follows(pt, sent_start, value_end, c):
        flags.add("undated_past")
    if period_start is None and any(w in text[clause_start:label_start] for w in c.previous_year):
        year = year - 1 if year == pt.report_year else year
        flags.add("previous_year")
    return Context(year, period_start, frozenset(flags))


# A year that opens a sentence: 2010年4月，… / 2013年，…
_OPENING_YEAR = re.compile(r"\s*((?:19|20)\d{2})\s*年")
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[〇零一二三四五六七八九]{4}年")


def _earlier_year_follows(pt: PageText, sent_start: int, value_end: int, c: Cues) -> bool:
    """The value's sentence names no year nor report period, and the next sentence of its paragraph
    opens with a year before the report's (汶川地震发生后，公司捐款50万元……。2010年4月，公司向…): an
    account of past years told in order, so the undated value is older still, not the report year's."""
    text = pt.text
    end = pt.sentence_end(value_end)
    sentence = text[sent_start:end]
    if _ANY_YEAR.search(sentence) or any(w in sentence for w in (*c.annual, *c.report_period)):
        return False
    nxt = text[end + 1 : end + 12]
    if "\n\n" in text[value_end : end + 1] or nxt.startswith("\n"):
        return False  # another paragraph
    m = _OPENING_YEAR.match(nxt)
    return m is not None and int(m.group(1)) < pt.report_year


def _own_row(text: str, prefix: str, label_start: int) -> str:
    """``prefix`` cut to the label's own line when that line is a continuation row of a grouped
    table (its first cell empty: ``\t依法纳税\t…``) and the label starts a cell: the rows above
    (…合作伙伴…, 建立供应商档案) are other rows' cells, naming no part of this row's figure."""
    line_start = text.rfind("\n", 0, label_start) + 1
    if not text.startswith("\t", line_start) or text[label_start - 1] != "\t":
        return prefix
    cut = len(prefix) - (label_start - line_start)
    return prefix[cut:] if cut > 0 else prefix


def _actual_follows(text: str, value_end: int, c: Cues) -> bool:
    return actual_value_start(text, value_end, c) is not None


def actual_value_start(text: str, value_end: int, c: Cues | None = None) -> int | None:
    """Where the figure actually reached starts when ``actual_after`` words follow the value (a comma
    or 而 between, then the number): ``低于4890吨，实际 4336吨`` -> the offset of ``4336``."""
    m = _ACTUAL.match(text, value_end)
    if m is None:
        return None
    words = (c or cues()).actual_after
    return m.end() if any(m.group(1) == w for w in words) else None


_ACTUAL = re.compile(r"\s*[，,；;]?\s*[而但]?\s*(实际[\u4e00-\u9fff]{0,2}?)\s*[为是达：:]?\s*(?=[0-9０-９约近超])")


def _statement_start(text: str, sent_start: int, label_start: int) -> int:
    """Where the label's statement starts: after the last semicolon before it in its sentence (开展应急
    培训等；全年共计培训1,598人次: the earlier statement's topic is not the count's)."""
    return max(text.rfind("；", sent_start, label_start), text.rfind(";", sent_start, label_start)) + 1 or sent_start


def _names_a_topic(kpi: Kpi, words: str) -> bool:
    """A topic word of ``kpi`` glued to a head word (质量培训, 外派 培训, 内训师培训) in ``words``;
    one word apart from the head (内训师资队伍) does not count. A topic framed right before the head
    (以诚信建设为主要内容的培训) names one topic too, whatever its words."""
    flat = _SPACES.sub("", words)
    return _topic_pattern(kpi.id).search(flat) is not None or _topic_frame().search(flat) is not None


@cache
def _topic_frame() -> re.Pattern[str]:
    ends = "|".join(map(re.escape, sorted(cues().topic_frame_ends, key=len, reverse=True)))
    heads = "|".join(map(re.escape, cues().topic_heads))
    return re.compile(rf"以[^，,。；;：:]{{1,20}}?(?:{ends})(?:{heads})")


@cache
def _topic_pattern(kpi_id: str) -> re.Pattern[str]:
    from ..catalog import load_catalog

    topics = "|".join(map(re.escape, load_catalog().get(kpi_id).topics))
    heads = "|".join(map(re.escape, cues().topic_heads))
    return re.compile(rf"(?:{topics})[\u4e00-\u9fffA-Za-z]{{0,2}}?(?:{heads})")


def _runs_up_to_a_date(words: str, c: Cues) -> bool:
    """截止2016年底，累计缴纳税费…: after the sentence's last value, a date the figure runs up to and a
    word that sums over years (2016年缴纳税费3.45亿元 before it dates only that value)."""
    return bool(_UNTIL_DATE.search(words)) and any(w in words for w in c.cumulative_sentence)


def _after_last_value(pt: PageText, start: int, end: int) -> int:
    """Where the words after the last value printed between ``start`` and ``end`` begin."""
    values = [q for q in pt.quantities_between(start, end) if is_value(q)]
    return values[-1].end if values else start


_COMMA_STOP = re.compile(r"[。！？!?；;，,\n]")


def _is_not_the_companys(kpi: Kpi, prefix: str, clause: str, c: Cues) -> bool:
    """Money a giving KPI received rather than gave (接受初始捐赠, 收到捐款), or a figure the sentence
    gives to someone the company helped (协助合作社…实现销售收入): the KPI's ``others`` words."""
    if kpi.gift and any(w in clause[-_RECEIVED_REACH:] for w in c.received):
        return True
    if kpi.unit in ("person", "person_time") and any(w in clause for w in c.acted_on):
        return True  # 慰问困难女职工41名: the people the company visited, not its staff
    return any(w in prefix for w in kpi.others)


_RECEIVED_REACH = 8


# （2018年：3,005名）: last year's figure printed beside this year's; its year dates nothing after it
_BRACKETED_YEAR = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年度?\s*[:：][^（()）]{0,30}[)）]")


def _without_bracketed_years(prefix: str) -> str:
    """The words before a label with bracketed comparison figures (（2018年：3,005名）) blanked out."""
    return _BRACKETED_YEAR.sub(lambda m: " " * len(m.group(0)), prefix)


def _without_founding(prefix: str, c: Cues) -> str:
    """The words before a label with the company's founding or listing date blanked out (公司成立于
    1998年，…): that year dates the company, not the value."""
    for m in reversed(list(YEAR_PHRASE.finditer(prefix))):
        before = prefix[max(0, m.start() - 4) : m.start()]
        if any(before.endswith(w) for w in c.founding) or _clause_ends_founded(prefix, m.end(), c):
            prefix = prefix[: m.start()] + " " * (m.end() - m.start()) + prefix[m.end() :]
    return prefix


def _without_founded_clauses(prefix: str, c: Cues) -> str:
    """The words before a label with each clause that a year opens and a founding verb ends blanked
    out, from the clause's start (某公司2001年由某集团发起成立，…): the founder it names owns no
    figure after it."""
    for m in reversed(list(YEAR_PHRASE.finditer(prefix))):
        if _clause_ends_founded(prefix, m.end(), c):
            start = max((prefix.rfind(p, 0, m.start()) for p in "，,；;。"), default=-1) + 1
            stop = _CLAUSE_END.search(prefix, m.end())
            end = stop.start() if stop else len(prefix)
            prefix = prefix[:start] + " " * (end - start) + prefix[end:]
    return prefix


def _clause_ends_founded(prefix: str, year_end: int, c: Cues) -> bool:
    """The clause a year opens ends, before the label's clause, with a founding verb (2000年8月由
    某研究所发起成立，现有员工…): the year dates the founding. A clause still open at the label
    (2016年成立的基金会捐赠…) or a verb with an object (2016年成立扶贫基金，) is not one."""
    stop = _CLAUSE_END.search(prefix, year_end)
    if stop is None:
        return False
    words = _SPACES.sub("", prefix[year_end : stop.start()])
    return any(words.endswith(w) for w in c.founded_clause_end)


_CLAUSE_END = re.compile(r"[，,；;。]")
_SPACES = re.compile(r"\s+")


_PART_OPENER = re.compile(r"其\s*中|[（(]")


def _is_part_of_same(kpi: Kpi, prefix: str) -> bool:
    """The label follows 其中 or an open bracket, after a mention of the same KPI in its sentence:
    a part of that value (申请专利1500项（自主品牌申请专利300项）, 授权专利…其中美国专利授权103件),
    not a value of its own. (员工4000人，其中女性员工1500人 is the women's own total.)"""
    from .labels import find_labels  # labels imports this module's cues; imported late

    for m in reversed(list(_PART_OPENER.finditer(prefix))):
        if m.group(0) in "（(" and prefix.count(")", m.end()) + prefix.count("）", m.end()):
            continue  # a bracket closed again before the label
        total = prefix[max(0, m.start() - _PART_REACH) : m.start()]
        if _YEAR_SLICE.match(prefix, m.end()) and any(w in total for w in cues().cumulative):
            return False  # 累计授权专利1,455件，其中2016年…授权520件: the year's own share of a running total
        # the value a part belongs to is printed just before its 其中 (授权专利2,386件，其中…); a
        # KPI's part of its child's value counts too (有效发明专利授权2,386件，其中美国专利授权103件)
        before = find_labels(total)
        return any(h.kpi.id in _related(kpi.id) for h in before) or _counts_another_group(kpi, before)
    return False


def _counts_another_group(kpi: Kpi, before: list[LabelHit]) -> bool:
    """The count just before 其中 is of other people than the ones the KPI's count is a part of
    (``part_of`` in kpis.yaml): 新招聘员工800人，其中女员工300人 counts the women among the new hires,
    not among the staff (员工4000人，其中女员工1500人 is the staff's)."""
    if kpi.part_of is None or not before:
        return False
    nearest = max(before, key=lambda h: h.start).kpi
    return nearest.unit in ("person", "person_time") and nearest.id not in (kpi.id, kpi.part_of)


@cache
def _related(kpi_id: str) -> frozenset[str]:
    """The KPI and its children (授权专利 and 发明专利授权): a value of either before 其中 makes
    the KPI's value after it a part. (A child's value after its parent's, 授权专利215项（其中发明专利
    47项）, is the child's own total.)"""
    from ..catalog import load_catalog

    catalog = load_catalog()
    kpi = catalog.get(kpi_id)
    # a child with parts of its own is a sibling count (申请专利…，授权…), not a part of this KPI
    return frozenset({kpi.id, *(c for c in kpi.children.values() if not catalog.get(c).children)})


_PART_REACH = 40
_YEAR_SLICE = re.compile(r"\s*[：:]?\s*(?:19|20)\d{2}\s*年")


def _names_a_recipient(clause: str, c: Cues) -> bool:
    """向某村捐赠…: one gift to one recipient; 向社会捐赠 (to society at large) is all the giving."""
    for r in c.recipient:
        for w in c.generic_recipients:
            clause = clause.replace(r + w, "")
    return any(w in clause for w in c.recipient)


def _segment_subject(prefix: str, c: Cues) -> bool:
    """医疗服务业务共计实现营业收入…: a named business segment is the subject right before the label
    (``segment_words``, ``segment_verbs`` of data/cues.yaml), so the figure is the segment's; 主营业务,
    各项业务 (``whole_business``) are the whole company's business."""
    words = re.sub(r"\s+", "", prefix)
    for _ in range(2):  # 共计实现, 全年实现: an adverb, then the verb (the label may have taken the verb)
        verb = next((v for v in c.segment_verbs if words.endswith(v)), "")
        words = words[: len(words) - len(verb)]
    word = next((w for w in c.segment_words if words.endswith(w)), None)
    if word is None or any(words.endswith(w) for w in c.whole_business):
        return False
    named = words[: -len(word)]
    return len(named) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in named[-2:])


def _comma_clause(text: str, pos: int) -> str:
    """The words before ``pos`` back to a comma or stop (向甲、乙捐赠: the 、 list stays in)."""
    start = max(0, pos - 60)
    for m in _COMMA_STOP.finditer(text, start, pos):
        start = m.end()
    return text[start:pos]


def _sums_the_sentence(prefix: str, word: str) -> bool:
    """``word`` (a ``cumulative_sentence`` cue) in an earlier clause, no year printed after it (自成立以来，
    主营业务未变，截至2016年12月31日，…实现营业收入: the later date is the figure's)."""
    prefix = _SPACES.sub("", prefix)  # 自成立 以来: a line break inside the cue
    at = prefix.rfind(word)
    if at >= 0 and word in cues().possession_verbs and _lists_units(prefix[at + len(word) :]):
        return False  # 拥有15个职能部门、控股子公司31家，…实现营业收入: the units the company has, counted
    return at >= 0 and _YEAR_WORD.search(prefix, at + len(word)) is None


_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年")
_COUNT_AFTER = re.compile(r"(?:共|近|约|超过)?\d")


def _last_annual(text: str, c: Cues) -> int:
    """Where the last word naming the year as a whole stands (全年, 报告期内: ``annual``), -1 if none; one the
    figure runs up to (截止报告期, 截至报告期末: the period's end, ``_UNTIL_BEFORE``) is a date, not the year."""
    last = -1
    for w in c.annual:
        at = text.rfind(w)
        while at >= 0 and _UNTIL_BEFORE.search(text[max(0, at - 4) : at]):
            at = text.rfind(w, 0, at)
        last = max(last, at)
    return last


def _lists_units(after_verb: str) -> bool:
    """After a possession verb, a count and the company's units in its clause (15个职能部门、控股子公司31家;
    ``partial_scope``, ``collective_scope`` and ``organisation_units`` of cues.yaml), not what it has
    earned over the years (拥有4个工艺包, 拥有授权专利638项)."""
    if not _COUNT_AFTER.match(after_verb):
        return False
    c = cues()
    clause = _COMMA_STOP.split(after_verb, 1)[0]
    return any(w in clause for w in (*c.partial_scope, *c.collective_scope, *c.organisation_units))


def _is_accumulated(kpi: Kpi, prefix: str, clause: str, c: Cues) -> bool:
    """Accumulated over an unknown number of years: 累计/以来 with no year of its own; for a flow, an
    open-ended date it runs up to (截至目前，已投入…); for a gift, any date it runs up to (截至2016年底，
    捐资总额超过4.5亿元: a company states its year's giving with the year, its history with 截至)."""
    own_year = _last_period_year(prefix)
    if _last_annual(clause, c) >= 0:
        return False
    annual = _last_annual(prefix, c)
    if annual >= 0:
        # 报告期内，基金会开展了5项工作：…公司连续四年结对帮扶，累计帮扶资金…: the nearer run of years
        # says what 累计 adds up, not the report period named before it
        spans = [m.start() for m in CONSECUTIVE_YEARS.finditer(prefix)]
        return bool(spans) and spans[-1] > max(annual, own_year) and any(w in clause for w in c.cumulative)
    if own_year < 0 and any(w in clause for w in c.cumulative):
        return True
    if own_year < 0 and not kpi.stock and any(_sums_the_sentence(prefix, w) for w in c.cumulative_sentence):
        return True  # 多年来累计资助了40名学生，捐款总额超过50万元 (a stock is no sum: 总资产)
    until = max((prefix.rfind(w) for w in c.until), default=-1)
    if kpi.gift and _UNTIL_DATE.search(prefix):
        return True
    return not kpi.stock and until > own_year


_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
def _scope_clauses(sentence_prefix: str) -> str:
    """The clauses before the label that can name who a value belongs to: all but those that only
    say where or what the company is (总部设在深圳，员工总数… is the whole company's headcount;
    ``describes_company`` in ``data/cues.yaml``)."""
    words = cues().describes_company
    return "，".join(p for p in _CLAUSE_SPLIT.split(sentence_prefix) if not any(w in p for w in words))


def _names_a_part(kpi: Kpi, sentence_prefix: str, clause: str, own_names: tuple[str, ...] = ()) -> bool:
    """True when the words before the label in its sentence name one part of the company: in the
    label's own clause, or in an earlier one unless the company is the subject there (公司完成项目
    验收，全年实现营业收入…: the project is what the company did) or in the label's clause (…，
    公司年度投入研发经费…: whatever came before, the figure is the company's). For a gift any
    earlier clause counts: a programme the company ran (公司开展…救助项目，共捐助资金…) is what
    the money went to, unless the clause counts its programmes (公司援建项目4项，投入…)."""
    if names_a_part(clause):
        return True
    sentence_prefix = _own_statement(sentence_prefix)
    *earlier, own = _CLAUSE_SPLIT.split(sentence_prefix)
    if kpi.gift and _states_the_years_total(clause):
        return False  # …公益项目的探索，全年对外捐赠总金额…: the year's whole giving, whatever came before
    if kpi.gift:  # ... unless it counts the programmes (公司援建项目4项，投入帮扶资金…; 对外捐赠项目360个，
        # 对外捐赠总额…: all of them)
        clauses = _CLAUSE_SPLIT.split(_scope_clauses(sentence_prefix))
        words = "，".join(_counted_parts().sub("", _SPACES.sub("", p)) for p in clauses)
        return names_a_part(words) or any(w in words for w in cues().gift_campaigns)
    if _company_is_subject(own, own_names):
        return False
    attributed = cues().attributed_leads
    kept = [
        p for p in earlier if not _company_is_subject(p, own_names) and not _SPACES.sub("", p).startswith(attributed)
    ]
    # a counted part (完成新产品项目21项，专利申请8项) is one item of a list of what the company did or has
    kept = [_counted_parts().sub("", _SPACES.sub("", p)) for p in kept]
    return names_a_part(_scope_clauses("，".join([*kept, own])))


def _states_the_years_total(clause: str) -> bool:
    """The clause says its figure is the year's whole (全年对外捐赠总金额…, 本年度捐赠合计…): an ``annual``
    word and a ``list_total_words`` one that is not itself annual.

    >>> _states_the_years_total("全年对外 捐赠总金额1,250.5万元"), _states_the_years_total("全年捐赠50万元")
    (True, False)
    """
    c = cues()
    flat = _SPACES.sub("", clause)
    totals = [w for w in c.list_total_words if w not in c.annual and w != "年度"]
    return any(w in flat for w in c.annual) and any(w in flat for w in totals)


def _own_statement(sentence_prefix: str) -> str:
    """The label's statement: what follows the last semicolon (获得某项目立项2项；新增专利授权57项: the
    project is the earlier statement's object), unless the statement before it starts with a part of the
    company, its subject and the next one's (某园区总用水量…；总用电量…; 公司总部组织培训…；组织视频培训…;
    not 归属于母公司…, 通过研发项目…: ``not_subject_leads`` in cues.yaml); the heading of a list before a
    colon is kept (某电厂：二氧化硫排放量…；氮氧化物排放量…)."""
    cut = max(sentence_prefix.rfind("；"), sentence_prefix.rfind(";"))
    if cut < 0:
        return sentence_prefix
    head, own = sentence_prefix[:cut], sentence_prefix[cut + 1 :]
    previous = head[max(head.rfind("；"), head.rfind(";")) + 1 :]
    start = _LEADING_TIME.sub("", _STATEMENT_LEAD.sub("", previous))
    if not start.startswith(cues().not_subject_leads) and names_a_part(start[:_SUBJECT_REACH]):
        return sentence_prefix
    colon = max(head.rfind("："), head.rfind(":"))
    return head[: colon + 1] + own if colon >= 0 else own


_STATEMENT_LEAD = re.compile(r"^[\s，,、]*(?:(?:19|20)\d{2}\s*年度?|全年|年内|报告期内)?[\s，,、]*")
_SUBJECT_REACH = 8  # characters of a statement's start that hold its subject


@cache
def _counted_parts() -> re.Pattern[str]:
    """A part word counted by the number after it (承担科技支撑项目2项, 新开门店79家, 项目验收2项 with a
    ``count_links`` word between): in an earlier clause it is one item of a list of what the company
    did or has (承担项目2项，新增授权专利31项), not whose figure the label gives. A year, date or serial
    number after the word (电厂2016年, 基地1号) still names the part. Counted before the word too (开展820期
    培训项目, 建成12个项目: ``count_classifiers``), but not as an ordinal (第3期项目)."""
    c = cues()
    words = "|".join(map(re.escape, sorted(c.partial_scope, key=len, reverse=True)))
    links = "|".join(map(re.escape, sorted(c.count_links, key=len, reverse=True)))
    counted = "|".join(map(re.escape, c.count_classifiers))
    return re.compile(
        rf"(?:{words})(?:{links})?\s*(?=\d)(?![\d,.]*\s*[年月日号期])"
        rf"|(?<![第\d.,])\d[\d,.]*\s*[余多]?(?:{counted})[^\d，,。；;：:\s]{{0,6}}?(?:{words})"
    )


_LEADING_TIME = re.compile(r"^(?:\s|(?:19|20)\d{2}\s*年度?|全年|年内|报告期内|报告期|本年度|当年|同时|此外|另外|目前)*")


def _company_is_subject(clause: str, own_names: tuple[str, ...]) -> bool:
    """The clause starts (after time words) with the company as its subject followed by what it
    did, not by one of its parts (公司完成… yes; 公司所属电厂… no). Subjects: ``company_subjects``
    of ``data/cues.yaml`` and the report's own names."""
    body = _LEADING_TIME.sub("", _SPACES.sub("", clause))
    c = cues()
    for subject in sorted((*c.company_subjects, *own_names), key=len, reverse=True):
        if subject and body.startswith(subject):
            rest = body[len(subject) :]
            return bool(rest) and rest[0] not in "（(" and not _starts_with_a_part(rest, c)
    return False


def _starts_with_a_part(rest: str, c: Cues) -> bool:
    """``rest`` (what follows the subject) opens with a part word, not one counting the company's parts
    (旗下拥有30余家子公司, 下属8个二级单位: ``possession_verbs``, then a number).

    >>> from csr_extract.candidates.base import cues
    >>> _starts_with_a_part("所属电厂完成…", cues()), _starts_with_a_part("旗下拥有30余家子公司", cues())
    (True, False)
    """
    for w in sorted((*c.partial_scope, *c.collective_scope), key=len, reverse=True):
        if rest.startswith(w):
            after = rest[len(w) :]
            verb = next((v for v in sorted(c.possession_verbs, key=len, reverse=True) if after.startswith(v)), "")
            return not after[len(verb) :][:1].isdigit()
    return False


# a formal company name (…有限公司, …分公司); a bare 公司 is too often "the company" or a verb's object
_COMPANY_NAME = re.compile(r"([\u4e00-\u9fff]{2,16}?)(?:股份有限公司|有限责任公司|有限公司|分公司)")


def names_another_company(words: str, own_names: tuple[str, ...]) -> bool:
    """``words`` name a formal company (…有限公司, …分公司) that is not the reporting one; with no
    own names known, any formal company name but a generic one."""
    if own_names:
        return _names_another_company(words, own_names)
    return any(not m.group(1).endswith(cues().generic_company_words) for m in _COMPANY_NAME.finditer(words))


def _names_another_company(prefix: str, own_names: tuple[str, ...]) -> bool:
    """The sentence's subject is a named company that is not the reporting one
    (合肥某某饮料有限公司的屋顶电站…, 负极公司共有授权专利…)."""
    if not own_names:
        return False
    for m in _COMPANY_NAME.finditer(prefix):
        name = m.group(0)
        if m.group(1).endswith(cues().generic_company_words) or any(o in name or name in o for o in own_names):
            continue
        return True
    return _names_a_member_by_short_name(prefix, own_names)


_MIN_NAME = 3


def _names_an_investee(text: str, scope_prefix: str, c: Cues) -> bool:
    """The sentence's subject is a company the page introduces as an investee (本集团参股的某某控股继续…;
    then 某某控股实现营业收入…): its name opens the sentence (after a year or date) and the words after
    an introduction, for three characters or more, none of them the company's own subject words."""
    body = _SUBJECT_LEAD.sub("", scope_prefix)
    if len(body) < _MIN_NAME or body.startswith(c.company_subjects) or body[:2] in _BRANDLESS:
        return False
    return body[:_MIN_NAME] in _investee_heads(text)


@lru_cache(maxsize=8)  # one page's text, asked for every reading on it
def _investee_heads(text: str) -> frozenset[str]:
    """The first characters of every name an investee introduction (``investee_intros``) opens."""
    intros = "|".join(map(re.escape, cues().investee_intros))
    return frozenset(text[m.end() : m.end() + _MIN_NAME] for m in re.finditer(intros, text))


_SUBJECT_LEAD = re.compile(r"^[\s，,、：:]*(?:(?:19|20)\d{2}\s*年(?:度|\d{1,2}月(?:\d{1,2}日)?)?[\s，,]*)?")

_BRANDLESS = ("中国", "公司", "集团", "有限", "股份")
_JOINED = re.compile(r"[及和与、暨]")  # a name's first two characters that say nothing of whose it is


def _names_a_member_by_short_name(prefix: str, own_names: tuple[str, ...]) -> bool:
    """The subject is a short name made of the group's brand, more words and a company ending
    (恒融湘江银行 and 恒融证券 in 中国恒融资产管理股份有限公司's report; 某某车辆 in 某某集团's): a member
    company. The report's own name (某商银行 in 中国某商银行股份有限公司), or its brand with 公司 (恒融公司,
    某某能源公司), is not."""
    for m in _short_name_pattern().finditer(prefix):
        core = m.group(1)
        brand = core[:2]
        if brand in _BRANDLESS or not any(brand in o for o in own_names):
            continue
        if _JOINED.search(core) or core.endswith(cues().generic_company_words):
            continue  # 某某集团和各子公司, 某某及下属公司: the company with its units
        name = m.group(0) if m.group(2) != "公司" else core  # 恒融公司 is 恒融; 恒融证券 is not
        if any(name in o for o in own_names):
            continue
        return True
    return False


@cache
def _short_name_pattern() -> re.Pattern[str]:
    ends = "|".join(map(re.escape, sorted(cues().short_name_ends, key=len, reverse=True)))
    return re.compile(rf"((?<![\u4e00-\u9fff])[\u4e00-\u9fff]{{2,8}}?)({ends})")


_UNTIL_DATE = re.compile(r"(?:截至|截止)(?:到|至)?\s*(?:19|20)\d{2}\s*年")
_UNTIL_BEFORE = re.compile(r"(?:截至|截止|截止到|到|至)\s*$")


def _last_period_year(text: str) -> int:
    """Where the last year stands that says which single year a figure covers (2020年累计…), as
    opposed to the date it runs up to (截至2020年底，累计…) which leaves its start unknown; -1 if none."""
    last = -1
    for m in YEAR_PHRASE.finditer(text):
        if _MIN_YEAR <= int(m.group(1)) <= _MAX_YEAR and not _UNTIL_BEFORE.search(text[: m.start()]):
            last = m.start()
    return last


_CJK_DIGITS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _recent_years(prefix: str) -> int | None:
    """近三年 / 过去5年 / 三年来 / 十年累计: the number of years a value adds up."""
    m = RECENT_YEARS.search(prefix)
    if m is None:
        return None
    n = m.group(1) or m.group(2) or m.group(3)
    return _CJK_DIGITS.get(n) or int(n)


def _year_and_period(prefix: str, report_year: int) -> tuple[int, int | None]:
    """The year (and first year of a period) that the words before a label give it."""
    c = cues()
    span = _recent_years(prefix)
    if span is not None:
        return report_year, report_year - span + 1
    for name, (first, last) in c.plan_periods.items():
        if re.search(re.escape(name) + r"[”\"’」』]?\s*(?:期间|时期|以来|内|中|末|来)", prefix):
            return last, first
    year, period_start = report_year, None
    for m in YEAR_PHRASE.finditer(prefix):
        y1 = int(m.group(1))
        if not _MIN_YEAR <= y1 <= _MAX_YEAR or COMPARISON_BEFORE.search(prefix[: m.start()]):
            continue
        if _COMPARED_WITH.search(prefix[: m.start()]) and _COMPARED_AFTER.match(prefix[m.end() :]):
            continue  # 与2015年12月31日3916名相比新增…: the base of a comparison
        if m.group(2):
            y2 = int(m.group(2))
            if _MIN_YEAR <= y2 <= _MAX_YEAR and y1 < y2:
                year, period_start = y2, y1
                continue
        if _SINCE.match(prefix[m.end() :]):
            year, period_start = report_year, y1
            continue
        year, period_start = y1, None
    if period_start is None and year != report_year and _names_report_period_after_last_year(prefix, c):
        year = report_year  # 受2015年订单下滑的影响，报告期内，公司营业收入…: the report's year
    return year, period_start


def _names_report_period_after_last_year(prefix: str, c: Cues) -> bool:
    years = [m.end() for m in YEAR_PHRASE.finditer(prefix)]
    tail = prefix[years[-1] :] if years else prefix
    return any(w in tail for w in c.report_period)
