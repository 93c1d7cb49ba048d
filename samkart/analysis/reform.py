"""What a municipal reform does to cooperation (``samkart table reform``): a register before a
reform and the same register carried through it (``samkart migrate --reform``), compared.

"Before" is the original register in the year before the reform, "after" the migrated register in
the reform's year. An arrangement *becomes internal* when it was counted before and all its
participants end up in one municipality (the migration ends it in the reform year). Each remaining
municipality's count before is the number of distinct arrangements it or the municipalities it
was merged from took part in; after, those it takes part in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

from samkart.analysis.tables import Table, norwegian_key
from samkart.analysis.yearview import YearView
from samkart.reference.lawrules import form_label
from samkart.register.migrate import ENDING_KINDS
from samkart.register.model import Register


class InternalRow(NamedTuple):
    """Arrangements that become internal, by sector and legal form."""

    sektor: str
    tilknytningsform: str
    antall: int
    ordninger: str


class ReformMunicipalityRow(NamedTuple):
    """Counted arrangements of one municipality after the reform, and of its parts before."""

    kommunenummer: str
    kommune: str
    slatt_sammen_av: str
    for_reformen: int
    etter_reformen: int
    endring: int


def _predecessors(migrated: Register, year: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for c in migrated.changes:
        if c.year == year and c.kind in ENDING_KINDS and c.from_number != c.to_number \
                and c.from_number not in out[c.to_number]:
            out[c.to_number].append(c.from_number)
    return out


def internal_table(original: Register, migrated: Register, year: int) -> Table[InternalRow]:
    before = YearView(original, year - 1)
    after = YearView(migrated, year)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in before.counted():
        a = s.arrangement
        now = migrated.arrangements.get(a.id)
        if now is None or after.statuses[a.id].verdict.counted:
            continue
        if now.avviklet == year and a.avviklet != year:
            # named as in its last year as an inter-municipal arrangement (the Act's term then)
            groups[(a.sektor.label, form_label(a.tilknytningsform, year - 1)[0])].append(a.id)
    rows = [InternalRow(sektor, form, len(ids), ", ".join(sorted(ids)))
            for (sektor, form), ids in groups.items()]
    rows.sort(key=lambda r: (-r.antall, norwegian_key(r.sektor), norwegian_key(r.tilknytningsform)))
    return Table.of(InternalRow, rows)


def reform_municipalities_table(original: Register, migrated: Register, year: int
                                ) -> Table[ReformMunicipalityRow]:
    before = YearView(original, year - 1)
    after = YearView(migrated, year)
    parts = _predecessors(migrated, year)
    taking_part: dict[str, set[str]] = defaultdict(set)
    for s in before.counted():
        for k in s.participants:
            taking_part[k].add(s.arrangement.id)
    now: Counter[str] = Counter()
    for s in after.counted():
        for k in s.participants:
            now[k] += 1
    rows = []
    for k, m in after.municipalities.items():
        merged = parts.get(k, [])
        ids: set[str] = set()
        for part in merged or [k]:
            ids |= taking_part.get(part, set())
        if not ids and not now[k]:
            continue
        rows.append(ReformMunicipalityRow(k, m.navn, ", ".join(merged), len(ids), now[k],
                                          now[k] - len(ids)))
    rows.sort(key=lambda r: (r.endring, norwegian_key(r.kommune), r.kommunenummer))
    return Table.of(ReformMunicipalityRow, rows)
