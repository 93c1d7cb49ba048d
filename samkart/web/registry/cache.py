"""Caching, through Django's cache framework, keyed by the data version.

Two caches (``CACHES`` in settings):

* ``default`` holds **pages** for anonymous readers, as bytes. Any Django backend serves: the
  built-in :class:`BoundedMemoryCache` (per process, bounded in bytes) unless
  ``SAMKART_CACHE_URL`` names a shared one (Redis, or a folder), which gunicorn's workers then
  share. A page is kept under its path, the *validated* parameters it was computed from (never the
  raw query string, so junk parameters cannot fill the cache), the language and the data version
  (``store.data_version``): a change anywhere makes every kept page stale at once.
* ``objects`` holds the live Python objects computed from the data (the Register, each year's
  YearView, maps) in :class:`ObjectCache`: per process and never pickled, because rebuilding them
  is cheaper than pickling them. It is emptied when the data version changes. ``reports`` holds
  a few built reports the same way (each takes seconds to build and megabytes to keep).

Logged-in users, anything but GET and HEAD, requests with an Authorization header and pages with
a pending message are never served from the page cache (the API's reads, the same for everyone,
are served to logged-in users too). What a logged-in user's page shows of the data is kept
instead, as **fragments** (:func:`kept_fragment`): the parts every reader sees alike, rendered
once per data version, with only the user's own parts rendered for each request.
"""

from __future__ import annotations

import fcntl
import hashlib
import pickle
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Lock
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

_sizes: dict[str, dict[str, int]] = {}
_object_stores: dict[str, tuple[OrderedDict[str, tuple[float | None, object]], Lock]] = {}


class BoundedMemoryCache(LocMemCache):
    """Django's local-memory cache, bounded by the bytes it holds (``OPTIONS['MAX_BYTES']``)
    as well as by entries: the least recently used go first."""

    def __init__(self, name: str, params: dict[str, Any]):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        self._size = _sizes.setdefault(name, {})

    def total_bytes(self) -> int:
        return sum(self._size.values())

    def _set(self, key: str, value: bytes, timeout: Any = DEFAULT_TIMEOUT) -> None:
        self._delete(key)
        if len(value) > self._max_bytes // 4:  # one page may not push out everything else
            return
        super()._set(key, value, timeout)
        self._size[key] = len(value)
        total = self.total_bytes()
        while total > self._max_bytes and self._cache:
            old, _ = self._cache.popitem()  # the least recently used
            self._expire_info.pop(old, None)
            total -= self._size.pop(old, 0)

    def _cull(self) -> None:
        super()._cull()
        for key in [k for k in self._size if k not in self._cache]:
            del self._size[key]

    def _delete(self, key: str) -> bool:
        self._size.pop(key, None)
        return super()._delete(key)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._size.clear()


class ObjectCache(BaseCache):
    """Live objects by reference, per process, least recently used first out
    (``OPTIONS['MAX_ENTRIES']``). Not shared between processes and never pickled: what is kept
    here is cheaper to rebuild than to copy."""

    def validate_key(self, key: str) -> None:
        """Any string will do: nothing here goes to memcached."""

    def __init__(self, name: str, params: dict[str, Any]):
        super().__init__(params)
        # Django makes a cache object per thread: what it holds is shared by name, per process,
        # as Django's own local-memory cache does.
        self._items, self._lock = _object_stores.setdefault(name, (OrderedDict(), Lock()))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._get(key) is not _MISSING:
                return False
            self._put(key, value, timeout)
            return True

    def _get(self, key: str) -> object:
        hit = self._items.get(key)
        if hit is None:
            return _MISSING
        expires, value = hit
        if expires is not None and expires <= time.time():
            del self._items[key]
            return _MISSING
        self._items.move_to_end(key)
        return value

    def get(self, key, default=None, version=None):
        with self._lock:
            value = self._get(self.make_and_validate_key(key, version=version))
        return default if value is _MISSING else value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._put(key, value, timeout)

    def _put(self, key: str, value: object, timeout: Any) -> None:
        self._items[key] = (self.get_backend_timeout(timeout), value)
        self._items.move_to_end(key)
        while len(self._items) > self._max_entries:
            self._items.popitem(last=False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            value = self._get(key)
            if value is _MISSING:
                return False
            self._items[key] = (self.get_backend_timeout(timeout), value)
            return True

    def delete(self, key, version=None) -> bool:
        with self._lock:
            return self._items.pop(self.make_and_validate_key(key, version=version), None) \
                is not None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_MISSING = object()


def objects() -> BaseCache:
    return caches["objects"]


def reports() -> BaseCache:
    """Built reports: live objects of several megabytes each, so few are kept."""
    return caches["reports"]


@contextmanager
def exclusive(name: str) -> Iterator[bool]:
    """A lock shared by the server's processes (a file lock in SAMKART_DATA_DIR), taken without
    waiting: yields True when this process holds it, False when another does."""
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def pages() -> BaseCache:
    return caches["default"]


# -- the page cache ---------------------------------------------------------------------------------

def cacheable(request: HttpRequest, same_for_everyone: bool = False) -> bool:
    """Whether a request may be answered from, and its answer kept in, the page cache. Pages
    show the logged-in user (their menu, their forms), so only anonymous readers get kept ones;
    ``same_for_everyone`` is for answers that show nothing of the user (the API's reads), which
    logged-in users may share too."""
    return (request.method in ("GET", "HEAD")
            and (same_for_everyone or not request.user.is_authenticated)
            and "messages" not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META)


def page_key(name: str, version: Hashable, language: str, params: Hashable) -> str:
    """A short key any backend accepts (no spaces, bounded length) for what a page depends on."""
    digest = hashlib.sha256(repr((version, language, name, params)).encode()).hexdigest()
    return f"page:{name}:{digest[:40]}"


def cached_page(request: HttpRequest, name: str, params: Hashable,
                compute: Callable[[], HttpResponse],
                same_for_everyone: bool = False) -> HttpResponse:
    """The page ``name`` for ``params`` (the validated parameters and path values it is computed
    from), from the page cache when the request allows it (see :func:`cacheable`)."""
    from samkart.web.registry import store

    if not cacheable(request, same_for_everyone):
        return compute()
    key = page_key(name, store.data_version(), getattr(request, "LANGUAGE_CODE", ""), params)
    hit = pages().get(key)
    if hit is not None:
        content, content_type, disposition = hit
        response = HttpResponse(content, content_type=content_type)
        if disposition:
            response["Content-Disposition"] = disposition
        response["X-Samkart-Cache"] = "hit"
    else:
        response = compute()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            pages().set(key, (response.content, response["Content-Type"],
                              response.get("Content-Disposition", "")))
    response.same_for_everyone = same_for_everyone  # headers.SecurityHeadersMiddleware reads it
    return response


def kept_fragment(name: str, params: Hashable, render: Callable[[], str]) -> SafeString:
    """A piece of a page that is the same for every reader of a language while the data is
    unchanged (an arrangement's facts, a municipality's tables and map), rendered once per data
    version and kept in the page cache, so that pages for logged-in users, which are not kept
    whole, are not rendered anew each time. It is shared by the server's processes when the page
    cache is. ``render`` must give only what every reader may see: nothing of the user, no CSRF
    token, no form that posts."""
    from django.utils.translation import get_language

    from samkart.web.registry import store

    key = page_key(f"fragment:{name}", store.data_version(), get_language() or "", params)
    hit = pages().get(key)
    if hit is None:
        hit = str(render())
        pages().set(key, hit)
    return mark_safe(hit)  # rendered by our own templates, which escape what they show


class SteadyVersionMiddleware:
    """A request that only reads (GET, HEAD) looks the data version up once, however often the
    cache, the register and the views ask for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from samkart.web.registry import store

        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with store.steady_version():
            return self.get_response(request)


class ApiCacheMiddleware:
    """The API's reads for anonymous callers, from the page cache. The key holds only the query
    parameters the endpoint declares (in its OpenAPI document), sorted: unknown parameters are
    ignored by the endpoint and so are left out of the key; invalid values answer 422, which is
    not kept."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._routes: list[tuple[re.Pattern[str], str, frozenset[str]]] | None = None

    def routes(self) -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
        if self._routes is None:
            from samkart.web.registry.api import api

            out = []
            for path, operations in api.get_openapi_schema()["paths"].items():
                get = operations.get("get")
                if not get:
                    continue
                names = frozenset(p["name"] for p in get.get("parameters", ())
                                  if p.get("in") == "query")
                pattern = re.compile("^" + re.sub(r"\\{[^/]+\\}", ".+", re.escape(path)) + "$")
                out.append((pattern, path, names))
            self._routes = out
        return self._routes

    def __call__(self, request):
        # The API's reads take no login and answer everyone alike: a logged-in user's session
        # (the site's own pages call the API) shares the kept answers.
        if not request.path.startswith("/api/") or not cacheable(request, same_for_everyone=True):
            return self.get_response(request)
        route = next(((path, names) for pattern, path, names in self.routes()
                      if pattern.match(request.path)), None)
        if route is None:  # the schema and the docs
            return self.get_response(request)
        _, names = route
        params = tuple(sorted((k, tuple(request.GET.getlist(k))) for k in names
                              if k in request.GET))
        return cached_page(request, request.path, params, lambda: self.get_response(request),
                           same_for_everyone=True)


def size_of(value: object) -> int:
    """The bytes a value takes in a pickling cache (for tests and the benchmark)."""
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
