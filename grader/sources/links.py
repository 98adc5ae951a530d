"""Repository links from untrusted text: found, allowlisted and normalised before any git code sees them.

Only `<scheme>://<host>/<owner>/<repo>[.git][/tree|blob/<ref-and-path>]` on the configured host (and
`git@<host>:<owner>/<repo>.git`) becomes a `RepoLink`. Anything dangerous — credentials, look-alike
hosts, `ext::`/`file://`, a leading `-` — is `Invalid`; a page of the host that is not a repository (a
profile, an issue, a gist) or a link elsewhere is `NotRepo`.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

DEFAULT_GITHUB_URL = "https://github.com"
DEFAULT_API_URL = "https://api.github.com"
MAX_URL = 2048

_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_REPO = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# First path segments of github.com that are site pages, never an owner.
_RESERVED = {
    "about", "apps", "collections", "contact", "customer-stories", "enterprise", "events", "explore",
    "features", "gist", "issues", "login", "marketplace", "new", "notifications", "orgs", "organizations",
    "pricing", "pulls", "search", "security", "settings", "site", "sponsors", "topics", "trending",
    "users", "join", "codespaces", "dashboard", "readme",
}  # fmt: skip
# A candidate ends at whitespace, quotes, brackets and angle brackets (markdown and chat wrappers).
_CANDIDATE = re.compile(
    r"(?:ext::|[A-Za-z][A-Za-z0-9+.-]{0,15}://|www\.|git@)[^\s<>\"'`()\[\]{}]+", re.IGNORECASE
)
_TRAILING = ".,;:!?»…'\"*_~"


@dataclass(frozen=True, slots=True)
class Host:
    """The git host links must point at (github.com, an Enterprise server, or 127.0.0.1 in tests)."""

    scheme: str
    netloc: str  # lower-case host[:port]

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.netloc}"


@dataclass(frozen=True, slots=True)
class RepoLink:
    owner: str
    name: str
    kind: str | None = None  # "tree" or "blob" when the link named a ref and path
    rest: str = ""  # after tree/ or blob/: "<ref>/<path>" (a ref may itself contain slashes)

    @property
    def key(self) -> str:
        """The identity of what is graded: owner and name are case-insensitive on GitHub."""
        suffix = f"/{self.kind}/{self.rest}" if self.kind else ""
        return f"{self.owner.lower()}/{self.name.lower()}{suffix}"

    def url(self, host: Host) -> str:
        suffix = f"/{self.kind}/{self.rest}" if self.kind else ""
        return f"{host.base}/{self.owner}/{self.name}{suffix}"

    def repo_url(self, host: Host) -> str:
        return f"{host.base}/{self.owner}/{self.name}"


@dataclass(frozen=True, slots=True)
class Invalid:
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class NotRepo:
    text: str
    reason: str


Classified = RepoLink | Invalid | NotRepo


def parse_host(url: str, what: str = "--github-url") -> Host:
    """The configured host; plain http only for a loopback address (tests, a local mirror)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"{what} {url!r}: give an https:// URL such as {DEFAULT_GITHUB_URL}")
    if parts.username or parts.password:
        raise ValueError(f"{what}: credentials in the URL are not allowed (use GITHUB_TOKEN)")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(f"{what} {url!r}: plain http is allowed only for 127.0.0.1/localhost")
    return Host(parts.scheme, parts.netloc.lower())


def is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def find_candidates(text: str, host: Host) -> list[str]:
    """URL-like substrings of a chat line, with the punctuation that follows them in prose removed."""
    found = [_trim(m.group(0)) for m in _CANDIDATE.finditer(text)]
    # A bare `github.com/owner/repo` (no scheme) is how links are often pasted.
    bare_host = re.escape(_strip_www(host.netloc))
    bare = re.compile(rf"(?<![\w.@/:-])(?:www\.)?{bare_host}/[^\s<>\"'`()\[\]{{}}]+", re.IGNORECASE)
    seen = {m.start() for m in _CANDIDATE.finditer(text)}
    for m in bare.finditer(text):
        if not any(m.start() >= s and m.start() < s + 12 for s in seen):
            found.append(_trim(m.group(0)))
    return [f for f in found if f]


def _trim(text: str) -> str:
    while text and text[-1] in _TRAILING:
        text = text[:-1]
    return text


def _strip_www(netloc: str) -> str:
    return netloc[4:] if netloc.startswith("www.") else netloc


def classify(text: str, host: Host) -> Classified:
    """One candidate link: a repository on the host, something dangerous, or something else."""
    raw = text.strip()
    if not raw:
        return NotRepo(text, "empty")
    if len(raw) > MAX_URL:
        return Invalid(raw[:80] + "…", "link too long")
    if raw.startswith("-"):
        return Invalid(raw, "starts with '-' (would be read as an option)")
    if any(ord(c) < 0x21 or c == "\x7f" for c in raw):
        return Invalid(raw, "control characters or spaces in the link")
    lowered = raw.lower()
    if lowered.startswith("ext::") or "::" in lowered.split("/", 1)[0]:
        return Invalid(raw, "git transport helpers (ext::) are not allowed")
    if lowered.startswith("git@"):
        return _classify_scp(raw, host)
    if lowered.startswith("www.") or "://" not in raw:
        raw = f"https://{raw}"
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return Invalid(raw, f"only https links are accepted, not {scheme}://")
    if "@" in parts.netloc:
        return Invalid(redact_userinfo(raw), "credentials or '@' in the host part of the link")
    netloc = parts.netloc.lower()
    if not netloc.isascii():
        return Invalid(raw, "the host name has non-ASCII (look-alike) characters")
    want = _strip_www(host.netloc)
    got = _strip_www(netloc.rstrip("."))
    if got.endswith(f".{want}"):
        return NotRepo(raw, f"a {got} page (gist, pages site), not a repository")
    if got != want:
        bare_want = want.split(":")[0]
        if bare_want in got or bare_want.replace(".", "") in got.replace(".", "").replace("-", ""):
            return Invalid(raw, f"look-alike host {got!r}, expected {want!r}")
        return NotRepo(raw, f"not a link to {want}")
    return _classify_path(raw, parts.path)


def _classify_scp(raw: str, host: Host) -> Classified:
    match = re.fullmatch(r"git@([^:/]+):(.+)", raw, re.IGNORECASE)
    if not match:
        return Invalid(raw, "malformed git@ link")
    if match.group(1).lower() != _strip_www(host.netloc).split(":")[0]:
        return Invalid(raw, f"git@ link to another host {match.group(1)!r}")
    return _classify_path(raw, "/" + match.group(2))


def _classify_path(raw: str, path: str) -> Classified:
    decoded = unquote(path)
    segments = [s for s in decoded.split("/") if s != ""]
    if any(s in (".", "..") for s in segments) or "\\" in decoded:
        return Invalid(raw, "'.' or '..' in the link path")
    if len(segments) < 2:
        return NotRepo(raw, "a profile or site page, not a repository")
    owner, name = segments[0], segments[1]
    if owner.lower() in _RESERVED:
        return NotRepo(raw, "a site page, not a repository")
    if name.lower().endswith(".git"):
        name = name[:-4]
    if not _OWNER.match(owner) or not _REPO.match(name) or name in (".", ".."):
        return Invalid(raw, "owner or repository name breaks the host's naming rules")
    rest = segments[2:]
    if not rest:
        return RepoLink(owner, name)
    if rest[0] in ("tree", "blob") and len(rest) >= 2:
        tail = "/".join(rest[1:])
        if any(c in tail for c in "\0\n\r") or tail.startswith("-"):
            return Invalid(raw, "bad ref in the link")
        return RepoLink(owner, name, rest[0], tail)
    return NotRepo(raw, f"a repository page ({rest[0]}), not the repository itself")


_USERINFO = re.compile(r"(://)[^/@\s]*@")


def redact_userinfo(text: str) -> str:
    return _USERINFO.sub(r"\1***@", text)
