"""What the ingest speed-ups must not change: ``add_all`` stores exactly what ``add`` stores, one
article at a time, and shards split articles into disjoint parts that every process agrees on."""

from __future__ import annotations

import io
from datetime import date

import pyoxigraph as ox
import pytest

from extractors.gazetteer import load_gazetteer
from extractors.pipeline import Extractor, in_shard, parse_shard
from extractors.records import Article, DateValue, Event, Extraction, Mention
from kb.store import ONTOLOGY_GRAPH, KnowledgeBase


def extraction(ident: str, agent: str, target: str, kind: str = "TroopWithdrawal") -> Extraction:
    gaz = load_gazetteer()
    a, b = gaz.country(agent), gaz.country(target)
    text = f"{a.label} withdrew from {b.label}."
    return Extraction(
        article=Article(id=ident, text=text, published=date(2024, 5, 2)),
        mentions=(Mention(0, len(a.label), a.label, a), Mention(text.index(b.label), len(text) - 1, b.label, b)),
        events=(Event(type=kind, agents=(agent,), targets=(target,), place=b,
                      date=DateValue("2024-04", "month"), status="completed", trigger="withdrew"),))


def quads(kb: KnowledgeBase) -> set[str]:
    """The store's quads as N-Quads lines, without the ontology graph (its blank nodes differ)."""
    out = io.BytesIO()
    kb.store.dump(out, ox.RdfFormat.N_QUADS)
    return {line for line in out.getvalue().decode().splitlines() if str(ONTOLOGY_GRAPH) not in line}


ARTICLES = [extraction("a1", "FRA", "NER"), extraction("a2", "USA", "NER"), extraction("a3", "FRA", "MLI")]


def test_add_all_stores_what_add_stores_one_by_one(tmp_path):
    with KnowledgeBase(tmp_path / "one") as one, KnowledgeBase(tmp_path / "all") as every:
        for x in ARTICLES:
            one.add(x)
        stored = [x.article.id for x in every.add_all(ARTICLES)]
        assert stored == ["a1", "a2", "a3"]
        assert quads(every) == quads(one)


def test_add_all_again_replaces_articles_and_keeps_shared_reference_data(tmp_path):
    with KnowledgeBase(tmp_path / "kb") as kb:
        list(kb.add_all(ARTICLES))
        list(kb.add_all([extraction("a1", "FRA", "NER", kind="TroopDeployment")]))
        types = kb.select("PREFIX gk: <https://w3id.org/geokb/ontology#> SELECT ?t WHERE "
                          "{ ?e gk:sourceArticle/gk:articleId 'a1' ; a ?t }")
        niger = kb.select("PREFIX gk: <https://w3id.org/geokb/ontology#> SELECT ?c WHERE { ?c gk:alpha3 'NER' }")
    assert [r["t"] for r in types] == ["https://w3id.org/geokb/ontology#TroopDeployment"]
    assert len(niger) == 1


def test_every_article_falls_in_exactly_one_shard():
    ids = [f"article-{i}" for i in range(500)]
    shards = [{i for i in ids if in_shard(i, (k, 3))} for k in range(3)]
    assert set().union(*shards) == set(ids)
    assert sum(map(len, shards)) == len(ids)
    assert all(len(s) > 100 for s in shards)  # a hash, not a handful in one shard


@pytest.mark.parametrize("text", ["2/2", "1", "a/b", "-1/2", "0/0"])
def test_a_shard_outside_its_count_is_refused(text):
    with pytest.raises(ValueError):
        parse_shard(text)


def test_a_shard_is_index_over_count():
    assert parse_shard("1/4") == (1, 4)


def test_jobs_must_be_at_least_one():
    with pytest.raises(ValueError):
        Extractor(jobs=0)
