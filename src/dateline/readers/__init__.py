"""Bytes in, decoded text (and metadata) out.

:func:`read_path` and :func:`from_bytes` turn a file or a byte string into an :class:`Input`,
raising an :class:`~dateline.errors.InputError` subclass that names the input and the problem when
it cannot be read as a document (missing, directory, empty, binary, undecodable, too large).
Other readers (feeds, WARC, JSON Lines) yield ``Input`` objects too.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MissingInput, NotAFile, TooLarge
from ..options import Options
from ..records import Metadata, Warning
from .text import decode

__all__ = ["STDIN", "Input", "decode", "from_bytes", "guess_format", "read_path", "read_stdin"]

STDIN = "<stdin>"

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}


@dataclass(frozen=True, slots=True)
class Input:
    """One document ready for analysis: text (or HTML) with where it came from."""

    source: str
    text: str
    format: str = "text"  # "text" | "markdown" | "html" (then ``text`` holds the HTML)
    id: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    warnings: tuple[Warning, ...] = ()


def guess_format(name: str, head: str = "") -> str:
    """``html``, ``markdown`` or ``text`` from a file name, else from the first characters."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in {".txt", ".text"}:
        return "text"
    probe = head.lstrip()[:512].lower()
    if probe.startswith(("<!doctype html", "<html")) or ("<body" in probe and "</" in probe):
        return "html"
    return "text"


def from_bytes(
    data: bytes,
    source: str,
    *,
    options: Options | None = None,
    format: str | None = None,
    id: str | None = None,
    metadata: Metadata | None = None,
) -> Input:
    """Decode ``data`` (named ``source`` in errors) into an :class:`Input`."""
    options = options or Options()
    if len(data) > options.max_bytes:
        raise TooLarge(
            f"{len(data):,} bytes is over the {options.max_bytes:,}-byte limit (raise it with --max-bytes)",
            source,
        )
    text, warnings = decode(data, source)
    fmt = format or guess_format(source, text)
    if id is None and source != STDIN:
        id = Path(source).stem or None
    return Input(source, text, fmt, id, metadata or Metadata(), tuple(warnings))


def read_path(path: str | os.PathLike[str], options: Options | None = None) -> Input:
    """Read one file; ``-`` reads standard input."""
    options = options or Options()
    name = os.fspath(path)
    if name == "-":
        return read_stdin(options)
    p = Path(name)
    if not p.exists():
        raise MissingInput("no such file", name)
    if p.is_dir():
        raise NotAFile("is a directory, not a file (give the files inside it, e.g. DIR/*.txt)", name)
    if not p.is_file():
        raise NotAFile("is not a regular file", name)
    size = p.stat().st_size
    if size > options.max_bytes:
        raise TooLarge(
            f"{size:,} bytes is over the {options.max_bytes:,}-byte limit (raise it with --max-bytes)", name
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise MissingInput(f"cannot read: {exc.strerror or exc}", name) from None
    return from_bytes(data, name, options=options)


def read_stdin(options: Options | None = None) -> Input:
    options = options or Options()
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    return from_bytes(data, STDIN, options=options)
