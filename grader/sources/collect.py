"""From entries to hand-ins: classify every link, choose one hand-in per student (or keep all), and
read a folder of submission folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from grader.sources.choose import choose
from grader.sources.links import Classified, Host, NotRepo, RepoLink, classify, find_candidates
from grader.sources.refs import Collected, Entry, SubmissionRef, Unrecognized
from grader.sources.rules import Rules


def collect(
    entries: Iterable[Entry], host: Host, keep_all: bool = False, rules: Rules | None = None
) -> Collected:
    """Classify every link; per student choose the hand-in (see `choose`), or keep every one."""
    rules = rules or Rules()
    out = Collected()
    candidates: list[tuple[Entry, Classified, str]] = []
    for entry in rules.map_students(list(entries)):
        texts = [entry.text.strip()] if entry.explicit_link else find_candidates(entry.text, host)
        found = [(classify(t, host), t) for t in texts if t]
        ignored = [t for c, t in found if isinstance(c, RepoLink) and rules.ignores(c)]
        useful = [(c, t) for c, t in found if not isinstance(c, NotRepo) and t not in ignored]
        if not useful:
            reason = "a course repository (ignored)" if ignored else "no repository link"
            if found and not ignored:
                reason = found[0][0].reason  # type: ignore[union-attr]
            out.unrecognized.append(Unrecognized(entry.origin, entry.student_name, entry.text, reason))
            continue
        candidates.extend((entry, c, t) for c, t in useful)
    out.refs = choose(candidates, keep_all, rules)
    out.missing = rules.missing(out.refs)
    return out


def _is_case_group(folder: Path) -> bool:
    """A folder of sample cases for another rubric (sample_submissions/<rubric>/<case>/), not a student:
    no files of its own, and sub-folders that are cases (each with an expected.json)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    subfolders = [e for e in entries if e.is_dir() and not e.is_symlink()]
    files = [e for e in entries if not e.is_dir() and e.name.lower() not in ("readme.md", "expected.json")]
    return (
        bool(subfolders)
        and not files
        and not (folder / "expected.json").exists()
        and all((sub / "expected.json").is_file() for sub in subfolders)
    )


def folder_refs(root: Path) -> list[SubmissionRef]:
    """A folder of submission folders (LMS downloads, sample_submissions/): each sub-folder a student."""
    refs = []
    for child in sorted(root.iterdir(), key=lambda p: p.name):
        if child.name.startswith(".") or child.is_symlink() or not child.is_dir():
            continue
        if _is_case_group(child):
            continue
        refs.append(
            SubmissionRef(
                student_key=f"folder:{child.name}",
                student_name=child.name,
                origin=str(child),
                submitted_at=None,
                folder=child,
                shown=str(child),
            )
        )
    return refs
