"""How a register is known to be the demo: every demo arrangement names the demo as its source.

Kept apart from the generator so that a command can tell the user "this is the demo" without
importing the generator and its data.
"""

from __future__ import annotations

from samkart.register.model import Register

DEMO_SOURCE = "Syntetiske demodata kalibrert til NIVI Analyse (tabell 4.1–4.5)"


def is_demo(register: Register) -> bool:
    """Whether the register holds demo data (any arrangement with the demo source line)."""
    return any(a.kilde == DEMO_SOURCE for a in register.arrangements.values())
