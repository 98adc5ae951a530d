"""A hostile submission, built at test time, cannot inject workflow commands or leak a token."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.cli import main
from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission
from grader.engine.pipeline import grade
from grader.report.escape import workflow_data, workflow_property
from grader.report.github import run_github
from grader.report.sarif import render_sarif
from grader.rubric.load import parse_rubric

from .conftest import (
    FAKE_TOKEN,
    HOSTILE_RUBRIC,
    HOSTILE_TITLE,
    ActionsRun,
    actions_env,
    installed_grader,
    runner_commands,
    unescape_data,
    unescape_property,
)


@pytest.fixture
def hostile(tmp_path: Path) -> ActionsRun:
    workspace = tmp_path / "workspace"
    (workspace / "docs").mkdir(parents=True)
    readme = f"# {HOSTILE_TITLE}\n\nкоротко x-access-token:s3cr3t@github.com\n\n##[error]строка\n"
    (workspace / "docs" / "README.md").write_text(readme, encoding="utf-8")
    (workspace / "rubric.yaml").write_text(HOSTILE_RUBRIC, encoding="utf-8")
    return actions_env(tmp_path, workspace)


def _grade(run: ActionsRun, how: str) -> str:
    args = ["check", "docs", "-f", "github", "-r", "rubric.yaml", "--sarif", "out.sarif", "-l", "en"]
    if how == "script":
        done = subprocess.run(
            [str(installed_grader()), *args], capture_output=True, text=True, env=run.env, cwd=run.workspace
        )
        assert done.returncode == 1, done.stderr
        return done.stdout + done.stderr
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(run.workspace)
        result = CliRunner().invoke(main, args, env=run.env, catch_exceptions=False)
    assert result.exit_code == 1
    return result.output


@pytest.mark.parametrize("how", ["clirunner", "script"])
def test_hostile_text_runs_no_command_and_leaks_no_token(hostile: ActionsRun, how: str) -> None:
    stdout = _grade(hostile, how)
    commands = runner_commands(stdout)  # also fails on any `##[`
    names = [c.name for c in commands]
    assert set(names) <= {"error", "warning", "notice", "stop-commands"}, names
    assert names.count("stop-commands") == 1
    assert "set-output" not in names and "pwned" not in " ".join(names)
    found = [c for c in commands if c.name in ("error", "warning")]
    assert [unescape_property(c.props["file"]) for c in found] == ["docs/README.md", "docs/README.md"]
    goals = next(c for c in found if unescape_property(c.props["title"]).startswith("Goals"))
    assert goals.props["line"] == "1"
    message = unescape_data(goals.data)
    # the student's literal `%0A` is shown as typed, not turned into a line break
    assert "%0A" in message and "\n" not in message
    assert "::" not in message  # every `::` is broken up
    assert "error:\u200b:pwned" in message
    for where in (
        stdout,
        hostile.summary.read_text(encoding="utf-8"),
        hostile.output.read_text(encoding="utf-8"),
    ):
        assert FAKE_TOKEN not in where and "s3cr3t" not in where
    sarif = (hostile.workspace / "out.sarif").read_text(encoding="utf-8")
    assert FAKE_TOKEN not in sarif


def test_hostile_text_in_the_summary_is_inert_markdown(hostile: ActionsRun) -> None:
    _grade(hostile, "clirunner")
    summary = hostile.summary.read_text(encoding="utf-8")
    assert "\\#\\#\\[add-mask\\]y" in summary  # escaped markup, shown as text
    assert "\\*\\*\\*" in summary  # the token's place, redacted (and its stars escaped)


def test_stop_commands_token_is_random_per_run(hostile: ActionsRun) -> None:
    tokens = {
        c.data
        for _ in range(2)
        for c in runner_commands(_grade(hostile, "clirunner"))
        if c.name == "stop-commands"
    }
    assert len(tokens) == 2 and all(len(t) == 32 for t in tokens)


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a::error::b", "a:\u200b:error:\u200b:b", "a%3A\u200b%3Aerror%3A\u200b%3Ab"),
        (":::", ":\u200b:\u200b:", "%3A\u200b%3A\u200b%3A"),
        ("x ##[add-mask]y", "x #\u200b#[add-mask]y", "x #\u200b#[add-mask]y"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("\x1b]8;;e\x07\u202e\u2028", "]8;;e%0A", "]8;;e%0A"),
    ],
)
def test_workflow_escaping(text: str, data: str, prop: str) -> None:
    assert workflow_data(text) == data
    assert workflow_property(text) == prop


def test_json_report_keeps_the_student_text_for_instructors(hostile: ActionsRun) -> None:
    """The JSON report is data (a file, not the log): it holds what the student wrote."""
    report = hostile.temp / "r.json"
    args = ["check", str(hostile.workspace / "docs"), "-f", "json", "-o", str(report)]
    result = CliRunner().invoke(main, [*args, "-r", str(hostile.workspace / "rubric.yaml")], env=hostile.env)
    assert result.exit_code == 1
    titles = [e["text"] for c in json.loads(report.read_text())["criteria"] for e in c["evidence"]]
    assert any("::error::pwned" in t for t in titles)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_heading_text_stays_inside_its_annotation(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Whatever a heading holds, the runner sees only our commands, and each decodes to one line."""
    folder = tmp_path_factory.mktemp("prop")
    summary, output = folder / "summary.md", folder / "output"
    markdown = f"# Цели {text}\n\nкоротко\n".encode("utf-8", "surrogatepass")
    submission = build_submission(Snapshot(label="x", files=["README.md"], markdown={"README.md": markdown}))
    result = grade(submission, parse_rubric(HOSTILE_RUBRIC, "h.yaml"), "en")
    env = {"GITHUB_WORKSPACE": str(folder), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    stdout = run_github(result, folder, env)
    commands = runner_commands(stdout)
    assert {c.name for c in commands} <= {"error", "warning", "notice", "stop-commands"}
    for command in commands:
        assert "\n" not in command.data and "\r" not in command.data
        assert "::" not in unescape_data(command.data).replace("%0A", "")
        for value in command.props.values():
            assert ":" not in value and "," not in value
    assert FAKE_TOKEN not in stdout
    sarif = json.loads(render_sarif(result))
    assert sarif["version"] == "2.1.0"
