"""Plain-text reports, read in bounded chunks, in whatever encoding they were written.

Encodings: UTF-8 (with or without a byte-order mark), UTF-16 LE/BE (with or without one), GB18030
(a superset of GBK and GB2312) and Big5 / Big5-HKSCS. The encoding is detected from the first
64 KB (charset-normalizer tells GBK from Big5); then every line is decoded on its own, so a file that
switches encoding part-way (pasted from two sources) decodes line by line, and a few invalid bytes
become U+FFFD with a warning that counts them. Data that is not text in any of them (binary, or too
many invalid bytes) is an :class:`EncodingError`.

The file is read and decoded about ``CHUNK_BYTES`` at a time, each chunk handed on as one page (cut at
a line end), so memory grows with the chunk, not with the file. A real report's text is a few
hundred KB: one page, as before.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..document import Document, Page
from ..errors import EmptyInputError, EncodingError, InputMissingError

__all__ = ["CHUNK_BYTES", "TextStream", "decode_text", "detect_encoding", "read_text"]

CHUNK_BYTES = 1 << 20  # bytes read and decoded at a time: one page of text
SAMPLE_BYTES = 64 << 10  # bytes the encoding is detected from
_MIN_PRINTABLE = 0.95  # share of ordinary text characters for a chunk to be text, not binary
_MAX_INVALID = 0.05  # share of characters that may be U+FFFD (invalid bytes) before text is "undecodable"
_MAX_GUESS_INVALID = 0.01  # an encoding guessed for bytes that are not UTF-8 may leave this many invalid
_FEW_INVALID = 0.25  # in one line: invalid sequences per non-ASCII character still read as "a few bad bytes"
_LEGACY = ("gb18030", "big5hkscs")
_LABELS = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
    "gb18030": "GB18030/GBK",
    "big5hkscs": "Big5/Big5-HKSCS",
}
# four CJK characters in a row in UTF-8: a line of another encoding is all but never valid UTF-8 so
_UTF8_CJK_RUN = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]{2}){4}")
_UTF8_MIN_WIDE = 4  # non-ASCII characters a valid UTF-8 line needs to be read as UTF-8 in a legacy file


def label(encoding: str) -> str:
    return _LABELS.get(encoding, encoding)


# --- detection ------------------------------------------------------------------------------------------


def detect_encoding(sample: bytes, path: Path | str) -> tuple[str, str | None, int]:
    """``(main encoding, the other encoding some lines use or None, byte-order-mark length)`` from the
    file's first bytes (whole lines). Raises :class:`EncodingError` for binary data."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8", None, 3
    if sample.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", None, 2
    if sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", None, 2
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16 is None:
            raise EncodingError(path, "binary data, not a text file")
        return utf16, None, 0
    utf8_bytes, others = 0, []
    lines = sample.splitlines()
    for n, line in enumerate(lines, 1):
        if line.isascii():
            continue
        if _is_utf8(line, final=n < len(lines)):  # the sample may end inside a character
            utf8_bytes += len(line)
        else:
            others.append(line)
    if not others:
        return "utf-8", None, 0
    other = b"\n".join(others)
    legacy = _detect_legacy(other)
    if legacy is None:
        if utf8_bytes:  # UTF-8 with some bad bytes: they become U+FFFD
            return "utf-8", None, 0
        raise EncodingError(path, "undecodable text: not UTF-8, UTF-16, GB18030/GBK or Big5")
    if utf8_bytes >= len(other):
        return "utf-8", legacy, 0
    return legacy, "utf-8" if utf8_bytes else None, 0


def _is_utf8(data: bytes, final: bool = True) -> bool:
    """Valid UTF-8; with ``final=False`` a character cut off at the end is allowed."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the byte order in which the text reads as ordinary characters
    (ASCII, CJK, CJK punctuation and full-width forms); read the other way round, line ends and
    punctuation turn into characters of unrelated scripts."""
    even = sample[: len(sample) // 2 * 2]
    scores = {name: _ordinary_share(even.decode(name, "replace")) for name in ("utf-16-le", "utf-16-be")}
    best = max(scores, key=lambda name: scores[name])
    other = min(scores.values())
    if scores[best] < _MIN_PRINTABLE or scores[best] - other < 0.02:
        return None
    return best


_ORDINARY = re.compile("[\t\n\r\f -~\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _ordinary_share(text: str) -> float:
    sample = text[:20000]
    return len(_ORDINARY.findall(sample)) / len(sample) if sample else 0.0


def _detect_legacy(data: bytes) -> str | None:
    """GB18030 or Big5-HKSCS for bytes that are not UTF-8; None when neither fits. Both decode much of
    the other's bytes without error, so charset-normalizer judges which reads as Chinese."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE_BYTES], cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
    if best is not None:
        return "big5hkscs" if best.encoding.startswith("big5") else "gb18030"
    # too short or too damaged to judge: the one with the fewest invalid bytes, if that is few
    invalid = {name: data.decode(name, "replace").count("\ufffd") for name in _LEGACY}
    name = min(_LEGACY, key=lambda n: invalid[n])
    return name if invalid[name] <= _MAX_GUESS_INVALID * len(data) else None


def looks_like_text(text: str) -> bool:
    """True unless many characters are control codes or private-use glyphs (binary data)."""
    if not text:
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return 1 - bad / len(sample) >= _MIN_PRINTABLE


# --- decoding ---------------------------------------------------------------------------------------------


class _LineDecoder:
    """Decodes blocks of whole lines: each line in the main encoding, or another one that fits it, or
    with its few invalid bytes replaced; counts what it had to do for the warnings."""

    def __init__(self, main: str, secondary: str | None) -> None:
        self.main = main
        self.secondary = secondary
        self.lines = 0  # lines decoded so far
        self.other: dict[str, int] = {}  # lines read in another encoding than the main one
        self.first_other: int | None = None
        self.invalid = 0  # invalid byte sequences replaced with U+FFFD
        self.first_invalid: int | None = None

    def decode(self, block: bytes) -> str:
        try:
            text = block.decode(self.main)
        except UnicodeDecodeError:
            pass
        else:  # the common case: all of it in the main encoding (and, in a legacy one, no UTF-8 lines)
            if self.main == "utf-8" or _UTF8_CJK_RUN.search(block) is None:
                self.lines += block.count(b"\n")
                return text
        lines = block.splitlines(keepends=True)
        if self.secondary is None:
            self.secondary = self._secondary(lines)
        return "".join(self._line(line) for line in lines)

    def _secondary(self, lines: list[bytes]) -> str | None:
        """The encoding of the lines that are not in the main one, judged on all of them at once."""
        failing = [line for line in lines if not line.isascii() and not _decodes(line, self.main)]
        if not failing:
            return None
        if self.main != "utf-8" and all(_is_utf8(line) for line in failing):
            return "utf-8"
        return _detect_legacy(b"".join(failing))

    def _line(self, line: bytes) -> str:
        self.lines += 1
        if line.isascii():
            return line.decode("ascii")
        if self.main != "utf-8" and (self.secondary == "utf-8" or _UTF8_CJK_RUN.search(line)):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                if sum(ch > "\x7f" for ch in text) >= _UTF8_MIN_WIDE:
                    return self._other("utf-8", text)
        try:
            return line.decode(self.main)
        except UnicodeDecodeError:
            pass
        replaced = line.decode(self.main, "replace")
        bad = replaced.count("\ufffd")
        wide = sum(ch > "\x7f" for ch in replaced)
        if bad > _FEW_INVALID * wide:  # mostly invalid here: another encoding (judged on the block)?
            for encoding in (self.secondary, *_LEGACY, "utf-8"):
                if encoding is None or encoding == self.main:
                    continue
                try:
                    text = line.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if looks_like_text(text):
                    return self._other(encoding, text)
        self.invalid += bad
        if self.first_invalid is None:
            self.first_invalid = self.lines
        return replaced

    def _other(self, encoding: str, text: str) -> str:
        self.other[encoding] = self.other.get(encoding, 0) + 1
        if self.first_other is None:
            self.first_other = self.lines
        return text

    def warnings(self) -> list[str]:
        out: list[str] = []
        if self.other:
            which = ", ".join(f"{n} in {label(name)}" for name, n in sorted(self.other.items()))
            out.append(
                f"mixed encodings: the text is {label(self.main)} but some lines are not ({which}; "
                f"first on line {self.first_other}); each line was decoded in its own encoding"
            )
        if self.invalid:
            out.append(
                f"{self.invalid} invalid byte sequence{'s' if self.invalid > 1 else ''} in the "
                f"{label(self.main)} text replaced with U+FFFD (first on line {self.first_invalid})"
            )
        return out


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _line_blocks(fh: BinaryIO, encoding: str) -> Iterator[bytes]:
    """The rest of ``fh`` in blocks of about ``CHUNK_BYTES`` that end at a line end; a line longer
    than that is cut where no character can be split."""
    carry = b""
    while True:
        data = fh.read(CHUNK_BYTES)
        if not data:
            break
        buf = carry + data
        if len(data) < CHUNK_BYTES:  # the end of the file: its last line, ended or not, stays in this block
            carry = b""
            yield buf
            continue
        cut = buf.rfind(b"\n") + 1
        if cut == 0:
            if len(buf) < CHUNK_BYTES:
                carry = buf
                continue
            cut = _safe_cut(buf, encoding)
        yield buf[:cut]
        carry = buf[cut:]
    if carry:
        yield carry


def _safe_cut(buf: bytes, encoding: str) -> int:
    """Where to cut a block without a line end so that no character is split: before the lead byte of
    the last UTF-8 character; in GB18030/Big5 after a byte below 0x30, never part of a wide character."""
    end = len(buf)
    if encoding == "utf-8":
        i = end - 1
        while i > max(0, end - 4) and 0x80 <= buf[i] <= 0xBF:
            i -= 1
        return i if i > 0 and buf[i] >= 0xC0 else end
    for i in range(end - 1, max(0, end - 4096), -1):
        if buf[i] < 0x30:
            return i + 1
    return end


def _utf16_blocks(fh: BinaryIO, encoding: str, counts: _LineDecoder) -> Iterator[str]:
    """UTF-16 text in blocks ending at a line end (an incremental decoder keeps characters whole)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    carry = ""
    while True:
        data = fh.read(CHUNK_BYTES)
        final = not data
        text = carry + decoder.decode(data, final=final)
        cut = text.rfind("\n") + 1
        if final or (cut == 0 and 2 * len(text) >= CHUNK_BYTES):  # the end, or a line too long to wait for
            cut = len(text)
        piece, carry = text[:cut], text[cut:]
        if piece:
            bad = piece.count("\ufffd")
            if bad and counts.first_invalid is None:
                counts.first_invalid = counts.lines + 1
            counts.invalid += bad
            counts.lines += piece.count("\n")
            yield piece
        if final:
            return


# --- the reader -------------------------------------------------------------------------------------------


def _scan(path: Path) -> tuple[str, int, bool]:
    """``(sha256, size, has non-whitespace bytes)``, reading the file in blocks."""
    digest = hashlib.sha256()
    size, printable = 0, False
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(CHUNK_BYTES), b""):
                digest.update(block)
                size += len(block)
                printable = printable or bool(block.strip())
    except OSError as exc:
        raise InputMissingError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return digest.hexdigest(), size, printable


def _sample(fh: BinaryIO) -> bytes:
    """The first ``SAMPLE_BYTES``, cut at the last line end when the file goes on."""
    sample = fh.read(SAMPLE_BYTES)
    if len(sample) == SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rfind(b"\n") + 1]
    return sample


class TextStream:
    """A text report read page by page: each page is a chunk of about ``CHUNK_BYTES`` (page number 0:
    text has no pages). ``finish()`` gives the warnings (mixed encodings, replaced bytes)."""

    kind = "text"
    page_count = 0
    title: str | None = None

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sha256, size, printable = _scan(path)
        if size == 0 or not printable:
            reason = "empty file" if size == 0 else f"no text in file (white space only, {size} bytes)"
            raise EmptyInputError(path, reason)
        with path.open("rb") as fh:
            sample = _sample(fh)
        self.encoding, secondary, self.bom = detect_encoding(sample, path)
        self.decoder = _LineDecoder(self.encoding, secondary)
        self.chars = 0

    def pages(self) -> Iterator[Page]:
        found_text = False
        with self.path.open("rb") as fh:
            fh.seek(self.bom)
            for text in self._texts(fh):
                self._check(text)
                found_text = found_text or not text.isspace()
                yield Page(number=0, text=text)
        if not found_text:
            raise EmptyInputError(self.path, "no text in file")

    def _texts(self, fh: BinaryIO) -> Iterator[str]:
        if self.encoding.startswith("utf-16"):
            yield from _utf16_blocks(fh, self.encoding, self.decoder)
        else:
            for block in _line_blocks(fh, self.encoding):
                yield self.decoder.decode(block)

    def _check(self, text: str) -> None:
        """Binary data or mostly invalid bytes are not text: fail rather than extract from noise."""
        self.chars += len(text)
        if not looks_like_text(text):
            raise EncodingError(self.path, "binary data, not a text file")
        if self.decoder.invalid > _MAX_INVALID * self.chars:
            raise EncodingError(
                self.path,
                f"undecodable text: {self.decoder.invalid} invalid byte sequences in "
                f"{label(self.encoding)} (not UTF-8, UTF-16, GB18030/GBK or Big5)",
            )

    def finish(self) -> list[str]:
        return self.decoder.warnings()


def read_text(path: Path) -> Document:
    """The whole text report as a :class:`Document` (its chunks as pages)."""
    stream = TextStream(path)
    pages = list(stream.pages())
    return Document(
        source=path,
        kind="text",
        pages=pages,
        page_count=0,
        sha256=stream.sha256,
        warnings=stream.finish(),
    )


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode report bytes held in memory, as :class:`TextStream` decodes a file."""
    import io

    if not data.strip():
        raise EmptyInputError(path, "empty file")
    encoding, secondary, bom = detect_encoding(_sample(io.BytesIO(data)), path)
    decoder = _LineDecoder(encoding, secondary)
    fh = io.BytesIO(data[bom:])
    if encoding.startswith("utf-16"):
        text = "".join(_utf16_blocks(fh, encoding, decoder))
    else:
        text = "".join(decoder.decode(block) for block in _line_blocks(fh, encoding))
    if not looks_like_text(text):
        raise EncodingError(path, "binary data, not a text file")
    if decoder.invalid > _MAX_INVALID * max(len(text), 1):
        raise EncodingError(path, f"undecodable text: {decoder.invalid} invalid byte sequences in {label(encoding)}")
    return text
