"""Every analysis table has a named row type whose fields are its columns, so that the report and
the web can read a cell by name and a reordered column cannot change what they say."""

from __future__ import annotations

import csv
import io
import json

import pytest

from samkart.analysis import content, geography, organisation, quality, scope
from samkart.analysis.tables import (
    LEVEL_COLUMNS,
    CountyRow,
    MunicipalityRow,
    Table,
    YesNo,
    arrangements_table,
    counties_table,
    municipalities_table,
    task_fields_table,
)
from samkart.analysis.yearview import YearView
from samkart.survey import analysis as survey_analysis
from samkart.survey import load_responses
from tests.golden import write_golden
from tests.helpers import load_ok
from tests.survey.test_survey import SVAR


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, Table]:
    root = tmp_path_factory.mktemp("rows")
    register = load_ok(write_golden(root / "golden"))
    (root / "svar.csv").write_text(SVAR, "utf-8")
    responses, _ = load_responses(root / "svar.csv")
    view, before = YearView(register, 2013), YearView(register, 2012)
    return {
        "municipalities": municipalities_table(view),
        "counties": counties_table(view),
        "arrangements": arrangements_table(view),
        "task_fields": task_fields_table(view),
        "levels_by_county": scope.levels_by_county(view),
        "growth": scope.growth_between(before, view),
        "establishment_years": scope.establishment_years(view, since=2008),
        "municipality_summary": scope.municipality_summary(view),
        "by_size_class": scope.by_size_class(view),
        "size_rank": scope.size_rank(view),
        "sector_shares": content.sector_shares(view, ["16", "17", None]),
        "fine_sector_shares": content.sector_shares(view, ["16", "17"], fine=True),
        "task_fields_by_county": content.task_fields_by_county(view, ["16", "17"]),
        "task_fields_by_size": content.task_fields_by_size(view, ["16", "17"]),
        "changes": content.changes_between(before, view),
        "profile": content.municipality_profile(view, "1714"),
        "legal_forms": organisation.legal_forms(view),
        "councils": organisation.council_governance(view),
        "host_load": organisation.host_load(view),
        "crossings": geography.county_crossings(view),
        "excluded": quality.excluded(view),
        "missing": quality.missing_values(register),
        "inconsistencies": quality.inconsistencies(view),
        "survey": survey_analysis.task_field_table(responses),
        "survey_by_size": survey_analysis.task_field_table(responses, by_size=True),
        "survey_by_county": survey_analysis.by_county(responses),
        "response_rate": survey_analysis.response_rate(responses),
        "experience": survey_analysis.experience_table(responses),
        "agreement": survey_analysis.agreement(responses, register, view=view),
    }


def test_every_row_is_named_and_its_cells_are_the_columns(tables):
    for name, t in tables.items():
        assert t.rows, f"{name}: the golden register should give rows"
        row_type = type(t.rows[0])
        assert hasattr(row_type, "_fields"), f"{name}: rows are {row_type.__name__}, not named"
        assert all(type(r) is row_type for r in t.rows), name
        flat = t.flat_rows()
        assert all(len(r) == len(t.columns) for r in flat), name
        if len(row_type._fields) == len(t.columns):  # no per-group part: the fields are the columns
            assert tuple(row_type._fields) == t.columns, name
        else:  # the per-group part is flattened where its field stands
            fixed = [f for f in row_type._fields if not isinstance(getattr(t.rows[0], f), tuple)]
            assert [c for c in t.columns if c in fixed] == fixed, name


def test_level_columns_are_the_fields_of_the_level_rows():
    # A level added to LEVEL_ORDER must be added to the row types too: a row filled by keyword
    # from level_cells() would otherwise fail, not shift the columns silently.
    for row_type in (MunicipalityRow, CountyRow, scope.SizeClassRow):
        assert [f for f in row_type._fields if f in LEVEL_COLUMNS] == list(LEVEL_COLUMNS)


def test_nested_groups_flatten_in_column_order(tables):
    t = tables["sector_shares"]
    # Columns: sektor, navn, then antall_/prosent_ per group in the order asked for.
    assert t.columns[2:] == ("antall_16", "prosent_16", "antall_17", "prosent_17",
                             "antall_alle", "prosent_alle")
    for row, record in zip(t.rows, t.records(), strict=True):
        assert record["antall_17"] == row.groups[1].antall
        assert record["prosent_alle"] == row.groups[2].prosent


def test_status_enums_are_written_as_their_text(tables):
    t = tables["arrangements"]
    assert {r.tellende for r in t.rows} == {YesNo.JA, YesNo.NEI}
    buffer = io.StringIO()
    csv.writer(buffer).writerows(t.flat_rows())
    assert {line.split(",")[2] for line in buffer.getvalue().splitlines()} == {"ja", "nei"}
    assert {r["tellende"] for r in json.loads(json.dumps(t.records()))} == {"ja", "nei"}
    excluded = tables["excluded"].rows
    # A5 is an AS with a municipal minority: its main reason's code, as text.
    assert next(r for r in excluded if r.id == "A5").hovedgrunn == "as_uten_kommunal_majoritet"
    assert f"{tables['changes'].rows[0].lovpalagt}" in ("ja", "nei", "ukjent")
