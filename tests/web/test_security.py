"""Production safety: no debug, throttled logins, hashed passwords, CSRF, documented settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from samkart.web import settings as samkart_settings
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"


def test_debug_is_off_by_default():
    assert samkart_settings.DEBUG is False
    assert settings.SESSION_COOKIE_HTTPONLY and settings.X_FRAME_OPTIONS == "DENY"


def test_passwords_are_hashed(users):
    user = get_user_model().objects.get(username="stjordal")
    assert PASSWORD not in user.password and user.password.startswith(("pbkdf2_", "argon2", "scrypt"))


def test_logins_are_throttled(users):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/logg-inn/", {"username": "stjordal", "password": "feil"})
    # Now even the right password is refused for a while.
    response = client.post("/logg-inn/", {"username": "stjordal", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_csrf_is_enforced(golden_db, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    response = client.post("/ordninger/A4/avslutt/", {"ar": 2015, "version": 1})
    assert response.status_code == 403
    from samkart.web.registry.models import Arrangement
    assert Arrangement.objects.get(key="A4").avviklet is None


def test_every_setting_is_documented():
    readme = README.read_text("utf-8")
    missing = [name for name in samkart_settings.ENV_SETTINGS if f"`{name}`" not in readme]
    assert missing == []


def test_errors_show_no_traceback(golden_db, client):
    body = client.get("/kommuner/9999/").content.decode()
    assert not re.search(r"Traceback|File \"/", body)


def test_every_page_has_a_content_security_policy(client, golden_db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in response.content.decode()  # no inline script to allow
    assert client.get("/api/docs/")["Content-Security-Policy"] == csp
    static = client.get("/static/samkart/site.css")
    assert static.status_code == 200


def test_private_pages_and_exports_are_never_kept_by_browsers_or_proxies(client, golden_db,
                                                                         users):
    """The probe: private survey pages and exports lacked Cache-Control: private, no-store."""
    from samkart.web.survey.models import Link, Survey

    assert "no-store" not in client.get("/kommuner/?ar=2013").get("Cache-Control", "")
    survey = Survey.objects.create(title="T", year=2013)
    link = Link.objects.create(survey=survey, kommunenummer="1624", token=Link.new_token())
    answer = client.get(f"/svar/{link.token}/")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert "private" in answer["Cache-Control"]
    client.force_login(users["admin"])
    for url in (f"/undersokelser/{survey.pk}/svar.csv", f"/undersokelser/{survey.pk}/",
                "/kommuner/?ar=2013", "/last-ned/register.json"):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url


def test_one_password_across_many_users_locks_the_address(users, settings):
    """The probe: throttling was per user and address only, so one password tried across many
    users was never locked."""
    from tests.web.conftest import _user

    settings.SAMKART_LOGIN_ATTEMPTS_PER_ADDRESS = 6
    client = Client()
    for i in range(6):
        _user(f"bruker{i}")
        response = client.post("/logg-inn/", {"username": f"bruker{i}", "password": "Sommer2026"})
        assert response.status_code == 200  # the login page again: one wrong password each
    # Now even a right password for yet another user is refused from this address.
    response = client.post("/logg-inn/", {"username": "stjordal", "password": PASSWORD})
    assert response.status_code in (403, 429) and "_auth_user_id" not in client.session
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.9.8.7")
    other.post("/logg-inn/", {"username": "stjordal", "password": PASSWORD})
    assert "_auth_user_id" in other.session
