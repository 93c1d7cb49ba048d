"""The analyst's texts of the report (``tekster``), on the web: a list of the report's places with
what is written, and a page per text to write it, see its history and revert a change. Writes go
through ``changes.save_text``/``changes.revert_text``, which check the rights (analysts for their
counties, administrators for all), the version the user saw and the register's rules."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samkart.register.schema import TEXT_PLACES
from samkart.report.texts import markdown_html
from samkart.web.registry import changes, store
from samkart.web.registry.models import ReportText, TextChange, text_key

# What each place is called in the report (the chapter it is printed in; numbers are the
# report's, given when it is put together).
PLACE_NAMES = {
    "forord": gettext_lazy("Forord"),
    "sammendrag": gettext_lazy("Sammendrag"),
    "innledning": gettext_lazy("Innledning"),
    "metode": gettext_lazy("Problemstillinger og metode"),
    "definisjon": gettext_lazy("Definisjon"),
    "omfang": gettext_lazy("Omfang (hovedfunn)"),
    "innhold": gettext_lazy("Innhold (hovedfunn)"),
    "organisering": gettext_lazy("Organisering (hovedfunn)"),
    "vurderinger": gettext_lazy("Rådmennenes vurderinger (hovedfunn)"),
    "fylkesgrenser": gettext_lazy("Fylkesgrenser (hovedfunn)"),
    "datakvalitet": gettext_lazy("Datakvalitet (hovedfunn)"),
    "konklusjoner": gettext_lazy("Konklusjoner"),
    "anbefalinger": gettext_lazy("Anbefalinger"),
    "fylke": gettext_lazy("Vedlegg: fylket"),
}


class TextForm(forms.Form):
    tittel = forms.CharField(label=gettext_lazy("Tittel (valgfri)"), required=False, max_length=300)
    tekst = forms.CharField(
        label=gettext_lazy(
            "Tekst (Markdown: tomme linjer skiller avsnitt, - for punktlister, *kursiv*, "
            "**fet**, [lenke](https://…); tom tekst sletter den)"), required=False,
        max_length=100_000, widget=forms.Textarea(attrs={"rows": 16}))
    note = forms.CharField(label=gettext_lazy("Kommentar til endringen"), required=False,
                           max_length=300)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _place(request) -> tuple[str, str, int]:
    kapittel = request.GET.get("kapittel", "")
    fylke = request.GET.get("fylke", "")
    ar = request.GET.get("ar", "")
    if kapittel not in TEXT_PLACES or (kapittel == "fylke") != bool(fylke):
        raise Http404(_("Ukjent plass i rapporten"))
    if fylke and not (len(fylke) == 2 and fylke.isdigit()):
        raise Http404(_("Ukjent fylke"))
    if ar and not (len(ar) == 4 and ar.isdigit()):
        raise Http404(_("Ukjent år"))
    return kapittel, fylke, int(ar or 0)


def _edit_url(kapittel: str, fylke: str, ar: int) -> str:
    query = {"kapittel": kapittel, **({"fylke": fylke} if fylke else {}),
             **({"ar": ar} if ar else {})}
    return reverse("text_edit") + "?" + urlencode(query)


@login_required
def index(request):
    """Every place of the report (and each county's appendix), what is written and who may
    write it."""
    register = store.current_register()
    counties = sorted(changes._text_counties())
    written = {(t.kapittel, t.fylkesnummer, t.ar): t for t in ReportText.objects.all()}
    rows = []
    for place in TEXT_PLACES:
        for fylke in (counties if place == "fylke" else [""]):
            name = str(PLACE_NAMES[place]) + (f": {register.county_name(fylke)}" if fylke else "")
            own = [t for (k, f, _), t in written.items() if k == place and f == fylke]
            rows.append({"name": name, "texts": own or [None],
                         "url": _edit_url(place, fylke, 0),
                         "may": changes.may_edit_text(request.user, fylke)})
    return render(request, "registry/texts.html", {"rows": rows})


@login_required
def edit(request):
    kapittel, fylke, ar = _place(request)
    if not changes.may_edit_text(request.user, fylke):
        raise PermissionDenied(_("Du har ikke rettigheter til å skrive denne teksten."))
    current = ReportText.objects.filter(kapittel=kapittel, fylkesnummer=fylke, ar=ar).first()
    if request.method == "POST":
        form = TextForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                changes.save_text(request.user, kapittel, fylke, ar or None, d["tittel"],
                                  d["tekst"], version=d["version"], note=d["note"])
            except changes.Forbidden as e:
                raise PermissionDenied(str(e)) from e
            except changes.Invalid as e:
                for p in store.errors(e.problems) or []:
                    form.add_error("tekst" if p.column in ("", "tekst") else None, p.line())
                if not e.problems:
                    form.add_error("tekst", _("Teksten er tom."))
            except changes.ChangeError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Teksten er lagret og ført i historikken."))
                return redirect(_edit_url(kapittel, fylke, ar))
    else:
        form = TextForm(initial={"tittel": current.tittel if current else "",
                                 "tekst": current.tekst if current else "",
                                 "version": current.version if current else None})
    register = store.current_register()
    return render(request, "registry/text_edit.html", {
        "form": form, "current": current,
        "name": str(PLACE_NAMES[kapittel]) + (f": {register.county_name(fylke)}" if fylke else ""),
        "year": ar, "preview": markdown_html(current.tekst) if current else "",
        "history": TextChange.objects.filter(text_key=text_key(kapittel, fylke, ar))
        .select_related("user")[:50],
    })


@login_required
@require_POST
def revert(request, change_id: int):
    change = get_object_or_404(TextChange, pk=change_id)
    state = change.before or change.after
    try:
        changes.revert_text(request.user, change_id)
    except changes.NotFound as e:
        raise Http404(str(e)) from e
    except changes.Forbidden as e:
        raise PermissionDenied(str(e)) from e
    except changes.ChangeError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Endringen er tilbakestilt."))
    return redirect(_edit_url(state["kapittel"], state["fylkesnummer"], state["ar"]))
