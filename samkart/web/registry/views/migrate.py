"""Carrying the web registry through municipal changes (administrators only).

The same plan as ``samkart migrate REGISTER --to-year Y`` (``samkart.register.migrate``), for the
database: the administrator chooses the year, sees the plan one change a line, answers the splits
that need a decision in a form (which successors each participation continues in), and confirms.
The write goes through the one write path (``changes.migrate_register``) with the version of each
arrangement the plan was made from: when one has been changed meanwhile, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from samkart.register.migrate import Decision, MigrationError, plan_migration
from samkart.web.registry import changes, store
from samkart.web.registry.models import Arrangement
from samkart.web.registry.permissions import require_admin
from samkart.web.registry.views.forms import BaseForm

SESSION_KEY = "migrate_plan"


class YearForm(BaseForm):
    til_ar = forms.IntegerField(label=_("Før registeret fram til 1. januar i år"),
                                min_value=2000, max_value=2100)


def _require_admin(request) -> None:
    require_admin(request.user, _t("Bare administratorer kan føre registeret gjennom "
                                   "kommuneendringer."))


def _decisions(request) -> list[Decision]:
    """The ticked successors: each checkbox's value is ``i:number``, ``i`` the index of the
    decision needed in the plan shown (kept in the session, so no id travels in a field name)."""
    shown = (request.session.get(SESSION_KEY) or {}).get("needed", [])
    out = []
    for value in request.POST.getlist("beslutning"):
        index, _sep, number = value.partition(":")
        if index.isdigit() and int(index) < len(shown):
            need = shown[int(index)]
            if number in need["successors"]:
                out.append(Decision(need["ordning_id"], need["kommunenummer"], number))
    return out


def _plan(year: int, decisions: list[Decision]) -> dict:
    register = store.current_register()
    plan = plan_migration(register, year, decisions)
    before = store.register_snapshots(register)
    after = store.register_snapshots(plan.register)
    changed = sorted(k for k in after if after[k] != before.get(k))
    versions = dict(Arrangement.objects.filter(key__in=changed).values_list("key", "version"))
    return {
        "token": secrets.token_urlsafe(16),
        "year": year,
        "lines": [s.text for s in plan.steps],
        "needed": [{"ordning_id": n.ordning_id, "navn": n.ordning_navn,
                    "kommunenummer": n.kommunenummer, "kommune": n.kommune, "year": n.year,
                    "successors": [s for s, _n in n.successors],
                    "options": [{"number": s, "name": name} for s, name in n.successors]}
                   for n in plan.needed],
        "decided": [[d.ordning_id, d.kommunenummer, d.ny_kommunenummer] for d in decisions],
        "complete": plan.complete,
        "changed": {k: after[k] for k in changed} if plan.complete else {},
        "versions": versions,
    }


@login_required
def migrate_page(request):
    _require_admin(request)
    if request.method == "POST" and "bekreft" in request.POST:
        return _confirm(request)
    form = YearForm(request.POST or None, initial={"til_ar": dt.date.today().year})
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        decisions = _decisions(request)
        request.session.pop(SESSION_KEY, None)
        try:
            plan = _plan(form.cleaned_data["til_ar"], decisions)
        except MigrationError as e:
            context["errors"] = [p.line() for p in e.problems]
        else:
            request.session[SESSION_KEY] = plan
            context["plan"] = plan
            chosen = {(d.ordning_id, d.kommunenummer, d.ny_kommunenummer) for d in decisions}
            context["needed"] = [
                {**n, "index": i, "options": [
                    {**o, "value": f"{i}:{o['number']}",
                     "checked": (n["ordning_id"], n["kommunenummer"], o["number"]) in chosen}
                    for o in n["options"]]}
                for i, n in enumerate(plan["needed"])]
    return render(request, "registry/migrate.html", context)


def _confirm(request):
    plan = request.session.get(SESSION_KEY)
    if not plan or request.POST.get("token") != plan.get("token") or not plan.get("complete"):
        messages.error(request, _t("Planen er utløpt; lag den på nytt."))
        return redirect("migrate")
    try:
        changes.migrate_register(request.user, plan["changed"], plan["versions"],
                                 note=_t("kommuneendringer til {year}").format(year=plan["year"]))
    except changes.Forbidden as e:
        raise PermissionDenied(str(e)) from e
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("migrate")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _t("Ført gjennom kommuneendringene til {year}: {n} ordninger "
                                 "endret.").format(year=plan["year"], n=len(plan["changed"])))
    return redirect("arrangements")
