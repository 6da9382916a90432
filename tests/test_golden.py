"""Golden file: a small article of our own → the exact RDF geokb writes for it (graph isomorphism)."""

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from extractors.article import read_txt
from extractors.pipeline import Extractor
from extractors.rdf import to_graph

GOLDEN = Path(__file__).parent / "fixtures" / "golden"


@pytest.mark.slow
def test_article_maps_to_the_golden_turtle():
    article = read_txt(GOLDEN / "chad-hungary.txt", published=date(2025, 2, 14))
    got = to_isomorphic(to_graph(Extractor().extract(article)))
    want = to_isomorphic(Graph().parse(GOLDEN / "chad-hungary.ttl"))
    if got != want:
        _, only_got, only_want = graph_diff(got, want)
        pytest.fail("RDF differs from the golden file\n--- only in output:\n"
                    + only_got.serialize(format="nt") + "--- only in golden:\n" + only_want.serialize(format="nt"))
