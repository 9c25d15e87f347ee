"""Named entities with their mentions gathered under one canonical name.

spaCy's NER finds the mentions; this stage cleans them (leading "the", possessive "'s", a year
that belongs to an event name), drops a common noun that only its place at a sentence's start
capitalized (``Scholars have long debated``, ``Bank executives``: one token the tagger calls a
noun, never written capitalized inside a sentence), types events by their head noun, keeps the
role words before a person's name as titles (``Chinese President``), and merges the mentions of
one entity:

- a person's short form with the full name it is part of (``Xi`` -> ``Xi Jinping``);
- an acronym with the long form it abbreviates, by initials or by an explicit parenthesis
  (``the Communist Party of China (CPC)``);
- the same name written again.

Every other occurrence of an alias in the text that the NER missed becomes a mention too, so an
entity lists every place it is named.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from ..records import Attribution, Entity, Mention

__all__ = ["ENTITY_LABELS", "EVENT_HEADS", "SOURCE_PRONOUNS", "extract", "with_source_mentions"]

#: spaCy labels that name things (dates and numbers go to the time stage or nowhere).
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "NORP"}
)

#: Head nouns that make a name an event whatever the NER said ("South-South Human Rights Forum"
#: comes out as GPE in a headline with en_core_web_sm 3.8). "Congress" is left out on purpose:
#: in US news it is an organisation.
EVENT_HEADS = frozenset(
    {
        "forum",
        "summit",
        "conference",
        "games",
        "olympics",
        "expo",
        "exposition",
        "festival",
        "convention",
        "championship",
        "championships",
        "cup",
        "symposium",
        "fair",
        "dialogue",
        "marathon",
        "tournament",
        "open",
        "week",
        "world cup",
        "gala",
        "congress of parties",
    }
)

#: Words that are a role, not part of a name, when they stand right before a person's name.
TITLE_WORDS = frozenset(
    """
    president vice premier minister prime chancellor secretary senator sen. rep. representative
    governor gov. mayor king queen prince princess pope chairman chairwoman chair ceo cfo coo
    cto founder co-founder director chief executive general gen. admiral adm. colonel col.
    captain capt. lieutenant lt. sergeant sgt. judge justice attorney ambassador spokesman
    spokeswoman spokesperson dr. dr mr. mr mrs. mrs ms. ms prof. professor rev. reverend sheikh
    sir lord lady dame speaker leader candidate nominee commissioner councilman councilwoman
    deputy state foreign defense finance interior trade health first former acting incoming
    outgoing late officer manager head analyst economist coach author editor
    """.split()  # noqa: SIM905
)

_TRIM_LEFT = {"the", "a", "an"}
#: Reporting verbs that end a headline's name span in en_core_web_sm 3.8 ("Obama Says" in the
#: headline of PolNeAR dev nyt_2016-09-25); never the last word of a name.
_HEADLINE_VERBS = frozenset({"says", "said", "tells", "urges", "calls", "warns", "slams", "rips", "sees"})
_SURNAME_LABELS = {"ORG", "NORP", "PRODUCT", "WORK_OF_ART"}
_ACRONYM = re.compile(r"^[A-Z][A-Z&.\-]{1,9}$")
_STOP_IN_NAME = {"of", "the", "and", "for", "de", "del", "la", "le", "in", "on", "at", "&"}


@dataclass
class _Group:
    label: str
    names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        # The longest form written out (most words), not in capitals (a dateline's BEIJING), the
        # earliest on a tie.
        return max(
            self.names,
            key=lambda n: (len(n.split()), not n.isupper() or len(n) <= 5, len(n), -self.names.index(n)),
        )


def _clean(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in _TRIM_LEFT:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'"}):
        end -= 1
    # a headline's verb the NER took into the name ("Obama Says African-American Museum ...")
    while end > start + 1 and doc[end - 1].lower_ in _HEADLINE_VERBS:
        end -= 1
    # A name never runs over a line break (the NER sometimes joins a headline to the dateline).
    for i in range(start, end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i + 1 if "\n" in doc[i].whitespace_ and "\n" not in doc[i].text else i
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _merge_year_prefix(spans: list[Span]) -> list[Span]:
    """``2021`` + ``South-South Human Rights Forum`` -> one span, when the year directly precedes."""
    out: list[Span] = []
    for span in spans:
        if (
            out
            and out[-1].label_ == "DATE"
            and out[-1].end == span.start
            and re.fullmatch(r"(19|20)\d\d", out[-1].text)
            and span.label_ != "DATE"
        ):
            prev = out.pop()
            merged = Span(span.doc, prev.start, span.end, label=span.label_)
            out.append(merged)
            continue
        out.append(span)
    return out


def _label(span: Span, label: str) -> str:
    if label in {"ORG", "GPE", "FAC", "WORK_OF_ART", "PRODUCT", "LOC", "EVENT"}:
        head = span[-1].lower_
        if head in EVENT_HEADS:
            return "EVENT"
    return label


def _titles(span: Span) -> str | None:
    """Role words right before a person's name: ``Chinese President`` in ``Chinese President Xi``."""
    doc = span.doc
    i = span.start
    words: list[int] = []
    while i > 0:
        tok = doc[i - 1]
        low = tok.lower_
        if (
            low in TITLE_WORDS
            or (tok.ent_type_ in {"NORP", "GPE"} and words)
            or (tok.ent_type_ == "NORP" and tok.head.i >= span.start - 1)
        ):
            words.append(i - 1)
            i -= 1
            continue
        if tok.is_title and low not in {"the", "a"} and words and tok.dep_ in {"compound", "amod"}:
            words.append(i - 1)
            i -= 1
            continue
        break
    if not words or not any(doc[w].lower_ in TITLE_WORDS for w in words):
        return None
    lo = min(words)
    return doc[lo : span.start].text


def _acronym_of(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _STOP_IN_NAME and w[:1].isupper())


def _person_tokens(name: str) -> set[str]:
    return {w.strip(".,").casefold() for w in name.split() if w.strip(".,")}


def _find_group(groups: list[_Group], name: str, label: str) -> _Group | None:
    low = name.casefold()
    for c in groups:
        if any(n.casefold() == low for n in c.names) and (c.label == label or label != "PERSON"):
            return c
    if label == "PERSON":
        toks = _person_tokens(name)
        candidates = [
            c
            for c in groups
            if c.label == "PERSON"
            and any(toks < _person_tokens(n) or _person_tokens(n) < toks for n in c.names)
        ]
        if len(candidates) == 1:
            return candidates[0]
    if label in _SURNAME_LABELS and " " not in name and name[:1].isupper():
        # en_core_web_sm often tags a lone surname as ORG ("Reyes said"): it joins the one person
        # whose name ends with it. Places are left alone ("Washington" is not George Washington).
        owners = [c for c in groups if c.label == "PERSON" and any(n.split()[-1] == name for n in c.names)]
        if len(owners) == 1:
            return owners[0]
    if _ACRONYM.match(name.replace(".", "")):
        bare = name.replace(".", "")
        for c in groups:
            if c.label in {"ORG", "GPE", "EVENT", "LOC", "FAC", "NORP"} and any(
                _acronym_of(n) == bare for n in c.names
            ):
                return c
    else:
        acr = _acronym_of(name)
        if len(acr) >= 2:
            for c in groups:
                if c.label in {"ORG", "GPE", "EVENT", "LOC", "FAC", "NORP"} and any(
                    n.replace(".", "") == acr for n in c.names
                ):
                    return c
    return None


def _join(groups: list[_Group], found: _Group | None, name: str, label: str) -> _Group:
    """The group a name joins: ``found`` (its parenthetical partner's), else the one it belongs
    to (:func:`_find_group`), else a new one; the name is added to its names."""
    group = found or _find_group(groups, name, label)
    if group is None:
        group = _Group(label)
        groups.append(group)
    if name not in group.names:
        group.names.append(name)
    return group


def _parenthetical_pairs(doc: Doc, spans: Sequence[Span]) -> dict[int, int]:
    """``X (ABC)``: index of the ABC span -> index of the X span."""
    pairs: dict[int, int] = {}
    for i in range(1, len(spans)):
        a, b = spans[i - 1], spans[i]
        if b.start - a.end == 1 and doc[a.end].text == "(" and b.end < len(doc) and doc[b.end].text == ")":
            pairs[i] = i - 1
    return pairs


def extract(doc: Doc, *, skip: Iterable[tuple[int, int]] = ()) -> list[Entity]:
    """The named entities of ``doc`` with merged mentions, in order of first mention.

    ``skip`` lists character ranges (the dateline, say) whose mentions are not collected.
    """
    skip = list(skip)
    raw = _merge_year_prefix(list(doc.ents))
    spans: list[Span] = []
    labels: list[str] = []
    mid_caps: set[str] | None = None
    for ent in raw:
        if ent.label_ not in ENTITY_LABELS:
            continue
        clean = _clean(ent)
        if clean is None or not any(c.isalpha() for c in clean.text):
            continue
        if len(clean) == 1 and clean[0].pos_ == "NOUN" and clean[0].is_sent_start:
            if mid_caps is None:
                mid_caps = {t.text for t in doc if not t.is_sent_start and t.text[:1].isupper()}
            if clean.text not in mid_caps:
                continue  # "Scholars have long debated", "Bank executives": capitalized by position
        if any(a <= clean.start_char < b for a, b in skip):
            continue
        spans.append(clean)
        labels.append(_label(clean, ent.label_))

    title_words: set[int] = set()
    groups: list[_Group] = []
    by_span: dict[int, _Group] = {}
    pairs = _parenthetical_pairs(doc, spans)
    # Full names first so that short forms find them whatever the order in the text.
    order = sorted(range(len(spans)), key=lambda i: (-len(spans[i]), i))
    for i in order:
        span, label = spans[i], labels[i]
        if label == "NORP":
            continue
        paired = by_span.get(pairs[i]) if i in pairs and pairs[i] in by_span else None
        group = by_span[i] = _join(groups, paired, span.text, label)
        if label == "PERSON":
            title = _titles(span)
            if title:
                for t in doc.char_span(span.start_char - len(title) - 1, span.start_char - 1) or ():
                    title_words.add(t.i)
                if title not in group.titles:
                    group.titles.append(title)
    # NORP after the rest: nationality words inside a title ("Chinese" President) are not entities.
    for i, (span, label) in enumerate(zip(spans, labels, strict=True)):
        if label != "NORP" or span.start in title_words or span[-1].i + 1 in title_words:
            continue
        by_span[i] = _join(groups, None, span.text, label)

    covered: set[int] = {c for t in title_words for c in range(doc[t].idx, doc[t].idx + len(doc[t]))}
    for i, span in enumerate(spans):
        if i in by_span:
            by_span[i].mentions.append(Mention(span.start_char, span.end_char, span.text, "name"))
            covered.update(range(span.start_char, span.end_char))
    _add_missed_mentions(doc, groups, covered, skip)

    groups = [c for c in groups if c.mentions]
    groups.sort(key=lambda c: min(m.start for m in c.mentions))
    entities = []
    for n, c in enumerate(groups, 1):
        mentions = tuple(sorted(c.mentions, key=lambda m: m.start))
        canonical = c.canonical
        aliases = tuple(sorted({m.text for m in mentions} - {canonical}, key=lambda a: (a.casefold(), a)))
        entities.append(Entity(f"E{n}", canonical, c.label, mentions, tuple(c.titles), aliases))
    return entities


def _add_missed_mentions(
    doc: Doc, groups: list[_Group], covered: set[int], skip: Sequence[tuple[int, int]]
) -> None:
    """Occurrences of a known name or short form that the NER did not tag, as whole tokens."""
    forms: dict[str, _Group] = {}
    ambiguous: set[str] = set()
    for c in groups:
        for name in {m.text for m in c.mentions}:
            if len(name) < 2 or name.islower():
                continue
            if name in forms and forms[name] is not c:
                ambiguous.add(name)
            forms[name] = c
    if not forms:
        return
    starts: dict[int, int] = {t.idx: t.i for t in doc}
    ends: dict[int, int] = defaultdict(int)
    for t in doc:
        ends[t.idx + len(t)] = t.i
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b"
    )
    for m in pattern.finditer(doc.text):
        a, b = m.span()
        if a not in starts or b not in ends or m.group() in ambiguous:
            continue
        if any(s <= a < e for s, e in skip):
            continue
        tok = doc[starts[a]]
        if m.group().islower() or not (tok.text[:1].isupper() or tok.text[:1].isdigit()):
            continue
        if any(i in covered for i in range(a, b)):
            # A longer known name over shorter tagged ones ("Harbor City" inside "2024 Harbor City
            # Water Summit") replaces them; anything else already tagged here stays.
            inside = [(c, x) for c in groups for x in c.mentions if a <= x.start and x.end <= b]
            inside_chars = {i for _, x in inside for i in range(x.start, x.end)}
            if not inside or any(i in covered and i not in inside_chars for i in range(a, b)):
                continue
            for c, x in inside:
                c.mentions.remove(x)
        forms[m.group()].mentions.append(Mention(a, b, m.group(), "name"))
        covered.update(range(a, b))


#: Sources in these words become ``pronoun`` mentions of their entity, any other ``nominal``.
SOURCE_PRONOUNS = frozenset(["he", "she", "they", "him", "her", "them", "it", "we", "i"])


def with_source_mentions(ents: Sequence[Entity], attrs: Sequence[Attribution]) -> list[Entity]:
    """``ents`` with the attribution sources resolved to them as mentions (``he`` -> Xi Jinping):
    a ``pronoun`` or ``nominal`` mention wherever it overlaps none the entity has."""
    extra: dict[str, list[Mention]] = {}
    for a in attrs:
        s = a.source
        if s is None or s.entity_id is None:
            continue
        extra.setdefault(s.entity_id, []).append(
            Mention(s.start, s.end, s.text, "pronoun" if s.text.lower() in SOURCE_PRONOUNS else "nominal")
        )
    if not extra:
        return list(ents)
    out = []
    for ent in ents:
        add = [
            m
            for m in extra.get(ent.id, [])
            if not any(o.start < m.end and m.start < o.end for o in ent.mentions)
        ]
        if add:
            uniq = {(m.start, m.end): m for m in (*ent.mentions, *add)}
            ent = replace(ent, mentions=tuple(sorted(uniq.values(), key=lambda m: m.start)))
        out.append(ent)
    return out
