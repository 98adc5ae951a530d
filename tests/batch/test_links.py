"""Links from untrusted chat text: accepted forms are normalised, dangerous ones refused before git."""

from __future__ import annotations

import pytest

from grader.sources.links import Invalid, NotRepo, RepoLink, classify, find_candidates, parse_host

GH = parse_host("https://github.com")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("https://github.com/Alice/HW1", "alice/hw1"),
        ("https://github.com/alice/hw1.git", "alice/hw1"),
        ("http://www.github.com/alice/hw1/", "alice/hw1"),
        ("github.com/alice/hw1", "alice/hw1"),
        ("git@github.com:alice/hw1.git", "alice/hw1"),
        ("https://github.com/alice/hw1/tree/main/hw/01", "alice/hw1/tree/main/hw/01"),
        ("https://github.com/alice/hw1/blob/dev/README.md", "alice/hw1/blob/dev/README.md"),
        ("https://github.com/alice/hw1#readme", "alice/hw1"),
        ("https://github.com/alice/hw1?tab=readme", "alice/hw1"),
    ],
)
def test_repository_forms_are_normalised(text: str, key: str) -> None:
    link = classify(text, GH)
    assert isinstance(link, RepoLink)
    assert link.key == key


@pytest.mark.parametrize(
    "text",
    [
        "--upload-pack=touch /tmp/pwned",
        "-oProxyCommand=touch /tmp/pwned",
        "ext::sh -c touch% /tmp/pwned",
        "file:///etc",
        "https://github.com@evil.example/o/r",
        "https://gіthub.com/o/r",  # Cyrillic і
        "https://github.com.evil.example/o/r",
        "https://x-access-token:ghp_abcdefghijklmnop@github.com/o/r",
        "https://github.com/o/..",
        "https://github.com/" + "a" * 10_000,
        "git@evil.example:o/r.git",
    ],
)
def test_dangerous_links_are_refused(text: str) -> None:
    result = classify(text, GH)
    assert isinstance(result, Invalid), result
    assert "ghp_abcdefghijklmnop" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "https://github.com/alice",
        "https://gist.github.com/alice/123",
        "https://github.com/alice/hw1/issues/3",
        "https://github.com/settings/profile",
        "https://docs.google.com/document/d/1",
    ],
)
def test_pages_that_are_not_repositories(text: str) -> None:
    assert isinstance(classify(text, GH), NotRepo)


def test_candidates_drop_prose_punctuation_and_markdown_wrappers() -> None:
    text = "Моя работа: [репо](https://github.com/alice/hw1), также (https://github.com/bob/x). <https://github.com/c/d>"
    assert find_candidates(text, GH) == [
        "https://github.com/alice/hw1",
        "https://github.com/bob/x",
        "https://github.com/c/d",
    ]


def test_plain_http_is_only_for_loopback() -> None:
    assert parse_host("http://127.0.0.1:8080").netloc == "127.0.0.1:8080"
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        parse_host("http://github.example.org")
    with pytest.raises(ValueError, match="credentials"):
        parse_host("https://user:pw@github.example.org")
