"""The administrator's comparison with Enhetsregisteret on the web (against a local stand-in of
the open API), the links to Enhetsregisteret on the municipality pages, and orgnr in the API."""

from __future__ import annotations

import datetime as dt

import pytest

from samkart.web.registry import changes
from samkart.web.registry.models import Arrangement, Change
from tests.helpers import load_ok
from tests.sources import brreg_data as fx
from tests.sources.test_brreg_compare import register_folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def salten_db(db, tmp_path):
    register = load_ok(register_folder(tmp_path))
    changes.load_into_empty_database(register, "test")
    return register


@pytest.fixture
def api(httpserver, settings):
    fake = fx.FakeBrreg()
    settings.SAMKART_BRREG_URL = fake.install(httpserver)
    return fake


def test_admin_sees_the_differences_then_confirms(salten_db, api, users, login):
    client = login(users["admin"])
    html = client.post("/enhetsregisteret/", {"fylke": "18"}).content.decode()
    # The same differences as the command line finds for this register (test_brreg_compare).
    assert "+ 1875" in html and "− 1845" in html
    assert "VERTSKOMMUNESAMARBEID BARNEVERN FAUSKE" in html
    assert "ikke i enhetsfilen" not in html and "ikke funnet i Enhetsregisteret" not in html
    assert "HTTP 404" in html  # B3's orgnr, looked up: unknown
    assert not Arrangement.objects.filter(key="brreg-971801018").exists()  # nothing written yet
    token = client.session["brreg_plan"]["token"]
    response = client.post("/enhetsregisteret/", {"bekreft": "1", "token": token})
    assert response.status_code == 302
    new = Arrangement.objects.get(key="brreg-971801018")
    assert new.vertskommune == "1841" and new.orgnr == fx.VERTSKOMMUNE
    b1 = Arrangement.objects.get(key="B1")
    parts = {(p.kommunenummer, p.fra, p.til) for p in b1.participations.all()}
    year = dt.date.today().year  # the page fetches today: joins and leaves are this year
    assert ("1875", year, None) in parts and ("1845", 2015, year) in parts
    assert Change.objects.filter(arrangement_key="B1", action="importert").exists()
    assert "B3" in {a.key for a in Arrangement.objects.all()}  # unknown orgnr: left as it was


def test_nothing_is_written_when_an_arrangement_changed_meanwhile(salten_db, api, users, login):
    client = login(users["admin"])
    client.post("/enhetsregisteret/", {"fylke": "18"})
    token = client.session["brreg_plan"]["token"]
    b1 = Arrangement.objects.get(key="B1")
    changes.end(users["admin"], "B1", 2030, version=b1.version)  # someone else, meanwhile
    client.post("/enhetsregisteret/", {"bekreft": "1", "token": token})
    assert not Arrangement.objects.filter(key="brreg-971801018").exists()
    assert Arrangement.objects.get(key="B1").avviklet == 2030


def test_an_unreachable_api_is_a_message_not_an_error_page(salten_db, api, users, login):
    api.fail = [503] * 20
    html = login(users["admin"]).post("/enhetsregisteret/", {"kommune": "1841"}).content.decode()
    assert "Enhetsregisteret kunne ikke leses" in html and "503" in html


@pytest.mark.parametrize("who", ["analyst", "editor", "plain"])
def test_only_administrators(salten_db, api, users, login, who):
    client = login(users[who])
    assert client.get("/enhetsregisteret/").status_code == 403
    assert client.post("/enhetsregisteret/", {"fylke": "18"}).status_code == 403
    assert client.post("/enhetsregisteret/", {"bekreft": "1", "token": "x"}).status_code == 403
    assert api.seen == []  # nothing was fetched for them


def test_anonymous_is_sent_to_log_in(salten_db, api, client):
    response = client.post("/enhetsregisteret/", {"fylke": "18"})
    assert response.status_code == 302 and "logg-inn" in response["Location"]


def test_the_write_path_refuses_non_administrators(salten_db, users):
    with pytest.raises(changes.Forbidden):
        changes.import_from_brreg(users["analyst"], {}, {}, {})


def test_municipality_page_links_to_enhetsregisteret_and_the_api_gives_orgnr(salten_db, client):
    html = client.get("/kommuner/1841/?ar=2020").content.decode()
    assert f"https://data.brreg.no/enhetsregisteret/oppslag/enheter/{fx.IKS_SALTEN}" in html
    # B4 has no orgnr: no link for it.
    assert html.count("https://data.brreg.no/enhetsregisteret/oppslag/enheter/") == 3
    doc = client.get("/api/arrangements/B1?year=2020").json()
    assert doc["orgnr"] == fx.IKS_SALTEN
    assert client.get("/api/arrangements/B4?year=2020").json()["orgnr"] is None
