"""The Local Government Act of 2018 (kommuneloven, LOV-2018-06-22-83) as rules on a register.

The rules are data (``data/lovregler.csv``): each names the legal forms it applies to, the year it
bites, the column a warning points at, its legal source (paragraph, the date it took effect, Lovdata
or regjeringen.no) and the message. This module only knows the few kinds of condition
(``vilkar``) a rule can have:

- ``aktiv_fra``: an arrangement of the form must not be active in year ``ar`` or later (a § 27
  board after the 2018 Act's transition deadline; a samkommune after the model was repealed);
- ``etablert_for``: an arrangement of the form must not be established before ``ar`` (a form the
  2018 Act introduced, dated before it allowed it);
- ``uten_vertskommune``: a host-municipality arrangement active in ``ar`` or later must name its
  host (the ``vertskommune`` column, or a participant with role ``vertskommune``).

The labels of the legal forms by year (``data/lovformer.csv``) follow the 1992 Act up to 2019 and
the 2018 Act from 2020, the first whole year it applied (it took effect at each council's
constituent meeting in the autumn of 2019).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from samkart.domain.codes import LegalForm
from samkart.domain.entities import Arrangement
from samkart.i18n import pgettext

KINDS = ("aktiv_fra", "etablert_for", "uten_vertskommune")


@dataclass(frozen=True, slots=True)
class LawRule:
    """One row of ``lovregler.csv``."""

    id: str
    kind: str
    forms: frozenset[LegalForm]
    year: int
    column: str
    paragraph: str  # short citation, e.g. "kommuneloven 2018 § 31-2"
    legal_basis: str
    in_force: str  # ISO date the provision took effect
    source: str
    message: str

    @property
    def cited(self) -> str:
        """The paragraph cited, in the active language."""
        return pgettext(RULE_CONTEXT, self.paragraph)

    def applies_in(self, a: Arrangement, year: int | None, has_host: bool) -> bool:
        """Whether ``a`` breaks the rule in ``year`` (None: in any year of its life)."""
        if a.tilknytningsform not in self.forms:
            return False
        if year is not None and not a.active_in(year):
            return False
        if self.kind == "aktiv_fra":
            if year is not None:
                return year >= self.year
            return a.avviklet is None or a.avviklet > self.year
        if self.kind == "etablert_for":
            return a.etablert is not None and a.etablert < self.year
        if self.kind == "uten_vertskommune":
            if has_host:
                return False
            if year is not None:
                return year >= self.year
            return a.avviklet is None or a.avviklet > self.year
        raise ValueError(self.kind)


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule an arrangement breaks: where (its column) and why (message and legal source)."""

    rule: LawRule
    arrangement_id: str
    column: str
    message: str

    @property
    def legal_basis(self) -> str:
        return self.rule.legal_basis


# The tables' texts are bokmål, the law's own words; their nynorsk and English come from the
# interface catalogue under these contexts (tools/messages.py puts them there, as data).
LABEL_CONTEXT = "lovformer"
RULE_CONTEXT = "lovregler"


@dataclass(frozen=True, slots=True)
class FormLabel:
    """The label of a legal form for a span of years (``lovformer.csv``)."""

    form: LegalForm
    act: str  # "1992" or "2018"
    from_year: int | None
    to_year: int | None
    label: str
    legal_basis: str
    source: str

    def covers(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and \
            (self.to_year is None or year < self.to_year)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("samkart.reference").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _forms(text: str) -> frozenset[LegalForm]:
    out = set()
    for code in text.split(";"):
        form = LegalForm.parse(code)
        if form is None:
            raise ValueError(f"lovregler.csv: ukjent tilknytningsform «{code}»")
        out.add(form)
    return frozenset(out)


@cache
def law_rules() -> tuple[LawRule, ...]:
    """The rules of ``lovregler.csv`` (cached)."""
    rules = []
    for r in _rows("lovregler.csv"):
        if r["vilkar"] not in KINDS:
            raise ValueError(f"lovregler.csv: ukjent vilkår «{r['vilkar']}»")
        rules.append(LawRule(r["id"], r["vilkar"], _forms(r["tilknytningsform"]), int(r["ar"]),
                             r["kolonne"], r["paragraf"], r["hjemmel"], r["ikraft"], r["kilde"],
                             r["melding"]))
    return tuple(rules)


@cache
def form_labels() -> tuple[FormLabel, ...]:
    """The labels of ``lovformer.csv`` (cached)."""
    out = []
    for r in _rows("lovformer.csv"):
        form = _forms(r["tilknytningsform"])
        out.append(FormLabel(next(iter(form)), r["lov"],
                             int(r["fra_ar"]) if r["fra_ar"] else None,
                             int(r["til_ar"]) if r["til_ar"] else None,
                             r["betegnelse"], r["hjemmel"], r["kilde"]))
    return tuple(out)


def form_label(form: LegalForm, year: int | None) -> tuple[str, str]:
    """(label, legal basis) of ``form`` in ``year``: the 2018 Act's terms from 2020, the 1992
    Act's before; the code list's label where the table has none for the year."""
    if year is not None:
        for f in form_labels():
            if f.form is form and f.covers(year):
                return pgettext(LABEL_CONTEXT, f.label), pgettext(LABEL_CONTEXT, f.legal_basis)
    return form.label, legal_basis(form)


def legal_basis(form: LegalForm) -> str:
    """The code list's legal basis of ``form`` (all its years) in the active language."""
    return pgettext(LABEL_CONTEXT, form.value.legal_basis) if form.value.legal_basis else ""


def findings(a: Arrangement, hosts: Collection[str] = (), year: int | None = None,
             rules: Iterable[LawRule] | None = None) -> list[Finding]:
    """The rules ``a`` breaks in ``year`` (None: in any year of its life). ``hosts``: the
    participants with role ``vertskommune``."""
    has_host = bool(a.vertskommune) or bool(hosts)
    out = []
    for rule in law_rules() if rules is None else rules:
        if rule.applies_in(a, year, has_host):
            shown = year if year is not None else max(rule.year, a.etablert or rule.year)
            text = pgettext(RULE_CONTEXT, rule.message).format(ar=shown, etablert=a.etablert)
            out.append(Finding(rule, a.id, rule.column, text))
    return out
