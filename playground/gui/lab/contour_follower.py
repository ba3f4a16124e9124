"""Keeps a plot's contours covering what the view shows: after zooming, panning or an aspect
change settles, it asks the job thread for contours over the visible range again."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer, Slot

from playground.core.lab.contour_job import ContourJob
from playground.core.lab.surfaces import Range, Surface
from playground.gui.lab.jobs import JobRunner

SETTLE_MS = 200  # the view must be still this long before contours are recomputed
TOLERANCE = 0.02  # share of the view a range edge may move without a recomputation


class ContourFollower(QObject):
    """Requests ``ContourJob``s on ``channel`` for ``surface()`` over ``view``'s visible range."""

    def __init__(self, jobs: JobRunner, channel: str, view: pg.ViewBox,
                 surface: Callable[[], Surface | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.channel = channel
        self.view = view
        self._surface = surface
        self.requested: tuple[Range, ...] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._on_settled)
        view.sigRangeChanged.connect(self._on_range_changed)

    def visible(self, dims: int) -> tuple[Range, ...]:
        """The view's current range per variable."""
        (x0, x1), (y0, y1) = self.view.viewRange()
        return ((x0, x1),) if dims == 1 else ((x0, x1), (y0, y1))

    def request(self) -> None:
        """Contours of the current surface over the visible range, now."""
        surface = self._surface()
        if surface is None:
            return
        self.requested = self.visible(surface.dims)
        self.jobs.submit(ContourJob(self.channel, self.jobs.new_id(), surface, self.requested))

    @Slot(object)
    def _on_range_changed(self, *_args: object) -> None:
        self._timer.start()

    @Slot()
    def _on_settled(self) -> None:
        surface = self._surface()
        if surface is None or surface.dims != 2:
            return  # a 1-D curve is sampled over its whole domain once
        domain = self.visible(2)
        old = self.requested
        if old is not None and all(
                abs(a0 - b0) <= TOLERANCE * (a1 - a0) and abs(a1 - b1) <= TOLERANCE * (a1 - a0)
                for (a0, a1), (b0, b1) in zip(old, domain, strict=True)):
            return
        self.request()

    def stop(self) -> None:
        """No more requests (the lab is closing)."""
        self._timer.stop()
        self.view.sigRangeChanged.disconnect(self._on_range_changed)
