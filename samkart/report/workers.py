"""Worker processes for writing a report: they draw the charts and lay out the PDF's pieces.

Started before the register is read (``samkart report`` does so first), the workers import
matplotlib and WeasyPrint and load the fonts while the main process reads and analyses the
register; the charts are then drawn on the cores the analyses leave free, and the PDF is laid out
on all of them (``pdf.py``). Without workers (one core, or ``Workers(1)``) everything runs in the
calling process, as the web pages do.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from samkart import i18n
from samkart.report.layout import quiet_weasyprint

MAX_WORKERS = 8


def workers_available() -> int:
    """The cores this process may use (at most ``MAX_WORKERS``)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


class Workers:
    """A pool of ``count`` processes (default: one per core); a context manager."""

    def __init__(self, count: int | None = None):
        self.count = workers_available() if count is None else max(1, count)
        self._pool: ProcessPoolExecutor | None = None
        if self.count > 1:
            self._pool = ProcessPoolExecutor(self.count, mp_context=_context(),
                                             initializer=_warm_up, initargs=(os.getpid(),))
            # Processes start on demand; one short task each starts them all now.
            for _ in range(self.count):
                self._pool.submit(time.sleep, 0.05)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run ``fn(*args)`` in a worker (``fn`` and its arguments must pickle), or here, at
        once, when there are no workers; either way a future of the result."""
        if self._pool is not None:
            return self._pool.submit(fn, *args)
        done: Future = Future()
        done.set_result(fn(*args))
        return done

    def chart(self, name: str, *args: Any, **kwargs: Any) -> Future:
        """A chart of :mod:`samkart.report.charts` (by function name), drawn in a worker."""
        # In the caller's language: the worker was started before the run chose one.
        return self.submit(draw_chart, name, args, kwargs, i18n.get_language())


def draw_chart(name: str, args: tuple, kwargs: dict, language: str = i18n.DEFAULT) -> str:
    """The SVG of ``charts.<name>(*args, **kwargs)``, its words and numbers in ``language``; by
    name, so that the caller need not import matplotlib (a second of the main process's time)."""
    from samkart.report import charts

    if name not in charts.__all__:
        raise ValueError(f"no chart called {name!r}")
    with i18n.using(language):
        return getattr(charts, name)(*args, **kwargs)


def _end_with_parent(parent: int) -> None:
    """On Linux, end this worker when the process that started it ends, even by SIGKILL (which
    no handler sees): a killed ``samkart report`` leaves no workers behind."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown has to do
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _warm_up(parent: int) -> None:
    """Import what the tasks need and load the fonts once per worker, before the first task."""
    _end_with_parent(parent)
    # Ctrl+C reaches the whole process group: the main process stops the work and tells the
    # user; a worker just ends, without a traceback of its own.
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    signal.signal(signal.SIGTERM, lambda *_: os._exit(143))
    from samkart.report import charts  # noqa: F401  (matplotlib)

    quiet_weasyprint()
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        # No Pango here: the charts and an HTML-only report still work; a PDF task raises the
        # error where the caller can report it.
        return
    HTML(string="<p>samkart <b>PDF</b> <i>A4</i></p>").render()


def _context() -> multiprocessing.context.BaseContext:
    # Forked workers start at once and need no guarded main module; a fork server would have
    # to import WeasyPrint before the first worker exists, keeping the caller waiting meanwhile.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
