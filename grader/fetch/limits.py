"""What one fetch may cost, whatever the repository or the server holds (SECURITY.md lists each).

A student controls a repository's contents and, through a proxy or an Enterprise host, perhaps what a
server answers: every answer is read through a counter, and every count has a ceiling. A ceiling that
fires is a named row status (`fetch_error` with the reason), never memory or time without end.
"""

from __future__ import annotations

MIB = 1024 * 1024

MAX_ANSWER_BYTES = 8 * MIB  # one ref advertisement or API answer
MAX_PACK_BYTES = 64 * MIB  # one pack as received (compressed), big blobs already filtered out
MAX_PACK_OBJECTS = 100_000  # objects one pack may announce
MAX_UNPACKED_BYTES = 2048 * MIB  # what a pack may inflate to (CPU), one object at a time
MAX_TREE_BYTES = 64 * MIB  # trees kept to walk the commit
MAX_TREE_ENTRIES = 200_000  # tree entries looked at per commit
MAX_MARKDOWN_TOTAL = 8 * MIB  # markdown bytes kept per submission (each file is at most 256 KB)
# Images kept for an instructor's review (a canvas pasted as a picture): never read by a check, each
# at most the pack's blob filter (256 KB), so they cost no extra fetch.
MAX_IMAGES = 30
MAX_IMAGES_TOTAL = 4 * MIB
