"""`geokb load`: RDF files into the store, one transaction a file, hostile files refused unparsed."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kb.cli import EXPORT_FORMATS
from kb.load import LoadError, load_file
from kb.store import ONTOLOGY_GRAPH, KnowledgeBase

EX = "http://example.org/"
LOAD = "https://w3id.org/geokb/id/graph/load/"
TRIPLES = f"<{EX}chad> <{EX}ended> <{EX}accord> .\n<{EX}chad> <{EX}name> \"Tchad\"@fr .\n"
SAMPLES = {  # the same two triples in each format
    "a.ttl": f"@prefix ex: <{EX}> .\nex:chad ex:ended ex:accord ; ex:name \"Tchad\"@fr .\n",
    "a.nt": TRIPLES,
    "a.nq": TRIPLES,
    "a.trig": f"@prefix ex: <{EX}> .\n{{ ex:chad ex:ended ex:accord ; ex:name \"Tchad\"@fr . }}\n",
    "a.rdf": f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">
  <rdf:Description rdf:about="{EX}chad"><ex:ended rdf:resource="{EX}accord"/>
    <ex:name xml:lang="fr">Tchad</ex:name></rdf:Description>
</rdf:RDF>
""",
    "a.jsonld": f"""{{"@context": {{"ex": "{EX}"}}, "@id": "ex:chad", "ex:ended": {{"@id": "ex:accord"}},
 "ex:name": {{"@value": "Tchad", "@language": "fr"}}}}""",
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def graph_triples(store: Path, graph: str) -> set[str]:
    with KnowledgeBase(store, create=False) as kb:
        return {f"{q.subject} {q.predicate} {q.object}"
                for q in kb.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def named_graphs(store: Path) -> set[str]:
    with KnowledgeBase(store, create=False) as kb:
        return {g.value for g in kb.store.named_graphs()}


def quads(store: Path) -> int:
    with KnowledgeBase(store, create=False) as kb:
        return len(kb)


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "store"
    KnowledgeBase(path).close()
    return path


@pytest.fixture
def store(empty_store, tmp_path) -> Path:
    """An empty store of this test's own (it holds only the ontology graph every store has)."""
    return Path(shutil.copytree(empty_store, tmp_path / "store"))


# -- formats --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_format_loads_by_its_extension(cli, store, tmp_path, name):
    result = cli("load", write(tmp_path / name, SAMPLES[name]), "--store", store)
    assert (result.code, result.err_lines) == (0, [
        f"geokb: added 2 quad(s) from {tmp_path / name} (triples into <{LOAD}{name}>)"])
    assert graph_triples(store, LOAD + name) == set(TRIPLES.replace(" .", "").splitlines())


def test_format_option_overrides_the_extension(cli, store, tmp_path):
    path = write(tmp_path / "data.txt", SAMPLES["a.ttl"])
    assert cli("load", path, "--format", "turtle", "--store", store, "--quiet").code == 0
    assert len(graph_triples(store, LOAD + "data.txt")) == 2


def test_unknown_extension_exits_3_before_creating_a_store(cli, tmp_path):
    result = cli("load", write(tmp_path / "data.csv", "a,b\n"), "--store", tmp_path / "store")
    assert result.code == 3
    assert result.err_lines[0].startswith(f"geokb: error: {tmp_path / 'data.csv'}: unknown kind of RDF file")
    assert not (tmp_path / "store").exists()


def test_missing_file_exits_3(cli, store, tmp_path):
    result = cli("load", tmp_path / "gone.ttl", "--store", store)
    assert (result.code, result.err_lines) == (3, [f"geokb: error: {tmp_path / 'gone.ttl'}: no such file"])


def test_folder_exits_3(cli, store, tmp_path):
    (tmp_path / "rdf").mkdir()
    result = cli("load", tmp_path / "rdf", "--store", store)
    assert (result.code, result.err_lines) == (3, [f"geokb: error: {tmp_path / 'rdf'}: a folder, not a file"])


def test_quads_keep_their_graph_and_default_graph_quads_go_to_the_files_graph(cli, store, tmp_path):
    path = write(tmp_path / "mixed.nq", f"<{EX}a> <{EX}p> <{EX}b> <{EX}g> .\n<{EX}a> <{EX}p> <{EX}c> .\n")
    assert cli("load", path, "--store", store, "--quiet").code == 0
    assert graph_triples(store, f"{EX}g") == {f"<{EX}a> <{EX}p> <{EX}b>"}
    assert graph_triples(store, LOAD + "mixed.nq") == {f"<{EX}a> <{EX}p> <{EX}c>"}


def test_file_name_is_percent_encoded_in_its_graph(cli, store, tmp_path):
    path = write(tmp_path / "my data#1.nt", TRIPLES)
    assert cli("load", path, "--store", store, "--quiet").code == 0
    assert f"{LOAD}my%20data%231.nt" in named_graphs(store)


def test_loading_a_file_twice_changes_nothing(cli, store, tmp_path):
    path = write(tmp_path / "a.ttl", SAMPLES["a.ttl"])
    assert cli("load", path, "--store", store, "--quiet").code == 0
    before = quads(store)
    assert cli("load", path, "--store", store, "--quiet").code == 0
    assert quads(store) == before


def test_loading_a_file_again_adds_no_quads(cli, store, tmp_path):
    path = write(tmp_path / "a.nt", SAMPLES["a.nt"])
    cli("load", path, "--store", store)
    assert cli("load", path, "--store", store).err_lines == [
        f"geokb: added 0 quad(s) from {path} (triples into <{LOAD}a.nt>)"]


def test_a_bulk_load_adds_the_same_quads(cli, store, tmp_path):
    path = write(tmp_path / "a.trig", SAMPLES["a.trig"])
    assert cli("load", path, "--store", store, "--bulk", "--quiet").code == 0
    assert graph_triples(store, LOAD + "a.trig") == set(TRIPLES.replace(" .", "").splitlines())


def test_a_failed_bulk_load_says_it_was_not_atomic(cli, store, tmp_path):
    path = write(tmp_path / "bad.nt", SAMPLES["a.nt"] + "<http://example.org/s> <oops\n")
    result = cli("load", path, "--store", store, "--bulk")
    assert result.code == 3
    assert "not atomic" in result.err_lines[-2]


def test_a_big_file_without_bulk_gets_a_hint(cli, store, tmp_path, monkeypatch):
    monkeypatch.setattr("kb.cli.BIG_LOAD_BYTES", 10)  # the real threshold is 100 MB
    path = write(tmp_path / "a.nt", SAMPLES["a.nt"])
    result = cli("load", path, "--store", store)
    assert result.code == 0
    assert "--bulk loads big dumps faster in bounded memory (not atomic)" in result.err_lines[0]


def test_relative_iris_need_a_base(cli, store, tmp_path):
    path = write(tmp_path / "rel.ttl", "<a> <b> <c> .\n")
    assert cli("load", path, "--store", store, "--quiet").code == 3
    assert cli("load", path, "--store", store, "--quiet", "--base", EX).code == 0
    assert graph_triples(store, LOAD + "rel.ttl") == {f"<{EX}a> <{EX}b> <{EX}c>"}


def test_remote_store_is_a_usage_error(cli, tmp_path):
    result = cli("load", write(tmp_path / "a.nt", TRIPLES), "--store", "http://127.0.0.1:9/sparql")
    assert result.code == 2


# -- a file that does not parse adds nothing -------------------------------------------------------
def broken_turtle(path: Path) -> Path:
    good = "".join(f"<{EX}s{n}> <{EX}p> {n} .\n" for n in range(1000))
    return write(path, good + f"<{EX}s> <{EX}p> \"unterminated .\n")


def test_file_that_fails_to_parse_adds_nothing(cli, store, tmp_path):
    before = quads(store)
    result = cli("load", broken_turtle(tmp_path / "broken.ttl"), "--store", store)
    assert result.code == 3
    assert result.err_lines[0].startswith(f"geokb: warning: skipped: {tmp_path / 'broken.ttl'}: not valid turtle: ")
    assert result.err_lines[1:] == ["geokb: error: no file could be loaded"]
    assert quads(store) == before


def test_bad_file_among_good_ones_exits_8_and_loads_the_good(cli, store, tmp_path):
    good = write(tmp_path / "good.nt", TRIPLES)
    result = cli("load", broken_turtle(tmp_path / "broken.ttl"), good, "--store", store, "--quiet")
    assert result.code == 8
    assert len(graph_triples(store, LOAD + "good.nt")) == 2
    assert LOAD + "broken.ttl" not in named_graphs(store)


@pytest.mark.parametrize("name,text", [("e.ttl", ""), ("e.jsonld", "{}"), ("e.jsonld", "[]")])
def test_empty_documents_load_nothing_and_succeed(cli, store, tmp_path, name, text):
    before = quads(store)
    assert cli("load", write(tmp_path / name, text), "--store", store, "--quiet").code == 0
    assert quads(store) == before


@pytest.mark.parametrize("name,content", [("bin.ttl", bytes(range(256)) * 4), ("bin.rdf", b"\x00\xff" * 100),
                                          ("bin.jsonld", b"\xff\xfe\x00"), ("deep.jsonld", b"[" * 100_000)])
def test_garbage_is_skipped(cli, store, tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    before = quads(store)
    assert cli("load", tmp_path / name, "--store", store, "--quiet").code == 3
    assert quads(store) == before


# -- hostile RDF/XML ------------------------------------------------------------------------------
def billion_laughs() -> str:
    """The classic: ten levels of ten references, a thousand million "lol"s from under 1 KB."""
    levels = ['  <!ENTITY lol0 "lol">'] + [
        f'  <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(levels) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
            '  <rdf:Description rdf:about="http://example.org/s"><ex:p>&lol9;</ex:p></rdf:Description>\n'
            "</rdf:RDF>\n")


def test_billion_laughs_is_under_1_kb():
    assert len(billion_laughs().encode()) < 1024


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_billion_laughs_is_refused_before_parsing(store, tmp_path, encoding):
    # If this reached pyoxigraph 0.5's XML parser it would abort this very process, not fail.
    (tmp_path / "laughs.rdf").write_bytes(billion_laughs().encode(encoding))
    with KnowledgeBase(store) as kb, pytest.raises(LoadError, match="DOCTYPE or ENTITY declaration is refused"):
        load_file(kb, tmp_path / "laughs.rdf")


def test_billion_laughs_exits_3_with_a_warning(cli, store, tmp_path):
    result = cli("load", write(tmp_path / "laughs.rdf", billion_laughs()), "--store", store)
    assert result.code == 3
    assert result.err_lines[0] == (f"geokb: warning: skipped: {tmp_path / 'laughs.rdf'}: RDF/XML with a DOCTYPE or "
                                   "ENTITY declaration is refused (entity expansion can exhaust memory or read "
                                   "local files)")


def test_external_entity_is_refused(store, tmp_path):
    path = write(tmp_path / "xxe.xml", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    with KnowledgeBase(store) as kb, pytest.raises(LoadError, match="refused"):
        load_file(kb, path)


def test_doctype_is_refused_under_rdfxml_format_whatever_the_extension(cli, store, tmp_path):
    path = write(tmp_path / "laughs.txt", billion_laughs())
    assert cli("load", path, "--format", "rdfxml", "--store", store).code == 3


# -- JSON-LD contexts are never fetched -----------------------------------------------------------
class Recorder(BaseHTTPRequestHandler):
    """Answers every GET with a JSON-LD context and notes the path asked for in ``requests``."""

    requests: list[str]  # set on each subclass, so each server has its own list

    def do_GET(self):  # http.server's name for it
        self.requests.append(self.path)
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def context_server():
    """A real HTTP server that would serve the context; the test checks it is never asked."""
    handler = type("Handler", (Recorder,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("document", [
    '{{"@context": "{url}/context.jsonld", "@id": "http://example.org/s", "name": "x"}}',
    '{{"@context": [{{"ex": "http://example.org/"}}, "{url}/context.jsonld"], "@id": "ex:s", "name": "x"}}',
    '{{"@context": {{"@import": "{url}/context.jsonld"}}, "@id": "http://example.org/s", "name": "x"}}',
    '{{"@context": {{"ex": "http://example.org/"}}, "@id": "ex:s", "ex:p": {{"@context": "{url}/c", "@id": "ex:o"}}}}',
])
def test_remote_jsonld_context_is_refused_and_never_fetched(cli, store, tmp_path, context_server, document):
    url, requests = context_server
    path = write(tmp_path / "remote.jsonld", document.format(url=url))
    before = quads(store)
    result = cli("load", path, "--store", store)
    assert result.code == 3
    assert "is not in the file, and contexts are never fetched" in result.err_lines[0]
    assert (requests, quads(store)) == ([], before)


def test_inline_jsonld_context_loads(cli, store, tmp_path):
    assert cli("load", write(tmp_path / "a.jsonld", SAMPLES["a.jsonld"]), "--store", store, "--quiet").code == 0


# -- export, then load into a fresh store ---------------------------------------------------------
def union(store: Path, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes:
    """Every triple of the store, whatever its graph, serialised."""
    with KnowledgeBase(store, read_only=True) as kb:
        triples = kb.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return ox.serialize(triples, format=fmt)


def union_graph(store: Path) -> Graph:
    return Graph().parse(data=union(store).decode(), format="nt")


def store_graph(store: Path, graph: str) -> Graph:
    with KnowledgeBase(store, create=False) as kb:
        data = kb.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return Graph().parse(data=data.decode(), format="nt")


@pytest.mark.parametrize("fmt,name", [("trig", "kb.trig"), ("nquads", "kb.nq"), ("jsonld", "kb.jsonld")])
def test_quad_export_loads_back_graph_for_graph(cli, fixture_store, store, tmp_path, fmt, name):
    assert cli("export", "--store", fixture_store, "--format", fmt, "--output", tmp_path / name).code == 0
    assert cli("load", tmp_path / name, "--store", store, "--quiet").code == 0
    graphs = named_graphs(fixture_store) - {str(ONTOLOGY_GRAPH)}
    assert named_graphs(store) - {str(ONTOLOGY_GRAPH)} == graphs
    for graph in graphs:  # geokb's own graphs have no blank nodes: equal sets are equal graphs
        assert graph_triples(store, graph) == graph_triples(fixture_store, graph), graph


@pytest.mark.parametrize("fmt,name", [("turtle", "kb.ttl"), ("ntriples", "kb.nt")])
def test_triple_export_loads_back_isomorphic(cli, fixture_store, store, tmp_path, fmt, name):
    assert cli("export", "--store", fixture_store, "--format", fmt, "--output", tmp_path / name).code == 0
    assert cli("load", tmp_path / name, "--store", store, "--quiet").code == 0
    assert isomorphic(store_graph(store, LOAD + name), union_graph(fixture_store))


def test_rdfxml_serialisation_loads_back_isomorphic(cli, fixture_store, store, tmp_path):
    (tmp_path / "kb.rdf").write_bytes(union(fixture_store, ox.RdfFormat.RDF_XML))
    assert cli("load", tmp_path / "kb.rdf", "--store", store, "--quiet").code == 0
    assert isomorphic(store_graph(store, LOAD + "kb.rdf"), union_graph(fixture_store))


def test_every_export_format_is_covered_by_a_round_trip():
    assert {v for v in EXPORT_FORMATS.values()} == {"TURTLE", "N_TRIPLES", "N_QUADS", "TRIG", "JSON_LD"}
