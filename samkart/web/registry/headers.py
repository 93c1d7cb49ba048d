"""Headers every response gets: a Content-Security-Policy, and no caching of what is private.

The pages load scripts and styles only from the site itself (``static/``), never inline (CSP
forbids inline scripts; a JSON data block is not a script) and never from another host. Private
pages — anything for a logged-in user, the survey's answer links and exports — are marked
``Cache-Control: private, no-store`` so that no browser or proxy keeps them.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # SVG figures and Django's admin set style attributes; scripts are what CSP must hold back.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PRIVATE_PATHS = ("/svar/", "/undersokelser/", "/konto/", "/admin/", "/forslag/", "/last-opp/",
                 "/logg-inn/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        if getattr(response, "same_for_everyone", False) and not response.cookies:
            # An answer that shows nothing of the user (cache.cached_page says so) and sets no
            # cookie: asking who the user is would only cost a session and a user query.
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(PRIVATE_PATHS) \
                or request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
        return response
