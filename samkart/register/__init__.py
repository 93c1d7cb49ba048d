"""The register: its tables, reading and writing them in CSV, xlsx and JSON, and validation."""

from samkart.register.load import load_register, read_register
from samkart.register.model import Register
from samkart.register.problems import Problem, RegisterError, Severity
from samkart.register.write import write_csv_folder, write_json, write_register, write_xlsx

__all__ = [
    "Problem",
    "Register",
    "RegisterError",
    "Severity",
    "load_register",
    "read_register",
    "write_csv_folder",
    "write_json",
    "write_register",
    "write_xlsx",
]
