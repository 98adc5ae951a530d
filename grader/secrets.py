"""Secrets out of anything a person or a file will see: one redaction for errors, logs and reports."""

from __future__ import annotations

import re

# Tokens GitHub issues, credentials inside URLs, and an HTTP Authorization header an error may repeat
# (THREATS.md item 7).
SECRET_SHAPES = re.compile(
    r"gh[pousr]_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{10,}|x-access-token:[^@\s]*@|"
    r"(?i:authorization:\s*\S+(?:\s+\S+)?)"
)
# A value shorter than this is not a real token, and replacing it would mangle ordinary text.
MIN_SECRET_LENGTH = 8


def redact(text: str, *known: str | None) -> str:
    """Replace the given secret values, and anything shaped like a GitHub token, with `***`."""
    for secret in known:
        if secret and len(secret) >= MIN_SECRET_LENGTH:
            text = text.replace(secret, "***")
    return SECRET_SHAPES.sub("***", text)
