"""Survey pages: administration (superusers), and answering through a private link (no login)."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from samkart.analysis.tables import percent
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN, size_class
from samkart.reference import Reference, county_name, load_reference
from samkart.register import isolated
from samkart.register.problems import Problem
from samkart.report import chapters
from samkart.report.build import build_chapter
from samkart.survey import Response, Responses, load_responses
from samkart.survey.responses import DEFAULT_DIMENSIONS, DONT_KNOW, EXPERIENCE_PREFIX, SCALE
from samkart.web.registry import store
from samkart.web.registry.downloads import csv_response, xlsx_response
from samkart.web.registry.limits import Busy, busy_message, read_upload
from samkart.web.registry.permissions import require_admin
from samkart.web.registry.views.forms import BaseForm
from samkart.web.survey.models import Answer, Link, Survey


def _csv(header: list[str], rows, filename: str) -> HttpResponse:
    """A semicolon CSV download with a BOM, as Norwegian Excel opens it."""
    return csv_response(header, rows, filename, delimiter=";")


def _admin(request) -> None:
    require_admin(request.user, _("Bare administratorer kan styre undersøkelser."))


def responses_of(survey: Survey, include_drafts: bool = False) -> Responses:
    """The survey's answers as :class:`Responses`, for the same analyses as an imported file."""
    reference = load_reference()
    catalogue = {code: tf.navn for code, tf in reference.task_fields.items()}
    codes = {c: catalogue[c] for c in survey.task_fields if c in catalogue}
    answers = Answer.objects.filter(link__survey=survey).select_related("link")
    if not include_drafts:
        answers = answers.exclude(submitted=None)
    out = []
    for i, a in enumerate(answers.order_by("link__kommunenummer")):
        out.append(Response(i + 1, a.link.kommunenummer, survey.year,
                            {k: bool(v) for k, v in a.fields.items() if k in codes},
                            dict(a.experience), a.comment))
    return Responses(survey.year, out, codes, list(survey.dimensions), reference)


class SurveyForm(BaseForm):
    # The title is stored and shown to the respondents as it is: it starts in the language of
    # the administrator who makes the survey, who can change it.
    title = forms.CharField(label=gettext_lazy("Tittel"), max_length=200,
                            initial=gettext_lazy("Rådmannsundersøkelsen"))
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=2000, max_value=2100)
    closes = forms.DateField(label=gettext_lazy("Siste svardag (ÅÅÅÅ-MM-DD)"), required=False)


@login_required
def survey_list(request):
    _admin(request)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = load_reference()
        survey = Survey.objects.create(
            title=form.cleaned_data["title"], year=form.cleaned_data["year"],
            closes=form.cleaned_data["closes"], created_by=request.user,
            task_fields=list(reference.task_fields), dimensions=dict(DEFAULT_DIMENSIONS))
        messages.success(request, _("Undersøkelsen er opprettet. Lag lenkene til kommunene."))
        return redirect("survey_detail", pk=survey.pk)
    return render(request, "survey/list.html", {"surveys": Survey.objects.all(), "form": form})


def _progress(survey: Survey) -> dict:
    """Response rate by county and size class (submitted answers of all municipalities)."""
    reference = load_reference()
    municipalities = list(reference.municipalities.valid_in(survey.year))
    done = set(Answer.objects.filter(link__survey=survey).exclude(submitted=None)
               .values_list("link__kommunenummer", flat=True))
    by_county: Counter[str] = Counter()
    got_county: Counter[str] = Counter()
    by_size: Counter[str] = Counter()
    got_size: Counter[str] = Counter()
    for m in municipalities:
        # The population of the survey's year, as every size class uses.
        c = size_class(reference.population.counted(m, survey.year).innbyggere).code
        by_county[m.fylkesnummer] += 1
        by_size[c] += 1
        if m.kommunenummer in done:
            got_county[m.fylkesnummer] += 1
            got_size[c] += 1

    names = {c.code: c.label for c in (*SIZE_CLASSES, UNKNOWN)}
    return {
        "total": len(municipalities), "answered": len(done),
        "percent": percent(len(done), len(municipalities)),
        "counties": [{"nr": c, "navn": county_name(reference.counties, c, survey.year),
                      "svar": got_county[c], "kommuner": n, "prosent": percent(got_county[c], n)}
                     for c, n in sorted(by_county.items())],
        "sizes": [{"navn": names[c.code], "svar": got_size[c.code], "kommuner": by_size[c.code],
                   "prosent": percent(got_size[c.code], by_size[c.code])}
                  for c in (*SIZE_CLASSES, UNKNOWN) if by_size[c.code]],
    }


@login_required
def survey_detail(request, pk: int):
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    if request.GET.get("format") == "json":
        progress = _progress(survey)
        progress["total_text"] = _("{answered} av {total} kommuner ({percent} %)").format(
            answered=progress["answered"], total=progress["total"], percent=progress["percent"])
        return JsonResponse(progress)
    links = survey.links.select_related("answer").all()
    return render(request, "survey/detail.html", {
        "survey": survey, "progress": _progress(survey), "links": links,
        "link_count": links.count(), "revoked": sum(1 for x in links if x.revoked),
    })


@login_required
@require_POST
def make_links(request, pk: int):
    """One link per municipality valid in the survey year; addresses from 'NNNN;address' lines."""
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    emails = {}
    for line in request.POST.get("epost", "").splitlines():
        parts = [p.strip() for p in line.replace(",", ";").split(";")]
        if len(parts) >= 2 and parts[0].isdigit():
            emails[parts[0].zfill(4)] = parts[1]
    made = 0
    with transaction.atomic():
        for m in load_reference().municipalities.valid_in(survey.year):
            link, created = Link.objects.get_or_create(
                survey=survey, kommunenummer=m.kommunenummer,
                defaults={"token": Link.new_token(), "email": emails.get(m.kommunenummer, "")})
            made += created
            if not created and m.kommunenummer in emails:
                link.email = emails[m.kommunenummer]
                link.save(update_fields=["email"])
    messages.success(request, ngettext("{made} ny lenke; {emails} e-postadresser lagt inn.",
                                       "{made} nye lenker; {emails} e-postadresser lagt inn.",
                                       made).format(made=made, emails=len(emails)))
    return redirect("survey_detail", pk=pk)


@login_required
def links_csv(request, pk: int):
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    index = load_reference().municipalities
    rows = []
    for link in survey.links.all():
        m = index.valid(link.kommunenummer, survey.year)
        rows.append([link.kommunenummer, m.navn if m else "", link.email,
                     request.build_absolute_uri(reverse("survey_answer", args=[link.token])),
                     "ja" if link.revoked else "nei"])
    return _csv(["kommunenummer", "kommune", "epost", "lenke", "trukket_tilbake"], rows,
                f"lenker-{survey.year}.csv")


@login_required
@require_POST
def remind(request, pk: int):
    """E-mail the link again to every municipality that has an address and has not answered,
    in its official written form (nynorsk or bokmål), as its answer page opens."""
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    reference = load_reference()
    sent = 0
    for link in survey.links.filter(revoked=False).exclude(email=""):
        if Answer.objects.filter(link=link).exclude(submitted=None).exists():
            continue
        url = request.build_absolute_uri(reverse("survey_answer", args=[link.token]))
        official = reference.language_form(link.kommunenummer, survey.year)
        with translation.override("nn" if official == "nynorsk" else "nb"):
            send_mail(_("Påminnelse: {title}").format(title=survey.title),
                      _("Kommunen har ennå ikke svart på «{title}». Svar her: {url}\n\n"
                        "Lenken er personlig for kommunen. Svarene lagres underveis, og du kan "
                        "fortsette senere.").format(title=survey.title, url=url),
                      None, [link.email])
        link.reminded = timezone.now()
        link.save(update_fields=["reminded"])
        sent += 1
    messages.success(request, ngettext("Påminnelse sendt til {n} kommune.",
                                       "Påminnelse sendt til {n} kommuner.", sent).format(n=sent))
    return redirect("survey_detail", pk=pk)


@login_required
@require_POST
def close(request, pk: int):
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    survey.open = request.POST.get("apne") == "1"
    survey.save(update_fields=["open"])
    messages.success(request, _("Undersøkelsen er åpnet igjen.") if survey.open
                     else _("Undersøkelsen er lukket; lenkene virker ikke lenger."))
    return redirect("survey_detail", pk=pk)


@login_required
@require_POST
def revoke(request, pk: int, link_id: int):
    _admin(request)
    link = get_object_or_404(Link, pk=link_id, survey_id=pk)
    link.revoked = True
    link.save(update_fields=["revoked"])
    messages.success(request, _("Lenken til {number} er trukket tilbake.")
                     .format(number=link.kommunenummer))
    return redirect("survey_detail", pk=pk)


@login_required
def export(request, pk: int, fmt_: str = "csv"):
    """The submitted answers in the survey format: CSV, or xlsx with the same table in the sheet
    ``svar``."""
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    dims = list(survey.dimensions)
    rows = []
    for a in (Answer.objects.filter(link__survey=survey).exclude(submitted=None)
              .select_related("link").order_by("link__kommunenummer")):
        fields = ["" if c not in a.fields else ("ja" if a.fields[c] else "nei")
                  for c in survey.task_fields]
        exp = ["" if d not in a.experience else (DONT_KNOW if a.experience[d] is None
                                                  else str(a.experience[d])) for d in dims]
        rows.append([a.link.kommunenummer, survey.year, *fields, *exp, a.comment])
    header = ["kommunenummer", "ar", *survey.task_fields,
              *(EXPERIENCE_PREFIX + d for d in dims), "kommentar"]
    if fmt_ not in ("csv", "xlsx"):
        raise Http404(_("Ukjent format"))
    if fmt_ == "xlsx":
        return xlsx_response(header, rows, f"svar-{survey.year}.xlsx", sheet="svar")
    return _csv(header, rows, f"svar-{survey.year}.csv")


class ImportForm(BaseForm):
    fil = forms.FileField(label=gettext_lazy("Svarfil (.csv eller .xlsx med arket svar)"))


@login_required
def import_responses(request, pk: int):
    """Answers collected elsewhere (Nettskjema, Questback): all or nothing, every error shown."""
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fil"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"svar{suffix}"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                loaded, problems = read_upload(load_responses, path, survey.year, table="svar")
            except Busy:
                messages.error(request, busy_message())
                return redirect(request.path)
            except isolated.Unreadable as e:
                loaded, problems = None, [e.problem]
        if loaded is not None:
            unknown_dims = [d for d in loaded.dimensions if d not in survey.dimensions]
            with transaction.atomic():
                if unknown_dims:
                    survey.dimensions = {**survey.dimensions, **{
                        d: DEFAULT_DIMENSIONS.get(d, d.replace("_", " ").capitalize())
                        for d in unknown_dims}}
                    survey.save(update_fields=["dimensions"])
                for r in loaded.responses:
                    link, _created = Link.objects.get_or_create(
                        survey=survey, kommunenummer=r.kommunenummer,
                        defaults={"token": Link.new_token()})
                    Answer.objects.update_or_create(link=link, defaults={
                        "fields": r.fields, "experience": r.experience, "comment": r.comment,
                        "submitted": timezone.now()})
            n = len(loaded.responses)
            messages.success(request, ngettext("{n} svar er importert.", "{n} svar er importert.",
                                               n).format(n=n))
            return redirect("survey_detail", pk=pk)
    return render(request, "survey/import.html", {"survey": survey, "form": form,
                                                  "problems": problems})


@login_required
def analysis(request, pk: int):
    """Figures 5.3-5.6, table 5.1 and figure 7.1 from the submitted answers, and the check
    against the register (the report's chapter 7)."""
    _admin(request)
    survey = get_object_or_404(Survey, pk=pk)
    chapter = build_chapter(chapters.survey, store.current_register(), survey.year,
                            survey=responses_of(survey),
                            survey_name=_("svar samlet i samkart"))
    return render(request, "survey/analysis.html", {"survey": survey, "chapter": chapter,
                                                    "query": ""})


# -- answering --------------------------------------------------------------------------------

def _link(token: str) -> Link:
    link = Link.objects.select_related("survey").filter(token=token).first()
    if link is None:
        raise Http404(_("Ukjent lenke"))
    return link


def answer(request, token: str):
    """The chief executive's form. Saves on every change (JavaScript) and on the buttons; the
    same link always shows and updates the same answer. A municipality whose official written
    form is nynorsk gets it in nynorsk unless the reader chose a language in the menu."""
    link = _link(token)
    reference = load_reference()
    official = reference.language_form(link.kommunenummer, link.survey.year)
    if official == "nynorsk" and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate("nn")
        request.LANGUAGE_CODE = "nn"
        response = _answer(request, link, reference)
        response.headers["Content-Language"] = "nn"
        return response
    return _answer(request, link, reference)


def _answer(request, link: Link, reference: Reference):
    survey = link.survey
    if link.revoked or not survey.accepting():
        return render(request, "survey/closed.html", {"survey": survey, "link": link}, status=410)
    municipality = reference.municipalities.valid(link.kommunenummer, survey.year)
    saved, _created = Answer.objects.get_or_create(link=link)
    if request.method == "POST":
        data = request.POST
        is_json = request.content_type == "application/json"
        if is_json:
            data = json.loads(request.body or b"{}")
        fields: dict[str, bool] = {}
        experience: dict[str, int | None] = {}
        for code in survey.task_fields:
            value = data.get(f"f_{code}", "")
            if value in ("ja", "nei"):
                fields[code] = value == "ja"
        for dim in survey.dimensions:
            value = data.get(f"e_{dim}", "")
            if value in ("1", "2", "3", "4", "5"):
                experience[dim] = int(value)
            elif value == DONT_KNOW:
                experience[dim] = None
        saved.fields, saved.experience = fields, experience
        saved.comment = str(data.get("kommentar", ""))[:5000]
        if data.get("send") == "1":
            saved.submitted = timezone.now()
        saved.save()
        if is_json:
            at = timezone.localtime(saved.updated).strftime("%H:%M:%S")
            return JsonResponse({"saved": at, "submitted": saved.submitted is not None,
                                 "message": _("Lagret {time}.").format(time=at)})
        messages.success(request, _("Svaret er sendt inn. Du kan endre det så lenge undersøkelsen "
                                    "er åpen.") if saved.submitted else _("Svaret er lagret."))
        return redirect("survey_answer", token=link.token)
    catalogue = reference.task_fields
    return render(request, "survey/answer.html", {
        "survey": survey, "link": link, "municipality": municipality, "answer": saved,
        "fields": [(c, catalogue[c].navn if c in catalogue else c,
                    "ja" if saved.fields.get(c) is True else
                    "nei" if saved.fields.get(c) is False else "")
                   for c in survey.task_fields],
        "dimensions": [(d, text, "" if d not in saved.experience else
                        (DONT_KNOW if saved.experience[d] is None else str(saved.experience[d])))
                       for d, text in survey.dimensions.items()],
        "scale": ([(str(k), f"{k} – {_(v)}") for k, v in SCALE.items()]
                  + [(DONT_KNOW, _("Vet ikke"))]),
    })
