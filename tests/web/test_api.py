"""The REST API: public reads with filters and pagination, the OpenAPI document, and writes that
need a token and the same rights as the pages."""

from __future__ import annotations

import json

import pytest

from samkart.web.registry.models import Arrangement, Change

pytestmark = pytest.mark.django_db


def body(key: str, client, **changes) -> dict:
    a = Arrangement.objects.get(key=key)
    from samkart.web.registry import store

    snap = store.snapshot(a)
    fields = {k: v for k, v in snap["fields"].items() if k != "id"}
    fields.update(changes)
    return {"fields": fields, "deltakere": snap["deltakere"], "version": a.version}


def test_schema_is_openapi_3(client, golden_db):
    doc = client.get("/api/schema/").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/arrangements" in doc["paths"] and "/api/municipalities" in doc["paths"]
    assert "/api/councils" in doc["paths"] and "/api/participations" in doc["paths"]


def test_reads_with_filters_and_pagination(client, golden_db):
    page = client.get("/api/arrangements?year=2013&limit=2&offset=0").json()
    assert page["count"] == 6 and len(page["items"]) == 2  # six counted in 2013
    iks = client.get("/api/arrangements?year=2013&legal_form=iks").json()["items"]
    assert [a["id"] for a in iks] == ["A2"]
    assert iks[0]["aktive_deltakere"] == ["1621", "1624", "1627", "1714", "1718"]
    everything = client.get("/api/arrangements?year=2013&counted_only=false").json()
    assert everything["count"] == 11
    nt = client.get("/api/municipalities?year=2013&county=17&limit=100").json()
    stjordal = next(m for m in nt["items"] if m["kommunenummer"] == "1714")
    assert stjordal["sum"] == 3
    parts = client.get("/api/participations?arrangement=A9").json()["items"]
    assert {p["kommunenummer"] for p in parts} == {"1624", "1627", "1621"}
    assert client.get("/api/arrangements/A4?year=2013").json()["niva"] == "lokal"
    assert client.get("/api/arrangements/NOPE").status_code == 404


def test_anonymous_writes_are_refused(client, golden_db):
    response = client.put("/api/arrangements/A4", json.dumps(body("A4", client, navn="x")),
                          content_type="application/json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    response = client.post("/api/arrangements", json.dumps(body("A4", client)),
                           content_type="application/json")
    assert response.status_code == 401
    assert Arrangement.objects.get(key="A4").navn == "Ordning A4"


def test_token_writes_follow_the_roles(client, golden_db, users, token):
    editor = {"HTTP_AUTHORIZATION": f"Bearer {token(users['editor'])}"}
    ok = client.put("/api/arrangements/A4", json.dumps(body("A4", client, navn="Via API")),
                    content_type="application/json", **editor)
    assert ok.status_code == 200, ok.content
    assert ok.json()["version"] == 2
    assert Change.objects.filter(arrangement_key="A4", note="via API").exists()
    refused = client.put("/api/arrangements/A1", json.dumps(body("A1", client, navn="x")),
                         content_type="application/json", **editor)
    assert refused.status_code == 403
    stale = client.put("/api/arrangements/A4",
                       json.dumps({**body("A4", client, navn="y"), "version": 1}),
                       content_type="application/json", **editor)
    assert stale.status_code == 409
    invalid = client.put("/api/arrangements/A4", json.dumps(body("A4", client, etablert="abc")),
                         content_type="application/json", **editor)
    assert invalid.status_code == 422
    assert [(p["table"], p["row"], p["column"]) for p in invalid.json()["problems"]] == [
        ("ordninger", 1, "etablert")]
    # Valid by the schema, invalid by the register's rules: the same shape.
    unknown = client.put("/api/arrangements/A4", json.dumps(body("A4", client, oppgavefelt="x")),
                         content_type="application/json", **editor)
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["message"] == \
        "ukjent oppgavefelt «x»"
    # The probe: a bad token was answered "CSRF check failed".
    bad_token = client.put("/api/arrangements/A4", json.dumps(body("A4", client)),
                           content_type="application/json", HTTP_AUTHORIZATION="Bearer feil")
    assert bad_token.status_code == 401 and "CSRF" not in bad_token.content.decode()
    assert Arrangement.objects.get(key="A4").navn == "Via API"


def test_each_role_through_the_api(client, golden_db, users, token):
    def put(user, key, **changes):
        return client.put(f"/api/arrangements/{key}", json.dumps(body(key, client, **changes)),
                          content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {token(user)}")

    assert put(users["plain"], "A4", navn="x").status_code == 403       # no role
    assert put(users["analyst"], "A10", navn="x").status_code == 403    # outside Sør-Trøndelag
    assert put(users["analyst"], "A1", navn="Analytiker").status_code == 200
    assert put(users["admin"], "A10", navn="Sjef").status_code == 200
    # An editor cannot create an arrangement without their municipality.
    new = {"fields": {"id": "API1", "navn": "Ny", "tilknytningsform": "avtale",
                      "sektor": "helse"},
           "deltakere": [{"kommunenummer": "1804"}, {"kommunenummer": "1805"}]}
    response = client.post("/api/arrangements", json.dumps(new), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token(users['editor'])}")
    assert response.status_code == 403
    assert not Arrangement.objects.filter(key="API1").exists()
    assert Arrangement.objects.get(key="A10").navn == "Sjef"


def test_tokens_page_shows_a_token_once_and_keeps_only_its_hash(client, golden_db, users):
    from samkart.web.registry.models import ApiToken

    client.force_login(users["editor"])
    html = client.post("/konto/api-nokler/", {"navn": "skript"}).content.decode()
    shown = html.split("<code>")[2].split("</code>")[0]
    stored = ApiToken.objects.get(user=users["editor"])
    assert stored.digest == ApiToken.hash(shown) and shown not in stored.digest
    assert shown not in client.get("/konto/api-nokler/").content.decode()
    anonymous = client.__class__()
    assert anonymous.get("/konto/api-nokler/").status_code == 302


def test_a_nul_byte_in_an_id_is_a_located_problem_on_every_database(client, golden_db, users,
                                                                    token):
    """Found by Schemathesis on PostgreSQL: an id with a NUL byte reached a query (500)."""
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token(users['admin'])}"}
    new = {"fields": {"id": "A\x00B", "navn": "Ny", "tilknytningsform": "avtale",
                      "sektor": "helse"},
           "deltakere": [{"kommunenummer": "1714"}, {"kommunenummer": "1711"}]}
    response = client.post("/api/arrangements", json.dumps(new), content_type="application/json",
                           **auth)
    assert response.status_code == 422
    assert response.json()["problems"][0]["column"] == "id"
    assert client.get("/api/arrangements/A%00B").status_code == 404
    put = client.put("/api/arrangements/A%00B", json.dumps({**body("A4", client), "version": 1}),
                     content_type="application/json", **auth)
    assert put.status_code == 404
