"""The Register: every table of one mapping, with the reference data it is read against."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from samkart.domain.entities import (
    Arrangement,
    Council,
    CouncilMembership,
    County,
    MappingRound,
    MunicipalChange,
    Municipality,
    Participation,
    ReportText,
    TaskField,
)
from samkart.reference import Change, MunicipalityIndex, county_name
from samkart.register.columns import Columns, from_columns, to_columns
from samkart.register.participants import ParticipantIndex, index_participations


# Not slots=True: a register from the cache makes its participations when first asked for, in
# __getattr__ (one object a register: slots would save nothing).
@dataclass
class Register:
    """A loaded, valid register.

    ``municipalities``, ``counties``, ``councils``, ``memberships`` and ``task_fields`` are what the
    rules use: the bundled reference data with the register's own tables laid over it. ``own`` keeps
    the register's own optional tables as they were given, so that writing a register gives back
    what was read (and not the whole bundled reference).
    """

    arrangements: dict[str, Arrangement]
    participations: list[Participation]
    municipalities: MunicipalityIndex
    counties: dict[str, list[County]]
    councils: dict[str, Council]
    memberships: list[CouncilMembership]
    task_fields: dict[str, TaskField]
    own: OwnTables = field(default_factory=lambda: OwnTables())
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    """The file row of each arrangement (``ordninger``), for messages about it after loading."""
    changes: tuple[Change, ...] = ()
    """The municipal changes the rules use: the bundled successor table and the register's own
    ``kommuneendringer`` (empty when a register was built without them: use the bundled ones)."""
    _participant_index: ParticipantIndex | None = field(default=None, init=False, repr=False,
                                                        compare=False)
    # A register unpickled from the cache holds its participations as columns, in the instance's
    # ``_participation_columns``, until they are first asked for (__getattr__, __reduce__).

    def participant_index(self) -> ParticipantIndex:
        """The participations by arrangement (:mod:`samkart.register.participants`), made at the
        first call and kept: a register is not changed once it is made (a changed register is a
        new one, as :func:`dataclasses.replace` makes it, without the index)."""
        if self._participant_index is None:
            self._participant_index = index_participations(self.participations)
        return self._participant_index

    if not TYPE_CHECKING:  # (for mypy, a register has no attributes but its fields)
        def __getattr__(self, name: str) -> Any:
            # Reached only when an attribute is not there: the participations of a register
            # unpickled from columns. A year's tables never ask for them (they count through
            # the participant index); a million took a third of a second to make.
            if name == "participations":
                columns = self.__dict__.pop("_participation_columns", None)
                if columns is not None:
                    self.participations = from_columns(Participation, columns)
                    return self.participations
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (the register cache, the report's workers) with the arrangements and
        # participations as columns (samkart/register/columns.py), and the participations'
        # index: a third of the bytes, and a quarter of the time to load.
        # Every field given to the constructor; of the others (init=False) the index is passed
        # on below: a new one must be too.
        state = {f.name: getattr(self, f.name) for f in fields(self)
                 if f.init and f.name not in ("participations", "arrangements")}
        index = self.participant_index()
        columns = self.__dict__.get("_participation_columns")  # not made into objects yet
        return (_restore, (state, tuple(self.arrangements),
                           to_columns(Arrangement, list(self.arrangements.values())),
                           columns if columns is not None
                           else to_columns(Participation, self.participations), index))

    def county_name(self, number: str, year: int | None = None) -> str:
        return county_name(self.counties, number, year)

    @property
    def rounds(self) -> list[MappingRound]:
        """The mapping rounds (``kartlegginger``), empty when the register has none."""
        return self.own.kartlegginger or []

    @property
    def texts(self) -> list[ReportText]:
        """The analyst's texts (``tekster``), empty when the register has none."""
        return self.own.tekster or []


@dataclass(slots=True)
class OwnTables:
    """The optional tables a register brought itself (None: absent, the bundled data is used)."""

    kommuner: list[Municipality] | None = None
    kommuneendringer: list[MunicipalChange] | None = None
    fylker: list[County] | None = None
    regionrad: list[Council] | None = None
    regionrad_medlemmer: list[CouncilMembership] | None = None
    oppgavefelt: list[TaskField] | None = None
    kartlegginger: list[MappingRound] | None = None
    tekster: list[ReportText] | None = None


def _restore(state: dict[str, Any], ids: tuple[str, ...], arrangements: Columns,
             participations: Columns, index: ParticipantIndex) -> Register:
    register = Register(arrangements=dict(zip(ids, from_columns(Arrangement, arrangements),
                                              strict=True)),
                        participations=[], **state)
    del register.participations  # made from the columns when first asked for (__getattr__)
    register.__dict__["_participation_columns"] = participations
    register._participant_index = index
    return register
