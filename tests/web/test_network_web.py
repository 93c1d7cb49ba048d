"""The network page and the network and regions API on the golden register (tests/golden.py, 2013;
its own councils are not in the database, so the bundled councils apply), and the page in a real
Chromium: axe-core on it, and a click on a municipality listing its partners."""

from __future__ import annotations

import json

import pytest

from tests.golden import golden_tables
from tests.helpers import write_tables
from tests.web.test_browser import browser_ready, run  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# Counted 2013 (tests/golden.py): A1 1621 1624 1627; A2 1621 1624 1627 1714 1718; A3 1624 1627 1711
# 1714; A4 1714 1717; A10 1717 1718; A11 1624 1627. Pairs, worked out by hand: Rissa-Bjugn
# (1624-1627) share A1, A2, A3, A11 = 4; Ørland-Rissa, Ørland-Bjugn, Rissa-Stjørdal,
# Bjugn-Stjørdal share 2; ten pairs share 1: 15 pairs in all.


def test_network_api(client, golden_db):
    body = client.get("/api/network?year=2013&limit=100").json()
    assert body["count"] == 15
    assert body["items"][0] == {"kommunenummer_a": "1624", "kommune_a": "Rissa",
                                "kommunenummer_b": "1627", "kommune_b": "Bjugn", "felles": 4}
    assert [i["felles"] for i in body["items"]] == [4, 2, 2, 2, 2] + [1] * 10
    # Frosta (1717) takes part in A4 (with Stjørdal) and A10 (with Leksvik) only
    body = client.get("/api/network?year=2013&county=17&level=lokal").json()
    assert {(i["kommunenummer_a"], i["kommunenummer_b"]) for i in body["items"]} == {
        ("1714", "1717")}  # A4 is the only local one with a participant in 17 (A11 is in 16)
    assert client.get("/api/network?year=2013&level=nasjonal").status_code == 422


def test_regions_api(client, golden_db):
    body = client.get("/api/regions?year=2013&county=17").json()
    assert body["method"] == "louvain" and body["seed"] == 1 and body["resolution"] == 1.0
    rows = {m["kommunenummer"]: m for m in body["municipalities"]}
    assert set(rows) == {"1711", "1714", "1717", "1718"}  # the county's municipalities with ties
    for m in rows.values():
        shares = [s["share_percent"] for s in (m["region_split"], m["council_split"]) if s]
        assert m["vippekommune"] == any(s >= 100 / 3 for s in shares), m
    assert all(r["id"] in {m["region"] for m in rows.values()} for r in body["regions"])
    # Frosta's two ties: Stjørdal (A4) and Leksvik (A10)
    assert rows["1717"]["ties"] == 2


@pytest.mark.parametrize("url", ["/nettverk/", "/nettverk/?ar=2013", "/nettverk/?ar=2013&fylke=17",
                                 "/nettverk/?ar=2013&fylke=16&niva=regional&sektor=helse",
                                 "/nettverk/?ar=1990"])
def test_network_page_answers(client, golden_db, url):
    assert client.get(url).status_code == 200


def test_network_page_content(client, golden_db):
    html = client.get("/nettverk/?ar=2013&fylke=17").content.decode()
    assert 'class="network"' in html and 'data-k="1717"' in html
    assert 'aria-label="Frosta: Region' in html  # every node has a name for screen readers
    start = html.index('<script id="nettverk-data" type="application/json">')
    data = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    partners = {p[0]: p for p in data["municipalities"]["1717"]["partners"]}
    assert set(partners) == {"1714", "1718"}
    assert [data["arrangements"][i][0] for i in partners["1714"][2]] == ["A4"]
    # the text alternative: every municipality of the figure has a row the figure links to
    assert 'id="kommune-1717"' in html and 'href="#kommune-1717"' in html
    assert client.get("/nettverk/?ar=2013&niva=nasjonal").status_code == 400  # a bad parameter


@pytest.mark.django_db(transaction=True)
def test_network_page_in_chromium(browser_ready, live_server, golden_db):  # noqa: F811
    url = f"{live_server.url}/nettverk/?ar=2013&fylke=17"
    results = run("axe.mjs", url)
    for r in results:
        assert r["violations"] == [] and r["external"] == [] and r["blocked"] == [], r
    steps = run("network_e2e.mjs", url, "1714", "Frosta", "Ordning A4")
    assert [s for s in steps if not s["pass"]] == [], steps


# -- cross-border pull and dependency profile: the API against the CLI's tables ------------------

# The golden register with three statutory arrangements and staff on two, so that the dependency
# profile has something to count: A1 (legevakt; Ørland, Rissa, Bjugn), A4 (barnevern, hosted by
# Stjørdal; Stjørdal, Frosta) and A11 (legevakt; Rissa, Bjugn) are statutory: 2 statutory fields
# are known in 2013 (legevakt, barnevern). A2 has a budget of 1 250 000,5 (five
# participants: 250 000,1 each) and 10 årsverk (2 each); A4 has 3 årsverk (1.5 each).
STATUTORY = {"A1": {"lovpalagt": "ja"}, "A4": {"lovpalagt": "ja", "arsverk": "3"},
             "A11": {"lovpalagt": "ja"}, "A2": {"arsverk": "10"}}


@pytest.fixture
def statutory_db(db, tmp_path):
    from django.core.cache import caches

    from samkart.web.registry import changes
    from tests.helpers import load_ok

    tables = golden_tables()
    tables = {"ordninger": [{**a, **STATUTORY.get(str(a["id"]), {})} for a in tables["ordninger"]],
              "deltakere": tables["deltakere"]}
    folder = write_tables(tmp_path / "statutory", tables)
    # The kept values are keyed by the data's version (highest change id, arrangements), which a
    # rolled-back test database repeats: forget the golden register's, before and after (the
    # kept objects and the public pages).
    for name in ("objects", "default"):
        caches[name].clear()
    changes.load_into_empty_database(load_ok(folder), "test")
    yield folder
    for name in ("objects", "default"):
        caches[name].clear()


def _cli_json(*args: str) -> list[dict]:
    from typer.testing import CliRunner

    from samkart.cli import app

    out = CliRunner().invoke(app, ["table", *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


@pytest.mark.parametrize("query", ["", "&county=16", "&county=17&all=true", "&all=true",
                                   "&level=regional", "&sector=helse&all=true"])
def test_cross_border_api_is_the_cli_table(client, statutory_db, query):
    args = ["cross-border", str(statutory_db), "--year", "2013"]
    for part in query.split("&")[1:]:
        name, value = part.split("=")
        args += ["--all"] if name == "all" else [f"--{name}", value]
    body = client.get(f"/api/cross-border?year=2013&limit=100{query}").json()
    assert body["items"] == _cli_json(*args) and body["count"] == len(body["items"])


def test_cross_border_api_by_hand(client, statutory_db):
    items = client.get("/api/cross-border?year=2013&county=17").json()["items"]
    # Leksvik (1718, county 17): A2 with Rissa, Bjugn and Ørland (16) and Stjørdal (17); A10 with
    # Frosta (17): 3 of its 5 ties go to county 16. Stjørdal (1714): A2 (1621, 1624, 1627 in
    # 16; 1718), A3 (1624, 1627 in 16; 1711), A4 (1717): 5 of 8 ties.
    rows = {r["kommunenummer"]: r for r in items}
    assert (rows["1718"]["forbindelser"], rows["1718"]["forbindelser_over_grensen"],
            rows["1718"]["til_fylkesnummer"]) == (5, 3, "16")
    assert (rows["1714"]["forbindelser"], rows["1714"]["forbindelser_over_grensen"],
            rows["1714"]["andel_prosent"]) == (8, 5, 62.5)
    assert "1717" not in rows  # Frosta's two ties stay in the county


def test_dependency_api_is_the_cli_table(client, statutory_db):
    for county in (None, "16", "17"):
        args = ["dependency", str(statutory_db), "--year", "2013"]
        query = "/api/dependency?year=2013&limit=100"
        if county:
            args += ["--county", county]
            query += f"&county={county}"
        body = client.get(query).json()
        assert body["items"] == _cli_json(*args) and body["count"] == len(body["items"])
    rows = {r["kommunenummer"]: r for r in client.get("/api/dependency?year=2013").json()["items"]}
    # Bjugn (1627): A1 and A11 (legevakt) statutory, no host; of A1 A2 A3 A11 only A2 has a budget
    assert (rows["1627"]["lovpalagte_ordninger"], rows["1627"]["lovpalagte_oppgavefelt"],
            rows["1627"]["lovpalagte_oppgavefelt_kjent"]) == (2, 1, 2)
    assert rows["1627"]["budsjett_nok"] == 250000 and rows["1627"]["ordninger_uten_budsjett"] == 3
    assert rows["1627"]["arsverk"] == 2.0 and rows["1627"]["budsjett_andel_prosent"] is None
    # Frosta (1717): barnevern through Stjørdal (A4), 1.5 årsverk
    assert rows["1717"]["via_vertskommune"] == "Stjørdal (1)" and rows["1717"]["arsverk"] == 1.5


@pytest.mark.parametrize("url", [
    "/api/cross-border?year=1900", "/api/cross-border?year=2013&county=abc",
    "/api/cross-border?year=2013&level=nasjonal", "/api/cross-border?year=2013&sector=x",
    "/api/cross-border?year=2013&all=kanskje", "/api/dependency?year=20133",
    "/api/dependency?year=2013&county=123", "/api/regions?year=2013&resolution=0",
    "/api/regions?year=2013&resolution=1.1", "/api/regions?year=2013&resolution=8",
    "/api/regions?year=2013&resolution=nan", "/api/regions?year=2013&seed=10",
    "/api/regions?year=2013&seed=-1", "/api/regions?year=2013&seed=x"])
def test_network_measures_reject_bad_parameters(client, golden_db, url):
    response = client.get(url)
    assert response.status_code == 422, response.content
    assert response.json()["problems"], response.json()


def test_regions_api_settings_are_the_cli_table(client, golden_db, tmp_path):
    from samkart.web.registry import store

    body = client.get("/api/regions?year=2013&resolution=2.5&seed=3").json()
    assert (body["resolution"], body["seed"]) == (2.5, 3)
    # the same regions as the CLI with those settings, on the same register
    folder = write_tables(tmp_path / "same", {k: v for k, v in golden_tables().items()
                                               if k in ("ordninger", "deltakere")})
    cli = _cli_json("regions", str(folder), "--year", "2013", "--resolution", "2.5",
                    "--seed", "3")
    assert {r["kommunenummer"]: r["region"] for r in cli} == {
        m["kommunenummer"]: m["region"] for m in body["municipalities"]}
    # the default settings keep the default's key; others share its network
    default = client.get("/api/regions?year=2013&resolution=1&seed=1").json()
    assert (default["resolution"], default["seed"]) == (1.0, 1)
    assert store.memo(("network", 2013, None, None), lambda: None) is not None


def test_network_page_dependency_table(client, statutory_db):
    html = client.get("/nettverk/?ar=2013&fylke=17").content.decode()
    assert 'id="avhengighet-h"' in html and "Avhengighetsprofil for kommunene i" in html
    table = html[html.index('id="avhengighet-h"'):].split("</table>", 1)[0]
    rows = {k: table.split(f'id="avhengighet-{k}"', 1)[1].split("</tr>", 1)[0]
            for k in ("1711", "1714", "1717", "1718")}
    assert "Stjørdal (1)" in rows["1717"] and "Stjørdal (1)" in rows["1714"]
    # Frosta: staff 1,5 from one arrangement, the other without a figure, and neither with a
    # budget; the count of arrangements without a figure beside each
    assert '>1,5 <span class="muted">(1)</span><' in rows["1717"]
    assert '"num"> <span class="muted">(2)</span><' in rows["1717"]
    assert ">250\u00a0000" in rows["1714"]
    assert "Lovpålagte oppgavefelt (av 2)" in table
    # the profiles are those of the CLI, in its order
    order = [r["kommunenummer"] for r in _cli_json("dependency", str(statutory_db), "--year",
                                                     "2013", "--county", "17")]
    assert sorted(rows, key=lambda k: table.index(f'id="avhengighet-{k}"')) == order
