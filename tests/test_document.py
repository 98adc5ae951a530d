"""The document model: sections, tables, lists, code, links and images, with exact lines."""

from __future__ import annotations

from grader.document.decode import decode
from grader.document.markdown import ListItem, Table, parse_markdown
from grader.document.snapshot import Snapshot
from grader.document.submission import build_submission

DOC = """\
# Проект **антифрод** ##

Вступление с [ссылкой](https://example.org/a) и `кодом`.

## Цели

- первый пункт
  - вложенный *пункт*
    - третий уровень
- второй пункт

| Метрика | Цель |
|---|---|
| **Recall** | ≥ 0,9<br>на отложенной выборке |
| FPR | ≤ 5 % |

### Подраздел

Текст подраздела
со второй строкой и ![канвас](img/canvas.png)

```python
print("code")
```

# Второй раздел
"""


def test_sections_nest_with_lines_and_plain_titles() -> None:
    doc = parse_markdown("README.md", DOC)
    titles = [(s.title, s.level, s.line, s.end_line) for s in doc.sections]
    assert titles == [
        ("Проект антифрод", 1, 1, 25),
        ("Цели", 2, 5, 25),
        ("Подраздел", 3, 17, 25),
        ("Второй раздел", 1, 26, 26),
    ]
    top = doc.root.children[0]
    assert [c.title for c in top.children] == ["Цели"]
    assert [c.title for c in top.children[0].children] == ["Подраздел"]


def test_nested_lists_keep_depth_text_and_children() -> None:
    doc = parse_markdown("README.md", DOC)
    items = doc.list_items
    assert [(i.text, i.depth, i.line) for i in items] == [
        ("первый пункт", 0, 7),
        ("вложенный пункт", 1, 8),
        ("третий уровень", 2, 9),
        ("второй пункт", 0, 10),
    ]
    assert isinstance(items[0], ListItem)
    assert [c.text for c in items[0].children] == ["вложенный пункт"]
    assert [c.text for c in items[0].children[0].children] == ["третий уровень"]


def test_tables_have_plain_cells_and_row_lines() -> None:
    doc = parse_markdown("README.md", DOC)
    (table,) = doc.tables
    assert isinstance(table, Table)
    assert table.header == ["Метрика", "Цель"]
    assert table.rows == [["Recall", "≥ 0,9 на отложенной выборке"], ["FPR", "≤ 5 %"]]
    assert table.row_lines == [14, 15]
    assert table.line == 12


def test_links_images_and_code_blocks_are_located() -> None:
    doc = parse_markdown("README.md", DOC)
    assert [(link.url, link.text, link.line) for link in doc.links] == [
        ("https://example.org/a", "ссылкой", 3)
    ]
    # the image sits on the second line of a two-line paragraph
    assert [(i.src, i.alt, i.line) for i in doc.images] == [("img/canvas.png", "канвас", 20)]
    (code,) = doc.code_blocks
    assert (code.info, code.line, code.text) == ("python", 22, 'print("code")\n')


def test_paragraph_text_has_inline_markup_stripped() -> None:
    doc = parse_markdown("README.md", DOC)
    assert doc.paragraphs[0].text == "Вступление с ссылкой и кодом."


def test_html_details_blocks_keep_text_and_images() -> None:
    text = '<details><summary>ДЗ 1</summary>\n<img src="canvas.png">\n\n## Цели\n\nТекст\n\n</details>\n'
    doc = parse_markdown("README.md", text)
    assert doc.sections[0].title == "Цели"
    assert [b.text for b in doc.root.blocks] == ["ДЗ 1"]
    assert [(i.src, i.line) for i in doc.images] == [("canvas.png", 2)]


def test_heading_after_a_deep_list_is_not_lost() -> None:
    deep = "".join("  " * level + "- item\n" for level in range(12))
    doc = parse_markdown("README.md", deep + "\n# После списка\n\nТекст\n")
    assert [s.title for s in doc.sections] == ["После списка"]


def test_front_matter_is_not_a_heading() -> None:
    doc = parse_markdown("README.md", "---\ntitle: x\n---\n\n# Заголовок\n")
    assert [s.title for s in doc.sections] == ["Заголовок"]


def test_crlf_bom_and_cp1251_decode_to_the_same_model() -> None:
    source = "# Цели\r\n\r\nСнизить ущерб\r\n"
    utf8_bom = decode(b"\xef\xbb\xbf" + source.encode("utf-8"))
    cp1251 = decode(source.encode("cp1251"))
    assert utf8_bom.text == cp1251.text == "# Цели\n\nСнизить ущерб\n"
    assert utf8_bom.warning is None
    assert cp1251.warning == "decoded_cp1251"


def test_cr_only_utf16_and_binary() -> None:
    assert decode(b"a\rb").text == "a\nb"
    utf16 = decode(b"\xff\xfe" + "# Цели\n".encode("utf-16-le"))
    assert (utf16.text, utf16.warning) == ("# Цели\n", "decoded_utf16")
    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00").warning == "binary_markdown"


def test_submission_records_decoding_warnings_and_conflict_markers() -> None:
    snapshot = Snapshot(
        label="x",
        files=["a.md", "b.md", "c.md"],
        markdown={
            "a.md": "# Цели\n".encode("cp1251"),
            "b.md": b"\x00\x01binary",
            "c.md": b"ok\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> branch\n",
        },
    )
    submission = build_submission(snapshot)
    assert [(n.code, n.file, n.line) for n in submission.notes] == [
        ("decoded_cp1251", "a.md", None),
        ("binary_markdown", "b.md", None),
        ("merge_conflict_markers", "c.md", 2),
    ]
    assert [d.path for d in submission.documents] == ["a.md", "c.md"]


def test_line_numbers_stay_inside_the_file() -> None:
    doc = parse_markdown("README.md", DOC)
    last = doc.line_count
    for block in doc.blocks():
        assert 1 <= block.line <= block.end_line <= last
    for section in doc.sections:
        assert 1 <= section.line <= section.end_line <= last


def test_sentences_are_split_as_russian_is_written() -> None:
    from grader.text.prose import sentences

    text = "Обучить модель за 2 мес. при бюджете 10 млн. руб. Accuracy 100 % — не цель; важен recall. Done."
    assert sentences(text) == (
        "Обучить модель за 2 мес. при бюджете 10 млн. руб.",
        "Accuracy 100 % — не цель;",
        "важен recall.",
        "Done.",
    )
    assert sentences("Одна строка без точки") == ("Одна строка без точки",)
