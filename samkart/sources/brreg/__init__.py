"""A register from Enhetsregisteret (Brønnøysundregistrene), and a register kept in step with it.

The parts, in the order an import runs them:

* :mod:`.bulk` reads the two bulk downloads (units, roles) streamed; :mod:`.api` fetches the same
  from the open API. Both give a :class:`~.rules.SourceData`;
* :mod:`.rules` holds every mapping rule (R1–R10, documented there) and makes arrangements,
  candidates and a summary of them (:class:`~.rules.ImportResult`); :mod:`.nace` is its table
  from industry code to sector, which a user can override;
* :mod:`.output` makes the register (validated as ``samkart validate`` would read it), the
  candidates file and the summary; :mod:`.compare` compares a register with the result by
  ``orgnr`` and applies the differences.

The pydantic models of the documents are in :mod:`.models` (the `brreg` package's where they fit).
Unreadable input is a :class:`SourceError`.
"""

from __future__ import annotations

from samkart.sources.brreg.errors import SourceError
from samkart.sources.brreg.models import Scope
from samkart.sources.brreg.nace import NaceTable
from samkart.sources.brreg.nace import load_nace_table as nace_table

__all__ = ["NaceTable", "Scope", "SourceError", "nace_table"]
