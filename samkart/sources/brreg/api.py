"""Fetching from Enhetsregisteret's open API, for one county, one municipality or the country.

What is asked, in order:

1. the municipalities and county municipalities (``/enheter?organisasjonsform=KOMM,FYLK``), for
   the numbers of participants;
2. the IKS (the whole country: an IKS seated elsewhere may have participants in the scope; or,
   for the web page, by seat like the rest), the KF and FKF, the ANNA and ORGL (kept when their
   name says what they are, rule R4) and the AS, ASA and SA with a municipal sector code (R5),
   these searched by the municipalities of the scope (``kommunenummer``, the business address);
3. the roles of every IKS, KF and FKF (``/enheter/{orgnr}/roller``);
4. each unit a role or the register names that step 2 did not find (``/enheter/{orgnr}``): a
   deleted unit answers with its ``slettedato``; 404 (unknown) and 410 (withdrawn from
   publication) are recorded as such for the comparison.

The base URL is a setting (``--api-url``, ``SAMKART_BRREG_URL``), so tests point it at a local
server. An answer of 429 or 5xx, or no connection, is tried again after a growing wait (or the
``Retry-After`` the server asks for, up to a limit), then given up with a clear error; a 404 or
410 for a unit that the search has just returned, or any other status, is an error at once.

The models are the `brreg` package's where they fit: its ``EnhetQuery`` builds the search
queries and its ``Page`` reads the search pages (with :class:`~models.Unit` as items). Its HTTP
client is not used: its base URL is fixed, it does not retry, and it answers 404 and 410 with
None (roles: an empty list), which here must be an error or a finding.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
from brreg.enhetsregisteret import EnhetQuery, Page
from pydantic import AliasPath, Field, ValidationError

from samkart.i18n import gettext as _
from samkart.sources.brreg.errors import SourceError
from samkart.sources.brreg.models import Scope, Unit, UnitRoles, describe
from samkart.sources.brreg.rules import (
    COMPANY_FORMS,
    COUNTY_MUNICIPALITY,
    ENTERPRISE_FORMS,
    IKS,
    MUNICIPAL_SECTORS,
    MUNICIPALITY,
    NAMED_FORMS,
    PARTICIPANT_ROLES,
    ROLE_FORMS,
    SourceData,
    wanted_unit,
)

DEFAULT_BASE_URL = "https://data.brreg.no/enhetsregisteret/api"
PAGE_SIZE = 100
SEARCH_LIMIT = 10_000  # the API returns at most this many elements of one search
NUMBERS_PER_SEARCH = 25

FetchProgress = Callable[[str, int, int], None]
"""Called with (what is being fetched, how many so far, how many in all)."""


class UnitPage(Page[Unit]):
    """A page of the search ``/enheter``, as the brreg package reads it, of :class:`Unit`."""

    items: list[Unit] = Field(default_factory=list,
                              validation_alias=AliasPath("_embedded", "enheter"))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to wait when the API is busy (429) or failing (5xx)."""

    attempts: int = 5
    backoff: float = 1.0
    """Seconds before the second attempt; doubled for each one after."""
    max_wait: float = 60.0


@dataclass(frozen=True, slots=True)
class Missing:
    """A unit the API does not give: 404 (unknown) or 410 (withdrawn from publication)."""

    status: int

    def message(self) -> str:
        if self.status == 410:
            return _("fjernet fra offentlig visning i Enhetsregisteret (HTTP 410)")
        return _("finnes ikke i Enhetsregisteret (HTTP 404)")


DEFAULT_RETRY = RetryPolicy()
"""The policy of a client made without one (looked up when the client is made, so a test of
the command can set it)."""


class ApiClient:
    """The few calls of the open API this import makes, with retries."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL, retry: RetryPolicy | None = None,
                 timeout: float = 30.0, sleep: Callable[[float], None] = time.sleep):
        self.base_url = base_url.rstrip("/")
        self.retry = retry if retry is not None else DEFAULT_RETRY
        self.sleep = sleep
        self.http = httpx2.Client(base_url=self.base_url, timeout=timeout, headers={
            "user-agent": "samkart (import brreg)", "accept": "application/json"})
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, path: str, *, missing_ok: bool = False) -> Any:
        """The JSON answer of ``GET base_url + path``; a :class:`Missing` for 404/410 when
        ``missing_ok``."""
        url = f"{self.base_url}{path}"
        for attempt in range(1, self.retry.attempts + 1):
            last = attempt == self.retry.attempts
            wait = min(self.retry.backoff * 2 ** (attempt - 1), self.retry.max_wait)
            self.requests += 1
            try:
                response = self.http.get(path)
            except httpx2.TransportError as e:
                if last:
                    raise SourceError(_(
                        "får ikke kontakt med Enhetsregisteret ({url}) etter {n} forsøk: "
                        "{reason}").format(url=url, n=attempt, reason=e or type(e).__name__)) from e
                self.sleep(wait)
                continue
            status = response.status_code
            if status == 200:
                try:
                    return response.json()
                except ValueError as e:
                    raise SourceError(_("{url}: svaret er ikke JSON").format(url=url)) from e
            if status in (404, 410):
                if missing_ok:
                    return Missing(status)
                raise SourceError(f"{url}: {Missing(status).message()}")
            if status == 429 or status >= 500:
                if last:
                    raise SourceError(_(
                        "{url}: Enhetsregisteret svarer {status} også etter {n} forsøk; prøv "
                        "igjen senere").format(url=url, status=status, n=attempt))
                asked = _retry_after(response)  # 0 is an answer: try again at once
                self.sleep(min(wait if asked is None else asked, self.retry.max_wait))
                continue
            raise SourceError(_("{url}: Enhetsregisteret svarer HTTP {status}").format(
                url=url, status=status))
        raise AssertionError("unreachable")  # pragma: no cover

    def search(self, query: EnhetQuery) -> Iterator[UnitPage]:
        """Every page of a unit search."""
        page_no = 0
        while True:
            q = query.model_copy(update={"page": page_no, "size": PAGE_SIZE})
            path = f"/enheter?{q.as_url_query()}"
            doc = self.get(path)
            try:
                page = UnitPage.model_validate(doc)
            except ValidationError as e:
                raise SourceError(f"{self.base_url}{path}: {describe(e)}") from e
            if page.total_elements > SEARCH_LIMIT:
                raise _TooMany(page.total_elements)
            yield page
            page_no += 1
            if page_no >= page.total_pages:
                return

    def unit(self, orgnr: str) -> Unit | Missing:
        doc = self.get(f"/enheter/{orgnr}", missing_ok=True)
        if isinstance(doc, Missing):
            return doc
        try:
            return Unit.model_validate(doc)
        except ValidationError as e:
            raise SourceError(f"{self.base_url}/enheter/{orgnr}: {describe(e)}") from e

    def roles(self, orgnr: str, *, missing_ok: bool = False) -> UnitRoles:
        """The roles of a unit; none when ``missing_ok`` and the API answers 404 or 410."""
        doc = self.get(f"/enheter/{orgnr}/roller", missing_ok=missing_ok)
        if isinstance(doc, Missing):
            return UnitRoles(organisasjonsnummer=orgnr)
        if not isinstance(doc, dict):
            raise SourceError(_("{url}: ikke et rolledokument").format(
                url=f"{self.base_url}/enheter/{orgnr}/roller"))
        try:
            return UnitRoles.model_validate({**doc, "organisasjonsnummer": orgnr})
        except ValidationError as e:
            raise SourceError(f"{self.base_url}/enheter/{orgnr}/roller: {describe(e)}") from e


class _TooMany(Exception):
    def __init__(self, n: int):
        self.n = n


def _retry_after(response: httpx2.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _search_by_numbers(client: ApiClient, numbers: list[str], **query: Any) -> Iterator[Unit]:
    """A search over the municipalities ``numbers`` (their business address), in groups small
    enough for the API's limit of results."""
    groups = [numbers[i:i + NUMBERS_PER_SEARCH] for i in range(0, len(numbers), NUMBERS_PER_SEARCH)]
    while groups:
        group = groups.pop(0)
        try:
            pages = list(client.search(EnhetQuery(kommunenummer=group, **query)))
        except _TooMany as e:
            if len(group) == 1:
                raise SourceError(_("for mange treff ({n}) i kommune {number}; API-et gir høyst "
                                    "{limit}").format(n=e.n, number=group[0],
                                                      limit=SEARCH_LIMIT)) from None
            half = len(group) // 2
            groups[:0] = [group[:half], group[half:]]
            continue
        for page in pages:
            yield from page.items


def _search(client: ApiClient, **query: Any) -> Iterator[Unit]:
    try:
        for page in client.search(EnhetQuery(**query)):
            yield from page.items
    except _TooMany as e:
        raise SourceError(_("for mange treff ({n}) i søket {query}; API-et gir høyst {limit}")
                          .format(n=e.n, query=query, limit=SEARCH_LIMIT)) from None


def fetch(client: ApiClient, scope: Scope, fetched: dt.date, known: Iterable[str] = (),
          progress: FetchProgress | None = None, iks_everywhere: bool = True) -> SourceData:
    """What the rules need for ``scope``, from the API; ``known`` are orgnrs (of the register
    compared with) to look up when the searches do not find them. With ``iks_everywhere`` false
    the IKS are searched by their seat in the scope like the other forms (fewer calls: for a
    web request), so an IKS seated elsewhere is found only when it is ``known``."""
    tell = progress or (lambda what, done, total: None)
    units: dict[str, Unit] = {}
    forms: Counter[str] = Counter()

    def take(found: Iterable[Unit], keep: Callable[[Unit], bool] = lambda u: True) -> None:
        for unit in found:
            if unit.organisasjonsnummer in units:
                continue
            forms[unit.form] += 1
            if keep(unit):
                units[unit.organisasjonsnummer] = unit

    tell(_("kommuner"), 0, 1)
    take(_search(client, organisasjonsform=[MUNICIPALITY, COUNTY_MUNICIPALITY]))
    numbers = sorted({u.kommunenummer for u in units.values()
                      if u.form == MUNICIPALITY and u.kommunenummer and scope.covers(u.kommunenummer)})
    if scope.municipality is not None and scope.municipality not in numbers:
        numbers = [scope.municipality]

    def search_in_scope(**query: Any) -> Iterator[Unit]:
        if scope.everywhere:
            return _search(client, **query)
        return _search_by_numbers(client, numbers, **query)

    tell(_("enheter"), 1, 4)
    take(_search(client, organisasjonsform=[IKS]) if iks_everywhere
         else search_in_scope(organisasjonsform=[IKS]))
    tell(_("enheter"), 2, 4)
    take(search_in_scope(organisasjonsform=sorted(ENTERPRISE_FORMS)))
    tell(_("enheter"), 3, 4)
    take(search_in_scope(organisasjonsform=sorted(NAMED_FORMS)),
         lambda u: wanted_unit(u.organisasjonsnummer, u.form, u.navn, u.sektorkode))
    take(search_in_scope(organisasjonsform=sorted(COMPANY_FORMS),
                         institusjonell_sektorkode=sorted(MUNICIPAL_SECTORS)))
    tell(_("enheter"), 4, 4)

    gone: dict[str, str] = {}

    def look_up(orgnrs: Iterable[str]) -> None:
        for orgnr in sorted(set(orgnrs) - set(units) - set(gone)):
            found = client.unit(orgnr)
            if isinstance(found, Missing):
                gone[orgnr] = found.message()
            else:
                forms[found.form] += 1
                units[orgnr] = found

    searched = set(units)
    look_up(known)
    roles: dict[str, UnitRoles] = {}
    roles_total = 0
    # Deleted units have no roles to give; a unit looked up by number (the register's) may be
    # one Enhetsregisteret no longer shows roles of, which is no error.
    with_roles = [o for o, u in units.items() if u.form in ROLE_FORMS and u.slettedato is None]
    for i, orgnr in enumerate(with_roles):
        tell(_("roller"), i, len(with_roles))
        roles[orgnr] = client.roles(orgnr, missing_ok=orgnr not in searched)
        roles_total += sum(1 for _r in roles[orgnr].roles())
    tell(_("roller"), len(with_roles), len(with_roles))
    holders = {r.enhet.organisasjonsnummer for rs in roles.values() for r in rs.roles()
               if r.enhet is not None and r.type.kode in PARTICIPANT_ROLES
               and r.enhet.form == MUNICIPALITY and not r.enhet.er_slettet}
    look_up(holders)
    return SourceData(units, roles, forms, roles_total, fetched, complete=False, gone=gone)
