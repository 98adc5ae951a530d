"""Benchmark: the bounds of issue 17 at full size, measured (SECURITY.md lists each bound).

1. Many small blobs: one repository of N distinct, compressible 250 KB text blobs (8,000 by default:
   ~2 GB unpacked from a pack of a few MB) beside a README, graded by `grader batch` from a loopback
   git server. Printed: the row's status, wall time and the peak RSS summed over the whole process
   tree, against the 300 MB limit (a MemoryRepo took ~2 GB for this repository).
2. One submission's budget: a folder of 40 pathological files (each within the 3 s parse budget,
   together far past the submission's) graded with `--budget B`, in `grader check`, in a batch of 1 and
   in a batch of 50 (49 ordinary rows + the bomb). Printed: the wall time, and for the batch of 50 the
   time the bomb added over the same batch without it, against the limit B + 2 s.

    python benchmarks/hostile_bounds.py                  # 8,000 blobs, --budget 5
    python benchmarks/hostile_bounds.py --blobs 2000 --budget 3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.batch_fetch import peak_rss
from grader.document.snapshot import MAX_MARKDOWN_BYTES
from tests.batch.conftest import GOOD_README
from tests.batch.servers import GitHttpServer
from tests.hostile.builders import FILE, fast_repo

BLOB = 250 * 1024
RSS_LIMIT_MB = 300
SLACK = 2.0
GRADER = [sys.executable, "-c", "from grader.cli import main; main()"]


def run(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) over the process tree, exit code."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    start = time.perf_counter()
    proc = subprocess.Popen([*GRADER, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with peak_rss(proc.pid) as peak:
        _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if b"Traceback" in err:
        print(err.decode(errors="replace")[-2000:])
    return elapsed, peak[0] / 1024, proc.returncode


def rows(out: Path) -> dict[str, dict[str, object]]:
    data = json.loads((out / "gradebook.json").read_text("utf-8"))
    return {str(r["student"]): r for r in data["rows"]}


def many_blobs(root: Path, count: int) -> None:
    repos = root / "repos"
    t0 = time.perf_counter()
    blobs = [(f"data/{i // 500:03d}/{i:05d}.txt", FILE, b"%d\n" % i + b"lorem ipsum " * (BLOB // 12))
             for i in range(count)]  # fmt: skip
    bare = fast_repo(repos, "blobs", "hw", [("README.md", FILE, GOOD_README.encode()), *blobs])
    size = sum(p.stat().st_size for p in bare.rglob("*") if p.is_file())
    print(f"many blobs: {count} × 250 KB = {count * BLOB / 1e9:.1f} GB unpacked, "
          f"repository {size / 1e6:.1f} MB on disk, built in {time.perf_counter() - t0:.0f} s")  # fmt: skip
    server = GitHttpServer(repos).start()
    try:
        chat = root / "chat.txt"
        chat.write_text(f"Blobs: {server.url}/blobs/hw\n", "utf-8")
        out = root / "out-blobs"
        argv = ["batch", str(chat), "--out", str(out), "--quiet", "--github-url", server.url,
                "--api-url", server.url, "--timeout", "120"]  # fmt: skip
        elapsed, peak, code = run(argv)
    finally:
        server.stop()
    row = rows(out)["Blobs"]
    print(
        f"  grader batch: {elapsed:.1f} s, exit {code}, row {row['status']} ({row.get('reason') or 'graded'})"
    )
    verdict = "OK" if peak <= RSS_LIMIT_MB else "OVER"
    ratio = peak / RSS_LIMIT_MB
    print(f"  peak RSS, process tree: {peak:.0f} MB (limit {RSS_LIMIT_MB} MB, ratio {ratio:.2f}) {verdict}")


def bomb(folder: Path, files: int) -> None:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("# Цели\n\nснизить ущерб от мошенничества\n", "utf-8")
    for i in range(files):
        (folder / f"bomb{i:02d}.md").write_text("![" * ((MAX_MARKDOWN_BYTES - 16) // 2), "utf-8")


def good(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(GOOD_README, "utf-8")


def budgets(root: Path, budget: float, files: int) -> None:
    limit = budget + SLACK
    print(f"one submission's budget: {files} files of `![` × 128 K, --budget {budget:g} (limit {limit:g} s)")
    single = root / "single"
    bomb(single, files)
    elapsed, _, code = run(["check", str(single), "--budget", str(budget)])
    print(f"  grader check:          {elapsed:.2f} s, exit {code}  {'OK' if elapsed <= limit else 'OVER'}")
    one = root / "class-1"
    bomb(one / "bomb", files)
    out = root / "out-1"
    elapsed, _, code = run(["batch", str(one), "--out", str(out), "--quiet", "--budget", str(budget)])
    status = rows(out)["bomb"]["status"]
    verdict = "OK" if elapsed <= limit else "OVER"
    print(f"  batch of 1:            {elapsed:.2f} s, exit {code}, row {status}  {verdict}")
    plain, bombed = root / "class-49", root / "class-50"
    for i in range(49):
        good(plain / f"student{i:02d}")
        good(bombed / f"student{i:02d}")
    bomb(bombed / "bomb", files)
    base, _, _ = run(["batch", str(plain), "--out", str(root / "out-49"), "--quiet", "--budget", str(budget)])
    out = root / "out-50"
    elapsed, _, code = run(["batch", str(bombed), "--out", str(out), "--quiet", "--budget", str(budget)])
    status = rows(out)["bomb"]["status"]
    added = elapsed - base
    verdict = "OK" if added <= limit else "OVER"
    print(f"  batch of 50:           {elapsed:.2f} s (49 ordinary rows alone: {base:.2f} s), exit {code}, "
          f"bomb row {status}; the bomb added {added:.2f} s  {verdict}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--blobs", type=int, default=8000)
    parser.add_argument("--budget", type=float, default=5.0)
    parser.add_argument("--bomb-files", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grader-hostile-") as tmp:
        root = Path(tmp)
        budgets(root, args.budget, args.bomb_files)
        many_blobs(root, args.blobs)


if __name__ == "__main__":
    main()
