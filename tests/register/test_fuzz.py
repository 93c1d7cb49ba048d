"""Malformed files never crash the loader and are never half-loaded."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samkart.register import load_register
from tests.golden import golden_tables
from tests.helpers import write_tables

CELL = st.one_of(
    st.sampled_from(["", "A1", "1804", "301", "2013", "ja", "as", "helse", "regional", "x;y",
                     "1 000,5", "-1", "1e9", "NaN", "974760673", "\"", ";", ",", "\n", "æøå"]),
    st.text(max_size=8),
)
HEADER = st.lists(st.sampled_from(["id", "navn", "tilknytningsform", "sektor", "etablert",
                                   "avviklet", "kommunal_eierandel", "vertskommune", "ordning_id",
                                   "kommunenummer", "fra", "til", "rolle", "", "ID", "ukjent"]),
                  min_size=0, max_size=8)


def check(path: Path) -> None:
    register, problems = load_register(path)
    errors = [p for p in problems if p.severity.value == "error"]
    if register is None:
        assert errors, "a register that is not loaded must say why"
    else:
        assert not errors
    for p in problems:
        assert p.line().count(":") >= 3


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h1=HEADER, r1=st.lists(st.lists(CELL, max_size=9), max_size=5),
       h2=HEADER, r2=st.lists(st.lists(CELL, max_size=6), max_size=5),
       sep=st.sampled_from([",", ";"]))
def test_random_csv_tables(h1, r1, h2, r2, sep):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, header, rows in (("ordninger", h1, r1), ("deltakere", h2, r2)):
            text = "\n".join(sep.join(row) for row in [header, *rows])
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
        check(folder)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_in_every_container(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "csv"
        folder.mkdir()
        (folder / "ordninger.csv").write_bytes(data)
        (folder / "deltakere.csv").write_bytes(data[::-1])
        check(folder)
        for suffix in (".xlsx", ".json"):
            path = Path(tmp) / f"r{suffix}"
            path.write_bytes(data)
            check(path)


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=True),
              CELL),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CELL, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(doc=st.dictionaries(st.sampled_from(["format", "ordninger", "deltakere", "kommuner",
                                            "regionrad", "x"]), JSON_VALUE, max_size=5))
def test_random_json_documents(doc):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        check(path)


@settings(max_examples=100, deadline=None)
@given(table=st.sampled_from(["ordninger", "deltakere", "regionrad_medlemmer"]),
       row=st.integers(0, 30), column=st.integers(0, 5), value=CELL)
def test_one_mutated_cell_of_a_valid_register(table, row, column, value):
    tables = golden_tables()
    rows = tables[table]
    target = rows[row % len(rows)]
    key = list(target)[column % len(target)]
    target[key] = value
    with tempfile.TemporaryDirectory() as tmp:
        check(write_tables(Path(tmp) / "r", tables))
