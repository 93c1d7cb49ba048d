from django.contrib import admin

from samkart.web.registry.models import ApiToken, Change, Profile, Proposal


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "counties", "kommunenummer")


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "arrangement_key", "action", "user")
    readonly_fields = tuple(f.name for f in Change._meta.fields)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("at", "arrangement_key", "proposed_by", "status")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created")
    readonly_fields = ("digest",)
