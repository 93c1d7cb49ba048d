"""The API keeps the promises of its own OpenAPI document (Schemathesis, issue 15): requests
generated from /api/schema/ get no 500, no status the document does not list, and answers of the
documented shape. Writes run as a test administrator with a Bearer token.

One honest limit: the register format has rules across fields (the host must be a participant,
``avviklet`` after ``etablert``, a municipality number valid in the year a participation starts)
that JSON Schema cannot express. A write that is valid by the schema but breaks such a rule is
answered 422 with the problems located as in the register format; so for writes, "valid data is
accepted" is checked as "answered 2xx, or 409/422 with located problems", not as 2xx alone.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from samkart.web.registry.models import ApiToken

pytestmark = pytest.mark.django_db


# Loaded at import (the document needs no database); schemathesis' lazy fixture loader does not
# work with this pytest.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _one_connection(golden_db):
    """As Django's test client does: the test's transaction must outlive each request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def admin_token(users):
    return ApiToken.issue(users["admin"], "schemathesis")


def _located_problems(ctx, response, case):
    """A 4xx answer to a write carries the Error shape, with located problems for a 422."""
    if response.status_code == 422:
        body = response.json()
        assert body["problems"], "a 422 must say where the problems are"
        for p in body["problems"]:
            assert {"table", "row", "column", "message"} <= set(p)


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_keeps_its_schema(case, admin_token):
    excluded = []
    if case.method in ("POST", "PUT"):
        from schemathesis.checks import positive_data_acceptance

        excluded = [positive_data_acceptance]
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"},
                           excluded_checks=excluded, additional_checks=[_located_problems])
