"""``geokb push`` and ``geokb pull``: copy articles' graphs between two stores, idempotently.

Each article graph is replaced whole in the target (a Graph Store Protocol PUT or one Update), so
copying twice leaves the target as copying once. The reference graph (countries, places, actors)
is shared by all articles, so it is merged into the target's rather than replacing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extractors.rdf import REFERENCE_GRAPH, article_iri

from .errors import UsageError


@dataclass(frozen=True)
class Copied:
    articles: int
    triples: int


def _article_graphs(source, ids: list[str] | None) -> list[str]:
    present = source.graphs()
    if not ids:
        return present
    wanted = [str(article_iri(i)) for i in ids]
    missing = [i for i, g in zip(ids, wanted) if g not in present]
    if missing:
        raise UsageError(f"no article {missing[0]!r} in {source.path}")
    return wanted


def copy_articles(source, target, ids: list[str] | None = None,
                  progress: Callable[[str], None] | None = None) -> Copied:
    """Copy the named articles (default: all) and the reference data from ``source`` to ``target``."""
    graphs = _article_graphs(source, ids)
    triples = 0
    for graph in graphs:
        content = list(source.graph_triples(graph))
        target.put_graph(graph, content)
        triples += len(content)
        if progress:
            progress(graph)
    reference = list(_reference(source))
    target.merge_graph(str(REFERENCE_GRAPH), reference)
    return Copied(len(graphs), triples + len(reference))


def _reference(source) -> Iterator:
    yield from source.graph_triples(str(REFERENCE_GRAPH))
