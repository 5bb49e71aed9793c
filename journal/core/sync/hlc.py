"""Hybrid logical clock stamps: what orders edits made on different computers.

A stamp is ``(wall milliseconds, counter, replica id)`` written as one string that sorts
the same way as the tuple, so SQLite and Python compare stamps as plain text. A new
stamp is later than every stamp this replica has made *or seen*: after importing an
edit stamped by a computer whose clock runs hours ahead, the next local edit is stamped
later still, so a machine whose clock is off cannot make its own older edits win over
edits made after it was heard from (the counter carries the order while the wall clock
lags). Concurrent edits are ordered by wall time, then counter, then replica id, the
same way on every machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

#: The stamp of "before any change was recorded" (a row as it came in the snapshot).
ZERO = ""


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    replica: str

    def text(self) -> str:
        return f"{self.wall_ms:015d}.{self.counter:06d}.{self.replica}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        wall, counter, replica = text.split(".", 2)
        return cls(int(wall), int(counter), replica)


def now_ms() -> int:
    return int(time.time() * 1000)


class Clock:
    """The replica's clock: ``last`` is the greatest stamp made or observed so far."""

    def __init__(self, replica: str, last: str = ZERO) -> None:
        self.replica = replica
        self.last = Stamp.parse(last) if last else Stamp(0, 0, replica)

    def next(self, wall_ms: int | None = None) -> str:
        wall = now_ms() if wall_ms is None else wall_ms
        if wall > self.last.wall_ms:
            self.last = Stamp(wall, 0, self.replica)
        else:
            self.last = Stamp(self.last.wall_ms, self.last.counter + 1, self.replica)
        return self.last.text()

    def observe(self, text: str) -> None:
        if not text:
            return
        seen = Stamp.parse(text)
        if (seen.wall_ms, seen.counter) > (self.last.wall_ms, self.last.counter):
            self.last = Stamp(seen.wall_ms, seen.counter, self.replica)

    def text(self) -> str:
        return self.last.text()
