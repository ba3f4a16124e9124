"""The typed link between the window and the live loop: commands in, events out, run status.

Every value here is a frozen dataclass of plain picklable values (specs, prepared data and
snapshots are frozen too), so the same objects cross a thread or a process pipe. The loop
handles commands with one ``match`` and alone decides whether the run is training: the window
asks (``Play``) and learns the answer from ``RunningChanged``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class RunStatus(StrEnum):
    """Where a trainer's run stands (a ``str``, so snapshots and JSON carry it as text)."""

    READY = "ready"  # built, not trained yet or paused
    RUNNING = "running"  # trained at least once since built
    DIVERGED = "diverged"  # a loss became NaN/inf; the last finite weights were kept
    STOPPED = "stopped"  # early stopping ended it
    FINISHED = "finished"  # `playground train` ran all its epochs
    CANCELLED = "cancelled"  # a cross-validation fold stopped by the user before its end

    @property
    def ended(self) -> bool:
        """Nothing more to train until a reset."""
        return self in (RunStatus.DIVERGED, RunStatus.STOPPED)


# ------------------------------------------------------------------------------- commands
@dataclass(frozen=True)
class Resume:
    """Where a rebuilt run picks up after its training process died: the last frame the
    window received (its weights, epoch and history). Optimizer state (momentum, Adam's
    moments) is not in a frame, so it starts afresh."""

    epoch: int
    step: int
    weights: tuple[Any, ...]  # per dense layer, output last: (out, in)
    biases: tuple[Any, ...]
    other_state: Any  # Mapping[str, ndarray]: the rest of the state dict (batchnorm)
    history: Any  # Mapping[str, ndarray]: per-epoch series
    grad_norms: Any  # ndarray (epochs, dense layers)
    trajectory: tuple[Any, ...]
    trajectory_stride: int
    learning_rate: float
    status: str = "running"  # a RunStatus value: a diverged or stopped run stays so
    message: str = ""
    history_stride: int = 1  # epochs between the history's entries

    @classmethod
    def from_snapshot(cls, snap: Any) -> Resume | None:
        """The resume point a frame gives, or None for an untrained run (nothing to keep)."""
        if snap is None or (snap.epoch == 0 and snap.step == 0):
            return None
        return cls(snap.epoch, snap.step, snap.weights, snap.biases, dict(snap.other_state),
                   dict(snap.history), snap.grad_norms, tuple(snap.extras.get("trajectory", ())),
                   int(snap.extras.get("trajectory_stride", 1)), snap.learning_rate,
                   str(snap.status), snap.message, snap.history_stride)


@dataclass(frozen=True)
class Build:
    """A fresh trainer for ``spec`` under a new version (structural edit, reset or load);
    with ``resume``, it goes on from there instead of from fresh weights."""

    spec: Any  # Spec
    version: int
    play: bool | None = None  # True/False: play or pause with it; None: as before
    resume: Resume | None = None


@dataclass(frozen=True)
class LiveEdit:
    """A change the running trainer takes without a restart (learning rate, L2, ...)."""

    spec: Any  # Spec


@dataclass(frozen=True)
class Play:
    """Train continuously."""


@dataclass(frozen=True)
class Pause:
    """Stop training; the run keeps its state."""


@dataclass(frozen=True)
class Step:
    """Pause, then train one minibatch."""


@dataclass(frozen=True)
class Epoch:
    """Pause, then train to the end of the epoch."""


@dataclass(frozen=True)
class StopAtEpochs:
    """Pause by itself once training.epochs epochs are done."""

    enabled: bool


@dataclass(frozen=True)
class SetWeight:
    """Set one weight of dense layer ``layer`` (output layer last)."""

    layer: int
    row: int
    col: int
    value: float


@dataclass(frozen=True)
class SaveWeights:
    """Write the current weights; the format follows the suffix."""

    path: str


@dataclass(frozen=True)
class LoadWeights:
    """Load weights into the current network."""

    path: str


@dataclass(frozen=True)
class Stop:
    """End the loop."""


@dataclass(frozen=True)
class FrameDone:
    """The window drew the last frame in ``gui_seconds`` (a pipe message, not a command: it
    goes straight to ``LiveLoop.frame_done``)."""

    gui_seconds: float = 0.0


Command = (Build | LiveEdit | Play | Pause | Step | Epoch | StopAtEpochs | SetWeight
           | SaveWeights | LoadWeights | Stop)


# --------------------------------------------------------------------------------- events
@dataclass(frozen=True)
class TrainerReady:
    """A new run is built (sent before its frames)."""

    version: int
    prepared: Any  # Prepared
    spec: Any  # Spec
    device: str  # label of the device it trains on


@dataclass(frozen=True)
class SnapshotReady:
    """A frame: everything the views draw, from one evaluation."""

    snapshot: Any  # Snapshot


@dataclass(frozen=True)
class Failed:
    """Something went wrong; ``version`` 0 when it is not about a run."""

    version: int
    message: str  # one line for the user


@dataclass(frozen=True)
class RunningChanged:
    """The loop started or stopped training; ``why`` says why it stopped by itself."""

    running: bool
    why: str = ""


@dataclass(frozen=True)
class DevicesFound:
    """torch has loaded: the usable devices, CPU first."""

    devices: tuple[str, ...]


@dataclass(frozen=True)
class FileDone:
    """Weights written or read (``what``: "export_weights" or "import_weights")."""

    what: str
    path: str


@dataclass(frozen=True)
class FileFailed:
    """Writing or reading weights failed."""

    what: str
    message: str


Event = (TrainerReady | SnapshotReady | Failed | RunningChanged | DevicesFound | FileDone
         | FileFailed)


def coalesce(commands: list[Command]) -> list[Command]:
    """Drop builds and live edits that a later build supersedes (a dragged data slider posts
    one build per pixel; only the last one is worth preparing data for)."""
    last = max((i for i, c in enumerate(commands) if isinstance(c, Build)), default=-1)
    if last <= 0:
        return commands
    kept: list[Command] = []
    for i, command in enumerate(commands):
        if i < last and isinstance(command, Build | LiveEdit):
            play = command.play if isinstance(command, Build) else None
            if play is not None:  # keep what the superseded build said about playing
                kept.append(Play() if play else Pause())
            continue
        kept.append(command)
    return kept
