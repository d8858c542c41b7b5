"""Stage 4: score every reading, then merge them into one row per (KPI, year, period).

Each reading is scored by the policy (``csr_extract.scoring``). Readings of one key that agree
(within half a percent, or within the rounding a printed figure implies: 2.3万余人 and 23,418)
support each other; the group with the most support wins and keeps the evidence of its most precise,
then most trusted reading (a table cell over an infographic over a passing mention). Values of the
same key and scope that disagree are named in the report's warnings (a part of the company, such as
母公司在职员工, beside the whole is no conflict). ``resolve_all`` also says what became of every
reading, for ``csr-extract explain``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from .candidates import Reading
from .candidates.base import names_a_part
from .catalog import load_catalog
from .display import format_value
from .models import BBox, KpiValue, ReportWarning
from .normalize import fold_chinese
from .scoring import is_vetoed, load_policy, score, support

AGREE = Decimal("0.005")  # relative difference under which two readings are the same value
_METHOD_RANK = {"table": 3, "layout": 2, "prose": 1}

Key = tuple[str, int, int | None]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What became of one reading: ``kept`` (its evidence is the row's), ``agrees`` (supports the
    kept value), ``lost`` (another value of the same key won), ``below_threshold``, ``vetoed``,
    ``implausible`` (outside the unit's range or the report's years, or below its KPI's ``floor``: a
    share of another KPI's row of the year, data/kpis.yaml), ``part`` (a part of a value of
    the same KPI: 其中…) or ``vague`` (accumulated over an unknown number of years)."""

    reading: Reading
    status: str
    note: str = ""
    key: Key | None = None  # the (KPI, year, period start) whose row it was weighed for


@dataclass(slots=True)
class Resolution:
    rows: list[KpiValue] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)


def resolve(readings: list[Reading], report_year: int, min_confidence: float = 0.0) -> tuple[list[KpiValue], list[str]]:
    """Rows (sorted by kpi_id, year, page) and the text of the warnings about conflicting readings."""
    res = resolve_all(readings, report_year, min_confidence)
    return res.rows, [w.message for w in res.warnings]


def resolve_all(readings: list[Reading], report_year: int, min_confidence: float = 0.0) -> Resolution:
    """Rows, warnings and a verdict for every reading."""
    res = Resolution()
    live = []
    series = _yearly_series(readings)
    for r in readings:
        if is_vetoed(r.flags):
            r.confidence, r.trace = score(r.rule, r.flags)
            res.verdicts.append(Verdict(r, "vetoed"))
            if "foreign_currency" in r.flags:
                _warn_foreign(r, res)
        elif not _is_sane(r, report_year, series):
            res.verdicts.append(Verdict(r, "implausible"))
        elif "subset" in r.flags:
            r.confidence, r.trace = score(r.rule, r.flags, gap_chars=r.gap_chars, gap_commas=r.gap_commas)
            res.verdicts.append(Verdict(r, "part", "a part of a value of the same KPI (其中…, a bracket)"))
        else:
            live.append(r)
    _mark_list_items(live)
    for r in live:
        r.confidence, r.trace = score(r.rule, r.flags, gap_chars=r.gap_chars, gap_commas=r.gap_commas)
    groups: dict[Key, list[Reading]] = defaultdict(list)
    vague: list[Reading] = []
    for r in live:
        if "cumulative_unknown" in r.flags:
            vague.append(r)
        else:
            groups[(r.kpi.id, r.year, r.period_start)].append(r)
    for r in vague:
        if not _attach_cumulative(groups, r):
            res.verdicts.append(Verdict(r, "vague", "accumulated over an unknown number of years"))
    floored = {k.id for k in load_catalog().kpis if k.floor is not None}
    # a KPI with a floor after the KPI it is measured against (trainees after employees)
    for key in sorted(groups, key=lambda k: (k[0] in floored, k[0], k[1], k[2] or 0)):
        above = _above_floor(key, groups[key], res)
        if above:
            _resolve_key(key, above, min_confidence, res)
    res.rows.sort(key=lambda r: (r.kpi_id, r.year, r.page or 0, r.period_start or 0))
    return res


def _above_floor(key: Key, readings: list[Reading], res: Resolution) -> list[Reading]:
    """The readings of ``key`` not below its KPI's ``floor`` (data/kpis.yaml): a share of the row of
    another KPI for the same year and period already resolved (trainees under 5% of the year's
    employees are one programme's); the others get the verdict ``implausible``."""
    floor = readings[0].kpi.floor if readings else None
    if floor is None:
        return readings
    ref = next((r for r in res.rows if (r.kpi_id, r.year, r.period_start) == (floor.of, key[1], key[2])), None)
    if ref is None:
        return readings
    limit = Decimal(str(floor.share)) * Decimal(str(ref.value))
    low = [r for r in readings if r.value < limit]
    # the reference as the console shows it (1,234,567 person, not 1.23457e+06)
    note = f"under {floor.share:.0%} of the year's {floor.of} ({format_value(ref.value, ref.unit, ref.raw)})"
    for r in low:
        res.verdicts.append(Verdict(r, "implausible", note))
    return [r for r in readings if r.value >= limit]


def _warn_foreign(r: Reading, res: Resolution) -> None:
    where = f" (page {r.page})" if r.page else ""
    message = (
        f"{r.kpi.id} {r.year}: {r.raw!r}{where} is {r.currency or 'not CNY'}; not converted, not reported "
        f"(from: {r.evidence[:60]})"
    )
    if all(w.message != message for w in res.warnings):
        res.warnings.append(ReportWarning(kind="currency", kpi_id=r.kpi.id, year=r.year, page=r.page, message=message))


def _resolve_key(key: Key, readings: list[Reading], min_confidence: float, res: Resolution) -> None:
    primary = [
        r.value for r in readings
        if not _is_secondary(r) and r.method == "table" and r.confidence >= _PRIMARY_CONFIDENCE
    ]
    beaten = [r for r in readings if _is_secondary(r) and primary and not any(_agree(r.value, v) for v in primary)]
    if beaten:
        # 研发费用 (the expensed part) beside a table's different 研发投入合计 (all R&D spending): the KPI's
        # own name wins (a passing mention of 营业收入 does not overrule a statement's 营业总收入)
        for r in beaten:
            res.verdicts.append(Verdict(r, "lost", "a secondary label; the KPI's own gives another value"))
        readings = [r for r in readings if r not in beaten]
    misscaled = [r for r in readings if _misscaled(r, readings)]
    if misscaled:
        for r in misscaled:
            note = "a power of ten off a figure printed with its own unit: the unit it was read in is misprinted"
            res.verdicts.append(Verdict(r, "lost", note))
        readings = [r for r in readings if r not in misscaled]
    if any(r.rule != "prose.zero" for r in readings):
        # 未发生…死亡 is a general statement: a number printed for the same year says more
        for r in readings:
            if r.rule == "prose.zero":
                res.verdicts.append(Verdict(r, "lost", "a number was printed for this year"))
        readings = [r for r in readings if r.rule != "prose.zero"]
    clusters = _clusters(readings)
    top = max(r.confidence for r in readings)
    best = max(clusters, key=lambda cl: _support(cl, top))
    row = _to_row(best)
    kept = row.confidence >= min_confidence
    if kept:
        res.rows.append(row)
    winner = _best_evidence(best)
    figures = _distinct(best)
    for c in best:
        status = ("kept" if c is winner else "agrees") if kept else "below_threshold"
        note = f"row confidence {row.confidence}"
        if _is_rounding_of(c, figures):
            low, high = rounding_interval(c.raw, c.value, c.qualifier)
            note += f"; a rounding ({_plain(low)}..{_plain(high)}) of {winner.raw}"
        res.verdicts.append(Verdict(c, status, note, key))
    for other in clusters:
        if other is best:
            continue
        for c in other:
            res.verdicts.append(Verdict(c, "lost", f"{row.raw} won with {len(best)} reading(s)", key))
        same_scope = [c for c in other if not _is_part(c)]
        if kept and same_scope and max(c.confidence for c in same_scope) >= min_confidence:
            res.warnings.append(_conflict_warning(key, best, same_scope))


_PART_FLAGS = frozenset({"partial_scope", "subset", "narrowed", "list_item"})
# a unit printed away from the value and its row: a column head or a caption (not the row's own label)
_BORROWED_UNIT = frozenset({"header", "caption"})
_POWERS_OF_TEN = tuple(Decimal(10) ** k for k in (1, 2, 3, 4))


def _misscaled(c: Reading, readings: list[Reading]) -> bool:
    """A value read in a unit printed away from it (a chart's column head, C〇2 (百吨) over 7478) that
    is 10, 100, 1,000 or 10,000 times, or that share of, a figure of the same KPI and year printed
    with its own unit (C〇2排放量约为74,775吨): the borrowed unit is misprinted; the printed one stands."""
    if c.unit_source not in _BORROWED_UNIT or c.value == 0:
        return False
    for o in readings:
        if o.unit_source != "number" or o.value == 0 or _is_part(o) or o.period_start != c.period_start:
            continue
        for p in _POWERS_OF_TEN:
            if _agree(c.value, o.value * p) or _agree(c.value * p, o.value):
                return True
    return False


def _is_part(c: Reading) -> bool:
    """A reading of a part of the value (one subsidiary, 其中…, one item of a list, a label naming a
    part: 母公司在职员工的数量): another value beside the whole is no conflict."""
    return bool(c.flags & _PART_FLAGS) or names_a_part(c.label)


def _plain(x: Decimal) -> str:
    return f"{x.normalize():f}"


_PRIMARY_CONFIDENCE = 0.5  # a primary table reading below this does not overrule a secondary one


def _is_secondary(r: Reading) -> bool:
    label = fold_chinese(r.label) if r.kpi.secondary else r.label  # 處理危險廢棄物 as 处理危险废弃物
    return any(w in label for w in r.kpi.secondary)


YEARS_BACK = 15  # a report's tables and histories reach this far back; older "years" are misreads
PROSE_YEARS_BACK = 3  # a sentence about an older year tells history (于2009年捐资…), not a result


SeriesKey = tuple[int | None, int, str]  # page, sentence start, KPI


def _yearly_series(readings: list[Reading]) -> dict[SeriesKey, set[int]]:
    """The years each prose sentence gives a year's figure of a KPI for (2012年共计捐赠…；2013年…)."""
    out: dict[SeriesKey, set[int]] = defaultdict(set)
    for r in readings:
        if r.sentence >= 0 and r.period_start is None:
            out[(r.page, r.sentence, r.kpi.id)].add(r.year)
    return out


def _is_sane(c: Reading, report_year: int, series: dict[SeriesKey, set[int]] | None = None) -> bool:
    """Drop readings no company-level figure can have: out of the unit's range, or a year that is
    not a year of this report's history (OCR slips such as 2〇13 -> 1930 in a header). A sentence
    about an older year tells history, unless it runs a figure for every year from that one up to the
    year before the report's (2012年共计捐赠…；2013年…；…2015年…: a yearly series)."""
    if not load_catalog().is_plausible(c.kpi, float(c.value)):
        return False
    if not report_year - YEARS_BACK <= c.year <= report_year + 1:
        return False
    if c.sentence >= 0 and c.period_start is None and c.year < report_year - PROSE_YEARS_BACK:
        years = (series or {}).get((c.page, c.sentence, c.kpi.id), set())
        if not years >= set(range(c.year, report_year)):
            return False
    if c.period_start is not None and c.period_start >= c.year:
        c.period_start = None  # "自2016年起" in a 2016 report: that year's figure
    return True


def _mark_list_items(readings: list[Reading]) -> None:
    """捐资13万元建设光伏项目；捐资50万元建设养殖场: one sentence giving several amounts of one KPI
    for one year lists items; none of them is the year's total, so each is flagged ``list_item``."""
    by_sentence: dict[tuple[str, int | None, int, int, int | None], list[Reading]] = defaultdict(list)
    for c in readings:
        # a part named by its label (医疗帮扶投入, 中层管理层培训) is no peer of the total beside it
        # ... nor is a sum over years beside the year's figure (已累计捐款1.8亿元，2016年捐款3000万元)
        if c.sentence >= 0 and not c.flags & {"subset", "narrowed", "cumulative_unknown"}:
            by_sentence[(c.kpi.id, c.page, c.sentence, c.year, c.period_start)].append(c)
    for group in by_sentence.values():
        group = _person_times_first(group)
        if len({c.value for c in group}) > 1:
            for c in group:
                c.flags |= {"list_item"}


def _person_times_first(group: list[Reading]) -> list[Reading]:
    """参加培训人员共46962人，参训人次达到104633人次: the same training counted in heads and in
    person-times; the person-times are the KPI's own measure, the heads a second count of it (flagged
    ``subset``), not two items of a list."""
    if not group or group[0].kpi.unit != "person_time":
        return group
    times = [c for c in group if "人次" in c.raw]
    heads = [c for c in group if "人次" not in c.raw]
    if not times or not heads:
        return group
    for c in heads:
        c.flags |= {"subset"}
    return times


def _attach_cumulative(groups: dict[Key, list[Reading]], c: Reading) -> bool:
    """An accumulated value whose start year is unknown supports an equal value of a known period;
    alone it is too vague to report as any year's figure."""
    for (kpi_id, _, period_start), group in groups.items():
        if kpi_id == c.kpi.id and period_start is not None and any(_agree(c.value, o.value) for o in group):
            group.append(c)
            return True
    return False


def _agree(a: Decimal, b: Decimal) -> bool:
    if b == 0:
        return a == 0
    return abs(a - b) <= AGREE * abs(b)


def _clusters(readings: list[Reading]) -> list[list[Reading]]:
    clusters: list[list[Reading]] = []
    figures: list[dict[tuple[Decimal, str, str | None], Reading]] = []  # each cluster's distinct figures
    for c in sorted(readings, key=_trust, reverse=True):
        for cl, seen in zip(clusters, figures, strict=True):
            # within rounding of every member: 约2.3万 may hold 23,418 or 22,860, never both (each printed
            # figure checked once: a repeated sentence gives thousands of equal readings)
            if _agree(c.value, cl[0].value) or all(
                _agree(c.value, m.value) or _joins_by_rounding(c, m) for m in seen.values()
            ):
                cl.append(c)
                seen.setdefault(_figure(c), c)
                break
        else:
            clusters.append([c])
            figures.append({_figure(c): c})
    return clusters


def _figure(c: Reading) -> tuple[Decimal, str, str | None]:
    return (c.value, c.raw, c.qualifier)


_DIGITS = re.compile(r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?")


def rounding_interval(raw: str, value: Decimal, qualifier: str | None) -> tuple[Decimal, Decimal]:
    """The exact values a figure printed as ``raw`` (read as ``value``) may stand for.

    The unit of rounding is the place of the last digit printed, in the value's unit (2.3万 -> 1,000;
    35.71亿 -> 1,000,000; 23,418 -> 1). A figure with a qualifier is a round number, so its trailing
    zeros are not precision (超过1800万 is rounded to 100万), nor are those of Chinese numerals
    (一万六千余). The qualifier says where the exact value lies: 多/余 after the digits (2.3万余, 30多亿:
    ``rounding.and_some_words`` of data/scoring.yaml) up to one whole unit above; another "more than"
    (超过, 突破, 以上) up to half a unit above, 近/将近 (``rounding.below_words``) and 不足/以下 up to half a
    unit below; 约/左右 and a bare figure half a unit either side. A range (3-5万) or a figure whose
    digits do not scale to its value by a power of ten (a unit conversion such as 吨标准煤 -> GJ) gives
    no tolerance: ``(value, value)``.

    >>> rounding_interval("2.3万余人", Decimal(23000), "more_than")
    (Decimal('23000'), Decimal('24000'))
    >>> rounding_interval("约36亿元", Decimal(3600000000), "about")
    (Decimal('3550000000'), Decimal('3650000000'))
    >>> rounding_interval("近5000人", Decimal(5000), "about")
    (Decimal('4500'), Decimal('5000'))
    """
    unit = _rounding_unit(raw, value, qualifier is not None)
    if unit is None:
        return value, value
    text = _plain_text(raw)
    if qualifier in ("more_than", "at_least"):
        return value, value + (unit if _and_some().search(text) else unit / 2)
    if qualifier in ("less_than", "at_most") or (qualifier == "about" and _says_below(text)):
        return value - unit / 2, value
    return value - unit / 2, value + unit / 2


@lru_cache(maxsize=4096)  # each reading is compared with every other of its key
def _plain_text(raw: str) -> str:
    """``raw`` with half-width digits and simplified characters (２．３萬餘 -> 2.3万余), and without the
    spaces a conversion leaves inside a number (64. 27亿元, 23, 418. 55万元: one figure, not two)."""
    return _SPACE_IN_NUMBER.sub("", fold_chinese(unicodedata.normalize("NFKC", raw)))


_SPACE_IN_NUMBER = re.compile(r"(?<=[0-9.,，])\s+(?=[0-9.])")


def _rounding_unit(raw: str, value: Decimal, round_number: bool) -> Decimal | None:
    """The place of the last significant printed digit, in the value's unit; None: no rounding."""
    runs = _DIGITS.findall(_plain_text(raw))
    if len(runs) > 1 or value == 0:
        return None  # a range or several numbers: not one printed figure
    last_nonzero = Decimal(1).scaleb(value.normalize().as_tuple().exponent)  # type: ignore[arg-type]
    if not runs:
        return last_nonzero  # 一万六千: Chinese numerals print no trailing zeros
    printed = Decimal(runs[0].replace(",", "").replace("，", ""))
    if printed == 0:
        return None
    scale = abs(value / printed)
    if scale.normalize().as_tuple().digits != (1,):
        return None
    unit = Decimal(1).scaleb(printed.as_tuple().exponent) * scale  # type: ignore[arg-type]
    return max(unit, last_nonzero) if round_number else unit


def _says_below(text: str) -> bool:
    first = _DIGITS.search(text)
    head = text[: first.start()] if first else text
    return any(w in head for w in load_policy().rounding.below_words)


@cache
def _and_some() -> re.Pattern[str]:
    words = "|".join(map(re.escape, load_policy().rounding.and_some_words))
    return re.compile(rf"[0-9零〇一二两三四五六七八九十百千万亿](?:{words})")


def _within_rounding(a: Reading, b: Reading) -> bool:
    """One of two readings of the same scope rounds the other: the more precise value lies inside the
    interval the coarser one's printed figure allows (``rounding_interval``)."""
    if _is_part(a) != _is_part(b):
        return False  # a branch's 约36万元 is no rounding of the company's 36.4万元
    fine, coarse = sorted((a, b), key=_precision)
    if _precision(fine) == _precision(coarse):
        return False
    low, high = rounding_interval(coarse.raw, coarse.value, coarse.qualifier)
    return low <= fine.value <= high


def _joins_by_rounding(a: Reading, b: Reading) -> bool:
    """Two readings of different values are one value when the coarser is printed as approximate and
    rounds the other: a qualifier (约, 余, 超过, 近...), or decimals in 万 or 亿 (2.3万人: a count cut
    to a larger unit). A whole number is taken as printed: 3万元 and 2.6万元 are two donations."""
    coarse = max((a, b), key=_precision)
    return _printed_approximate(coarse) and _within_rounding(a, b)


_CUT_TO_MAGNITUDE = Decimal(10000)  # 万 and above: decimals there are a figure cut short


def _printed_approximate(c: Reading) -> bool:
    if c.qualifier is not None:
        return True
    runs = _DIGITS.findall(_plain_text(c.raw))
    if len(runs) != 1 or "." not in runs[0]:
        return False
    printed = Decimal(runs[0].replace(",", "").replace("，", ""))
    return printed != 0 and abs(c.value / printed) >= _CUT_TO_MAGNITUDE


def _precision(c: Reading) -> Decimal:
    return _printed_precision(c.raw, c.value, c.qualifier is not None)


@lru_cache(maxsize=4096)
def _printed_precision(raw: str, value: Decimal, qualified: bool) -> Decimal:
    return _rounding_unit(raw, value, qualified) or Decimal(0)


def _is_rounding_of(c: Reading, figures: list[Reading]) -> bool:
    """``c`` is a rounded figure of a more precise, different value among ``figures`` (a cluster's
    ``_distinct`` figures: a report repeating one sentence thousands of times gives thousands of equal
    readings, and comparing every pair of them took minutes)."""
    return any(o.value != c.value and _precision(o) < _precision(c) and _within_rounding(c, o) for o in figures)


def _distinct(cluster: list[Reading]) -> list[Reading]:
    """One reading per printed figure (value, raw text, qualifier) of ``cluster``."""
    return list({_figure(o): o for o in cluster}.values())


def _trust(c: Reading) -> tuple[float, int]:
    return (c.confidence, _METHOD_RANK.get(c.method, 0))


def _support(cluster: list[Reading], top: float = 1.0) -> tuple[bool, bool, float, float]:
    """A value read as the whole first (parts never outvote it: three rows of 守法合规培训人次 and
    反腐败培训人次 agreeing by chance do not sink 各类培训累计参加98万人次), then one a sentence says is
    the total (全年公益捐赠总额… over 向灾区捐款…) when it is as sure as the surest reading ``top`` of
    the key (a table's row outranks it), then the summed and the best confidence."""
    whole = not all(_is_part(c) for c in cluster)
    stated = any(
        "stated_total" in c.flags and not _is_part(c) and c.confidence >= top - _STATED_TOTAL_TIE for c in cluster
    )
    return (whole, stated, sum(c.confidence for c in cluster), max(c.confidence for c in cluster))


_STATED_TOTAL_TIE = 0.02  # a stated total a little farther from its label (合计约…) is still as sure


def _best_evidence(cluster: list[Reading]) -> Reading:
    """The most precise figure (a rounding never beats the value it rounds), then the most trusted."""
    figures = _distinct(cluster)
    exact = [c for c in cluster if not _is_rounding_of(c, figures)] or cluster
    return max(exact, key=lambda c: (_METHOD_RANK.get(c.method, 0), c.confidence))


def _to_row(cluster: list[Reading]) -> KpiValue:
    best = _best_evidence(cluster)
    top = max(cluster, key=lambda c: (c.confidence, c is best))
    trace = best.trace if top is best else f"{best.trace} (→ {best.confidence}); best: {top.trace} (→ {top.confidence})"
    confidence, trace = support(top.confidence, len(cluster), trace)
    figures = _distinct(cluster)
    rounded = [c.raw for c in cluster if _is_rounding_of(c, figures)]
    if rounded:
        trace += f" ({len(rounded)} within rounding: {', '.join(dict.fromkeys(rounded))})"
    change = next((c.change_yoy for c in sorted(cluster, key=_trust, reverse=True) if c.change_yoy is not None), None)
    kpi = best.kpi
    return KpiValue(
        kpi_id=kpi.id,
        kpi_name_zh=kpi.name_zh,
        category=kpi.category,
        value=float(best.value),
        unit=kpi.unit,
        year=best.year,
        period_start=best.period_start,
        qualifier=best.qualifier,  # type: ignore[arg-type]
        change_yoy=float(change) if change is not None else None,
        raw=best.raw,
        page=best.page,
        bbox=BBox(x0=best.bbox[0], top=best.bbox[1], x1=best.bbox[2], bottom=best.bbox[3]) if best.bbox else None,
        evidence=best.evidence,
        method=best.method,  # type: ignore[arg-type]
        confidence=confidence,
        trace=trace,
        column=best.column,
        unit_source=best.unit_source,
        gri=kpi.gri,
        hkex=kpi.hkex,
    )


def _conflict_warning(key: Key, best: list[Reading], other: list[Reading]) -> ReportWarning:
    kpi_id, year, period_start = key
    when = f"{period_start}-{year}" if period_start else str(year)
    o = max(other, key=_trust)
    b = _best_evidence(best)
    where = f" (page {o.page})" if o.page else ""
    message = (
        f"{kpi_id} {when}: kept {b.raw!r} ({len(best)} mention(s)); "
        f"also read {o.raw!r}{where} from: {o.evidence[:80]}"
    )
    return ReportWarning(kind="conflict", kpi_id=kpi_id, year=year, page=o.page, message=message)
