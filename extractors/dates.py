"""Date expressions → calendar values at the precision the text gives.

"in March" in an article published on 2024-05-02 is ``2024-03`` (month precision), "last month" is
``2024-04``, "on Wednesday" the Wednesday on or before publication (or after it, for a future
tense), "July 2023" is ``2023-07``, "the following year" one year after the previous date of the
narrative. Durations ("nine years", "a decade") and expressions with no anchor resolve to None.

dateparser reads the absolute forms our patterns do not know; its results carry a full datetime
whatever the text said, so the precision is always decided here, from the expression.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from .records import DateValue

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "a few": None}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_LEAD = re.compile(r"^(?:(?:in|on|by|at|during|from|of|until|till|since|the|early|earlier|late|later|mid-?|"
                   r"the middle of|the end of|the start of|the beginning of|around|about)\s+)+", re.I)

# (name, regex) tried in order; full-match against the cleaned expression
PATTERNS = [
    ("iso", re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?")),
    ("month_day_year", re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I)),
    ("day_month_year", re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.I)),
    ("month_year", re.compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}", re.I)),
    ("month_day_rel", re.compile(rf"{_MONTH}\s+{_DAY}(?:\s+(?:of\s+)?(?P<rel>last|this|next) year)?", re.I)),
    ("day_month_rel", re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s+(?P<rel>last|this|next) year)?", re.I)),
    ("month_rel", re.compile(rf"{_MONTH}(?:\s+(?:of\s+)?(?P<rel>last|this|next|that) year)?", re.I)),
    ("year", re.compile(rf"(?:the year\s+)?{_YEAR}", re.I)),
    ("weekday", re.compile(r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?"
                           r"(?:\s+(?:morning|afternoon|evening|night))?", re.I)),
    ("today", re.compile(r"today|tonight|this (?:morning|afternoon|evening)", re.I)),
    ("yesterday", re.compile(r"yesterday|last night", re.I)),
    ("tomorrow", re.compile(r"tomorrow", re.I)),
    ("unit_rel", re.compile(r"(?P<rel>last|this|next|past|previous|coming)\s+(?P<unit>year|month|week)", re.I)),
    ("ago", re.compile(rf"(?:more than |nearly |about |some |almost )?{_NUM}\s+(?P<unit>year|month|week|day)s?"
                       r"\s+ago(?:\s+this\s+(?P<this>month|week))?", re.I)),
    ("following", re.compile(r"(?:the\s+)?(?P<rel>following|next|same|previous|that)\s+(?P<unit>year|month|day|week)",
                             re.I)),
    ("later", re.compile(rf"(?:just\s+)?(?:{_NUM}|a few|several)?\s*(?P<unit>year|month|week|day)s?\s+"
                         r"(?P<dir>later|earlier|after|before)", re.I)),
]


@dataclass(frozen=True)
class Context:
    """What an expression is resolved against."""

    published: date | None
    previous: DateValue | None = None  # the last date of the narrative, for "the following year"
    future: bool = False  # the clause speaks of what will happen


def clean(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" ,.;:")
    return _LEAD.sub("", text).strip()


def _month_before(month: int, anchor: date, future: bool) -> int:
    """The year of the named month closest to the anchor: on or before it, or after it in the future."""
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _rel_year(rel: str | None, anchor: date) -> int:
    return anchor.year + {"last": -1, "next": 1}.get((rel or "").lower(), 0)


def _shift_month(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _value(d: date, precision: str) -> DateValue:
    text = {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}", "day": d.isoformat()}[precision]
    return DateValue(text, precision)


def _count(text: str | None) -> int | None:
    if text is None:
        return 1
    return int(text) if text.isdigit() else NUMBERS.get(text.lower())


def _resolve(name: str, m: re.Match, ctx: Context) -> DateValue | None:  # noqa: C901 - one case per pattern
    g = m.groupdict()
    anchor = ctx.published
    month = MONTHS.get((g.get("month") or "").lower().rstrip(".")) if g.get("month") else None
    if name == "iso":
        month = int(g["month"])
        if not 1 <= month <= 12:
            return None
        if g["day"]:
            return _value(date(int(g["year"]), month, int(g["day"])), "day")
        return _value(date(int(g["year"]), month, 1), "month")
    if name in ("month_day_year", "day_month_year"):
        return _value(date(int(g["year"]), month, int(g["day"])), "day")
    if name == "month_year":
        return _value(date(int(g["year"]), month, 1), "month")
    if name == "year":
        return DateValue(g["year"], "year")
    if anchor is None:
        return _from_narrative(name, g, ctx) if name in ("following", "later") else None
    if name in ("month_day_rel", "day_month_rel"):
        year = _rel_year(g["rel"], anchor) if g.get("rel") else _month_before(month, anchor, ctx.future)
        return _value(date(year, month, int(g["day"])), "day")
    if name == "month_rel":
        rel = (g.get("rel") or "").lower()
        if rel == "that":
            return _value(date(ctx.previous.first_day.year, month, 1), "month") if ctx.previous else None
        year = _rel_year(rel, anchor) if rel else _month_before(month, anchor, ctx.future)
        return _value(date(year, month, 1), "month")
    if name == "weekday":
        wanted = WEEKDAYS[g["wd"].lower()]
        back = (anchor.weekday() - wanted) % 7
        if ctx.future and back:
            return _value(anchor + timedelta(days=7 - back), "day")
        return _value(anchor - timedelta(days=back), "day")
    if name == "today":
        return _value(anchor, "day")
    if name == "yesterday":
        return _value(anchor - timedelta(days=1), "day")
    if name == "tomorrow":
        return _value(anchor + timedelta(days=1), "day")
    if name == "unit_rel":
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(g["rel"].lower(), 0)
        unit = g["unit"].lower()
        if unit == "year":
            return DateValue(f"{anchor.year + step:04d}", "year")
        if unit == "month":
            return _value(_shift_month(anchor, step), "month")
        week = (anchor + timedelta(weeks=step)).isocalendar()
        return DateValue(f"{week[0]:04d}-W{week[1]:02d}", "week")
    if name == "ago":
        n = _count(g["n"])
        unit = g["unit"].lower()
        if n is None:
            return None
        if unit == "year":
            if g.get("this") == "month":
                return _value(date(anchor.year - n, anchor.month, 1), "month")
            return DateValue(f"{anchor.year - n:04d}", "year")
        if unit == "month":
            return _value(_shift_month(anchor, -n), "month")
        if unit == "day":
            return _value(anchor - timedelta(days=n), "day")
        return None
    return _from_narrative(name, g, ctx)


def _from_narrative(name: str, g: dict, ctx: Context) -> DateValue | None:
    """"the following year", "a few days later": relative to the previous date of the narrative."""
    prev = ctx.previous
    if prev is None or prev.precision not in ("year", "month", "day"):
        return None
    unit = g["unit"].lower()
    if name == "following":
        step = {"following": 1, "next": 1, "previous": -1}.get(g["rel"].lower(), 0)
    else:
        step = _count(g.get("n")) or 1
        step = -step if g["dir"].lower() in ("earlier", "before") else step
    start = prev.first_day
    if unit == "year":
        return DateValue(f"{start.year + step:04d}", "year")
    if unit == "month":
        if prev.precision == "year":
            return prev
        return _value(_shift_month(start, step), "month")
    if unit == "day" and prev.precision == "day":
        return _value(start + timedelta(days=step), "day")
    # days or weeks from a month or year: the coarser precision is all the text supports
    return prev if unit in ("day", "week") else None


@lru_cache(maxsize=4096)
def _dateparser(text: str, anchor: date | None) -> DateValue | None:
    """Absolute forms our patterns do not cover ("18/08/2020", "2020.08.18"); day precision only."""
    if not re.search(r"\d{4}", text) or not re.search(r"\d{1,2}\D+\d{1,2}\D+\d{4}|\d{4}\D+\d{1,2}\D+\d{1,2}", text):
        return None
    import dateparser  # imported on first use: it compiles many regexes

    base = datetime.combine(anchor, datetime.min.time()) if anchor else datetime(2000, 1, 1)
    parsed = dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": base, "STRICT_PARSING": True})
    return _value(parsed.date(), "day") if parsed else None


@lru_cache(maxsize=65536)
def resolve(text: str, ctx: Context) -> DateValue | None:
    """The calendar value of a date expression, or None when the text gives none."""
    cleaned = clean(text)
    for name, pattern in PATTERNS:
        m = pattern.fullmatch(cleaned)
        if m:
            try:
                return _resolve(name, m, ctx)
            except (ValueError, OverflowError):  # 31 February, year 0: not a date
                return None
    return _dateparser(cleaned, ctx.published)
