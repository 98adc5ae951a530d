"""Evidence a text grader cannot read: images, PDF/DOCX files and external boards (Miro, Google Docs...).

When a criterion's answer is only one of these, the check says `needs_review` with the link instead of
a silent zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from grader.document.submission import Submission

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp")
FILE_SUFFIXES = (".pdf", ".docx", ".doc", ".pptx", ".ppt", ".odt", ".xlsx")
BOARD_HOSTS = (
    "miro.com",
    "docs.google.com",
    "drive.google.com",
    "figma.com",
    "notion.so",
    "notion.site",
    "lucid.app",
    "app.diagrams.net",
    "canva.com",
    "mural.co",
)


@dataclass(frozen=True, slots=True)
class MediaLink:
    kind: str  # "image" | "file" | "board"
    url: str
    text: str
    file: str
    line: int


def classify(url: str) -> str | None:
    """`image`, `file`, `board` or None for a link or image source."""
    parts = urlsplit(url.strip())
    path = parts.path.lower()
    host = (parts.hostname or "").lower()
    if (
        path.endswith(IMAGE_SUFFIXES)
        or "user-attachments/assets" in path
        or ("/assets/" in path and "github" in host)
    ):
        return "image"
    if path.endswith(FILE_SUFFIXES):
        return "file"
    if any(host == h or host.endswith("." + h) for h in BOARD_HOSTS):
        return "board"
    return None


def media_links(submission: Submission) -> list[MediaLink]:
    """Every image, document file and board link of the graded documents, in document order."""
    found: list[MediaLink] = []
    for doc in submission.documents:
        for image in doc.images:
            found.append(MediaLink("image", image.src, image.alt, doc.path, image.line))
        for link in doc.links:
            kind = classify(link.url)
            if kind is not None:
                found.append(MediaLink(kind, link.url, link.text, doc.path, link.line))
    found.sort(key=lambda m: (m.file, m.line))
    return found
