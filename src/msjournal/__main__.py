"""Allow ``python -m msjournal``."""

from msjournal.cli import main

if __name__ == "__main__":
    main()
