"""Chapter "Om kartleggingen": the definition that decides what counts, and the levels."""

from __future__ import annotations

from samkart.report.context import Context
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref

DEMO_NOTE = ("Dette er syntetiske demodata, ikke en ekte kartlegging. Antall ordninger per kommune og "
             "fylke fordelt på nivå er kalibrert til tallene NIVI Analyse publiserte (tabell 4.1–4.5 "
             "og veksten i kap. 4.2 i NIVIs rapport); navn, sektorer, tilknytningsformer, år, "
             "oppgavefelt og vertskommuner er oppdiktet.")


def build(ctx: Context) -> Chapter:
    s = Section("definisjon", "Definisjon og nivåer")
    s.add(Paragraph(Xref(
        "En samarbeidsordning telles når den er formell (ikke forening, nettverk eller "
        "prosjekt), domineres av kommunene, for aksjeselskap har kommunal eierandel over 50 "
        "prosent, og har minst to deltakende kommuner i året som ses på. Andre registrerte "
        "ordninger beholdes i registeret og vises i ", Label("datakvalitet-utelatt"),
        " med grunnen.")))
    s.add(Paragraph(
        "Ordningene deles i tre geografiske nivåer: regionalt nivå når minst tre firedeler av "
        "et regionråds medlemmer deltar og høyst én deltaker er utenfor; høyere nivå når "
        "ordningen ellers har minst fire deltakere fra minst to regionråd; ellers lokalt nivå. "
        "Et nivå satt for hånd i registeret går foran."))
    if ctx.demo:
        s.add(Paragraph(DEMO_NOTE, "note"))
    return Chapter("om", "Om kartleggingen", sections=[s])
