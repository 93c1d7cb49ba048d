"""Chapter "Kommunereform" (only with ``samkart report MIGRATED --reform-original ORIGINAL``):
what a hypothetical reform (``samkart migrate --reform``) does to cooperation, from the original
register the year before the reform and the migrated one in the reform's year
(``samkart.analysis.reform``). Not one of :data:`~samkart.report.chapters.CHAPTERS`: the command
adds it, built from the original register it is given, before the data-quality chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from samkart.analysis.reform import internal_table, reform_municipalities_table
from samkart.i18n import gettext as _
from samkart.register.model import Register
from samkart.report.context import Context
from samkart.report.document import Chapter, Paragraph, Section, fmt

HEADINGS = {"slatt_sammen_av": "Slått sammen av", "for_reformen": "Før reformen",
            "etter_reformen": "Etter reformen"}


@dataclass(frozen=True)
class ReformChapter:
    """A chapter module's ``build`` with the original register bound to it."""

    original: Register
    original_name: str = "originalen"

    def build(self, ctx: Context) -> Chapter:
        year = ctx.year
        internal = internal_table(self.original, ctx.register, year)
        counts = reform_municipalities_table(self.original, ctx.register, year)
        merged = [r for r in counts.rows if r.slatt_sammen_av]
        s = Section("reform", _("Hva reformen gjør med samarbeidet"))
        total = sum(r.antall for r in internal.rows)
        parts = sum(len(r.slatt_sammen_av.split(", ")) for r in merged)
        s.add(Paragraph(
            _("Sammenligningen gjelder {original_name} i {value}, året før reformen, og det "
              "samme registeret ført gjennom reformen i {year}. Reformen slår sammen {parts} "
              "kommuner til {merged} {value2}. ")
            .format(original_name=self.original_name, value=year - 1, year=year,
                    parts=fmt(parts), merged=fmt(len(merged)),
                    value2=_("ny") if len(merged) == 1 else _("nye"))
            + (_("{total} {value} får alle deltakerne i én kommune og blir interne, ikke lenger "
                 "interkommunale.")
               .format(total=fmt(total),
                       value=_("ordning") if total == 1 else _("ordninger")) if total else
               _("Ingen ordning får alle deltakerne i én kommune."))))
        if internal.rows:
            s.add(ctx.table(_("Ordninger som blir interne ved reformen {year}, etter sektor og "
                              "tilknytningsform.")
                            .format(year=year), internal, total, headings=HEADINGS))
        if counts.rows:
            shown = counts.where(lambda r: bool(r.slatt_sammen_av) or r.endring != 0)
            s.add(ctx.table(_("Tellende ordninger per kommune før ({value}) og etter ({year}) "
                              "reformen: de nye kommunene og kommunene der tallet endres.")
                            .format(value=year - 1, year=year),
                            shown if shown.rows else counts, len(counts.rows),
                            headings=HEADINGS))
        else:
            s.add(Paragraph(_("Ingen kommune deltar i tellende ordninger før eller etter "
                              "reformen."), "note"))
        return Chapter("kommunereform", _("Kommunereform: hva om"), sections=[s])
