"""Persistence of the register, its editors and its history.

The columns are the contract's (``docs/spec/register-format.md``); the domain objects in
``samkart.domain`` stay free of Django, and ``store.py`` converts between the two. Reference data
(municipalities, counties, councils, task fields) is the package's bundled data and is not stored
here.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from samkart.domain.codes import (
    ArrangementType,
    CodeList,
    DominantParty,
    LegalForm,
    Level,
    Role,
    Sector,
)


def code_choices(codes: type[CodeList], blank: str | None = None) -> list[tuple[str, str]]:
    """(code, bokmål name) of a code list, for model and form choices; ``blank`` adds an empty
    first choice with that label."""
    out = [(c.code, c.nb) for c in codes]
    return [("", blank), *out] if blank is not None else out


class Arrangement(models.Model):
    """A cooperation arrangement (samarbeidsordning): one row of ``ordninger``."""

    key = models.CharField("id", max_length=100, unique=True,
                           help_text="The arrangement's stable id in the register (column id).")
    navn = models.CharField("navn", max_length=300, help_text="Name.")
    tilknytningsform = models.CharField("tilknytningsform", max_length=30,
                                        choices=code_choices(LegalForm), help_text="Legal form.")
    sektor = models.CharField("sektor", max_length=30, choices=code_choices(Sector),
                              help_text="Coarse sector.")
    delsektor = models.CharField("delsektor", max_length=200, blank=True,
                                 help_text="Fine sector (free text).")
    oppgavefelt = models.CharField("oppgavefelt", max_length=500, blank=True,
                                   help_text="Task-field codes separated by ';'.")
    lovpalagt = models.BooleanField("lovpålagt", null=True, blank=True,
                                    help_text="Whether it serves a statutory task; empty = unknown.")
    vertskommune = models.CharField("vertskommune", max_length=4, blank=True,
                                    help_text="Municipality number of the host (a participant).")
    etablert = models.PositiveIntegerField("etablert", null=True, blank=True,
                                           help_text="Year established.")
    avviklet = models.PositiveIntegerField("avviklet", null=True, blank=True,
                                           help_text="Year it ended (active while year < avviklet).")
    niva = models.CharField("nivå", max_length=10, blank=True, choices=code_choices(Level),
                            help_text="Level set by hand; empty = derived by the level rule.")
    orgnr = models.CharField("orgnr", max_length=9, blank=True,
                             help_text="Organisation number in Enhetsregisteret (MOD11-checked).")
    kommunal_eierandel = models.FloatField("kommunal eierandel", null=True, blank=True,
                                           help_text="Municipal ownership share in percent.")
    dominerende_part = models.CharField("dominerende part", max_length=10, default="kommune",
                                        choices=code_choices(DominantParty),
                                        help_text="Who dominates the cooperation.")
    type = models.CharField("type", max_length=10, default="formell",
                            choices=code_choices(ArrangementType),
                            help_text="Formal cooperation, or an association, network or project.")
    erstatter = models.CharField("erstatter", max_length=100, blank=True,
                                 help_text="Id of the arrangement this one replaced.")
    budsjett_nok = models.FloatField("budsjett (NOK)", null=True, blank=True,
                                     help_text="Yearly budget in NOK.")
    arsverk = models.FloatField("årsverk", null=True, blank=True,
                                help_text="Full-time equivalents.")
    merknad = models.TextField("merknad", blank=True, max_length=20_000, help_text="Note.")
    kilde = models.TextField("kilde", blank=True, max_length=20_000, help_text="Source.")
    extra = models.JSONField(default=dict, blank=True,
                             help_text="Columns beyond the contract's, kept as they were read.")
    # Optimistic locking: a save must name the version it edited; a stale version is refused, so
    # two people editing at once cannot overwrite each other (no lost update).
    version = models.PositiveIntegerField(default=1, help_text="Incremented on every change.")
    updated_at = models.DateTimeField(auto_now=True, help_text="Time of the last change.")

    class Meta:
        ordering = ["key"]
        indexes = [models.Index(fields=["sektor"]), models.Index(fields=["tilknytningsform"])]

    def __str__(self) -> str:
        return f"{self.key} {self.navn}"


class Participation(models.Model):
    """A municipality's participation in an arrangement: one row of ``deltakere``."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE,
                                    related_name="participations",
                                    help_text="The arrangement taken part in.")
    kommunenummer = models.CharField(max_length=4, db_index=True,
                                     help_text="Four-digit municipality number.")
    fra = models.PositiveIntegerField(null=True, blank=True, help_text="Year the municipality joined.")
    til = models.PositiveIntegerField(null=True, blank=True, help_text="Year it left.")
    rolle = models.CharField(max_length=15, default="deltaker", choices=code_choices(Role),
                             help_text="Host municipality or participant.")
    extra = models.JSONField(default=dict, blank=True, help_text="Extra columns as read.")

    class Meta:
        ordering = ["arrangement_id", "kommunenummer", "fra"]


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


class Action(models.TextChoices):
    """What a recorded change did (the stored values are the bokmål words shown in history)."""

    CREATED = "opprettet", "opprettet"
    CHANGED = "endret", "endret"
    ENDED = "avsluttet", "avsluttet"
    REVERTED = "tilbakestilt", "tilbakestilt"
    IMPORTED = "importert", "importert"
    PROPOSAL_ACCEPTED = "forslag godtatt", "forslag godtatt"


class Change(models.Model):
    """One recorded change: who, when, what, and the arrangement before and after (snapshots of
    its fields and participants), so that it can be shown and reverted."""

    arrangement_key = models.CharField(max_length=100, db_index=True,
                                       help_text="Id of the arrangement changed.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             help_text="Who made the change (empty for imports by command).")
    at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When.")
    action = models.CharField(max_length=20, choices=Action.choices,
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
