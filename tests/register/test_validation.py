"""Every broken register gets located errors, and is not loaded."""

from __future__ import annotations

import json

from samkart.register import load_register
from tests.helpers import arrangement, lines, participants, write_tables


def reg(tmp_path, ordninger, deltakere, **more):
    return write_tables(tmp_path / "r", {"ordninger": ordninger, "deltakere": deltakere, **more})


def errors(folder) -> list[str]:
    return [x for x in lines(folder) if x.startswith("error ")]


def test_missing_required_table_and_columns(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "ordninger.csv").write_text("id,navn\nA,B\n")
    assert errors(folder) == [
        "error ordninger:0:tilknytningsform: påkrevd kolonne mangler",
        "error ordninger:0:sektor: påkrevd kolonne mangler",
        "error deltakere:0:: påkrevd tabell mangler",
    ]
    assert load_register(folder)[0] is None


def test_unknown_codes_and_malformed_values(tmp_path):
    f = reg(tmp_path, [arrangement("A", tilknytningsform="kommunalt", sektor="helse",
                                   etablert="13", niva="nasjonal", lovpalagt="kanskje",
                                   orgnr="12345678", arsverk="mange", type="klubb",
                                   dominerende_part="fylke", kommunal_eierandel="120")],
            participants("A", "1804", "1805"))
    got = errors(f)
    for needle in ("ordninger:1:tilknytningsform: ukjent kode «kommunalt»",
                   "ordninger:1:etablert: «13» er ikke et firesifret årstall",
                   "ordninger:1:niva: ukjent kode «nasjonal»",
                   "ordninger:1:lovpalagt:", "ordninger:1:orgnr:", "ordninger:1:arsverk:",
                   "ordninger:1:type:", "ordninger:1:dominerende_part:",
                   "ordninger:1:kommunal_eierandel: 120 er større enn 100"):
        assert any(needle in e for e in got), (needle, got)


def test_orgnr_mod11(tmp_path):
    # 974760673 is valid (Brønnøysundregistrene); changing the check digit breaks it
    ok = reg(tmp_path, [arrangement("A", orgnr="974 760 673")], participants("A", "1804", "1805"))
    assert errors(ok) == []
    bad = write_tables(tmp_path / "b", {"ordninger": [arrangement("A", orgnr="974760674")],
                                        "deltakere": participants("A", "1804", "1805")})
    assert errors(bad) == [
        "error ordninger:1:orgnr: organisasjonsnummer 974760674 har feil kontrollsiffer (MOD11)"]


def test_years_out_of_order(tmp_path):
    f = reg(tmp_path, [arrangement("A", etablert=2010, avviklet=2010)],
            [{"ordning_id": "A", "kommunenummer": "1804", "fra": 2012, "til": 2011},
             {"ordning_id": "A", "kommunenummer": "1805"}])
    assert errors(f) == ["error ordninger:1:avviklet: avviklet 2010 er ikke etter etablert 2010",
                         "error deltakere:1:til: til 2011 er ikke etter fra 2012"]


def test_municipality_unknown_or_not_valid_when_participation_starts(tmp_path):
    f = reg(tmp_path, [arrangement("A", etablert=2019)],
            [{"ordning_id": "A", "kommunenummer": "1624"},          # Rissa ended 2018
             {"ordning_id": "A", "kommunenummer": "5054"},          # Indre Fosen: fine
             {"ordning_id": "A", "kommunenummer": "9999"},
             {"ordning_id": "A", "kommunenummer": "5054", "fra": 2014}])  # not yet in 2014
    got = errors(f)
    assert got[0].startswith("error deltakere:1:kommunenummer: kommunenummer 1624 er ikke gyldig "
                             "i 2019") and "5054 Indre Fosen" in got[0]
    assert got[1] == "error deltakere:3:kommunenummer: ukjent kommunenummer 9999"
    assert got[2].startswith("error deltakere:4:kommunenummer: kommunenummer 5054 er ikke gyldig "
                             "i 2014")


def test_participation_outliving_its_municipality_is_reported_once(tmp_path):
    f = reg(tmp_path, [arrangement("A", etablert=2010), arrangement("B", etablert=2010)],
            [*participants("A", "1624", "1627"), *participants("B", "1624", "1627")])
    warnings = [x for x in lines(f) if "opphørte" in x]
    assert len(warnings) == 2
    assert warnings[0].startswith("warning deltakere:1:kommunenummer: 1624 Rissa opphørte 2018; "
                                  "2 deltakelse(r)")
    assert "5054 Indre Fosen" in warnings[0]


def test_duplicates_unknown_arrangement_and_host(tmp_path):
    f = reg(tmp_path,
            [arrangement("A", vertskommune="1806"), arrangement("A"),
             arrangement("C", tilknytningsform="as")],
            [*participants("A", "1804", "1805"),
             {"ordning_id": "A", "kommunenummer": "1804", "fra": 2012},
             *participants("Z", "1804"), *participants("C", "1804", "1805")])
    assert errors(f) == [
        "error ordninger:1:vertskommune: vertskommunen 1806 er ikke deltaker",
        "error ordninger:2:id: id «A» finnes også i rad 1",
        "error ordninger:3:kommunal_eierandel: påkrevd for AS (kommunal eierandel i prosent)",
        "error deltakere:3:kommunenummer: 1804 deltar allerede i «A» i overlappende år (rad 1)",
        "error deltakere:4:ordning_id: ukjent ordning «Z»",
    ]


def test_non_overlapping_repeat_participation_is_fine(tmp_path):
    f = reg(tmp_path, [arrangement("A")],
            [{"ordning_id": "A", "kommunenummer": "1804", "til": 2010},
             {"ordning_id": "A", "kommunenummer": "1804", "fra": 2012},
             {"ordning_id": "A", "kommunenummer": "1805"}])
    assert errors(f) == []


def test_unknown_columns_are_kept_and_warned(tmp_path):
    f = reg(tmp_path, [arrangement("A", farge="blå")], participants("A", "1804", "1805"))
    assert lines(f)[0] == "warning ordninger:0:farge: ukjent kolonne; beholdes som ekstra data"
    register = load_register(f)[0]
    assert register.arrangements["A"].extra == {"farge": "blå"}


def test_case_insensitive_columns_and_padded_numbers(tmp_path):
    f = tmp_path / "r"
    f.mkdir()
    (f / "Ordninger.csv").write_text(" ID ;Navn;TILKNYTNINGSFORM;sektor\nA;B;avtale;helse\n")
    (f / "deltakere.csv").write_text("ordning_id;kommunenummer\nA;301\nA;219\n")
    register = load_register(f)[0]
    assert register is not None
    assert [p.kommunenummer for p in register.participations] == ["0301", "0219"]


def test_not_a_table(tmp_path):
    f = tmp_path / "r"
    f.mkdir()
    (f / "ordninger.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    (f / "deltakere.csv").write_text("")
    got = errors(f)
    assert got[0] == "error ordninger:0:: filen er ikke en tabell (binært innhold)"
    assert "error deltakere:0:: tabellen er tom (mangler overskriftsrad)" in got
    broken_xlsx = tmp_path / "x.xlsx"
    broken_xlsx.write_bytes(b"not a zip")
    assert errors(broken_xlsx)[0].startswith("error register:0:: ikke en gyldig xlsx-fil")
    broken_json = tmp_path / "x.json"
    broken_json.write_text("[1, 2]")
    assert errors(broken_json) == [
        "error register:0:: JSON-dokumentet må være et objekt med tabeller"]
    wrong = tmp_path / "w.json"
    wrong.write_text(json.dumps({"format": "annet/2", "ordninger": []}))
    assert errors(wrong)[0].startswith("error register:0:format: ukjent format")
    assert errors(tmp_path / "missing")[0].startswith("error register:0:: finnes ikke")


def test_json_cells_must_be_scalars(tmp_path):
    doc = {"format": "samarbeidsregister/1",
           "ordninger": [{"id": "A", "navn": {"x": 1}, "tilknytningsform": "avtale",
                          "sektor": "helse"}],
           "deltakere": [{"ordning_id": "A", "kommunenummer": 1804},
                         {"ordning_id": "A", "kommunenummer": 1805}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc))
    assert "error ordninger:1:navn: verdien må være tekst, tall eller tom" in errors(path)


def test_own_municipalities_override_reference(tmp_path):
    f = reg(tmp_path, [arrangement("A")], participants("A", "9001", "9002"),
            kommuner=[{"kommunenummer": "9001", "navn": "Nordby", "fylkesnummer": "90",
                       "innbyggere": "1200"},
                      {"kommunenummer": "9002", "navn": "Sørby", "fylkesnummer": "90"},
                      {"kommunenummer": "1804", "innbyggere": "x"}])
    assert errors(f) == ["error kommuner:3:innbyggere: «x» er ikke et tall"]
