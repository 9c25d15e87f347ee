"""The spaCy pipeline an analysis runs: the English model with dateline's components added.

:func:`load` is the one place that decides which pipeline a set of options gets. The default
configuration shares the process's pipeline (:func:`.model.load`), to which the attribution
components are added once; a trained attribution model of its own or the accurate configuration
(the role tagger) gets a new pipeline, so that the shared one never carries them.
"""

from __future__ import annotations

from spacy.language import Language

from ..options import Options
from . import attribution, model

__all__ = ["load", "prepare"]


def load(options: Options) -> Language:
    """The pipeline ``options.model`` ready for an analysis with ``options`` (:func:`prepare`)."""
    own = bool((options.attribution_model or options.accurate) and options.attributions)
    # a trained attribution model gets a pipeline of its own: the cached one is shared
    nlp = model.load_new(options.model) if own else model.load(options.model)
    return prepare(nlp, options)


def prepare(nlp: Language, options: Options) -> Language:
    """``nlp`` with the components ``options`` need: the attribution components when
    ``options.attributions`` (:func:`.attribution.prepare`: the packaged model or
    ``options.attribution_model``, with the role tagger when ``options.accurate``), and a
    ``max_length`` no lower than ``options.max_chars`` (the size budget is checked before spaCy,
    by :func:`.guard.check`). Preparing a pipeline twice changes nothing."""
    if options.attributions:
        attribution.prepare(nlp, options.attribution_model, accurate=options.accurate)
    nlp.max_length = max(nlp.max_length, options.max_chars + 1)
    return nlp
