"""What every geokb store answers, embedded or remote: named queries with bound parameters, plain
rows, articles and counts. Subclasses say how a query reaches the engine (:meth:`query`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from extractors.rdf import REFERENCE_GRAPH, article_iri, article_triples, nt, reference_triples
from extractors.records import Extraction
from queries import NamedQuery

from .errors import UsageError

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Stats:
    articles: int
    events: int
    quads: int
    by_type: dict[str, int]


def article_update(extraction: Extraction, empty: str = "DROP", reference=None) -> str:
    """One SPARQL Update that replaces an article's graph and adds its reference data (all of it,
    or the ``reference`` triples given). ``empty`` is how the old graph goes: DROP, or CLEAR for
    stores (Virtuoso) that drop only graphs created explicitly with CREATE GRAPH."""
    graph = article_iri(extraction.article.id).n3()
    reference = reference_triples(extraction) if reference is None else reference
    return (f"{empty} SILENT GRAPH {graph} ;\n"
            f"INSERT DATA {{ GRAPH {graph} {{\n{nt(article_triples(extraction))}\n}}\n"
            f"GRAPH {REFERENCE_GRAPH.n3()} {{\n{nt(reference)}\n}} }}")


def values_block(substitutions: dict) -> str:
    """A trailing ``VALUES`` clause from pyoxigraph terms, whose ``str`` is their escaped SPARQL form."""
    names = " ".join(str(v) for v in substitutions)
    row = " ".join(str(t) for t in substitutions.values())
    return f"\nVALUES ({names}) {{ ({row}) }}"


def _outer_group(text: str) -> int | None:
    """Index just after the ``{`` that opens the query's outermost WHERE group, skipping comments,
    strings and IRIs; None when it cannot be told (the caller then binds with a trailing VALUES)."""
    i, n, depth, seen_where, brace_at_top = 0, len(text), 0, False, None
    upper = text.upper()
    while i < n:
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        elif ch == "<" and depth == 0:
            end = text.find(">", i)
            if end < 0:
                return None
            i = end
        elif ch == "{":
            if depth == 0 and (seen_where or brace_at_top is None):
                if seen_where:
                    return i + 1
                brace_at_top = i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and upper.startswith("WHERE", i) and not (text[i - 1:i].isalnum()):
            seen_where = True
        i += 1
    return brace_at_top


def inline_values(text: str, substitutions: dict) -> str:
    """The query with its values bound by a ``VALUES`` block at the top of its WHERE group (some
    stores, Virtuoso among them, mis-evaluate a trailing VALUES over grouped subqueries)."""
    at = _outer_group(text)
    if at is None or re.search(r"CONSTRUCT\s+WHERE", text, re.IGNORECASE):  # its group is its template
        return text + values_block(substitutions)
    return text[:at] + values_block(substitutions) + "\n" + text[at:]


def term(kind: str, value: str):
    """A parameter value as the RDF term its declared kind says (iri, integer, date or string)."""
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "integer":
        if not value.lstrip("-").isdigit():
            raise UsageError(f"parameter value {value!r} is not an integer")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if kind == "date":
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)


def bind(query: NamedQuery, params: dict[str, str] | None = None) -> dict:
    """A named query's parameter values as pyoxigraph terms of their declared kinds; a missing or
    unknown parameter is a :class:`UsageError`."""
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise UsageError(f"query {query.name} has no parameter {unknown[0]!r}"
                         + (f" (it takes: {', '.join(declared)})" if declared else " (it takes none)"))
    missing = [name for name in declared if name not in params]
    if missing:
        raise UsageError(f"query {query.name} needs --param {missing[0]}=… ({declared[missing[0]].description})")
    return {ox.Variable(name): term(declared[name].kind, value) for name, value in params.items()}


class Reader:
    """Reading through :meth:`query`, which subclasses implement."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:  # pragma: no cover - overridden
        pass

    def query(self, text: str, substitutions: dict | None = None):
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def __len__(self) -> int:
        return self.count()

    def run(self, query: NamedQuery, params: dict[str, str] | None = None):
        """Run a named query with its parameters bound; returns pyoxigraph's results object."""
        return self.query(query.text, bind(query, params))

    def select(self, text: str, substitutions: dict | None = None) -> list[dict[str, str]]:
        """SELECT results as plain dicts of variable → lexical value (unbound variables left out)."""
        results = self.query(text, substitutions)
        names = [v.value for v in results.variables]
        return [{n: s[n].value for n in names if s[n] is not None} for s in results]

    def articles(self) -> list[str]:
        rows = self.select("PREFIX gk: <https://w3id.org/geokb/ontology#> "
                           "SELECT ?id WHERE { ?a a gk:Article ; gk:articleId ?id } ORDER BY ?id")
        return [row["id"] for row in rows]

    def stats(self) -> Stats:
        rows = self.select(
            "PREFIX gk: <https://w3id.org/geokb/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?t . ?t rdfs:subClassOf gk:Event . "
            "BIND(STRAFTER(STR(?t), '#') AS ?type) } GROUP BY ?type ORDER BY ?type")
        by_type = {r["type"]: int(r["n"]) for r in rows}
        return Stats(articles=len(self.articles()), events=sum(by_type.values()), quads=self.count(),
                     by_type=by_type)
