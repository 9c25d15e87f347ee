"""The shape of the tree, checked from the source: no import circles between modules, no module
using another module's private (``_name``) names, each layer importing only those below it, and no
function in ``src/`` over 80 lines. docs/architecture.md describes the layers."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "dateline"

#: Lowest first; a module may import its own layer's modules and those of layers before it.
LAYERS: list[set[str]] = [
    {"errors", "records", "schemes", "options", "dates", "pool", "schema"},
    {"readers", "wire"},
    {"nlp"},
    {"analysis", "export", "brat"},
    {"evaluate", "speaker_eval", "train"},
    {"corpus"},
    {"batch", "web"},
    {"cli", "__main__"},
]

MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    is_package = MODULES[module].name == "__init__.py"
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import in ``module``, type-checking
    imports included: a circle through them is still a circle for a reader."""
    tree = ast.parse(MODULES[module].read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE):
                    yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            if not target.startswith(PACKAGE):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:
                    yield sub, None, node.lineno
                else:
                    yield target, alias.name, node.lineno


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for m in MODULES:
        for target, _name, _line in _imports(m):
            if target in MODULES and target != m:
                graph[m].add(target)
    return graph


def _package_of(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan). A package's ``__init__``
    counts like any module: a submodule importing from the package that imports it is a circle."""
    edges = graph
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles() -> None:
    assert _cycles(_graph()) == []


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _module_aliases(module: str) -> dict[str, str]:
    """Local names bound to other dateline modules (``from . import tagger``, ``import x as y``)."""
    aliases: dict[str, str] = {}
    for node in ast.walk(ast.parse(MODULES[module].read_text())):
        if isinstance(node, ast.ImportFrom) and _resolve(module, node).startswith(PACKAGE):
            for alias in node.names:
                sub = f"{_resolve(module, node)}.{alias.name}"
                if sub in MODULES:
                    aliases[alias.asname or alias.name] = sub
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def test_no_private_names_across_modules() -> None:
    crossing = []
    for m in MODULES:
        where = MODULES[m].relative_to(SRC)
        for target, name, line in _imports(m):
            if name and _private(name) and target != m:
                crossing.append(f"{where}:{line} imports {target}.{name}")
        aliases = _module_aliases(m)
        for node in ast.walk(ast.parse(MODULES[m].read_text())):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and _private(node.attr)
            ):
                crossing.append(f"{where}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert crossing == []


def _layer(module: str) -> int:
    top = _package_of(module) or "__init__"
    for i, layer in enumerate(LAYERS):
        if top in layer:
            return i
    return -1


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if m != PACKAGE and _layer(m) < 0] == []


def test_layers_import_only_downwards() -> None:
    upward = []
    for m in MODULES:
        if m == PACKAGE:
            continue  # the package's lazy public API names modules of every layer
        for target, _name, line in _imports(m):
            if target != PACKAGE and target in MODULES and _layer(target) > _layer(m):
                upward.append(f"{MODULES[m].relative_to(SRC)}:{line} imports {target}")
    assert upward == []


def test_no_function_over_80_lines() -> None:
    long = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_the_checks_see_a_circle_and_a_private_import(tmp_path: Path) -> None:
    """The checks themselves can fail: a made-up pair of modules importing each other is a circle."""
    graph = {"a": {"b"}, "b": {"a"}, "c": set()}
    saved = dict(MODULES)
    try:
        for name in graph:
            (tmp_path / f"{name}.py").write_text("")
            MODULES[name] = tmp_path / f"{name}.py"
        assert _cycles(graph) == [["a", "b"]]
    finally:
        MODULES.clear()
        MODULES.update(saved)
