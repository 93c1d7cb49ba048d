"""REST API (django-ninja): municipalities, councils, arrangements, participations; OpenAPI 3 at
``/api/schema/``. Reads are public; writes need a token (``Authorization: Bearer …``) or a logged-in
session with its CSRF token, and the same permissions as the pages. Every field, status and error
is in the schema: the arrangement's fields come from the register's column declarations."""

# No "from __future__ import annotations": django-ninja reads the annotations of the views when they
# are decorated, and needs them as objects.
import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import BaseModel, ConfigDict, create_model
from pydantic import Field as PydanticField

from samkart.analysis.tables import norwegian_key
from samkart.analysis.yearview import YearView
from samkart.domain.codes import LegalForm, Level, Sector
from samkart.register.problems import Problem
from samkart.register.schema import DELTAKERE, ORDNINGER, Column
from samkart.web.registry import changes, store
from samkart.web.registry.columns import api_type
from samkart.web.registry.models import ApiToken
from samkart.web.registry.params import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from samkart.analysis.regions import RegionSettings


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
        if found and found.user.is_active:
            request.user = found.user
            return found.user
        return None


class SessionAuth(APIKeyCookie):
    """A logged-in browser session; its CSRF token is checked. Not tried at all when the
    request carries an Authorization header (a bad token is then 401, not a CSRF failure) or no
    logged-in session (401)."""

    param_name = "sessionid"

    def __call__(self, request: HttpRequest):
        if "HTTP_AUTHORIZATION" in request.META or not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(
    title="samkart API", version="1", openapi_url="/schema/", docs_url="/docs/",
    description="Formalisert interkommunalt samarbeid: registerets tabeller som JSON. Reads are "
                "public; writes need `Authorization: Bearer <token>` (made on the page "
                "/konto/api-nokler/) or a logged-in session with its CSRF token. Every error is "
                "an `Error`: a message and, for invalid input, the problems located as in the "
                "register format (table, row, column).")


class ProblemOut(Schema):
    """One problem of the input, located like the register's validation (TABLE:ROW:COLUMN)."""

    severity: Literal["error", "warning"]
    table: str
    row: int
    column: str
    message: str


class Error(Schema):
    detail: str
    problems: list[ProblemOut] = PydanticField(default_factory=list)


def _error(request: HttpRequest, status: int, detail: str,
           problems: list[dict[str, Any]] | None = None):
    return api.create_response(request, {"detail": detail, "problems": problems or []},
                               status=status)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return _error(request, exc.status_code, str(exc.message))


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError):
    response = _error(request, 401, _("Logg inn, eller send Authorization: Bearer <nøkkel>."))
    response["WWW-Authenticate"] = "Bearer"
    return response


class _Invalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


@api.exception_handler(_Invalid)
def _invalid(request: HttpRequest, exc: _Invalid):
    return _error(request, 422, _("Ugyldig ordning"), [
        {"severity": p.severity.value, "table": p.table, "row": p.row, "column": p.column,
         "message": p.message} for p in exc.problems])


@api.exception_handler(ValidationError)
def _schema_error(request: HttpRequest, exc: ValidationError):
    """Input that does not fit the schema, in the same shape as the register's problems:
    ``fields.navn`` is ordninger:1:navn, ``deltakere.2.fra`` is deltakere:3:fra."""
    problems = []
    for error in exc.errors:
        loc = [str(x) for x in error.get("loc", ()) if x not in ("body", "payload", "query",
                                                                   "path", "filters")]
        table, row, column = "request", 0, ".".join(loc)
        if loc[:1] == ["fields"]:
            table, row, column = "ordninger", 1, ".".join(loc[1:])
        elif loc[:1] == ["deltakere"] and len(loc) >= 2 and loc[1].isdigit():
            table, row, column = "deltakere", int(loc[1]) + 1, ".".join(loc[2:])
        problems.append({"severity": "error", "table": table, "row": row, "column": column,
                         "message": str(error.get("msg", ""))})
    return _error(request, 422, _("Ugyldig forespørsel"), problems)


def _year(year: int | None) -> int:
    return year if year is not None else dt.date.today().year


class MunicipalityOut(Schema):
    kommunenummer: str
    navn: str
    fylkesnummer: str
    innbyggere: int | None
    # The year (1 January) of the population figure; None for the register's own figure.
    innbyggere_ar: int | None = None
    malform: str | None = None
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
    orgnr: str | None
    tellende: bool
    grunn: str
    aktive_deltakere: list[str]
    version: int


def _optional(column: Column) -> tuple[Any, Any]:
    return (api_type(column) | None, None) if not column.needs_value else (api_type(column), ...)


_CONFIG = ConfigDict(extra="forbid")
# The columns of ordninger as the register declares them (samkart/register/schema.py). The models
# are made from that declaration when the module loads; the type checker sees them as BaseModels.
if TYPE_CHECKING:
    ArrangementFields = BaseModel
    ArrangementChanges = BaseModel
    ParticipantIn = BaseModel
else:
    ArrangementFields = create_model(
        "ArrangementFields", __config__=_CONFIG,
        **{c.name: _optional(c) for c in ORDNINGER.spec})
    ArrangementChanges = create_model(
        "ArrangementChanges", __config__=_CONFIG,
        **{c.name: _optional(c) for c in ORDNINGER.spec if c.name != "id"})
    ParticipantIn = create_model(
        "ParticipantIn", __config__=_CONFIG,
        **{c.name: _optional(c) for c in DELTAKERE.spec if c.name != "ordning_id"})


class ArrangementCreate(Schema):
    """A new arrangement: its columns of ``ordninger`` (``id`` among them) and participants."""

    model_config = _CONFIG
    fields: ArrangementFields
    deltakere: list[ParticipantIn] = PydanticField(max_length=1000)


class ArrangementUpdate(Schema):
    """An arrangement's new columns (all of them; ``id`` is the path's) and participants, and the
    ``version`` they were based on (the current one, else 409)."""

    model_config = _CONFIG
    fields: ArrangementChanges
    deltakere: list[ParticipantIn] = PydanticField(max_length=1000)
    version: int = PydanticField(ge=1)


Year = Annotated[int, PydanticField(ge=FIRST_YEAR, le=LAST_YEAR)]
County = Annotated[str, PydanticField(pattern=r"^[0-9]{1,2}$")]


class ArrangementFilter(Schema):
    year: Year | None = None
    county: County | None = None
    sector: Literal[tuple(Sector.codes())] | None = None  # type: ignore[valid-type]
    legal_form: Literal[tuple(LegalForm.codes())] | None = None  # type: ignore[valid-type]
    level: Literal[tuple(Level.codes())] | None = None  # type: ignore[valid-type]
    task_field: Annotated[str, PydanticField(max_length=100)] | None = None
    q: Annotated[str, PydanticField(max_length=200)] | None = None
    counted_only: bool = True


@api.get("/municipalities", response={200: list[MunicipalityOut], 422: Error}, tags=["referanse"])
@paginate(LimitOffsetPagination)
def municipalities(request, year: Year | None = None, county: County | None = None):
    """Municipalities valid in the year with their counted arrangements by level."""
    from samkart.analysis.tables import municipalities_table
    from samkart.reference import load_reference

    view = store.year_view(_year(year))
    nn = county.zfill(2) if county else None
    forms = load_reference().language_forms
    return [
        {"kommunenummer": r.kommunenummer, "navn": r.kommune,
         "fylkesnummer": view.municipalities[r.kommunenummer].fylkesnummer,
         "innbyggere": view.municipalities[r.kommunenummer].innbyggere,
         "innbyggere_ar": view.municipalities[r.kommunenummer].innbyggere_ar,
         "malform": forms.get(r.kommunenummer),
         "hoyere": r.hoyere, "regional": r.regional, "lokal": r.lokal, "sum": r.sum}
        for r in municipalities_table(view, nn).rows
    ]


@api.get("/councils", response={200: list[CouncilOut], 422: Error}, tags=["referanse"])
def councils(request, year: Year | None = None):
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
        "niva": s.level.code if s.level else None, "orgnr": a.orgnr,
        "tellende": s.verdict.counted,
        "grunn": s.verdict.reason_text(), "aktive_deltakere": sorted(s.participants),
        "version": versions.get(a.id, 1),
    }


@api.get("/arrangements", response={200: list[ArrangementOut], 422: Error}, tags=["ordninger"])
@paginate(LimitOffsetPagination)
def arrangements(request, filters: Query[ArrangementFilter]):
    """Arrangements as of a year, with the definition's verdict and level; filterable."""
    if filters.q or filters.task_field:  # free text: not worth keeping, and unbounded
        return _arrangements(filters)
    key = ("api-arrangements", _year(filters.year), *filters.model_dump().items())
    return store.memo(key, lambda: _arrangements(filters))


def _arrangements(filters: ArrangementFilter) -> list[dict]:
    view = store.year_view(_year(filters.year))
    out = []
    versions = store.versions()
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


@api.get("/arrangements/{path:key}", response={200: ArrangementOut, 404: Error, 422: Error},
         tags=["ordninger"])
def arrangement(request, key: str, year: Year | None = None):
    view = store.year_view(_year(year))
    if key not in view.statuses:
        raise HttpError(404, _("Ukjent ordning"))
    version = store.version_of(key)  # what a PUT must send back: as the database has it now
    return _arrangement_out(view, key, {key: version} if version is not None else {})


@api.get("/participations", response={200: list[ParticipationOut], 422: Error},
         tags=["ordninger"])
@paginate(LimitOffsetPagination)
def participations(request, arrangement: Annotated[str, PydanticField(max_length=100)] | None
                   = None, kommunenummer: Annotated[str, PydanticField(pattern=r"^[0-9]{4}$")]
                   | None = None, year: Year | None = None):
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


WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 413: Error, 422: Error}


def _write(request, key: str | None, body: ArrangementCreate | ArrangementUpdate) -> dict:
    fields = body.fields.model_dump()
    deltakere = [p.model_dump() for p in body.deltakere]
    try:
        if key is None:
            saved = changes.create(request.user, fields, deltakere, note="via API")
        else:
            assert isinstance(body, ArrangementUpdate)
            saved = changes.update(request.user, key, fields, deltakere,
                                   version=body.version, note="via API")
    except changes.NotFound as e:
        raise HttpError(404, str(e)) from e
    except changes.Forbidden as e:
        raise HttpError(403, str(e)) from e
    except (changes.Conflict, changes.Stale) as e:
        raise HttpError(409, str(e)) from e
    except changes.Invalid as e:
        raise _Invalid(e.problems) from e
    view = store.year_view(dt.date.today().year)
    return _arrangement_out(view, saved.key, {saved.key: saved.version})


@api.post("/arrangements", response={201: ArrangementOut, **WRITE_ERRORS},
          auth=[TokenAuth(), SessionAuth()], tags=["ordninger"])
def create_arrangement(request, body: ArrangementCreate):
    """Create an arrangement. The same rights and validation as the pages: 403 when the
    arrangement would be outside the caller's counties or municipality, 409 when the id is in
    use, 422 with the problems located as in the register format."""
    return Status(201, _write(request, None, body))


@api.put("/arrangements/{path:key}", response={200: ArrangementOut, **WRITE_ERRORS},
         auth=[TokenAuth(), SessionAuth()], tags=["ordninger"])
def update_arrangement(request, key: str, body: ArrangementUpdate):
    """Replace an arrangement's columns and participants; ``version`` must be the current one
    (else 409, with who changed it and when)."""
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


class BorderOut(Schema):
    """One municipality's ties across its county border (``table cross-border``): the other
    county, council (partners at their own council) and functional region with most of them."""

    kommunenummer: str
    kommune: str
    fylkesnummer: str
    forbindelser: int
    forbindelser_over_grensen: int
    andel_prosent: float
    partnere_over_grensen: int
    til_fylkesnummer: str
    til_fylke: str
    forbindelser_til_fylke: int
    til_regionrad: str
    til_regionrad_navn: str
    forbindelser_til_regionrad: int
    til_region: int | None
    forbindelser_til_region: int


class DependencyOut(Schema):
    """One municipality's dependency profile (``table dependency``): statutory task fields
    solved through cooperation, per host (``name (fields)`` joined by ``; ``), and its equal share
    of the arrangements' budgets and staff. The municipal totals and the percentages need the
    user's KOSTRA file, which the site does not have: they are null here."""

    kommunenummer: str
    kommune: str
    ordninger: int
    lovpalagte_ordninger: int
    lovpalagte_oppgavefelt: int
    lovpalagte_oppgavefelt_kjent: int
    via_vertskommune: str
    budsjett_nok: int | None
    budsjett_lovpalagt_nok: int | None
    ordninger_uten_budsjett: int
    brutto_driftsutgifter_nok: float | None
    budsjett_andel_prosent: float | None
    budsjett_lovpalagt_andel_prosent: float | None
    arsverk: float | None
    arsverk_lovpalagt: float | None
    ordninger_uten_arsverk: int
    arsverk_kommune: float | None
    arsverk_andel_prosent: float | None
    arsverk_lovpalagt_andel_prosent: float | None


def _network_of(year: int | None, level: str | None, sector: str | None,
                settings: "RegionSettings | None" = None):
    from samkart.analysis.regions import DEFAULT_SETTINGS
    from samkart.web.registry.views.network import network_and_regions, parse_scope

    scope = parse_scope(level, sector)
    if scope is None:
        raise HttpError(422, _("Ukjent nivå eller sektor"))
    return network_and_regions(_year(year), scope, settings or DEFAULT_SETTINGS)


# The region settings the API accepts: a bounded set (16 resolutions, 10 seeds), since every
# variant is a Louvain run at national scale kept in the cache (issue 14: bounded variants only).
Resolution = Annotated[float, PydanticField(ge=0.25, le=4.0, multiple_of=0.25)]
Seed = Annotated[int, PydanticField(ge=0, le=9)]


if TYPE_CHECKING:  # the codes are data; to the type checker they are strings
    LevelCode = str
    SectorCode = str
else:
    LevelCode = Literal[tuple(Level.codes())]
    SectorCode = Literal[tuple(Sector.codes())]


@api.get("/network", response={200: list[TieOut], 422: Error}, tags=["nettverk"])
@paginate(LimitOffsetPagination)
def network(request, year: Year | None = None, county: County | None = None,
            level: LevelCode | None = None, sector: SectorCode | None = None):
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


@api.get("/regions", response={200: RegionsOut, 422: Error}, tags=["nettverk"])
def regions(request, year: Year | None = None, county: County | None = None,
            level: LevelCode | None = None, sector: SectorCode | None = None,
            resolution: Resolution = 1.0, seed: Seed = 1):
    """The functional regions of a year (communities of the network, Louvain) against the
    regional councils: per region, per municipality (``table regions`` and the numbers behind
    ``avviker`` and ``vippekommune``) and per council. With ``county``, the municipalities of
    that county, and the regions and councils they are in. ``resolution`` (a multiple of 0.25
    from 0.25 to 4; above 1: more, smaller regions) and ``seed`` (0–9) are those of ``table
    regions``; the defaults, 1 and 1, are what the site and the report use."""
    from samkart.analysis.regions import RegionSettings

    _net, found = _network_of(year, level, sector,
                              RegionSettings(resolution=float(resolution), seed=seed))
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


@api.get("/cross-border", response={200: list[BorderOut], 422: Error}, tags=["nettverk"])
@paginate(LimitOffsetPagination)
def cross_border(request, year: Year | None = None, county: County | None = None,
                 level: LevelCode | None = None, sector: SectorCode | None = None,
                 all: bool = False):
    """Cooperation across the county border (``table cross-border`` of the CLI): per municipality,
    its ties to municipalities in other counties, their share of all its ties, and the county,
    council and functional region (default settings) most of them go to; largest share first.
    Only municipalities with ties across the border unless ``all``; with ``county``, that
    county's municipalities; ``level`` and ``sector`` restrict the arrangements."""
    from samkart.analysis.regions import cross_border_pull, cross_border_table

    net, found = _network_of(year, level, sector)
    view = store.year_view(_year(year))
    nn = county.zfill(2) if county else None
    return cross_border_table(view, cross_border_pull(view, net, found), nn,
                              only_across=not all).records()


@api.get("/dependency", response={200: list[DependencyOut], 422: Error}, tags=["nettverk"])
@paginate(LimitOffsetPagination)
def dependency(request, year: Year | None = None, county: County | None = None):
    """The dependency profile of every municipality in a counted arrangement (``table
    dependency`` of the CLI, without ``--totals``): its counted and statutory arrangements, the
    statutory task fields it solves through cooperation out of those known in the year, the
    fields per host, and its equal share of the arrangements' budgets and staff; most statutory
    fields first. With ``county``, that county's municipalities."""
    from samkart.analysis.dependency import dependency_table
    from samkart.web.registry.views.network import dependencies

    y = _year(year)
    nn = county.zfill(2) if county else None
    return dependency_table(store.year_view(y), dependencies(y, nn)).records()
