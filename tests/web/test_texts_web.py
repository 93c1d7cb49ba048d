"""The analyst's texts on the web (``tekster``): written through the one write path, each role
refused what it must not do, history and revert, stale saves refused, and the report (and the
register's download) carries them."""

from __future__ import annotations

import json

import pytest

from samkart.web.registry import changes, store
from samkart.web.registry.models import Profile, ReportText, TextChange
from tests.web.conftest import _user

pytestmark = pytest.mark.django_db

# The golden register has participants in Sør-Trøndelag (16) and Nord-Trøndelag (17).
EDIT = "/tekster/skriv/"


def _post(client, query: str, tekst: str, version=None, tittel: str = ""):
    data = {"tekst": tekst, "tittel": tittel, "note": "test"}
    if version is not None:
        data["version"] = str(version)
    return client.post(f"{EDIT}?{query}", data)


def test_anonymous_and_plain_users_cannot_write(client, golden_db, users, login):
    assert client.get("/tekster/").status_code == 302  # to the login page
    assert _post(client, "kapittel=forord", "x").status_code == 302
    plain = login(users["plain"])
    assert plain.get(f"{EDIT}?kapittel=forord").status_code == 403
    assert _post(plain, "kapittel=forord", "x").status_code == 403
    with pytest.raises(changes.Forbidden):
        changes.save_text(users["plain"], "forord", "", None, "", "x", version=None)
    assert not ReportText.objects.exists() and not TextChange.objects.exists()


def test_an_editor_cannot_write_any_text(golden_db, users, login):
    client = login(users["editor"])
    for query in ("kapittel=konklusjoner", "kapittel=fylke&fylke=17"):
        assert client.get(f"{EDIT}?{query}").status_code == 403
        assert _post(client, query, "Stjørdal vil skrive.").status_code == 403
    with pytest.raises(changes.Forbidden):
        changes.save_text(users["editor"], "fylke", "17", None, "", "x", version=None)
    assert not ReportText.objects.exists()


def test_an_analyst_writes_their_countys_appendix_only(golden_db, users, login):
    client = login(users["analyst"])  # county 16
    response = _post(client, "kapittel=fylke&fylke=16", "Sør-Trøndelag *samarbeider* mye.")
    assert response.status_code == 302
    t = ReportText.objects.get(kapittel="fylke", fylkesnummer="16")
    assert t.tekst == "Sør-Trøndelag *samarbeider* mye." and t.version == 1
    # Another county's appendix, and the report's own texts (the register has 16 and 17): no.
    assert _post(client, "kapittel=fylke&fylke=17", "x").status_code == 403
    assert _post(client, "kapittel=konklusjoner", "x").status_code == 403
    with pytest.raises(changes.Forbidden):
        changes.save_text(users["analyst"], "sammendrag", "", None, "", "x", version=None)
    assert ReportText.objects.count() == 1


def test_an_analyst_for_every_county_and_an_administrator_write_report_texts(golden_db, users,
                                                                              login):
    both = _user("begge", Profile.ANALYST, counties="16,17")
    client = login(both)
    assert _post(client, "kapittel=konklusjoner", "Kommunene er *avhengige*.").status_code == 302
    admin = login(users["admin"])
    assert _post(admin, "kapittel=fylke&fylke=17", "Nord.").status_code == 302
    assert _post(admin, "kapittel=forord&ar=2013", "Takk.", tittel="Forord").status_code == 302
    assert set(ReportText.objects.values_list("kapittel", "fylkesnummer", "ar")) == {
        ("konklusjoner", "", 0), ("fylke", "17", 0), ("forord", "", 2013)}


def test_history_revert_and_stale_saves(golden_db, users, login):
    client = login(users["admin"])
    _post(client, "kapittel=metode", "Første versjon.")
    assert _post(client, "kapittel=metode", "Andre versjon.", version=1).status_code == 302
    # A save on the version the user saw before someone else's change is refused.
    html = _post(client, "kapittel=metode", "Min versjon.", version=1).content.decode()
    assert "ble endret av" in html
    t = ReportText.objects.get(kapittel="metode")
    assert (t.tekst, t.version) == ("Andre versjon.", 2)
    history = list(TextChange.objects.filter(text_key=t.key()))
    assert [h.action for h in history] == ["endret", "opprettet"]
    assert history[0].before["tekst"] == "Første versjon."
    # Reverting the change restores the text before it, and is itself recorded.
    assert client.post(f"/tekster/endringer/{history[0].pk}/tilbakestill/").status_code == 302
    t.refresh_from_db()
    assert t.tekst == "Første versjon." and t.version == 3
    assert TextChange.objects.filter(text_key=t.key()).first().action == "tilbakestilt"
    # An empty text deletes it (recorded too).
    assert _post(client, "kapittel=metode", "", version=3).status_code == 302
    assert not ReportText.objects.filter(kapittel="metode").exists()
    assert TextChange.objects.filter(text_key=t.key()).first().action == "slettet"
    # The analyst for 16 may not revert a change of a report-wide text.
    change = TextChange.objects.filter(text_key=t.key()).first()
    analyst = login(users["analyst"])
    assert analyst.post(f"/tekster/endringer/{change.pk}/tilbakestill/").status_code == 403


def test_invalid_text_gets_the_registers_message(golden_db, users, login):
    client = login(users["admin"])
    html = _post(client, "kapittel=omfang", "Med et kontrolltegn \x07.").content.decode()
    assert "tekster:1:tekst" in html and "kontrolltegn" in html
    assert client.get(f"{EDIT}?kapittel=ukjent").status_code == 404
    assert client.get(f"{EDIT}?kapittel=fylke").status_code == 404  # the appendix needs a county
    assert not ReportText.objects.exists()


def test_csrf_is_required(golden_db, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    assert _post(client, "kapittel=forord", "x").status_code == 403


def test_the_report_and_the_download_carry_the_texts(client, golden_db, users, login):
    admin = login(users["admin"])
    _post(admin, "kapittel=konklusjoner", "Samarbeidet er **omfattende**.\n\n<script>x</script>")
    register = store.current_register()
    assert [t.kapittel for t in register.texts] == ["konklusjoner"]
    page = client.get("/rapport/konklusjoner/?ar=2013").content.decode()
    assert "<strong>omfattende</strong>" in page
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    doc = json.loads(client.get("/last-ned/register.json").content)
    assert doc["tekster"][0]["tekst"].startswith("Samarbeidet er **omfattende**.")


def test_the_pages_show_places_and_preview(golden_db, users, login):
    client = login(users["analyst"])
    _post(client, "kapittel=fylke&fylke=16", "# Funn\n\n- ett")
    page = client.get("/tekster/").content.decode()
    assert "Vedlegg: fylket: Sør-Trøndelag" in page and ">Konklusjoner<" in page
    # The analyst's own appendix is a link; the report-wide texts are not.
    assert "kapittel=fylke&amp;fylke=16" in page and "kapittel=konklusjoner" not in page
    page = client.get(f"{EDIT}?kapittel=fylke&fylke=16").content.decode()
    assert "<h4>Funn</h4>" in page and "<li>ett</li>" in page and "opprettet" in page


def test_a_loaded_register_brings_its_rounds_and_texts(db, tmp_path):
    """``serve --demo`` and the command line load a register with its ``kartlegginger`` and
    ``tekster``; the register the web builds from the database has them again."""
    from tests.golden import golden_tables
    from tests.helpers import load_ok, write_tables

    tables = {k: v for k, v in golden_tables().items() if k in ("ordninger", "deltakere")}
    tables["kartlegginger"] = [{"fylkesnummer": "16", "ar": 2009},
                               {"fylkesnummer": "16", "ar": 2013, "dato": "2013-10-31"},
                               {"fylkesnummer": "17", "ar": 2012}]
    tables["tekster"] = [{"kapittel": "sammendrag", "tekst": "Kort."},
                         {"kapittel": "fylke", "fylkesnummer": "17", "tekst": "Nord."}]
    register = load_ok(write_tables(tmp_path / "r", tables))
    changes.load_into_empty_database(register, "test")
    built = store.current_register()
    assert sorted((r.fylkesnummer, r.ar, r.dato) for r in built.rounds) == [
        ("16", 2009, ""), ("16", 2013, "2013-10-31"), ("17", 2012, "")]
    assert sorted((t.kapittel, t.fylkesnummer) for t in built.texts) == [
        ("fylke", "17"), ("sammendrag", None)]
    assert TextChange.objects.filter(action="importert").count() == 2


def test_with_rounds_an_analyst_for_the_mapped_counties_writes_report_texts(db, tmp_path, login):
    """With mapping rounds the report's counties are the mapped ones: an analyst for those writes
    the report-wide texts (participants elsewhere do not take it away), one for fewer does not."""
    from tests.golden import golden_tables
    from tests.helpers import load_ok, write_tables

    tables = {k: v for k, v in golden_tables().items() if k in ("ordninger", "deltakere")}
    tables["kartlegginger"] = [{"fylkesnummer": "16", "ar": 2013}]
    changes.load_into_empty_database(load_ok(write_tables(tmp_path / "r", tables)), "test")
    only_16 = _user("seksten", Profile.ANALYST, counties="16")
    assert changes.save_text(only_16, "konklusjoner", "", None, "", "Ja.", version=None)
    only_17 = _user("sytten", Profile.ANALYST, counties="17")
    with pytest.raises(changes.Forbidden):
        changes.save_text(only_17, "konklusjoner", "", None, "", "Nei.", version=1)
