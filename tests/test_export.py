"""``geokb export`` writes standard RDF that reads back as the same graphs."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kb.jsonld import context

FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
           "trig": ox.RdfFormat.TRIG}


def _dataset(data: bytes | str, fmt: str) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=fmt)
    return ds


def _graphs(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def test_json_ld_carries_geokbs_context_inline(cli, fixture_store):
    result = cli("export", "--format", "json-ld", "--store", fixture_store)
    assert result.code == 0
    assert json.loads(result.out)["@context"] == context()


def test_json_ld_reads_back_as_the_same_graphs(cli, fixture_store):
    nquads = cli("export", "--format", "nquads", "--store", fixture_store).out
    jsonld = cli("export", "--format", "json-ld", "--store", fixture_store).out
    expected, actual = _graphs(_dataset(nquads, "nquads")), _graphs(_dataset(jsonld, "json-ld"))
    assert sorted(actual) == sorted(expected)
    assert all(isomorphic(actual[name], expected[name]) for name in expected)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_export_parses_in_its_format(cli, fixture_store, fmt):
    result = cli("export", "--format", fmt, "--store", fixture_store)
    assert result.code == 0
    quads = list(ox.parse(result.out.encode(), FORMATS[fmt]))
    assert len(quads) > 600


def test_one_articles_nquads_keep_its_graph_name(cli, fixture_store):
    result = cli("export", "--format", "nquads", "--article", "sahel-2", "--store", fixture_store)
    graphs = {q.graph_name.value for q in ox.parse(result.out.encode(), ox.RdfFormat.N_QUADS)}
    assert graphs == {"https://w3id.org/geokb/id/article/sahel-2"}
