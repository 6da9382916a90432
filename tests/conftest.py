"""Shared fixtures: the fixture articles ingested once per session, and ways to run the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES_FIXTURE = FIXTURES / "queries.jsonl"


@dataclass(frozen=True)
class Run:
    """What one CLI invocation did: its exit code and everything it printed."""

    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


@pytest.fixture(autouse=True)
def _no_default_store(monkeypatch, tmp_path):
    """A test that forgets --store writes to a throwaway folder, never to the user's own store."""
    monkeypatch.setenv("GEOKB_STORE", str(tmp_path / "default-store"))


@pytest.fixture
def cli(capsys):
    """Run ``geokb ARGS...`` in this process through :func:`kb.cli.main`; returns a :class:`Run`."""

    def run(*args) -> Run:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help, --version, bad options
            code = _exit_code(exc)
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def run_subprocess(*args, cwd: Path | None = None) -> Run:
    """Run ``python -m kb.cli ARGS...`` as a separate process (the real entry point, real exit code)."""
    proc = subprocess.run([sys.executable, "-m", "kb.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory) -> Path:
    """A store holding ``fixtures/queries.jsonl``, built once by ``geokb ingest``. Do not modify it."""
    store = tmp_path_factory.mktemp("fixture-kb") / "store"
    code = main(["ingest", str(QUERIES_FIXTURE), "--store", str(store), "--quiet"])
    assert code == 0, f"ingesting {QUERIES_FIXTURE} exited {code}"
    return store


@pytest.fixture
def fresh_store(fixture_store, tmp_path) -> Path:
    """A private copy of the fixture store, for tests that change it."""
    copy = tmp_path / "store"
    shutil.copytree(fixture_store, copy)
    return copy


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A live ``oxigraph serve`` on a free loopback port, for the whole session."""
    from servers import start_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A live Virtuoso Open Source on free loopback ports, for the whole session."""
    from servers import start_virtuoso

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()
