"""Helpers for the web app tests: a small corpus of hand-built records (no model needed) and a
stand-in analyzer. Imported by ``conftest.py`` and the test modules (a unique name, so another
``conftest`` on the path can never shadow it)."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx
import pytest

from dateline import wire
from dateline.corpus import Store
from dateline.errors import DatelineError, EmptyInput
from dateline.readers import Input
from dateline.records import Attribution, Content, Entity, Mention, Metadata, Record, Source, Span

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "harbor-city-water-summit.txt"

COPY_HEADER = "Coastal Times | Local news for the coast\n\n"
XSS = "<script>alert('pwned')</script>"

LATER = """Ortiz defends pipe plan as summer nears

HARBOR CITY, Calif., May 2, 2024 /PRNewswire/ -- Mayor Lena Ortiz defended the pipe plan on Thursday.

"Every leak we fix is water we keep," Ortiz said.
"""

NASTY = f"""Headline with {XSS} inside

WASHINGTON (AP) — A page tried to inject {XSS} and <img src=x onerror=alert(2)> into the app.

"Markup like <b>this</b> and {XSS} must show as text," the tester said.
"""


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def _nearest(text: str, needle: str, near: Span, outside: Span | None = None) -> Span:
    """The occurrence of ``needle`` (as a word) closest to ``near``, outside ``outside``/``near``."""
    best: Span | None = None
    avoid = outside or near
    for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text):
        if m.start() < avoid.end and avoid.start < m.end():
            continue
        dist = min(abs(m.start() - near.end), abs(near.start - m.end()))
        if best is None or dist < min(abs(best.start - near.end), abs(near.start - best.end)):
            best = Span(m.start(), m.end(), needle)
    assert best is not None, needle
    return best


def build_record(
    text: str,
    doc_id: str,
    quotes: list[tuple[str, str, str, str | None]],
    *,
    people: dict[str, list[str]] | None = None,
    published: str | None = None,
) -> Record:
    """A record from the wire parser plus hand-made attributions ``(source, cue, content, entity)``
    and person entities ``{name: [mention texts]}`` (each mention found at its first occurrence
    after the previous one)."""
    parts = wire.parse(text, date=published)
    entities = []
    ids: dict[str, str] = {}
    for n, (name, mentions) in enumerate((people or {}).items()):
        found, pos = [], 0
        for m in mentions:
            s = _span(text, m, pos)
            found.append(Mention(s.start, s.end, s.text))
            pos = s.end
        ids[name] = f"E{n}"
        entities.append(Entity(f"E{n}", name, "PERSON", tuple(found)))
    attrs = []
    pos = 0
    for source, cue, content, entity in quotes:
        c = _span(text, content, pos)
        s = _nearest(text, source, c)
        k = _nearest(text, cue, s, outside=c)
        attrs.append(
            Attribution(
                content=Content(c.start, c.end, c.text, (c,)),
                source=Source(s.start, s.end, s.text, entity, ids.get(entity or "")),
                cue=k,
                kind="direct" if re.match(r"[\"“]", content) else "indirect",
            )
        )
        pos = c.end
    return Record(
        text=text,
        id=doc_id,
        headline=parts.headline,
        credit=parts.credit,
        dateline=parts.dateline,
        body_text=parts.body_text,
        paragraphs=parts.paragraphs,
        entities=tuple(entities),
        attributions=tuple(attrs),
        warnings=parts.warnings,
        metadata=Metadata(date=published),
    )


def corpus_records() -> list[tuple[Record, str | None, str]]:
    """``(record, url, published)`` for the test corpus."""
    example = EXAMPLE.read_text(encoding="utf-8")
    ortiz_quote = '"Water does not stop at a city line, and neither should our planning,"'
    harbor_quotes: list[tuple[str, str, str, str | None]] = [
        ("Ortiz", "said", ortiz_quote, "Lena Ortiz"),
        ("Ortiz", "said", "the city had cut its water use by 18 percent since 2019", "Lena Ortiz"),
        ("He", "said", "the agency would fund half of the pipe repairs", "Samuel Reyes"),
        ("Reyes", "said", "Reducing leaks is the cheapest water a city can buy", "Samuel Reyes"),
    ]
    people = {
        "Lena Ortiz": ["Lena Ortiz", "Ortiz", "Ortiz"],
        "Samuel Reyes": ["Samuel Reyes", "Reyes"],
    }
    harbor = build_record(
        example, "harbor-city-water-summit", harbor_quotes, people=people, published="2024-03-06"
    )
    # A syndicated copy: a site header, straightened quotes, the "About" section cut.
    copy_text = (
        COPY_HEADER + example.replace("“", '"').replace("”", '"').split("About Harbor City")[0].rstrip()
    )
    copy_text = copy_text.replace("the cheapest water a city can buy", "the cheapest water any city can buy")
    copy_quotes = [q for q in harbor_quotes if "cheapest" not in q[2]]
    copy = build_record(copy_text, "coastal-times-summit", copy_quotes, people=people, published="2024-03-07")
    later = build_record(
        LATER,
        "ortiz-defends-plan",
        [("Ortiz", "said", '"Every leak we fix is water we keep,"', "Lena Ortiz")],
        people={"Lena Ortiz": ["Lena Ortiz", "Ortiz"]},
        published="2024-05-02",
    )
    nasty = build_record(
        NASTY,
        "nasty",
        [("the tester", "said", f'"Markup like <b>this</b> and {XSS} must show as text,"', "<i>Tester</i>")],
        published="2024-04-01",
    )
    return [
        (harbor, "https://harborcity.example/news/summit", "2024-03-06"),
        (copy, "https://coastaltimes.example/2024/summit", "2024-03-07"),
        (later, "https://harborcity.example/news/pipes", "2024-05-02"),
        (nasty, "javascript:alert(3)", "2024-04-01"),
    ]


def fill(db: Path) -> dict[str, str]:
    """Store the test corpus in ``db``; ``{record id: stored id}``."""
    ids = {}
    with Store(db) as store:
        for record, url, published in corpus_records():
            doc_id, _ = store.add(record, source="tests", url=url, published=published)
            ids[record.id or ""] = doc_id
    return ids


class FakeAnalyzer:
    """Stands in for :class:`dateline.analysis.Analyzer` where a test is about HTTP, not NLP:
    the wire parser's record, with one statement when the text holds ``"...," X said``."""

    calls = 0

    def analyze_text(
        self,
        text: str,
        *,
        id: str | None = None,
        path: str | None = None,
        format: str = "text",
        metadata: Metadata | None = None,
    ) -> Record:
        FakeAnalyzer.calls += 1
        if not text.strip():
            raise EmptyInput("is empty (no text to analyze)", "<text>")
        quotes: list[tuple[str, str, str, str | None]] = []
        m = re.search(r'("[^"]+,") (\w+) said', text)
        if m:
            quotes.append((m.group(2), "said", m.group(1), m.group(2)))
        published = metadata.date if metadata else None
        record = build_record(text, id or "posted", quotes, published=published)
        return record

    def pipe(self, items: Iterable[Input]) -> Iterator[Record | DatelineError]:
        """Like :meth:`dateline.analysis.Analyzer.pipe`: errors in place of records."""
        for item in items:
            try:
                yield self.analyze_text(item.text, id=item.id, format=item.format, metadata=item.metadata)
            except DatelineError as exc:
                yield exc


@contextlib.contextmanager
def serving(db: Path, ready: str = "/api/speakers") -> Iterator[str]:
    """A real ``dateline serve`` over ``db`` on a free loopback port, without a write token, for
    the browser tests; yields its base URL once ``ready`` answers 200 (one minute at most) and
    stops the server when the block ends."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if k != "DATELINE_API_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}{ready}", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"dateline serve did not start: {out[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
