"""The home-safety checklist: the pure rules (home.py), the home commands, their
history, export and import, and the open hazards the report names by the falls."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from msjournal import home, vocab
from msjournal.cli import app
from msjournal.errors import InvalidInput
from msjournal.home import HomeCheck
from msjournal.layout import day_label

from .test_upgrades import HOME_SINCE, load

Run = Callable[..., Result]


def at(day: int, month: int = 11, year: int = 2025) -> datetime:
    return datetime(year, month, day, 15, 0, tzinfo=UTC)


def check(
    when: datetime, no: tuple[str, ...] = (), na: tuple[str, ...] = (), id: int | None = None
) -> HomeCheck:
    return HomeCheck(when, home.answers_from(no, na), id=id)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


# --- the checklist --------------------------------------------------------------------------


def test_the_checklist_is_clinical_mds_ids_each_in_one_room() -> None:
    assert home.IDS == (
        "floors-clutter",
        "floors-rugs",
        "floors-cables",
        "floors-support",
        "stairs-clear",
        "stairs-lights",
        "stairs-rails",
        "stairs-steps",
        "kitchen-reach",
        "bathroom-mat",
        "bathroom-grab-bars",
        "bathroom-seat",
        "bedroom-light",
        "bedroom-night-lights",
        "outdoors-paths",
    )
    for item in home.ITEMS:
        assert item.id.startswith(item.room + "-") and item.room in home.ROOMS
        assert item.text[0].isupper() and not item.text.endswith((".", "?"))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("floors-rugs", "floors-rugs"),
        ("rugs", "floors-rugs"),
        ("Rug", "floors-rugs"),
        ("grab bars", "bathroom-grab-bars"),
        ("GRAB_BARS", "bathroom-grab-bars"),
        ("bathroom grab", "bathroom-grab-bars"),
        ("night", "bedroom-night-lights"),
        ("handrails", "stairs-rails"),
        ("lights", "stairs-lights"),
        ("light", "bedroom-light"),
        ("outdoors", "outdoors-paths"),
    ],
)
def test_items_are_matched_forgivingly(typed: str, meant: str) -> None:
    assert home.match_item(typed) == meant


def test_a_start_of_several_items_names_them() -> None:
    with pytest.raises(InvalidInput, match="could be floors-clutter, floors-rugs, floors-cables"):
        home.match_item("floors")


def test_a_slip_is_offered_never_taken_and_the_ids_are_listed() -> None:
    with pytest.raises(InvalidInput) as wrong:
        home.match_item("stairs-rals")
    assert wrong.value.suggestion == "stairs-rails"
    assert "Did you mean stairs-rails?" in wrong.value.message
    assert "The items are: floors-clutter, floors-rugs" in wrong.value.message
    with pytest.raises(InvalidInput) as unknown:
        home.match_item("garage")
    assert unknown.value.suggestion is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("y", "yes"),
        ("YES", "yes"),
        ("n", "no"),
        ("-", "na"),
        ("n/a", "na"),
        ("na", "na"),
        ("yep", "yes"),
        ("Yeah", "yes"),
        ("nope", "no"),
        ("nah", "no"),
    ],
)
def test_answers_are_y_n_or_dash(typed: str, meant: str) -> None:
    assert home.parse_answer(typed) == meant
    with pytest.raises(InvalidInput, match="type y, n or -"):
        home.parse_answer("maybe")


def test_a_room_in_a_list_means_every_item_of_that_room() -> None:
    assert home.match_items(["stairs,grab bars"]) == (
        "stairs-clear",
        "stairs-lights",
        "stairs-rails",
        "stairs-steps",
        "bathroom-grab-bars",
    )
    assert home.match_items(["Outdoors", "rugs", "rugs"]) == ("floors-rugs", "outdoors-paths")


@pytest.mark.parametrize(
    ("typed", "room"),
    [
        ("stair", "stairs"),
        ("sta", "stairs"),
        ("Bath", "bathroom"),
        ("bathroom", "bathroom"),
        ("bed", "bedroom"),
        ("floor", "floors"),
        ("kit", "kitchen"),
        ("outside", "outdoors"),
        ("Garden", "outdoors"),
    ],
)
def test_a_word_for_a_room_or_a_start_of_its_name_means_the_room(typed: str, room: str) -> None:
    assert home.match_room(typed) == room
    assert home.match_items([typed]) == tuple(i.id for i in home.ITEMS if i.room == room)


def test_room_words_never_take_an_items_name() -> None:
    # an item's own name or a start of it stays the item; too short a start is no room
    assert home.match_items(["ste"]) == ("stairs-steps",)
    assert home.match_items(["bath mat"]) == ("bathroom-mat",)
    assert home.match_items(["bathroom grab"]) == ("bathroom-grab-bars",)
    for short in ("st", "b", "be", "ba"):
        assert home.match_room(short) is None
    with pytest.raises(InvalidInput, match="could be stairs-clear"):
        home.match_items(["st"])
    with pytest.raises(InvalidInput, match="could be bathroom-mat"):
        home.match_items(["b"])
    # every room start of 3 letters or more is a room, never an item's start
    for room in home.ROOMS:
        for end in range(home.ROOM_START, len(room) + 1):
            assert home.match_room(room[:end]) == room


def test_the_one_line_form_answers_yes_to_the_rest_and_refuses_both() -> None:
    answers = home.answers_from(["floors-rugs"], ["stairs-rails"])
    assert answers["floors-rugs"] == "no" and answers["stairs-rails"] == "na"
    assert sum(v == "yes" for v in answers.values()) == len(home.IDS) - 2
    with pytest.raises(InvalidInput, match="floors-rugs cannot be both --no and --na"):
        home.answers_from(["floors-rugs"], ["floors-rugs"])


def test_a_stored_check_is_checked() -> None:
    with pytest.raises(InvalidInput, match="at least one answer"):
        home.validate(HomeCheck(at(9), {}))
    with pytest.raises(InvalidInput, match="'garage-door' is not a checklist item"):
        home.validate(HomeCheck(at(9), {"garage-door": "no"}))
    with pytest.raises(InvalidInput, match="yes, no or na"):
        home.validate(HomeCheck(at(9), {"floors-rugs": "maybe"}))
    with pytest.raises(InvalidInput, match="no UTC offset"):
        home.validate(HomeCheck(datetime(2025, 11, 9), {"floors-rugs": "no"}))


def test_a_record_goes_round_exactly() -> None:
    one = check(at(9), ("floors-rugs",), ("stairs-rails",), id=3)
    one = one.replace(uuid="00000000-0000-4000-8000-000000000801", logged_at=at(9))
    assert HomeCheck.from_record(one.record()) == one
    assert one.to_dict()["open"] == ["floors-rugs"]
    assert home.describe(one) == "1 open hazard (floors)"
    two = check(at(9), ("bathroom-grab-bars", "floors-rugs"))
    assert home.describe(two) == "2 open hazards (floors, bathroom)"
    assert home.describe(check(at(9))) == "no open hazards"


# --- open hazards and since -------------------------------------------------------------------


def test_since_is_the_first_check_of_the_unbroken_run_of_no() -> None:
    checks = [
        check(at(1, 1), ("floors-rugs",)),  # no, then yes: the run breaks after it
        check(at(1, 3)),
        check(at(1, 5), ("floors-rugs", "bathroom-mat")),
        HomeCheck(at(1, 7), {"bathroom-mat": "no"}),  # rugs not asked: passed over
        check(at(1, 9), ("floors-rugs", "bathroom-mat")),
    ]
    found = {h.item.id: h.since for h in home.open_hazards(checks)}
    assert found == {"floors-rugs": date(2025, 5, 1), "bathroom-mat": date(2025, 5, 1)}


def test_na_ends_a_run_too_and_only_the_latest_check_counts() -> None:
    checks = [
        check(at(1, 1), ("stairs-rails",)),
        check(at(1, 2), (), ("stairs-rails",)),
        check(at(1, 3), ("stairs-rails",)),
    ]
    assert [(h.item.id, h.since) for h in home.open_hazards(checks)] == [
        ("stairs-rails", date(2025, 3, 1))
    ]
    fixed = [*checks, check(at(1, 4))]
    assert home.open_hazards(fixed) == []


def test_until_takes_the_latest_check_by_that_day_and_rooms_filter() -> None:
    checks = [check(at(1, 1), ("floors-rugs", "bathroom-grab-bars")), check(at(1, 6))]
    assert home.open_hazards(checks) == []
    by_march = home.open_hazards(checks, until=date(2025, 3, 31))
    assert [h.item.id for h in by_march] == ["floors-rugs", "bathroom-grab-bars"]
    only = home.open_hazards(checks, until=date(2025, 3, 31), rooms=["bathroom"])
    assert [h.to_dict() for h in only] == [
        {
            "id": "bathroom-grab-bars",
            "room": "bathroom",
            "text": home.BY_ID["bathroom-grab-bars"].text,
            "since": "2025-01-01",
        }
    ]
    assert home.open_hazards(checks, until=date(2024, 12, 31)) == []


def test_fall_places_map_to_rooms_floors_for_every_room_indoors() -> None:
    assert home.rooms_of_places(["hallway"]) == ("floors",)
    assert home.rooms_of_places(["living-room"]) == ("floors",)
    assert home.rooms_of_places(["bathroom"]) == ("floors", "bathroom")
    assert home.rooms_of_places(["kitchen", "bedroom"]) == ("floors", "kitchen", "bedroom")
    assert home.rooms_of_places(["stairs"]) == ("stairs",)
    assert home.rooms_of_places(["outdoors"]) == ("outdoors",)
    assert home.rooms_of_places(["other", None]) == ()
    assert set(home.PLACE_ROOMS) == set(vocab.PLACES)


def test_the_home_module_is_pure() -> None:
    text = Path(home.__file__).read_text(encoding="utf-8")
    for forbidden in ("typer", "rich", "sqlite3", "msjournal.db", "msjournal.cli", ".now("):
        assert forbidden not in text


# --- the commands -----------------------------------------------------------------------------


def test_one_line_check_then_list_by_room_with_since(run: Run) -> None:
    saved = ok(
        run(
            "home",
            "check",
            "--no",
            "rugs,grab bars",
            "--na",
            "stairs-rails",
            "--at",
            "2025-11-09 15:00",
        )
    )
    assert "Saved home check 1: 2 open hazards (floors, bathroom)." in saved.output
    ok(run("home", "check", "--no", "bathroom-grab-bars", "--at", "2025-12-09 15:00"))
    listed = json.loads(ok(run("home", "list", "--format", "json")).stdout)
    assert listed == [
        {
            "id": "bathroom-grab-bars",
            "room": "bathroom",
            "text": home.BY_ID["bathroom-grab-bars"].text,
            "since": "2025-11-09",
        }
    ]
    table = ok(run("home", "list"))
    assert "Open hazards in your last check (Tue 9 Dec 2025):" in table.output
    assert "bathroom" in table.stdout and "Grab bars by the toilet" in table.stdout
    assert "Tue 9 Dec 2025" not in table.stdout and "Sun 9 Nov 2025" in table.stdout


def test_yes_answers_every_item_and_list_says_none_are_open(run: Run) -> None:
    ok(run("home", "check", "--yes", "--at", "2025-11-09 15:00"))
    result = ok(run("home", "list"))
    assert result.stdout == ""
    assert "No open hazards in your last check (Sun 9 Nov 2025)." in result.output
    assert json.loads(ok(run("home", "list", "-f", "json")).stdout) == []


def test_list_without_checks_says_how_to_make_one(run: Run) -> None:
    result = ok(run("home", "list"))
    assert "No home checks yet. Make one with: msjournal home check" in result.output
    assert json.loads(ok(run("home", "list", "--format", "json")).stdout) == []


def test_a_script_without_answers_is_told_the_one_line_form(run: Run, journal_path: Path) -> None:
    result = run("home", "check")
    assert result.exit_code == 2
    assert "msjournal home check --no floors-rugs,bathroom-grab-bars" in result.output
    assert not journal_path.exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--no", "flors-rugs"), "Did you mean floors-rugs?"),
        (("--no", "st"), "could be stairs-clear"),
        (("--no", "rugs", "--na", "rugs"), "cannot be both --no and --na"),
        (("--yes", "--no", "rugs"), "--yes says every item is in place, --no that some are"),
        (("-y", "--no", "stairs"), "--yes says every item is in place, --no that some are"),
        (("--no", "rugs", "--at", "someday"), "someday"),
    ],
)
def test_wrong_one_line_answers_save_nothing(
    run: Run, journal_path: Path, args: tuple[str, ...], said: str
) -> None:
    result = run("home", "check", *args)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert not journal_path.exists()
    if "--yes" in args or "-y" in args:  # one line
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_yes_with_na_answers_yes_to_every_other_item(run: Run) -> None:
    said = ok(run("home", "check", "--yes", "--na", "stair,garden")).output
    assert "Saved home check 1: no open hazards." in said
    (found,) = json.loads(ok(run("home", "list", "--all", "-f", "json")).stdout)
    assert found["answers"]["stairs-rails"] == found["answers"]["outdoors-paths"] == "na"
    assert found["answers"]["floors-rugs"] == "yes"


def test_all_lists_every_check_and_its_json(run: Run) -> None:
    ok(
        run(
            "home",
            "check",
            "--no",
            "rugs",
            "--na",
            "stairs-rails,stairs-lights",
            "--at",
            "2025-11-09 15:00",
        )
    )
    ok(run("home", "check", "--yes", "--at", "2025-12-09 15:00"))
    table = ok(run("home", "list", "--all")).stdout
    assert "Sun 9 Nov 2025" in table and "Tue 9 Dec 2025" in table and "floors" in table
    found = json.loads(ok(run("home", "list", "--all", "--format", "json")).stdout)
    assert [(c["id"], c["open"]) for c in found] == [(1, ["floors-rugs"]), (2, [])]
    assert found[0]["answers"]["stairs-lights"] == "na"


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_each_item_is_asked_and_enter_keeps_the_last_answer(run: Run) -> None:
    first = ["n", "y", "y", "y", "-", "-", "-", "-", "y", "y", "n", "y", "y", "y", "y"]
    result = ok(run("home", "check", input="\n".join(first) + "\n"))
    assert "Floors and paths:" in result.output and "Bathroom:" in result.output
    assert "Grab bars by the toilet and the bath or shower? [y/n/-]" in result.output
    assert "Saved home check 1: 2 open hazards (floors, bathroom)." in result.output
    # Enter keeps each answer of the last check; '?' explains; b goes back one item
    second = ["?", "", "b", "y", "", *[""] * 13]
    again = ok(run("home", "check", input="\n".join(second) + "\n"))
    assert "(Enter: no, as last time)" in again.output
    assert "(Enter: not applicable, as last time)" in again.output
    assert "\n  no, as last time\n" in again.output  # what Enter kept is said
    assert "\n  not applicable, as last time\n" in again.output
    assert "n (no): it is missing" in again.output
    assert "Saved home check 2: 1 open hazard (bathroom)." in again.output
    found = json.loads(ok(run("home", "list", "--all", "-f", "json")).stdout)
    assert found[0]["answers"]["floors-clutter"] == "no"
    assert found[1]["answers"]["floors-clutter"] == "yes"  # kept, then changed after b
    assert found[1]["answers"]["stairs-rails"] == "na"


@pytest.mark.usefixtures("terminal")
def test_going_back_shows_the_answer_given_and_enter_keeps_it(run: Run) -> None:
    ok(run("home", "check", "--yes"))
    # no to the first item, back from the second: the first shows 'no' and Enter keeps it
    typed = ["nope", "b", "", "nah", *["yep"] * 13]
    result = ok(run("home", "check", input="\n".join(typed) + "\n"))
    out = result.output
    clutter = home.ITEMS[0].text
    assert f"{clutter}? [y/n/-] (Enter: yes, as last time)" in out
    assert f"{clutter}? [y/n/-] (Enter: no, as you said)" in out
    assert "\n  no, as you said\n" in out
    assert "Saved home check 2: 2 open hazards (floors)." in out
    found = json.loads(ok(run("home", "list", "--all", "-f", "json")).stdout)[1]["answers"]
    assert (found["floors-clutter"], found["floors-rugs"]) == ("no", "no")


@pytest.mark.usefixtures("terminal")
def test_without_a_last_check_enter_asks_again(run: Run) -> None:
    answers = ["", "maybe", *["y"] * 15]
    result = ok(run("home", "check", input="\n".join(answers) + "\n"))
    assert "Please type y, n or - (? explains)." in result.output
    assert "'maybe' is not an answer" in result.output
    assert "Saved home check 1: no open hazards." in result.output


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_a_slip_in_the_one_line_form_is_offered(run: Run) -> None:
    result = ok(run("home", "check", "--no", "grab bars,flors-rugs", input="\n"))
    assert "Did you mean floors-rugs? [Y/n]" in result.output
    assert "Saved home check 1: 2 open hazards (floors, bathroom)." in result.output


def test_delete_history_and_undo(run: Run) -> None:
    ok(run("home", "check", "--no", "rugs", "--at", "2025-11-09 15:00"))
    ok(run("home", "check", "--yes", "--at", "2025-12-09 15:00"))
    assert run("home", "delete", "2").exit_code == 2  # a script must say --yes
    assert "Deleted home check 2." in ok(run("home", "delete", "last", "--yes")).output
    assert [h["id"] for h in json.loads(run("home", "list", "-f", "json").stdout)] == [
        "floors-rugs"
    ]
    history = ok(run("history")).stdout
    assert "deleted home check 2: no open hazards" in history
    assert "logged home check 1: 1 open hazard (floors)" in history
    undone = ok(run("undo", "--yes"))
    assert "home check 2 is back" in undone.output
    assert json.loads(run("home", "list", "-f", "json").stdout) == []
    ok(run("undo", "--yes"))  # the log of check 2
    ok(run("undo", "--yes"))  # the log of check 1
    assert "No home checks yet" in run("home", "list").output
    missing = run("home", "delete", "7", "--yes")
    assert missing.exit_code != 0 and "There is no home check with id 7." in missing.output


def test_the_one_line_form_says_each_open_hazard_it_answers_yes(run: Run) -> None:
    ok(run("home", "check", "--no", "grab bars,rugs", "--at", "2025-11-09 15:00"))
    said = ok(run("home", "check", "--no", "floors-rugs", "--na", "stairs", "--at", "2025-12-01"))
    out = said.output
    assert "Saved home check 2: 1 open hazard (floors)." in out
    assert (
        "Now in place (was open since Sun 9 Nov 2025): grab bars by the toilet and the bath "
        "or shower." in out
    )
    assert "Now in place" not in out.split("grab bars")[1]  # rugs: still open, not said
    again = ok(run("home", "check", "--yes", "--at", "2025-12-02")).output
    assert "Now in place (was open since Sun 9 Nov 2025): rugs fixed down" in again
    assert again.count("Now in place") == 1  # grab bars: closed already, not said again


def test_the_hazards_now_in_place_are_those_of_the_check_before_by_date() -> None:
    first = check(at(9), no=("bathroom-grab-bars", "floors-rugs"), id=1)
    later = check(at(20), no=("floors-rugs",), id=2)
    back_dated = check(at(10), id=3)  # entered last, made between the two
    found = home.now_in_place([first, later, back_dated], back_dated)
    assert [(h.item.id, h.since) for h in found] == [
        ("floors-rugs", date(2025, 11, 9)),
        ("bathroom-grab-bars", date(2025, 11, 9)),
    ]
    assert home.now_in_place([first], first) == []
    assert home.now_in_place([first, check(at(12), na=("bathroom",), id=2)], first) == []


def test_delete_last_is_the_latest_check_by_date_as_list_says(run: Run) -> None:
    ok(run("home", "check", "--no", "grab bars", "--at", "2025-11-09 15:00"))
    ok(run("home", "check", "--yes", "--at", "2025-12-01 15:00"))
    ok(run("home", "check", "--no", "rugs", "--at", "2025-11-01 15:00"))  # entered last
    assert "your last check (Mon 1 Dec 2025)" in ok(run("home", "list")).output
    assert "Deleted home check 2." in ok(run("home", "delete", "last", "--yes")).output
    listed = json.loads(ok(run("home", "list", "--all", "-f", "json")).stdout)
    assert [c["id"] for c in listed] == [3, 1]  # by date, then id
    table = ok(run("home", "list", "--all")).stdout
    assert table.index("Sat 1 Nov 2025") < table.index("Sun 9 Nov 2025")


def test_export_and_import_go_round_in_json_and_csv(run: Run, tmp_path: Path) -> None:
    ok(run("home", "check", "--no", "rugs,grab bars", "--na", "stairs", "--at", "2025-11-09 15:00"))
    ok(run("home", "check", "--no", "grab bars", "--at", "2025-12-09 15:00"))
    everything = json.loads(ok(run("export", "--format", "json")).stdout)
    assert [c["id"] for c in everything["home_checks"]] == [1, 2]
    assert everything["home_checks"][0]["answers"]["stairs-rails"] == "na"
    assert list(everything).index("home_checks") == len(everything) - 1
    csv = ok(run("export", "--table", "home_checks", "--no-bom")).stdout
    header, first, _second = csv.splitlines()
    assert header == ",".join(("id", "uuid", "at", *home.IDS, "logged_at", "updated_at"))
    assert ",no," in first and ",na," in first
    for name, text in (("all.json", json.dumps(everything)), ("checks.csv", csv)):
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        other = str(tmp_path / f"{name}.db")
        imported = ok(run("--db", other, "import", str(source)))
        assert "Imported 2 home checks" in imported.output
        again = json.loads(ok(run("--db", other, "export", "--format", "json")).stdout)
        assert again["home_checks"] == everything["home_checks"]
        assert "skipped 2" in ok(run("--db", other, "import", str(source))).output


def test_a_wrong_home_check_record_refuses_the_whole_import(run: Run, tmp_path: Path) -> None:
    record = {"uuid": "00000000-0000-4000-8000-000000000901", "at": "2025-11-09T15:00:00+00:00"}
    bad = {
        "format": "msjournal",
        "version": 2,
        "home_checks": [
            {**record, "answers": {"floors-rugs": "no"}},
            {**record, "uuid": record["uuid"][:-1] + "2", "answers": {"garage": "no"}},
        ],
    }
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad), encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 2
    assert "home check 2: 'garage' is not a checklist item" in result.output
    assert "No home checks yet" in run("home", "list").output


def test_the_schema_9_fixture_check_shows_in_home_list(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    load(HOME_SINCE, path)
    result = CliRunner().invoke(app, ["--db", str(path), "home", "list", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [(h["id"], h["since"]) for h in json.loads(result.stdout)] == [
        ("floors-rugs", "2025-11-09"),
        ("bathroom-grab-bars", "2025-11-09"),
    ]


def test_a_journal_from_before_home_checks_is_upgraded_and_takes_one(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    load(HOME_SINCE - 1, path)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(path), "home", "check", "--no", "mat"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= HOME_SINCE
        (answers,) = conn.execute("SELECT answers FROM home_checks").fetchone()
    finally:
        conn.close()
    assert json.loads(answers)["bathroom-mat"] == "no"


# --- narrow screens -----------------------------------------------------------------------------


def narrow(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "40", "NO_COLOR": "1"})


def test_lists_are_whole_at_40_columns(run: Run) -> None:
    ok(run("home", "check", "--no", "grab bars,night,floors-support", "--at", "2025-11-09 15:00"))
    for args in (("home", "list"), ("home", "list", "--all")):
        result = narrow(*args)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert all(len(line.rstrip()) <= 40 for line in lines), result.stdout
        words = " ".join(result.stdout.split())
        if args == ("home", "list"):
            for item in ("floors-support", "bathroom-grab-bars", "bedroom-night-lights"):
                assert item in words
            assert "Night-lights on the way to the toilet" in words
        else:
            assert "floors, bathroom, bedroom" in words


# --- reports --------------------------------------------------------------------------------------


def test_the_report_names_the_open_hazards_where_falls_happened(run: Run) -> None:
    today = date.today()
    long_ago = (today - timedelta(days=40)).isoformat()
    ok(run("home", "check", "--no", "rugs,grab bars,stairs-rails,outdoors", "--at", long_ago))
    ok(run("log", "fall", "--place", "bathroom", "--at", "yesterday 9am"))
    ok(run("log", "fall", "--near", "--place", "hallway", "--at", "yesterday 10am"))
    report = json.loads(ok(run("report", "--format", "json")).stdout)
    hazards = report["falls"]["open_hazards"]
    assert [(h["id"], h["room"], h["since"]) for h in hazards] == [
        ("floors-rugs", "floors", long_ago),
        ("bathroom-grab-bars", "bathroom", long_ago),
    ]
    words = " ".join(ok(narrow("report")).stdout.split())
    found = f"found {day_label(today - timedelta(days=40))}"
    if today.year != (today - timedelta(days=40)).year:
        found += f" {today.year - 1}"
    assert (
        f"Open in the bathroom ({found}): grab bars by the toilet and the bath or shower." in words
    )
    assert f"Open on floors and paths ({found}): rugs fixed down, or none loose." in words
    assert "hazard" not in words.split("FALLS AND NEAR-FALLS")[1].split("EXERCISE")[0].lower()
    assert "nothing open" not in words
    assert "stairs" not in " ".join(h["room"] for h in hazards)
    markdown = ok(run("report", "--format", "markdown")).stdout
    assert "Open in the bathroom (found" in markdown


def test_a_check_with_nothing_open_where_falls_happened_says_so(run: Run) -> None:
    today = date.today()
    checked = today - timedelta(days=5)
    ok(run("home", "check", "--no", "stairs-rails", "--at", f"{checked.isoformat()} 15:00"))
    ok(run("log", "fall", "--place", "kitchen", "--at", "yesterday 9am"))
    said = f"Home check of {day_label(checked)}"
    said += "" if checked.year == today.year else f" {checked.year}"
    line = f"{said}: nothing open in the rooms where falls happened."
    assert line in " ".join(ok(narrow("report")).stdout.split())
    assert line in ok(run("report", "--format", "markdown")).stdout
    assert json.loads(ok(run("report", "-f", "json")).stdout)["falls"]["open_hazards"] == []
    # a fall somewhere the checklist has no room for ('other'): nothing to say
    ok(run("delete", "last", "--yes"))
    ok(run("log", "fall", "--place", "other", "--at", "yesterday 9am"))
    assert "Home check of" not in ok(narrow("report")).stdout


def test_no_falls_or_a_later_check_means_no_hazards_in_the_report(run: Run) -> None:
    ok(run("home", "check", "--no", "rugs", "--at", "3 days ago"))
    report = json.loads(ok(run("report", "--format", "json")).stdout)
    assert report["falls"]["open_hazards"] == []  # no falls in the period
    ok(run("log", "fall", "--place", "kitchen", "--at", "2 days ago"))
    week = ok(run("report", "--format", "json", "--to", date.today().isoformat()))
    assert [h["id"] for h in json.loads(week.stdout)["falls"]["open_hazards"]] == ["floors-rugs"]
    # a check made after the period's end does not count; the one before it does
    ok(run("home", "check", "--yes", "--at", "1 hour ago"))
    before = ok(
        run("report", "--format", "json", "--to", (date.today() - timedelta(days=1)).isoformat())
    )
    assert [h["id"] for h in json.loads(before.stdout)["falls"]["open_hazards"]] == ["floors-rugs"]
    assert json.loads(ok(run("report", "-f", "json")).stdout)["falls"]["open_hazards"] == []
