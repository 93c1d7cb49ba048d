"""Limits on requests and uploads: a request's size before Django reads its body, and what
reading an uploaded file may cost."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.http import HttpResponse

from samkart.register.limits import UPLOAD_LIMITS, ReadLimits


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
            return HttpResponse("Ugyldig Content-Length.", status=400,
                                content_type="text/plain; charset=utf-8")
        limit = settings.SAMKART_UPLOAD_MAX_BYTES + OVERHEAD
        if length > limit:
            return HttpResponse(
                f"Forespørselen er for stor ({length // 1024 // 1024} MB); høyst "
                f"{settings.SAMKART_UPLOAD_MAX_BYTES // 1024 // 1024} MB kan lastes opp.",
                status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
