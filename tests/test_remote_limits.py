"""A remote store that rate-limits: geokb waits as told by Retry-After, then gets its answer, and
says who it is. The limiter is a real HTTP proxy in front of a live ``oxigraph serve``."""

from __future__ import annotations

import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kb.remote import USER_AGENT, Endpoint, RemoteKnowledgeBase


class Limiter(ThreadingHTTPServer):
    """Answers the first ``refusals`` requests with 429 + Retry-After, forwards the rest."""

    def __init__(self, upstream: str, refusals: int):
        self.upstream, self.refusals, self.seen = upstream, refusals, []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):
                body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
                self.seen.append((time.monotonic(), handler.headers.get("User-Agent")))
                if len(self.seen) <= self.refusals:
                    handler.send_response(429)
                    handler.send_header("Retry-After", "1")
                    handler.send_header("Content-Length", "0")
                    handler.end_headers()
                    return
                request = urllib.request.Request(self.upstream, data=body, headers={
                    "Content-Type": handler.headers["Content-Type"], "Accept": handler.headers["Accept"]})
                with urllib.request.urlopen(request) as answer:
                    data = answer.read()
                    handler.send_response(answer.status)
                    handler.send_header("Content-Type", answer.headers["Content-Type"])
                    handler.send_header("Content-Length", str(len(data)))
                    handler.end_headers()
                    handler.wfile.write(data)

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/query"


@pytest.fixture
def limiter(oxigraph_server):
    server = Limiter(oxigraph_server.query_url, refusals=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_a_rate_limited_query_waits_for_retry_after_and_succeeds(limiter, oxigraph_server):
    kb = RemoteKnowledgeBase(Endpoint(limiter.url, oxigraph_server.update_url), create=False)
    assert kb.query("ASK { }") is True
    times = [t for t, _ in limiter.seen]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.95 and times[2] - times[1] >= 0.95


def test_every_request_names_geokb_in_its_user_agent(limiter, oxigraph_server):
    kb = RemoteKnowledgeBase(Endpoint(limiter.url, oxigraph_server.update_url), create=False)
    kb.query("ASK { }")
    assert {agent for _, agent in limiter.seen} == {USER_AGENT}
    assert USER_AGENT.startswith("geokb/")


def test_a_store_that_keeps_refusing_is_a_clear_error(oxigraph_server):
    server = Limiter(oxigraph_server.query_url, refusals=100)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        kb = RemoteKnowledgeBase(Endpoint(server.url, oxigraph_server.update_url), create=False, retries=1)
        from kb.errors import StoreError

        with pytest.raises(StoreError, match=r"answered HTTP 429"):
            kb.query("ASK { }")
    finally:
        server.shutdown()
