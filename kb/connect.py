"""One ``--store`` value, two kinds of store: a folder is the embedded Oxigraph store, an
``http(s)://`` URL a remote SPARQL 1.1 store (its query endpoint)."""

from __future__ import annotations

import os
from pathlib import Path

from .remote import Endpoint, RemoteKnowledgeBase, is_remote
from .store import KnowledgeBase

UPDATE_ENV = "GEOKB_UPDATE_URL"
GRAPH_STORE_ENV = "GEOKB_GRAPH_STORE_URL"


def endpoint(url: str) -> Endpoint:
    """The endpoints of a remote store: its query URL, its update URL (``$GEOKB_UPDATE_URL``, else
    guessed from the query URL) and its Graph Store Protocol URL (``$GEOKB_GRAPH_STORE_URL``)."""
    return Endpoint.from_url(url, os.environ.get(UPDATE_ENV) or None, os.environ.get(GRAPH_STORE_ENV) or None)


def open_kb(store: str | Path | None, *, create: bool = True, read_only: bool = False):
    """The knowledge base a ``--store`` value names (``None``: the default folder)."""
    if is_remote(store):
        return RemoteKnowledgeBase(endpoint(str(store)), create=create and not read_only)
    return KnowledgeBase(store, create=create, read_only=read_only)
