"""Hostile inputs, generated in code (never stored blobs): each builder returns bytes, text or
writes files into a folder it is given, bounded in size so that tests stay cheap. Every finding
of issue 16 has a builder here; ``CASES`` names the documents that ``analyze``, ``ingest``,
``batch`` and the API must each survive with a recorded reason."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

GOOD = """Harbor City opens water summit

HARBOR CITY, Calif., May 1, 2024 /PRNewswire/ -- Mayor Lena Ortiz opened the water summit on Wednesday.

"Every leak we fix is water we keep," Ortiz said.
"""


def brackets(n: int = 10_000) -> str:
    """``[`` * n + ``]`` * n: quadratic (and worse) in spaCy's tokenizer without the guard."""
    return "[" * n + "]" * n


def quotes(n: int = 5_000) -> str:
    """Another prefix/suffix storm: a run of double quotes and dollar signs."""
    return '"' * n + "$" * n


def surrogate() -> str:
    """A lone surrogate (JSON can carry ``\\ud800``; nothing can encode it)."""
    return "WASHINGTON (AP) — A lone \ud800 surrogate."


def over_chars(n: int = 1_000_001) -> str:
    """Text over spaCy's (and dateline's default) 1,000,000-character limit."""
    line = "The council met again on Tuesday and said nothing new. "
    return (line * (n // len(line) + 1))[:n]


def deep_json(levels: int = 100_000) -> bytes:
    """One JSON Lines line nested ``levels`` deep (``RecursionError`` in ``json.loads``)."""
    return b'{"text": ' + b"[" * levels + b"]" * levels + b"}\n"


def jsonl(*lines: bytes | dict[str, object]) -> bytes:
    return b"".join(x if isinstance(x, bytes) else json.dumps(x).encode() + b"\n" for x in lines)


def overflow_dates() -> list[str]:
    """Publication dates whose UTC time is outside ``datetime``'s years 1..9999."""
    return ["9999-12-31T23:59:59-01:00", "0001-01-01T00:30:00+01:00"]


def invalid_utf8() -> bytes:
    """Latin text with a few bytes that are not UTF-8 (mojibake if guessed as cp1251)."""
    return "Le maire a déclaré que l'eau reste chère.\n".encode("latin-1") * 2


def symlink_loop(folder: Path) -> Path:
    link = folder / "loop"
    os.symlink(link, link)
    return link


def fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def link_out(folder: Path, target: Path) -> Path:
    """A symlink inside ``folder`` to a file outside it (``/etc/passwd`` in the issue)."""
    link = folder / "secret.txt"
    os.symlink(target, link)
    return link


def warc_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return head.encode() + b"\r\n" + block + b"\r\n\r\n"


def warc_long_header(size: int = 4 * 1024 * 1024) -> bytes:
    """A WARC whose first header line is ``size`` bytes with no newline."""
    return b"WARC/1.0\r\nWARC-Type: " + b"x" * size


def warc_lying_length() -> bytes:
    """A response whose Content-Length lies (shorter than the block) and whose HTTP header
    never ends (no blank line)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Pad: " + b"y" * 200
    return warc_record(
        [
            ("WARC-Type", "response"),
            ("WARC-Target-URI", "http://example.com/lying"),
            ("WARC-Date", "2024-05-01T00:00:00Z"),
            ("Content-Type", "application/http; msgtype=response"),
            ("Content-Length", "60"),
        ],
        http,
    )


def gzip_bomb(size: int = 50 * 1024 * 1024) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


def cases() -> dict[str, str]:
    """The hostile texts every analysis path must survive (name -> text), with one good one."""
    return {
        "good": GOOD,
        "brackets": brackets(10_000),
        "quotes": quotes(5_000),
        "surrogate": surrogate(),
        "nul": "WASHINGTON (AP) — a NUL \x00 and a bell \x07 inside.",
        "rtl": "WASHINGTON (AP) — \u202eevil\u202c text and zero\u200bwidth.",
    }


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">\n'.encode()
        for i in range(2, 10)
    )
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title>'
    b"<item><title>&lol9;</title><link>https://evil.example/1</link><description>&lol9;</description></item>"
    b"</channel></rss>\n"
)


def write_corpus(folder: Path, outside: Path) -> dict[str, str | None]:
    """Every hostile file in ``folder`` (``outside`` is a file a link points to); returns
    ``{file name: a phrase its recorded failure must contain, or None when it is ingested}``.
    JSON Lines and WARC files hold good documents too: their failures are keyed by line."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str | None] = {}

    def put(name: str, data: bytes | str, reason: str | None) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = reason

    put("good.txt", GOOD, None)
    put("brackets.txt", brackets(10_000), None)  # 20 KB: a minute of tokenizing without the guard
    put("quotes.txt", quotes(5_000), None)
    put("huge.txt", over_chars(), "1,000,000-character limit")
    put("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a PNG image")
    put(
        "docs.jsonl",
        jsonl(
            {"text": GOOD.replace("summit", "forum")},
            {"text": surrogate()},
            {"text": GOOD, "published": overflow_dates()[0], "url": "https://e.example/late"},
        ),
        None,
    )
    expected["docs.jsonl:2"] = "lone surrogate"
    put("deep.jsonl", jsonl({"text": GOOD.replace("summit", "meeting")}) + deep_json(100_000), None)
    expected["deep.jsonl:2"] = "nested too deeply"
    put("lying.warc", warc_lying_length(), "is empty")
    put("header.warc", warc_long_header(2 * 1024 * 1024), "WARC")
    put("laughs.rss", BILLION_LAUGHS, "")
    put("bomb.warc.gz", gzip_bomb(20 * 1024 * 1024), "")
    link_out(folder, outside)
    expected["secret.txt"] = "outside the folder"
    symlink_loop(folder)
    expected["loop"] = "link loop"
    fifo(folder)
    expected["pipe.txt"] = "FIFO"
    return expected
