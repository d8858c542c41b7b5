"""Text clean-up before any rule runs, keeping a map from each clean character to the page text.

What it does, and why:
- line ends to ``\\n``; zero-width characters and soft hyphens dropped; odd spaces to a plain space;
  subscript digits to digits (``CO₂`` -> ``CO2``), so aliases and units match one spelling;
- ``CO 2`` / ``SO 2`` / ``NO x`` (a chemical formula whose subscript came out as a separate token)
  glued back together;
- hard-wrapped prose lines joined (text dumps and PDFs break sentences at the column edge), never
  gluing two numbers and never joining table rows or short layout lines (labels, big numbers).
- years damaged by text conversion repaired: spaces inside them dropped (``201 6年`` -> ``2016年``) and a
  lost or misread leading 2 restored (``？016年`` / ``，016年`` -> ``2016年``, ``data/ocr_confusions.yaml``);
- traditional characters folded to simplified ones with OpenCC (Hong Kong and Taiwan reports, OCR:
  僱員總數 -> 雇员总数), character for character, and a year written in Chinese digits to Arabic ones
  (二〇一九年 -> 2019年), so every rule is written once, in simplified Chinese; the finders take
  ``raw`` and ``evidence`` from the page as printed (``CleanText.folded`` says when they differ).
Full-width digits and punctuation are left as printed: the quantity parser reads them, and ``raw``
must stay what the report printed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_SPACES = frozenset("\u00a0\u2002\u2003\u2009\u202f\u3000")
_SUBSCRIPTS = {chr(0x2080 + i): str(i) for i in range(10)}
_FORMULA_GAP = re.compile(r"(?<![A-Za-z])(CO|SO|NO|CH|N|H)[ \t]([234x])(?![\d.,])")
_TERMINAL = "。！？；：!?;:…”」』"
_LIST_START = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十]+[、）)．.]|[（(]?\d{1,2}[、）)]|\d+(?:\.\d+)+\s|[•·●■◆▪\-—])"
)
_NUMBER_END = re.compile(r"[\d０-９][%％]?\s*$")
_NUMBER_START = re.compile(r"^\s*[-−+]?[\d０-９]")
# a line that is only a number (a chart's value, 33.30%): a sentence wrapped onto it would end with 。
_BARE_NUMBER = re.compile(r"^[-−+]?[\d０-９][\d０-９,.]*\s*[%％]?$")
# a line of numbers side by side, each with its unit (2,350万元 5.16万人次 72小时): a panel's row of
# values under its row of labels, not the end of a sentence
_NUMBER_CELL = r"[-−+]?[\d０-９][\d０-９,.]*\s?(?:[%％]|[\u4e00-\u9fff]{1,4})?"
_NUMBER_ROW = re.compile(rf"^{_NUMBER_CELL}(?:\s+{_NUMBER_CELL})+$")
_MIN_WRAP_WIDTH = 24  # display columns; shorter blocks are labels, numbers and captions, never wrapped prose
# Table rows and headers are never joined: a tab, a wide gap, two numbers side by side (1,200 1,050,
# 1,204 (41.2%)),
# or two years side by side (2020年 2019年), or a line opening with a year and a number apart (a chart's
# bar: 2020年 52,310.5, the line's end or another number after it), which no wrapped sentence does
# (2020 年 12 月, 2016 年 3 家 go on in words).
_TABLE_ROW = re.compile(
    r"\t|\S\s{3,}\S"
    r"|(?<![\d,.])[-−]?\d[\d,.]*%?[)）]?[^\S\n]+[(（]?[-−]?\d[\d,.]*%?(?![\d,.]*\s*[年月日号])"
    r"|\d{4}\s*年度?[^\S\n]+\d{4}\s*年"
    r"|^\s*(?:19|20)\d{2}\s*年度?[^\S\n]+[-−]?\d[\d,.]*%?(?=[^\S\n]*$|[^\S\n]+[-−(（\d])"
)


@dataclass(frozen=True, slots=True)
class CleanText:
    """Clean text and, for each of its characters, the index of its source character (-1 if inserted).
    ``folded``: some characters were folded to another character (traditional to simplified)."""

    text: str
    origin: tuple[int, ...]
    folded: bool = False

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        idx = [i for i in self.origin[start:end] if i >= 0]
        return (min(idx), max(idx) + 1) if idx else None


def clean_text(text: str) -> CleanText:
    chars, origin = _clean_chars(text)
    folded = fold_chinese("".join(chars))
    changed = len(folded) == len(chars) and folded != "".join(chars)
    if changed:
        chars = list(folded)
    chars, origin = _glue_formulas(chars, origin)
    chars = _untab_prose_amounts(chars)
    chars, origin = _repair_years(chars, origin)
    chars, origin = _join_wrapped_lines(chars, origin)
    return CleanText("".join(chars), tuple(origin), changed)


_CN_YEAR = re.compile(r"[一二三四五六七八九〇○零]{4}(?=\s*年)")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def fold_chinese(text: str) -> str:
    """``text`` with traditional characters as simplified ones (OpenCC's t2s), words OCR misread as
    the words meant (``data/ocr_confusions.yaml``: 坏保 → 环保) and years in Chinese digits as Arabic
    ones, one character for one character; ``text`` itself when a conversion would change its length
    (then nothing is folded: offsets must stay)."""
    if not text.isascii():
        converted = _converter().convert(text)
        if len(converted) == len(text):
            text = converted
        fixes, pattern = ocr_confusions()
        text = pattern.sub(lambda m: fixes[m.group(0)], text)
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


@cache
def ocr_confusions() -> tuple[dict[str, str], re.Pattern[str]]:
    """The misread words of ``data/ocr_confusions.yaml`` with the words meant, and a pattern finding
    them. Raises ``ValueError`` naming the file for an entry that is not a same-length pair of
    different words, or a word listed twice."""
    import yaml  # loaded on first use, like the other data files

    path = resources.files("csr_extract") / "data" / "ocr_confusions.yaml"
    fixes: dict[str, str] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["confusions"]:
        printed, meant = str(entry["printed"]), str(entry["meant"])
        if len(printed) < 2 or len(printed) != len(meant) or printed == meant or printed in fixes:
            raise ValueError(f"{path}: {printed} → {meant}: not a new same-length pair of different words")
        fixes[printed] = meant
    return fixes, re.compile("|".join(map(re.escape, sorted(fixes, key=len, reverse=True))) or "(?!)")


@cache
def _converter() -> Any:
    import opencc  # loaded on first use: ASCII-only inputs never need it

    return opencc.OpenCC("t2s")


_ONE_TO_ONE = str.maketrans({**{ch: " " for ch in _SPACES}, **_SUBSCRIPTS})
_LENGTH_CHANGING = re.compile("[\r" + "".join(_DROP) + "]")


def _clean_chars(text: str) -> tuple[list[str], list[int]]:
    mapped = text.translate(_ONE_TO_ONE)  # same length: origins unchanged
    if not _LENGTH_CHANGING.search(mapped):
        return list(mapped), list(range(len(mapped)))
    chars: list[str] = []
    origin: list[int] = []
    i, n = 0, len(mapped)
    while i < n:
        ch = mapped[i]
        if ch == "\r":
            chars.append("\n")
            origin.append(i)
            i += 2 if i + 1 < n and mapped[i + 1] == "\n" else 1
            continue
        if ch not in _DROP:
            chars.append(ch)
            origin.append(i)
        i += 1
    return chars, origin


def _glue_formulas(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    text = "".join(chars)
    gaps = {m.end(1) for m in _FORMULA_GAP.finditer(text)}
    if not gaps:
        return chars, origin
    keep = [i for i in range(len(chars)) if i not in gaps]
    return [chars[i] for i in keep], [origin[i] for i in keep]


# A number and its money, mass or head-count unit that a text dump parted with the line's only tab,
# in a sentence running on both sides of it (…实现营业收入约48.37<TAB>亿元，同比): one amount.
_PROSE_AMOUNT_TAB = re.compile(r"(?<=[\d０-９])\t(?=[万亿]?元|万?吨|万?人)")
_CLAUSE_MARKS = re.compile(r"[，。；,;]")


def _untab_prose_amounts(chars: list[str]) -> list[str]:
    r"""A prose line's lone tab between a number and its unit becomes a space (same length: origins
    unchanged). A table row holds more tabs, or no sentence on one side of its tab (净利润 | 9.5 | 亿元).

    >>> "".join(_untab_prose_amounts(list("全年，公司实现收入约48.37\t亿元，同比增长")))
    '全年，公司实现收入约48.37 亿元，同比增长'
    >>> "".join(_untab_prose_amounts(list("净利润\t9.5\t亿元")))
    '净利润\t9.5\t亿元'
    """
    text = "".join(chars)
    if "\t" not in text:
        return chars
    out = chars
    pos = 0
    for line in text.split("\n"):
        if line.count("\t") == 1:
            m = _PROSE_AMOUNT_TAB.search(line)
            if m and _CLAUSE_MARKS.search(line, 0, m.start()) and _CLAUSE_MARKS.search(line, m.end()):
                out = out if out is not chars else list(chars)
                out[pos + m.start()] = " "
        pos += len(line) + 1
    return out


# A year with spaces inside it (2 016年, 201 6年, 2 0 1 6 年), never glued to a number before it.
_SPACED_YEAR = re.compile(r"(?<![\d.,])(?<![\d.,] )(?:1 ?9 ?[5-9]|2 ?0 ?[0-3]) ?\d(?= ?年)")
# A year missing its leading 2 (016年): three digits, the first a zero, not after a digit, a number
# and a space, or 第 (an ordinal).
_YEAR_WITHOUT_TWO = re.compile(r"(?<![\d.第])(?<![\d.,] )0[0-3]\d(?= ?年)")


def _repair_years(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """Spaces inside a year dropped; a year's lost leading 2 put back: over a glyph that stands for it
    (``year_two_misread``), else added with no source character (origin -1)."""
    text = "".join(chars)
    if "年" not in text:
        return chars, origin
    spaced = list(_SPACED_YEAR.finditer(text))
    gaps = {m.start() + i for m in spaced for i, ch in enumerate(m.group()) if ch == " "}
    inside = {i for m in spaced for i in range(m.start(), m.end())}
    starts = {m.start() for m in _YEAR_WITHOUT_TWO.finditer(text)} - inside
    if not gaps and not starts:
        return chars, origin
    misread = year_two_misread()
    out: list[str] = []
    out_origin: list[int] = []
    for i, (ch, source) in enumerate(zip(chars, origin, strict=True)):
        if i in gaps:
            continue
        if i in starts:
            if out and out[-1] in misread and not (len(out) > 1 and out[-2].isascii() and out[-2].isalnum()):
                out[-1] = "2"
            else:
                out.append("2")
                out_origin.append(-1)
        out.append(ch)
        out_origin.append(source)
    return out, out_origin


@cache
def year_two_misread() -> frozenset[str]:
    """Glyphs a text conversion printed for a year's leading 2 (``data/ocr_confusions.yaml``)."""
    import yaml

    path = resources.files("csr_extract") / "data" / "ocr_confusions.yaml"
    glyphs = yaml.safe_load(path.read_text(encoding="utf-8"))["year_two_misread"]
    if not all(isinstance(g, str) and len(g) == 1 for g in glyphs):
        raise ValueError(f"{path}: year_two_misread: single characters expected, got {glyphs!r}")
    return frozenset(glyphs)


def _join_wrapped_lines(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    text = "".join(chars)
    lines = text.split("\n")
    widths = _block_widths(lines)
    drop: set[int] = set()
    furniture = _page_furniture(lines)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    pos = 0
    skip_to = -1  # page furniture dropped inside a paragraph: its lines are no wrap of their own
    joined = ""  # the logical line so far: a number may run over several short lines (330 / 亿 / 元)
    for i, (cur, nxt) in enumerate(itertools.pairwise(lines)):
        newline_at = pos + len(cur)
        if i < skip_to:
            pos = newline_at + 1
            continue
        joined = joined + cur.strip() if joined else cur.strip()
        resume = _resumes_after_furniture(lines, i, furniture)
        if resume is not None:
            drop.update(range(newline_at, starts[resume]))  # 非工业万元营 | 21 | 某某报告 | 业收入综合能耗…
            skip_to = resume
        elif _is_wrapped(cur, nxt, widths[i], joined[-_TAIL_REACH:]):
            drop.add(newline_at)
            # a trailing space before the break would otherwise split a CJK word
            k = newline_at - 1
            while k >= pos and chars[k] == " " and _is_cjk(nxt.lstrip()[:1]):
                drop.add(k)
                k -= 1
        else:
            joined = ""
        pos = newline_at + 1
    keep = [i for i in range(len(chars)) if i not in drop]
    return [chars[i] for i in keep], [origin[i] for i in keep]


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—]\s*)?\d{1,3}(?:\s*[-—])?\s*$")
_FURNITURE_REPEATS = 3  # a short line printed this often is a running header or footer
_FURNITURE_WIDTH = 30
_HEADER_WIDTH = 8  # a running header without a page number beside it is a title this long at least
_MAX_FURNITURE = 3  # lines of page number and running header between the two halves of a sentence


def _page_furniture(lines: list[str]) -> set[int]:
    """Lines that a page break prints into a text: a page number alone (21) and a short running header
    or footer printed on many pages (2016年社会责任报告)."""
    counts: dict[str, int] = {}
    for line in lines:
        body = line.strip()
        if body and len(body) <= _FURNITURE_WIDTH and not _CLAUSE_MARK.search(body):
            counts[body] = counts.get(body, 0) + 1
    return {
        i
        for i, line in enumerate(lines)
        if _PAGE_NUMBER.match(line) or counts.get(line.strip(), 0) >= _FURNITURE_REPEATS
    }


def _resumes_after_furniture(lines: list[str], i: int, furniture: set[int]) -> int | None:
    """The line that carries on the paragraph of ``lines[i]`` after a page number and running header
    (a text whose lines are whole paragraphs, cut by a page break mid-sentence), or None."""
    k = i + 1
    while k < len(lines) and k in furniture and lines[k].strip() and k - i <= _MAX_FURNITURE:
        k += 1
    if k == i + 1 or k >= len(lines) or k in furniture or not lines[k].strip() or "\t" in lines[i] + lines[k]:
        return None
    run = [lines[j].strip() for j in range(i + 1, k)]
    if not any(_PAGE_NUMBER.match(r) or len(r) >= _HEADER_WIDTH for r in run):
        return None  # a short repeated word (专题, 我们的策略) is a heading, not a page's furniture
    return k if _cuts_a_sentence(lines[i].strip(), lines[k].strip()) else None


def _block_widths(lines: list[str]) -> list[int]:
    """For each line, the widest line of its block of consecutive non-empty lines: the wrap width.

    Wrap widths differ between paragraphs and pages (one and two columns, captions), so each block
    of lines is measured on its own.
    """
    widths = [0] * len(lines)
    start = 0
    for i in range(len(lines) + 1):
        if i == len(lines) or not lines[i].strip():
            block = range(start, i)
            width = max((_display_width(lines[j].strip()) for j in block), default=0)
            for j in block:
                widths[j] = width
            start = i + 1
    return widths


def _is_wrapped(cur: str, nxt: str, width: int, joined: str = "") -> bool:
    body, following = cur.strip(), nxt.strip()
    if not body or not following or "\t" in cur or "\t" in nxt:
        return False  # a tab-separated table row ends with its line: 2,815 / 亿元产值死亡率 are two rows
    if _splits_a_quantity(joined or body, following):
        return True
    if _FIELD.match(body) and _FIELD.match(following):
        return False  # a list of fields (主要控股子公司：… | 营业收入：…): each line is one fact
    if width < _MIN_WRAP_WIDTH:
        return False
    if _display_width(body) < width * 0.85 and not _cuts_a_sentence(body, following):
        return False
    if body[-1] in _TERMINAL or _LIST_START.match(following) or opens_a_statement(body, following):
        return False
    if _BARE_NUMBER.match(following) or _NUMBER_ROW.match(following):
        return False
    if _TABLE_ROW.search(cur) or _TABLE_ROW.search(nxt):
        return False
    return not (_NUMBER_END.search(body) and _NUMBER_START.match(following))


# a field of a fact list: a short label, its colon, its value (上市证券交易所：香港、上海)
_FIELD = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{2,10}[：:]\s*\S")

# a statement opening with its year (2016年，公司…): prose puts a mark before it; after a line ending in words
# it follows a heading or a timeline's item
_YEAR_OPENS = re.compile(r"(?:19|20)\d{2}\s*年度?\s*[，,]")


def opens_a_statement(body: str, following: str) -> bool:
    """The next line opens a new statement with its year (…澳大利亚有限公司 | 2016年，公司生产…) after a
    line ending in a word that does not take a year (截至 | 2016年，… is one sentence: ``time_prepositions``
    of ``data/cues.yaml``)."""
    if not _YEAR_OPENS.match(following) or not _is_cjk(body[-1]):
        return False
    from .catalog import load_cues  # the cues load pydantic: only when a line opens with a year

    return not body.endswith(load_cues().time_prepositions)


_CLAUSE_MARK = re.compile(r"[，。；,;]")
_PARAGRAPH_LINE = 60  # characters: a line this long in a text whose lines are paragraphs


def _cuts_a_sentence(body: str, following: str) -> bool:
    """A paragraph cut mid-sentence (a page break inside it, in a text whose lines are whole
    paragraphs, so the line is no wider than its block): a long prose line ends on an ideograph, and
    the next opens with one and runs on to a comma or stop of its own (a heading or page footer does
    not; a list item is a line of its own)."""
    return (
        len(body) >= _PARAGRAPH_LINE
        and _is_ideograph(body[-1])
        and _is_ideograph(following[0])
        and _CLAUSE_MARK.search(body[-40:]) is not None
        and _CLAUSE_MARK.search(following[:_PARAGRAPH_LINE]) is not None
        and not _LIST_START.match(following)
    )


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_TAIL_NUMBER = re.compile(r"[-−]?[\d０-９][\d０-９,，.．]*\s*[万亿千百十]*\s*$")
_TAIL_REACH = 40  # characters of the logical line the split-number check looks at
_MAGNITUDES = frozenset("万亿千百十")


def _splits_a_quantity(body: str, following: str) -> bool:
    """A number at the end of a line whose unit opens the next (超过 330 亿 / 元，捐赠…): one quantity."""
    if not (body[-1:].isdigit() or body[-1:] in _MAGNITUDES):
        return False
    tail = _TAIL_NUMBER.search(body)
    if tail is None:
        return False
    if following.strip(" ") and set(following) <= _MAGNITUDES:
        return True  # "330" / "亿": the number goes on
    if following[:1] not in _unit_first_chars():
        return False
    from .quantities import find_quantities  # the unit table is the recognizer's; imported lazily

    number = tail.group().rstrip()
    alone = find_quantities(tail.group())
    joined = find_quantities(number + following[:12])
    if not (
        alone and joined and alone[0].unit is None and joined[0].unit is not None
        and joined[0].kind == "quantity" and joined[0].end > len(number)
    ):
        return False
    # a number alone on its line, then a line that goes on in words after the unit: the number is a
    # cell of its own and the next line a label (1,286 / 万元产值综合能耗（吨标煤/万元）), not its unit
    rest = following[joined[0].end - len(number) :]
    return not (body.strip() == number and _is_ideograph(rest[:1]))


@cache
def _unit_first_chars() -> frozenset[str]:
    from .quantities import unit_aliases

    return frozenset(a[0] for a in unit_aliases() if a)


_WIDE = re.compile("[\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]")


def _display_width(s: str) -> int:
    """Columns a line takes when printed: CJK and full-width characters count two."""
    return len(s) + len(_WIDE.findall(s))


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
