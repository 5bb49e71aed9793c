"""The import preview and its application: add, merge into someone, or skip, per person.

``plan_import`` reads nothing but the journal's matching keys and decides a default for
each incoming person (a strong or likely match: merge into it; a merge that would bring
nothing new: skip; otherwise add), always with the reason. The caller (the CLI's
``--dry-run``, the GUI's preview) shows it and may change any line. ``apply_import`` then
writes the whole plan in one transaction: a cancel, an error or a crash leaves the
journal exactly as it was.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from journal.core import search
from journal.core.duplicates import (
    MATCH_LIMIT,
    DuplicateIndex,
    Match,
    MergeKeys,
    Strength,
    merge_details,
    preview_merge,
)
from journal.core.interop.errors import ImportCancelled
from journal.core.interop.records import ParsedFile, ParsedPerson, Unreadable
from journal.core.model import ChannelKind, Circle, Person

if TYPE_CHECKING:
    from journal.core.journal import Journal

#: People added by an import have not been placed by the user yet; acquaintance keeps
#: the reminder engine from treating hundreds of address-book entries as close ties.
IMPORT_CIRCLE = Circle.ACQUAINTANCE
_CHUNK = 100

Progress = Callable[[int, int], None]


class Action(StrEnum):
    ADD = "add"
    MERGE = "merge"
    SKIP = "skip"


@dataclass
class PlannedPerson:
    incoming: ParsedPerson
    action: Action
    reason: str = ""
    target_id: str | None = None
    target_name: str = ""
    matches: list[Match] = field(default_factory=list)
    #: What merging would add, for the preview ("2 phone numbers, birthday").
    merge_adds: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.incoming.person.name

    @property
    def details(self) -> str:
        """What tells two people of one name apart in a preview: organisation, role,
        first e-mail address and phone number ("Crumb Bakery · ana@crumb.example")."""
        person = self.incoming.person
        work = " at ".join(x for x in (person.role, person.organisation) if x)
        firsts = []
        for kind in (ChannelKind.EMAIL, ChannelKind.PHONE):
            value = next((c.value for c in person.channels if c.kind is kind), "")
            if value:
                firsts.append(value)
        return " · ".join(x for x in (work, *firsts) if x)

    def add(self) -> None:
        self.action, self.target_id, self.target_name = Action.ADD, None, ""
        self.reason = "you chose to add them as a new person"

    def skip(self, reason: str = "you chose to skip them") -> None:
        self.action, self.target_id, self.target_name = Action.SKIP, None, ""
        self.reason = reason

    def merge_into(self, person_id: str, name: str = "") -> None:
        match = next((m for m in self.matches if m.person_id == person_id), None)
        self.action, self.target_id = Action.MERGE, person_id
        self.target_name = name or (match.name if match else "")
        self.reason = match.reason if match else "you chose to merge them"


@dataclass
class ImportPlan:
    format: str
    items: list[PlannedPerson]
    unreadable: list[Unreadable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    circle: Circle = IMPORT_CIRCLE

    def count(self, action: Action) -> int:
        return sum(1 for item in self.items if item.action == action)

    def summary(self) -> str:
        skipped = self.count(Action.SKIP) + len(self.unreadable)
        return (
            f"{self.count(Action.ADD)} to add, {self.count(Action.MERGE)} to merge, "
            f"{skipped} to skip"
        )


@dataclass(frozen=True)
class ReportLine:
    name: str
    detail: str
    person_id: str | None = None


@dataclass
class ImportReport:
    format: str
    added: list[ReportLine] = field(default_factory=list)
    merged: list[ReportLine] = field(default_factory=list)
    skipped: list[ReportLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    #: The undo step that takes the import back (``operations.import_people``); None
    #: when nothing changed or the write was not an operation (a JSON restore).
    step: int | None = None

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb}: {len(self.added)} added, {len(self.merged)} merged, "
            f"{len(self.skipped)} skipped."
        )

    def lines(self) -> list[str]:
        """The report as a person reads it (the CLI prints this)."""
        out = [self.summary()]
        for title, rows in (
            ("Added", self.added),
            ("Merged", self.merged),
            ("Skipped", self.skipped),
        ):
            if rows:
                out.append(f"{title}:")
                out += [f"  {r.name}" + (f" — {r.detail}" if r.detail else "") for r in rows]
        if self.warnings:
            out.append("Notes:")
            out += [f"  {w}" for w in self.warnings]
        return out

    def to_dict(self) -> dict[str, Any]:
        def rows(items: list[ReportLine]) -> list[dict[str, Any]]:
            return [{"name": r.name, "detail": r.detail, "person_id": r.person_id} for r in items]

        return {
            "format": self.format,
            "dry_run": self.dry_run,
            "added": rows(self.added),
            "merged": rows(self.merged),
            "skipped": rows(self.skipped),
            "warnings": list(self.warnings),
        }


def plan_import(
    journal: Journal, parsed: ParsedFile, *, index: DuplicateIndex | None = None
) -> ImportPlan:
    """A default decision, with its reason, for every incoming person."""
    index = index or DuplicateIndex.from_journal(journal, limit=MATCH_LIMIT)
    existing_ids = set()
    items: list[PlannedPerson] = []
    for incoming in parsed.people:
        matches = index.matches(incoming.person)
        item = PlannedPerson(incoming, Action.ADD, "new to the journal", matches=matches)
        best = matches[0] if matches and matches[0].strength >= Strength.LIKELY else None
        if best:
            item.action, item.target_id, item.target_name = Action.MERGE, best.person_id, best.name
            item.reason = best.reason
            existing_ids.add(best.person_id)
        elif matches:
            item.reason = (
                f"new to the journal, but possibly the same person as {matches[0].name} "
                f"({matches[0].reason})"
            )
            existing_ids.add(matches[0].person_id)
        items.append(item)
        index.add(incoming.person, pending=True)  # later cards may repeat this one
    _preview_merges(journal, items, existing_ids)
    return ImportPlan(parsed.format, items, list(parsed.unreadable), list(parsed.notes))


def _preview_merges(journal: Journal, items: list[PlannedPerson], existing_ids: set[str]) -> None:
    """Fill in what each merge would add; a merge adding nothing becomes a skip.

    A namesake that already holds every detail of the incoming record is taken to be it
    (re-importing a file must not double the people who have no e-mail or phone).
    """
    people = {p.id: p for p in journal.people(sorted(existing_ids))} if existing_ids else {}
    incoming = {item.incoming.person.id: item for item in items}
    merged: dict[str, tuple[Person, MergeKeys]] = {}
    for item in items:
        if item.action == Action.ADD and item.matches:
            namesake = people.get(item.matches[0].person_id)
            if namesake and not preview_merge(namesake, item.incoming.person):
                item.skip(f"already in the journal as {namesake.name}; nothing new")
            continue
        if item.action != Action.MERGE or item.target_id is None:
            continue
        # Several cards may merge into one person: each adds to what the earlier ones left,
        # folded into one private copy per target (a copy per card grew with the target).
        state = merged.get(item.target_id)
        if state is None:
            original = people.get(item.target_id)
            if original is None and item.target_id in incoming:
                original = incoming[item.target_id].incoming.person
            if original is None:
                item.add()
                continue
            target = _sketch(original)
            state = merged[item.target_id] = (target, MergeKeys.of(target))
        target, keys = state
        item.merge_adds = merge_details(target, item.incoming.person, _preview=True, keys=keys)
        if not item.merge_adds:
            item.skip(f"already in the journal as {item.target_name} ({item.reason}); nothing new")


def _sketch(person: Person) -> Person:
    """A copy of ``person`` whose lists a merge preview may grow without touching it."""
    return dataclasses.replace(
        person,
        channels=list(person.channels),
        tags=list(person.tags),
        facets=list(person.facets),
    )


def apply_import(
    journal: Journal,
    plan: ImportPlan,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Carry out ``plan`` in one transaction; ImportCancelled (nothing changed) on cancel."""
    report = ImportReport(plan.format, warnings=list(plan.notes))
    adds = [item for item in plan.items if item.action == Action.ADD]
    merges = [item for item in plan.items if item.action == Action.MERGE]
    total = len(adds) + len(merges)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        if cancel is not None and cancel.is_set():
            raise ImportCancelled()
        done += n
        if progress:
            progress(done, total)

    step(0)
    # Every person added or merged is indexed for search once, at the end (not once per
    # chunk of people, nor again per tag).
    with journal.transaction() as conn, search.people_indexed_once(conn):
        for start in range(0, len(adds), _CHUNK):
            chunk = adds[start : start + _CHUNK]
            people = [_new_person(item.incoming.person, plan.circle) for item in chunk]
            journal.add_people(people)
            for item, person in zip(chunk, people, strict=True):
                report.added.append(ReportLine(person.name, _added_detail(item), person.id))
            step(len(chunk))
        targets = {
            p.id: p
            for p in journal.people(sorted({item.target_id for item in merges if item.target_id}))
        }
        changed: dict[str, Person] = {}
        keys: dict[str, MergeKeys] = {}
        for i, item in enumerate(merges, 1):
            _apply_merge(journal, plan, item, report, targets, changed, keys)
            if i % _CHUNK == 0 or i == len(merges):
                step(i % _CHUNK or _CHUNK)
        for person in changed.values():
            journal.save_person(person)
    for item in plan.items:
        if item.action == Action.SKIP:
            report.skipped.append(ReportLine(item.name, item.reason))
    for bad in plan.unreadable:
        report.skipped.append(ReportLine(bad.source, bad.reason))
    report.warnings = plan_notes(plan)
    return report


def preview_report(plan: ImportPlan) -> ImportReport:
    """What ``apply_import`` would report, without writing anything (``--dry-run``)."""
    report = ImportReport(plan.format, warnings=plan_notes(plan), dry_run=True)
    for item in plan.items:
        if item.action == Action.ADD:
            report.added.append(ReportLine(item.name, _added_detail(item)))
        elif item.action == Action.MERGE:
            adds = ", ".join(item.merge_adds) or "nothing new"
            report.merged.append(
                ReportLine(
                    item.name,
                    f"into {item.target_name} ({item.reason}): adds {adds}",
                    item.target_id,
                )
            )
        else:
            report.skipped.append(ReportLine(item.name, item.reason))
    for bad in plan.unreadable:
        report.skipped.append(ReportLine(bad.source, bad.reason))
    return report


def plan_notes(plan: ImportPlan) -> list[str]:
    """Everything the import has to say before and after it runs, the same in the
    preview, the dry run and the real run: notes on the file, what was made up for a
    person (a card with no name, named after its organisation), and where new people go."""
    notes = list(plan.notes)
    for item in plan.items:
        if item.action != Action.SKIP:
            notes += [f"{item.name}: {w}" for w in item.incoming.warnings]
    if any(item.action == Action.ADD for item in plan.items):
        notes.append(
            f"New people are in the {plan.circle.label} circle; move the ones who matter "
            "closer so that Rapport suggests check-ins with them."
        )
    return notes


def _added_detail(item: PlannedPerson) -> str:
    if item.matches:
        # Listed under "Added:", so it says only why to look again (no "added;").
        match = item.matches[0]
        return f"possibly the same person as {match.name}, already in the journal ({match.reason})"
    return ""


def _new_person(incoming: Person, circle: Circle) -> Person:
    person = copy.deepcopy(incoming)
    person.circle = circle
    # Nobody is due just for being in an address book: placed when the user gives them a
    # circle or logs a contact.
    person.placed = False
    return person


def _apply_merge(
    journal: Journal,
    plan: ImportPlan,
    item: PlannedPerson,
    report: ImportReport,
    targets: dict[str, Person],
    changed: dict[str, Person],
    keys: dict[str, MergeKeys],
) -> None:
    assert item.target_id is not None
    target = targets.get(item.target_id)
    if target is None:
        # Its target was an earlier card the user chose to skip: add this one instead.
        person = _new_person(item.incoming.person, plan.circle)
        journal.add_person(person)
        targets[person.id] = person
        report.added.append(
            ReportLine(
                person.name,
                f"added (the person to merge into, {item.target_name}, was not imported)",
                person.id,
            )
        )
        return
    if target.id not in keys:
        keys[target.id] = MergeKeys.of(target)
    adds = merge_details(target, copy.deepcopy(item.incoming.person), keys=keys[target.id])
    if adds:
        changed[target.id] = target
    detail = f"into {target.name} ({item.reason}): " + (
        "added " + ", ".join(adds) if adds else "nothing new"
    )
    report.merged.append(ReportLine(item.name, detail, target.id))
