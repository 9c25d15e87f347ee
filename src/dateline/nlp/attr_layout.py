"""Attributions that the layout marks instead of a verb: a speaker's label, a dash after a
quotation, a headline's name and colon.

The finder (:mod:`.attribution`) reads cues off the dependency parse; these three forms have no
verb to read, and news copy uses them all the time:

1. **A speaker's label** opens a paragraph of a transcript or an interview (``WALLACE: Let's
   start with ...``, ``Rep. Trey Gowdy (R-S.C.): "I have not ..."``; not ``Q:`` / ``A:``, which
   name nobody).
   The label is the source, the colon the cue and the rest of the paragraph the content. A label
   counts when the named-entity stage tagged it as a person or organisation, or when the text has
   at least :data:`MIN_LABELS` labelled paragraphs written in capitals (a transcript); kickers
   (``UPDATE:``, ``WATCH:``, ``Editor's note:``) never count.
2. **A dash byline** after a quotation (``"... our greatest shame." ― Sonya Herridge``) or on
   a line of its own under a quoted paragraph (``- Bernie Sanders.``): the name is the source,
   the dash the cue, the quotation the content. An embedded post without quotation marks
   (``... above the law. — Paul Ryan (@SpeakerRyan) July 5, 2016``) is left out: PolNeAR train's
   annotators took 4 of 14 such posts as statements.
3. **A headline** ``Name: statement`` (``Pence: Gennifer Flowers Won't Be at Debate``, ``Poll:
   Wealthy Voters Abandon Republican Party``): the first line of the text, when what comes before
   the colon is a short name (capitalised words, not a kicker such as ``The Latest`` or
   ``Breaking``) and what follows is not a question.

Each is found on the text alone (the entity stage's tags only confirm a label); the rules and
their word lists were written from PolNeAR *train* (where the three rules' finds match a gold
statement 70 of 86 times for headlines, see ``BENCHMARKS.md``) and from how newsrooms lay out
copy, and a statement already found over the same content is never found twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .attr_quotes import paragraphs

__all__ = ["KICKERS", "LAYOUT_CUES", "MIN_LABELS", "Marked", "marked"]

#: Labelled paragraphs in capitals that make a text a transcript (a label the entity stage did
#: not tag counts only then).
MIN_LABELS = 2

#: Cues that are layout, not words: the types module reads them as speech.
LAYOUT_CUES = frozenset({":", "―", "—", "–", "-", "--"})

#: Words before a colon that introduce a headline or a paragraph but name no speaker (compared
#: casefolded, without a trailing ``s``).
KICKERS = frozenset(
    """
    the latest latest breaking update updated exclusive watch look listen read more see also
    related note editor's editors correction clarification disclaimer byline length section
    dateline source photo video audio caption credit revealed boom wow busted bombshell just
    leaked live analysis opinion op-ed editorial commentary review fact check fact-check factbox
    explainer timeline q&a paid notice warning alert spoiler transcript full text highlights key
    quote news daily weekly morning evening email newsletter briefing roundup podcast nerdcast
    by and with from at on in of for to a an
    """.split()  # noqa: SIM905
)

_DASHES = "―—–"
#: a name: capitalised words (initials, titles with a point, hyphens, apostrophes)
_NAME_WORD = r"(?:[A-Z][\w.'’-]*|[A-Z]\.|de|van|von|der|al|bin|la|le|da|di|du)"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
_LABEL = re.compile(rf"(?P<label>{_NAME}(?:\s*\([^()\n]{{1,30}}\))?)(?P<cue>:)\s+(?P<rest>\S.*)$", re.DOTALL)
_HANDLE = r"\(@\w{1,30}\)"
_DATE = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}"
#: after the name: a handle, a date, an age, place or role after a comma, a closing tag
_TAIL = rf"(?:\s*{_HANDLE})?(?:\s+{_DATE})?(?:\s*,[^\n<]{{1,60}})?\.?\s*(?:</\w+>)?\.?\s*$"
_BYLINE = re.compile(
    rf"(?P<cue>[{_DASHES}]|(?<=\s)--?|^--?)\s*(?P<name>{_NAME}(?:\s*{_HANDLE})?)" + _TAIL, re.MULTILINE
)
_OPEN_MARKS = "\"“”«‘'"
_CLOSE_MARKS = "\"”»’'"
_TAG = re.compile(r"<[^<>\n]*>")


class Marked(NamedTuple):
    """One attribution marked by layout: character ranges into the text."""

    content: tuple[int, int]
    cue: tuple[int, int]
    source: tuple[int, int]
    source_head: int


def _is_kicker(label: str) -> bool:
    words = [w.strip(".,'’").casefold() for w in re.sub(r"\([^)]*\)", " ", label).split()]
    words = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words]
    return not words or all(w in KICKERS for w in words) or " ".join(words) in KICKERS


def _head(text: str, a: int, b: int) -> int:
    """The start of the last word of ``text[a:b]`` before any parenthesis (the name's head)."""
    cut = text.find("(", a, b)
    b = cut if cut != -1 else b
    words = [m.start() for m in re.finditer(r"\S+", text[a:b])]
    return a + words[-1] if words else a


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _labels(text: str, paras: Sequence[tuple[int, int]], names: Iterable[tuple[int, int]]) -> list[Marked]:
    """Speaker labels opening paragraphs (rule 1)."""
    tagged = sorted(names)
    found: list[tuple[Marked, bool, bool]] = []
    for k, (pa, pb) in enumerate(paras):
        if k == 0:
            continue  # the headline (rule 3)
        if text[pa : pa + 1] in ('"', "“"):
            pa += 1  # a transcript quoted paragraph by paragraph
        m = _LABEL.match(text, pa, pb)
        if m is None or _is_kicker(m.group("label")):
            continue
        la, lb = m.span("label")
        label = m.group("label")
        head = _head(text, la, lb)
        is_name = any(a <= head < b for a, b in tagged)
        capitals = label.split("(")[0].isupper() and len(label) > 1
        content = _strip(text, m.start("rest"), pb)
        if content[1] - content[0] < 2 or not (is_name or capitals):
            continue
        found.append((Marked(content, m.span("cue"), (la, lb), head), is_name, capitals))
    transcript = sum(1 for _, _, caps in found if caps) >= MIN_LABELS
    return [f for f, named, _ in found if named or transcript]


def _quotation(text: str, a: int, b: int) -> tuple[int, int] | None:
    """``text[a:b]`` when it is one quotation (opens and closes with marks, ignoring a final point)."""
    a, b = _strip(text, a, b)
    while b > a and text[b - 1] in ".,;":
        b -= 1
    if b - a >= 3 and text[a] in _OPEN_MARKS and text[b - 1] in _CLOSE_MARKS:
        return a, b
    return None


def _bylines(text: str, paras: Sequence[tuple[int, int]]) -> list[Marked]:
    """A dash and a name closing a quotation (also inside a post's markup) or on the line under a
    quoted paragraph (rule 2)."""
    out: list[Marked] = []
    for k, (pa, pb) in enumerate(paras):
        for m in _BYLINE.finditer(text, pa, pb):
            if m.end() != pb and text[m.end() : pb].strip():
                continue
            name = m.group("name")
            if _is_kicker(name) or name.split()[0] in ("By", "BY"):
                continue
            na, nb = m.span("name")
            cut = text.find("(", na, nb)
            src = _strip(text, na, cut if cut != -1 else nb)
            if text[src[1] - 1] == ".":
                src = (src[0], src[1] - 1)
            before = (pa, m.start("cue"))
            tag = None
            for t in _TAG.finditer(text, pa, m.start("cue")):
                tag = t
            if tag is not None:
                before = (tag.end(), m.start("cue"))
            content = _quotation(text, *before)
            if content is None and not text[pa : m.start("cue")].strip() and k > 0:
                content = _quotation(text, *paras[k - 1])  # "- Name." under a quoted paragraph
            if content is None:
                continue
            out.append(Marked(content, m.span("cue"), src, _head(text, *src)))
            break
    return out


def _headline(text: str, paras: Sequence[tuple[int, int]]) -> list[Marked]:
    """``Name: statement`` as the first line (rule 3)."""
    if not paras:
        return []
    pa, pb = paras[0]
    m = _LABEL.match(text, pa, pb)
    if m is None or _is_kicker(m.group("label")) or "(" in m.group("label"):
        return []
    content = _strip(text, m.start("rest"), pb)
    if text[content[0] : content[1]].rstrip(" .").endswith("?"):
        return []
    la, lb = m.span("label")
    return [Marked(content, m.span("cue"), (la, lb), _head(text, la, lb))]


def marked(text: str, names: Iterable[tuple[int, int]] = ()) -> list[Marked]:
    """Every attribution the layout of ``text`` marks, in text order; ``names`` are the character
    ranges the entity stage tagged as persons or organisations (they confirm a speaker's label)."""
    paras = paragraphs(text)
    found = _headline(text, paras) + _labels(text, paras, names) + _bylines(text, paras)
    return sorted(found, key=lambda f: f.content)
