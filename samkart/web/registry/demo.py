"""The demo's accounts.

The demo accounts exist only in a database filled with ``samkart serve --demo``: an administrator,
an analyst per county and an editor per municipality, all with the publicly known password
:data:`DEMO_PASSWORD`, so that anyone can try the roles. Never use ``--demo`` for real data.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from samkart.analysis.yearview import YearView
from samkart.register.model import Register
from samkart.web.registry.models import Arrangement, Profile

DEMO_PASSWORD = "demo-samkart"


def ensure_demo_users(register: Register, year: int | None = None) -> int:
    """Demo accounts: ``admin``, ``analytiker-NN`` per county, ``redaktor-NNNN`` per
    municipality taking part in the year (default: this year). Returns how many were made."""
    User = get_user_model()
    year = year or dt.date.today().year
    view = YearView(register, year)
    numbers = sorted({k for s in view.statuses.values() for k in s.participants})
    counties = sorted({view.municipalities[k].fylkesnummer for k in numbers})
    hashed = make_password(DEMO_PASSWORD)  # hashed once: hashing per user would take minutes
    made = 0
    with transaction.atomic():
        if not User.objects.filter(username="admin").exists():
            User.objects.create(username="admin", password=hashed, is_staff=True,
                                is_superuser=True)
            made += 1
        roles = [(f"analytiker-{nn}", {"role": Profile.ANALYST, "counties": nn})
                 for nn in counties]
        roles += [(f"redaktor-{k}", {"role": Profile.EDITOR, "kommunenummer": k})
                  for k in numbers]
        for username, profile in roles:
            user, created = User.objects.get_or_create(username=username,
                                                       defaults={"password": hashed})
            if created:
                Profile.objects.create(user=user, **profile)
                made += 1
    return made


def database_is_empty() -> bool:
    return not Arrangement.objects.exists()
