"""In a real headless Chromium against a live server: the main pages have no axe-core violations
(WCAG 2.1 A/AA, wide and phone-sized) and load nothing from the network; a municipal editor logs
in, changes an arrangement, sees it in the history, and is refused another municipality's.

Skipped on a developer machine without Node, the packages of ``tests/a11y`` or Chromium; failing
in CI (``CI=true``) instead."""

from __future__ import annotations

import json
import subprocess

import pytest

from samkart.web.registry.models import Arrangement, Change
from tests.report.test_accessibility import A11Y, _missing
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_ready():
    missing = _missing()
    if missing:
        import os

        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)


def run(script: str, *args: str, session: str | None = None) -> list[dict]:
    import os

    env = {**os.environ, **({"SAMKART_SESSION": session} if session else {})}
    result = subprocess.run(["node", str(A11Y / script), *args], capture_output=True, text=True,
                            timeout=300, check=False, env=env)
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert lines, result.stderr
    return lines


def test_main_pages_have_no_axe_violations(browser_ready, live_server, golden_db):
    base = live_server.url
    pages = ["/", "/kommuner/?ar=2013", "/kommuner/1714/?ar=2013", "/ordninger/?ar=2013",
             "/ordninger/A4/?ar=2013", "/rapport/?ar=2013", "/rapport/datakvalitet/?ar=2013",
             "/logg-inn/"]
    results = run("axe.mjs", *(base + p for p in pages))
    assert len(results) == 2 * len(pages)
    for r in results:
        assert r["violations"] == [] and r["external"] == [] and r["blocked"] == [], r


def test_editor_end_to_end(browser_ready, live_server, golden_db, users):
    steps = run("e2e.mjs", live_server.url, "stjordal", PASSWORD, "A4", "A1")
    failed = [s for s in steps if not s["pass"]]
    assert failed == [], failed
    assert Arrangement.objects.get(key="A4").navn == "Endret i nettleseren"
    assert Arrangement.objects.get(key="A1").avviklet is None
    assert Change.objects.get(arrangement_key="A4", action="endret").user.username == "stjordal"


def test_survey_answered_in_chromium_then_closed_and_analysed(browser_ready, live_server,
                                                              golden_db, users):
    from django.test import Client

    from samkart.web.survey.models import Answer, Link, Survey

    admin = Client()
    admin.force_login(users["admin"])
    admin.post("/undersokelser/", {"title": "Rådmannsundersøkelsen", "year": 2013})
    survey = Survey.objects.get()
    admin.post(f"/undersokelser/{survey.pk}/lenker/", {"epost": ""})
    link = Link.objects.get(survey=survey, kommunenummer="1624")
    steps = run("survey_e2e.mjs", f"{live_server.url}/svar/{link.token}/")
    failed = [s for s in steps if not s["pass"]]
    assert failed == [], failed
    answer = Answer.objects.get(link=link)
    assert answer.fields == {"legevakt": True, "renovasjon": False}
    assert answer.experience == {"okonomi": 4} and answer.submitted is not None
    admin.post(f"/undersokelser/{survey.pk}/lukk/")
    assert Client().get(f"/svar/{link.token}/").status_code == 410
    html = admin.get(f"/undersokelser/{survey.pk}/analyse/").content.decode()
    assert "Rådmennenes vurdering av kommunens erfaringer" in html
    # The response rate is over the municipalities of the register's counties (Sør-Trøndelag's 25
    # and Nord-Trøndelag's 23 in 2013), not every municipality in the country.
    assert ("Rådmennene i 1 av de 48 kommunene i Sør-Trøndelag og Nord-Trøndelag svarte på "
            "undersøkelsen i 2013, en svarprosent på 2,1.") in html


def test_pages_behind_the_login_have_no_axe_violations(browser_ready, live_server, golden_db,
                                                       users):
    from django.test import Client

    from samkart.web.survey.models import Link, Survey

    admin = Client()
    admin.force_login(users["admin"])
    admin.post("/undersokelser/", {"title": "Rådmannsundersøkelsen", "year": 2013})
    survey = Survey.objects.get()
    admin.post(f"/undersokelser/{survey.pk}/lenker/", {"epost": ""})
    token = Link.objects.get(survey=survey, kommunenummer="1624").token
    # A text with history and a preview, for the pages of the report's texts.
    admin.post("/tekster/skriv/?kapittel=konklusjoner",
               {"tekst": "# Funn\n\nKommunene *samarbeider*.\n\n- ett\n- to", "tittel": ""})
    pages = ["/tekster/", "/tekster/skriv/?kapittel=konklusjoner",
             "/tekster/skriv/?kapittel=fylke&fylke=16", "/rapport/konklusjoner/?ar=2013",
             "/ordninger/A4/endre/", "/ordninger/ny/", "/last-opp/", "/forslag/",
             "/konto/api-nokler/", "/undersokelser/", f"/undersokelser/{survey.pk}/",
             f"/undersokelser/{survey.pk}/importer/", f"/undersokelser/{survey.pk}/analyse/",
             f"/svar/{token}/"]
    results = run("axe.mjs", *(live_server.url + p for p in pages),
                  session=admin.cookies["sessionid"].value)
    assert len(results) == 2 * len(pages)
    for r in results:
        assert r["violations"] == [] and r["external"] == [] and r["blocked"] == [], r
