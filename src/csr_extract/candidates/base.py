"""What every candidate finder shares: the ``Candidate`` record, the page being read, unit handling."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from ..catalog import Cues, Kpi, load_catalog, load_cues
from ..document import BBox, Page
from ..normalize import CleanText, opens_a_statement
from ..quantities import Quantity, find_quantities, parse_quantity, unit_dimension

VALUE_KINDS = frozenset({"quantity", "percent"})

_WS = re.compile(r"\s+")
# An ASCII ? between two Chinese characters is a glyph the text conversion could not map (累计上缴?费),
# not a question mark: it ends no sentence or clause.
_QUESTION_MARK = r"(?<![\u4e00-\u9fff])\?|\?(?![\u4e00-\u9fff])"
# A bullet inside a line (…模式； •完成扶贫捐赠…) starts an item of its own, like a bullet at a line start.
SENTENCE_MARK = re.compile(rf"[。！？!]|{_QUESTION_MARK}|\n\s*\n|(?<=[；;\s])[•●◆■▪►](?=\s*\S)")
_LIST_ITEM = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十]{1,3}[、）)]|[（(]?\d{1,2}[.、）)](?!\d)|[•·●■◆▪])")
LIST_ITEM = _LIST_ITEM  # an item's numbering or bullet (1. （二） 3、 •): no part of what it names
_CONTINUATION = "，,；;、：:"
# a label, a leader of dots and the value ending the line (上缴税费........1,234.5万元): a list's row
_LEADER_ROW = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*[-−]?[\d０-９][\d０-９,，.]*\s*[^\d\s，,。；;：:]{0,4}$")
_HEADING_WIDTH = 16  # a line this short that ends without a continuation mark is a heading or label
_REACH = 400  # a sentence is never taken to run further than this from the value
_CLAUSE_END = re.compile(rf"[。！？!；;，,、：:]|{_QUESTION_MARK}|\n")


def squash(text: str) -> str:
    """Whitespace runs (line breaks included) to one space: the form of every ``raw`` and ``evidence``."""
    return _WS.sub(" ", text).strip()


# The output's ``method`` of each finder (the first part of a rule id such as ``prose.after``).
_METHODS = {"table": "table", "layout": "layout", "prose": "prose", "breakdown": "layout"}


@dataclass(slots=True)
class Reading:
    """One reading of one KPI value, before mentions are merged.

    Finders fill in what they read: the value, its year, the rule that paired a label with the
    number (a key of ``data/scoring.yaml``'s ``base``), and flags for what the words around it say
    (``partial_scope``, ``target``, ...). ``confidence`` and ``trace`` are set by the score stage
    (``csr_extract.scoring``), never by a finder.
    """

    kpi: Kpi
    value: Decimal
    year: int
    raw: str
    evidence: str
    rule: str
    page: int | None = None
    bbox: BBox | None = None
    period_start: int | None = None
    qualifier: str | None = None
    change_yoy: Decimal | None = None
    flags: frozenset[str] = field(default_factory=frozenset)
    gap_chars: int = 0  # prose: characters between the label and the number
    gap_commas: int = 0
    offset: int = -1  # where the number sits in the page's clean text (-1: in a reader table)
    sentence: int = -1  # start of the sentence a prose reading came from (-1: not prose)
    label: str = ""  # the label as printed
    column: str | None = None  # table: the header of the value's column, as printed
    unit_source: str | None = None  # where the unit was stated: number, label, unit_column, header, caption, kpi
    currency: str | None = None  # an amount's currency when it is not CNY (a foreign_currency reading)
    confidence: float = 0.0
    trace: str = ""

    @property
    def method(self) -> str:
        """``prose``, ``layout`` or ``table``: how the value was printed."""
        return _METHODS[self.rule.split(".", 1)[0]]


@dataclass(slots=True)
class PageText:
    """A page's clean text with its quantities, shared by the finders that read it."""

    page: Page
    clean: CleanText
    report_year: int
    own_names: tuple[str, ...]
    quantities: list[Quantity]
    _starts: list[int] = field(default_factory=list)
    own: tuple[int, int] | None = None  # the page's own text in ``text`` when neighbours' words surround it
    _breaks: list[tuple[int, int]] | None = None
    _char_boxes: list[BBox | None] | None = None
    _line_boxes: list[tuple[int, str, BBox | None]] | None = None

    @classmethod
    def build(cls, page: Page, clean: CleanText, report_year: int, own_names: tuple[str, ...] = ()) -> PageText:
        qs = find_quantities(clean.text, default_currency=_REPORT_CURRENCY.get())
        return cls(page, clean, report_year, own_names, qs, [q.start for q in qs])

    @property
    def text(self) -> str:
        return self.clean.text

    @property
    def page_number(self) -> int | None:
        return self.page.number or None

    def quantities_from(self, pos: int) -> list[Quantity]:
        return self.quantities[bisect.bisect_left(self._starts, pos) :]

    def quantities_between(self, start: int, end: int) -> list[Quantity]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [q for q in self.quantities[lo:hi] if q.end <= end]

    def snippet(self, start: int, end: int) -> str:
        """``text[start:end]`` as the page prints it (traditional characters, Chinese-digit years),
        whitespace squashed: the form of every ``raw`` and ``evidence``."""
        if not self.clean.folded:
            return squash(self.text[start:end])
        span = self.clean.source_span(start, end)
        return squash(self.page.text[span[0] : span[1]]) if span else squash(self.text[start:end])

    def bbox(self, start: int, end: int) -> BBox | None:
        span = self.clean.source_span(start, end)
        return self.page.bbox_of(*span) if span else None

    def char_boxes(self) -> list[BBox | None]:
        """The box of each clean character (``bbox(i, i + 1)``), computed once per page: the grid
        reader looks at every character's box of every line."""
        if self._char_boxes is None:
            boxes = self.page.boxes
            self._char_boxes = (
                [None] * len(self.text)
                if boxes is None
                else [boxes[i] if 0 <= i < len(boxes) else None for i in self.clean.origin]
            )
        return self._char_boxes

    def line_boxes(self) -> list[tuple[int, str, BBox | None]]:
        """(start, text, box) of every line of the clean text, computed once per page (every reader
        table on the page looks for the lines above and inside it); None for a blank line."""
        if self._line_boxes is None:
            out: list[tuple[int, str, BBox | None]] = []
            pos = 0
            for line in self.text.split("\n"):
                out.append((pos, line, self.bbox(pos, pos + len(line)) if line.strip() else None))
                pos += len(line) + 1
            self._line_boxes = out
        return self._line_boxes

    def sentence_start(self, pos: int) -> int:
        breaks = self._sentence_breaks()
        i = bisect.bisect_right(breaks, (pos, pos)) - 1
        while i >= 0 and breaks[i][1] > pos:
            i -= 1
        last = breaks[i][1] if i >= 0 else 0
        return max(last, pos - _REACH)

    def sentence_end(self, pos: int) -> int:
        breaks = self._sentence_breaks()
        i = bisect.bisect_left(breaks, (pos, pos))
        end = breaks[i][0] if i < len(breaks) else len(self.text)
        return min(end, pos + _REACH)

    def _sentence_breaks(self) -> list[tuple[int, int]]:
        """(start, end) of every sentence break, computed once per page.

        A sentence ends at 。！？ and at a blank line, and before a year opening a statement that a text
        dump joined to the heading before it with a space (…合规管理 2016年，公司…). A single line break
        ends one only before a list item (二、 （一） 1.), after a short line that ends without a
        continuation mark (a heading), or before a line opening with its year after a line ending in
        words (normalize's ``opens_a_statement``: …有限公司 | 2016年，公司…), or after a leader row (营业收入
        ........12.3亿元: a label, a run of dots and its value, one figure of a list): normalize joined the
        wrapped prose it recognised, and a wrap it missed must not cut a sentence from the words
        (截至…, 所属…) that qualify its values.
        """
        if self._breaks is None:
            text = self.text
            found = [(m.start(), m.end()) for m in SENTENCE_MARK.finditer(text)]
            found += [(m.start(), m.end()) for m in _heading_before_year().finditer(text)]
            pos = 0
            for line in text.split("\n")[:-1]:
                newline = pos + len(line)
                body = line.strip()
                if body and (
                    _LIST_ITEM.match(text, newline + 1)
                    or (len(body) <= _HEADING_WIDTH and body[-1] not in _CONTINUATION)
                    or opens_a_statement(body, text[newline + 1 : newline + 12])
                    or _LEADER_ROW.search(body)
                ):
                    found.append((newline, newline + 1))
                pos = newline + 1
            self._breaks = sorted(found)
        return self._breaks

    def clause_start(self, pos: int) -> int:
        last = max(0, pos - 120)
        for m in _CLAUSE_END.finditer(self.text, last, pos):
            last = m.end()
        return last

    def clause_start_across_wraps(self, pos: int) -> int:
        """``clause_start``, but a line break that wraps prose (the line before is longer than a
        heading, holds no tab and ends in words, not punctuation or an amount: 每月节\\n约用电…)
        ends no clause; a line of a list ending in its value (社会贡献值 每股1.45元) does."""
        start = self.clause_start(pos)
        if start > 0 and self.text[start - 1] == "\n":
            prev = self.text[self.text.rfind("\n", 0, start - 1) + 1 : start - 1].strip()
            if len(prev) > _HEADING_WIDTH and "\t" not in prev and _WRAPPED_MID_WORD.search(prev):
                start = self.clause_start(start - 1)
        return start


@cache
def _heading_before_year() -> re.Pattern[str]:
    """The space between a heading's last word and a year opening a new statement (…合规管理 2016年，),
    not after a ``time_prepositions`` word (截至 2016年，…)."""
    words = "".join(f"(?<!{re.escape(w)})" for w in cues().time_prepositions)
    return re.compile(rf"(?<=[\u4e00-\u9fff]){words}[ \t]+(?=(?:19|20)\d{{2}}\s*年度?\s*[，,])")


_WRAPPED_MID_WORD = re.compile(r"[^\W\d_A-Za-z]{3}$")  # three CJK characters end the line


def cues() -> Cues:
    return load_cues()


def names_a_part(words: str) -> bool:
    """True when ``words`` name one part of the company (所属华东分公司, 某电厂, 集团旗下某连锁品牌),
    the company's units taken together (所属企业, 各级企业) aside; OCR spaces are ignored."""
    c = cues()
    scrubbed = _practices().sub("", _collective_group().sub("", _WS.sub("", words)))
    scrubbed = _SOME_TIME_OR_KIND.sub("", scrubbed)  # 某年, 某些, 某种: no unit of the company
    for w in c.collective_scope:
        scrubbed = scrubbed.replace(w, "")
    return any(w in scrubbed for w in c.partial_scope)


_SOME_TIME_OR_KIND = re.compile(r"某(?=[年月日些种类])")


@cache
def _practices() -> re.Pattern[str]:
    """项目管理 (a practice, naming no part) unless a unit word follows (项目管理部: a department)."""
    c = cues()
    words = "|".join(map(re.escape, sorted(c.part_word_practices, key=len, reverse=True)))
    units = "|".join(map(re.escape, sorted(c.practice_unit_suffixes, key=len, reverse=True)))
    return re.compile(rf"(?:{words})(?!{units})")


@cache
def _collective_group() -> re.Pattern[str]:
    """公司及下属控股子公司, 集团和所属各单位, 公司本部及所属公司: the company (or its head office)
    together with its units (the ``collective_heads``, ``collective_joiners`` and
    ``collective_units`` of ``data/cues.yaml``), the whole group."""
    c = cues()
    heads = "|".join(map(re.escape, sorted(c.collective_heads, key=len, reverse=True)))
    joiners = "|".join(map(re.escape, sorted(c.collective_joiners, key=len, reverse=True)))
    units = "|".join(map(re.escape, sorted(c.collective_units, key=len, reverse=True)))
    return re.compile(rf"(?:{heads})?(?:{joiners})[^，,。；;：:、]{{0,8}}?(?:{units})")


def names_the_rest(before: str) -> bool:
    """``before`` (the words right before a KPI's name) ends with 其他 / 其它 glued to it: the name is the
    rest of a breakdown (其他捐赠300万元), one part of the KPI, unless a joining word comes first
    (扶贫和其他公益支出: the listed items and the rest together). OCR spaces are ignored.

    >>> names_the_rest("；其他"), names_the_rest("扶贫和其他"), names_the_rest("员工")
    (True, False, False)
    """
    c = cues()
    flat = _WS.sub("", before)
    for w in c.residual_words:
        if flat.endswith(w):
            return not flat[: -len(w)].endswith(c.residual_joiners)
    return False


def label_flags(prefix: str, kpi: Kpi | None = None) -> frozenset[str]:
    """Flags of a value read from a whole label (table row, layout line) whose KPI name has
    ``prefix`` before it: a target or per-capita word there vetoes it; a part of the company
    (下属某电厂) narrows its scope, a part of the KPI (外籍员工, 直接温室气体排放, 办公用电) narrows
    the value; words that only say it is the whole company's year (全年, 合并, 公司) change nothing;
    any other words make the label less sure."""
    c = cues()
    flags = set()
    if any(w in prefix for w in c.target):
        flags.add("target")
    if any(w in prefix for w in c.per_capita):
        flags.add("per_capita")
    if (any(w in prefix for w in c.cumulative) or RECENT_YEARS.search(prefix)) and not any(
        w in prefix for w in c.annual
    ):
        flags.add("cumulative_unknown")  # 历年精准扶贫投入总额, 近三年上缴税费总额: a sum over years
    if names_a_part(prefix):
        flags.add("partial_scope")
    elif names_the_rest(prefix) or any(w in prefix for w in c.part_of_kpi) or (
        kpi is not None and any(w in prefix for w in (*kpi.parts, *kpi.topics))
    ):
        flags.add("narrowed")
    rest = _WS.sub("", prefix).strip("：:·•-—+*■●◆▲、，,")
    for w in sorted(c.whole_company_words, key=len, reverse=True):
        rest = rest.replace(w, "")
    if rest:
        flags.add("label_prefix")
    return frozenset(flags)


# 近三年 / 过去5年 / 三年来 / 十年累计 (a count of years right before 累计, not a year: 2016年累计): a value
# that adds up that many years
RECENT_YEARS = re.compile(
    r"(?:近|最近|过去|前)([2-9二三四五六七八九十两]|[1-9][0-9])年(?:来|间|内|中)?"
    r"|(?<![\d〇零一二三四五六七八九十两])([2-9二三四五六七八九十两]|[1-9][0-9])年来"
    r"|(?<![\d〇零一二三四五六七八九十两])([2-9二三四五六七八九十两]|[1-9][0-9])年(?:间|内|中)?(?=\s?(?:累计|共计|合计|总计))"
)
# 连续四年 / 持续5年: a run of years a later 累计 adds up (连续三年获评… alone names no sum)
CONSECUTIVE_YEARS = re.compile(r"(?:连续|持续)\s*(?:[2-9二三四五六七八九十两]|[1-9][0-9])\s*年")


def kpi_by_id(kpi_id: str) -> Kpi:
    return load_catalog().get(kpi_id)


def convert(
    q: Quantity,
    kpi: Kpi,
    scale: Decimal | None = None,
    unit: str | None = None,
    units: frozenset[str] | None = None,
) -> Decimal | None:
    """``q`` in the KPI's canonical unit, or None when its unit cannot fill the KPI.

    A bare number takes the unit of its label or column (``scale``/``unit``, e.g. from 营业收入（亿元）).
    ``units`` are the only units the label allows (培训…人次: a count of person-times, not of people).
    A range (3-5万元, 数十万元, 十几人) fills no KPI: its value is not known.
    """
    if q.low is not None and q.high is not None and q.low != q.high:
        return None
    value, q_unit = q.value, q.unit
    if q.currency not in (None, "CNY") and "CNY" in kpi.unit:
        return None  # HK$ (or 吨标准煤/万港元) never fills a CNY KPI
    if q_unit is None and unit is not None and scale is not None:
        value, q_unit = value * scale, unit
    if units is not None and q_unit not in units and not (q_unit in kpi.accepts and kpi.unit in units):
        return None  # (a unit the KPI takes in place of its own counts as its own: 吨 of CO2)
    if q_unit == kpi.unit:
        return value
    if q_unit is not None and q_unit in kpi.accepts:
        return value * Decimal(str(kpi.accepts[q_unit]))
    return None


def foreign_code(q: Quantity, unit: str | None = None) -> str | None:
    """The currency of ``q`` (or of the unit its label gives a bare number) when it is not CNY."""
    code = q.currency if q.unit is not None else unit
    return code if code not in (None, "CNY") and unit_dimension(code) == "currency" else None


def foreign_money(q: Quantity, kpi: Kpi, scale: Decimal | None = None, unit: str | None = None) -> Decimal | None:
    """An amount of another currency (港币1,000万元, or a bare number under （港币千元）) read for a
    KPI whose unit is CNY: its value in that currency, which the reading keeps only to name it in the
    report's warnings (flag ``foreign_currency``, vetoed). None for anything else."""
    if kpi.unit != "CNY" or foreign_code(q, unit) is None:
        return None
    return q.value if q.unit is not None or scale is None else q.value * scale


_ANNOTATION = re.compile(r"[（(]\s*([^（()）]{1,16}?)\s*[)）]")


def unit_of_annotation(text: str) -> tuple[Decimal, str] | None:
    """The unit named in a label's parentheses (营业收入（亿元）, 营业收入(单位：亿元) -> (1e8, CNY));
    None if none is a unit."""
    in_coal = _COAL_EQUIVALENT.search(text) is not None
    for m in _ANNOTATION.finditer(text):
        words = m.group(1)
        noted = _NOTED_UNIT.search(words)  # （含资本化开支，单位：亿元）: a note, then the unit
        words = _PER_YEAR.sub("", _UNIT_WORD.sub("", words[noted.end() :] if noted else words))
        parsed = parse_unit(words)
        if parsed is None and in_coal:  # （折标准煤，吨）: the note, then the unit
            parsed = parse_unit(re.split(r"[，,]", words)[-1])
        if parsed is None and _DAMAGED_PERCENT.match(words):
            parsed = (Decimal("0.01"), "ratio")  # （°%), （%o): a percent sign with OCR noise
        if parsed is not None and in_coal and parsed[1] == "t":
            return parsed[0], "tce"  # 综合能耗（折合成标煤）（单位：千克）: kilograms of coal equivalent
        if parsed is not None:
            return parsed
    return None


_COAL_EQUIVALENT = re.compile(r"[（(][^（()）]*(?:折|以)[合算成]*标准?煤[计]?[^（()）]*[)）]")
_DAMAGED_PERCENT = re.compile(r"^\W{0,2}[%％]\W{0,2}$|^[°o]{1,2}[%％]?$")


_UNIT_WORD = re.compile(r"^\s*(?:计量|金额)?单位\s*[:：]?\s*")
# 总耗电量（千瓦时/年）, COD排放量（吨/年）: an amount per year, in a column of one year, is that
# year's amount in the unit before the slash
_NOTED_UNIT = re.compile(r"[，,；;]\s*(?=(?:计量|金额)?单位\s*[:：])")
_PER_YEAR = re.compile(r"\s*(?:/|每)\s*(?:年|a)\s*$")
_PER_UNIT_CELL = re.compile(r"^[^\d\s]{1,6}\s*/\s*[^\d\s]{1,4}$")


def looks_like_unit(text: str) -> bool:
    """A cell that states a unit, readable or not (亿元, %, 小时/人, 元/吨): a table's unit column."""
    text = text.strip()
    return bool(text) and (parse_unit(text) is not None or bool(_PER_UNIT_CELL.match(text)))


_MAX_UNIT_TEXT = 16


# The currency a bare 元 means in the report being read (a Hong Kong report's 元 is HK$): set for
# the length of one report's reading by ``report_currency``, read by every quantity parse below.
_REPORT_CURRENCY: ContextVar[str | None] = ContextVar("report_currency", default=None)


@contextmanager
def report_currency(code: str | None) -> Iterator[None]:
    """Within this block a bare 元 is ``code`` (None: CNY)."""
    token = _REPORT_CURRENCY.set(code)
    try:
        yield
    finally:
        _REPORT_CURRENCY.reset(token)


def current_currency() -> str | None:
    return _REPORT_CURRENCY.get()


def parse_unit(unit_text: str) -> tuple[Decimal, str] | None:
    """Scale and unit code of a unit written alone (亿元, 万吨标准煤, %, tCO2); 元 is the report's
    currency (``report_currency``), 人民币万元 always CNY."""
    return _parse_unit(unit_text, _REPORT_CURRENCY.get())


@lru_cache(maxsize=4096)
def _parse_unit(unit_text: str, currency: str | None) -> tuple[Decimal, str] | None:
    unit_text = unit_text.strip().strip("/：: ")
    if len(unit_text) > _MAX_UNIT_TEXT:
        return None
    if unit_text.startswith(("人民币", "RMB")) and len(unit_text) > 3:
        unit_text = unit_text.removeprefix("人民币").removeprefix("RMB").strip() or unit_text
        currency = "CNY"
    if not unit_text or unit_text[0].isdigit():
        return None
    try:
        q = parse_quantity("1" + unit_text, default_currency=currency)
    except (ValueError, InvalidOperation):
        return None
    if q.unit is None or q.raw.replace(" ", "") != ("1" + unit_text).replace(" ", ""):
        return None
    return q.value, q.unit


_LEADING_NUMBER = re.compile(r"^\D*?[-−]?[\d０-９][\d０-９,，.．\s]*")


def printed_unit(q: Quantity) -> tuple[Decimal, str] | None:
    """Scale and unit of what follows the digits of ``q`` (1,958 亿元 -> (1e8, CNY)), for the bare
    numbers printed beside it."""
    m = _LEADING_NUMBER.match(q.raw)
    if m is None:
        return None
    return parse_unit(q.raw[m.end() :].strip().lstrip("余多几").strip())


_LONE_NUMERAL = re.compile(r"^[一二两三四五六七八九十]$")
_LEADING_ZERO = re.compile(r"^0[\d,，]")  # "08", "0,745": a misread, not a number anyone prints


def is_value(q: Quantity) -> bool:
    """A quantity that can be a KPI value: not a year, date, code or ordinal, not a lone Chinese
    numeral (一位, 两项: prose, not data; 一 is also how OCR reads a dash in a table), not an
    integer printed with a leading zero."""
    digits = q.number_raw.strip()
    return q.kind in VALUE_KINDS and not _LONE_NUMERAL.match(digits) and not _LEADING_ZERO.match(digits)
