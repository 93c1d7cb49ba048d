"""The mapping rules of ``samkart.sources.brreg.rules``, one by one (R1–R10, as numbered there).

Expected values are read off the fixtures by hand (see ``brreg_data``'s docstring for what they
hold), not computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from samkart.domain.codes import LegalForm, Role, Sector
from samkart.reference import load_reference
from samkart.sources.brreg import Scope, SourceError
from samkart.sources.brreg.bulk import from_files
from samkart.sources.brreg.models import Role as BrregRole
from samkart.sources.brreg.models import Unit
from samkart.sources.brreg.nace import load_nace_table
from samkart.sources.brreg.rules import (
    SourceData,
    legal_form_of_name,
    map_units,
    years_of,
)
from tests.sources import brreg_data as fx

FETCHED = dt.date(2024, 6, 3)
NORDLAND = Scope(county="18")


@pytest.fixture(scope="module")
def data() -> SourceData:
    return from_files(fx.UNITS_JSON, fx.ROLES_JSON, FETCHED)


def run(data: SourceData, scope: Scope = NORDLAND, nace=None):
    return map_units(data, scope, nace or load_nace_table(), load_reference())


def with_roles(data: SourceData, change) -> SourceData:
    roles = {k: v.model_copy(deep=True) for k, v in data.roles.items()}
    change(roles)
    return SourceData(data.units, roles, data.forms, data.roles_total, data.fetched,
                      data.complete)


def unit(**fields) -> Unit:
    doc = {"organisasjonsnummer": "970711007", "navn": "X IKS",
           "organisasjonsform": {"kode": "IKS", "beskrivelse": "Interkommunalt selskap"}}
    doc.update(fields)
    return Unit.model_validate(doc)


# R1 -------------------------------------------------------------------------------------------

def test_r1_iks_with_its_municipal_participants_and_shares(data):
    result = run(data)
    m = result.arrangements[fx.IKS_SALTEN]
    assert m.arrangement.tilknytningsform is LegalForm.IKS
    # Bodø, Fauske, Saltdal (DTSO) and Hamarøy hold participant roles that are not withdrawn.
    assert sorted(p.kommunenummer for p in m.participations) == ["1804", "1840", "1841", "1875"]
    assert dict(m.shares) == {"1804": "50%", "1841": "3/10", "1840": "10%", "1875": "10%"}
    assert all(p.rolle is Role.DELTAKER for p in m.participations)


# R2 -------------------------------------------------------------------------------------------

def test_r2_withdrawn_roles_left_out_in_the_newer_and_the_older_field(data):
    result = run(data)
    numbers = {p.kommunenummer for p in result.arrangements[fx.IKS_SALTEN].participations}
    assert "1845" not in numbers  # Sørfold: avregistrert true
    assert "1839" not in numbers  # Beiarn: fratraadt true, no avregistrert (an older file)
    assert result.summary.roles_left_out["avregistrert eller fratrådt"] == 2
    assert BrregRole.model_validate({"type": {"kode": "DTPR", "beskrivelse": "x"},
                                     "fratraadt": True}).withdrawn
    assert not BrregRole.model_validate({"type": {"kode": "DTPR", "beskrivelse": "x"},
                                         "avregistrert": False}).withdrawn


# R3 -------------------------------------------------------------------------------------------

def test_r3_county_municipality_in_the_note_not_a_participant(data):
    a = run(data).arrangements[fx.IKS_SALTEN].arrangement
    # "navn" is two lines, ["NORDLAND", "FYLKESKOMMUNE"]: joined with a space.
    assert "fylkeskommunal deltaker NORDLAND FYLKESKOMMUNE (912131009), ansvarsandel 0%" \
        in a.merknad


def test_r3_a_role_pointing_to_an_unknown_municipality_is_an_error(data):
    def point_elsewhere(roles):
        roles[fx.IKS_SALTEN].rollegrupper[0].roller[0].enhet.organisasjonsnummer = fx.UNKNOWN

    with pytest.raises(SourceError, match=f"peker på en ukjent enhet {fx.UNKNOWN}"):
        run(with_roles(data, point_elsewhere))


def test_r3_deleted_and_non_municipal_holders_are_notes(data):
    def change(roles):
        roles[fx.IKS_SALTEN].rollegrupper[0].roller[0].enhet.er_slettet = True  # Bodø
        holder = roles[fx.IKS_SALTEN].rollegrupper[0].roller[1].enhet  # Fauske ...
        holder.organisasjonsform = holder.organisasjonsform.model_copy(
            update={"kode": "AS", "beskrivelse": "Aksjeselskap"})  # ... as if an AS

    m = run(with_roles(data, change)).arrangements[fx.IKS_SALTEN]
    assert sorted(p.kommunenummer for p in m.participations) == ["1840", "1875"]
    assert "slettet deltaker BODØ KOMMUNE (972951005)" in m.arrangement.merknad
    assert "deltaker som ikke er en kommune: FAUSKE KOMMUNE (940211018)" in m.arrangement.merknad


# R4 -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "form"), [
    ("INTERKOMMUNALT POLITISK RÅD FOR LOFOTEN", LegalForm.POLITISK_RAD),
    ("Interkommunalt politisk rad Salten", LegalForm.POLITISK_RAD),
    ("HELGELAND IPR", LegalForm.POLITISK_RAD),
    ("IPR VESTERÅLEN", LegalForm.POLITISK_RAD),
    ("KOMMUNALT OPPGAVEFELLESSKAP FOR LEGEVAKT", LegalForm.OPPGAVEFELLESSKAP),
    ("Kommunalt oppgåvefellesskap Sunnfjord", LegalForm.OPPGAVEFELLESSKAP),
    ("SALTEN KO LEGEVAKT", LegalForm.OPPGAVEFELLESSKAP),
    ("INNHERRED SAMKOMMUNE", LegalForm.SAMKOMMUNE),
    ("SALTEN REGIONRÅD", LegalForm.POLITISK_RAD),
    ("VERTSKOMMUNESAMARBEID BARNEVERN FAUSKE", LegalForm.VERTSKOMMUNE),
    ("VERTSKOMMUNE MED FELLES FOLKEVALGT NEMND FOR NAV", LegalForm.VERTSKOMMUNE_NEMND),
    ("HELGELAND FRILUFTSRÅD", None),
    ("KO-OPERATIVET", None),  # KO inside a word is no abbreviation
    ("TIPRA AS", None),
])
def test_r4_legal_form_from_the_name(name, form):
    assert legal_form_of_name(name) is form


def test_r4_named_legal_persons_need_participants_and_get_their_host(data):
    result = run(data)
    council = result.arrangements[fx.REGIONRAD]
    assert council.arrangement.tilknytningsform is LegalForm.POLITISK_RAD
    assert council.needs_participants and council.participations == ()
    assert "fører ingen deltakere" in council.arrangement.merknad
    host = result.arrangements[fx.VERTSKOMMUNE]  # ORGL whose overordnetEnhet is Fauske
    assert host.arrangement.tilknytningsform is LegalForm.VERTSKOMMUNE
    assert host.arrangement.vertskommune == "1841"
    assert [(p.kommunenummer, p.rolle) for p in host.participations] == [
        ("1841", Role.VERTSKOMMUNE)]
    listed = {c.orgnr: c for c in result.candidates}
    assert listed[fx.REGIONRAD].i_registeret and listed[fx.VERTSKOMMUNE].i_registeret
    assert fx.FRILUFTSRAD not in result.arrangements and fx.FRILUFTSRAD not in listed


# R5 -------------------------------------------------------------------------------------------

def test_r5_enterprises_and_municipal_companies_are_candidates_never_arrangements(data):
    result = run(data)
    listed = {c.orgnr: c for c in result.candidates}
    for orgnr in (fx.KF, fx.AS_MUNICIPAL):
        assert orgnr not in result.arrangements
        assert not listed[orgnr].i_registeret
    assert listed[fx.KF].eier == "BODØ KOMMUNE (1804)" and listed[fx.KF].deltakere == ("1804",)
    assert listed[fx.AS_MUNICIPAL].tilknytningsform is LegalForm.AS
    assert "kommunal eierandel" in listed[fx.AS_MUNICIPAL].hva_mangler
    assert fx.AS_PRIVATE not in listed  # sector 2100: a private company
    assert dict(result.summary.candidates) == {"KF": 1, "AS": 1}


# R6 -------------------------------------------------------------------------------------------

def test_r6_years():
    assert years_of(unit(stiftelsesdato="2012-01-01",
                         registreringsdatoEnhetsregisteret="2012-02-03"), FETCHED)[:2] == (2012,
                                                                                           None)
    assert years_of(unit(registreringsdatoEnhetsregisteret="1999-03-01"), FETCHED)[:2] == (
        1999, None)
    deleted = years_of(unit(stiftelsesdato="2001-01-01", slettedato="2023-05-31"), FETCHED)
    assert deleted.avviklet == 2023 and deleted.why == "slettet 2023-05-31"
    winding_up = years_of(unit(stiftelsesdato="2001-01-01", underAvvikling=True,
                               underAvviklingDato="2022-11-01"), FETCHED)
    assert winding_up.avviklet == 2022
    bankrupt = years_of(unit(stiftelsesdato="2001-01-01", konkurs=True), FETCHED)
    assert bankrupt.avviklet == 2024  # no date: the year the data was fetched
    same_year = years_of(unit(stiftelsesdato="2021-02-01", slettedato="2021-09-01"), FETCHED)
    assert same_year.avviklet == 2022 and "ført som avviklet 2022" in same_year.note


# R7 -------------------------------------------------------------------------------------------

def test_r7_sector_from_the_nace_table_the_form_or_a_note(data, tmp_path):
    result = run(data)
    brann = result.arrangements[fx.IKS_SALTEN].arrangement  # 84.250 Brannvern
    assert (brann.sektor, brann.delsektor) == (Sector.BRANN_BEREDSKAP, "brann og redning")
    council = result.arrangements[fx.REGIONRAD].arrangement  # 84.110, but a political council
    assert council.sektor is Sector.REGIONALT_SAMARBEID
    override = tmp_path / "nace.csv"
    override.write_text("nace;sektor;delsektor\n84.25;teknisk;feiing og brann\n", "utf-8")
    brann = run(data, nace=load_nace_table(override)).arrangements[fx.IKS_SALTEN].arrangement
    assert (brann.sektor, brann.delsektor) == (Sector.TEKNISK, "feiing og brann")


def test_r7_unknown_code_is_administration_with_a_note(data):
    units = dict(data.units)
    doc = units[fx.IKS_SALTEN].model_dump(by_alias=True, mode="json")
    doc["naeringskode1"] = {"kode": "99.000", "beskrivelse": "Internasjonale organisasjoner"}
    units[fx.IKS_SALTEN] = Unit.model_validate(doc)
    changed = SourceData(units, data.roles, data.forms, data.roles_total, data.fetched, True)
    a = run(changed).arrangements[fx.IKS_SALTEN].arrangement
    assert a.sektor is Sector.ADMINISTRASJON
    assert "næringskode 99.000 er ikke i tabellen" in a.merknad


def test_r7_a_bad_override_table_is_a_located_error(tmp_path):
    bad = tmp_path / "nace.csv"
    bad.write_text("nace,sektor\n84.25,romfart\n", "utf-8")
    with pytest.raises(SourceError, match=r"nace.csv:2:sektor: ukjent sektor «romfart»"):
        load_nace_table(bad)


# R8 -------------------------------------------------------------------------------------------

def test_r8_participation_starts_when_its_number_came_into_force(data):
    parts = {p.kommunenummer: p for p in run(data).arrangements[fx.IKS_SALTEN].participations}
    # The IKS was founded in 2012; Hamarøy's number 1875 holds from 2020 (the bundled reference).
    assert parts["1875"].fra == 2020
    assert parts["1804"].fra is None  # Bodø's number is older than the IKS


# R9 -------------------------------------------------------------------------------------------

def test_r9_scope_by_participants_host_owner_or_seat(data):
    nordland = run(data, Scope(county="18"))
    assert fx.IKS_TRONDHEIM not in nordland.arrangements
    assert nordland.summary.left_out["utenfor fylke 18"] == 1
    trondelag = run(data, Scope(county="50"))
    assert set(trondelag.arrangements) == {fx.IKS_TRONDHEIM}
    fauske = run(data, Scope(municipality="1841"))
    assert set(fauske.arrangements) == {fx.IKS_SALTEN, fx.VERTSKOMMUNE}  # participant, host
    assert {c.orgnr for c in fauske.candidates} == {fx.VERTSKOMMUNE}  # KF and AS are Bodø's
    everywhere = run(data, Scope())
    assert set(everywhere.arrangements) == {fx.IKS_SALTEN, fx.IKS_TRONDHEIM, fx.REGIONRAD,
                                            fx.VERTSKOMMUNE}


def test_r9_a_scope_without_municipalities_is_an_error(data):
    with pytest.raises(SourceError, match="ingen kommune i fylke 99"):
        run(data, Scope(county="99"))


def test_r9_an_iks_without_participants_is_placed_by_its_seat(data):
    emptied = with_roles(data, lambda roles: roles.pop(fx.IKS_SALTEN))
    assert fx.IKS_SALTEN in run(emptied, Scope(municipality="1804")).arrangements
    assert fx.IKS_SALTEN not in run(emptied, Scope(municipality="1841")).arrangements


# R10 ------------------------------------------------------------------------------------------

def test_r10_id_columns_and_source(data):
    a = run(data).arrangements[fx.IKS_SALTEN].arrangement
    assert (a.id, a.orgnr, a.navn) == ("brreg-970711007", "970711007", "SALTEN BRANN IKS")
    assert a.kilde == "Enhetsregisteret, hentet 2024-06-03"


def test_summary_counts_what_was_read_and_why_the_rest_was_not_used(data):
    s = run(data).summary
    assert s.units_read == 17  # the units in enheter.json
    # 8 KOMM + 1 FYLK; of the 17, the two IKS, two named persons, the KF and the municipal AS
    # were looked at; BODØ ELEKTRO AS and HELGELAND FRILUFTSRÅD were not.
    assert s.left_out["kommuner og fylkeskommuner (brukt til kommunenumrene)"] == 9
    assert s.left_out[
        "ANNA/ORGL uten samarbeidsnavn, andre AS/SA og andre organisasjonsformer"] == 2
    assert dict(s.used) == {"iks": 1, "politisk_rad": 1, "vertskommune": 1}
    assert s.roles_read == 13  # 8 + 1 + 2 + 2 + 1 roles in roller.json


# R5: FKF and SA ------------------------------------------------------------------------------
# Units added to the fixture files here (MOD11-valid numbers): an FKF seated in Bodø whose owner
# (EIKM) is Nordland fylkeskommune (912131009, FYLK, in enheter.json), a municipally owned SA
# (sector 1520) seated in Saltdal, and a private SA (sector 2100) in Fauske.

FKF = "923456783"
SA_MUNICIPAL = "923456791"
SA_PRIVATE = "923456805"


def company(orgnr: str, navn: str, form: str, beskrivelse: str, kommunenummer: str,
            sektor: str, nace: str, stiftet: str) -> dict:
    address = {"land": "Norge", "landkode": "NO", "postnummer": "8000", "poststed": "X",
               "adresse": ["Storgata 1"], "kommunenummer": kommunenummer}
    return {
        "organisasjonsnummer": orgnr, "navn": navn,
        "organisasjonsform": {"kode": form, "beskrivelse": beskrivelse},
        "forretningsadresse": address, "postadresse": address,
        "registreringsdatoEnhetsregisteret": "2015-03-02", "stiftelsesdato": stiftet,
        "naeringskode1": {"kode": nace, "beskrivelse": "x"},
        "institusjonellSektorkode": {"kode": sektor, "beskrivelse": "x"},
        "konkurs": False, "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
    }


def owner_roles(orgnr: str, holder: str, holder_form: str, holder_name: list[str]) -> dict:
    role_type = {"kode": "EIKM", "beskrivelse": "Eierkommune"}
    return {"organisasjonsnummer": orgnr, "rollegrupper": [{
        "type": role_type, "sistEndret": "2015-03-02",
        "roller": [{"type": role_type, "enhet": {
            "organisasjonsnummer": holder,
            "organisasjonsform": {"kode": holder_form, "beskrivelse": "Fylkeskommune"},
            "navn": holder_name, "erSlettet": False},
            "fratraadt": False, "avregistrert": False, "rekkefolge": 0}]}]}


@pytest.fixture(scope="module")
def with_fkf_and_sa(tmp_path_factory) -> SourceData:
    folder = tmp_path_factory.mktemp("fkf-sa")
    units = [*fx.units_doc(),
             company(FKF, "NORDLAND FYLKESTRAFIKK FKF", "FKF", "Fylkeskommunalt foretak",
                     "1804", "1510", "49.310", "2015-01-01"),
             company(SA_MUNICIPAL, "SALTDAL VANNVERK SA", "SA", "Samvirkeforetak", "1840",
                     "1520", "36.000", "1998-05-01"),
             company(SA_PRIVATE, "FAUSKE BONDELAG SA", "SA", "Samvirkeforetak", "1841",
                     "2100", "01.110", "1990-01-01")]
    roles = [*fx.roles_doc(),
             owner_roles(FKF, "912131009", "FYLK", ["NORDLAND", "FYLKESKOMMUNE"])]
    (folder / "enheter.json").write_text(json.dumps(units, ensure_ascii=False), "utf-8")
    (folder / "roller.json").write_text(json.dumps(roles, ensure_ascii=False), "utf-8")
    return from_files(folder / "enheter.json", folder / "roller.json", FETCHED)


def test_r5_an_fkf_owned_by_a_county_municipality_is_a_candidate(with_fkf_and_sa):
    result = run(with_fkf_and_sa)
    assert FKF not in result.arrangements
    listed = {c.orgnr: c for c in result.candidates}
    fkf = listed[FKF]
    assert (fkf.navn, fkf.organisasjonsform) == ("NORDLAND FYLKESTRAFIKK FKF", "FKF")
    # The owner is no municipality: named (its two lines of navn joined), no number, and no
    # participant; the candidate is placed by its seat, Bodø.
    assert fkf.eier == "NORDLAND FYLKESKOMMUNE"
    assert fkf.deltakere == () and fkf.kommunenummer == "1804"
    assert fkf.tilknytningsform is None and not fkf.i_registeret
    assert "ett eierforetak er ikke et samarbeid alene" in fkf.hva_mangler
    assert (fkf.sektor, fkf.delsektor) == (Sector.TEKNISK, "samferdsel")  # NACE 49
    assert (fkf.etablert, fkf.avviklet) == (2015, None)
    assert result.summary.candidates["FKF"] == 1
    # Outside the scope by owner and seat: left out, and counted so.
    trondelag = run(with_fkf_and_sa, Scope(county="50"))
    assert FKF not in {c.orgnr for c in trondelag.candidates}
    assert "FKF" not in trondelag.summary.candidates


def test_r5_a_municipal_sa_is_a_candidate_a_private_one_is_not(with_fkf_and_sa):
    result = run(with_fkf_and_sa)
    listed = {c.orgnr: c for c in result.candidates}
    assert SA_MUNICIPAL not in result.arrangements and SA_PRIVATE not in result.arrangements
    sa = listed[SA_MUNICIPAL]
    assert (sa.navn, sa.organisasjonsform, sa.kommunenummer) == (
        "SALTDAL VANNVERK SA", "SA", "1840")
    assert sa.tilknytningsform is LegalForm.SAMVIRKEFORETAK
    assert sa.eier == "" and sa.deltakere == () and not sa.i_registeret
    # Owners are not in Enhetsregisteret; no share to ask for, unlike an AS.
    assert "eierkommunene som deltakere" in sa.hva_mangler
    assert "eierandel" not in sa.hva_mangler
    assert (sa.sektor, sa.delsektor) == (Sector.TEKNISK, "vannforsyning")  # NACE 36
    assert (sa.etablert, sa.avviklet) == (1998, None)
    assert SA_PRIVATE not in listed  # sector 2100: private
    assert dict(result.summary.candidates) == {"KF": 1, "FKF": 1, "AS": 1, "SA": 1}
    # 17 + 3 units; the private SA joins BODØ ELEKTRO AS and HELGELAND FRILUFTSRÅD.
    assert result.summary.units_read == 20
    assert result.summary.left_out[
        "ANNA/ORGL uten samarbeidsnavn, andre AS/SA og andre organisasjonsformer"] == 3
