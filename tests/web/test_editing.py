"""Editing through the pages: each role is allowed what it should and refused the rest, every
change is recorded and can be reverted, and a stale form is refused."""

from __future__ import annotations

import pytest

from samkart.web.registry import store
from samkart.web.registry.models import Arrangement, Change, Proposal
from samkart.web.registry.views.edit import _initial

pytestmark = pytest.mark.django_db


def form_data(key: str, **changes) -> dict:
    a = Arrangement.objects.get(key=key)
    fields, parts = _initial(store.snapshot(a))
    data = {**fields, "version": a.version, **changes}
    data["d-TOTAL_FORMS"] = str(len(parts) + 1)
    data["d-INITIAL_FORMS"] = str(len(parts))
    for i, p in enumerate(parts):
        for k, v in p.items():
            data[f"d-{i}-{k}"] = v
    return data


def test_editor_changes_own_arrangement_and_sees_history(golden_db, users, login):
    client = login(users["editor"])
    response = client.post("/ordninger/A4/endre/", form_data("A4", navn="Barnevern Stjørdal–Frosta"))
    assert response.status_code == 302
    assert Arrangement.objects.get(key="A4").navn == "Barnevern Stjørdal–Frosta"
    change = Change.objects.filter(arrangement_key="A4").first()
    assert change.user == users["editor"] and change.action == "endret"
    assert change.before["fields"]["navn"] == "Ordning A4"
    html = client.get("/ordninger/A4/").content.decode()
    assert "«Ordning A4» → «Barnevern Stjørdal–Frosta»" in html


def test_editor_cannot_change_another_municipalitys_arrangement(golden_db, users, login):
    client = login(users["editor"])
    # A1 has no Stjørdal: the form becomes a proposal, and the arrangement is untouched.
    page = client.get("/ordninger/A1/endre/").content.decode()
    assert "Foreslå endring" in page
    response = client.post("/ordninger/A1/endre/", form_data("A1", navn="Kapret"))
    assert response.status_code == 302
    assert Arrangement.objects.get(key="A1").navn == "Ordning A1"
    assert Proposal.objects.get(arrangement_key="A1").after["fields"]["navn"] == "Kapret"
    # Ending it, or reverting its history, is refused outright.
    assert client.post("/ordninger/A1/avslutt/", {"ar": 2015, "version": 1}).status_code == 403
    assert Arrangement.objects.get(key="A1").avviklet is None


def test_editor_cannot_take_over_by_adding_own_municipality(golden_db, users, login):
    client = login(users["editor"])
    data = form_data("A1")
    data["d-3-kommunenummer"] = "1714"  # the empty extra row
    client.post("/ordninger/A1/endre/", data)
    assert not Arrangement.objects.get(key="A1").participations.filter(
        kommunenummer="1714").exists()


def test_editor_cannot_give_away_own_arrangement(golden_db, users, login):
    client = login(users["editor"])
    data = form_data("A4")
    for k in list(data):
        if k.startswith("d-") and data[k] == "1714":
            data[k] = ""  # remove Stjørdal itself
    data["vertskommune"] = ""  # else validation stops it first (the host must take part)
    response = client.post("/ordninger/A4/endre/", data)
    assert response.status_code == 403
    assert Arrangement.objects.get(key="A4").participations.filter(kommunenummer="1714").exists()


def test_analyst_decides_proposals_only_for_own_counties(golden_db, users, login, client):
    login(users["editor"]).post("/ordninger/A1/endre/", form_data("A1", navn="Bedre navn"))
    proposal = Proposal.objects.get()
    # An editor cannot decide it.
    assert client.post(f"/forslag/{proposal.pk}/", {"svar": "godta"}).status_code == 403
    client.force_login(users["analyst"])  # Sør-Trøndelag; A1 is in Sør-Trøndelag
    assert client.post(f"/forslag/{proposal.pk}/", {"svar": "godta"}).status_code == 302
    assert Arrangement.objects.get(key="A1").navn == "Bedre navn"
    assert Change.objects.filter(arrangement_key="A1", action="forslag godtatt").exists()


def test_analyst_refused_outside_counties(golden_db, users, login):
    client = login(users["analyst"])
    # A10: Leksvik and Frosta, both Nord-Trøndelag.
    assert client.get("/ordninger/A10/endre/").status_code == 403
    assert client.post("/ordninger/A10/endre/", form_data("A10", navn="x")).status_code == 403
    assert client.post("/ordninger/A10/avslutt/", {"ar": 2015, "version": 1}).status_code == 403
    assert Arrangement.objects.get(key="A10").navn == "Ordning A10"


def test_anonymous_and_plain_users_cannot_write(golden_db, users, client, login):
    assert client.get("/ordninger/A4/endre/").status_code == 302  # to the login page
    client.post("/ordninger/A4/endre/", form_data("A4", navn="x"))
    client.post("/ordninger/A4/avslutt/", {"ar": 2015, "version": 1})
    assert Arrangement.objects.get(key="A4").navn == "Ordning A4"
    plain = login(users["plain"])
    assert plain.post("/ordninger/A4/endre/", form_data("A4", navn="x")).status_code == 403
    assert plain.get("/last-opp/").status_code == 403
    assert Arrangement.objects.get(key="A4").navn == "Ordning A4"


def test_validation_messages_name_the_field(golden_db, users, login):
    client = login(users["admin"])
    html = client.post("/ordninger/A4/endre/", form_data("A4", etablert="20x1")).content.decode()
    assert "errorlist" in html and "20x1" in html
    assert Arrangement.objects.get(key="A4").etablert == 2011


def test_stale_form_is_refused(golden_db, users, login):
    client = login(users["admin"])
    stale = form_data("A4", navn="Først")
    second = dict(stale, navn="Sist")
    assert client.post("/ordninger/A4/endre/", stale).status_code == 302
    html = client.post("/ordninger/A4/endre/", second).content.decode()
    assert "ble endret av sjef" in html and "ikke lagret" in html
    assert Arrangement.objects.get(key="A4").navn == "Først"


def test_revert_restores_and_is_recorded(golden_db, users, login):
    client = login(users["admin"])
    client.post("/ordninger/A4/endre/", form_data("A4", navn="Feil"))
    change = Change.objects.filter(arrangement_key="A4", action="endret").first()
    assert client.post(f"/endringer/{change.pk}/tilbakestill/").status_code == 302
    assert Arrangement.objects.get(key="A4").navn == "Ordning A4"
    assert Change.objects.filter(arrangement_key="A4", action="tilbakestilt").exists()


def test_create_and_end(golden_db, users, login):
    client = login(users["editor"])
    data = {"id": "NY1", "navn": "Ny ordning", "tilknytningsform": "avtale", "sektor": "helse",
            "dominerende_part": "kommune", "type": "formell", "etablert": "2015",
            "d-TOTAL_FORMS": "2", "d-INITIAL_FORMS": "0",
            "d-0-kommunenummer": "1714", "d-0-rolle": "vertskommune",
            "d-1-kommunenummer": "1711", "d-1-rolle": "deltaker", "vertskommune": "1714"}
    assert client.post("/ordninger/ny/", data).status_code == 302
    a = Arrangement.objects.get(key="NY1")
    assert client.post("/ordninger/NY1/avslutt/", {"ar": 2020, "version": a.version}
                       ).status_code == 302
    assert Arrangement.objects.get(key="NY1").avviklet == 2020
    # An editor cannot create one without their own municipality.
    data2 = dict(data, id="NY2", **{"d-0-kommunenummer": "1804", "vertskommune": "1804"})
    assert client.post("/ordninger/ny/", data2).status_code == 403
    assert not Arrangement.objects.filter(key="NY2").exists()


def test_reverting_an_older_change_shows_what_would_be_lost_and_asks(golden_db, users, login):
    client = login(users["admin"])
    client.post("/ordninger/A4/endre/", form_data("A4", navn="Første"))
    first = Change.objects.filter(arrangement_key="A4", action="endret").first()
    client.post("/ordninger/A4/endre/", form_data("A4", navn="Andre"))
    second = Change.objects.filter(arrangement_key="A4", action="endret").first()
    # Reverting the first would silently undo the second: the user is asked first.
    html = client.post(f"/endringer/{first.pk}/tilbakestill/").content.decode()
    assert "Tilbakestill likevel" in html and "endret av sjef" in html
    assert Arrangement.objects.get(key="A4").navn == "Andre"
    # A confirmation for an older set of later changes is asked again.
    client.post("/ordninger/A4/endre/", form_data("A4", navn="Tredje"))
    html = client.post(f"/endringer/{first.pk}/tilbakestill/",
                       {"bekreft_til": second.pk}).content.decode()
    assert "Tilbakestill likevel" in html and Arrangement.objects.get(key="A4").navn == "Tredje"
    newest = Change.objects.filter(arrangement_key="A4").first()
    assert client.post(f"/endringer/{first.pk}/tilbakestill/",
                       {"bekreft_til": newest.pk}).status_code == 302
    assert Arrangement.objects.get(key="A4").navn == "Ordning A4"
