"""What went with worse days: pure arithmetic over entries, with ``today`` passed in.

Days, not entries, are compared (clinical.md, "Statistics for insights"): a day's
value is its highest rating of a symptom. For each factor (a tag, exercise, an
exercise type, an effort band) and each symptom, the days with the factor are set
against the days without it, on the same day and on the day after, as a difference
in means with a 95% interval by Welch's method. The Student t quantile it needs is
computed here (no scipy): a first guess by Hill's algorithm 396, refined by Halley
steps on the t distribution, itself computed from the regularized incomplete beta
function by its continued fraction.

No clock, no disk, no terminal: the command fetches the window's entries and hands
them here; render.py and markdown.py draw the result. The words say "went with",
never anything causal: these are associations in one person's own records.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from msjournal import vocab
from msjournal.dates import Period, _months_before
from msjournal.entries import Entry, inert

MIN_DAYS = 5  # a group with fewer days gives "not enough days yet"
LEVEL = 0.95  # the interval's coverage
DEFAULT_MONTHS = 6
MAX_MONTHS = 120
CORE_SYMPTOMS = ("weakness", "fatigue")
EFFORT_BANDS = ((0, 3), (4, 6), (7, 10))
ONE_DAY = timedelta(days=1)
SAME_DAY = "same-day"
NEXT_DAY = "next-day"

WORSE = "went with worse days"
BETTER = "went with better days"
UNCLEAR = "no clear difference"
TOO_FEW = "not enough days yet"
# The clearest findings first; the order within each kind is kept.
VERDICT_ORDER = {WORSE: 0, BETTER: 0, UNCLEAR: 1, TOO_FEW: 2}

# At the 95% level, about 1 comparison in 20 shows a clear difference by chance alone.
ONE_IN = round(1 / (1 - LEVEL))
NEIGHBOURS = (
    "Also, neighbouring days are alike (heat waves, relapses), so the intervals are "
    "narrower than they should be."
)
NOT_CAUSES = "These are associations in your own records, not causes."
ROUNDED = "Averages and differences are each rounded, so they may differ by 0.1."
LATE_START = 14  # entries starting more than this many days into the window are named


# --- the Student t distribution -------------------------------------------------------

_LOG_SQRT_PI = 0.5 * math.log(math.pi)
_TINY = 1e-300
_EPSILON = 4.5e-16  # two steps of the last digit above 1
_MAX_TERMS = 100_000
LARGE_DF = 1e6  # above this, the Cornish-Fisher expansion is the more accurate


def _log_gamma_ratio(a: float, b: float) -> float:
    """log(Gamma(a + b) / Gamma(a)), accurate for large ``a`` too (where the
    difference of two large lgamma values would lose digits)."""
    if a < 10:
        return math.lgamma(a + b) - math.lgamma(a)

    def stirling_rest(x: float) -> float:
        x2 = x * x
        return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * x2)) / x2) / x2) / x2) / x

    return (
        b * math.log(a)
        + (a + b - 0.5) * math.log1p(b / a)
        - b
        + stirling_rest(a + b)
        - stirling_rest(a)
    )


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > _TINY else _TINY)
            c = 1 + aa / c
            c = c if abs(c) > _TINY else _TINY
            step = d * c
            h *= step
        if abs(step - 1) <= _EPSILON:
            return h
    raise ArithmeticError("the incomplete beta fraction did not converge")  # pragma: no cover


def _log1p_square(t: float, df: float) -> float:
    """log(1 + t^2 / df), without overflow for huge t."""
    if t > 1e100:
        return 2 * math.log(t) - math.log(df) + math.log1p(df / t / t)
    return math.log1p(t * t / df)


def _t_parts(t: float, df: float) -> tuple[float, bool]:
    """For t > 0: the log of P(0 < T < t) if the second value is True, else the log
    of P(T > t): whichever the continued fraction gives directly, with its full
    relative accuracy however small it is (the other is 1/2 minus it)."""
    a, b = df / 2, 0.5
    log_x = -_log1p_square(t, df)  # x = df / (df + t^2); I_x(df/2, 1/2) = 2 P(T > t)
    log_y = 2 * math.log(t) - math.log(df + t * t) if t < 1 else -math.log1p(df / t / t)
    log_front = a * log_x + b * log_y - (_LOG_SQRT_PI - _log_gamma_ratio(a, b))
    x, y = math.exp(log_x), math.exp(log_y)  # y = 1 - x, without cancelling
    if x < (a + 1) / (a + b + 2):
        return log_front + math.log(_beta_fraction(a, b, x) / (2 * a)), False
    return log_front + math.log(_beta_fraction(b, a, y) / (2 * b)), True


def _t_log_density(t: float, df: float) -> float:
    log_beta = _LOG_SQRT_PI - _log_gamma_ratio(df / 2, 0.5)
    return -log_beta - 0.5 * math.log(df) - (df + 1) / 2 * _log1p_square(t, df)


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom (df > 0; relative
    accuracy about 1e-13, falling to 1e-11 as df nears a million)."""
    if t == 0:
        return 0.5
    log_part, is_center = _t_parts(abs(t), df)
    part = math.exp(log_part)
    tail = 0.5 - part if is_center else part
    return 1 - tail if t > 0 else tail


def _normal_upper_quantile(tail: float, center: float | None = None) -> float:
    """z with P(Z > z) = ``tail`` (0 < tail <= 1/2; ``center`` = 1/2 - tail, exact,
    when the caller has it): a rational first guess (Abramowitz and Stegun 26.2.23)
    made exact by Newton steps on ``math.erfc``, or on ``math.erf`` near the middle."""
    s = math.sqrt(-2 * math.log(tail))
    z = s - (2.515517 + (0.802853 + 0.010328 * s) * s) / (
        1 + (1.432788 + (0.189269 + 0.001308 * s) * s) * s
    )
    middle = 0.5 - tail if center is None else center
    for _ in range(5):
        density = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
        if density == 0:
            break
        if tail > 0.25:  # P(0 < Z < z) keeps its relative accuracy near z = 0
            z -= (0.5 * math.erf(z / math.sqrt(2)) - middle) / density
        else:
            z += (0.5 * math.erfc(z / math.sqrt(2)) - tail) / density
    return z


def _cornish_fisher(tail: float, center: float, df: float) -> float:
    """t with P(T > t) = tail for very large df: the expansion of t in powers of 1/df
    about the normal deviate (Abramowitz and Stegun 26.7.5), exact to double
    precision for df above a million, where the continued fraction loses digits."""
    z = _normal_upper_quantile(tail, center)
    z2 = z * z
    g1 = (z2 + 1) * z / 4
    g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


def _hill_guess(q: float, df: float) -> float:
    """Hill (1970), algorithm 396: an approximate t with P(T > t) = q (q < 1/2)."""
    p = 2 * q  # two-sided
    if df == 1:
        return 1 / math.tan(p * math.pi / 2)
    if df == 2:
        return math.sqrt(2 / (p * (2 - p)) - 2)
    a = 1 / (df - 0.5)
    b = 48 / (a * a)
    c = ((20700 * a / b - 98) * a - 16) * a + 96.36
    d = ((94.5 / (b + c) - 3) / b + 1) * math.sqrt(a * math.pi / 2) * df
    y = (d * p) ** (2 / df)
    if (df < 2.1 and p > 0.5) or y > 0.05 + a:
        x = -_normal_upper_quantile(q)  # Hill's normal deviate is the lower one
        y = x * x
        if df < 5:
            c += 0.3 * (df - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
        y = math.expm1(a * y * y)
    elif y > 0:
        y = (
            (1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y
            - 1
        ) * (df + 1) / (df + 2) + 1 / y
    else:  # p so small that y underflows: the tail's leading term
        return float((d * p) ** (-1 / df) * math.sqrt(df))
    return math.sqrt(df * y) if y > 0 else 1e-8


def t_quantile(p: float, df: float) -> float:
    """t with P(T <= t) = p for Student's t with ``df`` >= 1 degrees of freedom,
    including non-integer df, to about 1e-11 relative or better (the tests hold it to
    1e-9 against scipy and to closed forms for df 1, 2 and 4).
    """
    if not 0 < p < 1:
        raise ValueError(f"p must be between 0 and 1, not {p}")
    if not 1 <= df < math.inf:
        raise ValueError(f"df must be 1 or more, not {df}")
    if p == 0.5:
        return 0.0
    upper = p > 0.5
    tail = 1 - p if upper else p  # exact for p >= 1/2
    center = p - 0.5 if upper else 0.5 - p  # exact for 1/4 <= p <= 1
    if df > LARGE_DF:
        t = _cornish_fisher(tail, center, df)
        return t if upper else -t
    t = _hill_guess(tail, df)
    if not (math.isfinite(t) and t > 0):
        t = 1.0
    for _ in range(100):
        log_part, is_center = _t_parts(t, df)
        log_density = _t_log_density(t, df)
        if is_center:  # Halley's step on P(0 < T < t), the quantity computed directly
            u = (math.exp(log_part) - center) / math.exp(log_density)
            new = t - u / (1 + u * (df + 1) * t / (2 * (df + t * t)))
            if not new > 0:
                new = t / 2
        else:  # Newton's step on log P(T > t) against log t: exact for a power tail
            slope = math.exp(log_density + math.log(t) - log_part)
            new = t * math.exp(min((log_part - math.log(tail)) / slope, 50.0))
        if abs(new - t) <= 1e-14 * t:
            t = new
            break
        t = new
    return t if upper else -t


# --- Welch's interval for a difference in means ------------------------------------------


@dataclass(frozen=True)
class Welch:
    """Two groups' difference in means (first minus second) with its interval."""

    difference: float
    low: float
    high: float
    df: float | None  # None when neither group varies (no interval can be estimated)


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    """The sample variance (n - 1 in the denominator)."""
    middle = mean(values)
    return math.fsum((value - middle) ** 2 for value in values) / (len(values) - 1)


def welch(first: Sequence[float], second: Sequence[float], level: float = LEVEL) -> Welch:
    """The difference in means with a ``level`` interval by Welch's method: the t
    quantile at the Welch-Satterthwaite degrees of freedom. Each group needs at least
    two values. When neither group varies at all (every day the same rating), the
    interval shrinks to the difference itself and ``df`` is None."""
    if len(first) < 2 or len(second) < 2:
        raise ValueError("each group needs at least two values")
    difference = mean(first) - mean(second)
    share1 = variance(first) / len(first)
    share2 = variance(second) / len(second)
    spread = share1 + share2
    if spread == 0:
        return Welch(difference, difference, difference, None)
    df = (
        spread * spread / (share1 * share1 / (len(first) - 1) + share2 * share2 / (len(second) - 1))
    )
    half = t_quantile(0.5 + level / 2, df) * math.sqrt(spread)
    return Welch(difference, difference - half, difference + half, df)


# --- days, factors and comparisons -----------------------------------------------------------


@dataclass(frozen=True)
class Group:
    days: int
    mean: float | None  # None for no days

    @classmethod
    def of(cls, values: Sequence[float]) -> Group:
        return cls(len(values), mean(values) if values else None)


@dataclass(frozen=True)
class Comparison:
    factor: str  # tag:NAME, exercise, exercise:TYPE or effort:0-3|4-6|7-10
    symptom: str
    when: str  # same-day or next-day
    with_: Group
    without: Group
    result: Welch | None  # None when a group has fewer than MIN_DAYS days

    @property
    def verdict(self) -> str:
        if self.result is None:
            return TOO_FEW
        if self.result.low > 0:
            return WORSE  # higher ratings are worse
        if self.result.high < 0:
            return BETTER
        return UNCLEAR

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: means, difference and interval ends rounded to 2 decimals."""
        result = self.result
        return {
            "factor": self.factor,
            "symptom": self.symptom,
            "when": self.when,
            "with": {"days": self.with_.days, "mean": _rounded(self.with_.mean)},
            "without": {"days": self.without.days, "mean": _rounded(self.without.mean)},
            "difference": None if result is None else _rounded(result.difference),
            "interval": None if result is None else [_rounded(result.low), _rounded(result.high)],
            "verdict": self.verdict,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2) + 0.0  # never -0.0


@dataclass(frozen=True)
class Insights:
    window: Period
    months: int
    comparisons: tuple[Comparison, ...] = field(default_factory=tuple)
    first_day: date | None = None  # the first day in the window with an entry

    @property
    def caution(self) -> str:
        """How many differences chance alone could show, and why the intervals are
        too narrow: one paragraph."""
        return f"{chance(self)} {NEIGHBOURS}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": {"start": self.window.start.isoformat(), "end": self.window.end.isoformat()},
            "comparisons": [comparison.to_dict() for comparison in self.comparisons],
            "caution": self.caution,
        }


def window(today: date, months: int = DEFAULT_MONTHS) -> Period:
    """The ``months`` calendar months ending today: from the day after the same date
    ``months`` earlier (16 Dec to 15 Jun for 6 months)."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be 1 to {MAX_MONTHS}")
    return Period(_months_before(today, months) + timedelta(days=1), today)


def effort_band(effort: int) -> str:
    return next(f"{low}-{high}" for low, high in EFFORT_BANDS if effort <= high)


@dataclass
class Days:
    """What each day of the window holds."""

    known: set[date] = field(default_factory=set)  # days with any entry
    levels: dict[str, dict[date, int]] = field(default_factory=dict)  # symptom: day: highest
    tags: dict[str, set[date]] = field(default_factory=dict)
    sessions: dict[str, set[date]] = field(default_factory=dict)  # exercise factors
    _shifted: dict[tuple[str, str], dict[date, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[Entry], period: Period) -> Days:
        days = cls()
        for entry in entries:
            day = entry.at.date()  # the local day of the entry's own time
            if not period.start <= day <= period.end:
                continue
            days.known.add(day)
            for tag in entry.tags:
                days.tags.setdefault(tag, set()).add(day)
            symptom = entry.symptom if entry.kind == "symptom" else entry.kind
            if entry.kind in ("weakness", "fatigue", "symptom") and entry.severity is not None:
                level = days.levels.setdefault(symptom or "", {})
                level[day] = max(level.get(day, entry.severity), entry.severity)
            elif entry.kind == "exercise":
                names = ["exercise", f"exercise:{entry.exercise_type}"]
                if entry.effort is not None:
                    names.append(f"effort:{effort_band(entry.effort)}")
                for name in names:
                    days.sessions.setdefault(name, set()).add(day)
        return days

    def compared(self, symptom: str, when: str) -> dict[date, int]:
        """Each day with the value it is compared by: the symptom that day, or (next-day)
        the day after, when it was logged then."""
        level = self.levels.get(symptom, {})
        if when == SAME_DAY:
            return level
        key = (symptom, when)
        if key not in self._shifted:
            self._shifted[key] = {day - ONE_DAY: value for day, value in level.items()}
        return self._shifted[key]

    def symptoms(self) -> list[str]:
        """Weakness and fatigue always, then each other symptom logged in the window."""
        others = vocab.ordered("symptom", [s for s in self.levels if s not in CORE_SYMPTOMS])
        return [*CORE_SYMPTOMS, *others]

    def factors(self) -> list[tuple[str, set[date], set[date]]]:
        """Each factor with its days and the days to set against them: for a tag, the
        other days; for exercise, the days with no session at all."""
        found = [(f"tag:{tag}", days, self.known - days) for tag, days in sorted(self.tags.items())]
        rest = self.known - self.sessions.get("exercise", set())
        names = [
            "exercise",
            *(f"exercise:{kind}" for kind in vocab.EXERCISE_TYPES),
            *(f"effort:{low}-{high}" for low, high in EFFORT_BANDS),
        ]
        found += [(name, self.sessions[name], rest) for name in names if name in self.sessions]
        return found


def compare(
    factor: str, symptom: str, when: str, with_days: set[date], without_days: set[date], days: Days
) -> Comparison:
    """One comparison: the symptom's value on the days of each group (same-day) or on
    the day after each (next-day), where it was logged."""
    compared = days.compared(symptom, when)  # group day: the value compared
    first = [compared[day] for day in with_days if day in compared]
    second = [value for day, value in compared.items() if day in without_days]
    enough = len(first) >= MIN_DAYS and len(second) >= MIN_DAYS
    result = welch(first, second) if enough else None
    return Comparison(factor, symptom, when, Group.of(first), Group.of(second), result)


def insights(entries: Iterable[Entry], today: date, months: int = DEFAULT_MONTHS) -> Insights:
    """Every comparison for the window of ``months`` ending ``today``, clearest first.

    The "with" days of a factor are the days in the window carrying it; the "without"
    days are the other days with an entry (for a tag), or the days with an entry and
    no exercise session at all (for exercise, a type or an effort band: days with some
    other session are in neither group). Same-day compares the symptom on those days,
    next-day on the day after each; a day counts only when the symptom was logged on
    the day compared.
    """
    period = window(today, months)
    days = Days.of(entries, period)
    found = [
        compare(factor, symptom, when, with_days, without_days, days)
        for factor, with_days, without_days in days.factors()
        for symptom in days.symptoms()
        for when in (SAME_DAY, NEXT_DAY)
    ]
    found.sort(key=lambda comparison: VERDICT_ORDER[comparison.verdict])
    return Insights(period, months, tuple(found), min(days.known, default=None))


# --- in words (render.py and markdown.py draw these) -------------------------------------------

HEADERS = ("What", "Symptom", "When", "With", "Without", "Difference", "Verdict")


def factor_label(factor: str) -> str:
    """How a person reads a factor: #heat, exercise, exercise: walking, effort 4-6."""
    kind, _, name = factor.partition(":")
    if kind == "tag":
        return inert(f"#{name}")  # a tag is a person's own words: shown, never obeyed
    if kind == "effort":
        return f"effort {name}"
    return f"exercise: {name}" if name else "exercise"


def _number(value: float) -> str:
    """One decimal; a value that is not zero but would show as 0.0 gets more
    decimals, up to its first digit that is not zero (-0.02, +0.004), so neither its
    size nor its sign is lost. Only zero itself is 0.0."""
    if value == 0:
        return "0.0"
    places = 1
    while float(text := f"{value:.{places}f}") == 0:
        places += 1
    return text


def _signed(value: float) -> str:
    shown = _number(value)
    return shown if shown.startswith("-") or value == 0 else f"+{shown}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _group(group: Group) -> str:
    days = _plural(group.days, "day")
    return days if group.mean is None else f"{_number(group.mean)} ({days})"


def difference_words(result: Welch) -> str:
    """``+1.9 (+1.2 to +2.6)``: the difference and its 95% interval, one decimal (more
    near zero: ``-0.9 (-1.8 to -0.02)``)."""
    return f"{_signed(result.difference)} ({_signed(result.low)} to {_signed(result.high)})"


def shown(found: Insights) -> list[Comparison]:
    """The comparisons with enough days on both sides."""
    return [comparison for comparison in found.comparisons if comparison.result is not None]


def clear(found: Insights) -> list[Comparison]:
    """The comparisons that went with worse or better days."""
    return [c for c in found.comparisons if c.verdict in (WORSE, BETTER)]


def rows(found: Insights, every: bool = False) -> list[tuple[str, ...]]:
    """One row a comparison that went with worse or better days (``every``: each
    comparison, clear ones first, then no clear difference, then not enough days
    yet): what, symptom, when, with, without, difference (95% interval), verdict."""
    chosen = list(found.comparisons) if every else clear(found)
    return [
        (
            factor_label(comparison.factor),
            comparison.symptom,
            comparison.when.replace("-", " "),
            _group(comparison.with_),
            _group(comparison.without),
            "-" if comparison.result is None else difference_words(comparison.result),
            comparison.verdict,
        )
        for comparison in chosen
    ]


def day_words(day: date, today: date) -> str:
    """'Sat 1 Aug', with the year when it is not today's."""
    year = "" if day.year == today.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"


def heading(found: Insights) -> tuple[str, list[str]]:
    """The title, and the lines under it: the window (and when the entries in it
    start, if well into it), how to read a line, the rounding, not causes."""
    start, end = found.window.start, found.window.end
    months = _plural(found.months, "month")
    title = f"What went with worse days: {start.day} {start:%b %Y} to {end.day} {end:%b %Y}"
    first = found.first_day
    late = first is not None and (first - start).days > LATE_START
    began = f" Your entries in it start on {day_words(first, end)}." if first and late else ""
    lines = [
        f"The {months} ending today.{began} Each line sets the days with something (a tag, "
        "exercise) against the days without it, by the day's highest rating (0-10, "
        "higher is worse) on the same day or the day after: the average (and days) of "
        "each, and the difference with its 95% interval.",
    ]
    if shown(found):
        lines.append(ROUNDED)
    lines.append(NOT_CAUSES)
    return title, lines


def chance(found: Insights) -> str:
    """'78 comparisons, 24 with enough days: about 1 could show a clear difference by
    chance alone.' (1 in 20 of those with enough days, at the 95% level)."""
    total = len(found.comparisons)
    if not total:
        return "No comparisons yet."
    enough = len(shown(found))
    made = _plural(total, "comparison")
    if enough < total:
        made += f", {enough or 'none'} with enough days"
    if not enough:
        return f"{made} yet."
    expected = (enough + ONE_IN // 2) // ONE_IN  # rounded half up
    about = f"about {expected}" if expected else f"1 in {ONE_IN}"
    return f"{made}: {about} could show a clear difference by chance alone."


def cautions(found: Insights) -> list[str]:
    """The caution, right under the heading: how many differences chance alone could
    show, and that neighbouring days are alike. None without comparisons."""
    return [chance(found), NEIGHBOURS] if found.comparisons else []


def closing(found: Insights, every: bool = False) -> list[str]:
    """What the lines leave out (unless ``every``): one line counting the comparisons
    with no clear difference and without enough days."""
    if not found.comparisons:
        return [
            "Nothing to compare yet: tag your entries (--tag heat) and log exercise, "
            "along with weakness and fatigue."
        ]
    if every:
        return []
    unclear = sum(1 for c in found.comparisons if c.verdict == UNCLEAR)
    few = sum(1 for c in found.comparisons if c.verdict == TOO_FEW)
    counted = [
        *([f"{unclear} showed {UNCLEAR}"] if unclear else []),
        *([f"{few} had {TOO_FEW}"] if few else []),
    ]
    lines = [] if clear(found) else ["None went with worse or better days."]
    if counted:
        lines.append(f"{'; '.join(counted)}: msjournal insights --all lists each.")
    return lines
