"""The course's own task text for homework №1 (not student work): what students paste into answers.

The items of the assignment's «Задания» section, verbatim, so that the rubric's task fingerprint
(`rubrics/fingerprints/otus-mlops-hw1.yaml`, hashes only) recognises them as pasted task text.
`benchmarks/metamorphic.py` pastes the whole assignment instead when `../shared/assignment/` is there.
"""

from __future__ import annotations

TITLE = "Предварительный анализ задачи определения мошеннических финансовых операций"

HEADER = f"""# {TITLE}

**Домашнее задание №1**
**Курс MLOps**

## Задания

Вам предлагается на основе представленной информации:
"""

# (topic, item): the topic says which part of an answer the item asks for.
ITEMS: tuple[tuple[str, str], ...] = (
    (
        "goals",
        "1. **Сформулировать цели** проектируемой антифрод-системы в соответствии с требованиями заказчика.",
    ),
    (
        "ml-metric",
        "2. **Аргументированно выбрать метрику** машинного обучения, оптимизация которой, на ваш взгляд, "
        "позволит достичь поставленных целей.",
    ),
    (
        "canvas",
        "3. **Проанализировать особенности проекта** с использованием, например, MISSION Canvas. "
        "Это позволит выделить специфику проекта и формализовать требования к нему, "
        "подобрать инструментарий и критерии оценки.",
    ),
    (
        "decomposition",
        "4. **Попытаться декомпозировать** планируемую систему, определить ее основные функциональные части.",
    ),
    (
        "tasks",
        "5. **Определить задачи**, решение которых необходимо для достижения поставленных целей с учетом "
        "проведенного анализа. Задачи рекомендуется формулировать по принципу S.M.A.R.T.",
    ),
    (
        "kanban",
        "6. **Создать GitHub-репозиторий** для проекта и разместить в нем сформулированные задачи "
        "(~5 задач) на Kanban-доске в GitHub Projects со статусом «Новые».",
    ),
)

FOOTER = (
    "Для получения положительной оценки за работу необходимо выполнить **минимум первые три** "
    "вышеприведенные задания."
)
