"""Chapter 3 "Definisjon" (NIVI's chapter 3): what counts as formal inter-municipal cooperation and
why, every legal form with its legal basis and whether it counts, and the geographic levels."""

from __future__ import annotations

from typing import NamedTuple

from samkart.analysis.tables import Table
from samkart.domain.codes import LegalForm
from samkart.i18n import N_
from samkart.i18n import gettext as _
from samkart.reference.lawrules import legal_basis
from samkart.report.context import Context
from samkart.report.document import Chapter, Label, Paragraph, Section, Xref

# Why each legal form counts: agreements count as well, though they have no joint body, because
# the seed's definition asks for a binding, lasting obligation between municipalities, not an
# organisation (NIVI, ch. 3).
COUNTS = {
    LegalForm.AS: N_("Ja, når kommunene eier mer enn 50 prosent"),
}


class FormRow(NamedTuple):
    tilknytningsform: str
    hjemmel: str
    telles: str


def build(ctx: Context) -> Chapter:
    s = Section("hva-telles", ctx.text_title("definisjon") or _("Hva som telles"))
    s.add(Paragraph(
        _("Med formalisert interkommunalt samarbeid menes i denne kartleggingen et varig "
          "samarbeid mellom to eller flere kommuner som bygger på et skriftlig vedtak eller en "
          "avtale, med en av kommunelovens, selskapslovgivningens eller annen lovs "
          "samarbeidsformer. En ordning telles når alt dette gjelder:")))
    s.add(Paragraph(Xref(
        _("1) den er formell (ikke en forening, et faglig nettverk eller et tidsavgrenset "
          "prosjekt); 2) kommunene er den dominerende parten (ikke staten eller private); 3) et "
          "aksjeselskap eies med mer enn 50 prosent av kommuner; 4) minst to kommuner deltar i "
          "året som telles. Andre registrerte ordninger beholdes i registeret, men telles ikke; "
          "de står med grunnen i "), Label("datakvalitet-utelatt"), ".")))
    s.add(Paragraph(
        _("Også avtalebasert samarbeid uten et eget organ — kjøp og salg av tjenester etter "
          "avtale — telles. Slike avtaler binder kommunene like mye som et selskap eller en "
          "vertskommuneløsning, og mye av samarbeidet om lovpålagte tjenester er organisert "
          "slik; å utelate dem ville undervurdere hvor avhengige kommunene er av hverandre.")))
    text = ctx.text_block("definisjon")
    if text is not None:
        s.add(text)
    forms = Section("tilknytningsformer", _("Tilknytningsformer"))
    rows = [FormRow(f.label, legal_basis(f), _(COUNTS.get(f, N_("Ja")))) for f in LegalForm]
    forms.add(ctx.table(_("Juridiske tilknytningsformer, lovgrunnlag og om de telles."),
                        Table.of(FormRow, rows), len(rows),
                        source=_("Kilde: kommuneloven 1992 og 2018, IKS-loven, aksjeloven, "
                                 "samvirkelova"),
                        headings={"hjemmel": _("Lovgrunnlag"), "telles": _("Telles")},
                        label="definisjon-tabell-former"))
    levels = Section("nivaer", _("Geografiske nivåer"))
    levels.add(Paragraph(Xref(
        _("Ordningene deles i tre geografiske nivåer: regionalt nivå når minst tre firedeler av "
          "et regionråds medlemmer deltar og høyst én deltaker er utenfor; høyere nivå når "
          "ordningen ellers har minst fire deltakere fra minst to regionråd; ellers lokalt nivå. "
          "Et nivå satt for hånd i registeret går foran. Regionrådene står i "),
        Label("omfang-kart"), _(" og "), Label("omfang-delregioner"), ".")))
    return Chapter("definisjon", _("Definisjon"), sections=[s, forms, levels])
