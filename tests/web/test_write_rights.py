"""Regression tests for the probe's HIGH findings: a change must be allowed on the arrangement as
it was *and* as it becomes, on every path that writes (upload, proposals), not only on the state
after the change."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samkart.web.registry.models import Arrangement, Change, Profile, Proposal
from tests.web.conftest import _user
from tests.web.test_editing import form_data

pytestmark = pytest.mark.django_db


def _doc(rows: list[dict], parts: list[dict]) -> bytes:
    return json.dumps({"format": "samarbeidsregister/1", "ordninger": rows,
                       "deltakere": parts}).encode()


def test_upload_cannot_take_over_another_countys_arrangement(golden_db, users, login):
    """analytiker (Sør-Trøndelag, 16) uploads a file that renames A4 (Stjørdal and Frosta, both
    Nord-Trøndelag) and adds Rissa (1624): the state after touches county 16, the state before
    does not, so the change is not the analyst's to make."""
    client = login(users["analyst"])
    history = Change.objects.filter(arrangement_key="A4").count()
    a4 = {"id": "A4", "navn": "Kapret", "tilknytningsform": "vertskommune", "sektor": "sosial",
          "oppgavefelt": "barnevern", "vertskommune": "1714", "etablert": 2011}
    parts = [{"ordning_id": "A4", "kommunenummer": "1714", "rolle": "vertskommune"},
             {"ordning_id": "A4", "kommunenummer": "1717"},
             {"ordning_id": "A4", "kommunenummer": "1624"}]
    html = client.post("/last-opp/", {"fil": SimpleUploadedFile("r.json", _doc([a4], parts))}
                       ).content.decode()
    assert "utenfor dine fylker" in html and "Bekreft import" not in html
    token = client.session["upload_token"]
    assert client.post("/last-opp/", {"bekreft": "1", "token": token}).status_code == 403
    a = Arrangement.objects.get(key="A4")
    assert a.navn == "Ordning A4"
    assert not a.participations.filter(kommunenummer="1624").exists()
    assert Change.objects.filter(arrangement_key="A4").count() == history


def test_upload_cannot_give_away_own_countys_arrangement(golden_db, users, login):
    """The reverse: A1 lies in county 16; an upload that moves it wholly to Nord-Trøndelag would
    leave the analyst's counties, and is refused too."""
    client = login(users["analyst"])
    a1 = {"id": "A1", "navn": "Ordning A1", "tilknytningsform": "avtale", "sektor": "helse",
          "oppgavefelt": "legevakt", "etablert": 2005}
    parts = [{"ordning_id": "A1", "kommunenummer": "1714"},
             {"ordning_id": "A1", "kommunenummer": "1711"}]
    client.post("/last-opp/", {"fil": SimpleUploadedFile("r.json", _doc([a1], parts))})
    token = client.session["upload_token"]
    assert client.post("/last-opp/", {"bekreft": "1", "token": token}).status_code == 403
    assert set(Arrangement.objects.get(key="A1").participations.values_list(
        "kommunenummer", flat=True)) == {"1624", "1627", "1621"}


@pytest.fixture
def north_analyst(db):
    return _user("analytiker-17", Profile.ANALYST, counties="17")


def _propose_move_to_north(login, users) -> Proposal:
    """Stjørdal's editor proposes replacing A1's participants (all in county 16) with two
    Nord-Trøndelag municipalities, Stjørdal (1714) and Meråker (1711)."""
    data = form_data("A1")
    for i, knr in enumerate(("1714", "1711", "", "")):
        data[f"d-{i}-kommunenummer"] = knr
    login(users["editor"]).post("/ordninger/A1/endre/", data)
    return Proposal.objects.get(arrangement_key="A1")


def test_proposal_cannot_be_accepted_by_the_analyst_of_the_proposed_county(
        golden_db, users, login, client, north_analyst):
    proposal = _propose_move_to_north(login, users)
    client.force_login(north_analyst)
    assert client.post(f"/forslag/{proposal.pk}/", {"svar": "godta"}).status_code == 403
    assert set(Arrangement.objects.get(key="A1").participations.values_list(
        "kommunenummer", flat=True)) == {"1624", "1627", "1621"}
    proposal.refresh_from_db()
    assert proposal.status == Proposal.OPEN
    # Not offered on the analyst's list either: the arrangement is not theirs (yet).
    assert f"/forslag/{proposal.pk}/" not in client.get("/forslag/").content.decode()


def test_the_countys_own_analyst_sees_and_can_reject_it(golden_db, users, login, client,
                                                         north_analyst):
    proposal = _propose_move_to_north(login, users)
    client.force_login(users["analyst"])  # Sør-Trøndelag: A1 as it is
    assert f"/forslag/{proposal.pk}/" in client.get("/forslag/").content.decode()
    # Accepting would give the arrangement away from the analyst's counties: refused ...
    assert client.post(f"/forslag/{proposal.pk}/", {"svar": "godta"}).status_code == 403
    assert Arrangement.objects.get(key="A1").participations.filter(kommunenummer="1624").exists()
    # ... rejecting is theirs to do.
    assert client.post(f"/forslag/{proposal.pk}/", {"svar": "avvis"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.REJECTED and proposal.decided_by == users["analyst"]


def test_an_administrator_can_accept_it(golden_db, users, login, client):
    proposal = _propose_move_to_north(login, users)
    client.force_login(users["admin"])
    assert client.post(f"/forslag/{proposal.pk}/", {"svar": "godta"}).status_code == 302
    assert set(Arrangement.objects.get(key="A1").participations.values_list(
        "kommunenummer", flat=True)) == {"1714", "1711"}


def test_open_proposals_are_shown_only_to_who_decides_and_who_proposed(
        golden_db, users, login, client, north_analyst):
    # A proposal is an editor's name and note: shown on the arrangement's page to the analysts
    # who decide it (county 16 for A1) and to its proposer, to nobody else; never to anonymous
    # readers, whose page is kept whole.
    from django.test import Client

    anonymous = Client()
    anonymous.get("/ordninger/A1/?ar=2013")  # kept before the proposal
    proposal = _propose_move_to_north(login, users)
    proposal.note = "Forslagets merknad"
    proposal.save()
    seen = {}
    for name, user in [("analyst", users["analyst"]), ("admin", users["admin"]),
                       ("north", north_analyst), ("plain", users["plain"]),
                       ("editor", users["editor"])]:
        client.force_login(user)
        seen[name] = "Forslagets merknad" in client.get("/ordninger/A1/?ar=2013").content.decode()
    seen["anonymous"] = "Forslagets merknad" in anonymous.get("/ordninger/A1/?ar=2013").content.decode()
    assert seen == {"analyst": True, "admin": True, "editor": True, "north": False,
                    "plain": False, "anonymous": False}
