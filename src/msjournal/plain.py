"""Plain output, for screen readers and braille displays: ``--plain`` or MSJOURNAL_PLAIN=1.

In plain mode nothing is drawn: no table borders or lines, no trend lines of
block characters (they are described in words), no arrows or dots standing for
a word, and one fact per line. JSON and CSV are the same either way.

Standard library only, and cheap: any module may ask ``plain()``.
"""

from __future__ import annotations

import os

ENVIRONMENT = "MSJOURNAL_PLAIN"
YES = ("1", "true", "yes", "on")

_asked = False  # --plain was given on this run


def use(asked: bool) -> None:
    """What ``--plain`` says for this run (set at the start of every run)."""
    global _asked
    _asked = asked


def plain() -> bool:
    """Whether to write plain output: ``--plain``, or MSJOURNAL_PLAIN set to 1, true or yes."""
    return _asked or os.environ.get(ENVIRONMENT, "").strip().lower() in YES
