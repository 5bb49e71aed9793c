"""Journal settings that travel with the journal (inside the encrypted file).

Cadences, the daily cap and quiet hours belong to the journal, not the machine: they
move with a backup and are never readable without the key. Machine-level preferences
(autostart, window geometry) live in the GUI's own config instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from journal.core.model import DEFAULT_CADENCE_DAYS, Circle
from journal.core.store import Connection


def get(conn: Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row["value"]) if row else default


def put(conn: Connection, key: str, value: Any, now: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, json.dumps(value), now),
    )


@dataclass
class JournalSettings:
    """Typed view of the settings the engine and GUI need, with sensible defaults."""

    cadence_days: dict[Circle, int | None] = field(
        default_factory=lambda: dict(DEFAULT_CADENCE_DAYS)
    )
    daily_cap: int = 3
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    delivery_time: str = "09:00"
    auto_lock_minutes: int = 0
    learn_cadence: bool = False
    #: How often the day's check-ins are delivered as a notification: daily, weekdays, off.
    notifications: str = "daily"
    #: "full" shows names and suggestions; "count" only "3 check-ins for today", for
    #: notifications that may appear on a lock screen.
    notification_text: str = "full"
    #: The daily encrypted backup into the journal's backups/ folder, and how many of
    #: those automatic backups to keep (backups made by hand are never deleted).
    auto_backup: bool = True
    backups_kept: int = 7

    def to_json(self) -> dict[str, Any]:
        return {
            "cadence_days": {str(k): v for k, v in self.cadence_days.items()},
            "daily_cap": self.daily_cap,
            "quiet_start": self.quiet_start,
            "quiet_end": self.quiet_end,
            "delivery_time": self.delivery_time,
            "auto_lock_minutes": self.auto_lock_minutes,
            "learn_cadence": self.learn_cadence,
            "notifications": self.notifications,
            "notification_text": self.notification_text,
            "auto_backup": self.auto_backup,
            "backups_kept": self.backups_kept,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> JournalSettings:
        base = cls()
        if not data:
            return base
        cadences = dict(DEFAULT_CADENCE_DAYS)
        for name, days in (data.get("cadence_days") or {}).items():
            try:
                circle = Circle(name)
            except ValueError:
                continue
            cadences[circle] = None if circle is Circle.DORMANT else (int(days) if days else None)
        return cls(
            cadence_days=cadences,
            daily_cap=int(data.get("daily_cap", base.daily_cap)),
            quiet_start=str(data.get("quiet_start", base.quiet_start)),
            quiet_end=str(data.get("quiet_end", base.quiet_end)),
            delivery_time=str(data.get("delivery_time", base.delivery_time)),
            auto_lock_minutes=int(data.get("auto_lock_minutes", base.auto_lock_minutes)),
            learn_cadence=bool(data.get("learn_cadence", base.learn_cadence)),
            notifications=_choice(
                data.get("notifications"), ("daily", "weekdays", "off"), base.notifications
            ),
            notification_text=_choice(
                data.get("notification_text"), ("full", "count"), base.notification_text
            ),
            auto_backup=bool(data.get("auto_backup", base.auto_backup)),
            backups_kept=_at_least_one(data.get("backups_kept"), base.backups_kept),
        )


def _choice(value: Any, allowed: tuple[str, ...], default: str) -> str:
    return value if value in allowed else default


def _at_least_one(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(1, number)


def load(conn: Connection) -> JournalSettings:
    return JournalSettings.from_json(get(conn, "journal"))


def save(conn: Connection, value: JournalSettings, now: str) -> None:
    put(conn, "journal", value.to_json(), now)
