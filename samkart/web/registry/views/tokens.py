"""The user's API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samkart.web.registry.models import ApiToken


@login_required
def tokens(request):
    """The user's API tokens: make one (shown once, only its hash is kept) or revoke one."""
    new = None
    if request.method == "POST":
        if "slett" in request.POST:
            ApiToken.objects.filter(user=request.user, pk=request.POST.get("slett")).delete()
            messages.success(request, _("Nøkkelen er slettet."))
            return redirect("tokens")
        new = ApiToken.issue(request.user, request.POST.get("navn", "")[:100])
    return render(request, "registry/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created"), "new": new})
