"""The optimizer race tab: the surface plot with racing optimizers, f against step, a readout
table, the data inset for regression surfaces, and the side panel.

Flow: a control edits the ``RaceModel``; ``changed`` tells this page what moved. Surface edits
send a ``ContourJob`` to the lab's job thread and a fresh race to the race thread; racer, start
and noise edits rebuild the race and replay it to the step it had reached, so a dragged lr
slider reshapes the whole path at once. Frames from the race thread are drawn with setData only.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.core.lab.contour_job import ContourData
from playground.core.lab.paths import TrackState
from playground.core.lab.surfaces import Surface, estimated_minimum
from playground.gui.lab import style
from playground.gui.lab.contour_follower import ContourFollower
from playground.gui.lab.controls import RaceControls
from playground.gui.lab.jobs import JobResult, JobRunner
from playground.gui.lab.race_charts import DataInset, ReadoutTable, ValueChart
from playground.gui.lab.race_model import (
    REBUILD,
    SPEED,
    SURFACE,
    VIEW,
    RaceModel,
)
from playground.gui.lab.race_view import SurfacePlot
from playground.gui.lab.race_worker import RaceFrame, RaceRunner

CONTOUR_CHANNEL = "race-contours"
REPLAY_MAX_STEPS = 1000  # an edit replays the race this far at most (5 racers: ~2 s)
READOUT_INTERVAL_S = 0.1  # while playing, table and chart refresh at 10 Hz (paths at 60 Hz)


class RacePage(QWidget):
    """Optimizers racing over a loss surface."""

    def __init__(self, jobs: JobRunner, model: RaceModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self._f_star_cache: tuple[Surface, float | None] | None = None  # per surface
        self.model = model or RaceModel(parent=self)
        self.runner = RaceRunner(self)
        self.plot = SurfacePlot()
        self.chart = ValueChart()
        self.table = ReadoutTable()
        self.inset = DataInset()
        self.controls = RaceControls(self.model)
        self.status = QLabel()
        self.status.setStyleSheet(f"color: {style.MUTED};")
        self._build_layout()

        self.playing = False
        self.step_count = 0  # steps of the racer furthest along, as last drawn
        self._readout_at = 0.0
        self.contours: ContourData | None = None
        self._config_keys: tuple[int, ...] = ()
        self.follower = ContourFollower(jobs, CONTOUR_CHANNEL, self.plot.view,
                                        self._current_surface, self)

        self.model.changed.connect(self._on_model_changed)
        self.model.message.connect(self._on_message)
        self.plot.start_picked.connect(self._on_start_picked)
        self.runner.frame_ready.connect(self._on_frame)
        self.jobs.result_ready.connect(self._on_job_result)
        c = self.controls
        c.play_button.toggled.connect(self._on_play_toggled)
        c.step_button.clicked.connect(self._on_step)
        c.step10_button.clicked.connect(self._on_step10)
        c.reset_button.clicked.connect(self._on_reset)

        self.started = False  # threads and contours start when the page is first shown

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The first show starts the race thread and the first contours (a window whose lab
        tab is never opened starts no threads and imports no optimizer machinery)."""
        super().showEvent(event)
        self.start()

    def start(self) -> None:
        """Build the first race and request contours (once)."""
        if self.started:
            return
        self.started = True
        self._apply_racers()
        self._apply_view()
        self.runner.set_rate(self.model.settings.steps_per_second)
        self._apply_surface()

    def _build_layout(self) -> None:
        bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom = bottom
        bottom.addWidget(self.chart)
        bottom.addWidget(self.inset)
        bottom.addWidget(self.table)
        bottom.setStretchFactor(0, 4)
        bottom.setStretchFactor(1, 3)
        bottom.setStretchFactor(2, 5)
        bottom.setSizes([400, 300, 500])
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.plot)
        left.addWidget(bottom)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setSizes([560, 200])
        left_box = QWidget()
        left_layout = QVBoxLayout(left_box)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(left, 1)
        left_layout.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(max(360, self.controls.sizeHint().width() + 24))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(left_box, 1)
        layout.addWidget(scroll)

    # ------------------------------------------------------------------------ model changes
    @Slot(object)
    def _on_model_changed(self, aspects: frozenset[str]) -> None:
        if not self.started:
            return  # start() applies the settings as they are then
        if SURFACE in aspects:
            self._apply_racers()
            self._apply_surface()
            return
        if aspects & REBUILD:
            self._apply_racers()
            self.plot.set_start(self.model.start)
            self._configure(fast_forward=min(self.step_count, REPLAY_MAX_STEPS))
        if SPEED in aspects:
            self.runner.set_rate(self.model.settings.steps_per_second)
        if VIEW in aspects:
            self._apply_view()

    def _apply_surface(self) -> None:
        model = self.model
        surface = model.surface
        names = ("w", "b") if model.problem is not None else None
        self.contours = None
        self.plot.set_surface(surface, model.start, names)
        self.follower.request()
        self.inset.setVisible(model.problem is not None)
        if model.problem is not None:
            self.inset.set_problem(model.problem)
            self.bottom.setSizes([330, 300, 560])
        self._apply_view()
        self.step_count = 0
        self._configure(fast_forward=0)

    def _apply_racers(self) -> None:
        labels = self.model.labels()
        racers = self.model.settings.racers
        self.plot.set_racers([(r.key, r.color, labels[r.key], r.lr) for r in racers])
        self.chart.set_racers([(r.key, r.color) for r in racers])
        self.inset.set_racers([(r.key, r.color) for r in racers])
        self.table.set_racers([(r.key, r.color, labels[r.key]) for r in racers])

    def _apply_view(self) -> None:
        s = self.model.settings
        self.plot.set_arrows(s.show_gradient, s.show_step, s.show_momentum)
        self.chart.set_scale(self._f_star(), s.log_chart)
        if self.runner.last_frame is not None:
            self._draw(self.runner.last_frame)

    def _f_star(self) -> float | None:
        """The surface's minimum value: at its known minimum, else estimated on a grid (a
        typed formula); None when there is none to find (the lowest point on the edge)."""
        surface = self.model.surface
        cached = self._f_star_cache
        if cached is not None and cached[0] is surface:
            return cached[1]
        value = surface.value(*surface.minima[0]) if surface.minima else estimated_minimum(
            surface)
        value = value if value is not None and np.isfinite(value) else None
        self._f_star_cache = (surface, value)
        check = self.controls.log_check
        check.setEnabled(value is not None)
        check.setToolTip(self.tr("Chart f minus its minimum value f*, on a log axis") if value
                         is not None else self.tr("f* is unknown: this surface's lowest point "
                                                  "on the grid is at the edge of the domain, so "
                                                  "it may have no minimum."))
        return value

    def _configure(self, fast_forward: int) -> None:
        config = self.model.race_config(self.runner.new_config_id(), fast_forward)
        self._config_keys = tuple(r.key for r in self.model.settings.racers)
        self.runner.configure(config)
        self.runner.set_playing(self.playing)

    # ---------------------------------------------------------------------------- contours
    def _current_surface(self) -> Surface:
        return self.model.surface

    @Slot(object)
    def _on_job_result(self, result: JobResult) -> None:
        if result.channel != CONTOUR_CHANNEL:
            return
        if result.error:
            self.status.setText(self.tr("Contours failed: {0}").format(result.error))
            return
        self.contours = result.value
        self.plot.show_contours(result.value)

    # ------------------------------------------------------------------------------ running
    @Slot(bool)
    def _on_play_toggled(self, playing: bool) -> None:
        self.set_playing(playing)

    def set_playing(self, playing: bool) -> None:
        """Play (step continuously at the set speed) or pause."""
        self.start()
        self.playing = bool(playing)
        self.controls.set_playing(self.playing)
        self.runner.set_playing(self.playing)

    @Slot()
    def _on_step(self) -> None:
        self.step(1)

    @Slot()
    def _on_step10(self) -> None:
        self.step(10)

    def step(self, n: int = 1) -> None:
        """Pause and take ``n`` steps."""
        self.start()
        self.set_playing(False)
        self.runner.step(n)

    @Slot()
    def _on_reset(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Pause and restart every racer from the start point."""
        self.set_playing(False)
        self.step_count = 0
        self._configure(fast_forward=0)

    @Slot(object)
    def _on_start_picked(self, point: tuple[float, ...]) -> None:
        self.model.set_start(point)

    @Slot(str)
    def _on_message(self, text: str) -> None:
        self.status.setText(text)

    @Slot(object)
    def _on_frame(self, frame: RaceFrame) -> None:
        self._draw(frame)

    def _draw(self, frame: RaceFrame) -> None:
        states: dict[int, TrackState] = dict(zip(self._config_keys, frame.states, strict=False))
        self.step_count = frame.step
        self.plot.show_states(states)
        now = time.perf_counter()
        # Numbers and the f chart (whose axes re-tick on every change) need not follow each
        # frame; they refresh at 10 Hz while playing and on every frame otherwise.
        if not (self.playing and frame.playing) or now - self._readout_at >= READOUT_INTERVAL_S:
            self._readout_at = now
            self.chart.show_states(states)
            self.table.show_states(states)
            if self.model.problem is not None:
                self.inset.show_states(states)
        if frame.failed:
            self.status.setText(self.tr("Cannot race: {0}").format(frame.note))
        elif frame.note:
            self.status.setText(frame.note)
            if self.playing and not frame.playing:
                self.set_playing(False)
        else:
            diverged = sum(s.diverged for s in frame.states)
            text = self.tr("step {0}").format(frame.step)
            if frame.fast_forwarding:
                text = self.tr("{0} · replaying…").format(text)
            if diverged and frame.finished:
                text = self.tr("{0} · {1} diverged (all)").format(text, diverged)
            elif diverged:
                text = self.tr("{0} · {1} diverged").format(text, diverged)
            self.status.setText(text)

    def shutdown(self) -> None:
        """Stop the race thread."""
        self.follower.stop()
        self.runner.shutdown()
