"""Chapter "Rådmennenes vurderinger" (chapter 7 of the seed): the chief executives' survey, when a
response file is given: response rate, shares per task field, experiences, and the answers
against the register."""

from __future__ import annotations

from samkart.analysis.tables import Table
from samkart.domain.codes import Band
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN
from samkart.i18n import gettext as _
from samkart.report.context import (
    PRINT_LIMIT,
    SMALL_GROUP,
    SMALL_MARK,
    Context,
    small,
    small_groups_note,
)
from samkart.report.document import Chapter, Paragraph, Section, fmt
from samkart.survey import Responses
from samkart.survey import analysis as survey_analysis


def build(ctx: Context) -> Chapter:
    chapter = Chapter("erfaringer", _("Rådmennenes vurderinger"))
    sv = ctx.responses
    if sv is None:
        s = Section("undersokelse", _("Rådmannsundersøkelsen"))
        s.add(Paragraph(
            _("Rapporten bygger ikke på svar fra en rådmannsundersøkelse, så andeler etter "
              "rådmennenes svar og vurderinger av erfaringer (figur 7.1 i NIVIs rapport) er ikke "
              "med."), "note"))
        chapter.sections.append(s)
        return chapter
    # The response rate is over the municipalities the report is about (those of its counties
    # in the survey's year), not every municipality in the country.
    rate = survey_analysis.response_rate(sv, ctx.counties)
    answered = sum(r.svar for r in rate.rows)
    total = sum(r.kommuner for r in rate.rows)
    s = Section("undersokelse", _("Rådmannsundersøkelsen {year}").format(year=sv.year))
    text = (_("Rådmennene i {answered} av de {total} kommunene i {ctx} svarte på undersøkelsen i "
              "{year}, en svarprosent på {value}.").format(
                answered=fmt(answered), total=fmt(total), ctx=_counties_text(ctx, rate),
                year=sv.year, value=fmt(round(100 * answered / total, 1) if total else 0.0)))
    outside = len({r.kommunenummer for r in sv.responses}) - answered
    if outside > 0:
        text += (_(" {outside} svar fra kommuner i andre fylker er med i landstallene, men ikke "
                   "i svarprosenten.").format(outside=fmt(outside)))
    if total and answered / total < 0.5:
        text += (_(" Med under halvparten som har svart, kan andelene avvike mye fra det som "
                   "gjelder alle kommunene."))
    s.add(Paragraph(text))
    s.add(ctx.table(_("Svar per fylke."), rate, answered, source=ctx.survey_source))
    chapter.sections += [s, _task_fields(ctx, sv, answered), _experiences(ctx, sv),
                         _against_register(ctx, sv)]
    return chapter


def _task_fields(ctx: Context, sv: Responses, answered: int) -> Section:
    s = Section("oppgavefelt-svar", _("Deltakelse på oppgavefelt etter rådmennenes svar"))
    t = survey_analysis.task_field_table(sv)
    answered_rows = t.where(lambda r: r.svar > 0)
    for band in Band:
        rows = sorted((r for r in answered_rows.rows if r.band == band.code),
                      key=lambda r: -(r.andel_prosent or 0.0))
        if rows:
            n = max(r.svar for r in rows)
            s.add(ctx.figure(
                _("Andel av kommunene som deltar i interkommunalt samarbeid: {lower}. Prosent. N "
                  "= opptil {n}.").format(lower=band.label.lower(), n=n),
                ctx.chart("bar_chart", [r.navn for r in rows],
                          {"Andel": [r.andel_prosent for r in rows]},
                          f"Rådmannsundersøkelsen, {band.label}", horizontal=True, percent=True,
                          limit=100),
                n, source=ctx.survey_source))
    s.add(ctx.table(_("Andel som svarer ja per oppgavefelt (N per felt: de som svarte ja eller "
                      "nei)."), answered_rows, answered, source=ctx.survey_source, hidden=("kode",)))
    per_county = survey_analysis.by_county(sv)
    answered_codes = {r.kode for r in answered_rows.rows}
    # Counties where few answered are marked: their shares rest on a handful of answers.
    replies = {r.fylkesnummer: r.svar for r in survey_analysis.response_rate(sv).rows}
    county_names = {col: ctx.register.county_name(col[len("prosent_"):], sv.year)
                    for col in per_county.columns if col.startswith("prosent_")}
    county_heads = {col: small("% " + name, replies.get(col[len("prosent_"):], 0))
                    for col, name in county_names.items()}
    s.add(ctx.table(_("Andel som svarer ja per oppgavefelt og fylke."),
                    per_county.where(lambda r: r.kode in answered_codes), answered,
                    source=ctx.survey_source, long=True, hidden=("kode",),
                    headings=county_heads))
    if note := small_groups_note(
            [(name, replies.get(col[len("prosent_"):], 0)) for col, name in county_names.items()],
            _("svar"), _("ett svar")):
        s.add(note)
    by_size = survey_analysis.task_field_table(sv, by_size=True)
    names = {c.code: c.label for c in (*SIZE_CLASSES, UNKNOWN)}
    few = sorted({names.get(r.storrelse, r.storrelse) for r in by_size.rows
                  if 0 < r.svar < SMALL_GROUP})
    by_size = Table(by_size.columns, [
        r._replace(storrelse=small(names.get(r.storrelse, r.storrelse), r.svar))
        for r in by_size.rows if r.svar])
    s.add(ctx.table(_("Andel som svarer ja per oppgavefelt etter kommunestørrelse (felt uten "
                      "svar er utelatt)."), by_size, answered, source=ctx.survey_source, long=True,
                    hidden=("kode",)))
    if few:
        s.add(Paragraph(_("{SMALL_MARK} Færre enn {SMALL_GROUP} svar på feltet i klassen "
                          "({few}): andelen bør leses med forsiktighet.")
                        .format(SMALL_MARK=SMALL_MARK, SMALL_GROUP=SMALL_GROUP,
                                few=', '.join(few)), "small"))
    return s


def _experiences(ctx: Context, sv: Responses) -> Section:
    s = Section("erfaringer-svar", _("Erfaringer med interkommunalt samarbeid"))
    e = survey_analysis.experience_table(sv)
    if not e.rows:
        s.add(Paragraph(_("Svarfilen har ingen erfaringsspørsmål."), "note"))
        return s
    shares = []
    for r in e.rows:
        rated = sum(r.ratings)
        shares.append([100 * x / rated if rated else 0.0 for x in r.ratings])
    n = max(r.n for r in e.rows)
    s.add(ctx.figure(
        _("Rådmennenes vurdering av kommunens erfaringer med interkommunalt samarbeid på ulike "
          "områder. Prosent av dem som vurderte; N per spørsmål i tabellen."),
        ctx.chart("diverging", [f"{r.navn} (N={r.n})" for r in e.rows], shares,
                  _("Erfaringer med interkommunalt samarbeid"),
                  [_("Svært dårlige"), _("Dårlige"), _("Verken eller"), _("Gode"),
                   _("Svært gode")]),
        n, source=ctx.survey_source))
    s.add(ctx.table(_("Vurderinger per spørsmål."), e, n, source=ctx.survey_source,
                    hidden=("dimensjon",)))
    return s


def _against_register(ctx: Context, sv: Responses) -> Section:
    s = Section("svar-mot-register", _("Svarene mot registeret"))
    summary = survey_analysis.agreement_summary(sv, ctx.register, view=ctx.view)
    if not summary.both:
        s.add(Paragraph(_("Ingen kommuner er både i undersøkelsen og i registeret i {year}.")
                        .format(year=ctx.year),
                        "note"))
        return s
    a = survey_analysis.agreement(sv, ctx.register, view=ctx.view)
    s.add(Paragraph(
        _("{both} kommuner er både i undersøkelsen og i registeret. {agreeing} av {compared} "
          "svar om oppgavefelt stemmer med registeret; de {rows} som ikke stemmer, er listet her "
          "for oppfølging.")
        .format(both=fmt(summary.both), agreeing=fmt(summary.agreeing),
                compared=fmt(summary.compared), rows=fmt(len(a.rows)))))
    if a.rows:
        s.add(ctx.table(_("Der rådmannen og registeret er uenige."), a, len(a.rows),
                        source=ctx.survey_source, long=True, print_limit=PRINT_LIMIT))
    return s


def _counties_text(ctx: Context, rate: Table) -> str:
    names = [ctx.county_names.get(r.fylkesnummer) or ctx.register.county_name(r.fylkesnummer,
                                                                               ctx.year)
             for r in rate.rows]
    if len(names) > 4:
        return _("de {names} fylkene i rapporten").format(names=len(names))
    return ", ".join(names[:-1]) + (_(" og ") if len(names) > 1 else "") + (
        names[-1] if names else "")
