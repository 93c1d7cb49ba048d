"""What the seed does not publish, generated to be plausible: sectors, task fields, legal forms,
hosts, names, budgets; a few arrangements the definition excludes; and the register itself, with
participations carried openly to the successor of a municipality that merges."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping

from samkart.demo.marker import DEMO_SOURCE, is_demo  # noqa: F401  (re-exported)
from samkart.demo.plan import CountyTarget, Draft, Geography
from samkart.domain.codes import (
    ArrangementType,
    DominantParty,
    LegalForm,
    Level,
    Role,
    Sector,
)
from samkart.domain.entities import Arrangement, Municipality, Participation
from samkart.reference import Reference, county_name, published
from samkart.register.model import Register

# Target share of municipalities per band (percent), inside each band with a margin.
BAND_TARGET = {"hyppig": 64.0, "vanlig": 33.0, "sjelden": 14.5, "uvanlig": 5.0}
OVERSHOOT = 6.0  # percentage points a field may end above its target in a county
BAND_CEILING = {"hyppig": 100.0, "vanlig": 48.0, "sjelden": 19.0, "uvanlig": 9.0}

# Fine sectors (delsektor) per coarse sector, for arrangements without a catalogue task field.
FINE = {
    "administrasjon": ["Arkiv", "Personal og HMS", "Juridisk bistand", "Kontrollutvalgssekretariat",
                       "Eiendomsskatt"],
    "helse": ["Samhandlingsreformen", "Rus og psykiatri", "Kreftkoordinator", "Frisklivssentral",
              "Fysioterapi"],
    "sosial": ["Krisesenter", "Boligsosialt arbeid", "Introduksjonsprogram",
               "Incest- og overgrepssenter"],
    "oppvekst": ["Voksenopplæring", "Pedagogisk senter", "Spesialpedagogikk"],
    "kultur": ["Museum", "Kino og kulturhus", "Idrettsanlegg"],
    "teknisk": ["Veg, bru og bompenger", "Vann og avløp", "Eiendomsdrift", "Feiing",
                "Slamtømming"],
    "brann_beredskap": ["110-sentral", "Feiervesen", "Krisehåndtering"],
    "plan_miljo_landbruk": ["Viltforvaltning", "Skogbruk", "Kystsoneplan", "Interkommunalt plankontor"],
    "naering": ["Næringsutvikling", "Regionalt utviklingsselskap", "Destinasjonsselskap"],
    "regionalt_samarbeid": ["Regionråd og arbeidsutvalg", "Interessepolitikk"],
}

# Coarse sector weights for arrangements without a task field (chapter 5.1: Møre og Romsdal more
# technical, Sør-Trøndelag more health, social and administration).
SECTOR_WEIGHTS = {
    "15": {"teknisk": 26, "administrasjon": 12, "helse": 12, "sosial": 6, "oppvekst": 4,
           "kultur": 7, "brann_beredskap": 6, "plan_miljo_landbruk": 9, "naering": 12,
           "regionalt_samarbeid": 6},
    "16": {"teknisk": 12, "administrasjon": 18, "helse": 22, "sosial": 12, "oppvekst": 6,
           "kultur": 6, "brann_beredskap": 5, "plan_miljo_landbruk": 8, "naering": 7,
           "regionalt_samarbeid": 4},
}
DEFAULT_WEIGHTS = {"teknisk": 16, "administrasjon": 16, "helse": 18, "sosial": 9, "oppvekst": 6,
                   "kultur": 6, "brann_beredskap": 6, "plan_miljo_landbruk": 9, "naering": 10,
                   "regionalt_samarbeid": 4}
STATUTORY = {"helse", "sosial", "oppvekst", "brann_beredskap", "administrasjon"}

FORMS = {
    Level.LOKAL: {"avtale": 60, "vertskommune": 34, "styre": 4, "iks": 2},
    Level.REGIONAL: {"vertskommune": 34, "avtale": 26, "iks": 16, "styre": 14, "as": 4,
                     "vertskommune_nemnd": 6},
    Level.HOYERE: {"avtale": 34, "iks": 28, "as": 14, "styre": 12, "vertskommune": 12},
}
HOSTED = {LegalForm.VERTSKOMMUNE, LegalForm.VERTSKOMMUNE_NEMND}
# The demo's synthetic arrangements keep the law: a § 27 board without an end was converted or
# wound up by the 2018 Act's deadline (autumn 2023, so not active in 2024) and a samkommune by
# 1 January 2020 (reference/data/lovregler.csv). Years the demo is calibrated to are untouched.
LAWFUL_END = {LegalForm.STYRE: 2024, LegalForm.SAMKOMMUNE: 2020}


# Sectors in which cooperation from before 1990 is plausible (waste and water, audit, fire).
OLD_SECTORS = {"teknisk", "administrasjon", "brann_beredskap"}


def _form_in_force(form: LegalForm, year: int | None, rng: random.Random) -> LegalForm:
    """A legal form that existed in ``year``: host-municipality cooperation (§28-1 b/c) from 2007,
    IKS from 2000 (the act of 1999), samkommune from 2004 (trials before kap. 5 B of 2007)."""
    if year is None:
        return form
    if (form in HOSTED and year < 2007) or (form is LegalForm.SAMKOMMUNE and year < 2004):
        return rng.choice((LegalForm.AVTALE, LegalForm.STYRE))
    if form is LegalForm.IKS and year < 2000:
        return LegalForm.STYRE
    return form


def _pick(weights: Mapping[str, float], rng: random.Random) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def orgnr(rng: random.Random) -> str:
    """A random 9-digit number starting with 9 that passes Enhetsregisteret's MOD11 check."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [9, *(rng.randrange(10) for _ in range(7))]
        rest = 11 - sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if rest == 11:
            rest = 0
        if rest != 10:
            return "".join(map(str, digits)) + str(rest)


class Content:
    def __init__(self, reference: Reference, targets: dict[str, CountyTarget],
                 geo: dict[str, Geography], rng: random.Random):
        self.reference = reference
        self.targets = targets
        self.geo = geo
        self.rng = rng
        self.names: dict[str, Municipality] = {}
        for t in targets.values():
            for m in reference.municipalities.valid_in(t.year):
                self.names.setdefault(m.kommunenummer, m)

    # -- task fields and sectors --------------------------------------------------------------
    def assign(self, drafts: list[Draft], ended: list[Draft]) -> None:
        rng = self.rng
        self._nordland_new_sectors(drafts)
        shares = published.task_field_shares()
        fields = list(self.reference.task_fields.values())
        rng.shuffle(fields)
        # Frequent fields first: they need the most arrangements and the widest choice.
        order = {"hyppig": 0, "vanlig": 1, "sjelden": 2, "uvanlig": 3}
        fields.sort(key=lambda f: order.get(f.frekvensband_2016, 4))
        population = {c: set(g.local) for c, g in self.geo.items()}
        for f in fields:
            band = f.frekvensband_2016
            goal = shares.get(f.kode) or BAND_TARGET[band]
            ceiling = BAND_CEILING[band]
            covered: dict[str, set[str]] = {c: set() for c in population}
            wanted = {c: goal for c in population}
            if f.kode == "barnevern":
                wanted.update({c: float(v) for c, v in published.CHILD_WELFARE_SHARE.items()})
            candidates = [
                d for d in drafts
                if not d.fields and (d.sector is None or d.sector == f.sektor)
            ]
            # Frequent fields are mostly solved regionally or higher; rare ones locally.
            pref = {
                "hyppig": (Level.REGIONAL, Level.HOYERE, Level.LOKAL),
                "vanlig": (Level.REGIONAL, Level.LOKAL, Level.HOYERE),
            }.get(band, (Level.LOKAL, Level.REGIONAL, Level.HOYERE))
            rng.shuffle(candidates)
            candidates.sort(key=lambda d: pref.index(d.level))
            for d in candidates:
                gain = False
                for c, pop in population.items():
                    share = 100 * len(covered[c]) / len(pop)
                    mine = set(d.members) & pop
                    if not mine:
                        continue
                    after = 100 * len(covered[c] | mine) / len(pop)
                    # Stay inside the band, and near the target: a large regional arrangement
                    # must not carry a county far past it.
                    limit = min(ceiling, wanted[c] + OVERSHOOT)
                    if after > limit or (share >= wanted[c] and mine - covered[c]):
                        gain = False
                        break
                    if mine - covered[c]:
                        gain = True
                if gain:
                    d.fields.append(f.kode)
                    d.sector = f.sektor
                    for c, pop in population.items():
                        covered[c] |= set(d.members) & pop
                if all(100 * len(covered[c]) / len(population[c]) >= wanted[c]
                       for c in population):
                    break
        for d in drafts:
            if d.sector is None:
                weights = SECTOR_WEIGHTS.get(min(d.counties), DEFAULT_WEIGHTS)
                if d.level is not Level.REGIONAL:
                    weights = {k: v for k, v in weights.items() if k != "regionalt_samarbeid"}
                d.sector = _pick(weights, rng)
        for d in ended:
            successor = next(x for x in drafts if x.erstatter is d)
            d.sector = successor.sector
            d.fields = list(successor.fields)

    def _nordland_new_sectors(self, drafts: list[Draft]) -> None:
        """Nordland's new arrangements 2010-2013 by sector, as chapter 5.4 lists them."""
        first = self.targets["18"].first_round or 0
        new = [d for d in drafts if d.counties == {"18"} and (d.etablert or 0) > first
               and (d.etablert or 0) <= 2013]
        self.rng.shuffle(new)
        i = 0
        for sector, n in published.NORDLAND_NEW_BY_SECTOR.items():
            for d in new[i:i + n]:
                d.sector = sector
            i += n

    # -- the register -------------------------------------------------------------------------
    def register(self, drafts: list[Draft]) -> Register:
        rng = self.rng
        drafts.sort(key=lambda d: (min(d.counties), d.etablert or 0, min(d.members)))
        serial: dict[str, int] = defaultdict(int)
        for d in drafts:
            county = min(d.counties)
            serial[county] += 1
            d.id = f"DEMO-{county}-{serial[county]:04d}"
        arrangements: dict[str, Arrangement] = {}
        participations: list[Participation] = []
        for d in drafts:
            a, ps = self._arrangement(d, rng)
            arrangements[a.id] = a
            participations += ps
        participations = self._carry_over(arrangements, participations)
        ref = self.reference
        return Register(arrangements, participations, ref.municipalities, ref.counties,
                        ref.councils, list(ref.memberships), dict(ref.task_fields))

    def _arrangement(self, d: Draft, rng: random.Random) -> tuple[Arrangement, list[Participation]]:
        # The demo's sector and form codes are its own constants, known valid.
        sector = Sector.from_code(d.sector or "administrasjon")
        form = LegalForm.from_code(_pick(FORMS[d.level], rng))
        if d.council and d.level is Level.REGIONAL:
            kind = self.reference.councils[d.council].type.code
            if kind == "samkommune" and rng.random() < 0.6:
                form = LegalForm.SAMKOMMUNE
            elif kind == "vertskommunesystem" and rng.random() < 0.5:
                form = LegalForm.VERTSKOMMUNE_NEMND
        if form is LegalForm.VERTSKOMMUNE_NEMND and d.council is None and rng.random() < 0.7:
            form = LegalForm.VERTSKOMMUNE  # joint committees are rare outside Værnesregionen
        form = _form_in_force(form, d.etablert, rng)
        if d.etablert is not None and d.etablert < 1990 and sector.code not in OLD_SECTORS:
            # Before 1990 formal cooperation was mostly technical: waste, audit, fire.
            d.etablert = rng.randint(1990, 2000)
        population = {k: (self.names[k].innbyggere or 0) for k in d.members}
        host = None
        if form in HOSTED or (form is LegalForm.AVTALE and rng.random() < 0.5):
            # The host is usually the largest member, sometimes another with the expertise.
            ranked = sorted(d.members, key=lambda k: -population[k])
            host = ranked[0] if rng.random() < 0.7 else rng.choice(ranked)
        if d.fields:
            topic = self.reference.task_fields[d.fields[0]].navn
            delsektor = topic
        else:
            delsektor = rng.choice(FINE[sector.code])
            topic = delsektor
        name = self._name(d, topic, form)
        eierandel = None
        if form is LegalForm.AS:
            eierandel = float(rng.choice((51, 60, 66, 75, 80, 100, 100, 100)))
        budget = None
        fte = None
        if form in {LegalForm.IKS, LegalForm.AS, LegalForm.VERTSKOMMUNE, LegalForm.SAMKOMMUNE,
                    LegalForm.VERTSKOMMUNE_NEMND}:
            fte = round(rng.lognormvariate(1.2, 0.9), 1)
            budget = round(fte * rng.uniform(0.8, 1.4) * 850_000, -3)
        a = Arrangement(
            id=d.id,
            navn=name,
            tilknytningsform=form,
            sektor=sector,
            delsektor=delsektor,
            oppgavefelt=tuple(d.fields),
            lovpalagt=sector.code in STATUTORY and rng.random() < 0.8,
            vertskommune=host,
            etablert=d.etablert,
            avviklet=d.avviklet if d.avviklet is not None else LAWFUL_END.get(form),
            niva=d.level,
            orgnr=orgnr(rng) if form in {LegalForm.IKS, LegalForm.AS} else None,
            kommunal_eierandel=eierandel,
            erstatter=d.erstatter.id if d.erstatter else None,
            budsjett_nok=budget,
            arsverk=fte,
            kilde=DEMO_SOURCE,
        )
        if d.excluded:
            self._exclude(a, d.excluded)
        ps = []
        for k in d.members:
            role = Role.VERTSKOMMUNE if k == host else Role.DELTAKER
            fra = d.late.get(k)
            start = fra if fra is not None else d.etablert
            before = self._predecessor(k, start)
            if before is not None:
                # The municipality was created by a merger after the arrangement started: its
                # predecessor of the same name took part until then (Inderøy 1729 -> 1756).
                number, year = before
                ps.append(Participation(d.id, number, fra=fra, til=year, rolle=role))
                fra = year
            ps.append(Participation(d.id, k, fra=fra, rolle=role))
        return a, ps

    def _predecessor(self, number: str, start: int | None) -> tuple[str, int] | None:
        ref = self.reference
        if start is None or ref.municipalities.valid(number, start) is not None:
            return None
        name = self.names[number].navn
        changes = [c for c in ref.changes if c.to_number == number and c.year > start]
        changes.sort(key=lambda c: (c.from_name != name, c.year))
        for c in changes:
            if ref.municipalities.valid(c.from_number, start) is not None:
                return c.from_number, c.year
        raise ValueError(f"{number} has no predecessor valid in {start}")

    def _council_members(self) -> dict[str, set[str]]:
        """Each council's members in the mapping years (for names that fit the members)."""
        if not hasattr(self, "_members"):
            members: dict[str, set[str]] = {}
            for geo in self.geo.values():
                for cid, ms in geo.members.items():
                    members.setdefault(cid, set()).update(ms)
            self._members = members
        return self._members

    def _region(self, d: Draft) -> str | None:
        """The council an arrangement can be named after: its own when every member belongs to
        it, else the smallest council that holds every member (a reader of the region would not
        believe "Kommunelege Ofoten" with Lurøy in it), else None."""
        councils = self._council_members()
        members = set(d.members)
        if d.council and members <= councils.get(d.council, set()):
            return d.council
        holding = [cid for cid, ms in councils.items() if members <= ms]
        return min(holding, key=lambda c: (len(councils[c]), c)) if holding else None

    def _name(self, d: Draft, topic: str, form: LegalForm) -> str:
        region = self._region(d) if d.level is not Level.LOKAL or len(d.members) > 3 else None
        if region is not None and (d.level is Level.REGIONAL or len(d.members) > 3):
            place = self.reference.councils[region].navn
            for word in (" regionråd (IKS)", " regionråd (ROR)", " regionråd", " samkommune",
                         " interkommunale politiske råd (ORKidé)"):
                place = place.replace(word, "")
            place = place.split(" (")[0]
        elif d.level is Level.LOKAL or len(d.members) <= 3 or d.level is Level.REGIONAL:
            place = "–".join(self.names[k].navn for k in d.members[:3])
            if len(d.members) > 3:
                place += " m.fl."
        else:
            counties = sorted(d.counties)
            place = " og ".join(self.reference_county(c) for c in counties)
        suffix = {LegalForm.IKS: " IKS", LegalForm.AS: " AS"}.get(form, "")
        return f"{topic} {place}{suffix}"

    def reference_county(self, number: str) -> str:
        return county_name(self.reference.counties, number, self.targets[number].year
                           if number in self.targets else None)

    def _exclude(self, a: Arrangement, why: str) -> None:
        if why == "as":
            a.tilknytningsform = LegalForm.AS
            a.kommunal_eierandel = 40.0
            a.orgnr = a.orgnr or orgnr(self.rng)
        elif why == "stat":
            a.dominerende_part = DominantParty.STAT
        else:
            a.type = ArrangementType.from_code(why)
            a.niva = None

    def excluded(self, targets: dict[str, CountyTarget]) -> list[Draft]:
        """Arrangements a mapping records but the definition does not count: networks, projects,
        associations, state-dominated cooperation and minority-owned companies."""
        rng = self.rng
        out = []
        kinds = ["nettverk", "nettverk", "prosjekt", "prosjekt", "forening", "stat", "as"]
        topics = {"nettverk": "administrasjon", "prosjekt": "plan_miljo_landbruk",
                  "forening": "kultur", "stat": "helse", "as": "naering"}
        for county, t in sorted(targets.items()):
            geo = self.geo[county]
            for i in range(10):
                kind = kinds[i % len(kinds)]
                anchor = rng.choice(geo.local)
                near = sorted(geo.neighbours.get(anchor, ()))
                members = [anchor, *rng.sample(near, min(len(near), rng.randint(1, 3)))]
                if len(members) < 2:
                    members.append(rng.choice([k for k in geo.local if k != anchor]))
                d = Draft(Level.LOKAL, members, {county},
                          etablert=rng.randint(t.year - 6, t.year), excluded=kind)
                d.sector = topics[kind]
                out.append(d)
        return out

    # -- mergers ------------------------------------------------------------------------------
    def _carry_over(self, arrangements: dict[str, Arrangement],
                    participations: list[Participation]) -> list[Participation]:
        """End each participation when its municipality ceases (a merger, a split or a new
        number) and add one for each successor from that year, as an analyst updating the
        register would. Written out explicitly, so nothing is carried over silently."""
        ref = self.reference
        out: list[Participation] = []
        seen: set[tuple[str, str]] = {(p.ordning_id, p.kommunenummer) for p in participations}
        queue = list(participations)
        while queue:
            p = queue.pop(0)
            out.append(p)
            a = arrangements[p.ordning_id]
            start = p.start(a)
            end = ref.municipalities.end_year(p.kommunenummer, start)
            if end is None or (a.avviklet is not None and a.avviklet <= end):
                continue
            if p.til is not None and p.til <= end:
                continue
            p.til = end
            for change in ref.successors(p.kommunenummer, end):
                if change.year != end or (p.ordning_id, change.to_number) in seen:
                    continue
                if ref.municipalities.valid(change.to_number, end) is None:
                    continue
                seen.add((p.ordning_id, change.to_number))
                queue.append(Participation(p.ordning_id, change.to_number, fra=end))
        return out
