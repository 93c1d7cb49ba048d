"""Reading a stranger's file in a process of its own, with its time and memory bounded.

The readers check their limits as they go (:mod:`samkart.register.limits`), but a worst case can
hide between two checks: a row of millions of empty xlsx cells is parsed whole before the reader
sees it, a JSON document is parsed whole before its rows can be counted, and checking 200,000 bad
rows against the register's rules takes time of its own. A web worker must never be held for
minutes or pushed out of memory by one upload, so the web reads uploads through :func:`read`: in
a child process whose address space is capped (``RLIMIT_AS``) and which is killed when the file's
time is up. What comes back is the reader's own answer, or one located problem saying which bound
the file passed (:class:`Unreadable`).

The child is forked from multiprocessing's fork server (a clean, single-threaded process started
once, with the readers imported), never from the threaded web worker itself, where a lock held by
another thread at the moment of the fork could hang the child.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import resource
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from samkart import i18n
from samkart.i18n import gettext as _
from samkart.register.limits import MB, ReadLimits
from samkart.register.problems import Problem, Severity

T = TypeVar("T")

GRACE_SECONDS = 5.0
"""Time beyond ``max_seconds`` for starting the child and sending its answer back, after which
the parent kills it. The child stops itself at ``max_seconds`` (a timer), and is ended by the
system after ``max_seconds + 2 * GRACE_SECONDS`` seconds of CPU (``RLIMIT_CPU``) even if nobody
is left to kill it (its web worker died, or the server was stopped)."""


_PRELOAD = ["samkart.register.load"]


class _TimeUp(BaseException):
    """Raised in the child by its timer, wherever the reading is (not an ``Exception``: the
    readers' own handlers must not take it for a damaged file)."""


class Unreadable(Exception):
    """The file passed a bound the reader could not check itself (time, memory), or the reading
    process died; ``problem`` says which, located on the file's table."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def read(reader: Callable[..., T], path: Path, limits: ReadLimits, *args: Any,
         table: str = "register") -> T:
    """``reader(path, *args, limits=limits)`` in a child process, killed after
    ``limits.max_seconds`` (and :data:`GRACE_SECONDS`) and capped at ``limits.max_memory``;
    without those limits it runs here. ``reader`` must be a module-level function (it is sent to
    the child by name). Raises :class:`Unreadable` (its problem on ``table``) when the child runs
    out of time or memory, or dies."""
    if limits.max_seconds is None and limits.max_memory is None:
        return reader(path, *args, limits=limits)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, reader, str(path), args, limits,
                                                 i18n.get_language()), daemon=True)
    child.start()
    send.close()
    timeout = None if limits.max_seconds is None else limits.max_seconds + GRACE_SECONDS
    try:
        if receive.poll(timeout):
            try:
                kind, value = receive.recv()
            except EOFError:  # it died without answering: killed by the system, or crashed
                kind, value = "died", None
        else:
            kind, value = "time", None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "ok":
        return value
    if kind == "time":
        message = _("filen tok for lang tid å lese og kontrollere (over {max_seconds:g} s)").format(
            max_seconds=limits.max_seconds)
    elif kind == "memory":
        message = _("filen krever mer enn {mb} MB minne å lese").format(
            mb=(limits.max_memory or 0) // MB)
    else:
        message = _("filen kunne ikke leses (lesingen stoppet uventet)")
    raise Unreadable(Problem(Severity.ERROR, table, 0, "", message))


def _child(send: multiprocessing.connection.Connection,
           reader: Callable[..., Any], path: str, args: tuple,
           limits: ReadLimits, language: str) -> None:
    if limits.max_memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory, limits.max_memory))
    if limits.max_seconds is not None:
        seconds = int(limits.max_seconds + 2 * GRACE_SECONDS) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        signal.signal(signal.SIGALRM, _time_up)
        signal.setitimer(signal.ITIMER_REAL, limits.max_seconds)
    try:
        try:
            with i18n.using(language):
                answer = ("ok", reader(Path(path), *args, limits=limits))
        finally:
            if limits.max_seconds is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except MemoryError:
        answer = ("memory", None)
    except _TimeUp:
        answer = ("time", None)
    try:
        send.send(answer)
    except MemoryError:  # the answer itself does not fit: say so, briefly
        send.send(("memory", None))
    except (BrokenPipeError, ConnectionResetError):  # the worker that asked is gone
        pass
    finally:
        send.close()


def _time_up(_signum: int, _frame: object) -> None:
    raise _TimeUp
