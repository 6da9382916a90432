"""Real SPARQL servers for the tests: ``oxigraph serve`` (PyPI ``oxigraph``) and Virtuoso Open
Source (Debian ``virtuoso-opensource``), each started in a temporary folder on free loopback ports
and stopped afterwards. No mocks: the KB behaviour suite runs against these as it does against the
embedded store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = {http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}\n{detail}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {seconds} s")


@dataclass
class Server:
    name: str
    query_url: str
    update_url: str
    graph_store_url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_oxigraph(folder: Path) -> Server:
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the `oxigraph` server is not installed (pip install oxigraph; `make test` does)")
    port = free_port()
    log = folder / "oxigraph.log"
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/query?query=ASK%7B%7D", process, 30, log)
    return Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process)


def start_virtuoso(folder: Path, *, max_rows: int = 1000) -> Server:
    """Virtuoso in ``folder``, its SPARQL user allowed to update (it listens on loopback only in
    effect: the ports are fresh and the test machine has no other users)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        raise RuntimeError("Virtuoso is not installed (Debian package virtuoso-opensource; "
                           "`make test` installs it where apt-get can)")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows))
    log = folder / "virtuoso.out"
    process = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=folder,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    ask = urllib.parse.quote("ASK {}")
    wait_for(f"{base}/sparql?query={ask}", process, 90, folder / "virtuoso.log")
    subprocess.run([isql, str(sql_port), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                   check=True, capture_output=True, timeout=60)
    return Server("virtuoso", f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud", process)


def emptied(server: Server, monkeypatch=None):
    """A RemoteKnowledgeBase on ``server`` with every article graph a previous test left cleared;
    with ``monkeypatch``, the CLI's update and Graph Store URLs point at the server too."""
    from kb.remote import Endpoint, RemoteKnowledgeBase

    if monkeypatch is not None:
        monkeypatch.setenv("GEOKB_UPDATE_URL", server.update_url)
        monkeypatch.setenv("GEOKB_GRAPH_STORE_URL", server.graph_store_url)
    kb = RemoteKnowledgeBase(Endpoint(server.query_url, server.update_url, server.graph_store_url))
    for graph in kb.graphs():
        kb.update(f"CLEAR GRAPH <{graph}>")
    return kb
