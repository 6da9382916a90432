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

from .records import DateMention, DateValue

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
_LEAD = re.compile(r"^(?:(?:in|on|by|at|during|from|of|until|till|since|the|early|earlier|late|later|mid|"
                   r"between|just|both|sometime|over|(?:the )?(?:middle|end|start|beginning) of|around|about|"
                   r"the day|as of|as early as|as late as|this past|starting|beginning|before|after)"
                   r"(?:\s+|-(?=[a-z\d])))+", re.IGNORECASE)
_TAIL = re.compile(r"(?:'s|’s|\s+or so|\s*[:,;.]+)$", re.IGNORECASE)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_NUMBER_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90})
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                  "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                  "nineteenth": 19, "twentieth": 20, "thirtieth": 30}

# (name, regex) tried in order; full-match against the cleaned expression
PATTERNS = [
    ("iso", re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?")),
    ("month_day_year", re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE)),
    ("day_month_year", re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.IGNORECASE)),
    ("month_year", re.compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}", re.IGNORECASE)),
    ("weekday_date", re.compile(r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
                                r"(?P<rest>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d)[\w., ]*\d\w*)", re.IGNORECASE)),
    ("month_day_rel", re.compile(rf"(?P<last>last\s+|this\s+|next\s+)?{_MONTH}\s+{_DAY}"
                                 r"(?:\s+(?:of\s+)?(?P<rel>last|this|next) year)?", re.IGNORECASE)),
    ("day_month_rel", re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s+(?P<rel>last|this|next) year)?", re.IGNORECASE)),
    ("month_rel", re.compile(rf"(?P<last>last\s+|this\s+|next\s+|this coming\s+|this past\s+)?{_MONTH}"
                             r"(?:\s+(?:of\s+)?(?P<rel>last|this|next|that|the same|the following|the previous) "
                             r"year)?", re.IGNORECASE)),
    ("year", re.compile(rf"(?:(?:the )?year\s+|fiscal(?: year)?\s+|calendar\s+|the summer of\s+|the spring of\s+|"
                        rf"the autumn of\s+|the fall of\s+|the winter of\s+|the first half of\s+|"
                        rf"the second half of\s+)?{_YEAR}", re.IGNORECASE)),
    ("this_year", re.compile(r"(?:(?:this|current|present|full|whole)(?: fiscal| calendar)?|fiscal) year|"
                             r"year[- ]end|year's end|year[- ]to[- ]date", re.IGNORECASE)),
    ("year_ago", re.compile(r"year[- ](?:ago|earlier)", re.IGNORECASE)),
    ("weekday", re.compile(r"(?P<last>last\s+|this\s+|next\s+|this coming\s+|this past\s+|the previous\s+|"
                           r"the following\s+|the next\s+)?"
                           r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?"
                           r"(?:\s+(?:morning|afternoon|evening|night|noon))?", re.IGNORECASE)),
    ("weekend", re.compile(r"(?P<last>last\s+|this\s+|next\s+|this past\s+|this coming\s+)?weekend", re.IGNORECASE)),
    ("today", re.compile(r"today|tonight|this (?:morning|afternoon|evening)", re.IGNORECASE)),
    ("yesterday", re.compile(r"yesterday|last night", re.IGNORECASE)),
    ("tomorrow", re.compile(r"tomorrow", re.IGNORECASE)),
    ("unit_rel", re.compile(r"(?P<rel>last|this|next|past|previous|coming)\s+(?P<unit>year|month|week)", re.IGNORECASE)),
    ("ago", re.compile(rf"(?:more than |nearly |about |some |almost |just |only )?{_NUM}(?: or so)?\s+"
                       r"(?P<unit>year|month|week|day)s?(?: or so)?\s+ago(?:\s+this\s+(?P<this>month|week))?",
                       re.IGNORECASE)),
    ("following", re.compile(r"(?:the\s+)?(?P<rel>following|next|same|previous|that)\s+"
                             r"(?P<unit>year|month|day|week)", re.IGNORECASE)),
    ("later", re.compile(rf"(?:just\s+)?(?:{_NUM}|a few|several)?\s*(?P<unit>year|month|week|day)s?\s+"
                         r"(?P<dir>later|earlier|after|before)", re.IGNORECASE)),
]


@dataclass(frozen=True)
class Context:
    """What an expression is resolved against."""

    published: date | None
    previous: DateValue | None = None  # the last date of the narrative, for "the following year"
    future: bool = False  # the clause speaks of what will happen
    past: bool = False  # the clause speaks of what happened (neither: the tense does not say)
    previous_day: DateValue | None = None  # the last day-precision date, for "the next day"
    undecided: bool = False  # the tense was looked at and says nothing: take the nearer month


def clean(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" ,.;:")
    text = _TAIL.sub("", _LEAD.sub("", text)).strip()
    return _spelled_years(text)


def _number(words: str) -> int | None:
    """"ninety-six" → 96, "seven" → 7; None for anything else."""
    total = 0
    for part in words.lower().split("-"):
        if part not in _NUMBER_WORDS:
            return None
        total += _NUMBER_WORDS[part]
    return total


def _spelled_years(text: str) -> str:
    """Years and days spoken out in transcripts: "nineteen ninety-six" → "1996", "March eighth" → "March 8"."""
    def year(m: re.Match) -> str:
        low = _number(m.group(2))
        return f"{_NUMBER_WORDS[m.group(1).lower()] * 100 + low}" if low is not None and low < 100 else m.group(0)

    text = re.sub(r"\b(nineteen|eighteen)\s+([a-z]+(?:-[a-z]+)?)\b", year, text, flags=re.IGNORECASE)
    def millennium(m: re.Match) -> str:
        low = _number(m.group(1)) if m.group(1) else 0
        return str(2000 + low) if low is not None and low < 100 else m.group(0)

    text = re.sub(r"\btwo thousand(?:\s+and)?(?:\s+([a-z]+(?:-[a-z]+)?))?\b", millennium, text, flags=re.IGNORECASE)
    return re.sub(r"\b(" + "|".join(_ORDINAL_WORDS) + r")\b",
                  lambda m: str(_ORDINAL_WORDS[m.group(1).lower()]), text, flags=re.IGNORECASE) if re.search(
                      rf"\b{_MONTH}(?!\w)", text, re.IGNORECASE) else text


def _month_year(month: int, anchor: date, ctx: Context, last: str = "") -> int:
    """The year of a month named without one: on or before the anchor when the clause is past (or
    says "last"), on or after it when it is future (or says "next"), else the nearer of the two."""
    last = last.strip().lower()
    if last == "last" or last == "this past":
        return anchor.year if month < anchor.month else anchor.year - 1
    if last == "this":
        return anchor.year
    if last in ("next", "this coming"):
        return anchor.year if month > anchor.month else anchor.year + 1
    before = anchor.year if month <= anchor.month else anchor.year - 1
    after = anchor.year if month >= anchor.month else anchor.year + 1
    if ctx.past or before == after or not (ctx.future or ctx.undecided):
        return before
    if ctx.future:
        return after
    ahead = (month - anchor.month) % 12
    return after if ahead <= 3 else before  # undecided tense: a month soon ahead, else the past one


def _weekday(wanted: int, anchor: date, ctx: Context, last: str = "") -> date:
    """The named weekday nearest the anchor in the direction the tense (or "last"/"next") gives."""
    last = last.strip().lower()
    back = (anchor.weekday() - wanted) % 7
    if last in ("last", "this past", "the previous"):
        return anchor - timedelta(days=back or 7)
    if last in ("next", "this coming", "the following", "the next"):
        return anchor + timedelta(days=(7 - back) % 7 or 7)
    if ctx.future and not ctx.past and back:
        return anchor + timedelta(days=7 - back)
    return anchor - timedelta(days=back)


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


def _resolve(name: str, m: re.Match, ctx: Context) -> DateValue | None:
    g = m.groupdict()
    anchor = ctx.published
    month = MONTHS.get((g.get("month") or "").lower().rstrip(".")) if g.get("month") else None
    if name == "weekday_date":
        return resolve(g["rest"], ctx)
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
    if name == "this_year" and anchor is not None:
        return DateValue(f"{anchor.year:04d}", "year")
    if name == "year_ago" and anchor is not None:
        return DateValue(f"{anchor.year - 1:04d}", "year")
    if anchor is None:
        return _from_narrative(name, g, ctx) if name in ("following", "later") else None
    if name in ("month_day_rel", "day_month_rel"):
        if g.get("rel"):
            year = _rel_year(g["rel"], anchor)
        else:
            year = _month_year(month, anchor, ctx, g.get("last") or "")
            if (g.get("last") or "").strip().lower() == "last" and month == anchor.month:
                year = anchor.year if int(g["day"]) < anchor.day else anchor.year - 1
        return _value(date(year, month, int(g["day"])), "day")
    if name == "month_rel":
        rel = (g.get("rel") or "").lower()
        if rel in ("that", "the same", "the following", "the previous"):
            if ctx.previous is None:
                return None
            step = {"the following": 1, "the previous": -1}.get(rel, 0)
            return _value(date(ctx.previous.first_day.year + step, month, 1), "month")
        year = _rel_year(rel, anchor) if rel else _month_year(month, anchor, ctx, g.get("last") or "")
        return _value(date(year, month, 1), "month")
    if name == "weekday":
        return _value(_weekday(WEEKDAYS[g["wd"].lower()], anchor, ctx, g.get("last") or ""), "day")
    if name == "weekend":  # the Saturday and Sunday before (or, ahead, after) the anchor: 2024-W17-WE
        saturday = _weekday(5, anchor + timedelta(days=1) if anchor.weekday() == 6 else anchor, ctx,
                            g.get("last") or "")
        week = saturday.isocalendar()
        return DateValue(f"{week[0]:04d}-W{week[1]:02d}-WE", "week")
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
        return _value(anchor - timedelta(weeks=n), "day")
    return _from_narrative(name, g, ctx)


def _from_narrative(name: str, g: dict, ctx: Context) -> DateValue | None:
    """"the following year", "a few days later": relative to the previous date of the narrative."""
    prev = ctx.previous
    unit = g["unit"].lower()
    if unit == "day" and ctx.previous_day is not None:
        prev = ctx.previous_day  # "the next day", "a day later": from the last day the text named
    if prev is None or prev.precision not in ("year", "month", "day"):
        return None
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


def _match(cleaned: str) -> tuple[str, re.Match] | None:
    for name, pattern in PATTERNS:
        m = pattern.fullmatch(cleaned)
        if m:
            return name, m
    return None


@lru_cache(maxsize=65536)
def resolve(text: str, ctx: Context) -> DateValue | None:
    """The calendar value of a date expression, or None when the text gives none."""
    cleaned = clean(text)
    found = _match(cleaned)
    if found is not None:
        try:
            return _resolve(found[0], found[1], ctx)
        except (ValueError, OverflowError):  # 31 February, year 0: not a date
            return None
    parsed = _dateparser(cleaned, ctx.published)
    if parsed is None:  # "the quarter ended Sept. 30", "between 1994 and 1997": the (first) date inside
        inner = _embedded(cleaned)
        if inner is not None and inner != (0, len(cleaned)):
            return resolve(cleaned[inner[0]:inner[1]], ctx)
    return parsed


# ---------------------------------------------------------------------------- dates in a parsed text
_DAY_WORDS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|tomorrow"
_RANGE = re.compile(r"\s+(?:and|to|through|thru|until|till|or)\s+|\s*[–—]\s*|\s+-\s+", re.IGNORECASE)
_DATEISH = re.compile(rf"\d|\b{_MONTH}(?!\w)|\b(?:{_DAY_WORDS}|year|month|week|nineteen|two thousand)\b", re.IGNORECASE)
_HAS_DAY_WORD = re.compile(rf"\b(?:{_DAY_WORDS})\b", re.IGNORECASE)
# forms that name a date on their own inside a longer expression ("the quarter ended Sept. 30")
_EMBEDDED = [(name, re.compile(rf"(?<![\w-])(?:{pattern.pattern})(?![\w-])", re.IGNORECASE)) for name, pattern in PATTERNS
             if name in ("iso", "weekday_date", "month_day_year", "day_month_year", "month_year", "month_day_rel",
                         "day_month_rel", "month_rel", "year", "weekday", "today", "yesterday", "tomorrow", "unit_rel", "ago",
                         "this_year", "year_ago")]
_NARRATIVE = ("following", "later")
FUTURE_TENSES = {"future", "present"}
FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}
# verbs whose infinitive looks ahead even in the past tense ("planned to meet on Friday")
SCHEDULE_WORDS = {"plan", "schedule", "expect", "set", "due", "intend", "aim", "prepare", "propose", "hope",
                  "want", "seek", "try", "go", "be"}


def tense(tok) -> str | None:
    """``past``, ``future`` or ``present`` for the clause a date expression (its head token) belongs
    to; None when it modifies a noun ("the April summit", "payable Dec. 7") or no clause."""
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("amod", "compound"):
            break
        if node.dep_ == "prep" and node.lower_ in ("since", "ago"):
            return "past"
        if node.dep_ == "prep" and node.lower_ in ("until", "till", "through", "before", "from"):
            return "future" if node.lower_ in ("until", "till", "through") else None
        if node.dep_ not in ("pobj", "prep", "npadvmod", "advmod", "tmod", "nummod", "conj", "appos", "pcomp") \
                or node.head == node:
            return None
        node = node.head
    else:
        return None
    verb = node
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ == "ccomp" and verb.head.i < tok.i and subj and tok.i < subj[0].i:
        verb = verb.head  # "said on Thursday it would scrap": the date is the saying's, misattached
    for _ in range(4):
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & FUTURE_AUX or aux & {"might", "may", "could", "should", "must", "can"}:
            return "future"
        if "to" in aux:  # "plans to meet Tuesday", "is due to arrive in May"; "agreed to talks in May"
            head = verb.head
            if head.tag_ == "VBD" and head.lemma_.lower() not in SCHEDULE_WORDS:
                return "past"
            return "future"
        if verb.lemma_.lower() == "go" and verb.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in verb.children):
            return "future"
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in verb.children if c.dep_ in ("aux", "auxpass")):
            return "past"
        if verb.tag_ == "VBN" and (aux & {"have", "has", "'ve"} or verb.dep_ in ("acl", "advcl", "relcl", "amod")):
            return "past"  # "has met", "the quarter ended Sept. 30", "the decision, announced Wednesday"
        if verb.tag_ in ("VBZ", "VBP") or aux & {"is", "are", "am", "'s", "'re"}:
            return "present"
        if verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head != verb:
            verb = verb.head
            continue
        return None
    return None


def _pieces(text: str) -> list[tuple[int, int]]:
    """Offsets of the dates in one expression: "between 1994 and 1997" holds two, "Aug. 26 to Oct. 20" two."""
    parts, pos = [], 0
    for m in _RANGE.finditer(text):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    if len(parts) > 1 and all(_DATEISH.search(text[a:b]) for a, b in parts):
        return parts
    return [(0, len(text))]


def _embedded(text: str) -> tuple[int, int] | None:
    """The longest date form inside an expression no pattern reads whole."""
    for _, pattern in _EMBEDDED:  # the most precise form first: "the year ended Jan. 31" is Jan. 31
        found = [m for m in pattern.finditer(text) if m.end() > m.start()]
        if found:
            best = max(found, key=lambda m: m.end() - m.start())
            return best.start(), best.end()
    return None


def _spans(doc) -> list[tuple[int, int]]:
    """Character spans of date expressions: the model's DATE entities, and TIME entities that name a day."""
    out = []
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _HAS_DAY_WORD.search(ent.text)):
            out.append((ent.start_char, ent.end_char))
    return out


_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter\b", re.IGNORECASE)
_YEAR_BACK = re.compile(r"(?:an?|one) year (?:ago|earlier|before)|year[- ](?:ago|earlier)|last year", re.IGNORECASE)


def _quarter(value: DateValue, root, cleaned: str, published: date | None) -> DateValue | None:
    """In results reporting ("profit rose from $4 million a year earlier" beside "third-quarter"),
    the year-ago figure is that of the same quarter: ``1988-Q3``, not the whole of 1988."""
    if not _YEAR_BACK.fullmatch(cleaned) or published is None:
        return None
    sent = root.sent.text
    if "quarter" not in sent.lower():
        return None
    named = _QUARTER.findall(root.doc.text[:root.sent.end_char])
    if named:
        number = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(named[-1].lower(), None) or int(named[-1][0])
    else:
        number = (published.month - 1) // 3 or 4  # the last quarter completed before publication
    return DateValue(f"{value.value}-Q{number}", "quarter")


def find_dates(doc, published: date | None) -> tuple[list[DateMention], dict[int, DateValue]]:
    """Date expressions of a parsed text in order, each resolved against the publication date, the
    tense of its clause and the dates before it; also the values by the index of their head token."""
    mentions: list[DateMention] = []
    by_root: dict[int, DateValue] = {}
    previous: DateValue | None = None
    previous_day: DateValue | None = None
    text = doc.text
    for start, end in _spans(doc):
        expression = text[start:end]
        pieces = _pieces(expression)
        month_of_first = None
        for a, b in pieces:
            a, b = a + start, b + start
            if len(pieces) > 1:  # "between 1994 and 1997": the dates, without the words that join them
                a += len(re.match(r"(?:(?:between|from)\s+)?", text[a:b], re.IGNORECASE).group(0))
            piece = text[a:b]
            if month_of_first and re.fullmatch(r"\s*\d{1,2}(?:st|nd|rd|th)?\s*", piece):
                piece = f"{month_of_first} {piece.strip()}"  # "April 24 and 25"
            cleaned = clean(piece)
            if _match(cleaned) is None and not _dateparser(cleaned, published):
                inner = _embedded(piece)
                if inner is None:
                    mentions.append(DateMention(a, b, text[a:b], None))
                    continue
                a, b = a + inner[0], a + inner[1]
                piece = cleaned = text[a:b]
                cleaned = clean(piece)
            month = re.match(rf"{_MONTH}\s+\d", cleaned, re.IGNORECASE)
            month_of_first = month.group("month") if month else None
            span = doc.char_span(a, b, alignment_mode="expand")
            root = span.root if span is not None and len(span) else None
            when = tense(root) if root is not None else None
            ctx = Context(published, previous, when in FUTURE_TENSES, when == "past", previous_day, when is None)
            value = resolve(piece, ctx)
            if value is not None and value.precision == "year" and root is not None:
                value = _quarter(value, root, cleaned, published) or value
            mentions.append(DateMention(a, b, text[a:b], value))
            if value is None:
                continue
            if root is not None:
                by_root.setdefault(root.i, value)
            found = _match(cleaned)
            if value.precision in ("year", "month", "day") and (found is None or found[0] not in _NARRATIVE):
                previous = value
            if value.precision == "day":
                previous_day = value
    return mentions, by_root
