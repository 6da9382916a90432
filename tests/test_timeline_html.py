"""The self-contained HTML timeline (``geokb timeline --format html``), rendered in headless Chromium.

Debian's ``/usr/bin/chromium`` is driven through Playwright (never a downloaded browser), with the
network switched off as far as Chromium allows. The small page comes from the fixture store of
``test_timeline.py`` (six dated events, two undated); the large one from 10,000 generated events.
"""

from __future__ import annotations

import random
import struct
import time
from datetime import date
from pathlib import Path

import pytest

from kb.timeline import Actor, Location, Source, TimelineEvent
from kb.timeline_html import render_page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIXTURE = Path(__file__).parent / "fixtures" / "timeline" / "articles.jsonl"
DATED = ["2022 AccordTermination", "2023-07 Coup", "2024-01 CooperationAgreement", "2024-03 DiplomaticVisit",
         "2024-03 AccordTermination", "2024-04-11 TroopDeployment"]
TYPES = ["Coup", "AccordTermination", "TroopWithdrawal", "TroopDeployment", "CooperationAgreement",
         "DiplomaticVisit", "Demand"]
COUNTRIES = [("NER", "Niger"), ("MLI", "Mali"), ("BFA", "Burkina Faso"), ("TCD", "Chad"), ("FRA", "France"),
             ("USA", "United States"), ("RUS", "Russian Federation"), ("DEU", "Germany")]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def fixture_page_file(tmp_path_factory) -> Path:
    from kb.cli import main

    folder = tmp_path_factory.mktemp("timeline-html")
    store, page = folder / "store", folder / "timeline.html"
    assert main(["ingest", str(FIXTURE), "--store", str(store), "--quiet"]) == 0
    assert main(["timeline", "--store", str(store), "--format", "html", "--output", str(page)]) == 0
    return page


class Opened:
    """A page loaded in Chromium, with every request it made and every script error it raised."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready]")
        self.load_seconds = time.perf_counter() - started

    def rows(self, list_id: str) -> list[str]:
        return self.page.eval_on_selector_all(
            f"#{list_id} li.event", "rows => rows.map(r => (r.dataset.date + ' ' + r.dataset.type).trim())")

    def close(self):
        self.page.close()


@pytest.fixture
def opened(browser, fixture_page_file):
    page = Opened(browser, fixture_page_file)
    yield page
    page.close()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# -- the fixture page ----------------------------------------------------------------------------------
def test_page_shows_dated_events_in_date_order_and_undated_apart(opened):
    assert opened.rows("dated") == DATED
    assert opened.rows("undated") == ["TroopWithdrawal", "Demand"]
    assert opened.page.inner_text("#summary") == "8 of 8 events: 6 dated, 2 undated."
    assert opened.errors == []


def test_screenshot_of_the_page_is_a_real_image(opened, tmp_path):
    shot = tmp_path / "timeline.png"
    opened.page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(shot)
    assert width >= 1280 and height >= 900
    assert shot.stat().st_size > 20_000  # text, badges and cards, not a blank page


def test_dates_are_shown_at_their_precision(opened):
    times = opened.page.eval_on_selector_all("#dated time", "ts => ts.map(t => [t.textContent, t.dateTime])")
    assert times == [[d.split()[0], d.split()[0]] for d in DATED]


def test_type_filter_hides_the_other_types(opened):
    opened.page.select_option("#type-filter", "AccordTermination")
    assert opened.rows("dated") == ["2022 AccordTermination", "2024-03 AccordTermination"]
    assert opened.page.is_hidden("#undated-section")
    opened.page.select_option("#type-filter", "")
    assert opened.rows("dated") == DATED


def test_country_filter_keeps_events_that_involve_the_country(opened):
    opened.page.select_option("#country-filter", "MLI")
    assert opened.rows("dated") == ["2022 AccordTermination", "2024-04-11 TroopDeployment"]
    assert opened.rows("undated") == []


def test_filters_offer_the_types_and_countries_with_their_counts(opened):
    options = opened.page.eval_on_selector_all("#type-filter option", "os => os.map(o => o.textContent)")
    assert options == ["All types", "Accord termination (2)", "Cooperation agreement (1)", "Coup (1)", "Demand (1)",
                       "Diplomatic visit (1)", "Troop deployment (1)", "Troop withdrawal (1)"]
    countries = opened.page.eval_on_selector_all("#country-filter option", "os => os.map(o => o.value)")
    assert countries == ["", "FRA", "MLI", "NER", "RUS", "USA"]  # by name: France, Mali, Niger, Russian…, United…


def test_each_event_shows_its_evidence_and_source(opened):
    visit = opened.page.locator("#dated li.event").nth(3)
    assert visit.locator("blockquote").inner_text() == "In March 2024, an American delegation visited Niamey."
    link = visit.locator(".source a")
    assert (link.inner_text(), link.get_attribute("href")) == ("Niger turns from Washington to Moscow",
                                                               "https://example.org/news/niger-turn")
    assert visit.locator(".source").inner_text().endswith("(niger-turn)")


def test_page_requests_nothing_but_itself(opened, fixture_page_file):
    assert opened.requests == [fixture_page_file.as_uri()]


def test_page_source_names_no_remote_script_style_or_font(fixture_page_file):
    text = fixture_page_file.read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text and "@import" not in text and "url(" not in text


# -- hostile text and many events ------------------------------------------------------------------------
def event(n: int, rng: random.Random, evidence: str | None = None) -> TimelineEvent:
    precision = rng.choice(["year", "month", "day", "day", None])
    day = date(2000, 1, 1).toordinal() + rng.randrange(9000)
    value = date.fromordinal(day).isoformat()[: {"year": 4, "month": 7, "day": 10, None: 0}[precision]] or None
    agent, target = rng.sample(COUNTRIES, 2)
    return TimelineEvent(
        iri=f"https://w3id.org/geokb/id/event/generated/{n}", type=rng.choice(TYPES), date=value,
        precision=precision, agents=(Actor(*agent),), targets=(Actor(*target),),
        location=Location(agent[1], agent[0]), status=rng.choice(["completed", "planned", None]),
        evidence=evidence or f"Generated sentence number {n} about {agent[1]} and {target[1]}.",
        source=Source(f"article-{n // 10}", f"Generated article {n // 10}", f"https://example.org/{n // 10}"))


def generated(count: int) -> list[TimelineEvent]:
    """``count`` events in the order the query gives: dated ones by date, undated last."""
    rng = random.Random(5)
    events = [event(n, rng) for n in range(count)]
    return sorted(events, key=lambda e: (e.date is None, e.date or ""))


def test_evidence_with_markup_is_shown_as_text(browser, tmp_path):
    hostile = 'He said "</script><script>document.title=\'owned\'</script><b>bold</b>" & left.'
    path = tmp_path / "hostile.html"
    path.write_text(render_page([event(1, random.Random(1), hostile)], title="<i>Sahel</i>"), encoding="utf-8")
    page = Opened(browser, path)
    try:
        assert page.page.locator("blockquote").inner_text() == hostile
        assert page.page.title() == "<i>Sahel</i>"
        assert page.errors == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def big_page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("timeline-10k") / "timeline.html"
    path.write_text(render_page(generated(10_000)), encoding="utf-8")
    page = Opened(browser, path)
    yield page
    page.close()


def test_page_of_10000_events_loads_within_three_seconds(big_page):
    assert big_page.load_seconds < 3.0
    assert big_page.errors == []
    assert big_page.page.inner_text("#summary").startswith("10000 of 10000 events")


def test_page_of_10000_events_renders_in_order_a_chunk_at_a_time(big_page):
    first = [r.split()[0] for r in big_page.rows("dated")]
    assert len(first) == 200
    assert first == sorted(first)
    big_page.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    big_page.page.wait_for_function("() => document.querySelectorAll('#dated li.event').length >= 400")
    more = [r.split()[0] for r in big_page.rows("dated")]
    assert more[:200] == first and more == sorted(more)


def test_type_filter_on_10000_events_answers_within_a_second(big_page):
    started = time.perf_counter()
    big_page.page.select_option("#type-filter", "Coup")
    big_page.page.wait_for_function("() => document.body.dataset.shown !== '10000'")
    elapsed = time.perf_counter() - started
    types = big_page.page.eval_on_selector_all("li.event", "rows => rows.map(r => r.dataset.type)")
    assert set(types) == {"Coup"}
    assert elapsed < 1.0
    big_page.page.select_option("#type-filter", "")
