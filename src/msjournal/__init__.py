"""msjournal: a private, local health journal for people living with MS."""

__version__ = "0.1.0"
