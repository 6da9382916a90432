"""A `geokb ingest` running in its own process, watched through its progress line.

The progress counter (``\\r123 articles, 4,567 words/s``) is printed only to a terminal, so the child's
stderr is a pseudo-terminal; each count is printed after that many articles are stored.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNT = re.compile(rb"\r(\d+) articles")

TEMPLATES = (  # 2, 1, 0 and 1 events, so a partly written article would show
    "France withdrew its troops from Mali in March 2024. Russia sent soldiers to Niger. Report {n}.",
    "Chad ended its defence accord with France in April 2024. Report {n}.",
    "The weather in Bamako was hot. Report {n}.",
    "Mali and Burkina Faso signed a military cooperation agreement in May 2024. Report {n}.",
)


def write_articles(path: Path, count: int, prefix: str = "a") -> Path:
    """``count`` short articles, one a line, ids ``<prefix>0000``…, in four kinds."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(json.dumps({"id": f"{prefix}{n:04d}", "published": "2024-06-01",
                                  "text": TEMPLATES[n % len(TEMPLATES)].format(n=n)}) + "\n")
    return path


class Ingest:
    """``geokb ingest SOURCE --store STORE`` in a child process."""

    def __init__(self, source: Path, store: Path):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "ingest", str(source), "--store", str(store)],
                                     cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        self.stored = 0
        self.output = b""

    def wait_for(self, count: int, timeout: float = 60.0) -> int:
        """Block until the child reports at least ``count`` stored articles; the count it reported."""
        deadline = time.monotonic() + timeout
        while self.stored < count:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None and not select.select([self.master], [], [], 0)[0]:
                raise AssertionError(f"ingest reported {self.stored} articles, not {count}: {self.output[-500:]!r}")
            if select.select([self.master], [], [], min(left, 0.5))[0]:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed its end
                    chunk = b""
                self.output += chunk
                counts = COUNT.findall(self.output)
                if counts:
                    self.stored = int(counts[-1])
        return self.stored

    def kill(self) -> None:
        """SIGKILL: no handler, no flush, no cleanup runs in the child."""
        self.proc.kill()
        self.proc.wait(timeout=30)
        os.close(self.master)

    def finish(self, timeout: float = 120.0) -> int:
        """Wait for the child to end (draining its terminal); its exit code."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.2)[0]:
                try:
                    self.output += os.read(self.master, 4096)
                except OSError:
                    break
        code = self.proc.wait(timeout=max(deadline - time.monotonic(), 1))
        os.close(self.master)
        return code
