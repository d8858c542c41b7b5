"""Errors the library raises for bad input; the CLI maps each to a one-line message and exit status 1.

``kind`` is the stable short code written to the manifest's ``error_kind``. Besides these, the batch
layer uses ``internal`` (a bug of ours), ``crashed`` (the worker process died), ``timeout`` (stopped
by the per-file time limit) and ``io`` (our own write failed: disk full, permissions).
"""

from __future__ import annotations

from pathlib import Path


class ExtractError(Exception):
    """A report could not be extracted. ``kind`` is a stable short code for manifests and logs."""

    kind = "error"

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class InputMissingError(ExtractError):
    kind = "missing"


class EmptyInputError(ExtractError):
    kind = "empty"


class UnsupportedInputError(ExtractError):
    kind = "unsupported"


class NotAPdfError(ExtractError):
    kind = "not_pdf"


class CorruptPdfError(ExtractError):
    """A damaged PDF: whatever the PDF libraries refused, with their reason."""

    kind = "corrupt_pdf"


class EncryptedPdfError(ExtractError):
    kind = "encrypted"


class NoTextLayerError(ExtractError):
    kind = "no_text"


class OcrUnavailableError(ExtractError):
    """OCR was asked for (``--ocr force``) but the ``[ocr]`` extra is not installed."""

    kind = "ocr_unavailable"


class EncodingError(ExtractError):
    kind = "encoding"


class LimitExceededError(ExtractError):
    kind = "limit"


class TooLargeError(LimitExceededError):
    """Over a size limit: the file, a decompressed PDF stream, or the worker's memory ceiling."""

    kind = "too_large"


class TimeLimitError(LimitExceededError):
    kind = "timeout"


class OutputError(ExtractError):
    kind = "output"


class OutputIOError(OutputError):
    """Our own write failed (disk full, permissions): not the report's fault; old outputs are kept."""

    kind = "io"
