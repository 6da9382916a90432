"""The rows every benchmark returns, the printed table and the JSON report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One measured comparison: geokb's number, the reference's, their ratio and the goal."""

    section: str  # ingest | query | load | export | memory | scaling | shards
    name: str
    geokb: float | None
    reference: float | None = None
    unit: str = ""
    ratio: float | None = None
    goal: str = ""
    ok: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def table(rows: list[Row], markdown: bool = False) -> str:
    head = ["section", "measure", "geokb", "reference", "unit", "ratio", "goal", "note"]
    body = [[r.section, r.name, _num(r.geokb), _num(r.reference), r.unit,
             "—" if r.ratio is None else f"{r.ratio:.2f}",
             (r.goal + (" ✓" if r.ok else " ✗" if r.ok is False else "")).strip(), r.note] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in body]
        return "\n".join(lines)
    widths = [max(len(h), *(len(line[i]) for line in body)) if body else len(h) for i, h in enumerate(head)]
    widths[-1] = len(head[-1])
    fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(line) for line in body])


def write_json(path: Path, rows: list[Row], meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=2, ensure_ascii=False)
                    + "\n", encoding="utf-8")


def read_json(path: Path) -> tuple[list[Row], dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Row(**r) for r in data["rows"]], data["meta"]


if __name__ == "__main__":  # python -m benchmarks.report REPORT.json: the table as Markdown
    import sys

    rows, meta = read_json(Path(sys.argv[1]))
    print(table(rows, markdown=True))
    print(f"\n{meta['size']} run of {meta['started']}: {meta['seconds']:.0f} s on {meta['cpus']} CPUs, "
          f"load average {meta['load_average_start']} at the start, {meta['load_average_end']} at the end")
