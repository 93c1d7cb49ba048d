from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SurveyConfig(AppConfig):
    name = "samkart.web.survey"
    label = "survey"
    verbose_name = gettext_lazy("Rådmannsundersøkelse")
