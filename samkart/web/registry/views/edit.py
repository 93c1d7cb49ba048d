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
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from samkart.domain.codes import ArrangementType, DominantParty, LegalForm, Level, Role, Sector
from samkart.register import load_register
from samkart.web.registry import store
from samkart.web.registry.models import ApiToken, Arrangement, Change, Proposal, code_choices
from samkart.web.registry.permissions import (
    can_change,
    can_decide,
    can_edit,
    can_import,
    can_propose,
)

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
            if a is not None:
                fields["id"] = a.key
            elif Arrangement.objects.filter(key=fields["id"]).exists():
                form.add_error("id", "Denne id-en er allerede i bruk.")
            snap, problems = store.check({**fields, "_extra": a.extra if a else {}}, parts)
            _attach(problems, form, formset)
            if snap is not None and not form.errors and not any(f.errors for f in formset):
                if proposing:
                    Proposal.objects.create(arrangement_key=a.key, proposed_by=request.user,
                                            base_version=a.version, after=snap,
                                            note=form.cleaned_data.get("note", ""))
                    messages.success(request, "Forslaget er sendt til en analytiker for "
                                              "fylket, som godtar eller avviser det.")
                    return redirect("arrangement", key=a.key)
                if not can_change(request.user, before, snap):
                    raise PermissionDenied("Endringen ville gi en ordning du ikke har "
                                           "rettigheter til.")
                saved = _save(request, a, before, snap, form.cleaned_data.get("version"),
                              form.cleaned_data.get("note", ""), form)
                if saved is not None:
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


def _save(request, a: Arrangement | None, before, snap, version, note, form):
    with transaction.atomic():
        if a is not None:
            # Lock the row and compare versions: the second of two concurrent saves loses.
            current = Arrangement.objects.select_for_update().get(pk=a.pk)
            if version is None or current.version != version:
                last = Change.objects.filter(arrangement_key=a.key).first()
                who = last.user.get_username() if last and last.user else "en annen"
                when = timezone.localtime(last.at).strftime("%d.%m.%Y kl. %H:%M") if last else ""
                form.add_error(None, f"Ordningen ble endret av {who} {when} etter at du åpnet "
                                     "den. Endringen din er ikke lagret. Åpne ordningen på nytt, "
                                     "se hva som er endret, og gjør endringen din igjen.")
                return None
            before = store.snapshot(current)
            saved = store.apply(current, snap)
            store.record(request.user, a.key, "endret", before, snap, note)
        else:
            saved = store.apply(None, snap)
            store.record(request.user, saved.key, "opprettet", None, snap, note)
    return saved


@login_required
@require_POST
def end(request, key: str):
    a = get_object_or_404(Arrangement.objects.prefetch_related("participations"), key=key)
    before = store.snapshot(a)
    if not can_edit(request.user, before):
        raise PermissionDenied("Du har ikke rettigheter til å avslutte denne ordningen.")
    try:
        year = int(request.POST.get("ar", ""))
    except ValueError:
        return HttpResponseBadRequest("Oppgi året ordningen ble avviklet.")
    after = {**before, "fields": {**before["fields"], "avviklet": year}}
    snap, problems = store.check({**after["fields"], "_extra": a.extra}, after["deltakere"])
    if snap is None:
        for p in store.errors(problems):
            messages.error(request, p.message)
        return redirect("arrangement", key=key)
    with transaction.atomic():
        current = Arrangement.objects.select_for_update().get(pk=a.pk)
        if str(current.version) != request.POST.get("version"):
            messages.error(request, "Ordningen er endret av noen andre etter at du åpnet den; "
                                    "ingenting er lagret.")
            return redirect("arrangement", key=key)
        store.apply(current, snap)
        store.record(request.user, key, "avsluttet", before, snap, f"avviklet {year}")
    messages.success(request, f"Ordningen er avsluttet fra {year}.")
    return redirect("arrangement", key=key)


@login_required
@require_POST
def revert(request, change_id: int):
    """Restore the arrangement as it was before a recorded change (itself recorded)."""
    change = get_object_or_404(Change, pk=change_id)
    if change.before is None:
        raise Http404("En opprettelse kan ikke tilbakestilles; avslutt ordningen i stedet.")
    with transaction.atomic():
        a = Arrangement.objects.select_for_update().prefetch_related("participations").filter(
            key=change.arrangement_key).first()
        current = store.snapshot(a) if a else None
        if not can_change(request.user, current, change.before):
            raise PermissionDenied("Du har ikke rettigheter til å tilbakestille denne endringen.")
        snap, problems = store.check({**change.before["fields"],
                                      "_extra": change.before.get("extra")},
                                     change.before["deltakere"])
        if snap is None:
            messages.error(request, "Tilstanden før endringen er ikke gyldig lenger: "
                           + "; ".join(p.message for p in store.errors(problems)))
            return redirect("arrangement", key=change.arrangement_key)
        store.apply(a, snap)
        store.record(request.user, change.arrangement_key, "tilbakestilt", current, snap,
                     f"tilbakestilt endring {change.pk}")
    messages.success(request, "Endringen er tilbakestilt.")
    return redirect("arrangement", key=change.arrangement_key)


@login_required
def proposals(request):
    rows = [p for p in Proposal.objects.filter(status=Proposal.OPEN).select_related("proposed_by")
            if can_decide(request.user, p.after)]
    return render(request, "registry/proposals.html", {"proposals": rows})


@login_required
@require_POST
def decide(request, proposal_id: int):
    proposal = get_object_or_404(Proposal, pk=proposal_id, status=Proposal.OPEN)
    if not can_decide(request.user, proposal.after):
        raise PermissionDenied("Bare en analytiker for fylket kan avgjøre forslaget.")
    accept = request.POST.get("svar") == "godta"
    with transaction.atomic():
        if accept:
            a = Arrangement.objects.select_for_update().prefetch_related("participations").get(
                key=proposal.arrangement_key)
            if a.version != proposal.base_version:
                messages.error(request, "Ordningen er endret etter at forslaget ble laget; "
                                        "avvis det og be om et nytt.")
                return redirect("proposals")
            before = store.snapshot(a)
            snap, problems = store.check({**proposal.after["fields"], "_extra": a.extra},
                                         proposal.after["deltakere"])
            if snap is None:
                messages.error(request, "; ".join(p.message for p in store.errors(problems)))
                return redirect("proposals")
            store.apply(a, snap)
            store.record(request.user, a.key, "forslag godtatt", before, snap,
                         f"forslag fra {proposal.proposed_by.get_username()}")
        proposal.status = Proposal.ACCEPTED if accept else Proposal.REJECTED
        proposal.decided_by = request.user
        proposal.decided_at = timezone.now()
        proposal.save()
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
        denied = [k for k in plan.created + plan.changed
                  if not can_change(request.user, None, plan.snapshots[k])]
        if denied:
            raise PermissionDenied("Filen endrer ordninger utenfor dine fylker: "
                                   + ", ".join(denied[:10]))
        store.run_import(plan, request.user, note=f"opplastet {dt.date.today().isoformat()}")
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
                context["denied"] = [k for k in plan.created + plan.changed
                                     if not can_change(request.user, None, plan.snapshots[k])]
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
