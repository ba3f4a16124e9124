"""The live loop in a training process of its own, and the handle the window holds to it.

Why a process: on a small network the trainer is Python-bound, and so is drawing a frame, so in
one interpreter they take turns on the interpreter lock. Measured on 2 cores
(bench/live_bench.py): with training in a thread, 30 frames/s cut live training to 0.56x the
headless speed; in a process each side has its own core and lock.

Messages are the frozen dataclasses of ``link`` through two one-way pipes: commands (and
``FrameDone``) to the process, events back.
Only our own process is ever on the other end of these pipes, so pickle is safe here. A
snapshot's weight trajectory (up to 512 copies of the parameters) goes as its new entries and
how many of the previous frame's to keep, and the per-epoch history and gradient norms as
their new entries (``history.TailPacker``): only new entries travel, so a frame costs the same
after 100k epochs as after 10.

On Linux the process is forked from a server that has already imported torch and the trainer
(``forkserver`` with preloading), so a new training process starts in milliseconds; elsewhere
it is spawned.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import operator
import queue
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from types import MappingProxyType
from typing import Any

from playground.core.train.history import TailPacker, TailUnpacker
from playground.core.train.link import Command, Event, FrameDone, SnapshotReady, Stop
from playground.core.train.live_loop import LiveLoop
from playground.core.train.pacing import PROCESS_BUDGET
from playground.core.train.snapshot import Snapshot

# Not torch._dynamo (2-4 s, which torch.optim's constructor imports): the fast paths never
# build an optimizer, and the loop imports it itself once idle after its first frame.
PRELOAD = ("playground.core.train.live_loop", "playground.core.train.trainer")
_NORMS = "\0grad_norms"  # the gradient norms travel with the history series
_context: Any = None
_context_lock = threading.Lock()


def context() -> Any:
    """The multiprocessing context training processes start from (created once)."""
    global _context
    with _context_lock:
        if _context is None:
            if sys.platform.startswith("linux"):
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(list(PRELOAD))
            else:  # macOS and Windows: fork is unsafe or missing there
                ctx = multiprocessing.get_context("spawn")
            _context = ctx
        return _context


def prestart() -> None:
    """Start the fork server now (its imports take seconds), so the first training process
    is ready sooner; a no-op where processes are spawned."""
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class TrajectoryDelta:
    """Sends a snapshot's trajectory as what the other side can keep of the previous frame's
    plus the new arrays; ``restore`` on the other side rebuilds it. One instance per
    direction, fed every frame in order.

    Between two frames the trainer's trajectory only grows at its end, is thinned to every
    second entry (once or more) and grows, or starts over: a packed trajectory is
    ``(step, kept, new)``, meaning ``previous[::step][:kept] + new``.
    """

    def __init__(self) -> None:
        self._previous: tuple[Any, ...] = ()
        self._packer = TailPacker()
        self._unpacker = TailUnpacker()

    def pack(self, snap: Snapshot) -> Snapshot:
        snap = self._pack_history(snap)
        trajectory = snap.extras.get("trajectory")
        if not trajectory:
            return snap
        step, kept = _kept_prefix(self._previous, trajectory)
        self._previous = tuple(trajectory)  # the next frame is compared with this one
        return _with_trajectory(snap, (step, kept, tuple(trajectory[kept:])))

    def _pack_history(self, snap: Snapshot) -> Snapshot:
        token = snap.extras.get("history_run")
        if token is None:
            return snap
        tails = self._packer.pack(token, {**snap.history, _NORMS: snap.grad_norms})
        norms = tails.pop(_NORMS)
        return dataclasses.replace(snap, history=MappingProxyType(tails), grad_norms=norms)

    def _restore_history(self, snap: Snapshot) -> Snapshot:
        token = snap.extras.get("history_run")
        if token is None:
            return snap
        series = self._unpacker.unpack(token, {**snap.history, _NORMS: snap.grad_norms})
        norms = series.pop(_NORMS)
        return dataclasses.replace(snap, history=MappingProxyType(series), grad_norms=norms)

    def restore(self, snap: Snapshot) -> Snapshot:
        snap = self._restore_history(snap)
        packed = snap.extras.get("trajectory")
        if not packed:
            return snap
        step, kept, new = packed
        trajectory = self._previous[::step][:kept] + tuple(new)
        self._previous = trajectory
        return _with_trajectory(snap, trajectory)


def _kept_prefix(previous: tuple[Any, ...], current: Sequence[Any]) -> tuple[int, int]:
    """(step, kept): ``current`` starts with ``previous[::step][:kept]`` (the same objects),
    for the longest such start over the thinnings a frame can skip; (1, 0) when none."""
    for step in (1, 2, 4, 8):
        thinned = previous[::step]
        kept = min(len(thinned), len(current))
        if kept and all(map(operator.is_, thinned[:kept], current[:kept])):
            return step, kept
    return 1, 0


def _with_trajectory(snap: Snapshot, trajectory: tuple[Any, ...]) -> Snapshot:
    extras = MappingProxyType({**snap.extras, "trajectory": trajectory})
    return dataclasses.replace(snap, extras=extras)


def serve(commands: Connection, events: Connection) -> None:
    """The training process's main function: run a LiveLoop fed from ``commands``.

    Events are sent from a thread of their own: a frame is larger than a pipe's buffer, and
    while the window is busy drawing, sending it would stall training (and count as the
    frame's cost, slowing the frame rate for nothing)."""
    outbox: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
    loop = LiveLoop(outbox.put, PROCESS_BUDGET)

    def send_events() -> None:
        delta = TrajectoryDelta()
        while (event := outbox.get()) is not None:
            if isinstance(event, SnapshotReady):
                event = SnapshotReady(delta.pack(event.snapshot))
            try:
                events.send(event)
            except OSError:  # the window is gone: nothing left to train for
                loop.request_stop()
                return

    def read_commands() -> None:
        try:
            while True:
                message = commands.recv()
                if isinstance(message, FrameDone):
                    loop.frame_done(message.gui_seconds)
                else:
                    loop.post(message)
                if isinstance(message, Stop):
                    return
        except (EOFError, OSError):  # the window closed its end (or died)
            loop.request_stop()

    sender = threading.Thread(target=send_events, name="events", daemon=True)
    sender.start()
    threading.Thread(target=read_commands, name="commands", daemon=True).start()
    try:
        loop.run()
    finally:
        outbox.put(None)
        sender.join(10.0)
        events.close()


class EngineProcess:
    """The window's handle to one training process. ``send`` may be called from any thread;
    ``receive`` from one thread only."""

    def __init__(self) -> None:
        """Start the process (blocks while a fresh fork server imports torch, ~1-2 s)."""
        ctx = context()
        child_commands, self._commands = ctx.Pipe(duplex=False)
        self._events, child_events = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=serve, args=(child_commands, child_events),
                                    name="playground-trainer", daemon=True)
        self._process.start()
        child_commands.close()  # ours would keep the pipes open after the process ends
        child_events.close()
        self._send_lock = threading.Lock()
        self._delta = TrajectoryDelta()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def exitcode(self) -> int | None:
        """None while running; the exit code (negative: killed by that signal) after."""
        return self._process.exitcode

    def send(self, message: Command | FrameDone) -> bool:
        """Hand a command (or a frame acknowledgement) to the loop; False when the process is
        gone."""
        try:
            with self._send_lock:
                self._commands.send(message)
            return True
        except (OSError, ValueError):  # broken pipe, or closed by stop()
            return False

    def receive(self, timeout: float) -> Event | None:
        """The next event, or None after ``timeout`` seconds; EOFError once the process ended."""
        if not self._events.poll(timeout):
            return None
        event = self._events.recv()
        if isinstance(event, SnapshotReady):
            event = SnapshotReady(self._delta.restore(event.snapshot))
        return event

    def stop(self, wait: float = 5.0) -> int | None:
        """Ask the loop to end, wait up to ``wait`` s, then kill it; returns the exit code.
        Events still on their way are read and dropped (a process blocked sending a frame
        could not end otherwise)."""
        self.send(Stop())
        deadline = time.monotonic() + wait
        while self._process.is_alive() and time.monotonic() < deadline:
            try:
                if self._events.poll(0.05):
                    self._events.recv_bytes()
            except (EOFError, OSError):
                self._process.join(max(0.0, deadline - time.monotonic()))
        if self._process.is_alive():
            self._process.kill()
            self._process.join(5.0)
        self.close()
        return self._process.exitcode

    def close(self) -> None:
        """Close our ends of the pipes (the process, if still alive, sees the window gone)."""
        with self._send_lock:
            self._commands.close()
        self._events.close()
