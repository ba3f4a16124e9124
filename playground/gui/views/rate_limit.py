"""Drawing a view at reading speed: ``RateLimit`` runs a view's redraw at most ``hz`` times a
second and, when frames come faster, once more for the newest of them as soon as the interval
is over (nothing shown stays behind the run). Tables, counts and captions are read, not
watched: redrawing them at every one of 50 frames a second only costs the window its time."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot


class RateLimit(QObject):
    """``request()`` per frame; ``draw`` runs now when the last run is 1/hz s ago, else once
    when it is (a single-shot timer, so frames in between cost nothing)."""

    def __init__(self, hz: float, draw: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._interval = 1.0 / hz
        self._draw = draw
        self._drawn_at = -float("inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)

    def request(self) -> None:
        """A new frame is there: draw now, or when the interval since the last draw is over."""
        wait = self._drawn_at + self._interval - time.monotonic()
        if wait <= 0:
            self.draw_now()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def draw_now(self) -> None:
        """Draw at once (a new data set, a raised tab) and restart the interval."""
        self._timer.stop()
        self._drawn_at = time.monotonic()
        self._draw()

    @property
    def pending(self) -> bool:
        """A draw is scheduled for the end of the interval."""
        return self._timer.isActive()

    def cancel(self) -> None:
        """Forget a scheduled draw (the data it was for is gone) and draw the next frame
        at once."""
        self._timer.stop()
        self._drawn_at = -float("inf")

    @Slot()
    def _on_timeout(self) -> None:
        self.draw_now()
