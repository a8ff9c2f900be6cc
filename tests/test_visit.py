"""The doctor-visit summary: its view over the report, its page, and the command.

Pure parts with hand-built entries; the page read back with a real HTML parser;
the command through CliRunner. Printing and accessibility in a real browser are in
test_visit_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from html.parser import HTMLParser
from importlib import resources
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from msjournal import summary, visit
from msjournal.dates import Period
from msjournal.entries import Entry, validate

ZONE = timezone(timedelta(hours=1))
PERIOD = Period(date(2026, 8, 3), date(2026, 11, 1))  # 91 days, 13 weeks
BIG_IDS = count(987_650)  # ids that cannot be mistaken for a date or a count

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    '<a href="javascript:alert(3)">go</a> </style><b>bold</b> '
    "[click](javascript:alert(4)) ![pic](http://example.com/x.png) # heading *em* " + "W" * 300
)
SECTIONS = [
    "In this period",  # "Since my last visit" when an appointment began the period
    "My questions",
    "Falls and near-falls",
    "Trends",
    "Other symptoms",
    "Treatments, relapses and aids",
    "Questionnaires",
    "Raise with your doctor: the flags and their rules",
    "Notes on flagged entries, falls, treatments and relapses",
]


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZONE)


def entry(kind: str, day: date, hour: int = 12, **fields: Any) -> Entry:
    if kind == "weakness":
        fields.setdefault("regions", ("legs",))
    elif kind == "fatigue":
        fields.setdefault("fatigue_type", "physical")
    elif kind == "exercise":
        fields.setdefault("with_therapist", False)
    return validate(Entry(kind=kind, at=at(day, hour), id=next(BIG_IDS), **fields))


def fall(day: date, near: bool = False, **fields: Any) -> Entry:
    fields.setdefault("injury", "none")
    return entry("fall", day, 18, near_fall=near, place="kitchen", **fields)


def days_of(period: Period) -> list[date]:
    return [period.start + timedelta(days=i) for i in range(period.days)]


def typical(period: Period = PERIOD) -> list[Entry]:
    """A weakness and a fatigue rating every day, a walk every other day, for this
    period and the one before (rated lower before, so the trend says worse)."""
    found = []
    for day in days_of(Period(period.previous().start, period.end)):
        before = day < period.start
        found.append(entry("weakness", day, 9, severity=2 if before else 5, regions=("legs",)))
        found.append(entry("fatigue", day, 20, severity=3 if before else 4))
        if day.toordinal() % 2:
            found.append(entry("exercise", day, 11, minutes=30, exercise_type="walking"))
    return found


def report_of(found: list[Entry], **more: Any) -> summary.Report:
    window = summary.report_window(PERIOD)
    return summary.build_report(
        [e for e in found if window.start <= e.at.date() <= window.end], PERIOD, **more
    )


class Page(HTMLParser):
    """The parts of a page the tests read: elements, attributes, text and headings."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._in: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "img", "link", "input"):
            self._in.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((tag, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "style" in self._in:
            self.styles.append(data)
            return
        self.text.append(data)
        open_headings = [t for t in self._in if re.fullmatch(r"h[1-6]", t)]
        if open_headings and self.headings:
            tag, words = self.headings[-1]
            self.headings[-1] = (tag, words + data)

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


# --- the report's new arithmetic --------------------------------------------------------


def test_weeks_average_every_rating_and_sum_the_exercise() -> None:
    found = [
        entry("weakness", date(2026, 8, 3), severity=4),
        entry("weakness", date(2026, 8, 3), 20, severity=6),
        entry("weakness", date(2026, 8, 9), severity=8),  # the first week's last day
        entry("weakness", date(2026, 8, 10), severity=1),  # the second week
        entry("exercise", date(2026, 8, 4), minutes=40, exercise_type="walking"),
        entry("exercise", date(2026, 8, 5), minutes=20, exercise_type="strength"),
    ]
    weeks = summary.weekly(found, PERIOD)
    assert len(weeks) == 13 and weeks[0].start == PERIOD.start and weeks[-1].end == PERIOD.end
    assert float(weeks[0].weakness.mean or 0) == 6.0  # (4 + 6 + 8) / 3, as the report averages
    assert weeks[0].exercise_minutes == 60 and weeks[0].logged_days == 4
    assert weeks[1].weakness.mean == 1 and weeks[1].fatigue.mean is None
    assert weeks[0].minutes_target == summary.WEEKLY_MINUTES
    short = summary.weekly([], Period(date(2026, 8, 3), date(2026, 8, 12)))
    assert [w.days for w in short] == [7, 3]
    assert short[1].minutes_target == round(150 * 3 / 7)  # a shorter week, in proportion


def test_the_notes_to_read_are_those_of_falls_and_flagged_entries() -> None:
    day = date(2026, 10, 5)
    found = [
        *typical(),
        fall(day, injury="medical", note="Hit my head on the cupboard"),  # rule 1
        entry("exercise", day, 10, minutes=20, exercise_type="walking", note="Easy walk"),
        fall(day + timedelta(days=1), near=True, note="Caught the rail"),
    ]
    report = report_of(found)
    notes = [(n.kind, n.note, n.rules) for n in report.notes]
    assert notes == [("fall", "Hit my head on the cupboard", (1,)), ("near-fall",
                     "Caught the rail", ())]  # fmt: skip
    assert report.falls.listed[0]["got_up_alone"] is None
    assert report.falls.listed[0]["hopkins_grade"] == 3


def test_the_page_uses_the_reports_own_numbers() -> None:
    report = report_of(typical())
    page = visit.build(report)
    table = page.weekly_tables[0]
    assert table.rows[0][1:] == tuple(f"{float(w.weakness.mean or 0):.1f}" for w in report.weeks)
    assert page.weakness_chart is not None
    assert "Dashed line: the average of the period before, 2.0" in page.weakness_chart.svg
    assert f"{report.exercise.minutes} minutes" in " ".join(page.bullets)
    assert any("Weakness: average 5.0 of 10, worse than the 2.0" in b for b in page.bullets)
    assert 3 <= len(page.bullets) <= 5


# --- the page -------------------------------------------------------------------------------


def full_report(
    note: str = "Slipped on the wet floor", tags: tuple[str, ...] = (), **more: Any
) -> Any:
    found = typical()
    for i in range(16):  # 6 falls, then 10 near-falls, each on a day of its own
        day = date(2026, 9, 1) + timedelta(days=2 * i)
        found.append(fall(day, near=i >= 6, note=f"{note} {i}", tags=tags, causes=("tripped",)))
    found.append(entry("symptom", date(2026, 9, 3), symptom="pain", severity=4))
    course = {
        "name": note,
        "class": "symptomatic",
        "dose": note,
        "start": "2026-06-01T09:00:00+01:00",
        "stop": None,
        "missed_doses": [],
    }
    score = {"instrument": "fss", "at": "2026-09-10T10:00:00+01:00", "score": 4.5,
             "reading": "mean of 4 or more"}  # fmt: skip
    return report_of(found, scores=[(score, None)], treatments=[course], **more)


def test_the_sections_come_in_product_order_with_one_h1() -> None:
    page = Page(visit.render_html(visit.build(full_report())))
    levels = [tag for tag, _ in page.headings]
    assert levels[0] == "h1" and levels.count("h1") == 1
    assert [words for tag, words in page.headings if tag == "h2"] == SECTIONS
    assert "Self-reported by the patient" in page.words
    assert "Entries on 91 of 91 days" in page.words


def test_long_lists_are_capped_and_say_how_many_more() -> None:
    report = full_report()
    page = visit.build(report)
    assert page.falls_table is not None and len(page.falls_table.rows) == visit.MAX_FALLS
    assert page.falls_more.startswith("and 8 more falls and near-falls")
    assert len(page.notes) == visit.MAX_NOTES
    assert page.notes_more == "and 11 more notes (the CSV export has them all)"
    near = next(f for f in page.flags if f.title.startswith("Rule 3"))
    assert near.days.count(",") == visit.MAX_FLAG_DAYS  # 6 days, then the rest counted
    assert near.days.endswith(", and 4 more days")
    repeated = next(f for f in page.flags if f.title.startswith("Rule 2"))
    assert repeated.days.count(",") == 5 and "more" not in repeated.days  # all 6 falls
    # the falls are kept before any near-fall (then the latest near-falls), shown in order
    assert [row[1] for row in page.falls_table.rows] == ["fall"] * 6 + ["near-fall"] * 2
    assert page.falls_table.rows[-1][0] == "Thu 1 Oct 18:00"


def test_entries_are_named_by_date_and_time_never_by_id() -> None:
    report = full_report()
    assert report.flags and all(f.entries for f in report.flags)
    html = visit.render_html(visit.build(report))
    markdown = visit.render_markdown(visit.build(report), report)
    for text in (html, markdown):
        assert "98765" not in text  # the entries' ids
    assert "Tue 1 Sep 18:00" in html  # the first fall, by its day and time


def test_every_chart_is_an_image_with_a_title_and_a_description() -> None:
    html = visit.render_html(visit.build(full_report()))
    page = Page(html)
    svgs = page.named("svg")
    assert len(svgs) >= 4  # weakness, fatigue, exercise, the falls calendar (and the bars)
    for svg in svgs:
        assert svg["role"] == "img"
        labels = (svg["aria-labelledby"] or "").split()
        assert len(labels) == 2
        assert all(f'id="{label}"' in html for label in labels)
    assert html.count("<title id=") == len(svgs) and html.count("<desc id=") == len(svgs)
    # black and white: a dashed reference line and square markers, not colours
    assert 'stroke-dasharray="6 4"' in html and "<rect" in html
    assert not re.search(r'(fill|stroke)="#(?!000|fff|595959|eee)[0-9a-f]{3,6}"', html)


def test_the_page_is_self_contained() -> None:
    page = Page(visit.render_html(visit.build(full_report())))
    assert not page.named("script") and not page.named("link") and not page.named("img")
    for _, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on")
            if name in ("src", "href"):
                assert value is None or value.startswith("#")
    policy = [m for m in page.named("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert policy and "default-src 'none'" in (policy[0]["content"] or "")


def test_what_was_typed_is_shown_as_text_and_runs_nothing() -> None:
    report = full_report(note=HOSTILE, tags=("<b>tag</b>", "[x](javascript:y)"))
    questions = [{"text": HOSTILE, "priority": 1, "done_at": None, "logged_at": "x"}]
    html = visit.render_html(visit.build(report, questions))
    page = Page(html)
    assert not page.named("script") and not page.named("img") and not page.named("a")
    assert not page.named("b")
    assert all(not name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert len(page.styles) == 1 and "alert" not in page.styles[0]  # </style> ended nothing
    words = page.words
    assert "<script>alert(1)</script>" in words  # shown, as typed
    assert "[click](javascript:alert(4))" in words and "<b>tag</b>" in words
    assert "W" * 300 in "".join(page.text)  # the long word is there, whole
    # long words may break anywhere where people's words are shown (the layout stays
    # within the page: checked in a browser by test_visit_browser.py)
    assert 'class="typed"' in html and "overflow-wrap: anywhere" in html


def test_markdown_keeps_what_was_typed_inert() -> None:
    from markdown_it import MarkdownIt  # rich's own Markdown parser

    report = full_report(note=HOSTILE, tags=("[x](javascript:y)",))
    questions = [{"text": HOSTILE, "priority": 1, "done_at": None, "logged_at": "x"}]
    text = visit.render_markdown(visit.build(report, questions), report)
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    page = Page(rendered)
    assert not page.named("a") and not page.named("img") and not page.named("script")
    assert not page.named("em") and not page.named("b")
    assert "<script>alert(1)</script>" in page.words
    assert "[click](javascript:alert(4))" in page.words
    h2 = [words for tag, words in page.headings if tag == "h2"]
    assert h2[:3] == ["In this period", "My questions", "Falls and near-falls"]
    assert "The report" in h2


def test_markdown_escapes_only_what_can_make_markup() -> None:
    assert visit.md("3.5 of 10, legs") == "3.5 of 10, legs"
    assert visit.md("- a list?") == "\\- a list?"
    assert visit.md("12. a list?") == "12\\. a list?"
    assert visit.md("[a](b) <i> *x* a|b") == "\\[a\\](b) \\<i\\> \\*x\\* a\\|b"


def test_questions_open_by_priority_and_appointments() -> None:
    questions = [
        {"text": "later", "priority": 3, "done_at": None, "logged_at": "2026-10-01T09:00:00+01:00"},
        {"text": "answered", "priority": 1, "done_at": "2026-10-02T09:00:00+01:00",
         "logged_at": "2026-09-01T09:00:00+01:00"},
        {"text": "first", "priority": 1, "done_at": None, "logged_at": "2026-10-03T09:00+01:00"},
        {"text": "second", "priority": 2, "done_at": None, "logged_at": "2026-09-03T09:00+01:00"},
    ]  # fmt: skip
    assert [q["text"] for q in visit.open_questions(questions)] == ["first", "second", "later"]
    appointments = [
        {"at": "2026-08-02T10:00:00+01:00", "with": "neurology"},
        {"at": "2026-09-20T10:00:00+01:00", "with": "mri"},  # a scan is not a visit
        {"at": "2026-11-20T10:00:00+01:00", "with": "ms-nurse"},  # ahead
    ]
    today = date(2026, 11, 1)
    assert visit.last_visit(appointments, today) == appointments[0]
    assert visit.next_visit(appointments, today) == appointments[2]
    page = visit.build(report_of(typical()), questions, appointments, today, appointments[0])
    assert page.since == "Since the last neurology appointment (Sun 2 Aug)"
    assert page.upcoming == "For the appointment: MS nurse, Fri 20 Nov"
    assert page.questions == ["first", "second", "later"]
    assert page.summary_heading == "Since my last visit"
    html = Page(visit.render_html(page))
    assert next(w for t, w in html.headings if t == "h2") == "Since my last visit"


def test_a_period_with_nothing_logged_still_makes_a_page() -> None:
    report = report_of([])
    html = visit.render_html(visit.build(report))
    page = Page(html)
    assert "Nothing was logged in this period." in page.words
    assert [w for t, w in page.headings if t == "h2"][:4] == SECTIONS[:4]


def test_the_template_ships_as_package_data() -> None:
    found = resources.files("msjournal").joinpath("templates", "visit.html.j2")
    assert found.is_file() and "autoescaped" in found.read_text(encoding="utf-8").lower()


@pytest.mark.slow
def test_the_wheel_holds_the_template(tmp_path: Path) -> None:
    """Built from a copy of the project, as pip builds it for a person."""
    import shutil
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parent.parent
    copy = tmp_path / "project"
    shutil.copytree(root / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(root / name, copy / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(copy)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("msjournal-*.whl"))
    assert "msjournal/templates/visit.html.j2" in zipfile.ZipFile(wheel).namelist()


# --- what the readers found ------------------------------------------------------------------


def appointment(day: str, kind: str) -> dict[str, Any]:
    return {"at": f"{day}T10:00:00+01:00", "with": kind}


def test_the_default_period_runs_from_the_last_appointment_with_the_same_clinician() -> None:
    current = datetime(2026, 12, 1, 12, 0, tzinfo=ZONE)
    neurology = appointment("2026-09-15", "neurology")
    physio = appointment("2026-11-26", "physio")  # 5 days ago
    scan = appointment("2026-11-28", "mri")
    coming = appointment("2026-12-08", "neurology")
    found = visit.default_period([neurology, physio, scan, coming], current, 90, 3660)
    assert (found.since, found.upcoming) == (neurology, coming)
    assert found.why == "since your neurology appointment on Tue 15 Sep"
    # a physio appointment coming: since the last physio appointment
    found = visit.default_period([neurology, physio, appointment("2026-12-03", "physio")],
                                 current, 90, 3660)  # fmt: skip
    assert found.since == physio
    # an upcoming scan is not a visit; nothing coming: the last appointment of any kind
    for appointments in (
        [neurology, physio, appointment("2026-12-03", "mri")],
        [neurology, physio],
    ):
        found = visit.default_period(appointments, current, 90, 3660)
        assert found.since == physio and found.upcoming is None
    # no neurology before: the last appointment of any kind, saying so
    found = visit.default_period([physio, coming], current, 90, 3660)
    assert found.since == physio
    assert found.why == (
        "since your physiotherapy appointment on Thu 26 Nov (none earlier with neurology)"
    )
    found = visit.default_period([scan, coming], current, 90, 3660)
    assert found.since is None and found.why == "the last 90 days: no earlier appointment"


def test_the_default_period_says_why_and_hints_when_it_is_short(run: Run, tmp_path: Path) -> None:
    log_some(run)
    ok(run("appointment", "add", "--at", "40 days ago", "--with", "neurology"))
    ok(run("appointment", "add", "--at", "5 days ago", "--with", "physio"))
    ok(run("appointment", "add", "--at", "in 7 days", "--with", "neurology"))
    out = tmp_path / "v.html"
    result = ok(run("visit", "-o", str(out)))
    said = " ".join(result.output.split())
    assert "(40 days), since your neurology appointment on " in said
    assert "A short period" not in said
    words = Page(out.read_text(encoding="utf-8")).words
    assert "(40 days)" in words and "Since the last neurology appointment" in words
    ok(run("appointment", "delete", "3", "--yes"))  # nothing coming: since the physio visit
    result = ok(run("visit", "-o", str(out), "--force"))
    said = " ".join(result.output.split())
    assert "(5 days), since your physiotherapy appointment on " in said
    assert "A short period: for more, --months 3." in said


def test_no_appointment_says_the_last_90_days(run: Run, tmp_path: Path) -> None:
    log_some(run)
    result = ok(run("visit", "-o", str(tmp_path / "v.html")))
    assert "(90 days), the last 90 days: no earlier appointment." in " ".join(result.output.split())
    result = ok(run("visit", "-o", str(tmp_path / "w.html"), "--months", "1"))
    assert "as you chose." in result.output and "A short period" not in result.output


@pytest.mark.parametrize("option", ["--to", "--from"])
def test_a_day_after_today_is_refused(run: Run, option: str) -> None:
    ahead = (date.today() + timedelta(days=4)).isoformat()
    result = run("visit", option, ahead)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: {option} ({ahead}) is after today: a summary covers days already lived."
    ]


@pytest.mark.parametrize(
    ("option", "phrase", "ahead"),
    [("--to", "next friday", None), ("--from", "tomorrow", 1), ("--to", "in 3 days", 3)],
)
def test_a_future_day_in_words_gets_the_visits_own_message(
    run: Run, option: str, phrase: str, ahead: int | None
) -> None:
    result = run("visit", option, phrase)
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.endswith("is after today: a summary covers days already lived.")
    assert "log things after they happen" not in line
    if ahead:
        assert f"({date.today() + timedelta(days=ahead)})" in line


def test_to_alone_says_its_start_was_picked(run: Run, tmp_path: Path) -> None:
    log_some(run)
    end = date.today() - timedelta(days=2)
    result = ok(run("visit", "--to", end.isoformat(), "-o", str(tmp_path / "v.html")))
    said = " ".join(result.output.split())
    label = f"{end:%a} {end.day} {end:%b}"
    assert f"(90 days), the 90 days to {label} (--from sets another start)." in said
    assert "as you chose" not in said
    start = (date.today() - timedelta(days=20)).isoformat()
    result = ok(run("visit", "--from", start, "-o", str(tmp_path / "w.html")))
    assert "(21 days), from the day you chose to today." in " ".join(result.output.split())


def test_a_period_before_with_few_entries_is_said_and_unchecked_rules_too() -> None:
    found = [e for e in typical() if e.at.date() >= PERIOD.start]
    found.append(entry("weakness", PERIOD.start - timedelta(days=3), severity=3))
    found.append(entry("symptom", date(2026, 9, 3), symptom="pain", severity=4))
    page = visit.build(report_of(found))
    assert page.before == (
        "The period before (4 May to 2 Aug 2026) has entries on 1 of 91 days: "
        "comparisons with it say little."
    )
    unchecked = [line for line in page.flag_lines if line.startswith("Not checked")]
    assert len(unchecked) == 1
    assert "rule 6 for weakness, fatigue, pain" in unchecked[0] and "rule 7" in unchecked[0]
    words = Page(visit.render_html(page)).words
    assert page.before in words and unchecked[0] in words
    assert visit.build(report_of(typical())).before == ""  # a full period before


def test_the_aid_of_a_fall_is_as_logged_and_the_aids_timeline_apart() -> None:
    found = [
        *typical(),
        fall(date(2026, 10, 5), aids=("none",)),
        fall(date(2026, 10, 7)),
        fall(date(2026, 10, 9), aids=("walker",)),
    ]
    cane = {"aid": "cane", "for": "outdoors", "start": "2026-10-01T09:00:00+01:00",
            "stop": None}  # fmt: skip
    page = visit.build(report_of(found, aids=[cane]))
    assert page.falls_table is not None
    column = page.falls_table.headers.index("Aid in use")
    assert [row[column] for row in page.falls_table.rows] == ["none", "not said", "walker"]
    assert (
        page.aids_line
        == "Aids in use in the period (msjournal aid): cane for outdoors, from 1 Oct."
    )
    assert page.aids_line in Page(visit.render_html(page)).words


def test_a_week_with_nothing_logged_is_unknown_not_zero_falls() -> None:
    quiet = Period(date(2026, 10, 12), date(2026, 10, 18))  # a whole week, in the last 4
    found = [e for e in typical() if not quiet.start <= e.at.date() <= quiet.end]
    found.append(fall(date(2026, 10, 20)))
    page = visit.build(report_of(found))
    assert page.calendar_table is not None
    rows = {row[0]: row[1:] for row in page.calendar_table.rows}
    assert rows["12 Oct"] == ("0", "-", "-")
    assert rows["19 Oct"] == ("7", "1", "0")
    weekly = page.weekly_tables[0]
    assert weekly.headers[1:6] == ("3 Aug", "10", "17", "24", "31")  # the month where it begins
    column = weekly.headers.index("12")
    assert [row[column] for row in weekly.rows] == ["-", "-", "-"]  # weakness, fatigue, exercise
    assert page.exercise_chart is not None and "12 Oct not logged" in page.exercise_chart.svg


def test_a_notes_line_breaks_are_kept_and_still_escaped() -> None:
    found = [*typical(), fall(date(2026, 10, 5), note="Tripped on the rug.\nGot up <b>slowly</b>.")]
    html = visit.render_html(visit.build(report_of(found)))
    assert "Tripped on the rug.\nGot up &lt;b&gt;slowly&lt;/b&gt;." in html
    assert ".note { white-space: pre-line; }" in html


def test_rule_6_names_its_days_once() -> None:
    found = [e for e in typical() if e.kind != "weakness"]
    found += [entry("weakness", day, 9, severity=3) for day in days_of(PERIOD.previous())]
    for day in (date(2026, 10, 20), date(2026, 10, 21)):
        found.append(entry("weakness", day, 15, severity=10))
    report = report_of(found)
    assert 6 in [f.rule for f in report.flags]
    page = visit.build(report)
    (flag,) = [f for f in page.flags if f.title.startswith("Rule 6")]
    html = visit.render_html(page)
    paragraph = html.split(flag.title, 1)[1].split("</p>", 1)[0]
    assert paragraph.count("Days:") == 1 and "20-21 Oct" in paragraph
    markdown = visit.render_markdown(page, report)
    assert "**Rule 6: Possible relapse pattern (weakness).** \n" not in markdown + "\n"
    assert markdown.count("Days: 20-21 Oct") == 1  # in the report's flags, once


def test_markdown_has_one_heading_for_the_report() -> None:
    report = full_report()
    lines = visit.render_markdown(visit.build(report), report).splitlines()
    at = lines.index("## The report")
    assert not any(line.startswith("#") and "msjournal report" in line for line in lines)
    assert next(line for line in lines[at + 1 :] if line).startswith(("Compared", "The period"))


def test_flagged_notes_then_treatment_and_relapse_notes_then_other_falls() -> None:
    moment = datetime(2026, 10, 2, 13, 0, tzinfo=ZONE)
    extra = [
        summary.NoteLine(moment, "treatment: baclofen", "Drowsy after lunch dose", (), ()),
        summary.NoteLine(moment, "relapse", "Left leg numb for a week", (), ()),
    ]
    found = [
        *typical(),  # falls more than 29 days apart (no rule 2), a near-fall: not flagged
        fall(date(2026, 8, 4), note="Fall 0"),
        fall(date(2026, 9, 6), note="Fall 1"),
        fall(date(2026, 10, 9), injury="medical", note="Cut my chin"),  # rule 1
        fall(date(2026, 10, 20), near=True, note="Caught the rail"),
    ]
    page = visit.build(report_of(found, notes_of_records=extra))
    assert [(n.what, n.text) for n in page.notes] == [
        ("fall (rule 1)", "Cut my chin"),
        ("treatment: baclofen", "Drowsy after lunch dose"),
        ("relapse", "Left leg numb for a week"),
        ("fall", "Fall 0"),
        ("fall", "Fall 1"),
    ]
    assert page.notes_more == "and 1 more note (the CSV export has them all)"
    words = Page(visit.render_html(page)).words
    assert "and 1 more note (the CSV export has them all)." in words
    # the notes left out are those of treatments and relapses: where they are whole
    many = visit.build(full_report(notes_of_records=extra))
    assert all(n.what.startswith(("fall", "near-fall")) for n in many.notes)  # flagged first
    assert many.notes_more == "and 13 more notes (the JSON export has them all)"


# --- what the second trial found ------------------------------------------------------------


def test_a_symptom_new_in_this_period_is_called_new() -> None:
    from msjournal import layout

    found = [
        *typical(),
        entry("symptom", date(2026, 10, 19), symptom="vision", severity=5),
        entry("symptom", date(2026, 10, 21), symptom="vision", severity=6),
        entry("symptom", date(2026, 7, 1), symptom="pain", severity=3),  # before, and now
        entry("symptom", date(2026, 9, 1), symptom="pain", severity=4),
    ]
    report = report_of(found)
    assert report.symptoms["vision"].first == date(2026, 10, 19)  # from the report itself
    section = layout.other_symptoms_section(report)
    assert section is not None
    trends = {row[0]: row[-1] for row in section.tables[0].rows}
    assert trends["vision"] == "new (first on Mon 19 Oct)" and trends["pain"] != "new"
    line = "New in this period: none logged in the period before."
    assert section.after == [line]  # the terminal report says it under the table
    page = visit.build(report)
    assert page.others is not None and page.others_lines == [line]
    words = Page(visit.render_html(page)).words
    assert "vision 2 5.5 6 - new (first on Mon 19 Oct)" in words and line in words
    # a period before with nothing logged says nothing either way
    alone = report_of([e for e in found if e.at.date() >= PERIOD.start])
    section = layout.other_symptoms_section(alone)
    assert section is not None and section.after == []
    assert {row[0]: row[-1] for row in section.tables[0].rows}["vision"] == "· no comparison"


def test_markdown_lists_the_days_of_every_flag_rule_6_too() -> None:
    found = [e for e in typical() if e.kind != "weakness"]
    found += [entry("weakness", day, 9, severity=3) for day in days_of(PERIOD.previous())]
    for day in (date(2026, 10, 20), date(2026, 10, 21)):
        found.append(entry("weakness", day, 15, severity=10))
    found.append(fall(date(2026, 10, 22), injury="medical"))  # rule 1
    report = report_of(found)
    page = visit.build(report)
    markdown = visit.render_markdown(page, report)
    days = markdown.split("## The days of each flag\n\n", 1)[1].split("\n\n", 1)[0]
    assert days.splitlines() == [
        "- **Rule 1: A fall needed medical care.** Thu 22 Oct",
        "- **Rule 6: Possible relapse pattern (weakness).** Tue 20 Oct, Wed 21 Oct",
    ]
    html = visit.render_html(page)  # the page says rule 6's days once, in its rule
    assert html.split("Rule 6:", 1)[1].split("</p>", 1)[0].count("Days:") == 1


def test_a_notes_line_breaks_and_blank_lines_are_kept_in_markdown_and_html() -> None:
    from markdown_it import MarkdownIt

    note = "Tripped on the rug.\n---\nGot up <b>slowly</b>.\n\n\n- next day: fine\n=== \\"
    found = [*typical(), fall(date(2026, 10, 5), note=note)]
    report = report_of(found)
    page = visit.build(report)
    assert (
        page.notes[0].text
        == "Tripped on the rug.\n---\nGot up <b>slowly</b>.\n\n- next day: fine\n=== \\"
    )
    html = visit.render_html(page)
    assert "Got up &lt;b&gt;slowly&lt;/b&gt;.\n\n- next day: fine" in html  # a blank line kept
    markdown = visit.render_markdown(page, report)
    notes = markdown.split(f"## {visit.NOTES_HEADING}", 1)[1].split("## The report", 1)[0]
    item = MarkdownIt("commonmark").render(notes)
    assert "<hr" not in item and "<h2>Tripped" not in item and "<b>" not in item
    assert "Tripped on the rug.<br />\n---<br />\nGot up &lt;b&gt;slowly&lt;/b&gt;.</p>" in item
    assert "<p>- next day: fine<br />\n=== \\</p>" in item  # a new paragraph, no list
    assert item.count("<li>") == 1  # one note, one item


def test_the_readme_says_how_long_a_note_is_shown() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The doctor-visit summary", 1)[1].split("\n## ", 1)[0]
    flat = " ".join(section.split())
    assert f"the first {visit.NOTE_CHARS} characters" in flat
    assert "`msjournal show ID`" in flat


def test_the_appointments_in_the_period_are_in_one_line() -> None:
    appointments = [
        {"at": "2026-08-02T10:00:00+01:00", "with": "neurology"},  # the period starts after it
        {"at": "2026-10-20T10:00:00+01:00", "with": "mri"},
        {"at": "2026-10-27T10:00:00+01:00", "with": "physio",
         "note": "Gait assessment,\nAFO discussed <b>" + " and more" * 10},
        {"at": "2026-11-20T10:00:00+01:00", "with": "neurology"},  # the one it is for
    ]  # fmt: skip
    report = report_of(typical())
    page = visit.build(report, (), appointments, date(2026, 11, 1), appointments[0])
    assert page.appointments == (
        "Appointments in the period: MRI Tue 20 Oct; physio Tue 27 Oct (Gait assessment, "
        "AFO discussed <b> and more and more and…)."  # cut short between words
    )
    html = visit.render_html(page)
    assert "AFO discussed &lt;b&gt; and more" in html
    header = Page(html.split("</header>", 1)[0])
    assert page.appointments in header.words
    assert f"\n{visit.md(page.appointments)}\n" in visit.render_markdown(page, report)
    many = [{"at": f"2026-09-{day:02d}T10:00:00+01:00", "with": "gp"} for day in range(1, 9)]
    capped = visit.build(report, (), many, date(2026, 11, 1))
    assert capped.appointments.endswith("GP Sun 6 Sep; and 2 more appointments.")
    assert visit.build(report, (), [], date(2026, 11, 1)).appointments == ""


def test_drug_names_and_vocabulary_words_are_never_broken_in_the_timeline() -> None:
    long_name = "T" * 40
    courses = [
        {"name": "methylprednisolone", "class": "steroid", "dose": "1 g IV", "start":
         "2026-10-03T09:00:00+01:00", "stop": "2026-10-06T09:00:00+01:00", "missed_doses": []},
        {"name": f"ofatumumab {long_name}", "class": "muscle-relaxant", "dose": None,
         "start": "2026-06-01T09:00:00+01:00", "stop": None, "missed_doses": []},
    ]  # fmt: skip
    cane = {"aid": "ankle-brace", "for": "outdoors", "start": "2026-10-01T09:00:00+01:00",
            "stop": None}  # fmt: skip
    html = visit.render_html(visit.build(report_of(typical(), treatments=courses, aids=[cane])))
    assert '<table class="timeline">' in html  # not "typed": no break anywhere
    assert '<th scope="row"><span class="word">methylprednisolone</span></th>' in html
    assert (
        '<th scope="row"><span class="word">ofatumumab</span> '
        f'<span class="long">{long_name}</span></th>'
    ) in html  # only a word too long for any line may break
    assert '<span class="word">muscle-relaxant</span>' in html
    assert '<span class="word">ankle-brace</span>' in html
    assert (
        "table.timeline th, table.timeline td { overflow-wrap: normal; word-break: normal; }"
        in html
    )


def descs(html: str) -> list[str]:
    return re.findall(r'<desc id="timeline-[^"]*">([^<]*)</desc>', html)


def test_each_timeline_bar_says_its_own_start_and_end_within_the_period() -> None:
    courses = [
        {"name": "baclofen", "class": "muscle-relaxant", "dose": "10 mg",
         "start": "2026-06-01T09:00:00+01:00", "stop": None, "missed_doses": []},
        {"name": "methylprednisolone", "class": "steroid", "dose": None,
         "start": "2026-10-05T09:00:00+01:00", "stop": "2026-10-07T09:00:00+01:00",
         "missed_doses": []},
        {"name": "ocrelizumab", "class": "dmt", "dose": None, "start": "2026-09-01T09:00:00+01:00",
         "stop": "2026-12-20T09:00:00+01:00", "missed_doses": []},
    ]  # fmt: skip
    relapses = [{"onset": "2026-10-05T09:00:00+01:00", "ended": None, "confirmed": True,
                 "steroids": True}]  # fmt: skip
    aids = [{"aid": "cane", "for": None, "start": None, "stop": "2026-09-15T09:00:00+01:00"}]
    report = report_of(typical(), treatments=courses, relapses=relapses, aids=aids)
    html = visit.render_html(visit.build(report))
    period = "within the period (Mon 3 Aug to Sun 1 Nov): "
    assert descs(html) == [
        f"baclofen, {period}from Mon 3 Aug (the period&#x27;s start; it began Mon 1 Jun) "
        "to Sun 1 Nov (the period&#x27;s end; still running).",
        f"methylprednisolone, {period}from Mon 5 Oct to Wed 7 Oct.",
        f"ocrelizumab, {period}from Tue 1 Sep to Sun 1 Nov (the period&#x27;s end; it "
        "ended Sun 20 Dec).",
        f"Relapse, {period}from Mon 5 Oct to Sun 1 Nov (the period&#x27;s end; not ended).",
        f"cane, {period}from Mon 3 Aug (the period&#x27;s start; its start not logged) "
        "to Tue 15 Sep.",
    ]
    assert '<title id="timeline-0-0-t">baclofen: when in the period</title>' in html


# --- the command ----------------------------------------------------------------------------


Run = Callable[..., Result]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def log_some(run: Run) -> None:
    for days in range(1, 20):
        ok(run("log", "weakness", "4", "-w", "legs", "--at", f"{days} days ago"))
    ok(run("log", "fall", "--place", "kitchen", "--at", "3 days ago", "-n", "<script>x</script>"))


def test_visit_writes_an_html_file_named_for_today(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log_some(run)
    result = ok(run("visit"))
    written = list(tmp_path.glob("visit-*.html"))
    assert [p.name for p in written] == [f"visit-{date.today().isoformat()}.html"]
    assert "Wrote the visit summary" in result.output and "print it" in result.output
    page = Page(written[0].read_text(encoding="utf-8"))
    assert "(90 days)" in page.words  # no appointment: the last 90 days
    assert "<script>x</script>" in page.words
    assert written[0].stat().st_mode & 0o077 == 0  # private, as every file msjournal writes


def test_the_default_period_runs_from_the_last_visit(run: Run, tmp_path: Path) -> None:
    log_some(run)
    ok(run("appointment", "add", "--at", "10 days ago", "--with", "neurology"))
    ok(run("appointment", "add", "--at", "5 days ago", "--with", "mri"))  # a scan
    ok(run("question", "add", "Should I change my baclofen dose?", "--priority", "1"))
    out = tmp_path / "v.html"
    ok(run("visit", "-o", str(out)))
    words = Page(out.read_text(encoding="utf-8")).words
    assert "(10 days)" in words and "Since the last neurology appointment (" in words
    assert "Should I change my baclofen dose?" in words
    ok(run("visit", "-o", str(out), "--months", "3", "--force"))
    words = Page(out.read_text(encoding="utf-8")).words
    assert "Since the last" not in words and "Since my last visit" not in words
    assert "In this period" in words  # chosen by --months, not by an appointment


def test_an_existing_file_is_never_replaced_without_asking(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_some(run)
    out = tmp_path / "visit.html"
    out.write_text("mine", encoding="utf-8")
    refused = run("visit", "-o", str(out))
    assert refused.exit_code == 2 and "already exists" in refused.output
    assert "--force" in refused.output and out.read_text(encoding="utf-8") == "mine"
    monkeypatch.setattr("msjournal.cli.common.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("msjournal.cli.visit.stdin_is_terminal", lambda: True)
    kept = ok(run("visit", "-o", str(out), input="n\n"))
    assert "Replace it?" in kept.output and "Nothing was written." in kept.output
    assert out.read_text(encoding="utf-8") == "mine"
    ok(run("visit", "-o", str(out), input="y\n"))
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    monkeypatch.setattr("msjournal.cli.visit.stdin_is_terminal", lambda: False)
    ok(run("visit", "-o", str(out), "--yes"))  # a script says so


def test_markdown_from_the_extension(run: Run, tmp_path: Path) -> None:
    log_some(run)
    out = tmp_path / "visit.md"
    ok(run("visit", "-o", str(out)))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Visit summary: ")
    assert "## In this period" in text and "### Weakness" in text  # the report, within
    assert "\\<script\\>x\\</script\\>" in text


def test_a_pdf_without_the_extra_writes_the_html_instead(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("msjournal.cli.visit.pdf_available", lambda: False)
    log_some(run)
    out = tmp_path / "visit.pdf"
    result = ok(run("visit", "-o", str(out)))
    assert not out.exists() and (tmp_path / "visit.html").exists()
    message = [line for line in result.output.splitlines() if "PDF" in line]
    assert message == [
        "A PDF needs the optional extra (pip install 'msjournal[pdf]'); writing the HTML instead."
    ]
    assert "Traceback" not in result.output
    # with the HTML there already, a script is told so before anything is promised
    html = tmp_path / "visit.html"
    html.write_text("mine", encoding="utf-8")
    result = run("visit", "-o", str(out))
    assert result.exit_code == 2 and "writing the HTML instead" not in result.output
    assert "visit.html, the HTML instead, already exists" in " ".join(result.output.split())
    assert html.read_text(encoding="utf-8") == "mine"
    result = ok(run("visit", "-o", str(out), "--force"))
    assert "writing the HTML instead" in result.output
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_pdf_with_the_extra_is_tagged(run: Run, tmp_path: Path) -> None:
    from msjournal.cli.visit import pdf_available

    if not pdf_available():
        pytest.skip("the pdf extra (WeasyPrint and Pango) is not installed")
    pypdf = pytest.importorskip("pypdf")
    log_some(run)
    out = tmp_path / "visit.pdf"
    ok(run("visit", "-o", str(out)))
    pdf = pypdf.PdfReader(out)
    assert len(pdf.pages) <= 2
    assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged for screen readers
    assert "Self-reported by the patient" in " ".join(pdf.pages[0].extract_text().split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "visit.txt"], "visit writes .html, .pdf or .md files"),
        (["--months", "3", "--from", "2026-01-01"], "Choose one period"),
        (["--months", "0"], "--months is 1 to 120"),
        (["--from", "2026-03-01", "--to", "2026-02-01"], "is after --to"),
    ],
)
def test_wrong_options_are_refused(run: Run, args: list[str], message: str) -> None:
    result = run("visit", *args)
    assert result.exit_code == 2 and message in result.output


def test_months_count_back_whole_months() -> None:
    from msjournal.cli.visit import months_before, visit_period

    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)
    today = date(2026, 12, 1)
    assert visit_period(None, None, 3, today, None) == Period(date(2026, 9, 2), today)
    assert visit_period(None, None, None, today, date(2026, 11, 1)).start == date(2026, 11, 2)
    assert visit_period(None, None, None, today, None).days == 90


@pytest.mark.slow
def test_the_readme_excerpt_is_part_of_a_real_page(tmp_path: Path) -> None:
    """The README's HTML excerpt comes from three months of the benchmark generator's
    journal (its last 13 weeks, as the browser tests print)."""
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    db, page = tmp_path / "journal.db", tmp_path / "visit.html"
    subprocess.run(
        [sys.executable, str(root / "benchmarks" / "generate.py"), "--db", str(db), "--years", "2"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "msjournal",
            "--db",
            str(db),
            "visit",
            "--from",
            "2026-08-03",
            "--to",
            "2026-11-01",
            "-o",
            str(page),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    readme = (root / "README.md").read_text(encoding="utf-8")
    excerpt = readme.split("A small part of a real page:\n\n```html\n", 1)[1].split("```", 1)[0]
    html = page.read_text(encoding="utf-8")
    for line in excerpt.splitlines():
        assert line in html, f"README excerpt line not in the page: {line!r}"
