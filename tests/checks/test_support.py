"""The pieces under the domain checks: fingerprints, term matching, the accuracy arithmetic."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from grader.checks.hygiene import HygieneParams
from grader.text.fingerprint import (
    Shingles,
    copied_by_shingles,
    copied_lines,
    fingerprint,
    shingles,
    word_keys,
)
from grader.text.terms import classify, has_term

ROOT = Path(__file__).resolve().parents[2]


def _benchmark(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_a_fingerprint_keeps_hashes_not_text_and_finds_copied_lines() -> None:
    task = "# Задание\n\nСформулируйте цели проектируемой системы по требованиям заказчика.\n"
    hashes = fingerprint(task)
    assert hashes and all(len(h) == 16 and "цел" not in h for h in hashes)
    lines = [
        (1, "## Сформулируйте **цели** проектируемой системы по требованиям заказчика."),
        (2, "Мои цели: снизить ущерб до 500 тыс. ₽ в месяц."),
        (3, "коротко"),
    ]
    assert copied_lines(lines, frozenset(hashes)) == {1}


TASK = (
    "Из открытых источников известно, что у ближайших конкурентов на каждую сотню проводимых их "
    "клиентами транзакций фиксируется не более двух мошеннических, приводящих к потере денежных средств."
)


def test_shingles_find_the_task_wrapped_across_lines_and_lightly_edited() -> None:
    runs = Shingles(shingles(TASK), word_keys(TASK))
    assert runs.runs and all(len(h) == 16 for h in shingles(TASK))
    pasted = [
        (1, "Из открытых источников известно, что у ближайших конкурентов на каждую"),
        (2, "сотню проводимых их клиентами транзакций фиксируется не более двух"),
        (3, "мошеннических, приводящих к **потере** средств."),
        (4, ""),
        (5, "Наша цель: не более двух мошеннических операций на сотню, ущерб до 500 тыс."),
    ]
    assert copied_by_shingles(pasted, runs) == {1, 2, 3}


def test_an_answer_sharing_a_phrase_with_the_task_is_not_copied() -> None:
    runs = Shingles(shingles(TASK), word_keys(TASK))
    answer = [(1, "Как и у ближайших конкурентов, допускаем не более двух мошеннических операций на сотню.")]
    assert copied_by_shingles(answer, runs) == set()


def test_the_bundled_fingerprint_matches_the_generator(tmp_path: Path) -> None:
    task = ROOT.parent / "shared" / "assignment" / "otus-mlops-hw1-task.ru.md"
    if not task.is_file():
        pytest.skip("the assignment text is not beside the checkout")
    out = tmp_path / "fp.yaml"
    module = _benchmark("make_fingerprint")
    assert module.main([str(task), str(out)]) == 0  # type: ignore[attr-defined]
    bundled = (ROOT / "rubrics" / "fingerprints" / "otus-mlops-hw1.yaml").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == bundled


def test_terms_match_inflections_and_gaps_on_word_boundaries() -> None:
    assert has_term(["ущерб*"], "Снизить ущерба клиентов")
    assert not has_term(["auc"], "sauce")
    assert has_term(["доля корректн* транзакц*"], "доля корректных клиентских транзакций", gap=2)
    assert not has_term(["доля корректн* транзакц*"], "доля корректных клиентских транзакций")
    groups = {"recall": ["recall", "полнот*"], "roc": ["roc auc"]}
    assert classify(groups, "Полнота и ROC-AUC") == {"recall", "roc"}
    assert classify(groups, "precision") == frozenset()


def test_spearman_and_exact_mapping_of_the_accuracy_script() -> None:
    module = _benchmark("accuracy")
    spearman = module.spearman  # type: ignore[attr-defined]
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [1, 1, 2]) == pytest.approx(1.0)


def test_the_accuracy_script_skips_a_missing_folder(capsys: pytest.CaptureFixture[str]) -> None:
    module = _benchmark("accuracy")
    assert module.main(["/no/such/folder"]) == 0  # type: ignore[attr-defined]
    assert "not found, skipped" in capsys.readouterr().out


def test_placeholder_patterns_with_global_flags_are_a_rubric_error() -> None:
    with pytest.raises(ValidationError, match="scoped"):
        HygieneParams(placeholders=[r"\bTODO\b", r"(?i)lorem"])


def test_a_lemma_term_matches_every_form_and_a_bare_word_only_itself() -> None:
    assert has_term(["~позволять"], "Выбранные метрики позволяют оценить конкурентоспособность")
    assert has_term(["~позволить"], "это позволило снизить ущерб")
    assert not has_term(["~позволять"], "это позволило снизить ущерб")  # another aspect, another lemma
    assert has_term(["~доля ложн* срабатыван*"], "снизить долю ложных срабатываний")
    assert not has_term(["~позволять"], "позвонить заказчику")
    # the form carries the meaning: «Задачи» (the tasks) is not «Задача» (the problem)
    assert has_term(["задачи"], "Задачи проекта")
    assert not has_term(["задачи"], "Задача: внедрить модуль")
    groups = {"reason": ["~позволять"], "tasks": ["задачи"]}
    assert classify(groups, "Метрики позволяют понять; задача ясна") == {"reason"}
