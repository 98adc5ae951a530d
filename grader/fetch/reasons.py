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
