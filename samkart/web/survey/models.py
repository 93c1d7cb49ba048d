"""A survey defined in data, one private link per municipality, and one answer per link.

The link's token is the respondent's only credential: it names one survey and one municipality,
so an answer can be read and changed only through its own link. Tokens are kept (not hashed) so
that reminders can repeat the same link; they carry no rights beyond that one answer, and an
administrator can revoke them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Survey(models.Model):
    year = models.PositiveIntegerField(help_text="The survey year; municipalities valid then.")
    title = models.CharField(max_length=200, help_text="Shown to the respondents.")
    task_fields = models.JSONField(default=list, help_text="Task-field codes asked about, in order.")
    dimensions = models.JSONField(default=dict,
                                  help_text="Experience questions: code -> question text.")
    open = models.BooleanField(default=True, help_text="Closed surveys take no more answers; "
                                                       "their links stop working.")
    closes = models.DateField(null=True, blank=True, help_text="Last day for answers (optional).")
    created = models.DateTimeField(auto_now_add=True, help_text="When it was made.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   help_text="The administrator who made it.")

    class Meta:
        ordering = ["-year", "-created"]

    def accepting(self) -> bool:
        return self.open and (self.closes is None or timezone.localdate() <= self.closes)

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Link(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links",
                               help_text="The survey.")
    kommunenummer = models.CharField(max_length=4, help_text="The municipality answering.")
    token = models.CharField(max_length=64, unique=True, help_text="The private link's secret.")
    email = models.EmailField(blank=True, help_text="The chief executive's address for reminders.")
    revoked = models.BooleanField(default=False, help_text="A revoked link no longer works.")
    created = models.DateTimeField(auto_now_add=True, help_text="When it was made.")
    reminded = models.DateTimeField(null=True, blank=True, help_text="Last reminder sent.")

    class Meta:
        unique_together = [("survey", "kommunenummer")]
        ordering = ["kommunenummer"]

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)


class Answer(models.Model):
    """The one answer of a link; saving again updates it, never duplicates it."""

    link = models.OneToOneField(Link, on_delete=models.CASCADE, related_name="answer",
                                help_text="Whose answer.")
    fields = models.JSONField(default=dict, help_text="Task-field code -> true (ja) / false (nei).")
    experience = models.JSONField(default=dict,
                                  help_text="Question code -> 1..5, or null for 'vet ikke'.")
    comment = models.TextField(blank=True, help_text="Free text.")
    updated = models.DateTimeField(auto_now=True, help_text="Last saved.")
    submitted = models.DateTimeField(null=True, blank=True,
                                     help_text="When the respondent sent it in (empty: draft).")
