"""A per-process cache of public pages for anonymous readers.

Public pages are the same for every anonymous reader until the data changes, and the data version
(``store.data_version``) says when it does; so a page is kept under its full path and the version,
and a change anywhere makes every kept page stale at once. Logged-in users, anything but GET, and
pages with a pending message are never served from the cache.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from django.http import HttpResponse

from samkart.web.registry import store

CACHEABLE = ("/kommuner/", "/ordninger/", "/api/municipalities", "/api/councils",
             "/api/arrangements", "/api/participations", "/rapport/")
MAX_PAGES = 1000


class SteadyVersionMiddleware:
    """A request that only reads (GET, HEAD) looks the data version up once, however often the
    cache, the register and the views ask for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with store.steady_version():
            return self.get_response(request)


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.pages: OrderedDict[tuple, tuple[bytes, str, int]] = OrderedDict()
        self.lock = Lock()

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        key = (store.data_version(), getattr(request, "LANGUAGE_CODE", ""),
               request.get_full_path())
        with self.lock:
            hit = self.pages.get(key)
            if hit is not None:
                self.pages.move_to_end(key)
        if hit is not None:
            content, content_type, status = hit
            response = HttpResponse(content, content_type=content_type, status=status)
            response["X-Samkart-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            with self.lock:
                self.pages[key] = (response.content, response["Content-Type"], 200)
                while len(self.pages) > MAX_PAGES:
                    self.pages.popitem(last=False)
        return response

    @staticmethod
    def _cacheable(request) -> bool:
        return (request.method == "GET" and not request.user.is_authenticated
                and "messages" not in request.COOKIES
                and "HTTP_AUTHORIZATION" not in request.META
                and request.path.startswith(CACHEABLE))
