"""Measure csr_extract.quantities against other recognizers' Chinese test suites.

    .venv/bin/python benchmarks/peer_specs.py [--failures]

Reads ``../shared/peer-specs/*.jsonl`` (Microsoft Recognizers-Text Number/Percent/Currency/
Dimension/NumberRange models and cn2an) and prints, per suite, the pass rate over the cases it
judges, every failure, and every case it skips with the reason.  Nothing is copied into the repo.

What "pass" means (Recognizers suites): every expected result is matched by a distinct result of
ours with the same span and a Decimal-equal value, and we return no extra result of the suite's
kind where the peer expects none.
- Spans: Recognizers' ``end`` is inclusive; we compare ``[start, end + 1)``.  Our ``raw`` also holds
  qualifier words (超过 250m); the comparison uses the span without them.  The Number suite may also
  be matched by the numeral alone (``199个`` -> ``199``; ``百分之五十`` -> ``五十``), valued without unit.
- Values: the peer's value is in the printed unit; it is converted to our canonical code with
  ``PEER_UNITS`` (1000万元 -> 10000000 CNY; 2.3 Kilogram -> 0.0023 t); percentages are fractions
  (50% -> 0.5).  Where the peer prints a float-rounded value (>= 15 significant digits, e.g.
  350.333333333333 or 2.02107211321364E+23) a relative difference below 1e-13 counts as equal.
- Which of our results count: Number -> kinds quantity/percent/ordinal (extras: kind quantity that is
  not money); Percent -> kind percent; Currency -> currency units; Dimension -> physical units;
  NumberRange -> anything with bounds or a qualifier (reported, no target: the peer's Python port
  does not support that model).
- An expected result without a value (Currency: a bare "人民币") is not a quantity in our API (value is
  required); such entries are dropped and the case judges only that we invent nothing there.
cn2an: ``cn2an(x)`` cases are judged with ``parse_quantity(x).value``; cases expecting ValueError with
``parse_quantity`` raising.  an2cn (number -> Chinese), ``transform`` (sentence rewriting) and the
strict-mode restatements of inputs the normal/smart tiers already judge are out of scope and listed
as such, apart from the skip table.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from csr_extract.quantities import Quantity, find_quantities, parse_quantity, unit_dimension

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SPECS = SHARED / "peer-specs"

# Targets of issue 3: pass rate over judged cases, and the most a suite may skip.
TARGETS = {
    "NumberModel": 0.98,
    "PercentModel": 0.98,
    "CurrencyModel": 0.98,
    "DimensionModel": 0.98,
    "cn2an": 0.98,
}
MAX_SKIPPED = 0.05

_DATES = "dates are kind date/year by design (a report's 2020年7月 is a date, not three numbers)"
_JI = "几 is read as a range (二十几万 = 210000..290000); the peer reads the round lower value"
_TENS = "二三十 is read as the range 20..30 (reports write 三四十亿); the peer returns nothing"
# Deliberate skips, each with why.  Keep this short: a skip is a disagreement, not a bug.
SKIPS: dict[str, str] = {
    # "一点两小时" is 1:00 + 2 hours to the peer; a report would mean 1.2 hours.
    "NumberModel#1": "debatable: 一点两 read as the decimal 1.2",
    "NumberModel#96": _DATES,
    "NumberModel#173": _DATES,
    "NumberModel#87": _JI,
    "NumberModel#88": _JI,
    "NumberModel#89": _JI,
    "NumberModel#90": _JI,
    "NumberModel#164": _JI,
    "NumberModel#165": _JI,
    "NumberModel#166": _JI,
    "NumberModel#167": _JI,
    # Dotted digit groups are section numbers / versions in reports (1.2.3), kind code.
    "NumberModel#221": "dotted groups 2222.2222.22222.222 are a code (section/version number)",
    # 对折 is a shopping idiom (half price); discount words are out of scope for reports.
    "PercentModel#0": "out of scope: 对折 discount idiom",
    "PercentModel#107": "out of scope: 對折 discount idiom",
    "PercentModel#48": _TENS,
    "PercentModel#49": _TENS,
    "PercentModel#116": _TENS,
    # "5-20%之间": we return the range 5%..20% (the % applies to both ends); the peer only 20%.
    "PercentModel#148": "debatable: 5-20% is one range 0.05..0.2, not the single 20%",
    # The peer's own comment on #9 says 一位 is ambiguous; in reports 位 counts people.
    "DimensionModel#10": "debatable: 一位 as one bit (the peer marks 一位 ambiguous, #9)",
    # cn2an strict mode rejects these colloquial forms; its normal mode (and we) read them.
    "cn2an#149": "debatable: 一一 is 11 in cn2an's normal mode, which we follow",
    "cn2an#150": "debatable: 壹壹 is 11 in cn2an's normal mode, which we follow",
    "cn2an#152": "debatable: 百十一 = 111 like 一百十一 in cn2an's normal mode",
}

# Peer unit name -> (our code, factor from the peer's printed unit to our code).
PEER_UNITS: dict[str, tuple[str, Decimal]] = {
    "Chinese yuan": ("CNY", Decimal(1)),
    "United States dollar": ("USD", Decimal(1)),
    "Dollar": ("USD", Decimal(1)),
    "Euro": ("EUR", Decimal(1)),
    "Hong Kong dollar": ("HKD", Decimal(1)),
    "Swiss franc": ("CHF", Decimal(1)),
    "New Taiwan dollar": ("TWD", Decimal(1)),
    "Japanese yen": ("JPY", Decimal(1)),
    "Nigerian naira": ("NGN", Decimal(1)),
    "Bitcoin": ("BTC", Decimal(1)),
    "Mu": ("mu", Decimal(1)),
    "Ton": ("t", Decimal(1)),
    "Kilogram": ("t", Decimal("0.001")),
    "Gram": ("t", Decimal("0.000001")),
    "Microgram": ("t", Decimal("1E-12")),
    "Jin": ("t", Decimal("0.0005")),
    "Liang": ("t", Decimal("0.00005")),
    "Meter": ("m", Decimal(1)),
    "Centimeter": ("m", Decimal("0.01")),
    "Kilometer": ("km", Decimal(1)),
    "Bit": ("bit", Decimal(1)),
    "Kilobit": ("bit", Decimal(1000)),
    "Kilobyte": ("byte", Decimal(1000)),
    "Megabyte": ("byte", Decimal(1000000)),
    "Hertz": ("Hz", Decimal(1)),
    "Megahertz": ("Hz", Decimal(1000000)),
    "Kilowatt": ("MW", Decimal("0.001")),
    "Kilocalorie": ("kcal", Decimal(1)),
}
_NOT_PHYSICAL = {"currency", "people", "person_time", "count", "ratio", "ratio_change", "time"}


def _qualifier_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    doc = yaml.safe_load(
        resources.files("csr_extract").joinpath("data", "numeral_words.yaml").read_text(encoding="utf-8")
    )
    before = sorted(doc["qualifiers"]["before"], key=len, reverse=True)
    after = sorted(doc["qualifiers"]["after"], key=len, reverse=True)
    return (
        re.compile(f"^(?:{'|'.join(map(re.escape, before))})了?[ 　]*"),
        re.compile(f"[ 　]*(?:{'|'.join(map(re.escape, after))})$"),
    )


_BEFORE, _AFTER = _qualifier_words()


@dataclass
class SuiteResult:
    passed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    out_of_scope: list[tuple[str, str]] = field(default_factory=list)

    @property
    def judged(self) -> int:
        return len(self.passed) + len(self.failed)

    @property
    def rate(self) -> float:
        return len(self.passed) / self.judged if self.judged else 1.0

    @property
    def skip_share(self) -> float:
        total = self.judged + len(self.skipped)
        return len(self.skipped) / total if total else 0.0


def same_value(ours: Decimal | None, theirs: Decimal) -> bool:
    if ours is None:
        return False
    if ours == theirs:
        return True
    digits = len(theirs.as_tuple().digits)
    return digits >= 15 and abs(ours - theirs) <= abs(theirs) * Decimal("1E-13")


def core_span(q: Quantity) -> tuple[int, int]:
    """The span without qualifier words: 超过 250m -> 250m."""
    raw, start, end = q.raw, q.start, q.end
    if q.qualifier:
        b = _BEFORE.match(raw)
        if b and b.end() < len(raw):
            start += b.end()
            raw = raw[b.end() :]
        a = _AFTER.search(raw)
        if a and a.start() > 0:
            end -= len(raw) - a.start()
    return start, end


def numeral_view(q: Quantity, text: str) -> tuple[int, int, Decimal] | None:
    """The numeral alone, valued without its unit (for the Number suite)."""
    if not q.number_raw:
        return None
    offset = text.find(q.number_raw, q.start, q.end)
    if offset < 0:
        return None
    raw = q.number_raw.rstrip(" 多余")
    try:
        return offset, offset + len(raw), parse_quantity(raw).value
    except ValueError:
        return None


def _peer_value(value: str) -> Decimal:
    if value.endswith("%"):
        return Decimal(value[:-1]) / 100
    return Decimal(value)


View = tuple[int, int, Decimal]


def _views(q: Quantity, text: str, suite: str) -> list[View]:
    start, end = core_span(q)
    views: list[View] = [(start, end, q.value)]
    if suite == "NumberModel":
        nv = numeral_view(q, text)
        if nv is not None:
            views.append(nv)
    return views


def _counts(q: Quantity, suite: str) -> bool:
    if suite == "NumberModel":
        return q.kind in ("quantity", "percent", "ordinal")
    if suite == "PercentModel":
        return q.kind == "percent"
    if q.unit is None or q.kind != "quantity":
        return False
    dim = unit_dimension(q.unit)
    return dim == "currency" if suite == "CurrencyModel" else dim not in _NOT_PHYSICAL


def _is_extra(q: Quantity, suite: str) -> bool:
    if suite == "NumberModel":
        return q.kind == "quantity" and (q.unit is None or unit_dimension(q.unit) != "currency")
    return _counts(q, suite)


def judge_recognizers(rec: dict[str, Any]) -> str | None:
    """None if the case passes, else a short description of what went wrong."""
    suite, text = rec["model"], rec["input"]
    found = [q for q in find_quantities(text) if _counts(q, suite)]
    expected = [e for e in rec["expected"] if e["value"] is not None]
    used: set[int] = set()
    for exp in expected:
        want = _peer_value(exp["value"])
        code = None
        if suite in ("CurrencyModel", "DimensionModel"):
            code, factor = PEER_UNITS.get(exp["unit"], (exp["unit"], Decimal(1)))
            want *= factor
        span = (exp["start"], exp["end"] + 1)
        for i, q in enumerate(found):
            if i in used or (code is not None and q.unit != code):
                continue
            if any((s, e) == span and same_value(v, want) for s, e, v in _views(q, text, suite)):
                used.add(i)
                break
        else:
            return f"missing {exp['text']!r}={exp['value']} {exp.get('unit') or ''}; got {_show(found)}"
    spans = [(e["start"], e["end"] + 1) for e in rec["expected"]]
    for i, q in enumerate(found):
        if i not in used and _is_extra(q, suite) and not any(q.start < e and s < q.end for s, e in spans):
            return f"extra {q.raw!r}={q.value} {q.unit or ''}"
    return None


def judge_range(rec: dict[str, Any]) -> str | None:
    """NumberRange: the interval's ends (open/closed ignored) against low/high or value + qualifier."""
    found = [q for q in find_quantities(rec["input"]) if q.high is not None or q.qualifier]
    for exp in rec["expected"]:
        lo_s, hi_s = exp["value"].strip("[]()").split(",")
        lo = Decimal(lo_s) if lo_s else None
        hi = Decimal(hi_s) if hi_s else None
        span = (exp["start"], exp["end"] + 1)
        ok = False
        for q in found:
            if not (q.start < span[1] and span[0] < q.end):
                continue
            if q.high is not None:
                ok = lo is not None and hi is not None and same_value(q.low, lo) and same_value(q.high, hi)
            elif q.qualifier in ("more_than", "at_least"):
                ok = hi is None and lo is not None and same_value(q.value, lo)
            elif q.qualifier in ("less_than", "at_most"):
                ok = lo is None and hi is not None and same_value(q.value, hi)
            if ok:
                break
        if not ok:
            return f"missing {exp['text']!r}={exp['value']}; got {_show(found)}"
    return None


def _show(found: Iterable[Quantity]) -> str:
    return ", ".join(f"{q.raw!r}={q.value} {q.unit or ''}{'/' + (q.qualifier or '')}" for q in found)


def cn2an_scope(rec: dict[str, Any]) -> str | None:
    """Why a cn2an case is out of scope, or None if it is a Chinese -> number case."""
    if rec["func"] == "an2cn":
        return "out of scope: an2cn writes numbers as Chinese (the other direction)"
    if rec["func"] == "transform":
        return "out of scope: transform rewrites whole sentences (formatting, not reading)"
    if str(rec.get("tier", "")).startswith("error_strict("):
        return "out of scope: strict-mode rejection of an input the normal/smart tiers judge"
    return None


def judge_cn2an(rec: dict[str, Any]) -> str | None:
    expected = rec["expected"]
    if isinstance(expected, dict):
        try:
            q = parse_quantity(rec["input"])
        except ValueError:
            return None
        return f"expected ValueError, got {q.value}"
    try:
        got = parse_quantity(rec["input"]).value
    except ValueError as exc:
        return f"raised {exc}"
    want = Decimal(str(expected)) if not isinstance(expected, Decimal) else expected
    return None if same_value(got, want) else f"got {got}, expected {want}"


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line, parse_float=Decimal) for line in fh if line.strip()]


def run_all(specs: Path = SPECS) -> dict[str, SuiteResult]:
    results: dict[str, SuiteResult] = {}
    for path in sorted(specs.glob("*.jsonl")):
        for rec in _load(path):
            suite = rec.get("model") or "cn2an"
            res = results.setdefault(suite, SuiteResult())
            if rec["id"] in SKIPS:
                res.skipped.append((rec["id"], SKIPS[rec["id"]]))
                continue
            judge: Callable[[dict[str, Any]], str | None]
            if suite == "cn2an":
                scope = cn2an_scope(rec)
                if scope:
                    res.out_of_scope.append((rec["id"], scope))
                    continue
                judge = judge_cn2an
            elif suite == "NumberRangeModel":
                judge = judge_range
            else:
                judge = judge_recognizers
            try:
                problem = judge(rec)
            except (InvalidOperation, ValueError, KeyError) as exc:
                problem = f"crashed: {exc!r}"
            if problem is None:
                res.passed.append(rec["id"])
            else:
                res.failed.append((rec["id"], f"{rec['input'][:60]!r}: {problem}"))
    return results


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not SPECS.is_dir():
        print(f"no peer specs at {SPECS}; nothing to measure")
        return 0
    results = run_all()
    header = ("suite", "pass", "judged", "rate", "skipped", "out of scope", "target")
    print("{:<18}{:>6}{:>8}{:>8}{:>9}{:>14}{:>8}".format(*header))
    for suite, res in results.items():
        target = TARGETS.get(suite)
        print(
            f"{suite:<18}{len(res.passed):>6}{res.judged:>8}{res.rate:>8.1%}"
            f"{len(res.skipped):>5} ({res.skip_share:.0%}){len(res.out_of_scope):>10}"
            f"{f'{target:.0%}' if target else '-':>8}"
        )
    for suite, res in results.items():
        if res.failed and (suite != "NumberRangeModel" or "--failures" in args):
            print(f"\n{suite} failures:")
            for case_id, why in res.failed:
                print(f"  {case_id}: {why}")
    print("\nskipped on purpose:")
    for res in results.values():
        for case_id, why in res.skipped:
            print(f"  {case_id}: {why}")
    scope_counts: dict[str, int] = {}
    for res in results.values():
        for _, why in res.out_of_scope:
            scope_counts[why] = scope_counts.get(why, 0) + 1
    for why, count in scope_counts.items():
        print(f"  {count} cases: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
