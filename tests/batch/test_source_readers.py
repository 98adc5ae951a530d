"""The chat-source registry: each reader claims its own kind and no other's; a new kind is one module
plus one line in `READERS`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.sources import readers
from grader.sources.gather import gather
from grader.sources.links import parse_host
from grader.sources.reader import ReadContext, Reader
from grader.sources.readers import READERS, reader_for
from grader.sources.refs import Entry

GH = parse_host("https://github.com")

SAMPLES = {
    "telegram-json": json.dumps(
        {
            "messages": [
                {
                    "id": 1,
                    "type": "message",
                    "from": "Анна",
                    "from_id": "u1",
                    "date_unixtime": "1700000000",
                    "text": "https://github.com/anna/hw1",
                }
            ]
        }
    ),
    "csv": "student,url\nАнна,https://github.com/anna/hw1\n",
    "telegram-copy": "Анна Смирнова, [21.11.2026 21:40]\nСдаю https://github.com/anna/hw1\n",
    "text": "Анна: https://github.com/anna/hw1\n",
}


def test_every_reader_has_a_sample_and_a_unique_name() -> None:
    assert [r.name for r in READERS] == list(SAMPLES)  # a new reader needs its sample here
    assert READERS[-1].sniff("anything at all"), "plain text is the fallback and comes last"


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
def test_each_reader_claims_its_sample_and_reads_the_link(reader: Reader) -> None:
    text = SAMPLES[reader.name]
    assert reader_for(text) is reader  # no earlier reader steals it
    entries = list(reader.read(text, "chat", ReadContext(GH)))
    assert any("github.com/anna/hw1" in e.text for e in entries)


@pytest.mark.parametrize("reader", READERS[:-1], ids=lambda r: r.name)
def test_specific_readers_leave_other_kinds_alone(reader: Reader) -> None:
    for name, text in SAMPLES.items():
        if name != reader.name and name != "telegram-json":  # the JSON export is sniffed first
            assert not reader.sniff(text.lstrip()), f"{reader.name} claims a {name} source"


def _tsv_entries(text: str, label: str, context: ReadContext) -> Iterator[Entry]:
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    for number, (student, url) in enumerate(rows, 2):
        yield Entry(f"name:{student.casefold()}", student, url, None, f"{label}:{number}", number, True)


def test_a_new_source_is_one_reader_and_one_registry_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tsv = Reader("tsv", lambda text: text.startswith("student\turl"), _tsv_entries)
    monkeypatch.setattr(readers, "READERS", (tsv, *READERS))
    source = tmp_path / "links.tsv"
    source.write_text("student\turl\nАнна\thttps://github.com/anna/hw1\n", "utf-8")
    found = gather([str(source)], GH)
    assert [(r.student_name, r.link.key if r.link else None) for r in found.refs] == [("Анна", "anna/hw1")]
