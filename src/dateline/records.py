"""The record model: frozen dataclasses holding character offsets into one text.

Every record that points into the document carries ``start``/``end`` offsets into
``Record.text`` (Python string indices, end exclusive) together with the ``text``
they slice to, so ``record.text[span.start:span.end] == span.text`` always holds.
Nothing here holds spaCy objects; records go straight to JSON, SQLite, BRAT and
Parquet through :meth:`as_dict` / :meth:`from_dict`.

This module imports nothing else of dateline's.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin, get_type_hints

__all__ = [
    "ATTRIBUTION_KINDS",
    "ATTRIBUTION_TYPES",
    "PARAGRAPH_KINDS",
    "SCHEMA_VERSION",
    "Attribution",
    "AttributionType",
    "Content",
    "Credit",
    "Dateline",
    "Entity",
    "Mention",
    "Metadata",
    "Paragraph",
    "Record",
    "Source",
    "Span",
    "TimeExpression",
    "Warning",
    "json_schema",
]

#: Bumped whenever a field is added, removed or changes meaning.
SCHEMA_VERSION = "1.1"

ParagraphKind = Literal[
    "headline", "dateline", "body", "media", "source-line", "contact", "about", "disclaimer", "trailer"
]
PARAGRAPH_KINDS: tuple[str, ...] = get_args(ParagraphKind)

AttributionKind = Literal["direct", "indirect", "mixed", "floating"]
ATTRIBUTION_KINDS: tuple[str, ...] = get_args(AttributionKind)

AttributionType = Literal["speech", "thought", "evidence", "intention", "other"]
ATTRIBUTION_TYPES: tuple[str, ...] = get_args(AttributionType)

T = TypeVar("T", bound="_Serializable")


class _Serializable:
    """``as_dict``/``from_dict`` for the dataclasses below, driven by their type hints."""

    __slots__ = ()
    _hints: ClassVar[dict[type, dict[str, Any]]] = {}

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _dump(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        hints = _hints_of(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = _load(hints[f.name], data[f.name])
        return cls(**kwargs)


def _hints_of(cls: type) -> dict[str, Any]:
    hints = _Serializable._hints.get(cls)
    if hints is None:
        hints = get_type_hints(cls)
        _Serializable._hints[cls] = hints
    return hints


def _dump(value: Any) -> Any:
    if isinstance(value, _Serializable):
        return value.as_dict()
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _load(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return _load(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        inner = get_args(hint)[0]
        return tuple(_load(inner, v) for v in value)
    if origin is dict:
        return dict(value)
    if isinstance(hint, type) and issubclass(hint, _Serializable):
        return hint.from_dict(value)
    return value


@dataclass(frozen=True, slots=True)
class Span(_Serializable):
    """A stretch of the document: ``text == record.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Credit(_Serializable):
    """An origin credit prefixed to the headline (``CCTV+:``); ``name`` without the colon."""

    start: int
    end: int
    text: str
    name: str


@dataclass(frozen=True, slots=True)
class Dateline(_Serializable):
    """The dateline that opens the body: ``BEIJING, Dec. 8, 2021 /PRNewswire/ --``.

    ``date`` is ISO 8601 (``YYYY-MM-DD``) or ``None`` when the dateline prints none and no
    publication date was known; ``distributor`` is the normalized service name
    (``PR Newswire``, ``Reuters``, ``Business Wire``...).
    """

    start: int
    end: int
    text: str
    city: str | None = None
    region: str | None = None
    date: str | None = None
    distributor: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph(_Serializable):
    """One paragraph of the document, typed by the role it plays (see ``PARAGRAPH_KINDS``)."""

    start: int
    end: int
    text: str
    kind: str = "body"


@dataclass(frozen=True, slots=True)
class Mention(_Serializable):
    """One mention of an entity; ``kind`` is ``name``, ``pronoun`` or ``nominal``."""

    start: int
    end: int
    text: str
    kind: str = "name"


@dataclass(frozen=True, slots=True)
class Entity(_Serializable):
    """A person, organisation, place or event with every mention gathered under one name.

    ``titles`` are the role words seen before the name (``Chinese President``); ``date`` is the
    ISO date an event is said to take place on, where the text gives one.
    """

    id: str
    name: str
    label: str
    mentions: tuple[Mention, ...] = ()
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    date: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression(_Serializable):
    """A date in the text (``on Wednesday``) resolved against the dateline date when possible."""

    start: int
    end: int
    text: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Source(_Serializable):
    """Who made a statement: the words in the text and the entity they resolve to."""

    start: int
    end: int
    text: str
    entity: str | None = None
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Content(_Serializable):
    """What was said. A quote interrupted by its cue has several ``spans``; ``start``/``end``
    cover them all and ``text`` is the spans' text joined by a space."""

    start: int
    end: int
    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Attribution(_Serializable):
    """Who said what: source, cue (``said``, ``according to``) and content.

    ``kind`` is ``direct`` (all content inside quotation marks), ``indirect`` (reported speech),
    ``mixed``, or ``floating`` (a quoted paragraph with no cue of its own, whose speaker is the
    one of the statement next to it). ``type`` is what kind of statement it is: ``speech``
    (said, told, wrote, according to), ``thought`` (believes, expects, hopes, fears, wants),
    ``evidence`` (a study found, the data show), ``intention`` (plans, vowed, promised) or
    ``other`` (see :mod:`dateline.nlp.attr_types` for the rules).
    """

    content: Content
    source: Source | None = None
    cue: Span | None = None
    kind: str = "indirect"
    score: float | None = None
    type: str = "other"


@dataclass(frozen=True, slots=True)
class Warning(_Serializable):
    """Something a reviewer should look at (``code`` is stable, ``message`` is for people)."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Metadata(_Serializable):
    """What came with the document rather than from its text (HTML metadata, feed fields)."""

    title: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Record(_Serializable):
    """Everything dateline knows about one document. All offsets index ``text``."""

    text: str
    id: str | None = None
    path: str | None = None
    format: str = "text"
    language: str = "en"
    headline: Span | None = None
    credit: Credit | None = None
    dateline: Dateline | None = None
    body_text: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    warnings: tuple[Warning, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    schema_version: str = SCHEMA_VERSION

    def entity(self, name: str) -> Entity | None:
        """The entity called ``name`` (canonical name or alias, case-insensitive)."""
        low = name.casefold()
        for ent in self.entities:
            if ent.name.casefold() == low or any(a.casefold() == low for a in ent.aliases):
                return ent
        return None


# --------------------------------------------------------------------------- JSON Schema


def _schema_for(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(hint)
    if hint is str:
        return {"type": "string"}
    if hint is int:
        return {"type": "integer", "minimum": 0}
    if hint is float:
        return {"type": "number"}
    if hint is bool:
        return {"type": "boolean"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema_for(a, defs) for a in get_args(hint)]}
    if hint is type(None):
        return {"type": "null"}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(get_args(hint)[0], defs)}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = _hints_of(hint)
            props = {}
            required = []
            for f in dataclasses.fields(hint):
                props[f.name] = _schema_for(hints[f.name], defs)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    required.append(f.name)
            defs[name] = {
                "type": "object",
                "description": " ".join((hint.__doc__ or "").split()),
                "properties": props,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {hint!r}")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`Record`, generated from the dataclasses."""
    defs: dict[str, Any] = {}
    _schema_for(Record, defs)
    root = dict(defs.pop("Record"))
    root["properties"]["paragraphs"]["items"] = {"$ref": "#/$defs/Paragraph"}
    defs["Paragraph"]["properties"]["kind"] = {"enum": list(PARAGRAPH_KINDS)}
    defs["Attribution"]["properties"]["kind"] = {"enum": list(ATTRIBUTION_KINDS)}
    defs["Attribution"]["properties"]["type"] = {"enum": list(ATTRIBUTION_TYPES)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://dateline.invalid/schema/record-{SCHEMA_VERSION}.json",
        "title": "dateline record",
        **root,
        "$defs": dict(sorted(defs.items())),
    }
