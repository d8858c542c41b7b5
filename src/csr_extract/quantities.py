"""Find and read quantities in Chinese report text: numerals, magnitudes, units, currencies, ranges.

>>> [(q.raw, q.value, q.unit, q.qualifier) for q in find_quantities("营收超过 330 亿元，员工1,958人")]
[('超过 330 亿元', Decimal('33000000000'), 'CNY', 'more_than'), ('1,958人', Decimal('1958'), 'person', None)]
>>> q = parse_quantity("32.26%")
>>> q.value, q.unit, q.kind
(Decimal('0.3226'), 'ratio', 'percent')
>>> q = parse_quantity("一千到两千万元")
>>> q.value, q.low, q.high, q.qualifier
(Decimal('10000000'), Decimal('10000000'), Decimal('20000000'), None)
>>> q = parse_quantity("数百万元")
>>> q.low, q.high, q.qualifier
(Decimal('1000000'), Decimal('10000000'), 'about')
>>> q = parse_quantity("港币1,000万元")
>>> q.value, q.unit, q.currency, q.currency_explicit
(Decimal('10000000'), 'HKD', 'HKD', True)

**Ranges.** A quantity with ``high`` set is a range: ``low <= value <= high`` is what the text
allows, and ``value == low``.  Two kinds:

* explicit ranges, two ends joined by -, --, ~, —, ——, 至 or 到 (``3-5万元``, ``1万元--5万元``,
  ``从8500到3万元``): ``qualifier`` is None (or a word around the whole range, 约3-5万元).  When
  the first end prints no magnitude it borrows the second's, as much of it as keeps low < high:
  ``一千到两千万`` is 10,000,000..20,000,000, ``十八至三十万`` 180,000..300,000, ``八到九百亿``
  80,000,000,000..90,000,000,000, ``8500到3万`` 8,500..30,000.
* vague amounts, which are ranges with ``qualifier == "about"``: ``十几`` (11..19), ``二十几万``,
  neighbouring digits ``两三个`` / ``三五百`` / ``三四十亿``, and orders of magnitude ``数百万`` /
  ``几十万`` / ``上千人`` = [M, 10·M].  ``3000多`` and ``两万余`` are not ranges: value 3000 /
  20000 with qualifier ``more_than``.

A KPI value taken from a range is its low end; the qualifier says how exact it is.

**Currencies.**  Money has ``unit == currency`` == an ISO 4217 code (CNY, HKD, USD, EUR, JPY, GBP,
RUB, THB, ...), so code that checks ``unit == "CNY"`` never accepts another currency.
``currency_explicit`` tells whether the text named the currency (人民币, RMB, ￥, 港币, HK$, 美元
before or after the amount) or only implied it with a bare 元 / 万元 / 圆 / 块钱, which is CNY unless
the caller passes ``default_currency`` (a report whose preamble says 以港币列示:
``detect_default_currency`` finds that statement).  A per-money intensity (吨标准煤/万元) keeps its
unit code and carries the currency of its denominator in ``currency``; other quantities have
``currency`` None.

How it works: the text is folded character by character (full-width to half-width, traditional
numeral characters to simplified; OCR's O for 0 inside digit runs) so offsets never move; one
precompiled regex finds candidates (URLs and codes to skip, dates, ordinals, percent prefixes,
currency prefixes, orders of magnitude, numeral runs); each numeral run is read by a small grammar
over tokens (digits, 十百千, 万亿兆, 点, 零, 多/余, 几, 分之, 又); then the unit table
(``data/units.yaml``, one alternation, longest alias first), currency sub-units (角, 分, 毛) and the
qualifier words (``data/numeral_words.yaml``) are matched around it.  All arithmetic is ``Decimal``;
repeating fractions (三分之一) are rounded to 40 significant digits, everything else is exact.
``raw`` and the offsets are always those of the text as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Context, Decimal, InvalidOperation, localcontext
from importlib import resources
from itertools import pairwise
from typing import Any

import yaml

__all__ = [
    "KINDS",
    "QUALIFIERS",
    "Quantity",
    "detect_default_currency",
    "find_quantities",
    "parse_quantity",
    "unit_aliases",
    "unit_dimension",
]

KINDS = frozenset({"quantity", "percent", "year", "date", "ordinal", "code"})
QUALIFIERS = frozenset({"more_than", "less_than", "about", "at_least", "at_most"})

_CTX = Context(prec=40, Emax=999_999, Emin=-999_999)
_MAX_RUN = 80  # characters; longer numeral runs are digit dumps (tables glued together), not numbers
_MAX_DIGITS = 40
_MAX_MAGNITUDE = 30  # 10**30 of anything is a glued digit dump, not a reported amount


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity as printed: ``text[start:end] == raw``; ``value`` is in ``unit``'s canonical code.

    For a range ``value == low`` (see the module docstring for what a range is); for kind year/date
    ``value`` is the (first) year or month, for kind code the first number of the code, for kind
    ordinal the rank.  ``currency`` is the ISO 4217 code of money (then ``unit == currency``) or of
    a per-money intensity's denominator, else None; ``currency_explicit`` is False when only a bare
    元 implied it.
    """

    value: Decimal
    unit: str | None
    raw: str
    start: int
    end: int
    qualifier: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    kind: str = "quantity"
    number_raw: str = ""
    unit_raw: str | None = None
    currency: str | None = None
    currency_explicit: bool = False


# ---------------------------------------------------------------------------------------------
# Data tables


@dataclass(frozen=True, slots=True)
class _Unit:
    code: str
    factor: Decimal


@dataclass(frozen=True, slots=True)
class _Tables:
    dimensions: Mapping[str, str]
    units: Mapping[str, _Unit]
    subunits: Mapping[str, Mapping[str, Decimal]]
    prefixes: Mapping[str, str]
    blocked: Mapping[str, str]
    stop_words: frozenset[str]
    ambiguous_alone: frozenset[str]
    before: Mapping[str, str]
    after: Mapping[str, str]
    blocked_preceders: Mapping[str, str]
    magnitude_before: Mapping[str, str]
    cheng_blocked: str
    zhe_blocked: str
    implied: frozenset[str]  # aliases whose currency comes from the context (元, 万元, 吨标准煤/万元)
    colloquial_yuan: frozenset[str]
    currency_words: Mapping[str, str]  # prefix words that may also follow a bare 元 (1,000万元港币)
    pairs: frozenset[tuple[int, int]]  # 两三, 三五: neighbouring digits of a vague amount
    pair_words: frozenset[str]
    round_suffixes: frozenset[str]  # 来, 把 after a round number: 三百来人, 千把块
    orders: Mapping[str, tuple[str, str]]  # 数/几/上 -> (magnitudes it precedes, blocked preceders)
    statements: tuple[re.Pattern[str], ...]  # how a report declares its default currency
    currency_names: Mapping[str, str]
    statement_examples: Mapping[str, Any]
    list_cues: tuple[str, ...]  # 分别, 依次: several numbers follow, so "12, 150" is two


_CJK_DIGIT_VALUES = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9, "幺": 1,
}  # fmt: skip
_SMALL_VALUES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_VALUES = {"万": 10**4, "亿": 10**8, "兆": 10**12}
_NUMCH = "".join(_CJK_DIGIT_VALUES) + "廿卅" + "".join(_SMALL_VALUES) + "".join(_BIG_VALUES)

# Offsets must not move, so folding maps one character to one character.
_FOLD_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if chr(c) != "，"}
_FOLD_MAP.update({
    "\u3000": " ", "\u00a0": " ", "\u2212": "-", "\u2013": "-", "\u301c": "~", "\u2010": "-", "\u2011": "-",
    "萬": "万", "億": "亿", "兩": "两", "倆": "两", "貳": "贰", "貮": "贰", "負": "负",
    "點": "点", "幾": "几", "個": "个", "陸": "陆", "叄": "叁", "參": "叁", "對": "对",
    "雙": "双", "塊": "块", "圓": "圆", "餘": "余", "噸": "吨", "數": "数", "幣": "币", "戶": "户", "臺": "台",
})  # fmt: skip
_FOLD = str.maketrans(_FOLD_MAP)
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _FOLD_MAP)) + "]+")


def _fold(text: str) -> str:
    # str.translate looks up every character of CJK text; translating only the runs that change is
    # five times faster on report text
    return _FOLDABLE.sub(lambda m: m.group().translate(_FOLD), text)


def _load_yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load(resources.files("csr_extract").joinpath("data", name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


def _to_decimal(value: object, where: str) -> Decimal:
    # Floats in the data would make conversions inexact; insist on strings or integers.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{where}: factor {value!r} must be an integer or a string")
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"{where}: bad factor {value!r}") from exc


def _load_tables() -> _Tables:
    units_doc = _load_yaml("units.yaml")
    words_doc = _load_yaml("numeral_words.yaml")
    dims = {str(k): str(v) for k, v in units_doc["dimensions"].items()}
    units: dict[str, _Unit] = {}
    for code, aliases in units_doc["units"].items():
        if code not in dims:
            raise ValueError(f"units.yaml: unit code {code!r} has no dimension")
        for alias, factor in aliases.items():
            key = _fold(str(alias))
            if key in units:
                raise ValueError(f"units.yaml: duplicate alias {alias!r}")
            units[key] = _Unit(code, _to_decimal(factor, f"units.yaml {alias}"))
    subunits = {
        code: {_fold(str(a)): _to_decimal(f, f"subunit {a}") for a, f in table.items()}
        for code, table in units_doc["subunits"].items()
    }
    prefixes = {_fold(str(k)): str(v) for k, v in units_doc["currency_prefixes"].items()}
    for code in [*subunits, *prefixes.values()]:
        if code not in dims:
            raise ValueError(f"units.yaml: unknown currency code {code!r}")
    blocked = {_fold(str(k)): str(v) for k, v in units_doc["blocked_followers"].items()}
    for alias in blocked:
        if alias not in units:
            raise ValueError(f"units.yaml: blocked_followers names unknown alias {alias!r}")
    stop = [str(w) for w in words_doc["stop_words"]]
    if len(set(stop)) != len(stop):
        raise ValueError("numeral_words.yaml: duplicate stop words")
    for word in stop:
        if not any(ch in _NUMCH for ch in word):
            raise ValueError(f"numeral_words.yaml: stop word {word!r} has no numeral character")
    quals = words_doc["qualifiers"]
    for table in quals.values():
        bad = set(table.values()) - QUALIFIERS
        if bad:
            raise ValueError(f"numeral_words.yaml: unknown qualifiers {sorted(bad)}")
    cny_words = [w for w, c in prefixes.items() if c == "CNY" and w.isalpha()]
    implied = frozenset(
        alias
        for alias, u in units.items()
        if (u.code == "CNY" or u.code.endswith("_CNY")) and not any(w in alias for w in cny_words)
    )
    colloquial = frozenset(_fold(str(a)) for a in units_doc["colloquial_yuan"])
    if not colloquial <= set(units):
        raise ValueError("units.yaml: colloquial_yuan names an unknown alias")
    pair_words = [_fold(str(w)) for w in words_doc["approximate_pairs"]]
    if any(len(w) != 2 or any(ch not in _CJK_DIGIT_VALUES for ch in w) for w in pair_words):
        raise ValueError("numeral_words.yaml: approximate_pairs are two numeral digits each")
    pairs = frozenset((_CJK_DIGIT_VALUES[w[0]], _CJK_DIGIT_VALUES[w[1]]) for w in pair_words)
    orders = {
        str(w): (str(spec["before"]), str(spec.get("blocked") or ""))
        for w, spec in words_doc["order_of_magnitude"].items()
    }
    declared = units_doc["default_currency"]
    names = {_fold(str(k)): str(v) for k, v in declared["currency_names"].items()}
    for code in names.values():
        if dims.get(code) != "currency":
            raise ValueError(f"units.yaml: default_currency names unknown currency {code!r}")
    name_alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    statements = tuple(
        re.compile(str(p).replace("{currency}", f"(?P<cur>{name_alt})(?![ ]*\\d)"))
        for p in declared["patterns"]
    )
    return _Tables(
        dimensions=dims,
        units=units,
        subunits=subunits,
        prefixes=prefixes,
        blocked=blocked,
        stop_words=frozenset(stop),
        ambiguous_alone=frozenset(words_doc["ambiguous_alone"]),
        before={str(k): str(v) for k, v in quals["before"].items()},
        after={_fold(str(k)): str(v) for k, v in quals["after"].items()},
        blocked_preceders={str(k): str(v) for k, v in words_doc["blocked_preceders"].items()},
        magnitude_before={str(k): str(v) for k, v in quals["magnitude_before"].items()},
        cheng_blocked=str(words_doc["cheng_blocked_followers"]),
        zhe_blocked=str(words_doc["zhe_blocked_followers"]),
        implied=implied,
        colloquial_yuan=colloquial,
        currency_words={w: c for w, c in prefixes.items() if w.isalpha()},
        pairs=pairs,
        pair_words=frozenset(pair_words),
        round_suffixes=frozenset(str(w) for w in words_doc["round_suffixes"]),
        orders=orders,
        statements=statements,
        currency_names=names,
        statement_examples=declared["examples"],
        list_cues=_list_cues(words_doc),
    )


def _list_cues(words_doc: dict[str, Any]) -> tuple[str, ...]:
    cues = words_doc.get("list_cues")
    if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c for c in cues):
        raise ValueError("numeral_words.yaml: list_cues must be a non-empty list of words")
    return tuple(cues)


_T = _load_tables()


def unit_dimension(code: str) -> str:
    """The dimension of a canonical unit code: ``unit_dimension("CNY") == "currency"``.

    >>> unit_dimension("tce"), unit_dimension("person"), unit_dimension("ratio")
    ('energy', 'people', 'ratio')
    """
    try:
        return _T.dimensions[code]
    except KeyError:
        raise ValueError(f"unknown unit code {code!r}") from None


def unit_aliases() -> frozenset[str]:
    """Every unit spelling the recognizer knows (元, 万元, 吨标准煤, tCO2e, ...), as folded text."""
    return frozenset(_T.units)


def _alternation(words: list[str]) -> str:
    """Longest first; CJK characters and '/' may be separated by spaces, as PDF dumps print them."""
    parts = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        pieces = [re.escape(word[0])]
        for prev, ch in pairwise(word):
            gap = "" if prev.isascii() and ch.isascii() and "/" not in (prev, ch) else "[ ]*"
            pieces.append(gap + re.escape(ch))
        parts.append("".join(pieces))
    return "|".join(parts)


_UNIT_RE = re.compile(f"(?:{_alternation(list(_T.units))})")
_SUBUNIT_RE = {code: re.compile(f"(?:{_alternation(list(t))})") for code, t in _T.subunits.items()}
# a qualifier word before the number, a text dump's space allowed inside it (员工总数超 过6,000人)
_BEFORE_RE = re.compile(
    f"(?:{'|'.join('[ ]?'.join(map(re.escape, w)) for w in sorted(_T.before, key=len, reverse=True))})了?[ ]*$"
)
_AFTER_RE = re.compile(f"[ ]*(?:{'|'.join(map(re.escape, sorted(_T.after, key=len, reverse=True)))})")
_STOP_RE = re.compile("|".join(map(re.escape, sorted(_T.stop_words, key=len, reverse=True))))
_MAX_STOP = max(map(len, _T.stop_words))

# ---------------------------------------------------------------------------------------------
# Candidate regex

_D = "〇零一二三四五六七八九两壹贰叁肆伍陆柒捌玖幺"
_ARABIC = (
    r"(?:(?<![\d.A-Za-z])\.\d+|(?:\d{1,3}(?:[,，、]\d{3})+(?!\d)|\d+)(?:\.\d+(?![.\d]))?)"
    r"(?:[eE][+-]?\d{1,3}(?![A-Za-z\d])|\^[+-]{0,2}\d{1,3}(?!\d))?"
)
# 两个亿 (colloquial): a 个 between a digit and 亿/万 is skipped
_CJK = rf"[{_NUMCH}](?:[ ]*(?:[{_NUMCH}点多余几]|又(?=[ ]*[\d{_NUMCH}])|分[ ]*之|(?<=[{_D}])个(?=[亿万])))*"
_RUN = (
    rf"(?:{_ARABIC}|{_CJK})"
    rf"(?:[ ]*{_CJK}|(?<=[{_NUMCH}点又之])[ ]*{_ARABIC}|[ ]*[多余](?![ ]*\d)"
    rf"|[ ]*分[ ]*之(?:[ ]*负)?[ ]*(?:{_ARABIC}|{_CJK})|[ ]*又[ ]*(?:{_ARABIC}|{_CJK}))*"
)
_SIGN = r"(?:(?<![\dA-Za-z.\-])-[ ]?|负[ ]*)"
_PREFIX_ALT = "|".join(map(re.escape, sorted(_T.prefixes, key=len, reverse=True)))
_YEAR4 = r"(?:19[4-9]\d|20\d\d|2100)"
_CN4 = "[〇零一二三四五六七八九]{4}"

_ORDER = "".join(_T.orders)  # 数百万, 几十万, 上千: orders of magnitude
_ORDER_MAGS = "".join(sorted({ch for before, _ in _T.orders.values() for ch in before}))
_FIRST_CHARS = "".join(sorted({*_NUMCH, *(k[0] for k in _T.prefixes), *_ORDER, *"〔[［(（第半.-负 \t"}))
_CANDIDATE = re.compile(
    # The leading class lets the engine skip ordinary text without trying every alternative.
    rf"""
    (?=[\dA-Za-z{re.escape(_FIRST_CHARS)}])
    (?:
    (?P<url>(?:https?://|www\.)[^\s，。；、）)]+)
  | (?P<doc>[〔\[［(（][ ]*\d{{4}}[ ]*[〕\]］)）][ ]*\d+[ ]*号)
  | (?P<phone>(?<![\d\-])(?:0\d{{2,3}}-\d{{7,8}}|[48]00-\d{{3}}-\d{{4}}|1[3-9]\d{{9}})(?![\d\-]|\.\d))
  | (?P<yrange>(?<![\d.])(?:{_YEAR4})[ ]*年?[ ]*[-—~至到][ ]*(?:{_YEAR4})(?![\d.])(?:[ ]*年度?)?)
  | (?P<ymd>(?<![\d.])(?:{_YEAR4})(?P<ymdsep>[./\-])\d{{1,2}}(?P=ymdsep)\d{{1,2}}(?![\d.]))
  | (?P<cal>(?<![\d.])(?:(?:{_YEAR4}|{_CN4})[ ]*年(?:[ ]*度)?
        (?:[ ]*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})[ ]*月
        (?:[ ]*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[ ]*[日号])?)?
        |(?<![个\d])\d{{1,2}}[ ]*月[ ]*\d{{1,2}}[ ]*[日号]))
  | (?P<time>(?<![\d:])\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?![\d:]))
  | (?P<dotted>(?<![\d.])\d+(?:\.\d+){{2,}}(?![\d.]))
  | (?P<code>(?<![A-Za-z\d])(?!(?:{_PREFIX_ALT})(?![A-Za-z]))
        (?:[A-Z]{{2,}}(?:/[A-Z]+)?[ ]?|[A-Za-z]+[-.]?)\d[\d.\-:/]*[A-Za-z\d]*(?:[-.:/]\d+)*)
  | (?P<enum>(?:^|(?<=\n))[ \t]*(?:[(（][ ]*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[ ]*[)）]
        |(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:、(?!\d{{3}}(?:[,，、]\d{{3}})*\.\d)|．|\.(?!\d))))
  | (?P<paren>[(（][ ]*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[ ]*[)）])
  | (?P<frac>(?<![\d/.\-])(?:(?<![\dA-Za-z.\-])-)?(?:\d{{1,6}}[ ])?
        \d{{1,9}}/\d{{1,9}}(?![\d/.]))
  | (?P<half>半百|一半)
  | (?P<zhe>(?<![\d{_NUMCH}.])(?:半|[\d{_D}][ ]*(?:[.点][ ]*[\d{_D}]|[\d{_D}])?)[ ]*折(?![{_T.zhe_blocked}]))
  | (?P<cheng>(?<![\d{_NUMCH}.])(?:半|10|十|[\d{_D}](?:[ ]*[.点][ ]*[\d{_D}])?)[ ]*成
        (?![{_T.cheng_blocked}])(?:[ ]*(?:半|[{_D}](?=$|[\s，,。；;、)）])))?)
  | (?P<ord>第[ ]*)(?=[\d{_NUMCH}])
  | (?P<pct>(?<![\d{_NUMCH}])[百佰千仟万](?:[ ]*[百佰千仟万])*[ ]*分[ ]*之)(?=[ ]*(?:负[ ]*)?[\d{_NUMCH}])
  | (?P<cur>(?:{_PREFIX_ALT})[ ]*)(?=(?:负|-)?[ ]*[\d{_NUMCH}{_ORDER}])
  | (?P<order>(?<![\d{_NUMCH}])[{_ORDER}][ ]*)(?=[{_ORDER_MAGS}])
  | (?P<run>{_SIGN}?{_RUN})
    )
    """,
    re.VERBOSE,
)
_RUN_RE = re.compile(rf"{_SIGN}?{_RUN}")
_RANGE_SEP = re.compile(r"[ ]*(?:\(含\)[ ]*)?(?:-{1,2}|~|—{1,2}|至|到)[ ]*")
# Latin magnitudes after digits: 40k, 2.5 M, 30w (万, as price lists write it), 1.2 billion.
# Lower-case m is metre and upper-case W watt, so neither is a magnitude.
_KM_RE = re.compile(
    r"[ ]?(?:([kKM])|(thousand|million|billion|trillion|mn|bn))(?![A-Za-z])"
    r"|(w)(?=$|[+\u3000-\u303f\u4e00-\u9fff，；：！？])"  # 30w上下, 10w+; not 1.7w/m2.k (watts)
)
_KM_FACTORS = {
    "k": 1000, "K": 1000, "M": 10**6, "w": 10**4, "thousand": 1000, "million": 10**6, "mn": 10**6,
    "billion": 10**9, "bn": 10**9, "trillion": 10**12,
}  # fmt: skip
_GLUED_LETTER = re.compile(r"[A-Za-z][A-Za-z\d\-]*")
_ALT_DIGITS = re.compile(r"\d+")

# ---------------------------------------------------------------------------------------------
# Reading numerals


@dataclass(frozen=True, slots=True)
class _Tok:
    # N arabic, D cjk digit, Z zero, S 十百千, T 廿卅, B 万亿兆, P 点, Q 多/余, J 几, F 分之, Y 又, G 负
    t: str
    v: Decimal
    start: int
    end: int
    point: bool = False
    liang: bool = False  # 两: a digit before units (两千, 两个), never after 点


_TOKEN_RE = re.compile(rf"[ ]+|(?P<n>{_ARABIC})|(?P<f>分[ ]*之)|(?P<c>.)")
_CHAR_TOKENS: dict[str, tuple[str, int]] = {
    **{ch: ("Z" if v == 0 else "D", v) for ch, v in _CJK_DIGIT_VALUES.items()},
    **{ch: ("S", v) for ch, v in _SMALL_VALUES.items()},
    **{ch: ("B", v) for ch, v in _BIG_VALUES.items()},
    "点": ("P", 0), ".": ("P", 0), "多": ("Q", 0), "余": ("Q", 0), "几": ("J", 0), "又": ("Y", 0),
    "负": ("G", 0), "-": ("G", 0),
}  # fmt: skip


def _tokenize(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN_RE.finditer(s):
        if m.group("n"):
            value = _read_arabic(m.group("n"))
            if value is None:
                break
            point = "." in m.group("n") or "e" in m.group("n").lower()
            toks.append(_Tok("N", value, m.start(), m.end(), point))
        elif m.group("f"):
            toks.append(_Tok("F", Decimal(0), m.start(), m.end()))
        elif m.group("c"):
            ch = m.group("c")
            if ch in "廿卅":  # 廿 = 二十, 卅 = 三十: one token, so a number never ends inside it
                toks.append(_Tok("T", Decimal(20 if ch == "廿" else 30), m.start(), m.end()))
                continue
            kind = _CHAR_TOKENS.get(ch)
            if kind is None:
                if ch == "个" and toks and toks[-1].t == "D" and s[m.end() : m.end() + 1] in ("亿", "万"):
                    continue  # 两个亿 = 两亿
                break
            toks.append(_Tok(kind[0], Decimal(kind[1]), m.start(), m.end(), liang=ch == "两"))
    return toks


def _read_arabic(s: str) -> Decimal | None:
    s = s.replace(",", "").replace("，", "").replace("、", "")
    base, _, power = s.partition("^")
    if len(base.replace(".", "").lstrip("0")) > _MAX_DIGITS:
        return None
    try:
        with localcontext(_CTX):
            value = Decimal(base)
            if power:
                exponent = int(power.replace("+", "").replace("-", "")) * (-1 if power.count("-") % 2 else 1)
                value = value**exponent
            return value + 0 if value.adjusted() < 400 else None
    except (InvalidOperation, ZeroDivisionError, OverflowError, ArithmeticError):
        return None


@dataclass(frozen=True, slots=True)
class _Reading:
    low: Decimal
    high: Decimal | None
    end: int  # index into the run string after the last consumed token
    more: bool  # 多/余 inside
    tail_mags: tuple[Decimal, ...]  # magnitude words closing the numeral (九百亿 -> 百, 亿), for ranges
    fraction: bool  # A分之B
    pure_magnitude: bool  # no digit at all (千, 百万): needs a qualifier or 余/多 to count
    ntoks: int
    cjk_only: bool
    last_tok: str


def _read_integer(toks: list[_Tok], i: int, allow_bare: bool) -> tuple[Decimal, int, bool, bool] | None:
    """Read a Chinese / mixed integer (or Arabic decimal with magnitudes) from toks[i:].

    Returns (value, next index, saw 多/余, saw a digit) or None.
    """
    n = len(toks)
    total = Decimal(0)
    section = Decimal(0)
    cur: Decimal | None = None
    cur_elided = False  # a last digit that stands for the next lower place (一万三, 13万2)
    last_small: Decimal | None = None
    last_big: Decimal | None = None
    prev = ""
    prev_unit = Decimal(0)  # the unit token right before the current digit, for 一万三 = 13000
    zero_gap = False
    frac = False
    more = False
    digit = False
    k = i
    while k < n:
        t = toks[k]
        if t.t in "NDZ":
            if cur is not None or (frac and prev in "SB" and prev):
                break
            if t.t == "Z":
                zero_gap, digit = True, True
                if k + 1 < n and toks[k + 1].t in "NDSZ":
                    prev = "Z"
                    k += 1
                    continue
                cur, cur_elided = Decimal(0), True
            else:
                # 13万2 = 132000 like 一万三: one Arabic digit glued to the magnitude before it
                glued = t.end - t.start == 1 and k > i and toks[k - 1].end == t.start
                cur, cur_elided, digit = t.v, t.t == "D" or (glued and not t.point), True
                frac = frac or t.point
                prev_unit = Decimal(0) if zero_gap or prev not in ("S", "B") else toks[k - 1].v
        elif t.t == "S":
            if last_small is not None and t.v >= last_small:
                break
            # a bare 十/百 may open a number (十五, 百分之百), follow 零 (一百零十万) or a larger
            # 十百千 (一百十一); never a 万亿 (30亿千瓦时 is 30亿 + 千瓦时)
            if cur is None and prev not in ("", "Z", "S"):
                break
            section += (cur if cur is not None else Decimal(1)) * t.v
            cur, last_small, zero_gap = None, t.v, False
        elif t.t == "T":
            if cur is not None or (last_small is not None and last_small <= 10):
                break
            section += t.v
            last_small, zero_gap, digit = Decimal(10), False, True
        elif t.t == "B":
            s = section + (cur if cur is not None else 0)
            if s == 0:
                if total == 0 and not (allow_bare and not digit):
                    break
                total = (total or Decimal(1)) * t.v
            elif last_big is None or t.v > last_big:
                total = (total + s) * t.v
            else:
                total += s * t.v
            last_big = t.v
            section, cur, last_small, zero_gap = Decimal(0), None, None, False
        elif t.t == "Q":
            if prev not in ("N", "D", "S", "B") or more:
                break
            more = True
            k += 1
            continue  # keep prev: 三十万多亿 reads like 三十万亿
        else:
            break
        prev = t.t
        k += 1
    if not digit and prev not in ("S", "B"):
        return None
    if cur is not None:
        # 一万三 = 13000, 两千四百五 = 2450: a lone last digit right after 百/千/万 is elided
        # (a 十百千万 after it would have been consumed, so the digit is always last here)
        if cur_elided and prev_unit >= 100:
            cur *= prev_unit / 10
        section += cur
    return total + section, k, more, digit


_Simple = tuple[Decimal, Decimal | None, int, bool]  # low, high, next token, saw 多/余


def _read_simple(toks: list[_Tok], i: int, allow_bare: bool) -> _Simple | None:
    """Integer with optional decimal part, digit strings (一二三), 几 and adjacent-digit ranges."""
    n = len(toks)
    # 几 and 三四十: read twice, once with each end.
    for k in range(i, n):
        t = toks[k]
        if t.t == "J":
            lo = _read_simple([*toks[:k], replace(t, t="D", v=Decimal(1)), *toks[k + 1 :]], i, allow_bare)
            hi = _read_simple([*toks[:k], replace(t, t="D", v=Decimal(9)), *toks[k + 1 :]], i, allow_bare)
            if lo is None or hi is None or lo[2] <= k:
                return None
            return lo[0], hi[0], lo[2], lo[3]
        if t.t not in "NDZSBQT":
            break
    if (
        i + 2 < n
        and toks[i].t == "D"
        and toks[i + 1].t == "D"
        and (int(toks[i].v), int(toks[i + 1].v)) in _T.pairs
        and toks[i + 2].t in "SB"
    ):
        lo = _read_simple([toks[i], *toks[i + 2 :]], i, allow_bare)
        hi = _read_simple([toks[i + 1], *toks[i + 2 :]], i, allow_bare)
        if lo is None or hi is None:
            return None
        return lo[0], hi[0], lo[2] + 1, lo[3]
    j = i
    while j < n and toks[j].t in "DZ":
        j += 1
    if j - i >= 2 and (j >= n or toks[j].t not in "SBQ"):
        value = Decimal("".join(str(int(t.v)) for t in toks[i:j]))
        more = False
    else:
        got = _read_integer(toks, i, allow_bare)
        if got is None:
            return None
        value, j, more, _ = got
    # decimal part: 三点五, 一百点123, 两千万点五五四四, then 三点五亿
    after_point = toks[j + 1] if j + 1 < n and toks[j].t == "P" else None
    if after_point and after_point.t in "DZN" and not (after_point.point or after_point.liang):
        k = j + 1
        if toks[k].t == "N":
            digits = str(int(toks[k].v)).rjust(toks[k].end - toks[k].start, "0")
            k += 1
        else:
            digits = ""
            while k < n and toks[k].t in "DZ" and not toks[k].liang:
                digits += str(int(toks[k].v))
                k += 1
        with localcontext(_CTX):
            value += Decimal("0." + digits)
        had_mag = any(t.t in "SB" for t in toks[i:j])
        while not had_mag and k < n and toks[k].t in "SB":
            value *= toks[k].v
            k += 1
        j = k
    return value, None, j, more


def _read_numeral(s: str, allow_bare: bool = False) -> _Reading | None:
    """Read the longest numeral at the start of ``s`` (a candidate run, folded)."""
    toks = _tokenize(s)
    if not toks:
        return None
    with localcontext(_CTX):
        return _read_tokens(toks, allow_bare)


def _read_tokens(toks: list[_Tok], allow_bare: bool) -> _Reading | None:
    n = len(toks)
    i = 0
    sign = Decimal(1)
    if toks[0].t == "G":
        sign, i = Decimal(-1), 1
    got = _read_simple(toks, i, allow_bare)
    if got is None:
        return None
    low, high, j, more = got
    fraction = False
    whole = Decimal(0)
    # mixed number: 三百五又三分之一
    if j < n and toks[j].t == "Y":
        inner = _read_simple(toks, j + 1, False)
        if inner is not None and inner[2] < n and toks[inner[2]].t == "F":
            whole, low, j = low, inner[0], inner[2]
    if j < n and toks[j].t == "F" and high is None and low != 0:
        k = j + 1
        num_sign = Decimal(1)
        if k < n and toks[k].t == "G":
            num_sign, k = Decimal(-1), k + 1
        num = _read_simple(toks, k, True)
        if num is not None and num[1] is None:
            low = whole * (1 if low > 0 else -1) + num_sign * num[0] / low
            j, fraction = num[2], True
    elif whole:
        return None
    if j == i:
        return None
    used = toks[i:j]
    tail: list[Decimal] = []
    for t in reversed(used):
        if t.t not in "SB":
            break
        tail.insert(0, t.v)
    return _Reading(
        low=sign * low,
        high=sign * high if high is not None else None,
        end=toks[j - 1].end,
        more=more,
        tail_mags=tuple(tail) if len(used) > 1 else (),
        fraction=fraction,
        pure_magnitude=all(t.t in "SBQ" for t in used),
        ntoks=len(used),
        cjk_only=all(t.t != "N" for t in used),
        last_tok=used[-1].t,
    )


# ---------------------------------------------------------------------------------------------
# Scanning


@dataclass(slots=True)
class _Hit:
    """A quantity being assembled; offsets are into the text."""

    start: int
    end: int
    value: Decimal
    unit: str | None = None
    qualifier: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    kind: str = "quantity"
    num_start: int = 0
    num_end: int = 0
    unit_start: int = -1
    unit_end: int = -1
    mags: tuple[Decimal, ...] = ()  # magnitudes printed after the digits (九百亿: 百, 亿; 5万元: 万)
    own_mag: bool = False  # a 万/亿, k/w or 万元 of its own: the end of a range borrows none
    currency: str | None = None  # named by the text (港币, HK$, 美元, 人民币)
    explicit: bool = False
    implied: bool = False  # the unit says 元 without saying whose: the context decides


def find_quantities(text: str, *, default_currency: str | None = None, cell: bool = False) -> list[Quantity]:
    """Every quantity, year, date, ordinal and code in ``text``, in order, never overlapping.

    ``default_currency`` (an ISO code, e.g. from ``detect_default_currency``) is the currency of a
    bare 元; ``cell=True`` says ``text`` is one table cell, where every space after a decimal point
    or thousands separator is OCR damage inside one number (``12. 07``, ``3, 518.20``).  In running
    text such a space is joined only on strong evidence: the number has the shape of one (exactly
    three digits after each ASCII comma, a first group of 1–3 digits without a leading zero, no
    Latin letter glued before it) and a unit word follows it (``64. 27亿元``, ``231, 402.55万元``,
    ``7, 215人``, ``2. 35%``).  It stays two numbers without a unit (``12. 07``), before a year
    (``12. 2016年``), after a list cue in the clause (``分别为120, 135万元``) or after a full-width
    comma (``12， 350吨``, a clause break).  ``raw`` keeps the spaces as printed.

    >>> [(q.raw, q.kind) for q in find_quantities("2020年捐赠1.2万元，排名第3位，依据ISO14001")]
    [('2020年', 'year'), ('1.2万元', 'quantity'), ('第3位', 'ordinal'), ('ISO14001', 'code')]
    >>> [(q.raw, q.value, q.unit) for q in find_quantities("捐款50万元", default_currency="HKD")]
    [('50万元', Decimal('500000'), 'HKD')]
    >>> [q.value for q in find_quantities("3, 518.20", cell=True)], len(find_quantities("3, 518.20"))
    ([Decimal('3518.2')], 2)
    >>> [(q.raw, q.value) for q in find_quantities("上缴税收231, 402.55万元")]
    [('231, 402.55万元', Decimal('2314025500'))]
    """
    return list(_scan(text, False, _check_currency(default_currency), cell))


def parse_quantity(raw: str, *, default_currency: str | None = None, cell: bool = False) -> Quantity:
    """Read one quantity expression; raises ValueError if ``raw`` is not exactly one.

    ``default_currency`` and ``cell`` as in ``find_quantities``.

    >>> parse_quantity("4,800 余万元").value
    Decimal('48000000')
    >>> parse_quantity("12. 07", cell=True).value
    Decimal('12.07')
    """
    if not raw.strip():
        raise ValueError("empty quantity")
    found = list(_scan(raw, True, _check_currency(default_currency), cell))
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(raw):
        raise ValueError(f"not one quantity: {raw!r}")
    return found[0]


def detect_default_currency(text: str) -> str | None:
    """The currency a report declares for amounts printed without one, or None.

    Reads statements such as ``（除另有说明外，以港币列示）``, ``除特别注明外，金额单位为港元`` or
    ``All amounts in HK$ unless otherwise stated`` (patterns in ``data/units.yaml``); the first
    statement in ``text`` wins, so pass the preamble or the whole report.

    >>> detect_default_currency("（除另有说明外，以港币列示）"), detect_default_currency("捐赠港币500万元")
    ('HKD', None)
    """
    norm = _fold(text)
    best: tuple[int, str] | None = None
    for pattern in _T.statements:
        m = pattern.search(norm)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), _T.currency_names[m.group("cur")])
    return best[1] if best else None


def _check_currency(code: str | None) -> str | None:
    if code is not None and _T.dimensions.get(code) != "currency":
        raise ValueError(f"unknown currency code {code!r}")
    return code


def _scan(text: str, whole: bool, default_currency: str | None, cell: bool) -> Iterator[Quantity]:
    work, index = _close_gaps(text, _cell_gaps(text) if cell else _prose_gaps(text))
    norm = _repair_ocr_zeros(_fold(work))
    pos = 0
    n = len(norm)
    while pos < n:
        m = _CANDIDATE.search(norm, pos)
        if m is None:
            return
        try:
            hit = _interpret(work, norm, m, whole)
        except ArithmeticError:  # a pathological numeral (overflow); never fail the whole text
            hit = None
        if hit is None:
            pos = m.end() if m.lastgroup in ("url", "enum", "paren") else m.start() + 1
            continue
        if hit.kind in ("quantity", "percent") and hit.value and hit.value.adjusted() > _MAX_MAGNITUDE:
            pos = max(hit.end, m.start() + 1)  # digit dumps (glued table cells) are not amounts
            continue
        pos = max(hit.end, m.start() + 1)
        if index is not None:
            _map_back(hit, index)
        if cell:
            _read_accounting_negative(text, hit)
        yield _finish(text, hit, default_currency)


def _read_accounting_negative(cell: str, hit: _Hit) -> None:
    """A table cell that is one amount in parentheses, (3,000) or （1,234.50）, is negative."""
    head, tail = cell[: hit.start], cell[hit.end :]
    if hit.kind != "quantity" or hit.high is not None or hit.value <= 0:
        return
    if head.strip() in ("(", "（") and tail.strip() in (")", "）"):
        hit.value = -hit.value
        hit.start, hit.end = len(head) - len(head.lstrip()), len(cell) - (len(tail) - len(tail.rstrip()))


_CELL_GAP = re.compile(r"(?<=\d[.．])[ ]+(?=\d)|(?<=\d[,，])[ ]+(?=\d{3}(?!\d))")


def _cell_gaps(text: str) -> list[tuple[int, int]]:
    """In a table cell every space after a decimal point or thousands separator is OCR damage
    inside one number (12. 07, 3, 518.20)."""
    return [m.span() for m in _CELL_GAP.finditer(text)]


# A number as OCR damages it in running text: spaces after its ASCII thousands commas and its
# decimal point (64. 27, 125, 417.36, 23, 418. 55).  A full-width comma takes no space: "，  " is a
# clause break.  The first group has no leading zero (0, 100% is two numbers), and a letter before
# it makes it part of a name (PM2. 5).
_PROSE_NUMBER = re.compile(
    r"(?<![\dA-Za-z.,，])(?:[1-9]\d{0,2}(?:(?:,[ ]*|，)\d{3}(?!\d))+|\d+)(?:\.[ ]*\d+)?"
)
_PROSE_GAP = re.compile(r"(?<=[.,])[ ]+")
_GAP_HINT = re.compile("\\d[.,．][ \u3000\u00a0]+\\d")
_LIST_WINDOW = 16  # characters before a number searched for a list cue (分别为 12, 150万元)


def _prose_gaps(text: str) -> list[tuple[int, int]]:
    """In running text a space after a decimal point or thousands comma is OCR damage inside one
    number only when the evidence says so: the digits after each comma are exactly three, the
    whole is directly followed by a unit word (万元, 亿元, 吨, 人, %; or 多 / 余 and one: 6, 000多万元),
    the digits after the gap are not a year (``第8. 2016年3月`` is an item number and a date) and
    no list cue (分别, 依次) in the clause announces several numbers (分别为120, 135万元).
    Anything else stays two numbers."""
    if _GAP_HINT.search(text) is None:
        return []
    norm = _fold(text)
    gaps: list[tuple[int, int]] = []
    for m in _PROSE_NUMBER.finditer(norm):
        body = m.group()
        if " " not in body or _match_unit(norm, m.end() + _approximate_suffix(norm, m.end())) is None:
            continue
        tail = body.rsplit(" ", 1)[1]
        after = norm[m.end() :].lstrip(" ")[:1]
        if len(tail) == 4 and tail[:2] in ("19", "20") and after in ("年", "月"):
            continue
        if "," in body and _after_list_cue(norm, m.start()):
            continue
        gaps += [(m.start() + g.start(), m.start() + g.end()) for g in _PROSE_GAP.finditer(body)]
    return gaps


def _approximate_suffix(norm: str, pos: int) -> int:
    """The length of 多 / 余 right after a number and before its unit (6, 000多万元), else 0."""
    return 1 if norm[pos : pos + 1] in ("多", "余") else 0


def _after_list_cue(norm: str, pos: int) -> bool:
    window = norm[max(0, pos - _LIST_WINDOW) : pos]
    clause = re.split(r"[。；;！？!?\n]", window)[-1]
    return any(cue in clause for cue in _T.list_cues)


def _close_gaps(text: str, gaps: list[tuple[int, int]]) -> tuple[str, list[int] | None]:
    """``text`` without the gap characters, and where each of its characters was in ``text``
    (None when nothing was removed)."""
    if not gaps:
        return text, None
    keep = [True] * len(text)
    for a, b in gaps:
        for i in range(a, b):
            keep[i] = False
    index = [i for i, k in enumerate(keep) if k]
    return "".join(text[i] for i in index), index


def _map_back(hit: _Hit, index: list[int]) -> None:
    def start(i: int) -> int:
        return index[i] if 0 <= i < len(index) else (index[-1] + 1 if i >= 0 else i)

    def end(i: int) -> int:
        return index[i - 1] + 1 if i > 0 else 0

    hit.start, hit.end = start(hit.start), end(hit.end)
    hit.num_start, hit.num_end = start(hit.num_start), end(hit.num_end)
    if hit.unit_start >= 0:
        hit.unit_start, hit.unit_end = start(hit.unit_start), end(hit.unit_end)


_OCR_ZERO_HINT = re.compile(r"\d[,.]?[Oo〇]")  # 2O19, and after a separator: 4,〇23
_ZERO = str.maketrans("Oo〇", "000")
_OCR_ZERO_RUN = re.compile(r"\d(?:[\dOo〇]|[,.](?=[\dOo〇]))*")


def _repair_ocr_zeros(norm: str) -> str:
    """OCR reads 0 as O, o or 〇 inside digit runs (2O19, 5OO万元, 1,0〇0): read them as 0 where the
    rest of the run is digits and no Latin letter is glued to it (H2O, CO2 and GPT-4o stay)."""
    hints = list(_OCR_ZERO_HINT.finditer(norm))
    if not hints:
        return norm
    pieces: list[str] = []
    done = last = 0
    for hint in hints:
        start = hint.start()
        if start < done:
            continue
        while start > 0 and (norm[start - 1].isdigit() or norm[start - 1] in ",."):
            start -= 1
        while start < hint.start() and not norm[start].isdigit():
            start += 1
        run = _OCR_ZERO_RUN.match(norm, start)
        if run is None:
            continue
        done = run.end()
        before, after = norm[start - 1 : start], norm[run.end() : run.end() + 1]
        text = run.group()
        if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
            continue  # H2O, Fe2O3, 2Oct
        if text[-1] == "o" or (text[-1] in "O〇" and (len(text) > 6 or (after != "" and after in "/。."))):
            continue  # trailing: 4o is a letter, 62296867〇 a mark, 6〇/〇 and 5〇。/。 a broken %
        pieces += [norm[last:start], text.translate(_ZERO)]
        last = run.end()
    return "".join(pieces) + norm[last:] if pieces else norm


def _finish(text: str, h: _Hit, default_currency: str | None) -> Quantity:
    unit, currency, explicit = h.unit, h.currency, h.explicit
    if unit is not None and (currency is not None or h.implied):
        if currency is None:
            currency, explicit = default_currency or "CNY", False
        if _T.dimensions[unit] == "currency":
            unit = currency
    return Quantity(
        value=_tidy(h.value),
        unit=unit,
        raw=text[h.start : h.end],
        start=h.start,
        end=h.end,
        qualifier=h.qualifier,
        low=None if h.low is None else _tidy(h.low),
        high=None if h.high is None else _tidy(h.high),
        kind=h.kind,
        number_raw=text[h.num_start : h.num_end],
        unit_raw=text[h.unit_start : h.unit_end] if h.unit_start >= 0 else None,
        currency=currency,
        currency_explicit=explicit and currency is not None,
    )


def _tidy(v: Decimal) -> Decimal:
    """Drop trailing zeros (180548.0000 -> 180548) without switching to exponent notation."""
    if v.adjusted() < _MAX_DIGITS and v == v.to_integral_value():
        return v.quantize(Decimal(1), context=_CTX)
    return v.normalize(_CTX)


def _interpret(text: str, norm: str, m: re.Match[str], whole: bool) -> _Hit | None:
    group = m.lastgroup
    s, e = m.span()
    if group in ("url", "enum", "paren"):
        return None
    if group in ("doc", "phone", "time", "dotted", "code"):
        first = _ALT_DIGITS.search(norm, s, e)
        value = Decimal(first.group()[:_MAX_DIGITS]) if first else Decimal(0)
        return _Hit(s, e, value, kind="code", num_start=s, num_end=e)
    if group == "yrange" and "年" not in norm[s:e] and _amount_follows(norm, e):
        run = _RUN_RE.match(norm, s)  # 2000-3000万元 is money, not years
        return _read_run(text, norm, s, run.end(), whole) if run else None
    if group in ("yrange", "ymd", "cal"):
        return _read_calendar(norm, s, e, group)
    if group == "half":
        if norm[s] == "一":  # 一半 = one half
            return _attach_qualifiers(norm, _Hit(s, e, Decimal("0.5"), unit="ratio", num_start=s, num_end=e))
        return _attach_unit(norm, _Hit(s, e, Decimal(50), num_start=s, num_end=e), whole)
    if group in ("zhe", "cheng"):
        tenths = _read_tenths(norm, s, e, group)
        return _attach_qualifiers(norm, tenths) if tenths else None  # 超过三成
    if group == "ord":
        return _read_ordinal(norm, s, e)
    if group == "pct":
        return _read_percent_prefix(norm, s, e)
    if group == "cur":
        return _read_with_prefix(text, norm, s, e, whole)
    if group == "order":
        return _read_order(norm, s, e, whole)
    if group == "frac":
        return _read_slash_fraction(norm, s, e, whole)
    return _read_run(text, norm, s, e, whole)


def _amount_follows(norm: str, e: int) -> bool:
    nxt = norm[e : e + 1]
    return nxt in _BIG_VALUES or nxt in _SMALL_VALUES or _match_unit(norm, e) is not None


def _read_calendar(norm: str, s: int, e: int, group: str) -> _Hit:
    years = [Decimal(y) for y in re.findall(r"\d{4}", norm[s:e])]
    if group == "yrange":
        return _Hit(s, e, years[0], low=years[0], high=years[1], kind="year", num_start=s, num_end=e)
    raw = norm[s:e]
    if not years:  # Chinese digits: 二〇二〇年
        digits = "".join(str(_CJK_DIGIT_VALUES[c]) for c in raw if c in _CJK_DIGIT_VALUES)[:4]
        years = [Decimal(digits)] if len(digits) == 4 else []
    kind = "year" if group == "cal" and "月" not in raw else "date"
    value = years[0] if years else Decimal(_ALT_DIGITS.findall(raw)[0])
    return _Hit(s, e, value, kind=kind, num_start=s, num_end=e)


def _read_tenths(norm: str, s: int, e: int, group: str) -> _Hit | None:
    """X成 (tenths) and X折 (discount): 三成 = 0.3, 三成半 = 0.35, 八五折 = 0.85, 9.9折 = 0.99."""
    body = norm[s:e].replace(" ", "")
    word = "成" if group == "cheng" else "折"
    head, _, tail = body.partition(word)
    digits = "".join(
        "." if c in ".点" else str(_CJK_DIGIT_VALUES[c]) if c in _CJK_DIGIT_VALUES else c for c in head
    )
    if head == "半":
        value = Decimal("0.05") if group == "cheng" else Decimal("0.5")
    elif head in ("十", "10"):
        value = Decimal(1)
    elif len(digits) == 2 and "." not in digits:
        value = Decimal(digits) / 100
    else:
        value = Decimal(digits) / 10
    if tail:
        value += Decimal("0.05") if tail == "半" else Decimal(_CJK_DIGIT_VALUES[tail]) / 100
    if value == 0 or value > 1:
        return None
    num_end = s + len(norm[s:e].partition(word)[0].rstrip())
    return _Hit(s, e, value, unit="ratio", kind="percent", num_start=s, num_end=num_end)


def _read_ordinal(norm: str, s: int, e: int) -> _Hit | None:
    m = _RUN_RE.match(norm, e)
    if m is None:
        return None
    r = _read_numeral(m.group())
    if r is None or r.high is not None or r.fraction:
        return None
    end = m.start() + r.end
    hit = _Hit(s, end, r.low, kind="ordinal", num_start=m.start(), num_end=end)
    u = _match_unit(norm, end)
    if u and u[2].code in ("count", "person", "person_time"):
        hit.end = u[1]  # 第 3 名, 第一批
    return hit


def _read_percent_prefix(norm: str, s: int, e: int) -> _Hit | None:
    """百分之五 = 0.05, 千分之二 = 0.002, 百万分之五 = 0.000005."""
    den = Decimal(1)
    for ch in norm[s:e]:
        den *= _SMALL_VALUES.get(ch, _BIG_VALUES.get(ch, 1))
    start = e
    while start < len(norm) and norm[start] == " ":
        start += 1
    m = _RUN_RE.match(norm, start)
    if m is None:
        return None
    r = _read_numeral(m.group(), allow_bare=True)
    if r is None or r.fraction:
        return None
    end = m.start() + r.end
    end, value = _apply_km(norm, end, r.low)
    hit = _Hit(s, end, value / den, unit="ratio", kind="percent", num_start=start, num_end=end)
    if r.high is not None:
        hit.low, hit.high, hit.qualifier = hit.value, r.high / den, "about"
    if r.more:
        hit.qualifier = "more_than"
    return _attach_qualifiers(norm, hit)


def _read_with_prefix(text: str, norm: str, s: int, e: int, whole: bool) -> _Hit | None:
    """人民币 50 元, $20, RMB 1,000, 港币1,000万元, -￥100: the prefix names the currency."""
    code = _T.prefixes[norm[s:e].strip()]
    m = _CANDIDATE.match(norm, e)
    if m is None or m.lastgroup not in ("run", "order"):
        return None
    hit = _interpret(text, norm, m, whole)
    if hit is None or hit.kind != "quantity":
        return None
    if hit.unit is None:
        word = "\u4e00" <= norm[s] <= "\u9fff"
        arabic = any(ch.isdigit() for ch in norm[hit.num_start : hit.num_end])
        if word and not arabic and not _clause_ends(norm, hit.end):
            return None  # 英镑五种货币: a currency word, then a count of something else
        hit.unit, hit.unit_start, hit.unit_end = code, s, e
        hit.currency, hit.explicit = code, True
    elif _T.dimensions[hit.unit] != "currency":
        return None
    elif hit.currency is None:  # a bare 元 after it: 港币 1,000 万元 is HK$; 人民币 5 美元 stays USD
        hit.currency, hit.explicit = code, True
    hit.start = min(hit.start, s)
    minus = norm[s - 1 : s] == "负" or (norm[s - 1 : s] == "-" and not norm[s - 2 : s - 1].isalnum())
    if hit.high is None and minus:
        hit.value, hit.start = -hit.value, s - 1  # -￥100, 负人民币100元
    return _attach_qualifiers(norm, hit)


def _read_order(norm: str, s: int, e: int, whole: bool) -> _Hit | None:
    """数百万 = 1,000,000..10,000,000, 几十万, 上千人: an order of magnitude, qualifier about."""
    before, blocked = _T.orders[norm[s]]
    if s > 0 and norm[s - 1] in blocked:
        return None  # 人数十万 is 人数 + 十万
    m = _RUN_RE.match(norm, e)
    if m is None or norm[m.start()] not in before:
        return None
    run = m.group()
    r = _read_numeral(run, allow_bare=True)
    if r is None or not r.pure_magnitude or r.more or r.high is not None or r.low <= 0:
        return None
    end = m.start() + r.end
    if _is_stop_word(norm, s, end):
        return None  # 成千上万
    hit = _Hit(s, end, r.low, qualifier="about", low=r.low, high=r.low * 10, num_start=m.start(), num_end=end)
    hit = _attach_unit(norm, hit, whole, r, run)
    hit.num_start = s
    return _attach_qualifiers(norm, hit)


def _apply_km(norm: str, end: int, value: Decimal) -> tuple[int, Decimal]:
    """40k = 40000, 2.5 M = 2500000, 30w = 300000, 1.2 billion (Latin magnitudes; m is metre)."""
    m = _KM_RE.match(norm, end)
    if m is None:
        return end, value
    unit = _UNIT_RE.match(norm, end + (1 if norm[end : end + 1] == " " else 0))
    if unit is not None and unit.end() >= m.end():
        return end, value  # 2 MW, 5 kg: a unit, not a magnitude (but 1.5 million is not 1.5 m)
    return m.end(), value * _KM_FACTORS[m.group(1) or m.group(2) or m.group(3)]


def _is_stop_word(norm: str, s: int, e: int) -> bool:
    lo = max(0, s - _MAX_STOP)
    return any(
        m.start() <= s and m.end() >= e for m in _STOP_RE.finditer(norm, lo, min(len(norm), e + _MAX_STOP))
    )


def _read_run(text: str, norm: str, s: int, e: int, whole: bool) -> _Hit | None:
    """A numeral run with its unit, range end and qualifiers, or None if it is not a number here."""
    run = norm[s:e]
    if len(run) > _MAX_RUN:
        return None
    run = _cut_false_separators(text, norm, s, run)
    qualified = bool(_BEFORE_RE.search(norm, max(0, s - 6), s))
    r = _read_numeral(run, allow_bare=True)
    if r is not None and run[: r.end].endswith("两") and not _match_unit(norm, s + r.end):
        before = run[: r.end - 1].rstrip()[-1:]
        if before and (before.isdigit() or before in _NUMCH):
            run = run[: r.end - 1].rstrip()  # 三千两百两: the last 两 is the unit liang
            r = _read_numeral(run, allow_bare=True)
    if r is None:
        return None
    body_end = s + r.end
    core = run[: r.end].replace(" ", "").lstrip("负-")
    by_word = _magnitude_word(norm, s) if r.pure_magnitude else None  # 过万人次
    qualified = qualified or by_word is not None
    bare = r.pure_magnitude and core[0] not in "十拾" and not (whole or r.more or qualified)
    if bare and not _rounded(norm, body_end):
        return None  # 千 / 万 alone are words, 超千人, 百余台 and 千把块 are numbers
    if not whole and core == "〇" and _is_misread_stop(norm, s, body_end):
        return None
    if not whole and r.cjk_only and len(core) <= _MAX_STOP:
        if len(core) == 1 and core in _T.ambiguous_alone and not (qualified and core in "百千万亿佰仟"):
            return None
        if _is_stop_word(norm, s, body_end):
            return None
    # Arabic digits glued to Latin letters (5G, 3D) are names, not numbers.
    after = norm[body_end : body_end + 1]
    glued = not r.cjk_only and after.isascii() and after.isalpha()
    if glued and not _UNIT_RE.match(norm, body_end) and not _KM_RE.match(norm, body_end):
        g = _GLUED_LETTER.match(norm, body_end)
        end = g.end() if g else body_end + 1
        return _Hit(s, end, r.low, kind="code", num_start=s, num_end=end)
    if _looks_like_year(norm, s, body_end):
        return None  # handled by the calendar patterns; reached only for odd spacing
    rounded = r.last_tok in "SB" and r.high is None and _rounded(norm, body_end)
    if r.high is None and core in _T.pair_words and _match_unit(norm, body_end):
        # 两三个, 七八天: neighbouring digits before a unit are a vague range, not 23 or 78
        if _is_stop_word(norm, s, s + 1):
            return None  # 唯一两次: the 一 ends another word; read 两次 alone
        r = replace(r, low=Decimal(_CJK_DIGIT_VALUES[core[0]]), high=Decimal(_CJK_DIGIT_VALUES[core[1]]))
    own = bool(r.tail_mags) and max(r.tail_mags) >= _OWN_MAG  # 一千 still borrows: 一千到两千万
    hit = _Hit(s, body_end, r.low, num_start=s, num_end=body_end, mags=r.tail_mags, own_mag=own)
    if r.high is not None:  # 十几万, 三四十亿, 两三个: a vague amount
        hit.low, hit.high, hit.qualifier = r.low, r.high, "about"
    if r.more:
        hit.qualifier = "more_than"
    if rounded:  # 三百来块, 十来个, 千把块: about that round number
        hit.end, hit.qualifier = hit.end + 1, "about"
    if r.fraction:
        hit.unit, hit.kind = "ratio", "quantity"
    else:
        hit = _attach_unit(norm, hit, whole, r, run)
    hit = _attach_range(text, norm, hit)
    hit = _attach_qualifiers(norm, hit)
    if by_word is not None and hit.qualifier is None:
        hit.qualifier, hit.start = _T.magnitude_before[by_word], s - 1
    return hit


def _magnitude_word(norm: str, s: int) -> str | None:
    """The ``magnitude_before`` word right before a bare magnitude (过万, 过千), unless the character
    before it makes it the end of another word (通过, 经过: ``blocked_preceders``)."""
    word = norm[s - 1 : s]
    if word not in _T.magnitude_before:
        return None
    blocked = _T.blocked_preceders.get(word, "")
    return None if s > 1 and norm[s - 2] in blocked else word


def _is_misread_stop(norm: str, s: int, e: int) -> bool:
    """A lone 〇 glued to the word before it and followed by a line end or the next sentence's words
    (员工3万余人〇截至年底): a full stop OCR drew as 〇, not a zero. A 〇 standing apart is a table cell's
    zero (死亡人数（人） 〇); one before a unit (〇人) is a zero too, and one followed by more of a number
    (〇_13, 〇.5) a misread digit."""
    before, after = norm[s - 1 : s], norm[e : e + 1]
    if not (before and _is_ideograph(before) and before not in _NUMCH):
        return False
    return not after or after.isspace() or (_is_ideograph(after) and not _match_unit(norm, e))


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _rounded(norm: str, end: int) -> bool:
    """三百来人, 千把块: 来/把 between a round number and its unit."""
    return norm[end : end + 1] in _T.round_suffixes and _match_unit(norm, end + 1) is not None


_OWN_MAG = Decimal(10000)
_ASCII_GROUP_BEFORE_MAGNITUDE = re.compile(r"[ ]*[万亿千百]")
# ... or a unit of what reports count and weigh (员工共计1，250人, 捐款12，000元, 受训3，150人次: OCR and
# typesetting print 1,880 with a full-width comma; a clause break before three digits and a unit is rare)
_GROUP_BEFORE_UNIT = re.compile(r"[ ]*(?:人次|人|名|吨|元|小时|学时|千瓦时|立方米|项|件|户)")
_CURRENCY_SIGNS = frozenset("$¥￥€£")
_GROUP_CHAIN = re.compile(r"\d{1,3}(?:[,，、]\d{3})+(?:\.\d+)?(?![\d,，、])")


def _cut_false_separators(text: str, norm: str, s: int, run: str) -> str:
    """Where a full-width or ideographic comma inside a run is not a thousands separator, the run
    ends there.  It is one between full-width digits (１，９５８), and between ASCII digits when the
    groups it joins also hold a decimal part or an ASCII comma (82，225.00, 233,333，333,434.34)
    or, for ，, when a magnitude word or a counting unit follows (1，598亿元, 1，880人, as OCR prints
    1,598亿元) and no currency sign opens the number; otherwise it separates clauses ($20，300美圆) or list
    items (1、2、3)."""
    if "，" not in run and "、" not in run:
        return run
    for k, ch in enumerate(run):
        if ch not in "，、" or k == 0:
            continue
        pos = s + k
        full_width = ch == "，" and "０" <= text[pos - 1] <= "９" and "０" <= text[pos + 1 : pos + 2] <= "９"
        if not (full_width or _is_thousands_mark(norm, pos)):
            return run[:k]
    return run


def _is_thousands_mark(norm: str, pos: int) -> bool:
    start = pos
    while start > 0 and (norm[start - 1].isdigit() or norm[start - 1] in ",，、"):
        start -= 1
    if start > 0 and norm[start - 1] == ".":
        return False
    chain = _GROUP_CHAIN.match(norm, start)
    if chain is None or chain.end() <= pos:
        return False
    if "." in chain.group() or "," in chain.group():
        return True
    if norm[pos] != "，" or (start > 0 and norm[start - 1] in _CURRENCY_SIGNS):
        return False  # $20，300美圆: two prices
    if _ASCII_GROUP_BEFORE_MAGNITUDE.match(norm, chain.end()) is not None:
        return True
    # one group only, and no list announced (分别为120，135人 is two counts)
    return (
        chain.group().count("，") == 1
        and _GROUP_BEFORE_UNIT.match(norm, chain.end()) is not None
        and not _after_list_cue(norm, start)
    )


def _read_slash_fraction(norm: str, s: int, e: int, whole: bool) -> _Hit | None:
    """3/5, 1 3/5, -3/2; not dates (2021/7/31) or year pairs (2019/2020)."""
    body = norm[s:e]
    sign = Decimal(-1) if body.startswith("-") else Decimal(1)
    head, _, den_s = body.lstrip("-").partition("/")
    whole_s, _, num_s = head.rpartition(" ")
    num, den = Decimal(num_s), Decimal(den_s)
    if den == 0 or (len(num_s) == 4 and len(den_s) == 4) or norm[e : e + 1] in ("年", "月"):
        return None
    with localcontext(_CTX):
        value = sign * ((Decimal(whole_s) if whole_s else 0) + num / den)
    hit = _Hit(s, e, value, num_start=s, num_end=e)
    return _attach_qualifiers(norm, _attach_unit(norm, hit, whole))


def _looks_like_year(norm: str, s: int, e: int) -> bool:
    digits = norm[s:e]
    return len(digits) == 4 and digits.isdigit() and 1949 <= int(digits) <= 2100 and norm[e : e + 1] == "年"


def _match_unit(norm: str, pos: int) -> tuple[int, int, _Unit, str] | None:
    """The unit alias at pos (after optional spaces): (start, end, unit, alias)."""
    start = pos
    while start < len(norm) and norm[start] == " ":
        start += 1
    m = _UNIT_RE.match(norm, start)
    if m is None:
        return None
    alias = m.group().replace(" ", "")
    nxt = norm[m.end() : m.end() + 1]
    if nxt and nxt in _T.blocked.get(alias, ""):
        return None
    if alias.isascii() and alias[-1].isalpha() and nxt.isascii() and nxt.isalnum():
        return None  # "5 tons" is not 5 t
    return start, m.end(), _T.units[alias], alias


_Found = tuple[int, int, _Unit, str]


def _attach_unit(
    norm: str, hit: _Hit, whole: bool, r: _Reading | None = None, run: str | None = None
) -> _Hit:
    end, value = _apply_km(norm, hit.end, hit.value)
    scale = value / hit.value if hit.value else Decimal(1)
    found = _match_unit(norm, end)
    # A unit may start with the numeral's last magnitude character (50兆瓦, 12千米, 3万吨).
    if r is not None and run is not None and r.last_tok in "SB" and end == hit.end and r.ntoks > 1:
        last = run[: r.end].rstrip()
        split_at = hit.num_start + len(last) - 1
        alt = _match_unit(norm, split_at)
        prefix = last[:-1].rstrip()
        shorter = _read_numeral(prefix, allow_bare=False) if alt and prefix else None
        if (
            alt
            and shorter
            and shorter.end == len(prefix)
            and shorter.low * _BIG_VALUES.get(last[-1], _SMALL_VALUES.get(last[-1], 1)) == hit.value
            and (found is None or alt[1] >= found[1])
        ):
            ratio = shorter.low / hit.value
            hit.value, hit.num_end, end, found = shorter.low, hit.num_start + len(prefix), split_at, alt
            hit.mags = shorter.tail_mags
            hit.own_mag = any(mag >= _OWN_MAG for mag in shorter.tail_mags)
            if shorter.high is not None:
                hit.low, hit.high = shorter.low, shorter.high
            else:  # 数百万元: the order of magnitude's ends shrink with the value
                hit.low, hit.high = _scaled(hit.low, ratio), _scaled(hit.high, ratio)
            scale = Decimal(1)
    # 20个比特币: a classifier between number and currency
    if found and found[3] == "个":
        cur = _match_unit(norm, found[1])
        if cur and unit_dimension(cur[2].code) == "currency":
            found = (found[0], cur[1], cur[2], cur[3])
    if scale != 1:
        hit.mags, hit.own_mag = (*hit.mags, scale), True
    if found is None:
        if scale != 1:
            hit.value, hit.end, hit.num_end = value, end, end
            hit.low, hit.high = _scaled(hit.low, scale), _scaled(hit.high, scale)
        return _attach_bare_subunit(norm, hit) if norm[end : end + 1] in _SUBUNIT_FIRST else hit
    if found[3] in _T.colloquial_yuan:
        found = _as_money(norm, found, r)
    ustart, uend, unit, alias = found
    colloquial = alias in _T.colloquial_yuan and unit.code == "CNY"
    factor = unit.factor * scale
    hit.value *= factor
    hit.low, hit.high = _scaled(hit.low, factor), _scaled(hit.high, factor)
    hit.unit, hit.unit_start, hit.unit_end, hit.end = unit.code, ustart, uend, uend
    magnitude = _ALIAS_MAGNITUDE[alias]
    if magnitude != 1:
        hit.mags, hit.own_mag = (*hit.mags, magnitude), True
    if unit.code in ("ratio", "percentage_point"):
        hit.kind = "percent"
    money = _T.dimensions[unit.code] == "currency"
    if alias in _T.implied or colloquial:
        hit.implied = True
    elif money:
        hit.currency, hit.explicit = unit.code, True
    if money:
        if hit.implied:
            _attach_currency_word(norm, hit)
        _attach_subunits(norm, hit, unit.code, unit.factor, colloquial)
    elif norm[hit.end : hit.end + 1] == "半" and hit.high is None:
        _attach_half(norm, hit, unit, alias)
    return hit


def _as_money(norm: str, found: _Found, r: _Reading | None) -> _Found:
    """块 is yuan when the amount reads as money (十块三毛, 12块5, 花了三块。), else a measure word."""
    ustart, uend, _unit, alias = found
    yuan = (ustart, uend, _Unit("CNY", Decimal(1)), alias)
    m = _RUN_RE.match(norm, uend)
    if m is not None:
        sub = _read_numeral(m.group())
        if sub is not None and _SUBUNIT_RE["CNY"].match(norm, m.start() + sub.end):
            return yuan
    if _LONE_DIGIT.match(norm, uend) and _match_unit(norm, uend + 1) is None:
        return yuan
    clause_end = _clause_ends(norm, uend)
    one = norm[ustart - 1 : ustart] == "一" and r is not None and r.ntoks == 1  # 一块: a piece
    return yuan if r is not None and r.cjk_only and clause_end and not one else found


def _clause_ends(norm: str, pos: int) -> bool:
    return pos >= len(norm) or norm[pos] in _CLAUSE_END


_LONE_DIGIT = re.compile(rf"[\d{_D}](?![\d{_NUMCH}.点A-Za-z%])")
_CLAUSE_END = frozenset(" \n\t,，。.;；:：!！?？、)）")


def _attach_currency_word(norm: str, hit: _Hit) -> None:
    """1,000万元港币, 9000元日币: a currency word right after a bare 元 names whose yuan it is."""
    m = _CURRENCY_WORD_RE.match(norm, hit.end)
    if m is not None:
        hit.currency, hit.explicit = _T.currency_words[m.group().strip()], True
        hit.end = hit.unit_end = m.end()


_CURRENCY_WORD_RE = re.compile(
    "[ ]?(?:" + "|".join(map(re.escape, sorted(_T.currency_words, key=len, reverse=True))) + ")(?![A-Za-z])"
)


def _attach_half(norm: str, hit: _Hit, unit: _Unit, alias: str) -> None:
    """一吨半 = 1.5 t; 一个半 = 1.5, 一个半小时 = 1.5 h, 一个半月 = 1.5 months."""
    after = hit.end + 1
    if alias == "个":
        probe = "个" + norm[after : after + 12]
        joined = _UNIT_RE.match(probe)  # 个 + 月: the alias 个月 split by 半
        if joined is not None and joined.end() > 1 and joined.group() in _T.units:
            nxt: tuple[int, _Unit] | None = (hit.end + joined.end(), _T.units[joined.group()])
        else:
            m = _match_unit(norm, after)
            nxt = (m[1], m[2]) if m and m[2].code != "count" else None
        if nxt is not None:
            count = hit.value / unit.factor
            hit.value = (count + Decimal("0.5")) * nxt[1].factor
            hit.unit, hit.end, hit.unit_end = nxt[1].code, nxt[0], nxt[0]
            return
    hit.value += unit.factor / 2
    hit.end = after


def _attach_bare_subunit(norm: str, hit: _Hit) -> _Hit:
    """An amount in 角/毛/分 alone is money only when it cannot be anything else: 两毛五, 三角五分,
    五毛钱, 壹角贰分 (financial numerals); 五角 alone is a pentagon, 5分 a score."""
    if hit.kind != "quantity" or hit.high is not None or hit.value <= 0 or hit.unit is not None:
        return hit
    m = _SUBUNIT_RE["CNY"].match(norm, hit.end)
    if m is None:
        return hit
    sub = m.group()
    financial = any(ch in _FINANCIAL for ch in norm[hit.num_start : hit.num_end])
    followed = _LONE_DIGIT.match(norm, m.end()) or _SUBUNIT_FOLLOWS.match(norm, m.end())
    if not (norm[m.end() : m.end() + 1] == "钱" or financial or (sub in "角毛" and followed)):
        return hit
    factor = _T.subunits["CNY"][sub]
    hit.value *= factor
    hit.unit, hit.unit_start, hit.unit_end, hit.end, hit.implied = "CNY", m.start(), m.end(), m.end(), True
    _attach_subunits(norm, hit, "CNY", factor, True)
    return hit


_FINANCIAL = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟")
_SUBUNIT_FIRST = frozenset(a[0] for a in _T.subunits["CNY"])
_NOT_MONEY = frozenset("包庄财币款物数")
_SUBUNIT_FOLLOWS = re.compile(rf"[\d{_D}]+分")


def _scaled(v: Decimal | None, factor: Decimal) -> Decimal | None:
    return None if v is None else v * factor


def _attach_subunits(norm: str, hit: _Hit, code: str, factor: Decimal, colloquial: bool) -> None:
    """五元三毛 = 5.3 元, 两美元又三美分 = 2.03 美元, 135块6角7分, 12块5 = 12.5 元, 两毛五 = 0.25 元,
    五毛钱, 壹拾壹元整."""
    table = _T.subunits.get(code)
    pos = hit.end
    for _ in range(2):
        if table is None:
            break
        at = pos + 1 if norm[pos : pos + 1] == "又" else pos
        m = _RUN_RE.match(norm, at)
        if m is None:
            break
        r = _read_numeral(m.group())
        if r is None or r.high is not None or r.low < 0:
            break
        u = _SUBUNIT_RE[code].match(norm, m.start() + r.end)
        if u is None:
            break
        sub = u.group().replace(" ", "")
        if table[sub] >= factor:
            break
        hit.value += r.low * table[sub]
        pos = hit.end = hit.unit_end = u.end()
        factor, colloquial = table[sub], sub in "角毛"
    # 12块5, 两毛五: after a colloquial unit one more digit is the next lower unit
    d = _LONE_DIGIT.match(norm, hit.end) if colloquial and table is not None else None
    if d is not None and table is not None and _match_unit(norm, d.end()) is None and factor > min(table.values()):
        digit = int(d.group()) if d.group().isdigit() else _CJK_DIGIT_VALUES[d.group()]
        hit.value += digit * factor / 10
        hit.end = d.end()
    if code == "CNY" and norm[hit.end : hit.end + 1] == "钱" and norm[hit.end + 1 : hit.end + 2] not in _NOT_MONEY:
        hit.end += 1  # 五毛钱, 六角七分钱 (钱包 is a wallet)
    if norm[hit.end : hit.end + 1] in ("整", "正"):
        hit.end += 1


def _attach_range(text: str, norm: str, hit: _Hit) -> _Hit:
    """3-5万元, 20~100, 20至30人, 一到五, 1万元--5万元, 1万(含)-5万元: value = low; the second
    end's unit applies to both, and its magnitude to a first end that prints none."""
    if hit.high is not None or hit.kind not in ("quantity", "percent"):
        return hit
    sep = _RANGE_SEP.match(norm, hit.end)
    if sep is None:
        return hit
    sep_text = sep.group()
    if sep_text.strip() == "-" and sep_text.startswith(" ") and not sep_text.endswith(" "):
        return hit  # "-6.4 -9.4" in a table row: a space, then a minus sign glued to the next cell
    m = _RUN_RE.match(norm, sep.end())
    if m is None or norm[m.start()] == "-":
        return hit
    second = _read_run(text, norm, m.start(), m.end(), True)
    if second is None or second.kind not in ("quantity", "percent") or second.high is not None:
        return hit
    if second.qualifier is not None:
        return hit
    low: Decimal | None = hit.value
    worded = sep_text.strip() in ("到", "至")  # 从8500到3万: only words join ends of unlike size
    if hit.unit is None and second.unit is not None:
        alias = norm[second.unit_start : second.unit_end].replace(" ", "")
        unit = _T.units.get(alias)
        base = unit.factor / _ALIAS_MAGNITUDE[alias] if unit else Decimal(1)
        low = hit.value * base
        if not hit.own_mag:
            low = _borrow(low, second.mags, second.value, worded)
    elif hit.unit is None:
        low = hit.value if hit.own_mag else _borrow(hit.value, second.mags, second.value, worded)
    elif hit.unit != second.unit:
        return hit
    if low is None or low >= second.value:
        return hit
    hit.unit, hit.kind = second.unit, second.kind
    hit.value, hit.low, hit.high = low, low, second.value
    hit.end, hit.num_end = second.end, second.num_end
    hit.unit_start, hit.unit_end = second.unit_start, second.unit_end
    hit.currency, hit.explicit, hit.implied = second.currency, second.explicit, second.implied
    if sep_text.strip() in ("到", "至") and norm[hit.start - 1 : hit.start] in ("从", "由", "自"):
        hit.start -= 1  # 从8500到3万元: the whole expression
    return hit


def _borrow(low: Decimal, mags: tuple[Decimal, ...], high: Decimal, worded: bool) -> Decimal | None:
    """The first end of a range scaled by as much of the second end's magnitude as keeps it below
    the second: 一千到两千万 (千, 万) takes 万, 八到九百亿 (百, 亿) takes 百亿.  Taking none of it
    (8500到3万) needs 到/至: "253-5 万人" in a table is two cells, not 253..50000."""
    for k in range(len(mags)):
        scaled = low
        for mag in mags[k:]:
            scaled *= mag
        if scaled < high:
            return scaled
    return low if low < high and (worded or not mags) else None


def _alias_magnitude(alias: str) -> Decimal:
    """The magnitude words an alias starts with: 万元 -> 10000, 千克 -> 1000, 元 -> 1."""
    mag = Decimal(1)
    for i, ch in enumerate(alias[:-1]):
        if ch not in _SMALL_VALUES and ch not in _BIG_VALUES:
            break
        if alias[i + 1 :] not in _T.units:
            continue
        mag *= _SMALL_VALUES.get(ch, 0) or _BIG_VALUES[ch]
    return mag


_ALIAS_MAGNITUDE = {alias: _alias_magnitude(alias) for alias in _T.units}


def _attach_qualifiers(norm: str, hit: _Hit) -> _Hit:
    b = _BEFORE_RE.search(norm, max(0, hit.start - 6), hit.start)
    if b is not None:
        word = b.group().replace(" ", "").rstrip("了")
        blocked = _T.blocked_preceders.get(word, "")
        if not (blocked and b.start() > 0 and norm[b.start() - 1] in blocked):
            hit.qualifier = _T.before[word]
            hit.start = b.start()
    a = _AFTER_RE.match(norm, hit.end)
    if a is not None:
        word = a.group().strip()
        if word not in ("多", "余") or hit.unit is not None:
            hit.qualifier = hit.qualifier or _T.after[word]
            hit.end = a.end()
    return hit
