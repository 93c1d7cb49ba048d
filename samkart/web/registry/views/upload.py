"""Uploading a register file: check it within limits, show every problem and what would be
created, changed and ended, and write nothing until the whole file is valid and the user
confirms. Arrangements not in the file are left as they are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samkart.register import isolated
from samkart.register.load import load_register_counted
from samkart.register.problems import Problem
from samkart.web.registry import changes, staging, store
from samkart.web.registry.limits import Busy, busy_message, read_upload
from samkart.web.registry.permissions import can_import
from samkart.web.registry.views.forms import BaseForm


class UploadForm(BaseForm):
    fil = forms.FileField(label=_("Registerfil (.xlsx, .json eller .zip med CSV-filer)"))

    def clean_fil(self):
        f = self.cleaned_data["fil"]
        if Path(f.name).suffix.lower() not in staging.SUFFIXES:
            raise forms.ValidationError(gettext(
                "Last opp en .xlsx-fil, en .json-fil eller en .zip-fil med CSV-filene "
                "(ordninger.csv, deltakere.csv …)."))
        limit = settings.SAMKART_UPLOAD_MAX_BYTES
        if f.size > limit:
            raise forms.ValidationError(gettext("Filen er for stor ({size} MB); høyst {limit} MB.")
                                        .format(size=f.size // 1024 // 1024,
                                                limit=limit // 1024 // 1024))
        return f


def _busy(request, context: dict):
    context["busy"] = busy_message()
    response = render(request, "registry/upload.html", context, status=503)
    response["Retry-After"] = "30"
    return response


def _read(path: Path) -> tuple[list[Problem], int, store.ImportPlan | None]:
    """The register in a staged file, the problems to show, how many more there were, and the
    plan (None when the file has errors)."""
    try:
        register, problems = read_upload(load_register_counted, path)
    except isolated.Unreadable as e:
        return [e.problem], 0, None
    shown = problems.sorted()
    if register is None:
        return shown, problems.dropped, None
    plan = store.plan_import(register)
    if plan.problems:
        shown += plan.problems
        return shown, problems.dropped, None
    # Said on the preview: the file's mapping rounds are not taken in (they have no history to
    # keep a change in); its texts are, each as if written on the Tekster page.
    plan.not_imported = {"kartlegginger": len(register.rounds)}
    plan.texts = list(register.texts)
    return shown, problems.dropped, plan


@login_required
def upload(request):
    if not can_import(request.user):
        raise PermissionDenied(gettext(
            "Bare administratorer og analytikere kan laste opp registerfiler."))
    if request.method == "POST" and "bekreft" in request.POST:
        return _confirm(request)
    context: dict = {"form": UploadForm()}
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload_file = form.cleaned_data["fil"]
            staging.discard(request.session.pop("upload_token", None))
            token, path = staging.stage(upload_file, Path(upload_file.name).suffix.lower())
            try:
                problems, dropped, plan = _read(path)
            except Busy:
                staging.discard(token)
                return _busy(request, context)
            context.update(problems=problems, dropped=dropped, plan=plan)
            if plan is None:
                staging.discard(token)
            else:
                context["denied"] = changes.denied_in_import(
                    request.user, plan.created_snapshots, plan.changed_snapshots)
                context["texts"] = changes.plan_texts(request.user, plan.texts)
                request.session["upload_token"] = token
                context["token"] = token
    return render(request, "registry/upload.html", context)


def _confirm(request):
    token = request.session.get("upload_token")
    path = staging.staged(token)
    if not token or request.POST.get("token") != token or path is None:
        messages.error(request, gettext("Opplastingen er utløpt; last opp filen på nytt."))
        return redirect("upload")
    try:
        _, _, plan = _read(path)
    except Busy:
        return _busy(request, {"form": UploadForm()})
    if plan is None:
        messages.error(request, gettext("Filen kan ikke importeres lenger; last den opp på nytt."))
        return redirect("upload")
    texts = changes.plan_texts(request.user, plan.texts)
    if texts.denied:
        raise PermissionDenied(gettext("Filen endrer tekster du ikke har rettigheter til."))
    note = f"opplastet {dt.date.today().isoformat()}"
    try:
        # All or nothing: the arrangements and the texts in one transaction.
        with store.writing():
            changes.import_snapshots(request.user, plan.created_snapshots,
                                     plan.changed_snapshots, note=note)
            changes.import_texts(request.user, texts, note=note)
    except changes.Forbidden as e:
        raise PermissionDenied(gettext("Filen endrer ordninger utenfor dine fylker.")) from e
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("upload")
    staging.discard(token)
    request.session.pop("upload_token", None)
    done = gettext("Importert: {created} nye og {changed} endrede ordninger.").format(
        created=len(plan.created), changed=len(plan.changed))
    written = len(texts.created) + len(texts.changed)
    if written:
        done += " " + ngettext("{n} tekst er skrevet.", "{n} tekster er skrevet.",
                               written).format(n=written)
    messages.success(request, done)
    return redirect("arrangements")
