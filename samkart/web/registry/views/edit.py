"""Editing (login): create, change and end arrangements and their participants, and revert a
recorded change. The views turn the forms into fields and participants; ``changes`` checks the
rights, the version and the register's validation, and writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samkart.web.registry import changes, store
from samkart.web.registry.models import Arrangement, Change
from samkart.web.registry.permissions import can_edit, can_propose
from samkart.web.registry.views.forms import ArrangementForm, BaseForm, ParticipantFormSet


def _initial(snap: store.Snapshot) -> tuple[dict, list[dict]]:
    fields = {}
    for c, v in snap["fields"].items():
        if v is None:
            fields[c] = ""
        elif isinstance(v, bool):
            fields[c] = "ja" if v else "nei"
        elif isinstance(v, float) and v.is_integer():
            fields[c] = str(int(v))
        else:
            fields[c] = str(v)
    parts = [{k: "" if v is None else str(v) for k, v in p.items()} for p in snap["deltakere"]]
    return fields, parts


def _attach(problems, form: BaseForm, formset) -> None:
    """Put each validation problem on the field it names (TABLE:ROW:COLUMN)."""
    for p in problems:
        if p.severity.value != "error":
            continue
        if p.table == "ordninger" and p.column in form.fields:
            form.add_error(p.column, p.message)
        elif p.table == "deltakere" and 1 <= p.row <= len(formset.forms):
            sub = formset.forms[p.row - 1]
            if p.column in sub.fields:
                sub.add_error(p.column, p.message)
            else:
                sub.add_error(None, p.message)
        else:
            form.add_error(None, p.line())


def _submitted(form: BaseForm, formset) -> tuple[dict, list[dict]]:
    fields = {c: form.cleaned_data.get(c, "") for c in store.ORD_COLUMNS}
    parts = [
        {c: f.cleaned_data.get(c, "") for c in store.DEL_COLUMNS}
        for f in formset.forms
        if f.is_valid() and f.cleaned_data.get("kommunenummer")
    ]
    return fields, parts


def _form_error(form: BaseForm, formset, error: changes.ChangeError) -> None:
    """Show a refused change on the form it came from."""
    if isinstance(error, changes.Invalid):
        _attach(error.problems, form, formset)
    elif isinstance(error, changes.Conflict):
        form.add_error("id", str(error))
    else:
        form.add_error(None, str(error))


@login_required
def edit(request, key: str | None = None):
    """Create (no key) or change an arrangement; editors without the right make a proposal."""
    a = get_object_or_404(Arrangement.objects.prefetch_related("participations"), key=key) \
        if key else None
    before = store.snapshot(a) if a else None
    allowed = before is None or can_edit(request.user, before)
    proposing = not allowed and can_propose(request.user)
    if not allowed and not proposing:
        raise PermissionDenied(_("Du har ikke rettigheter til å endre denne ordningen."))
    if request.method == "POST":
        form = ArrangementForm(request.POST)
        formset = ParticipantFormSet(request.POST, prefix="d")
        if a is not None:
            form.fields["id"].disabled = True
            form.fields["id"].initial = a.key
        if form.is_valid() and formset.is_valid():
            fields, parts = _submitted(form, formset)
            version = form.cleaned_data.get("version")
            note = form.cleaned_data.get("note", "")
            try:
                if proposing and a is not None:
                    changes.propose(request.user, a.key, fields, parts, version=version,
                                    note=note)
                    messages.success(request, _("Forslaget er sendt til en analytiker for "
                                                "fylket, som godtar eller avviser det."))
                    return redirect("arrangement", key=a.key)
                if a is None:
                    saved = changes.create(request.user, fields, parts, note=note)
                else:
                    saved = changes.update(request.user, a.key, fields, parts, version=version,
                                           note=note)
            except changes.Forbidden as e:
                raise PermissionDenied(str(e)) from e
            except changes.ChangeError as e:
                _form_error(form, formset, e)
            else:
                messages.success(request, _("Endringen er lagret og ført i historikken."))
                return redirect("arrangement", key=saved.key)
    else:
        if before is not None and a is not None:
            fields, parts = _initial(before)
            form = ArrangementForm(initial={**fields, "version": a.version})
            form.fields["id"].disabled = True
            formset = ParticipantFormSet(initial=parts, prefix="d")
        else:
            form = ArrangementForm(initial={"dominerende_part": "kommune", "type": "formell"})
            formset = ParticipantFormSet(prefix="d")
    return render(request, "registry/edit.html", {
        "form": form, "formset": formset, "a": a, "proposing": proposing,
    })


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except ValueError:
        return None


@login_required
@require_POST
def end(request, key: str):
    year = _int_or_none(request.POST.get("ar"))
    if year is None:
        return HttpResponseBadRequest(_("Oppgi året ordningen ble avviklet."))
    try:
        changes.end(request.user, key, year, version=_int_or_none(request.POST.get("version")))
    except changes.NotFound as e:
        raise Http404(str(e)) from e
    except changes.Forbidden as e:
        raise PermissionDenied(str(e)) from e
    except changes.Invalid as e:
        for p in store.errors(e.problems):
            messages.error(request, p.message)
        return redirect("arrangement", key=key)
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("arrangement", key=key)
    messages.success(request, _("Ordningen er avsluttet fra {year}.").format(year=year))
    return redirect("arrangement", key=key)


@login_required
@require_POST
def revert(request, change_id: int):
    """Restore the arrangement as it was before a recorded change (itself recorded). When later
    changes would be undone too, they are shown and the user confirms first."""
    change = get_object_or_404(Change, pk=change_id)
    try:
        changes.revert(request.user, change_id,
                       through=_int_or_none(request.POST.get("bekreft_til")))
    except changes.NotFound as e:
        raise Http404(str(e)) from e
    except changes.Forbidden as e:
        raise PermissionDenied(str(e)) from e
    except changes.LaterChanges as e:
        return render(request, "registry/revert_confirm.html",
                      {"change": change, "later": e.later, "through": e.later[0].pk})
    except changes.Invalid as e:
        messages.error(request, _("Tilstanden før endringen er ikke gyldig lenger: {problems}").format(
                       problems="; ".join(p.message for p in store.errors(e.problems))))
        return redirect("arrangement", key=change.arrangement_key)
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("arrangement", key=change.arrangement_key)
    messages.success(request, _("Endringen er tilbakestilt."))
    return redirect("arrangement", key=change.arrangement_key)
