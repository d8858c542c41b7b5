"""``csr-extract review``: the static review page, checked with an HTML parser.

Outputs are made once per module from the repository's own samples (a two-column PDF and its text,
``data/raw/``) and a rendered PDF of KPI tables with invented values; every check compares the page
with the JSON report it was written from.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from csr_extract import cli
from csr_extract.models import BBox, KpiValue, Report
from csr_extract.review import (
    LOW_CONFIDENCE,
    MAX_PAGE_BYTES,
    PAGE_SLACK,
    PageCrops,
    _scale_note,
    chart_svg,
    excerpt,
    highlight,
    row_marks,
    write_review,
)

from .pdf_fixtures import load_renderer

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# -- an HTML tree, strict about nesting --------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.attrs.get("class", "").split())]

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        open_tag = self.stack.pop().tag
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> Node:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[n.tag for n in builder.stack[1:]]}"
    return builder.root


def squeeze(text: str) -> str:
    return "".join(text.split())


def row_id(kv: KpiValue) -> str:
    return f"row-{kv.kpi_id}-{kv.period_start}-{kv.year}" if kv.period_start else f"row-{kv.kpi_id}-{kv.year}"


# -- outputs -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder: the PDF and text samples and a table PDF, with the manifest."""
    base = tmp_path_factory.mktemp("review")
    inputs = base / "in"
    inputs.mkdir()
    for name in ("cgtc_2020_csr_2col.pdf", "cgtc_2020_csr.txt"):
        shutil.copy(RAW / name, inputs / name)
    load_renderer().render_kpi_tables(inputs / "kpi_tables_2021.pdf")
    folder = base / "out"
    code = cli.main(
        [str(inputs), "--out", str(folder), "--jobs", "1", "-q"], stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert code == 0
    return folder


@pytest.fixture(scope="module")
def reviewed(out: Path) -> tuple[str, str]:
    """``csr-extract review OUT``: its stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.main(["review", str(out)], stdout=stdout, stderr=stderr) == 0, stderr.getvalue()
    return stdout.getvalue(), stderr.getvalue()


STEMS = ("cgtc_2020_csr_2col", "cgtc_2020_csr", "kpi_tables_2021")


def report_of(out: Path, stem: str) -> Report:
    return Report.model_validate_json((out / "_json" / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", STEMS)
def test_every_row_is_on_the_page_with_its_value_and_evidence(out: Path, reviewed: object, stem: str) -> None:
    report = report_of(out, stem)
    page = parse(out / "_review" / f"{stem}.html")
    assert len(report.kpis) >= 20
    articles = page.find_all("article", "row")
    assert [a.attrs["id"] for a in articles] != []
    assert sorted(a.attrs["id"] for a in articles) == sorted(row_id(kv) for kv in report.kpis)
    for kv in report.kpis:
        article = page.by_id(row_id(kv))
        assert article is not None
        printed = article.find_all("span", "printed")
        assert [p.text() for p in printed] == [kv.raw]
        evidence = article.find_all("blockquote", "evidence")
        assert len(evidence) == 1
        assert squeeze(evidence[0].text()) == squeeze(kv.evidence)
        marks = [squeeze(m.text()) for m in evidence[0].find_all("mark")]
        assert marks, f"{kv.kpi_id} {kv.year}: {kv.raw!r} not highlighted in {kv.evidence!r}"
        number = re.search(r"\d[\d,]*(?:\.\d+)?", kv.raw)
        assert number is not None
        assert all(m in (squeeze(kv.raw), number.group(0)) for m in marks), marks
        assert f"{kv.confidence:.2f}" in article.text()
        assert article.find_all("meter")[0].attrs["value"] == f"{kv.confidence:.3f}"


def test_pdf_rows_have_a_crop_that_decodes_and_text_rows_none(out: Path, reviewed: object) -> None:
    for stem, expect_images in (("cgtc_2020_csr_2col", True), ("kpi_tables_2021", True), ("cgtc_2020_csr", False)):
        report = report_of(out, stem)
        page = parse(out / "_review" / f"{stem}.html")
        images = page.find_all("img")
        assert len(images) == (sum(1 for kv in report.kpis if kv.bbox) if expect_images else 0)
        for kv in report.kpis:
            article = page.by_id(row_id(kv))
            assert article is not None
            imgs = article.find_all("img")
            if not expect_images:
                assert imgs == [] and "Text input: no page image." in article.text()
                continue
            assert len(imgs) == 1
            src = imgs[0].attrs["src"]
            assert src.startswith("data:image/jpeg;base64,")
            image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
            image.load()
            shown = (int(imgs[0].attrs["width"]), int(imgs[0].attrs["height"]))
            assert abs(image.width - 2 * shown[0]) <= 1 and abs(image.height - 2 * shown[1]) <= 1  # 144 dpi at 72
            assert kv.raw in imgs[0].attrs["alt"] and f"Page {kv.page}" in imgs[0].attrs["alt"]


EXPECTED_TABLE_ROWS = [
    # kpi_id, year, raw, column as printed, canonical value
    ("revenue", 2019, "105.24", "2019年", 10_524_000_000.0),
    ("revenue", 2021, "139.42", "2021年", 13_942_000_000.0),
    ("employees", 2020, "13,118", "2020年", 13_118.0),
    ("water_consumption", 2021, "318", "2021年", 3_180_000.0),
]


@pytest.mark.parametrize(("kpi_id", "year", "raw", "column", "value"), EXPECTED_TABLE_ROWS, ids=lambda x: str(x))
def test_a_table_value_shows_its_column_header_cell_and_unit_source(
    out: Path, reviewed: object, kpi_id: str, year: int, raw: str, column: str, value: float
) -> None:
    report = report_of(out, "kpi_tables_2021")
    row = next(kv for kv in report.kpis if (kv.kpi_id, kv.year) == (kpi_id, year))
    assert (row.raw, row.column, row.value, row.unit_source, row.method) == (raw, column, value, "label", "table")
    article = parse(out / "_review" / "kpi_tables_2021.html").by_id(f"row-{kpi_id}-{year}")
    assert article is not None
    facts = article.find_all("dl", "facts")[0]
    pairs = dict(
        zip([dt.text() for dt in facts.find_all("dt")], [dd.text() for dd in facts.find_all("dd")], strict=True)
    )
    assert pairs["Column header"] == column
    assert pairs["Cell"] == raw
    assert pairs["Unit"].startswith("from the row label")
    assert pairs["Year"] == str(year)


def test_a_chart_per_kpi_with_a_bar_per_year(out: Path, reviewed: object) -> None:
    report = report_of(out, "kpi_tables_2021")
    page = parse(out / "_review" / "kpi_tables_2021.html")
    for section in page.find_all("section", "kpi"):
        kpi_id = section.find_all("h2")[0].attrs["id"].removeprefix("kpi-")
        years = sorted(kv.year for kv in report.kpis if kv.kpi_id == kpi_id and kv.period_start is None)
        charts = section.find_all("svg", "chart")
        assert len(charts) == 1 and years == [2019, 2020, 2021]
        bars = charts[0].find_all("rect")
        assert [b.find_all("title")[0].text().split(":")[0] for b in bars] == [str(y) for y in years]
        links = [a.attrs["href"] for a in charts[0].find_all("a")]
        assert links == [f"#row-{kpi_id}-{y}" for y in years]
        assert "by year" in charts[0].attrs["aria-label"]


def test_warnings_are_listed_with_their_kind_and_link_to_their_row(out: Path, reviewed: object) -> None:
    for stem in STEMS:
        report = report_of(out, stem)
        page = parse(out / "_review" / f"{stem}.html")
        section = page.by_id("warnings")
        if not report.warnings:
            assert section is None
            continue
        assert section is not None
        table = page.find_all("section", "warnings")[0]
        cells = [[td.text() for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
        assert [(c[0], c[4]) for c in cells] == [(w.kind, w.message) for w in report.warnings]
        for w in report.warnings:
            if w.kind == "conflict":
                assert page.by_id(f"row-{w.kpi_id}-{w.year}") is not None


def test_conflicts_and_low_confidence_are_marked_and_listed_first(out: Path, reviewed: object) -> None:
    report = report_of(out, "cgtc_2020_csr")
    page = parse(out / "_review" / "cgtc_2020_csr.html")
    conflicts = {(w.kpi_id, w.year) for w in report.warnings if w.kind == "conflict"}
    assert conflicts == {("revenue", 2020)}
    low = {(kv.kpi_id, kv.year) for kv in report.kpis if kv.confidence < LOW_CONFIDENCE}
    assert low  # the text sample has values read from a loose layout
    attention = page.find_all("section", "attention")[0]
    listed = [a.attrs["href"] for a in attention.find_all("a")]
    assert sorted(listed) == sorted(f"#row-{k}-{y}" for k, y in conflicts | low)
    for kv in report.kpis:
        article = page.by_id(row_id(kv))
        assert article is not None
        badges = {b.text() for b in article.find_all("span", "badge")}
        assert ("! conflicting readings" in badges) == ((kv.kpi_id, kv.year) in conflicts)
        assert ("? low confidence" in badges) == (kv.confidence < LOW_CONFIDENCE)


def test_other_readings_are_shown_under_their_row(out: Path, reviewed: object) -> None:
    report = report_of(out, "cgtc_2020_csr")
    assert {r.status for r in report.readings} >= {"agrees", "lost"}
    page = parse(out / "_review" / "cgtc_2020_csr.html")
    for kv in report.kpis:
        others = [
            r for r in report.readings if (r.kpi_id, r.year, r.period_start) == (kv.kpi_id, kv.year, kv.period_start)
        ]
        article = page.by_id(row_id(kv))
        assert article is not None
        blocks = article.find_all("div", "others")
        if not others:
            assert blocks == [] and "No other reading of this value." in article.text()
            continue
        rows = blocks[0].find_all("tr")[1:]
        assert sorted(tr.find_all("td")[2].text() for tr in rows) == sorted(r.raw for r in others)
    revenue = page.by_id("row-revenue-2020")
    assert revenue is not None
    lost = [tr for tr in revenue.find_all("tr") if tr.find_all("td") and tr.find_all("td")[0].text() == "lost"]
    assert [tr.find_all("td")[2].text() for tr in lost] == ["逾 50 亿元人民币"]


@pytest.mark.parametrize("stem", STEMS)
def test_the_page_is_self_contained(out: Path, reviewed: object, stem: str) -> None:
    path = out / "_review" / f"{stem}.html"
    text = path.read_text(encoding="utf-8")
    page = parse(path)
    assert page.find_all("script") == [] and page.find_all("link") == [] and page.find_all("iframe") == []
    assert all(img.attrs["src"].startswith("data:") for img in page.find_all("img"))
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", text)
    assert "url(" not in text  # no stylesheet fetch either
    assert page.find_all("html")[0].attrs["lang"] == "zh-CN"
    assert page.find_all("meta")[0].attrs == {"charset": "utf-8"}
    assert any(m.attrs.get("name") == "viewport" for m in page.find_all("meta"))
    assert path.stat().st_size < MAX_PAGE_BYTES


def test_the_index_links_every_report(out: Path, reviewed: tuple[str, str]) -> None:
    stdout, stderr = reviewed
    index = parse(out / "_review" / "index.html")
    links = sorted(a.attrs["href"] for a in index.find_all("a"))
    assert links == sorted(f"{stem}.html" for stem in STEMS)
    for stem in STEMS:
        assert f"wrote {out / '_review' / stem}.html (" in stdout
        back = parse(out / "_review" / f"{stem}.html").find_all("a")[0]
        assert back.attrs["href"] == "index.html"
    assert f"index: {out / '_review' / 'index.html'}" in stdout
    assert stderr == ""


@pytest.mark.parametrize("name", ["某公司 2020 报告", "某公司#2 报告", "某公司?版 100%"])
def test_the_index_links_a_report_whose_name_has_spaces_hash_or_question_mark(tmp_path: Path, name: str) -> None:
    """An href is a URL: '#' started a fragment and '?' a query, so the link missed the page."""
    from urllib.parse import unquote, urlsplit

    src = tmp_path / "in" / f"{name}.txt"
    src.parent.mkdir()
    src.write_text("2020年社会责任报告\n2020年，公司实现营业收入 1,958 亿元。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main([str(src), "--out", str(out), "-q"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert cli.main(["review", str(out)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    hrefs = [a.attrs["href"] for a in parse(out / "_review" / "index.html").find_all("a")]
    assert len(hrefs) == 1
    url = urlsplit(hrefs[0])
    assert (url.query, url.fragment) == ("", "")
    assert unquote(url.path) == f"{name}.html" and (out / "_review" / unquote(url.path)).is_file()


def test_same_output_gives_the_same_page(out: Path, reviewed: object, tmp_path: Path) -> None:
    json_path = out / "_json" / "kpi_tables_2021.json"
    first = write_review(json_path, tmp_path / "a.html")
    second = write_review(json_path, tmp_path / "b.html")
    assert first.crops == second.crops == 21
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


# -- the source PDF ----------------------------------------------------------------------------------


def test_a_moved_source_is_found_with_source_and_a_missing_one_is_said(
    out: Path, reviewed: object, tmp_path: Path
) -> None:
    moved = tmp_path / "out"
    shutil.copytree(out / "_json", moved / "_json")  # no manifest, no source beside it
    json_path = moved / "_json" / "kpi_tables_2021.json"
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.main(["review", str(json_path)], stdout=stdout, stderr=stderr) == 0
    page = parse(moved / "_review" / "kpi_tables_2021.html")
    assert page.find_all("img") == []
    assert "the source PDF kpi_tables_2021.pdf was not found; pass --source" in page.text()
    assert "warning: kpi_tables_2021.pdf: the source PDF kpi_tables_2021.pdf was not found" in stderr.getvalue()
    assert all("page image not available" in a.text() for a in page.find_all("article", "row"))

    source = out.parent / "in"
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.main(["review", str(json_path), "--source", str(source)], stdout=stdout, stderr=stderr) == 0
    assert len(parse(moved / "_review" / "kpi_tables_2021.html").find_all("img")) == 21
    assert stderr.getvalue() == ""


def test_a_changed_source_is_not_used(out: Path, reviewed: object, tmp_path: Path) -> None:
    other = tmp_path / "kpi_tables_2021.pdf"
    load_renderer().render_big_numbers(other)  # same name, other content
    json_path = tmp_path / "kpi_tables_2021.json"  # no manifest beside it: only the changed file to find
    shutil.copy(out / "_json" / "kpi_tables_2021.json", json_path)
    result = write_review(json_path, tmp_path / "r.html", other)
    assert result.crops == 0 and result.source is None
    assert (
        result.source_note == f"{other} is not the file this report was read from (its sha256 differs); pass --source"
    )
    # the right file is still found where the run's manifest says it was
    assert write_review(out / "_json" / "kpi_tables_2021.json", tmp_path / "r.html", other).crops == 21


def test_no_crops_and_the_size_budget(out: Path, reviewed: object, tmp_path: Path) -> None:
    json_path = out / "_json" / "cgtc_2020_csr_2col.json"
    full = write_review(json_path, tmp_path / "full.html")
    bare = write_review(json_path, tmp_path / "bare.html", crops=False)
    assert (full.crops, bare.crops) == (30, 0) and bare.size < full.size / 2
    # room for about three crops: the rest are left out, each saying so, and the page keeps its limit
    per_crop = (full.size - bare.size) // full.crops
    limit = bare.size + PAGE_SLACK + 3 * per_crop
    small = write_review(json_path, tmp_path / "small.html", max_bytes=limit)
    page = parse(tmp_path / "small.html")
    assert 2 <= small.crops <= 4 and len(page.find_all("img")) == small.crops
    assert small.size <= limit
    note = f"image left out to keep this page under {limit / 1e6:g} MB"
    left_out = [a for a in page.find_all("article", "row") if note in a.text()]
    assert len(left_out) == full.crops - small.crops


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_the_box_is_drawn_on_the_number_on_a_rotated_page(tmp_path: Path, rotation: int) -> None:
    from reportlab.lib.pagesizes import A4

    from csr_extract import extract

    renderer = load_renderer()
    path = tmp_path / f"rotated_{rotation}_2021.pdf"
    pdf = renderer.new_canvas(path)
    pdf.setPageRotation(rotation)
    pdf.setFont(renderer.FONT, 12)
    pdf.drawString(100, A4[1] - 300, "2021年，公司实现营业收入139.42亿元，同比增长20%。")
    pdf.showPage()
    pdf.save()
    row = next(kv for kv in extract(path).kpis if kv.kpi_id == "revenue")
    assert (row.raw, row.page) == ("139.42亿元", 1) and row.bbox is not None
    with PageCrops(path) as crops:
        crop = crops.crop(1, row.bbox)
    assert crop is not None
    image = Image.open(io.BytesIO(crop.jpeg)).convert("RGB")
    red = [(x, y) for x in range(image.width) for y in range(image.height) if _is_red(image.getpixel((x, y)))]
    xs, ys = [x for x, _ in red], [y for _, y in red]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    inside = [image.getpixel((x, y)) for x in range(left + 4, right - 3) for y in range(top + 4, bottom - 3)]
    # the box holds dark glyphs (the digits; CJK glyphs show only where the system has a CJK font)
    assert sum(1 for p in inside if max(p) < 100) > 50
    assert (right - left) > 2 * (bottom - top)  # a box around a run of text, not a column
    assert (right - left) < image.width / 2  # around the number, not the line


def _is_red(p: tuple[int, int, int]) -> bool:
    return p[0] > 150 and p[1] < 90 and p[2] < 90


# -- the evidence ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evidence", "raw", "marked"),
    [
        ("实现营业收入1,958 亿元，同比增长", "1,958 亿元", ["1,958 亿元"]),
        ("实现营业收入1,958亿元，同比增长", "1,958 亿元", ["1,958亿元"]),  # spacing differs
        ("净利润（亿元） 14.81 14.31 12.33 6.98", "6.98", ["6.98"]),
        ("净利润 16.98 6.98", "6.98", ["6.98"]),  # not inside 16.98
        ("营业收入......1,235.30万元 净利润", "1,235.30万元", ["1,235.30万元"]),  # after a leader of dots
        ("营业收入（亿元） 105.24 116 139.42", "116", ["116"]),
        ("对外捐赠 271.19 443.98 271.19", "271.19", ["271.19", "271.19"]),  # every place it is printed
        ("营业收入（亿元） 76.02 105.24", "76.02亿元", ["76.02"]),  # the unit came from the label
        ("员工 56,458 人", "约 5.6 万人", []),  # not printed here: nothing marked
    ],
    ids=lambda x: str(x),
)
def test_the_printed_value_is_highlighted_in_the_evidence(evidence: str, raw: str, marked: list[str]) -> None:
    html = highlight(evidence, raw)
    assert re.findall(r"<mark>(.*?)</mark>", html) == marked
    assert re.sub(r"</?mark>", "", html) == evidence


def test_evidence_is_escaped_and_long_evidence_cut_around_the_number() -> None:
    assert highlight("a <b> & 5 亿元", "5 亿元") == "a &lt;b&gt; &amp; <mark>5 亿元</mark>"
    text = "前文" * 200 + "营业收入 1,958 亿元" + "后文" * 200
    cut = excerpt(text, "1,958 亿元", width=60)
    assert cut.startswith("…") and cut.endswith("…") and "<mark>1,958 亿元</mark>" in cut
    assert len(re.sub(r"</?mark>", "", cut)) == 62


def _row(**changes: object) -> KpiValue:
    base: dict[str, object] = dict(
        kpi_id="revenue", kpi_name_zh="营业收入", category="economic", value=7_602_000_000.0, unit="CNY", year=2018,
        raw="76.02", evidence="营业收入（亿元） 76.02", method="table", confidence=0.95, unit_source="label",
        column="2018 年", page=7, bbox=BBox(x0=1, top=2, x1=3, bottom=4),
    )  # fmt: skip
    base.update(changes)
    return KpiValue.model_validate(base)


@pytest.mark.parametrize(
    ("changes", "note"),
    [
        ({}, "×10⁸"),
        ({"raw": "7,602", "value": 76_020_000.0, "unit_source": "header"}, "×10⁴"),
        ({"raw": "76.02亿元", "unit_source": "number"}, ""),  # the number carries its unit
        ({"raw": "56458", "value": 56458.0, "unit": "person", "unit_source": "kpi"}, ""),
        ({"raw": "17.6", "value": 0.176, "unit": "ratio"}, ""),
        ({"raw": "1,000", "value": 1000.0}, ""),  # already in yuan
    ],
    ids=lambda x: str(x),
)
def test_a_unit_stated_elsewhere_shows_its_scale(changes: dict[str, object], note: str) -> None:
    assert _scale_note(_row(**changes)) == note


@pytest.mark.parametrize(
    ("confidence", "conflict", "marks"),
    [(0.95, False, ""), (0.69, False, "?"), (0.7, False, ""), (0.95, True, "!"), (0.5, True, "!?")],
)
def test_row_marks(confidence: float, conflict: bool, marks: str) -> None:
    conflicts = {("revenue", 2018)} if conflict else set()
    assert row_marks(_row(confidence=confidence), conflicts) == marks


# -- the command line --------------------------------------------------------------------------------


def test_an_older_output_with_plain_text_warnings_is_reviewed(out: Path, reviewed: object, tmp_path: Path) -> None:
    data = json.loads((out / "_json" / "cgtc_2020_csr.json").read_text(encoding="utf-8"))
    data["warnings"] = [w["message"] for w in data["warnings"]] + ["no text layer on pages 3: OCR needed"]
    del data["readings"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = write_review(old, tmp_path / "old.html")
    assert [(w.kind, w.kpi_id, w.year) for w in result.report.warnings] == [
        ("conflict", "revenue", 2020),
        ("reader", None, None),
    ]
    page = parse(tmp_path / "old.html")
    assert page.by_id("row-revenue-2020") is not None
    assert [b.text() for b in page.by_id("row-revenue-2020").find_all("span", "badge")] == ["! conflicting readings"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda d: d / "missing.json", 2, "missing.json: no such file or folder"),
        (lambda d: _write(d / "bad.json", "{not json"), 1, "bad.json: not a csr-extract JSON report"),
        (
            lambda d: _write(d / "other.json", '{"a": 1}'),
            1,
            "other.json: not a csr-extract JSON report (report_id: Field required)",
        ),
        (lambda d: _write(d / "r.pdf", "%PDF-1.4"), 1, "r.pdf: not a JSON report; extract it first"),
        (lambda d: d, 1, "no JSON reports here or in"),
    ],
    ids=["missing", "not-json", "not-a-report", "a-pdf", "empty-folder"],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, make: object, code: int, message: str) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.main(["review", str(target)], stdout=stdout, stderr=stderr) == code
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("csr-extract review: error: ") and message in lines[0]
    assert stdout.getvalue() == ""
    assert not (tmp_path / "_review").exists()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_report_in_a_folder_does_not_stop_the_others(out: Path, reviewed: object, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    shutil.copytree(out / "_json", folder / "_json")
    _write(folder / "_json" / "broken.json", "{")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.main(["review", str(folder), "--no-crops"], stdout=stdout, stderr=stderr) == 1
    assert sorted(p.name for p in (folder / "_review").iterdir()) == sorted(
        [*(f"{s}.html" for s in STEMS), "index.html"]
    )
    assert "broken.json: not a csr-extract JSON report" in stderr.getvalue()
    assert "broken.json" in parse(folder / "_review" / "index.html").text()


def test_open_hands_the_page_to_the_browser(
    out: Path, reviewed: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    target = tmp_path / "page.html"
    json_path = out / "_json" / "cgtc_2020_csr.json"
    assert cli.main(["review", str(json_path), "--out", str(target), "--open", "-q"], stdout=io.StringIO()) == 0
    assert opened == [target.resolve().as_uri()]
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    stderr = io.StringIO()
    assert (
        cli.main(["review", str(json_path), "--out", str(target), "--open", "-q"], stdout=io.StringIO(), stderr=stderr)
        == 0
    )
    assert f"no browser to open; open {target}" in stderr.getvalue()


def test_the_extraction_summary_marks_rows_and_names_the_review_command(tmp_path: Path) -> None:
    stdout = io.StringIO()
    assert cli.main([str(RAW / "cgtc_2020_csr.txt"), "--out", str(tmp_path), "--no-manifest"], stdout=stdout) == 0
    report = report_of(tmp_path, "cgtc_2020_csr")
    lines = stdout.getvalue().splitlines()
    assert len(report.kpis) == 30
    for kv in report.kpis:
        period = f"{kv.period_start}-{kv.year}" if kv.period_start else str(kv.year)
        line = next(x for x in lines if x[3:].split()[:2] == [kv.kpi_id, period])
        want = ("!" if (kv.kpi_id, kv.year) == ("revenue", 2020) else "") + (
            "?" if kv.confidence < LOW_CONFIDENCE else ""
        )
        assert line[:2].strip() == want, line
    assert "  (! another reading disagreed: see the warnings; ? confidence below 0.7)" in lines
    assert (
        lines[-1]
        == f"check the values on their pages: csr-extract review {tmp_path / '_json' / 'cgtc_2020_csr.json'} --open"
    )


def test_a_report_with_hundreds_of_values_stays_under_the_size_limit(
    out: Path, reviewed: object, tmp_path: Path
) -> None:
    """Crops, not pages: the size grows with the values, and past the limit crops are left out."""
    report = report_of(out, "kpi_tables_2021")
    source = out.parent / "in" / "kpi_tables_2021.pdf"
    one = write_review(out / "_json" / "kpi_tables_2021.json", tmp_path / "one.html", source)
    per_crop = one.size / one.crops  # a crop's size depends on the fonts the machine has
    years = int(1.3 * MAX_PAGE_BYTES / per_crop / len(report.kpis)) + 1
    rows = [
        kv.model_copy(update={"year": 2021 - i, "column": f"{2021 - i}年"}) for i in range(years) for kv in report.kpis
    ]
    big = report.model_copy(update={"kpis": rows, "page_count": 300})
    json_path = tmp_path / "_json" / "big.json"
    json_path.parent.mkdir()
    json_path.write_text(big.model_dump_json(), encoding="utf-8")
    result = write_review(json_path, tmp_path / "big.html", source)
    page = parse(tmp_path / "big.html")
    assert result.size < MAX_PAGE_BYTES
    assert len(rows) / 2 < result.crops < len(rows) and len(page.find_all("img")) == result.crops
    assert len(page.find_all("article", "row")) == len(rows)
    left_out = [
        a for a in page.find_all("article", "row") if "image left out to keep this page under 15 MB" in a.text()
    ]
    assert len(left_out) == len(rows) - result.crops


@given(evidence=st.text(max_size=200), raw=st.text(max_size=20), width=st.integers(1, 300))
def test_highlighting_never_crashes_and_keeps_the_text(evidence: str, raw: str, width: int) -> None:
    import html as html_lib

    marked = highlight(evidence, raw)
    assert html_lib.unescape(re.sub(r"</?mark>", "", marked)) == evidence
    assert html_lib.unescape(re.sub(r"</?mark>|…", "", excerpt(evidence, raw, width))) in evidence.replace("…", "")


@given(
    values=st.lists(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False), min_size=1, max_size=12
    ),
    unit=st.sampled_from(["CNY", "ratio", "person", "tCO2e"]),
)
def test_a_chart_is_drawn_for_any_values(values: list[float], unit: str) -> None:
    rows = [_row(value=v, unit=unit, year=2000 + i, raw=str(v)) for i, v in enumerate(values)]
    svg = chart_svg(rows, set(), "revenue")
    builder = _Builder()
    builder.feed(svg)
    builder.close()
    chart = builder.root.find_all("svg")[0]
    assert len(chart.find_all("rect")) == len(values)
    heights = [float(r.attrs["height"]) for r in chart.find_all("rect")]
    assert all(1.0 <= h <= 80.0 for h in heights)
