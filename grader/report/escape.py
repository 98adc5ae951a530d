"""Student text is data, never code: neutralise it for each output it lands in."""

from __future__ import annotations

import re

from grader.secrets import redact

# C0/C1 controls (ESC starts terminal escape sequences; C1 \x9b is a one-byte CSI), BiDi controls that
# reorder what is shown (embeddings, overrides, isolates, marks: U+061C, U+200E/F, U+202A-E, U+2066-9),
# and invisible characters that hide or join text (zero-width space/joiners U+200B-D, word joiner and
# invisible operators U+2060-4, deprecated format characters U+206A-F, U+180E, the BOM U+FEFF,
# interlinear annotation U+FFF9-B).
_INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_CONTROLS = re.compile(f"[{_INVISIBLE}]")
# Line and paragraph separators end a line in some terminals and editors: a space, not a break.
_SEPARATORS = re.compile("[\u2028\u2029]")
# What JSON may hold only escaped: json.dumps(ensure_ascii=False) writes C1 and BiDi controls raw, and
# `cat report.json` would act on them. Escaped (`\u202e`), the text is the same once parsed.
_JSON_UNSAFE = re.compile(f"[{_INVISIBLE}\u2028\u2029]")
# Parentheses and `!` are inert once `[` and `]` are escaped; escaping them only adds noise. `$` starts
# math on GitHub (`$x$`, `$$`): escaped, it is a dollar sign.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+|<>~$])")
# What GitHub turns into a live link or a ping even in plain text: bare URLs and `www.` (GFM's autolink
# extension), e-mail addresses, and `@user` / `@org/team` mentions (matched on the rendered text, so a
# backslash does not stop them). Inside a code span none of them is live.
_LIVE = re.compile(
    r"(?i:\b(?:https?|ftp)://[^\s<>]*|\b(?:mailto|xmpp):[^\s<>]*|\bwww\.[^\s<>]*)"
    r"|[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+"  # the local part bounded: no quadratic scan of a long word
    r"|(?<![\w`])@[A-Za-z0-9][\w-]*(?:/[\w.-]+)?"
)


def plain(text: str) -> str:
    """Remove control, BiDi and invisible characters (terminal, logs, any output)."""
    return _SEPARATORS.sub(" ", _CONTROLS.sub("", text))


def json_inert(serialised: str) -> str:
    """JSON text with every control, BiDi and invisible character written as a `\\uXXXX` escape.

    Valid on any output of json.dumps: these characters can only occur inside its strings."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", serialised)


def one_line(text: str) -> str:
    return " ".join(plain(text).split())


def md_inline(text: str) -> str:
    """Student text as inert Markdown on one line: no markup, no HTML, no table breaks, no math, and
    no live link or mention (URLs, `www.`, e-mail addresses and `@names` are shown as code)."""
    out: list[str] = []
    line = one_line(text)
    last = 0
    for live in _LIVE.finditer(line):
        out.append(_md_escape(line[last : live.start()]))
        out.append(_md_span(live.group()))
        last = live.end()
    out.append(_md_escape(line[last:]))
    return "".join(out)


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def _md_span(text: str) -> str:
    # no backtick can close the span early; `|` escaped, as a table cell needs even inside code
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def md_code(text: str) -> str:
    """A file path or similar shown as inline code, with backticks that cannot close it early."""
    cleaned = one_line(text).replace("`", "'")
    return f"`{cleaned}`"


# GitHub workflow commands (`::error file=…::message`). The runner decodes only these escapes; the
# message part decodes %25, %0D and %0A, properties also %3A and %2C.
_LINE_ENDS = re.compile(r"[\r\n\u2028\u2029\x85]")
_INLINE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
# A zero-width space breaks `::` and `##[` (the runner's legacy syntax matches it anywhere in a line).
_COMMAND_MARKERS = re.compile(r":(?=:)|#(?=#\[)")


def workflow_data(text: str) -> str:
    """Student text as the message of a workflow command: it stays one line and starts no command."""
    text = _INLINE_CONTROLS.sub("", text)
    text = text.replace("%", "%25")
    text = _LINE_ENDS.sub(lambda m: "%0D" if m.group() == "\r" else "%0A", text)
    return _COMMAND_MARKERS.sub(lambda m: m.group() + "\u200b", text)


def workflow_property(text: str) -> str:
    """Student text as a workflow command property (`file=`, `title=`): also no `:` or `,`."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def log_line(text: str, *secrets: str | None) -> str:
    """Student text echoed into an Actions log: one line, no secrets, no `::` or `##[` to match."""
    return _COMMAND_MARKERS.sub(lambda m: m.group() + "\u200b", redact(one_line(text), *secrets))
