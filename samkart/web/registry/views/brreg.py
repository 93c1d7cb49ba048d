"""Keeping the web registry in step with Enhetsregisteret (administrators only).

The same comparison as ``samkart import brreg --into``, for the database: the administrator
chooses a county or a municipality, the page fetches from Enhetsregisteret's open API (the bulk
files are far too large to upload; the API's address is the setting ``SAMKART_BRREG_URL``),
shows the differences, and applies them only after confirmation, through the one write path
(``changes.import_from_brreg``). What was shown is kept in the session with the version of each
arrangement it changes: when one has been changed meanwhile, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from samkart.reference import load_reference
from samkart.sources.brreg import Scope, SourceError, nace_table
from samkart.sources.brreg import api as brreg_api
from samkart.sources.brreg.compare import Kind, apply, compare, orgnrs_to_check
from samkart.sources.brreg.rules import map_units, source_text
from samkart.web.registry import changes, store
from samkart.web.registry.models import Arrangement
from samkart.web.registry.permissions import require_admin
from samkart.web.registry.views.forms import BaseForm

SESSION_KEY = "brreg_plan"


class ScopeForm(BaseForm):
    fylke = forms.CharField(label=_("Fylke (fylkesnummer, to siffer)"), required=False,
                            max_length=2)
    kommune = forms.CharField(label=_("eller kommune (kommunenummer, fire siffer)"),
                              required=False, max_length=4)

    def clean(self):
        data = super().clean()
        county, municipality = data.get("fylke", "").strip(), data.get("kommune", "").strip()
        if bool(county) == bool(municipality):
            raise forms.ValidationError(_t("Velg enten et fylke eller en kommune."))
        if county and not (county.isdigit() and len(county) == 2):
            self.add_error("fylke", _t("Et fylkesnummer har to siffer."))
        if municipality and not (municipality.isdigit() and len(municipality) == 4):
            self.add_error("kommune", _t("Et kommunenummer har fire siffer."))
        data["scope"] = Scope(county=county or None, municipality=municipality or None)
        return data


def _require_admin(request) -> None:
    require_admin(request.user, _t("Bare administratorer kan sammenligne med "
                                   "Enhetsregisteret."))


def _plan(scope: Scope) -> dict:
    """Fetch, compare with the database and make what would be written (as snapshots)."""
    register = store.current_register()
    fetched = dt.date.today()
    with brreg_api.ApiClient(settings.SAMKART_BRREG_URL) as client:
        data = brreg_api.fetch(client, scope, fetched, orgnrs_to_check(register, scope),
                               iks_everywhere=False)
    reference = load_reference()
    result = map_units(data, scope, nace_table(), reference)
    comparison = compare(register, result, data)
    updated = apply(register, comparison)
    snapshots = store.register_snapshots(updated)
    changed_keys = sorted({d.key for d in comparison.changes if d.key is not None})
    created_keys = sorted(set(updated.arrangements) - set(register.arrangements))
    versions = dict(Arrangement.objects.filter(key__in=changed_keys)
                    .values_list("key", "version"))
    return {
        "token": secrets.token_urlsafe(16),
        "scope": scope.label(),
        "note": source_text(fetched),
        "lines": [{"kind": d.kind.value, "orgnr": d.orgnr, "key": d.key or "",
                   "navn": d.navn, "detail": d.detail, "applies": d.applies}
                  for d in comparison.differences],
        "unchanged": comparison.unchanged,
        "candidates": comparison.candidates_outside,
        "created": {k: snapshots[k] for k in created_keys},
        "changed": {k: snapshots[k] for k in changed_keys},
        "versions": versions,
    }


@login_required
def brreg(request):
    _require_admin(request)
    if request.method == "POST" and "bekreft" in request.POST:
        return _confirm(request)
    form = ScopeForm(request.POST or None)
    context: dict = {"form": form, "api_url": settings.SAMKART_BRREG_URL,
                     "kinds": {k.value: k.name.lower() for k in Kind}}
    if request.method == "POST" and form.is_valid():
        request.session.pop(SESSION_KEY, None)
        try:
            plan = _plan(form.cleaned_data["scope"])
        except SourceError as e:
            context["error"] = str(e)
        else:
            request.session[SESSION_KEY] = plan
            context["plan"] = plan
    return render(request, "registry/brreg.html", context)


def _confirm(request):
    plan = request.session.get(SESSION_KEY)
    if not plan or request.POST.get("token") != plan.get("token"):
        messages.error(request, _t("Sammenligningen er utløpt; hent og sammenlign på nytt."))
        return redirect("brreg")
    try:
        changes.import_from_brreg(request.user, plan["created"], plan["changed"],
                                  plan["versions"], note=plan["note"])
    except changes.Forbidden as e:
        raise PermissionDenied(str(e)) from e
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("brreg")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _t("Tatt inn fra Enhetsregisteret: {created} nye og {changed} "
                                 "endrede ordninger.").format(created=len(plan["created"]),
                                                              changed=len(plan["changed"])))
    return redirect("arrangements")
