"""Values as a person reads them on the console: grouped digits, 万 / 亿 when the report printed them,
percentages for ratios, and the qualifier as a mark (约 -> ≈, 超过 -> >).

    >>> format_value(195_800_000_000.0, "CNY", "1,958 亿元")
    '1,958亿 CNY'
    >>> format_value(180_548.0, "tce", "18.0548 万吨标准煤", "about")
    '≈ 18.0548万 tce'
    >>> format_value(0.176, "ratio", "17.6%")
    '17.6%'
    >>> format_value(56458.0, "person", "56458人", "more_than")
    '> 56,458 person'
    >>> count(1, "report"), count(2, "report"), count(1, "KPI value")
    ('1 report', '2 reports', '1 KPI value')
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["QUALIFIER_MARKS", "count", "format_number", "format_value"]

QUALIFIER_MARKS = {"about": "≈", "more_than": ">", "less_than": "<", "at_least": "≥", "at_most": "≤"}
# the magnitude words a report may print, largest first: the value is shown in the same one
_MAGNITUDES = (("万亿", Decimal(10) ** 12), ("亿", Decimal(10) ** 8), ("万", Decimal(10) ** 4))


def format_number(value: Decimal) -> str:
    """Grouped digits, no exponent, no trailing zeros: 1958 -> '1,958', 18.0548 -> '18.0548'."""
    text = format(value.normalize(), ",f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def format_value(value: float, unit: str, raw: str = "", qualifier: str | None = None) -> str:
    """The value in its canonical unit, in the magnitude the report printed it in (``raw``)."""
    exact = Decimal(repr(value))  # the shortest decimal that is this float: no binary noise
    mark = QUALIFIER_MARKS.get(qualifier or "", "")
    prefix = f"{mark} " if mark else ""
    if unit == "ratio":
        return f"{prefix}{format_number(exact * 100)}%"
    for word, scale in _MAGNITUDES:
        if word in raw and abs(exact) >= scale / 100:
            return f"{prefix}{format_number(exact / scale)}{word} {unit}"
    return f"{prefix}{format_number(exact)} {unit}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for one: '1 report', '5 reports'."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"
