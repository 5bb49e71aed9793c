"""A journal that holds a bad value (written by an older Rapport, another tool, or by
hand) still lists, shows, searches, computes Today and Insights, and exports in every
format: the bad value is skipped or shown as unknown, never a traceback.

Each case writes one kind of bad value with SQL (check constraints off, as an older
schema might have had none) into a real journal with a sample in it, then runs every
read command of the CLI as a person would.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from journal.core import engine, sample
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.links import add_link
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE
from tests.reliability.worker import FAST_KDF_N
from tests.support.commands import assert_every_read_command_works

#: (case, SQL) each planting one kind of bad value into the first person, entry, ...
BAD_VALUES = [
    ("met_on not a date", "UPDATE people SET met_on = 'not a date'"),
    ("met_on in year 99999", "UPDATE people SET met_on = '99999-01-01'"),
    ("birthday 31 April", "UPDATE people SET birthday_month = 4, birthday_day = 31"),
    ("birthday 30 February", "UPDATE people SET birthday_month = 2, birthday_day = 30"),
    ("birthday month 13", "UPDATE people SET birthday_month = 13, birthday_day = 1"),
    ("birthday as text", "UPDATE people SET birthday_month = 'May', birthday_day = 'x'"),
    (
        "birthday year 0",
        "UPDATE people SET birthday_month = 3, birthday_day = 1, birthday_year = 0",
    ),
    (
        "birthday year huge",
        "UPDATE people SET birthday_month = 3, birthday_day = 1, birthday_year = 123456789",
    ),
    ("unknown circle", "UPDATE people SET circle = 'bestie'"),
    ("cadence as text", "UPDATE people SET cadence_days = 'weekly'"),
    ("cadence negative", "UPDATE people SET cadence_days = -5"),
    ("last contact not a date", "UPDATE people SET last_contact_at = 'yesterday-ish'"),
    ("deceased_on not a date", "UPDATE people SET deceased_on = '2024-13-45'"),
    (
        "name a number",
        "UPDATE people SET name = 12345 WHERE rowid = (SELECT max(rowid) FROM people)",
    ),
    (
        "name with control characters",
        "UPDATE people SET name = 'Ana' || char(27) || '[2J' || char(13) WHERE rowid = (SELECT max(rowid) FROM people)",
    ),
    ("entry date not a date", "UPDATE entries SET occurred_at = 'not a date'"),
    ("entry date in year 99999", "UPDATE entries SET occurred_at = '99999-01-01T10:00:00'"),
    ("entry date empty", "UPDATE entries SET occurred_at = ''"),
    ("unknown entry kind", "UPDATE entries SET kind = 'seance'"),
    ("entry body a blob", "UPDATE entries SET body = x'00ff'"),
    ("unknown facet kind", "UPDATE facets SET kind = 'astrology'"),
    (
        "facet dates not dates",
        "UPDATE facets SET event_date = 'x', ask_again_on = '2020-02-30', noted_on = '1'",
    ),
    ("facet confirmed not a date", "UPDATE facets SET confirmed_on = 'x', status_changed_on = 'y'"),
    ("unknown facet status", "UPDATE facets SET status = 'maybe'"),
    ("follow-up dates not dates", "UPDATE follow_ups SET due_on = 'soon', done_on = '2021-99-01'"),
    (
        "ledger values unknown",
        "UPDATE ledger SET direction = 'sideways', kind = 'bribe', occurred_on = 'x'",
    ),
    ("unknown channel kind", "UPDATE channels SET kind = 'pager'"),
    (
        "unknown link kind",
        "UPDATE person_links SET kind = 'nemesis', since = 'long ago' "
        "WHERE rowid = (SELECT min(rowid) FROM person_links)",
    ),
    ("suggestion log day not a date", "UPDATE suggestion_log SET day = 'x', until = 'y'"),
    (
        "reminder state dates not dates",
        "UPDATE reminder_state SET snooze_until = 'x', skip_until = '2026-02-30', done_on = 'z'",
    ),
    (
        "unknown network kind",
        "INSERT OR IGNORE INTO person_network_kinds SELECT id, 'cosmic' FROM people",
    ),
]


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample") / "journal"
    with Journal.create(JournalPaths(root), PASSPHRASE, kdf=KdfParams.fresh(n=FAST_KDF_N)) as j:
        sample.populate(j, sample.SampleSpec(people=8, entries=30))
        first, second = (p.id for p in j.people()[:2])
        add_link(j, first, "friend", second, since=date(2020, 1, 1))
        engine.mark_shown(j, engine.today(j, date(2026, 11, 24)))
        with j.transaction() as conn:
            conn.execute(
                "INSERT INTO reminder_state (person_id, snooze_until, updated_at) "
                "VALUES (?, '2026-12-01', '2026-11-24T09:00:00')",
                (second,),
            )
            # Dates that every reader meets: a birthday, a life event, open promises.
            conn.execute(
                "UPDATE people SET birthday_month = 11, birthday_day = 25 "
                "WHERE rowid IN (SELECT rowid FROM people LIMIT 3)"
            )
    return root


def _plant(root: Path, sql: str) -> None:
    with Journal.open(JournalPaths(root), PASSPHRASE) as journal, journal.transaction() as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(sql)
        conn.execute("PRAGMA ignore_check_constraints = OFF")


def _first_name(root: Path) -> str:
    with Journal.open(JournalPaths(root), PASSPHRASE) as journal, journal.store.reading() as conn:
        return str(conn.execute("SELECT name FROM people ORDER BY rowid LIMIT 1").fetchone()[0])


@pytest.mark.parametrize("case,sql", BAD_VALUES, ids=[c for c, _ in BAD_VALUES])
def test_every_read_command_works_with_a_bad_stored_value(
    case, sql, sample_copy, tmp_path, monkeypatch, capsys
):
    root = tmp_path / "journal"
    shutil.copytree(sample_copy, root)
    _plant(root, sql)
    name = _first_name(root)
    assert_every_read_command_works(
        monkeypatch, capsys, root, PASSPHRASE, name, tmp_path / "out", case
    )


def test_the_bad_values_summary(summary):
    summary(
        f"a journal holding any of {len(BAD_VALUES)} kinds of bad stored value (dates that "
        "are not dates, 31 April, unknown kinds, text where numbers belong) still lists, "
        "shows, searches, plans Today, computes Insights and exports in every format"
    )
