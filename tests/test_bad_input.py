"""Bad input: what geokb does with each kind, and that nothing already stored is lost.

Each test stores a good article first, feeds the bad input, then checks the good article's graph is
exactly what it was. Inputs are generated here, in the test's own folder.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import resource
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from extractors.article import MAX_ARTICLE_CHARS, InputError, read_articles, read_html, read_txt
from extractors.nlp import MAX_SENTENCE_TOKENS, cap_sentences, load_pipeline, model_name
from kb.cli import main
from kb.errors import EXIT_PARTIAL, GeokbError

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"id": "good", "published": "2024-05-01", "text": "Canada sent 100 soldiers to Latvia in March 2024."}
CHAD = "Chad ended its defence accord with France in April 2024."
SAHEL = "France withdrew its troops from Mali last month."


# -- helpers -------------------------------------------------------------------------------------
def jsonl(path: Path, *records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
                    encoding="utf-8")
    return path


def graph_of(cli, store: Path, article: str) -> set[str]:
    """The article's graph as a set of N-Quads lines (its IRIs are deterministic: no blank nodes)."""
    result = cli("export", "--store", store, "--format", "nquads", "--article", article)
    assert result.code == 0, result.err
    return set(result.out.splitlines())


def events(cli, path: Path, *options) -> list[tuple]:
    """(type, agents, date) of each event ``geokb extract`` finds in a one-article file."""
    result = cli("extract", path, "--format", "json", *options)
    assert result.code == 0, result.err
    (record,) = result.json()
    return [(e["type"], tuple(e["agents"]), e["date"]) for e in record["events"]]


def collect(paths, published=None):
    """(articles, warnings, notes) the readers give for ``paths``."""
    warnings, notes = [], []
    got = list(read_articles([Path(p) for p in paths], warnings.append, published, notes.append))
    return got, warnings, notes


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    path = folder / "store"
    assert main(["ingest", str(jsonl(folder / "good.jsonl", GOOD)), "--store", str(path), "--quiet"]) == 0
    return path


@pytest.fixture
def store(good_store, tmp_path) -> Path:
    """A store of this test's own, holding the good article."""
    return Path(shutil.copytree(good_store, tmp_path / "store"))


@pytest.fixture
def good_graph(cli, good_store) -> set[str]:
    """The good article's graph as it was stored."""
    return graph_of(cli, good_store, "good")


def assert_good_kept(cli, store, good_graph):
    assert graph_of(cli, store, "good") == good_graph


# -- empty and whitespace --------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("name,content", [("empty.txt", b""), ("blank.txt", b"  \n\t\r\n  "),
                                          ("empty.jsonl", b""), ("blank.jsonl", b"\n \n\t\n")])
def test_empty_or_blank_file_exits_3_and_keeps_the_store(cli, store, good_graph, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("ingest", path, "--store", store, "--quiet")
    assert result.code == 3
    assert result.err_lines[-1] == "geokb: error: no article could be read from the input"
    assert_good_kept(cli, store, good_graph)


def test_empty_text_file_is_named_in_the_warning(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b" \n")
    got, warnings, _ = collect([tmp_path / "empty.txt"])
    assert (got, warnings) == ([], [f"skipped: {tmp_path / 'empty.txt'}: empty article"])


@pytest.mark.slow
def test_empty_file_among_good_ones_is_skipped_with_exit_8(cli, store, good_graph, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-empty.txt").write_bytes(b"")
    (tmp_path / "in" / "b-chad.txt").write_text(CHAD, encoding="utf-8")
    result = cli("ingest", tmp_path / "in", "--store", store, "--quiet")
    assert result.code == EXIT_PARTIAL
    assert result.err_lines == [f"geokb: warning: skipped: {tmp_path / 'in' / 'a-empty.txt'}: empty article"]
    assert_good_kept(cli, store, good_graph)
    assert cli("export", "--store", store, "--article", "b-chad").code == 0


# -- binary garbage -------------------------------------------------------------------------------
def garbage(size: int = 4096, seed: int = 6) -> bytes:
    return random.Random(seed).randbytes(size)


def test_binary_garbage_is_not_read_as_text(tmp_path):
    (tmp_path / "noise.txt").write_bytes(garbage())
    got, warnings, notes = collect([tmp_path / "noise.txt"])
    assert (got, notes) == ([], [])
    assert warnings == [f"skipped: {tmp_path / 'noise.txt'}: binary data, not text"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["noise.txt", "noise.html", "noise.jsonl"])
def test_binary_garbage_exits_3_and_keeps_the_store(cli, store, good_graph, tmp_path, name):
    (tmp_path / name).write_bytes(garbage())
    result = cli("ingest", tmp_path / name, "--store", store, "--quiet")
    assert result.code == 3
    assert_good_kept(cli, store, good_graph)


def test_binary_line_in_jsonl_skips_only_that_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + garbage(300).replace(b"\n", b" ") + b"\n"
                     + json.dumps({"id": "chad", "text": CHAD}).encode() + b"\n")
    got, warnings, _ = collect([path])
    assert [a.id for a in got] == ["good", "chad"]
    assert warnings == [f"{path}:2: skipped: binary data, not text"]


# -- encodings ------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_with_or_without_byte_order_mark_is_decoded(tmp_path, encoding):
    text = "Chad ended its défense accord with France at the Élysée in April 2024."
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    got, warnings, notes = collect([tmp_path / "a.txt"])
    assert ([a.text for a in got], warnings, notes) == ([text], [], [])


def test_latin1_text_is_read_with_a_note(tmp_path):
    (tmp_path / "a.txt").write_bytes("Troops left Ségou; café crème at the Élysée.".encode("latin-1"))
    got, warnings, notes = collect([tmp_path / "a.txt"])
    assert [a.text for a in got] == ["Troops left Ségou; café crème at the Élysée."]
    assert warnings == []
    assert notes == [f"{tmp_path / 'a.txt'}: not UTF-8 (byte 13); read as Windows-1252"]


def test_windows_1252_quotes_are_decoded(tmp_path):
    (tmp_path / "a.txt").write_bytes("\u201cWe are leaving\u201d \u2014 the minister said.".encode("cp1252"))
    got, _, _ = collect([tmp_path / "a.txt"])
    assert [a.text for a in got] == ["\u201cWe are leaving\u201d \u2014 the minister said."]


def test_bytes_windows_1252_leaves_undefined_are_read_as_latin1(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Chad \x81 left.")
    got, _, notes = collect([tmp_path / "a.txt"])
    assert [a.text for a in got] == ["Chad \x81 left."]
    assert notes == [f"{tmp_path / 'a.txt'}: not UTF-8 (byte 5); read as Latin-1"]


def test_utf16_without_byte_order_mark_is_skipped_as_binary(tmp_path):
    (tmp_path / "a.txt").write_bytes(CHAD.encode("utf-16-le"))
    got, warnings, _ = collect([tmp_path / "a.txt"])
    assert (got, warnings) == ([], [f"skipped: {tmp_path / 'a.txt'}: binary data, not text"])


def test_latin1_jsonl_line_is_read_with_a_note(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(json.dumps({"id": "x", "text": "Café in Ségou."}, ensure_ascii=False).encode("latin-1") + b"\n")
    got, warnings, notes = collect([path])
    assert ([a.text for a in got], warnings) == (["Café in Ségou."], [])
    assert notes == [f"{path}:1: not UTF-8 (byte 24); read as Windows-1252"]


def test_html_declared_charset_is_used(tmp_path):
    page = ('<html><head><meta charset="iso-8859-1"><title>Accord</title></head><body><article>'
            f"<p>{CHAD} The decision surprised observers in N'Djamena and in Bongor, café owners "
            "said, who had expected talks to continue for several more months.</p></article></body></html>")
    (tmp_path / "a.html").write_bytes(page.encode("latin-1"))
    got, warnings, notes = collect([tmp_path / "a.html"])
    assert (warnings, notes) == ([], [])
    assert "café owners" in got[0].text


@pytest.mark.slow
def test_latin1_file_is_ingested_with_exit_0(cli, store, good_graph, tmp_path):
    (tmp_path / "chad.txt").write_bytes(f"{CHAD} Café.".encode("latin-1"))
    result = cli("ingest", tmp_path / "chad.txt", "--store", store, "--quiet", "--published", "2024-05-01")
    assert result.code == 0
    assert result.err_lines == [f"geokb: note: {tmp_path / 'chad.txt'}: not UTF-8 (byte 60); read as Windows-1252"]
    assert_good_kept(cli, store, good_graph)


def test_control_characters_and_lone_surrogates_are_replaced_one_for_one(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "Chad\x00 left\ud800 Mali\x1b.", "title": "T\ud83d"})
    got, warnings, _ = collect([path])
    assert warnings == []
    assert (got[0].text, got[0].title) == ("Chad  left\ufffd Mali .", "T\ufffd")


@pytest.mark.slow
def test_lone_surrogate_in_json_text_is_ingested(cli, store, good_graph, tmp_path):
    path = jsonl(tmp_path / "a.jsonl", '{"id": "sur", "published": "2024-05-01", "text": "' + CHAD + ' \\ud800"}')
    assert cli("ingest", path, "--store", store, "--quiet").code == 0
    assert_good_kept(cli, store, good_graph)


def test_text_separators_inside_json_strings_do_not_split_the_line(tmp_path):
    text = "Chad\u2028ended\u2029its accord\x85with France\x0c."
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    got, warnings, _ = collect([path])
    assert ([a.text for a in got], warnings) == ([text], [])


def test_undecodable_file_name_gives_a_readable_id(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(CHAD, encoding="utf-8")
    got, _, _ = collect([tmp_path / name])
    assert [a.id for a in got] == ["caf\ufffd"]


def test_line_break_in_a_file_name_becomes_a_space_in_the_id(tmp_path):
    (tmp_path / "chad\nend.txt").write_text(CHAD, encoding="utf-8")
    got, _, _ = collect([tmp_path / "chad\nend.txt"])
    assert [a.id for a in got] == ["chad end"]


def test_file_name_that_gives_no_id_is_skipped(tmp_path):
    (tmp_path / " .txt").write_text(CHAD, encoding="utf-8")
    got, warnings, _ = collect([tmp_path / " .txt"])
    assert (got, warnings) == ([], [f"skipped: {tmp_path / ' .txt'}: the file name gives no article id"])


# -- size -----------------------------------------------------------------------------------------
def test_50_mb_text_file_is_skipped_without_reading_it(tmp_path):
    path = tmp_path / "dump.txt"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # a sparse file: the size is all the reader may look at
    with pytest.raises(InputError, match=r"52,428,800 bytes, longer than an article can be \(1,000,000 characters\)"):
        read_txt(path)


def test_article_of_exactly_the_limit_is_read_and_one_more_character_is_not(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", {"id": "at", "text": "x" * MAX_ARTICLE_CHARS},
                 {"id": "over", "text": "x" * (MAX_ARTICLE_CHARS + 1)})
    got, warnings, _ = collect([path])
    assert [a.id for a in got] == ["at"]
    assert warnings == [(f"{path}:2: skipped: article 'over' has 1,000,001 characters, more than 1,000,000; "
                         "split it into articles")]


def test_50_mb_html_is_skipped_without_parsing(tmp_path):
    path = tmp_path / "dump.html"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="more than a web page can be"):
        read_html(path)


@pytest.mark.slow
def test_50_mb_article_is_skipped_and_the_rest_ingested(cli, store, good_graph, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_bytes(b"Chad left. " * (50 * 1024 * 1024 // 11))
    jsonl(tmp_path / "in" / "small.jsonl", {"id": "chad", "published": "2024-05-01", "text": CHAD})
    result = cli("ingest", tmp_path / "in", "--store", store, "--quiet")
    assert result.code == EXIT_PARTIAL
    assert len(result.err_lines) == 1 and "big.txt" in result.err and "longer than an article" in result.err
    assert_good_kept(cli, store, good_graph)
    assert cli("export", "--store", store, "--article", "chad").code == 0


# -- JSONL records --------------------------------------------------------------------------------
@pytest.mark.slow
def test_malformed_line_among_good_ones_skips_that_line_only(cli, store, good_graph, tmp_path):
    path = jsonl(tmp_path / "a.jsonl", {"id": "chad", "text": CHAD}, '{"id": "broken", "text": "no end',
                 {"id": "sahel", "text": SAHEL})
    result = cli("ingest", path, "--store", store, "--quiet")
    assert result.code == EXIT_PARTIAL
    assert result.err_lines == [(f"geokb: warning: {path}:2: skipped: Unterminated string starting at: "
                                 "line 1 column 26 (char 25)")]
    assert_good_kept(cli, store, good_graph)
    assert cli("remove", "chad", "sahel", "--store", store).code == 0


@pytest.mark.parametrize("record,reason", [
    ({"text": CHAD}, "record has no 'id'"),
    ({"id": None, "text": CHAD}, "record has no 'id'"),
    ({"id": "  ", "text": CHAD}, "record has no 'id' (it is blank)"),
    ({"id": 42, "text": CHAD}, "record 'id' must be a string, not int"),
    ({"id": "a\nb", "text": CHAD}, "record id 'a\\nb' holds control characters"),
    ({"id": "no-text"}, "record 'no-text' has no 'text'"),
    ({"id": "blank", "text": " \n "}, "record 'blank' has no 'text'"),
    ({"id": "list", "text": ["Chad left."]}, "record 'list' has no 'text'"),
    ({"id": "controls", "text": "\x1b\x00\x7f"}, "record 'controls' has no 'text'"),
    ([GOOD], "a record must be a JSON object"),
    ("[" * 100_000, "JSON nested too deeply"),
])
def test_invalid_record_is_skipped_with_its_reason(tmp_path, record, reason):
    path = jsonl(tmp_path / "a.jsonl", GOOD, record if isinstance(record, str) else json.dumps(record))
    got, warnings, _ = collect([path])
    assert [a.id for a in got] == ["good"]
    assert warnings == [f"{path}:2: skipped: {reason}"]


def test_duplicate_id_in_one_file_keeps_the_first(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", GOOD, {"id": "good", "text": CHAD})
    got, warnings, _ = collect([path])
    assert [a.text for a in got] == [GOOD["text"]]
    assert warnings == [f"{path}:2: skipped: duplicate id 'good' (first read from {path}:1)"]


def test_duplicate_id_across_files_of_one_run_keeps_the_first(tmp_path):
    first = jsonl(tmp_path / "a.jsonl", GOOD)
    (tmp_path / "good.txt").write_text(CHAD, encoding="utf-8")
    got, warnings, _ = collect([first, tmp_path / "good.txt"])
    assert [a.text for a in got] == [GOOD["text"]]
    assert warnings == [f"{tmp_path / 'good.txt'}: skipped: duplicate id 'good' (first read from {first}:1)"]


@pytest.mark.slow
def test_duplicate_id_in_a_later_run_replaces_the_article(cli, store, tmp_path):
    path = jsonl(tmp_path / "again.jsonl", {"id": "good", "published": "2024-05-01", "text": CHAD})
    assert cli("ingest", path, "--store", store, "--quiet").code == 0
    assert events(cli, path) == [("AccordTermination", ("TCD",), "2024-04")]
    types = cli("stats", "--store", store, "--format", "json").json()["by_type"]
    assert types == {"AccordTermination": 1}


# -- publication dates ----------------------------------------------------------------------------
@pytest.mark.parametrize("published,reason", [
    ("yesterday", "published 'yesterday' is not an ISO date"),
    ("2024-13-01", "published '2024-13-01' is not an ISO date"),
    ("02/05/2024", "published '02/05/2024' is not an ISO date"),
    (20240502, "published must be an ISO date string, not int"),
    ("2999-01-01", "published '2999-01-01' is in the future"),
    ("2999-01-01T00:00:00Z", "published '2999-01-01T00:00:00Z' is in the future"),
])
def test_bad_publication_date_skips_the_record(tmp_path, published, reason):
    path = jsonl(tmp_path / "a.jsonl", {"id": "x", "text": SAHEL, "published": published})
    got, warnings, _ = collect([path])
    assert (got, warnings) == ([], [f"{path}:1: skipped: {reason}"])


@pytest.mark.parametrize("published,day", [("2024-05-02", date(2024, 5, 2)),
                                           ("2024-05-02T23:30:00-05:00", date(2024, 5, 2)),
                                           ("2024-05-02T10:00:00Z", date(2024, 5, 2))])
def test_iso_publication_dates_are_read(tmp_path, published, day):
    got, _, _ = collect([jsonl(tmp_path / "a.jsonl", {"id": "x", "text": SAHEL, "published": published})])
    assert [a.published for a in got] == [day]


@pytest.mark.slow
def test_without_publication_date_last_month_stays_unresolved(cli, tmp_path):
    (tmp_path / "sahel.txt").write_text(SAHEL, encoding="utf-8")
    assert events(cli, tmp_path / "sahel.txt") == [("TroopWithdrawal", ("FRA",), None)]


@pytest.mark.slow
def test_with_publication_date_last_month_is_resolved(cli, tmp_path):
    (tmp_path / "sahel.txt").write_text(SAHEL, encoding="utf-8")
    assert events(cli, tmp_path / "sahel.txt", "--published", "2024-05-02") == [
        ("TroopWithdrawal", ("FRA",), "2024-04")]


# -- languages and markup -------------------------------------------------------------------------
NON_ENGLISH = {
    "fr": "La France a retiré ses troupes du Mali en mars 2024. Le Niger a mis fin à son accord avec le Bénin.",
    "zh": "法国于2024年3月从马里撤军。俄罗斯向尼日尔派遣了士兵。",
    "ar": "سحبت فرنسا قواتها من مالي في مارس 2024.",
    "ru": "Франция вывела свои войска из Мали в марте 2024 года.",
    "mixed": "Der Tschad beendete sein Abkommen mit Frankreich. \U0001F1F9\U0001F1E9 \u202eRTL\u202c \u200b.",
}


@pytest.mark.slow
def test_non_english_articles_are_stored_without_events(cli, store, good_graph, tmp_path):
    path = jsonl(tmp_path / "world.jsonl", *({"id": k, "published": "2024-05-01", "text": v}
                                             for k, v in NON_ENGLISH.items()))
    result = cli("ingest", path, "--store", store, "--quiet")
    assert (result.code, result.err) == (0, "")
    stats = cli("stats", "--store", store, "--format", "json").json()
    assert (stats["articles"], stats["events"]) == (1 + len(NON_ENGLISH), 1)
    assert_good_kept(cli, store, good_graph)


HOSTILE_HTML = f"""<!DOCTYPE html>
<html><head><title>Accord ends</title><meta name="date" content="2024-05-01">
<script>var s = "France withdrew its troops from Mali in March 2024."; document.write(s);</script>
<style>body {{ content: "Russia sent soldiers to Niger."; }}</style></head>
<body><iframe src="https://example.org/ad"><p>Germany sent troops to Lithuania.</p></iframe>
<nav><a href="/">Home</a></nav><article><h1>Accord ends</h1>
<p>{CHAD} The decision surprised observers in N'Djamena, who had expected talks to continue.</p>
<table><tr><td><table><tr><td><table><tr><td>Nested cell one</td><td>Nested cell two</td></tr></table>
</td></tr></table></td></tr></table>
<p>Officials said the government would review other agreements in the coming weeks.</p>
<script>alert("Canada sent soldiers to Latvia.")</script><noscript>Italy withdrew its troops from Niger.</noscript>
</article></body></html>"""


def test_html_scripts_styles_and_iframes_are_not_article_text(tmp_path):
    (tmp_path / "page.html").write_text(HOSTILE_HTML, encoding="utf-8")
    article = read_html(tmp_path / "page.html")
    for hidden in ("France withdrew", "Russia sent", "Germany sent", "Canada sent", "Italy withdrew", "Home"):
        assert hidden not in article.text
    assert (article.title, article.published) == ("Accord ends", date(2024, 5, 1))


def test_html_nested_tables_keep_their_cells(tmp_path):
    (tmp_path / "page.html").write_text(HOSTILE_HTML, encoding="utf-8")
    assert "Nested cell one | Nested cell two" in read_html(tmp_path / "page.html").text


@pytest.mark.slow
def test_hostile_html_gives_only_the_articles_event(cli, tmp_path):
    (tmp_path / "page.html").write_text(HOSTILE_HTML, encoding="utf-8")
    assert events(cli, tmp_path / "page.html") == [("AccordTermination", ("TCD",), "2024-04")]


@pytest.mark.parametrize("page", ["", "<html><body></body></html>", "<script>alert(1)</script>",
                                  "<" * 10_000, "<div>" * 50_000 + "Chad left." + "</div>" * 50_000])
def test_html_without_article_text_is_skipped(tmp_path, page):
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    got, warnings, _ = collect([tmp_path / "page.html"])
    assert got == []
    assert len(warnings) == 1 and warnings[0].startswith(f"skipped: {tmp_path / 'page.html'}: ")


# -- long sentences -------------------------------------------------------------------------------
UNPUNCTUATED = "France withdrew its troops from Mali and " * 500 + "Niger ended its accord"  # 20,522 characters


@pytest.mark.slow
def test_unpunctuated_text_is_parsed_in_bounded_sentences():
    doc = load_pipeline(model_name())(UNPUNCTUATED)
    assert max(len(sent) for sent in doc.sents) == MAX_SENTENCE_TOKENS


@pytest.mark.slow
def test_extremely_long_sentence_is_ingested(cli, store, good_graph, tmp_path):
    (tmp_path / "long.txt").write_text(UNPUNCTUATED, encoding="utf-8")
    result = cli("ingest", tmp_path / "long.txt", "--store", store, "--quiet", "--published", "2024-05-01")
    assert (result.code, result.err) == (0, "")
    assert_good_kept(cli, store, good_graph)


def test_sentence_cap_starts_a_sentence_every_200_tokens_without_a_full_stop():
    doc = cap_sentences(load_pipeline(model_name()).make_doc("word " * 450))
    assert [t.i for t in doc if t.is_sent_start] == [0, 200, 400]


def test_sentence_cap_leaves_punctuated_text_alone():
    doc = cap_sentences(load_pipeline(model_name()).make_doc(("word " * 150 + ". ") * 3))
    assert [t.i for t in doc if t.is_sent_start] == [0]


# -- files that go away ---------------------------------------------------------------------------
def test_file_that_vanishes_mid_run_is_skipped_and_the_rest_read(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"{CHAD} ({name})", encoding="utf-8")
    warnings = []
    reader = read_articles([tmp_path], warnings.append)
    first = next(reader)
    (tmp_path / "b.txt").unlink()  # gone after the run has started, before its turn
    rest = list(reader)
    assert [a.id for a in [first, *rest]] == ["a", "c"]
    assert warnings == [f"skipped: {tmp_path / 'b.txt'}: No such file or directory"]


def test_jsonl_deleted_while_being_read_is_read_to_its_end(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", GOOD, {"id": "chad", "text": CHAD})
    reader = read_articles([path], print)
    first = next(reader)
    path.unlink()  # the open file stays readable until closed
    assert [first.id, *(a.id for a in reader)] == ["good", "chad"]


@pytest.mark.slow
def test_folder_that_vanishes_before_the_run_exits_3(cli, store, good_graph, tmp_path):
    result = cli("ingest", tmp_path / "gone", "--store", store, "--quiet")
    assert (result.code, result.err_lines) == (3, [f"geokb: error: {tmp_path / 'gone'}: no such file or folder"])
    assert_good_kept(cli, store, good_graph)


# -- stores that cannot be written ----------------------------------------------------------------
PR_CAPBSET_DROP = 24
FILE_OVERRIDES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def as_ordinary_user() -> None:
    """In a child: make file permissions bind, as for any user. Root keeps its uid but loses the
    capabilities that override permissions (dropped from the bounding set, so they stay dropped
    across exec); for other users this does nothing."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in FILE_OVERRIDES:
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def geokb(*args, preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, preexec_fn=preexec_fn, check=False)


def chmod_tree(path: Path, writable: bool) -> None:
    for item in [path, *path.rglob("*")]:
        mode = item.stat().st_mode
        item.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture
def read_only_store(store):
    chmod_tree(store, writable=False)
    yield store
    chmod_tree(store, writable=True)


@pytest.mark.slow
def test_ingest_into_a_read_only_store_exits_4_with_one_line(read_only_store, tmp_path):
    source = jsonl(tmp_path / "chad.jsonl", {"id": "chad", "text": CHAD})
    done = geokb("ingest", source, "--store", read_only_store, "--quiet", preexec_fn=as_ordinary_user)
    assert done.returncode == 4
    assert done.stderr == f"geokb: error: cannot open store {read_only_store}: Permission denied\n"


@pytest.mark.slow
def test_read_only_store_still_answers_queries(read_only_store):
    done = geokb("query", "events", "--store", read_only_store, "--format", "csv", preexec_fn=as_ordinary_user)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1].split(",")[2:4] == ["good", "CAN"]


@pytest.mark.slow
def test_read_only_store_loses_nothing(cli, read_only_store, good_graph, tmp_path):
    geokb("ingest", jsonl(tmp_path / "chad.jsonl", {"id": "chad", "text": CHAD}), "--store", read_only_store,
          "--quiet", preexec_fn=as_ordinary_user)
    geokb("remove", "good", "--store", read_only_store, preexec_fn=as_ordinary_user)
    chmod_tree(read_only_store, writable=True)
    assert_good_kept(cli, read_only_store, good_graph)


def no_room(limit: int):
    """In a child: no file may grow past ``limit`` bytes (RLIMIT_FSIZE: writes fail with EFBIG, as on
    a full disk they fail with ENOSPC; Python ignores SIGXFSZ, so the write returns the error)."""
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


FULL = 256 * 1024  # room to open the store and write a few articles, then no more


def many(path: Path, n: int) -> Path:
    return jsonl(path, *({"id": f"a{i}", "published": "2024-05-01", "text": f"{CHAD} Report {i}."} for i in range(n)))


@pytest.fixture(scope="module")
def full(good_store, tmp_path_factory):
    """An ingest of 200 articles into a copy of the good store that fills up mid-run."""
    folder = tmp_path_factory.mktemp("full")
    store = Path(shutil.copytree(good_store, folder / "store"))
    source = many(folder / "many.jsonl", 200)
    done = geokb("ingest", source, "--store", store, "--quiet", preexec_fn=no_room(FULL))
    return store, source, done


@pytest.mark.slow
def test_full_store_exits_4_with_one_line(full):
    store, _, done = full
    assert done.returncode == 4
    assert done.stderr.startswith(f"geokb: error: cannot write to store {store}: ")
    assert done.stderr.count("\n") == 1 and "File too large" in done.stderr


@pytest.mark.slow
def test_full_store_keeps_whole_articles(cli, full, good_graph):
    store = full[0]
    stored = cli("stats", "--store", store, "--format", "json").json()
    assert 1 < stored["articles"] < 201  # the disk filled up mid-run
    assert stored["events"] == stored["articles"]  # each stored article has its one event: none is partial
    assert_good_kept(cli, store, good_graph)


@pytest.mark.slow
def test_full_store_takes_the_rest_once_there_is_room(cli, full, tmp_path):
    store = Path(shutil.copytree(full[0], tmp_path / "store"))
    assert cli("ingest", full[1], "--store", store, "--quiet").code == 0
    assert cli("stats", "--store", store, "--format", "json").json()["articles"] == 201


# -- the README -----------------------------------------------------------------------------------
def test_readme_lists_every_exit_code_the_code_uses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Errors and exit codes", 1)[1].split("\n## ", 1)[0]
    listed = {int(line.split("|")[1]) for line in section.splitlines() if line.startswith("| ") and
              line.split("|")[1].strip().isdigit()}

    def codes(cls):
        return {cls.exit_code} | set().union(*(codes(sub) for sub in cls.__subclasses__()))

    assert listed == {0, EXIT_PARTIAL} | (codes(GeokbError) - {GeokbError.exit_code})
