"""Writing a register and reading it back gives the same register, in every container."""

from __future__ import annotations

import pytest

from samkart.register import load_register, write_csv_folder, write_json, write_xlsx
from samkart.register.write import register_tables
from tests.golden import golden_tables
from tests.helpers import load_ok, write_tables


@pytest.fixture()
def original(tmp_path):
    tables = golden_tables()
    tables["ordninger"][0]["farge"] = "grønn"  # an extra column must survive
    tables["ordninger"][1]["orgnr"] = "974760673"
    tables["ordninger"][2]["lovpalagt"] = "ja"
    tables["kommuner"] = [{"kommunenummer": "1624", "navn": "Rissa", "fylkesnummer": "16",
                           "innbyggere": 6600, "gyldig_til": 2018}]
    tables["oppgavefelt"] = [{"kode": "fergesamband", "navn": "Fergesamband",
                              "sektor": "teknisk"}]
    tables["ordninger"][3]["oppgavefelt"] = "barnevern;fergesamband"
    return load_ok(write_tables(tmp_path / "orig", tables))


@pytest.mark.parametrize("writer,name", [(write_csv_folder, "csv"), (write_json, "r.json"),
                                         (write_xlsx, "r.xlsx")])
def test_round_trip(original, tmp_path, writer, name):
    target = tmp_path / name
    writer(original, target)
    again, problems = load_register(target)
    assert again is not None, [p.line() for p in problems]
    assert register_tables(again) == register_tables(original)
    assert again.arrangements["A1"].extra == {"farge": "grønn"}
    # and once more: stable
    writer(again, tmp_path / ("2" + name))
    third = load_register(tmp_path / ("2" + name))[0]
    assert register_tables(third) == register_tables(original)


def test_semicolon_bom_csv_reads_like_comma(tmp_path):
    a = load_ok(write_tables(tmp_path / "a", golden_tables()))
    b = load_ok(write_tables(tmp_path / "b", golden_tables(), delimiter=";", bom=True))
    assert register_tables(a) == register_tables(b)


def test_semicolon_writer_for_excel(tmp_path, original):
    write_csv_folder(original, tmp_path / "semi", delimiter=";")
    assert (tmp_path / "semi" / "ordninger.csv").read_text().startswith("id;navn;")
    assert register_tables(load_ok(tmp_path / "semi")) == register_tables(original)


def test_xlsx_numbers_as_excel_gives_them(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "ordninger"
    ws.append(["id", "navn", "tilknytningsform", "sektor", "etablert", "kommunal_eierandel"])
    ws.append([1, "Ordning", "as", "naering", 2010.0, 75.5])
    ws2 = wb.create_sheet("deltakere")
    ws2.append(["ordning_id", "kommunenummer"])
    ws2.append([1, 301])
    ws2.append([1, 1804])
    wb.save(tmp_path / "r.xlsx")
    register = load_ok(tmp_path / "r.xlsx")
    a = register.arrangements["1"]
    assert a.etablert == 2010 and a.kommunal_eierandel == 75.5
    assert [p.kommunenummer for p in register.participations] == ["0301", "1804"]
