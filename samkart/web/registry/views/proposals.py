"""Proposals: municipal editors' changes to arrangements they do not take part in, decided by an
analyst for the arrangement's counties (or an administrator)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samkart.web.registry import changes, store
from samkart.web.registry.models import Arrangement, Proposal


@login_required
def proposals(request):
    """Open proposals for the arrangements the user decides on as they are now."""
    open_ = list(Proposal.objects.filter(status=Proposal.OPEN).select_related("proposed_by"))
    current = {a.key: store.snapshot(a) for a in Arrangement.objects.prefetch_related(
        "participations").filter(key__in={p.arrangement_key for p in open_})}
    rows = []
    for p in open_:
        now = current.get(p.arrangement_key)
        if changes.may_see_proposal(request.user, p, now):
            rows.append({"p": p, "may_accept": changes.may_accept_proposal(request.user, p, now)})
    return render(request, "registry/proposals.html", {"proposals": rows})


@login_required
@require_POST
def decide(request, proposal_id: int):
    accept = request.POST.get("svar") == "godta"
    try:
        changes.decide(request.user, proposal_id, accept)
    except changes.NotFound as e:
        raise Http404(str(e)) from e
    except changes.Forbidden as e:
        raise PermissionDenied(str(e)) from e
    except changes.Stale:
        messages.error(request, _("Ordningen er endret etter at forslaget ble laget; avvis det "
                                  "og be om et nytt."))
        return redirect("proposals")
    except changes.ChangeError as e:
        messages.error(request, str(e))
        return redirect("proposals")
    messages.success(request, _("Forslaget er godtatt.") if accept else _("Forslaget er avvist."))
    return redirect("proposals")
