from django.contrib import admin

from samkart.web.survey.models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Edit a survey's definition: its task fields (codes, in order) and experience questions."""

    list_display = ("title", "year", "open", "closes")
    fields = ("title", "year", "closes", "open", "task_fields", "dimensions")
