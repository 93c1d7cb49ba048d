"""The forms of the editing pages. Every column is text: the register's validation parses it,
with its own messages (``TABLE:ROW:COLUMN``), so a form and a file get the same ones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samkart.register.schema import DELTAKERE, ORDNINGER, TableSpec
from samkart.web.registry.columns import form_field


class BaseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # "Navn", not "Navn:"
        super().__init__(*args, **kwargs)


def _fields(spec: TableSpec, skip: str, optional: bool = False) -> dict[str, forms.Field]:
    out = {}
    for column in spec.spec:
        if column.name != skip:
            field = form_field(column)
            if optional:
                field.required = False
            out[column.name] = field
    return out


# Every column of ordninger, in the contract's order, then the form's own fields.
ArrangementForm = type("ArrangementForm", (BaseForm,), {
    "__module__": __name__,
    "__doc__": "An arrangement's columns as text: the register's validation parses them.",
    **_fields(ORDNINGER, skip=""),
    "version": forms.IntegerField(widget=forms.HiddenInput, required=False),
    "note": forms.CharField(label=_("Kommentar til endringen"), required=False, max_length=300),
})

# A participant's columns; an empty row of the formset is no participant, so none is required.
ParticipantForm = type("ParticipantForm", (BaseForm,), {
    "__module__": __name__, **_fields(DELTAKERE, skip="ordning_id", optional=True)})

ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=3)
