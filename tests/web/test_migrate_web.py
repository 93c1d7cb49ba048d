"""The administrator's migration page: the plan, the decisions as a form, then confirm, written
through the one write path; everyone else is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from samkart.web.registry import changes
from samkart.web.registry.models import Arrangement, Change, Profile
from tests.helpers import load_ok
from tests.register.test_migrate import make
from tests.web.conftest import _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def trondelag_db(db, tmp_path):
    register = load_ok(make(tmp_path))
    changes.load_into_empty_database(register, "test")
    return register


def parts(key):
    return sorted((p.kommunenummer, p.fra, p.til, p.rolle)
                  for p in Arrangement.objects.get(key=key).participations.all())


def test_plan_then_decisions_then_confirm(trondelag_db, users, login):
    client = login(users["admin"])
    assert client.get("/kommuneendringer/").status_code == 200
    html = client.post("/kommuneendringer/", {"til_ar": "2024"}).content.decode()
    assert "A1: 1702 Steinkjer → 5004 Steinkjer fra 2018" in html
    assert "A1: vertskommunen 5004 → 5006 fra 2020" in html
    assert "5039 Verran ble delt 2020" in html and 'value="0:5054"' in html
    assert 'name="bekreft"' not in html  # a decision is missing: nothing to confirm yet
    assert parts("A1") == [("1702", None, None, "deltaker"), ("1719", None, None, "deltaker"),
                           ("1721", None, None, "deltaker")]
    html = client.post("/kommuneendringer/", {"til_ar": "2024", "beslutning": ["0:5054"]}
                       ).content.decode()
    assert "5039 Verran ble delt 2020; deltakelsen fortsetter i 5054 Indre Fosen" in html
    token = client.session["migrate_plan"]["token"]
    response = client.post("/kommuneendringer/", {"bekreft": "1", "token": token})
    assert response.status_code == 302
    assert parts("A1") == [
        ("1702", None, 2018, "vertskommune"), ("1719", None, 2018, "deltaker"),
        ("1721", None, 2018, "deltaker"), ("5004", 2018, 2020, "vertskommune"),
        ("5006", 2020, None, "vertskommune"), ("5037", 2018, None, "deltaker"),
        ("5038", 2018, None, "deltaker")]
    assert Arrangement.objects.get(key="A1").vertskommune == "5006"
    assert {p[0] for p in parts("A2") if p[2] is None} == {"5007", "5054"}
    assert parts("A3") == [("1702", None, None, "deltaker"), ("1703", None, None, "deltaker")]
    assert set(Change.objects.filter(action="ført over").values_list("arrangement_key",
                                                                      flat=True)) == {"A1", "A2",
                                                                                      "A4"}
    # Carried through: a second plan has nothing left to do.
    html = client.post("/kommuneendringer/", {"til_ar": "2024"}).content.decode()
    assert "Ingen endringer" in html


def test_nothing_written_when_an_arrangement_changed_meanwhile(trondelag_db, users, login):
    client = login(users["admin"])
    client.post("/kommuneendringer/", {"til_ar": "2019"})
    token = client.session["migrate_plan"]["token"]
    a4 = Arrangement.objects.get(key="A4")
    changes.end(users["admin"], "A4", 2030, version=a4.version)
    client.post("/kommuneendringer/", {"bekreft": "1", "token": token})
    assert parts("A1")[0] == ("1702", None, None, "deltaker")
    assert not Change.objects.filter(action="ført over").exists()


@pytest.mark.parametrize("who", ["analyst", "analyst17", "editor", "plain"])
def test_only_administrators(trondelag_db, users, login, who):
    user = users.get(who) or _user("analytiker17", Profile.ANALYST, counties="17")
    client = login(user)
    assert client.get("/kommuneendringer/").status_code == 403
    assert client.post("/kommuneendringer/", {"til_ar": "2024"}).status_code == 403
    assert client.post("/kommuneendringer/", {"bekreft": "1", "token": "x"}).status_code == 403
    with pytest.raises(changes.Forbidden):
        changes.migrate_register(user, {}, {})
    assert parts("A1")[0] == ("1702", None, None, "deltaker")


def test_anonymous_is_sent_to_login(trondelag_db, client):
    response = client.post("/kommuneendringer/", {"til_ar": "2024"})
    assert response.status_code == 302 and "logg-inn" in response["Location"]
    assert not Change.objects.filter(action="ført over").exists()


def test_csrf_is_checked(trondelag_db, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    assert client.post("/kommuneendringer/", {"til_ar": "2024"}).status_code == 403
