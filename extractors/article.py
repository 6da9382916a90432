"""Article readers: ``.jsonl`` (one article a line), ``.txt`` and ``.html`` (one article a file).

Readers yield :class:`Article` records and report what they had to skip through a callback, so a
batch with one bad line still ingests the good ones and the user is told which line was bad.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from .records import Article

SUFFIXES = {".jsonl": "jsonl", ".txt": "txt", ".html": "html", ".htm": "html"}

Warn = Callable[[str], None]


class InputError(Exception):
    """An input that cannot be read at all (missing file, unknown kind, undecodable text)."""


def parse_published(value: object) -> date | None:
    """An ISO date or date-time (``2024-05-02``, ``2024-05-02T10:00:00Z``) as a date."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date string, not {type(value).__name__}")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) == 10 else datetime.fromisoformat(
            text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"published {value!r} is not an ISO date") from None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each path given, and every readable file below a folder, sorted."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(f"{path}: unknown kind of file (expected .jsonl, .txt, .html or .htm)")
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text (byte {err.start}); convert it to UTF-8 first") from None


def article_from_record(record: object, published: date | None = None) -> Article:
    """An article from one JSON object of the input format; ``ValueError`` says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("a record must be a JSON object")
    ident, text = record.get("id"), record.get("text")
    if not isinstance(ident, str) or not ident.strip():
        raise ValueError("record has no 'id'")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"record {ident!r} has no 'text'")
    pub = parse_published(record.get("published")) or published
    return Article(
        id=ident.strip(), text=text, published=pub,
        title=_str(record.get("title")), url=_str(record.get("url")), source=_str(record.get("source")),
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def read_jsonl(path: Path, warn: Warn, published: date | None = None) -> Iterator[Article]:
    seen: set[str] = set()
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            article = article_from_record(json.loads(line), published)
        except (ValueError, json.JSONDecodeError) as err:
            warn(f"{path}:{lineno}: skipped: {err}")
            continue
        if article.id in seen:
            warn(f"{path}:{lineno}: skipped: duplicate id {article.id!r} in this file")
            continue
        seen.add(article.id)
        yield article


def read_txt(path: Path, published: date | None = None) -> Article:
    text = read_text(path)
    if not text.strip():
        raise InputError(f"{path}: empty article")
    return Article(id=path.stem, text=text, published=published)


def read_html(path: Path, published: date | None = None) -> Article:
    import trafilatura  # heavy: imported only when an HTML file is read

    doc = trafilatura.bare_extraction(read_text(path), with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(f"{path}: no article text found in the HTML")
    pub = published
    if pub is None and getattr(doc, "date", None):
        try:
            pub = parse_published(doc.date)
        except ValueError:
            pub = None
    return Article(id=path.stem, text=text, title=getattr(doc, "title", None) or None,
                   url=getattr(doc, "url", None) or None, published=pub)


def read_articles(paths: Iterable[Path], warn: Warn, published: date | None = None) -> Iterator[Article]:
    """Every article in ``paths`` (files or folders). Bad records and files are skipped with a warning."""
    for path in expand_paths(paths):
        kind = SUFFIXES[path.suffix.lower()]
        try:
            if kind == "jsonl":
                yield from read_jsonl(path, warn, published)
            elif kind == "txt":
                yield read_txt(path, published)
            else:
                yield read_html(path, published)
        except InputError as err:
            warn(f"skipped: {err}")
        except OSError as err:
            warn(f"skipped: {path}: {err.strerror or err}")
