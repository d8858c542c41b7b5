"""Report metadata read from the document itself: the report year and the company's name."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .document import Document

_HEAD_CHARS = 4000  # title, cover and the first pages
_REPORT_KIND = (
    r"(?:企业)?(?:社会责任|可持续发展|ESG|环境[、,，]?\s*社会及(?:公司)?管治|环境社会及治理|企业公民|年度)\s*报告"
)
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?\s*度?\s*" + _REPORT_KIND)
_PERIOD = re.compile(
    r"(?:时间范围|报告期|报告期间|时间跨度)[^。]{0,30}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*"
    r"(?:至|到|-|—|～|~)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_ANY_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?!\d)")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SHORT_NAME = re.compile(r"(?:简称|以下称|以下简称)[“\"「『]([^”\"」』]{2,20})[”\"」』]")
_FULL_NAME = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?(?:股份有限公司|有限责任公司|集团有限公司|有限公司|集团))")
_MIN_YEAR, _MAX_YEAR = 1990, 2035


def detect_report_year(doc: Document) -> int | None:
    """From the title (2020企业社会责任报告), the stated period, the file name, else the commonest year."""
    head = _head(doc)
    for pattern in (_TITLE_YEAR, _PERIOD):
        years = [int(m.group(m.lastindex or 1)) for m in pattern.finditer(head)]
        years = [y for y in years if _MIN_YEAR <= y <= _MAX_YEAR]
        if years:
            return Counter(years).most_common(1)[0][0]
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


def detect_company(doc: Document) -> str | None:
    """The short name the report defines for itself (简称“…”), else the first full company name."""
    head = _head(doc)
    m = _SHORT_NAME.search(head)
    if m:
        return _squash(m.group(1))
    m = _FULL_NAME.search(head)
    return _squash(m.group(1)) if m else None


def own_names(doc: Document, company: str | None) -> tuple[str, ...]:
    """Names the report uses for its own company: the detected short name and full names on the cover."""
    names = {company} if company else set()
    head = _head(doc)
    m = _FULL_NAME.search(head)
    if m:
        names.add(_squash(m.group(1)))
    return tuple(sorted(n for n in names if n and len(n) >= 2))


def _squash(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _head(doc: Document) -> str:
    text, parts = 0, []
    for page in doc.pages:
        parts.append(page.text)
        text += len(page.text)
        if text >= _HEAD_CHARS:
            break
    return "".join(parts)[: _HEAD_CHARS * 2]
