"""The register: its tables, reading and writing them in CSV, xlsx and JSON, and validation.

Reading, writing and the model are imported when first asked for: a command that finds the
register in its cache (``samkart/register/cache.py``) needs neither reading nor writing, and one
answered from its kept answer (``samkart/cli/outputs.py``) not even the model.
"""

from typing import TYPE_CHECKING

from samkart.register.problems import Problem, RegisterError, Severity

if TYPE_CHECKING:
    from samkart.register.model import Register

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

_LAZY = {"Register": "model", "load_register": "load", "read_register": "load",
         "write_csv_folder": "write", "write_json": "write", "write_register": "write",
         "write_xlsx": "write"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'samkart.register' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"samkart.register.{module}"), name)
