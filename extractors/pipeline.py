"""One article in, one :class:`Extraction` out: spaCy parse, entity mentions, dates, events.

:class:`Extractor` holds the spaCy pipeline, loaded on first use, and runs ``nlp.pipe`` over batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .dates import Context, resolve
from .events import detect
from .lexicon import FUTURE_MODALS
from .gazetteer import load_gazetteer
from .mentions import index_doc
from .nlp import load_pipeline, model_name
from .records import Article, DateMention, DateValue, Extraction

def _future(tok) -> bool:
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in verb.children)


def find_dates(doc, article: Article) -> tuple[list[DateMention], dict[int, DateValue]]:
    """Date expressions in text order, each resolved against publication and the narrative so far."""
    mentions, by_root = [], {}
    previous: DateValue | None = None
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        value = resolve(ent.text, Context(article.published, previous, _future(ent.root)))
        mentions.append(DateMention(ent.start_char, ent.end_char, ent.text, value))
        if value is not None:
            by_root[ent.root.i] = value
            if value.precision in ("year", "month", "day"):
                previous = value
    return mentions, by_root


class Extractor:
    """Runs the extractors; the spaCy pipeline is loaded on the first article, once."""

    def __init__(self, model: str | None = None, batch_size: int = 16):
        self.model = model_name(model)
        self.batch_size = batch_size

    @property
    def nlp(self):
        return load_pipeline(self.model)

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_all([article]))

    def extract_all(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        gaz = load_gazetteer()
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            index = index_doc(doc, gaz)
            dates, by_root = find_dates(doc, article)
            events = detect(doc, index, by_root)
            yield Extraction(article=article, dates=tuple(dates), mentions=index.mentions(doc),
                             events=tuple(events))
