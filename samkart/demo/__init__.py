"""The demo register: synthetic data calibrated to the figures NIVI Analyse published."""

from samkart.demo.content import DEMO_SOURCE, is_demo
from samkart.demo.generator import CalibrationError, generate_demo

__all__ = ["DEMO_SOURCE", "CalibrationError", "generate_demo", "is_demo"]
