"""Language: bokmål for everyone unless the reader chose nynorsk or English (a cookie set by
``switch``).

The browser's Accept-Language is deliberately not followed: bokmål comes first, and every page
reads the same to everyone unless they ask otherwise."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from samkart import i18n

CHOICES = {code for code, _ in settings.LANGUAGES}


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in CHOICES:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        # Messages made below the web (validation, the report) follow the same language.
        token = i18n.activate(lang)
        try:
            response = self.get_response(request)
        finally:
            i18n.deactivate(token)
        response.headers.setdefault("Content-Language", lang)
        return response


def switch(request, code: str):
    """Choose the interface language and go back to the page the reader came from."""
    target = request.GET.get("neste", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in CHOICES:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600,
                            samesite="Lax", httponly=True)
    return response
