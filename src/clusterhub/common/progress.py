"""A progress bar for long commands, shown only to a person watching a terminal.

Commands pass `on_progress(done, total)` callbacks to the code doing the work; on a terminal the
bar (rich) is drawn on stderr, so stdout stays the command's parseable result; when stderr is not
a terminal (a pipe, a log file, cron, `call_command`) nothing at all is written.
"""

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn
from rich.progress import MofNCompleteColumn
from rich.progress import Progress
from rich.progress import TextColumn
from rich.progress import TimeRemainingColumn

OnProgress = Callable[[int, int], None]


def _is_terminal(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress(description: str, *, stream) -> Iterator[OnProgress]:
    """Yield an `on_progress(done, total)` callback drawing a bar on `stream` if it is a terminal.

    `stream` is a command's `self.stderr` (Django's OutputWrapper) or any file object.
    """
    if not _is_terminal(stream):
        yield lambda done, total: None
        return
    console = Console(file=getattr(stream, "_out", stream), force_terminal=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    task = bar.add_task(description, total=None)

    def on_progress(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield on_progress
