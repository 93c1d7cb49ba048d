"""Each column is declared once (samkart/register/schema.py), and every place that needs it takes
it from there: this test fails when a declared column of ordninger or deltakere is missing from
the domain entity, the database model, the editing form, the API's schema or the writer."""

from __future__ import annotations

import dataclasses

import pytest

from samkart.domain.entities import Arrangement as ArrangementEntity
from samkart.domain.entities import Participation as ParticipationEntity
from samkart.register.schema import DELTAKERE, ORDNINGER
from samkart.register.write import register_tables
from samkart.web.registry.api import ArrangementFields, ParticipantIn
from samkart.web.registry.models import Arrangement, Participation
from samkart.web.registry.views.forms import ArrangementForm, ParticipantForm
from tests.golden import golden_tables
from tests.helpers import load_ok, write_tables


@pytest.mark.parametrize("spec,entity,model,form,api,skip", [
    (ORDNINGER, ArrangementEntity, Arrangement, ArrangementForm, ArrangementFields, "id"),
    (DELTAKERE, ParticipationEntity, Participation, ParticipantForm, ParticipantIn,
     "ordning_id"),
])
def test_every_declared_column_reaches_every_place(spec, entity, model, form, api, skip):
    attributes = {f.name for f in dataclasses.fields(entity)}
    model_fields = {f.name for f in model._meta.get_fields()}
    for column in spec.spec:
        assert column.attr in attributes, f"{entity.__name__} lacks {column.attr}"
        if column.name == skip:
            continue
        assert column.name in model_fields, f"{model.__name__} lacks {column.name}"
        assert column.name in form.base_fields, f"{form.__name__} lacks {column.name}"
        assert column.name in api.model_fields, f"{api.__name__} lacks {column.name}"

def test_the_arrangement_id_is_the_models_key_and_the_apis_id():
    assert "id" in ArrangementFields.model_fields
    assert Arrangement._meta.get_field("key").max_length == ORDNINGER.column("id").max_length


def test_the_writer_writes_the_declared_columns_in_their_order(tmp_path):
    tables = register_tables(load_ok(write_tables(tmp_path / "r", golden_tables())))
    assert tables["ordninger"][0] == list(ORDNINGER.columns)
    assert tables["deltakere"][0] == list(DELTAKERE.columns)
