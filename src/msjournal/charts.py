"""The doctor-visit summary's charts, drawn as inline SVG (no charting library).

Pure: standard library only. A chart holds numbers, dates and fixed words (and a
treatment's name in its bar's title and description); every text and attribute
goes through ``esc``, so what a person typed is shown as text. Each
chart is an image to assistive technology (``role="img"`` with a ``<title>`` and a
``<desc>``), reads in black and white (line styles and markers, never colour
alone), and is drawn at its printed size: its text is never scaled below 10 pt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

FONT = 14  # px: 10.5 pt, at the chart's own size (the page never scales it)
SMALL = 13.5  # px: 10.1 pt, for axis numbers
INK = "#000"
GREY = "#595959"  # 7:1 against white


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _svg(ident: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{esc(ident)}-t {esc(ident)}-d" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="sans-serif" font-size="{FONT}">',
            f'<title id="{esc(ident)}-t">{esc(title)}</title>',
            f'<desc id="{esc(ident)}-d">{esc(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _text(x: float, y: float, text: str, anchor: str = "start", size: float = FONT) -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
        f'font-size="{_num(size)}" fill="{INK}">{esc(text)}</text>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, style: str = "") -> str:
    return (
        f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
        f'stroke="{INK}" {style}/>'
    )


def _every(count: int, room: int) -> int:
    """Label every n-th of ``count`` points so that at most ``room`` labels show."""
    return max(1, -(-count // max(room, 1)))


# --- weekly averages against the period before ------------------------------------------

WIDTH = 224
HEIGHT = 108
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 10, 24  # room for the axis numbers and week labels


def weekly_line(
    ident: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    reference: float | None,
    top: float = 10,
) -> str:
    """Weekly averages (0-top) as a line with square markers; a week with no rating
    is a gap. ``reference``, the average of the period before, is a dashed line."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(len(values), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / count)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - min(max(value, 0), top) / top)

    body = [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
        f'stroke="{GREY}" stroke-width="1"/>'
    ]
    for tick in (0, top / 2, top):
        body.append(_text(LEFT - 4, y(tick) + 5, _num(tick), "end", SMALL))
        if 0 < tick < top:
            body.append(
                _line(
                    LEFT,
                    y(tick),
                    LEFT + plot_w,
                    y(tick),
                    f'stroke="{GREY}" stroke-width="0.5" stroke-dasharray="1 3"',
                )
            )
    step = _every(len(labels), 3)
    for i, label in enumerate(labels):
        if i % step == 0:
            body.append(_text(x(i), HEIGHT - 8, label, "middle", SMALL))
    if reference is not None:
        body.append(
            _line(
                LEFT,
                y(reference),
                LEFT + plot_w,
                y(reference),
                'stroke-width="1.5" stroke-dasharray="6 4"',
            )
        )
    # the line, broken where a week has no rating
    run: list[str] = []
    runs: list[list[str]] = [run]
    for i, value in enumerate(values):
        if value is None:
            run = []
            runs.append(run)
            continue
        run.append(f"{_num(x(i))},{_num(y(value))}")
    for points in runs:
        if len(points) > 1:
            body.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{INK}" '
                'stroke-width="2"/>'
            )
    for i, value in enumerate(values):
        if value is not None:
            body.append(
                f'<rect x="{_num(x(i) - 3.5)}" y="{_num(y(value) - 3.5)}" width="7" '
                f'height="7" fill="{INK}"/>'
            )
    return _svg(ident, WIDTH, HEIGHT, title, desc, body)


# --- exercise minutes against the weekly guideline --------------------------------------


def weekly_bars(
    ident: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    minutes: Sequence[int | None],
    targets: Sequence[int],
) -> str:
    """Exercise minutes a week as hatched bars (None: a week with nothing logged, no
    bar); each week's guideline as a dashed line across its bar (in proportion for a
    shorter last week)."""
    plot_w = WIDTH - LEFT - RIGHT - 8
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(len(minutes), 1)
    top = max([*(m for m in minutes if m), *targets, 1])
    top = -(-top // 50) * 50  # a round top: 150, 200, 250 ...

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    slot = plot_w / count
    left = LEFT + 8
    body = [
        '<defs><pattern id="' + esc(ident) + '-hatch" width="5" height="5" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{INK}" stroke-width="2"/></pattern></defs>',
        _line(left, TOP + plot_h, left + plot_w, TOP + plot_h, 'stroke-width="1"'),
        _text(left - 4, y(0) + 5, "0", "end", SMALL),
        _text(left - 4, y(top) + 5, str(top), "end", SMALL),
    ]
    step = _every(len(labels), 3)
    for i, value in enumerate(minutes):
        x = left + slot * i
        width = max(slot * 0.7, 2)
        if value:
            body.append(
                f'<rect x="{_num(x + slot * 0.15)}" y="{_num(y(value))}" width="{_num(width)}" '
                f'height="{_num(y(0) - y(value))}" fill="url(#{esc(ident)}-hatch)" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
        target = targets[i] if i < len(targets) else 0
        body.append(
            _line(x, y(target), x + slot, y(target), 'stroke-width="2" stroke-dasharray="4 3"')
        )
        if i % step == 0:
            body.append(_text(x + slot / 2, HEIGHT - 8, labels[i], "middle", SMALL))
    return _svg(ident, WIDTH, HEIGHT, title, desc, body)


# --- four weeks of falls --------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: date
    logged: bool
    falls: int
    near_falls: int


CELL = 34
CAL_TOP = 20


def falls_calendar(ident: str, title: str, desc: str, days: Sequence[CalendarDay]) -> str:
    """Four rows of seven days, oldest first: the day of the month; a filled circle
    for each fall, an open circle for each near-fall; a day with nothing logged is
    hatched (unknown, not a day without falls)."""
    weekdays = [f"{d.day:%a}"[:2] for d in days[:7]]
    rows = -(-len(days) // 7)
    width = CELL * 7 + 2
    height = CAL_TOP + CELL * rows + 2
    body = [
        '<defs><pattern id="' + esc(ident) + '-unlogged" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{GREY}" stroke-width="1"/></pattern></defs>'
    ]
    for i, name in enumerate(weekdays):
        body.append(_text(1 + CELL * i + CELL / 2, CAL_TOP - 6, name, "middle", SMALL))
    for i, cell in enumerate(days):
        x = 1 + CELL * (i % 7)
        y = CAL_TOP + 1 + CELL * (i // 7)
        fill = "#fff" if cell.logged else f"url(#{esc(ident)}-unlogged)"
        body.append(
            f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        body.append(_text(x + 3, y + 14, str(cell.day.day), "start", SMALL))
        marks = ["fall"] * cell.falls + ["near"] * cell.near_falls
        for j, mark in enumerate(marks[:6]):
            cx = x + 7 + 10 * (j % 3)
            cy = y + 22 + 8 * (j // 3) - (0 if len(marks) > 3 else -3)
            body.append(
                f'<circle cx="{cx}" cy="{cy}" r="4" stroke="{INK}" stroke-width="1.5" '
                f'fill="{INK if mark == "fall" else "#fff"}"/>'
            )
        if len(marks) > 6:
            body.append(_text(x + CELL - 3, y + 14, "+", "end", SMALL))
    return _svg(ident, width, height, title, desc, body)


# --- how long a treatment or aid ran in the period ---------------------------------------


def span_bar(ident: str, title: str, desc: str, first: float, last: float) -> str:
    """A thin bar for the part of the period (0 to 1) a record ran through; ``desc``
    says it in words (its start and end within the period)."""
    width, height = 120, 12
    start = max(0.0, min(first, 1.0)) * width
    end = max(start + 2, max(0.0, min(last, 1.0)) * width)
    body = [
        f'<rect x="0.5" y="3.5" width="{width - 1}" height="{height - 7}" fill="#fff" '
        f'stroke="{GREY}" stroke-width="1"/>',
        f'<rect x="{_num(start)}" y="2" width="{_num(end - start)}" height="{height - 4}" '
        f'fill="{INK}"/>',
    ]
    return _svg(ident, width, height, title, desc, body)
