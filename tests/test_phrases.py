"""phrases.py: every family of everyday time phrases, with a frozen "now".

Each table gives what a person types and the wall-clock time it must mean. The
clock is Tuesday 1 December 2026, 14:30, unless a test says otherwise; the process
zone is UTC except in the daylight-saving tests, which use real zones.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msjournal.dates import parse_date, parse_when
from msjournal.errors import InvalidInput


@contextmanager
def zone(name: str) -> Iterator[None]:
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
    return datetime(*args).astimezone()  # type: ignore[arg-type]


def at(*args: int) -> datetime:
    """'now' for a test: a local wall-clock time."""
    return wall(*args)


NOW = (2026, 12, 1, 14, 30)  # a Tuesday


def check(table: list[tuple[str, tuple[int, ...]]], now: tuple[int, ...] = NOW) -> None:
    for text, expected in table:
        assert parse_when(text, at(*now)) == wall(*expected), text


# --- parts of the day --------------------------------------------------------------

PARTS = [
    ("this morning", (2026, 12, 1, 9, 0)),
    ("this afternoon", (2026, 12, 1, 14, 30)),  # begun, its hour (15:00) ahead: now
    ("last night", (2026, 11, 30, 22, 0)),
    ("yesterday night", (2026, 11, 30, 22, 0)),
    ("yesterday morning", (2026, 11, 30, 9, 0)),
    ("yesterday afternoon", (2026, 11, 30, 15, 0)),
    ("yesterday evening", (2026, 11, 30, 19, 0)),
    ("12 at night", (2026, 12, 1, 0, 0)),
    ("2 at night", (2026, 12, 1, 2, 0)),
    ("4 in the morning", (2026, 12, 1, 4, 0)),
    ("2 in the afternoon", (2026, 12, 1, 14, 0)),
    ("yesterday 9 in the evening", (2026, 11, 30, 21, 0)),
    ("friday evening", (2026, 11, 27, 19, 0)),
    ("monday morning 8", (2026, 11, 30, 8, 0)),
    ("last friday night", (2026, 11, 27, 22, 0)),
    ("friday night at 1am", (2026, 11, 28, 1, 0)),
    ("last night at 11", (2026, 11, 30, 23, 0)),
    ("last night at 2am", (2026, 12, 1, 2, 0)),
    ("in the small hours", (2026, 12, 1, 3, 0)),
    ("noon", (2026, 12, 1, 12, 0)),
    ("midnight", (2026, 12, 1, 0, 0)),
    ("midnight last night", (2026, 12, 1, 0, 0)),
    ("2026-01-01 at noon", (2026, 1, 1, 12, 0)),
    ("2011-01-01 at noon", (2011, 1, 1, 12, 0)),
    ("jan 3 2010 midnight", (2010, 1, 3, 0, 0)),
    ("yesterday at noon", (2026, 11, 30, 12, 0)),
    ("noon yesterday", (2026, 11, 30, 12, 0)),
    ("this morning at 7:30", (2026, 12, 1, 7, 30)),
    ("half past nine this morning", (2026, 12, 1, 9, 30)),
    ("quarter past 3 yesterday afternoon", (2026, 11, 30, 15, 15)),
    ("early this morning", (2026, 12, 1, 9, 0)),
    ("late last night", (2026, 11, 30, 22, 0)),
]


def test_parts_of_the_day() -> None:
    check(PARTS)


def test_tonight_and_at_night_once_they_are_past() -> None:
    check(
        [("tonight", (2026, 12, 1, 21, 0)), ("at night", (2026, 12, 1, 22, 0))],
        (2026, 12, 1, 23, 5),
    )
    check([("this evening", (2026, 12, 1, 18, 0))], (2026, 12, 1, 18, 0))  # begun: now


@pytest.mark.parametrize("text", ["tonight", "this evening", "at night", "9 in the evening"])
def test_parts_of_the_day_still_to_come_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="future"):
        parse_when(text, at(*NOW))


# --- number words, fractions, "before now" ------------------------------------------

AGO = [
    ("two days ago", (2026, 11, 29, 12, 0)),
    ("a week ago", (2026, 11, 24, 12, 0)),
    ("half an hour ago", (2026, 12, 1, 14, 0)),
    ("an hour and a half ago", (2026, 12, 1, 13, 0)),
    ("1.5 hours ago", (2026, 12, 1, 13, 0)),
    ("two and a half hours ago", (2026, 12, 1, 12, 0)),
    ("a quarter of an hour ago", (2026, 12, 1, 14, 15)),
    ("a fortnight ago", (2026, 11, 17, 12, 0)),
    ("five years ago", (2021, 12, 1, 12, 0)),
    ("about an hour ago", (2026, 12, 1, 13, 30)),
    ("5 minutes before now", (2026, 12, 1, 14, 25)),
    ("10 minutes earlier", (2026, 12, 1, 14, 20)),
    ("2y ago", (2024, 12, 1, 12, 0)),
    ("3w ago", (2026, 11, 10, 12, 0)),
    ("45min ago", (2026, 12, 1, 13, 45)),
    ("1h30m ago", (2026, 12, 1, 13, 0)),
    ("twenty five minutes ago", (2026, 12, 1, 14, 5)),
    ("forty-five minutes ago", (2026, 12, 1, 13, 45)),
    ("a couple of days ago", (2026, 11, 29, 12, 0)),
    ("1 day and 2 hours ago", (2026, 11, 30, 12, 30)),
    ("2 hours 30 minutes ago", (2026, 12, 1, 12, 0)),
    ("3 days ago at 5pm", (2026, 11, 28, 17, 0)),
    ("9am 2 days ago", (2026, 11, 29, 9, 0)),
    ("a month ago", (2026, 11, 1, 12, 0)),
    ("this time yesterday", (2026, 11, 30, 14, 30)),
    ("just now", (2026, 12, 1, 14, 30)),
]


def test_number_words_fractions_and_before_now() -> None:
    check(AGO)


# --- dates -------------------------------------------------------------------------

DATES = [
    ("2026/11/20", (2026, 11, 20, 12, 0)),
    ("2026-1-5", (2026, 1, 5, 12, 0)),
    ("2026.11.20 9:15", (2026, 11, 20, 9, 15)),
    ("2026-07-03 21:11:35 UTC", (2026, 7, 3, 21, 11, 35)),
    ("2026-07-03 21:11:35 +0100", (2026, 7, 3, 20, 11, 35)),
    ("2026-07-03 16:11:35 EST", (2026, 7, 3, 21, 11, 35)),
    ("2026-11-25T09:00:00.123456+00:00", (2026, 11, 25, 9, 0)),
    ("20030925T104941", (2003, 9, 25, 10, 49, 41)),
    ("Tue Apr 4 00:22:12 PDT 1995", (1995, 4, 4, 7, 22, 12)),
    ("Sat Aug 17 2013 18:40:39 GMT+0900 (JST)", (2013, 8, 17, 9, 40, 39)),
    ("3rd of may 2001", (2001, 5, 3, 12, 0)),
    ("the third of may 2001", (2001, 5, 3, 12, 0)),
    ("November 20, 2026 at 3:30 PM", (2026, 11, 20, 15, 30)),
    ("20th nov", (2026, 11, 20, 12, 0)),
    ("nov 20", (2026, 11, 20, 12, 0)),
    ("the 15th", (2026, 11, 15, 12, 0)),
    ("last week tuesday", (2026, 11, 24, 12, 0)),
    ("tuesday last week", (2026, 11, 24, 12, 0)),
    ("tuesday of last week 9am", (2026, 11, 24, 9, 0)),
    ("monday this week", (2026, 11, 30, 12, 0)),
    ("wednesday before last", (2026, 11, 18, 12, 0)),
    ("30/11", (2026, 11, 30, 12, 0)),
    ("15/11/2026", (2026, 11, 15, 12, 0)),
    ("11/15/2026", (2026, 11, 15, 12, 0)),
    ("09-25-2003", (2003, 9, 25, 12, 0)),
    ("12/11/2026", (2026, 11, 12, 12, 0)),  # 11 Dec is still to come: one past reading
    ("4/4", (2026, 4, 4, 12, 0)),  # the same either way round
    ("30.11.", (2026, 11, 30, 12, 0)),
]


def test_written_numeric_and_zoned_dates() -> None:
    check(DATES)


@pytest.mark.parametrize("text", ["3/11", "03/11/2026", "10.09.2003", "5/6/26"])
def test_day_month_dates_with_two_real_readings_ask_which(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"day or month first\?"):
        parse_when(text, at(*NOW))


# --- compact clock times, seconds ----------------------------------------------------

CLOCKS = [
    ("1030", (2026, 12, 1, 10, 30)),
    ("0900", (2026, 12, 1, 9, 0)),
    ("930", (2026, 12, 1, 9, 30)),
    ("yesterday 1530", (2026, 11, 30, 15, 30)),
    ("monday 930", (2026, 11, 30, 9, 30)),
    ("yesterday 17:32.19", (2026, 11, 30, 17, 32, 19)),
    ("yesterday 15:30:30", (2026, 11, 30, 15, 30, 30)),
    ("9.30am", (2026, 12, 1, 9, 30)),
    ("9h30", (2026, 12, 1, 9, 30)),
    ("10 a.m.", (2026, 12, 1, 10, 0)),
    ("yesterday at 15", (2026, 11, 30, 15, 0)),
]


def test_compact_clock_times_and_seconds() -> None:
    check(CLOCKS)


def test_a_four_digit_number_is_a_clock_time_never_a_year() -> None:
    assert parse_when("1130", at(*NOW)) == wall(2026, 12, 1, 11, 30)
    with pytest.raises(InvalidInput, match="future"):
        parse_when("1530", at(*NOW))  # 15:30 today, not the year 1530
    with pytest.raises(InvalidInput):
        parse_when("1975", at(*NOW))  # 19:75 is no time, and it is not a year either


def test_seconds_are_kept_when_typed() -> None:
    now = at(2026, 12, 1, 18, 0)
    assert parse_when("17:32.19", now).second == 19
    assert parse_when("15:30:30", now).second == 30
    assert parse_when("15:30.30", now) == wall(2026, 12, 1, 15, 30, 30)


# --- misspelt day words ---------------------------------------------------------------

SPELLING = [
    ("yesterdy 9am", (2026, 11, 30, 9, 0)),
    ("yesteday", (2026, 11, 30, 12, 0)),
    ("yest 8pm", (2026, 11, 30, 20, 0)),
    ("yday", (2026, 11, 30, 12, 0)),
    ("mondy", (2026, 11, 30, 12, 0)),
    ("last thrusday", (2026, 11, 26, 12, 0)),
    ("wendsday evening", (2026, 11, 25, 19, 0)),
    ("tues 9am", (2026, 12, 1, 9, 0)),
    ("thurs morning", (2026, 11, 26, 9, 0)),
    ("novmber 20", (2026, 11, 20, 12, 0)),
    ("yesterday evning", (2026, 11, 30, 19, 0)),
]


def test_misspelt_day_words_are_corrected_when_one_correction_fits() -> None:
    check(SPELLING)


# --- a date without a year: its most recent past occurrence ----------------------------

NEW_YEAR = [(2027, 1, day, 10, 0) for day in range(1, 6)]


@pytest.mark.parametrize("now", NEW_YEAR)
def test_a_date_without_a_year_is_never_next_year(now: tuple[int, ...]) -> None:
    clock = at(*now)
    assert parse_when("1 dec", clock) == wall(2026, 12, 1, 12, 0)
    assert parse_when("31 dec 11pm", clock) == wall(2026, 12, 31, 23, 0)
    assert parse_when("nov 20", clock) == wall(2026, 11, 20, 12, 0)
    assert parse_when("11 december 8am", clock) == wall(2026, 12, 11, 8, 0)
    assert parse_when("1 jan", clock).date() == date(2027, 1, 1)
    assert parse_date("1 dec", clock.date(), "--from") == date(2026, 12, 1)
    assert parse_date("1 nov", clock.date(), "--to") == date(2026, 11, 1)
    assert parse_date("30/12", clock.date(), "--from") == date(2026, 12, 30)


def test_the_29th_of_february_is_the_last_leap_day() -> None:
    assert parse_date("29 feb", date(2026, 12, 1)) == date(2024, 2, 29)


# --- refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["yesterday 25:00", "feb 30", "banana", "earlier", "recently", "the other day", "at 3", "9"],
)
def test_non_times_stay_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, at(*NOW))
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    "text", ["blorp", "xyz 9am", "3 parsecs ago", "friday 25:00", "tomorow", "la monday"]
)
def test_every_suggested_form_works(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, at(*NOW))
    forms = caught.value.message.split("Try: ")[1].rstrip(".").split(", ")
    assert 2 <= len(forms) <= 4
    for form in forms:
        parse_when(form, at(2026, 12, 1, 23, 0))


@pytest.mark.parametrize(
    ("text", "forms"),
    [("yesterday at 3", ["yesterday 3am", "yesterday 3pm"]), ("friday 10", ["friday 10am"])],
)
def test_an_hour_without_am_or_pm_asks_which(text: str, forms: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, at(*NOW))
    for form in forms:
        assert form in str(caught.value)
        parse_when(form, at(*NOW))


# --- --from and --to ----------------------------------------------------------------

DAYS = [
    ("yesterday evening", date(2026, 11, 30)),
    ("this morning", date(2026, 12, 1)),
    ("a fortnight ago", date(2026, 11, 17)),
    ("last week tuesday", date(2026, 11, 24)),
    ("2026/11/20", date(2026, 11, 20)),
    ("30/11", date(2026, 11, 30)),
    ("jan 3 2010", date(2010, 1, 3)),
    ("yesterdy", date(2026, 11, 30)),
    ("the 15th", date(2026, 11, 15)),
]


@pytest.mark.parametrize(("text", "day"), DAYS)
def test_every_family_works_for_from_and_to(text: str, day: date) -> None:
    assert parse_date(text, date(2026, 12, 1), "--from") == day
    assert parse_date(text, date(2026, 12, 1), "--to") == day


# --- daylight saving -----------------------------------------------------------------

LONDON_SPRING = [  # the clocks go forward at 01:00 GMT on 29 March 2026
    ("3 hours ago", (2026, 3, 29, 9, 0)),  # three real hours before 12:00 BST
    ("this morning", (2026, 3, 29, 9, 0)),
    ("last night", (2026, 3, 28, 22, 0)),
    ("12 at night", (2026, 3, 29, 0, 0)),
    ("in the small hours", (2026, 3, 29, 3, 0)),
    ("yesterday evening", (2026, 3, 28, 19, 0)),
]
LONDON_AUTUMN = [  # the clocks go back at 02:00 BST on 25 October 2026
    ("2 at night", (2026, 10, 25, 2, 0)),
    ("yesterday morning", (2026, 10, 24, 9, 0)),
    ("this morning", (2026, 10, 25, 9, 0)),
]
NEW_YORK_SPRING = [  # 02:00 EST becomes 03:00 EDT on 8 March 2026
    ("last night", (2026, 3, 7, 22, 0)),
    ("this morning", (2026, 3, 8, 9, 0)),
    ("4 in the morning", (2026, 3, 8, 4, 0)),
]
NEW_YORK_AUTUMN = [  # 02:00 EDT becomes 01:00 EST on 1 November 2026
    ("yesterday evening", (2026, 10, 31, 19, 0)),
    ("this morning", (2026, 11, 1, 9, 0)),
]


@pytest.mark.parametrize(
    ("name", "now", "table"),
    [
        ("Europe/London", (2026, 3, 29, 12, 0), LONDON_SPRING),
        ("Europe/London", (2026, 10, 25, 12, 0), LONDON_AUTUMN),
        ("America/New_York", (2026, 3, 8, 12, 0), NEW_YORK_SPRING),
        ("America/New_York", (2026, 11, 1, 12, 0), NEW_YORK_AUTUMN),
    ],
)
def test_daylight_saving_days(name: str, now: tuple[int, ...], table: list) -> None:  # type: ignore[type-arg]
    with zone(name):
        check(table, now)


def test_time_ago_counts_real_hours_across_a_clock_change() -> None:
    with zone("Europe/London"):
        now = at(2026, 3, 29, 12, 0)  # BST, UTC+1
        got = parse_when("12 hours ago", now)
        assert now - got == timedelta(hours=12)
        assert got.utcoffset() == timedelta(0)  # it was still GMT then
    with zone("America/New_York"):
        now = at(2026, 11, 1, 12, 0)  # EST
        got = parse_when("an hour and a half ago", now)
        assert now - got == timedelta(minutes=90)


@pytest.mark.parametrize(
    ("name", "now", "text"),
    [
        ("Europe/London", (2026, 3, 29, 12, 0), "1:30am"),
        ("America/New_York", (2026, 3, 8, 12, 0), "2:30am"),
    ],
)
def test_a_skipped_hour_is_refused(name: str, now: tuple[int, ...], text: str) -> None:
    with zone(name), pytest.raises(InvalidInput, match="clocks went forward"):
        parse_when(text, at(*now))


# --- properties ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        got = parse_when(text, at(*NOW))
    except InvalidInput:
        return
    assert got <= at(*NOW)


@pytest.mark.parametrize(
    ("typed", "back"),
    [
        ("24 hours ago", timedelta(hours=24)),
        ("1440 minutes ago", timedelta(days=1)),
        ("48 hours ago", timedelta(days=2)),
        ("1 day and 24 hours ago", timedelta(days=2)),
    ],
)
def test_whole_days_counted_in_hours_or_minutes_are_a_moment_not_a_day(
    typed: str, back: timedelta
) -> None:
    """'2 days ago' is a day (its time asked or noon); '48 hours ago' is that moment."""
    assert at(*NOW) - parse_when(typed, at(*NOW)) == back


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=5000))
def test_n_minutes_ago_is_exactly_n_minutes(minutes: int) -> None:
    assert at(*NOW) - parse_when(f"{minutes} minutes ago", at(*NOW)) == timedelta(minutes=minutes)


# --- forms found in other projects' date tests --------------------------------------

MORE = [
    ("this monday", (2026, 11, 30, 12, 0)),
    ("this tuesday", (2026, 12, 1, 12, 0)),
    ("last night 1130", (2026, 11, 30, 23, 30)),
    ("monday evening 730", (2026, 11, 30, 19, 30)),
    ("a quarter past 9am", (2026, 12, 1, 9, 15)),
    ("half past 3 pm yesterday", (2026, 11, 30, 15, 30)),
    ("twenty after 1pm", (2026, 12, 1, 13, 20)),
    ("a quarter to noon", (2026, 12, 1, 11, 45)),
    ("3 oclock am", (2026, 12, 1, 3, 0)),
    ("3 in the am", (2026, 12, 1, 3, 0)),
    ("@ 9am", (2026, 12, 1, 9, 0)),
    ("9ish am", (2026, 12, 1, 9, 0)),
    ("930 a.m.", (2026, 12, 1, 9, 30)),
    ("0730am", (2026, 12, 1, 7, 30)),
    ("ten thirty am", (2026, 12, 1, 10, 30)),
    ("four twenty-three a m", (2026, 12, 1, 4, 23)),
    ("twenty seventh of june", (2026, 6, 27, 12, 0)),
    ("may twenty-fourth", (2026, 5, 24, 12, 0)),
    ("march first", (2026, 3, 1, 12, 0)),
    ("on the first", (2026, 12, 1, 12, 0)),
    ("the second of may", (2026, 5, 2, 12, 0)),
    ("third day of october", (2026, 10, 3, 12, 0)),
    ("4 days before", (2026, 11, 27, 12, 0)),
    ("2 days before yesterday", (2026, 11, 28, 12, 0)),
    ("a week before today", (2026, 11, 24, 12, 0)),
    ("tuesday the 17th", (2026, 11, 17, 12, 0)),
    ("thu 15th", (2026, 10, 15, 12, 0)),  # the last 15th that was a Thursday
    ("fri, jul 17", (2026, 7, 17, 12, 0)),
    ("15sep", (2026, 9, 15, 12, 0)),
    ("13NOV2017", (2017, 11, 13, 12, 0)),
    ("last week's sunday", (2026, 11, 29, 12, 0)),
    ("yesterday lunch", (2026, 11, 30, 12, 0)),
    ("friday dinner", (2026, 11, 27, 19, 0)),
    ("dinner at 7 yesterday", (2026, 11, 30, 19, 0)),
    ("last yr", (2025, 12, 1, 12, 0)),
    ("last decade", (2016, 12, 1, 12, 0)),
    ("Thu, 30 May 2024 10:13:10 -0500 (CDT)", (2024, 5, 30, 15, 13, 10)),
    ("20030925T104941-0300", (2003, 9, 25, 13, 49, 41)),
    ("2003-09-25T10", (2003, 9, 25, 10, 0)),
    ("2003-09-25 10:49:41,502", (2003, 9, 25, 10, 49, 41)),
    ("2022-03-12 23:00 ET", (2022, 3, 13, 4, 0)),
    ("2022-03-13 23:00 ET", (2022, 3, 14, 3, 0)),
    ("wednesday, september 16, 2020, EST", (2020, 9, 16, 17, 0)),
    ("2014 12 28", (2014, 12, 28, 12, 0)),
]


def test_forms_from_other_projects_tests() -> None:
    check(MORE)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("this saturday", "future"),
        ("this wednesday", "future"),
        ("tomorrow", "future"),
        ("in 2 hours", "future"),
        ("friday, 03 september 2014", "was a Wednesday"),
        ("2.5 hours", "length of time"),
        ("june 2013", "a month, not a day"),
        ("last 2 days", "stretch of time"),
        ("1954", "for the year 1954"),
        ("first tuesday of october", "does not understand"),
    ],
)
def test_refusals_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, at(*NOW))
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("text", "forms"),
    [("at 12", ["12am", "12pm"]), ("half past 3", ["3:30am", "3:30pm", "15:30"])],
)
def test_ambiguous_hours_suggest_forms_that_work(text: str, forms: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, at(2026, 12, 1, 23, 0))
    for form in forms:
        assert form in str(caught.value)
        parse_when(form, at(2026, 12, 1, 23, 0))


# --- what a new user typed ----------------------------------------------------------

TRIED = [
    ("in the night", (2026, 12, 1, 3, 0)),
    ("during the night", (2026, 12, 1, 3, 0)),
    ("overnight", (2026, 12, 1, 3, 0)),
    ("yesturday", (2026, 11, 30, 12, 0)),
    ("saterday", (2026, 11, 28, 12, 0)),
    ("lst night", (2026, 11, 30, 22, 0)),
    ("2 dyas ago", (2026, 11, 29, 12, 0)),
    ("this am", (2026, 12, 1, 9, 0)),
    ("after lunch", (2026, 12, 1, 13, 0)),
    ("yesterday after dinner", (2026, 11, 30, 20, 0)),
    ("before breakfast", (2026, 12, 1, 7, 0)),
    ("an hour or so ago", (2026, 12, 1, 13, 30)),
    ("sunday gone", (2026, 11, 29, 12, 0)),
    ("the day before yesterday evening", (2026, 11, 29, 19, 0)),
    ("2 day before yesterday", (2026, 11, 28, 12, 0)),
]


def test_phrases_a_new_user_typed() -> None:
    check(TRIED)
    check([("bedtime", (2026, 12, 1, 22, 0))], (2026, 12, 1, 23, 0))


def test_last_weekend_asks_which_day() -> None:
    with pytest.raises(InvalidInput, match="two days"):
        parse_when("last weekend", at(*NOW))
