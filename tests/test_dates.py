"""Date expressions resolve against the publication date at the precision the text gives."""

from datetime import date

import pytest

from extractors.dates import Context, resolve
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


@pytest.mark.parametrize("text", ["nine years", "a decade", "the weekend", "months", "hours"])
def test_durations_have_no_date(text):
    assert resolve(text, Context(PUBLISHED)) is None


@pytest.mark.parametrize("text", ["last month", "on Wednesday", "in March"])
def test_relative_dates_stay_unresolved_without_publication(text):
    assert resolve(text, Context(None)) is None


def test_absolute_dates_need_no_publication():
    assert resolve("July 2023", Context(None)).value == "2023-07"
