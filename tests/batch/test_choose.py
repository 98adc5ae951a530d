"""The right link per student (issue 11, item 4): own repository first, the others kept, a roster."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from grader.sources.gather import gather
from grader.sources.links import parse_host
from grader.sources.rules import Rules, Student
from tests.batch.conftest import GOOD_README
from tests.batch.servers import make_repo
from tests.batch.test_batch_remote import BEFORE, Servers, rows, run
from tests.batch.test_sources import _msg, _telegram

GH = parse_host("https://github.com")
TEMPLATE = "https://github.com/otus-course/mlops-template"


def _class_chat(tmp_path: Path, base: str = "https://github.com") -> Path:
    template = TEMPLATE.replace("https://github.com", base)
    return _telegram(
        tmp_path,
        [
            _msg(1, "Преподаватель", "user0", 1_700_000_000, f"Шаблон ДЗ: {template}"),
            _msg(2, "Анна", "user1", 1_700_000_100, f"Готово: {base}/anna/mlops-hw1"),
            _msg(3, "Борис", "user2", 1_700_000_150, f"Моё ДЗ {base}/boris/hw"),
            # a question after the hand-in, linking a file of the course's template
            _msg(4, "Анна", "user1", 1_700_000_200, f"А что писать тут? {template}/blob/main/README.md"),
        ],
    )


def test_a_question_with_someone_elses_file_does_not_replace_the_homework(tmp_path: Path) -> None:
    found = gather([str(_class_chat(tmp_path))], GH)
    anna = next(r for r in found.refs if r.student_key == "user1")
    assert anna.link is not None and anna.link.key == "anna/mlops-hw1"
    assert anna.others == (f"{TEMPLATE}/blob/main/README.md",)  # kept, not graded


def test_ignore_owner_drops_the_instructors_template_row(tmp_path: Path) -> None:
    source = str(_class_chat(tmp_path))
    assert "user0" in {r.student_key for r in gather([source], GH).refs}  # without it: a row
    found = gather([source], GH, rules=Rules(ignore={"otus-course"}))
    assert {r.student_key for r in found.refs} == {"user1", "user2"}
    ignored = [(u.student_name, u.reason) for u in found.unrecognized]
    assert ignored == [
        ("Преподаватель", "a course repository (ignored)"),
        ("Анна", "a course repository (ignored)"),
    ]
    anna = next(r for r in found.refs if r.student_key == "user1")
    assert anna.others == ()  # an ignored link is listed as unrecognized, not as a candidate
    by_repo = gather([source], GH, rules=Rules(ignore={"otus-course/mlops-template"}))
    assert {r.student_key for r in by_repo.refs} == {"user1", "user2"}


def test_the_students_own_owner_wins_over_a_later_repository_of_someone_else(tmp_path: Path) -> None:
    source = _telegram(
        tmp_path,
        [
            _msg(1, "Анна", "user1", 1_700_000_000, "https://github.com/anna/hw1"),
            _msg(2, "Анна", "user1", 1_700_000_100, "и ещё https://github.com/anna/hw1-fixed"),
            _msg(3, "Анна", "user1", 1_700_000_200, "как у https://github.com/boris/hw ?"),
        ],
    )
    anna = gather([str(source)], GH).refs[0]
    assert anna.link is not None and anna.link.key == "anna/hw1-fixed"  # own, and the latest of those
    assert set(anna.others) == {"https://github.com/anna/hw1", "https://github.com/boris/hw"}


def test_a_correction_csv_after_the_chat_replaces_the_link(tmp_path: Path) -> None:
    chat = _class_chat(tmp_path)
    fix = tmp_path / "fix.csv"
    fix.write_text("student,url\nАнна,https://github.com/anna/hw1-final\n", "utf-8")
    found = gather([str(chat), str(fix)], GH)
    annas = [r for r in found.refs if r.student_name == "Анна"]
    assert len(annas) == 1 and annas[0].student_key == "user1"
    assert annas[0].link is not None and annas[0].link.key == "anna/hw1-final"


def test_roster_maps_names_and_logins_and_lists_who_did_not_submit(tmp_path: Path) -> None:
    roster = [Student("Анна Смирнова", "anna"), Student("Борис Петров"), Student("Вера Ким", "vera")]
    found = gather([str(_class_chat(tmp_path))], GH, rules=Rules(ignore={"otus-course"}, roster=roster))
    names = {r.student_name: r.student_key for r in found.refs}
    assert names["Анна Смирнова"] == "roster:анна смирнова"  # mapped by the login that owns her link
    assert "Борис" in names  # not in the roster by this name: kept as the chat shows it
    assert found.missing == ["Борис Петров", "Вера Ким"]


def test_batch_with_a_roster_other_links_and_the_summary(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    git_server, _ = servers
    for owner, name in (("anna", "mlops-hw1"), ("boris", "hw"), ("otus-course", "mlops-template")):
        make_repo(repo_root, owner, name, [(BEFORE, {"README.md": GOOD_README.encode()})])
    chat = _class_chat(tmp_path, git_server.url)
    roster = tmp_path / "roster.csv"
    roster.write_text("student,github\nАнна Смирнова,anna\nБорис,\nВера Ким,vera\n", "utf-8")
    out = tmp_path / "out"
    result = run(servers, str(chat), "--out", str(out), "--roster", str(roster))
    assert result.exit_code == 0, result.output
    got = rows(out)
    assert set(got) == {"Анна Смирнова", "Борис", "Преподаватель"}  # no --ignore-owner: a template row
    template_file = f"{git_server.url}/otus-course/mlops-template/blob/main/README.md"
    assert got["Анна Смирнова"]["other_links"] == [template_file]
    assert "No hand-in (1): Вера Ким" in result.output
    data = json.loads((out / "gradebook.json").read_text("utf-8"))
    assert data["not_submitted"] == ["Вера Ким"]
    table = {
        r["student"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text("utf-8-sig")))
    }
    assert table["Анна Смирнова"]["other_links"] == template_file
    ignoring = run(
        servers, str(chat), "--out", str(out), "--roster", str(roster), "--ignore-owner", "otus-course"
    )
    assert ignoring.exit_code == 0 and set(rows(out)) == {"Анна Смирнова", "Борис"}
    argv = ["links", str(chat), "--github-url", git_server.url, "--roster", str(roster)]
    shown = CliRunner().invoke(main, argv)
    assert "no hand-in (1):" in shown.output and "other links, not graded (1):" in shown.output


def test_a_link_that_grades_beats_a_later_one_that_is_not_found(
    servers: Servers, repo_root: Path, tmp_path: Path
) -> None:
    git_server, _ = servers
    make_repo(repo_root, "anna", "hw", [(BEFORE, {"README.md": GOOD_README.encode()})])
    url = git_server.url
    chat = _telegram(
        tmp_path,
        [
            _msg(1, "Анна", "user1", 1_700_000_000, f"ДЗ: {url}/anna/hw"),
            _msg(2, "Анна", "user1", 1_700_000_100, f"финал: {url}/anna/hw-final"),  # a typo: no such repo
        ],
    )
    out = tmp_path / "out"
    result = run(servers, str(chat), "--out", str(out))
    assert result.exit_code == 0, result.output
    anna = rows(out)["Анна"]
    assert anna["status"] == "graded" and anna["repo"] == f"{url}/anna/hw"
    assert "was not found; another link of the student was graded" in str(anna["reason"])
    assert anna["other_links"] == [f"{url}/anna/hw-final"]
    posts = git_server.posts
    assert run(servers, str(chat), "--out", str(out)).exit_code == 0
    assert git_server.posts == posts and rows(out)["Анна"] == anna  # an unchanged re-run fetches nothing
