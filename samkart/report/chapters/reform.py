"""Chapter "Kommunereform" (only with ``samkart report MIGRATED --reform-original ORIGINAL``):
what a hypothetical reform (``samkart migrate --reform``) does to cooperation, from the original
register the year before the reform and the migrated one in the reform's year
(``samkart.analysis.reform``). Not one of :data:`~samkart.report.chapters.CHAPTERS`: the command
adds it, built from the original register it is given, before the data-quality chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from samkart.analysis.reform import internal_table, reform_municipalities_table
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
        s = Section("reform", "Hva reformen gjør med samarbeidet")
        total = sum(r.antall for r in internal.rows)
        parts = sum(len(r.slatt_sammen_av.split(", ")) for r in merged)
        s.add(Paragraph(
            f"Sammenligningen gjelder {self.original_name} i {year - 1}, året før reformen, og det "
            f"samme registeret ført gjennom reformen i {year}. Reformen slår sammen {fmt(parts)} "
            f"kommuner til {fmt(len(merged))} {'ny' if len(merged) == 1 else 'nye'}. "
            + (f"{fmt(total)} {'ordning' if total == 1 else 'ordninger'} får alle deltakerne i én "
               "kommune og blir interne, ikke lenger interkommunale." if total else
               "Ingen ordning får alle deltakerne i én kommune.")))
        if internal.rows:
            s.add(ctx.table(f"Ordninger som blir interne ved reformen {year}, etter sektor og "
                            "tilknytningsform.", internal, total, headings=HEADINGS))
        if counts.rows:
            shown = counts.where(lambda r: bool(r.slatt_sammen_av) or r.endring != 0)
            s.add(ctx.table(f"Tellende ordninger per kommune før ({year - 1}) og etter ({year}) "
                            "reformen: de nye kommunene og kommunene der tallet endres.",
                            shown if shown.rows else counts, len(counts.rows),
                            headings=HEADINGS))
        else:
            s.add(Paragraph("Ingen kommune deltar i tellende ordninger før eller etter "
                            "reformen.", "note"))
        return Chapter("kommunereform", "Kommunereform: hva om", sections=[s])
