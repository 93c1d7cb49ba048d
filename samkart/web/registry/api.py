"""REST API (django-ninja): municipalities, councils, arrangements, participations; OpenAPI 3 at
``/api/schema/``. Reads are public; writes need a token (``Authorization: Bearer …``) or a logged-in
session with its CSRF token, and the same permissions as the pages."""


import datetime as dt

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import APIKeyCookie, HttpBearer

from samkart.analysis.tables import norwegian_key
from samkart.analysis.yearview import YearView
from samkart.web.registry import changes, store
from samkart.web.registry.models import ApiToken, Arrangement


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
        if found and found.user.is_active:
            request.user = found.user
            return found.user
        return None


class SessionAuth(APIKeyCookie):
    """A logged-in browser session; ninja checks the CSRF token for these."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(title="samkart API", version="1", openapi_url="/schema/", docs_url="/docs/",
               description="Formalisert interkommunalt samarbeid: registerets tabeller som JSON.")


def _year(year: int | None) -> int:
    return year if year is not None else dt.date.today().year


class MunicipalityOut(Schema):
    kommunenummer: str
    navn: str
    fylkesnummer: str
    innbyggere: int | None
    hoyere: int
    regional: int
    lokal: int
    sum: int


class CouncilOut(Schema):
    id: str
    navn: str
    type: str
    medlemmer: list[str]


class ParticipationOut(Schema):
    ordning_id: str
    kommunenummer: str
    fra: int | None
    til: int | None
    rolle: str


class ArrangementOut(Schema):
    id: str
    navn: str
    tilknytningsform: str
    sektor: str
    delsektor: str | None
    oppgavefelt: list[str]
    lovpalagt: bool | None
    vertskommune: str | None
    etablert: int | None
    avviklet: int | None
    niva: str | None
    tellende: bool
    grunn: str
    aktive_deltakere: list[str]
    version: int


class ArrangementIn(Schema):
    """The contract's columns of ``ordninger`` (as text or numbers) and the participants."""

    fields: dict[str, str | int | float | bool | None]
    deltakere: list[dict[str, str | int | None]]
    version: int | None = None


class ArrangementFilter(Schema):
    year: int | None = None
    county: str | None = None
    sector: str | None = None
    legal_form: str | None = None
    level: str | None = None
    task_field: str | None = None
    q: str | None = None
    counted_only: bool = True


@api.get("/municipalities", response=list[MunicipalityOut], tags=["referanse"])
@paginate(LimitOffsetPagination)
def municipalities(request, year: int | None = None, county: str | None = None):
    """Municipalities valid in the year with their counted arrangements by level."""
    from samkart.analysis.tables import municipalities_table

    view = store.year_view(_year(year))
    nn = county.zfill(2) if county else None
    return [
        {"kommunenummer": r[0], "navn": r[1],
         "fylkesnummer": view.municipalities[str(r[0])].fylkesnummer,
         "innbyggere": view.municipalities[str(r[0])].innbyggere,
         "hoyere": r[2], "regional": r[3], "lokal": r[4], "sum": r[5]}
        for r in municipalities_table(view, nn).rows
    ]


@api.get("/councils", response=list[CouncilOut], tags=["referanse"])
def councils(request, year: int | None = None):
    """Regional councils active in the year with their members."""
    view = store.year_view(_year(year))
    return [
        {"id": cid, "navn": view.register.councils[cid].navn,
         "type": view.register.councils[cid].type.code, "medlemmer": sorted(members)}
        for cid, members in sorted(view.councils.members.items())
        if cid in view.register.councils
    ]


def _arrangement_out(view: YearView, key: str, versions: dict[str, int]) -> dict:
    s = view.statuses[key]
    a = s.arrangement
    return {
        "id": a.id, "navn": a.navn, "tilknytningsform": a.tilknytningsform.code,
        "sektor": a.sektor.code, "delsektor": a.delsektor or None,
        "oppgavefelt": list(a.oppgavefelt), "lovpalagt": a.lovpalagt,
        "vertskommune": a.vertskommune, "etablert": a.etablert, "avviklet": a.avviklet,
        "niva": s.level.code if s.level else None, "tellende": s.verdict.counted,
        "grunn": s.verdict.reason_text(), "aktive_deltakere": sorted(s.participants),
        "version": versions.get(a.id, 1),
    }


@api.get("/arrangements", response=list[ArrangementOut], tags=["ordninger"])
@paginate(LimitOffsetPagination)
def arrangements(request, filters: Query[ArrangementFilter]):
    """Arrangements as of a year, with the definition's verdict and level; filterable."""
    key = ("api-arrangements", _year(filters.year), *filters.model_dump().items())
    return store.memo(key, lambda: _arrangements(filters))


def _arrangements(filters: ArrangementFilter) -> list[dict]:
    view = store.year_view(_year(filters.year))
    out = []
    versions = dict(Arrangement.objects.values_list("key", "version"))
    for key, s in view.statuses.items():
        a = s.arrangement
        if filters.counted_only and not s.verdict.counted:
            continue
        if filters.county and not any(view.municipalities[k].fylkesnummer
                                      == filters.county.zfill(2) for k in s.participants):
            continue
        if filters.sector and a.sektor.code != filters.sector:
            continue
        if filters.legal_form and a.tilknytningsform.code != filters.legal_form:
            continue
        if filters.level and (not s.level or s.level.code != filters.level):
            continue
        if filters.task_field and filters.task_field not in a.oppgavefelt:
            continue
        if filters.q and filters.q.casefold() not in a.navn.casefold():
            continue
        out.append(key)
    out.sort(key=lambda k: norwegian_key(view.statuses[k].arrangement.navn))
    return [_arrangement_out(view, k, versions) for k in out]


@api.get("/arrangements/{key}", response=ArrangementOut, tags=["ordninger"])
def arrangement(request, key: str, year: int | None = None):
    view = store.year_view(_year(year))
    if key not in view.statuses:
        raise HttpError(404, "Ukjent ordning")
    return _arrangement_out(view, key, dict(Arrangement.objects.filter(key=key)
                                             .values_list("key", "version")))


@api.get("/participations", response=list[ParticipationOut], tags=["ordninger"])
@paginate(LimitOffsetPagination)
def participations(request, arrangement: str | None = None, kommunenummer: str | None = None,
                   year: int | None = None):
    """Participations, optionally of one arrangement or municipality, or active in a year."""
    register = store.current_register()
    rows = register.participations
    if arrangement:
        rows = [p for p in rows if p.ordning_id == arrangement]
    if kommunenummer:
        rows = [p for p in rows if p.kommunenummer == kommunenummer]
    if year is not None:
        rows = [p for p in rows if p.active_in(year, register.arrangements[p.ordning_id])]
    return [{"ordning_id": p.ordning_id, "kommunenummer": p.kommunenummer, "fra": p.fra,
             "til": p.til, "rolle": p.rolle.code} for p in rows]


def _write(request, key: str | None, body: ArrangementIn) -> dict:
    try:
        if key is None:
            saved = changes.create(request.user, body.fields, body.deltakere, note="via API")
        else:
            saved = changes.update(request.user, key, body.fields, body.deltakere,
                                   version=body.version, note="via API")
    except changes.NotFound as e:
        raise HttpError(404, str(e)) from e
    except changes.Forbidden as e:
        raise HttpError(403, str(e)) from e
    except (changes.Conflict, changes.Stale) as e:
        raise HttpError(409, str(e)) from e
    except changes.Invalid as e:
        raise HttpError(422, str(e)) from e
    view = store.year_view(dt.date.today().year)
    return _arrangement_out(view, saved.key, {saved.key: saved.version})


@api.post("/arrangements", response={201: ArrangementOut}, auth=[TokenAuth(), SessionAuth()],
          tags=["ordninger"])
def create_arrangement(request, body: ArrangementIn):
    return Status(201, _write(request, None, body))


@api.put("/arrangements/{key}", response=ArrangementOut, auth=[TokenAuth(), SessionAuth()],
         tags=["ordninger"])
def update_arrangement(request, key: str, body: ArrangementIn):
    """Replace an arrangement's columns and participants; ``version`` must be the current one."""
    return _write(request, key, body)


# -- the cooperation network and the functional regions (samkart.analysis.network, .regions) -----

class TieOut(Schema):
    kommunenummer_a: str
    kommune_a: str
    kommunenummer_b: str
    kommune_b: str
    felles: int


class SplitOut(Schema):
    """Two regions (their numbers, as text) or councils (ids), most intense first: ties, members
    and the weaker one's share of the two intensities (ties / members)."""

    first: str
    first_ties: int
    first_members: int
    second: str
    second_ties: int
    second_members: int
    share_percent: float


class RegionMemberOut(Schema):
    kommunenummer: str
    kommune: str
    fylkesnummer: str
    region: int
    regionrad: str | None
    region_council: str | None
    avviker: bool
    vippekommune: bool
    ties: int
    ties_by_region: list[list[int]]
    strongest_region: int
    region_split: SplitOut | None
    council_split: SplitOut | None


class RegionOut(Schema):
    id: int
    navn: str
    members: list[str]
    centre: str
    council: str | None
    council_members: int
    counties: list[str]
    internal_ties: int
    external_ties: int


class CouncilFitOut(Schema):
    id: str
    navn: str
    members: int
    in_network: int
    region: int | None
    in_region: int
    share_percent: float
    regions: list[list[int]]


class RegionsOut(Schema):
    year: int
    method: str
    resolution: float
    seed: int
    swing_share: float
    regions: list[RegionOut]
    municipalities: list[RegionMemberOut]
    councils: list[CouncilFitOut]


def _network_of(year: int | None, level: str | None, sector: str | None):
    from samkart.web.registry.views.network import network_and_regions, parse_scope

    scope = parse_scope(level, sector)
    if scope is None:
        raise HttpError(422, "Ukjent nivå eller sektor")
    return network_and_regions(_year(year), scope)


@api.get("/network", response=list[TieOut], tags=["nettverk"])
@paginate(LimitOffsetPagination)
def network(request, year: int | None = None, county: str | None = None,
            level: str | None = None, sector: str | None = None):
    """The cooperation network of a year (``table network`` of the CLI): one pair of
    municipalities per item with the number of counted arrangements they share, most first;
    with ``county``, the pairs with at least one end in it; ``level`` and ``sector`` restrict the
    arrangements."""
    from samkart.analysis.network import network_table

    net, _regions = _network_of(year, level, sector)
    view = store.year_view(_year(year))
    nn = county.zfill(2) if county else None
    return network_table(view, net, nn).records()


def _split_out(split) -> dict | None:
    if split is None:
        return None
    return {**split._asdict(), "share_percent": split.share_percent}


@api.get("/regions", response=RegionsOut, tags=["nettverk"])
def regions(request, year: int | None = None, county: str | None = None,
            level: str | None = None, sector: str | None = None):
    """The functional regions of a year (communities of the network, Leiden, seed 1, resolution
    1) against the regional councils: per region, per municipality (``table regions`` and the
    numbers behind ``avviker`` and ``vippekommune``) and per council. With ``county``, the
    municipalities of that county, and the regions and councils they are in."""
    _net, found = _network_of(year, level, sector)
    view = store.year_view(_year(year))
    nn = county.zfill(2) if county else None
    rows = found.rows(nn)
    names = {k: m.navn for k, m in view.municipalities.items()}
    wanted_regions = {m.region for m in rows}
    councils_in = {c for m in rows for c in view.councils.councils_of.get(m.kommunenummer, ())}
    return {
        "year": found.year, "method": found.settings.method,
        "resolution": found.settings.resolution, "seed": found.settings.seed,
        "swing_share": float(found.settings.swing_share),
        "regions": [{**r._asdict(), "navn": f"Region {r.id} ({names[r.centre]})",
                     "members": list(r.members), "counties": list(r.counties)}
                    for r in found.regions if nn is None or r.id in wanted_regions],
        "municipalities": [{**m._asdict(), "ties_by_region": [list(x) for x in m.ties_by_region],
                            "region_split": _split_out(m.region_split),
                            "council_split": _split_out(m.council_split)} for m in rows],
        "councils": [{**f._asdict(), "share_percent": f.share_percent,
                      "regions": [list(x) for x in f.regions]}
                     for f in found.councils if nn is None or f.id in councils_in],
    }
