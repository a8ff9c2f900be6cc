"""``msjournal log weakness|fatigue|fall|exercise|symptom|relapse``."""

from datetime import datetime, timedelta
from typing import Annotated, Any

import typer

from msjournal import dates, entries, vocab
from msjournal.cli import common
from msjournal.cli.common import (
    SEVERITY_HELP,
    ActivityOpt,
    AfterOpt,
    AidOpt,
    AtOpt,
    CauseOpt,
    DoingOpt,
    DurationOpt,
    EffortOpt,
    Form,
    GotUpAloneOpt,
    Guess,
    InjuryOpt,
    LogFormat,
    LogFormatOpt,
    NeededHelpOpt,
    NoteOpt,
    PlaceOpt,
    TagOpt,
    Value,
    WhereOpt,
    choice,
    choices,
    got_up,
    log_app,
    now,
    number,
    one_choice,
    open_journal_at,
    parse_one,
    read_note,
    say,
    when,
    yes_no,
)
from msjournal.db import Journal
from msjournal.entries import Entry
from msjournal.errors import InvalidInput

SAME_WITHIN = timedelta(minutes=10)  # an identical entry this recent is asked about


def save(ctx: typer.Context, entry: Entry, fmt: LogFormat, later: tuple[str, ...] = ()) -> None:
    """Save the entry and say so; ``later``: warnings for after the confirmation.

    The same entry logged again within minutes is more often a command run twice
    than a new event: a terminal asks first; a script saves it and is warned.
    """
    entries.validate(entry)
    with open_journal_at(ctx, create=True) as journal:
        same = logged_moments_ago(journal, entry)
        if same is not None and common.stdin_is_terminal() and not save_again(entry, same):
            say("Nothing was saved.")
            raise typer.Exit(0)
        saved = journal.add(entry, now())
    # Only now, after the commit, is the entry acknowledged.
    when = dates.display(saved.at, now().date())
    say(f"Saved entry {saved.id}: {entries.describe(saved)} ({when}).")
    for warning in later:
        say(warning)
    if same is not None and not common.stdin_is_terminal():
        say(f"You logged the same {ago(same)} (entry {same.id}); saved again.")
    if fmt is LogFormat.json:
        from msjournal.export import entry_json

        typer.echo(entry_json(saved))


def logged_moments_ago(journal: Journal, entry: Entry) -> Entry | None:
    """An entry with the same values, for about the same time, logged in the last
    ten minutes (a backfilled entry for another day is a different one)."""
    if journal.created:
        return None
    same = journal.same_logged_since(entry, now() - SAME_WITHIN)
    if same is None or abs(same.at - entry.at) > SAME_WITHIN:
        return None
    return same


def ago(entry: Entry) -> str:
    """How long ago the entry was logged: '2 minutes ago', 'a moment ago'."""
    logged = entry.logged_at or entry.at
    minutes = int((now() - logged).total_seconds() // 60)
    if minutes < 1:
        return "a moment ago"
    return f"{minutes} minute{'s' if minutes != 1 else ''} ago"


def save_again(entry: Entry, same: Entry) -> bool:
    """Ask whether to save an entry like one logged moments ago. A fall is a new event
    more often than a slip of the keyboard, so for falls Enter is yes."""
    if entry.kind != "fall":
        return yes_no(f"You logged this {ago(same)}. Save it again?", default=False)
    what = "a near-fall" if entry.near_fall else "a fall"
    place = entries.PLACE_PHRASES.get(entry.place or "") if entry.place != "other" else None
    where = f" {place}" if place else ""
    return yes_no(f"You logged {what}{where} {ago(same)}. Is this another one?", default=True)


SeverityArg = Annotated[
    str | None,
    typer.Argument(metavar="SEVERITY", help=SEVERITY_HELP, show_default=False),
]
severity_rating = number("severity", *entries.SEVERITY_RANGE)
INJURY_QUESTION = "Were you hurt? (none, minor, medical, hospital) [none]"


def missing(what: str, how: str) -> str:
    """The message for a script that left out a required value."""
    return f"Missing {what}: give it as {how}."


def severity(typed: str | None, kind: str, question: str) -> Value[int]:
    return Value(
        typed,
        question,
        severity_rating,
        missing=missing("severity", f"a number after '{kind}', e.g. 6"),
    )


class Shared:
    """--at, --note and --tag, which every kind has. A note from input (``-n -``)
    and the tags are read before any question is asked."""

    def __init__(self, form: Form, at: str | None, note: str | None, tag: list[str] | None):
        self.moment: datetime = now()
        self.at = form.add(when(at, self.moment))
        self.note = read_note(note)
        self.tags = entries.clean_tags(tag or [])
        self.type_tag: tuple[str, Value[str], str] | None = None  # a tag that is a --type

    def type_in_tags(self, value: Value[str], vocabulary: str) -> None:
        """``-t`` is ``--tag``: a tag that is a type (``-t cog``) when ``--type`` was
        not given is offered as the type at a terminal, and named in a script."""
        if value.typed is not None:
            return
        for tag in self.tags:
            try:
                meant = vocab.match(vocabulary, tag)
            except InvalidInput:
                continue
            value.guess = Guess(meant, f"--type {meant}")
            self.type_tag = (tag, value, vocabulary)
            if value.required:  # a script cannot save without it
                value.missing = (
                    f"Missing the {vocabulary}: '{tag}' was given as a tag (-t). "
                    f"For the {vocabulary}, use --type {meant}."
                )
            return

    def fields(self) -> dict[str, Any]:
        at = self.at.value or self.moment.replace(microsecond=0)
        tags = self.tags
        if self.type_tag is not None:
            tag, value, _ = self.type_tag
            if value.guess is not None and value.guess.taken:
                tags = tuple(t for t in tags if t != tag)  # it moved to the type
        return {"at": at, "note": self.note, "tags": tags}

    def warnings(self) -> tuple[str, ...]:
        """What to say once saved: a tag that looks like the type, never offered."""
        if self.type_tag is None:
            return ()
        tag, value, vocabulary = self.type_tag
        if value.guess is None or value.guess.offered:
            return ()
        meant = value.guess.value
        return (f"Saved '{tag}' as a tag. For the {vocabulary}, use --type {meant}.",)


DURATION_QUESTION = "How long? (e.g. 45m, 2h, all day)"


def hard_and_how_long(
    form: Form, activity: list[str] | None, duration: str | None
) -> tuple[Value[tuple[str, ...]], Value[int]]:
    """What weakness and fatigue share besides the severity."""
    return (
        form.add(choices("activity", "What was hard", activity)),
        form.add(Value(duration, DURATION_QUESTION, dates.parse_duration)),
    )


@log_app.command(
    "weakness",
    epilog="Example: msjournal log weakness 6 --where legs --activity dressing",
)
def log_weakness(
    ctx: typer.Context,
    severity_typed: SeverityArg = None,
    where: WhereOpt = None,
    activity: ActivityOpt = None,
    duration: DurationOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log muscle weakness (0-10) and where you feel it."""
    form = Form()
    value = form.add(severity(severity_typed, "weakness", "How weak, 0 (none) to 10 (worst)?"))
    regions = form.add(
        choices("region", "Where", where, missing("where the weakness is", "--where legs"))
    )
    activities, lasted = hard_and_how_long(form, activity, duration)
    shared = Shared(form, at, note, tag)
    form.fill()
    entry = Entry(
        kind="weakness",
        severity=value.get(),
        regions=regions.get(),
        activities=activities.value or (),
        duration_minutes=lasted.value,
        **shared.fields(),
    )
    save(ctx, entry, fmt)


@log_app.command("fatigue", epilog="Example: msjournal log fatigue 7 --type cognitive")
def log_fatigue(
    ctx: typer.Context,
    severity_typed: SeverityArg = None,
    kind: Annotated[
        str | None,
        choice("fatigue type", "--type", help="Physical, cognitive or both (the default)."),
    ] = None,
    activity: ActivityOpt = None,
    duration: DurationOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log fatigue (0-10): physical, cognitive or both. Kept apart from weakness."""
    form = Form()
    value = form.add(severity(severity_typed, "fatigue", "How tired, 0 (none) to 10 (worst)?"))
    fatigue_type = form.add(one_choice("fatigue type", "Which type", kind, enter="for both"))
    activities, lasted = hard_and_how_long(form, activity, duration)
    shared = Shared(form, at, note, tag)
    shared.type_in_tags(fatigue_type, "fatigue type")
    form.fill()
    entry = Entry(
        kind="fatigue",
        severity=value.get(),
        fatigue_type=fatigue_type.value or "both",
        activities=activities.value or (),
        duration_minutes=lasted.value,
        **shared.fields(),
    )
    save(ctx, entry, fmt, shared.warnings())


@log_app.command(
    "fall",
    epilog="Examples: msjournal log fall --place bathroom --cause slipped  |  "
    "msjournal log fall --near --doing turning",
)
def log_fall(
    ctx: typer.Context,
    near: Annotated[
        bool, typer.Option("--near", help="It was a near-fall: you caught yourself.")
    ] = False,
    place: PlaceOpt = None,
    doing: DoingOpt = None,
    cause: CauseOpt = None,
    injury: InjuryOpt = None,
    aid: AidOpt = None,
    got_up_alone: GotUpAloneOpt = False,
    needed_help: NeededHelpOpt = False,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log a fall, or a near-fall with --near.

    A fall: you came to rest on the ground, the floor or a lower level. At a
    terminal you are asked whether you were hurt, unless --injury is given.
    """
    getting_up = got_up(got_up_alone, needed_help)
    if near and injury is not None:
        raise InvalidInput("A near-fall has no injury: leave out --injury, or --near.")
    if near and getting_up is not None:
        raise InvalidInput("--got-up-alone and --needed-help are for falls, not near-falls.")
    entry = fall_entry(near, place, doing, cause, injury, aid, getting_up, at, note, tag)
    save(ctx, entry, fmt)


@log_app.command(
    "near-fall",
    epilog="Example: msjournal log near-fall --doing turning --place kitchen",
)
def log_near_fall(
    ctx: typer.Context,
    place: PlaceOpt = None,
    doing: DoingOpt = None,
    cause: CauseOpt = None,
    aid: AidOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log a near-fall (the same as log fall --near).

    A near-fall: you lost your balance and would have fallen, but caught yourself.
    """
    save(ctx, fall_entry(True, place, doing, cause, None, aid, None, at, note, tag), fmt)


def fall_entry(
    near: bool,
    place: str | None,
    doing: str | None,
    cause: list[str] | None,
    injury: str | None,
    aid: list[str] | None,
    getting_up: bool | None,
    at: str | None,
    note: str | None,
    tag: list[str] | None,
) -> Entry:
    """A fall's injury decides its Hopkins grade, so a terminal asks for it."""
    form = Form()
    where = form.add(one_choice("place", "Where", place))
    what = form.add(one_choice("doing", "Doing what", doing))
    causes = form.add(choices("cause", "What caused it", cause))
    hurt = form.add(
        Value(
            injury,
            INJURY_QUESTION,
            parse_one("injury"),
            "injury",
            enter="for none",
            always=not near,
        )
    )
    aids = form.add(choices("aid", "Walking aids", aid))
    shared = Shared(form, at, note, tag)
    form.fill()
    return Entry(
        kind="fall",
        near_fall=near,
        place=where.value,
        doing=what.value,
        causes=causes.value or (),
        injury=hurt.value or "none",
        aids=aids.value or (),
        got_up_alone=getting_up,
        **shared.fields(),
    )


def exercise_minutes(text: str) -> int:
    return dates.parse_minutes(text, *entries.MINUTES_RANGE)


@log_app.command(
    "exercise",
    epilog="Examples: msjournal log exercise 30 --type walking --effort 5  |  "
    "msjournal log exercise 1h15 --type aquatic",
)
def log_exercise(
    ctx: typer.Context,
    minutes: Annotated[
        str | None,
        typer.Argument(
            metavar="MINUTES",
            help="How long: 30, 45min, 1h or 1h15 (at most 600 minutes).",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None, choice("exercise type", "--type", help="The kind of exercise.")
    ] = None,
    effort: EffortOpt = None,
    with_therapist: Annotated[
        bool,
        typer.Option("--with-therapist", help="Supervised by a physical therapist."),
    ] = False,
    after: AfterOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log exercise: minutes, type, and how hard it felt."""
    form = Form()
    total = form.add(
        Value(
            minutes,
            "How many minutes? (e.g. 30, 1h)",
            exercise_minutes,
            missing=missing("minutes", "a number after 'exercise', e.g. 30"),
        )
    )
    exercise_type = form.add(
        one_choice(
            "exercise type",
            "What type",
            kind,
            missing=missing("the exercise type", "--type walking"),
        )
    )
    rating = number("effort", *entries.EFFORT_RANGE)
    given_effort = form.add(Value(effort, "Effort, 0 (rest) to 10 (maximal)?", rating))
    afterwards = number("after", *entries.AFTER_RANGE)
    given_after = form.add(Value(after, "Afterwards, 0 (fine) to 10 (worst)?", afterwards))
    shared = Shared(form, at, note, tag)
    shared.type_in_tags(exercise_type, "exercise type")
    form.fill()
    entry = Entry(
        kind="exercise",
        minutes=total.get(),
        exercise_type=exercise_type.get(),
        effort=given_effort.value,
        with_therapist=with_therapist,
        after=given_after.value,
        **shared.fields(),
    )
    save(ctx, entry, fmt, shared.warnings())


SymptomWhereOpt = Annotated[
    list[str] | None,
    choice("region", "--where", "-w", help="Where you feel it, if anywhere (one or more)."),
]


def rating_like(text: str) -> bool:
    """Whether a word is a severity (6, 6/10) rather than part of a symptom's name."""
    return text.strip().removesuffix("/10").strip().isdigit()


def is_symptom(text: str) -> bool:
    try:
        vocab.match("symptom", text)
    except InvalidInput:
        return False
    return True


def name_and_severity(words: list[str]) -> tuple[str | None, str | None]:
    """The symptom's name and its severity, as typed: the name may be several words
    and come after the number too (``brain fog 4``, ``4 pins and needles``)."""
    words = [word for typed in words for word in typed.split()]  # quoted or not
    ratings = [i for i, word in enumerate(words) if rating_like(word)]
    if len(ratings) > 1:
        raise InvalidInput(f"Give one severity, not {' and '.join(words[i] for i in ratings)}.")
    if ratings:
        i = ratings[0]
        return " ".join(words[:i] + words[i + 1 :]) or None, words[i]
    if len(words) > 1 and not is_symptom(" ".join(words)) and is_symptom(" ".join(words[:-1])):
        return " ".join(words[:-1]), words[-1]  # "pain six": a severity typed wrongly
    return " ".join(words) or None, None


@log_app.command(
    "symptom",
    epilog="Examples: msjournal log symptom vision 4 --where left-eye  |  "
    "msjournal log symptom pain 6 -d 2h",
)
def log_symptom(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME SEVERITY",
            help=f"The symptom ({', '.join(vocab.SYMPTOMS)}), then how bad it is: {SEVERITY_HELP}",
            show_default=False,
        ),
    ] = None,
    where: SymptomWhereOpt = None,
    duration: DurationOpt = None,
    at: AtOpt = None,
    note: NoteOpt = None,
    tag: TagOpt = None,
    fmt: LogFormatOpt = LogFormat.text,
) -> None:
    """Log another MS symptom (0-10), such as numbness, pain, vision or sleep.

    Weakness and fatigue have their own commands.
    """
    name_typed, severity_typed = name_and_severity(words or [])
    kind = None if name_typed is None else vocab.own_kind(name_typed)
    if kind is not None:  # never a symptom, at a terminal too: it has its own command
        raise InvalidInput(vocab.OWN_KIND_MESSAGES[kind])
    form = Form()
    name = form.add(
        one_choice(
            "symptom",
            "Which symptom",
            name_typed,
            missing=missing("the symptom", "a name after 'symptom', e.g. pain 6"),
        )
    )
    value = form.add(
        Value(
            severity_typed,
            "How bad, 0 (none) to 10 (worst)?",
            severity_rating,
            missing=missing("severity", "a number after the name, e.g. pain 6"),
        )
    )
    regions = form.add(choices("region", "Where", where))
    lasted = form.add(Value(duration, DURATION_QUESTION, dates.parse_duration))
    shared = Shared(form, at, note, tag)
    form.fill()
    entry = Entry(
        kind="symptom",
        symptom=name.get(),
        severity=value.get(),
        regions=regions.value or (),
        duration_minutes=lasted.value,
        **shared.fields(),
    )
    save(ctx, entry, fmt)


@log_app.command(
    "relapse",
    epilog="Examples: msjournal log relapse --at '3 days ago' --confirmed  |  "
    "msjournal log relapse --at 2026-03-02 --ended 2026-03-20 --steroids",
)
def log_relapse(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="ONSET", help="When it began; default now.", show_default=False
        ),
    ] = None,
    ended: Annotated[
        str | None,
        typer.Option(
            "--ended", metavar="WHEN", help="When it ended, if it has.", show_default=False
        ),
    ] = None,
    confirmed: Annotated[
        bool, typer.Option("--confirmed", help="A clinician confirmed it.")
    ] = False,
    steroids: Annotated[
        bool, typer.Option("--steroids", help="Treated with a steroid course.")
    ] = False,
    note: NoteOpt = None,
) -> None:
    """Log a relapse: new or worse symptoms for more than 24 hours.

    End it later with: msjournal relapse end
    """
    from msjournal import timeline

    moment = now()
    form = Form()
    onset = form.add(when(at, moment))
    end = form.add(Value(ended, "When did it end?", lambda text: dates.parse_when(text, moment)))
    note_text = read_note(note)
    form.fill()
    relapse = timeline.Relapse(
        onset=(onset.value or moment).replace(microsecond=0),
        ended=None if end.value is None else end.value.replace(microsecond=0),
        confirmed=confirmed,
        steroids=steroids,
        note=note_text,
    )
    timeline.validate_relapse(relapse)
    with open_journal_at(ctx, create=True) as journal:
        saved = journal.add_relapse(relapse, now())
    today = now().date()
    until = "" if saved.ended is None else f" to {dates.display(saved.ended, today)}"
    say(f"Saved relapse {saved.id}: from {dates.display(saved.onset, today)}{until}.")
