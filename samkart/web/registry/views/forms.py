"""The forms of the editing pages. Every column is text: the register's validation parses it,
with its own messages (``TABLE:ROW:COLUMN``), so a form and a file get the same ones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samkart.domain.codes import ArrangementType, DominantParty, LegalForm, Level, Role, Sector
from samkart.web.registry.models import code_choices


class BaseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # "Navn", not "Navn:"
        super().__init__(*args, **kwargs)


class ArrangementForm(BaseForm):
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
    merknad = forms.CharField(label=_("Merknad"), required=False, max_length=20_000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    kilde = forms.CharField(label=_("Kilde"), required=False, max_length=20_000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Kommentar til endringen"), required=False, max_length=300)


class ParticipantForm(BaseForm):
    kommunenummer = forms.CharField(label=_("Kommunenummer"), required=False, max_length=4)
    fra = forms.CharField(label=_("Fra år"), required=False, max_length=4)
    til = forms.CharField(label=_("Til år"), required=False, max_length=4)
    rolle = forms.ChoiceField(label=_("Rolle"), choices=code_choices(Role), required=False)


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=3)
