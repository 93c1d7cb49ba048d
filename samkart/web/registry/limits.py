"""Limits on requests and uploads: a request's size before Django reads its body, what reading an
uploaded file may cost, and how many uploads are read at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from samkart.register import isolated
from samkart.register.limits import UPLOAD_LIMITS, ReadLimits
from samkart.web.registry.cache import exclusive

T = TypeVar("T")


def upload_limits() -> ReadLimits:
    """The limits for an uploaded register or response file, with the configured size."""
    return dataclasses.replace(UPLOAD_LIMITS, max_bytes=settings.SAMKART_UPLOAD_MAX_BYTES)


# Room for the form fields and multipart framing around an upload of the largest allowed size.
OVERHEAD = 256 * 1024


class RequestSizeMiddleware:
    """Refuse a request whose declared body is larger than the largest upload (413), so a huge
    body is never read, parsed or written to disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            with translation.override(_reader_language(request)):
                return HttpResponse(_("Ugyldig Content-Length."), status=400,
                                    content_type="text/plain; charset=utf-8")
        limit = settings.SAMKART_UPLOAD_MAX_BYTES + OVERHEAD
        if length > limit:
            with translation.override(_reader_language(request)):
                text = _("Forespørselen er for stor ({size} MB); høyst {limit} MB kan lastes "
                         "opp.").format(size=length // 1024 // 1024,
                                        limit=settings.SAMKART_UPLOAD_MAX_BYTES // 1024 // 1024)
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _reader_language(request) -> str:
    # This runs before the language middleware (nothing may read the body first): the reader's
    # choice is read from the same cookie here.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else (
        settings.LANGUAGE_CODE)


UPLOAD_LOCK = "upload-reading"


class Busy(Exception):
    """Another upload is being read on the server: the user is asked to come back."""


def read_upload(reader: Callable[..., T], path: Path, *args: Any, table: str = "register") -> T:
    """``reader(path, *args)`` of an uploaded file, as every upload is read: one at a time on the
    whole server (the servers' shared file lock, ``cache.exclusive``; each reading may take 30 s
    and 1.5 GB, and eight at once took every thread of the server for 40 s and 3 GB), in a process
    of its own within :func:`upload_limits` (``samkart.register.isolated``). Raises :class:`Busy`
    while another is read, and ``isolated.Unreadable`` when the file passes a bound."""
    with exclusive(UPLOAD_LOCK) as free:
        if not free:
            raise Busy
        return isolated.read(reader, path, upload_limits(), *args, table=table)


def busy_message() -> str:
    return _("En annen fil leses nå; prøv igjen om et halvt minutt.")
