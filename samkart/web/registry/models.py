"""Persistence of the register, its editors and its history.

The columns of arrangements and participations are the register's (``docs/spec/register-format.md``),
derived from their declarations (``samkart/register/schema.py``); the domain objects in
``samkart.domain`` stay free of Django, and ``store.py`` converts between the two. Reference data
(municipalities, counties, councils, task fields) is the package's bundled data and is not stored
here.
"""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from samkart.register.schema import DELTAKERE, ORDNINGER, TableSpec
from samkart.web.registry.columns import model_field


class Arrangement(models.Model):
    """A cooperation arrangement (samarbeidsordning): one row of ``ordninger``. Its columns are
    added below from the register's declarations (``samkart/register/schema.py``)."""

    key = models.CharField("id", max_length=ORDNINGER.column("id").max_length, unique=True,
                           help_text="The arrangement's stable id in the register (column id).")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} {self.navn}"


class Participation(models.Model):
    """A municipality's participation in an arrangement: one row of ``deltakere``. Its columns
    are added below from the register's declarations."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE,
                                    related_name="participations",
                                    help_text="The arrangement taken part in.")

    class Meta:
        ordering = ["arrangement_id", "kommunenummer", "fra"]


def _add_columns(model: type[models.Model], spec: TableSpec, skip: str) -> None:
    for column in spec.spec:
        if column.name != skip:
            field = model_field(column)
            if column.name == "kommunenummer":
                field.db_index = True  # the pages of a municipality look its participations up
            model.add_to_class(column.name, field)


_add_columns(Arrangement, ORDNINGER, skip="id")
_add_columns(Participation, DELTAKERE, skip="ordning_id")
Arrangement.add_to_class("extra", models.JSONField(
    default=dict, blank=True, help_text="Columns beyond the contract's, kept as they were read."))
# Optimistic locking: a save must name the version it edited; a stale version is refused, so two
# people editing at once cannot overwrite each other (no lost update).
Arrangement.add_to_class("version", models.PositiveIntegerField(
    default=1, help_text="Incremented on every change."))
Arrangement.add_to_class("updated_at", models.DateTimeField(
    auto_now=True, help_text="Time of the last change."))
Participation.add_to_class("extra", models.JSONField(
    default=dict, blank=True, help_text="Extra columns as read."))


class Profile(models.Model):
    """What a user may do. Administrators are Django superusers and need no profile."""

    ANALYST = "analytiker"
    EDITOR = "kommuneredaktor"
    ROLES = [(ANALYST, "Analytiker for fylker"), (EDITOR, "Kommuneredaktør")]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="samkart", help_text="The user.")
    role = models.CharField(max_length=20, choices=ROLES, help_text="The user's role.")
    counties = models.CharField(max_length=200, blank=True,
                                help_text="For analysts: county numbers, comma-separated.")
    kommunenummer = models.CharField(max_length=4, blank=True,
                                     help_text="For municipal editors: their municipality.")

    def county_list(self) -> list[str]:
        return [c.strip().zfill(2) for c in self.counties.split(",") if c.strip()]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Action(StrEnum):
    """What a recorded change did. The stored values are bokmål words; people read the labels of
    ``ACTION_LABELS`` in their language. (A plain enum rather than Django's TextChoices so that the
    type checker knows its members without Django's stubs.)"""

    CREATED = "opprettet"
    CHANGED = "endret"
    ENDED = "avsluttet"
    REVERTED = "tilbakestilt"
    IMPORTED = "importert"
    PROPOSAL_ACCEPTED = "forslag godtatt"
    MIGRATED = "ført over"
    DELETED = "slettet"


ACTION_LABELS = {
    Action.CREATED: gettext_lazy("opprettet"),
    Action.CHANGED: gettext_lazy("endret"),
    Action.ENDED: gettext_lazy("avsluttet"),
    Action.REVERTED: gettext_lazy("tilbakestilt"),
    Action.IMPORTED: gettext_lazy("importert"),
    Action.PROPOSAL_ACCEPTED: gettext_lazy("forslag godtatt"),
    Action.MIGRATED: gettext_lazy("ført over"),
    Action.DELETED: gettext_lazy("slettet"),
}


class Change(models.Model):
    """One recorded change: who, when, what, and the arrangement before and after (snapshots of
    its fields and participants), so that it can be shown and reverted."""

    arrangement_key = models.CharField(max_length=100, db_index=True,
                                       help_text="Id of the arrangement changed.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             help_text="Who made the change (empty for imports by command).")
    at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When.")
    action = models.CharField(max_length=20, choices=list(ACTION_LABELS.items()),
                              help_text="What the change did.")
    before = models.JSONField(null=True, blank=True, help_text="Snapshot before (empty if new).")
    after = models.JSONField(null=True, blank=True, help_text="Snapshot after (empty if deleted).")
    note = models.CharField(max_length=300, blank=True, help_text="Comment.")

    class Meta:
        ordering = ["-at", "-id"]


class Proposal(models.Model):
    """A municipal editor's proposed change to an arrangement their municipality is not part of;
    an analyst for one of its counties accepts (applies) or rejects it."""

    OPEN, ACCEPTED, REJECTED = "apen", "godtatt", "avvist"
    arrangement_key = models.CharField(max_length=100, help_text="Id of the arrangement.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="proposals", help_text="Who proposed.")
    at = models.DateTimeField(auto_now_add=True, help_text="When.")
    base_version = models.PositiveIntegerField(help_text="The version the proposal was made on.")
    after = models.JSONField(help_text="The proposed snapshot.")
    note = models.TextField(blank=True, help_text="Why the change is proposed.")
    status = models.CharField(max_length=10, default=OPEN, choices=[
        (OPEN, "Åpen"), (ACCEPTED, "Godtatt"), (REJECTED, "Avvist")], help_text="Status.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   help_text="The analyst who decided.")
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When it was decided.")

    class Meta:
        ordering = ["-at"]


class ApiToken(models.Model):
    """A token for the API. Only a hash is stored; the token is shown once when made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", help_text="Whose token.")
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    created = models.DateTimeField(auto_now_add=True, help_text="When it was made.")

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> str:
        token = secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, digest=cls.hash(token))
        return token


class ReportText(models.Model):
    """The analyst's own text for one place in the report: one row of ``tekster``
    (``docs/spec/register-format.md``). ``ar`` 0 stands for "any year" (the format's empty cell),
    so that the database can keep the format's rule of one text per place, county and year."""

    kapittel = models.CharField(max_length=20, help_text="Where the text is printed (a key).")
    fylkesnummer = models.CharField(max_length=2, blank=True,
                                    help_text="County of a county appendix; empty otherwise.")
    ar = models.PositiveIntegerField(default=0, help_text="Report year; 0 = any year.")
    tittel = models.CharField(max_length=300, blank=True, help_text="Heading (optional).")
    tekst = models.TextField(max_length=100_000, help_text="The text, in Markdown.")
    version = models.PositiveIntegerField(default=1, help_text="Incremented on every change.")
    updated_at = models.DateTimeField(auto_now=True, help_text="Time of the last change.")

    class Meta:
        ordering = ["kapittel", "fylkesnummer", "ar"]
        constraints = [models.UniqueConstraint(fields=["kapittel", "fylkesnummer", "ar"],
                                               name="one_text_per_place")]

    def key(self) -> str:
        return text_key(self.kapittel, self.fylkesnummer, self.ar)


def text_key(kapittel: str, fylkesnummer: str, ar: int) -> str:
    """A text's place as one string (its history is kept under it)."""
    return f"{kapittel}/{fylkesnummer or '-'}/{ar or '-'}"


class TextChange(models.Model):
    """One recorded change of a text: who, when, and the text before and after (as JSON:
    ``tittel`` and ``tekst``; empty when it did not exist), so that it can be shown and reverted."""

    text_key = models.CharField(max_length=40, db_index=True, help_text="The text's place.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             help_text="Who made the change.")
    at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When.")
    action = models.CharField(max_length=20, choices=list(ACTION_LABELS.items()),
                              help_text="What the change did.")
    before = models.JSONField(null=True, blank=True, help_text="The text before (empty if new).")
    after = models.JSONField(null=True, blank=True, help_text="The text after (empty if deleted).")
    note = models.CharField(max_length=300, blank=True, help_text="Comment.")

    class Meta:
        ordering = ["-at", "-id"]


class MappingRound(models.Model):
    """A county's mapping round: one row of ``kartlegginger``. Loaded with the register (``serve
    --demo``, the command line); the report counts each county at its own round."""

    fylkesnummer = models.CharField(max_length=2, help_text="Two-digit county number.")
    ar = models.PositiveIntegerField(help_text="The year the round maps.")
    dato = models.CharField(max_length=10, blank=True, help_text="ISO date the round closed.")
    kilde = models.CharField(max_length=2000, blank=True, help_text="Source.")

    class Meta:
        ordering = ["fylkesnummer", "ar"]
        constraints = [models.UniqueConstraint(fields=["fylkesnummer", "ar"],
                                               name="one_round_per_county_and_year")]


class DataVersion(models.Model):
    """One row counting the write transactions to the register, moved last in each, before its
    commit (``store.writing``). The highest Change id cannot tell the data's state on
    PostgreSQL: two writes can commit out of the order of their ids, and a reader that saw the
    later one keeps pages without the earlier under a version that no longer moves. The counter's
    row lock orders the moves, so its value moves with every commit, in commit order."""

    n = models.BigIntegerField(default=0, help_text="Write transactions so far.")
