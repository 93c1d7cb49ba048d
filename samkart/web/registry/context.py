"""Template context shared by every page: whether the data is the demo, and the user's role."""

from __future__ import annotations

from samkart.demo import is_demo
from samkart.web.registry import store
from samkart.web.registry.permissions import profile


def site(request) -> dict:
    return {"demo": demo_data(), "profile": profile(getattr(request, "user", None))}


def demo_data() -> bool:
    """Whether the register is the demo (a banner on every page says so)."""
    try:
        # Looked at on every page: kept with the register rather than scanning it each time.
        return store.memo(("is-demo",), lambda: is_demo(store.current_register()))
    except Exception:  # an empty or unmigrated database: no banner rather than no page
        return False
