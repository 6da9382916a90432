"""Fuzzing the article readers: whatever the bytes of a .jsonl, .txt or .html file, reading it gives
articles fit for the pipeline, or warnings — never an uncaught exception.

"Fit for the pipeline" is what spaCy, rdflib and Oxigraph need further on: a non-empty id that makes
an IRI, a text within the size limit that encodes as UTF-8 (no lone surrogates), no control
characters but tab and line breaks.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.article import (
    MAX_ARTICLE_CHARS,
    InputError,
    article_from_record,
    decode,
    parse_published,
    read_articles,
)
from extractors.rdf import article_iri

EXAMPLES = int(os.environ.get("GEOKB_FUZZ_EXAMPLES", "200"))  # bounded in the suite; set it higher to dig
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
records = st.fixed_dictionaries({}, optional={
    "id": st.text() | json_values, "text": st.text() | json_values, "published": st.text(max_size=30) | json_values,
    "title": st.text() | json_values, "url": st.text() | json_values, "source": st.text() | json_values})
lines = st.one_of(
    records.map(lambda r: json.dumps(r, ensure_ascii=False)),
    records.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=200),
)
HTML_PIECES = ["<html>", "</html>", "<body>", "</body>", "<article>", "</article>", "<p>", "</p>", "<div>",
               "</div>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<script>", "</script>", "<style>",
               "<iframe src='x'>", "</iframe>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;",
               "&lol;", "<!DOCTYPE html>", '<meta charset="x-unknown">', '<meta charset="utf-16">',
               '<meta name="date" content="2999-99-99">', "<title>", "</title>", "<", ">", "\x00", "\ufeff",
               "Chad ended its defence accord with France in April 2024. ", "\n"]
html = st.lists(st.sampled_from(HTML_PIECES) | st.text(max_size=20), max_size=60).map("".join)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read(path: Path):
    warnings: list[str] = []
    articles = list(read_articles([path], warnings.append, None, warnings.append))
    return articles, warnings


def assert_fit(article) -> None:
    assert isinstance(article.id, str) and article.id.strip() == article.id and article.id
    assert not CONTROL.search(article.id) and "\n" not in article.id
    article_iri(article.id)  # makes an IRI
    assert isinstance(article.text, str) and article.text.strip()
    assert len(article.text) <= MAX_ARTICLE_CHARS
    assert not CONTROL.search(article.text)
    article.text.encode("utf-8")  # no lone surrogates: spaCy's tokenizer would raise on them
    for value in (article.title, article.url, article.source):
        assert value is None or (isinstance(value, str) and value.encode("utf-8"))
    assert article.published is None or isinstance(article.published, date)


@FUZZ
@given(content=st.lists(lines, max_size=8))
def test_any_jsonl_lines_give_fit_articles_or_warnings(folder, content):
    path = folder / "fuzz.jsonl"
    path.write_text("\n".join(content), encoding="utf-8", errors="surrogatepass")
    articles, warnings = read(path)
    for article in articles:
        assert_fit(article)
    assert len(articles) + len(warnings) <= max(len(path.read_bytes().split(b"\n")), 1)
    assert all(str(path) in warning for warning in warnings)  # each names the file (and line)


@FUZZ
@given(content=st.binary(max_size=2000))
def test_any_jsonl_bytes_give_fit_articles_or_warnings(folder, content):
    path = folder / "fuzz.jsonl"
    path.write_bytes(content)
    articles, _ = read(path)
    for article in articles:
        assert_fit(article)


@FUZZ
@given(content=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_txt_bytes_give_one_article_or_one_warning(folder, content):
    path = folder / "fuzz.txt"
    path.write_bytes(content)
    articles, warnings = read(path)
    assert len([w for w in warnings if "skipped" in w]) + len(articles) == 1
    for article in articles:
        assert_fit(article)


@FUZZ
@given(page=html, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]))
def test_any_html_gives_one_article_or_one_warning(folder, page, encoding):
    path = folder / "fuzz.html"
    path.write_bytes(page.encode(encoding, "replace"))
    articles, warnings = read(path)
    assert len([w for w in warnings if "skipped" in w]) + len(articles) == 1
    for article in articles:
        assert_fit(article)


@FUZZ
@given(data=st.binary(max_size=500), declared=st.none() | st.text(max_size=12))
def test_decode_gives_clean_text_or_input_error(data, declared):
    try:
        text = decode(data, "x", lambda message: None, declared)
    except InputError:
        return
    assert not CONTROL.search(text)
    text.encode("utf-8")


@FUZZ
@given(record=json_values | records)
def test_a_record_is_an_article_or_a_value_error(record):
    try:
        article = article_from_record(record)
    except ValueError:
        return
    assert_fit(article)


@FUZZ
@given(value=json_values | st.text(alphabet="0123456789-:TZ+. W", max_size=30))
def test_published_is_a_date_none_or_a_value_error(value):
    try:
        day = parse_published(value)
    except ValueError:
        return
    assert day is None or isinstance(day, date)
