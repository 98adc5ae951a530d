"""Chat texts (plain, within Telegram's limit, in the chat's order) and overridable templates."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from grader.publish.plaintext import TELEGRAM_LIMIT, fit, to_text, utf16_len
from tests.publish.conftest import publish
from tests.publish.github_stub import GitHubStub


def _chat(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["publish", str(folder), "--to", "telegram-text", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_chat_texts_are_plain_within_the_limit_and_in_the_chats_order(graded: Path) -> None:
    _chat(graded)
    files = sorted((graded / "messages").glob("*.txt"))
    assert len(files) == 5
    dave = next(p for p in files if p.name.startswith("dave-"))
    assert "не удалось проверить" in dave.read_text("utf-8") and "dave/missing" in dave.read_text("utf-8")
    files.remove(dave)
    for path in files:
        text = path.read_text("utf-8")
        assert utf16_len(text) <= TELEGRAM_LIMIT
        assert "**" not in text and "|---" not in text and "\\" not in text and "<!--" not in text
        assert re.search(
            r"README\.md:\d+ \(http://127\.0\.0\.1:\d+/\w+/\w+/blob/[0-9a-f]{40}/README\.md#L\d+\)", text
        )
    mallory = next(p for p in files if "octocat" in p.read_text("utf-8"))
    text = mallory.read_text("utf-8")
    assert "@\u2060octocat" in text and "@\u2060org/team" in text  # shown, but no ping
    assert not re.search(r"@(?=[A-Za-z])", text)
    whole = (graded / "messages.txt").read_text("utf-8")
    order = [whole.find(name) for name in ("Dave,", "Bob,", "Alice,", "Carol,", "octocat")]
    assert order == sorted(order) and -1 not in order  # by the time each hand-in was posted


def test_a_long_message_is_cut_with_a_note(graded: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "telegram.txt.j2").write_text(
        "{% for i in range(30) %}{{ feedback }}{% endfor %}\n", "utf-8"
    )
    _chat(graded, "--template-dir", str(templates))
    for path in (graded / "messages").glob("*.txt"):
        text = path.read_text("utf-8")
        assert utf16_len(text) <= TELEGRAM_LIMIT
        if not path.name.startswith("dave-"):
            assert text.rstrip().endswith(")") and "сокращено" in text


def test_fit_counts_utf16_and_cuts_one_long_line() -> None:
    text = "😀" * 3000  # 6,000 UTF-16 code units on one line
    cut = fit(text, "(cut)")
    assert utf16_len(cut) <= TELEGRAM_LIMIT and cut.endswith("(cut)")
    assert fit("short\n", "(cut)") == "short\n"


def test_markdown_is_stripped_and_links_kept() -> None:
    text = to_text(
        "# T\n\n**b** `code` [README.md:3](https://h/o/r/blob/x/README.md#L3) \\*x\\* &amp;\n\n- one\n"
    )
    assert text == "T\n\nb code README.md:3 (https://h/o/r/blob/x/README.md#L3) *x* &\n\n• one\n"


def test_templates_are_overridden_by_file_and_still_escape_student_text(
    graded: Path, stub: GitHubStub, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "signature.md.j2").write_text("-- {{ student.name }}, ваш преподаватель\n", "utf-8")
    (templates / "issue_title.txt.j2").write_text(
        "ДЗ: {{ score }}/{{ max_score }} {{ student.name }}\n", "utf-8"
    )
    result = publish(stub, graded, "--yes", "--template-dir", str(templates))
    assert result.exit_code == 3, result.output
    body = str(stub.repo("mallory/hw").issues[0]["body"])
    assert "ваш преподаватель" in body and "Здравствуйте" in body  # the override and the default greeting
    assert "<img" not in body.replace("\\<img", "") and "`@octocat`" in body
    assert body.rstrip().endswith("-->")  # the marker is added whatever the template says
    title = str(stub.repo("mallory/hw").issues[0]["title"])
    assert title.startswith("ДЗ: ") and "\n" not in title


def test_a_broken_template_is_one_error_line(graded: Path, stub: GitHubStub, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "issue_body.md.j2").write_text("ok\n{{ no_such_variable }}\n", "utf-8")
    result = publish(stub, graded, "--template-dir", str(templates))
    assert result.exit_code == 2
    assert "issue_body.md.j2:2: template error" in result.output and "no_such_variable" in result.output
    assert "Traceback" not in result.output


def test_a_rubrics_templates_folder_is_used_and_template_dir_wins(
    graded: Path, stub: GitHubStub, tmp_path: Path
) -> None:
    import shutil

    from tests.conftest import ROOT

    rubric = tmp_path / "course" / "otus-mlops-hw1.yaml"
    rubric.parent.mkdir()
    shutil.copy(ROOT / "rubrics" / "otus-mlops-hw1.yaml", rubric)
    text = rubric.read_text("utf-8").replace("\nversion:", "\ntemplates: delivery\nversion:", 1)
    rubric.write_text(text, "utf-8")
    (rubric.parent / "delivery").mkdir()
    (rubric.parent / "delivery" / "signature.md.j2").write_text("Кафедра MLOps\n", "utf-8")
    (rubric.parent / "delivery" / "greeting.md.j2").write_text("Привет из рубрики\n", "utf-8")
    override = tmp_path / "override"
    override.mkdir()
    (override / "greeting.md.j2").write_text("Привет из --template-dir\n", "utf-8")
    result = publish(stub, graded, "--yes", "--rubric", str(rubric), "--template-dir", str(override))
    assert result.exit_code == 3, result.output
    assert "not the rubric" not in result.output  # same rubric: same sha256 (templates are not graded)
    body = str(stub.repo("alice/hw").issues[0]["body"])
    assert "Кафедра MLOps" in body and "Привет из --template-dir" in body and "из рубрики" not in body


def test_a_body_over_githubs_limit_is_cut_with_a_note_and_keeps_its_marker(
    graded: Path, stub: GitHubStub, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "issue_body.md.j2").write_text(
        "{% for i in range(40) %}{{ feedback }}{% endfor %}\n", "utf-8"
    )
    assert publish(stub, graded, "--yes", "--template-dir", str(templates)).exit_code == 3
    body = str(stub.repo("alice/hw").issues[0]["body"])
    assert len(body) <= 65_536 and "отзыв сокращён" in body
    assert body.rstrip().endswith("-->") and "<!-- grader:otus-mlops-hw1:" in body
