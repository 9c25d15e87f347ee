"""Decoding bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else the encoding that
charset-normalizer finds, reported as a warning. Binary data and bytes that fit no encoding raise."""

from __future__ import annotations

import logging
from typing import Any

from charset_normalizer import from_bytes as detect

from ..errors import BinaryInput, EmptyInput, EncodingError
from ..records import Warning

__all__ = ["check_text", "decode"]

log = logging.getLogger(__name__)

#: Magic numbers of formats people drop into a folder of articles by mistake.
BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "gzip-compressed data (decompress it first, or use `dateline ingest` for .warc.gz)",
    b"\xd0\xcf\x11\xe0": "an MS Office document",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}

#: Share of control characters (other than tab, newline, CR, form feed) above which decoded
#: "text" is treated as binary. Real news text has none; 1% leaves room for stray bytes.
MAX_CONTROL_SHARE = 0.01


#: Least confidence (:func:`confidence`) at which a guessed legacy encoding is used. Measured on
#: hand-made samples (tests/readers/test_text.py and tests/hostile.py): Spanish, French and
#: English cp1252 0.67-0.70, Russian cp1251 0.55-0.65, Greek cp1253 0.63, Polish cp1250 0.29;
#: UTF-8 with a few Latin-1 bytes mixed in (mojibake whatever is picked) 0.0, and texts under
#: about 20 words 0.0 (too short for the detector to know a language: refused, to be converted
#: by hand). 0.2 sits between the two groups.
MIN_CONFIDENCE = 0.2


def confidence(match: Any) -> float:
    """How sure charset-normalizer is of a guess: how much the text reads as one language
    (coherence) times how free of odd characters it is (1 - chaos)."""
    return float(match.coherence) * (1.0 - float(match.chaos))


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0)
    return bad / len(sample)


def _prefer_western(matches: list[Any], best: Any) -> Any:
    """The detector's first pick minimizes "chaos" alone and often names a Baltic or Central
    European code page for Western text that decodes as cleanly. Among the near-clean candidates
    (chaos within 0.2 of the best), the most coherent language wins, and cp1252 (by far the most
    common legacy encoding of English, French, Spanish and German news) on a tie within 0.03.
    Checked on French, German and Spanish cp1252, Polish cp1250, Russian cp1251 and Greek cp1253."""
    close = [m for m in matches if m.chaos <= best.chaos + 0.2]
    top = max(m.coherence for m in close)
    tied = [m for m in close if m.coherence >= top - 0.03]
    for m in tied:
        if m.encoding == "cp1252":
            return m
    return tied[0]


def check_text(text: str, source: str) -> None:
    """Raise :class:`BinaryInput` for text that came in already decoded (a JSON string, a form
    field) but holds what :func:`decode` refuses in a file: a NUL, or control characters."""
    if "\x00" in text:
        raise BinaryInput(f"contains a NUL character (at character {text.index(chr(0)):,}): not text", source)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise BinaryInput("is binary data (control characters), not text", source)


def decode(data: bytes, source: str) -> tuple[str, list[Warning]]:
    """Text of ``data`` and any warnings about how it was decoded."""
    if not data.strip():
        raise EmptyInput("is empty (no text to analyze)", source)
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise BinaryInput(f"is {what}, not text", source)
    warnings: list[Warning] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A byte-order mark alone proves nothing: random bytes after FF FE "decode" as UTF-16 too.
        guess = detect(data).best()
        if guess is None or not guess.encoding.startswith("utf_16"):
            raise EncodingError(
                "starts with a UTF-16 byte-order mark but the rest is not UTF-16 text", source
            )
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"has a UTF-16 byte-order mark but is not valid UTF-16: {exc.reason}", source
            ) from None
    else:
        if b"\x00" in data[:65536]:
            raise BinaryInput("contains NUL bytes: binary data, not text", source)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad = data[exc.start : exc.start + 1].hex()
            matches = detect(data)
            best = matches.best()
            if best is not None:
                best = _prefer_western(list(matches), best)
            if best is None or best.encoding in ("utf_8", "utf_8_sig") or best.chaos > 0.25:
                raise EncodingError(
                    f"is not valid UTF-8 (byte 0x{bad} at offset {exc.start}) "
                    "and no other text encoding fits; "
                    "convert it to UTF-8 (e.g. `iconv -f <encoding> -t utf-8`)",
                    source,
                ) from None
            sure = confidence(best)
            if sure < MIN_CONFIDENCE:
                raise EncodingError(
                    f"is not valid UTF-8 (byte 0x{bad} at offset {exc.start}); the likeliest other "
                    f"encoding, {best.encoding}, is only {sure:.0%} sure (under {MIN_CONFIDENCE:.0%}): "
                    "convert it to UTF-8 (e.g. `iconv -f <encoding> -t utf-8`)",
                    source,
                ) from None
            text = str(best)
            message = (
                f"not UTF-8 (byte 0x{bad} at offset {exc.start}); decoded as {best.encoding}, {sure:.0%} sure"
            )
            log.info("%s: %s", source, message)
            warnings.append(Warning("encoding", message))
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise BinaryInput("is binary data (control characters), not text", source)
    if not text.strip():
        raise EmptyInput("is empty (no text to analyze)", source)
    return text, warnings
