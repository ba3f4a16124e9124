"""The optimizer race in its own thread: steps real torch optimizers and emits frozen frames.

Stepping costs 0.3-0.9 ms per optimizer step here and reading a race's states copies every path
(O(steps)), so five racers at speed would eat the GUI thread's 16 ms frame budget; the race runs
in a worker instead. ``RaceWorker`` lives in that thread and is driven by its own 60 Hz QTimer,
so its event loop stays free: the GUI talks to it only through queued signals (configure, play,
rate, step, frame acknowledged), no locks. A new configuration replaces a pending one; frames
carry the id of the configuration they belong to and the GUI drops older ones. A frame is sent
only after the GUI acknowledged the previous one, so a slow GUI gets fewer, fresher frames.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from playground.core.lab.paths import Race, Racer, TrackState
from playground.core.lab.regression_race import RegressionProblem, RegressionRace
from playground.core.lab.surfaces import Surface
from playground.gui.runner import LatestRequest, WorkerThread

TICK_MS = 16  # worker timer period: one frame at most per tick (~60 Hz)
TICK_BUDGET_S = 0.010  # stepping stops for this tick after this long, so frames keep flowing
REPLAY_BUDGET_S = 0.040  # longer ticks while replaying (new configurations still wait < 40 ms)
FAST_FORWARD_CHUNK = 400  # steps per racer and tick while replaying to a target step
MAX_STEPS = 20_000  # a race pauses itself here (paths are drawn whole; keep them bounded)
STOP_WAIT_MS = 10_000


@dataclass(frozen=True)
class RaceConfig:
    """Everything needed to build a race (a value: sent to the worker, compared in tests)."""

    config_id: int  # frames of this race carry it
    surface: Surface  # what the racers minimise (for regression, the full-data MSE)
    start: tuple[float, ...]  # common start point
    racers: tuple[Racer, ...]  # optimizers with lr and hyperparameters, legend labels set
    problem: RegressionProblem | None = None  # set: minibatch steps on this data instead
    noise_std: float = 0.0  # Gaussian noise added to surface gradients (SGD-like wobble)
    batch_size: int = 10  # minibatch size for regression races
    seed: int = 0  # noise and batch order
    fast_forward: int = 0  # step the new race this far at once (replay after an edit)


@dataclass(frozen=True)
class RaceFrame:
    """The race at one moment, for drawing (read-only arrays inside the states)."""

    config_id: int
    states: tuple[TrackState, ...]
    step: int  # steps taken by the racer furthest along
    playing: bool  # the worker is stepping on its own
    finished: bool  # every racer diverged (nothing left to step)
    note: str = ""  # why the worker stopped by itself, or why the race could not be built
    failed: bool = False  # True when the configuration was rejected (note says why)
    fast_forwarding: bool = False  # still replaying to the configured step
    seconds_per_step: float = field(default=0.0, compare=False)  # measured stepping cost


class RaceWorker(QObject):
    """Owns the race; lives in the race thread. Every attribute is touched by that thread only."""

    frame_ready = Signal(object)  # RaceFrame
    _kick = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._race: Race | RegressionRace | None = None
        self._config: RaceConfig | None = None
        self._pending: RaceConfig | None = None
        self._playing = False
        self._rate = 30.0  # steps per second while playing
        self._owed = 0.0  # fractional steps carried to the next tick (slow motion)
        self._last_tick = time.perf_counter()
        self._target = 0  # fast-forward target step
        self._dirty = False
        self._awaiting_ack = False
        self._note = ""
        self._failed = False
        self._step_seconds = 5e-4
        self._timer: QTimer | None = None
        self._kick.connect(self._apply_pending, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------------ slots (queued calls)
    @Slot(object)
    def configure(self, config: RaceConfig) -> None:
        """Build a new race from ``config`` (a burst of configs builds only the last)."""
        first = self._pending is None
        self._pending = config
        if first:
            self._kick.emit()

    @Slot(bool)
    def set_playing(self, playing: bool) -> None:
        """Step continuously (True) or only on request (False)."""
        self._apply_pending()  # commands apply to the newest race, not one being replaced
        self._playing = bool(playing) and self._race is not None and not self._at_limit()
        self._owed = 0.0
        self._last_tick = time.perf_counter()
        if playing and self._at_limit():
            self._note = QCoreApplication.translate(
                "RaceWorker", "reached {0:,} steps; reset to race again").format(MAX_STEPS)
        self._dirty = True
        self._wake()

    @Slot(float)
    def set_rate(self, steps_per_second: float) -> None:
        """Playing speed (steps per second per racer; best effort at high rates)."""
        self._rate = max(0.0, float(steps_per_second))

    @Slot(int)
    def step(self, n: int) -> None:
        """Take ``n`` steps now (pauses playing) and send a frame."""
        self._apply_pending()
        self._playing = False
        if self._race is not None and n > 0 and not self._at_limit():
            self._advance(min(int(n), MAX_STEPS - self._steps()))
        self._dirty = True
        self._wake()

    @Slot()
    def frame_done(self) -> None:
        """The GUI drew the last frame: the next one may go out."""
        self._awaiting_ack = False
        self._wake()

    @Slot()
    def stop(self) -> None:
        """Stop the timer (before the thread quits)."""
        if self._timer is not None:
            self._timer.stop()

    # ----------------------------------------------------------------------------- internals
    @Slot()
    def _apply_pending(self) -> None:
        config, self._pending = self._pending, None
        if config is None:
            return
        self._config = config
        self._note, self._failed = "", False
        try:
            if config.problem is not None:
                self._race = RegressionRace(config.problem, config.start, config.racers,
                                            batch_size=config.batch_size, seed=config.seed)
            else:
                self._race = Race(config.surface, config.start, config.racers,
                                  noise_std=config.noise_std, seed=config.seed)
        except (ValueError, TypeError) as exc:  # OptimizerError is a ValueError
            self._race = None
            self._note, self._failed = str(exc), True
        self._target = min(max(0, config.fast_forward), MAX_STEPS)
        self._dirty = True
        self._wake()

    def _steps(self) -> int:
        if self._race is None:
            return 0
        return max((t.steps_taken for t in self._race.tracks), default=0)

    def _at_limit(self) -> bool:
        return self._steps() >= MAX_STEPS

    def _advance(self, n: int) -> None:
        """Step every racer ``n`` steps, measuring the cost per racer step."""
        started = time.perf_counter()
        tracks = self._race.tracks
        for _ in range(n):
            for track in tracks:
                track.step(1)
                # Hand the GIL to the GUI thread if it is waiting (to paint): otherwise it
                # waits out the interpreter's 5 ms switch interval on every hand-over.
                time.sleep(0)
        racers = max(1, len(tracks))
        cost = (time.perf_counter() - started) / (n * racers)
        self._step_seconds = 0.8 * self._step_seconds + 0.2 * cost
        self._dirty = True

    def _affordable(self, budget: float) -> int:
        """Steps per racer that fit in ``budget`` seconds."""
        racers = max(1, len(self._race.tracks)) if self._race is not None else 1
        return max(1, int(budget / (self._step_seconds * racers)))

    def _wake(self) -> None:
        if self._timer is None:
            self._timer = QTimer(self)  # created here, in the worker thread
            # Precise: a coarse timer may fire up to 5% late, which alone drops below 60 Hz.
            self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.setInterval(TICK_MS)
            self._timer.timeout.connect(self._tick)
        if not self._timer.isActive():
            self._timer.start()
        self._tick()

    @Slot()
    def _tick(self) -> None:
        race = self._race
        if race is not None and not race.finished:
            steps = self._steps()
            if self._target > steps:
                self._advance(min(self._target - steps, FAST_FORWARD_CHUNK,
                                  self._affordable(REPLAY_BUDGET_S)))
            elif self._playing:
                # Steps are owed for the time that passed: extra ticks (frame acks wake the
                # worker too) must not speed the race up.
                now = time.perf_counter()
                self._owed += self._rate * min(now - self._last_tick, 0.25)
                self._last_tick = now
                n = min(int(self._owed), self._affordable(TICK_BUDGET_S), MAX_STEPS - steps)
                self._owed -= int(self._owed)
                if n > 0:
                    self._advance(n)
                if self._at_limit():
                    self._playing = False
                    self._note = QCoreApplication.translate(
                "RaceWorker", "reached {0:,} steps; reset to race again").format(MAX_STEPS)
        if self._dirty and not self._awaiting_ack:
            self._emit_frame()
        busy = (self._playing or self._dirty
                or (race is not None and self._target > self._steps() and not race.finished))
        # Keep ticking while playing even when every racer diverged: the view stays live and
        # the play button keeps meaning "running".
        if not busy and self._timer is not None:
            self._timer.stop()

    def _emit_frame(self) -> None:
        config = self._config
        if config is None:
            return
        race = self._race
        states = race.states() if race is not None else ()
        steps = self._steps()
        self._dirty = False
        self._awaiting_ack = True
        self.frame_ready.emit(RaceFrame(
            config_id=config.config_id, states=states, step=steps, playing=self._playing,
            finished=race is not None and bool(states) and race.finished, note=self._note,
            failed=self._failed, fast_forwarding=race is not None and self._target > steps,
            seconds_per_step=self._step_seconds))


class RaceRunner(QObject):
    """GUI-thread owner of the race thread: sends commands, forwards current frames."""

    frame_ready = Signal(object)  # RaceFrame of the newest configuration
    _configure = Signal(object)
    _set_playing = Signal(bool)
    _set_rate = Signal(float)
    _step = Signal(int)
    _frame_done = Signal()
    _stop = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = WorkerThread(RaceWorker(), "LabRace", STOP_WAIT_MS)
        worker = self._runner.worker
        for signal, slot in ((self._configure, worker.configure),
                             (self._set_playing, worker.set_playing),
                             (self._set_rate, worker.set_rate),
                             (self._step, worker.step),
                             (self._frame_done, worker.frame_done),
                             (self._stop, worker.stop)):
            signal.connect(slot)
        worker.frame_ready.connect(self._on_frame)
        self._requests = LatestRequest()
        self.last_frame: RaceFrame | None = None

    @property
    def thread(self) -> QThread:
        """The race thread (tests check it ends)."""
        return self._runner.thread

    def new_config_id(self) -> int:
        """An id for the next configuration (frames of older ones are dropped)."""
        return self._requests.new_id()

    def configure(self, config: RaceConfig) -> None:
        """Replace the race (config.config_id should come from ``new_config_id``)."""
        if not self._runner.ensure_started():
            return
        self._requests.claim(config.config_id)
        self._configure.emit(config)

    def set_playing(self, playing: bool) -> None:
        """Start or stop continuous stepping."""
        if not self._runner.closed:
            self._set_playing.emit(bool(playing))

    def set_rate(self, steps_per_second: float) -> None:
        """Playing speed in steps per second."""
        if not self._runner.closed:
            self._set_rate.emit(float(steps_per_second))

    def step(self, n: int = 1) -> None:
        """Take n steps now (and pause)."""
        if not self._runner.closed:
            self._step.emit(int(n))

    @Slot(object)
    def _on_frame(self, frame: RaceFrame) -> None:
        try:
            if self._requests.is_current(frame.config_id) and not self._runner.closed:
                self.last_frame = frame
                self.frame_ready.emit(frame)
        finally:
            # Acknowledge even a dropped frame, or the worker would hold back the next one.
            self._frame_done.emit()

    def shutdown(self) -> None:
        """Stop the worker's timer and the thread; safe to call twice."""
        self._runner.shutdown(before_quit=self._stop.emit)
