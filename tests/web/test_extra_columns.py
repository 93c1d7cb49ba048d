"""Columns beyond the contract's survive the web registry (data a user entered is never lost): an
arrangement's own and its participants' (e.g. Enhetsregisteret's ``ansvarsandel``), through an
import, an edit on the form (which does not show them), a proposal accepted, and the download."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from samkart.web.registry import changes, store
from tests.golden import golden_tables
from tests.helpers import load_ok, write_tables


@pytest.fixture
def with_extras(db, tmp_path):
    tables = {k: v for k, v in golden_tables().items() if k in ("ordninger", "deltakere")}
    for row in tables["ordninger"]:
        if row["id"] == "A2":
            row["saksnummer"] = "2013/77"
    shares = {"1624": "30", "1627": "25", "1621": "20", "1718": "15", "1714": "10"}
    for row in tables["deltakere"]:
        if row["ordning_id"] == "A2":
            row["ansvarsandel"] = shares[str(row["kommunenummer"])]
    register = load_ok(write_tables(tmp_path / "extras", tables))
    changes.load_into_empty_database(register, "test")
    return shares


def _shares() -> dict[str, str]:
    return {p["kommunenummer"]: (p.get("extra") or {}).get("ansvarsandel", "")
            for p in store.snapshot(store.Arrangement.objects.get(key="A2"))["deltakere"]}


def _form_participants() -> list[dict[str, object]]:
    """The participants as the edit form sends them: contract columns only."""
    snap = store.snapshot(store.Arrangement.objects.get(key="A2"))
    return [{k: p[k] for k in ("kommunenummer", "fra", "til", "rolle")} for p in snap["deltakere"]]


def test_import_keeps_extra_columns(with_extras):
    assert _shares() == with_extras
    register = store.current_register()
    assert register.arrangements["A2"].extra == {"saksnummer": "2013/77"}
    assert {p.kommunenummer: p.extra.get("ansvarsandel") for p in register.participations
            if p.ordning_id == "A2"} == with_extras


def test_an_edit_that_does_not_show_them_keeps_them(with_extras, users):
    a = store.Arrangement.objects.get(key="A2")
    fields = store.snapshot(a)["fields"]
    participants = [p for p in _form_participants() if p["kommunenummer"] != "1714"]
    changes.update(users["admin"], "A2", {**fields, "navn": "Nytt navn"}, participants,
                   version=a.version)
    # 1714 left; the others keep their shares, and so does the arrangement its own column.
    assert _shares() == {k: v for k, v in with_extras.items() if k != "1714"}
    assert store.Arrangement.objects.get(key="A2").extra == {"saksnummer": "2013/77"}


def test_an_accepted_proposal_keeps_them(with_extras, users):
    a = store.Arrangement.objects.get(key="A2")
    fields = store.snapshot(a)["fields"]
    proposal = changes.propose(users["editor"], "A2", {**fields, "navn": "Foreslått"},
                               _form_participants(), version=a.version)
    changes.decide(users["admin"], proposal.pk, accept=True)
    assert store.Arrangement.objects.get(key="A2").navn == "Foreslått"
    assert _shares() == with_extras


def test_the_download_has_them(with_extras, client):
    data = client.get(reverse("download_register", args=["zip"])).content
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        member = {name.rsplit("/", 1)[-1]: name for name in z.namelist()}

        def read(table: str) -> list[dict[str, str]]:
            text = z.read(member[f"{table}.csv"]).decode("utf-8-sig")
            return list(csv.DictReader(io.StringIO(text)))

        rows, ordninger = read("deltakere"), read("ordninger")
    assert {r["kommunenummer"]: r["ansvarsandel"] for r in rows
            if r["ordning_id"] == "A2"} == with_extras
    assert next(r for r in ordninger if r["id"] == "A2")["saksnummer"] == "2013/77"
