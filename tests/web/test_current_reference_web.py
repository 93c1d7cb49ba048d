"""The web registry shows the reference data to the present and flags the 2018 Act's rules on an
arrangement's page (issue 10)."""

from __future__ import annotations

import csv

import pytest

from samkart.web.registry import changes
from tests.helpers import arrangement, load_ok, participants, write_tables
from tests.reference.test_reference import SHARED, needs_shared


@pytest.fixture
def today_db(db, tmp_path):
    register = load_ok(write_tables(tmp_path / "r", {
        "ordninger": [
            arrangement("ST", tilknytningsform="styre", sektor="teknisk", etablert=2005),
            arrangement("VK", tilknytningsform="vertskommune", sektor="sosial", etablert=2021),
        ],
        "deltakere": participants("ST", "1806", "1875", fra=2020)
        + participants("VK", "1806", "1875"),
    }))
    changes.load_into_empty_database(register, "test")
    return register


def test_the_act_is_flagged_on_an_arrangement_page_only_after_its_date(client, today_db):
    html = client.get("/ordninger/ST/?ar=2024").content.decode()
    assert "Kommuneloven 2018: bør sjekkes i 2024" in html
    assert "fristen for å omdanne eller avvikle det gikk ut høsten 2023" in html
    assert "kommuneloven 2018 § 31-2" in html and "https://lovdata.no/lov/2018-06-22-83/§31-2" in html
    # The label of the year: the 2018 Act's transition rule, not the 1992 board of old.
    assert "Etter loven i 2024: Interkommunalt styre etter kommuneloven 1992 § 27" in html
    before = client.get("/ordninger/ST/?ar=2023").content.decode()
    assert "Kommuneloven 2018: bør sjekkes" not in before
    host = client.get("/ordninger/VK/?ar=2024").content.decode()
    assert "vertskommunesamarbeid uten vertskommune" in host
    assert "Etter loven i 2024: § 20-2 administrativt vertskommunesamarbeid" in host


@needs_shared
def test_municipality_page_has_population_of_the_year_and_malform(client, today_db):
    with open(SHARED / "folketall.csv", encoding="utf-8") as fh:
        narvik = {int(r["ar"]): int(r["innbyggere"]) for r in csv.DictReader(fh)
                  if r["kommunenummer"] == "1806"}
    html = client.get("/kommuner/1806/?ar=2024").content.decode()
    assert f"{narvik[2024]} innbyggere 1. januar 2024" in html
    assert "målform nøytral" in html  # kommuner_2025.csv: Nøytral
    assert f"{narvik[2021]} innbyggere 1. januar 2021" in client.get(
        "/kommuner/1806/?ar=2021").content.decode()


@needs_shared
def test_the_api_gives_population_with_its_year_and_malform(client, today_db):
    with open(SHARED / "folketall.csv", encoding="utf-8") as fh:
        hamaroy = {int(r["ar"]): int(r["innbyggere"]) for r in csv.DictReader(fh)
                   if r["kommunenummer"] == "1875"}
    items = client.get("/api/municipalities?year=2022&county=18&limit=100").json()["items"]
    m = next(m for m in items if m["kommunenummer"] == "1875")
    assert (m["innbyggere"], m["innbyggere_ar"]) == (hamaroy[2022], 2022)
    assert m["malform"] in {"bokmål", "nynorsk", "nøytral"}
