"""Ingest throughput: ``geokb ingest`` end to end against bare ``nlp.pipe`` of the same pipeline.

Both sides see the same generated articles in the same process. The bare side is the limit: spaCy
parsing texts already in memory and throwing the docs away. The geokb side is the library path of
``geokb ingest``: read the ``.jsonl`` file, extract, map to RDF and write every article into a fresh
on-disk store. The sides alternate (bare first, then geokb first) over several rounds; the ratio is
taken from each side's best round, and every round's ratio is kept in the report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extractors.article import read_articles
from extractors.nlp import load_pipeline, model_name
from extractors.pipeline import Extractor
from kb.store import KnowledgeBase

from . import corpus
from .report import Row
from .timing import clock


def write_jsonl(path: Path, articles) -> int:
    """The articles as geokb's input format; returns the number of words (as the CLI counts them)."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            words += len(a.text.split())
            out.write(json.dumps({"id": a.id, "text": a.text, "title": a.title, "source": a.source,
                                  "published": a.published.isoformat() if a.published else None}) + "\n")
    return words


def _bare(nlp, texts: list[str], jobs: int, batch_size: int) -> None:
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
        pass


def _extract(path: Path, jobs: int, batch_size: int, kb: KnowledgeBase | None = None) -> int:
    extractions = Extractor(batch_size=batch_size, jobs=jobs).extract_all(read_articles([path], print))
    if kb is not None:
        extractions = kb.add_all(extractions)
    return sum(len(x.events) for x in extractions)


def _timed(fn, *args) -> tuple[float, float, object]:
    """Wall and CPU seconds of ``fn(*args)`` (CPU of this process and its threads, not of children)."""
    w, c = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.perf_counter() - w, time.process_time() - c, result


def run(work: Path, n_articles: int, rounds: int, jobs: tuple[int, ...] = (1,), batch_size: int = 16,
        cli: bool = True, length: str = "news", chunk: int = 20) -> list[Row]:
    """Rows for ingest at each ``jobs``.

    The corpus is cut into chunks of ``chunk`` articles; for each chunk the three sides (bare
    spaCy, extraction, ingest into one store per round) run back to back, in reverse order on every
    other chunk, so a burst of load from elsewhere hits all sides alike. Each side's time is the sum
    over chunks of its best round for that chunk; opening and closing the store count for ingest.
    """
    arts = list(corpus.articles(n_articles, length=length))
    paths = []
    for k in range(0, n_articles, chunk):
        paths.append(work / f"ingest-{length}-{k // chunk}.jsonl")
        write_jsonl(paths[-1], arts[k:k + chunk])
    texts = [[a.text for a in arts[k:k + chunk]] for k in range(0, n_articles, chunk)]
    words = corpus.words(arts)
    nlp = load_pipeline(model_name())
    _bare(nlp, texts[0], 1, batch_size)  # warm-up: vocab, caches
    _extract(paths[0], 1, batch_size)
    rows: list[Row] = []
    for j in jobs:
        # times[side][chunk] = [(wall, cpu) per round]; chunk -1 is opening + closing the store
        times = {side: {k: [] for k in range(-1, len(paths))} for side in ("bare", "extract", "ingest")}
        events = 0
        for r in range(rounds):
            with tempfile.TemporaryDirectory(dir=work) as store:
                w0, c0, kb = _timed(KnowledgeBase, Path(store))
                for k, (path, chunk_texts) in enumerate(zip(paths, texts)):
                    order = ["bare", "extract", "ingest"]
                    if (k + r) % 2:
                        order.reverse()
                    for side in order:
                        if side == "bare":
                            w, c, _ = _timed(_bare, nlp, chunk_texts, j, batch_size)
                        elif side == "extract":
                            w, c, _ = _timed(_extract, path, j, batch_size)
                        else:
                            w, c, n = _timed(_extract, path, j, batch_size, kb)
                            events += n
                        times[side][k].append((w, c))
                w1, c1, _ = _timed(kb.close)
            times["ingest"][-1].append((w0 + w1, c0 + c1))
            times["bare"][-1].append((0.0, 0.0))
            times["extract"][-1].append((0.0, 0.0))
        events //= rounds
        wall = {s: sum(min(w for w, _ in per) for per in t.values()) for s, t in times.items()}
        cpu = {s: sum(min(c for _, c in per) for per in t.values()) for s, t in times.items()}
        per_round = [round(sum(times["bare"][k][r][0] for k in times["bare"])
                           / sum(times["ingest"][k][r][0] for k in times["ingest"]), 3) for r in range(rounds)]
        ratio = wall["bare"] / wall["ingest"]
        note = (f"{n_articles} articles, {words:,} words, {events} events; {rounds} rounds, chunks of {chunk} "
                f"interleaved, best round per chunk; whole-round ratios {per_round}")
        extra = {"times": {s: {str(k): v for k, v in t.items()} for s, t in times.items()}, "words": words,
                 "articles": n_articles, "events": events, "jobs": j, "length": length,
                 "wall_s": wall, "cpu_s": cpu,
                 "store_ms_per_article": 1000 * (wall["ingest"] - wall["extract"]) / n_articles}
        rows.append(Row("ingest", f"ingest {length} articles, jobs={j}", words / wall["ingest"],
                        words / wall["bare"], "words/s", ratio, "≥ 0.90", ratio >= 0.90, note, extra=extra))
        if j == 1:
            cpu_ratio = cpu["bare"] / cpu["ingest"]
            rows.append(Row("ingest", f"ingest {length} articles, CPU time", words / cpu["ingest"],
                            words / cpu["bare"], "words/CPU-s", cpu_ratio, "≥ 0.90", cpu_ratio >= 0.90,
                            "same runs, process CPU time (less sensitive to other load on the machine)"))
        rows.append(Row("ingest", f"extraction only {length}, jobs={j}", words / wall["extract"],
                        words / wall["bare"], "words/s", wall["bare"] / wall["extract"], "", None,
                        "read + spaCy + rules, no store"))
    if cli:
        path = work / f"ingest-{length}.jsonl"
        write_jsonl(path, arts)
        with tempfile.TemporaryDirectory(dir=work) as store:
            seconds, proc = clock(lambda: subprocess.run(
                [str(Path(sys.executable).parent / "geokb"), "ingest", str(path), "--store", store, "-q"],
                check=False, capture_output=True, text=True))
        rows.append(Row("ingest", f"CLI `geokb ingest` {length}", words / seconds, words / wall["bare"], "words/s",
                        wall["bare"] / seconds, "", None,
                        f"one run, includes start-up and model load; exit {proc.returncode}"))
    return rows
