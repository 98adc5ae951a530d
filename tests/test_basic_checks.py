"""The slice's check types: file-exists, section, min-words (positive, negative, tricky; ru and en)."""

from __future__ import annotations

from typing import Any

import pytest

from grader.checks import CheckOutcome, Status, get_check, registry
from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission
from grader.resources.bundled import bundled_dir


def run(name: str, tree: dict[str, str], **params: Any) -> CheckOutcome:
    check_type = get_check(name)
    assert check_type is not None
    snapshot = Snapshot(
        label="t",
        files=sorted(tree),
        markdown={k: v.encode() for k, v in tree.items() if k.endswith(".md")},
    )
    return check_type.run(build_submission(snapshot), check_type.params(**params))


def test_registry_lists_the_slice_checks() -> None:
    assert {"file-exists", "section", "min-words"} <= set(registry())


@pytest.mark.parametrize(
    ("files", "patterns", "status"),
    [
        ({"README.md": "x"}, ["README.md"], Status.PASS),
        ({"docs/readme.MD": "x"}, ["README.md"], Status.PASS),  # any folder, any case
        ({"docs/a.md": "x"}, ["docs/**/*.md"], Status.PASS),
        ({"docs/sub/a.md": "x"}, ["docs/**/*.md"], Status.PASS),
        ({"other/a.md": "x"}, ["docs/*.md"], Status.FAIL),
        ({"main.py": "x"}, ["*.md"], Status.FAIL),
    ],
)
def test_file_exists(files: dict[str, str], patterns: list[str], status: Status) -> None:
    assert run("file-exists", files, patterns=patterns).status is status


def test_file_exists_partial_and_case_sensitive() -> None:
    outcome = run("file-exists", {"a.md": "x", "b.png": "x"}, patterns=["*.md"], min_count=2)
    assert (outcome.status, outcome.met) == (Status.PARTIAL, 0.5)
    assert outcome.findings[0].code == "file-exists.missing"
    assert run("file-exists", {"readme.md": "x"}, patterns=["README.md"], case_sensitive=True).status is (
        Status.FAIL
    )


@pytest.mark.parametrize(
    ("heading", "synonyms"),
    [
        ("## 1. Бизнес-метрики проекта", ["бизнес метрики"]),
        ("## БИЗНЕС МЕТРИКИ:", ["бизнес-метрики"]),
        ("### Ещё раз о метриках", ["еще раз"]),  # ё/е
        ("## **Business** _metrics_ ##", ["business metrics"]),
        ("## Goals & metrics", ["goals"]),
    ],
)
def test_section_matches_synonyms_ignoring_case_punctuation_yo(heading: str, synonyms: list[str]) -> None:
    outcome = run("section", {"README.md": f"{heading}\n\nтри слова здесь\n"}, synonyms=synonyms, min_words=3)
    assert outcome.status is Status.PASS
    assert outcome.evidence[0].file == "README.md"
    assert outcome.evidence[0].line == 1


def test_section_does_not_match_inside_words() -> None:
    outcome = run("section", {"README.md": "## Метрики\n\nтекст\n"}, synonyms=["метрика"])
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].code == "section.missing"


def test_section_counts_subsections_and_gives_partial_credit() -> None:
    text = "# Цели\n\nодин два\n\n## Детали\n\nтри четыре\n\n# Другое\n\nпять шесть семь\n"
    full = run("section", {"README.md": text}, synonyms=["цели"], min_words=5)
    assert full.status is Status.PASS  # 4 words of content + the subsection's heading
    short = run("section", {"README.md": text}, synonyms=["цели"], min_words=10)
    assert short.status is Status.PARTIAL
    assert short.met == pytest.approx(0.5)
    finding = short.findings[0]
    assert (finding.code, finding.file, finding.line) == ("section.too_short", "README.md", 1)
    assert finding.args == {"title": "Цели", "words": 5, "min_words": 10}


def test_section_picks_the_fullest_match_across_files() -> None:
    files = {"README.md": "# Goals\n\nTBD\n", "hw1/answer.md": "# Goals\n\none two three four five\n"}
    outcome = run("section", files, synonyms=["goals"], min_words=5)
    assert outcome.status is Status.PASS
    assert outcome.evidence[0].file == "hw1/answer.md"


def test_empty_section_fails_with_a_located_finding() -> None:
    outcome = run("section", {"README.md": "# Цели\n# Метрика\n"}, synonyms=["цели"], min_words=3)
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].line == 1


def test_min_words_counts_only_matching_documents() -> None:
    files = {"README.md": "one two three", "notes/x.md": "four five", "code.py": "a b c d e f"}
    assert run("min-words", files, min_words=5).status is Status.PASS
    readme_only = run("min-words", files, min_words=5, files=["README.md"])
    assert (readme_only.status, readme_only.met) == (Status.PARTIAL, 0.6)
    assert run("min-words", {"main.py": "x"}, min_words=5).status is Status.FAIL


def test_words_count_hyphenated_russian_compounds_once() -> None:
    outcome = run("min-words", {"README.md": "бизнес-метрики и ML-метрики"}, min_words=3)
    assert outcome.status is Status.PASS
    assert run("min-words", {"README.md": "бизнес-метрики и ML-метрики"}, min_words=4).status is (
        Status.PARTIAL
    )


@pytest.mark.parametrize(
    "heading", ["**Декомпозиция системы**", "ДЕКОМПОЗИЦИЯ СИСТЕМЫ:", "<summary>Декомпозиция</summary>"]
)
def test_a_line_standing_for_a_heading_is_a_section(heading: str) -> None:
    text = f"# Ответ\n\n{heading}\n\n- приём транзакций\n- признаки\n- модель\n- мониторинг\n"
    outcome = run("section", {"README.md": text}, synonyms=["декомпозиция"], min_words=5)
    assert outcome.status is Status.PASS
    assert outcome.evidence[0].line == 3


def test_a_word_in_prose_is_not_a_pseudo_heading() -> None:
    text = "# Ответ\n\nДекомпозиция системы будет сделана позже, когда появятся данные о нагрузке.\n"
    outcome = run("section", {"README.md": text}, synonyms=["декомпозиция"], min_words=5)
    assert outcome.status is Status.FAIL


def test_a_section_counts_the_answer_glued_under_a_pasted_task_line_but_not_the_task() -> None:
    from grader.engine.locate import locate
    from grader.rubric.model import Locate

    task = "4. Попытаться декомпозировать планируемую систему, определить ее основные функциональные части."
    text = f"# Ответ\n\n## Декомпозиция\n\n{task}\nПриём транзакций, признаки, модель, мониторинг.\n"
    files = {"README.md": text}
    snapshot = Snapshot(label="t", files=sorted(files), markdown={k: v.encode() for k, v in files.items()})
    spec = Locate.model_validate({"fingerprint": "otus-mlops-hw1"}, context={"rubric_dir": bundled_dir()})
    submission = locate(build_submission(snapshot), spec)
    assert submission.ignored_lines["README.md"] == {5}
    check = registry()["section"]
    params = check.params.model_validate({"synonyms": ["декомпозиция"], "min_words": 10})
    outcome = check.run(submission, params)
    assert outcome.status is Status.PARTIAL
    assert outcome.met == pytest.approx(0.5)  # the answer line's 5 words, none of the task's 10


def test_a_numbered_bold_step_runs_past_the_bold_lines_under_it_to_the_next_step() -> None:
    text = (
        "**Шаг 4: Декомпозиция системы**\n\n**1. Сбор данных**\nКафка и хранилище.\n\n"
        "**2. Модель**\nБустинг, признаки, мониторинг дрейфа.\n\n**Шаг 5: Задачи**\n\nСобрать данные.\n"
    )
    outcome = run("section", {"README.md": text}, synonyms=["декомпозиция"], min_words=8)
    assert outcome.status is Status.PASS  # both items' words, not the next step's
    assert "Собрать" not in outcome.evidence[0].text


def test_every_check_module_of_the_package_is_registered() -> None:
    import pkgutil
    import sys

    import grader.checks
    from grader.checks import registry

    registry()
    modules = {m.name for m in pkgutil.iter_modules(grader.checks.__path__) if not m.name.startswith("_")}
    loaded = {name.rsplit(".", 1)[1] for name in sys.modules if name.startswith("grader.checks.")}
    assert modules - {"base"} <= loaded, "a check module missing from grader/checks/__init__.py:_load_checks"


BODY = "\n\n- приём транзакций\n- признаки\n- модель\n- мониторинг\n"


@pytest.mark.parametrize(
    "heading", ["## Описание архитектуры", "**Описание архитектуры**", "ОПИСАНИЕ АРХИТЕКТУРЫ:"]
)
def test_a_synonym_with_an_ending_pattern_matches_headings_and_lines_standing_for_them_alike(
    heading: str,
) -> None:
    outcome = run(
        "section", {"README.md": f"# Ответ\n\n{heading}{BODY}"}, synonyms=["архитектур*"], min_words=5
    )
    assert outcome.status is Status.PASS


def test_a_synonym_with_every_form_matches_an_inflected_heading_and_only_that_word() -> None:
    found = run(
        "section", {"README.md": f"# Ответ\n\n## Этапы декомпозиции{BODY}"}, synonyms=["~декомпозиция"]
    )
    assert found.status is Status.PASS
    other = run(
        "section", {"README.md": f"# Ответ\n\n## Композиция команды{BODY}"}, synonyms=["~декомпозиция"]
    )
    assert other.status is Status.FAIL


def test_a_report_names_the_synonyms_as_headings_never_as_patterns() -> None:
    outcome = run(
        "section",
        {"README.md": "# Ответ\n"},
        synonyms=["декомпозиция", "декомпоз*", "~часть", "architecture"],
    )
    assert outcome.findings[0].args["synonyms"] == {
        "ru": ["декомпозиция", "architecture"],
        "en": ["architecture", "декомпозиция"],
    }


def test_the_course_rubric_takes_the_decomposition_under_an_inflected_heading_not_in_the_pasted_task() -> (
    None
):
    from grader.rubric.load import load_rubric

    [criterion] = [c for c in load_rubric("otus-mlops-hw1").criteria if c.criterion.id == "decomposition"]
    synonyms = criterion.params.synonyms  # type: ignore[attr-defined]
    text = "# ДЗ 1\n\n## Компонентная схема системы\n\n" + "Сервис приёма транзакций, признаки, модель. " * 4
    assert run("section", {"README.md": text}, synonyms=synonyms, min_words=10).status is Status.PASS
    # the assignment's own words (`…декомпозировать систему анализа данных…`) name no section
    task = "# ДЗ 1\n\n**Попытаться декомпозировать планируемую систему**\n\n" + "текст " * 30
    assert run("section", {"README.md": task}, synonyms=synonyms, min_words=10).status is Status.FAIL
