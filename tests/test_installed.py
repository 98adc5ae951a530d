"""`pip install .` gives a working `grader`: a wheel installed into a fresh venv, run as a script.

The venv gets only the built wheel; its dependencies come from the test environment through a .pth
line, so the test needs no network and still proves the package (bundled rubrics included) is whole.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES

CASES = sorted(p.parent for p in SAMPLES.rglob("expected.json"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling (dev extra)")
    base = tmp_path_factory.mktemp("installed")
    wheelhouse = base / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheelhouse),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheelhouse.glob("grader-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    # dependencies from the test environment, after the venv's own site-packages
    Path(purelib, "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir / "bin" / "grader"


def run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_installed_script_uses_its_own_copy(installed: Path, tmp_path: Path) -> None:
    code = "import grader, sys; print(grader.__file__)"
    python = installed.parent / "python"
    where = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert str(ROOT) not in where.stdout
    assert run(installed, "--version", cwd=tmp_path).stdout.startswith("grader, version")


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(SAMPLES)) for c in CASES])
def test_installed_script_grades_every_sample(installed: Path, case: Path, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = run(installed, "check", str(case), "--rubric", expected["rubric"], "-f", "json", cwd=tmp_path)
    assert result.returncode == expected.get("exit_code", result.returncode), result.stderr
    report = json.loads(result.stdout)
    assert report["rubric"]["id"] == expected["rubric"]


@pytest.mark.parametrize("rubric_id", ["otus-mlops-hw1", "otus-mlops-hw2-data-pipeline"])
def test_installed_rubric_test_finds_the_packaged_cases(
    installed: Path, rubric_id: str, tmp_path: Path
) -> None:
    """The bundled cases ship in the wheel: no checkout, no --cases, run from anywhere."""
    result = run(installed, "rubric", "test", rubric_id, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].endswith(" passed, 0 failed") and not lines[-1].startswith("0 ")
    assert "site-packages" not in result.stdout


def test_installed_scaffold_points_at_the_installed_schema(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "rubric", "init", cwd=tmp_path)
    schema = Path(result.stdout.splitlines()[0].split("$schema=", 1)[1])
    assert schema.is_file() and str(ROOT) not in str(schema)
    (tmp_path / "r.yaml").write_text(result.stdout, encoding="utf-8")
    assert run(installed, "rubric", "validate", "r.yaml", cwd=tmp_path).returncode == 0


def test_installed_script_reports_bad_input_without_traceback(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "check", str(tmp_path / "missing"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_installed_package_carries_the_catalogue_of_wording(installed: Path, tmp_path: Path) -> None:
    """grader/words/*.yaml are package data: the installed copy says a Russian text, not a bare code."""
    code = (
        "from grader.words import catalogue, say; from grader.words.catalogue import AREAS; "
        "import importlib.resources as r; "
        "print(all(r.files('grader.words').joinpath(a + '.yaml').is_file() for a in AREAS), "
        "len(catalogue()), say('unit.points', 'ru', n=2))"
    )
    python = installed.parent / "python"
    env = {**os.environ, "GRADER_STRICT_WORDS": "1"}
    env.pop("PYTHONPATH", None)
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    ok, count, said = out.stdout.split(" ", 2)
    assert ok == "True" and int(count) > 200 and said.strip() == "2 балла"
