from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from samkart.web.registry import language
from samkart.web.registry.api import api
from samkart.web.registry.views import edit, public

urlpatterns = [
    path("", public.home, name="home"),
    path("kommuner/", public.municipality_list, name="municipalities"),
    path("kommuner/<str:kommunenummer>/", public.municipality_detail, name="municipality"),
    path("ordninger/", public.arrangement_list, name="arrangements"),
    path("ordninger/ny/", edit.edit, name="arrangement_new"),
    path("ordninger/<str:key>/", public.arrangement_detail, name="arrangement"),
    path("ordninger/<str:key>/endre/", edit.edit, name="arrangement_edit"),
    path("ordninger/<str:key>/avslutt/", edit.end, name="arrangement_end"),
    path("endringer/<int:change_id>/tilbakestill/", edit.revert, name="revert"),
    path("forslag/", edit.proposals, name="proposals"),
    path("forslag/<int:proposal_id>/", edit.decide, name="decide"),
    path("last-opp/", edit.upload, name="upload"),
    path("konto/api-nokler/", edit.tokens, name="tokens"),
    path("rapport/", public.report_page, name="report"),
    path("rapport/<str:chapter>/", public.report_page, name="report_chapter"),
    path("last-ned/register.<str:fmt_>", public.download_register, name="download_register"),
    path("last-ned/<str:name>.<str:fmt_>", public.download_table, name="download_table"),
    path("logg-inn/", auth_views.LoginView.as_view(template_name="registry/login.html"),
         name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/<str:code>/", language.switch, name="language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
