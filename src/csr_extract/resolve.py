"""Stage 4: score every reading, then merge them into one row per (KPI, year, period).

Each reading is scored by the policy (``csr_extract.scoring``). Readings of one key that agree
(within half a percent) support each other; the group with the most support wins and keeps the
evidence of its most trusted reading (a table cell over an infographic over a passing mention).
Values of the same key that disagree are named in the report's warnings. ``resolve_all`` also says
what became of every reading, for ``csr-extract explain``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .candidates import Reading
from .catalog import load_catalog
from .models import BBox, KpiValue, ReportWarning
from .scoring import is_vetoed, score, support

AGREE = Decimal("0.005")  # relative difference under which two readings are the same value
_METHOD_RANK = {"table": 3, "layout": 2, "prose": 1}

Key = tuple[str, int, int | None]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What became of one reading: ``kept`` (its evidence is the row's), ``agrees`` (supports the
    kept value), ``lost`` (another value of the same key won), ``below_threshold``, ``vetoed``,
    ``implausible`` (outside the unit's range or the report's years), ``part`` (a part of a value of
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
    for r in readings:
        if is_vetoed(r.flags):
            r.confidence, r.trace = score(r.rule, r.flags)
            res.verdicts.append(Verdict(r, "vetoed"))
            if "foreign_currency" in r.flags:
                _warn_foreign(r, res)
        elif not _is_sane(r, report_year):
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
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2] or 0)):
        _resolve_key(key, groups[key], min_confidence, res)
    res.rows.sort(key=lambda r: (r.kpi_id, r.year, r.page or 0, r.period_start or 0))
    return res


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
    if any(r.rule != "prose.zero" for r in readings):
        # 未发生…死亡 is a general statement: a number printed for the same year says more
        for r in readings:
            if r.rule == "prose.zero":
                res.verdicts.append(Verdict(r, "lost", "a number was printed for this year"))
        readings = [r for r in readings if r.rule != "prose.zero"]
    clusters = _clusters(readings)
    best = max(clusters, key=_support)
    row = _to_row(best)
    kept = row.confidence >= min_confidence
    if kept:
        res.rows.append(row)
    winner = _best_evidence(best)
    for c in best:
        status = ("kept" if c is winner else "agrees") if kept else "below_threshold"
        res.verdicts.append(Verdict(c, status, f"row confidence {row.confidence}", key))
    for other in clusters:
        if other is best:
            continue
        for c in other:
            res.verdicts.append(Verdict(c, "lost", f"{row.raw} won with {len(best)} reading(s)", key))
        if kept and max(c.confidence for c in other) >= min_confidence:
            res.warnings.append(_conflict_warning(key, best, other))


_PRIMARY_CONFIDENCE = 0.5  # a primary table reading below this does not overrule a secondary one


def _is_secondary(r: Reading) -> bool:
    return any(w in r.label for w in r.kpi.secondary)


YEARS_BACK = 15  # a report's tables and histories reach this far back; older "years" are misreads
PROSE_YEARS_BACK = 3  # a sentence about an older year tells history (于2009年捐资…), not a result


def _is_sane(c: Reading, report_year: int) -> bool:
    """Drop readings no company-level figure can have: out of the unit's range, or a year that is
    not a year of this report's history (OCR slips such as 2〇13 -> 1930 in a header)."""
    if not load_catalog().is_plausible(c.kpi, float(c.value)):
        return False
    if not report_year - YEARS_BACK <= c.year <= report_year + 1:
        return False
    if c.sentence >= 0 and c.period_start is None and c.year < report_year - PROSE_YEARS_BACK:
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
        if len({c.value for c in group}) > 1:
            for c in group:
                c.flags |= {"list_item"}


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
    for c in sorted(readings, key=_trust, reverse=True):
        for cl in clusters:
            if _agree(c.value, cl[0].value):
                cl.append(c)
                break
        else:
            clusters.append([c])
    return clusters


def _trust(c: Reading) -> tuple[float, int]:
    return (c.confidence, _METHOD_RANK.get(c.method, 0))


def _support(cluster: list[Reading]) -> tuple[float, float]:
    return (sum(c.confidence for c in cluster), max(c.confidence for c in cluster))


def _best_evidence(cluster: list[Reading]) -> Reading:
    return max(cluster, key=lambda c: (_METHOD_RANK.get(c.method, 0), c.confidence))


def _to_row(cluster: list[Reading]) -> KpiValue:
    best = _best_evidence(cluster)
    top = max(cluster, key=lambda c: c.confidence)
    trace = best.trace if top is best else f"{best.trace} (→ {best.confidence}); best: {top.trace} (→ {top.confidence})"
    confidence, trace = support(top.confidence, len(cluster), trace)
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
    b = max(best, key=_trust)
    where = f" (page {o.page})" if o.page else ""
    message = (
        f"{kpi_id} {when}: kept {b.raw!r} ({len(best)} mention(s)); "
        f"also read {o.raw!r}{where} from: {o.evidence[:80]}"
    )
    return ReportWarning(kind="conflict", kpi_id=kpi_id, year=year, page=o.page, message=message)
