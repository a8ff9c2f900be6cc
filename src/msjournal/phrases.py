"""Reading the times and days people type, the way they say them.

``yesterday evening``, ``two days ago``, ``half an hour ago``, ``friday 9am``,
``30/11``, ``2026/11/20``, ``jan 3 2010 midnight``, ``1530``: the text is taken
apart piece by piece (a zone, a date, a time ago, a part of the day, a clock time,
a day word). Every word must be accounted for: a word left over means the phrase
was not understood, and it is refused rather than guessed at.

Pure: ``now`` is always passed in. ``dates.parse_when`` and ``dates.parse_date``
import this module only when a time or a day has to be read, so logging without
``--at`` never pays for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from msjournal import dates
from msjournal.errors import InvalidInput

# Parts of the day: (the hour it begins, the hour it stands for). The README's
# "Times and dates" table lists the same hours.
PARTS = {
    "small hours": (0, 3),
    "morning": (5, 9),
    "afternoon": (12, 15),
    "evening": (17, 19),
    "tonight": (21, 21),
    "night": (21, 22),
    "breakfast": (5, 8),
    "lunch": (11, 12),
    "dinner": (17, 19),
    "before breakfast": (5, 7),
    "after breakfast": (8, 9),
    "before lunch": (10, 11),
    "after lunch": (12, 13),
    "before dinner": (16, 18),
    "after dinner": (19, 20),
}

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|"
    r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)

_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_MONTH_END = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}

# Seconds in each unit of "... ago"; months and years are counted on the calendar.
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_UNIT_WORDS = {
    "s": "second",
    "sec": "second",
    "secs": "second",
    "second": "second",
    "seconds": "second",
    "m": "minute",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "fortnight": "fortnight",
    "fortnights": "fortnight",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
}
_UNIT = "(?:" + "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)) + ")"
_QTY = r"\d+(?:\.\d+)?"
_AGO_WORDS = r"(?:ago|before\s+now|before(?=\s*$)|back|earlier|previously|in\s+the\s+past)"

# Offsets of the zone names people and programs write after a time. Ambiguous
# abbreviations (IST, CST in Asia...) are read as the one listed here.
ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "akst": -540,
    "akdt": -480,
    "hst": -600,
    "jst": 540,
    "kst": 540,
    "aest": 600,
    "aedt": 660,
    "nzst": 720,
    "nzdt": 780,
    "brt": -180,
    "brst": -120,
    "hkt": 480,
    "sgt": 480,
    "awst": 480,
    "acst": 570,
}

GENERIC_ZONES = {
    "et": "America/New_York",
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}

# Words that only join the others: "on the 3rd of may at noon".
FILLERS = {"at", "on", "the", "of", "in", "ad", "around", "about", "approximately"}
# Words too vague to turn into a time.
VAGUE = (
    "earlier",
    "recently",
    "the other day",
    "a while ago",
    "a few",
    "some time",
    "sometime",
    "lately",
    "a bit ago",
    "several",
    "few",
    "minutes ago",
    "hours ago",
    "days ago",
    "weeks ago",
)

# Shortenings and common slips of the day words, beyond what spelling
# correction finds on its own.
SHORT_DAY_WORDS = {
    "yest": "yesterday",
    "yday": "yesterday",
    "ystd": "yesterday",
    "yst": "yesterday",
    "ytd": "yesterday",
    "y'day": "yesterday",
    "yesterdays": "yesterday",
    "tday": "today",
    "tdy": "today",
    "2day": "today",
    "tonite": "tonight",
    "2nite": "tonight",
    "nite": "night",
    "arvo": "afternoon",
    "eve": "evening",
    "morn": "morning",
    "mid-day": "midday",
    "mid-night": "midnight",
    "lst": "last",
    "bedtime": "night",
    "lunchtime": "lunch",
    "lunch-time": "lunch",
    "supper": "dinner",
    "teatime": "dinner",
}
# What spelling correction may correct to (the words people misspell when tired).
CORRECTABLE = (
    "yesterday",
    "today",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "midnight",
    "noon",
    "midday",
    "fortnight",
    "minutes",
    "hours",
    "weeks",
    "months",
    "years",
    *dates.WEEKDAYS,
    *MONTH_NAMES,
)
_SWAPPABLE = ("days", "week", "year", "mins", "hour", "last", "noon")
# Every word the reader understands: never "corrected" to something else.
_KNOWN = {
    *CORRECTABLE,
    *FILLERS,
    *NUMBER_WORDS,
    *_ORDINAL_WORDS,
    *_UNIT_WORDS,
    *ZONES,
    *MONTHS,
    "ago",
    "before",
    "now",
    "back",
    "previously",
    "past",
    "last",
    "this",
    "same",
    "time",
    "and",
    "a",
    "an",
    "half",
    "quarter",
    "quarters",
    "to",
    "am",
    "pm",
    "small",
    "tues",
    "weds",
    "thur",
    "thurs",
    "sept",
    "just",
    "right",
    "day",
    "o'clock",
    "oclock",
    "late",
    "early",
    "yesterday's",
    "breakfast",
    "lunch",
    "dinner",
}


_DAY_WORDS = {"yesterday", "yesterday's", "today", "last", "past", "previous", "before"}


@dataclass
class Reading:
    """What was understood, before it is turned into one moment or one day."""

    day: date | None = None
    year_given: bool = True  # False: the most recent such date not in the future
    month_given: bool = True  # False: "the 15th", the most recent 15th
    weekday_bare: bool = False  # "friday": a week back if the time is still ahead
    clock: time | None = None
    part: str | None = None  # a part of the day, when no clock time was given
    night_after_midnight: bool = False  # "last night at 2am": the next calendar day
    zone: tzinfo | None = None
    instant: datetime | None = None  # "3 hours ago", "now"


class Ambiguous(InvalidInput):
    """The phrase has two readings (day or month first, am or pm)."""


def _number_words(text: str) -> str:
    def tens(match: re.Match[str]) -> str:
        return str(NUMBER_WORDS[match.group(1)] + NUMBER_WORDS[match.group(2)])

    ones = "one|two|three|four|five|six|seven|eight|nine"
    text = re.sub(rf"\b({'|'.join(_TENS)})[\s-]({ones})\b", tens, text)
    return re.sub(
        r"\b(" + "|".join(NUMBER_WORDS) + r")\b", lambda m: str(NUMBER_WORDS[m.group(1)]), text
    )


def _ordinal_words(text: str) -> str:
    """'twenty seventh' -> 27th; 'may eighth' -> may 8th; 'the second of may'."""

    def compound(match: re.Match[str]) -> str:
        return f"{NUMBER_WORDS[match.group(1)] + _ORDINAL_WORDS[match.group(2)]}th"

    units = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    text = re.sub(rf"\b(twenty|thirty)[\s-]({units})\b", compound, text)
    ordinals = "|".join(word for word in _ORDINAL_WORDS if word != "second")
    text = re.sub(
        rf"\b({ordinals})\b(?!\s+{_WEEKDAY})",  # "first tuesday of may" is no date
        lambda m: f"{_ORDINAL_WORDS[m.group(1)]}th",
        text,
    )
    # "second" is also a unit of time: only a date's ordinal near a month or after "the"
    text = re.sub(rf"\b(the|{_MONTH_WORD[:-2]})\s+second\b", r"\1 2nd", text)
    return re.sub(r"\bsecond(?=\s+of\b)", "2nd", text)


def _fractions(text: str) -> str:
    """'half an hour', 'an hour and a half', 'two and a half days' -> decimals."""
    text = re.sub(r"\b(?:a\s+)?quarter\s+(?:of\s+)?(?:an?\s+)?hour\b", "15 minutes", text)
    text = re.sub(r"\b3\s+quarters\s+of\s+an\s+hour\b", "45 minutes", text)
    text = re.sub(r"\bhalf\s+(?:an?\s+)?(hour|day|minute|week|year|month)\b", r"0.5 \1", text)
    text = re.sub(r"\b(?:an?|1)\s+(\w+)\s+and\s+a\s+half\b", r"1.5 \1", text)
    text = re.sub(r"\b(\d+)\s+and\s+a\s+half\s+", lambda m: f"{m.group(1)}.5 ", text)
    text = re.sub(r"\b(\d+)\s+(\w+)\s+and\s+a\s+half\b", r"\1.5 \2", text)
    return text


_PUNCTUATION = str.maketrans({ch: " " for ch in ",;!?()[]~"})
_SOFTENERS = {"about", "around", "approximately", "approx", "roughly", "circa", "ca", "some"}
_SOFTENERS.add("maybe")


def normalise(text: str) -> str:
    """Lower case, one space, words people write in many ways written one way.

    Each rewrite runs only when its trigger is in the text: compiling patterns is
    most of the cost of reading a phrase, and a tired person's "yesterday evening"
    should not wait for the rules about ISO dates and time zones.
    """
    text = " ".join(text.strip().lower().split())
    digits = any(ch.isdigit() for ch in text)
    text = text.replace("@", " at ")
    if ":" in text:
        text = re.sub(r"(:\d\d:\d\d)[.,]\d+", r"\1", text)  # fractions of a second
    if digits and text.endswith("."):
        text = re.sub(r"(\d{4})\.$", r"\1", text)  # "... 2020."
    if " m" in text:
        text = re.sub(r"\b([ap])\s+m\b\.?", r"\1m", text)  # "3:30 p m"
    if "in the" in text:
        text = re.sub(r"\bin\s+the\s+([ap])m\b", r"\1m", text)  # "3 in the am"
    if "ish" in text:
        text = re.sub(r"(\d|[ap]m)ish\b", r"\1", text)  # "3ish", "3pmish"
    if "a.m" in text or "p.m" in text:
        text = re.sub(r"\ba\.?m\.?(?=\s|$)", "am", text)
        text = re.sub(r"\bp\.?m\.?(?=\s|$)", "pm", text)
        text = re.sub(r"(\d)\s*a\.m\.?", r"\1am", text)
        text = re.sub(r"(\d)\s*p\.m\.?", r"\1pm", text)
    if "clock" in text:
        text = re.sub(r"\bo'?\s?clock\b", " oclock", text)
    text = text.translate(_PUNCTUATION)
    if "midnight" in text:
        text = re.sub(r"\bmidnight\s+last\s+night\b|\blast\s+midnight\b", "today midnight", text)
    if "early" in text or "late" in text:
        text = re.sub(  # "early this morning", "late last night": the same hours
            r"\b(?:early|late)\s+(?=(?:this|last|yesterday|today|in|on|at)\b|"
            r"morning|afternoon|evening|night)",
            "",
            text,
        )
    if "." in text:
        text = re.sub(r"(?<=[a-z])\.(?=\s|$)", " ", text)  # "nov. 20", "ago."
    text = text.replace("&", " and ")
    if digits:
        text = re.sub(r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{8})t(\d{1,2})(?![\d:])", r"\1 \2:00", text)
        text = re.sub(r"\b(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", text)  # ISO's T
        text = re.sub(r"\b(\d{8})t(\d{4,6})(?=\b|[+-])", r"\1 \2", text)  # 20030925T104941
        text = re.sub(r"\b(\d{8})t(?=\d{1,2}:)", r"\1 ", text)
        for _ in range(2):  # "13nov2017", "15sep", "feb13"
            text = re.sub(rf"(\d)(?={_MONTH_WORD})|(?<=[a-z])(?<={_MONTH_END})(?=\d)", r"\1 ", text)
        text = re.sub(r"(?<=\d)z\b", " utc", text)
    if "week" in text:
        text = re.sub(
            r"\blast\s+week'?s\b|\bfrom\s+last\s+week\b|\bof\s+the\s+last\s+week\b",
            "last week",
            text,
        )
    if "couple" in text:
        text = re.sub(r"\b(?:a\s+)?couple(?:\s+of)?\b", "2", text)
    if "now" in text or "moment" in text:
        text = re.sub(r"\b(?:just|right)\s+now\b|\b(?:a\s+)?moments?\s+ago\b", "now", text)
    if "night" in text:  # the night just gone: the small hours of today
        text = re.sub(r"\b(?:in|during)\s+the\s+night\b", "in the small hours", text)
    if "overnight" in text:
        text = re.sub(r"\bovernight\b", "in the small hours", text)
    if " or so" in text:
        text = re.sub(r"\s+or\s+so\b", "", text)
    if "gone" in text:  # "sunday gone"
        text = re.sub(rf"\b({_WEEKDAY})\s+gone\b", r"last \1", text)
    if "this am" in text or "this pm" in text:
        text = re.sub(r"\bthis\s+am\b", "this morning", text)
        text = re.sub(r"\bthis\s+pm\b", "this afternoon", text)
    words = [SHORT_DAY_WORDS.get(word, word) for word in text.split() if word not in _SOFTENERS]
    text = " ".join(_correct(word) for word in words)
    if not _ORDINAL_WORDS.keys().isdisjoint(words) or "twenty" in text or "thirty" in text:
        text = _ordinal_words(text)
    if not NUMBER_WORDS.keys().isdisjoint(text.split()) or "-" in text:
        text = _number_words(text)
    if "before yesterday" in text:  # so "the day before yesterday evening" reads too
        text = re.sub(r"(?<!\d )\b(?:the\s+)?day\s+before\s+yesterday\b", "2 days ago", text)
    if " day of" in text:
        text = re.sub(r"(\d)(st|nd|rd|th)\s+day\s+of\b", r"\1\2 of", text)
    if "half" in text or "quarter" in text:
        text = _fractions(text)
    if "a" in words or "an" in words:
        text = re.sub(r"\b(?:an?)\s+(?=" + _UNIT + r"\b)", "1 ", text)
    return " ".join(text.split())


def _correct(word: str) -> str:
    """A misspelt day or month word, when exactly one correction fits."""
    if word in _KNOWN or not word.isalpha() or len(word) < 4:
        return word
    if len(word) == 4:  # short words: only two letters swapped ("dyas", "weks" no)
        swapped = [c for c in _SWAPPABLE if len(c) == 4 and sorted(c) == sorted(word)]
        return swapped[0] if len(swapped) == 1 else word
    import difflib  # only for words the reader does not know

    swapped = [c for c in CORRECTABLE if sorted(c) == sorted(word)]  # two letters swapped
    if len(swapped) == 1:
        return swapped[0]
    close = difflib.get_close_matches(word, CORRECTABLE, n=3, cutoff=0.75)
    if len(close) == 1:
        return close[0]
    same_start = [c for c in close if c[:2] == word[:2]]
    if len(same_start) == 1:  # "yesturday": yesterday, not tuesday
        return same_start[0]
    if len(close) == 2:
        first, second = (difflib.SequenceMatcher(None, word, c).ratio() for c in close)
        if first - second >= 0.1:
            return close[0]
    return word


def _two_digit_year(value: int, today: date) -> int:
    if value >= 100:
        return value
    century = today.year // 100 * 100
    return century + value if century + value <= today.year else century - 100 + value


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _latest(month: int, day: int, today: date) -> date | None:
    """The most recent ``day month`` that is not after today (29 Feb: a leap year)."""
    for year in range(today.year, today.year - 9, -1):
        found = _real_date(year, month, day)
        if found is not None and found <= today:
            return found
    return None


def _remove(text: str, match: re.Match[str]) -> str:
    return (text[: match.start()] + " " + text[match.end() :]).strip()


class _Reader:
    """Takes one normalised phrase apart into a Reading."""

    def __init__(self, text: str, raw: str, now: datetime) -> None:
        self.text = text
        self.raw = raw
        self.now = now
        self.today = now.date()
        self.reading = Reading()
        self.ambiguous: Ambiguous | None = None  # raised only if all else was understood

    def take(self, pattern: str) -> re.Match[str] | None:
        found = re.search(pattern, self.text)
        if found:
            self.text = _remove(self.text, found)
        return found

    def read(self) -> Reading | None:
        # Each step runs only when what it looks for can be there (see normalise).
        digits = any(ch.isdigit() for ch in self.text)
        words = self.text.split()
        months = any(word[:3] in MONTHS for word in words)
        if self.text == "now" or "time" in self.text:
            self.instants()
        if digits:
            self.numeric_date()
            self.zone()
        if months or digits:
            self.written_date()
        if digits:
            self.ago()
            self.part_clock()
        if any(part.split()[-1] in self.text for part in PARTS):
            self.parts()
        if digits or "noon" in self.text or "midday" in self.text or "midnight" in self.text:
            self.clock()
        if any(word[:3] in dates._WEEKDAY_ABBR or word in _DAY_WORDS for word in self.text.split()):
            self.relative_day()
        left = [word for word in self.text.split() if word not in FILLERS]
        if left:
            return None
        if self.ambiguous is not None:
            raise self.ambiguous
        return self.reading

    # --- the steps, in order ------------------------------------------------------

    def instants(self) -> None:
        if self.text == "now":
            self.text = ""
            self.reading.instant = self.now
            return
        found = self.take(
            r"\b(?:(?:this|same)\s+time\s+(yesterday|last\s+week)|"
            r"(yesterday|last\s+week)\s+(?:at\s+)?(?:this|the\s+same)\s+time)\b"
        )
        if found:
            back = found.group(1) or found.group(2)
            self.reading.instant = self.now - timedelta(days=1 if back == "yesterday" else 7)

    def zone(self) -> None:
        names = "|".join(sorted(ZONES, key=len, reverse=True))
        offset = r"([+-])(\d{1,2})(?::?(\d{2}))?"
        found = self.take(rf"\b({names})\s*{offset}(?=\s|$)")  # GMT+0900, UTC+1
        if found is None:  # an offset right after a clock time: 14:30-05:00
            found = self.take(r"(?<=:\d\d)()\s?([+-])(\d{2}):?(\d{2})\b")
        if found is None:
            found = self.take(rf"\b({names})\b()()()")
        if found is None:
            generic = self.take(r"\b(et|ct|mt|pt)\b")
            if generic:  # US time in force that day, summer or winter
                from zoneinfo import ZoneInfo

                self.reading.zone = ZoneInfo(GENERIC_ZONES[generic.group(1)])
            return
        minutes = ZONES.get(found.group(1), 0)
        if found.group(2):
            sign = -1 if found.group(2) == "-" else 1
            hours, mins = int(found.group(3)), int(found.group(4) or 0)
            if hours > 14 or mins > 59:
                self.text += " badzone"
                return
            minutes += sign * (hours * 60 + mins)
        self.reading.zone = timezone(timedelta(minutes=minutes))
        while self.take(rf"\b({names}|et|ct|mt|pt)\b"):
            pass  # "-0500 (CDT)", "GMT+0900 (JST)": the name again adds nothing

    def numeric_date(self) -> None:
        # year first: 2026-11-20, 2026/11/20, 2026.11.20, 20261120
        found = self.take(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
        if found is None:
            found = self.take(r"^(\d{4})(\d{2})(\d{2})\b(?=\s\d|$)")
            if found and not dates.FIRST_YEAR <= int(found.group(1)) <= dates.LAST_YEAR:
                self.text = found.group(0) + " " + self.text  # not a date: left over
                return
            if found:  # 20030925T104941: the clock time is compact too
                self.text = re.sub(r"^(\d\d)(\d\d)(\d\d)?(?=$|[+-]\d)", _colons, self.text)
        if found is None:
            found = self.take(r"^(\d{4})\s(\d{1,2})\s(\d{1,2})\b")  # 2014 12 28
            if found and not dates.FIRST_YEAR <= int(found.group(1)) <= dates.LAST_YEAR:
                self.text = found.group(0) + " " + self.text
                return
        if found:
            year, month, day = (int(part) for part in found.groups())
            self.set_day(_real_date(year, month, day), found.group(0))
            return
        # day and month, either way round, with or without a year
        found = self.take(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})\b")
        if found is None:
            found = self.take(r"\b(\d{1,2})(/)(\d{1,2})\b()|\b(\d{1,2})(\.)(\d{1,2})\.()(?=\s|$)")
        if found is None:
            return
        parts = [group for group in found.groups() if group is not None]
        first, second = int(parts[0]), int(parts[2])
        year_text = parts[3]
        readings: set[date] = set()
        for day, month in ((first, second), (second, first)):
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            if year_text:
                year = _two_digit_year(int(year_text), self.today)
                found_day = _real_date(year, month, day)
            else:
                found_day = _latest(month, day, self.today)
            if found_day is not None:
                readings.add(found_day)
        past = {day for day in readings if day <= self.today}
        if len(readings) == 2 and len(past) == 1:
            readings = past
        if len(readings) == 2:
            a, b = sorted(readings)
            raise Ambiguous(
                f"'{self.raw.strip()}' could be {a.day} {a:%b %Y} or {b.day} {b:%b %Y} "
                "(day or month first?).",
                f"Write it as {a.isoformat()} or {b.isoformat()}.",
            )
        if not readings:
            raise InvalidInput(
                f"'{self.raw.strip()}' is not a day of the calendar: check the month and the day."
            )
        self.reading.day = readings.pop()
        self.reading.year_given = True

    def set_day(self, day: date | None, typed: str) -> None:
        if day is None:
            raise InvalidInput(
                f"'{self.raw.strip()}' is not a day of the calendar: check the month and the day."
            )
        self.reading.day = day

    def written_date(self) -> None:
        word_ordinal = "|".join(_ORDINAL_WORDS)
        self.text = re.sub(
            rf"\b(?:the\s+)?({word_ordinal})\b(?=\s+(?:of\s+)?{_MONTH[:-3]})",
            lambda m: str(_ORDINAL_WORDS[m.group(1)]),
            self.text,
        )
        month_one, month_two = _MONTH.replace("month", "m1"), _MONTH.replace("month", "m2")
        found = self.take(
            rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month_one}(?:\s+(?P<y1>\d{{4}}))?\b"
            rf"|\b{month_two}\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?!:|\d|\.\d|\s*(?:am|pm|h)\b)(?:\s+(?P<y2>\d{{4}}))?\b"
            rf"|\b(?P<y3>\d{{4}})\s+{_MONTH.replace('month', 'm3')}\s+(?P<d3>\d{{1,2}})\b"
        )
        if found is None:
            self.ordinal_day()
            return
        groups = found.groupdict()
        month = MONTHS[(groups["m1"] or groups["m2"] or groups["m3"])[:3]]
        day_text = groups["d1"] or groups["d2"] or groups["d3"]
        year_text = groups["y1"] or groups["y2"] or groups["y3"]
        day = int(day_text)
        if year_text is None:
            # the year may stand elsewhere: "Thu Sep 25 10:36:28 2003"
            year_found = self.take(r"\b(19[4-9]\d|2\d{3})\b(?!:)")
            year_text = year_found.group(1) if year_found else None
        if year_text is None:
            if not 1 <= day <= 31 or _real_date(2000, month, day) is None:
                raise InvalidInput(
                    f"'{self.raw.strip()}' is not a day of the calendar: "
                    "check the month and the day."
                )
            self.reading.day = _latest(month, day, self.today)
            self.reading.year_given = False
            if self.reading.day is None:
                self.text += " unknown"
            return
        self.set_day(_real_date(int(year_text), month, day), found.group(0))

    def ordinal_day(self) -> None:
        """'on the 15th': the most recent 15th of a month."""
        found = self.take(r"\b(?:the\s+)(\d{1,2})(?:st|nd|rd|th)\b|\b(\d{1,2})(?:st|nd|rd|th)\b")
        if not found:
            return
        day = int(found.group(1) or found.group(2))
        candidate = None
        year, month = self.today.year, self.today.month
        for _ in range(13):
            candidate = _real_date(year, month, day)
            if candidate is not None and candidate <= self.today:
                break
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
            candidate = None
        if candidate is None:
            raise InvalidInput(f"No month has a day {day}: check the day.")
        self.reading.day = candidate
        self.reading.month_given = False
        self.reading.year_given = False

    def ago(self) -> None:
        before = self.take(
            rf"\b((?:{_QTY}\s*{_UNIT}\b\s*(?:and\s+)?)+)before\s+(today|yesterday)\b"
        )
        if before:  # "2 days before yesterday", "a week before today"
            base = self.today - timedelta(days=1 if before.group(2) == "yesterday" else 0)
            self.text = f"{before.group(1)} ago {self.text}"
            saved = self.today
            self.today = base
            self.ago()
            self.today = saved
            if self.reading.instant is not None:
                self.text += " mixed"
            return
        found = self.take(
            rf"\b((?:{_QTY}\s*{_UNIT}(?:\b|(?=\d))\s*(?:and\s+)?)+)(?:(\d+)\s+)?{_AGO_WORDS}(?=\s|$)"
        )
        if found is None:
            return
        seconds = 0.0
        months = 0.0
        clock = False  # hours, minutes or seconds: "24 hours ago" is a moment, not a day
        for amount, unit in re.findall(rf"({_QTY})\s*({_UNIT})(?:\b|(?=\d))", found.group(1)):
            name = _UNIT_WORDS[unit]
            clock = clock or name not in ("day", "week", "fortnight", "month", "year", "decade")
            value = float(amount)
            if name == "fortnight":
                name, value = "week", value * 2
            if name == "decade":
                name, value = "year", value * 10
            if name in ("month", "year"):
                months += value * (12 if name == "year" else 1)
            else:
                seconds += value * _UNIT_SECONDS[name]
        if found.group(2):  # "1h 30 ago": the minutes after the hours
            seconds += int(found.group(2)) * 60
            clock = True
        if months and months != int(months):
            self.text += " fraction"  # "1.5 months ago" is no one day
            return
        if months and seconds % 86400 == 0 and not clock:
            day = dates._months_before(self.today, int(months))
            self.reading.day = day - timedelta(seconds=seconds)
            return
        if months:
            day = dates._months_before(self.today, int(months))
            then = dates.local(datetime.combine(day, self.now.time().replace(microsecond=0)))
            self.reading.instant = (then - timedelta(seconds=seconds)).astimezone()
            return
        if seconds % 86400 == 0 and not clock:
            self.reading.day = self.today - timedelta(seconds=seconds)
            return
        self.reading.instant = (self.now - timedelta(seconds=seconds)).astimezone()

    def back(self, amount: int, unit: str) -> None:
        if unit == "week":
            self.reading.day = self.today - timedelta(weeks=amount)
        elif unit == "fortnight":
            self.reading.day = self.today - timedelta(weeks=2 * amount)
        else:
            self.reading.day = dates._months_before(
                self.today, amount * (12 if unit == "year" else 1)
            )

    def part_clock(self) -> None:
        """'9 in the evening', '2 at night', '4 in the morning'."""
        found = self.take(
            r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(?:oclock\s+)?"
            r"(in\s+the\s+morning|in\s+the\s+afternoon|in\s+the\s+evening|at\s+night|"
            r"at\s+midnight|at\s+noon)\b"
        )
        if not found:
            return
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        words = found.group(3).split()[-1]
        if hour > 12 or minute > 59:
            self.text += " badclock"
            return
        if words in ("afternoon", "evening") and hour < 12:
            hour += 12
        elif words == "night":
            hour = 0 if hour == 12 else (hour + 12 if hour >= 6 else hour)
        elif words == "morning" and hour == 12:
            hour = 0
        elif words in ("midnight", "noon"):
            self.text += " badclock"
            return
        self.reading.clock = time(hour, minute)

    def parts(self) -> None:
        part_words = (
            r"small\s+hours|morning|afternoon|evening|tonight|night|"
            r"(?:(?:before|after)\s+)?(?:breakfast|lunch|dinner)"
        )
        found = self.take(
            rf"\b(?:(last|this|yesterday|today)\s+)?(?:in\s+the\s+|at\s+)?({part_words})\b"
        )
        if not found:
            return
        lead, part = found.group(1), " ".join(found.group(2).split())
        if lead == "last" and part == "night":
            lead = "yesterday"
        elif lead == "last":
            self.text += " last"  # "last morning" means nothing clear
        if lead == "this" and part == "night":
            part = "tonight"
        if lead == "yesterday":
            self.text = f"yesterday {self.text}".strip()  # the day word, read later
        self.reading.part = part

    def clock(self) -> None:
        r = self.reading
        meridiem = r"\s*(am|pm|a|p)\b"
        found = self.take(
            r"\b(?:a\s+)?(quarter|half|\d{1,2})\s+(past|after|to|before)\s+(\d{1,2}|noon|midnight)"
            + r"(?:\s*(am|pm)\b)?"
        )
        if found:
            minutes = {"quarter": 15, "half": 30}.get(found.group(1)) or int(found.group(1))
            target, half_day = found.group(3), found.group(4)
            hour = {"noon": 12, "midnight": 24}.get(target) or int(target)
            if half_day and not 1 <= hour <= 12:
                self.text += " badclock"
                return
            if half_day:
                hour = hour % 12 + (12 if half_day == "pm" else 0)
            if found.group(2) in ("to", "before"):
                hour, minutes = hour - 1, 60 - minutes
            if target in ("noon", "midnight") or half_day:
                self.set_clock(hour % 24, minutes, 0, None, exact=True)
            else:
                self.bare_hour(hour % 24, minutes, found.group(0))
            return
        found = self.take(r"\b(\d{1,2})\s(\d{2})" + meridiem)  # spoken: "ten thirty am"
        if found:
            self.set_clock(int(found.group(1)), int(found.group(2)), 0, found.group(3))
            return
        found = self.take(
            r"\b(\d{1,2})(?:([:.h])(\d{2})(?:[:.](\d{2}))?)?"
            + meridiem
            + r"|\b(\d{1,2})(?:\s+oclock)?"
            + meridiem.replace("(am", "(?:oclock\\s+)?(am")
        )
        if found is None:
            found = self.take(r"\b(\d{1,2})(\d{2})" + meridiem)  # 330pm, 0730am
        if found:
            g = list(found.groups())
            if len(g) == 3:
                self.set_clock(int(g[0]), int(g[1]), 0, g[2])
            elif g[0] is not None:
                self.set_clock(int(g[0]), int(g[2] or 0), int(g[3] or 0), g[4])
            else:
                self.set_clock(int(g[5]), 0, 0, g[6])
            return
        found = self.take(
            r"\b(\d{1,2})(?:([:h])(\d{2})(?:[:.](\d{2}))?|\.(\d{2})(?:[:.](\d{2}))?(?!\.\d)|h)\b"
        )
        if found:
            h = found.groups()
            minute, second = (h[2], h[3]) if h[1] else (h[4], h[5])
            self.set_clock(int(h[0]), int(minute or 0), int(second or 0), None)
            return
        found = self.take(r"\b(noon|midday|midnight)\b")
        if found:
            r.clock = time(0, 0) if found.group(1) == "midnight" else time(12, 0)
            if r.part is not None:
                self.text += " clash"
            return
        found = self.take(r"\b(\d{1,2})\s+oclock\b")
        if found:
            self.bare_hour(int(found.group(1)), 0, found.group(0))
            return
        # a compact clock time "1530", "0900", "930", alone or with a day word
        found = re.fullmatch(r"(?:(.*\S)\s+)?(?:at\s+)?(\d{3,4})(?:\s+(\S.*))?", self.text)
        if found and self.reading.day is None and not (found.group(1) and found.group(3)):
            digits = found.group(2)
            hour, minute = int(digits[:-2]), int(digits[-2:])
            if hour <= 23 and minute <= 59:
                self.text = (found.group(1) or found.group(3) or "").strip()
                self.set_clock(hour, minute, 0, None)
                return
        # a bare hour after a part of the day ("monday morning 8"), or "at 15"
        found = self.take(r"(?:^|\s)(?:at\s+)?(\d{1,2})$|^(?:at\s+)?(\d{1,2})\s")
        if found:
            hour = int(found.group(1) or found.group(2))
            if r.part is None and not ("at" in found.group(0) or self.text):
                self.text = found.group(0).strip() + " " + self.text  # "9": a day or an hour?
                return
            self.bare_hour(hour, 0, found.group(0).strip())

    def set_clock(
        self, hour: int, minute: int, second: int, meridiem: str | None, exact: bool = False
    ) -> None:
        if meridiem:
            if not 1 <= hour <= 12:
                self.text += " badclock"
                return
            hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
        if hour > 23 or minute > 59 or second > 59:
            self.text += " badclock"
            return
        part = self.reading.part
        if part and meridiem is None and hour <= 12 and not exact:
            self.bare_hour(hour, minute, "")
            self.reading.clock = self.reading.clock and self.reading.clock.replace(second=second)
            return
        if part and not _fits(part, hour):
            self.text += " clash"
            return
        if part == "night" and hour < 6:
            self.reading.night_after_midnight = True
        self.reading.clock = time(hour, minute, second)

    def bare_hour(self, hour: int, minute: int, typed: str) -> None:
        """An hour without am or pm: the part of the day decides, else 13-23 and 0 only."""
        part = self.reading.part
        if hour > 23 or minute > 59:
            self.text += " badclock"
            return
        if part is not None and hour <= 12:
            if part.split()[-1] in ("afternoon", "evening", "tonight", "dinner") and hour < 12:
                hour += 12
            elif part == "night":
                if hour == 12:
                    hour = 0
                    self.reading.night_after_midnight = True
                elif hour >= 6:
                    hour += 12
                else:
                    self.reading.night_after_midnight = True
            elif part == "morning" and hour == 12:
                hour = 0
        elif part is None and 1 <= hour <= 12:
            day_words = " ".join(word for word in self.text.split() if word not in FILLERS)
            shown = f"{day_words} " if day_words else ""
            clock = f"{hour}:{minute:02d}" if minute else str(hour)
            later = f"{(hour % 12) + 12}:{minute:02d}" if hour != 12 else f"00:{minute:02d}"
            self.ambiguous = Ambiguous(
                f"'{self.raw.strip()}': {clock} in the morning or in the afternoon?",
                f"Try: {shown}{clock}am, {shown}{clock}pm or {shown}{later}.",
            )
        self.reading.clock = time(hour, minute)

    def relative_day(self) -> None:
        r = self.reading
        if self.take(r"\b(?:the\s+)?day\s+before\s+yesterday\b"):
            self.set_relative_day(self.today - timedelta(days=2))
        elif self.take(r"\byesterday(?:'s)?\b"):
            self.set_relative_day(self.today - timedelta(days=1))
        elif self.take(r"\btoday\b"):
            self.set_relative_day(self.today)
        found = self.take(
            rf"\b(?:(last|this|past|previous)\s+(?:week\s+)?)?(?:on\s+)?({_WEEKDAY})\b"
            rf"(?:\s+(?:of\s+)?(last|this|previous)\s+week\b)?(?:\s+before\s+last)?"
        )
        if not found:
            found = self.take(rf"\b(?:last|past|previous)\s+({_UNIT})\b")
            if found:
                unit = _UNIT_WORDS[found.group(1)]
                if unit in ("week", "fortnight", "month", "year", "decade"):
                    self.back(10 if unit == "decade" else 1, "year" if unit == "decade" else unit)
                else:
                    self.text += " range"  # "last hour" is a stretch of time, not a moment
            return
        wanted = _weekday(found.group(2))
        whole = found.group(0)
        if r.day is not None:
            if found.group(1) or "week" in whole:
                self.text += " clash"
            else:
                self.match_weekday(wanted)
            return
        back = (self.today.weekday() - wanted) % 7
        monday = self.today - timedelta(days=self.today.weekday())
        if "week" in whole:
            if re.search(
                r"\b(?:last|previous|past)\s+week|week\s+(?:of\s+)?(?:last|previous)", whole
            ):
                monday -= timedelta(weeks=1)
            r.day = monday + timedelta(days=wanted)
        elif found.group(1) in ("last", "past", "previous"):
            r.day = self.today - timedelta(days=back or 7)
        elif found.group(1) == "this":
            r.day = monday + timedelta(days=wanted)  # this week's, even if still to come
        else:
            r.day = self.today - timedelta(days=back)
            r.weekday_bare = True
        if whole.endswith("before last"):
            r.day -= timedelta(weeks=1)

    def set_relative_day(self, day: date) -> None:
        if self.reading.day is not None:
            self.text += " clash"
        self.reading.day = day

    def match_weekday(self, wanted: int) -> None:
        """A weekday given with a date must be that date's: 'tuesday the 19th' is the
        most recent 19th that was a Tuesday; 'fri 18 jul 2026' must be a Friday."""
        r = self.reading
        day = r.day
        assert day is not None
        if day.weekday() == wanted:
            return
        for _ in range(60):
            if r.year_given:
                break
            earlier = _step_back(r, day)
            if earlier is None:
                break
            day = earlier
            if day.weekday() == wanted:
                r.day = day
                return
        raise InvalidInput(
            f"'{self.raw.strip()}': {day.day} {day:%b %Y} was a {day:%A}, "
            f"not a {dates.WEEKDAYS[wanted].capitalize()}.",
            "Check the date, or leave out the day of the week.",
        )


def _colons(match: re.Match[str]) -> str:
    return ":".join(part for part in match.groups() if part)


def _weekday(text: str) -> int:
    return dates._WEEKDAY_ABBR[text[:3]]


def _fits(part: str, hour: int) -> bool:
    """Whether a 24-hour clock time can belong to a part of the day."""
    if part != "small hours":
        part = part.split()[-1]  # "after lunch": around lunch
    start = {
        "small hours": 0,
        "morning": 4,
        "afternoon": 12,
        "evening": 16,
        "tonight": 18,
        "breakfast": 4,
        "lunch": 11,
        "dinner": 16,
    }
    if part == "night":
        return hour >= 18 or hour < 6
    if part == "small hours":
        return hour < 6
    end = {
        "morning": 12,
        "afternoon": 18,
        "evening": 24,
        "tonight": 24,
        "breakfast": 11,
        "lunch": 15,
        "dinner": 23,
    }[part]
    return start[part] <= hour < end


def read(text: str, now: datetime) -> Reading | None:
    """Take a phrase apart; ``None`` when some word in it was not understood."""
    cleaned = normalise(text)
    if not cleaned:
        return None
    return _Reader(cleaned, text, now).read()


def _moment(reading: Reading, now: datetime) -> datetime:
    if reading.instant is not None:
        if reading.day or reading.clock or reading.part:
            raise _NotUnderstood
        return reading.instant
    today = now.date()
    day = reading.day or today
    clock = reading.clock
    if clock is None and reading.part is not None:
        begins, hour = PARTS[reading.part]
        clock = time(hour, 0)
        if day == today and reading.zone is None:
            stands_for = dates.local(datetime.combine(day, clock))
            if stands_for > now and now.hour >= begins:
                return now  # "this afternoon" at 13:10: now
    if reading.night_after_midnight:
        day += timedelta(days=1)
    if clock is None and reading.zone is not None:
        clock = dates.NOON  # "16 September 2020, EST": noon there
    if clock is None:
        return dates._at_day(day, None, now)
    if reading.zone is not None:
        return datetime.combine(day, clock, tzinfo=reading.zone).astimezone()
    moment = dates.local(datetime.combine(day, clock))
    if moment > now and (reading.weekday_bare or not reading.year_given):
        earlier = _step_back(reading, day)
        if earlier is not None:
            moment = dates.local(datetime.combine(earlier, clock))
    return moment


def _step_back(reading: Reading, day: date) -> date | None:
    """The occurrence before: a week for a weekday, a year or a month for a date."""
    if reading.weekday_bare:
        return day - timedelta(weeks=1)
    if not reading.month_given:
        return dates._months_before(day, 1) if day.day <= 28 else None
    for years in range(1, 9):
        found = _real_date(day.year - years, day.month, day.day)
        if found is not None:
            return found
    return None


class _NotUnderstood(Exception):
    pass


def read_when(text: str, now: datetime) -> datetime | None:
    """The moment a phrase means, or ``None`` when it was not understood.

    Raises InvalidInput for a phrase with two readings or an impossible date.
    """
    reading = read(text, now)
    if reading is None:
        return None
    try:
        return _moment(reading, now)
    except _NotUnderstood:
        return None


def read_day(text: str, today: date) -> date | None:
    """The calendar day a phrase means (for --from and --to)."""
    now = datetime.combine(today, time(23, 59, 59)).astimezone()
    reading = read(text, now)
    if reading is None:
        return None
    if reading.instant is not None:
        return None if (reading.day or reading.clock) else reading.instant.date()
    day = reading.day or today
    if reading.zone is not None and reading.clock is not None:
        return datetime.combine(day, reading.clock, tzinfo=reading.zone).astimezone().date()
    if reading.night_after_midnight:
        day += timedelta(days=1)
    return day


def suggestions(text: str, now: datetime) -> str:
    """Two or three forms close to what was typed that do work."""
    cleaned = normalise(text)
    if re.search(r"\bago\b|\bbefore\b|\bback\b", cleaned):
        return "2 days ago, 3 hours ago, half an hour ago"
    if re.search(_MONTH, cleaned):
        return f"3 nov, 3 nov 9am, {now.year}-11-03"
    if re.search(rf"\b{_WEEKDAY}\b", cleaned):
        return "friday, friday 9am, last friday evening"
    if re.search(r"morning|afternoon|evening|night", cleaned):
        return "this morning, yesterday evening, last night"
    if re.search(r"\d", cleaned):
        return "9am, 14:30, yesterday 3pm"
    return "now, this morning, yesterday 3pm, 2 days ago"


def explain(text: str, now: datetime) -> InvalidInput | None:
    """A plain reason for phrases that are understood but are not one moment."""
    typed = " ".join(text.strip().split())
    cleaned = normalise(text)
    duration = rf"(?:{_QTY}\s*{_UNIT}(?:\b|(?=\d))\s*(?:and\s+)?)+"
    if re.fullmatch(duration, cleaned):
        return InvalidInput(
            f"'{typed}' is a length of time, not a moment. Try: {typed} ago, yesterday 3pm, now."
        )
    month_only = re.fullmatch(
        rf"(?:in\s+)?{_MONTH}(?:\s+(?P<year>\d{{4}}))?|(?P<number>\d{{1,2}})/(?P<year2>\d{{4}})",
        cleaned,
    )
    if month_only:
        parts = month_only.groupdict()
        if parts["number"]:
            number = int(parts["number"])
            month = list(MONTHS)[number - 1] if 1 <= number <= 12 else "nov"
        else:
            month = parts["month"][:3]
        year = parts["year"] or parts["year2"]
        day = f"{month} {year}" if year else month
        return InvalidInput(f"'{typed}' is a month, not a day: which day? Try: 1 {day}, 15 {day}.")
    if re.fullmatch(rf"(?:last|past|previous)\s+\d+(?:\.\d+)?\s+{_UNIT}", cleaned):
        return InvalidInput(
            f"'{typed}' is a stretch of time, not a moment. Try: {cleaned.split(' ', 1)[1]} ago "
            "(or, for a listing, --from with that)."
        )
    if re.search(r"\bweekend\b", cleaned):
        return InvalidInput(
            f"'{typed}' is two days: say which. Try: last saturday, last sunday, saturday morning."
        )
    if re.search(r"\btomorrow\b|\bnext\b|^in\s+(?:\d|an?\b)|\blater\b", cleaned):
        return InvalidInput(
            f"'{typed}' is in the future; log things after they happen. "
            "Try: now, this morning, yesterday 3pm."
        )
    return None


def is_vague(text: str) -> bool:
    cleaned = " ".join(text.strip().lower().split())
    return any(re.search(rf"\b{phrase}\b", cleaned) for phrase in VAGUE)
