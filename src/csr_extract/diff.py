"""``csr-extract diff OLD NEW``: which KPI values were added, removed or changed between two outputs.

OLD and NEW are each an output file (``<stem>.parquet``, ``.json``, ``.csv``, ``.jsonl``, ``.xlsx`` or a
combined ``_meta/kpis.parquet``) or an output folder (its dataset: the per-report files at its top
level). Rows are matched per (report, kpi_id, year, period_start). A report is matched by
``report_id``; a report whose source file changed (new sha256, same file stem) is matched by its
stem, so a re-published PDF shows as changed values, not as one report removed and another added.

A value is changed when ``|new - old| > tolerance * max(|old|, |new|)`` (``--tolerance`` is relative,
default 0: any difference), or when its unit or qualifier changed. Exit status: 0 when nothing was
removed or changed (added values alone are fine), 1 otherwise, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

__all__ = ["Change", "DiffError", "DiffResult", "diff_outputs", "diff_rows", "load_rows", "main", "render"]

EXIT_SAME, EXIT_DIFFERENT, EXIT_USAGE = 0, 1, 2
_SHA_SUFFIX = re.compile(r"-[0-9a-f]{8}$")
Kind = Literal["added", "removed", "changed"]
KINDS: tuple[Kind, ...] = ("changed", "removed", "added")


class DiffError(Exception):
    """OLD or NEW cannot be read as csr-extract output."""


@dataclass(slots=True)
class Change:
    kind: Kind
    report_id: str  # the new report id (the old one for removed reports)
    kpi_id: str
    year: int
    period_start: int | None
    unit: str
    old_value: float | None = None
    new_value: float | None = None
    old_raw: str | None = None
    new_raw: str | None = None
    old_qualifier: str | None = None
    new_qualifier: str | None = None
    old_page: int | None = None
    new_page: int | None = None
    old_evidence: str | None = None
    new_evidence: str | None = None
    old_report_id: str | None = None  # when it differs from report_id (the source file changed)

    @property
    def relative(self) -> float | None:
        if self.old_value is None or self.new_value is None:
            return None
        if self.old_value == 0:
            return None if self.new_value == 0 else math.inf
        return (self.new_value - self.old_value) / abs(self.old_value)

    @property
    def period(self) -> str:
        return f"{self.period_start}-{self.year}" if self.period_start else str(self.year)


@dataclass(slots=True)
class DiffResult:
    old: str
    new: str
    tolerance: float
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    reports_old: int = 0
    reports_new: int = 0

    def count(self, kind: Kind) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def failed(self) -> bool:
        """True when a value was removed or changed: what a CI job should stop on."""
        return any(c.kind != "added" for c in self.changes)


# -- reading ---------------------------------------------------------------------------------------


def load_rows(path: Path | str) -> list[dict[str, Any]]:
    """The KPI rows of an output file or folder, as dicts with the Parquet columns."""
    path = Path(path)
    if path.is_dir():
        return _load_dir(path)
    if not path.exists():
        raise DiffError(f"{path}: no such file or folder")
    return _load_file(path)


def _load_dir(folder: Path) -> list[dict[str, Any]]:
    from .export import dataset_files

    files = dataset_files(folder)  # the folder's dataset: what pandas.read_parquet(folder) reads
    if not files:
        raise DiffError(f"{folder}: no csr-extract outputs (.parquet, .csv, .jsonl, .xlsx or .json) in this folder")
    rows: list[dict[str, Any]] = []
    for file in files:
        rows.extend(_load_file(file))
    return rows


def _load_file(path: Path) -> list[dict[str, Any]]:
    from .export import read_output

    try:
        rows: list[dict[str, Any]] = read_output(path).to_pylist()
        return rows
    except ValueError as exc:  # a manifest, another table, an unknown suffix
        raise DiffError(f"{exc} (compare output files or folders)") from None
    except Exception as exc:  # pyarrow / pydantic / json / OS errors: one clean line
        raise DiffError(f"{path}: cannot read: {type(exc).__name__}: {exc}") from None


# -- comparing -------------------------------------------------------------------------------------

Key = tuple[str, int, int | None]


def _stem(report_id: str) -> str:
    return _SHA_SUFFIX.sub("", report_id)


def _by_report(rows: Iterable[dict[str, Any]]) -> dict[str, dict[Key, dict[str, Any]]]:
    out: dict[str, dict[Key, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        key: Key = (row["kpi_id"], int(row["year"]), row.get("period_start"))
        bucket = out[row["report_id"]]
        if key in bucket:  # the same value twice (e.g. a report in two inputs): keep the first
            continue
        bucket[key] = row
    return out


def _pair_reports(old: Iterable[str], new: Iterable[str]) -> list[tuple[str | None, str | None]]:
    old_ids, new_ids = set(old), set(new)
    pairs: list[tuple[str | None, str | None]] = [(r, r) for r in sorted(old_ids & new_ids)]
    old_left, new_left = sorted(old_ids - new_ids), sorted(new_ids - old_ids)
    old_stems = Counter(_stem(r) for r in old_left)
    new_stems = Counter(_stem(r) for r in new_left)
    new_by_stem = {_stem(r): r for r in new_left}
    matched_new: set[str] = set()
    for r in old_left:
        s = _stem(r)
        if old_stems[s] == 1 and new_stems.get(s) == 1:
            pairs.append((r, new_by_stem[s]))
            matched_new.add(new_by_stem[s])
        else:
            pairs.append((r, None))
    pairs.extend((None, r) for r in new_left if r not in matched_new)
    return pairs


def _close(a: float, b: float, tolerance: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def diff_rows(
    old_rows: Iterable[dict[str, Any]],
    new_rows: Iterable[dict[str, Any]],
    tolerance: float = 0.0,
    old_name: str = "OLD",
    new_name: str = "NEW",
) -> DiffResult:
    old, new = _by_report(old_rows), _by_report(new_rows)
    result = DiffResult(old=old_name, new=new_name, tolerance=tolerance, reports_old=len(old), reports_new=len(new))
    for old_id, new_id in _pair_reports(old, new):
        before = old.get(old_id, {}) if old_id else {}
        after = new.get(new_id, {}) if new_id else {}
        report_id = new_id or old_id
        assert report_id is not None
        for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0], k[1], k[2] or 0)):
            a, b = before.get(key), after.get(key)
            if a is not None and b is not None:
                same = (
                    _close(float(a["value"]), float(b["value"]), tolerance)
                    and a["unit"] == b["unit"]
                    and a.get("qualifier") == b.get("qualifier")
                )
                if same:
                    result.unchanged += 1
                    continue
            kind: Kind = "changed" if a is not None and b is not None else ("removed" if b is None else "added")
            renamed = old_id if old_id and new_id and old_id != new_id else None
            result.changes.append(_change(kind, report_id, renamed, key, a, b))
    result.changes.sort(key=lambda c: (KINDS.index(c.kind), c.report_id, c.kpi_id, c.year, c.period_start or 0))
    return result


def _change(
    kind: Kind,
    report_id: str,
    old_report_id: str | None,
    key: Key,
    a: dict[str, Any] | None,
    b: dict[str, Any] | None,
) -> Change:
    either = b if b is not None else a
    assert either is not None
    change = Change(
        kind=kind,
        report_id=report_id,
        kpi_id=key[0],
        year=key[1],
        period_start=key[2],
        unit=either["unit"],
        old_report_id=old_report_id if a is not None else None,
    )
    for side, row in (("old", a), ("new", b)):
        if row is not None:
            setattr(change, f"{side}_value", float(row["value"]))
            setattr(change, f"{side}_raw", row["raw"])
            setattr(change, f"{side}_qualifier", row.get("qualifier"))
            setattr(change, f"{side}_page", row.get("page"))
            setattr(change, f"{side}_evidence", row["evidence"])
    return change


def diff_outputs(old: Path | str, new: Path | str, tolerance: float = 0.0) -> DiffResult:
    """Compare two outputs (files or folders); raises ``DiffError`` when one cannot be read."""
    result = diff_rows(load_rows(old), load_rows(new), tolerance, str(old), str(new))
    # a folder's reports are its per-report files: one with no KPI has no row, but it is a report
    result.reports_old = max(result.reports_old, _report_files(Path(old)))
    result.reports_new = max(result.reports_new, _report_files(Path(new)))
    return result


def _report_files(path: Path) -> int:
    from .export import dataset_files

    return len(dataset_files(path)) if path.is_dir() else 0


# -- rendering -------------------------------------------------------------------------------------


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if abs(value) >= 1e6 and value == int(value) else f"{value:,.6g}"
    return f"{text} {unit}"


def _pct(change: Change) -> str:
    rel = change.relative
    if rel is None:
        return ""
    if math.isinf(rel):
        return "from 0"
    return f"{rel:+.2%}"


def _shown(change: Change, side: Literal["old", "new"]) -> str:
    raw = change.old_raw if side == "old" else change.new_raw
    value = change.old_value if side == "old" else change.new_value
    if raw is None:
        return "-"
    return f"{raw} ({_value(value, change.unit)})"


def _evidence(change: Change, side: Literal["old", "new"], limit: int = 160) -> str | None:
    text = change.old_evidence if side == "old" else change.new_evidence
    page = change.old_page if side == "old" else change.new_page
    if text is None:
        return None
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"p.{page}: {text}" if page else text


def _headline(result: DiffResult) -> str:
    counts = ", ".join(f"{result.count(k)} {k}" for k in KINDS)
    tol = f"tolerance {result.tolerance:g}"
    return f"{counts}, {result.unchanged} unchanged ({tol}; {result.reports_old} → {result.reports_new} reports)"


def render_table(result: DiffResult) -> str:
    lines = [f"csr-extract diff {result.old} → {result.new}", _headline(result)]
    if result.changes:
        lines.append("")
    for c in result.changes:
        report = c.report_id if not c.old_report_id else f"{c.old_report_id} → {c.report_id}"
        lines.append(f"{c.kind:8s} {report}  {c.kpi_id}  {c.period}")
        if c.kind == "changed":
            pct = _pct(c)
            lines.append(f"    {_shown(c, 'old')} → {_shown(c, 'new')}" + (f"  [{pct}]" if pct else ""))
            if c.old_qualifier != c.new_qualifier:
                lines.append(f"    qualifier: {c.old_qualifier or '-'} → {c.new_qualifier or '-'}")
        else:
            lines.append(f"    {_shown(c, 'old' if c.kind == 'removed' else 'new')}")
        for side in ("old", "new"):
            ev = _evidence(c, side)
            if ev is not None:
                lines.append(f"    {side}: {ev}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult) -> str:
    status = "❌ values removed or changed" if result.failed else "✅ no value removed or changed"
    lines = [
        "### csr-extract diff",
        "",
        f"{status}: {_headline(result)}",
        "",
        f"`{_md(result.old)}` → `{_md(result.new)}`",
    ]
    if not result.changes:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "| | report | KPI | year | old | new | change |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in result.changes:
        report = c.report_id if not c.old_report_id else f"{c.old_report_id} → {c.report_id}"
        lines.append(
            f"| {c.kind} | {_md(report)} | `{c.kpi_id}` | {c.period} | {_md(_shown(c, 'old'))} "
            f"| {_md(_shown(c, 'new'))} | {_pct(c) if c.kind == 'changed' else ''} |"
        )
    lines += ["", "<details><summary>evidence</summary>", ""]
    for c in result.changes:
        lines.append(f"- **{c.kind}** {_md(c.report_id)} `{c.kpi_id}` {c.period}")
        for side in ("old", "new"):
            ev = _evidence(c, side, limit=300)
            if ev is not None:
                lines.append(f"  - {side}: {_md(ev)}")
    lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult) -> str:
    summary: dict[str, Any] = {k: result.count(k) for k in KINDS}
    summary.update(
        unchanged=result.unchanged,
        reports_old=result.reports_old,
        reports_new=result.reports_new,
        failed=result.failed,
    )
    data = {
        "old": result.old,
        "new": result.new,
        "tolerance": result.tolerance,
        "summary": summary,
        "changes": [
            {**asdict(c), "relative": None if c.relative is None or math.isinf(c.relative) else c.relative}
            for c in result.changes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"table": render_table, "json": render_json, "markdown": render_markdown}


def render(result: DiffResult, fmt: str = "table") -> str:
    return RENDERERS[fmt](result)


# -- command line ----------------------------------------------------------------------------------

DESCRIPTION = """\
Compare two csr-extract outputs: KPI values added, removed and changed per (report, KPI, year,
period), with old and new values and the evidence each was read from.

OLD and NEW are output files (.parquet, .json, .csv, .jsonl or .xlsx, including a combined
_meta/kpis.parquet) or output folders (every per-report file at the folder's top level).
"""

EPILOG = """\
exit status:
  0  nothing removed or changed (values only added is fine)
  1  at least one value removed or changed
  2  usage error (missing or unreadable OLD / NEW, bad option)

examples:
  csr-extract diff previous/ data/out
  csr-extract diff old/report.parquet new/report.parquet --tolerance 0.001
  csr-extract diff previous/ data/out --format markdown >> "$GITHUB_STEP_SUMMARY"
"""


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value < math.inf:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="csr-extract diff",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("old", metavar="OLD", help="previous output file or folder")
    p.add_argument("new", metavar="NEW", help="new output file or folder")
    p.add_argument(
        "--tolerance",
        "-t",
        type=_tolerance,
        default=0.0,
        metavar="X",
        help="relative difference still counted as equal, e.g. 0.001 = 0.1%% (default: 0, exact)",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=tuple(RENDERERS),
        default="table",
        help="table (default), json, or markdown (for a CI job summary)",
    )
    return p


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        result = diff_outputs(args.old, args.new, args.tolerance)
    except DiffError as exc:
        print(f"csr-extract diff: error: {exc}", file=err)
        return EXIT_USAGE
    out.write(render(result, args.format))
    return EXIT_DIFFERENT if result.failed else EXIT_SAME
