"""The one source of "now". Tests and the demo move time by shifting a clock, never by sleeping."""

from __future__ import annotations

import time
from dataclasses import dataclass


class Clock:
    """Wall-clock time in unix seconds."""

    def now(self) -> int:
        return int(time.time())

    def shifted(self, seconds: int) -> Clock:
        """This clock moved forward by a platform's test-clock offset."""
        return self if seconds == 0 else ShiftedClock(self, seconds)


@dataclass
class ShiftedClock(Clock):
    base: Clock
    offset: int

    def now(self) -> int:
        return self.base.now() + self.offset


@dataclass
class FrozenClock(Clock):
    """A clock that only moves when told to."""

    current: int

    def now(self) -> int:
        return self.current

    def advance(self, seconds: int) -> None:
        self.current += seconds


system_clock = Clock()
