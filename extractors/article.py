"""Article readers: ``.jsonl`` (one article a line), ``.txt`` and ``.html`` (one article a file).

Readers yield :class:`Article` records and report what they had to skip through a callback, so a
batch with one bad line still ingests the good ones and the user is told which file and line was
bad. What they decide about bad input:

- **Encodings.** UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a byte-order mark
  are read as such. Other bytes that are text but not UTF-8 are read as Windows-1252 (a superset of
  Latin-1's printable characters; Latin-1 where Windows-1252 leaves a byte undefined), with a note
  saying so; an HTML page's declared ``charset`` is used when it names one Python knows. Binary data
  (more than 1 % control characters) is skipped.
- **Characters.** Control characters other than tab, line and page breaks become spaces and lone
  surrogates (``"\\ud800"`` in JSON) become U+FFFD, one for one, so offsets into the text still hold.
- **Size.** An article longer than :data:`MAX_ARTICLE_CHARS` characters (spaCy's own
  ``nlp.max_length``) is skipped, as is an HTML file over :data:`MAX_HTML_BYTES`; a 50 MB "article"
  is a dump, not news, and would cost gigabytes to parse.
- **Records.** A JSONL line that is not a JSON object with a non-empty string ``id`` and ``text`` is
  skipped; so is a ``published`` that is not an ISO date or lies in the future (a mistyped year
  would otherwise resolve "last month" in the wrong decade). Without ``published`` relative dates
  stay unresolved.
- **Duplicates.** The first article with an id wins; later ones in the same run are skipped with a
  warning naming where the id was first read. (A later *run* replaces the article, by design.)
- **Files.** A file that cannot be read (gone since the run started, unreadable) is skipped; each
  file is opened only when its turn comes.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from .records import Article

SUFFIXES = {".jsonl": "jsonl", ".txt": "txt", ".html": "html", ".htm": "html"}
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's default nlp.max_length; news articles are under 100,000
MAX_HTML_BYTES = 20_000_000  # trafilatura's own MAX_FILE_SIZE for downloads
BINARY_SHARE = 0.01  # more control characters than this share of a text: binary data, not text

Warn = Callable[[str], None]

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not \t \n \v \f \r
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
                           re.IGNORECASE)


class InputError(Exception):
    """An input that cannot be read at all (missing file, unknown kind, binary or empty, too large)."""


# -- text ----------------------------------------------------------------------------------------
def clean(text: str) -> str:
    """``text`` with control characters as spaces and lone surrogates as U+FFFD, one for one."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text))


def _binary(text: str) -> bool:
    return len(text) - len(_CONTROL.sub("", text)) > len(text) * BINARY_SHARE


def _legacy(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def decode(data: bytes, where: str, note: Warn, declared: str | None = None) -> str:
    """Text of ``data`` (see the module's rules); :class:`InputError` for binary data.

    ``declared`` is an encoding the document names for itself (an HTML ``charset``), used when the
    bytes carry no byte-order mark and are not UTF-8.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise InputError(f"{where}: not {codec.upper().removesuffix('-SIG')} text despite its "
                                 f"byte-order mark (byte {err.start})") from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            text = _declared(data, declared)
            if text is None:
                if _binary(data.decode("latin-1")):
                    raise InputError(f"{where}: binary data, not text") from None
                text, codec = _legacy(data)
                note(f"{where}: not UTF-8 (byte {err.start}); read as {codec}")
    if _binary(text):
        raise InputError(f"{where}: binary data, not text")
    return clean(text)


def _declared(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(codecs.lookup(encoding).name)
    except (LookupError, ValueError):  # unknown, not a text encoding, or the bytes do not fit it
        return None


def read_text(path: Path, note: Warn | None = None) -> str:
    """The text of a file, decoded by the module's rules."""
    return decode(path.read_bytes(), str(path), note or _ignore)


def _ignore(message: str) -> None:
    pass


# -- records -------------------------------------------------------------------------------------
def parse_published(value: object) -> date | None:
    """An ISO date or date-time (``2024-05-02``, ``2024-05-02T10:00:00Z``) as a date; ``ValueError``
    for anything else and for dates after tomorrow (a publication date cannot lie ahead)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date string, not {type(value).__name__}")
    text = value.strip()
    try:
        day = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"published {value!r} is not an ISO date") from None
    if day > date.today() + timedelta(days=1):  # one day of slack for time zones
        raise ValueError(f"published {value!r} is in the future")
    return day


def _id(value: object) -> str:
    if value is None:
        raise ValueError("record has no 'id'")
    if not isinstance(value, str):
        raise ValueError(f"record 'id' must be a string, not {type(value).__name__}")
    ident = value.strip()
    if not ident:
        raise ValueError("record has no 'id' (it is blank)")
    if _CONTROL.search(ident) or _SURROGATE.search(ident) or "\n" in ident or "\r" in ident:
        raise ValueError(f"record id {ident!r} holds control characters")
    return ident


def article_from_record(record: object, published: date | None = None) -> Article:
    """An article from one JSON object of the input format; ``ValueError`` says what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("a record must be a JSON object")
    ident, text = _id(record.get("id")), record.get("text")
    text = clean(text) if isinstance(text, str) else None
    if not text or not text.strip():
        raise ValueError(f"record {ident!r} has no 'text'")
    pub = parse_published(record.get("published")) or published
    return Article(
        id=ident, text=text, published=pub,
        title=_str(record.get("title")), url=_str(record.get("url")), source=_str(record.get("source")),
    )


def _str(value: object) -> str | None:
    text = clean(value).strip() if isinstance(value, str) else ""
    return text or None


def _file_id(path: Path) -> str:
    """A file's article id: its name without suffix, undecodable bytes as U+FFFD, white space as one
    space (a line break in a file name would break the id)."""
    ident = " ".join(clean(path.stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")).split())
    if not ident:
        raise InputError(f"{path}: the file name gives no article id")
    return ident


# -- files ---------------------------------------------------------------------------------------
def expand_paths(paths: Iterable[Path], warn: Warn | None = None) -> list[Path]:
    """Files to read: each path given, and every readable file below a folder, sorted."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
            if not inside and warn is not None:
                warn(f"{path}: no .jsonl, .txt or .html files in this folder")
            found.extend(inside)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(f"{path}: unknown kind of file (expected .jsonl, .txt, .html or .htm)")
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def _jsonl(path: Path, warn: Warn, note: Warn, published: date | None) -> Iterator[tuple[str, Article]]:
    """(``file:line``, article) for each good line; bad lines are skipped with a warning."""
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # UTF-16/32: decode whole
            lines: Iterable[bytes | str] = decode(handle.read(), str(path), note).split("\n")
        else:
            lines = handle  # bytes split at b"\n" only: U+2028 inside a JSON string is no line break
        for lineno, line in enumerate(lines, 1):
            where = f"{path}:{lineno}"
            if isinstance(line, bytes):
                line = (line.removeprefix(codecs.BOM_UTF8) if lineno == 1 else line).rstrip(b"\r\n")
                if not line.strip():
                    continue
                try:
                    line = decode(line, where, note)
                except InputError as err:
                    warn(f"{where}: skipped: {str(err).removeprefix(where + ': ')}")
                    continue
            if not line.strip():
                continue
            try:
                yield where, article_from_record(json.loads(line), published)
            except RecursionError:
                warn(f"{where}: skipped: JSON nested too deeply")
            except ValueError as err:  # json.JSONDecodeError is a ValueError
                warn(f"{where}: skipped: {err}")


def read_jsonl(path: Path, warn: Warn, published: date | None = None,
               note: Warn | None = None) -> Iterator[Article]:
    for _, article in _jsonl(path, warn, note or warn, published):
        yield article


def read_txt(path: Path, published: date | None = None, note: Warn | None = None) -> Article:
    size = path.stat().st_size
    if size > 4 * MAX_ARTICLE_CHARS:  # even at 4 bytes a character, too long
        raise InputError(f"{path}: {size:,} bytes, longer than an article can be "
                         f"({MAX_ARTICLE_CHARS:,} characters); split it into articles")
    text = read_text(path, note)
    if not text.strip():
        raise InputError(f"{path}: empty article")
    return Article(id=_file_id(path), text=text, published=published)


def read_html(path: Path, published: date | None = None, note: Warn | None = None) -> Article:
    import trafilatura  # heavy: imported only when an HTML file is read

    note = note or _ignore
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        raise InputError(f"{path}: {size:,} bytes, more than a web page can be ({MAX_HTML_BYTES:,})")
    data = path.read_bytes()
    charset = _META_CHARSET.search(data[:4096])
    html = decode(data, str(path), note, charset.group(1).decode("ascii") if charset else None)
    if not html.strip():
        raise InputError(f"{path}: empty file")
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as err:  # noqa: BLE001 - trafilatura, htmldate and lxml raise assorted errors
        # (AssertionError, ValueError, RecursionError…) on malformed markup: the page is skipped, and said why
        raise InputError(f"{path}: the HTML could not be parsed ({type(err).__name__}: {err})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    text = clean(text) if isinstance(text, str) else None
    if not text or not text.strip():
        raise InputError(f"{path}: no article text found in the HTML")
    pub = published
    if pub is None and getattr(doc, "date", None):
        try:
            pub = parse_published(doc.date)
        except ValueError as err:
            note(f"{path}: page date ignored: {err}")
    return Article(id=_file_id(path), text=text, title=_str(getattr(doc, "title", None)),
                   url=_str(getattr(doc, "url", None)), published=pub)


def _articles(path: Path, warn: Warn, note: Warn, published: date | None) -> Iterator[tuple[str, Article]]:
    kind = SUFFIXES[path.suffix.lower()]
    if kind == "jsonl":
        yield from _jsonl(path, warn, note, published)
    elif kind == "txt":
        yield str(path), read_txt(path, published, note)
    else:
        yield str(path), read_html(path, published, note)


def read_articles(paths: Iterable[Path], warn: Warn, published: date | None = None,
                  note: Warn | None = None) -> Iterator[Article]:
    """Every article in ``paths`` (files or folders). Bad records and files are skipped with a warning
    through ``warn``; ``note`` (default: ``warn``) hears of repairs, such as a guessed encoding."""
    note = note or warn
    seen: dict[str, str] = {}
    for path in expand_paths(paths, warn):
        try:
            for where, article in _articles(path, warn, note, published):
                if len(article.text) > MAX_ARTICLE_CHARS:
                    warn(f"{where}: skipped: article {article.id!r} has {len(article.text):,} characters, "
                         f"more than {MAX_ARTICLE_CHARS:,}; split it into articles")
                elif article.id in seen:
                    warn(f"{where}: skipped: duplicate id {article.id!r} "
                         f"(first read from {seen[article.id]})")
                else:
                    seen[article.id] = where
                    yield article
        except InputError as err:
            warn(f"skipped: {err}")
        except OSError as err:
            warn(f"skipped: {path}: {err.strerror or err}")
