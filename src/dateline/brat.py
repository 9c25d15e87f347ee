"""Attributions as BRAT standoff, both ways.

Writing (:func:`to_brat`) turns :class:`~dateline.records.Attribution` records into the layout
PolNeAR uses and BRAT/INCEpTION display::

    T1	Source 89 106	The New York Post
    T2	Cue 107 114	reports
    T3	Content 115 200;215 290	that Hillary Clinton's team ... the emergency room
    T4	Attribution 107 114	reports
    E1	Attribution:T4 Source:T1 Cue:T2 Content:T3
    A1	Type E1 speech
    A2	Kind E1 indirect
    #1	AnnotatorNotes T1	New York Post

Roles that an attribution lacks are omitted. The ``Attribution`` anchor sits on the cue, or on
the first word of the content when there is no cue. A span that crosses a line break is cut into
fragments at the break (what BRAT itself does), and the text field is the covered text of the
fragments joined by one space, with any other whitespace shown as a space, so one annotation is
always one line. A source resolved to an entity carries the entity's name as an
``AnnotatorNotes`` comment. Each attribution's statement type and kind are ``A`` attributes of
its event (``Type``, ``Kind``; ``annotation.conf`` declares their values).

Reading (:func:`read_brat`, :func:`parse_brat`) accepts gold in PolNeAR layout: ``T`` lines typed
``Source``/``Cue``/``Content``/``Attribution`` (other types are kept but play no role), ``E``
lines whose roles may be numbered (``Content2``), discontinuous ``a b;c d`` spans in any order,
files with ``T`` lines only (each ``Content`` then stands alone), and ``A``/``M`` attributes of
an event: ``Type`` (the statement type) and ``Speaker`` (the speaker's name, ``_`` for spaces,
as quote-tracker gold gives it; an ``AnnotatorNotes`` on the source or the event says the same).
It returns
:class:`BratAttribution` items that keep the exact fragments; :func:`to_attributions` turns them
into records against the document text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EncodingError, InputError, MissingInput, NotAFile
from .records import Attribution, Content, Source, Span

__all__ = [
    "ANNOTATION_CONF",
    "BratAttribution",
    "BratDocument",
    "Fragments",
    "parse_brat",
    "read_brat",
    "read_brat_document",
    "read_utf8",
    "to_attributions",
    "to_brat",
]

log = logging.getLogger(__name__)

#: BRAT's ``annotation.conf`` for what :func:`to_brat` writes and PolNeAR holds: put it beside the
#: ``.ann`` files so BRAT can display and edit them (INCEpTION imports without it).
ANNOTATION_CONF = """\
[entities]
Source
Cue
Content
Discuss

[relations]

[events]
Attribution\tSource?:Source, Cue?:Cue, Content+:Content
Attribution-no-source\tCue?:Cue, Content+:Content

[attributes]
Type	Arg:Attribution, Value:speech|thought|evidence|intention|other
Kind	Arg:Attribution, Value:direct|indirect|mixed|floating
"""

#: ``((start, end), ...)`` character ranges, end exclusive, in the order the file gives them.
Fragments = tuple[tuple[int, int], ...]

_ROLES = ("Source", "Cue", "Content")
_LINE_BREAK = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_ANY_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class BratAttribution:
    """One attribution read from BRAT: the fragments of each role (empty when absent).

    ``id`` is the ``E`` line's id, or the ``T`` id of a lone ``Content`` in a file without events;
    ``source_entity`` is the speaker's name where the file gives one (a ``Speaker`` attribute, or
    the ``AnnotatorNotes`` text of the source or the event); ``type`` the ``Type`` attribute.
    """

    content: Fragments
    source: Fragments = ()
    cue: Fragments = ()
    id: str = ""
    source_entity: str | None = None
    type: str | None = None


@dataclass(frozen=True, slots=True)
class BratDocument:
    """Everything :func:`parse_brat` found in one file.

    ``attributions`` are the events with some content (or, in a file without ``E`` lines, one per
    ``Content`` span); ``events`` counts every ``E`` line, content or not; ``notes`` maps a ``T``
    id to its ``AnnotatorNotes`` text; ``problems`` lists lines that could not be read, as
    ``"line N: what was wrong"``.
    """

    attributions: tuple[BratAttribution, ...] = ()
    events: int = 0
    notes: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


# --------------------------------------------------------------------------------- writing


def _fragments_of(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Cut each range at line breaks; drop pieces that are only line breaks or empty."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        pos = start
        for brk in _LINE_BREAK.finditer(text, start, end):
            if brk.start() > pos:
                out.append((pos, brk.start()))
            pos = brk.end()
        if end > pos:
            out.append((pos, end))
    return out


def _covered(frags: Sequence[tuple[int, int]], text: str) -> str:
    return _ANY_SPACE.sub(" ", " ".join(text[a:b] for a, b in frags))


def _ranges(frags: Sequence[tuple[int, int]]) -> str:
    return ";".join(f"{a} {b}" for a, b in frags)


def _content_spans(content: Content) -> list[tuple[int, int]]:
    if content.spans:
        return [(s.start, s.end) for s in content.spans]
    return [(content.start, content.end)]


def _first_word(frags: Sequence[tuple[int, int]], text: str) -> tuple[int, int]:
    start, end = frags[0]
    match = re.search(r"\S+", text[start:end])
    if match is None:  # cannot happen for fragments cut by _fragments_of; keep the fragment
        return start, end
    return start + match.start(), start + match.end()


def to_brat(attributions: Sequence[Attribution], text: str) -> str:
    """BRAT standoff (``.ann`` content) for ``attributions``, whose offsets index ``text``.

    Attributions whose content covers nothing but line breaks are skipped (BRAT cannot show
    them); everything else is written, one ``E`` line each.
    """
    lines: list[str] = []
    t_count = 0
    note_count = 0
    a_count = 0

    def add_t(kind: str, frags: Sequence[tuple[int, int]]) -> str:
        nonlocal t_count
        t_count += 1
        lines.append(f"T{t_count}\t{kind} {_ranges(frags)}\t{_covered(frags, text)}")
        return f"T{t_count}"

    for e_count, att in enumerate(attributions, start=1):
        content = _fragments_of(_content_spans(att.content), text)
        if not content:
            log.warning("attribution %d has an empty content span; not written", e_count)
            continue
        roles: list[str] = []
        source_id = None
        if att.source is not None:
            source = _fragments_of([(att.source.start, att.source.end)], text)
            if source:
                source_id = add_t("Source", source)
                roles.append(f"Source:{source_id}")
        cue = _fragments_of([(att.cue.start, att.cue.end)], text) if att.cue is not None else []
        if cue:
            roles.append(f"Cue:{add_t('Cue', cue)}")
        roles.append(f"Content:{add_t('Content', content)}")
        anchor = add_t("Attribution", cue if cue else [_first_word(content, text)])
        lines.append(f"E{e_count}\tAttribution:{anchor} " + " ".join(roles))
        for name, value in (("Type", att.type), ("Kind", att.kind)):
            a_count += 1
            lines.append(f"A{a_count}\t{name} E{e_count} {value}")
        if source_id is not None and att.source is not None and att.source.entity:
            note_count += 1
            entity = _ANY_SPACE.sub(" ", att.source.entity)
            lines.append(f"#{note_count}\tAnnotatorNotes {source_id}\t{entity}")
    return "".join(line + "\n" for line in lines)


# --------------------------------------------------------------------------------- reading


def _parse_ranges(ranges: str) -> Fragments:
    frags = []
    for piece in ranges.split(";"):
        bounds = piece.split()
        if len(bounds) != 2 or not all(b.isascii() and b.isdigit() for b in bounds):
            raise ValueError(f"span {piece.strip()!r} is not 'START END' (two offsets)")
        frags.append((int(bounds[0]), int(bounds[1])))
    return tuple(frags)


def parse_brat(content: str) -> BratDocument:
    """Read BRAT standoff from a string (see the module docstring for what is understood).

    Lines that cannot be read are skipped and listed in ``problems``; relations (``R``),
    normalizations (``N``) and attributes other than ``Type`` and ``Speaker`` are ignored.
    """
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    notes: dict[str, str] = {}
    attributes: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if line[:1] in ("A", "M") and "\t" in line:
            fields = line.split("\t")[1].split(" ", 2)
            if len(fields) == 3:
                attributes[(fields[1], fields[0])] = fields[2].replace("_", " ").strip()
            continue
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                if re.fullmatch(r"T\d+\s*", line):
                    problems.append(f"line {number}: text-bound annotation without a tab-separated type")
                # else: the rest of a text field that held a line break (PolNeAR has a few)
                continue
            head = parts[1].split(" ", 1)
            try:
                frags = _parse_ranges(head[1] if len(head) > 1 else "")
            except ValueError as exc:
                problems.append(f"line {number}: {exc}")
                continue
            if any(b < a for a, b in frags):  # kept, covering nothing, as the reference scorer does
                problems.append(f"line {number}: a span ends before it starts")
            spans[parts[0]] = (head[0], frags)
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                problems.append(f"line {number}: event without a tab-separated argument list")
                continue
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, sep, ref = arg.partition(":")
                if not sep:
                    problems.append(f"line {number}: event argument {arg!r} is not ROLE:ID")
                    continue
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append((parts[0], roles))
        elif line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3 and parts[1].startswith("AnnotatorNotes "):
                notes[parts[1].split(" ", 1)[1].strip()] = parts[2]
    out: list[BratAttribution] = []
    for event_id, roles in events:
        found: dict[str, Fragments] = {}
        for role in _ROLES:
            pieces: list[tuple[int, int]] = []
            for ref in roles.get(role, []):
                if ref in spans:
                    pieces.extend(spans[ref][1])
                else:
                    problems.append(f"event {event_id}: {role} refers to {ref}, which is not a T line")
            found[role] = tuple(pieces)
        if any(b > a for a, b in found["Content"]):
            entity = attributes.get((event_id, "Speaker")) or next(
                (notes[ref] for ref in [*roles.get("Source", []), event_id] if ref in notes), None
            )
            out.append(
                BratAttribution(
                    found["Content"],
                    found["Source"],
                    found["Cue"],
                    event_id,
                    entity,
                    attributes.get((event_id, "Type")),
                )
            )
    if not events:
        for span_id, (kind, frags) in spans.items():
            if kind == "Content":
                out.append(BratAttribution(frags, id=span_id))
    return BratDocument(tuple(out), len(events), notes, tuple(problems))


def read_utf8(path: Path, what: str = "a BRAT .ann file", rule: str = "BRAT files are UTF-8") -> str:
    """A text or ``.ann`` file of gold or predictions (``what``), read as the reference scorer
    reads it: UTF-8 with universal newlines, so offsets count ``"\r\n"`` as one character. A
    missing, unreadable or non-UTF-8 file raises an :class:`InputError` (``rule`` says what the
    encoding must be)."""
    if not path.exists():
        raise MissingInput("no such file", str(path))
    if not path.is_file():
        raise NotAFile(f"is a directory, not {what}", str(path))
    try:
        with path.open(encoding="utf-8") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not UTF-8 (byte {exc.start}); {rule}", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None


def read_brat_document(path: str | Path) -> BratDocument:
    """Read one ``.ann`` file; a missing or unreadable file raises an :class:`InputError`."""
    return parse_brat(read_utf8(Path(path)))


def read_brat(path_or_str: str | Path) -> list[BratAttribution]:
    """The attributions in a ``.ann`` file (a :class:`~pathlib.Path`, or a string naming an
    existing file) or in BRAT text given directly as a string."""
    if isinstance(path_or_str, Path):
        return list(read_brat_document(path_or_str).attributions)
    looks_like_path = "\n" not in path_or_str and "\t" not in path_or_str and path_or_str.strip() != ""
    if looks_like_path:
        return list(read_brat_document(path_or_str).attributions)
    return list(parse_brat(path_or_str).attributions)


def _merge(frags: Fragments, text: str) -> list[tuple[int, int]]:
    """Sorted fragments, with those separated only by whitespace joined back into one span."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(frags):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


_QUOTES = '"“”«»„‟'


def _kind(spans: Sequence[Span]) -> str:
    """``direct`` when every span is a quotation, ``mixed`` when some quotation marks are inside,
    ``indirect`` otherwise (BRAT does not say; this reads it off the text)."""
    trimmed = [s.text.strip(" \t\r\n.,;:") for s in spans]
    if all(t[:1] in _QUOTES and t[-1:] in _QUOTES and len(t) > 1 for t in trimmed):
        return "direct"
    if any(ch in _QUOTES for t in trimmed for ch in t):
        return "mixed"
    return "indirect"


def to_attributions(items: Iterable[BratAttribution], text: str) -> list[Attribution]:
    """Records for BRAT attributions over ``text`` (the inverse of :func:`to_brat`).

    Fragments separated only by whitespace (a span BRAT cut at a line break) become one span
    again; a content in several spans keeps them in ``Content.spans``, while a source or cue
    given in pieces covers them all. ``kind`` is read off the quotation marks.
    """
    out = []
    for item in items:
        pieces = tuple((a, b) for a, b in item.content if b > a)
        if not pieces:
            continue
        spans = [Span(a, b, text[a:b]) for a, b in _merge(pieces, text)]
        content = Content(
            spans[0].start,
            spans[-1].end,
            " ".join(s.text for s in spans),
            tuple(spans) if len(spans) > 1 else (),
        )
        source = None
        if item.source:
            lo, hi = min(a for a, _ in item.source), max(b for _, b in item.source)
            source = Source(lo, hi, text[lo:hi], entity=item.source_entity)
        cue = None
        if item.cue:
            lo, hi = min(a for a, _ in item.cue), max(b for _, b in item.cue)
            cue = Span(lo, hi, text[lo:hi])
        out.append(
            Attribution(content=content, source=source, cue=cue, kind=_kind(spans), type=item.type or "other")
        )
    return out
