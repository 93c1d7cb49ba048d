"""The 2018 Local Government Act's rules (``reference/data/lovregler.csv``): each warns on one side
of its date and not on the other, located ``ordninger:ROW:COLUMN``; labels follow the Act by year."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from samkart.domain.codes import LegalForm
from samkart.reference.lawrules import findings, form_label, law_rules
from samkart.register import load_register
from tests.helpers import arrangement, lines, participants, write_tables


def _warnings(tmp_path, rows, deltakere=None) -> list[str]:
    folder = write_tables(tmp_path / "r", {
        "ordninger": rows,
        "deltakere": deltakere if deltakere is not None else
        [p for r in rows for p in participants(str(r["id"]), "1804", "1811")]})
    register, problems = load_register(folder)
    assert register is not None, [p.line() for p in problems]
    return [x for x in lines(folder) if x.startswith("warning ordninger")]


@pytest.mark.parametrize("avviklet,warned", [(2024, False), (2025, True), (None, True)])
def test_styre_after_the_transition_deadline(tmp_path, avviklet, warned):
    # Active in 2024 only when avviklet is after 2024 (half-open years): the deadline was the
    # autumn of 2023, four years after the Act took effect (§ 31-2).
    got = _warnings(tmp_path, [arrangement("S", tilknytningsform="styre", etablert=2005,
                                           avviklet=avviklet)])
    assert (got == ["warning ordninger:1:avviklet: interkommunalt styre etter kommuneloven 1992 "
                    "§ 27 er aktivt i 2024, etter at fristen for å omdanne eller avvikle det gikk "
                    "ut høsten 2023 (kommuneloven § 31-2); sett avviklet, eller registrer den nye "
                    "formen som en ny ordning med erstatter"]) is warned


@pytest.mark.parametrize("avviklet,warned", [(2020, False), (2021, True)])
def test_samkommune_after_the_repeal(tmp_path, avviklet, warned):
    got = _warnings(tmp_path, [arrangement("K", tilknytningsform="samkommune", etablert=2013,
                                           avviklet=avviklet)])
    assert bool(got) is warned
    if warned:
        assert got[0].startswith("warning ordninger:1:avviklet: samkommune er aktiv i 2020")


@pytest.mark.parametrize("form", ["politisk_rad", "oppgavefellesskap"])
@pytest.mark.parametrize("etablert,warned", [(2018, True), (2019, False), (2022, False)])
def test_forms_of_the_2018_act_dated_before_it(tmp_path, form, etablert, warned):
    got = _warnings(tmp_path, [arrangement("P", tilknytningsform=form, etablert=etablert)])
    assert bool(got) is warned
    if warned:
        assert got[0].startswith("warning ordninger:1:etablert: ")
        assert f"er etablert {etablert}, før kommuneloven 2018 tillot formen" in got[0]


@pytest.mark.parametrize("form", ["vertskommune", "vertskommune_nemnd"])
def test_host_arrangement_without_a_host(tmp_path, form):
    rows = [arrangement("V", tilknytningsform=form, etablert=2010),
            arrangement("W", tilknytningsform=form, etablert=2010, vertskommune="1804"),
            arrangement("X", tilknytningsform=form, etablert=2010),
            # Before the vertskommune chapter took effect (1 January 2007): not this rule's.
            arrangement("Y", tilknytningsform=form, etablert=2000, avviklet=2007),
            arrangement("Z", tilknytningsform=form, etablert=2000, avviklet=2008)]
    deltakere = (participants("V", "1804", "1811") + participants("W", "1804", "1811")
                 + participants("X", "1811") + participants("X", "1804", rolle="vertskommune")
                 + participants("Y", "1804", "1811") + participants("Z", "1804", "1811"))
    got = _warnings(tmp_path, rows, deltakere)
    # V (row 1) and Z (row 5) have no host; W names it, X marks it by role, Y ended before 2007.
    assert [g.split(": ")[0] for g in got] == ["warning ordninger:1:vertskommune",
                                               "warning ordninger:5:vertskommune"]


def test_rules_in_a_given_year():
    styre = _arr(LegalForm.STYRE, 2005, None)
    assert findings(styre, year=2023) == []
    assert [f.rule.id for f in findings(styre, year=2024)] == ["styre_etter_overgang"]
    samkommune = _arr(LegalForm.SAMKOMMUNE, 2013, None)
    assert findings(samkommune, year=2019) == []
    assert [f.rule.id for f in findings(samkommune, year=2020)] == ["samkommune_etter_avvikling"]
    host = _arr(LegalForm.VERTSKOMMUNE, 2000, None)
    assert findings(host, year=2006) == []
    assert [f.rule.id for f in findings(host, year=2007)] == ["vertskommune_uten_vertskommune"]
    assert findings(host, hosts={"1804"}, year=2007) == []
    # Not active in the year: no finding at all.
    assert findings(_arr(LegalForm.STYRE, 2005, 2010), year=2024) == []


def _arr(form: LegalForm, etablert: int | None, avviklet: int | None):
    from samkart.domain.codes import Sector
    from samkart.domain.entities import Arrangement
    return Arrangement("A", "A", form, Sector.parse("helse"), etablert=etablert,
                       avviklet=avviklet)


@pytest.mark.parametrize("form,year,label", [
    (LegalForm.VERTSKOMMUNE, 2019, "Administrativt vertskommunesamarbeid (§ 28-1 b)"),
    (LegalForm.VERTSKOMMUNE, 2020, "§ 20-2 administrativt vertskommunesamarbeid"),
    (LegalForm.VERTSKOMMUNE_NEMND, 2019, "Vertskommune med felles folkevalgt nemnd (§ 28-1 c)"),
    (LegalForm.VERTSKOMMUNE_NEMND, 2020, "§ 20-3 vertskommunesamarbeid med felles folkevalgt nemnd"),
    (LegalForm.STYRE, 2019, "Interkommunalt styre (§ 27)"),
    (LegalForm.STYRE, 2020, "Interkommunalt styre etter kommuneloven 1992 § 27 (overgangsregel "
                            "§ 31-2)"),
    (LegalForm.POLITISK_RAD, 2020, "Kap. 18 interkommunalt politisk råd"),
    (LegalForm.OPPGAVEFELLESSKAP, 2024, "Kap. 19 kommunalt oppgavefellesskap"),
    # No label of the 1992 Act for a form it did not have: the code list's.
    (LegalForm.POLITISK_RAD, 2015, LegalForm.POLITISK_RAD.label),
    (LegalForm.IKS, 2024, LegalForm.IKS.label),
])
def test_labels_follow_the_act_of_the_year(form, year, label):
    assert form_label(form, year)[0] == label


def test_every_rule_cites_a_paragraph_a_date_and_a_source():
    text = resources.files("samkart.reference").joinpath("data", "lovregler.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == len(law_rules()) >= 5
    for r in rows:
        assert "§" in r["hjemmel"] or "kap." in r["hjemmel"], r["id"]
        assert len(r["ikraft"]) == 10 and r["ikraft"][4] == "-", r["id"]
        assert r["kilde"].startswith("https://"), r["id"]
        assert all(u.split("/")[2] in {"lovdata.no", "www.regjeringen.no", "lvk.no",
                                       "www.ksbedrift.no"}
                   for u in r["kilde"].split(" ; ")), r["id"]


def test_the_laws_words_in_the_readers_language():
    from samkart import i18n

    host = _arr(LegalForm.VERTSKOMMUNE, 2000, None)
    with i18n.using("nn"):
        assert form_label(LegalForm.AVTALE, 2019) == (
            "Avtalebasert samarbeid (kjøp og sal av tenester)",
            "kommunelova 1992 (ikkje særskilt regulert)")
        assert form_label(LegalForm.IKS, 2024)[1] == "lov om interkommunale selskap (IKS-lova)"
        assert findings(host, year=2007)[0].message.startswith(
            "vertskommunesamarbeid utan vertskommune")
    with i18n.using("en"):
        assert form_label(LegalForm.SAMKOMMUNE, 2020) == (
            "Joint municipality (model repealed)", "Local Government Act 1992 ch. 5 B (repealed)")
    # Bokmål is the tables' own text.
    assert form_label(LegalForm.AVTALE, 2019)[1] == "kommuneloven 1992 (ikke særskilt regulert)"
    assert findings(host, year=2007)[0].message.startswith("vertskommunesamarbeid uten")
