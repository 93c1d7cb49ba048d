"""Public pages (no login): front page, municipalities, arrangements, report chapters, downloads.

Views only do HTTP: every number comes from the analysis functions on the current register.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samkart.analysis import content
from samkart.analysis.tables import (
    Table,
    arrangements_table,
    counties_table,
    municipalities_table,
    norwegian_key,
    task_fields_table,
)
from samkart.analysis.yearview import YearView
from samkart.domain.codes import LEVEL_ORDER, LegalForm, Level, Role, Sector
from samkart.reference import load_reference, map_year_for, outlines
from samkart.reference.lawrules import findings, form_label
from samkart.register.schema import ORDNINGER, Kind
from samkart.register.schema import Column as SpecColumn
from samkart.report import maps
from samkart.report.build import build_report
from samkart.report.document import TableBlock, fmt
from samkart.web.registry import changes, store
from samkart.web.registry import params as param
from samkart.web.registry.cache import cached_page, exclusive, kept_fragment, reports
from samkart.web.registry.downloads import XLSX, csv_response, xlsx_response
from samkart.web.registry.html import Column, Link, data_table
from samkart.web.registry.layout import csrf_token, site_page
from samkart.web.registry.models import Change, Proposal
from samkart.web.registry.permissions import can_edit, can_propose


def public_page(name: str, parse: Callable[[QueryDict], Hashable | None]):
    """A public page: its query parsed by ``parse`` into the validated parameters the view is
    given (a wrong value is a 400 with the reason, never a 500), and the response served from the
    page cache under those parameters and the path's values. ``parse`` returns None for a request
    not worth keeping (a free-text search)."""
    def decorate(view):
        @functools.wraps(view)
        def page(request, *args, **kwargs):
            try:
                params = parse(request.GET)
            except param.BadParameter as e:
                return HttpResponseBadRequest(str(e), content_type="text/plain; charset=utf-8")
            if params is None or not all(isinstance(v, str) and len(v) <= 200
                                         for v in (*args, *kwargs.values())):
                return view(request, params, *args, **kwargs)
            key = (params, args, tuple(sorted(kwargs.items())))
            return cached_page(request, name, key,
                               lambda: view(request, params, *args, **kwargs))
        return page
    return decorate


@dataclass(frozen=True)
class YearParams:
    year: int

    @classmethod
    def parse(cls, query: QueryDict) -> YearParams:
        return cls(param.year_or(query, param.this_year()))


@dataclass(frozen=True)
class ListParams:
    """The filters of the lists of municipalities and arrangements."""

    year: int
    county: str
    sector: str = ""
    form: str = ""
    level: str = ""
    task_field: str = ""
    q: str = ""
    everything: bool = False
    page: int = 1

    @classmethod
    def parse(cls, query: QueryDict) -> ListParams:
        return cls(
            year=param.year_or(query, param.this_year()), county=param.county(query),
            sector=param.choice(query, "sektor", set(Sector.codes())),
            form=param.choice(query, "form", set(LegalForm.codes())),
            level=param.choice(query, "niva", set(Level.codes())),
            task_field=param.text(query, "oppgavefelt", 100), q=param.text(query, "q"),
            everything=param.choice(query, "alle", {"1", "0"}) == "1",
            page=param.page(query))

    @classmethod
    def parse_cached(cls, query: QueryDict) -> ListParams | None:
        """As :meth:`parse`; None (not kept) for a free-text search."""
        params = cls.parse(query)
        return None if params.q else params


def _year_of(request) -> int:
    """The year of a page that is not cached (editing): invalid years fall back to this one."""
    try:
        return param.year(request.GET, default=param.this_year()) or param.this_year()
    except param.BadParameter:
        return param.this_year()


def _view(year: int) -> YearView:
    return store.year_view(year)


def _county_options(view: YearView) -> list[tuple[str, str]]:
    return [(c, view.register.county_name(c, view.year))
            for c in sorted(view.participating_counties())]


def _name(code) -> str:
    """A code's label in the interface language."""
    return code.label


BRREG_UNIT = "https://data.brreg.no/enhetsregisteret/oppslag/enheter/{orgnr}"


def _in_brreg(name: str, orgnr: str | None) -> tuple[str, str, str] | None:
    """The link beside an arrangement with an organisation number to its unit in
    Enhetsregisteret."""
    if not orgnr:
        return None
    return (_("Enhetsregisteret"), BRREG_UNIT.format(orgnr=orgnr),
            _("{name} i Enhetsregisteret").format(name=name))


def _prefixes() -> dict[str, str]:
    """Link prefixes for pages with long tables: one reverse() instead of one per row."""
    return {"arr_prefix": reverse("arrangements"), "mun_prefix": reverse("municipalities")}


@public_page("home", YearParams.parse)
def home(request, params: YearParams):
    year = params.year
    view = _view(year)
    counted = view.counted()
    taking_part = {k for s in counted for k in s.participants}
    values = {k: 0 for k in taking_part}
    for s in counted:
        for k in s.participants:
            values[k] += 1
    names = {k: m.navn for k, m in view.municipalities.items()}
    title = _("Kart: antall ordninger per kommune {year}").format(year=year)
    svg, missing = store.memo(("home-map", year, get_language()), lambda: maps.choropleth(
        outlines(map_year_for(year)), values, names, title))
    counties = counties_table(view)
    return render(request, "registry/home.html", {
        "year": year,
        "counted": len(counted),
        "municipalities": len(taking_part),
        "mean": fmt(round(sum(values.values()) / len(values), 1) if values else 0.0),
        "registered": len(view.register.arrangements),
        "map": svg, "missing": len(missing), "map_year": map_year_for(year),
        "county_rows": counties.records(), "counties": [], "county": "",
    })


@public_page("municipalities", ListParams.parse_cached)
def municipality_list(request, params: ListParams | None):
    params = params or ListParams.parse(request.GET)
    year, county = params.year, params.county
    view = _view(year)
    options = _county_options(view)
    scope = {county} if county else {c for c, _ in options}
    q = params.q.casefold()
    rows = [r for r in municipalities_table(view).records()
            if view.municipalities[str(r["kommunenummer"])].fylkesnummer in scope
            and (not q or q in str(r["kommune"]).casefold() or q == r["kommunenummer"])]
    if q and len(rows) == 1:  # one match: straight to the municipality's page
        return redirect(f"{reverse('municipality', args=[rows[0]['kommunenummer']])}?ar={year}")
    for r in rows:
        r["fylke"] = view.register.county_name(
            view.municipalities[str(r["kommunenummer"])].fylkesnummer, year)
    return render(request, "registry/municipality_list.html", {
        **_prefixes(),
        "year": year, "county": county, "counties": options, "rows": rows, "q": q,
    })


@public_page("municipality", YearParams.parse)
def municipality_detail(request, params: YearParams, kommunenummer: str):
    year = params.year
    view = _view(year)
    m = view.municipalities.get(kommunenummer)
    if m is None:
        m = view.register.municipalities.any_version(kommunenummer)
        if m is None:
            raise Http404("Ukjent kommunenummer")
        return render(request, "registry/municipality_gone.html", {"m": m, "year": year})
    body = kept_fragment("municipality", (year, kommunenummer),
                         lambda: _municipality_body(view, m, year))
    return site_page(request, m.navn, body)


def _municipality_body(view: YearView, m, year: int) -> str:
    """The page's content without the site around it (the same for every reader)."""
    malform = load_reference().language_forms.get(m.kommunenummer)
    return render_to_string("registry/_municipality_body.html", {
        "year": year, "m": m, "county": view.register.county_name(m.fylkesnummer, year),
        "malform": _malform_name(malform) if malform else None,
        **_municipality_tables(view, m, year)})


def _malform_name(code: str) -> str:
    """The official language form (reference/data/malform.csv) in the reader's language."""
    return {"bokmål": _("bokmål"), "nynorsk": _("nynorsk"), "nøytral": _("nøytral")}.get(code, code)


def _municipality_tables(view: YearView, m, year: int) -> dict:
    """What a municipality's page shows of the data: the same for every reader of a year and
    language, so it is worked out once per data version."""
    kommunenummer = m.kommunenummer
    profile = content.municipality_profile(view, kommunenummer)
    counts = {level.code: 0 for level in LEVEL_ORDER}
    partners: dict[str, int] = {}
    for s in view.counted():
        if kommunenummer in s.participants:
            counts[s.counted_level.code] += 1
            for k in s.participants - {kommunenummer}:
                partners[k] = partners.get(k, 0) + 1
    names = {k: v.navn for k, v in view.municipalities.items()}
    partner_rows = sorted(((names.get(k, k), k, n) for k, n in partners.items()),
                          key=lambda r: (-r[2], norwegian_key(r[0])))
    values = dict(partners)
    values[kommunenummer] = max(partners.values(), default=0)
    title = _("Kart: samarbeidspartnere for {name} {year}").format(name=m.navn, year=year)
    svg, _missing = maps.choropleth(outlines(map_year_for(year)), values, names, title)
    arr, mun = _prefixes()["arr_prefix"], _prefixes()["mun_prefix"]
    profile_table = data_table(
        _("Tellende ordninger {name} deltar i, {year}").format(name=m.navn, year=year),
        [Column(_("Ordning")), Column(_("Sektor")), Column(_("Tilknytningsform")),
         Column(_("Vertskommune")), Column(_("Nivå")), Column(_("Partnere"), numeric=True),
         Column(_("Etablert"), numeric=True)],
        ((Link(r.navn, f"{arr}{quote(r.id, safe='')}/?ar={year}",
               also=_in_brreg(r.navn, view.register.arrangements[r.id].orgnr)),
          r.sektor, r.tilknytningsform, r.vertskommune,
          _name(Level.parse(r.niva)) if r.niva else "", r.antall_partnere, r.etablert)
         for r in profile.rows),
        _("Ingen tellende ordninger i {year}.").format(year=year))
    partner_table = data_table(
        _("Kommuner {name} samarbeider med, og i hvor mange ordninger").format(name=m.navn),
        [Column(_("Kommune")), Column(_("Felles ordninger"), numeric=True)],
        ((Link(navn, f"{mun}{nr}/?ar={year}"), n) for navn, nr, n in partner_rows),
        _("Ingen."))
    return {"counts": counts, "total": sum(counts.values()), "profile_table": profile_table,
            "partner_table": partner_table, "map": svg}


@public_page("arrangements", ListParams.parse_cached)
def arrangement_list(request, params: ListParams | None):
    params = params or ListParams.parse(request.GET)
    year, county = params.year, params.county
    view = _view(year)
    f = {"fylke": county, "sektor": params.sector, "form": params.form, "niva": params.level,
         "oppgavefelt": params.task_field, "q": params.q, "alle": "1" if params.everything else ""}
    statuses = list(view.statuses.values())
    if not params.everything:
        statuses = [s for s in statuses if s.verdict.counted]
    if county:
        statuses = [s for s in statuses
                    if any(view.municipalities[k].fylkesnummer == county for k in s.participants)]
    if f["sektor"]:
        statuses = [s for s in statuses if s.arrangement.sektor.code == f["sektor"]]
    if f["form"]:
        statuses = [s for s in statuses if s.arrangement.tilknytningsform.code == f["form"]]
    if f["niva"]:
        statuses = [s for s in statuses if s.level and s.level.code == f["niva"]]
    if f["oppgavefelt"]:
        statuses = [s for s in statuses if f["oppgavefelt"] in s.arrangement.oppgavefelt]
    if f["q"]:
        q = f["q"].casefold()
        statuses = [s for s in statuses
                    if q in s.arrangement.navn.casefold() or q in s.arrangement.id.casefold()]
    statuses.sort(key=lambda s: norwegian_key(s.arrangement.navn))
    paginator = Paginator(statuses, 50)
    if params.page > paginator.num_pages:
        raise Http404("Siden finnes ikke")
    page = paginator.page(params.page)
    names = {k: m.navn for k, m in view.municipalities.items()}
    rows = [{
        "id": s.arrangement.id, "navn": s.arrangement.navn,
        "form": _name(s.arrangement.tilknytningsform), "sektor": _name(s.arrangement.sektor),
        "niva": _name(s.level) if s.level else "", "deltakere": len(s.participants),
        "counted": s.verdict.counted, "reason": s.verdict.reason_text(),
        "vert": names.get(s.arrangement.vertskommune or "", ""),
    } for s in page.object_list]
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "registry/arrangement_list.html", {
        **_prefixes(),
        "year": year, "f": f, "county": county, "counties": _county_options(view),
        "sectors": [(c.code, _name(c)) for c in Sector],
        "forms": [(c.code, _name(c)) for c in LegalForm],
        "levels": [(c.code, _name(c)) for c in Level],
        "fields": sorted(((t.kode, t.navn) for t in view.register.task_fields.values()),
                         key=lambda t: norwegian_key(t[1])),
        "rows": rows, "page": page, "total": len(statuses), "query": query.urlencode(),
    })


@public_page("arrangement", YearParams.parse)
def arrangement_detail(request, params: YearParams, key: str):
    year = params.year
    view = _view(year)
    d = view.register.arrangements.get(key)  # the database as of its data version
    if d is None:
        raise Http404("Ukjent ordning")
    # What every reader sees is rendered once per data version (kept_fragment); what depends on
    # the reader (the edit form, the revert buttons with their CSRF token, the open proposals
    # they may see) is rendered for each request.
    user = request.user
    may_edit = version = current = None
    if user.is_authenticated:  # the version (the optimistic lock's) is shown to them only
        current = store.register_snapshot(view.register, key)
        may_edit = can_edit(user, current)
        version = store.version_of(key)
    facts = kept_fragment("arrangement-facts", (year, key, version),
                          lambda: render_to_string("registry/_arrangement_facts.html",
                                                   {**_arrangement_facts(view, d, year),
                                                    "version": version}))
    participants = kept_fragment("arrangement-participants", (year, key),
                                 lambda: _participants_table(view, d, year))
    if may_edit and key in store.revertable():  # revert buttons: the reader's own forms
        history = _history(request, key, may_edit=True)
    else:
        history = kept_fragment("arrangement-history", key,
                                lambda: _history(None, key, may_edit=False))
    return site_page(request, d.navn, render_to_string("registry/arrangement_detail.html", {
        "year": year, "a": d, "version": version, "facts": facts,
        "participants_table": participants, "history": history,
        "may_edit": may_edit, "may_propose": can_propose(user),
        "proposals": _open_proposals(key, user, current) if current is not None else [],
        "csrf_token": csrf_token(request),  # the layout's, masked once
    }, request=request))


def _open_proposals(key: str, user, current: store.Snapshot) -> list[Proposal]:
    """The arrangement's open proposals that the logged-in ``user`` may see, ``current`` being
    the arrangement as it is: those they would decide (as the proposals page shows them) and
    their own. Never to anonymous readers (a proposer's name and note are not public, and a
    public page is kept whole, where a proposal would go stale)."""
    if not store.open_proposals():
        return []
    return [p for p in Proposal.objects.filter(arrangement_key=key, status=Proposal.OPEN)
            .select_related("proposed_by")
            if p.proposed_by_id == user.pk or changes.may_see_proposal(user, p, current)]


def _history(request, key: str, may_edit: bool) -> str:
    """The arrangement's recorded changes (the last 50), with revert buttons for an editor
    (rendered with ``request``, whose CSRF token they carry)."""
    changes = Change.objects.filter(arrangement_key=key).select_related("user")[:50]
    context = {"history": [_history_row(c) for c in changes], "may_edit": may_edit}
    if request is not None:
        context["csrf_token"] = csrf_token(request)  # the page's, masked once
    return render_to_string("registry/_arrangement_history.html", context, request=request)


def _participants_table(view: YearView, d, year: int) -> str:
    """The arrangement's participants over time, marked active or not in ``year``."""
    status = view.statuses.get(d.id)
    index = view.register.municipalities
    mun = _prefixes()["mun_prefix"]
    rows = []
    for p in sorted(store.participations_of(view.register, d.id),
                    key=lambda p: (p.kommunenummer, p.fra or 0)):
        m = index.valid(p.kommunenummer, year) or index.any_version(p.kommunenummer)
        active = status is not None and p.kommunenummer in status.participants
        rows.append((Link(m.navn if m else p.kommunenummer, f"{mun}{p.kommunenummer}/?ar={year}"),
                     p.kommunenummer, p.fra, p.til, _name(p.rolle), _("ja") if active else _("nei")))
    return data_table(
        _("Deltakende kommuner med år; «aktiv» gjelder {year}").format(year=year),
        [Column(_("Kommune")), Column(_("Nr.")), Column(_("Fra"), numeric=True),
         Column(_("Til"), numeric=True), Column(_("Rolle")), Column(_("Aktiv"))], rows,
        _("Ingen deltakere."))


def _arrangement_facts(view: YearView, d, year: int) -> dict:
    """What an arrangement's page shows of the data besides its participants: the same for every
    reader of a year and language while the data is unchanged."""
    status = view.statuses.get(d.id)
    index = view.register.municipalities
    names = {
        "form": _name(d.tilknytningsform), "sector": _name(d.sektor),
        "level": _name(d.niva) if d.niva else "", "type": _name(d.type),
        "party": _name(d.dominerende_part),
        "status_level": _name(status.level) if status and status.level else "",
        "host": "",
    }
    if d.vertskommune:
        host = index.valid(d.vertskommune, year) or index.any_version(d.vertskommune)
        names["host"] = f"{host.navn} ({d.vertskommune})" if host else d.vertskommune
    fields = [(view.register.task_fields[c].navn if c in view.register.task_fields else c)
              for c in d.oppgavefelt]
    # The Local Government Act of the year: its term for the legal form, and the rules of the
    # 2018 Act the arrangement breaks in the year (reference/data/lovregler.csv).
    legal_label, legal_basis = form_label(d.tilknytningsform, year)
    hosts = {p.kommunenummer for p in store.participations_of(view.register, d.id)
             if p.rolle is Role.VERTSKOMMUNE}
    law = [{"message": f.message, "paragraph": f.rule.cited, "in_force": f.rule.in_force,
            "sources": f.rule.source.split(" ; ")}
           for f in findings(d, hosts, year)]
    return {"a": d, "year": year, "names": names, "status": status, "fields": fields,
            "legal_label": legal_label, "legal_basis": legal_basis, "law": law}


def _history_value(column: SpecColumn | None, value: object) -> object:
    """A recorded value as a person reads it: a code's label, ja/nei, else as recorded."""
    if value is None or column is None:
        return value
    if column.codes is not None:
        member = column.codes.parse(str(value))
        return member.label if member is not None else value
    if column.kind is Kind.BOOLEAN and str(value) in ("True", "False"):
        return _("ja") if str(value) == "True" else _("nei")
    return value


def _history_row(change: Change) -> dict:
    before = (change.before or {}).get("fields", {})
    after = (change.after or {}).get("fields", {})
    # In the contract's column order, under the form's labels; other columns (a file's own
    # extra ones) after them by name.
    columns = ORDNINGER.by_name
    order = {name: i for i, name in enumerate(columns)}
    changed = sorted((k for k in set(before) | set(after) if before.get(k) != after.get(k)),
                     key=lambda k: (order.get(k, len(order)), k))
    diffs = [(_(columns[k].label) if k in columns else k,
              _history_value(columns.get(k), before.get(k)),
              _history_value(columns.get(k), after.get(k))) for k in changed]
    b_parts = {json.dumps(p, sort_keys=True) for p in (change.before or {}).get("deltakere", [])}
    a_parts = {json.dumps(p, sort_keys=True) for p in (change.after or {}).get("deltakere", [])}
    return {"change": change, "diffs": diffs,
            "added": [json.loads(p) for p in sorted(a_parts - b_parts)],
            "removed": [json.loads(p) for p in sorted(b_parts - a_parts)]}


@dataclass(frozen=True)
class ReportParams:
    year: int
    county: str
    compare: int | None
    table: str
    format: str

    @classmethod
    def parse(cls, query: QueryDict) -> ReportParams:
        year = param.year(query, default=param.this_year())
        assert year is not None
        compare = param.year(query, "sammenlign")
        if compare is not None and not year - 30 <= compare < year:
            raise param.BadParameter(f"sammenlign: et år før {year}, og høyst 30 år før")
        return cls(year, param.county(query), compare, param.text(query, "tabell", 100),
                   param.choice(query, "format", {"csv", "xlsx"}) or "csv")


class Busy(Exception):
    """Another report is being built: the reader is asked to come back in a moment."""


def _report(params: ReportParams):
    """The report of these parameters, kept while the data is unchanged. Building one takes
    seconds, so only one is built at a time on the whole server (a lock shared by its processes):
    a flood of requests for reports not yet built gets "come back soon" instead of occupying
    every worker, and a report once built is never built again for the same data."""
    # The report's text is in the reader's language: one kept report per language.
    key = ("report", params.year, params.compare, params.county, get_language())
    kept = reports().get(repr((store.data_version(), key)))
    if kept is not None:
        return kept
    with exclusive("report") as mine:
        if not mine:
            raise Busy
        document = reports().get(repr((store.data_version(), key)))
        if document is None:
            document = build_report(store.current_register(), params.year, params.compare,
                                    params.county or None, source_name="samarbeidsregisteret")
            reports().set(repr((store.data_version(), key)), document)
    return document


@public_page("report", ReportParams.parse)
def report_page(request, params: ReportParams, chapter: str = ""):
    year, county = params.year, params.county
    view = store.year_view(year)
    options = _county_options(view)
    if county and county not in {c for c, _ in options}:
        raise Http404("Fylket har ingen tellende ordninger i året")
    try:
        document = _report(params)
    except Busy:
        response = render(request, "registry/report_busy.html", {"year": year}, status=503)
        response["Retry-After"] = "5"
        return response
    chapters = document.chapters
    current = next((c for c in chapters if c.id == chapter), None) if chapter else None
    if chapter and current is None:
        raise Http404("Ukjent kapittel")
    if params.table:
        # By the table's label, not its number: a number names another table once a chapter is
        # added before it, and a saved link should still give the same table.
        block = next((b for ch in chapters for sec in ch.sections for b in sec.blocks
                      if isinstance(b, TableBlock) and b.label == params.table), None)
        if block is None:
            raise Http404("Ukjent tabell")
        return _table_response(block.table, f"{params.table}-{year}", params.format)
    query = QueryDict(mutable=True)
    query.update({k: v for k, v in (("ar", str(year)), ("fylke", county),
                                    ("sammenlign", str(params.compare or ""))) if v})
    return render(request, "registry/report.html", {
        "year": year, "county": county, "compare": params.compare, "report": document,
        "chapter": current or chapters[0], "chapters": chapters, "counties": options,
        "query": query.urlencode(),
    })


# -- downloads ------------------------------------------------------------------------------------

@public_page("register", lambda query: ())
def download_register(request, params: tuple, fmt_: str):
    from samkart.register.write import write_csv_folder, write_json, write_xlsx

    register = store.current_register()
    stamp = dt.date.today().isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        if fmt_ == "zip":
            folder = Path(tmp) / "register"
            write_csv_folder(register, folder)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                for file in sorted(folder.iterdir()):
                    z.write(file, f"samarbeidsregister-{stamp}/{file.name}")
            data, mime = buffer.getvalue(), "application/zip"
        elif fmt_ == "xlsx":
            path = Path(tmp) / "register.xlsx"
            write_xlsx(register, path)
            data = path.read_bytes()
            mime = XLSX
        elif fmt_ == "json":
            path = Path(tmp) / "register.json"
            write_json(register, path)
            data, mime = path.read_bytes(), "application/json"
        else:
            raise Http404("Ukjent format")
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="samarbeidsregister-{stamp}.{fmt_}"'
    return response


TABLES: dict[str, Callable[[YearView, str], Table[Any]]] = {
    "kommuner": lambda view, county: municipalities_table(view, county or None),
    "fylker": lambda view, county: counties_table(view),
    "ordninger": lambda view, county: arrangements_table(view),
    "oppgavefelt": lambda view, county: task_fields_table(view),
}


@dataclass(frozen=True)
class TableParams:
    year: int
    county: str

    @classmethod
    def parse(cls, query: QueryDict) -> TableParams:
        year = param.year(query, default=param.this_year())
        assert year is not None
        return cls(year, param.county(query))


@public_page("table", TableParams.parse)
def download_table(request, params: TableParams, name: str, fmt_: str):
    if name not in TABLES or fmt_ not in ("csv", "xlsx"):
        raise Http404("Ukjent tabell")
    year = params.year
    table = TABLES[name](_view(year), params.county)
    return _table_response(table, f"{name}-{year}", fmt_)


def _table_response(table: Table, stem: str, fmt_: str) -> HttpResponse:
    """A table as a CSV (UTF-8 with BOM, for Excel) or xlsx download."""
    if fmt_ == "csv":
        return csv_response(table.columns, table.flat_rows(), f"{stem}.csv")
    if fmt_ == "xlsx":
        return xlsx_response(table.columns, table.flat_rows(), f"{stem}.xlsx", sheet=stem)
    raise Http404("Ukjent format")

