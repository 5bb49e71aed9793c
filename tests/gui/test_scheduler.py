"""The reminder scheduler with a fixed clock: it looks at start, sleeps until the moment
something can change, catches up when its timer fires late or the machine wakes, and
never notifies twice a day, inside quiet hours, or above the daily cap.

The clock is the journal's FixedClock; "the timer fires" is the alarm's ``fired``
signal, emitted after moving the clock (a real alarm firing is tested on its own at
the end, against the real wall clock). Waking from sleep is a real PrepareForSleep
signal from a stand-in logind on a private D-Bus bus.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime

import pytest
from PySide6.QtCore import QObject, Slot

from journal.core import delivery
from journal.gui.desktop.scheduler import Scheduler, SleepWatcher, WallClockAlarm
from tests.support.components import require_programs
from tests.support.people import add
from tests.support.qt import settle


class Run:
    """A scheduler over the journal, and every check it reported."""

    def __init__(self, qtbot, journal, watcher=None) -> None:
        self.journal = journal
        self.results: list[delivery.Check | None] = []
        self.scheduler = Scheduler(
            lambda deliver: lambda: delivery.check(journal, deliver=deliver),
            journal.clock.now,
            watcher=watcher,
        )
        self.scheduler.checked.connect(self.results.append)
        self.qtbot = qtbot

    def wait(self, count: int) -> delivery.Check:
        self.qtbot.waitUntil(lambda: len(self.results) >= count, timeout=10_000)
        settle()
        return self.results[count - 1]

    def check(self) -> delivery.Check:
        self.scheduler.check("start")
        return self.wait(len(self.results) + 1)

    def fire(self, at: str) -> delivery.Check:
        """The alarm goes off with the wall clock at ``at`` (early, on time or late)."""
        self.journal.clock.set(at)
        expected = len(self.results) + 1
        self.scheduler.alarm.fired.emit()
        return self.wait(expected)

    def deliveries(self) -> list[delivery.Delivery]:
        return [r.delivery for r in self.results if r is not None and r.delivery]


@pytest.fixture
def run(qtbot, journal):
    runs: list[Run] = []

    def make(**kwargs) -> Run:
        runs.append(Run(qtbot, journal, **kwargs))
        return runs[-1]

    yield make
    for item in runs:
        item.scheduler.close()


def _settings(journal, **values) -> None:
    settings = journal.settings()
    for key, value in values.items():
        setattr(settings, key, value)
    journal.save_settings(settings)


def test_at_start_it_counts_and_sleeps_until_the_delivery_time(run, journal):
    add(journal, "Ana Lima", last=70)
    journal.clock.set("2026-11-24T07:30")
    r = run()
    result = r.check()
    assert (result.count, result.delivery) == (1, None)
    assert r.scheduler.wake_at == datetime(2026, 11, 24, 9)
    # The alarm is set 1.5 hours ahead on the wall clock (not polling every minute).
    assert r.scheduler.alarm.armed_at == pytest.approx(time.time() + 90 * 60, abs=10)


def test_on_time_it_delivers_then_sleeps_until_midnight(run, journal):
    add(journal, "Ana Lima", last=70)
    journal.clock.set("2026-11-24T07:30")
    r = run()
    r.check()
    result = r.fire("2026-11-24T09:00:01")
    assert result.delivery is not None and result.delivery.title == "Check in with Ana Lima"
    assert r.scheduler.wake_at == datetime(2026, 11, 25)


def test_a_timer_that_fires_late_delivers_what_was_missed(run, journal):
    """Suspended from 8:00 to 14:05: a monotonic timer set for 9:00 fires at 15:05 or so;
    whenever it fires, the check reads the wall clock and delivers then."""
    add(journal, "Ana Lima", last=70)
    journal.clock.set("2026-11-24T08:00")
    r = run()
    r.check()
    late = r.fire("2026-11-24T15:05")
    assert late.delivery is not None
    assert r.scheduler.wake_at == datetime(2026, 11, 25)


def test_a_timer_that_fires_early_only_sleeps_again(run, journal):
    add(journal, "Ana Lima", last=70)
    journal.clock.set("2026-11-24T07:00")
    r = run()
    r.check()
    early = r.fire("2026-11-24T08:59:30")
    assert early.delivery is None
    assert r.scheduler.wake_at == datetime(2026, 11, 24, 9)
    assert r.scheduler.alarm.armed_at == pytest.approx(time.time() + 30, abs=5)


def test_quiet_hours_hold_the_notification_until_they_end(run, journal):
    add(journal, "Ana Lima", last=70)
    _settings(journal, delivery_time="22:00", quiet_start="21:00", quiet_end="07:00")
    journal.clock.set("2026-11-24T21:30")
    r = run()
    assert r.check().delivery is None  # 22:00 is quiet: the day's moment moved to 7:00
    assert r.scheduler.wake_at == datetime(2026, 11, 25)
    assert r.fire("2026-11-25T00:00:01").delivery is None
    assert r.scheduler.wake_at == datetime(2026, 11, 25, 7)
    delivered = r.fire("2026-11-25T07:00:01").delivery
    assert delivered is not None


def test_a_wake_in_quiet_hours_waits_for_their_end(run, journal):
    add(journal, "Ana Lima", last=70)
    journal.clock.set("2026-11-24T05:00")
    r = run()
    r.check()
    _settings(journal, quiet_start="21:00", quiet_end="08:00", delivery_time="06:00")
    assert r.fire("2026-11-24T06:30").delivery is None  # 6:00 is quiet here: until 8:00
    assert r.scheduler.wake_at == datetime(2026, 11, 24, 8)
    assert r.fire("2026-11-24T08:00:01").delivery is not None


def test_one_batch_within_the_daily_cap_and_no_repeats(run, journal):
    for i in range(6):
        add(journal, f"Person {i}", last=70 + i)
    _settings(journal, daily_cap=2)
    journal.clock.set("2026-11-24T08:00")
    r = run()
    assert r.check().count == 2
    batch = r.fire("2026-11-24T09:00:01").delivery
    assert batch is not None and batch.title == "2 check-ins for today"
    assert len(batch.suggestion_ids) == 2 and len(batch.body.splitlines()) == 2
    for moment in ("2026-11-24T09:00:02", "2026-11-24T13:00", "2026-11-24T23:59"):
        r.fire(moment)  # a second timer, a wake, a clock change: the day is done
    assert len(r.deliveries()) == 1
    tomorrow = r.fire("2026-11-25T09:00:01").delivery
    assert tomorrow is not None and not set(tomorrow.suggestion_ids) & set(batch.suggestion_ids)


def test_edits_refresh_the_count_but_never_notify(run, journal, qtbot):
    journal.clock.set("2026-11-24T09:30")
    r = run()
    assert r.check().count == 0
    add(journal, "Ana Lima", last=70)
    r.scheduler.recount()
    recount = r.wait(2)
    assert (recount.count, recount.delivery) == (1, None)
    assert r.scheduler.last_reason == "edit"
    assert r.fire("2026-11-24T09:31").delivery is not None  # the next real look does


def test_waking_from_sleep_checks_at_once(qtbot, run, journal):
    """A real PrepareForSleep(false) from a stand-in logind on a private bus."""
    require_programs("dbus-daemon")
    from PySide6.QtCore import SLOT
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    from tests.support.session_bus import private_session_bus

    add(journal, "Ana Lima", last=70)
    journal.clock.set("2026-11-24T07:55")
    with private_session_bus() as address:
        ours = QDBusConnection.connectToBus(address, "rapport-test-app")
        logind = QDBusConnection.connectToBus(address, "rapport-test-logind")
        try:
            assert logind.registerService("org.freedesktop.login1")
            watcher = SleepWatcher(ours)
            assert watcher.active
            r = run(watcher=watcher)
            assert r.check().delivery is None

            def prepare(going_to_sleep: bool) -> None:
                message = QDBusMessage.createSignal(
                    "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"
                )
                message.setArguments([going_to_sleep])
                assert logind.send(message)

            # A second listener on the same connection hears the signals in the order the
            # watcher does: once it has heard "going to sleep", so has the watcher.
            heard = _Heard()
            assert ours.connect(
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                heard,
                SLOT("prepareForSleep(bool)"),
            )
            prepare(True)  # lid closed at 7:55
            qtbot.waitUntil(lambda: heard.signals == [True], timeout=10_000)
            settle()  # a look it had started would be over and reported now
            assert len(r.results) == 1  # going to sleep is no reason to look
            journal.clock.set("2026-11-24T10:20")  # opened at 10:20
            prepare(False)
            woke = r.wait(2)
            assert r.scheduler.last_reason == "wake"
            assert woke.delivery is not None
        finally:
            QDBusConnection.disconnectFromBus("rapport-test-app")
            QDBusConnection.disconnectFromBus("rapport-test-logind")


class _Heard(QObject):
    """What PrepareForSleep said, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.signals: list[bool] = []

    @Slot(bool)
    def prepareForSleep(self, going_to_sleep: bool) -> None:
        self.signals.append(going_to_sleep)


def test_a_locked_journal_without_a_remembered_key_sets_no_alarm(qtbot):
    results = []
    scheduler = Scheduler(lambda deliver: lambda: None, datetime.now)
    scheduler.checked.connect(results.append)
    try:
        scheduler.alarm.arm_in(3600)
        scheduler.check("lock")
        qtbot.waitUntil(lambda: results == [None], timeout=5000)
        assert scheduler.alarm.armed_at is None and scheduler.wake_at is None
    finally:
        scheduler.close()


# the alarm against the real wall clock ------------------------------------------------------


@pytest.mark.parametrize("use_timerfd", [True, False], ids=["timerfd", "qtimer"])
def test_the_alarm_fires_at_the_wall_clock_moment_and_rearming_replaces_it(qtbot, use_timerfd):
    alarm = WallClockAlarm(use_timerfd=use_timerfd)
    try:
        if use_timerfd and sys.platform.startswith("linux"):
            assert alarm.kind == "timerfd"
        fired: list[float] = []
        alarm.fired.connect(lambda: fired.append(time.time()))
        alarm.arm_in(3600)
        alarm.arm_in(0.3)  # replaces the hour: it fires within the wait, not in an hour
        moment = alarm.armed_at
        assert moment is not None
        qtbot.waitUntil(lambda: bool(fired), timeout=5000)
        # Never before the moment (how late depends on the machine's load, so no upper
        # bound: the scheduler's own logic is tested above on a fake clock).
        assert fired[0] >= moment - 0.002
        # Single-shot: a second alarm set after it (the witness) fires, and it has not again.
        _witness(qtbot, use_timerfd, 0.3)
        assert len(fired) == 1
        alarm.arm_in(0.2)
        alarm.disarm()
        _witness(qtbot, use_timerfd, 0.4)  # past the moment it no longer has
        assert len(fired) == 1
    finally:
        alarm.close()


def _witness(qtbot, use_timerfd: bool, seconds: float) -> None:
    """Wait until an alarm of the same kind set ``seconds`` from now has fired: whatever
    another alarm would have done by then, it has done (no fixed wait that a loaded
    machine could outrun)."""
    witness = WallClockAlarm(use_timerfd=use_timerfd)
    rang: list[bool] = []
    witness.fired.connect(lambda: rang.append(True))
    try:
        witness.arm_in(seconds)
        qtbot.waitUntil(lambda: bool(rang), timeout=10_000)
    finally:
        witness.close()


def test_a_failed_check_looks_again_later(qtbot):
    """A check that fails (the file busy elsewhere, a disk error) is not the end of the
    reminders: the alarm is set to try again a quarter of an hour later."""
    from journal.core.errors import JournalInUse
    from journal.gui.desktop import scheduler as module

    def look(_deliver):
        def work():
            raise JournalInUse("busy")

        return work

    scheduler = Scheduler(look, datetime.now)
    failures = []
    scheduler.failed.connect(failures.append)
    try:
        scheduler.check("start")
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
        assert scheduler.alarm.armed_at == pytest.approx(time.time() + module.RETRY_S, abs=10)
    finally:
        scheduler.close()
