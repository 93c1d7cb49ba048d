"""The migration page in a real headless Chromium against a live server (as ``test_browser``):
an administrator makes the plan, decides a split in the form, confirms; axe-core finds nothing on
any page of the way, wide and phone-sized."""

from __future__ import annotations

import pytest

from samkart.web.registry.models import Arrangement, Change
from tests.web.conftest import PASSWORD
from tests.web.test_browser import browser_ready, run  # noqa: F401 (a fixture)
from tests.web.test_migrate_web import trondelag_db  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_administrator_migrates_in_the_browser(browser_ready, live_server,  # noqa: F811
                                               trondelag_db, users):  # noqa: F811
    steps = run("migrate_e2e.mjs", live_server.url, "sjef", PASSWORD, "2024",
                "5054 Indre Fosen")
    failed = [s for s in steps if not s["pass"]]
    assert failed == [], failed
    assert any(s["step"] == "confirmed" for s in steps)
    a2 = Arrangement.objects.get(key="A2")
    assert {p.kommunenummer for p in a2.participations.all() if p.til is None} == {"5007", "5054"}
    assert Change.objects.filter(action="ført over", user__username="sjef").count() == 3
