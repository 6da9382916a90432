"""One article in, one :class:`Extraction` out: spaCy parse, entity mentions, dates, events.

:class:`Extractor` holds the spaCy pipeline, loaded on first use, and runs ``nlp.pipe`` over batches.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from . import dates
from .events import detect
from .gazetteer import load_gazetteer
from .mentions import index_doc
from .nlp import load_pipeline, model_name
from .records import Article, DateMention, DateValue, Extraction


def find_dates(doc, article: Article) -> tuple[list[DateMention], dict[int, DateValue]]:
    """Date expressions in text order, each resolved against publication, its clause's tense and the
    narrative so far (see :func:`extractors.dates.find_dates`)."""
    return dates.find_dates(doc, article.published)


class Extractor:
    """Runs the extractors; the spaCy pipeline is loaded on the first article, once.

    ``jobs`` > 1 parses in that many worker processes (spaCy's ``n_process``); the rules, which
    cost a few per cent of the parse, run in this process on the docs as they come back, in input
    order. Small batches keep every worker busy (spaCy is slower with its default of 256).
    """

    def __init__(self, model: str | None = None, batch_size: int = 16, jobs: int = 1):
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.model = model_name(model)
        self.batch_size = batch_size
        self.jobs = jobs

    @property
    def nlp(self):
        return load_pipeline(self.model)

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_all([article]))

    def extract_all(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        gaz = load_gazetteer()
        pairs = ((a.text, a) for a in articles)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.jobs)
        for doc, article in docs:
            index = index_doc(doc, gaz)
            mentions, by_root = find_dates(doc, article)
            events = detect(doc, index, by_root)
            yield Extraction(article=article, dates=tuple(mentions), mentions=index.mentions(doc),
                             events=tuple(events))


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` → ``(I, N)``: shard ``I`` (0-based) of ``N``; ``ValueError`` when malformed."""
    index, sep, count = text.partition("/")
    if not sep or not index.isdigit() or not count.isdigit() or not 0 <= int(index) < int(count):
        raise ValueError(f"{text!r} is not a shard like 0/4 (index from 0 to count-1)")
    return int(index), int(count)


def in_shard(article_id: str, shard: tuple[int, int]) -> bool:
    """Whether an article belongs to a shard: by a stable hash of its id, so every process that
    reads the same inputs agrees, whatever the order of files, and the shards are disjoint."""
    index, count = shard
    return zlib.crc32(article_id.encode("utf-8")) % count == index
