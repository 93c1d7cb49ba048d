"""Public pages and downloads, no login."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from samkart.web.registry.models import Arrangement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/", "/?ar=2013", "/kommuner/?ar=2013", "/kommuner/?ar=2013&fylke=16", "/kommuner/1714/?ar=2013",
    "/ordninger/?ar=2013", "/ordninger/?ar=2013&alle=1&sektor=helse&q=ordning",
    "/ordninger/A4/?ar=2013", "/rapport/?ar=2013", "/rapport/datakvalitet/?ar=2013&fylke=17",
    "/logg-inn/",
])
def test_pages_answer(client, golden_db, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert b"Demodata." not in response.content  # the golden register is not the demo


def test_municipality_page_counts_and_partners(client, golden_db):
    html = client.get("/kommuner/1714/?ar=2013").content.decode()
    # Stjørdal 2013: A2, A3, A4 counted (see tests/golden.py); partners include Frosta (A4).
    assert "Stjørdal kommune" in html and ">Frosta</a>" in html
    assert html.count('href="/ordninger/A') >= 3


def test_arrangement_filters(client, golden_db):
    html = client.get("/ordninger/?ar=2013&form=iks").content.decode()
    assert "Ordning A2" in html and "Ordning A1<" not in html
    html = client.get("/ordninger/?ar=2013").content.decode()
    assert "Ordning A5" not in html  # excluded by the definition unless alle=1
    assert "Ordning A5" in client.get("/ordninger/?ar=2013&alle=1").content.decode()


def test_unknown_pages_are_404_without_traceback(client, golden_db):
    response = client.get("/ordninger/FINNES-IKKE/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content


def test_downloads(client, golden_db):
    z = zipfile.ZipFile(io.BytesIO(client.get("/last-ned/register.zip").content))
    names = {n.split("/")[-1] for n in z.namelist()}
    assert {"ordninger.csv", "deltakere.csv"} <= names
    doc = json.loads(client.get("/last-ned/register.json").content)
    assert doc["format"] == "samarbeidsregister/1" and len(doc["ordninger"]) == 11
    xlsx = client.get("/last-ned/register.xlsx")
    assert xlsx.content[:2] == b"PK"
    csv_text = client.get("/last-ned/fylker.csv?ar=2013").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "fylkesnummer,fylke,hoyere,regional,lokal,sum"
    assert client.get("/last-ned/kommuner.xlsx?ar=2013&fylke=17").content[:2] == b"PK"
    assert client.get("/last-ned/hemmelig.csv").status_code == 404


def test_demo_banner(client, db):
    from samkart.demo import generate_demo
    from samkart.web.registry import changes

    register = generate_demo()
    # Load a slice of the demo: enough to make it the demo, quick enough for a test.
    keep = set(list(register.arrangements)[:20])
    register.arrangements = {k: v for k, v in register.arrangements.items() if k in keep}
    register.participations = [p for p in register.participations if p.ordning_id in keep]
    changes.load_into_empty_database(register, "test")
    assert Arrangement.objects.count() == 20
    html = client.get("/").content.decode()
    assert "Demodata." in html and "syntetiske data" in html


def test_public_cache_serves_anonymous_and_follows_changes(client, golden_db, users):
    first = client.get("/ordninger/A4/?ar=2013")
    again = client.get("/ordninger/A4/?ar=2013")
    assert again["X-Samkart-Cache"] == "hit" and again.content == first.content
    # A change anywhere makes the kept page stale.
    from samkart.web.registry import store

    a = Arrangement.objects.get(key="A4")
    before = store.snapshot(a)
    after = {**before, "fields": {**before["fields"], "navn": "Nytt navn"}}
    store.apply(a, after)
    store.record(users["admin"], "A4", "endret", before, after)
    fresh = client.get("/ordninger/A4/?ar=2013")
    assert "X-Samkart-Cache" not in fresh and "Nytt navn" in fresh.content.decode()
    # Logged-in users always get a fresh page (it has their edit links).
    client.force_login(users["admin"])
    assert "X-Samkart-Cache" not in client.get("/ordninger/A4/?ar=2013")


def test_bokmal_first_english_on_request(client, golden_db):
    # A browser asking for English still gets bokmål until the reader chooses English.
    html = client.get("/kommuner/?ar=2013", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="nb">' in html and ">Kommuner<" in html
    response = client.get("/sprak/en/?neste=/kommuner/%3Far%3D2013")
    assert response.status_code == 302 and response["Location"] == "/kommuner/?ar=2013"
    html = client.get("/kommuner/?ar=2013").content.decode()
    assert '<html lang="en">' in html and ">Municipalities<" in html
    assert client.get("/sprak/en/?neste=https://evil.example/").url == "/"


def test_nynorsk_on_request_and_all_three_languages_offered(client, golden_db):
    html = client.get("/kommuner/?ar=2013").content.decode()
    # The menu offers the two other languages, each named in itself.
    assert 'hreflang="nn">Norsk nynorsk<' in html and 'hreflang="en">English<' in html
    assert 'hreflang="nb"' not in html
    client.get("/sprak/nn/?neste=/kommuner/%3Far%3D2013")
    html = client.get("/kommuner/?ar=2013").content.decode()
    assert '<html lang="nn">' in html and ">Kommunar<" in html
    assert 'hreflang="nb">Norsk bokmål<' in html and 'hreflang="nn"' not in html
    # and says which language the page is in.
    assert client.get("/kommuner/?ar=2013").headers["Content-Language"] == "nn"


def test_the_report_is_in_the_readers_language(client, golden_db):
    # Built once in bokmål and kept; a reader of nynorsk must not get the kept bokmål report.
    assert "Omfang på samarbeidet" in client.get("/rapport/omfang/?ar=2013").content.decode()
    client.get("/sprak/nn/?neste=/")
    page = client.get("/rapport/omfang/?ar=2013").content.decode()
    assert "Omfanget av samarbeidet" in page and "Omfang på samarbeidet" not in page


def test_report_tables_download(client, golden_db):
    # A table is downloaded by its label (its section and place there), not by its number,
    # which would name another table once a chapter is added before it.
    page = client.get("/rapport/omfang/?ar=2013").content.decode()
    assert "Tabell 4.1 " in page and "tabell=omfang-antall-tabell-1&amp;format=csv" in page
    text = client.get("/rapport/omfang/?ar=2013&tabell=omfang-antall-tabell-1&format=csv"
                      ).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("fylkesnummer,fylke,hoyere,hoyere_prosent")
    # The database uses the bundled councils (not the golden file's R1/R2): Fosen has 7 members,
    # so A1 (3 of them) is local, A2 (5 in three councils) and A3 (4 in two) higher, A11 local.
    assert "16,Sør-Trøndelag,2,50.0,0,0.0,2,50.0,4" in text
    assert client.get("/rapport/?ar=2013&tabell=omfang-antall-tabell-1&format=xlsx"
                      ).content[:2] == b"PK"
    assert client.get("/rapport/?ar=2013&tabell=2.1").status_code == 404
    assert client.get("/rapport/?ar=2013&tabell=omfang-antall-tabell-9").status_code == 404


def test_find_your_municipality(client, golden_db):
    assert 'name="q"' in client.get("/").content.decode()
    response = client.get("/kommuner/?ar=2013&q=stjørdal")
    assert response.status_code == 302 and response["Location"] == "/kommuner/1714/?ar=2013"
    assert client.get("/kommuner/?ar=2013&q=1714").status_code == 302
    several = client.get("/kommuner/?ar=2013&q=ør").content.decode()  # Ørland, Stjørdal, …
    assert "Ørland" in several and "Stjørdal" in several


def test_arrangement_page_in_english(client, golden_db):
    client.get("/sprak/en/")
    html = client.get("/ordninger/A2/?ar=2013").content.decode()
    assert "Inter-municipal company" in html and "Technical services" in html
    assert "<strong>Counted in 2013</strong>" in html and "Participants over time" in html
    nb = client.get("/sprak/nb/") and client.get("/ordninger/A2/?ar=2013").content.decode()
    assert "Interkommunalt selskap (IKS)" in nb and "<strong>Telles i 2013</strong>" in nb


def test_a_reading_request_looks_the_data_version_up_once(golden_db, django_assert_num_queries):
    from samkart.web.registry import store
    from samkart.web.registry.models import Change

    with store.steady_version():
        with django_assert_num_queries(1):  # the highest change id and the count, once
            first = store.data_version()
            assert store.data_version() == first
        Change.objects.create(arrangement_key="A1", action="endret")
        assert store.data_version() == first  # one state of the data for the whole page
    assert store.data_version() != first  # outside a request's block: asked afresh


def test_downloads_carry_no_formulas_and_read_back_exactly(client, golden_db, users, login,
                                                           tmp_path):
    """The probe: a name starting with = became a live formula in the xlsx downloads, CSV kept
    the leading = + - @, and the site's own register.xlsx then failed `samkart validate`."""
    from samkart.register import load_register
    from samkart.register.write import register_tables
    from samkart.web.registry import store
    from tests.web.test_editing import form_data

    editor = login(users["editor"])
    payload = '=HYPERLINK("http://angriper.example","Klikk")'
    assert editor.post("/ordninger/A4/endre/", form_data("A4", navn=payload)).status_code == 302
    client.logout()
    for fmt in ("xlsx", "zip", "json"):
        data = client.get(f"/last-ned/register.{fmt}").content
        path = tmp_path / f"register.{fmt}"
        path.write_bytes(data)
        if fmt == "xlsx":
            with zipfile.ZipFile(path) as z:
                assert not any(b"<f>" in z.read(n) for n in z.namelist())
        if fmt == "zip":
            with zipfile.ZipFile(path) as z:
                text = z.read(next(n for n in z.namelist() if n.endswith("ordninger.csv")))
                assert b"'=HYPERLINK" in text and b",=HYPERLINK" not in text
        register, problems = load_register(path)
        assert register is not None, [p.line() for p in problems]
        assert register.arrangements["A4"].navn == payload
        assert register_tables(register) == register_tables(store.current_register())
    table = client.get("/last-ned/ordninger.csv?ar=2013").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in table


def test_an_id_with_a_slash_has_working_pages(client, golden_db, users, login):
    """The probe: an id or erstatter containing / broke pages."""
    from samkart.web.registry import changes

    admin = users["admin"]
    fields = {"id": "IKS/2020-1", "navn": "Med skråstrek", "tilknytningsform": "avtale",
              "sektor": "helse", "erstatter": "A/B"}
    parts = [{"kommunenummer": "1624"}, {"kommunenummer": "1627"}]
    changes.create(admin, fields, parts)
    page = client.get("/ordninger/IKS/2020-1/?ar=2013")
    assert page.status_code == 200 and "Med skråstrek" in page.content.decode()
    assert 'href="/ordninger/A/B/"' in page.content.decode()
    assert client.get("/api/arrangements/IKS/2020-1?year=2013").json()["navn"] == "Med skråstrek"
    editor = login(admin)
    assert editor.get("/ordninger/IKS/2020-1/endre/").status_code == 200


def test_a_control_character_in_a_path_is_404_on_every_database(client, golden_db):
    for url in ("/ordninger/A%00B/", "/ordninger/A%01B/endre/", "/kommuner/17%0014/"):
        assert client.get(url).status_code == 404
