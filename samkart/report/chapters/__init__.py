"""The report's chapters, in order: one module per chapter, each with ``build(ctx) -> Chapter``.

A new chapter is a new module here (``build(ctx: Context) -> Chapter``, reading the register
through the context's views and making figures and tables through ``ctx.figure``/``ctx.table``)
and one line in :data:`CHAPTERS`. Numbers come from the order; appendices (``Chapter(...,
appendix=True)``) are lettered after the numbered chapters.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from samkart.report.chapters import (
    about,
    appendix,
    content,
    geography,
    network,
    organisation,
    quality,
    scope,
    survey,
)
from samkart.report.context import Context
from samkart.report.document import Chapter

CHAPTERS: tuple[ModuleType, ...] = (
    about,
    scope,
    content,
    organisation,
    network,
    survey,
    geography,
    quality,
    appendix,
)
"""The chapters of the report, in the order they are printed."""

Build = Callable[[Context], Chapter]

__all__ = ["CHAPTERS", "Build"]
