"""The doctor-visit summary as a reader gets it: printed by headless Chromium.

Debian's Chromium (never a browser downloaded at run time), driven by the PyPI
playwright package with ``executable_path``; axe-core comes inside the
axe-playwright-python package. Three months of a typical journal (made by the
benchmark generator) print on at most two A4 pages and two Letter pages; the page
asks the network for nothing; axe finds nothing serious; headings come in order;
no text is under 10 pt in print; very long words stay within the page.

Skipped, with the reason, where Chromium or these packages are missing (.ci/run
installs Chromium with apt-get when it can).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# This machine's closed network needs these; none of them changes what is printed.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The generator's journal ends on 1 Nov 2026: its last 13 weeks.
THREE_MONTHS = ["--from", "2026-08-03", "--to", "2026-11-01"]
HOSTILE = (
    "<script>alert(1)</script> <img src=http://127.0.0.1:9/x.png onerror=alert(2)> "
    "[go](javascript:alert(3)) </style><b>b</b> "
)
LONG = "W" * 300
A4_PRINTABLE_PX = 710  # 210 mm less the page margins, at 96 px an inch
TEN_POINTS_PX = 10 * 96 / 72


def msjournal(db: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "msjournal", "--db", str(db), *args],
        check=True,
        capture_output=True,
        timeout=120,
    )


def generated(folder: Path) -> Path:
    """Two years of the benchmark generator's typical journal (so treatments,
    relapses and aids are there too)."""
    db = folder / "journal.db"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--db", str(db), "--years", "2"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return db


@pytest.fixture(scope="module")
def typical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page for three months of the benchmark generator's typical journal."""
    folder = tmp_path_factory.mktemp("typical")
    db = generated(folder)
    page = folder / "visit.html"
    msjournal(db, "visit", *THREE_MONTHS, "-o", str(page))
    return page


FALL = ("log", "fall", "--place")
# A denser three months on top of the generator's: 7 more falls with causes (one
# needing a doctor), a relapse with a note, a treatment's side effect, two days of
# very high weakness (rule 6), weakness in a new place (rule 5), a new symptom (rule
# 7), notes (one of two lines) and more questions.
DENSER = [
    (*FALL, "bathroom", "--doing", "turning", "--cause", "lost-balance", "--injury", "minor",
     "--aid", "none", "--got-up-alone", "--at", "2026-08-12 07:40",
     "-n", "Turned too fast at the basin.\nBruised my hip."),
    (*FALL, "stairs", "--cause", "leg-gave-way", "--cause", "fatigue", "--injury", "medical",
     "--aid", "cane", "--needed-help", "--at", "2026-08-26 18:10",
     "-n", "Left leg gave way on the third step; the GP checked my wrist."),
    (*FALL, "outdoors", "--cause", "foot-drop", "--cause", "tripped", "--injury", "minor",
     "--aid", "ankle-brace", "--got-up-alone", "--at", "2026-09-09 11:00"),
    (*FALL, "kitchen", "--cause", "lost-balance", "--injury", "none", "--got-up-alone",
     "--at", "2026-09-23 19:30", "-n", "Reaching for the top shelf"),
    (*FALL, "bedroom", "--cause", "dizzy", "--cause", "heat", "--injury", "minor",
     "--aid", "walker", "--needed-help", "--at", "2026-10-07 06:50"),
    (*FALL, "hallway", "--cause", "leg-gave-way", "--injury", "none", "--aid", "cane",
     "--got-up-alone", "--at", "2026-10-15 21:15", "-n", "Tired after a long day"),
    (*FALL, "living-room", "--cause", "unknown", "--injury", "minor", "--aid", "none",
     "--got-up-alone", "--at", "2026-10-27 16:00"),
    ("log", "relapse", "--at", "2026-10-03 09:00", "--ended", "2026-10-19 18:00", "--confirmed",
     "--steroids", "-n", "Left leg numb and heavy for two weeks; three days of steroids."),
    ("treatment", "note", "ocrelizumab", "Drowsy after lunch dose", "--at", "2026-09-15 14:00"),
    ("log", "weakness", "10", "-w", "legs", "--at", "2026-10-04 15:00",
     "-n", "Could hardly lift the left leg"),
    ("log", "weakness", "10", "-w", "legs", "--at", "2026-10-05 15:00"),
    ("log", "weakness", "6", "-w", "speech", "--at", "2026-10-06 12:00",
     "-n", "Words slurred in the evening"),
    ("log", "symptom", "swallowing", "5", "--at", "2026-10-08 12:00",
     "-n", "Coughing when drinking"),
    ("appointment", "add", "--with", "mri", "--at", "2026-10-20 08:30"),
    ("appointment", "add", "--with", "physio", "--at", "2026-10-27 14:00",
     "-n", "Gait assessment, AFO discussed"),
    ("question", "add", "Is the new numbness a relapse, and should I have an MRI?", "-p", "1"),
    ("question", "add", "Could the baclofen dose go up in the evening?", "-p", "2"),
    ("question", "add", "Physiotherapy referral for balance?", "-p", "2"),
]  # fmt: skip


@pytest.fixture(scope="module")
def denser(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page for a denser three months: more falls, a relapse, notes and flags."""
    folder = tmp_path_factory.mktemp("denser")
    db = generated(folder)
    for args in DENSER:
        msjournal(db, *args)
    page = folder / "visit.html"
    msjournal(db, "visit", *THREE_MONTHS, "-o", str(page))
    return page


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page of what a person might type: markup, links and very long words."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "journal.db"
    for days in range(1, 15):
        msjournal(db, "log", "weakness", "4", "-w", "legs", "--at", f"{days} days ago")
    msjournal(db, "log", "fall", "--place", "kitchen", "--injury", "none", "-n", HOSTILE + LONG)
    msjournal(db, "log", "fatigue", "5", "-t", "W" * 40, "-n", LONG)
    msjournal(
        db, "treatment", "start", HOSTILE[:40] + "T" * 59, "--class", "other", "--at", "20 days ago"
    )
    msjournal(db, "question", "add", HOSTILE + LONG, "--priority", "1")
    page = folder / "visit.html"
    msjournal(db, "visit", "-o", str(page))
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True
        )
        yield context
        context.close()


def opened(browser: Any, path: Path, width: int = 1000) -> Any:
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 1200})
    page.goto(path.as_uri(), wait_until="load")
    return page


def pages_of(pdf: bytes | Path) -> int:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")
    import io

    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    return len(pypdf.PdfReader(source).pages)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_three_months_print_on_two_pages(browser: Any, typical: Path, paper: str) -> None:
    page = opened(browser, typical)
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, prefer_css_page_size=False)
    page.close()
    assert pages_of(pdf) <= 2


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_denser_three_months_print_on_two_pages(browser: Any, denser: Path, paper: str) -> None:
    page = opened(browser, denser)
    page.emulate_media(media="print")
    shown = page.inner_text("main")
    pdf = page.pdf(format=paper, prefer_css_page_size=False)
    page.close()
    for words in ("Rule 1:", "Rule 2:", "Rule 3:", "Rule 5:", "Rule 6:", "Rule 7:", "Sat 3 Oct"):
        assert words in shown  # the flags and the relapse are there
    assert "Turned too fast at the basin.\nBruised my hip." in shown  # its line break kept
    assert "MRI Tue 20 Oct; physio Tue 27 Oct (Gait assessment, AFO discussed)." in shown
    assert pages_of(pdf) <= 2


# Each word of a table (the falls table: words of msjournal's vocabularies; the
# treatments table: names and doses too) as the lines it is drawn on: more than one
# line is a word split in two.
SPLIT_WORDS = """(table) => {
  const split = [];
  const cells = document.querySelectorAll(`table.${table} tbody td, table.${table} tbody th`);
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
    const node = walker.currentNode;
    const pattern = /[^ ,]+/g;
    let found;
    while ((found = pattern.exec(node.textContent)) !== null) {
      const range = document.createRange();
      range.setStart(node, found.index);
      range.setEnd(node, found.index + found[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(found[0]);
    }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("width", [A4_PRINTABLE_PX, 600])
@pytest.mark.parametrize("table", ["falls", "timeline"])
def test_the_falls_and_treatments_tables_never_split_a_word(
    browser: Any, denser: Path, table: str, width: int
) -> None:
    page = opened(browser, denser, width)
    page.emulate_media(media="print")
    split = page.evaluate(SPLIT_WORDS, table)
    rows = page.evaluate(f"document.querySelectorAll('table.{table} tbody tr').length")
    shown = page.inner_text(f"table.{table}")
    widths = page.evaluate(WIDTHS)
    page.close()
    if table == "falls":
        assert rows == 8  # the table is there, capped
    else:  # the generator's courses: a steroid course among them
        assert "methylprednisolone" in shown and "ocrelizumab" in shown
    assert split == []
    assert widths[0] <= widths[1]  # and the page keeps its width


def test_printing_from_the_command_line_gives_two_pages(typical: Path, tmp_path: Path) -> None:
    """As visit.md prints it: chromium --headless --print-to-pdf (Letter by default)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    out = tmp_path / "out.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            typical.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    assert 1 <= pages_of(out) <= 2


def test_the_page_asks_the_network_for_nothing(browser: Any, hostile: Path) -> None:
    asked: list[str] = []
    page = browser.new_page()
    page.on("request", lambda request: asked.append(request.url))
    page.goto(hostile.as_uri(), wait_until="networkidle")
    page.emulate_media(media="print")
    page.pdf(format="A4")
    shown = page.inner_text("main")
    page.close()
    assert asked == [hostile.as_uri()]
    assert "<script>alert(1)</script>" in shown  # what was typed, shown as text


def test_axe_finds_nothing_serious(browser: Any, typical: Path, hostile: Path) -> None:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    for path in (typical, hostile):
        page = opened(browser, path)
        results = axe_module.Axe().run(page)
        page.close()
        serious = [
            (v["id"], v["impact"], v["help"])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], results.generate_report()


WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
HEADINGS = "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
# Every piece of text with its size as printed: an SVG's text scaled as the SVG is.
TEXT_SIZES = """() => {
  const sizes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    if (element.closest('title, desc')) continue;  // not drawn: read by assistive technology
    let size = parseFloat(getComputedStyle(element).fontSize);
    const svg = element.closest('svg');
    if (svg) {
      const box = svg.viewBox.baseVal;
      size *= svg.getBoundingClientRect().width / box.width;
    }
    sizes.push([size, node.textContent.trim().slice(0, 30)]);
  }
  return sizes;
}"""


def test_headings_in_order_and_no_text_under_ten_points(browser: Any, typical: Path) -> None:
    page = opened(browser, typical, A4_PRINTABLE_PX)
    page.emulate_media(media="print")
    levels = page.evaluate(HEADINGS)
    sizes = page.evaluate(TEXT_SIZES)
    widths = page.evaluate(WIDTHS)
    page.close()
    assert widths[0] <= widths[1]  # nothing wider than an A4 page's printable width
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(level <= before + 1 for before, level in itertools.pairwise(levels))
    assert len(sizes) > 100  # the check reads the whole page
    small = [
        (round(size * 72 / 96, 2), text) for size, text in sizes if size < TEN_POINTS_PX - 0.01
    ]
    assert small == []


def test_long_words_stay_within_the_page(browser: Any, hostile: Path) -> None:
    page = opened(browser, hostile, A4_PRINTABLE_PX)
    page.emulate_media(media="print")
    widths = page.evaluate(WIDTHS)
    text = page.inner_text("main")
    pdf = page.pdf(format="A4")
    page.close()
    assert widths[0] <= widths[1]
    assert LONG[:100] in text.replace("\n", "")  # the word is there, broken to fit
    assert pages_of(pdf) <= 2
