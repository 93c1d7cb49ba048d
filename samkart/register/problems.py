"""Problems found in a register, located as ``TABLE:ROW:COLUMN`` (``docs/spec/cli.md``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem. ``row`` is the 1-based data row (0 is the header or the whole table)."""

    severity: Severity
    table: str
    row: int
    column: str
    message: str

    def line(self) -> str:
        return f"{self.severity.value} {self.table}:{self.row}:{self.column}: {self.message}"


@dataclass(slots=True)
class Problems:
    """Collects every problem of one load, so they can all be reported at once.

    With a ``limit`` only that many are kept (a page cannot show millions); the others are
    counted in ``dropped``, and an error among them still makes ``has_errors`` true."""

    items: list[Problem] = field(default_factory=list)
    limit: int | None = None
    dropped: int = 0
    _error_seen: bool = False

    def _add(self, problem: Problem) -> None:
        if problem.severity is Severity.ERROR:
            self._error_seen = True
        if self.limit is not None and len(self.items) >= self.limit:
            self.dropped += 1
            return
        self.items.append(problem)

    def error(self, table: str, row: int, column: str, message: str) -> None:
        self._add(Problem(Severity.ERROR, table, row, column, message))

    def warning(self, table: str, row: int, column: str, message: str) -> None:
        self._add(Problem(Severity.WARNING, table, row, column, message))

    def count(self) -> int:
        """How many problems were found (kept or not); a stable mark for "anything new?"."""
        return len(self.items) + self.dropped

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def has_errors(self) -> bool:
        return self._error_seen

    def sorted(self) -> list[Problem]:
        """Problems in file order: by table as the contract lists them, then row."""
        order = {t: i for i, t in enumerate(TABLE_ORDER)}
        return sorted(
            self.items, key=lambda p: (order.get(p.table, len(order)), p.table, p.row)
        )


class RegisterError(Exception):
    """Raised when a register cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.line() for p in problems))


TABLE_ORDER = (
    "register",
    "ordninger",
    "deltakere",
    "kommuner",
    "kommuneendringer",
    "fylker",
    "regionrad",
    "regionrad_medlemmer",
    "oppgavefelt",
    "kartlegginger",
    "tekster",
)
