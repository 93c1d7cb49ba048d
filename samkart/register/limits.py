"""Bounds on what reading a file may cost.

A register or response file from a stranger (an upload on the web) is read under
:data:`UPLOAD_LIMITS`, so a small zip or xlsx bomb, a file of millions of rows or a deeply nested
JSON document is refused with a message before it can take a server process's memory or minutes of
its time. Files named on the command line are the user's own and are read without limits (the
benchmarks read a million participations), except that only regular files and folders are read at
all: a FIFO or a device would hang or exhaust memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from samkart.register.problems import Problems


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What reading one file may cost; None means no bound."""

    max_bytes: int | None = None
    """Size of the file as given (compressed, for a zip or an xlsx)."""
    max_uncompressed: int | None = None
    """Sum of the declared sizes of a zip's or an xlsx workbook's members."""
    max_members: int | None = None
    """Members of a zip or an xlsx workbook."""
    max_rows: int | None = None
    """Data rows per table."""
    max_columns: int | None = None
    """Columns per table."""
    max_cell_chars: int | None = None
    """Characters in one cell."""
    max_seconds: float | None = None
    """Wall time for reading and validating the whole file (the readers check it as they go; read
    through :mod:`samkart.register.isolated`, the process is killed when it is up)."""
    max_memory: int | None = None
    """Address space of the process reading the file, through :mod:`samkart.register.isolated`."""
    max_problems: int | None = None
    """Problems kept for showing; the rest are counted (``Problems.dropped``)."""

    def problems(self) -> Problems:
        return Problems(limit=self.max_problems)

    def clock(self) -> Deadline:
        return Deadline(None if self.max_seconds is None
                        else time.monotonic() + self.max_seconds)


NO_LIMITS = ReadLimits()

MB = 1024 * 1024
UPLOAD_LIMITS = ReadLimits(
    max_bytes=20 * MB,
    max_uncompressed=100 * MB,
    max_members=200,
    max_rows=200_000,
    max_columns=200,
    max_cell_chars=100_000,
    max_seconds=30.0,
    # a 20 MB JSON register takes ~0.5 GB while it is parsed; the fork server's child starts at
    # ~0.1 GB of address space
    max_memory=1536 * MB,
    max_problems=1_000,
)


@dataclass(slots=True)
class Deadline:
    """A point in time after which reading gives up (checked on every row: a clock read costs
    less than a microsecond, and one row can be as costly as a thousand)."""

    at: float | None

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() > self.at


class TooLarge(Exception):
    """Raised inside a reader when a limit is passed; the reader turns it into one problem."""
