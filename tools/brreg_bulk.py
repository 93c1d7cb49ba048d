"""Write realistic Enhetsregisteret bulk files (units and roles), for demonstrations and benchmarks.

    python tools/brreg_bulk.py OUT [--day 1|2] [--units N] [--roles N] [--csv] [--plain]

writes ``OUT/enheter_alle.json.gz`` (or ``.csv.gz`` with ``--csv``; ``--plain`` without gzip)
and ``OUT/roller_totalbestand.json.gz``, shaped as Brønnøysund documents the downloads
``enheter/lastned`` and ``roller/totalbestand``: every municipality (``KOMM``) and county
municipality (``FYLK``) valid in 2024 with its real number, and SYNTHETIC cooperation units --
IKS with participant roles (``DTPR``/``DTSO``, ``ansvarsandel``, both ``fratraadt`` and
``avregistrert``), an IKS with a county municipality, named legal persons (``ANNA``/``ORGL``: an
IPR, a KO, a regional council, a host-municipality arrangement), ``KF``/``FKF`` with an ``EIKM``
owner, municipally owned ``AS``/``SA`` -- mostly in Nordland (county 18), a few in Troms and
Trøndelag, and ``--units`` other units (``AS``, ``ENK``, ``FLI`` ...) whose people's roles fill the
roles file up to ``--roles`` roles. Names, numbers and roles are invented; the organisation
numbers pass the MOD11 check.

``--day 2`` is the same register a while later: one IKS renamed, one ended (under winding-up),
one deleted (absent, as deleted units are from the download), one participant withdrawn, one
municipality joined, and one new IKS -- what ``samkart import brreg --into`` should report.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from samkart.reference import load_reference  # noqa: E402

API = "https://data.brreg.no/enhetsregisteret/api"
FORMS = {
    "KOMM": "Kommune", "FYLK": "Fylkeskommune", "IKS": "Interkommunalt selskap",
    "ANNA": "Annen juridisk person", "ORGL": "Organisasjonsledd", "KF": "Kommunalt foretak",
    "FKF": "Fylkeskommunalt foretak", "AS": "Aksjeselskap", "SA": "Samvirkeforetak",
    "ENK": "Enkeltpersonforetak", "FLI": "Forening/lag/innretning", "STI": "Stiftelse",
}
SECTORS = {"6500": "Kommuneforvaltningen", "1510": "Kommunale foretak med ubegrenset ansvar",
           "1520": "Kommunalt eide aksjeselskaper mv.",
           "2100": "Private aksjeselskaper mv.", "8200": "Personlig næringsdrivende",
           "7000": "Ideelle organisasjoner"}
NACE = {"84.250": "Brannvern", "38.110": "Innsamling av ikke-farlig avfall",
        "69.201": "Revisjon", "52.221": "Drift av havne- og kaianlegg",
        "62.030": "Forvaltning og drift av IT-systemer", "91.020": "Drift av museer",
        "84.110": "Generell offentlig administrasjon", "86.909": "Andre helsetjenester",
        "85.600": "Tjenester tilknyttet undervisning", "35.111": "Produksjon av elektrisitet",
        "84.130": "Offentlig administrasjon tilknyttet næringsvirksomhet",
        "70.220": "Bedriftsrådgivning", "47.110": "Butikkhandel med bredt vareutvalg",
        "43.210": "Elektrisk installasjonsarbeid", "94.991": "Aktiviteter i andre "
        "interesseorganisasjoner", "88.991": "Barnevern"}
FIRST = ["Kari", "Ola", "Ingrid", "Per", "Anne", "Jon", "Marit", "Lars", "Siri", "Nils"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg"]


def orgnr(rng: random.Random, used: set[str]) -> str:
    """A fresh 9-digit organisation number with a valid MOD11 check digit."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [rng.choice((8, 9))] + [rng.randrange(10) for _ in range(7)]
        rest = 11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if rest == 10:
            continue
        number = "".join(map(str, digits)) + str(0 if rest == 11 else rest)
        if number not in used:
            used.add(number)
            return number


def _link(kind: str, code: str) -> dict:
    return {"self": {"href": f"{API}/{kind}/{code}"}}


def form(code: str) -> dict:
    return {"kode": code, "beskrivelse": FORMS[code], "_links": _link("organisasjonsformer", code)}


def address(number: str, name: str) -> dict:
    return {"land": "Norge", "landkode": "NO", "postnummer": "8000", "poststed": name.upper(),
            "adresse": ["Storgata 1"], "kommune": name.upper(), "kommunenummer": number}


def unit(number: str, navn: str, code: str, kommunenummer: str, kommune: str, *,
         nace: str | None = None, sector: str = "6500", founded: str = "1995-01-01",
         parent: str | None = None, **more: object) -> dict:
    doc: dict = {
        "organisasjonsnummer": number, "navn": navn, "organisasjonsform": form(code),
        "postadresse": address(kommunenummer, kommune),
        "registreringsdatoEnhetsregisteret": founded, "registrertIMvaregisteret": False,
    }
    if nace:
        doc["naeringskode1"] = {"kode": nace, "beskrivelse": NACE.get(nace, "")}
    doc.update({
        "antallAnsatte": 12, "harRegistrertAntallAnsatte": True,
        "forretningsadresse": address(kommunenummer, kommune), "stiftelsesdato": founded,
        "institusjonellSektorkode": {"kode": sector, "beskrivelse": SECTORS[sector]},
        "registrertIForetaksregisteret": code not in ("KOMM", "FYLK", "ORGL"),
        "registrertIStiftelsesregisteret": False, "registrertIFrivillighetsregisteret": False,
        "konkurs": False, "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False, "maalform": "Bokmål",
    })
    if parent:
        doc["overordnetEnhet"] = parent
    doc.update(more)
    doc["_links"] = _link("enheter", number)
    return doc


def holder(u: dict) -> dict:
    """A unit as it appears holding a role (``navn`` as a list of lines)."""
    return {"organisasjonsnummer": u["organisasjonsnummer"],
            "organisasjonsform": u["organisasjonsform"], "navn": [u["navn"]],
            "erSlettet": False, "_links": _link("enheter", u["organisasjonsnummer"])}


def role(code: str, text: str, who: dict, i: int, *, share: str | None = None,
         withdrawn: bool = False, old_field: bool = False) -> dict:
    r: dict = {"type": {"kode": code, "beskrivelse": text, "_links": _link("roller/rolletyper",
                                                                            code)}}
    r.update(who)
    if share:
        r["ansvarsandel"] = share
    # Older files carry "fratraadt" only; newer ones both (avregistrert is the newer name).
    r["fratraadt"] = withdrawn
    if not old_field:
        r["avregistrert"] = withdrawn
    r["rekkefolge"] = i
    return r


def group(code: str, text: str, roles: list[dict], changed: str = "2021-02-01") -> dict:
    return {"type": {"kode": code, "beskrivelse": text,
                     "_links": _link("roller/rollegruppetyper", code)},
            "sistEndret": changed, "roller": roles}


def person(rng: random.Random) -> dict:
    return {"person": {"fodselsdato": f"19{rng.randrange(40, 99)}-0{rng.randrange(1, 10)}-1"
                                      f"{rng.randrange(0, 10)}",
                       "navn": {"fornavn": rng.choice(FIRST), "etternavn": rng.choice(LAST)},
                       "erDoed": False}}


def board(rng: random.Random, n: int) -> list[dict]:
    """A board and a manager: ``n`` person roles."""
    members = [role("LEDE" if i == 0 else "MEDL", "Styrets leder" if i == 0 else "Styremedlem",
                    person(rng), i) for i in range(max(n - 1, 0))]
    out = [group("DAGL", "Daglig leder/adm.dir.", [role("DAGL", "Daglig leder/adm.dir.",
                                                        person(rng), 0)])]
    if members:
        out.append(group("STYR", "Styre", members))
    return out


# IKS of the demonstration: (key, name, seat, NACE, participants with shares, founded)
NORDLAND_IKS = [
    ("brann", "SALTEN BRANN IKS", "1804", "84.250",
     {"1804": "60%", "1838": "5%", "1839": "5%", "1840": "10%", "1841": "15%", "1845": "5%"},
     "2012-01-01"),
    ("iris", "IRIS SALTEN IKS", "1804", "38.110",
     {"1804": "52%", "1838": "6%", "1839": "3%", "1840": "7%", "1841": "14%", "1845": "5%",
      "1848": "5%", "1875": "8%"}, "1992-06-15"),
    ("lofoten", "LOFOTEN AVFALLSSELSKAP IKS", "1860", "38.110",
     {"1856": "5%", "1857": "5%", "1859": "10%", "1860": "45%", "1865": "30%", "1874": "5%"},
     "1996-03-01"),
    ("revisjon", "SALTEN KOMMUNEREVISJON IKS", "1841", "69.201",
     {"1804": "1/7", "1838": "1/7", "1839": "1/7", "1840": "1/7", "1841": "1/7", "1845": "1/7",
      "1848": "1/7"}, "2004-01-01"),
    ("havn", "HELGELAND HAVN IKS", "1824", "52.221",
     {"1820": "25%", "1822": "15%", "1824": "40%", "1832": "20%"}, "2001-05-01"),
    ("ikt", "VESTERÅLEN IKT IKS", "1870", "62.030",
     {"1866": "20%", "1867": "15%", "1868": "15%", "1870": "30%", "1871": "20%"}, "2015-09-01"),
    ("ppt", "INDRE HELGELAND PPT IKS", "1833", "85.600",
     {"1825": "20%", "1826": "20%", "1832": "25%", "1833": "35%"}, "2008-08-01"),
    ("legevakt", "SØR-HELGELAND LEGEVAKT IKS", "1813", "86.909",
     {"1811": "15%", "1812": "25%", "1813": "60%"}, "2010-01-01"),
    ("museum", "NORDLANDSMUSEENE IKS", "1804", "91.020",
     {"1804": "30%", "1841": "20%", "1848": "10%"}, "2006-01-01"),
]
# (key, name, seat, NACE, participants, founded): outside Nordland, one with a Nordland member
OTHER_IKS = [
    ("ofoten", "OFOTEN OG SØR-TROMS KONTROLLUTVALG IKS", "5503", "84.110",
     {"5503": "50%", "1806": "30%", "1853": "20%"}, "2018-01-01"),
    ("trondheim", "TRONDHEIMSREGIONEN RENOVASJON IKS", "5001", "38.110",
     {"5001": "70%", "5028": "15%", "5029": "15%"}, "1998-01-01"),
]


def bulk_units(rng: random.Random, day: int, noise: int
               ) -> tuple[list[dict], dict[str, list[dict]], dict[str, dict]]:
    """The units, the role groups of the units that have roles, and the municipal units by
    number."""
    ref = load_reference()
    used: set[str] = set()
    units: list[dict] = []
    roles: dict[str, list[dict]] = {}
    komm: dict[str, dict] = {}
    for m in sorted(ref.municipalities.valid_in(2024), key=lambda m: m.kommunenummer):
        u = unit(orgnr(rng, used), f"{m.navn.split(' - ')[0].upper()} KOMMUNE", "KOMM",
                 m.kommunenummer, m.navn, nace="84.110", founded="1995-02-20")
        units.append(u)
        komm[m.kommunenummer] = u
        roles[u["organisasjonsnummer"]] = board(rng, 2)
    fylk: dict[str, dict] = {}
    for number, versions in sorted(ref.counties.items()):
        c = versions[-1]
        if c.gyldig_til is not None:
            continue
        seat = next(k for k in sorted(komm) if k.startswith(number))
        u = unit(orgnr(rng, used), f"{c.navn.upper()} FYLKESKOMMUNE", "FYLK", seat,
                 komm[seat]["navn"], nace="84.110", founded="1995-02-20")
        units.append(u)
        fylk[number] = u
    name_of = {k: u["forretningsadresse"]["kommune"] for k, u in komm.items()}

    def iks(key: str, name: str, seat: str, nace: str, parts: dict[str, str], founded: str,
            **more: object) -> dict:
        u = unit(orgnr(random.Random(key), used), name, "IKS", seat, name_of[seat],
                 nace=nace, sector="1510", founded=founded, **more)
        deltakere = [role("DTPR", "Deltaker med delt ansvar", {"enhet": holder(komm[k])}, i,
                          share=s) for i, (k, s) in enumerate(sorted(parts.items()))]
        roles[u["organisasjonsnummer"]] = [group("DELT", "Deltakere", deltakere),
                                           *board(rng, 4)]
        units.append(u)
        return u

    for key, name, seat, nace, parts, founded in NORDLAND_IKS + OTHER_IKS:
        more: dict = {}
        parts = dict(parts)
        if day == 2 and key == "brann":
            name = "SALTEN BRANN OG REDNING IKS"
        if day == 2 and key == "havn":
            more = {"underAvvikling": True, "underAvviklingDato": "2024-03-01"}
        if day == 2 and key == "ppt":
            continue  # deleted: deleted units are not in the download
        if day == 2 and key == "ikt":
            parts["1851"] = "10%"  # Lødingen joins
        u = iks(key, name, seat, nace, parts, founded, **more)
        if key == "iris":
            # Nordland fylkeskommune takes part too; Hamarøy (1875) has withdrawn (day 2, in the
            # newer field; Gildeskål's withdrawal is in an older file's "fratraadt" only).
            delt = roles[u["organisasjonsnummer"]][0]["roller"]
            delt.append(role("DTSO", "Deltaker med solidarisk ansvar",
                             {"enhet": holder(fylk["18"])}, len(delt), share="0%"))
            if day == 2:
                for r in delt:
                    if r["enhet"]["organisasjonsnummer"] == komm["1875"]["organisasjonsnummer"]:
                        r["avregistrert"] = r["fratraadt"] = True
        if key == "lofoten":
            delt = roles[u["organisasjonsnummer"]][0]["roller"]
            delt.append(role("DTPR", "Deltaker med delt ansvar", {"enhet": holder(komm["1838"])},
                             len(delt), share="0%", withdrawn=True, old_field=True))
    if day == 2:
        iks("nytt", "HELGELAND BRANN OG REDNING IKS", "1833", "84.250",
            {"1832": "20%", "1833": "50%", "1834": "15%", "1836": "15%"}, "2024-01-01")
    named = [
        ("SALTEN REGIONRÅD", "ANNA", "1804", None, "1990-01-01"),
        ("INTERKOMMUNALT POLITISK RÅD FOR LOFOTEN", "ANNA", "1865", None, "2020-01-01"),
        ("HELGELAND IPR", "ANNA", "1824", None, "2020-06-01"),
        ("SALTEN KO LEGEVAKT", "ANNA", "1804", None, "2021-01-01"),
        ("VERTSKOMMUNESAMARBEID BARNEVERN VEFSN", "ORGL", "1824", "1824", "2011-01-01"),
        ("HELGELAND FRILUFTSRÅD", "ANNA", "1824", None, "1985-01-01"),  # not a cooperation form
    ]
    for name, code, seat, parent, founded in named:
        units.append(unit(orgnr(random.Random(name), used), name, code, seat, name_of[seat],
                          nace="84.110", founded=founded,
                          parent=komm[parent]["organisasjonsnummer"] if parent else None))
    enterprises = [("BODØ HAVN KF", "KF", "1804", komm["1804"], "52.221"),
                   ("NARVIK HAVN KF", "KF", "1806", komm["1806"], "52.221"),
                   ("NORDLAND FYLKESKOMMUNE TANNHELSE FKF", "FKF", "1804", fylk["18"], "86.909")]
    for name, code, seat, owner, nace in enterprises:
        u = unit(orgnr(random.Random(name), used), name, code, seat, name_of[seat], nace=nace,
                 sector="1510", founded="2005-01-01")
        roles[u["organisasjonsnummer"]] = [
            group("EIKM", "Eierkommune", [role("EIKM", "Eierkommune", {"enhet": holder(owner)},
                                               0)]), *board(rng, 3)]
        units.append(u)
    companies = [("SALTEN KRAFTSAMBAND AS", "AS", "1804", "35.111", "1520"),
                 ("HELGELAND NÆRINGSUTVIKLING AS", "AS", "1824", "70.220", "1520"),
                 ("LOFOTKRAFT SA", "SA", "1860", "35.111", "1520"),
                 ("BODØ ELEKTRO AS", "AS", "1804", "43.210", "2100")]  # private: not a candidate
    for name, code, seat, nace, sector in companies:
        u = unit(orgnr(random.Random(name), used), name, code, seat, name_of[seat], nace=nace,
                 sector=sector, founded="2001-01-01")
        roles[u["organisasjonsnummer"]] = board(rng, 4)
        units.append(u)
    numbers = sorted(komm)
    kinds = [("AS", "2100", "47.110"), ("ENK", "8200", "43.210"), ("FLI", "7000", "94.991"),
             ("STI", "7000", "94.991")]
    for i in range(noise):
        code, sector, nace = kinds[i % len(kinds)]
        seat = numbers[i % len(numbers)]
        u = unit(orgnr(rng, used), f"{rng.choice(LAST).upper()} {code} {i}", code, seat,
                 name_of[seat], nace=nace, sector=sector, founded="2010-01-01")
        units.append(u)
    return units, roles, komm


def _unit_rows(units: list[dict]) -> Iterator[list[str]]:
    yield COLUMNS
    for u in units:
        yield [_cell(u, c) for c in COLUMNS]


COLUMNS = ["organisasjonsnummer", "navn", "organisasjonsform.kode",
           "organisasjonsform.beskrivelse", "naeringskode1.kode", "naeringskode1.beskrivelse",
           "antallAnsatte", "harRegistrertAntallAnsatte", "postadresse.adresse",
           "postadresse.poststed", "postadresse.postnummer", "postadresse.kommune",
           "postadresse.kommunenummer", "postadresse.land", "postadresse.landkode",
           "forretningsadresse.adresse", "forretningsadresse.poststed",
           "forretningsadresse.postnummer", "forretningsadresse.kommune",
           "forretningsadresse.kommunenummer", "forretningsadresse.land",
           "forretningsadresse.landkode", "institusjonellSektorkode.kode",
           "institusjonellSektorkode.beskrivelse", "registreringsdatoEnhetsregisteret",
           "stiftelsesdato", "registrertIMvaregisteret", "konkurs", "underAvvikling",
           "underAvviklingDato", "underTvangsavviklingEllerTvangsopplosning", "overordnetEnhet",
           "maalform"]


def _cell(doc: dict, column: str) -> str:
    value: object = doc
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def write(out: Path, day: int = 1, noise_units: int = 2000, total_roles: int = 0,
          as_csv: bool = False, plain: bool = False, seed: int = 2024) -> tuple[Path, Path]:
    """Write the two files; returns their paths."""
    rng = random.Random(seed)
    units, roles, _komm = bulk_units(rng, day, noise_units)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if plain else ".gz"
    opener = open if plain else gzip.open
    units_path = out / (f"enheter_alle.csv{suffix}" if as_csv else f"enheter_alle.json{suffix}")
    with opener(units_path, "wt", encoding="utf-8", newline="") as fh:
        if as_csv:
            csv.writer(fh, lineterminator="\n").writerows(_unit_rows(units))
        else:
            fh.write("[")
            for i, u in enumerate(units):
                fh.write(("," if i else "") + json.dumps(u, ensure_ascii=False))
            fh.write("]")
    roles_path = out / f"roller_totalbestand.json{suffix}"
    written = sum(len(g["roller"]) for gs in roles.values() for g in gs)
    noise = [u["organisasjonsnummer"] for u in units if u["organisasjonsnummer"] not in roles]
    with opener(roles_path, "wt", encoding="utf-8", newline="") as fh:
        fh.write("[")
        first = True
        for number, groups in roles.items():
            fh.write(("" if first else ",") + json.dumps(
                {"organisasjonsnummer": number, "rollegrupper": groups}, ensure_ascii=False))
            first = False
        # People's roles of the other units, up to the total asked for (several rounds over the
        # units when the total is larger than three roles per unit).
        i = 0
        buffer = io.StringIO()
        while noise and written < total_roles:
            # Past the other units, numbers of units not in this file (as the real file has
            # roles of units outside any one extract): distinct, never a cooperation unit's.
            number = noise[i] if i < len(noise) else f"7{i:08d}"
            n = min(3, total_roles - written)
            buffer.write("," + json.dumps({"organisasjonsnummer": number,
                                           "rollegrupper": board(rng, n)}, ensure_ascii=False))
            written += n
            i += 1
            if buffer.tell() > 1 << 20:
                fh.write(buffer.getvalue())
                buffer = io.StringIO()
        fh.write(buffer.getvalue())
        fh.write("]")
    return units_path, roles_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--day", type=int, choices=(1, 2), default=1)
    parser.add_argument("--units", type=int, default=2000, help="other units (noise)")
    parser.add_argument("--roles", type=int, default=0, help="roles in all (at least)")
    parser.add_argument("--csv", action="store_true", help="units as the CSV download")
    parser.add_argument("--plain", action="store_true", help="not gzip-compressed")
    args = parser.parse_args()
    units, roles = write(args.out, args.day, args.units, args.roles, args.csv, args.plain)
    print(f"skrevet: {units} og {roles}")


if __name__ == "__main__":
    main()
