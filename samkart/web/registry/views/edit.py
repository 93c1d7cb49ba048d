"""Editing (login): create, change and end arrangements, participants, history and revert,
proposals, and uploading a register file. Every write checks permissions on the server and runs the
register's validation; a stale version is refused (no lost update)."""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from samkart.domain.codes import ArrangementType, DominantParty, LegalForm, Level, Role, Sector
from samkart.register import load_register
from samkart.web.registry import changes, store
from samkart.web.registry.models import ApiToken, Arrangement, Change, Proposal, code_choices
from samkart.web.registry.permissions import can_edit, can_import, can_propose

EDITABLE = [c for c in store.ORD_COLUMNS if c != "id"]


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # "Navn", not "Navn:"
        super().__init__(*args, **kwargs)


class ArrangementForm(_Form):
    """All columns as text: the register's validation parses them, with its own messages."""

    id = forms.CharField(label=_("Id"), max_length=100)
    navn = forms.CharField(label=_("Navn"), max_length=300)
    tilknytningsform = forms.ChoiceField(label=_("Tilknytningsform"), choices=code_choices(LegalForm))
    sektor = forms.ChoiceField(label=_("Sektor"), choices=code_choices(Sector))
    delsektor = forms.CharField(label=_("Delsektor"), required=False, max_length=200)
    oppgavefelt = forms.CharField(label=_("Oppgavefelt (koder skilt med ;)"), required=False,
                                  max_length=500)
    lovpalagt = forms.ChoiceField(label=_("Lovpålagt oppgave"), required=False,
                                  choices=[("", _("Ukjent")), ("ja", _("Ja")), ("nei", _("Nei"))])
    vertskommune = forms.CharField(label=_("Vertskommune (kommunenummer)"), required=False,
                                   max_length=4)
    etablert = forms.CharField(label=_("Etablert (år)"), required=False, max_length=4)
    avviklet = forms.CharField(label=_("Avviklet (år)"), required=False, max_length=4)
    niva = forms.ChoiceField(label=_("Nivå"), required=False,
                             choices=code_choices(Level, _("Avledes etter regelen")))
    orgnr = forms.CharField(label=_("Organisasjonsnummer"), required=False, max_length=11)
    kommunal_eierandel = forms.CharField(label=_("Kommunal eierandel (prosent)"), required=False,
                                         max_length=10)
    dominerende_part = forms.ChoiceField(label=_("Dominerende part"),
                                         choices=code_choices(DominantParty))
    type = forms.ChoiceField(label=_("Type"), choices=code_choices(ArrangementType))
    erstatter = forms.CharField(label=_("Erstatter (id)"), required=False, max_length=100)
    budsjett_nok = forms.CharField(label=_("Budsjett (kr)"), required=False, max_length=20)
    arsverk = forms.CharField(label=_("Årsverk"), required=False, max_length=10)
    merknad = forms.CharField(label=_("Merknad"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    kilde = forms.CharField(label=_("Kilde"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Kommentar til endringen"), required=False, max_length=300)


class ParticipantForm(_Form):
    kommunenummer = forms.CharField(label=_("Kommunenummer"), required=False, max_length=4)
    fra = forms.CharField(label=_("Fra år"), required=False, max_length=4)
    til = forms.CharField(label=_("Til år"), required=False, max_length=4)
    rolle = forms.ChoiceField(label=_("Rolle"), choices=code_choices(Role), required=False)


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=3)


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


def _attach(problems, form: ArrangementForm, formset) -> None:
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


def _submitted(form: ArrangementForm, formset) -> tuple[dict, list[dict]]:
    fields = {c: form.cleaned_data.get(c, "") for c in store.ORD_COLUMNS}
    parts = [
        {c: f.cleaned_data.get(c, "") for c in store.DEL_COLUMNS}
        for f in formset.forms
        if f.is_valid() and f.cleaned_data.get("kommunenummer")
    ]
    return fields, parts


def _form_error(form: ArrangementForm, formset, error: changes.ChangeError) -> None:
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
        raise PermissionDenied("Du har ikke rettigheter til å endre denne ordningen.")
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
                if proposing:
                    changes.propose(request.user, a.key, fields, parts, version=version,
                                    note=note)
                    messages.success(request, "Forslaget er sendt til en analytiker for "
                                              "fylket, som godtar eller avviser det.")
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
                messages.success(request, "Endringen er lagret og ført i historikken.")
                return redirect("arrangement", key=saved.key)
    else:
        if before is not None:
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
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_required
@require_POST
def end(request, key: str):
    year = _int_or_none(request.POST.get("ar"))
    if year is None:
        return HttpResponseBadRequest("Oppgi året ordningen ble avviklet.")
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
    messages.success(request, f"Ordningen er avsluttet fra {year}.")
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
        messages.error(request, "Tilstanden før endringen er ikke gyldig lenger: "
                       + "; ".join(p.message for p in store.errors(e.problems)))
        return redirect("arrangement", key=change.arrangement_key)
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("arrangement", key=change.arrangement_key)
    messages.success(request, "Endringen er tilbakestilt.")
    return redirect("arrangement", key=change.arrangement_key)


@login_required
def proposals(request):
    """Open proposals for the arrangements the user decides on as they are now."""
    open_ = list(Proposal.objects.filter(status=Proposal.OPEN).select_related("proposed_by"))
    current = {a.key: store.snapshot(a) for a in Arrangement.objects.prefetch_related(
        "participations").filter(key__in={p.arrangement_key for p in open_})}
    rows = []
    for p in open_:
        now = current.get(p.arrangement_key)
        if changes.may_see_proposal(request.user, p, now):
            rows.append({"p": p, "may_accept": changes.may_accept_proposal(request.user, p, now)})
    return render(request, "registry/proposals.html", {"proposals": rows})


@login_required
@require_POST
def decide(request, proposal_id: int):
    accept = request.POST.get("svar") == "godta"
    try:
        changes.decide(request.user, proposal_id, accept)
    except changes.NotFound as e:
        raise Http404(str(e)) from e
    except changes.Forbidden as e:
        raise PermissionDenied(str(e)) from e
    except changes.Stale:
        messages.error(request, "Ordningen er endret etter at forslaget ble laget; avvis det og "
                                "be om et nytt.")
        return redirect("proposals")
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("proposals")
    messages.success(request, "Forslaget er godtatt." if accept else "Forslaget er avvist.")
    return redirect("proposals")


class UploadForm(_Form):
    fil = forms.FileField(label=_("Registerfil (.xlsx, .json eller .zip med CSV-filer)"))

    def clean_fil(self):
        f = self.cleaned_data["fil"]
        if Path(f.name).suffix.lower() not in (".xlsx", ".json", ".zip"):
            raise forms.ValidationError("Last opp en .xlsx-fil, en .json-fil eller en .zip-fil "
                                        "med CSV-filene (ordninger.csv, deltakere.csv …).")
        return f


@login_required
def upload(request):
    """Upload a register file: check it, show what would be created, changed and ended, and
    write nothing until the whole file is valid and the user confirms."""
    if not can_import(request.user):
        raise PermissionDenied("Bare administratorer og analytikere kan laste opp registerfiler.")
    staged = Path(tempfile.gettempdir()) / "samkart-uploads"
    if request.method == "POST" and "bekreft" in request.POST:
        token = request.session.get("upload_token")
        path = staged / f"{token}" if token else None
        if not token or request.POST.get("token") != token or path is None or not path.exists():
            messages.error(request, "Opplastingen er utløpt; last opp filen på nytt.")
            return redirect("upload")
        register, problems = load_register(_register_path(path))
        if register is None:
            return redirect("upload")
        plan = store.plan_import(register)
        try:
            changes.import_snapshots(request.user, plan.created_snapshots,
                                     plan.changed_snapshots,
                                     note=f"opplastet {dt.date.today().isoformat()}")
        except changes.Forbidden as e:
            raise PermissionDenied("Filen endrer ordninger utenfor dine fylker.") from e
        except changes.ChangeError as e:
            messages.error(request, str(e))
            return redirect("upload")
        messages.success(request, f"Importert: {len(plan.created)} nye og {len(plan.changed)} "
                                  "endrede ordninger.")
        return redirect("arrangements")
    context: dict = {"form": UploadForm()}
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload_file = form.cleaned_data["fil"]
            staged.mkdir(parents=True, exist_ok=True)
            token = secrets.token_urlsafe(16)
            suffix = Path(upload_file.name).suffix.lower()
            target = staged / token
            target.mkdir()
            file_path = target / f"register{suffix}"
            with open(file_path, "wb") as fh:
                for chunk in upload_file.chunks():
                    fh.write(chunk)
            register, problems = load_register(_register_path(target))
            context["problems"] = problems
            if register is not None:
                plan = store.plan_import(register)
                context["plan"] = plan
                context["denied"] = changes.denied_in_import(
                    request.user, plan.created_snapshots, plan.changed_snapshots)
                request.session["upload_token"] = token
                context["token"] = token
    return render(request, "registry/upload.html", context)


def _register_path(folder: Path) -> Path:
    """The register inside an upload folder: an .xlsx or .json file, or a zip of CSV files."""
    import zipfile

    for file in folder.iterdir():
        if file.suffix == ".zip":
            out = folder / "csv"
            if not out.exists():
                out.mkdir()
                with zipfile.ZipFile(file) as z:
                    for member in z.infolist():
                        name = Path(member.filename).name
                        if name.lower().endswith(".csv") and not member.is_dir():
                            (out / name).write_bytes(z.read(member))
            return out
        if file.suffix in (".xlsx", ".json"):
            return file
    return folder / "ukjent-format"


@login_required
def tokens(request):
    """The user's API tokens: make one (shown once, only its hash is kept) or revoke one."""
    new = None
    if request.method == "POST":
        if "slett" in request.POST:
            ApiToken.objects.filter(user=request.user, pk=request.POST.get("slett")).delete()
            messages.success(request, "Nøkkelen er slettet.")
            return redirect("tokens")
        new = ApiToken.issue(request.user, request.POST.get("navn", "")[:100])
    return render(request, "registry/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created"), "new": new})
