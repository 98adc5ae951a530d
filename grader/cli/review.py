"""`grader review DIR`: the review workspace in the browser (a local server on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli.common import reports_errors


@click.command("review")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0: a free port.")
@click.option("--no-open", is_flag=True, help="Print the address only; do not open a browser.")
@click.option("--who", default=None, help="Who decides (default: your login name).")
@reports_errors
def review_command(folder: Path, port: int, no_open: bool, who: str | None) -> None:
    """Review a batch folder in the browser: the queue, the class at a glance, every student.

    The server listens on 127.0.0.1 only and prints its address with a random token (only that
    browser can see or change anything). Decisions are stored in DIR/gradebook.sqlite at once and
    every output in DIR is written again. Ctrl-C stops it. Exit 0, or 2 when DIR is not a batch
    folder or the port is taken.

    \b
    Examples:
      grader review out/
      grader review out/ --port 8765 --no-open
    """
    from grader.review.server import serve
    from grader.review.workspace import Workspace, default_who

    space = Workspace(folder)
    try:
        serve(
            space,
            port=port,
            open_browser=not no_open,
            who=who or default_who(),
            announce=lambda url: click.echo(f"review {folder} at {url}  (Ctrl-C stops)"),
        )
    finally:
        space.close()
