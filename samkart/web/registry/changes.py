"""The one write path for arrangements and the analyst's texts of the report.

Every page that writes (editing, ending, reverting, deciding a proposal, the upload) and the API
change an arrangement through the functions here, and nowhere else. Each runs the same steps in
one transaction: lock the row, check the user's right on the arrangement *as it is*, check the
version the user saw, validate the new state with the register's own rules, check the right on the
arrangement *as it becomes*, write, and record the change with its before and after. Callers are
thin: they turn what the user sent into fields and participants, and an error below into a message
or a status code.

The errors form a small family callers catch by kind (:class:`ChangeError` catches them all):

* :class:`Invalid` -- the new state breaks the register's rules (``problems`` says where);
* :class:`Forbidden` -- the user may not change the arrangement as it is, or as it would become;
* :class:`Stale` -- the arrangement was changed after the version the user saw;
* :class:`Conflict` -- a new arrangement's id is already in use;
* :class:`NotFound` -- no such arrangement, change or open proposal;
* :class:`LaterChanges` -- reverting a change would also undo the later ones (``later``), and the
  user has not confirmed that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samkart.register.containers import CONTROL_CHARACTERS
from samkart.register.model import Register
from samkart.register.problems import Problem
from samkart.web.registry import store
from samkart.web.registry.models import (
    Action,
    Arrangement,
    Change,
    MappingRound,
    Proposal,
    ReportText,
    TextChange,
    text_key,
)
from samkart.web.registry.permissions import can_decide, can_edit, can_edit_text, is_admin
from samkart.web.registry.store import Snapshot


class ChangeError(Exception):
    """A change that was not made; ``str(error)`` is a message for the user (bokmål)."""


class Invalid(ChangeError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity.value == "error"]
        super().__init__("; ".join(p.line() for p in errors))


class Forbidden(ChangeError):
    pass


class Conflict(ChangeError):
    pass


class NotFound(ChangeError):
    pass


@dataclass(frozen=True)
class LastChange:
    """Who changed an arrangement last, and when (for the message of a stale save)."""

    user: str
    at: str


class Stale(ChangeError):
    def __init__(self, key: str, sent: int | None, current: int):
        self.key, self.sent, self.current = key, sent, current
        last = Change.objects.filter(arrangement_key=key).select_related("user").first()
        self.last = LastChange(
            user=last.user.get_username() if last and last.user else _("en annen"),
            at=timezone.localtime(last.at).strftime(_("%d.%m.%Y kl. %H:%M")) if last else "")
        super().__init__(
            _("Ordningen ble endret av {user} {at} etter at du åpnet den (versjon {current}, du "
              "hadde {sent}). Endringen din er ikke lagret. Åpne ordningen på nytt, se hva som er "
              "endret, og gjør endringen din igjen.").format(
                user=self.last.user, at=self.last.at, current=current,
                sent=sent if sent is not None else _("ingen")))


class StaleText(Stale):
    """A text changed after the version the user saw."""

    def __init__(self, key: str, sent: int | None, current: int):
        ChangeError.__init__(self)
        self.key, self.sent, self.current = key, sent, current
        last = TextChange.objects.filter(text_key=key).select_related("user").first()
        self.last = LastChange(
            user=last.user.get_username() if last and last.user else _("en annen"),
            at=timezone.localtime(last.at).strftime(_("%d.%m.%Y kl. %H:%M")) if last else "")
        self.args = (
            _("Teksten ble endret av {user} {at} etter at du åpnet den (versjon {current}, du "
              "hadde {sent}). Endringen din er ikke lagret. Åpne teksten på nytt og gjør "
              "endringen din igjen.").format(
                user=self.last.user, at=self.last.at, current=current,
                sent=sent if sent is not None else _("ingen")),)


class LaterChanges(ChangeError):
    def __init__(self, later: list[Change]):
        self.later = later
        super().__init__(f"{len(later)} senere endring(er) av ordningen ville også bli "
                         "tilbakestilt; bekreft for å gjøre det.")


# -- the common steps ------------------------------------------------------------------------------

def _locked(key: str) -> Arrangement | None:
    if not _storable(key):  # no row can have it (and PostgreSQL refuses NUL in a query)
        return None
    return (Arrangement.objects.select_for_update().prefetch_related("participations")
            .filter(key=key).first())


def _storable(key: str) -> bool:
    return bool(key) and CONTROL_CHARACTERS.search(key) is None and "\x00" not in key


def _keeping_extras(current: Arrangement, participants: Sequence[Mapping[str, Any]]
                    ) -> list[Mapping[str, Any]]:
    """``participants`` (from a form or a proposal, which know only the contract's columns) with
    the extra columns each had in ``current``: the same municipality from the same year, else the
    same municipality. Data a user entered is never lost by an edit that did not show it."""
    before = store.snapshot(current)["deltakere"]
    exact = {(p["kommunenummer"], p["fra"]): p.get("extra") for p in before}
    by_number = {p["kommunenummer"]: p.get("extra") for p in before}
    out = []
    for p in participants:
        if p.get("extra"):
            out.append(p)
            continue
        number, start = str(p.get("kommunenummer") or ""), p.get("fra")
        start = int(start) if isinstance(start, (int, str)) and str(start).isdigit() else None
        extra = exact.get((number, start)) or by_number.get(number)
        out.append({**p, "extra": extra} if extra else p)
    return out


def _validated(fields: Mapping[str, Any], participants: Sequence[Mapping[str, Any]],
               extra: Mapping[str, Any] | None) -> Snapshot:
    after, problems = store.check(fields, participants, extra)
    if after is None:
        raise Invalid(problems)
    return after


def _write(user, current: Arrangement | None, after: Snapshot, action: str,
           note: str) -> Arrangement:
    """The last steps, on a locked row whose state before the change the user may edit: the right
    on the state after, then write and record."""
    if not can_edit(user, after):
        raise Forbidden(_("Endringen ville gi en ordning du ikke har rettigheter til "
                          "(utenfor dine fylker eller uten din kommune)."))
    before = store.snapshot(current) if current is not None else None
    saved = store.apply(current, after)
    store.record(user, saved.key, action, before, after, note)
    return saved


def _may_change(user, current: Arrangement) -> Snapshot:
    before = store.snapshot(current)
    if not can_edit(user, before):
        raise Forbidden(_("Du har ikke rettigheter til å endre denne ordningen."))
    return before


def _same_version(current: Arrangement, version: int | None) -> None:
    if version is None or int(version) != current.version:
        raise Stale(current.key, version, current.version)


# -- the operations --------------------------------------------------------------------------------

def create(user, fields: Mapping[str, Any], participants: Sequence[Mapping[str, Any]], *,
           note: str = "", action: str = Action.CREATED) -> Arrangement:
    """A new arrangement, its id taken from ``fields['id']``."""
    key = str(fields.get("id") or "")
    try:
        with store.writing():
            after = _validated(fields, participants, None)  # before the id reaches a query
            if Arrangement.objects.filter(key=key).exists():
                raise Conflict(_("Id-en «{key}» er allerede i bruk.").format(key=key))
            return _write(user, None, after, action, note)
    except IntegrityError as e:  # the same id created at the same moment by someone else
        raise Conflict(_("Id-en «{key}» er allerede i bruk.").format(key=key)) from e


def update(user, key: str, fields: Mapping[str, Any], participants: Sequence[Mapping[str, Any]],
           *, version: int | None, note: str = "", action: str = Action.CHANGED
           ) -> Arrangement:
    """Replace an arrangement's columns and participants; ``version`` is the one the user saw."""
    with store.writing():
        current = _locked(key)
        if current is None:
            raise NotFound(_("Ukjent ordning «{key}».").format(key=key))
        _may_change(user, current)
        _same_version(current, version)
        after = _validated({**fields, "id": key}, _keeping_extras(current, participants),
                           current.extra)
        return _write(user, current, after, action, note)


def end(user, key: str, year: int, *, version: int | None) -> Arrangement:
    """End an arrangement from ``year`` (its ``avviklet``)."""
    with store.writing():
        current = _locked(key)
        if current is None:
            raise NotFound(_("Ukjent ordning «{key}».").format(key=key))
        before = _may_change(user, current)
        _same_version(current, version)
        after = _validated({**before["fields"], "avviklet": year}, before["deltakere"],
                           current.extra)
        return _write(user, current, after, Action.ENDED, f"avviklet {year}")


def later_changes(change: Change) -> list[Change]:
    """The changes of the same arrangement recorded after ``change``, newest first."""
    return list(Change.objects.filter(arrangement_key=change.arrangement_key, pk__gt=change.pk)
                .select_related("user").order_by("-pk"))


def revert(user, change_id: int, *, through: int | None = None) -> Arrangement:
    """Restore an arrangement as it was before a recorded change. When later changes exist they
    would be undone too: refused with :class:`LaterChanges` unless the user confirmed exactly
    those (``through``: the newest change id they were shown)."""
    with store.writing():
        change = Change.objects.filter(pk=change_id).first()
        if change is None:
            raise NotFound(_("Ukjent endring."))
        if change.before is None:
            raise ChangeError(_("En opprettelse kan ikke tilbakestilles; avslutt ordningen i "
                                "stedet."))
        current = _locked(change.arrangement_key)
        if current is not None:
            _may_change(user, current)
        later = later_changes(change)
        if later and (through is None or later[0].pk != through):
            raise LaterChanges(later)
        before = change.before
        after = _validated(before["fields"], before["deltakere"], before.get("extra"))
        return _write(user, current, after, Action.REVERTED, f"tilbakestilt endring {change.pk}")


def import_snapshots(user, created: Mapping[str, Snapshot], changed: Mapping[str, Snapshot],
                     note: str = "") -> None:
    """Apply an upload's plan (snapshots of a whole register that passed validation) in one
    transaction: every arrangement is checked as it is and as it becomes, and one refusal writes
    nothing."""
    with store.writing():
        existing = {a.key: a for a in Arrangement.objects.select_for_update()
                    .prefetch_related("participations").filter(key__in=[*created, *changed])}
        for key, after in created.items():
            if key in existing:
                raise Conflict(_("{key} finnes allerede; last opp filen på nytt.").format(key=key))
            _write(user, None, after, Action.IMPORTED, note)
        for key, after in changed.items():
            current = existing.get(key)
            if current is None:
                raise NotFound(_("{key} finnes ikke lenger; last opp filen på nytt.").format(key=key))
            _may_change(user, current)
            _write(user, current, after, Action.IMPORTED, note)


def import_from_brreg(user, created: Mapping[str, Snapshot], changed: Mapping[str, Snapshot],
                      versions: Mapping[str, int], note: str = "") -> None:
    """Apply a comparison with Enhetsregisteret that an administrator confirmed, in one
    transaction: only administrators; each arrangement must still be at the version the
    comparison was made from (``versions``), else :class:`Stale` and nothing is written; each
    new state is validated again."""
    if not is_admin(user):
        raise Forbidden(_("Bare administratorer kan ta inn endringer fra Enhetsregisteret."))
    with store.writing():
        existing = {a.key: a for a in Arrangement.objects.select_for_update()
                    .prefetch_related("participations").filter(key__in=[*created, *changed])}
        for key, snap in created.items():
            if key in existing:
                raise Conflict(_("{key} finnes allerede; hent og sammenlign på nytt.").format(key=key))
            after = _validated(snap["fields"], snap["deltakere"], snap.get("extra"))
            _write(user, None, after, Action.IMPORTED, note)
        for key, snap in changed.items():
            current = existing.get(key)
            if current is None:
                raise NotFound(_("{key} finnes ikke lenger; hent og sammenlign på nytt.")
                               .format(key=key))
            _may_change(user, current)
            _same_version(current, versions.get(key))
            after = _validated({**snap["fields"], "id": key}, snap["deltakere"], current.extra)
            _write(user, current, after, Action.IMPORTED, note)


def migrate_register(user, changed: Mapping[str, Snapshot], versions: Mapping[str, int],
                     note: str = "") -> None:
    """Apply a migration through municipal changes (``samkart migrate``) that an administrator
    confirmed, in one transaction: only administrators; each arrangement must still be at the
    version the plan was made from (``versions``), else :class:`Stale` and nothing is written;
    each new state is validated again."""
    if not is_admin(user):
        raise Forbidden(_("Bare administratorer kan føre registeret gjennom kommuneendringer."))
    with store.writing():
        existing = {a.key: a for a in Arrangement.objects.select_for_update()
                    .prefetch_related("participations").filter(key__in=list(changed))}
        for key, snap in changed.items():
            current = existing.get(key)
            if current is None:
                raise NotFound(_("{key} finnes ikke lenger; lag planen på nytt.").format(key=key))
            _may_change(user, current)
            _same_version(current, versions.get(key))
            after = _validated({**snap["fields"], "id": key}, snap["deltakere"], current.extra)
            _write(user, current, after, Action.MIGRATED, note)


def denied_in_import(user, created: Mapping[str, Snapshot], changed: Mapping[str, Snapshot]
                     ) -> list[str]:
    """The arrangements of an upload the user may not write (for the preview; the import itself
    checks again under lock)."""
    current = {a.key: store.snapshot(a) for a in Arrangement.objects
               .prefetch_related("participations").filter(key__in=list(changed))}
    out = [k for k, after in created.items() if not can_edit(user, after)]
    for key, after in changed.items():
        before = current.get(key)
        if (before is not None and not can_edit(user, before)) or not can_edit(user, after):
            out.append(key)
    return sorted(out)


# -- proposals -------------------------------------------------------------------------------------

def propose(user, key: str, fields: Mapping[str, Any], participants: Sequence[Mapping[str, Any]],
            *, version: int | None, note: str = "") -> Proposal:
    """A municipal editor's proposal for an arrangement they may not change themselves."""
    with transaction.atomic():
        current = _locked(key)
        if current is None:
            raise NotFound(_("Ukjent ordning «{key}».").format(key=key))
        _same_version(current, version)
        after = _validated({**fields, "id": key}, participants, current.extra)
        return Proposal.objects.create(arrangement_key=key, proposed_by=user,
                                       base_version=current.version, after=after, note=note)


def may_see_proposal(user, proposal: Proposal, current: Snapshot | None) -> bool:
    """Proposals go to whoever decides on the arrangement as it is now (an analyst for one of its
    counties, or an administrator)."""
    return can_decide(user, current if current is not None else proposal.after)


def may_accept_proposal(user, proposal: Proposal, current: Snapshot | None) -> bool:
    """Accepting is a change: the decider must have the right on the arrangement as it is and as
    the proposal would make it."""
    return may_see_proposal(user, proposal, current) and can_edit(user, proposal.after)


def decide(user, proposal_id: int, accept: bool) -> Proposal:
    """Accept (apply) or reject an open proposal."""
    with store.writing():
        proposal = (Proposal.objects.select_for_update().select_related("proposed_by")
                    .filter(pk=proposal_id, status=Proposal.OPEN).first())
        if proposal is None:
            raise NotFound(_("Forslaget finnes ikke eller er allerede avgjort."))
        current = _locked(proposal.arrangement_key)
        if current is None:
            raise NotFound(_("Ordningen «{key}» finnes ikke lenger.")
                           .format(key=proposal.arrangement_key))
        before = store.snapshot(current)
        if not can_decide(user, before):
            raise Forbidden(_("Bare en analytiker for ordningens fylker kan avgjøre forslaget."))
        if accept:
            if not can_edit(user, proposal.after):
                raise Forbidden(_("Å godta forslaget ville gi ordningen deltakere bare utenfor dine "
                                  "fylker; det kan du avvise, men bare en administrator kan godta "
                                  "det."))
            if current.version != proposal.base_version:
                raise Stale(current.key, proposal.base_version, current.version)
            after = _validated(proposal.after["fields"],
                               _keeping_extras(current, proposal.after["deltakere"]),
                               current.extra)
            _write(user, current, after, Action.PROPOSAL_ACCEPTED,
                   f"forslag fra {proposal.proposed_by.get_username()}")
        proposal.status = Proposal.ACCEPTED if accept else Proposal.REJECTED
        proposal.decided_by = user
        proposal.decided_at = timezone.now()
        proposal.save()
        return proposal


# -- the command line --------------------------------------------------------------------------

def load_into_empty_database(register: Register, note: str,
                             progress: Callable[[int, int], None] | None = None) -> int:
    """Import every arrangement of ``register`` (all or nothing) into a database that has none of
    them, as the command line does it (no user; recorded as imported). Returns how many."""
    plan = store.plan_import(register)
    if plan.changed:
        raise ValueError("databasen har allerede andre versjoner av disse ordningene")
    with store.writing():
        # The register's mapping rounds and texts come along (the report needs them).
        MappingRound.objects.bulk_create(
            MappingRound(fylkesnummer=r.fylkesnummer, ar=r.ar, dato=r.dato, kilde=r.kilde)
            for r in register.rounds)
        for t in register.texts:
            _text_write(None, None, _text_fields(t.kapittel, t.fylkesnummer or "", t.ar or 0,
                                                 t.tittel, t.tekst), Action.IMPORTED, note)
        total = len(plan.created)
        for i, key in enumerate(plan.created):
            store.apply(None, plan.snapshots[key])
            store.record(None, key, Action.IMPORTED, None, plan.snapshots[key], note)
            if progress and (i % 50 == 0 or i == total - 1):
                progress(i + 1, total)
    return len(plan.created)


# -- the analyst's texts ------------------------------------------------------------------------

def _text_fields(kapittel: str, fylkesnummer: str, ar: int, tittel: str, tekst: str) -> dict:
    return {"kapittel": kapittel, "fylkesnummer": fylkesnummer, "ar": ar, "tittel": tittel,
            "tekst": tekst}


def _text_snapshot(t: ReportText | None) -> dict | None:
    return None if t is None else _text_fields(t.kapittel, t.fylkesnummer, t.ar, t.tittel,
                                               t.tekst)


def _text_validated(fields: Mapping[str, Any]) -> dict:
    """The text checked by the register's own rules (``tekster`` as a one-row table), so a form
    gets the messages a file would (``tekster:1:kapittel: …``)."""
    from samkart.reference import load_reference
    from samkart.register.containers import RawTable
    from samkart.register.load import build_register
    from samkart.register.problems import Problems
    from samkart.register.schema import TEKSTER

    problems = Problems()
    columns = list(TEKSTER.columns)
    cells = {**fields, "ar": str(fields["ar"] or ""), "fylkesnummer": fields["fylkesnummer"]}
    raw = {"ordninger": RawTable("ordninger", ["id", "navn", "tilknytningsform", "sektor"], []),
           "deltakere": RawTable("deltakere", ["ordning_id", "kommunenummer"], []),
           "tekster": RawTable("tekster", columns, [(1, [str(cells.get(c) or "")
                                                         for c in columns])])}
    register = build_register(raw, problems, load_reference())
    if register is None or problems.has_errors:
        raise Invalid(problems.sorted())
    t = register.texts[0] if register.texts else None
    if t is None:
        raise Invalid(problems.sorted())
    return _text_fields(t.kapittel, t.fylkesnummer or "", t.ar or 0, t.tittel, t.tekst)


def _text_counties() -> set[str]:
    """The counties a report-wide text speaks for: those with a mapping round when the register
    has rounds (the report's counties), else every county with a participant (a participation
    carried over to a successor in a later county, 50 Trøndelag, does not add that county when
    the rounds say which counties were mapped)."""
    register = store.current_register()
    if register.rounds:
        return {r.fylkesnummer for r in register.rounds}
    index = register.municipalities
    return {m.fylkesnummer for p in register.participations
            if (m := index.any_version(p.kommunenummer)) is not None}


def may_edit_text(user, fylkesnummer: str) -> bool:
    """Whether ``user`` may write the text of a county appendix (``fylkesnummer``) or, with "",
    one of the whole report."""
    return can_edit_text(user, fylkesnummer or None,
                         set() if fylkesnummer else _text_counties())


def _text_write(user, current: ReportText | None, after: dict | None, action: Action,
                note: str) -> ReportText | None:
    before = _text_snapshot(current)
    key = text_key(**{k: (after or before)[k] for k in ("kapittel", "fylkesnummer", "ar")})  # type: ignore[index]
    if after is None:
        assert current is not None
        current.delete()
        saved = None
    elif current is None:
        saved = ReportText.objects.create(**after)
    else:
        for name, value in after.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        saved = current
    TextChange.objects.create(text_key=key, user=user, action=action, before=before, after=after,
                              note=note[:300])
    # The register in memory is built from the database; a text changes it (store.data_version
    # counts text changes too).
    return saved


def save_text(user, kapittel: str, fylkesnummer: str, ar: int | None, tittel: str, tekst: str,
              *, version: int | None, note: str = "") -> ReportText | None:
    """Write (create, change, or with an empty ``tekst`` delete) the analyst's text for a place.
    ``version`` is the version the user saw (None for a text that did not exist)."""
    fields = _text_fields(kapittel.strip(), (fylkesnummer or "").strip(), ar or 0,
                          tittel.strip(), tekst.replace("\r\n", "\n"))
    if not may_edit_text(user, fields["fylkesnummer"]):
        raise Forbidden(_("Du har ikke rettigheter til å skrive denne teksten (bare analytikere "
                          "for fylket, og administratorer)."))
    with store.writing():
        current = (ReportText.objects.select_for_update()
                   .filter(kapittel=fields["kapittel"], fylkesnummer=fields["fylkesnummer"],
                           ar=fields["ar"]).first())
        if current is None and version is not None:
            raise StaleText(text_key(fields["kapittel"], fields["fylkesnummer"], fields["ar"]),
                            version, 0)
        if current is not None and (version is None or int(version) != current.version):
            raise StaleText(current.key(), version, current.version)
        if not fields["tekst"].strip():
            if current is None:
                raise Invalid([])
            return _text_write(user, current, None, Action.DELETED, note)
        after = _text_validated(fields)
        if current is not None and _text_snapshot(current) == after:
            return current
        return _text_write(user, current, after,
                           Action.CREATED if current is None else Action.CHANGED, note)


@dataclass(frozen=True)
class TextPlan:
    """What an upload would do to the analyst's texts: each text of the file (as fields) that is
    new or differs from the one in the registry, how many are the same, and the places of those
    the user may not write."""

    created: list[dict]
    changed: list[dict]
    unchanged: int
    denied: list[str]


def plan_texts(user, texts: Sequence[Any]) -> TextPlan:
    """The plan for a file's ``tekster`` (``samkart.domain.entities.ReportText``); texts in the
    registry but not in the file are left as they are."""
    current = {(t.kapittel, t.fylkesnummer, t.ar): t for t in ReportText.objects.all()}
    created: list[dict] = []
    changed: list[dict] = []
    denied: list[str] = []
    unchanged = 0
    for t in texts:
        fields = _text_fields(t.kapittel, t.fylkesnummer or "", t.ar or 0, t.tittel,
                              t.tekst.replace("\r\n", "\n"))
        now = current.get((fields["kapittel"], fields["fylkesnummer"], fields["ar"]))
        if now is not None and _text_snapshot(now) == fields:
            unchanged += 1
            continue
        (created if now is None else changed).append(fields)
        if not may_edit_text(user, fields["fylkesnummer"]):
            denied.append(text_key(fields["kapittel"], fields["fylkesnummer"], fields["ar"]))
    return TextPlan(created, changed, unchanged, sorted(denied))


def import_texts(user, plan: TextPlan, note: str = "") -> None:
    """Write an upload's texts (inside the caller's transaction, with the arrangements): each
    through :func:`save_text`, so rights, validation and history are the form's. A text changed
    in the registry since the preview is :class:`StaleText`, and nothing is written."""
    with store.writing():
        for fields in [*plan.created, *plan.changed]:
            now = ReportText.objects.filter(kapittel=fields["kapittel"],
                                            fylkesnummer=fields["fylkesnummer"],
                                            ar=fields["ar"]).first()
            expected = fields in plan.changed
            if (now is not None) != expected:
                key = text_key(fields["kapittel"], fields["fylkesnummer"], fields["ar"])
                raise StaleText(key, None, now.version if now else 0)
            save_text(user, fields["kapittel"], fields["fylkesnummer"], fields["ar"] or None,
                      fields["tittel"], fields["tekst"],
                      version=now.version if now is not None else None, note=note)


def revert_text(user, change_id: int) -> ReportText | None:
    """Restore a text as it was before a recorded change (itself recorded)."""
    with store.writing():
        change = TextChange.objects.filter(pk=change_id).first()
        if change is None:
            raise NotFound(_("Ukjent endring."))
        state = change.before or change.after
        if not may_edit_text(user, state["fylkesnummer"]):
            raise Forbidden(_("Du har ikke rettigheter til å endre denne teksten."))
        current = (ReportText.objects.select_for_update()
                   .filter(kapittel=state["kapittel"], fylkesnummer=state["fylkesnummer"],
                           ar=state["ar"]).first())
        if change.before is None:
            if current is None:
                return None
            return _text_write(user, current, None, Action.REVERTED,
                               f"tilbakestilt endring {change.pk}")
        after = _text_validated(change.before)
        return _text_write(user, current, after, Action.REVERTED,
                           f"tilbakestilt endring {change.pk}")
