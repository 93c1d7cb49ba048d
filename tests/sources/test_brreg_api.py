"""``--fetch``: the open API, served from the fixtures by a local server (pytest-httpserver),
never the internet. Retries on 429 and 5xx, then a clear error; 404 and 410; no network."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from brreg.enhetsregisteret import EnhetQuery
from typer.testing import CliRunner

from samkart.cli import app
from samkart.reference import load_reference
from samkart.register import load_register
from samkart.sources.brreg import Scope, SourceError
from samkart.sources.brreg import api as brreg_api
from samkart.sources.brreg.api import ApiClient, Missing, RetryPolicy, fetch
from samkart.sources.brreg.bulk import from_files
from samkart.sources.brreg.nace import load_nace_table
from samkart.sources.brreg.rules import map_units
from tests.helpers import arrangement, participants, write_tables
from tests.sources import brreg_data as fx

FETCHED = dt.date(2024, 6, 3)
NO_WAIT = RetryPolicy(attempts=3, backoff=0.0, max_wait=0.0)
runner = CliRunner()


@pytest.fixture
def api(httpserver):
    fake = fx.FakeBrreg()
    url = fake.install(httpserver)
    return fake, url


def client(url: str, waits: list[float] | None = None) -> ApiClient:
    return ApiClient(url, NO_WAIT, timeout=5, sleep=(waits.append if waits is not None
                                                     else lambda s: None))


def test_fetch_gives_what_the_bulk_files_give(api):
    fake, url = api
    with client(url) as c:
        fetched = fetch(c, Scope(county="18"), FETCHED)
    from_bulk = from_files(fx.UNITS_JSON, fx.ROLES_JSON, FETCHED)
    reference_result = map_units(from_bulk, Scope(county="18"), load_nace_table(),
                                 load_reference())
    result = map_units(fetched, Scope(county="18"), load_nace_table(), load_reference())
    # The same arrangements with the same participants and the same candidates either way.
    assert set(result.arrangements) == set(reference_result.arrangements) == {
        fx.IKS_SALTEN, fx.REGIONRAD, fx.VERTSKOMMUNE}
    for orgnr, m in result.arrangements.items():
        other = reference_result.arrangements[orgnr]
        assert m.participations == other.participations and m.shares == other.shares
    assert {c.orgnr for c in result.candidates} == {c.orgnr for c in reference_result.candidates}
    # Roles were asked for the IKS and the KF only, and the searches were paged.
    asked = [s for s in fake.seen if s.endswith("/roller")]
    assert sorted(a.split("/")[-2] for a in asked) == sorted([fx.IKS_SALTEN, fx.IKS_TRONDHEIM,
                                                              fx.KF])
    assert all("size=100" in s for s in fake.seen if "/enheter?" in s)


def test_a_deleted_unit_answers_with_its_slettedato_and_404_410_are_findings(api):
    _fake, url = api
    with client(url) as c:
        deleted = c.unit(fx.DELETED)
        assert deleted.slettedato == dt.date(2023, 5, 31)
        assert c.unit(fx.UNKNOWN) == Missing(404)
        assert c.unit(fx.WITHDRAWN) == Missing(410)
        data = fetch(c, Scope(county="18"), FETCHED,
                     known=[fx.DELETED, fx.UNKNOWN, fx.WITHDRAWN])
    assert data.units[fx.DELETED].slettedato == dt.date(2023, 5, 31)
    assert "HTTP 404" in data.gone[fx.UNKNOWN] and "HTTP 410" in data.gone[fx.WITHDRAWN]


def test_429_and_5xx_are_tried_again_with_the_wait_the_server_asks(api):
    fake, url = api
    fake.fail = [429, 503]
    fake.retry_after = "0"
    waits: list[float] = []
    with client(url, waits) as c:
        assert c.unit(fx.IKS_SALTEN).navn == "SALTEN BRANN IKS"
    assert waits == [0.0, 0.0] and len(fake.seen) == 3


def test_retry_after_0_means_at_once_not_the_clients_backoff(api):
    fake, url = api
    fake.fail = [429] * 3
    fake.retry_after = "0"
    waits: list[float] = []
    c = ApiClient(url, RetryPolicy(attempts=3, backoff=30.0, max_wait=60.0), timeout=5,
                  sleep=waits.append)
    with pytest.raises(SourceError, match="svarer 429 også etter 3 forsøk"):
        c.unit(fx.IKS_SALTEN)
    assert waits == [0.0, 0.0]  # not 30 and 60: the server said 0
    assert len(fake.seen) == 3


def test_without_retry_after_the_backoff_is_used(api):
    fake, url = api
    fake.fail = [429]
    waits: list[float] = []
    c = ApiClient(url, RetryPolicy(attempts=3, backoff=30.0, max_wait=60.0), timeout=5,
                  sleep=waits.append)
    assert c.unit(fx.IKS_SALTEN).navn == "SALTEN BRANN IKS"
    assert waits == [30.0]


def test_backoff_grows_and_then_gives_a_clear_error(api):
    fake, url = api
    fake.fail = [500, 502, 503, 504]
    waits: list[float] = []
    c = ApiClient(url, RetryPolicy(attempts=4, backoff=0.5, max_wait=10), timeout=5,
                  sleep=waits.append)
    with pytest.raises(SourceError, match="svarer 504 også etter 4 forsøk"):
        c.unit(fx.IKS_SALTEN)
    assert waits == [0.5, 1.0, 2.0]  # doubled each time, none after the last attempt


def test_404_or_410_for_roles_of_a_found_unit_is_an_error(api):
    _fake, url = api
    with client(url) as c, pytest.raises(SourceError, match="HTTP 404"):
        c.roles(fx.UNKNOWN)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_network_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/enhetsregisteret/api"  # nothing listens there
    with client(url) as c, pytest.raises(SourceError, match="får ikke kontakt med "
                                                             "Enhetsregisteret"):
        c.unit(fx.IKS_SALTEN)


def test_a_search_page_not_in_the_documented_shape_is_an_error(httpserver):
    httpserver.expect_request("/api/enheter").respond_with_json({"page": {"size": "mange"}})
    with client(httpserver.url_for("/api")) as c, pytest.raises(SourceError, match="page"):
        list(c.search(EnhetQuery()))


# -- the command ----------------------------------------------------------------------------------

def call(*args: str):
    return runner.invoke(app, ["import", "brreg", *args], env={"SAMKART_BRREG_URL": ""})


def test_fetch_out_with_the_base_url_as_a_setting(api, tmp_path, monkeypatch):
    _fake, url = api
    monkeypatch.setenv("SAMKART_BRREG_URL", url)
    out = tmp_path / "fauske"
    result = runner.invoke(app, ["import", "brreg", "--fetch", "--municipality", "1841",
                                 "--out", str(out), "--date", "2024-06-03"])
    assert result.exit_code == 0, result.output
    register, problems = load_register(out)
    assert register is not None, [p.line() for p in problems]
    assert set(register.arrangements) == {"brreg-970711007", "brreg-971801018"}


def test_fetch_into_reports_deleted_unknown_and_withdrawn(api, tmp_path):
    _fake, url = api
    folder = write_tables(tmp_path / "reg", {
        "ordninger": [
            arrangement("A1", navn="Sulitjelma gruve IKS", orgnr=fx.DELETED, etablert=2001),
            arrangement("A2", navn="Feilskrevet", orgnr=fx.UNKNOWN),
            arrangement("A3", navn="Skjermet", orgnr=fx.WITHDRAWN),
            arrangement("A4", navn="Uten orgnr"),
        ],
        "deltakere": [*participants("A1", "1841", "1840"), *participants("A2", "1804", "1841"),
                      *participants("A3", "1804", "1841"), *participants("A4", "1804", "1841")],
    })
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    result = call("--fetch", "--api-url", url, "--county", "18", "--into", str(folder),
                  "--date", "2024-06-03")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("avsluttet") and "A1" in line and "avviklet 2023 (slettet "
               "2023-05-31)" in line for line in lines)
    assert any(line.startswith("ukjent") and "A2" in line and "HTTP 404" in line
               for line in lines)
    assert any(line.startswith("ukjent") and "A3" in line and "HTTP 410" in line
               for line in lines)
    assert not any("A4" in line for line in lines)  # no orgnr: never compared
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before  # a dry run


def test_fetch_errors_exit_1_and_write_nothing(api, tmp_path):
    fake, url = api
    fake.fail = [503] * 10
    fake.retry_after = "0"  # honoured: no waiting the default backoff (1 + 2 + 4 + 8 s)
    out = tmp_path / "ut"
    result = call("--fetch", "--api-url", url, "--county", "18", "--out", str(out))
    assert result.exit_code == 1
    assert "svarer 503 også etter" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_fetch_without_network_exits_1_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(brreg_api, "DEFAULT_RETRY", NO_WAIT)  # the command's client: no waits
    url = f"http://127.0.0.1:{free_port()}/enhetsregisteret/api"  # nothing listens there
    out = tmp_path / "ut"
    result = call("--fetch", "--api-url", url, "--county", "18", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert f"får ikke kontakt med Enhetsregisteret ({url}/enheter?" in result.stderr
    assert "etter 3 forsøk" in result.stderr and "ingenting er skrevet" in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception escaping
    assert not out.exists() and not (tmp_path / "ut-kandidater.csv").exists()
    assert list(tmp_path.iterdir()) == []
