"""JSON Lines: one document per line, ``{"text": ...}`` or ``{"html": ...}`` with optional
``url``, ``published``, ``id`` and ``title``.

A line that is not a JSON object, or has neither ``text`` nor ``html``, yields an error naming
the file and line; the other lines go on. A file whose first object has neither field is not a
document file at all (a gold or metadata file, say) and fails as a whole, once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import IO, Any

from ..errors import DatelineError, InputError, TooLarge
from ..options import Options
from ..records import Metadata
from . import Input, guess_format

__all__ = ["JsonlError", "read_jsonl"]

log = logging.getLogger(__name__)


class JsonlError(InputError):
    """A JSON Lines file or line that holds no document."""


def _text_field(obj: dict[str, Any]) -> tuple[str, str] | None:
    for name, fmt in (("text", "text"), ("html", "html")):
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return value, fmt
    return None


def read_jsonl(
    stream: IO[bytes], source: str, options: Options | None = None
) -> Iterator[Input | DatelineError]:
    """Documents of the JSON Lines ``stream`` (named ``source``); ``Input.source`` is
    ``source:LINE`` unless the line has a ``url``."""
    options = options or Options()
    seen_object = False
    yielded = False
    for number, raw in enumerate(iter(lambda: stream.readline(options.max_bytes + 1), b""), start=1):
        where = f"{source}:{number}"
        yielded = True
        if len(raw) > options.max_bytes:
            yield TooLarge(f"line is over the {options.max_bytes:,}-byte limit", where)
            # skip the rest of this over-long line
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(options.max_bytes + 1)
            continue
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            yield JsonlError(f"line is not UTF-8 (byte offset {exc.start})", where)
            continue
        except json.JSONDecodeError as exc:
            yield JsonlError(f"line is not JSON: {exc.msg} at column {exc.colno}", where)
            continue
        except RecursionError:
            yield JsonlError("line is nested too deeply to be a document (JSON arrays or objects)", where)
            continue
        if not isinstance(obj, dict):
            yield JsonlError(f"line is a JSON {type(obj).__name__}, not an object", where)
            continue
        found = _text_field(obj)
        if found is None:
            if not seen_object:
                keys = ", ".join(sorted(obj)[:8]) or "none"
                yield JsonlError(
                    f'JSON Lines without a "text" or "html" field (first line has: {keys}); '
                    "not a document file",
                    source,
                )
                return
            yield JsonlError('object has no non-empty "text" or "html" field', where)
            continue
        seen_object = True
        text, fmt = found
        if fmt == "text" and guess_format("", text) == "html":
            fmt = "html"
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        published = obj.get("published") or obj.get("date")
        doc_id = obj.get("id")
        meta = Metadata(
            title=obj.get("title") if isinstance(obj.get("title"), str) else None,
            date=str(published) if published else None,
            site=obj.get("site") if isinstance(obj.get("site"), str) else None,
            url=url,
            author=obj.get("author") if isinstance(obj.get("author"), str) else None,
        )
        yield Input(
            source=url or where,
            text=text,
            format=fmt,
            id=str(doc_id) if doc_id not in (None, "") else None,
            metadata=meta,
        )
    if not yielded:
        yield JsonlError("holds no JSON lines (empty file)", source)
