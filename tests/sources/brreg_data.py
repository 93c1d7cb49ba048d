"""Fixtures of Enhetsregisteret and a local stand-in for its open API (for pytest-httpserver).

The files in ``fixtures/brreg`` are written as Brønnøysund documents its answers and downloads:
``enheter.json`` (the units download, a JSON array of unit documents), ``enheter.csv`` (the same
units as the CSV download), ``roller.json`` (the roles download ``roller/totalbestand``) and, in
``api/``, a deleted unit (``slettedato``) and the error bodies of 404 and 410.

What the fixtures hold (every number passes MOD11):

* municipalities (``KOMM``): Bodø 1804, Fauske 1841, Saltdal 1840, Sørfold 1845, Beiarn 1839,
  Hamarøy 1875 (number in force from 2020), Trondheim 5001, Malvik 5031; Nordland
  fylkeskommune (``FYLK``);
* SALTEN BRANN IKS (970711007, founded 2012): participants Bodø ``50%``, Fauske ``3/10``,
  Saltdal (``DTSO``, older role with ``fratraadt`` only), Hamarøy; Sørfold withdrawn
  (``avregistrert``), Beiarn withdrawn (``fratraadt`` only, an older file); Nordland
  fylkeskommune (``navn`` on two lines);
* TRONDHEIMSREGIONEN RENOVASJON IKS (870961006): Trondheim and Malvik (outside Nordland);
* SALTEN REGIONRÅD (ANNA) and VERTSKOMMUNESAMARBEID BARNEVERN FAUSKE (ORGL under Fauske);
  HELGELAND FRILUFTSRÅD (ANNA, not a cooperation form);
* BODØ HAVN KF (owner Bodø, ``EIKM``), SALTEN KRAFTSAMBAND AS (sector 1520) and BODØ ELEKTRO AS
  (sector 2100, private).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures" / "brreg"
UNITS_JSON = FIXTURES / "enheter.json"
UNITS_CSV = FIXTURES / "enheter.csv"
ROLES_JSON = FIXTURES / "roller.json"
API_PREFIX = "/enhetsregisteret/api"

IKS_SALTEN = "970711007"
IKS_TRONDHEIM = "870961006"
REGIONRAD = "820121007"
FRILUFTSRAD = "985511004"
VERTSKOMMUNE = "971801018"
KF = "993541001"
AS_MUNICIPAL = "914561000"
AS_PRIVATE = "874521000"
DELETED = "998871018"
UNKNOWN = "811201006"  # answers 404
WITHDRAWN = "990121001"  # answers 410
BODO, FAUSKE, SORFOLD = "972951005", "940211018", "964591008"


def units_doc() -> list[dict]:
    return json.loads(UNITS_JSON.read_text("utf-8"))


def roles_doc() -> list[dict]:
    return json.loads(ROLES_JSON.read_text("utf-8"))


class FakeBrreg:
    """Answers as the open API does, from the fixtures: the search ``/enheter`` (filters
    ``organisasjonsform``, ``kommunenummer``, ``institusjonellSektorkode``; pages), a unit
    ``/enheter/{orgnr}`` (the deleted one with its ``slettedato``; 404 and 410 with their
    bodies) and its roles ``/enheter/{orgnr}/roller``. ``fail`` makes the next answers fail:
    a list of statuses given out one per request before answering normally."""

    def __init__(self, units: list[dict] | None = None, roles: list[dict] | None = None):
        self.units = units if units is not None else units_doc()
        self.roles = {r["organisasjonsnummer"]: r["rollegrupper"]
                      for r in (roles if roles is not None else roles_doc())}
        self.fail: list[int] = []
        self.retry_after: str | None = None
        self.seen: list[str] = []

    def install(self, httpserver) -> str:
        httpserver.expect_request(re.compile(rf"^{API_PREFIX}/.*")).respond_with_handler(
            self.handle)
        return httpserver.url_for(API_PREFIX)

    def _json(self, doc: object, status: int = 200) -> Response:
        return Response(json.dumps(doc, ensure_ascii=False), status=status,
                        content_type="application/json;charset=UTF-8")

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix(API_PREFIX)
        self.seen.append(request.full_path.rstrip("?"))
        if self.fail:
            status = self.fail.pop(0)
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            return Response("{}", status=status, headers=headers,
                            content_type="application/json")
        if path == "/enheter":
            return self._search(request)
        m = re.fullmatch(r"/enheter/(\d{9})/roller", path)
        if m:
            orgnr = m.group(1)
            if not any(u["organisasjonsnummer"] == orgnr for u in self.units):
                return self._json(json.loads((FIXTURES / "api" / "feil-404.json").read_text()),
                                  404)
            return self._json({"rollegrupper": self.roles.get(orgnr, []), "_links": {
                "self": {"href": f"https://data.brreg.no{API_PREFIX}/enheter/{orgnr}/roller"},
                "enhet": {"href": f"https://data.brreg.no{API_PREFIX}/enheter/{orgnr}"}}})
        m = re.fullmatch(r"/enheter/(\d{9})", path)
        if m:
            orgnr = m.group(1)
            if orgnr == DELETED:
                return self._json(json.loads((FIXTURES / "api" / "enhet-slettet.json")
                                             .read_text("utf-8")))
            if orgnr == WITHDRAWN:
                return self._json(json.loads((FIXTURES / "api" / "feil-410.json").read_text()),
                                  410)
            for u in self.units:
                if u["organisasjonsnummer"] == orgnr:
                    return self._json(u)
            return self._json(json.loads((FIXTURES / "api" / "feil-404.json").read_text()), 404)
        return self._json({"status": 404, "error": "Not Found"}, 404)

    def _search(self, request: Request) -> Response:
        args = request.args

        def listed(name: str) -> set[str] | None:
            value = args.get(name)
            return set(value.split(",")) if value else None

        forms, numbers = listed("organisasjonsform"), listed("kommunenummer")
        sectors = listed("institusjonellSektorkode")
        hits = [u for u in self.units
                if (forms is None or u["organisasjonsform"]["kode"] in forms)
                and (numbers is None or u["forretningsadresse"]["kommunenummer"] in numbers)
                and (sectors is None or u["institusjonellSektorkode"]["kode"] in sectors)]
        size, number = int(args.get("size", 20)), int(args.get("page", 0))
        page = hits[number * size:(number + 1) * size]
        doc: dict = {}
        if page:  # the API leaves out _embedded when nothing is found
            doc["_embedded"] = {"enheter": page}
        doc["_links"] = {"self": {"href": f"https://data.brreg.no{request.full_path}"}}
        doc["page"] = {"size": size, "totalElements": len(hits),
                       "totalPages": math.ceil(len(hits) / size), "number": number}
        return self._json(doc)
