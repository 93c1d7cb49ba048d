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


def _run_threads(targets) -> list[BaseException]:
    failures: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(fn):
        def run():
            try:
                barrier.wait()
                fn()
            except BaseException as e:
                failures.append(e)
            finally:
                connections.close_all()
        return run

    threads = [threading.Thread(target=wrap(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return failures


def _new(key: str) -> str:
    return json.dumps({"fields": {"id": key, "navn": f"Ny {key}", "tilknytningsform": "avtale",
                                  "sektor": "helse"},
                       "deltakere": [{"kommunenummer": "1624"}, {"kommunenummer": "1627"}]})


def test_concurrent_creates_and_reads_all_answer_rightly(golden_db, users, token):
    """The probe: 10-16 of 20 concurrent creates answered 500 though all were saved (the register
    was rebuilt from the database while rows were being added), and readers saw 500s too."""
    auth = f"Bearer {token(users['admin'])}"
    writes: list[int] = []
    reads: list[int] = []

    def create(i: int):
        return lambda: writes.append(Client().post(
            "/api/arrangements", _new(f"C{i}"), content_type="application/json",
            HTTP_AUTHORIZATION=auth).status_code)

    def read():
        for _ in range(3):  # with a token: never the anonymous page cache
            reads.append(Client().get("/api/arrangements?year=2013&counted_only=false",
                                      HTTP_AUTHORIZATION=auth).status_code)

    failures = _run_threads([create(i) for i in range(8)] + [read for _ in range(4)])
    assert failures == []
    assert writes == [201] * 8 and reads == [200] * 12
    assert Arrangement.objects.filter(key__startswith="C").count() == 8


def test_two_creates_of_one_id_give_201_and_409(golden_db, users, token):
    auth = f"Bearer {token(users['admin'])}"
    results: list[int] = []

    def create():
        results.append(Client().post("/api/arrangements", _new("SAMME"),
                                     content_type="application/json",
                                     HTTP_AUTHORIZATION=auth).status_code)

    assert _run_threads([create, create]) == []
    assert sorted(results) == [201, 409]
    assert Arrangement.objects.filter(key="SAMME").count() == 1
