"""When things happened: parsing ``--at``, dates, durations and periods.

Pure functions: the current time is always passed in (``now``, an aware local
datetime), so the rules can be tested at any moment, in any time zone.
``dateutil`` is imported only for the free-form fallback, which keeps the
everyday ``log`` path quick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from msjournal.errors import InvalidInput

NOON = time(12, 0)
FIRST_YEAR = 1940  # the same bounds as entries.EARLIEST_YEAR and LATEST_YEAR
LAST_YEAR = 2999

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_WEEKDAY_ABBR = {name[:3]: i for i, name in enumerate(WEEKDAYS)}

_UNITS = {
    "m": "minutes",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}

# Patterns as text: `re` compiles (and caches) them on first use, so a run that
# never parses a time does not pay for them.
_AGO = r"^(\d+|a|an|one)\s*([a-z]+)\s+ago$"
_TIME = r"^(?:at\s+)?(\d{1,2})(?:[:.h](\d{2})(?::(\d{2}))?)?\s*(am|pm|a\.m\.|p\.m\.)?$"
_MONTH_NAME = r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\b|$)"
# 03/11/2026, 3/11, 3.11.2026, 3.11. (day or month first?); not a time like 14.30
_NUMERIC_DATE = r"\b\d{1,4}/\d{1,2}(/\d{1,4})?\b|\b\d{1,2}\.\d{1,2}\.(\d{2,4})?"

WHEN_FORMS = (
    "now, 14:30, 9am, today 9am, yesterday 3pm, 2 days ago, 3 hours ago, "
    "last monday 18:30, 2026-11-20 or 2026-11-20 14:30"
)


def local(naive: datetime) -> datetime:
    """Attach the local UTC offset that was in force at that wall-clock time.

    A wall-clock time skipped when the clocks went forward is refused.
    """
    if not FIRST_YEAR <= naive.year <= LAST_YEAR:
        raise InvalidInput(
            f"msjournal keeps times from {FIRST_YEAR} to {LAST_YEAR}; "
            f"{naive:%Y-%m-%d} is outside them."
        )
    moment = naive.astimezone()
    if moment.replace(tzinfo=None) != naive:
        raise InvalidInput(
            f"{naive:%H:%M} on {naive.day} {naive:%b %Y} did not happen here: "
            "the clocks went forward then. Give a time just before or after."
        )
    return moment


def iso(moment: datetime) -> str:
    """ISO 8601 with the UTC offset, to the second: ``2026-11-25T09:00:00+01:00``."""
    return moment.isoformat(timespec="seconds")


def utc_iso(moment: datetime) -> str:
    """The same instant in UTC, sortable as text: ``2026-11-25T08:00:00Z``."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")[:19] + "Z"


def parse_iso(text: str) -> datetime:
    """Read an ISO timestamp with an offset back into an aware datetime."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a UTC offset: {text!r}")
    return moment


def _parse_time(text: str) -> time | None:
    text = text.strip()
    if text in ("noon", "midday"):
        return NOON
    if text == "midnight":
        return time(0, 0)
    found = re.match(_TIME, text)
    if not found:
        return None
    hour = int(found.group(1))
    minute = int(found.group(2) or 0)
    second = int(found.group(3) or 0)
    meridiem = found.group(4)
    if meridiem is None and found.group(2) is None:
        return None  # a bare number is not a time ("2" could mean anything)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _amount(word: str) -> int:
    return 1 if word in ("a", "an", "one") else int(word)


def _parse_day(text: str, today: date) -> date | None:
    """today, yesterday, monday, last monday, 3 days ago, 2 weeks ago, ISO dates."""
    text = text.strip()
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text in ("day before yesterday", "the day before yesterday"):
        return today - timedelta(days=2)
    words = text.split()
    if words and words[0] in ("last", "this", "on") and len(words) == 2:
        words = words[1:]
        last = text.startswith("last")
    else:
        last = False
    if len(words) == 1 and words[0][:3] in _WEEKDAY_ABBR:
        name = words[0]
        wanted = _WEEKDAY_ABBR[name[:3]]
        if not WEEKDAYS[wanted].startswith(name):
            return None
        back = (today.weekday() - wanted) % 7
        if last and back == 0:
            back = 7
        return today - timedelta(days=back)
    ago = re.match(_AGO, text)
    if ago:
        unit = _UNITS.get(ago.group(2))
        if unit == "days":
            return today - timedelta(days=_amount(ago.group(1)))
        if unit == "weeks":
            return today - timedelta(weeks=_amount(ago.group(1)))
        if unit in ("months", "years"):
            back = _amount(ago.group(1)) * (12 if unit == "years" else 1)
            return _months_before(today, back)
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _refuse_impossible_date(raw: str, text: str) -> None:
    if re.match(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise InvalidInput(
            f"'{raw.strip()}' is not a day of the calendar: check the month and the day."
        )


def _months_before(day: date, months: int) -> date:
    """The same day of the month, ``months`` earlier (the 31st becomes the month's last)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _at_day(day: date, clock: time | None, now: datetime) -> datetime:
    if clock is None:
        # A date without a time means noon, or now if noon is still to come.
        # A day still to come stays in the future, so it is refused.
        moment = local(datetime.combine(day, NOON))
        return now if moment > now and day <= now.date() else moment
    return local(datetime.combine(day, clock))


def parse_when(text: str, now: datetime) -> datetime:
    """Turn what a person typed after ``--at`` into an aware local datetime.

    Refuses times in the future. Raises InvalidInput with the accepted forms.
    """
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise InvalidInput(f"--at is empty. Try: {WHEN_FORMS}.")
    if re.search(_NUMERIC_DATE, text) and not re.search(r"\d{4}-\d{2}-\d{2}", text):
        raise InvalidInput(
            f"msjournal cannot tell which day '{raw.strip()}' is (day or month first?). "
            "Write the date as 2026-11-03 or '3 nov 2026'."
        )
    try:
        moment = _parse_when(text, now)
    except (OverflowError, ValueError):  # arithmetic beyond the calendar
        moment = None
    if moment is None:
        _refuse_impossible_date(raw, text)
        if text.isdigit() and 1 <= int(text) <= 23:
            raise InvalidInput(
                f"'{raw.strip()}' could be a day or an hour. Write a time such as "
                f"{int(text)}:00, or a date such as {now:%Y-%m}-{min(int(text), 28):02d}."
            )
        raise InvalidInput(
            f"msjournal does not understand the time '{raw.strip()}'. Try: {WHEN_FORMS}."
        )
    if moment > now:
        if moment.date() == now.date() and _parse_time(text) is not None:
            hint = f"For yesterday, say: --at 'yesterday {raw.strip()}'."
        elif moment.date() == now.date():
            hint = "Check the time: only things that already happened can be logged."
        elif moment.year == now.year and str(now.year) not in text:
            hint = f"If you meant last year, add the year: --at '{raw.strip()} {now.year - 1}'."
        else:
            hint = "Check the date: only things that already happened can be logged."
        raise InvalidInput(
            f"'{raw.strip()}' ({moment:%a} {moment.day} {moment:%b %Y %H:%M}) is in the "
            "future; log things after they happen.",
            hint,
        )
    return moment.replace(microsecond=0)


def _parse_when(text: str, now: datetime) -> datetime | None:
    if text in ("now", "just now", "right now"):
        return now
    # "3 hours ago", "45 min ago", "2 days ago"
    ago = re.match(_AGO, text)
    if ago:
        unit = _UNITS.get(ago.group(2))
        if unit is None:
            return None
        amount = _amount(ago.group(1))
        if unit in ("minutes", "hours"):
            # the same instant in the local time of then (the offset may differ)
            return (now - timedelta(**{unit: amount})).astimezone()
        day = _parse_day(text, now.date())
        return None if day is None else _at_day(day, None, now)
    # a time alone means today
    clock = _parse_time(text)
    if clock is not None:
        return local(datetime.combine(now.date(), clock))
    # "<day> <time>" or "<day> at <time>", with the day in any form above
    day = _parse_day(text, now.date())
    if day is not None:
        return _at_day(day, None, now)
    words = text.split()
    for split in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:split]), " ".join(words[split:])
        # "<day> <time>" or "<time> <day>" ("3pm yesterday")
        for day_text, time_text in ((head, tail), (tail, head)):
            day = _parse_day(day_text, now.date())
            clock = _parse_time(time_text)
            if day is not None and clock is not None:
                return _at_day(day, clock, now)
    return _iso_or_free_form(text, now)


def _iso_or_free_form(text: str, now: datetime) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.upper().replace(" ", "T", 1))
    except ValueError:
        moment = None
    if moment is not None:
        if moment.tzinfo is not None:
            return moment.astimezone()
        return local(moment)
    if not re.search(_MONTH_NAME, text):
        return None  # only written dates ("20 nov 3pm") go to the free-form parser
    # Free forms such as "20 nov 3pm" or "november 20": parse twice with two
    # different defaults to tell whether an hour, a month and a day were given.
    from dateutil import parser

    try:
        first: datetime = parser.parse(text, default=datetime(now.year, 1, 1, 0, 0, 0))
        second: datetime = parser.parse(text, default=datetime(now.year, 12, 31, 23, 59, 59))
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if first.hour != second.hour:  # no time of day: noon, as for any date
        return _at_day(first.date(), None, now)
    day = first.date()
    if first.month != second.month and first.day != second.day:
        day = now.date()  # a time alone means today
    if first.tzinfo is not None:
        return datetime.combine(day, first.timetz()).astimezone()
    return local(datetime.combine(day, first.time()))


def parse_date(text: str, today: date, option: str = "--from") -> date:
    """A calendar day for ``--from``/``--to``: today, yesterday, monday, ISO..."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise InvalidInput(f"{option} is empty. Try a date such as 2026-11-01.")
    try:
        day = _parse_day(cleaned, today)
        if day is None:
            moment = _iso_or_free_form(cleaned, local(datetime.combine(today, time(23, 59))))
            day = None if moment is None else moment.date()
    except (OverflowError, ValueError):
        day = None
    if day is None:
        _refuse_impossible_date(text, cleaned)
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(
            f"msjournal keeps dates from {FIRST_YEAR} to {LAST_YEAR}; "
            f"{day} is outside them ({option})."
        )
    if day is None:
        raise InvalidInput(
            f"msjournal does not understand the date '{text.strip()}' for {option}. "
            "Try: today, yesterday, monday, 2 weeks ago, 2026-11-01."
        )
    return day


_DURATION = r"^(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:ute)?s?)?)?$"
ALL_DAY = 24 * 60


def parse_duration(text: str) -> int:
    """``45m``, ``2h``, ``1h30m``, ``90`` (minutes), ``all day`` -> minutes."""
    raw = text
    text = " ".join(text.strip().lower().split())
    if text in ("all day", "all-day", "allday", "whole day", "the whole day"):
        return ALL_DAY
    minutes: int | None = None
    if text.isdigit():
        minutes = int(text)
    else:
        found = re.match(_DURATION, text)
        if found and (found.group(1) or found.group(2)):
            minutes = int(found.group(1) or 0) * 60 + int(found.group(2) or 0)
    if minutes is None:
        raise InvalidInput(
            f"msjournal does not understand the duration '{raw.strip()}'. "
            "Try: 45m, 2h, 1h30m or 'all day'."
        )
    if not 1 <= minutes <= ALL_DAY:
        raise InvalidInput(
            f"A duration must be between 1 minute and 24 hours; got '{raw.strip()}'.",
            "For symptoms lasting longer, log each day.",
        )
    return minutes


_MINUTES = r"^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*(?:m(?:in(?:ute)?s?)?)?)?$"


def parse_minutes(text: str, low: int = 1, high: int = 600) -> int:
    """Exercise minutes as typed: ``20``, ``20min``, ``1h``, ``1.5h``, ``1h15``."""
    raw = text
    cleaned = "".join(text.strip().lower().split())
    minutes: int | None = None
    if cleaned.isdigit():
        minutes = int(cleaned)
    else:
        found = re.match(_MINUTES, cleaned)
        if found and (found.group(1) or found.group(2)):
            hours = float(found.group(1) or 0)
            minutes = round(hours * 60) + int(found.group(2) or 0)
            if found.group(1) and "." in found.group(1) and found.group(2):
                minutes = None  # "1.5h30" means nothing clear
    if minutes is None:
        raise InvalidInput(
            f"The number of minutes must be a number such as 20, 20min, 1h or 1h15; "
            f"got '{raw.strip() or 'nothing'}'."
        )
    if not low <= minutes <= high:
        raise InvalidInput(f"The number of minutes must be from {low} to {high}; got {minutes}.")
    return minutes


def display(moment: datetime, today: date) -> str:
    """How msjournal shows a time: 'Wed 25 Nov 09:00', with the year if not this year."""
    if moment.year == today.year:
        return f"{moment:%a} {moment.day} {moment:%b %H:%M}"
    return f"{moment:%a} {moment.day} {moment:%b %Y %H:%M}"


def format_duration(minutes: int) -> str:
    if minutes == ALL_DAY:
        return "all day"
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h{rest:02d}m"
    return f"{hours}h" if hours else f"{rest}m"


@dataclass(frozen=True)
class Period:
    """Inclusive range of local calendar days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def last_days(count: int, today: date) -> Period:
    """The ``count`` days ending today: 7 for a week, 30 for a month."""
    return Period(today - timedelta(days=count - 1), today)
