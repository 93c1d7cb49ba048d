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
    appendix,
    conclusions,
    content,
    definition,
    geography,
    introduction,
    method,
    network,
    organisation,
    preface,
    quality,
    scope,
    survey,
)
from samkart.report.context import Context
from samkart.report.document import Chapter

CHAPTERS: tuple[ModuleType, ...] = (
    preface,
    introduction,
    method,
    definition,
    scope,
    content,
    organisation,
    survey,
    geography,
    network,  # after NIVI's chapters, so that theirs keep NIVI's numbers
    quality,
    conclusions,
    appendix,
)
"""The chapters of the report, in the order they are printed: NIVI's numbering (1 Innledning,
2 Problemstillinger og metode, 3 Definisjon, 4 Omfang, …). ``preface`` (foreword and summary) is
unnumbered and left out when the analyst has written neither."""

FINDINGS = {"omfang": "omfang", "innhold": "innhold", "organisering": "organisering",
            "erfaringer": "vurderinger", "geografi": "fylkesgrenser",
            "datakvalitet": "datakvalitet"}
"""Chapter id -> the ``tekster`` key of the analyst's findings printed first in that chapter."""

Build = Callable[[Context], Chapter | None]

__all__ = ["CHAPTERS", "FINDINGS", "Build"]
