"""Every sentence the grader says about a submission, in Russian and English, keyed by code.

Checks and the fetch layer report codes with facts; only this catalog turns them into words.
"""

from __future__ import annotations

from typing import Any

from grader.lang import Lang

CATALOG: dict[str, dict[Lang, str]] = {
    # checks
    "file-exists.missing": {
        "ru": "Не найден файл по шаблону {patterns} (найдено {found} из {min_count}): добавьте его.",
        "en": "No file matches {patterns} (found {found} of {min_count}): add it.",
    },
    "section.missing": {
        "ru": "Нет раздела с заголовком вроде «{synonyms}»: добавьте такой заголовок и раздел под ним.",
        "en": "No section headed like “{synonyms}”: add such a heading with the section under it.",
    },
    "section.too_short": {
        "ru": "Раздел «{title}» слишком короткий: {words} слов из {min_words} нужных — раскройте его.",
        "en": "Section “{title}” is too short: {words} of {min_words} words needed — expand it.",
    },
    "min-words.too_short": {
        "ru": "В документах {words} слов из {min_words} нужных: ответ слишком краткий.",
        "en": "The documents hold {words} of {min_words} words needed: the answer is too brief.",
    },
    "located.heading": {
        "ru": "{where} (заголовок называет ДЗ {homework})",
        "en": "{where} (its heading names homework {homework})",
    },
    "located.files": {"ru": "{where}", "en": "{where}"},
    "located.close": {
        "ru": "; ответ похож и на: {where}",
        "en": "; close too: {where}",
    },
    "located.unsure": {
        "ru": " — но своих слов здесь почти нет: проверьте, та ли это часть",
        "en": " — but it holds almost none of your own words: check it is the right part",
    },
    "located.linked": {
        "ru": "; и документы, на которые оттуда ссылки: {where}",
        "en": "; and the documents it links to: {where}",
    },
    "located.link": {
        "ru": "{where} (на эту папку указывает ссылка)",
        "en": "{where} (the link points at this folder)",
    },
    "located.path": {
        "ru": "{where} (имя совпадает с ДЗ {homework})",
        "en": "{where} (its name matches homework {homework})",
    },
    "located.keywords": {
        "ru": "{where} (здесь больше всего о теме задания)",
        "en": "{where} (most of the homework's subject is there)",
    },
    "check.crashed": {
        "ru": "Проверка не выполнилась из-за ошибки грейдера ({error}); критерий нужно проверить вручную.",
        "en": "The check failed with a grader error ({error}); review this criterion by hand.",
    },
    # warnings (codes from CONVENTIONS.md)
    "decoded_cp1251": {
        "ru": "Файл не в UTF-8, прочитан как cp1251: сохраните его в UTF-8.",
        "en": "The file is not UTF-8 and was read as cp1251: save it as UTF-8.",
    },
    "decoded_utf16": {
        "ru": "Файл в UTF-16, прочитан: сохраните его в UTF-8.",
        "en": "The file is UTF-16 and was read: save it as UTF-8.",
    },
    "binary_markdown": {
        "ru": "Файл с расширением .md — не текст (двоичные данные): он пропущен.",
        "en": "A file named .md is binary, not text: it was skipped.",
    },
    "unreadable_document": {
        "ru": "Документ Word не удалось прочитать (повреждён или слишком велик): сохраните ответ в markdown.",
        "en": "The Word document could not be read (damaged or too large): write the answer in markdown.",
    },
    "lfs_pointer": {
        "ru": "Файл хранится в Git LFS (в репозитории только указатель): он пропущен.",
        "en": "The file is a Git LFS pointer, not its content: it was skipped.",
    },
    "symlink_skipped": {
        "ru": "Символическая ссылка не читается: положите в репозиторий сам файл.",
        "en": "A symbolic link is not followed: commit the file itself.",
    },
    "submodule_skipped": {
        "ru": "Подмодуль git не проверяется: положите документы в сам репозиторий.",
        "en": "A git submodule is not graded: put the documents in the repository itself.",
    },
    "file_too_large": {
        "ru": "Файл больше {limit} байт ({size}): он пропущен.",
        "en": "The file is larger than {limit} bytes ({size}): it was skipped.",
    },
    "too_many_files": {
        "ru": "В репозитории больше {limit} файлов: остальные не просмотрены.",
        "en": "The repository has more than {limit} files: the rest were not looked at.",
    },
    "parse_timeout": {
        "ru": "Разбор файла занял больше {seconds} с: он пропущен — упростите разметку.",
        "en": "Parsing the file took over {seconds} s: it was skipped — simplify its markup.",
    },
    "nesting_truncated": {
        "ru": "Слишком глубокая вложенность (больше {depth}): глубже не просмотрено.",
        "en": "Nesting deeper than {depth}: what lies deeper was not looked at.",
    },
    "merge_conflict_markers": {
        "ru": "В файле остались маркеры конфликта слияния (<<<<<<<): разрешите конфликт.",
        "en": "The file still has merge-conflict markers (<<<<<<<): resolve the conflict.",
    },
    "no_markdown": {
        "ru": "В сдаче нет ни одного markdown-файла (*.md): оценивать нечего.",
        "en": "The submission has no markdown file (*.md): there is nothing to grade.",
    },
    # batch: a student's other link graded when the chosen one cannot be found
    "batch.graded_other_link": {
        "ru": "ссылка {chosen} не найдена; проверена другая ссылка студента",
        "en": "the link {chosen} was not found; another link of the student was graded",
    },
}


def register_messages(messages: dict[str, dict[Lang, str]]) -> None:
    """Add a module's messages (a check keeps its wording beside it); a code may be defined once."""
    for code, texts in messages.items():
        if code in CATALOG and CATALOG[code] != texts:
            raise ValueError(f"message code {code!r} is defined twice")
        CATALOG[code] = texts


def render(code: str, args: dict[str, Any], lang: Lang) -> str:
    """The message for a code in a language; unknown codes fall back to the code and its facts."""
    template = CATALOG.get(code, {}).get(lang)
    values = {key: _plain(value, lang) for key, value in args.items()}
    if template is None:
        facts = ", ".join(f"{k}={v}" for k, v in sorted(values.items()))
        return f"{code}: {facts}" if facts else code
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _plain(value: Any, lang: Lang) -> str:
    if isinstance(value, dict) and value and set(value) <= {"ru", "en"}:
        # a fact given in both languages (e.g. metric names from a vocabulary's labels)
        return _plain(value.get(lang, value.get("en", value.get("ru"))), lang)
    if isinstance(value, list | tuple):
        shown = [str(v) for v in value[:4]]
        return " / ".join(shown) + (" …" if len(value) > 4 else "")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
