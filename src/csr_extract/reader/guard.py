"""Guards around the PDF libraries for hostile or damaged files.

* :func:`check_streams` caps what a PDF's streams inflate to before PDFium parses anything: a page
  whose content stream inflates to 1 GiB from a few KB on disk (a decompression bomb) would take
  gigabytes of memory and minutes in PDFium, and more in pdfplumber's fallback. Every FlateDecode
  stream that is not an image (page contents, forms, fonts, object streams) is inflated with a
  bounded budget and thrown away; real reports' largest such stream is a few MB. An encrypted
  file's streams cannot be inflated without decrypting them (PDFium does that, with ``--password``
  or the empty user password of a file locked for editing only): they are not checked, nor taken
  for damaged ones; the worker's memory ceiling still bounds them.
* :func:`pdf_library_of` tells an exception raised inside a PDF library (a damaged file: the error
  is ``corrupt_pdf``) from one raised in our own code (a bug: ``internal``).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from ..errors import TooLargeError

# What one stream may inflate to. Measured over the shared corpus' real reports: page contents and
# forms at most 0.22 MB, other streams (fonts, object streams) at most 3.3 MB. Content is what costs:
# PDFium needs ~7 s and ~120 MB per MB of CJK text drawing, so 8 MB stays within a minute and 1.5 GB.
MAX_CONTENT_BYTES = 8 << 20
MAX_STREAM_BYTES = 64 << 20
# Above this many objects on a page, pdfplumber is not asked to re-read it: pdfminer builds a Python
# object per character and needed 3 GB for a 4 MB page of text objects (an OCR layer, the case the
# fallback is for, has one object per character: a few thousand on a dense page).
MAX_FALLBACK_OBJECTS = 20_000

# where a stream's data begins: the end of its dictionary and the ``stream`` keyword
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]()]+)")
_NAME = re.compile(rb"/([^\s/<>\[\]()]+)")
_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_ENCRYPTED = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R\b|<<)")  # in the trailer (or the xref stream)
# streams that are not drawing instructions: fonts, object and xref streams, metadata, CMaps, ICC
# profiles, functions; the others (page contents, forms, glyph procedures) are content
_NOT_CONTENT = re.compile(
    rb"/(?:Length[123]\b|Type\s*/(?:ObjStm|XRef|Metadata|EmbeddedFile|CMap)\b"
    rb"|Subtype\s*/(?:Type1C|CIDFontType0C|OpenType|XML)\b|N\s+\d|FunctionType|ShadingType|PatternType)"
)
_DICT_WINDOW = 4096  # how far back from ``stream`` its dictionary is looked for
_STEP = 1 << 20  # inflate this much at a time, so checking a bomb holds at most this much

_PDF_LIBRARIES = {"pypdfium2": "PDFium", "pdfminer": "pdfminer", "pdfplumber": "pdfplumber"}


def check_streams(
    data: bytes, path: Path | str, content_limit: int | None = None, stream_limit: int | None = None
) -> int:
    """Raise :class:`TooLargeError` when a non-image FlateDecode stream inflates beyond its limit:
    ``content_limit`` for page contents and forms (default :data:`MAX_CONTENT_BYTES`), ``stream_limit``
    for the others (default :data:`MAX_STREAM_BYTES`). Returns how many such streams are damaged
    (invalid or cut-off deflate data): PDFium reads what it can of them, pdfminer repairs them a byte
    at a time (over a minute for a damaged 1.5 MB font), so the reader then leaves pdfminer out."""
    if _ENCRYPTED.search(data):
        return 0
    limits = {
        True: MAX_CONTENT_BYTES if content_limit is None else content_limit,
        False: MAX_STREAM_BYTES if stream_limit is None else stream_limit,
    }
    damaged = 0
    for match in _STREAM_START.finditer(data):
        window = max(0, match.start() - _DICT_WINDOW)
        head = data[window : match.start() + 2]
        obj = head.rfind(b" obj")
        if obj >= 0:
            head = head[obj:]
        if _IMAGE.search(head) or not _is_flate(head):
            continue
        content = _NOT_CONTENT.search(head) is None
        budget = limits[content]
        size, whole = inflate(data, match.end(), budget)
        damaged += not whole and size <= budget
        if size > budget:
            numbers = _OBJECT.findall(data, window, match.start())
            what = f"page content stream (object {numbers[-1].decode()})" if numbers else "page content stream"
            if not content:
                what = what.replace("page content stream", "stream")
            raise TooLargeError(
                path,
                f"a PDF {what} inflates to more than {budget / (1 << 20):g} MB (the limit): "
                "a decompression bomb, not read",
            )
    return damaged


def fallback_affordable(object_count: int) -> bool:
    """Whether a page with ``object_count`` objects may be re-read by pdfplumber."""
    return object_count <= MAX_FALLBACK_OBJECTS


def _is_flate(head: bytes) -> bool:
    found = _FILTER.search(head)
    return found is not None and _NAME.findall(found.group(1)) in ([b"FlateDecode"], [b"Fl"])


def inflate(data: bytes, start: int, budget: int) -> tuple[int, bool]:
    """``(bytes, whole)``: how many bytes the deflate stream at ``data[start:]`` inflates to, counting
    no further than just past ``budget``, and whether it is valid to its end."""
    inflater = zlib.decompressobj()
    view = memoryview(data)[start:]
    size, fed = 0, 0
    try:
        while size <= budget and not inflater.eof:
            if inflater.unconsumed_tail:
                chunk = inflater.decompress(inflater.unconsumed_tail, _STEP)
            elif fed < len(view):
                chunk = inflater.decompress(view[fed : fed + _STEP], _STEP)
                fed += _STEP
            else:
                break  # the file ends inside the stream
            size += len(chunk)
    except zlib.error:
        return size, False
    return size, inflater.eof or size > budget


def pdf_library_of(exc: BaseException) -> str | None:
    """The PDF library in which ``exc`` was raised, or None when it was raised in our own code: the
    innermost frame of either (frames of the standard library, which both call, are skipped)."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(str(tb.tb_frame.f_globals.get("__name__", "")).split(".", 1)[0])
        tb = tb.tb_next
    for module in reversed(frames):
        if module in _PDF_LIBRARIES:
            return _PDF_LIBRARIES[module]
        if module == "csr_extract":
            return None
    return None
