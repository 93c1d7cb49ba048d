"""The survey on the web: created by an administrator, answered through private links that save
as they go and cannot reach another municipality's answer, followed live, reminded by e-mail,
closed; imported and exported in the survey format; analysed like a file."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samkart.survey.analysis import task_field_table
from samkart.web.survey.models import Answer, Link, Survey
from samkart.web.survey.views import responses_of
from tests.survey.test_survey import SVAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(users, login):
    client = login(users["admin"])
    client.post("/undersokelser/", {"title": "Rådmannsundersøkelsen", "year": 2013})
    s = Survey.objects.get()
    client.post(f"/undersokelser/{s.pk}/lenker/",
                {"epost": "1624;radmann@rissa.kommune.no\n1627;radmann@bjugn.kommune.no"})
    return s


def test_links_for_every_municipality(survey):
    # Every municipality of 2013: 428 (Harstad and Bjarkøy merged that year; see tests/reference).
    assert Link.objects.filter(survey=survey).count() == 428
    assert Link.objects.get(survey=survey, kommunenummer="1624").email.startswith("radmann@")


def test_answer_saves_as_it_goes_and_updates_one_answer(survey):
    link = Link.objects.get(survey=survey, kommunenummer="1624")
    respondent = Client()
    page = respondent.get(f"/svar/{link.token}/").content.decode()
    assert "Rissa kommune" in page and "Legevakt" in page
    # The page's script posts JSON on every change.
    token = respondent.cookies["csrftoken"].value
    r = respondent.post(f"/svar/{link.token}/", json.dumps({"f_legevakt": "ja",
                                                            "e_okonomi": "4"}),
                        content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.json()["submitted"] is False
    respondent.post(f"/svar/{link.token}/", {"f_legevakt": "nei", "f_renovasjon": "ja",
                                             "e_okonomi": "vet_ikke", "kommentar": "x",
                                             "send": "1", "csrfmiddlewaretoken": token})
    assert Answer.objects.filter(link=link).count() == 1
    answer = Answer.objects.get(link=link)
    assert answer.fields == {"legevakt": False, "renovasjon": True}
    assert answer.experience == {"okonomi": None} and answer.submitted is not None
    # Resuming shows what was saved.
    again = respondent.get(f"/svar/{link.token}/").content.decode()
    assert 'name="f_renovasjon" value="ja" checked' in again


def test_a_link_cannot_reach_another_municipality(survey):
    rissa = Link.objects.get(survey=survey, kommunenummer="1624")
    bjugn = Link.objects.get(survey=survey, kommunenummer="1627")
    Answer.objects.create(link=bjugn, fields={"legevakt": True}, comment="Bjugns hemmelighet")
    client = Client()
    page = client.get(f"/svar/{rissa.token}/").content.decode()
    assert "Bjugns hemmelighet" not in page and "Bjugn" not in page
    # The form has no municipality field: whatever is posted lands on the link's own answer.
    client.post(f"/svar/{rissa.token}/", {"f_legevakt": "nei", "kommunenummer": "1627",
                                          "send": "1"})
    assert Answer.objects.get(link=bjugn).fields == {"legevakt": True}
    assert Answer.objects.get(link=rissa).fields == {"legevakt": False}
    assert client.get("/svar/ikke-en-lenke/").status_code == 404
    # Respondents cannot see the administration.
    assert client.get(f"/undersokelser/{survey.pk}/").status_code == 302
    assert client.get(f"/undersokelser/{survey.pk}/svar.csv").status_code == 302


def test_revoked_and_closed(survey, users, login):
    link = Link.objects.get(survey=survey, kommunenummer="1624")
    admin = login(users["admin"])
    admin.post(f"/undersokelser/{survey.pk}/lenker/{link.pk}/trekk/")
    assert Client().get(f"/svar/{link.token}/").status_code == 410
    other = Link.objects.get(survey=survey, kommunenummer="1627")
    admin.post(f"/undersokelser/{survey.pk}/lukk/")
    assert Client().get(f"/svar/{other.token}/").status_code == 410
    Client().post(f"/svar/{other.token}/", {"f_legevakt": "ja", "send": "1"})
    assert not Answer.objects.filter(link=other).exists()


def test_progress_and_reminders(survey, users, login):
    admin = login(users["admin"])
    rissa = Link.objects.get(survey=survey, kommunenummer="1624")
    Answer.objects.create(link=rissa, fields={"legevakt": True},
                          submitted="2013-05-01T12:00:00Z")
    progress = admin.get(f"/undersokelser/{survey.pk}/?format=json").json()
    st = next(c for c in progress["counties"] if c["nr"] == "16")
    assert (st["svar"], st["kommuner"], progress["answered"]) == (1, 25, 1)
    assert any(c["svar"] == 1 for c in progress["sizes"])
    admin.post(f"/undersokelser/{survey.pk}/paminnelse/")
    # Bjugn has an address and has not answered; Rissa answered; others have no address.
    assert [m.to for m in mail.outbox] == [["radmann@bjugn.kommune.no"]]
    bjugn = Link.objects.get(survey=survey, kommunenummer="1627")
    assert f"/svar/{bjugn.token}/" in mail.outbox[0].body
    # Only administrators manage surveys.
    editor = Client()
    editor.force_login(users["editor"])
    assert editor.get(f"/undersokelser/{survey.pk}/").status_code == 403
    assert editor.post(f"/undersokelser/{survey.pk}/paminnelse/").status_code == 403


def test_import_export_and_analysis_agree(survey, users, login, golden_db):
    admin = login(users["admin"])
    bad = SimpleUploadedFile("svar.csv", b"kommunenummer;legevakt\n1624;kanskje\n")
    page = admin.post(f"/undersokelser/{survey.pk}/importer/", {"fil": bad}).content.decode()
    assert "svar:1:legevakt" in page and not Answer.objects.exists()
    good = SimpleUploadedFile("svar.csv", SVAR.encode("utf-8"))
    admin.post(f"/undersokelser/{survey.pk}/importer/", {"fil": good})
    assert Answer.objects.exclude(submitted=None).count() == 4
    exported = admin.get(f"/undersokelser/{survey.pk}/svar.csv").content.decode("utf-8-sig")
    assert exported.splitlines()[0].startswith("kommunenummer;ar;renovasjon")
    # The figures from the web answers equal those from the file (tests/survey).
    import tempfile
    from pathlib import Path

    from samkart.survey import load_responses

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "svar.csv").write_text(SVAR, "utf-8")
        from_file, _ = load_responses(Path(tmp) / "svar.csv")
        (Path(tmp) / "eksport.csv").write_text(exported, "utf-8")
        round_trip, _problems = load_responses(Path(tmp) / "eksport.csv")
    web = {r[0]: r for r in task_field_table(responses_of(survey)).rows}
    for row in task_field_table(from_file).rows:
        assert web[row[0]] == row
    assert task_field_table(round_trip).rows == task_field_table(responses_of(survey)).rows
    workbook = admin.get(f"/undersokelser/{survey.pk}/svar.xlsx").content
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "eksport.xlsx").write_bytes(workbook)
        from_xlsx, _ = load_responses(Path(tmp) / "eksport.xlsx")
    assert task_field_table(from_xlsx).rows == task_field_table(round_trip).rows
    html = admin.get(f"/undersokelser/{survey.pk}/analyse/").content.decode()
    assert "Rådmennenes vurdering av kommunens erfaringer" in html
    assert "svar om oppgavefelt stemmer med registeret" in html


def test_response_imports_are_read_within_the_upload_limits(survey, users, login):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z, \
            z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
        for _ in range(110):
            fh.write(b" " * 1024 * 1024)
    admin = login(users["admin"])
    page = admin.post(f"/undersokelser/{survey.pk}/importer/",
                      {"fil": SimpleUploadedFile("svar.xlsx", buffer.getvalue())}).content.decode()
    assert "pakkes ut til 110,0 MB" in page and not Answer.objects.exists()
    rows = "kommunenummer;legevakt\n" + "".join(f"16{i:02d};kanskje\n" for i in range(1500))
    page = admin.post(f"/undersokelser/{survey.pk}/importer/",
                      {"fil": SimpleUploadedFile("svar.csv", rows.encode())}).content.decode()
    assert page.count("<li><code>") == 1000


def test_a_respondents_formula_is_text_in_the_administrators_export(survey, users, login,
                                                                     tmp_path):
    """The probe: an anonymous respondent's comment became a live formula in svar.xlsx."""
    from samkart.survey import load_responses

    link = Link.objects.get(survey=survey, kommunenummer="1624")
    respondent = Client()
    respondent.get(f"/svar/{link.token}/")
    token = respondent.cookies["csrftoken"].value
    payload = '=cmd|" /C calc"!A0'
    respondent.post(f"/svar/{link.token}/", {"f_legevakt": "ja", "kommentar": payload,
                                             "send": "1", "csrfmiddlewaretoken": token})
    admin = login(users["admin"])
    workbook = admin.get(f"/undersokelser/{survey.pk}/svar.xlsx").content
    (tmp_path / "svar.xlsx").write_bytes(workbook)
    import zipfile

    with zipfile.ZipFile(tmp_path / "svar.xlsx") as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist())
    text = admin.get(f"/undersokelser/{survey.pk}/svar.csv").content.decode("utf-8-sig")
    assert ";\"'=cmd" in text  # quoted (it holds quotes), and escaped inside
    (tmp_path / "svar.csv").write_text(text, "utf-8")
    for name in ("svar.xlsx", "svar.csv"):
        loaded, problems = load_responses(tmp_path / name)
        assert loaded is not None, problems
        assert loaded.by_number()["1624"].comment == payload


def test_a_nynorsk_municipality_answers_in_nynorsk_unless_it_chose(survey):
    # Volda (1519 in 2013) has nynorsk as its official form (malform.csv, as 1577); Rissa
    # (1624, Indre Fosen from 2018) is neutral: it keeps the site's bokmål.
    volda = Link.objects.get(survey=survey, kommunenummer="1519")
    rissa = Link.objects.get(survey=survey, kommunenummer="1624")
    page = Client().get(f"/svar/{volda.token}/")
    assert page.headers["Content-Language"] == "nn"
    assert '<html lang="nn">' in page.content.decode()
    assert "Veit ikkje" in page.content.decode()
    page = Client().get(f"/svar/{rissa.token}/")
    assert page.headers["Content-Language"] == "nb"
    assert "Vet ikke" in page.content.decode()
    chosen = Client()
    chosen.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = chosen.get(f"/svar/{volda.token}/")
    assert page.headers["Content-Language"] == "en"
    assert "Don’t know" in page.content.decode()


def test_reminders_go_out_in_each_municipalitys_written_form(survey, users, login):
    client = login(users["admin"])
    client.post(f"/undersokelser/{survey.pk}/lenker/", {"epost": "1519;radmann@volda.kommune.no"})
    mail.outbox.clear()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the administrator reads English
    client.post(f"/undersokelser/{survey.pk}/paminnelse/")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies["radmann@volda.kommune.no"].startswith("Kommunen har enno ikkje svart")
    assert bodies["radmann@rissa.kommune.no"].startswith("Kommunen har ennå ikke svart")
