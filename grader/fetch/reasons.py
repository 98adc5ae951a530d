"""Why a batch row is what it is, in words an instructor reads (ru/en), keyed by code."""

from __future__ import annotations

from grader.messages import register_messages

register_messages(
    {
        "batch.not_found": {
            "ru": "репозиторий не найден или закрыт без доступа (проверьте ссылку и GITHUB_TOKEN)",
            "en": "repository not found, or private without access (check the link and GITHUB_TOKEN)",
        },
        "batch.api_not_found": {
            "ru": "API не знает такого репозитория (или он закрыт)",
            "en": "the API has no such repository (or it is private)",
        },
        "batch.no_ref": {
            "ru": "в репозитории нет ветки или тега {ref}",
            "en": "no branch or tag {ref} in the repository",
        },
        "batch.timeout": {
            "ru": "сервер не ответил вовремя (попробуйте ещё раз или увеличьте --timeout)",
            "en": "the server did not answer in time (run again or raise --timeout)",
        },
        "batch.rate_limited": {
            "ru": "ограничение частоты запросов (HTTP {code}); перезапустите позже или задайте GITHUB_TOKEN",
            "en": "rate limited (HTTP {code}); run again later or set GITHUB_TOKEN",
        },
        "batch.api_rate_limited": {
            "ru": "лимит запросов к API (сброс через {wait} с); перезапустите позже",
            "en": "API rate limit (resets in {wait} s); run again later",
        },
        "batch.http_error": {"ru": "сервер ответил HTTP {code}", "en": "the server answered HTTP {code}"},
        "batch.connection_lost": {
            "ru": "соединение оборвалось: {detail}",
            "en": "connection lost: {detail}",
        },
        "batch.fetch_failed": {"ru": "не удалось получить: {detail}", "en": "fetch failed: {detail}"},
        "batch.internal_error": {
            "ru": "внутренняя ошибка грейдера: {detail}",
            "en": "internal grader error: {detail}",
        },
        "batch.invalid_link": {
            "ru": "ссылка отклонена: {detail}",
            "en": "link refused: {detail}",
        },
        "batch.empty_repo": {
            "ru": "пустой репозиторий (нет коммитов)",
            "en": "empty repository (no commits)",
        },
        "batch.missing_head": {
            "ru": "HEAD указывает на несуществующую ветку: выберите ветку по умолчанию на GitHub",
            "en": "HEAD names a branch that does not exist: set the default branch on GitHub",
        },
        "batch.no_markdown": {
            "ru": "в репозитории нет markdown-файлов",
            "en": "no markdown files in the repository",
        },
        "batch.no_markdown_folder": {
            "ru": "в папке нет markdown-файлов",
            "en": "no markdown files in the folder",
        },
        "batch.no_commit_before_deadline": {
            "ru": "нет ни одного коммита до дедлайна",
            "en": "no commit at or before the deadline",
        },
    }
)

# Reasons a fetch stopped at one of its limits (grader/fetch/limits.py), and the notes it leaves.
register_messages(
    {
        "batch.answer_too_large": {
            "ru": "ответ сервера больше {limit} МБ: остановлено (репозиторий слишком велик для проверки)",
            "en": "the server's answer is over {limit} MB: stopped (the repository is too large to grade)",
        },
        "batch.too_many_objects": {
            "ru": "в ответе сервера больше {limit} объектов git: остановлено",
            "en": "the server's answer holds over {limit} git objects: stopped",
        },
        "batch.unpacked_too_large": {
            "ru": "объекты git распаковываются больше чем в {limit} МБ: остановлено",
            "en": "the git objects unpack to over {limit} MB: stopped",
        },
        "batch.cannot_filter": {
            "ru": "сервер не умеет фильтровать файлы (нет протокола git v2 с filter): не загружено",
            "en": "the server cannot filter files (no git protocol v2 with filter): not fetched",
        },
        "batch.grade_budget": {
            "ru": "проверка заняла больше {seconds} с и остановлена: упростите разметку документов",
            "en": "grading took over {seconds} s and was stopped: simplify the documents' markup",
        },
        "commit_date_clamped": {
            "ru": "Дата коммита вне допустимого диапазона ({date}): взята ближайшая допустимая.",
            "en": "The commit's date is out of range ({date}): the nearest valid date was used.",
        },
        "markdown_total_too_large": {
            "ru": "Markdown-файлов больше чем на {limit} байт: этот файл не прочитан.",
            "en": "The markdown files hold more than {limit} bytes: this one was not read.",
        },
    }
)
