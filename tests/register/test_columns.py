"""A register pickles with its arrangements and participations as columns and its index of
participants (``samkart/register/columns.py``, ``participants.py``): what comes back is the same
register, with objects of its own."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from samkart.domain.codes import Role
from samkart.register.columns import from_columns, to_columns
from samkart.register.participants import index_participations
from tests.golden import golden_tables
from tests.helpers import load_ok, write_tables


@pytest.fixture()
def register(tmp_path):
    tables = golden_tables()
    tables["ordninger"][0]["farge"] = "grønn"  # extra columns, on some rows only
    tables["deltakere"][0]["notat"] = "kontakt: Ola"
    tables["deltakere"][1]["til"] = 2014
    return load_ok(write_tables(tmp_path / "reg", tables))


def test_participations_are_made_when_first_asked_for(register):
    from samkart.analysis.yearview import YearView

    again = pickle.loads(pickle.dumps(register, pickle.HIGHEST_PROTOCOL))
    view = YearView(again, 2013)  # counts through the index
    assert "participations" not in vars(again)
    twice = pickle.loads(pickle.dumps(again, pickle.HIGHEST_PROTOCOL))  # columns as they came
    assert "participations" not in vars(twice)
    assert again.participations == register.participations == twice.participations
    assert "participations" in vars(again) and "_participation_columns" not in vars(again)
    assert view.statuses == YearView(register, 2013).statuses
    with pytest.raises(AttributeError, match="no attribute 'deltakere'"):
        again.deltakere  # noqa: B018


def test_a_pickled_register_comes_back_the_same(register):
    again = pickle.loads(pickle.dumps(register, pickle.HIGHEST_PROTOCOL))
    assert again == register
    assert list(again.arrangements) == list(register.arrangements)
    assert [dataclasses.astuple(p) for p in again.participations] == \
        [dataclasses.astuple(p) for p in register.participations]
    assert again.participations[0].extra == {"notat": "kontakt: Ola"}
    assert again.arrangements[next(iter(again.arrangements))].extra == {"farge": "grønn"}
    # every object, and every dictionary of extra columns, is its own
    assert len({id(p.extra) for p in again.participations}) == len(again.participations)
    assert len({id(a.extra) for a in again.arrangements.values()}) == len(again.arrangements)
    again.participations[0].extra["notat"] = "endret"
    assert register.participations[0].extra["notat"] == "kontakt: Ola"
    assert again.participant_index() == index_participations(register.participations)


def test_the_index_sorts_participations_by_their_years_and_roles(register):
    index = register.participant_index()
    for p in register.participations:
        if p.fra is None and p.til is None:
            assert p.kommunenummer in index.steady[p.ordning_id]
        else:
            assert (p.kommunenummer, p.fra, p.til) in index.dated[p.ordning_id]
        if p.rolle is Role.VERTSKOMMUNE:
            assert (p.kommunenummer, p.fra, p.til) in index.hosts[p.ordning_id]
    steady = sum(len(v) for v in index.steady.values())
    dated = sum(len(v) for v in index.dated.values())
    assert steady + dated == len(register.participations) > steady > 0


def test_a_changed_register_gets_an_index_of_its_own(register):
    register.participant_index()
    fewer = dataclasses.replace(register, participations=register.participations[1:])
    assert fewer.participant_index() == index_participations(register.participations[1:])
    assert fewer.participant_index() != register.participant_index()


def test_columns_need_the_made_fields_last():
    @dataclasses.dataclass
    class Wrong:
        extra: dict = dataclasses.field(default_factory=dict)
        name: str = ""

    with pytest.raises(TypeError, match="follows a field with a default_factory"):
        to_columns(Wrong, [Wrong()])

    @dataclasses.dataclass
    class Right:
        name: str
        size: int | None = None
        extra: dict = dataclasses.field(default_factory=dict)

    items = [Right("a"), Right("b", 3, {"x": "y"}), Right("a", None)]
    columns = to_columns(Right, items)
    assert columns[0][0][0] is columns[0][0][2]  # equal texts are one object
    assert from_columns(Right, columns) == items
