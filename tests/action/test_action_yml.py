"""action.yml and the example workflow: they parse, agree with each other, and the action's grading
step (its real bash script, taken from action.yml) runs under a simulated Actions environment."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from grader.resources.bundled import bundled_ids

from ..conftest import ROOT
from .conftest import ActionsRun, actions_env, build_workspace, installed_grader, runner_commands

ACTION = ROOT / "action.yml"
EXAMPLE = ROOT / "examples" / "self-check.yml"
CI = ROOT / ".github" / "workflows" / "ci.yml"


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def step(step_id: str) -> dict[str, Any]:
    (found,) = [s for s in load(ACTION)["runs"]["steps"] if s.get("id") == step_id]
    return found


def test_action_parses_and_every_input_it_reads_is_declared() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    declared = set(action["inputs"])
    assert declared == {"rubric", "lang", "threshold", "fail-below", "path", "sarif"}
    read = set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", ACTION.read_text(encoding="utf-8")))
    assert read == declared
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
        assert isinstance(spec.get("default"), str), f"input {name} needs a string default"
    assert action["inputs"]["rubric"]["default"] == "otus-mlops-hw1"
    assert action["inputs"]["lang"]["default"] == "ru"


def test_every_run_step_declares_a_shell_and_pastes_no_expression_into_scripts() -> None:
    for s in load(ACTION)["runs"]["steps"]:
        if "run" in s:
            assert s.get("shell") == "bash"
            assert "${{" not in s["run"], f"step {s.get('id')}: expressions go through env"


def test_action_outputs_are_the_ones_the_grader_writes(repo: ActionsRun) -> None:
    run_step(repo, "grade", path="hw2")
    outputs = load(ACTION)["outputs"]
    assert set(outputs) == set(repo.outputs()) == {"score", "max-score", "percent", "passed", "report-json"}
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.grade.outputs.{name} }}}}"


def test_example_workflow_uses_the_tagged_action_with_declared_inputs() -> None:
    example = load(EXAMPLE)
    triggers = example.get("on", example.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    declared = set(load(ACTION)["inputs"])
    uses = [s for job in example["jobs"].values() for s in job["steps"] if "grader" in s.get("uses", "")]
    assert uses and all(s["uses"] == "your-org/grader@v1" for s in uses)
    for s in uses:
        assert set(s.get("with", {})) <= declared


def test_ci_dogfoods_the_action_on_a_sample() -> None:
    if not CI.is_file():
        pytest.skip("no .github/workflows/ci.yml yet")
    steps = [s for job in load(CI)["jobs"].values() for s in job.get("steps", [])]
    local = [s for s in steps if s.get("uses") == "./"]
    assert local and any("sample_submissions/strong-ru" in str(s.get("with", {}).get("path")) for s in local)


@pytest.mark.parametrize("path", [EXAMPLE, CI], ids=["example", "ci"])
def test_actionlint(path: Path) -> None:
    """actionlint checks workflows (not action metadata); it runs where it is installed."""
    beside_python = Path(sys.executable).parent / "actionlint"  # a venv's, when it is not on PATH
    actionlint = str(beside_python) if beside_python.is_file() else shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (the dev extra installs it on Linux x86-64)")
    done = subprocess.run([actionlint, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout


def run_step(run: ActionsRun, step_id: str, **inputs: str) -> subprocess.CompletedProcess[str]:
    """Run the step's script as the runner does (`bash --noprofile --norc -eo pipefail`)."""
    script = run.workspace.parent / f"{step_id}.sh"
    script.write_text(step(step_id)["run"], encoding="utf-8")
    env = dict(run.env)
    defaults = {name: spec["default"] for name, spec in load(ACTION)["inputs"].items()}
    for name, value in {**defaults, **inputs}.items():
        env[f"INPUT_{name.replace('-', '_').upper()}"] = value
    env["GRADER"] = str(installed_grader())
    env["PYTHON"] = sys.executable
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=run.workspace.parent,
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> ActionsRun:
    workspace = build_workspace(tmp_path, "partial-ru", sub="hw1")
    shutil.copytree(ROOT / "sample_submissions" / "strong-en", workspace / "hw2")
    (workspace / "rubrics").mkdir()
    shutil.copy(ROOT / "rubrics" / "otus-mlops-hw1.yaml", workspace / "rubrics" / "mine.yaml")
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", workspace / "escape")
    return actions_env(tmp_path, workspace)


def test_grade_step_with_every_input(repo: ActionsRun) -> None:
    done = run_step(
        repo, "grade", path="hw2", lang="EN", threshold="50", **{"fail-below": "false"}, sarif="g.sarif"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    outputs = repo.outputs()
    report = Path(outputs["report-json"])
    assert outputs["passed"] == "true" and report.parent == repo.temp and report.name.endswith(".json")
    assert json.loads(report.read_text(encoding="utf-8"))["passed"] is True
    assert (repo.workspace / "g.sarif").is_file()
    assert "(threshold 50%)" in repo.summary.read_text(encoding="utf-8")
    assert "Graded: `hw2`" in repo.summary.read_text(encoding="utf-8")
    for command in runner_commands(done.stdout):
        assert command.props.get("file", "hw2/").startswith("hw2/")


def test_grade_step_fails_below_the_threshold_by_default(repo: ActionsRun) -> None:
    done = run_step(repo, "grade", path="hw1", rubric="rubrics/mine.yaml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert repo.outputs()["passed"] == "false"
    assert "## ❌ Результат проверки" in repo.summary.read_text(encoding="utf-8")
    files = {c.props["file"] for c in runner_commands(done.stdout) if c.name in ("error", "warning")}
    assert files == {"hw1/README.md"}


@pytest.mark.parametrize(
    ("inputs", "name", "why"),
    [
        ({"lang": "de"}, "lang", "use ru or en"),
        ({"fail-below": "maybe"}, "fail-below", "is not true or false"),
        ({"threshold": "abc"}, "threshold", "not a percent"),
        ({"threshold": "150"}, "threshold", "not a percent"),
        ({"path": "../outside"}, "path", "outside the repository"),
        ({"path": "escape"}, "path", "outside the repository"),  # a symlink out of the repo
        ({"path": "/etc"}, "path", "relative to the repository root"),
        ({"path": "nope"}, "path", "not a folder"),
        ({"rubric": "rubrics/missing.yaml"}, "rubric", "no such rubric file"),
        ({"rubric": "../x.yaml"}, "rubric", "outside the repository"),
        ({"rubric": "no-such-id"}, "rubric", f"neither a bundled rubric ({', '.join(bundled_ids())})"),
        ({"sarif": "../g.sarif"}, "sarif", "outside the repository"),
        ({"lang": "ru\n::add-mask::x"}, "lang", "use ru or en"),
        ({"lang": "x ##[add-mask]y %0A"}, "lang", "'x #\u200b#[add-mask]y %250A'"),
    ],
)
def test_bad_input_is_one_error_naming_it(
    repo: ActionsRun, inputs: dict[str, str], name: str, why: str
) -> None:
    done = run_step(repo, "grade", **inputs)
    assert done.returncode == 2, done.stdout + done.stderr
    (command,) = runner_commands(done.stdout)
    assert command.name == "error" and command.data.startswith(f"input '{name}': ")
    assert why in command.data
    assert repo.output.read_text() == ""


def test_cache_key_step_hashes_the_action_pyproject(repo: ActionsRun) -> None:
    done = run_step(repo, "cache-key")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split("=", 1) for line in repo.output.read_text().splitlines())
    assert re.fullmatch(r"[0-9a-f]{16}", lines["hash"]) and lines["dir"]


def test_the_example_workflow_inputs_grade_a_sample_as_a_new_user_would(tmp_path: Path) -> None:
    """What a student gets after copying the example: its `with:` values, a strong answer, a green run."""
    (grader_step,) = [s for s in load(EXAMPLE)["jobs"]["self-check"]["steps"] if s.get("id") == "grader"]
    run = actions_env(tmp_path, build_workspace(tmp_path, "strong-ru"))
    done = run_step(run, "grade", **{k: str(v) for k, v in grader_step["with"].items()})
    assert done.returncode == 0, done.stdout + done.stderr
    summary = run.summary.read_text(encoding="utf-8")
    assert summary.startswith("## ✅ Результат проверки") and "### Что исправить" in summary
    assert run.outputs()["passed"] == "true"


def test_docs_list_every_input_with_its_default_and_every_option() -> None:
    from grader.cli.check import check_command

    docs = (ROOT / "docs" / "self-check.md").read_text(encoding="utf-8")
    for name, spec in load(ACTION)["inputs"].items():
        row = re.search(rf"^\| `{re.escape(name)}` \| ([^|]+) \|", docs, re.M)
        assert row, f"docs/self-check.md has no row for input {name}"
        if spec["default"]:
            assert f"`{spec['default']}`" in row.group(1)
    options = {opt for p in check_command.params for opt in (*p.opts, *p.secondary_opts)}
    for documented in re.findall(r"^\| `(--[a-z-]+)", docs, re.M):
        assert documented in options, documented
    assert "your-org/grader@v1" in docs
