"""Hostile inputs for the reliability tests and ``benchmarks/fuzz_inputs.py``, made by code.

* :func:`mutate` damages a PDF's bytes the ways real files get damaged or crafted: truncations, byte
  flips, zeroed or repeated ranges, broken xref offsets, wrong stream lengths, damaged object
  streams and startxref.
* The ``*_pdf`` functions write small crafted PDFs: a decompression bomb, a page-label tree that
  points to itself, an xref whose /Prev points to itself, a page tree that loops.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable, Sequence

# --- mutations of real files -------------------------------------------------------------------------


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def zero_range(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 4096))
    return data[:start] + bytes(end - start) + data[end:]


def repeat_range(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data))
    return data[:at] + piece * rng.randint(1, 8) + data[at:]


def delete_range(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


def damage_xref(data: bytes, rng: random.Random) -> bytes:
    """Wrong offsets in the xref table (same length, so the rest of the file stays where it was)."""
    found = list(re.finditer(rb"\d{10} \d{5} [nf]", data))
    if not found:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for m in rng.sample(found, min(len(found), rng.randint(1, 4))):
        out[m.start() : m.start() + 10] = b"%010d" % rng.randrange(10**10)
    return bytes(out)


def damage_startxref(data: bytes, rng: random.Random) -> bytes:
    return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rng.randrange(len(data) * 2), data)


def damage_lengths(data: bytes, rng: random.Random) -> bytes:
    """Stream /Length values off by a little or a lot."""

    def wrong(m: re.Match[bytes]) -> bytes:
        value = int(m.group(1)) + rng.choice([-4096, -100, -1, 1, 100, 10**6])
        return b"/Length %d" % max(0, value)

    found = list(re.finditer(rb"/Length (\d+)(?! \d+ R)", data))
    if not found:
        return flip_bytes(data, rng)
    m = rng.choice(found)
    return data[: m.start()] + wrong(m) + data[m.end() :]


def damage_object_streams(data: bytes, rng: random.Random) -> bytes:
    """Bytes flipped inside an object stream (compressed objects) or an xref stream."""
    found = [m for m in re.finditer(rb"/Type\s*/(?:ObjStm|XRef)", data)]
    if not found:
        return flip_bytes(data, rng)
    m = rng.choice(found)
    start = data.find(b"stream", m.end())
    if start < 0:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = min(len(out) - 1, start + 8 + rng.randrange(512))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate,
    "flip": flip_bytes,
    "random": random_bytes,
    "zero": zero_range,
    "repeat": repeat_range,
    "delete": delete_range,
    "xref": damage_xref,
    "startxref": damage_startxref,
    "length": damage_lengths,
    "objstm": damage_object_streams,
}


def mutate(data: bytes, rng: random.Random, names: Sequence[str] = tuple(MUTATIONS)) -> tuple[str, bytes]:
    """One or two mutations of ``data`` picked by ``rng``: ``(their names, the damaged bytes)``."""
    picked = [rng.choice(list(names)) for _ in range(rng.choice([1, 1, 2]))]
    for name in picked:
        data = MUTATIONS[name](data, rng) or data
    return "+".join(picked), data


# --- crafted files ------------------------------------------------------------------------------------


def build_pdf(objects: Sequence[bytes], *, prev_self: bool = False, trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, prev, trailer, xref)
    return bytes(out)


def stream(content: bytes, compress: bool = True, deflated: bytes | None = None) -> bytes:
    """A stream object of ``content``, or of ``deflated`` (already compressed) data."""
    extra = b""
    if deflated is not None:
        content, extra = deflated, b" /Filter /FlateDecode"
    elif compress:
        content, extra = zlib.compress(content, 9), b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def deflate_repeated(line: bytes, size: int) -> bytes:
    """``line`` repeated to ``size`` bytes, deflated a block at a time (never held inflated)."""
    compressor = zlib.compressobj(9)
    block = line * max(1, (1 << 20) // len(line))
    parts, written = [], 0
    while written + len(block) <= size:
        parts.append(compressor.compress(block))
        written += len(block)
    parts.append(compressor.compress(line * ((size - written) // len(line))))
    parts.append(compressor.flush())
    return b"".join(parts)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
CJK_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
)


def one_page_pdf(
    content: bytes,
    *,
    font: bytes = HELVETICA,
    catalog: bytes = b"",
    extra: Sequence[bytes] = (),
    deflated: bytes | None = None,
) -> bytes:
    """One A4 page drawing ``content`` (or the ``deflated`` content) with font /F1; ``extra`` objects
    are numbered from 6."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R" + catalog + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content, deflated=deflated),
            font,
            *extra,
        ]
    )


TEXT = b"BT /F1 12 Tf 72 700 Td (2020 revenue 100) Tj ET\n"


def bomb_pdf(megabytes: int, cjk: bool = False) -> bytes:
    """A page whose content stream (a few KB on disk) inflates to ``megabytes`` MB of text drawing."""
    line = b"BT /F1 12 Tf 72 700 Td <4E2D56FD> Tj ET\n" if cjk else TEXT
    deflated = deflate_repeated(line, megabytes << 20)
    return one_page_pdf(b"", font=CJK_FONT if cjk else HELVETICA, deflated=deflated)


def page_label_loop_pdf() -> bytes:
    """A /PageLabels number tree whose only kid is itself (PDFium 5 crashes reading the label)."""
    return one_page_pdf(TEXT, catalog=b" /PageLabels 6 0 R", extra=[b"<< /Kids [6 0 R] >>"])


def prev_loop_pdf() -> bytes:
    """An xref section whose /Prev points to itself."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(TEXT),
            HELVETICA,
        ],
        prev_self=True,
    )


def page_tree_loop_pdf() -> bytes:
    """A page tree whose /Pages node lists itself among its kids."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(TEXT),
            HELVETICA,
        ]
    )


def deep_nesting_pdf(depth: int = 100_000) -> bytes:
    """An object nested ``depth`` arrays deep (recursive parsers overflow)."""
    return one_page_pdf(TEXT, catalog=b" /Junk " + b"[" * depth + b"]" * depth)


CRAFTED: dict[str, Callable[[], bytes]] = {
    "bomb-64mb": lambda: bomb_pdf(64),
    "bomb-cjk-64mb": lambda: bomb_pdf(64, cjk=True),
    "page-label-loop": page_label_loop_pdf,
    "prev-loop": prev_loop_pdf,
    "page-tree-loop": page_tree_loop_pdf,
    "deep-nesting": deep_nesting_pdf,
}
