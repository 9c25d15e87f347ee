"""The API reference at ``/docs``, rendered on the server from the app's OpenAPI schema.

FastAPI's default ``/docs`` loads Swagger UI from a CDN; dateline serves everything itself, so
this module turns the same OpenAPI document into plain data for a template: operations with
their parameters, bodies and responses, and every schema with its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Field", "Operation", "Param", "SchemaDoc", "describe", "type_of"]

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(slots=True)
class Param:
    name: str
    where: str
    type: str
    required: bool
    description: str = ""
    default: str | None = None


@dataclass(slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    params: list[Param] = field(default_factory=list)
    body: str | None = None
    responses: list[tuple[str, str, str | None]] = field(default_factory=list)
    anchor: str = ""


@dataclass(slots=True)
class Field:
    name: str
    type: str
    required: bool
    description: str = ""


@dataclass(slots=True)
class SchemaDoc:
    name: str
    description: str
    fields: list[Field]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any] | None) -> str:
    """A short, readable type: ``string``, ``integer | null``, ``array of Span``, ``Record``."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(dict.fromkeys(type_of(s) for s in schema[key]))
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_of(schema["allOf"][0])
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items") or schema.get("prefixItems")
        if isinstance(items, list):
            return "[" + ", ".join(type_of(i) for i in items) + "]"
        return f"array of {type_of(items)}"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if (
        kind == "object"
        and "additionalProperties" in schema
        and isinstance(schema["additionalProperties"], dict)
    ):
        return f"object of {type_of(schema['additionalProperties'])}"
    return str(kind or "any")


def describe(spec: dict[str, Any]) -> tuple[list[Operation], list[SchemaDoc]]:
    """Operations (in path order) and schemas (by name) of an OpenAPI document."""
    ops: list[Operation] = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [
                Param(
                    name=p["name"],
                    where=p.get("in", ""),
                    type=type_of(p.get("schema")),
                    required=bool(p.get("required")),
                    description=p.get("description") or p.get("schema", {}).get("description", ""),
                    default=repr(p["schema"]["default"]) if "default" in p.get("schema", {}) else None,
                )
                for p in op.get("parameters", [])
            ]
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = type_of(content["application/json"].get("schema"))
            responses = []
            for code, resp in op.get("responses", {}).items():
                schema = resp.get("content", {}).get("application/json", {}).get("schema")
                responses.append((code, resp.get("description", ""), type_of(schema) if schema else None))
            ops.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    tag=(op.get("tags") or [""])[0],
                    params=params,
                    body=body,
                    responses=responses,
                    anchor=op.get("operationId", f"{method}-{path}"),
                )
            )
    schemas = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = [
            Field(key, type_of(prop), key in required, prop.get("description", ""))
            for key, prop in schema.get("properties", {}).items()
        ]
        schemas.append(SchemaDoc(name, " ".join((schema.get("description") or "").split()), fields))
    return ops, schemas
