"""Text inputs: encodings detected, bad bytes refused with a clear reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from csr_extract.errors import EmptyInputError, EncodingError
from csr_extract.reader.text import decode_text, read_text

SAMPLE = "2020年公司实现营业收入1,958亿元，利润总额78亿元。"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SAMPLE.encode("utf-8"), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), id="utf-8-bom"),
        pytest.param(SAMPLE.encode("gb18030"), id="gb18030"),
        pytest.param(SAMPLE.encode("gbk"), id="gbk"),
        pytest.param(SAMPLE.encode("utf-16"), id="utf-16-bom"),
    ],
)
def test_decodes_the_encodings_chinese_reports_use(data: bytes) -> None:
    assert decode_text(data, "x.txt").lstrip("\ufeff") == SAMPLE


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x00\x01\x02\x03binary", id="binary-with-nul"),
        pytest.param(bytes(range(0x80, 0x100)) * 20, id="undecodable-high-bytes"),
        pytest.param(b"\xef\xbb\xbf\xff\xfe\xfd", id="bom-then-garbage"),
    ],
)
def test_undecodable_text_is_an_encoding_error(data: bytes) -> None:
    with pytest.raises(EncodingError):
        decode_text(data, "x.txt")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file$"),
        (b"   \n\t \n", r"no text in file \(white space only, 7 bytes\)"),  # was "empty file": it is not
        (b"\xef\xbb\xbf", "no text in file$"),
    ],
    ids=["zero-bytes:empty-file", "only-whitespace:no-text-white-space-only", "only-a-bom:no-text"],
)
def test_empty_text_file_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    with pytest.raises(EmptyInputError, match=message):
        read_text(p)


def test_text_document_is_one_page_without_boxes(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    doc = read_text(p)
    assert doc.kind == "text" and len(doc.pages) == 1 and doc.pages[0].boxes is None
    assert len(doc.sha256) == 64


@pytest.mark.parametrize("ending", ["\n", ""], ids=["last line ended", "last line not ended"])
def test_the_last_line_stays_on_the_page_before_it(tmp_path: Path, ending: str) -> None:
    """A file without a final line end (most text conversions) is still one page: its last line (a
    table's last row) is not cut off from the header above it."""
    p = tmp_path / "r.txt"
    p.write_text("指标\t2015 年\t2016 年\n营业收入（亿元）\t12.5\t13.5" + ending, encoding="utf-8")
    doc = read_text(p)
    assert [pg.text.rstrip("\n") for pg in doc.pages] == ["指标\t2015 年\t2016 年\n营业收入（亿元）\t12.5\t13.5"]


def test_read_document_and_open_stream_agree(tmp_path: Path) -> None:
    """The whole-document reader and the page stream the extractor uses give the same pages."""
    from csr_extract.errors import UnsupportedInputError
    from csr_extract.reader import open_stream, read_document

    p = tmp_path / "r.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    doc, stream = read_document(p), open_stream(p)
    assert [pg.text for pg in stream.pages()] == [pg.text for pg in doc.pages]
    assert (stream.kind, stream.sha256, stream.finish()) == (doc.kind, doc.sha256, doc.warnings)
    (tmp_path / "r.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedInputError):
        read_document(tmp_path / "r.docx")
