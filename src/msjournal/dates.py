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

# Patterns as text: `re` compiles (and caches) them on first use, so a run that
# never parses a time does not pay for them.
_MONTH_NAME = r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\b|$)"
# 03/11/2026, 3/11, 3.11.2026, 3.11. (day or month first?); not a time like 14.30

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


def _read(text: str, now: datetime) -> datetime | None:
    """The phrase reader (loaded only when a time is typed), then dateutil for the
    written dates it does not know."""
    from msjournal import phrases

    try:
        moment = phrases.read_when(text, now)
        if moment is None and re.search(_MONTH_NAME, phrases.normalise(text)):
            moment = _free_form(phrases.normalise(text), now)
    except (OverflowError, ValueError):  # arithmetic beyond the calendar
        return None
    return moment


def _not_understood(raw: str, now: datetime, what: str = "time", option: str = "") -> InvalidInput:
    from msjournal import phrases

    typed = raw.strip()
    if phrases.is_vague(typed):
        return InvalidInput(
            f"'{typed}' is too vague to keep: say when it was. Try: {phrases.suggestions('', now)}."
        )
    reason = phrases.explain(typed, now)
    if reason is not None:
        return reason
    if typed.isdecimal() and 1 <= int(typed) <= 23:
        return InvalidInput(
            f"'{typed}' could be a day or an hour. Write a time such as "
            f"{int(typed)}:00, or a date such as {now:%Y-%m}-{min(int(typed), 28):02d}."
        )
    return InvalidInput(
        f"msjournal does not understand the {what} '{typed}'{option}. "
        f"Try: {phrases.suggestions(typed, now)}."
    )


def parse_when(text: str, now: datetime) -> datetime:
    """Turn what a person typed after ``--at`` into an aware local datetime.

    Refuses times in the future. Raises InvalidInput with forms that work.
    """
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise InvalidInput(f"--at is empty. Try: {WHEN_FORMS}.")
    moment = _read(raw, now)
    if moment is None:
        raise _not_understood(raw, now)
    if moment > now:
        if re.fullmatch(r"(19[4-9]\d|2\d\d\d)", text):
            hint = f"Four digits are a clock time; for the year {text}, give a day: 1 jan {text}."
        elif moment.date() == now.date() and re.fullmatch(r"(at )?[\d:.h ]+(am|pm)?", text):
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


def _free_form(text: str, now: datetime) -> datetime | None:
    """Written dates the phrase reader does not know, read by dateutil twice with two
    different defaults to tell whether an hour, a month and a day were given."""
    from dateutil import parser

    try:
        first: datetime = parser.parse(text, default=datetime(now.year, 1, 1, 0, 0, 0))
        second: datetime = parser.parse(text, default=datetime(now.year, 12, 28, 23, 59, 59))
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if first.month != second.month or first.day != second.day:
        return None  # no day, or no month: not one day
    if first.tzinfo is not None:
        return None  # zones are the phrase reader's; dateutil's guesses are not kept
    if first.hour != second.hour:  # no time of day: noon, as for any date
        return _at_day(first.date(), None, now)
    return local(datetime.combine(first.date(), first.time()))


def parse_date(text: str, today: date, option: str = "--from") -> date:
    """A calendar day for ``--from``/``--to``: today, yesterday, monday, 1 dec, ISO..."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise InvalidInput(f"{option} is empty. Try a date such as 2026-11-01.")
    from msjournal import phrases

    try:
        day = phrases.read_day(text, today)
        if day is None and re.search(_MONTH_NAME, phrases.normalise(text)):
            moment = _free_form(phrases.normalise(text), local(datetime.combine(today, NOON)))
            day = None if moment is None else moment.date()
    except (OverflowError, ValueError):
        day = None
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(
            f"msjournal keeps dates from {FIRST_YEAR} to {LAST_YEAR}; "
            f"{day} is outside them ({option})."
        )
    if day is None:
        noon = datetime.combine(today, NOON).astimezone()
        raise _not_understood(text, noon, "date", f" for {option}")
    return day


ALL_DAY = 24 * 60


def parse_duration(text: str) -> int:
    """``45m``, ``2h``, ``1h30m``, ``90`` (minutes), ``all day`` -> minutes."""
    raw = text
    text = " ".join(text.strip().lower().split())
    if text in ("all day", "all-day", "allday", "whole day", "the whole day"):
        return ALL_DAY
    minutes = _spoken_minutes(text)
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


def _spoken_minutes(text: str) -> int | None:
    """``20``, ``20min``, ``1h``, ``1.5h``, ``1h15``, ``1:30``, ``half an hour``."""
    cleaned = "".join(text.strip().lower().split())
    if cleaned.isdigit():
        return int(cleaned)
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", cleaned)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    found = re.match(_MINUTES, cleaned)
    if found and (found.group(1) or found.group(2)):
        if found.group(1) and "." in found.group(1) and found.group(2):
            return None  # "1.5h30" means nothing clear
        return round(float(found.group(1) or 0) * 60) + int(found.group(2) or 0)
    if any(ch.isalpha() for ch in cleaned) and not cleaned.startswith("all"):
        from msjournal import phrases  # "half an hour", "an hour and a half"

        spoken = phrases.normalise(text)
        if spoken != text.strip().lower():
            return _spoken_minutes(spoken)
    return None


def parse_minutes(text: str, low: int = 1, high: int = 600) -> int:
    """Exercise minutes as typed: ``20``, ``20min``, ``1h``, ``1.5h``, ``1h15``."""
    raw = text
    minutes = _spoken_minutes(text)
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
