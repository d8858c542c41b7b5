"""What every candidate finder shares: the ``Candidate`` record, the page being read, unit handling."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..catalog import Cues, Kpi, load_catalog, load_cues
from ..document import BBox, Page
from ..normalize import CleanText
from ..quantities import Quantity, find_quantities, parse_quantity

# Confidence of each way a value can be read, before context adjusts it (documented in the README).
BASE_CONFIDENCE = {
    "table": 0.95,
    "prose": 0.88,
    "layout": 0.85,
    "layout_run": 0.62,
    "caption": 0.8,
    "breakdown": 0.8,
    "share": 0.8,
    "prose_before": 0.62,
}
PARTIAL_SCOPE_FACTOR = 0.4  # a value for one plant or subsidiary falls below the default threshold
VALUE_KINDS = frozenset({"quantity", "percent"})

_WS = re.compile(r"\s+")
_SENTENCE_MARK = re.compile(r"[。！？!?]|\n\s*\n")
_LIST_ITEM = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十]{1,3}[、）)]|[（(]?\d{1,2}[.、）)](?!\d)|[•·●■◆▪])")
_CONTINUATION = "，,；;、：:"
_HEADING_WIDTH = 16  # a line this short that ends without a continuation mark is a heading or label
_REACH = 400  # a sentence is never taken to run further than this from the value
_CLAUSE_END = re.compile(r"[。！？!?；;，,、：:]|\n")


def squash(text: str) -> str:
    """Whitespace runs (line breaks included) to one space: the form of every ``raw`` and ``evidence``."""
    return _WS.sub(" ", text).strip()


@dataclass(slots=True)
class Candidate:
    """One reading of one KPI value, before mentions are merged."""

    kpi: Kpi
    value: Decimal
    year: int
    raw: str
    evidence: str
    method: str  # prose, layout or table
    confidence: float
    page: int | None = None
    bbox: BBox | None = None
    period_start: int | None = None
    qualifier: str | None = None
    change_yoy: Decimal | None = None
    flags: frozenset[str] = field(default_factory=frozenset)  # subset, cumulative_unknown, partial_scope
    offset: int = -1  # where the number sits in the page's clean text (-1: in a reader table)
    sentence: int = -1  # start of the sentence a prose reading came from (-1: not prose)


@dataclass(slots=True)
class PageText:
    """A page's clean text with its quantities, shared by the finders that read it."""

    page: Page
    clean: CleanText
    report_year: int
    own_names: tuple[str, ...]
    quantities: list[Quantity]
    _starts: list[int] = field(default_factory=list)
    _breaks: list[tuple[int, int]] | None = None

    @classmethod
    def build(cls, page: Page, clean: CleanText, report_year: int, own_names: tuple[str, ...] = ()) -> PageText:
        qs = find_quantities(clean.text)
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

    def bbox(self, start: int, end: int) -> BBox | None:
        span = self.clean.source_span(start, end)
        return self.page.bbox_of(*span) if span else None

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

        A sentence ends at 。！？ and at a blank line. A single line break ends one only before a
        list item (二、 （一） 1.) or after a short line that ends without a continuation mark (a
        heading): normalize joined the wrapped prose it recognised, and a wrap it missed must not
        cut a sentence from the words (截至…, 所属…) that qualify its values.
        """
        if self._breaks is None:
            text = self.text
            found = [(m.start(), m.end()) for m in _SENTENCE_MARK.finditer(text)]
            pos = 0
            for line in text.split("\n")[:-1]:
                newline = pos + len(line)
                body = line.strip()
                if body and (
                    _LIST_ITEM.match(text, newline + 1)
                    or (len(body) <= _HEADING_WIDTH and body[-1] not in _CONTINUATION)
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


def cues() -> Cues:
    return load_cues()


def names_a_part(words: str) -> bool:
    """True when ``words`` name one part of the company (所属华东分公司, 某电厂, 集团旗下某连锁品牌),
    the company's units taken together (所属企业, 各级企业) aside; OCR spaces are ignored."""
    c = cues()
    scrubbed = _WS.sub("", words)
    for w in c.collective_scope:
        scrubbed = scrubbed.replace(w, "")
    return any(w in scrubbed for w in c.partial_scope)


LABEL_PREFIX_PENALTY = 0.1  # words before the KPI name in a row label (节能改造专项减少碳排放量)


def label_confidence(how: str, prefix: str) -> float | None:
    """Confidence of a value read from a whole label (table row, layout line) whose KPI name has
    ``prefix`` before it; None when the prefix makes it a target or a per-capita figure."""
    c = cues()
    if any(w in prefix for w in (*c.target, *c.per_capita)):
        return None
    confidence = BASE_CONFIDENCE[how] - (LABEL_PREFIX_PENALTY if prefix else 0.0)
    return confidence * PARTIAL_SCOPE_FACTOR if names_a_part(prefix) else confidence


def kpi_by_id(kpi_id: str) -> Kpi:
    return load_catalog().get(kpi_id)


def convert(q: Quantity, kpi: Kpi, scale: Decimal | None = None, unit: str | None = None) -> Decimal | None:
    """``q`` in the KPI's canonical unit, or None when its unit cannot fill the KPI.

    A bare number takes the unit of its label or column (``scale``/``unit``, e.g. from 营业收入（亿元）).
    """
    value, q_unit = q.value, q.unit
    if q.currency not in (None, "CNY") and "CNY" in kpi.unit:
        return None  # HK$ (or 吨标准煤/万港元) never fills a CNY KPI
    if q_unit is None and unit is not None and scale is not None:
        value, q_unit = value * scale, unit
    if q_unit == kpi.unit:
        return value
    if q_unit is not None and q_unit in kpi.accepts:
        return value * Decimal(str(kpi.accepts[q_unit]))
    return None


_ANNOTATION = re.compile(r"[（(]\s*([^（()）]{1,12}?)\s*[)）]")


def unit_of_annotation(text: str) -> tuple[Decimal, str] | None:
    """The unit named in a label's parentheses (营业收入（亿元） -> (1e8, CNY)); None if none is a unit."""
    for m in _ANNOTATION.finditer(text):
        parsed = parse_unit(m.group(1))
        if parsed is not None:
            return parsed
    return None


_MAX_UNIT_TEXT = 16


@lru_cache(maxsize=4096)
def parse_unit(unit_text: str) -> tuple[Decimal, str] | None:
    """Scale and unit code of a unit written alone (亿元, 万吨标准煤, %, tCO2)."""
    unit_text = unit_text.strip().strip("/：: ")
    if len(unit_text) > _MAX_UNIT_TEXT:
        return None
    if unit_text.startswith(("人民币", "RMB")) and len(unit_text) > 3:
        unit_text = unit_text.removeprefix("人民币").removeprefix("RMB").strip() or unit_text
    if not unit_text or unit_text[0].isdigit():
        return None
    try:
        q = parse_quantity("1" + unit_text)
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


def is_value(q: Quantity) -> bool:
    """A quantity that can be a KPI value: not a year, date, code or ordinal, and not a lone Chinese
    numeral (一位, 两项: prose, not data; 一 is also how OCR reads a dash in a table)."""
    return q.kind in VALUE_KINDS and not _LONE_NUMERAL.match(q.number_raw.strip())
