"""The report as Markdown, to paste into a message to the clinic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msjournal.entries import inert
from msjournal.layout import Section, TableData, heading, sections
from msjournal.summary import Report

if TYPE_CHECKING:
    from msjournal.insights import Insights


# What Markdown (CommonMark and GitHub's) would read as markup inside a line: links,
# images, HTML tags and entities, emphasis, code, table pipes, strikethrough, headings.
_MARKUP = r"([\\`*_\[\]<>&|~!#])"


def escape(text: str) -> str:
    """Text as inert Markdown: one line, each markup character backslash-escaped, so a
    note holding a link, an HTML tag or a pipe shows as those characters."""
    import re

    return re.sub(_MARKUP, r"\\\1", " ".join(inert(text).split()))


def _cell(text: str) -> str:
    return escape(text) or " "


def _table(data: TableData) -> list[str]:
    align = ["---:" if i in data.right else "---" for i in range(len(data.headers))]
    lines = [
        "| " + " | ".join(_cell(h) for h in data.headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in data.rows]
    return lines


def _fact(head: str, value: str) -> str:
    return f"{_cell(head)}: {_cell(value)}" if head else _cell(value)


def _records(data: TableData) -> list[str]:
    """A table for plain output: each row led by its first value, then a list of the
    others, one a line ('Day: Mon 30 Nov', '- Weakness: 6'); nothing indented."""
    lines: list[str] = []
    for row in data.rows:
        if lines:
            lines.append("")
        pairs = zip(data.headers[1:], row[1:], strict=True)
        facts = [f"- {_fact(head, value)}" for head, value in pairs if value]
        lines += [_fact(data.headers[0], row[0]), "", *(facts or ["- Nothing logged"])]
    return lines


def _section(section: Section, plain: bool = False) -> list[str]:
    out = [f"## {section.title}", ""]
    for line in section.lines:
        out += [escape(line), ""]
    for data in section.tables:
        out += [*(_records(data) if plain else _table(data)), ""]
    for head, body in section.items:
        out += [f"- **{escape(head)}.** {escape(body)}"]
    if section.items:
        out.append("")
    for line in section.after:
        out += [escape(line), ""]
    return out


def report_markdown(report: Report, plain: bool = False) -> str:
    """The report; ``plain`` for screen readers: lists instead of tables, trend lines
    in words. Entries are named by their date and time, and the notes of flagged
    entries come last; everything typed is inert text."""
    title, lines = heading(report)
    out = [f"# {title}", ""]
    for line in lines:
        out += [escape(line), ""]
    for section in sections(report, plain, by_time=True):
        out += _section(section, plain)
    return "\n".join(out).rstrip() + "\n"


def insights_markdown(found: Insights, plain: bool = False, every: bool = False) -> str:
    """What went with worse days: the heading and the caution, a table of the
    comparisons (``plain``: a list), then what was left out."""
    from msjournal import insights

    title, lines = insights.heading(found)
    out = [f"# {title}", ""]
    for line in [*lines, *insights.cautions(found)]:
        out += [line, ""]
    shown = insights.rows(found, every)
    if shown:
        data = TableData(insights.HEADERS, shown)
        out += [*(_records(data) if plain else _table(data)), ""]
    for line in insights.closing(found, every):
        out += [line, ""]
    return "\n".join(out).rstrip() + "\n"
