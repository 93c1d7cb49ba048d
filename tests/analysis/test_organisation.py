"""Chapter 6 analyses and geography on the golden register (see tests/golden.py)."""

from __future__ import annotations

import pytest

from samkart.analysis import geography, organisation
from samkart.analysis.yearview import YearView
from tests.golden import write_golden
from tests.helpers import load_ok


@pytest.fixture
def view(tmp_path):
    return YearView(load_ok(write_golden(tmp_path / "g")), 2013)


def test_legal_forms_and_shares(view):
    # Counted in 2013: A1 A3 A10 A11 agreements, A2 IKS, A4 host municipality: 4/1/1 of 6.
    rows = {r["tilknytningsform"]: r for r in organisation.legal_forms(view).records()}
    assert rows["avtale"]["antall"] == 4 and rows["avtale"]["prosent"] == 66.7
    assert rows["iks"]["prosent"] == 16.7 and "as" not in rows
    shares = organisation.form_shares(view)
    assert (shares.total, shares.political, shares.companies) == (6, 0, 1)
    assert shares.companies_percent == 16.7 and shares.political_percent == 0.0


def test_council_governance(view):
    # R1 Fosen (4 members): A1 has 3 of them (75 %) and nobody outside; A2 all 4 and one outside.
    # R2 Værnes: no regional arrangement reaches 75 % of it.
    rows = {r["id"]: r for r in organisation.council_governance(view).records()}
    assert rows["R1"]["regionale_ordninger"] == 2 and rows["R1"]["medlemmer"] == 4
    assert rows["R1"]["fylker"] == "16, 17"
    assert rows["R2"]["regionale_ordninger"] == 0
    assert rows["R2"]["styringsmodell"] == "Vertskommunesystem"


def test_host_load(view):
    # Stjørdal hosts A4 and takes part in A2, A3, A4: 1 of 3 = 33.3 %.
    t = organisation.host_load(view, "17").records()
    assert t[0] == {"kommunenummer": "1714", "kommune": "Stjørdal", "vertskommune_for": 1,
                    "deltar_i": 3, "andel_prosent": 33.3}
    assert len(t) == 23  # every municipality of the county, hosting or not


def test_county_crossings(view):
    # A2 and A3 have participants in both Trøndelag counties; nothing else crosses.
    assert geography.county_crossings(view).rows == [
        ("16", "Sør-Trøndelag", "17", "Nord-Trøndelag", 2)]


def test_map_values(view):
    values = geography.totals_by_municipality(view, "17")
    assert values["1714"] == 3 and values["1717"] == 2 and values["1702"] == 0
    assert geography.council_of_municipality(view)["1718"] == "R1"
