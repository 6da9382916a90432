"""Date expressions resolve against the publication date at the precision the text gives."""

from datetime import date

import pytest

from extractors.dates import Context, find_dates, resolve
from extractors.nlp import load_pipeline
from extractors.records import DateValue

PUBLISHED = date(2024, 5, 2)  # Thursday


@pytest.mark.parametrize("text, value", [
    ("in March", "2024-03"),
    ("last month", "2024-04"),
    ("July 2023", "2023-07"),
    ("April 11", "2024-04-11"),
    ("on Wednesday", "2024-05-01"),
    ("Thursday", "2024-05-02"),
    ("in January", "2024-01"),
    ("Aug. 18, 2020", "2020-08-18"),
    ("18 August 2020", "2020-08-18"),
    ("July 26 last year", "2023-07-26"),
    ("late October last year", "2023-10"),
    ("three years ago this month", "2021-05"),
    ("two years ago", "2022"),
    ("early April", "2024-04"),
    ("in 2019", "2019"),
    ("1984", "1984"),
    ("last year", "2023"),
    ("this month", "2024-05"),
    ("yesterday", "2024-05-01"),
    ("in December", "2023-12"),
    ("2020-08-18", "2020-08-18"),
])
def test_expression_resolves_against_publication(text, value):
    assert resolve(text, Context(PUBLISHED)).value == value


@pytest.mark.parametrize("text, precision", [("in March", "month"), ("April 11", "day"), ("2019", "year")])
def test_precision_comes_from_the_expression(text, precision):
    assert resolve(text, Context(PUBLISHED)).precision == precision


def test_weekday_in_the_future_tense_is_the_next_one():
    assert resolve("on Monday", Context(PUBLISHED, future=True)).value == "2024-05-06"


def test_month_in_the_future_tense_is_the_next_one():
    assert resolve("in June", Context(PUBLISHED, future=True)).value == "2024-06"


@pytest.mark.parametrize("text, previous, value", [
    ("the following year", DateValue("2019", "year"), "2020"),
    ("the next day", DateValue("2022-02-17", "day"), "2022-02-18"),
    ("just a few days later", DateValue("2024-03", "month"), "2024-03"),
    ("the same month", DateValue("2023-12", "month"), "2023-12"),
])
def test_narrative_expressions_follow_the_previous_date(text, previous, value):
    assert resolve(text, Context(PUBLISHED, previous=previous)).value == value


@pytest.mark.parametrize("text", ["nine years", "a decade", "months", "hours", "the 1990s", "83-year-old"])
def test_durations_have_no_date(text):
    assert resolve(text, Context(PUBLISHED)) is None


@pytest.mark.parametrize("text", ["last month", "on Wednesday", "in March"])
def test_relative_dates_stay_unresolved_without_publication(text):
    assert resolve(text, Context(None)) is None


def test_absolute_dates_need_no_publication():
    assert resolve("July 2023", Context(None)).value == "2023-07"


# ---------------------------------------------------------------------------- forms read by name
@pytest.mark.parametrize("text, value", [
    ("last October", "2023-10"),          # the October before the publication month
    ("last May", "2023-05"),              # "last" + the current month is a year back
    ("this September", "2024-09"),
    ("next March", "2025-03"),
    ("last Wednesday", "2024-05-01"),
    ("last Thursday", "2024-04-25"),      # "last" never means today
    ("next Tuesday", "2024-05-07"),
    ("Monday, Oct. 26", "2023-10-26"),    # a weekday before a date: the date decides
    ("nineteen ninety-six", "1996"),      # transcripts spell years out
    ("March eighth", "2024-03-08"),
    ("the year two thousand", "2000"),
    ("mid-1996", "1996"),
    ("late-November", "2023-11"),
    ("last month's", "2024-04"),          # a possessive is still the date
    ("the beginning of October", "2023-10"),
    ("two weeks ago", "2024-04-18"),
    ("this fiscal year", "2024"),
])
def test_named_forms_resolve(text, value):
    assert resolve(text, Context(PUBLISHED)).value == value


def test_the_weekend_is_a_week_value_not_a_calendar_date():
    assert resolve("over the weekend", Context(PUBLISHED)) == DateValue("2024-W17-WE", "week")


def test_day_steps_count_from_the_last_day_named_not_a_coarser_date():
    ctx = Context(PUBLISHED, previous=DateValue("2019-09", "month"), previous_day=DateValue("2024-04-25", "day"))
    assert resolve("the same day", ctx).value == "2024-04-25"
    assert resolve("the next day", ctx).value == "2024-04-26"


def test_undecided_tense_takes_a_month_just_ahead_over_one_almost_a_year_back():
    assert resolve("in June", Context(PUBLISHED, undecided=True)).value == "2024-06"
    assert resolve("in October", Context(PUBLISHED, undecided=True)).value == "2023-10"


# ---------------------------------------------------------------------------- in running text
@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def values(nlp, text: str, published: date = PUBLISHED) -> list[tuple[str, str | None]]:
    mentions, _ = find_dates(nlp(text), published)
    return [(m.text, m.value.value if m.value else None) for m in mentions]


@pytest.mark.slow
def test_weekday_in_the_past_tense_is_the_last_one(nlp):
    assert values(nlp, "The minister arrived in Dakar on Tuesday.") == [("Tuesday", "2024-04-30")]


@pytest.mark.slow
def test_weekday_in_the_future_tense_is_the_next_one_in_text(nlp):
    assert values(nlp, "The minister will arrive in Dakar on Tuesday.") == [("Tuesday", "2024-05-07")]


@pytest.mark.slow
def test_weekday_with_a_present_tense_schedule_is_ahead(nlp):
    assert values(nlp, "The two leaders meet in Dakar on Monday.") == [("Monday", "2024-05-06")]


@pytest.mark.slow
def test_month_in_a_reported_plan_is_ahead(nlp):
    assert values(nlp, "Officials said the troops would leave in September.") == [("September", "2024-09")]


@pytest.mark.slow
def test_month_in_the_past_tense_is_behind(nlp):
    assert values(nlp, "The troops left in September.") == [("September", "2023-09")]


@pytest.mark.slow
def test_a_range_holds_two_dates(nlp):
    assert values(nlp, "Prices rose between 1994 and 1997.") == [("1994", "1994"), ("1997", "1997")]


@pytest.mark.slow
def test_a_date_inside_a_longer_expression_is_found(nlp):
    assert values(nlp, "Profit fell in the quarter ended Sept. 30.") == [("Sept. 30", "2023-09-30")]


@pytest.mark.slow
def test_the_following_month_counts_from_the_previous_date(nlp):
    text = "The junta seized power in July 2023. The following month it ended the accord."
    assert values(nlp, text) == [("July 2023", "2023-07"), ("The following month", "2023-08")]


@pytest.mark.slow
def test_a_year_ago_beside_a_quarter_is_that_quarter(nlp):
    text = "Third-quarter profit rose to $5 million from $4 million a year ago."
    assert values(nlp, text, date(1989, 10, 26)) == [("Third-quarter", None), ("a year ago", "1988-Q3")]


@pytest.mark.slow
def test_a_weekday_between_the_saying_and_its_subject_is_the_sayings(nlp):
    assert values(nlp, "Peru said on Wednesday it would scrap the pact.") == [("Wednesday", "2024-05-01")]
