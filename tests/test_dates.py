"""dates.py: what a person types after --at, --duration, --from/--to, and periods.

Every test passes a fixed ``now``. The module's wall clock is pinned to UTC (and,
for the DST tests, to a real zone) so results do not depend on the machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msjournal import dates
from msjournal.dates import (
    Period,
    format_duration,
    last_days,
    parse_date,
    parse_duration,
    parse_when,
)
from msjournal.errors import InvalidInput

# Hypothesis tests here do not use the per-test journal fixture from conftest.
PURE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@contextmanager
def zone(name: str) -> Iterator[None]:
    """Run with the process's local time zone set to ``name``, then restore it."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture(autouse=True)
def utc_wall_clock() -> Iterator[None]:
    with zone("UTC"):
        yield


def wall(*args: int) -> datetime:
    """A local wall-clock time, made aware with the offset in force then."""
    return datetime(*args).astimezone()  # type: ignore[arg-type]


# Wednesday 25 November 2026, 15:00 local (UTC in most tests).
WEDNESDAY = (2026, 11, 25)


def now_at(hour: int, minute: int = 0, day: tuple[int, int, int] = WEDNESDAY) -> datetime:
    return wall(*day, hour, minute)


# --- parse_when: the forms product.md promises ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today 9am", (2026, 11, 25, 9, 0)),
        ("yesterday 3pm", (2026, 11, 24, 15, 0)),
        ("yesterday at 3pm", (2026, 11, 24, 15, 0)),
        ("Yesterday  15:00", (2026, 11, 24, 15, 0)),
        ("2 days ago", (2026, 11, 23, 12, 0)),
        ("last monday 18:30", (2026, 11, 23, 18, 30)),
        ("14:30", (2026, 11, 25, 14, 30)),
        ("9am", (2026, 11, 25, 9, 0)),
        ("12am", (2026, 11, 25, 0, 0)),
        ("12pm", (2026, 11, 25, 12, 0)),
        ("noon", (2026, 11, 25, 12, 0)),
        ("3 hours ago", (2026, 11, 25, 12, 0)),
        ("45 min ago", (2026, 11, 25, 14, 15)),
        ("2026-11-20", (2026, 11, 20, 12, 0)),
        ("2026-11-20 14:30", (2026, 11, 20, 14, 30)),
        ("2026-11-20T14:30", (2026, 11, 20, 14, 30)),
        ("2026-11-20t14:30", (2026, 11, 20, 14, 30)),
        ("2026-11-20T14:30:15", (2026, 11, 20, 14, 30, 15)),
        ("2026-11-20T14:30:00+01:00", (2026, 11, 20, 13, 30)),
        ("2026-11-20 14:30-05:00", (2026, 11, 20, 19, 30)),
        ("2026-11-20T14:30:00Z", (2026, 11, 20, 14, 30)),
        ("20 nov 3pm", (2026, 11, 20, 15, 0)),
        ("nov 20 15:30", (2026, 11, 20, 15, 30)),
        ("20 nov", (2026, 11, 20, 12, 0)),
    ],
)
def test_parse_when_documented_forms(text: str, expected: tuple[int, ...]) -> None:
    got = parse_when(text, now_at(15))
    assert got == wall(*expected)
    assert got.utcoffset() == timedelta(0)  # stored with the local offset


def test_now_is_now_to_the_second() -> None:
    now = now_at(15).replace(second=42, microsecond=123456)
    for text in ("now", "NOW", "  now  "):
        assert parse_when(text, now) == now.replace(microsecond=0)


def test_result_is_aware_and_whole_seconds() -> None:
    got = parse_when("3 hours ago", now_at(15).replace(microsecond=999999))
    assert got.tzinfo is not None
    assert got.microsecond == 0


def test_iso_with_another_offset_is_the_same_instant_at_the_local_offset() -> None:
    got = parse_when("2026-11-20T14:30:00+05:30", now_at(15))
    assert got == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert got.utcoffset() == timedelta(0)
    assert dates.iso(got) == "2026-11-20T09:00:00+00:00"


def test_time_given_only_in_free_form_lands_today() -> None:
    # dateutil reads this one; it must not fall back to 1 January.
    assert parse_when("10:20:30", now_at(15)) == wall(2026, 11, 25, 10, 20, 30)


# --- a date without a time --------------------------------------------------------


@pytest.mark.parametrize("text", ["today", "2026-11-25", "wednesday", "0 days ago"])
def test_today_without_time_is_noon_once_noon_has_passed(text: str) -> None:
    assert parse_when(text, now_at(15)) == wall(2026, 11, 25, 12, 0)


@pytest.mark.parametrize("text", ["today", "2026-11-25", "wednesday"])
def test_today_without_time_is_now_while_noon_is_still_to_come(text: str) -> None:
    now = now_at(9, 17).replace(second=5, microsecond=500)
    assert parse_when(text, now) == now.replace(microsecond=0)


def test_earlier_day_without_time_is_noon_even_in_the_morning() -> None:
    assert parse_when("yesterday", now_at(9)) == wall(2026, 11, 24, 12, 0)
    assert parse_when("2026-11-01", now_at(9)) == wall(2026, 11, 1, 12, 0)


def test_noon_exactly_now_is_accepted() -> None:
    assert parse_when("today", now_at(12)) == wall(2026, 11, 25, 12, 0)
    assert parse_when("noon", now_at(12)) == wall(2026, 11, 25, 12, 0)


# --- the future is refused --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "23:00",
        "today 4pm",
        "noon",  # at 09:00
        "2026-11-25T09:01",
        "2026-11-26",  # tomorrow, no time: not "now"
        "2027-01-01",  # a mistyped year must not quietly become today
        "2026-11-26 08:00",
        "2026-11-25T09:00:01Z",
    ],
)
def test_future_times_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, now_at(9))
    assert "future" in caught.value.message
    assert text in caught.value.message
    assert caught.value.exit_code == 2


def test_one_second_ahead_is_future_one_second_behind_is_not() -> None:
    now = now_at(9)
    assert parse_when("2026-11-25T09:00:00", now) == now
    with pytest.raises(InvalidInput):
        parse_when("2026-11-25T09:00:01", now)


# --- garbage and empty ------------------------------------------------------------


def test_a_bare_number_is_refused_as_a_day_or_an_hour() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when("9", now_at(15))
    assert "could be a day or an hour" in caught.value.message
    assert "9:00" in caught.value.message


@pytest.mark.parametrize("text", ["monday 9", "friday 10", "at 3", "03/11/2026", "3.11.", "3/11"])
def test_half_understood_times_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, now_at(15))
    assert f"'{text}'" in caught.value.message


def test_slash_dates_ask_for_an_unambiguous_form() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when("03/11/2026", now_at(15))
    assert "day or month first?" in caught.value.message
    assert "2026-11-03" in str(caught.value) and "2026-03-11" in str(caught.value)


def test_time_before_day_works_too() -> None:
    now = now_at(15)
    assert parse_when("3pm yesterday", now) == parse_when("yesterday 3pm", now)


def test_a_date_without_a_year_is_its_most_recent_past_occurrence() -> None:
    assert parse_when("20 dec", now_at(15)) == wall(2025, 12, 20, 12, 0)


def test_a_future_day_with_its_year_suggests_last_year() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when("20 dec 2026", now_at(15))
    assert "future" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "blorp",
        "soonish",
        "25:00",
        "yesterday 25:00",
        "friday 25:00",
        "tomorrow",
        "in 2 hours",
        "2 days",
        "-2 days ago",
        "xyz 9am",
        "la monday",
        "3 parsecs ago",
    ],
)
def test_garbage_is_refused_naming_the_input(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, now_at(15))
    assert f"'{text}'" in caught.value.message
    assert caught.value.exit_code == 2
    # it shows two or three close forms, and every one of them works
    forms = caught.value.message.split("Try: ")[1].rstrip(".").split(", ")
    assert 2 <= len(forms) <= 4
    for form in forms:
        parse_when(form.replace("2026-11-03", "2026-11-03 9am"), now_at(15))


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, now_at(15))
    assert "--at" in caught.value.message
    assert "empty" in caught.value.message


# --- weekdays ---------------------------------------------------------------------

# Monday 23 November 2026 to Sunday 29 November 2026, and the last Monday before.
LAST_MONDAY = {
    23: 16,  # on a Monday, "last monday" is a week ago
    24: 23,
    25: 23,
    26: 23,
    27: 23,
    28: 23,
    29: 23,
}


@pytest.mark.parametrize(("today", "monday"), sorted(LAST_MONDAY.items()))
def test_last_monday_is_strictly_before_today(today: int, monday: int) -> None:
    now = now_at(20, day=(2026, 11, today))
    assert parse_when("last monday", now) == wall(2026, 11, monday, 12, 0)
    assert parse_when("last monday 18:30", now) == wall(2026, 11, monday, 18, 30)
    assert parse_when("last mon", now) == wall(2026, 11, monday, 12, 0)


def test_plain_monday_on_a_monday_is_today() -> None:
    monday_evening = now_at(20, day=(2026, 11, 23))
    assert parse_when("monday", monday_evening) == wall(2026, 11, 23, 12, 0)
    assert parse_when("monday 9:15", monday_evening) == wall(2026, 11, 23, 9, 15)


def test_plain_weekday_means_the_most_recent_one() -> None:
    wednesday = now_at(15)
    assert parse_when("tuesday", wednesday) == wall(2026, 11, 24, 12, 0)
    assert parse_when("thurs 8am", wednesday) == wall(2026, 11, 19, 8, 0)
    assert parse_when("sunday", wednesday) == wall(2026, 11, 22, 12, 0)


# --- time zones with summer time ---------------------------------------------------


def test_offset_is_the_one_in_force_then_london() -> None:
    with zone("Europe/London"):
        summer_now = wall(2026, 7, 15, 18, 0)
        assert summer_now.utcoffset() == timedelta(hours=1)

        winter = parse_when("2026-01-10 09:00", summer_now)
        assert (winter.hour, winter.utcoffset()) == (9, timedelta(0))
        assert dates.iso(winter) == "2026-01-10T09:00:00+00:00"

        summer = parse_when("yesterday 3pm", summer_now)
        assert dates.iso(summer) == "2026-07-14T15:00:00+01:00"


def test_offset_changes_within_one_day_at_the_spring_change() -> None:
    # Clocks went forward at 01:00 GMT on Sunday 29 March 2026.
    with zone("Europe/London"):
        monday = wall(2026, 3, 30, 12, 0)
        before = parse_when("yesterday 00:30", monday)
        after = parse_when("yesterday 3pm", monday)
        assert dates.iso(before) == "2026-03-29T00:30:00+00:00"
        assert dates.iso(after) == "2026-03-29T15:00:00+01:00"
        assert dates.utc_iso(after) == "2026-03-29T14:00:00Z"


def test_offset_changes_within_one_day_at_the_autumn_change() -> None:
    # Clocks went back at 02:00 BST on Sunday 25 October 2026.
    with zone("Europe/London"):
        monday = wall(2026, 10, 26, 12, 0)
        assert dates.iso(parse_when("yesterday 00:30", monday)) == "2026-10-25T00:30:00+01:00"
        assert dates.iso(parse_when("yesterday 3pm", monday)) == "2026-10-25T15:00:00+00:00"


def test_offset_is_the_one_in_force_then_new_york() -> None:
    with zone("America/New_York"):
        winter_now = wall(2026, 11, 25, 12, 0)
        assert winter_now.utcoffset() == timedelta(hours=-5)
        july = parse_when("2026-07-04 20:00", winter_now)
        assert dates.iso(july) == "2026-07-04T20:00:00-04:00"
        # The same instant given in UTC is shown at New York's summer offset.
        assert dates.iso(parse_when("2026-07-05T00:00:00Z", winter_now)) == (
            "2026-07-04T20:00:00-04:00"
        )
        # Two days ago from Tuesday 3 November was Sunday 1 November, after the change.
        tuesday = wall(2026, 11, 3, 10, 0)
        assert dates.iso(parse_when("2 days ago", tuesday)) == "2026-11-01T12:00:00-05:00"
        assert dates.iso(parse_when("2026-10-31", tuesday)) == "2026-10-31T12:00:00-04:00"


# --- properties ---------------------------------------------------------------------

FIXED_NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
FIVE_YEARS = timedelta(days=5 * 365)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@PURE
@given(
    moment=st.datetimes(
        min_value=(FIXED_NOW - FIVE_YEARS).replace(tzinfo=None),
        max_value=FIXED_NOW.replace(tzinfo=None),
        timezones=st.just(UTC),
    ),
    offset=offsets,
    with_offset=st.booleans(),
    sep=st.sampled_from(["T", " "]),
)
def test_iso_round_trips_and_is_never_after_now(
    moment: datetime, offset: timezone, with_offset: bool, sep: str
) -> None:
    if with_offset:
        text = moment.astimezone(offset).isoformat(sep=sep)
    else:
        text = moment.replace(tzinfo=None).isoformat(sep=sep)  # local = UTC here
    got = parse_when(text, FIXED_NOW)
    assert got == moment.replace(microsecond=0)
    assert got <= FIXED_NOW
    assert got.utcoffset() == timedelta(0)


@PURE
@given(
    ahead=st.timedeltas(min_value=timedelta(seconds=1), max_value=FIVE_YEARS),
    offset=offsets,
)
def test_any_iso_time_after_now_is_refused(ahead: timedelta, offset: timezone) -> None:
    text = (FIXED_NOW + ahead).astimezone(offset).replace(microsecond=0).isoformat()
    with pytest.raises(InvalidInput, match="future"):
        parse_when(text, FIXED_NOW)


@settings(max_examples=60, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2021, 12, 1),
        max_value=datetime(2026, 11, 25, 15, 0),
        timezones=st.just(UTC),
    )
)
def test_london_offset_matches_the_zone_rules(moment: datetime) -> None:
    london = ZoneInfo("Europe/London")
    with zone("Europe/London"):
        got = parse_when(moment.isoformat(), FIXED_NOW)
    assert got == moment.replace(microsecond=0)
    assert got.utcoffset() == moment.astimezone(london).utcoffset()


# --- durations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("2h", 120),
        ("1h30m", 90),
        ("1h05m", 65),
        ("90", 90),
        ("1", 1),
        ("all day", 1440),
        ("All Day", 1440),
        ("all-day", 1440),
        ("1 h 30 min", 90),
        ("1 hour 30 minutes", 90),
        ("2 hours", 120),
        ("2hrs", 120),
        ("45 mins", 45),
        (" 45M ", 45),
        ("24h", 1440),
        ("1440", 1440),
    ],
)
def test_parse_duration_accepts(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["0", "0m", "0h", "1441", "25h", "24h1m", "48h"])
def test_parse_duration_refuses_out_of_range(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_duration(text)
    assert "24 hours" in caught.value.message
    assert text in caught.value.message


@pytest.mark.parametrize(
    "text", ["", "  ", "abc", "-5", "-1h", "1.5h30", "h", "m", "2 days", "h30"]
)
def test_parse_duration_refuses_garbage(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_duration(text)
    assert f"'{text.strip()}'" in caught.value.message
    assert "1h30m" in caught.value.message  # shows an example that works


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(1, "1m"), (45, "45m"), (60, "1h"), (65, "1h05m"), (90, "1h30m"), (1439, "23h59m")],
)
def test_format_duration(minutes: int, text: str) -> None:
    assert format_duration(minutes) == text
    assert parse_duration(text) == minutes


def test_format_all_day() -> None:
    assert format_duration(1440) == "all day"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=1440))
def test_format_then_parse_duration_round_trips(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes


# --- dates for --from / --to ------------------------------------------------------------

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("Yesterday", date(2026, 11, 24)),
        ("  yesterday  ", date(2026, 11, 24)),
        ("monday", date(2026, 11, 23)),
        ("wednesday", date(2026, 11, 25)),
        ("last wednesday", date(2026, 11, 18)),
        ("3 days ago", date(2026, 11, 22)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("2026-11-01", date(2026, 11, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2026-11-01T10:00", date(2026, 11, 1)),
        ("20 nov", date(2026, 11, 20)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_parse_date_garbage_names_input_and_option(option: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("blorp", TODAY, option)
    assert "'blorp'" in caught.value.message
    assert option in caught.value.message


def test_parse_date_empty_names_option() -> None:
    with pytest.raises(InvalidInput, match="--to is empty"):
        parse_date("  ", TODAY, "--to")


# --- periods ------------------------------------------------------------------------------


def test_week_is_the_seven_days_ending_today() -> None:
    week = last_days(7, TODAY)
    assert week == Period(date(2026, 11, 19), date(2026, 11, 25))
    assert week.days == 7
    assert week.previous() == Period(date(2026, 11, 12), date(2026, 11, 18))


def test_month_is_the_thirty_days_ending_today() -> None:
    month = last_days(30, TODAY)
    assert month == Period(date(2026, 10, 27), date(2026, 11, 25))
    assert month.days == 30
    assert month.previous() == Period(date(2026, 9, 27), date(2026, 10, 26))


def test_periods_across_a_leap_day_and_new_year() -> None:
    assert last_days(7, date(2028, 3, 2)) == Period(date(2028, 2, 25), date(2028, 3, 2))
    assert last_days(7, date(2027, 1, 3)).previous() == Period(
        date(2026, 12, 21), date(2026, 12, 27)
    )


def test_single_day_period() -> None:
    day = Period(TODAY, TODAY)
    assert day.days == 1
    assert day.previous() == Period(date(2026, 11, 24), date(2026, 11, 24))


@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)),
    length=st.integers(min_value=1, max_value=400),
)
def test_previous_period_is_same_length_and_adjacent(start: date, length: int) -> None:
    period = Period(start, start + timedelta(days=length - 1))
    before = period.previous()
    assert period.days == length
    assert before.days == length
    assert before.end + timedelta(days=1) == period.start
    assert last_days(length, period.end) == period


# --- storage formats ---------------------------------------------------------------------


def test_iso_and_utc_iso_and_back() -> None:
    moment = datetime(2026, 11, 25, 9, 0, 0, 987654, tzinfo=timezone(timedelta(hours=1)))
    assert dates.iso(moment) == "2026-11-25T09:00:00+01:00"
    assert dates.utc_iso(moment) == "2026-11-25T08:00:00Z"
    assert dates.parse_iso(dates.iso(moment)) == moment.replace(microsecond=0)


def test_parse_iso_refuses_a_timestamp_without_offset() -> None:
    with pytest.raises(ValueError, match="without a UTC offset"):
        dates.parse_iso("2026-11-25T09:00:00")


# --- forms added after people tried it ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 months ago", (2026, 8, 25)),
        ("a month ago", (2026, 10, 25)),
        ("1 year ago", (2025, 11, 25)),
    ],
)
def test_months_and_years_ago(text: str, expected: tuple[int, int, int]) -> None:
    moment = parse_when(text, now_at(15))
    assert (moment.year, moment.month, moment.day) == expected
    assert parse_date(text, now_at(15).date()) == date(*expected)


def test_months_ago_from_the_31st_lands_on_the_last_day() -> None:
    assert parse_date("1 month ago", date(2026, 3, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize("text", ["14.30", "at 9.30"])
def test_a_dotted_time_is_a_time_not_a_date(text: str) -> None:
    moment = parse_when(text, now_at(15))
    assert (moment.hour, moment.minute) == (int(text.split()[-1].split(".")[0]), 30)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01 10:00"])
def test_impossible_dates_say_so(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a day of the calendar"):
        parse_when(text, now_at(15))


def test_hours_ago_across_a_clock_change_keeps_the_offset_of_then() -> None:
    with zone("Europe/Berlin"):
        now = wall(2026, 3, 29, 12, 0)  # summer time began at 02:00 that night
        moment = parse_when("12 hours ago", now)
        assert moment.isoformat() == "2026-03-28T23:00:00+01:00"  # the day before, winter


def test_a_written_date_in_a_clock_change_gap_is_refused_like_an_iso_one() -> None:
    with zone("Europe/London"):
        now = wall(2026, 6, 1, 12, 0)
        for text in ("29 mar 2026 1:30am", "2026-03-29 01:30"):
            with pytest.raises(InvalidInput, match="did not happen"):
                parse_when(text, now)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("20", 20),
        ("20min", 20),
        ("1h", 60),
        ("1.5h", 90),
        ("1h15", 75),
        ("1:30", 90),
        ("half an hour", 30),
        ("an hour and a half", 90),
        ("three quarters of an hour", 45),
    ],
)
def test_minutes_and_durations_take_units_and_words(typed: str, minutes: int) -> None:
    assert dates.parse_minutes(typed) == minutes
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["banana", "1.5h30", "0", "601", "-5"])
def test_minutes_refuse_what_is_not_minutes(typed: str) -> None:
    with pytest.raises(InvalidInput):
        dates.parse_minutes(typed)
