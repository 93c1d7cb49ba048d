"""Two saves of one arrangement at the same moment cannot both succeed (no lost update).

Each thread has its own database connection and sends a PUT based on the same version; the row
lock (PostgreSQL) or the database write lock (SQLite) orders them, and the version check refuses
the second."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connections
from django.test import Client

from samkart.web.registry import store
from samkart.web.registry.models import Arrangement, Change

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_saves_cannot_both_succeed(golden_db, users, token):
    key = f"Bearer {token(users['admin'])}"
    a = Arrangement.objects.get(key="A4")
    snap = store.snapshot(a)
    fields = {k: v for k, v in snap["fields"].items() if k != "id"}
    barrier = threading.Barrier(2)
    results: list[int] = []
    failures: list[BaseException] = []

    def save(name: str) -> None:
        try:
            client = Client()
            payload = {"fields": {**fields, "navn": name}, "deltakere": snap["deltakere"],
                       "version": a.version}
            barrier.wait()
            response = client.put("/api/arrangements/A4", json.dumps(payload),
                                  content_type="application/json", HTTP_AUTHORIZATION=key)
            results.append(response.status_code)
        except BaseException as e:  # surfaced below: a thread's exception is otherwise lost
            failures.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in ("Tråd én", "Tråd to")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    assert sorted(results) == [200, 409]
    final = Arrangement.objects.get(key="A4")
    assert final.version == 2 and final.navn in ("Tråd én", "Tråd to")
    assert Change.objects.filter(arrangement_key="A4", note="via API").count() == 1
