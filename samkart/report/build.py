"""Put the report together: a :class:`~samkart.report.context.Context` for the year, every chapter
of :data:`~samkart.report.chapters.CHAPTERS` in order, the cover's key figures, and the numbers.

Every figure and table is computed by the chapters from the register; no number is typed in. Where
the register lacks what an analysis needs, the section says so and the rest is still written.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from types import ModuleType

from samkart.analysis.scope import touching
from samkart.gcpause import paused_gc
from samkart.i18n import gettext as _
from samkart.register.model import Register
from samkart.register.municipal_totals import MunicipalTotals
from samkart.report import numbers
from samkart.report.chapters import CHAPTERS, FINDINGS, preface
from samkart.report.context import PER_COUNTY_FIGURES, Context
from samkart.report.document import Chapter, Report, Section, fmt
from samkart.report.workers import Workers
from samkart.survey import Responses


def build_report(register: Register, year: int, compare: int | None = None,
                 county: str | None = None, source_name: str = "registeret",
                 survey: Responses | None = None, survey_name: str = "svarfilen",
                 workers: Workers | None = None,
                 chapters: Sequence[ModuleType] = CHAPTERS,
                 totals: MunicipalTotals | None = None, totals_name: str = "") -> Report:
    """The report for ``year`` (optionally against ``compare``, limited to ``county``, with a
    survey's responses): the ``chapters`` (modules with ``build(ctx)``), numbered. Charts are
    drawn by ``workers`` while the analyses go on, when there are any. ``totals``: the user's
    municipal expenditure and FTEs for the dependency profile's shares."""
    ctx = Context(register, year, compare, county, source_name, survey, survey_name, workers,
                  totals, totals_name)
    with paused_gc():
        built = [c for c in (module.build(ctx) for module in chapters) if c is not None]
    for chapter in built:
        _add_findings(ctx, chapter)
    return Report(
        title=_("Formalisert interkommunalt samarbeid"),
        subtitle=(_rounds_subtitle(ctx) if ctx.by_rounds else
                  f"{_place(ctx)} {year}" + (_(", sammenlignet med {year}").format(year=compare)
                                             if compare else "")),
        year=year, compare=ctx.compare,
        counties=[(c, ctx.county_names[c]) for c in ctx.counties],
        demo=ctx.demo, key_figures=_key_figures(ctx), chapters=ctx.assemble(built),
        generated=numbers.date(_dt.date.today()), source=ctx.source,
    )


def build_chapter(module: ModuleType, register: Register, year: int,
                  compare: int | None = None, county: str | None = None,
                  source_name: str = "registeret", survey: Responses | None = None,
                  survey_name: str = "svarfilen", totals: MunicipalTotals | None = None,
                  totals_name: str = "") -> Chapter:
    """One chapter of :data:`CHAPTERS` on its own (the web's survey page), numbered as in the
    whole report (the appendices come after every numbered chapter)."""
    ctx = Context(register, year, compare, county, source_name, survey, survey_name,
                  totals=totals, totals_name=totals_name)
    numbered = [m for m in CHAPTERS if m is not preface]
    first = numbered.index(module) + 1 if module in numbered else 1
    with paused_gc():
        chapter = module.build(ctx)
    assert chapter is not None, module
    _add_findings(ctx, chapter)
    return ctx.assemble([chapter], first=first)[0]


def _add_findings(ctx: Context, chapter: Chapter) -> None:
    """The analyst's findings for ``chapter`` (``tekster``), as its first section."""
    place = FINDINGS.get(chapter.id)
    text = ctx.text_block(place) if place else None
    if text is None:
        return
    s = Section("funn", ctx.text_title(place) or _("Hovedfunn"))  # type: ignore[arg-type]
    s.add(text)
    chapter.sections.insert(0, s)


def _rounds_subtitle(ctx: Context) -> str:
    """With mapping rounds: each county with its own year (and the one compared with)."""
    parts = []
    for c in ctx.counties:
        before = ctx.compare_of(c)
        parts.append(f"{ctx.county_names[c]} {ctx.year_of(c)}"
                     + (_(" (mot {year})").format(year=before) if before is not None else ""))
    if len(parts) > PER_COUNTY_FIGURES:
        return _("{n} fylker, hvert i sin siste kartlegging").format(n=len(parts))
    return ", ".join(parts[:-1]) + (_(" og ") if len(parts) > 1 else "") + parts[-1]


def _place(ctx: Context) -> str:
    names = list(ctx.county_names.values())
    if ctx.county:
        return ctx.county_names[ctx.county]
    if not names:
        return _("ingen fylker")
    if len(names) <= PER_COUNTY_FIGURES:
        return ", ".join(names[:-1]) + (_(" og ") if len(names) > 1 else "") + names[-1]
    return _("{n} fylker").format(n=len(names))


def _key_figures(ctx: Context) -> list[tuple[str, str]]:
    if ctx.by_rounds:  # each county at its own round: the arrangements of those rounds
        seen: dict[str, object] = {}
        municipalities, participations = [], 0
        for c in ctx.counties:
            view = ctx.view_for(c)
            for s in touching(view, c):
                seen[s.arrangement.id] = s
                participations += sum(1 for k in s.participants
                                      if view.municipalities[k].fylkesnummer == c)
            municipalities += [k for k, m in view.municipalities.items() if m.fylkesnummer == c]
        counted: list = list(seen.values())
    else:
        counted = touching(ctx.view, ctx.county)
        municipalities = [k for k, m in ctx.view.municipalities.items()
                          if m.fylkesnummer in ctx.counties]
        participations = sum(
            1 for s in counted for k in s.participants
            if ctx.view.municipalities[k].fylkesnummer in ctx.counties
        )
    in_scope = ctx.scope_ids
    return [
        (_("Tellende samarbeidsordninger"), fmt(len(counted))),
        (_("Kommuner"), fmt(len(municipalities))),
        (_("Ordninger per kommune (gjennomsnitt)"),
         fmt(round(participations / len(municipalities), 1) if municipalities else 0.0)),
        (_("Registrerte ordninger i alt"),
         fmt(len(ctx.register.arrangements if in_scope is None else in_scope))),
    ]
