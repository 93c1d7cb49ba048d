"""Who may do what, decided on the server for every write (views and API call these).

* administrator (Django superuser): everything;
* analyst: arrangements with a participant in one of their counties (in any year), and deciding
  proposals on them;
* municipal editor: arrangements in which their municipality takes part (in any year); for others
  they may only propose a change;
* anyone else: read only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from samkart.reference import load_reference
from samkart.web.registry.models import Profile
from samkart.web.registry.store import Snapshot


def is_admin(user) -> bool:
    """An active, logged-in administrator: the only one who may run the register-wide
    operations (Enhetsregisteret, municipal changes, surveys)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def require_admin(user, message: str) -> None:
    """Refuse (403, with ``message`` in the reader's language) unless ``user`` :func:`is_admin`."""
    if not is_admin(user):
        raise PermissionDenied(message)


def profile(user) -> Profile | None:
    if not user or not user.is_authenticated:
        return None
    return getattr(user, "samkart", None)


def _counties_of(snap: Snapshot) -> set[str]:
    index = load_reference().municipalities
    out = set()
    for p in snap["deltakere"]:
        m = index.any_version(p["kommunenummer"])
        if m is not None:
            out.add(m.fylkesnummer)
    return out


def _numbers_of(snap: Snapshot) -> set[str]:
    return {p["kommunenummer"] for p in snap["deltakere"]}


def can_edit(user, snap: Snapshot) -> bool:
    """May ``user`` save this snapshot (an arrangement as it is, or as it would become)?"""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    prof = profile(user)
    if prof is None:
        return False
    if prof.role == Profile.ANALYST:
        return bool(_counties_of(snap) & set(prof.county_list()))
    if prof.role == Profile.EDITOR:
        return bool(prof.kommunenummer) and prof.kommunenummer in _numbers_of(snap)
    return False


def can_change(user, before: Snapshot | None, after: Snapshot) -> bool:
    """A change must be allowed on the arrangement as it was and as it becomes: an editor can
    neither take over someone else's arrangement by adding their municipality, nor give one away
    by removing it."""
    return can_edit(user, after) and (before is None or can_edit(user, before))


def can_propose(user) -> bool:
    prof = profile(user)
    return bool(user and user.is_authenticated and user.is_active and prof
                and prof.role == Profile.EDITOR)


def can_decide(user, snap: Snapshot) -> bool:
    """Accept or reject a proposal: administrators and analysts for the arrangement's counties."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    prof = profile(user)
    return bool(prof and prof.role == Profile.ANALYST
                and _counties_of(snap) & set(prof.county_list()))


def can_import(user) -> bool:
    """Uploading a whole register file: administrators and analysts (an analyst's import may only
    touch arrangements in their counties; the import view checks each one)."""
    prof = profile(user)
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_superuser or (prof and prof.role == Profile.ANALYST)))


def can_edit_text(user, county: str | None, register_counties: set[str]) -> bool:
    """May ``user`` write the analyst's text for ``county`` (a county appendix) or, with None, a
    text of the whole report? Administrators: every text. Analysts: their counties' appendices,
    and the report's own texts (foreword, conclusions, …) when their counties cover every county
    of the register (``register_counties``), since those texts speak for all of them. Municipal
    editors and readers: none."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    prof = profile(user)
    if prof is None or prof.role != Profile.ANALYST:
        return False
    mine = set(prof.county_list())
    if county is not None:
        return county in mine
    return bool(mine) and register_counties <= mine
