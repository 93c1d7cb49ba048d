"""Pausing Python's cyclic garbage collector around bulk work.

Reading a register, building a report and laying out a PDF each create hundreds of thousands of
objects that live on, or die together at the end. The collector keeps scanning them while they
are made: measured on a national register, that was half the time of reading it and a third of
WeasyPrint's layout, for no memory saved (peak memory was the same with the collector paused). The
collector is turned back on afterwards, and collects whatever cycles the work left.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc(*, lasting: bool = False) -> Iterator[None]:
    """Run the body with the cyclic garbage collector off (reference counting still frees
    memory); restores the previous state, also on error. Nests.

    ``lasting``: what the body made lives to the end of the process (a command's register):
    it is frozen out of the collector's sight (:func:`gc.freeze`) before the collector is back,
    whose first full collection would otherwise go through all of it once more, for nothing (a
    quarter of a second at a million participations)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if lasting:
            gc.freeze()
        if was_enabled:
            gc.enable()
