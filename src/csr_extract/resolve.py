"""Stage 3: merge the candidates into one row per (KPI, year, period).

Mentions of one key that agree (within half a percent) support each other; the group with the most
support wins and keeps the evidence of its most trusted mention (a table cell over an infographic
over a passing mention). Values of the same key that disagree are named in the report's warnings.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .candidates import Candidate
from .catalog import load_catalog
from .models import BBox, KpiValue

AGREE = Decimal("0.005")  # relative difference under which two readings are the same value
SUPPORT_BONUS = 0.05  # confidence added per further agreeing mention
_METHOD_RANK = {"table": 3, "layout": 2, "prose": 1}

Key = tuple[str, int, int | None]


def resolve(
    candidates: list[Candidate], report_year: int, min_confidence: float = 0.0
) -> tuple[list[KpiValue], list[str]]:
    """Rows (sorted by kpi_id, year, page) and warnings about conflicting readings."""
    _mark_list_items(candidates)
    groups: dict[Key, list[Candidate]] = defaultdict(list)
    cumulative_unknown: list[Candidate] = []
    for c in candidates:
        if not _is_sane(c, report_year):
            continue
        if "cumulative_unknown" in c.flags:
            cumulative_unknown.append(c)
            continue
        groups[(c.kpi.id, c.year, c.period_start)].append(c)
    _attach_cumulative(groups, cumulative_unknown)
    rows: list[KpiValue] = []
    warnings: list[str] = []
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2] or 0)):
        clusters = _clusters(groups[key])
        best = max(clusters, key=_support)
        row = _to_row(best)
        if row.confidence < min_confidence:
            continue
        rows.append(row)
        for other in clusters:
            if other is not best and max(c.confidence for c in other) >= min_confidence:
                warnings.append(_conflict_message(key, best, other))
    rows.sort(key=lambda r: (r.kpi_id, r.year, r.page or 0, r.period_start or 0))
    return rows, warnings


YEARS_BACK = 15  # a report's tables and histories reach this far back; older "years" are misreads
PROSE_YEARS_BACK = 3  # a sentence about an older year tells history (于2009年捐资…), not a result
ITEM_FACTOR = 0.5  # several amounts of one KPI in one sentence are items of a list, none the total


def _is_sane(c: Candidate, report_year: int) -> bool:
    """Drop readings no company-level figure can have: out of the unit's range, or a year that is
    not a year of this report's history (OCR slips such as 2〇13 -> 1930 in a header)."""
    if not load_catalog().is_plausible(c.kpi.unit, float(c.value)):
        return False
    if not report_year - YEARS_BACK <= c.year <= report_year + 1:
        return False
    if c.sentence >= 0 and c.period_start is None and c.year < report_year - PROSE_YEARS_BACK:
        return False
    if c.period_start is not None and c.period_start >= c.year:
        c.period_start = None  # "自2016年起" in a 2016 report: that year's figure
    return True


def _mark_list_items(candidates: list[Candidate]) -> None:
    """捐资13万元建设光伏项目；捐资50万元建设养殖场: one sentence giving several amounts of one KPI
    for one year lists items; none of them is the year's total, so each is trusted less."""
    by_sentence: dict[tuple[str, int | None, int, int, int | None], list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.sentence >= 0 and "subset" not in c.flags:
            by_sentence[(c.kpi.id, c.page, c.sentence, c.year, c.period_start)].append(c)
    for cands in by_sentence.values():
        if len({c.value for c in cands}) > 1:
            for c in cands:
                c.confidence = round(c.confidence * ITEM_FACTOR, 3)
                c.flags |= {"list_item"}


def _attach_cumulative(groups: dict[Key, list[Candidate]], pending: list[Candidate]) -> None:
    """An accumulated value whose start year is unknown supports an equal value of a known period;
    alone it is too vague to report as any year's figure, so it is dropped."""
    for c in pending:
        for (kpi_id, _, period_start), cands in groups.items():
            if kpi_id == c.kpi.id and period_start is not None and any(_agree(c.value, o.value) for o in cands):
                cands.append(c)
                break


def _agree(a: Decimal, b: Decimal) -> bool:
    if b == 0:
        return a == 0
    return abs(a - b) <= AGREE * abs(b)


def _clusters(cands: list[Candidate]) -> list[list[Candidate]]:
    clusters: list[list[Candidate]] = []
    for c in sorted(cands, key=_trust, reverse=True):
        for cl in clusters:
            if _agree(c.value, cl[0].value):
                cl.append(c)
                break
        else:
            clusters.append([c])
    # a value read inside "其中 …" is a part of another value of the same key: it only counts alone
    whole = [cl for cl in clusters if not all("subset" in c.flags for c in cl)]
    return whole or clusters


def _trust(c: Candidate) -> tuple[float, int]:
    return (c.confidence, _METHOD_RANK.get(c.method, 0))


def _support(cluster: list[Candidate]) -> tuple[float, float]:
    return (sum(c.confidence for c in cluster), max(c.confidence for c in cluster))


def _to_row(cluster: list[Candidate]) -> KpiValue:
    best = max(cluster, key=lambda c: (_METHOD_RANK.get(c.method, 0), c.confidence))
    top = max(c.confidence for c in cluster)
    confidence = min(1.0, top + SUPPORT_BONUS * (len(cluster) - 1))
    change = next((c.change_yoy for c in sorted(cluster, key=_trust, reverse=True) if c.change_yoy is not None), None)
    qualifier = best.qualifier
    kpi = best.kpi
    return KpiValue(
        kpi_id=kpi.id,
        kpi_name_zh=kpi.name_zh,
        category=kpi.category,
        value=float(best.value),
        unit=kpi.unit,
        year=best.year,
        period_start=best.period_start,
        qualifier=qualifier,  # type: ignore[arg-type]
        change_yoy=float(change) if change is not None else None,
        raw=best.raw,
        page=best.page,
        bbox=BBox(x0=best.bbox[0], top=best.bbox[1], x1=best.bbox[2], bottom=best.bbox[3]) if best.bbox else None,
        evidence=best.evidence,
        method=best.method,  # type: ignore[arg-type]
        confidence=round(confidence, 3),
        gri=kpi.gri,
        hkex=kpi.hkex,
    )


def _conflict_message(key: Key, best: list[Candidate], other: list[Candidate]) -> str:
    kpi_id, year, period_start = key
    when = f"{period_start}-{year}" if period_start else str(year)
    o = max(other, key=_trust)
    b = max(best, key=_trust)
    where = f" (page {o.page})" if o.page else ""
    return (
        f"{kpi_id} {when}: kept {b.raw!r} ({len(best)} mention(s)); "
        f"also read {o.raw!r}{where} from: {o.evidence[:80]}"
    )
