"""The demo register reproduces the seed's published figures, through the CLI contract.

Expected values are read from ``shared/data/seed-tables`` (the transcription of the seed report), not
from the package's copy, so that a wrong copy fails too. Each figure is checked with the same
``samkart table`` calls an analyst would make.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.demo import DEMO_SOURCE, generate_demo, is_demo
from samkart.register import load_register

SEED_TABLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed-tables"
LEVELS = ("hoyere", "regional", "lokal")
runner = CliRunner()

needs_shared = pytest.mark.skipif(
    not SEED_TABLES.exists() and os.environ.get("CI") != "true",
    reason="shared/data/seed-tables is not beside the checkout",
)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "register"
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def seed(name: str) -> list[dict[str, str]]:
    with open(SEED_TABLES / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def table(*args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["table", *args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_demo_is_valid_without_warnings(demo_dir):
    register, problems = load_register(demo_dir)
    assert register is not None and problems == []
    assert is_demo(register)
    assert all(a.kilde == DEMO_SOURCE for a in register.arrangements.values())
    assert "SYNTETISKE DATA" in (demo_dir / "LES_MEG.txt").read_text("utf-8")


@needs_shared
def test_tables_4_2_to_4_5_per_municipality(demo_dir):
    published = seed("ordninger_per_kommune.csv")
    assert len(published) == 128
    by_county: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for row in published:
        key = (row["fylkesnummer"], row["kartleggingsar"])
        if key not in by_county:
            got = table("municipalities", str(demo_dir), "--year", key[1], "--county", key[0])
            by_county[key] = {r["kommune"]: r for r in got}
            # Every municipality of the county in that year, and no more.
            assert len(got) == sum(1 for p in published if (p["fylkesnummer"], p["kartleggingsar"])
                                   == key)
        got_row = by_county[key][row["kommune"]]
        for level in LEVELS:
            assert got_row[level] == row[level], (row["kommune"], level)
        parts = sum(int(row[level]) for level in LEVELS)
        assert int(got_row["sum"]) == parts  # the parts, also where the printed total differs


@needs_shared
def test_printed_totals_that_do_not_add_up_are_the_two_known_rows():
    odd = [r["kommune"] for r in seed("ordninger_per_kommune.csv")
           if sum(int(r[level]) for level in LEVELS) != int(r["sum_oppgitt"])]
    assert sorted(odd) == ["Røyrvik", "Vestvågøy"]


@needs_shared
def test_table_4_1_per_county(demo_dir):
    for row in seed("ordninger_per_fylke.csv"):
        got = {r["fylkesnummer"]: r for r in table("counties", str(demo_dir), "--year",
                                                    row["kartleggingsar"])}
        mine = got[row["fylkesnummer"]]
        assert [mine[level] for level in LEVELS] == [row[level] for level in LEVELS]
        assert mine["sum"] == row["sum"]


@needs_shared
def test_growth_of_chapter_4_2(demo_dir):
    for row in seed("vekst.csv"):
        for year, count in ((row["fra_ar"], row["antall_fra"]), (row["til_ar"], row["antall_til"])):
            got = {r["fylkesnummer"]: r for r in table("counties", str(demo_dir), "--year", year)}
            assert got[row["fylkesnummer"]]["sum"] == count, (row["fylke"], year)


@needs_shared
def test_task_fields_in_their_2016_bands(demo_dir):
    bands = {r["kode"]: r["frekvensband_2016"] for r in seed("oppgavefelt_2016.csv")}
    for year in ("2013", "2014"):
        got = {r["kode"]: r["band"] for r in table("task-fields", str(demo_dir), "--year", year)}
        misses = [code for code, band in bands.items() if got[code] != band]
        assert misses == [], year


def test_border_crossings_and_plausible_structure():
    register = generate_demo()
    from samkart.analysis.geography import county_crossings
    from samkart.analysis.yearview import YearView

    crossings = {(r[0], r[2]): r[4] for r in county_crossings(YearView(register, 2013)).rows}
    assert crossings[("16", "17")] == 76 and crossings[("15", "16")] == 12
    forms = Counter(a.tilknytningsform.code for a in register.arrangements.values())
    assert forms["avtale"] > forms["iks"] + forms["as"]  # chapter 6.2: companies under 15 %
    # Host-municipality cooperation always names a host that takes part.
    hosts = {(p.ordning_id, p.kommunenummer) for p in register.participations}
    for a in register.arrangements.values():
        if a.tilknytningsform.code in ("vertskommune", "vertskommune_nemnd"):
            assert a.vertskommune and (a.id, a.vertskommune) in hosts


def test_generator_is_deterministic():
    a, b = generate_demo(), generate_demo()
    assert [(x.id, x.navn, x.etablert) for x in a.arrangements.values()] == [
        (x.id, x.navn, x.etablert) for x in b.arrangements.values()]
    assert [(p.ordning_id, p.kommunenummer, p.fra, p.til) for p in a.participations] == [
        (p.ordning_id, p.kommunenummer, p.fra, p.til) for p in b.participations]


def test_demo_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"
    assert not (tmp_path / "ordninger.csv").exists()


def test_mergers_are_carried_over_openly():
    # Trøndelag's municipalities got new numbers in 2018: each participation ends in 2018 and the
    # successor's begins then, as separate rows; the arrangements live on.
    register = generate_demo()
    from samkart.analysis.tables import counties_table
    from samkart.analysis.yearview import YearView

    stjordal = [p for p in register.participations if p.kommunenummer in ("1714", "5035")]
    for p in stjordal:
        if p.kommunenummer == "1714" and p.til is None:  # only where the arrangement ended first
            assert register.arrangements[p.ordning_id].avviklet <= 2018
    assert {p.til for p in stjordal if p.kommunenummer == "1714"} == {2018, None}
    assert {p.fra for p in stjordal if p.kommunenummer == "5035"} == {2018}
    counties = {r[0]: r[-1] for r in counties_table(YearView(register, 2018)).rows}
    assert "50" in counties and "16" not in counties and "17" not in counties
    assert counties["50"] >= 218 + 212 - 76 - 30  # both old counties' arrangements, minus a few


def test_new_arrangements_between_rounds_and_nordlands_sectors():
    # Chapter 5.4 and the appendices: 78 new in Sør-Trøndelag 2009-2013, 68 in Møre og Romsdal,
    # 62 in Nordland 2010-2013 (13 administration, 15 health, 8 social, 10 business, 6 fire,
    # 4 planning + 3 wildlife/outdoor, 2 education, 1 roads).
    from samkart.analysis.content import changes_between
    from samkart.analysis.yearview import YearView

    register = generate_demo()

    def new(county: str, a: int, b: int) -> Counter[str]:
        out: Counter[str] = Counter()
        for row in changes_between(YearView(register, a), YearView(register, b), county).rows:
            out[row[0]] += int(row[3])
        return out

    assert sum(new("16", 2009, 2013).values()) == 78
    assert sum(new("15", 2009, 2013).values()) == 68
    assert new("18", 2010, 2014) == Counter({
        "administrasjon": 13, "helse": 15, "sosial": 8, "naering": 10, "brann_beredskap": 6,
        "plan_miljo_landbruk": 7, "oppvekst": 2, "teknisk": 1})


def test_child_welfare_shares():
    # The appendices: child-welfare cooperation in about 60 % (Nordland), 56 % (Møre og Romsdal)
    # and 84 % (Sør-Trøndelag) of the municipalities, each in its mapping year.
    from samkart.analysis.content import task_fields_by_county
    from samkart.analysis.yearview import YearView

    register = generate_demo()
    for county, year, share in (("18", 2014, 60), ("15", 2013, 56), ("16", 2013, 84)):
        row = next(r for r in task_fields_by_county(YearView(register, year), [county]).records()
                   if r["kode"] == "barnevern")
        assert abs(row[f"prosent_{county}"] - share) <= 5, (county, row[f"prosent_{county}"])


@needs_shared
def test_demo_rounds_give_table_4_1(demo_dir):
    """``table counties --rounds`` on the demo is the seed's table 4.1, each county at its year."""
    expected = {r["fylkesnummer"]: r for r in seed("ordninger_per_fylke.csv")}
    rows = table("counties", str(demo_dir), "--rounds")
    assert {r["fylkesnummer"] for r in rows} == set(expected)
    for r in rows:
        e = expected[r["fylkesnummer"]]
        assert (r["ar"], r["hoyere"], r["regional"], r["lokal"], r["sum"]) == (
            e["kartleggingsar"], e["hoyere"], e["regional"], e["lokal"], e["sum"])


@needs_shared
def test_demo_four_county_report_rounds(demo_dir):
    """The four-county report: table 4.1 with each county's year, and the three growth figures
    of chapter 4.2 (Møre og Romsdal, mapped once, has none)."""
    from samkart.report.build import build_report

    register, _ = load_register(demo_dir)
    report = build_report(register, 2014)
    blocks = {b.label: b for ch in report.chapters for s in ch.sections for b in s.blocks
              if getattr(b, "label", "")}
    expected = {r["fylkesnummer"]: r for r in seed("ordninger_per_fylke.csv")}
    levels = blocks["omfang-antall-tabell-1"].table.rows
    assert {(r.fylkesnummer, str(r.ar), str(r.hoyere), str(r.regional), str(r.lokal), str(r.sum))
            for r in levels} == {(c, e["kartleggingsar"], e["hoyere"], e["regional"], e["lokal"],
                                  e["sum"]) for c, e in expected.items()}
    growth = blocks["omfang-endringer-tabell-1"].table.rows
    want = {(r["fylkesnummer"], int(r["fra_ar"]), int(r["antall_fra"]), int(r["til_ar"]),
             int(r["antall_til"]), int(r["vekst_prosent_oppgitt"])) for r in seed("vekst.csv")}
    assert {(r.fylkesnummer, r.fra_ar, r.antall_fra, r.til_ar, r.antall_til,
             round(r.vekst_prosent)) for r in growth} == want
    assert "15" not in {r.fylkesnummer for r in growth}


def test_arrangements_named_after_a_region_only_have_its_municipalities(demo_dir):
    """A reader of Ofoten would not believe "Kommunelege Ofoten" with Lurøy in it: an arrangement
    whose name ends with a council's place name has only members of that council (in the
    county's mapping year, or its successors)."""
    from samkart.reference import load_reference

    register, _ = load_register(demo_dir)
    reference = load_reference()
    places: dict[str, set[str]] = {}
    for cid, council in reference.councils.items():
        place = council.navn
        for word in (" regionråd (IKS)", " regionråd (ROR)", " regionråd", " samkommune",
                     " interkommunale politiske råd (ORKidé)"):
            place = place.replace(word, "")
        place = place.split(" (")[0]
        members = {ms.kommunenummer for ms in reference.memberships if ms.regionrad_id == cid}
        places.setdefault(place, set()).update(members)
    counties = {c.navn for versions in reference.counties.values() for c in versions}
    index = register.municipalities
    named = 0
    for a in register.arrangements.values():
        name = a.navn.removesuffix(" IKS").removesuffix(" AS")
        if any(name.endswith(" " + c) for c in counties):  # named after a county: not a region
            continue
        place = max((p for p in places if name.endswith(" " + p)), key=len, default=None)
        if place is None:
            continue
        named += 1
        # By name: a municipality renumbered (Inderøy 1729 -> 1756 in 2012) is the same place.
        names = {index.any_version(k).navn for k in places[place] if index.any_version(k)}
        for p in register.participations:
            if p.ordning_id != a.id or p.kommunenummer in places[place]:
                continue
            m = index.any_version(p.kommunenummer)
            # A participation carried over to a successor after the 2017-2020 mergers keeps
            # the region it was named for.
            assert m is not None and (m.navn in names or (p.fra or 0) >= 2017), (a.navn, p)
    assert named > 100  # the test looks at many names
