"""Deadlines in a zone, and the difference between late and later commits (issue 11, items 2 and 3)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.errors import InputError
from grader.scoring.late import parse_deadline, parse_zone, shown_time
from tests.batch.conftest import GOOD_README
from tests.batch.servers import make_repo
from tests.batch.test_batch_remote import AFTER, BEFORE, ROOT, Servers, rows, run

MSK = timezone(timedelta(hours=3))


def test_a_date_alone_is_the_end_of_that_day_in_the_zone() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    assert parse_deadline("2026-12-01", moscow) == datetime(2026, 12, 1, 23, 59, 59, tzinfo=moscow)
    fixed = parse_zone("+03:00")
    assert parse_deadline("2026-12-01T23:59", fixed) == datetime(2026, 12, 1, 23, 59, tzinfo=MSK)
    # an offset in the value wins over --tz
    assert parse_deadline("2026-12-01T20:59Z", moscow) == datetime(2026, 12, 1, 20, 59, tzinfo=UTC)


@pytest.mark.parametrize("value", ["2026-12-01", "2026-12-01T23:59"])
def test_a_deadline_without_a_zone_is_refused_with_how_to_write_it(value: str) -> None:
    with pytest.raises(InputError) as error:
        parse_deadline(value, None)
    assert "--tz Europe/Moscow" in str(error.value) and "+03:00" in str(error.value)


def test_bad_zone_and_cli_refusal_are_one_line_exit_2(tmp_path: Path) -> None:
    samples = str(ROOT / "sample_submissions")
    runner = CliRunner()
    for args, needle in [
        (["--deadline", "2026-12-01"], "no time zone"),
        (["--deadline", "2026-12-01", "--tz", "Mars/Olympus"], "not a time zone"),
    ]:
        result = runner.invoke(main, ["batch", samples, "--out", str(tmp_path / "o"), *args])
        assert result.exit_code == 2, result.output
        assert needle in result.output and len(result.output.strip().splitlines()) == 1


def test_times_are_shown_in_the_zone_with_their_offset() -> None:
    assert shown_time("2026-12-01T20:59:00+00:00", MSK) == "2026-12-01T23:59:00+03:00"
    assert shown_time("2026-12-01T20:59:00+00:00", None) == "2026-12-01T20:59:00+00:00"


@pytest.fixture
def two_students(servers: Servers, repo_root: Path, tmp_path: Path) -> Path:
    """Anna posted on time and kept committing; Boris posted after the deadline (Moscow time)."""
    for owner in ("anna", "boris"):
        make_repo(
            repo_root, owner, "hw",
            [(BEFORE, {"README.md": GOOD_README.encode()}), (AFTER, {"README.md": b"# later\n"})],
        )  # fmt: skip
    url = servers[0].url
    source = tmp_path / "hand-ins.csv"
    source.write_text(
        "student,url,submitted_at\n"
        f"Anna,{url}/anna/hw,2026-11-30T10:00:00+03:00\n"
        f"Boris,{url}/boris/hw,2026-12-02T09:00:00Z\n",
        "utf-8",
    )
    return source


@pytest.mark.parametrize(
    ("lang", "state", "late"),
    [
        ("ru", "Проверено состояние на дедлайн (коммит ", "Работа сдана после дедлайна"),
        ("en", "The state at the deadline was graded (commit ", "Submitted after the deadline"),
    ],
)
def test_later_commits_are_not_lateness_in_both_languages(
    servers: Servers, two_students: Path, tmp_path: Path, lang: str, state: str, late: str
) -> None:
    out = tmp_path / "out"
    git_server, api = servers
    argv = ["batch", str(two_students), "--out", str(out), "--github-url", git_server.url,
            "--api-url", api.url, "--lang", lang, "--deadline", "2026-12-01",
            "--tz", "Europe/Moscow"]  # fmt: skip
    result = CliRunner(env={"GITHUB_TOKEN": ""}).invoke(main, argv)
    assert result.exit_code == 0, result.output
    got = rows(out)
    anna, boris = got["Anna"], got["Boris"]
    assert (anna["late"], anna["later_commits"]) == (False, True)
    assert (boris["late"], boris["later_commits"]) == (True, True)
    anna_text = (out / "feedback" / str(anna["feedback"])).read_text("utf-8")
    boris_text = (out / "feedback" / str(boris["feedback"])).read_text("utf-8")
    assert state in anna_text and late not in anna_text
    # the message time in MSK, as the student's language writes a date (Babel)
    posted = {"ru": "2 декабря 2026, 12:00 +03:00", "en": "December 2, 2026, 12:00 +03:00"}[lang]
    assert late in boris_text and posted in boris_text
    # the summary names the deadline in its zone and in UTC, and lists the late rows
    deadline = {"ru": "1 декабря 2026, 23:59 +03:00", "en": "December 1, 2026, 23:59 +03:00"}[lang]
    assert f"{deadline} (UTC 2026-12-01T20:59:59+00:00)" in result.output
    late_line = next(line for line in result.output.splitlines() if "Boris" in line)
    assert posted in late_line
    table = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text("utf-8-sig"))))
    by_name = {r["student"]: r for r in table}
    assert by_name["Anna"]["late"] == "no" and by_name["Anna"]["later_commits"] == "yes"
    assert by_name["Anna"]["submitted_at"] == "2026-11-30T10:00:00+03:00"
    assert by_name["Anna"]["committed_at"] == "2026-11-28T12:00:00+03:00"


def test_the_rubric_deadline_and_its_zone(servers: Servers, two_students: Path, tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    text = (ROOT / "rubrics" / "otus-mlops-hw1.yaml").read_text("utf-8")
    rubric.write_text(text + "\ndeadline: 2026-12-01\ndeadline_tz: Europe/Moscow\n", "utf-8")
    out = tmp_path / "out"
    result = run(servers, str(two_students), "--out", str(out), "--rubric", str(rubric))
    assert result.exit_code == 0, result.output
    assert "December 1, 2026, 23:59 +03:00" in result.output
    assert rows(out)["Boris"]["late"] is True
    # without deadline_tz the zone-less rubric deadline is refused, unless --tz gives one
    rubric.write_text(text + "\ndeadline: 2026-12-01\n", "utf-8")
    refused = run(servers, str(two_students), "--out", str(out), "--rubric", str(rubric))
    assert refused.exit_code == 2 and "no time zone" in refused.output
    zoned = run(servers, str(two_students), "--out", str(out), "--rubric", str(rubric), "--tz", "+03:00")
    assert zoned.exit_code == 0 and "December 1, 2026, 23:59 +03:00" in zoned.output
