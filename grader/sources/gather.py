"""All SOURCE arguments at once: folders of submission folders, and link sources (chat, JSON, CSV, -)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from grader.errors import InputError
from grader.sources.collect import collect, folder_refs
from grader.sources.links import Host
from grader.sources.readers import read_source
from grader.sources.refs import Collected, Entry
from grader.sources.rules import Rules


def gather(sources: list[str], host: Host, keep_all: bool = False, rules: Rules | None = None) -> Collected:
    if not sources:
        raise InputError("give at least one SOURCE: a chat export, a CSV, a text file, a folder or -")
    folders = []
    link_sources = []
    for name in sources:
        path = Path(name)
        if name != "-" and path.is_dir():
            folders.append(path)
        elif name != "-" and not path.exists():
            raise InputError(f"{name}: no such file or folder")
        else:
            link_sources.append(name)

    def entries() -> Iterator[Entry]:
        order = 0
        for name in link_sources:
            for entry in read_source(name, host, rules.zone if rules else None):
                order += 1
                yield Entry(
                    entry.student_key,
                    entry.student_name,
                    entry.text,
                    entry.at,
                    entry.origin,
                    order,
                    entry.explicit_link,
                )

    collected = collect(entries(), host, keep_all, rules)
    for folder in folders:
        collected.refs.extend(folder_refs(folder))
    collected.refs.sort(key=lambda r: (r.student_key, r.row_key))
    return collected
