"""Errors a person can act on.

Every error msjournal raises on purpose is an ``MsJournalError``: its text is one
or two plain sentences for the person at the keyboard, and its ``exit_code`` says
whether they typed something wrong (2) or something around them needs fixing (1).
The command-line layer is the only place that turns these into output.
"""

from __future__ import annotations


class MsJournalError(Exception):
    """Base class: a problem the person can fix. Exit status 1."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class InvalidInput(MsJournalError):
    """Something typed on the command line is not valid. Exit status 2.

    ``suggestion`` is the one value msjournal thinks was meant (a did-you-mean),
    which a terminal may offer with a one-key answer; ``None`` when there is none.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None, suggestion: str | None = None):
        super().__init__(message, hint)
        self.suggestion = suggestion


class MissingValue(InvalidInput):
    """A required value was not given and could not be asked for."""


class NoJournal(MsJournalError):
    """A read command was pointed at a journal that does not exist yet."""


class NotAJournal(MsJournalError):
    """The file exists but is not an msjournal journal; it is left alone."""


class NewerJournal(MsJournalError):
    """The journal was written by a newer msjournal."""


class JournalBusy(MsJournalError):
    """Another program held the journal for too long."""


class JournalUnavailable(MsJournalError):
    """The journal cannot be opened or written (permissions, disk, folder)."""


class UnknownEntry(MsJournalError):
    """One or more entry ids do not exist."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        if len(ids) == 1:
            message = f"There is no entry with id {ids[0]}."
        else:
            listed = ", ".join(str(i) for i in ids)
            message = f"There are no entries with ids {listed}."
        super().__init__(message, "See the ids with: msjournal list")
