"""Login throttling across users: one password tried against many user names from one address.

django-axes locks a user name at one address after ``SAMKART_LOGIN_ATTEMPTS`` failures. That never
locks an attacker who tries one common password against many user names. This authentication
backend, placed before axes', refuses every login from an address that has failed
``SAMKART_LOGIN_ATTEMPTS_PER_ADDRESS`` times (any user names) within the cool-off time; the limit
is higher than the per-user one, so that an office behind one address is not locked out by a few
mistyped passwords.
"""

from __future__ import annotations

from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone


class AddressThrottleBackend(ModelBackend):
    """Only refuses (never authenticates); users are looked up as Django's backend does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessFailureLog.objects.filter(ip_address=address,
                                                   attempt_time__gte=since).count()
        if failures >= settings.SAMKART_LOGIN_ATTEMPTS_PER_ADDRESS:
            request.axes_locked_out = True  # axes' middleware answers with the lockout page
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return None
