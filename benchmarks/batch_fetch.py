"""Benchmark: `grader batch` over N generated repositories against sequential `git clone`, same run.

Each repository (served by `git http-backend` on 127.0.0.1) holds four markdown documents and a 5 MB
binary. Printed: the baseline (a sequential `git clone` of every repository), `grader batch` on a fresh
output folder, a second run with nothing changed, the peak memory summed over the grader's process
tree, and the ratios. Targets (issue 4): ≥ 5× faster than the baseline, the unchanged run under 2 s,
peak memory under 300 MB.

    python benchmarks/batch_fetch.py            # 300 repositories
    python benchmarks/batch_fetch.py --repos 50 # a quicker look
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.batch.servers import GitHttpServer, git

BINARY_BYTES = 5 * 1024 * 1024
SECTIONS = ["Бизнес-цели и метрики", "ML-метрики", "Канва", "SMART-задачи", "Структура репозитория"]


def make_repos(root: Path, count: int) -> None:
    """Repositories share the one 5 MB blob through git alternates, so generating them stays cheap;
    every clone still transfers it."""
    base = root / "_base.git"
    git("init", "-q", "--bare", str(base))
    blob = (
        subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=base,
            input=os.urandom(BINARY_BYTES),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    for i in range(count):
        bare = root / f"student{i:03d}" / "hw.git"
        git("init", "-q", "--bare", "-b", "main", str(bare))
        (bare / "objects" / "info" / "alternates").write_text(f"{base / 'objects'}\n")
        stream = [b"commit refs/heads/main\ncommitter S <s@example.org> 1764000000 +0300\n"]
        message = f"homework of student {i}".encode()
        stream.append(b"data %d\n%s\n" % (len(message), message))
        stream.append(f"M 100644 {blob} model/weights.bin\n".encode())
        for name, body in _docs(i).items():
            data = body.encode()
            stream.append(f"M 100644 inline {name}\n".encode() + b"data %d\n%s\n" % (len(data), data))
        subprocess.run(["git", "fast-import", "--quiet"], cwd=bare, input=b"".join(stream), check=True)


def _docs(i: int) -> dict[str, str]:
    paragraph = (
        f"Студент {i} описывает систему антифрода: метрика recall не ниже 0.{80 + i % 10}, "
        "доля ложных срабатываний не выше 5%, бюджет проекта и сроки согласованы с заказчиком. "
    )
    readme = [f"# Домашняя работа {i}", ""]
    for section in SECTIONS:
        readme += [f"## {section}", "", paragraph * 12, "", "- пункт один", "- пункт два", ""]
    return {
        "README.md": "\n".join(readme),
        "docs/canvas.md": "# Канва\n\n| Поле | Значение |\n|---|---|\n" + "| x | y |\n" * 40,
        "docs/smart.md": "# SMART\n\n" + paragraph * 20,
        "docs/notes.md": "# Заметки\n\n" + paragraph * 10,
    }


def sequential_clone(url: str, count: int, scratch: Path) -> float:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(scratch),
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    start = time.perf_counter()
    for i in range(count):
        target = scratch / f"c{i}"
        subprocess.run(
            ["git", "clone", "-q", "--", f"{url}/student{i:03d}/hw", str(target)], env=env, check=True
        )
        shutil.rmtree(target)
    return time.perf_counter() - start


def grader_run(chat: Path, out: Path, url: str) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) summed over the process tree, exit code."""
    argv = [sys.executable, "-c", "from grader.cli import main; main()", "batch", str(chat),
            "--out", str(out), "--quiet", "--github-url", url, "--api-url", url]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env)
    with peak_rss(proc.pid) as peak:
        code = proc.wait()
    return time.perf_counter() - start, peak[0] / 1024, code


@contextmanager
def peak_rss(pid: int) -> Iterator[list[int]]:
    """The peak resident KB of a process tree while the block runs, sampled every 10 ms (in [0])."""
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        sampler.join()


def tree_rss(pid: int) -> int:
    """Resident KB of a process and all its descendants (from /proc)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repos", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as tmp:
        root = Path(tmp)
        repos = root / "repos"
        repos.mkdir()
        t0 = time.perf_counter()
        make_repos(repos, args.repos)
        print(f"generated {args.repos} repositories in {time.perf_counter() - t0:.1f} s")
        server = GitHttpServer(repos).start()
        try:
            chat = root / "chat.txt"
            chat.write_text(
                "".join(f"Student {i}: {server.url}/student{i:03d}/hw\n" for i in range(args.repos)), "utf-8"
            )
            scratch = root / "clones"
            scratch.mkdir()
            baseline = sequential_clone(server.url, args.repos, scratch)
            first, first_mb, code1 = grader_run(chat, root / "out", server.url)
            second, second_mb, code2 = grader_run(chat, root / "out", server.url)
        finally:
            server.stop()
    print(f"sequential git clone ({args.repos} repos): {baseline:.2f} s")
    print(f"grader batch, fresh:                {first:.2f} s (exit {code1}), peak RSS {first_mb:.0f} MB")
    print(f"grader batch, unchanged re-run:     {second:.2f} s (exit {code2}), peak RSS {second_mb:.0f} MB")
    print(f"speed-up vs sequential clone:       {baseline / first:.1f}x (target >= 5x)")
    print(f"unchanged re-run:                   {second:.2f} s (target < 2 s)")
    print(f"peak memory:                        {max(first_mb, second_mb):.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
