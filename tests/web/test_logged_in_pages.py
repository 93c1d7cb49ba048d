"""Pages for logged-in users, built from parts kept per data version (issue 14, speed): they
follow every change at once, carry only the reader's own forms and tokens, show open proposals
(which are not part of the data version), and the cheaper session and user reading keeps
Django's rules (expiry, logout, inactive users)."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.utils import timezone

from samkart.web.registry import changes, store
from samkart.web.registry.models import Arrangement, Profile, Proposal
from samkart.web.registry.users import ProfileBackend

REVERT = "Tilbakestill denne endringen"


def _tokens(html: str) -> int:
    return html.count('name="csrfmiddlewaretoken"')


def test_a_logged_in_page_follows_a_change_at_once(golden_db, users, login):
    client = login(users["plain"])
    assert "Ordning A4" in client.get("/ordninger/A4/?ar=2013").content.decode()
    assert "Ordning A4" in client.get("/kommuner/1714/?ar=2013").content.decode()
    a = Arrangement.objects.get(key="A4")
    before = store.snapshot(a)
    after = {**before, "fields": {**before["fields"], "navn": "Nytt navn"}}
    store.apply(a, after)
    store.record(users["admin"], "A4", "endret", before, after)
    page = client.get("/ordninger/A4/?ar=2013").content.decode()
    assert "<h1>Nytt navn</h1>" in page and "«Ordning A4» → «Nytt navn»" in page  # and history
    assert "Nytt navn" in client.get("/kommuner/1714/?ar=2013").content.decode()


def test_revert_buttons_are_the_editors_own(golden_db, users, login, client):
    # A1 has participants in Sør-Trøndelag (the analyst's county); the reader may not edit it.
    version = Arrangement.objects.get(key="A1").version
    changes.end(users["admin"], "A1", 2015, version=version)
    reader = login(users["plain"]).get("/ordninger/A1/?ar=2013").content.decode()
    assert REVERT not in reader and _tokens(reader) == 1  # the logout form only
    client.logout()
    analyst = login(users["analyst"]).get("/ordninger/A1/?ar=2013").content.decode()
    assert REVERT in analyst and "Logg ut analytiker" in analyst
    # the logout form, ending the arrangement, and the revert button: each the analyst's own
    assert _tokens(analyst) == 3
    client.logout()
    again = login(users["plain"]).get("/ordninger/A1/?ar=2013").content.decode()
    assert REVERT not in again and "Logg ut lesar" in again and "analytiker" not in again


def test_open_proposals_show_at_once(golden_db, users, login):
    # A proposal does not move the data version; the page asks whether there are any (shown
    # to who decides it: the analyst of A1's county).
    client = login(users["analyst"])
    assert "Åpne forslag" not in client.get("/ordninger/A1/?ar=2013").content.decode()
    proposal = Proposal.objects.create(arrangement_key="A1", proposed_by=users["editor"],
                                       base_version=1, after={}, note="Se på dette")
    page = client.get("/ordninger/A1/?ar=2013").content.decode()
    assert "Åpne forslag" in page and "Se på dette" in page
    proposal.status = Proposal.REJECTED
    proposal.save()
    assert "Åpne forslag" not in client.get("/ordninger/A1/?ar=2013").content.decode()


def test_logged_in_users_share_the_apis_kept_reads(golden_db, users, login):
    client = login(users["analyst"])
    first = client.get("/api/arrangements?year=2013")
    again = client.get("/api/arrangements?year=2013")
    assert first.status_code == again.status_code == 200
    assert again["X-Samkart-Cache"] == "hit" and again.content == first.content
    # the same for everyone: nothing of the user in it, so not marked private
    assert "private" not in again.get("Cache-Control", "")
    # writes still need their rights
    plain = login(users["plain"])
    response = plain.post("/api/arrangements", data="{}", content_type="application/json")
    assert response.status_code in (401, 403, 422)


def test_an_expired_or_ended_session_is_no_login(golden_db, users, client):
    client.force_login(users["plain"])
    assert "Logg ut lesar" in client.get("/kommuner/1714/?ar=2013").content.decode()
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert "Logg inn" in client.get("/kommuner/1714/?ar=2013").content.decode()
    client.force_login(users["plain"])
    stolen = client.cookies["sessionid"].value
    client.post("/logg-ut/")
    client.cookies["sessionid"] = stolen  # the old cookie, after logging out
    html = client.get("/kommuner/1714/?ar=2013").content.decode()
    assert "Logg inn" in html and "Logg ut" not in html


def test_the_user_comes_with_the_profile(golden_db, users, django_assert_num_queries):
    backend = ProfileBackend()
    with django_assert_num_queries(1):
        analyst = backend.get_user(users["analyst"].pk)
    assert analyst is not None
    with django_assert_num_queries(0):
        assert analyst.samkart.role == Profile.ANALYST
        assert analyst.samkart.county_list() == ["16"]
    plain = backend.get_user(str(users["plain"].pk))  # as the session keeps it
    assert plain is not None and getattr(plain, "samkart", None) is None
    users["plain"].is_active = False
    users["plain"].save()
    assert backend.get_user(users["plain"].pk) is None
    assert backend.get_user("ikke et tall") is None and backend.get_user(99999) is None


def test_the_version_an_edit_form_posts_back_is_the_databases(golden_db, users, login):
    # On PostgreSQL two saves can commit out of the order of their Change ids, so the data
    # version may not move for the later one: the version the form posts back is read afresh.
    client = login(users["analyst"])
    assert 'name="version" value="1"' in client.get("/ordninger/A1/?ar=2013").content.decode()
    Arrangement.objects.filter(key="A1").update(version=2)  # a save the data version missed
    page = client.get("/ordninger/A1/?ar=2013").content.decode()
    assert 'name="version" value="2"' in page and "versjon 2" in page
    assert client.get("/api/arrangements/A1?year=2013").json()["version"] == 2
