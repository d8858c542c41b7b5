"""Plain-text reports: decode (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK) into one page."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..document import Document, Page
from ..errors import EmptyInputError, EncodingError

# Share of decoded characters that must be ordinary text for a guess to be believed.
_MIN_PRINTABLE = 0.95


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode report bytes, trying the encodings Chinese text files really use, strictest first."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_or_fail(data, "utf-8-sig", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_or_fail(data, "utf-16", path)
    if b"\x00" in data[:4096]:
        raise EncodingError(path, "binary data, not a text file")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise EncodingError(path, "undecodable text: not UTF-8, UTF-16 or GB18030/GBK")


def _decode_or_fail(data: bytes, encoding: str, path: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(path, f"declared {encoding} by its byte-order mark but not valid: {exc.reason}") from None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return 1 - bad / len(sample) >= _MIN_PRINTABLE


def read_text(path: Path) -> Document:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyInputError(path, "empty file")
    text = decode_text(data, path)
    if not text.strip():
        raise EmptyInputError(path, "no text in file")
    return Document(
        source=path,
        kind="text",
        pages=[Page(number=0, text=text)],
        page_count=0,
        sha256=hashlib.sha256(data).hexdigest(),
    )
