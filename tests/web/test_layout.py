"""The layout assembled from kept pieces (``registry/layout.py``) is what rendering the template
gives, for every kind of reader and language, with each request's own title, content, path, user
name and CSRF token, escaped as the template escapes them; and one reader never gets another's."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.db import SessionStore
from django.shortcuts import render
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from samkart.web.registry import layout

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')
TITLE = "Ordning «A» & <b>fet</b>"
CONTENT = mark_safe("<h1>Innhold</h1><p>x &amp; y</p>")  # as the views give it: rendered HTML
PATH = "/ordninger/A2/?ar=2013&neste=<x y>&q=%C3%B8"


def _request(user, language: str):
    request = RequestFactory().get(PATH)
    request.user = user if user is not None else AnonymousUser()
    request.session = SessionStore()
    request._messages = default_storage(request)
    request.LANGUAGE_CODE = language
    return request


def _same_tokens(html: bytes) -> str:
    # Each CSRF token is masked afresh; what matters is that there is one in the same places.
    return TOKEN.sub('name="csrfmiddlewaretoken" value="T"', html.decode())


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("who", [None, "plain", "editor", "analyst", "admin"])
@pytest.mark.parametrize("demo", [False, True])
def test_assembled_layout_is_the_rendered_template(golden_db, users, monkeypatch, who, language,
                                                   demo):
    monkeypatch.setattr(layout, "demo_data", lambda: demo)
    monkeypatch.setattr("samkart.web.registry.context.demo_data", lambda: demo)
    user = users[who] if who else None
    with translation.override(language):
        assembled = layout.site_page(_request(user, language), TITLE, CONTENT)
        rendered = render(_request(user, language), layout.TEMPLATE,
                          {"title": TITLE, "content": CONTENT})
    assert assembled.status_code == rendered.status_code == 200
    assert _same_tokens(assembled.content) == _same_tokens(rendered.content)
    text = assembled.content.decode()
    assert "samkarthole" not in text
    assert "Ordning «A» &amp; &lt;b&gt;fet&lt;/b&gt;" in text and CONTENT in text
    assert ("csrfmiddlewaretoken" in text) == (user is not None)


def test_each_reader_gets_their_own_name_and_token(golden_db, users):
    with translation.override("nb"):
        first = layout.site_page(_request(users["analyst"], "nb"), TITLE, CONTENT).content
        second = layout.site_page(_request(users["editor"], "nb"), TITLE, CONTENT).content
    assert b"analytiker" in first and b"stjordal" not in first
    assert b"stjordal" in second and b"analytiker" not in second


def test_a_name_or_content_that_looks_like_a_marker_stays_text(golden_db, users):
    # The pieces are joined, never searched: a marker in what a user typed is left as typed.
    marker = layout._marker("username")
    with translation.override("nb"):
        html = layout.site_page(_request(users["editor"], "nb"), marker, marker).content.decode()
    assert html.count(marker) == 2 and "stjordal" in html


def test_messages_are_shown_through_the_template(golden_db, users):
    request = _request(users["analyst"], "nb")
    request._messages.add(constants.SUCCESS, "Lagret.")
    with translation.override("nb"):
        html = layout.site_page(request, TITLE, CONTENT).content.decode()
    assert "Lagret." in html
    assert request._messages.used  # shown, so not kept for the next page (as the template does)


def test_detail_pages_use_the_assembled_layout(golden_db, users, client):
    client.force_login(users["editor"])
    for path in ("/kommuner/1714/?ar=2013", "/ordninger/A2/?ar=2013"):
        response = client.get(path)
        text = response.content.decode()
        assert response.status_code == 200 and "Logg ut stjordal" in text, path
        assert text.count("csrfmiddlewaretoken") >= 1 and "samkarthole" not in text
