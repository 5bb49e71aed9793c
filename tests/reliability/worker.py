"""A real core worker process for the reliability suite: ``python -m tests.reliability.worker``.

The tests start it, feed it the passphrase on standard input (never argv or the
environment, as the app does), and read one line per event from its standard output:

    ready               imports done, about to open the journal
    opened              the journal is open
    ack <entry id>      printed only after the entry's transaction has committed
    step <name>         (session mode) paused; send a line on stdin to go on
    error <Type> <msg>  a JournalError the core raised (a clean refusal)
    done                finished on its own

Modes:
    write DIR --seed N      write entries forever, in varied ways, until killed
    hammer DIR --count N    write N entries as fast as possible (concurrency test)
    hold DIR --count N      save N entries, say "saved", and wait to be killed
                            (``--at T`` makes any mode start at time.time() == T;
                            ``--newer`` acts as a Rapport with one more migration)
    create DIR              create a journal (cheap KDF) and exit
    rekey DIR               write, change the passphrase, write... until killed (the
                            passphrases to cycle through on stdin, "|"-separated)
    session DIR             the scripted session of the plaintext test (markers on stdin)
    app DIR                 the desktop app (offscreen) on that session's journal
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
import types
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from journal.core import backup, migrations, search
from journal.core.errors import JournalError
from journal.core.interop import exporting
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import (
    Direction,
    Entry,
    EntryKind,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    Person,
)
from journal.core.paths import JournalPaths, log_dir

#: A cheap scrypt cost, as in the unit tests: the suite is about files, not the KDF.
FAST_KDF_N = 2**10


def with_one_more_migration() -> list[migrations.Migration]:
    """The app's migrations and one more, as a newer Rapport would have them."""
    real = migrations.all_migrations()
    step = types.ModuleType("m_test_extra")
    step.SQL = "CREATE TABLE added_by_test (id INTEGER PRIMARY KEY);"  # type: ignore[attr-defined]
    return [*real, migrations.Migration(len(real) + 1, "m_test_extra", step)]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def read_line() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def open_journal(paths: JournalPaths, passphrase: str) -> Journal:
    journal = Journal.open(paths, passphrase)
    say("opened")
    return journal


def write_forever(paths: JournalPaths, passphrase: str, seed: int) -> None:
    """Every kind of write the app does, in random order, so kills land everywhere:
    single entries, batches, quick capture creating people, explicit checkpoints, and
    closing and reopening (the checkpoint on close, the recovery on open)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, 9, 0)
    journal = open_journal(paths, passphrase)
    n = 0
    while True:
        n += 1
        when = start + timedelta(minutes=seed * 10_000 + n)
        roll = rng.random()
        body = f"worker {seed} entry {n} " + "lorem ipsum " * rng.randint(1, 200)
        if roll < 0.65:
            entry = journal.add_entry(Entry(occurred_at=when, body=body))
            say(f"ack {entry.id}")
        elif roll < 0.80:
            batch = [
                Entry(occurred_at=when, title=f"batch {n}.{i}", body=body)
                for i in range(rng.randint(2, 20))
            ]
            journal.add_entries(batch)
            for entry in batch:
                say(f"ack {entry.id}")
        elif roll < 0.90:
            entry, _ = journal.log([f"Person {seed}-{n}", "Ana Lima"], body, when=when)
            say(f"ack {entry.id}")
        elif roll < 0.96:
            with journal.store.reading() as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        else:
            journal.close()
            journal = open_journal(paths, passphrase)


def change_passphrases(paths: JournalPaths, passphrase: str, others: list[str]) -> None:
    """Write an entry, change the passphrase to the next one, and again, until killed.

    Prints ``ack <id>`` after each entry and ``changed <n>`` once the change to
    ``others[n]`` has returned, i.e. once the user was told it was done.
    """
    journal = open_journal(paths, passphrase)
    current = passphrase
    n = 0
    while True:
        entry = journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 1, 1) + timedelta(hours=n),
                body=f"before change {n} " + "text " * 400,
            )
        )
        say(f"ack {entry.id}")
        target = n % len(others)
        journal.change_passphrase(current, others[target])
        current = others[target]
        say(f"changed {target}")
        n += 1


def hammer(paths: JournalPaths, passphrase: str, count: int, name: str) -> None:
    journal = open_journal(paths, passphrase)
    for n in range(count):
        try:
            entry = journal.add_entry(
                Entry(
                    occurred_at=datetime(2026, 1, 1) + timedelta(seconds=n),
                    title=f"{name} {n}",
                    body=f"hammered by {name}, entry {n}",
                )
            )
        except JournalError as exc:
            say(f"error {type(exc).__name__} {exc}")
            continue
        say(f"ack {entry.id}")
    journal.close()
    say("done")


def hold(paths: JournalPaths, passphrase: str, count: int) -> None:
    """Save ``count`` entries, one transaction each, then wait (to be killed)."""
    journal = open_journal(paths, passphrase)
    for n in range(count):
        entry = journal.add_entry(
            Entry(occurred_at=datetime(2026, 1, 1) + timedelta(hours=n), body=f"saved {n}")
        )
        say(f"ack {entry.id}")
    say("saved")
    read_line()
    journal.close()
    say("done")


def create(paths: JournalPaths, passphrase: str) -> None:
    try:
        journal = Journal.create(paths, passphrase, kdf=KdfParams.fresh(n=FAST_KDF_N))
    except JournalError as exc:
        say(f"error {type(exc).__name__} {exc}")
        return
    journal.add_entry(Entry(occurred_at=datetime(2026, 1, 1), body="made by the worker"))
    journal.close()
    say("done")


def session(paths: JournalPaths, passphrase: str, marker: str) -> None:
    """Create, write marked entries and facets, search, back up, export to a chosen
    folder, lock, reopen, write, then wait to be killed: the scripted session of the
    no-plaintext-at-rest test. The
    marker is written into every kind of text field the journal keeps. Logging is at
    DEBUG, into a file in the app's log folder, so the test can read what it kept."""
    log_file = log_dir() / "worker.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=log_file, level=logging.DEBUG)
    journal = Journal.create(paths, passphrase, kdf=KdfParams.fresh(n=FAST_KDF_N))
    ana = journal.add_person(
        Person(
            name=f"Ana {marker}name",
            organisation=f"{marker}org",
            notes=f"notes {marker}",
            tags=[f"{marker}tag"],
            met_how=f"met at {marker}conf",
        )
    )
    journal.add_facet(
        ana.id, Facet(kind=FacetKind.HOBBY, text=f"climbs {marker}hobby", shared=True)
    )
    journal.add_facet(ana.id, Facet(kind=FacetKind.FAMILY, text=f"daughter {marker}family"))
    journal.add_facet(ana.id, Facet(kind=FacetKind.WORKING_ON, text=f"bakery {marker}launch"))
    for n in range(50):
        entry = journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 10, 3, 9, 0) + timedelta(days=n),
                kind=EntryKind.MEETING,
                title=f"coffee {n} {marker}title",
                body=f"we talked about {marker} " * 20,
                place=f"{marker}place",
                people=[ana.id],
            )
        )
        journal.add_follow_up(
            FollowUp(text=f"send {marker}article", person_id=ana.id, entry_id=entry.id)
        )
        journal.add_ledger_item(
            LedgerItem(
                person_id=ana.id,
                direction=Direction.GIVEN,
                kind=LedgerKind.INTRODUCTION,
                description=f"intro {marker}ledger",
            )
        )
    journal.save_draft("draft-1", {"body": f"half-typed {marker}draft"})
    journal.put_setting("reliability.note", f"{marker}setting")
    found = search.search(journal, marker[:-2]) + search.search(journal, f"{marker}launch")
    backup.backup(journal)  # into the journal's own backups/ folder
    chosen = paths.root.parent / "my backups"  # and into a folder the user chose
    chosen.mkdir(exist_ok=True)
    backup.backup(journal, chosen)
    exports = paths.root.parent / "my exports"  # the one place the user asked for plaintext
    exports.mkdir(exist_ok=True)
    exporting.export_journal(journal, "json", exports / "journal.json")
    exporting.export_journal(journal, "md", exports / "journal.md")
    say(f"step written, {len(found)} search hits")  # the test looks while it is open
    read_line()
    journal.lock()
    journal = open_journal(paths, passphrase)
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 24, 9, 0),
            body=f"after reopening {marker} " * 50,
            people=[ana.id],
        )
    )
    say("step reopened")  # the test kills the process here: a crash while open
    read_line()


def app_session(paths: JournalPaths, passphrase: str, marker: str) -> None:
    """The desktop app on the session's journal, offscreen, driven as a user would: type
    the passphrase, open Ana's page, search for the marker, write an entry with it (its
    draft autosaves on the way), save it, lock, quit. The app keeps its settings in the
    config folder and logs to its log folder, as it does for a user."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest

    from journal.gui import app as gui_app
    from journal.gui.desktop import tasks

    def wait_until(condition: Callable[[], object], seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not get there")
            tasks.wait_all(100)
            QCoreApplication.processEvents()
            time.sleep(0.01)

    application = gui_app.make_application([])
    gui_app._log_to_file()
    session = gui_app.RapportApp(paths)
    session.start()
    wait_until(lambda: session.dialog is not None and session.dialog.passphrase.isEnabled())
    QTest.keyClicks(session.dialog.passphrase, passphrase)
    QTest.keyClick(session.dialog.passphrase, Qt.Key.Key_Return)
    wait_until(lambda: session.window is not None)
    window = session.window
    ana = session.journal.find_people(f"Ana {marker}name")[0]
    window.open_person(ana.id)
    QTest.keyClicks(window.search, marker[:-3])  # search as you type, in its popup
    wait_until(lambda: True, 0)
    window.search.clear()
    window.new_entry([ana.id], title=f"in the app {marker}apptitle")
    wait_until(lambda: window.editor is not None and window.editor.isVisible())
    QTest.keyClicks(window.editor.body, f"typed in the app {marker}appbody")
    window.editor.save_draft()
    window.editor.save()
    wait_until(lambda: window.editor is None or not window.editor.isVisible())
    session.lock()
    wait_until(lambda: session.window is None)
    session.shutdown()
    application.processEvents()
    say("done")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="worker")
    parser.add_argument(
        "mode", choices=["write", "hammer", "hold", "create", "session", "rekey", "app"]
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--name", default="worker")
    parser.add_argument(
        "--newer",
        action="store_true",
        help="act as a newer Rapport, with one more schema migration",
    )
    parser.add_argument(
        "--at",
        type=float,
        default=0.0,
        help="start at this time.time(), so several workers collide",
    )
    args = parser.parse_args(argv)
    passphrase = read_line()
    paths = JournalPaths(args.data_dir)
    if args.newer:
        newer = with_one_more_migration()
        migrations.all_migrations = lambda: newer  # type: ignore[assignment]
    say("ready")
    time.sleep(max(0.0, args.at - time.time()))
    try:
        if args.mode == "write":
            write_forever(paths, passphrase, args.seed)
        elif args.mode == "hammer":
            hammer(paths, passphrase, args.count, args.name)
        elif args.mode == "hold":
            hold(paths, passphrase, args.count)
        elif args.mode == "rekey":
            change_passphrases(paths, passphrase, read_line().split("|"))
        elif args.mode == "app":
            app_session(paths, passphrase, read_line())
        elif args.mode == "create":
            create(paths, passphrase)
        else:
            session(paths, passphrase, read_line())
    except JournalError as exc:
        say(f"error {type(exc).__name__} {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
