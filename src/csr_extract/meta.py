"""Report metadata read from the document itself: the report year, the company's registered name and
its stock code.

The name and code are keys an analyst joins on, so each is given only when the text says it plainly
(``data/identity.yaml``): a stock code after its label (证券代码 / 股票代码 / 股份代号 …) or with its
exchange's suffix, not another company's (a subsidiary, a shareholder); a registered name (…股份有限公司)
that the report uses for itself, never a sentence fragment, a generic word or a third party. When in
doubt: None.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .document import Document
from .normalize import fold_chinese

_HEAD_CHARS = 4000  # title, cover and the first pages
_NAME_HEAD_CHARS = 8000  # where the registered name is looked for
_ANY_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?!\d)")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SHORT_NAME = re.compile(r"(?:简称|以下称|以下简称)[“\"「『]([^”\"」』]{2,20})[”\"」』]")
_FULL_NAME = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?(?:股份有限公司|有限责任公司|集团有限公司|有限公司|集团))")
_MIN_YEAR, _MAX_YEAR = 1990, 2035


# -- the rule data ---------------------------------------------------------------------------------


class IdentityExample(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str
    company: str | None
    stock_code: str | None


class YearExample(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str
    year: int | None


class YearRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    titles: tuple[str, ...] = Field(min_length=1)
    name_gap: int = Field(gt=0)
    not_in_gap: tuple[str, ...]
    cover_reach: int = Field(gt=0)
    period_labels: tuple[str, ...] = Field(min_length=1)
    not_before_year: tuple[str, ...]
    covers_verbs: tuple[str, ...] = Field(min_length=1)
    examples: tuple[YearExample, ...]


class IdentityRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code_labels: tuple[str, ...]
    bare_labels: tuple[str, ...]
    bare_label_reach: int = Field(gt=0)
    exchanges: dict[str, tuple[str, ...]]
    code_markers: dict[str, tuple[str, ...]]
    a_share_prefixes: dict[str, tuple[str, ...]]
    b_share_prefixes: dict[str, tuple[str, ...]]
    other_company_cues: tuple[str, ...]
    other_company_reach: int = Field(gt=0)
    neeq_min_mentions: int = Field(gt=0)
    list_item_not: tuple[str, ...]
    name_suffixes: tuple[str, ...]
    short_suffixes: tuple[str, ...]
    name_length: tuple[int, int]
    name_openers: tuple[str, ...]
    opener_chars: tuple[str, ...]
    not_in_name: tuple[str, ...]
    generic_name_starts: tuple[str, ...]
    generic_name_words: tuple[str, ...]
    third_party_words: tuple[str, ...]
    self_aliases: tuple[str, ...]
    self_after: tuple[str, ...]
    self_before: tuple[str, ...]
    report_titles: tuple[str, ...]
    self_points: int = Field(gt=0)
    short_name_points: int = Field(ge=0)
    min_points: int = Field(gt=0)
    report_year: YearRules
    examples: tuple[IdentityExample, ...]


@cache
def load_identity_rules() -> IdentityRules:
    text = resources.files("csr_extract").joinpath("data/identity.yaml").read_text(encoding="utf-8")
    return IdentityRules.model_validate(yaml.safe_load(text))


def _alternation(words: Iterable[str], spaced: bool = False) -> str:
    """A regex alternation, longest first; ``spaced`` lets whitespace stand between the characters."""
    parts = sorted(set(words), key=len, reverse=True)
    if spaced:
        return "|".join(r"\s*".join(re.escape(ch) for ch in w if not ch.isspace()) for w in parts)
    return "|".join(re.escape(w) for w in parts)


@dataclass(frozen=True, slots=True)
class _Patterns:
    label: re.Pattern[str]
    bare: re.Pattern[str]
    suffixed: re.Pattern[str]
    prefixed: re.Pattern[str]
    name_before: re.Pattern[str]
    exchange_before: re.Pattern[str]
    other_company: re.Pattern[str]
    name_suffix: re.Pattern[str]
    opener: re.Pattern[str]
    self_after: re.Pattern[str]
    short_name: re.Pattern[str]
    self_before_end: re.Pattern[str]


_CJK = "\u3400-\u9fff\uf900-\ufaff"
_NAME_CHAR = f"[{_CJK}（）()A-Z]"  # TCL集团股份有限公司
# spaces a text conversion puts inside a name (北京某某股 份有限公司); a line break stays a boundary
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}（）()])[ \u3000\u00a0]+(?=[{_CJK}（）()])")
# the number after a label: 6 digits (A share) or 1-5 (Hong Kong: 825, 0825, 08988), spaces between
# digits allowed
_CODE_AFTER_LABEL = (
    r"[\s:：“”\"'「」『』（(【】\[\]为為是]*(?:(?P<marker>{markers})\s*)?(?P<code>\d(?:[ \t]?\d){{0,5}})(?![\d.]\d)"
    r"(?:\s*[.．\-－]?\s*(?P<suffix>{suffixes})(?![A-Za-z]))?"
)


@cache
def _patterns() -> _Patterns:
    rules = load_identity_rules()
    markers = _alternation(w for ws in rules.code_markers.values() for w in ws)
    suffixes = _alternation(w for key, ws in rules.code_markers.items() if key != "A" for w in ws if w.isascii())
    after = _CODE_AFTER_LABEL.format(markers=markers, suffixes=suffixes)
    exchange_words = [w for ws in rules.exchanges.values() for w in ws]
    aliases = _alternation(rules.self_aliases)
    return _Patterns(
        label=re.compile(f"(?:{_alternation(rules.code_labels, spaced=True)}){after}"),
        bare=re.compile(f"(?:{_alternation(rules.bare_labels, spaced=True)}){after}"),
        suffixed=re.compile(rf"(?<![\d.])(?P<code>\d{{6}}|\d{{1,5}})\s?[.．\-－]\s?(?P<suffix>{suffixes})(?![A-Za-z])"),
        prefixed=re.compile(
            rf"(?<![A-Za-z])(?P<suffix>{suffixes})\s?[.．:：]\s?(?P<code>\d{{6}}|\d{{1,5}})(?![\d.]\d)"
        ),
        name_before=re.compile(rf"(?P<suffix>{_alternation(rules.name_suffixes)})\s*[（(][^（()）。]{{0,30}}$"),
        exchange_before=re.compile(f"(?:{_alternation(exchange_words)})"),
        other_company=re.compile(_alternation(rules.other_company_cues)),
        name_suffix=re.compile(_alternation(rules.name_suffixes)),
        opener=re.compile(_alternation(rules.name_openers)),
        self_after=re.compile(
            rf"^[\s（(“\"]*(?:{_alternation(rules.self_after)}|(?:\d{{4}}\s*年?\s*度?)?\s*"
            rf"(?:{_alternation(rules.report_titles)})"
            rf"|(?:以下|全文|下文)?\s*(?:简称|簡稱|称|稱)[^）)。\n]{{0,30}}?[“\"「『]\s*(?:{aliases})\s*[”\"」』])"
        ),
        short_name=re.compile(r"^\s*[（(]\s*(?:以下|全文|下文)?\s*(?:简\s*称|簡\s*稱)"),  # 简\n称: a line break
        self_before_end=re.compile(
            rf"(?:(?:{_alternation(rules.self_before)})|(?:{_alternation(rules.report_titles)})\s*[|\n]"
            rf"|[“\"「『]\s*(?:{aliases})\s*[”\"」』][^。\n]{{0,20}}?(?:均指|均代表|均系指|是指|指|代表|即))"
            rf"[\s:：“\"|]*$"
        ),
    )


# -- the report year -------------------------------------------------------------------------------


# a year, or a financial year across two (2016/17, 2016/2017: the claim is the year it ends in)
_YEAR = (
    r"(?<![\d.])(?P<year>(?:19|20)\d{2})"
    r"(?:[^\S\n]*[/／][^\S\n]*(?P<fy_end>(?:19|20)\d{2}|\d{2}))?(?![\d/／])"
)
# 2020, 2020年, 2020年度, 2020年年度, 2020财政年度, 2020财年
_YEAR_SUFFIX = r"(?:[^\S\n]*年(?:[^\S\n]*年)?(?:[^\S\n]*度)?|[^\S\n]*(?:财政年度|财务年度|财年))?"
_CITED_REACH = 40  # characters before a title's year searched for an open 《
_CN_DIGIT = "一二三四五六七八九〇○零"
# a financial year in Chinese digits (二零一六/一七财政年度): fold_chinese turns only 二〇一六年 to digits
_CN_FY = re.compile(
    rf"[{_CN_DIGIT}]{{4}}(?:[^\S\n]*[/／][^\S\n]*[{_CN_DIGIT}]{{2}}(?:[{_CN_DIGIT}]{{2}})?)?"
    r"(?=[^\S\n]*(?:财政年度|财务年度|财年|年度))"
)
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


@dataclass(frozen=True, slots=True)
class _YearPatterns:
    glued: re.Pattern[str]  # 2020年度社会责任报告, anywhere
    year_first: re.Pattern[str]  # 2020示例证券社会责任报告, at the start of a line
    title_first: re.Pattern[str]  # CSR REPORT 2020, 可持续发展报告2020
    title_line: re.Pattern[str]  # a line holding a title
    year_line: re.Pattern[str]  # a line holding only a year (and a name)
    period: re.Pattern[str]
    covers: re.Pattern[str]


@cache
def _year_patterns() -> _YearPatterns:
    rules = load_identity_rules().report_year
    chinese = [w for w in rules.titles if not w.isascii()]
    english = [w for w in rules.titles if w.isascii()]
    # spaces may stand between a title's characters, not a tab or a line break (they part cells or lines)
    title = "|".join(
        "[ \u3000]*".join(re.escape(ch) for ch in w if ch != " ") for w in sorted(chinese, key=len, reverse=True)
    )
    title = f"(?:{title}|(?i:{_alternation(english, spaced=True)}))"
    # a name between a year and a title: no digit, punctuation, line break, 年 or 报告 (a sentence)
    stop = _alternation(("报告", "年", *rules.not_in_gap))
    gap = rf"(?:(?!{stop})[{_CJK}A-Za-z&·（）() ]){{0,{rules.name_gap}}}?"
    gap_after = rf"(?:(?!{stop})[{_CJK}A-Za-z&· ]){{0,{rules.name_gap}}}?"  # 指南（2014）: a bracket cites
    line_end = rf"(?=[^\n，。；！？,;]{{0,{rules.name_gap}}}(?:\n|$))"  # a title line, not a sentence
    sp = "[ \u3000]*"  # spaces, not a tab: a tab parts a table's cells
    # from a first day to a month's end (2020年1月1日至2020年12月31日, 2019年7月1日至2020年6月30日,
    # 2020年1月1日-12月31日), or the year ended (截至2020年12月31日止, 截至2020年6月30日止年度);
    # ``_period_year`` checks that the span is a calendar or financial year
    period_end = (
        r"(?P<from>(?:19|20)\d{2})\s*年\s*(?P<from_month>\d{1,2})\s*月\s*1\s*[日曰]\s*(?:至|到|-|—|～|~)\s*"  # 曰: OCR
        r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{2})\s*[日曰]"
        r"|截至\s*(?P<year2>(?:19|20)\d{2})\s*年\s*(?P<month2>\d{1,2})\s*月\s*(?P<day2>\d{2})\s*[日曰]\s*止"
        r"(?P<fy>[^\S\n]*[之的]?[^\S\n]*(?:财政年度|财务年度|财年|年度|十二个月|12个月))?"
    )
    return _YearPatterns(
        glued=re.compile(_YEAR + _YEAR_SUFFIX + sp + title),
        year_first=re.compile(rf"^[^\n{_CJK}]{{0,6}}?{_YEAR}{_YEAR_SUFFIX}{sp}{gap}{sp}{title}{line_end}", re.M),
        title_first=re.compile(rf"{title}{sp}{gap_after}{sp}{_YEAR}(?!{sp}年)"),  # not 报告自2010年起
        title_line=re.compile(rf"^[^\n]*{title}[^\n]*$", re.M),
        year_line=re.compile(
            rf"^[^\S\n]*(?P<before>[^\d\n，。；：:,;]{{0,{rules.name_gap}}}?){_YEAR}{_YEAR_SUFFIX}[^\S\n]*$",
            re.M,
        ),
        period=re.compile(rf"(?:{_alternation(rules.period_labels)})[^。\n]{{0,60}}?(?:{period_end})"),
        covers=re.compile(
            rf"本报告[^。\n《]{{0,20}}?(?:{_alternation(rules.covers_verbs)})[^。\d《\n]{{0,12}}?{_YEAR}[^\S\n]*(?:财政年度|财务年度|财年|年)"
            r"(?![^\S\n]*度?[^\S\n]*(?:[至到后以起\-—~～]|\d))"
        ),
    )


@dataclass(frozen=True, slots=True)
class _Claim:
    year: int
    key: str  # the claim's words: one claim printed on every page (a running header) counts once
    position: int
    cited: bool  # in a book title (《2019年社会责任报告》): maybe another report
    weight: int = 2  # a title inside a sentence (议案：公司2019年社会责任报告；) weighs 1


def find_report_year(text: str) -> int | None:
    """The year a report's own words say it covers: its title (on the cover, a running header, a line
    apart from the year) and its stated period. Each distinct claim counts once, a title inside a
    sentence half; the year with the most wins, a tie goes to the earliest. Titles in 《》 count only
    when nothing else does (the latest of them). None when the text claims no year."""
    folded = _CN_FY.sub(lambda m: m.group(0).translate(_CN_DIGITS), fold_chinese(text))
    claims = [c for c in _year_claims(folded) if _MIN_YEAR <= c.year <= _MAX_YEAR]
    own = [c for c in claims if not c.cited]
    if not own:
        return max((c.year for c in claims), default=None)
    weights: dict[str, int] = defaultdict(int)
    first: dict[int, int] = {}
    for c in sorted(own, key=lambda c: c.position):
        weights[c.key] = max(weights[c.key], c.weight)
        first.setdefault(c.year, c.position)
    votes: Counter[int] = Counter()
    for c in own:
        votes[c.year] += weights.pop(c.key, 0)
    return max(votes, key=lambda y: (votes[y], -first[y]))


def _year_claims(text: str) -> Iterable[_Claim]:
    pats = _year_patterns()
    for pattern in (pats.glued, pats.year_first, pats.title_first):
        for m in pattern.finditer(text):
            year = fy_year(m)
            if year is None:
                continue
            year_at = m.start("year")
            # the title's words, without a page number printed before a running header
            start = m.start() if pattern is pats.title_first else year_at
            weight = 2 if _on_title_line(text, m.start(), m.end()) else 1
            key = _squash(text[start : m.end()])
            yield _Claim(year, key, year_at, _cited(text, year_at), weight)
    for m in pats.period.finditer(text):
        year = _period_year(m)
        if year is not None:
            yield _Claim(year, f"period:{year}", m.start(), False)
    for m in pats.covers.finditer(text):
        year = fy_year(m)
        if year is not None:
            yield _Claim(year, f"period:{year}", m.start(), False)
    yield from _cover_claims(text, pats)


def _cover_claims(text: str, pats: _YearPatterns) -> Iterable[_Claim]:
    """A line holding only a year near a title line without one (示例科技社会责任报告 / 2020)."""
    rules = load_identity_rules().report_year
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines = text.split("\n")
    titled = {i for i, line in enumerate(lines) if pats.title_line.search(line) and not re.search(r"\d", line)}
    for i, line in enumerate(lines):
        m = pats.year_line.search(line)
        if m is None or m.group("before").rstrip().endswith(rules.not_before_year):
            continue
        year = fy_year(m)
        if year is not None and any(abs(i - j) <= rules.cover_reach for j in titled):
            yield _Claim(year, _squash(line), starts[i] + m.start("year"), False)


def fy_year(m: re.Match[str]) -> int | None:
    """The year a matched year names: itself, or for a financial year across two (2016/17,
    2016/2017) the year it ends in, as Hong Kong issuers name their years (2016/17 = FY2017); None
    when the second year does not follow the first (2014/2016, a date 2016/12)."""
    year = int(m.group("year"))
    end = m.group("fy_end")
    if end is None:
        return year
    end_year = int(end) if len(end) == 4 else year // 100 * 100 + int(end)
    return end_year if end_year == year + 1 else None


def _period_year(m: re.Match[str]) -> int | None:
    """The year a stated period covers, the year it ends in: a calendar year (1 January to 31
    December, also over several years), a financial year of twelve months (1 July 2019 to 30 June
    2020), or a year ended on a date (截至…12月31日止, 截至…6月30日止年度); None for any other span."""
    if m.group("year2"):
        year, month, day = int(m.group("year2")), int(m.group("month2")), int(m.group("day2"))
        ends_a_year = (month, day) == (12, 31) or (m.group("fy") is not None and 28 <= day <= 31)
        return year if ends_a_year and 1 <= month <= 12 else None
    start, start_month = int(m.group("from")), int(m.group("from_month"))
    year = int(m.group("year") or start)
    month, day = int(m.group("month")), int(m.group("day"))
    if not (1 <= start_month <= 12 and 1 <= month <= 12 and 28 <= day <= 31):
        return None
    if start_month == 1 and month == 12 and start <= year:
        return year  # a calendar year, or several ending in this one
    return year if (year * 12 + month) - (start * 12 + start_month) == 11 else None


def _on_title_line(text: str, start: int, end: int) -> bool:
    """The line around a title holds no sentence: no comma or full stop, a few characters at most."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest = text[line_start:start] + text[end : len(text) if line_end < 0 else line_end]
    return len(rest.strip()) <= 2 * load_identity_rules().report_year.name_gap and not re.search("[，。；！？,;]", rest)


def _cited(text: str, start: int) -> bool:
    before = text[max(0, start - _CITED_REACH) : start]
    return before.rfind("《") > before.rfind("》")


def detect_report_year(doc: Document) -> int | None:
    """From the report's title and stated period (``find_report_year``), the file name, else the
    commonest year."""
    year = find_report_year(_head(doc))
    if year is not None:
        return year
    if doc.title:
        m = _FILE_YEAR.search(doc.title)
        if m and _MIN_YEAR <= int(m.group(1)) <= _MAX_YEAR:
            return int(m.group(1))
    m = _FILE_YEAR.search(Path(doc.source).stem)
    if m and _MIN_YEAR <= int(m.group(1)) <= _MAX_YEAR:
        return int(m.group(1))
    years = [int(m.group(1)) for p in doc.pages for m in _ANY_YEAR.finditer(p.text)]
    years = [y for y in years if _MIN_YEAR <= y <= _MAX_YEAR]
    return Counter(years).most_common(1)[0][0] if years else None


# -- the names the KPI stage treats as the company's own -------------------------------------------


def own_names(doc: Document, company: str | None = None) -> tuple[str, ...]:
    """Names the report uses for its own company (a value said of another company is not its own):
    ``company`` when given, else the short name it defines (简称“…”), and the first full name on the
    cover. Loose on purpose: a wrong extra name only keeps a value, it is never output."""
    head = _head(doc)
    if company is None:
        m = _SHORT_NAME.search(head)
        if m:
            company = _squash(m.group(1))
        else:
            m = _FULL_NAME.search(head)
            company = _squash(m.group(1)) if m else None
    names = {company} if company else set()
    m = _FULL_NAME.search(head)
    if m:
        names.add(_squash(m.group(1)))
    return tuple(sorted(n for n in names if n and len(n) >= 2))


# -- the stock code --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodeMention:
    code: str  # 600000.SH, 0700.HK
    position: int  # order of appearance in the document
    named: str | None = None  # text ending in a registered name's suffix right before it: …有限公司（股票代码：…）


class CodeScanner:
    """Collects the stock codes a document prints with their label, page by page (``scan``), and tells
    the publisher's own (``best``). Feed it every page: codes are often in page headers or the
    company profile, past the first pages."""

    def __init__(self) -> None:
        self.mentions: list[CodeMention] = []
        self._offset = 0
        self._exchanges_named: set[str] = set()

    def scan(self, text: str) -> None:
        rules, pats = load_identity_rules(), _patterns()
        text = fold_chinese(text)  # one character for one: the cues are simplified (收購 is 收购)
        for exchange in ("BJ",):
            if any(w in text for w in rules.exchanges[exchange]):
                self._exchanges_named.add(exchange)
        taken: set[int] = set()  # a code both labelled and suffixed counts once
        for kind, pattern in (
            ("label", pats.label),
            ("bare", pats.bare),
            ("suffixed", pats.suffixed),
            ("suffixed", pats.prefixed),
        ):
            for m in pattern.finditer(text):
                if m.start("code") in taken:
                    continue
                before = text[max(0, m.start() - rules.other_company_reach) : m.start()]
                if kind == "bare" and not pats.exchange_before.search(before[-rules.bare_label_reach :]):
                    continue
                if _another_company(before, pats) or _listed(text, m.start(), m.end()):
                    continue
                if len(re.sub(r"\s", "", m.group("code"))) < 4 and re.match(r"[A-Za-z\d]", text[m.end("code") :]):
                    continue  # 股份代号17E51: a short number glued to more is no code
                code = _code_of(m, before, kind)
                if code is not None:
                    taken.add(m.start("code"))
                    self.mentions.append(CodeMention(code, self._offset + m.start(), _named(before)))
        self._offset += len(text) + 1

    def best(self, company: str | None = None) -> str | None:
        """The publisher's code: its A-share code, else its Hong Kong, B-share or NEEQ code, each the
        one mentioned most; None when there is none, or two tie. ``company`` (the registered name) tells
        a code printed after the publisher's own name from one printed after another company's."""
        rules = load_identity_rules()
        company = fold_chinese(company) if company else company  # the scanned text is folded too
        by_kind: dict[str, list[CodeMention]] = defaultdict(list)
        for m in self.mentions:
            if m.named is not None and (company is None or not m.named.endswith(company)):
                continue  # another company's code
            exchange = m.code.rsplit(".", 1)[1]
            if exchange == "NQ" and "BJ" in self._exchanges_named:
                m = CodeMention(m.code.replace(".NQ", ".BJ"), m.position, m.named)
                exchange = "BJ"
            if exchange in ("SH", "SZ", "BJ"):
                b_share = m.code.startswith(rules.b_share_prefixes.get(exchange, ()))
                exchange = "B" if b_share else "A"
            by_kind[exchange].append(m)
        for kind in ("A", "HK", "B", "NQ"):
            counts = Counter(m.code for m in by_kind.get(kind, []))
            if not counts:
                continue
            (top, n), *rest = counts.most_common()
            if rest and rest[0][1] == n:
                return None  # several codes, none mentioned most: a list of other companies'
            if kind == "NQ" and n < rules.neeq_min_mentions:
                return None
            return top
        return None


def _another_company(before: str, pats: _Patterns) -> bool:
    """The sentence before the label names a subsidiary, a shareholder, a NEEQ quotation, …"""
    clause = re.split(r"[。；;！？!?]", before)[-1]
    return pats.other_company.search(clause) is not None


_LIST_REACH = 20  # characters between a code and the brackets of the items next to it
_ITEM = r"\s*[、和及与]\s*(?P<item>[^、，,；;：:。\n\t（()）]{1,15}?)\s*"  # 、 and an item's name before its bracket
_ITEM_CODE = r"[（(][^（()）\n]{0,15}?\d{3,6}[^（()）\n]{0,10}?[）)]"  # an item's bracket with a code


def _listed(text: str, start: int, end: int) -> bool:
    """The code is in brackets after one name of an enumeration of names with codes
    (甲（600001.SH）、乙（000001.SZ）): companies a report lists (clients, deals, holdings), not the
    publisher. Items naming a listing or an exchange (A股（…）、H股（…）, 在上海（…）和香港（…）上市)
    are the publisher's own."""
    before = text[max(0, start - 3 * _LIST_REACH) : start]
    opened = max(before.rfind("（"), before.rfind("("))
    if opened < 0 or opened < len(before) - _LIST_REACH or re.search(r"[）)。\n]", before[opened:]):
        return False
    this = re.search(r"[^、，,；;：:。\n\t（()）]{0,15}$", before[:opened])
    items = [(this.group(0) if this else "") + before[opened:]]
    prev = re.search(rf"{_ITEM_CODE}{_ITEM}$", before[:opened])
    if prev is not None:
        items.append(prev.group(0))
    closed = re.match(rf"[^（()）。\n]{{0,{_LIST_REACH}}}[）)]", text[end : end + _LIST_REACH + 1])
    if closed is not None:
        items[0] += text[end : end + closed.end()]
        after = re.match(rf"{_ITEM}{_ITEM_CODE}", text[end + closed.end() : end + closed.end() + 3 * _LIST_REACH])
        if after is not None:
            items.append(after.group(0))
    return len(items) > 1 and not any(_names_a_listing(item) for item in items)


def _names_a_listing(item: str) -> bool:
    rules = load_identity_rules()
    words = (*rules.list_item_not, *(w for ws in rules.exchanges.values() for w in ws if not w.isascii()))
    return any(w in item for w in words) or re.search(r"[AaBbHhＡＢＨ]\s*股", item) is not None


def _named(before: str) -> str | None:
    """The text up to a registered name's suffix printed right before a code's bracket
    (…有限公司（股票代码：…), if any: the code is that company's."""
    flat = re.sub(r"\s+", "", before)  # also a name printed one character per line
    m = _patterns().name_before.search(flat)
    return flat[: m.end("suffix")] if m else None


def _code_of(m: re.Match[str], before: str, kind: str) -> str | None:
    rules = load_identity_rules()
    digits = re.sub(r"\s", "", m.group("code"))
    marker = m.groupdict().get("marker") or ""
    suffix = m.group("suffix") or ""
    exchange = _exchange_of_marker(suffix) or _exchange_of_marker(marker)
    if len(digits) == 6:
        if exchange == "HK":
            return None
        prefix_exchange = next(
            (
                ex
                for table in (rules.a_share_prefixes, rules.b_share_prefixes)
                for ex, prefixes in table.items()
                if digits.startswith(prefixes)
            ),
            None,
        )
        if prefix_exchange is None:
            # 4xxxxx / 8xxxxx: quoted on the NEEQ (or the Beijing exchange when it is named)
            return f"{digits}.NQ" if digits[0] in "48" else None
        return f"{digits}.{prefix_exchange}"
    # 1-5 digits: a Hong Kong code, only when Hong Kong is said (label 股份代号, H股, HK, the exchange)
    if exchange is not None and exchange != "HK":
        return None  # 1234.SH: no code of that exchange
    hk_said = exchange == "HK" or any(w in before[-20:] for w in rules.exchanges["HK"])
    hk_said = hk_said or (kind == "label" and re.search("股份代[号號码碼]", m.group(0)) is not None)
    if not hk_said:
        return None
    return f"{int(digits):04d}.HK"


def _exchange_of_marker(marker: str) -> str | None:
    if not marker:
        return None
    for exchange, words in load_identity_rules().code_markers.items():
        if marker in words:
            return None if exchange == "A" else exchange
    return None


def detect_stock_code(doc: Document, company: str | None = None) -> str | None:
    """The publisher's stock code in ``doc`` (all its pages), e.g. ``600519.SH``; None when not printed.
    ``company``: its registered name (default: detected)."""
    scanner = CodeScanner()
    for page in doc.pages:
        scanner.scan(page.text)
    return scanner.best(company if company is not None else detect_company(doc))


# -- the registered name ---------------------------------------------------------------------------


def detect_company(doc: Document) -> str | None:
    """The company's registered name as the report prints it (示例科技股份有限公司), or None."""
    return find_registered_name(_head(doc, _NAME_HEAD_CHARS))


def find_registered_name(text: str) -> str | None:
    """The registered name the text uses for its publisher: the full name (…股份有限公司) with the most
    points, a point per mention and ``self_points`` more per mention next to a self cue (the report's
    title, 以下简称, 本报告是, 董事会, its stock code). None below ``min_points`` or on a tie between two
    names."""
    rules, pats = load_identity_rules(), _patterns()
    flat = _SPACE_IN_CJK.sub("", text)
    cues = fold_chinese(flat)  # one character for one: the self cues read 可持續發展報吿 as 可持续发展报告
    points: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in pats.name_suffix.finditer(flat):
        found = _name_at(flat, m.start(), m.end())
        if found is None:
            continue
        name_start, name = found
        score = 1
        if pats.self_after.search(cues[m.end() : m.end() + 40]) or pats.self_before_end.search(
            cues[max(0, name_start - 30) : name_start]
        ):
            score += rules.self_points
        elif pats.short_name.search(cues[m.end() : m.end() + 8]):
            score += rules.short_name_points  # a short name defined: often the publisher, or its parent
        points[name] += score
        first.setdefault(name, m.start())
    _merge_fragments(points, first)
    if not points:
        return None
    ranked = sorted(points, key=lambda n: (-points[n], first[n]))
    best = ranked[0]
    if points[best] < rules.min_points:
        return None
    if len(ranked) > 1 and points[ranked[1]] == points[best]:
        return None
    return best


def _name_at(flat: str, suffix_start: int, suffix_end: int) -> tuple[int, str] | None:
    """The name ending at ``suffix_end`` and where it starts: the run of name characters before the
    suffix, cut after the last opener word in it and after an opener character it begins with; when
    that does not read as a name, cut after an opener character inside it (公司和|XX有限公司)."""
    rules, pats = load_identity_rules(), _patterns()
    lo = max(0, suffix_end - rules.name_length[1])
    start = suffix_start
    while start > lo and re.match(_NAME_CHAR, flat[start - 1]):
        start -= 1
    run = flat[start:suffix_start]
    cut = max((m.end() for m in pats.opener.finditer(run)), default=0)
    if run[cut : cut + 1] in rules.opener_chars:
        cut += 1
    cuts = [cut] + [i + 1 for i in range(cut + 1, len(run)) if run[i] in rules.opener_chars]
    for c in cuts:
        begin = start + c
        while begin < suffix_start and flat[begin] in "（(）)":
            begin += 1
        name = flat[begin:suffix_end]
        if _is_name(name):
            return begin, name
    return None


def _merge_fragments(points: Counter[str], first: dict[str, int]) -> None:
    """A name that is another name with words before it that open a name (数据由|XX有限公司) is that
    name, and a short form (XX集团公司) is the longer name that holds its words (天津XX集团股份有限公司):
    their points go there."""
    rules, pats = load_identity_rules(), _patterns()

    def move(name: str, to: str) -> None:
        points[to] += points.pop(name)
        first[to] = min(first[to], first.pop(name))

    for name in sorted(points, key=len, reverse=True):
        shorter = [n for n in points if n != name and name.endswith(n)]
        for other in sorted(shorter, key=len, reverse=True):
            head = name[: -len(other)]
            if pats.opener.search(head) or any(ch in rules.opener_chars for ch in head):
                move(name, other)
                break
    for name in list(points):
        short = next((s for s in rules.short_suffixes if name.endswith(s)), None)
        if short is None:
            continue
        words = name[: -len(short)]
        longer = [n for n in points if n != name and words in n and not n.endswith(rules.short_suffixes)]
        if longer:
            move(name, max(longer, key=lambda n: (points[n], len(n))))


def _is_name(name: str) -> bool:
    rules, pats = load_identity_rules(), _patterns()
    if not rules.name_length[0] <= len(name) <= rules.name_length[1]:
        return False
    if name.count("（") + name.count("(") != name.count("）") + name.count(")"):
        return False
    suffix = pats.name_suffix.search(name)
    core = name[: suffix.start()] if suffix else name
    if not core or core[0] in rules.opener_chars:
        return False
    if any(w in core for w in rules.not_in_name) or any(w in name for w in rules.third_party_words):
        return False
    own_words = re.sub(f"^(?:{_alternation(rules.generic_name_starts)})+", "", core)
    own_words = re.sub(f"{_alternation(rules.generic_name_words)}|[（）()]", "", own_words)
    return len(own_words) >= 2


def _squash(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _head(doc: Document, chars: int = _HEAD_CHARS) -> str:
    text, parts = 0, []
    for page in doc.pages:
        parts.append(page.text)
        text += len(page.text)
        if text >= chars:
            break
    return "".join(parts)[: chars * 2]
