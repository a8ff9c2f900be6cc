"""Taking the data out and keeping it safe: export, import, backup, check."""

import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from msjournal import files
from msjournal.cli.common import app, day_range, many, now, open_journal_at, say, state
from msjournal.db import Journal, Query
from msjournal.errors import InvalidInput, JournalUnavailable
from msjournal.paths import make_private_dirs, resolve, user_path


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


class Table(StrEnum):
    """The record family a CSV export holds (CSV is one file per family)."""

    entries = "entries"
    scores = "scores"
    treatments = "treatments"
    relapses = "relapses"
    aids = "aids"
    appointments = "appointments"
    questions = "questions"
    checkins = "checkins"
    home_checks = "home_checks"


ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the file if it exists already.")]


@app.command(
    epilog="Examples: msjournal export --from '3 months ago' -o visit.csv  |  "
    "msjournal export --format json -o everything.json",
)
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="csv (the default) for a spreadsheet or your doctor; json keeps everything "
            "for import. With -o, the file's .csv or .json says which.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="From this day on.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Up to and including this day.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", metavar="KIND", help="Only these kinds (repeat or commas)."),
    ] = None,
    output_name: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file instead of the screen.",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    no_bom: Annotated[
        bool,
        typer.Option("--no-bom", help="CSV without the byte-order mark Excel needs for accents."),
    ] = False,
    table: Annotated[
        Table,
        typer.Option(
            "--table",
            case_sensitive=False,
            help="Which records a CSV holds: entries, scores (questionnaires), "
            "treatments, relapses, aids, appointments, questions or home_checks.",
        ),
    ] = Table.entries,
) -> None:
    """Export as CSV (for your doctor) or JSON.

    Records come oldest first; a file written with -o appears whole or not at all.
    JSON holds everything: entries, treatments, relapses, aids, scores,
    appointments, questions and home checks. With --from/--to, the treatments, relapses and aids
    that overlap the period, whole; the appointments on its days; the questions
    open at some time in it.
    """
    today = now().date()
    output = None if output_name is None else user_path(output_name, "The output file")
    fmt = export_format(fmt, output)
    first, last = day_range(start, end, today)
    query = Query(kinds=many("kind", kind), start=first, end=last, oldest_first=True)
    if fmt is ExportFormat.json and table is not Table.entries:
        raise InvalidInput("--table is for CSV: the JSON export holds every kind of record.")
    if table is not Table.entries and kind:
        raise InvalidInput(f"--kind chooses entries; a {table.value} CSV has none.")
    if output is not None:
        files.check_target(output, force)
    with _no_cycle_collection(), open_journal_at(ctx) as journal:
        if output is not None and _is_journal_file(output, journal.path):
            raise InvalidInput("That is the journal itself; give another file for the export.")
        if output is None:
            counts = _write(journal, query, fmt, table, sys.stdout, bom=not no_bom)
        else:
            with files.atomic_text(output, force) as out:
                counts = _write(journal, query, fmt, table, out, bom=not no_bom)
    count = sum(counts.values())
    if output is not None:
        say(f"Exported {_counted(counts)} to {output}.")
    elif count == 0:
        what = table.value
        header = "" if fmt is ExportFormat.json else "; only the header was written"
        say(f"No {what} match{header}.")
    elif sys.stdout.isatty():  # the screen is no place for a spreadsheet
        ext = "json" if fmt.value == "json" else "csv"
        say(f"To save it for your doctor: msjournal export -o visit.{ext}")


# Files named for a format export does not write: --format cannot make them right.
_OTHER_FORMATS = (".md", ".markdown", ".html", ".htm", ".pdf", ".xlsx", ".xls")


def export_format(given: ExportFormat | None, output: Path | None) -> ExportFormat:
    """The format: --format, or the output file's extension (.csv, .json). A file
    named for another format, or for the other one of the two, is refused."""
    if output is None:
        return given or ExportFormat.csv
    extension = output.suffix.lower()
    named = {".csv": ExportFormat.csv, ".json": ExportFormat.json}.get(extension)
    if extension in _OTHER_FORMATS or (given is None and named is None):
        if extension in (".md", ".markdown"):
            hint = f"For Markdown, use: msjournal report --format markdown > {output.name}"
        elif extension in _OTHER_FORMATS:
            hint = "Name the file .csv or .json."
        else:
            hint = "Name the file .csv or .json, or add --format csv."
        raise InvalidInput(f"export writes .csv or .json files; {output.name} is neither.", hint)
    if given is not None and named is not None and given is not named:
        raise InvalidInput(
            f"--format {given.value} does not match the file name {output.name}.",
            f"The formats are csv and json: leave out --format, or name the file .{given.value}.",
        )
    return given or named or ExportFormat.csv


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Bulk work makes many objects and no reference cycles: Python's cycle
    collector would only scan them again and again (about a tenth of an import)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _is_journal_file(path: Path, journal: Path) -> bool:
    """The journal or one of its -wal/-shm companions: never a place to write to."""
    resolved = path.resolve()
    live = journal.resolve()
    return resolved in (live, Path(f"{live}-wal"), Path(f"{live}-shm"))


def _write(
    journal: Journal, query: Query, fmt: ExportFormat, table: Table, out: TextIO, bom: bool
) -> dict[str, int]:
    """Write the export; how many records of each family it holds."""
    from msjournal.export import (
        BOM,
        RECORD_FAMILIES,
        TIMELINE_FAMILIES,
        VISIT_FAMILIES,
        write_csv,
        write_export_json,
        write_scores_csv,
        write_timeline_csv,
    )

    def timeline(name: str) -> list[dict[str, Any]]:
        # a period keeps the records that overlap it: a course running in it
        return journal.timeline_records(name[:-1], query.start, query.end)

    if fmt is ExportFormat.json:
        # --kind chooses entries: an export of falls holds no questionnaires or treatments
        others = not query.kinds
        # every family, entries and scores streamed from the journal as they are written
        return write_export_json(
            {
                "entries": journal.iter_records(query),
                **{name: timeline(name) if others else [] for name in TIMELINE_FAMILIES},
                "scores": journal.iter_score_records(query.start, query.end) if others else (),
                **{name: timeline(name) if others else [] for name in VISIT_FAMILIES},
                "checkins": journal.checkin_records(query.start, query.end) if others else [],
                "home_checks": timeline("home_checks") if others else [],
            },
            out,
        )
    if bom:
        out.write(BOM)
    if table is Table.scores:
        found = journal.scores(None, query.start, query.end)[::-1]  # oldest first
        return {"scores": write_scores_csv(found, out)}
    if table is Table.checkins:
        days = journal.checkin_records(query.start, query.end)
        return {"checkins": write_timeline_csv("checkins", days, out)}
    if table.value in RECORD_FAMILIES:
        return {table.value: write_timeline_csv(table.value, timeline(table.value), out)}
    return {"entries": write_csv(journal.iter_records(query), out)}


NOUNS = {
    "entries": ("entry", "entries"),
    "scores": ("score", "scores"),
    "treatments": ("treatment", "treatments"),
    "relapses": ("relapse", "relapses"),
    "aids": ("aid", "aids"),
    "appointments": ("appointment", "appointments"),
    "questions": ("question", "questions"),
    "checkins": ("check-in", "check-ins"),
    "home_checks": ("home check", "home checks"),
}


def _counted(counts: dict[str, int]) -> str:
    """'3 entries', '3 entries and 1 score', '2 scores', '3 entries, 1 score and 2
    treatments': the families with records, or the first one when none has any
    ('0 entries')."""
    shown = {name: count for name, count in counts.items() if count}
    if not shown:
        shown = dict(list(counts.items())[:1])
    parts = [f"{count} {NOUNS[name][count != 1]}" for name, count in shown.items()]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@app.command(
    "import",
    epilog="Examples: msjournal import everything.json  |  msjournal import visit.csv",
)
def import_(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="FILE", help="A JSON or CSV export; '-' reads input.")
    ],
) -> None:
    """Add the records of an export: entries, scores, treatments, relapses, aids,
    appointments, questions, check-ins and home checks.

    Those already in the journal are skipped.
    """
    from msjournal.export import (
        RECORD_FAMILIES,
        entries_from_records,
        read_export,
        scores_from_records,
        timeline_from_records,
    )

    text = _read_text(source)
    with _no_cycle_collection():
        fmt, records = read_export(text)
        # every record of every family is checked before anything is written
        found = entries_from_records(records["entries"], now())
        scores = scores_from_records(records["scores"], now())
        timeline: dict[str, Sequence[Any]] = {
            name: timeline_from_records(name, records[name], now())
            for name in (*RECORD_FAMILIES, "checkins")
        }
        with open_journal_at(ctx, create=True) as journal:
            named = "standard input" if source == "-" else Path(source).name
            counts = journal.import_records(found, scores, now(), source=named, timeline=timeline)
    # the families the file holds (entries first), or entries when it holds none
    order = [name for name in NOUNS if records[name]] or ["entries"]
    added = {name: counts[name][0] for name in order}
    skipped = sum(pair[1] for pair in counts.values())
    undo = " (msjournal undo takes them out again)" if sum(added.values()) else ""
    say(
        f"Imported {_counted(added)} from {fmt.upper()}; "
        f"skipped {skipped} already in the journal.{undo}"
    )


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = user_path(source, "The file to import")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder; give an export file.") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a text file msjournal exported.") from None
    except OSError as exc:
        raise JournalUnavailable(f"msjournal cannot read {path}: {exc.strerror}.") from None


@app.command(epilog="Examples: msjournal backup  |  msjournal backup /media/usb/journal-copy.db")
def backup(
    ctx: typer.Context,
    dest_name: Annotated[
        str | None,
        typer.Argument(
            metavar="[DEST]",
            help="A file or folder; default: a dated file in 'backups' beside the journal.",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Make a safe copy of the journal.

    The copy is consistent even while another msjournal is writing.
    """
    where = resolve(state(ctx).db)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    name = f"{where.path.stem}-{stamp}.db"
    if dest_name is None:
        folder = where.path.parent / "backups"
        target = folder / name
    else:
        dest = user_path(dest_name, "The backup destination")
        target = dest / name if dest.is_dir() else dest
        folder = target.parent
    with open_journal_at(ctx) as journal:
        if dest_name is None:
            make_private_dirs(folder)
        files.check_target(target, force)
        if _is_journal_file(target, journal.path):
            raise InvalidInput("That is the journal itself; give another file for the backup.")
        with files.private_temp(folder, f".{target.name}.", ".part") as temp:
            total = journal.backup_to(temp)  # counted in the copy itself
            files.move_into_place(temp, target, force)
    say(f"Backed up {total} {'entry' if total == 1 else 'entries'} to {target}")


@app.command(epilog="Example: msjournal check")
def check(ctx: typer.Context) -> None:
    """Check that the journal file is healthy.

    Runs SQLite's integrity and foreign-key checks, and checks the tables.
    """
    with open_journal_at(ctx) as journal:
        problems = journal.health()
        total = journal.count()
        version = journal.schema_version()
    if problems:
        say(f"The journal at {journal.path} has problems:")
        for problem in problems[:10]:
            say(f"  - {problem}")
        say("Restore it from a backup if you have one (msjournal backup makes them).")
        raise typer.Exit(1)
    typer.echo(
        f"The journal at {journal.path} is healthy: {total} "
        f"{'entry' if total == 1 else 'entries'}, schema version {version}."
    )
