"""The demo register: synthetic data calibrated to the figures NIVI Analyse published.

The generator is imported when it is first asked for (``samkart.demo.generate_demo``): telling
whether a register is the demo (:func:`is_demo`) must not cost its import.
"""

from samkart.demo.marker import DEMO_SOURCE, is_demo

__all__ = ["DEMO_SOURCE", "CalibrationError", "generate_demo", "is_demo"]


def __getattr__(name: str):
    if name in ("generate_demo", "CalibrationError"):
        from samkart.demo import generator

        return getattr(generator, name)
    raise AttributeError(f"module 'samkart.demo' has no attribute {name!r}")
