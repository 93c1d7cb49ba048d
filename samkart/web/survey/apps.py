from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "samkart.web.survey"
    label = "survey"
    verbose_name = "Rådmannsundersøkelse"
