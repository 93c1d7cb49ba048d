"""The web registry's model fields, form fields and API field types, derived from the register's
column declarations (``samkart/register/schema.py``), so that a column is declared once.

Django's side of a declaration: the database column (:func:`model_field`), the editing form's field
(:func:`form_field`: every field is text, parsed by the register's own validation so that a form
and a file get the same messages) and the type in the API's schema (:func:`api_type`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django import forms
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from samkart.domain.codes import CodeList
from samkart.register.schema import Column, Kind

# Texts longer than this are a TextField (no length in the database's type).
_CHAR_LIMIT = 1000


def code_choices(codes: type[CodeList], blank: str | None = None) -> list[tuple[str, str]]:
    """(code, label) of a code list, the label translated when shown; ``blank`` adds an empty
    first choice with that label."""
    label = lazy(lambda c: c.label, str)  # translated when shown, in the request's language
    out: list[tuple[str, Any]] = [(c.code, label(c)) for c in codes]
    return [("", blank), *out] if blank is not None else out


def model_field(column: Column) -> models.Field:
    """The database column for a declared column."""
    common: dict[str, Any] = {"verbose_name": column.name, "help_text": column.description}
    kind = column.kind
    if kind is Kind.YEAR:
        return models.PositiveIntegerField(null=True, blank=True, **common)
    if kind is Kind.INTEGER:
        return models.IntegerField(null=True, blank=True, **common)
    if kind is Kind.NUMBER:
        return models.FloatField(null=True, blank=True, **common)
    if kind is Kind.BOOLEAN:
        return models.BooleanField(null=True, blank=True, **common)
    if kind is Kind.CODE:
        assert column.codes is not None
        default = column.default.code if isinstance(column.default, CodeList) \
            and not column.required else ""
        return models.CharField(max_length=column.max_length or 30, blank=not column.required,
                                choices=code_choices(column.codes), default=default, **common)
    limit = column.max_length
    if limit is not None and limit > _CHAR_LIMIT:
        return models.TextField(max_length=limit, blank=not column.required, **common)
    return models.CharField(max_length=limit or 200, blank=not column.required, **common)


def form_field(column: Column) -> forms.Field:
    """The editing form's field for a declared column: text (or a choice of codes), checked by
    the register's validation, not by the form."""
    label = _(column.label)
    required = column.needs_value
    if column.kind is Kind.CODE:
        assert column.codes is not None
        if required or column.default is not None:
            return forms.ChoiceField(label=label, choices=code_choices(column.codes),
                                     required=required)
        blank = _("Avledes etter regelen") if column.name == "niva" else _("Ingen")
        return forms.ChoiceField(label=label, required=False,
                                 choices=code_choices(column.codes, blank))
    if column.kind is Kind.BOOLEAN:
        return forms.ChoiceField(label=label, required=False,
                                 choices=[("", _("Ukjent")), ("ja", _("Ja")), ("nei", _("Nei"))])
    if column.kind is Kind.YEAR:
        return forms.CharField(label=label, required=required, max_length=4)
    if column.kind in (Kind.NUMBER, Kind.INTEGER):
        return forms.CharField(label=label, required=required, max_length=30)
    if column.kind is Kind.ORGNR:  # "974 760 673" is how people write it
        return forms.CharField(label=label, required=required, max_length=15)
    if column.max_length is not None and column.max_length > _CHAR_LIMIT:
        return forms.CharField(label=label, required=required, max_length=column.max_length,
                               widget=forms.Textarea(attrs={"rows": 2}))
    return forms.CharField(label=label, required=required, max_length=column.max_length)


def api_type(column: Column) -> Any:
    """The type of a declared column in the API's schema (JSON), with its bounds."""
    kind = column.kind
    description = column.description
    if kind is Kind.YEAR:
        base: Any = Annotated[int, Field(ge=1000, le=9999, description=description)]
    elif kind is Kind.INTEGER:
        base = Annotated[int, Field(ge=0, description=description)]
    elif kind is Kind.NUMBER:
        bounds: dict[str, float] = {"ge": column.low} if column.low is not None else {}
        if column.high is not None:
            bounds["le"] = column.high
        base = Annotated[float, Field(description=description, allow_inf_nan=False,
                                      **bounds)]  # type: ignore[call-overload]
    elif kind is Kind.BOOLEAN:
        base = Annotated[bool, Field(description=description)]
    elif kind is Kind.CODE:
        assert column.codes is not None
        base = Annotated[Literal[tuple(column.codes.codes())], Field(description=description)]
    elif kind is Kind.KOMMUNENUMMER:
        base = Annotated[str, Field(pattern=r"^[0-9]{4}$", description=description)]
    elif kind is Kind.ORGNR:
        base = Annotated[str, Field(pattern=r"^[0-9]{9}$", description=description)]
    else:
        base = Annotated[str, Field(min_length=1 if column.needs_value else 0,
                                    max_length=column.max_length, description=description)]
    return base
