"""Packaging as a library: pyproject.toml states compatible ranges (no exact pins, so dateline
installs beside other packages), constraints.txt pins every one of them to a version inside its
range (what `make` installs), and the spaCy components are declared for spaCy to find."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _requirements() -> list[Requirement]:
    project = PROJECT["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        found += [Requirement(r) for r in extra]
    return found


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_dependencies_are_ranges_not_pins() -> None:
    pinned = [str(r) for r in _requirements() if any(s.operator in ("==", "===") for s in r.specifier)]
    pinned += [r for r in PROJECT["build-system"]["requires"] if "==" in r]
    assert pinned == []


def test_every_dependency_has_an_upper_bound() -> None:
    """A major release of a dependency may break dateline; the range says which ones were tested."""
    open_ended = [
        str(r) for r in _requirements() if not any(s.operator in ("<", "<=", "~=") for s in r.specifier)
    ]
    assert open_ended == []


def test_constraints_pin_every_dependency_inside_its_range() -> None:
    pins = _pins()
    outside = []
    for r in _requirements():
        version = pins.get(canonicalize_name(r.name))
        if version is None or not r.specifier.contains(version, prereleases=True):
            outside.append(f"{r} (constraints.txt: {version})")
    assert outside == []


def test_the_spacy_factories_are_declared_and_registered() -> None:
    """Each ``spacy_factories`` entry point names a function that spaCy knows under that name once
    its module is imported, so ``nlp.add_pipe(name)`` works in a user's own pipeline."""
    import importlib

    from spacy.language import Language

    declared = PROJECT["project"]["entry-points"]["spacy_factories"]
    assert set(declared) == {"dateline_attribution", "dateline_paragraph_sentences", "dateline_roles"}
    for name, target in declared.items():
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(module), function)), target
        assert Language.has_factory(name), name
