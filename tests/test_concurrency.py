"""Two geokb processes on one store: while one writes, any other gets "store is in use" (exit 5) at
once, never a corrupt store; readers share it. Afterwards the store opens and is complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_subprocess
from running import Ingest, write_articles

from kb.cli import main
from kb.store import KnowledgeBase

pytestmark = pytest.mark.slow

FIRST, SECOND = 300, 20


@pytest.fixture(scope="module")
def contest(tmp_path_factory):
    """An ingest of FIRST articles, and while it writes: a second ingest, a query and a stats."""
    folder = tmp_path_factory.mktemp("contest")
    store = folder / "store"
    first = write_articles(folder / "first.jsonl", FIRST, prefix="first-")
    second = write_articles(folder / "second.jsonl", SECOND, prefix="second-")
    running = Ingest(first, store)
    running.wait_for(20)
    during = {
        "ingest": run_subprocess("ingest", second, "--store", store, "--quiet"),
        "query": run_subprocess("query", "events", "--store", store),
        "stats": run_subprocess("stats", "--store", store),
    }
    still_running = running.proc.poll() is None
    code = running.finish()
    return {"store": store, "second": second, "during": during, "still_running": still_running, "code": code}


def articles(store: Path) -> list[str]:
    with KnowledgeBase(store, create=False) as kb:
        return kb.articles()


def test_the_others_ran_while_the_first_was_writing(contest):
    assert contest["still_running"]


@pytest.mark.parametrize("command,message", [("ingest", "is in use by"), ("query", "is being written by"),
                                             ("stats", "is being written by")])
def test_second_process_exits_5_at_once_with_one_line(contest, command, message):
    result = contest["during"][command]
    assert (result.code, result.out) == (5, "")
    assert result.err_lines == [f"geokb: error: store {contest['store']} {message} another geokb process"]


def test_first_ingest_completes(contest):
    assert contest["code"] == 0


def test_store_holds_every_article_of_the_first_and_none_of_the_refused(contest):
    assert articles(contest["store"]) == [f"first-{n:04d}" for n in range(FIRST)]


def test_refused_ingest_succeeds_once_the_store_is_free(contest, tmp_path):
    assert main(["ingest", str(contest["second"]), "--store", str(contest["store"]), "--quiet"]) == 0
    assert len(articles(contest["store"])) == FIRST + SECOND


def test_writer_is_refused_while_a_reader_has_the_store(fixture_store):
    with KnowledgeBase(fixture_store, read_only=True):
        result = run_subprocess("remove", "sahel-1", "--store", fixture_store)
    assert result.code == 5
    assert result.err_lines == [f"geokb: error: store {fixture_store} is in use by another geokb process"]


def test_readers_share_the_store(fixture_store):
    with KnowledgeBase(fixture_store, read_only=True) as kb:
        result = run_subprocess("stats", "--store", fixture_store, "--format", "json")
        assert result.code == 0
        assert result.json()["articles"] == len(kb.articles()) == 2
