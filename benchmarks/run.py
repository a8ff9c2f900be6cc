"""Time the installed msjournal as a person runs it, against the speed budget.

    python benchmarks/run.py                       # everything, 10 timed runs each
    python benchmarks/run.py --json results.json   # also write the numbers
    python benchmarks/run.py --jrnl /path/to/jrnl  # the reference, if not on PATH

Each command runs as a fresh process (a cold start, as from a shell), once to warm
up and then --runs times. Commands that are compared run in turn within each round
(A, B, A, B, ...), so a busy moment of the machine hits both alike. The budget is
performance.md's: ratios to jrnl adding an entry, timed in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

JRNL_CONFIG = """\
colors: {body: none, date: none, tags: none, title: none}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: %s
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%%Y-%%m-%%d %%H:%%M'
version: v4.6
"""


# The generator's journal ends on 1 Nov 2026: the visit summary of its last 90 days.
LAST_90_DAYS = ("--from", "2026-08-04", "--to", "2026-11-01")


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None  # run before each timing, untimed
    times: list[float] = field(default_factory=list)
    peak_kib: int = 0

    def run(self) -> float:
        if self.before:
            self.before()
        # as installed for a person: bytecode cached (the warm-up run writes it)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(NO_COLOR="1", **self.env)
        start = time.perf_counter()
        child = subprocess.Popen(
            self.argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode() if child.stderr else ""
        if child.returncode != 0:
            raise SystemExit(f"{self.name} failed ({child.returncode}): {errors}")
        # ru_maxrss of the child: its own peak (the harness itself stays small)
        self.peak_kib = max(self.peak_kib, usage.ru_maxrss)
        return elapsed

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def measure(cases: list[Case], runs: int) -> None:
    """Warm up each case once, then time them in turn, round after round."""
    for case in cases:
        case.run()
    for _ in range(runs):
        for case in cases:
            case.times.append(case.run())


def find_msjournal() -> str:
    beside = Path(sys.executable).parent / "msjournal"
    found = shutil.which("msjournal") or (str(beside) if beside.exists() else None)
    if not found:
        raise SystemExit("msjournal is not installed in this environment (pip install .)")
    return found


def journals(work: Path) -> dict[str, Path]:
    """The synthetic journals, made once per work folder."""
    wanted = {
        "1m": ["--years", "0.083"],
        "10y": [],
        "10k": ["--entries", "10000"],
        "100k": ["--entries", "100000"],
    }
    paths = {}
    for name, args in wanted.items():
        path = work / f"{name}.db"
        if not path.exists():  # in a child, so this process stays small
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), "--db", str(path), *args],
                check=True,
            )
        paths[name] = path
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (10)")
    parser.add_argument("--work", type=Path, help="keep the synthetic journals here")
    parser.add_argument("--jrnl", help="the jrnl command to compare with")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument(
        "--quick", action="store_true", help="only the everyday commands (no 100,000-entry runs)"
    )
    args = parser.parse_args(argv)
    if args.runs < 10:
        parser.error("at least 10 timed runs per command")
    work = args.work or Path(tempfile.mkdtemp(prefix="msjournal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    msj = find_msjournal()
    dbs = journals(work)
    scratch = work / "scratch"
    scratch.mkdir(exist_ok=True)

    def fresh(path: Path) -> Callable[[], None]:
        def remove() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return remove

    def copied(source: Path, path: Path) -> Callable[[], None]:
        def copy() -> None:  # a fresh copy each time: undo changes the journal
            fresh(path)()
            shutil.copy(source, path)

        return copy

    log_db = scratch / "log.db"
    shutil.copy(dbs["1m"], log_db)
    exports = {}
    for size in ("10k", "100k"):
        exports[size] = scratch / f"{size}.json"
        if not exports[size].exists():
            subprocess.run(
                [
                    msj,
                    "--db",
                    str(dbs[size]),
                    "export",
                    "--format",
                    "json",
                    "-o",
                    str(exports[size]),
                ],
                check=True,
                stderr=subprocess.DEVNULL,
            )

    def on(db: Path, *rest: str) -> list[str]:
        return [msj, "--db", str(db), *rest]

    quick: list[Case] = []
    jrnl = args.jrnl or shutil.which("jrnl")
    if jrnl:
        config = scratch / "jrnl-config"
        (config / "jrnl").mkdir(parents=True, exist_ok=True)
        (config / "jrnl" / "jrnl.yaml").write_text(JRNL_CONFIG % (scratch / "jrnl.txt"))
        quick.append(
            Case(
                "jrnl: add an entry (reference)",
                [jrnl, "Legs weak today @weakness"],
                env={"XDG_CONFIG_HOME": str(config)},
            )
        )
    quick += [
        Case("log weakness 5 --where legs", on(log_db, "log", "weakness", "5", "--where", "legs")),
        Case(
            "log fatigue 3 --at 'yesterday evening'",
            on(log_db, "log", "fatigue", "3", "--at", "yesterday evening"),
        ),
        Case(
            "today, one line (10 years)",
            on(
                scratch / "today.db",
                "today",
                *("--weakness", "4", "--where", "legs", "--fatigue", "5"),
                *("--falls", "0", "--exercise", "20 walk"),
            ),
            before=copied(dbs["10y"], scratch / "today.db"),
        ),
        Case("--help", [msj, "--help"]),
        Case("log --help", [msj, "log", "--help"]),
        Case("report --week (1 month)", on(dbs["1m"], "report", "--week")),
        Case("report --week (10 years)", on(dbs["10y"], "report", "--week")),
        Case("report --month (1 month)", on(dbs["1m"], "report", "--month")),
        Case("report --month (10 years)", on(dbs["10y"], "report", "--month")),
        Case("insights (10 years, 6 months)", on(dbs["10y"], "insights")),
        Case(
            "visit -o visit.html (10 years, 90 days)",
            on(dbs["10y"], "visit", *LAST_90_DAYS, "--force", "-o", str(scratch / "visit.html")),
        ),
        Case("list -n 20 (10 years)", on(dbs["10y"], "list", "-n", "20")),
        Case(
            "undo --yes (10 years)",
            on(scratch / "undo.db", "undo", "--yes"),
            before=copied(dbs["10y"], scratch / "undo.db"),
        ),
        Case("history -n 20 (10 years)", on(dbs["10y"], "history", "-n", "20")),
    ]
    heavy = [
        Case("export --format csv (10,000)", on(dbs["10k"], "export", "--format", "csv")),
        Case("export --format csv (100,000)", on(dbs["100k"], "export", "--format", "csv")),
        Case(
            "import (10,000)",
            on(scratch / "in-10k.db", "import", str(exports["10k"])),
            before=fresh(scratch / "in-10k.db"),
        ),
        Case(
            "import (100,000)",
            on(scratch / "in-100k.db", "import", str(exports["100k"])),
            before=fresh(scratch / "in-100k.db"),
        ),
    ]
    if args.quick:
        heavy = []
    measure(quick, args.runs)
    measure(heavy, args.runs)
    report(quick + heavy, bool(jrnl), args.json)
    return 0


def report(cases: list[Case], has_reference: bool, out: Path | None) -> None:
    by_name = {c.name: c for c in cases}
    reference = by_name.get("jrnl: add an entry (reference)")
    print(f"{'command':34} {'median':>9} {'min-max':>17} {'x jrnl':>7} {'peak':>8}")
    for case in cases:
        ratio = f"{case.median / reference.median:.2f}" if reference else "-"
        spread = f"{min(case.times) * 1000:.0f}-{max(case.times) * 1000:.0f} ms"
        print(
            f"{case.name:34} {case.median * 1000:>6.0f} ms {spread:>17} {ratio:>7} "
            f"{case.peak_kib / 1024:>5.0f} MiB"
        )
    checks = budget(by_name)
    print()
    for line, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {line}")
    if not has_reference:
        print("(jrnl is not installed: the ratios to it were not measured)")
    if out:
        out.write_text(
            json.dumps(
                {
                    "cases": [
                        {
                            "name": c.name,
                            "median_s": c.median,
                            "min_s": min(c.times),
                            "max_s": max(c.times),
                            "runs": len(c.times),
                            "peak_mib": c.peak_kib / 1024,
                            "ratio_to_jrnl": c.median / reference.median if reference else None,
                        }
                        for c in cases
                    ],
                    "budget": [{"check": line, "pass": ok} for line, ok in checks],
                },
                indent=2,
            )
            + "\n"
        )


def budget(by_name: dict[str, Case]) -> list[tuple[str, bool]]:
    checks: list[tuple[str, bool]] = []
    ref = by_name.get("jrnl: add an entry (reference)")

    def ratio(name: str, limit: float) -> None:
        if ref:
            value = by_name[name].median / ref.median
            checks.append((f"{name}: {value:.2f} x jrnl (at most {limit})", value <= limit))

    ratio("log weakness 5 --where legs", 0.55)
    ratio("log fatigue 3 --at 'yesterday evening'", 0.6)
    ratio("today, one line (10 years)", 0.7)
    ratio("--help", 0.8)
    ratio("log --help", 0.8)
    ratio("report --week (10 years)", 0.9)
    ratio("visit -o visit.html (10 years, 90 days)", 2.0)
    ratio("insights (10 years, 6 months)", 1.5)
    ratio("undo --yes (10 years)", 0.7)
    ratio("history -n 20 (10 years)", 0.7)
    growth = by_name["report --week (10 years)"].median / by_name["report --week (1 month)"].median
    checks.append(
        (f"report --week, 10 years vs 1 month: {growth:.2f} x (at most 1.3)", growth <= 1.3)
    )
    if "import (100,000)" not in by_name:
        return checks
    export = by_name["export --format csv (100,000)"]
    checks.append((f"export of 100,000: {export.median:.2f} s (under 2 s)", export.median < 2))
    checks.append(
        (
            f"export of 100,000: {export.peak_kib / 1024:.0f} MiB peak (under 80 MiB)",
            export.peak_kib / 1024 < 80,
        )
    )
    imported = by_name["import (100,000)"]
    checks.append((f"import of 100,000: {imported.median:.2f} s (under 5 s)", imported.median < 5))
    for kind in ("export --format csv", "import"):
        small = by_name[f"{kind} (10,000)"].median
        large = by_name[f"{kind} (100,000)"].median
        checks.append(
            (
                f"{kind}: 100,000 vs 10,000 entries {large / small:.1f} x (within 12)",
                large / small <= 12,
            )
        )
    return checks


if __name__ == "__main__":
    raise SystemExit(main())
