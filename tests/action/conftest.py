"""A simulated GitHub Actions run: a workspace built at test time, the runner's files, its env."""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import ROOT, SAMPLES

FAKE_TOKEN = "ghp_" + "A1b2C3d4E5" * 4  # shaped like a token; never a real one
HOSTILE_TITLE = (
    f"Цели ::error::pwned %0A::set-output name=grade::100 ::stop-commands::abc x ##[add-mask]y {FAKE_TOKEN}"
)
HOSTILE_RUBRIC = """\
id: hostile
title: Hostile
version: "1"
pass_threshold: 50
criteria:
  - id: goals
    title: Goals
    points: 3
    check: section
    params: {synonyms: [цели], min_words: 50}
  - id: canvas
    title: Canvas
    points: 2
    check: section
    params: {synonyms: [canvas]}
"""


@dataclass
class ActionsRun:
    """The files and environment the runner gives a step."""

    workspace: Path
    summary: Path
    output: Path
    temp: Path
    env: dict[str, str]

    def outputs(self) -> dict[str, str]:
        """Parse $GITHUB_OUTPUT (heredoc form) as the runner does."""
        values: dict[str, str] = {}
        lines = iter(self.output.read_text(encoding="utf-8").splitlines())
        for line in lines:
            name, delimiter = line.split("<<", 1)
            body = []
            for part in lines:
                if part == delimiter:
                    break
                body.append(part)
            values[name] = "\n".join(body)
        return values


def build_workspace(root: Path, sample: str, sub: str = "") -> Path:
    """A fresh repository folder holding a copy of a sample submission (optionally in a subfolder)."""
    workspace = root / "workspace"
    target = workspace / sub if sub else workspace
    shutil.copytree(SAMPLES / sample, target, dirs_exist_ok=True)
    (target / "expected.json").unlink(missing_ok=True)
    return workspace


def actions_env(tmp_path: Path, workspace: Path, **extra: str) -> ActionsRun:
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    summary, output, temp = runner / "step_summary.md", runner / "github_output", runner / "temp"
    summary.write_text("", encoding="utf-8")
    output.write_text("", encoding="utf-8")
    temp.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_"))}
    env.pop("PYTHONPATH", None)
    env.update(
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(output),
        GITHUB_SERVER_URL="https://github.example",
        GITHUB_REPOSITORY="student/homework",
        GITHUB_SHA="0123456789abcdef0123456789abcdef01234567",
        GITHUB_ACTION_PATH=str(ROOT),
        RUNNER_TEMP=str(temp),
        GITHUB_TOKEN=FAKE_TOKEN,
        **extra,
    )
    return ActionsRun(workspace, summary, output, temp, env)


def installed_grader() -> Path:
    script = Path(sys.executable).parent / "grader"
    if not script.exists():
        pytest.skip(f"no installed `grader` script beside {sys.executable}")
    return script


@dataclass
class Command:
    name: str
    props: dict[str, str]
    data: str


def runner_commands(stdout: str) -> list[Command]:
    """Parse stdout the way the Actions runner does, honouring ::stop-commands:: blocks.

    Fails when a legacy `##[` command would match anywhere, or a block never resumes.
    """
    commands: list[Command] = []
    stop_token: str | None = None
    for raw in stdout.splitlines():
        assert "##[" not in raw, f"legacy command marker in {raw!r}"
        line = raw.strip()
        if stop_token is not None:
            if line == f"::{stop_token}::":
                stop_token = None
            continue
        match = re.match(r"^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$", line)
        if not match:
            assert not line.startswith("::"), f"malformed command {line!r}"
            continue
        name, props_text, data = match.groups()
        props = dict(p.split("=", 1) for p in props_text.split(",")) if props_text else {}
        if name == "stop-commands":
            stop_token = data
        commands.append(Command(name, props, data))
    assert stop_token is None, "a stop-commands block was never resumed"
    return commands


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))
