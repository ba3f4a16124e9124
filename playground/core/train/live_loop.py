"""The live training loop: trains, takes commands between slices, paces snapshots.

``LiveLoop`` is Qt-free: it reports through an ``emit(event)`` callback, so the window can run
it in a training process (the default; see ``live_process``) or in a thread. ``run`` is one long
loop; other threads hand it commands through ``post`` (a lock-guarded queue plus a condition
variable). Commands and events are the frozen dataclasses of ``link``; the loop alone decides
whether the run is training and says so with ``RunningChanged``. Between training slices the
loop takes the pending commands, trains for at most ``SLICE_SECONDS``, and at most every
``FRAME_SECONDS`` builds ``trainer.snapshot(version)`` and emits it.

A frame is emitted only after the window has acknowledged the previous one (``frame_done``), so
a slow window gets fewer frames instead of a growing queue of stale ones. Exceptions inside the
loop are reported through the ``failed`` event and never end it.

Events (``link.Event``): ``TrainerReady`` before a new run's frames, ``SnapshotReady``,
``Failed``, ``RunningChanged``, ``DevicesFound``, ``FileDone``, ``FileFailed``.
"""

from __future__ import annotations

import statistics
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playground.core.spec import Spec
from playground.core.train.link import (
    Build,
    Command,
    DevicesFound,
    Epoch,
    Event,
    Failed,
    FileDone,
    FileFailed,
    LiveEdit,
    LoadWeights,
    Pause,
    Play,
    Resume,
    RunningChanged,
    RunStatus,
    SaveWeights,
    SetWeight,
    SnapshotReady,
    Step,
    Stop,
    StopAtEpochs,
    TrainerReady,
    coalesce,
)
from playground.core.train.pacing import (
    PROCESS_BUDGET,
    FrameBudget,
    configure_torch_threads,
    warm_optimizers,
)

SLICE_SECONDS = 1 / 60  # training stretch between looks at the commands and the frame clock
# Epochs shorter than this run whole (the engine's fast loop); longer ones run as sliced steps.
EPOCH_BUDGET_SECONDS = 0.1
# Tiny epochs (tens of microseconds) run in bursts of about this long between the loop's
# checks (a median, two locks, the run's state: a few microseconds, a fifth of such an epoch).
BURST_SECONDS = 1e-3
STATS_MAX_AGE = 0.25  # seconds a frame's layer statistics may be old while training
_COST_SMOOTHING = 0.3  # weight of the newest measurement in the frame cost averages
_STEP_GUESS = 2e-4  # seconds per minibatch step before the first measurement

Emit = Callable[[Event], None]
_ENDED = frozenset(status for status in RunStatus if status.ended)


class LiveLoop:
    """Owns the current trainer; trains it while playing; reports through ``emit``."""

    def __init__(self, emit: Emit, budget: FrameBudget = PROCESS_BUDGET):
        self._emit = emit
        self._budget = budget
        self._cond = threading.Condition()
        self._commands: list[Command] = []
        self._frame_pending = False  # a frame is out and the window has not acknowledged it
        self._gui_cost = 0.0  # seconds the window takes per frame (smoothed)
        # Everything below is touched by the loop's thread only.
        self._trainer: Any = None
        self._build_error = ""  # why the last build failed ("" when it did not)
        self._version = 0
        self._running = False
        self._stop = False
        self._dirty = False  # the trainer changed since the last frame
        self._next_frame_at = 0.0
        # Seconds between the loop's last two looks at the frame clock (a burst of epochs, a
        # chunk of steps): a frame goes out at the look nearest its time, not the one after.
        self._check_gap = 0.0
        self._snapshot_cost = 0.0  # seconds trainer.snapshot takes (smoothed)
        # Recent timings of run_epoch and of single steps (medians: the first epoch of a run
        # is slow while torch warms up, and one outlier must not switch the loop's mode).
        self._epoch_times: deque[float] = deque(maxlen=5)
        self._step_times: deque[float] = deque(maxlen=5)
        self._stop_at_epochs = False
        self._frames = 0  # frames emitted
        # torch.optim's imports done (see warm_optimizers); a thread in the window's process
        # never does them: the window's own threads run torch ops beside it.
        self._warmed = budget is not PROCESS_BUDGET

    # ------------------------------------------------------------ called by other threads
    def post(self, command: Command) -> None:
        """Queue a command (thread-safe); the loop takes it before its next training slice."""
        with self._cond:
            self._commands.append(command)
            self._cond.notify()

    def frame_done(self, gui_seconds: float = 0.0) -> None:
        """The window drew the last frame, in ``gui_seconds`` (thread-safe): the next may come."""
        with self._cond:
            self._frame_pending = False
            self._gui_cost += _COST_SMOOTHING * (gui_seconds - self._gui_cost)
            self._cond.notify()

    def request_stop(self) -> None:
        """Ask the loop to end; ``run`` returns after the slice it is in."""
        self.post(Stop())

    # ---------------------------------------------------------------------------- the loop
    def run(self) -> None:
        """The loop; returns when asked to stop."""
        try:
            from playground.core.model.device import available_devices

            configure_torch_threads()
            self._emit(DevicesFound(tuple(available_devices())))
        except Exception as exc:  # a broken torch install must not end the loop silently
            self._emit(Failed(0, f"torch could not start: {exc}"))
        while not self._stop:
            commands = coalesce(self._wait_for_work())
            for command in commands:
                self._handle(command)
                if self._stop:
                    break
            if self._stop:
                break
            if self._running and self._trainer is not None:
                self._train_slice()
            self._maybe_emit_frame()
        self._trainer = None

    def _wait_for_work(self) -> list[Command]:
        """Block until there is a command, training to do or a frame due; take the commands."""
        if not self._warmed and self._frames and self._idle():
            self._warmed = True
            warm_optimizers()
        with self._cond:
            # Paused, a changed run (a step, an edit) is shown at once: no frame pacing then.
            while not (self._commands or (self._running and self._trainer is not None)
                       or (self._dirty and not self._frame_pending)):
                self._cond.wait()
            commands, self._commands = self._commands, []
            return commands

    def _idle(self) -> bool:
        with self._cond:
            return not (self._commands or (self._running and self._trainer is not None)
                        or (self._dirty and not self._frame_pending))

    def _has_commands(self) -> bool:
        with self._cond:
            return bool(self._commands)

    def _frame_due(self) -> bool:
        """The window is ready for a frame and it is time for one (end the slice early)."""
        with self._cond:
            return not self._frame_pending and self._frame_time_reached(time.perf_counter())

    def _frame_time_reached(self, now: float) -> bool:
        """``now`` is the look at the frame clock nearest the next frame's time: the next
        look, ``_check_gap`` later, would be further past it than this one is before it."""
        return now + self._check_gap / 2 >= self._next_frame_at

    def _handle(self, command: Command) -> None:
        try:
            self._dispatch(command)
        except Exception as exc:  # reported, never fatal: the loop goes on with the next one
            self._report(exc, command)

    def _dispatch(self, command: Command) -> None:
        trainer = self._trainer
        match command:
            case Build(spec, version, play, resume):
                self._build(spec, version, play, resume)
            case LiveEdit(spec) if trainer is not None:
                trainer.apply_live(spec)
                self._dirty = True
            case Play() if trainer is None and self._build_error:
                # Nothing was built: say why again instead of showing a run that never moves.
                self._set_running(False)
                self._emit(Failed(self._version, self._build_error))
            case Play():
                self._set_running(True)
            case Pause():
                self._set_running(False)
                self._dirty = True  # a paused frame shows the figures of the weights as they are
            case StopAtEpochs(enabled):
                self._stop_at_epochs = enabled
            case Step() | Epoch():
                self._set_running(False)
                if trainer is not None:
                    if isinstance(command, Step):
                        trainer.step()
                    else:
                        trainer.run_epoch()
                    self._after_training()
            case SetWeight(layer, row, col, value) if trainer is not None:
                trainer.set_weight(layer, row, col, value)
                self._dirty = True
            case SaveWeights(path):
                from playground.core.files.weights import save_trained

                written = save_trained(self._require_trainer(), path)
                self._emit(FileDone("export_weights", str(written)))
            case LoadWeights(path):
                self._require_trainer().load_weights(path)
                self._dirty = True
                self._emit(FileDone("import_weights", str(Path(path))))
            case Stop():
                self._stop = True

    def _report(self, exc: BaseException, command: Command | None) -> None:
        message = user_message(exc)
        if isinstance(command, SaveWeights | LoadWeights):
            what = "export_weights" if isinstance(command, SaveWeights) else "import_weights"
            self._emit(FileFailed(what, message))
            return
        if not isinstance(exc, ValueError | OSError | RuntimeError):
            traceback.print_exception(exc)  # a bug: keep the traceback for the developer
        if isinstance(command, Build):
            self._build_error = message
        if command is None or isinstance(command, Build):  # training or building failed
            self._set_running(False)
        self._emit(Failed(self._version, message))

    def _build(self, spec: Spec, version: int, play: bool | None,
               resume: Resume | None = None) -> None:
        """A fresh trainer for ``spec`` (structural change, reset or load), going on from
        ``resume`` when given (the training process died)."""
        from playground.core.model.device import describe
        from playground.core.train.trainer import Trainer

        self._version = version
        self._trainer = None  # a failed build must not leave the old run training
        self._build_error = ""
        if play is not None:
            self._set_running(play)
        # The compiled kernel takes over once it has compiled in the background.
        trainer = Trainer(spec, kernel="auto")
        if resume is not None:
            try:
                trainer.resume(resume)
            except ValueError as exc:
                self._emit(Failed(version, f"could not go on from epoch {resume.epoch} ({exc}); "
                                           "the run starts over"))
                trainer = Trainer(spec, kernel="auto")
        self._trainer = trainer
        self._epoch_times.clear()
        self._step_times.clear()
        self._emit(TrainerReady(version, trainer.data, spec, describe(trainer.device)))
        self._dirty = True
        self._next_frame_at = 0.0  # show the fresh run at once

    def _require_trainer(self) -> Any:
        if self._trainer is None:
            raise RuntimeError("there is no network yet (the experiment could not be built)")
        return self._trainer

    # ------------------------------------------------------------------------- training
    def _set_running(self, running: bool, why: str = "") -> None:
        if running and self._trainer is not None and RunStatus(self._trainer.status).ended:
            # Nothing to train until a reset: say why instead of spinning.
            running, why = False, self._trainer.message
        if running != self._running or why:
            self._running = running
            self._emit(RunningChanged(running, why))

    def _train_slice(self) -> None:
        """Train until SLICE_SECONDS pass (or a whole epoch is done), or a command waits."""
        trainer = self._trainer
        deadline = time.perf_counter() + SLICE_SECONDS
        try:
            while time.perf_counter() < deadline:
                estimate = self._epoch_estimate(trainer)
                if estimate <= EPOCH_BUDGET_SECONDS:
                    # Whole epochs: the engine's fast loop, one host sync per epoch; tiny ones
                    # in bursts, so the checks below do not cost as much as the epochs.
                    started = time.perf_counter()
                    burst = self._burst(trainer, estimate)
                    for _ in range(burst):
                        trainer.run_epoch()
                        if trainer.status in _ENDED:
                            break
                    self._check_gap = time.perf_counter() - started
                    self._epoch_times.append(self._check_gap / burst)
                else:
                    # A long epoch: time-sliced steps, so commands and frames keep flowing;
                    # in chunks sized from the step time (one call each in the kernel).
                    started, first = time.perf_counter(), trainer.step_count
                    ended_epoch = False
                    while (now := time.perf_counter()) < deadline and (
                            trainer.status != RunStatus.DIVERGED):
                        per_step = (statistics.median(self._step_times) if self._step_times
                                    else _STEP_GUESS)
                        # A chunk ends at the slice's end, or at the next frame's time.
                        until = deadline
                        if now < self._next_frame_at < deadline:
                            until = self._next_frame_at
                        done = trainer.steps(max(1, int((until - now) / per_step)))
                        self._check_gap = time.perf_counter() - now
                        if done:
                            ended_epoch = True
                            break
                        if self._frame_due():
                            break
                    per_step = (time.perf_counter() - started) / max(1, trainer.step_count - first)
                    self._step_times.append(per_step)
                    if ended_epoch:
                        # What an epoch costs now: once a slow one has passed (the first
                        # builds the optimizer, seconds), the loop goes back to whole epochs.
                        self._epoch_times.append(per_step * trainer.batches_per_epoch)
                self._dirty = True
                if not self._after_training() or self._has_commands() or self._frame_due():
                    break
        except Exception as exc:
            self._report(exc, None)

    def _burst(self, trainer: Any, estimate: float) -> int:
        """Epochs to run between two looks at the commands, the frame clock and the run's
        state: as many as fit in BURST_SECONDS, never past the epoch limit."""
        burst = max(1, int(BURST_SECONDS / max(estimate, 1e-7)))
        if self._stop_at_epochs:
            burst = max(1, min(burst, trainer.spec.training.epochs - trainer.epoch))
        return burst

    def _epoch_estimate(self, trainer: Any) -> float:
        """Seconds one run_epoch takes: the median of recent ones, else from step timings."""
        if self._epoch_times:
            return statistics.median(self._epoch_times)
        step = statistics.median(self._step_times) if self._step_times else _STEP_GUESS
        return trainer.batches_per_epoch * step

    def _after_training(self) -> bool:
        """Check the run's state after training; False when it stopped by itself."""
        trainer = self._trainer
        self._dirty = True
        if RunStatus(trainer.status).ended:
            self._set_running(False, trainer.message)
            return False
        if self._stop_at_epochs and trainer.epoch >= trainer.spec.training.epochs:
            self._set_running(False, f"reached the epoch limit ({trainer.spec.training.epochs})")
            return False
        return True

    def _maybe_emit_frame(self) -> None:
        if not self._dirty or self._trainer is None:
            return
        now = time.perf_counter()
        with self._cond:
            if self._frame_pending or (self._running and not self._frame_time_reached(now)):
                return
            self._frame_pending = True
            gui_cost = self._gui_cost
        try:
            # Paused, a frame evaluates the weights as they are (cheap: frames are rare then).
            snap = self._trainer.snapshot(self._version, current_metrics=not self._running,
                                          stats_max_age=STATS_MAX_AGE if self._running else 0.0)
        except Exception as exc:
            with self._cond:
                self._frame_pending = False
            self._dirty = False
            self._report(exc, None)
            return
        self._snapshot_cost += _COST_SMOOTHING * (time.perf_counter() - now - self._snapshot_cost)
        self._emit(SnapshotReady(snap))
        self._frames += 1
        self._dirty = False
        self._next_frame_at = now + self._budget.interval(self._snapshot_cost, gui_cost)


def user_message(exc: BaseException) -> str:
    """One line for the status bar or a message box."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, ValueError | OSError):
        return text
    return f"{type(exc).__name__}: {text}"
