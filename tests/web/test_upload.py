"""Uploading a register file: preview, every error by row and column, nothing written unless the
whole file is valid and the user confirms."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samkart.web.registry.models import Arrangement, Change

pytestmark = pytest.mark.django_db


def doc(rows: list[dict], parts: list[dict]) -> bytes:
    return json.dumps({"format": "samarbeidsregister/1", "ordninger": rows,
                       "deltakere": parts}).encode()


NEW = {"id": "U1", "navn": "Opplastet", "tilknytningsform": "avtale", "sektor": "helse"}
CHANGED = {"id": "A1", "navn": "Ordning A1", "tilknytningsform": "avtale", "sektor": "helse",
           "oppgavefelt": "legevakt", "etablert": 2005, "avviklet": 2016}
PARTS = [{"ordning_id": "U1", "kommunenummer": "1624"}, {"ordning_id": "U1", "kommunenummer": "1627"},
         {"ordning_id": "A1", "kommunenummer": "1624"}, {"ordning_id": "A1", "kommunenummer": "1627"},
         {"ordning_id": "A1", "kommunenummer": "1621"}]


def test_preview_then_confirm(golden_db, users, login):
    client = login(users["analyst"])
    upload = SimpleUploadedFile("register.json", doc([NEW, CHANGED], PARTS))
    html = client.post("/last-opp/", {"fil": upload}).content.decode()
    assert "1 nye ordninger" in html and "1 endrede ordninger, hvorav 1 avsluttes" in html
    assert "10 i registeret, ikke i filen" in html  # 11 minus A1
    assert not Arrangement.objects.filter(key="U1").exists()  # nothing written yet
    token = client.session["upload_token"]
    assert client.post("/last-opp/", {"bekreft": "1", "token": token}).status_code == 302
    assert Arrangement.objects.get(key="U1").participations.count() == 2
    assert Arrangement.objects.get(key="A1").avviklet == 2016
    assert Change.objects.filter(action="importert", arrangement_key="A1").exists()


def test_invalid_file_lists_errors_and_writes_nothing(golden_db, users, login):
    client = login(users["admin"])
    broken = dict(NEW, sektor="romfart", etablert="tjue")
    upload = SimpleUploadedFile("register.json", doc([broken], PARTS[:2]))
    html = client.post("/last-opp/", {"fil": upload}).content.decode()
    assert "ordninger:1:sektor" in html and "ordninger:1:etablert" in html
    assert "Bekreft import" not in html
    assert not Arrangement.objects.filter(key="U1").exists()


def test_analyst_cannot_import_outside_counties_and_editors_cannot_upload(golden_db, users, login):
    client = login(users["analyst"])
    outside = {"id": "U2", "navn": "Nord", "tilknytningsform": "avtale", "sektor": "helse"}
    parts = [{"ordning_id": "U2", "kommunenummer": "1714"},
             {"ordning_id": "U2", "kommunenummer": "1711"}]
    html = client.post("/last-opp/", {"fil": SimpleUploadedFile("r.json", doc([outside], parts))}
                       ).content.decode()
    assert "utenfor dine fylker" in html
    token = client.session["upload_token"]
    assert client.post("/last-opp/", {"bekreft": "1", "token": token}).status_code == 403
    assert not Arrangement.objects.filter(key="U2").exists()
    editor = login(users["editor"])
    assert editor.get("/last-opp/").status_code == 403
