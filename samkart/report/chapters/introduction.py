"""Chapter 1 "Innledning" (NIVI's chapter 1): what the report covers, the analyst's introduction
(``tekster``: ``innledning``) and, for the demo, that its data are synthetic."""

from __future__ import annotations

from samkart.i18n import N_
from samkart.i18n import gettext as _
from samkart.report.context import Context
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref

DEMO_NOTE = N_("Dette er syntetiske demodata, ikke en ekte kartlegging. Antall ordninger per "
               "kommune og fylke fordelt på nivå er kalibrert til tallene NIVI Analyse publiserte "
               "(tabell 4.1–4.5 og veksten i kap. 4.2 i NIVIs rapport); navn, sektorer, "
               "tilknytningsformer, år, oppgavefelt og vertskommuner er oppdiktet.")


def build(ctx: Context) -> Chapter:
    s = Section("formal", ctx.text_title("innledning") or _("Formål og innhold"))
    names = [ctx.county_names[c] for c in ctx.counties]
    place = (", ".join(names[:-1]) + " og " + names[-1]) if len(names) > 1 else (
        names[0] if names else _("ingen fylker"))
    s.add(Paragraph(Xref(
        _("Rapporten gir en oversikt over formalisert interkommunalt samarbeid i {place} "
          "({years_text}): hvor mange samarbeidsordninger kommunene deltar i og på hvilke "
          "geografiske nivåer (")
        .format(place=place, years_text=ctx.years_text()), Label("omfang"),
        _("), hva de samarbeider om ("), Label("innhold"),
        _("), hvordan samarbeidet er organisert ("), Label("organisering"),
        _(") og samarbeid over fylkesgrensene ("), Label("geografi"),
        _("). Hvordan kartleggingen er gjort står i "),
        Label("metode"), _(", og hva som telles som interkommunalt samarbeid i "),
        Label("definisjon"), ".")))
    text = ctx.text_block("innledning")
    if text is not None:
        s.add(text)
    if ctx.demo:
        s.add(Paragraph(_(DEMO_NOTE), "note"))
    return Chapter("innledning", _("Innledning"), sections=[s])
