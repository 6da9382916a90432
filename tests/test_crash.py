"""kill -9 in the middle of an ingest, for real: the store opens afterwards, holds only whole
articles, and running the same ingest again completes with exactly the quads of a clean run.

A clean run of the same file, in this process, is the measure of "whole". The ingest is killed
twice on the same store, at different depths, with no cleanup in between.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from running import Ingest, write_articles

from kb.cli import main
from kb.store import ONTOLOGY_GRAPH, KnowledgeBase

pytestmark = pytest.mark.slow

ARTICLES = 400
KILL_AFTER = (40, 200)  # stored articles the ingest reports before each kill -9
ARTICLE_GRAPH = "https://w3id.org/geokb/id/article/"
REFERENCE_GRAPH = "https://w3id.org/geokb/id/graph/reference"


def graphs(store: Path) -> dict[str, set[str]]:
    """Every graph but the ontology's (whose blank nodes differ from store to store) as sets of
    triples in N-Triples form; geokb's own graphs have no blank nodes, so equal sets mean equal graphs."""
    found: dict[str, set[str]] = defaultdict(set)
    with KnowledgeBase(store, create=False) as kb:
        for quad in kb.store:
            if quad.graph_name.value != str(ONTOLOGY_GRAPH):
                found[quad.graph_name.value].add(f"{quad.subject} {quad.predicate} {quad.object}")
    return dict(found)


def quad_count(store: Path) -> int:
    with KnowledgeBase(store, create=False) as kb:
        return len(kb)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_articles(tmp_path_factory.mktemp("crash") / "many.jsonl", ARTICLES)


@pytest.fixture(scope="module")
def clean(source, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("clean") / "store"
    assert main(["ingest", str(source), "--store", str(store), "--quiet"]) == 0
    return store


@pytest.fixture(scope="module")
def crashes(source, tmp_path_factory) -> list[tuple[int, dict[str, set[str]]]]:
    """Kill the ingest after each count of :data:`KILL_AFTER`; what it reported and what was stored."""
    store = tmp_path_factory.mktemp("killed") / "store"
    seen = []
    for count in KILL_AFTER:
        run = Ingest(source, store)
        reported = run.wait_for(count)
        run.kill()
        seen.append((reported, graphs(store)))
    shutil.copytree(store, tmp_path_factory.getbasetemp() / "killed-copy")
    return seen


@pytest.fixture(scope="module")
def rerun(crashes, source, tmp_path_factory) -> tuple[int, Path]:
    """The same ingest run again on a copy of the store the last kill left: its exit code, the store."""
    store = tmp_path_factory.mktemp("rerun") / "store"
    shutil.copytree(tmp_path_factory.getbasetemp() / "killed-copy", store)
    return main(["ingest", str(source), "--store", str(store), "--quiet"]), store


def stored_articles(found: dict[str, set[str]]) -> set[str]:
    return {g for g in found if g.startswith(ARTICLE_GRAPH)}


def test_killed_ingest_was_killed_mid_run(crashes):
    for reported, found in crashes:
        assert reported <= len(stored_articles(found)) < ARTICLES


def test_store_opens_after_each_kill(crashes):
    assert [len(stored_articles(found)) > 0 for _, found in crashes] == [True] * len(KILL_AFTER)


def test_every_stored_article_is_whole(crashes, clean):
    expected = graphs(clean)
    for _, found in crashes:
        broken = [g for g in stored_articles(found) if found[g] != expected[g]]
        assert broken == []


def test_reference_data_after_a_kill_is_reference_data_of_a_clean_run(crashes, clean):
    expected = graphs(clean)[REFERENCE_GRAPH]
    for _, found in crashes:
        assert found[REFERENCE_GRAPH] <= expected


def test_store_holds_no_other_graphs_after_a_kill(crashes):
    for _, found in crashes:
        assert set(found) - stored_articles(found) == {REFERENCE_GRAPH}


def test_rerun_after_the_kill_completes(rerun):
    assert rerun[0] == 0


def test_rerun_after_the_kill_gives_the_clean_runs_graphs(rerun, clean):
    assert graphs(rerun[1]) == graphs(clean)


def test_rerun_after_the_kill_has_no_duplicates(rerun, clean):
    assert quad_count(rerun[1]) == quad_count(clean)
