from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from samkart.web.registry import language
from samkart.web.registry.api import api
from samkart.web.registry.views import (
    brreg,
    edit,
    migrate,
    network,
    proposals,
    public,
    texts,
    tokens,
    upload,
)
from samkart.web.survey import views as survey


class KeyConverter:
    """An arrangement's id in a path: any text, "/" included, but no control character (no row
    can have one, and PostgreSQL refuses a NUL in a query)."""

    regex = r"[^\x00-\x1f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KeyConverter, "key")

urlpatterns = [
    path("", public.home, name="home"),
    path("kommuner/", public.municipality_list, name="municipalities"),
    path("kommuner/<str:kommunenummer>/", public.municipality_detail, name="municipality"),
    path("ordninger/", public.arrangement_list, name="arrangements"),
    path("ordninger/ny/", edit.edit, name="arrangement_new"),
    # An id may hold "/" (the register format allows any text): the editing pages come first, so
    # that ".../endre/" is not read as part of an id.
    path("ordninger/<key:key>/endre/", edit.edit, name="arrangement_edit"),
    path("ordninger/<key:key>/avslutt/", edit.end, name="arrangement_end"),
    path("ordninger/<key:key>/", public.arrangement_detail, name="arrangement"),
    path("endringer/<int:change_id>/tilbakestill/", edit.revert, name="revert"),
    path("forslag/", proposals.proposals, name="proposals"),
    path("forslag/<int:proposal_id>/", proposals.decide, name="decide"),
    path("last-opp/", upload.upload, name="upload"),
    path("tekster/", texts.index, name="texts"),
    path("tekster/skriv/", texts.edit, name="text_edit"),
    path("tekster/endringer/<int:change_id>/tilbakestill/", texts.revert, name="text_revert"),
    path("enhetsregisteret/", brreg.brreg, name="brreg"),
    path("kommuneendringer/", migrate.migrate_page, name="migrate"),
    path("konto/api-nokler/", tokens.tokens, name="tokens"),
    path("nettverk/", network.network_page, name="network"),
    path("rapport/", public.report_page, name="report"),
    path("rapport/<str:chapter>/", public.report_page, name="report_chapter"),
    path("last-ned/register.<str:fmt_>", public.download_register, name="download_register"),
    path("last-ned/<str:name>.<str:fmt_>", public.download_table, name="download_table"),
    path("logg-inn/", auth_views.LoginView.as_view(template_name="registry/login.html"),
         name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/<str:code>/", language.switch, name="language"),
    path("undersokelser/", survey.survey_list, name="surveys"),
    path("undersokelser/<int:pk>/", survey.survey_detail, name="survey_detail"),
    path("undersokelser/<int:pk>/lenker/", survey.make_links, name="survey_links"),
    path("undersokelser/<int:pk>/lenker.csv", survey.links_csv, name="survey_links_csv"),
    path("undersokelser/<int:pk>/paminnelse/", survey.remind, name="survey_remind"),
    path("undersokelser/<int:pk>/lukk/", survey.close, name="survey_close"),
    path("undersokelser/<int:pk>/lenker/<int:link_id>/trekk/", survey.revoke,
         name="survey_revoke"),
    path("undersokelser/<int:pk>/svar.<str:fmt_>", survey.export, name="survey_export"),
    path("undersokelser/<int:pk>/importer/", survey.import_responses, name="survey_import"),
    path("undersokelser/<int:pk>/analyse/", survey.analysis, name="survey_analysis"),
    path("svar/<str:token>/", survey.answer, name="survey_answer"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]


def _not_found(request, exception=None):
    """A 404 under /api/ is JSON in the API's Error shape; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Ikke funnet", "problems": []}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


handler404 = _not_found
