"""Data-quality analyses on hand-made registers."""

from __future__ import annotations

from samkart.analysis import quality
from samkart.analysis.yearview import YearView
from samkart.domain.codes import Level
from samkart.reference.published import MunicipalityRow
from tests.analysis import registers
from tests.golden import write_golden
from tests.helpers import load_ok


def test_excluded_with_reasons(tmp_path):
    view = YearView(load_ok(write_golden(tmp_path / "g")), 2013)
    rows = {r["id"]: r["hovedgrunn"] for r in quality.excluded(view).records()}
    assert rows == {"A5": "as_uten_kommunal_majoritet", "A6": "ikke_formell", "A7": "ikke_aktiv",
                    "A8": "ikke_aktiv", "A9": "faerre_enn_to_deltakere"}


def test_missing_values(tmp_path):
    reg = load_ok(write_golden(tmp_path / "g"))
    rows = {r["kolonne"]: r for r in quality.missing_values(reg).records()}
    # A5 and A6 have no etablert: 2 of 11 = 18.2 %. Only A4 names a host: 10 of 11 miss it.
    assert (rows["etablert"]["mangler"], rows["etablert"]["prosent"]) == (2, 18.2)
    assert rows["vertskommune"]["mangler"] == 10 and rows["niva"]["mangler"] == 10


def test_inconsistencies(tmp_path):
    view = YearView(load_ok(write_golden(tmp_path / "g")), 2013)
    # A10 is set to higher by hand; its two participants make it local by the rule.
    assert quality.inconsistencies(view).rows == [
        ("A10", "Ordning A10", "niva", "nivå satt til hoyere, regelen gir lokal")]
    sizes = YearView(registers.sizes(tmp_path / "s"), 2013)
    problems = {r[0]: r[3] for r in quality.inconsistencies(sizes).rows}
    # 9903's only arrangement is host-municipality cooperation without a host; 9902-0 is set to
    # higher with two participants.
    assert problems["9903-0"] == "vertskommunesamarbeid uten vertskommune"
    assert problems["9902-0"] == "nivå satt til hoyere, regelen gir lokal"


def test_compare_published(tmp_path):
    view = YearView(load_ok(write_golden(tmp_path / "g")), 2013)

    def row(name, h, r, lo, printed):
        return MunicipalityRow("17", 2013, name,
                               {Level.HOYERE: h, Level.REGIONAL: r, Level.LOKAL: lo}, printed)

    # Register 2013: Stjørdal 1/1/1, Frosta 1/0/1, Leksvik 1/1/0.
    published = [row("Stjørdal", 1, 1, 1, 3), row("Frosta", 1, 0, 1, 3), row("Leksvik", 0, 1, 1, 2),
                 row("Atlantis", 0, 0, 0, 0), MunicipalityRow("17", 2012, "Frosta", {}, 0)]
    status = {r["kommune"]: r["status"] for r in quality.compare_published(view, published).records()}
    assert status == {
        "Stjørdal": "stemmer",
        "Frosta": "trykt sum 3 ≠ summen av delene 2",
        "Leksvik": "registeret avviker fra de publiserte tallene",
        "Atlantis": "kommunen finnes ikke i registeret dette året",
    }
