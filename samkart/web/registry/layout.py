"""The site's layout (``registry/base.html``: header, menu, footer) around a page's content,
assembled from a kept rendering of it instead of rendered for each request.

A logged-in user's page cannot come from the page cache, and rendering the layout through
Django's templates was a third of such a page's cost. The layout is rendered once per language
and kind of reader (logged in or not, administrator, role, demo data or not) with a marker in
each place that is the request's own — the page's title and content, the path the language links
lead back to, the user name, the CSRF token — and is then split at the markers. A request joins
the pieces with its own values, escaped as the template escapes them, so the result is what
rendering the template gives (tests/web/test_layout.py compares the two). The pieces are joined,
never searched and replaced, so nothing a user typed can be taken for a marker.

Pages with messages to show are rendered through the template, which shows them.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from types import SimpleNamespace

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from samkart.web.registry.context import demo_data
from samkart.web.registry.permissions import profile

TEMPLATE = "registry/site.html"
"""The layout with a title and content: ``base.html`` with both blocks filled from the context."""

HOLES = ("title", "content", "path", "username", "csrf")
_NONCE = secrets.token_hex(8)  # markers are letters and digits: no filter or escaping alters them


def _marker(hole: str) -> str:
    return f"samkarthole{_NONCE}{hole}"


@dataclass(frozen=True)
class Reader:
    """What the layout shows differently, besides the request's own values."""

    language: str
    authenticated: bool
    superuser: bool
    role: str | None
    demo: bool


_pieces: dict[Reader, list[str]] = {}
_lock = Lock()


def _reader(request: HttpRequest) -> Reader:
    user = request.user
    prof = profile(user)
    return Reader(get_language() or settings.LANGUAGE_CODE, bool(user.is_authenticated),
                  bool(user.is_superuser), prof.role if prof is not None else None, demo_data())


def _render_pieces(reader: Reader) -> list[str]:
    """The layout for ``reader``, split at the markers: text, then alternately a hole's name and
    text (odd places are holes)."""
    user = SimpleNamespace(is_authenticated=reader.authenticated, is_superuser=reader.superuser,
                           get_username=lambda: _marker("username"))
    html = render_to_string(TEMPLATE, {
        "title": _marker("title"), "content": _marker("content"),
        "request": SimpleNamespace(get_full_path=lambda: _marker("path")),
        "user": user, "profile": SimpleNamespace(role=reader.role) if reader.role else None,
        "csrf_token": _marker("csrf"), "demo": reader.demo, "messages": (),
        "LANGUAGE_CODE": reader.language, "LANGUAGES": settings.LANGUAGES,
    })
    # A capturing split keeps each hole's name between the texts around it.
    return re.split(_marker(f"({'|'.join(HOLES)})"), html)


def csrf_token(request: HttpRequest) -> str:
    """The request's CSRF token for its forms, masked once for all of them (any masking of the
    user's secret is valid; each costs 32 random characters)."""
    token = getattr(request, "_samkart_csrf_token", None)
    if token is None:
        token = request._samkart_csrf_token = get_token(request)
    return token


def site_page(request: HttpRequest, title: str, content: str) -> HttpResponse:
    """``content`` (HTML) under ``title`` in the site's layout, as ``TEMPLATE`` renders it."""
    if get_messages(request):
        return render(request, TEMPLATE, {"title": title, "content": content})
    reader = _reader(request)
    pieces = _pieces.get(reader)
    if pieces is None:
        with _lock:
            pieces = _pieces.setdefault(reader, _render_pieces(reader))
    values: dict[str, Callable[[], str]] = {
        "title": lambda: str(conditional_escape(title)),
        "content": lambda: str(conditional_escape(content)),
        "path": lambda: str(conditional_escape(urlencode(request.get_full_path()))),
        "username": lambda: str(conditional_escape(request.user.get_username())),
        "csrf": lambda: str(conditional_escape(csrf_token(request))),
    }
    out = [piece if i % 2 == 0 else values[piece]() for i, piece in enumerate(pieces)]
    return HttpResponse("".join(out))
