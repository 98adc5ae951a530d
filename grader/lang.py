"""The languages the grader speaks to students and instructors."""

from __future__ import annotations

from typing import Literal

Lang = Literal["ru", "en"]
LANGUAGES: tuple[Lang, ...] = ("ru", "en")
