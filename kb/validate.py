"""SHACL validation of the store or of an RDF file against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

import ontology

from .errors import UsageError


def validate_graph(data: Graph) -> tuple[bool, str]:
    """(conforms, report text) for an rdflib graph; the ontology is given for class hierarchy."""
    from pyshacl import validate

    conforms, _, text = validate(data, shacl_graph=ontology.shapes_graph(), ont_graph=ontology.ontology_graph(),
                                 inference="none", allow_warnings=True)
    return bool(conforms), text


def validate_store(kb) -> tuple[bool, str]:
    """Validate the union of the store's graphs (written as N-Triples, read by rdflib)."""
    import io

    import pyoxigraph as ox

    buffer = io.BytesIO()
    kb.dump(buffer, ox.RdfFormat.N_TRIPLES)
    return validate_graph(Graph().parse(data=buffer.getvalue().decode(), format="nt"))


def validate_file(path: Path) -> tuple[bool, str]:
    if not path.is_file():
        raise UsageError(f"no file {path}")
    try:
        if path.suffix in (".trig", ".nq", ".nquads"):
            data = Graph()
            for triple in Dataset().parse(path).triples((None, None, None)):
                data.add(triple)
        else:
            data = Graph().parse(path)
    except Exception as err:  # noqa: BLE001 - any parser error is the user's file, reported in one line
        raise UsageError(f"{path}: not readable RDF: {str(err).splitlines()[0] if str(err) else err}") from None
    return validate_graph(data)
