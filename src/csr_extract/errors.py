"""Errors the library raises for bad input; the CLI maps each to a one-line message and exit status 1."""

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


class OutputError(ExtractError):
    kind = "output"
