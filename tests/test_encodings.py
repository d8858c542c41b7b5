"""Every encoding text reports are written in: detected, decoded line by line, bad bytes counted.

The reports are invented: a simplified-Chinese one that every encoding but Big5 can hold, and a
traditional-Chinese one (Taiwan / Hong Kong) for Big5 and Big5-HKSCS.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from csr_extract import extract
from csr_extract.errors import EncodingError
from csr_extract.reader import text as text_reader
from csr_extract.reader.text import TextStream, decode_text, detect_encoding

SIMPLIFIED = (
    "2020年社会责任报告\n"
    "2020年，公司实现营业收入 1,234 亿元，利润总额 56 亿元。\n"
    "截至2020年底，公司员工总数 7,890 人。\n"
)
# (kpi_id, value, raw) the simplified report must give, whatever its encoding
ROWS = [("employees", 7890.0, "7,890 人"), ("revenue", 1.234e11, "1,234 亿元"), ("total_profit", 5.6e9, "56 亿元")]
TRADITIONAL = "二零二零年，本集團實現營業收入約港幣一千二百億元。\n集團僱員總數為三萬二千名，其中女性僱員佔百分之四十一。\n"
HKSCS_LINE = "本集團喺香港嘅員工總數為3,200人。\n"  # 喺 and 嘅 are Hong Kong characters: Big5-HKSCS only


def rows(path: Path) -> list[tuple[str, float, str]]:
    return sorted((kv.kpi_id, kv.value, kv.raw) for kv in extract(path).kpis)


def halves(text: str) -> tuple[str, str]:
    """The text cut at a line end near its middle (files switch encoding between lines)."""
    cut = text.index("\n", len(text) // 2) + 1
    return text[:cut], text[cut:]


# -- whole files in one encoding -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(SIMPLIFIED.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8", id="utf-8-bom"),
        pytest.param(SIMPLIFIED.encode("utf-16"), "utf-16-le", id="utf-16-bom"),
        pytest.param(SIMPLIFIED.encode("utf-16-le"), "utf-16-le", id="utf-16le-no-bom"),
        pytest.param(SIMPLIFIED.encode("utf-16-be"), "utf-16-be", id="utf-16be-no-bom"),
        pytest.param(codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16-be", id="utf-16be-bom"),
        pytest.param(SIMPLIFIED.encode("gbk"), "gb18030", id="gbk"),
        pytest.param(SIMPLIFIED.encode("gb18030"), "gb18030", id="gb18030"),
    ],
)
def test_simplified_report_extracts_the_same_in_every_encoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    stream = TextStream(path)
    assert stream.encoding == encoding
    assert "".join(p.text for p in stream.pages()) == SIMPLIFIED
    assert stream.finish() == []
    assert rows(path) == ROWS


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        pytest.param(TRADITIONAL, "big5", id="big5"),
        pytest.param(TRADITIONAL + HKSCS_LINE, "big5hkscs", id="big5-hkscs"),
        pytest.param(TRADITIONAL, "utf-16-le", id="traditional-utf-16le-no-bom"),
    ],
)
def test_traditional_report_is_decoded_exactly(tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(codec))
    stream = TextStream(path)
    assert "".join(p.text for p in stream.pages()) == text
    assert stream.finish() == []


# -- files that switch encoding part-way, or carry a few bad bytes ----------------------------------


def mixed(first: str, second: str) -> bytes:
    a, b = halves(SIMPLIFIED * 3)
    return a.encode(first) + b.encode(second)


@pytest.mark.parametrize(
    ("data", "main", "other"),
    [
        pytest.param(mixed("utf-8", "gbk"), "UTF-8", "GB18030/GBK", id="utf-8-then-gbk"),
        pytest.param(mixed("gbk", "utf-8"), "UTF-8", "GB18030/GBK", id="gbk-then-utf-8"),
    ],
)
def test_a_file_that_switches_encoding_is_decoded_line_by_line(tmp_path: Path, data: bytes, main: str, other: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    stream = TextStream(path)
    assert "".join(p.text for p in stream.pages()) == SIMPLIFIED * 3
    [warning] = stream.finish()
    assert warning.startswith(f"mixed encodings: the text is {main}") and f"in {other}" in warning
    report = extract(path)
    assert sorted((kv.kpi_id, kv.value, kv.raw) for kv in report.kpis) == ROWS
    assert any(w.kind == "reader" and w.message.startswith("mixed encodings") for w in report.warnings)


def test_big5_lines_in_a_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(SIMPLIFIED.encode("utf-8") + TRADITIONAL.encode("big5"))
    stream = TextStream(path)
    assert "".join(p.text for p in stream.pages()) == SIMPLIFIED + TRADITIONAL
    assert stream.finish() == [
        "mixed encodings: the text is UTF-8 but some lines are not (2 in Big5/Big5-HKSCS; first on line 4); "
        "each line was decoded in its own encoding"
    ]


@pytest.mark.parametrize(
    ("bad", "count"),
    [
        pytest.param(b"\xff", 1, id="one-invalid-byte"),
        pytest.param(b"\xe8\x90", 1, id="truncated-character"),
        pytest.param(b"\xff\xfe\xfd", 3, id="three-invalid-bytes"),
    ],
)
def test_a_few_invalid_bytes_become_replacement_characters_with_a_warning(tmp_path: Path, bad: bytes, count: int) -> None:
    good = SIMPLIFIED.encode("utf-8")
    at = good.index("利润".encode())  # inside the revenue line, after its number
    path = tmp_path / "r.txt"
    path.write_bytes(good[:at] + bad + good[at:])
    report = extract(path)
    assert sorted((kv.kpi_id, kv.value, kv.raw) for kv in report.kpis) == ROWS
    plural = "s" if count > 1 else ""
    message = f"{count} invalid byte sequence{plural} in the UTF-8 text replaced with U+FFFD (first on line 2)"
    assert [(w.kind, w.message) for w in report.warnings] == [("reader", message)]


# -- what stays an error ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"\x00\x01\x02\x03binary" * 50, "binary data", id="binary-with-nul"),
        pytest.param(bytes(range(0x80, 0x100)) * 20, "undecodable", id="high-bytes"),
        pytest.param(b"\xef\xbb\xbf\xff\xfe\xfd", "undecodable", id="bom-then-garbage"),
        pytest.param(b"%PDF-1.7\n" + bytes(range(256)) * 40, "binary data", id="a-pdf-named-txt"),
        pytest.param(SIMPLIFIED.encode() + bytes(range(1, 32)) * 300, "binary data", id="text-then-control-codes"),
    ],
)
def test_data_that_is_not_text_stays_an_error(data: bytes, reason: str) -> None:
    with pytest.raises(EncodingError, match=reason):
        decode_text(data, "x.txt")


def test_detection_reads_only_the_first_bytes() -> None:
    assert detect_encoding(SIMPLIFIED.encode("big5", errors="ignore")[:40], "x.txt")[0] in ("big5hkscs", "gb18030")
    assert detect_encoding(TRADITIONAL.encode("big5"), "x.txt") == ("big5hkscs", None, 0)
    assert detect_encoding(SIMPLIFIED.encode("gbk"), "x.txt") == ("gb18030", None, 0)
    assert detect_encoding(b"plain ASCII\n", "x.txt") == ("utf-8", None, 0)


# -- bounded chunks ----------------------------------------------------------------------------------


def test_a_long_text_is_read_in_chunks_that_end_at_line_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_reader, "CHUNK_BYTES", 256)
    path = tmp_path / "r.txt"
    path.write_text(SIMPLIFIED * 20, encoding="utf-8")
    pages = list(TextStream(path).pages())
    assert len(pages) > 10 and all(p.number == 0 for p in pages)
    assert all(p.text.endswith("\n") for p in pages)
    assert "".join(p.text for p in pages) == SIMPLIFIED * 20
    assert max(len(p.text.encode()) for p in pages) <= 256 + len(max(SIMPLIFIED.splitlines(), key=len).encode()) + 1
    assert rows(path) == ROWS


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "big5hkscs", "utf-16-le"])
def test_a_line_longer_than_a_chunk_is_cut_between_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str
) -> None:
    monkeypatch.setattr(text_reader, "CHUNK_BYTES", 100)
    line = (TRADITIONAL if codec.startswith("big5") else SIMPLIFIED).replace("\n", "，") * 5
    path = tmp_path / "r.txt"
    path.write_bytes(line.encode(codec))
    stream = TextStream(path)
    pages = [p.text for p in stream.pages()]
    assert len(pages) > 5
    assert "".join(pages) == line
    assert stream.finish() == []


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "big5hkscs", "utf-16-le"])
def test_a_file_on_one_line_longer_than_the_detection_sample(tmp_path: Path, codec: str) -> None:
    """The first 64 KB that the encoding is detected from end inside a character."""
    line = (TRADITIONAL if codec.startswith("big5") else SIMPLIFIED).replace("\n", "，")
    line = line * (3 * text_reader.SAMPLE_BYTES // len(line.encode(codec)))
    path = tmp_path / "r.txt"
    path.write_bytes(line.encode(codec))
    stream = TextStream(path)
    assert "".join(p.text for p in stream.pages()) == line
    assert stream.finish() == []
