"""JSON-LD as linked-data users expect it: compacted with geokb's own ``@context`` (shipped in the
package as ``ontology/context.jsonld``), which is written inline so no reader fetches anything."""

from __future__ import annotations

import json

import rdflib

import ontology


def context() -> dict:
    return json.loads(ontology.jsonld_context())["@context"]


def from_nquads(nquads: bytes, *, graphs: bool = True) -> bytes:
    """Compacted JSON-LD of N-Quads: one ``@graph`` entry per named graph, or (``graphs=False``)
    every triple merged into one graph."""
    data = rdflib.Dataset() if graphs else rdflib.Graph()
    data.parse(data=nquads, format="nquads" if graphs else "nt")
    return data.serialize(format="json-ld", context=context(), auto_compact=True, indent=1).encode()
