"""The report as Markdown, to paste into a message to the clinic."""

from __future__ import annotations

from msjournal.layout import Section, TableData, heading, sections
from msjournal.summary import Report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def _table(data: TableData) -> list[str]:
    align = ["---:" if i in data.right else "---" for i in range(len(data.headers))]
    lines = [
        "| " + " | ".join(_cell(h) for h in data.headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in data.rows]
    return lines


def _section(section: Section) -> list[str]:
    out = [f"## {section.title}", ""]
    for line in section.lines:
        out += [line, ""]
    for data in section.tables:
        out += [*_table(data), ""]
    for head, body in section.items:
        out += [f"- **{head}.** {body}"]
    if section.items:
        out.append("")
    for line in section.after:
        out += [line, ""]
    return out


def report_markdown(report: Report) -> str:
    title, lines = heading(report)
    out = [f"# {title}", ""]
    for line in lines:
        out += [line, ""]
    for section in sections(report):
        out += _section(section)
    return "\n".join(out).rstrip() + "\n"
