"""What a session does when its training process dies: the run goes on from the last frame the
window received (``Resume``). A part of ``Session`` (a mixin: it uses the session's state);
its messages keep the "Session" translation context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from playground.core.train.link import Resume

MAX_AUTO_RESUMES = 3  # killed runs that go on by themselves before one waits for the user


class RunRecovery:
    """Resume points and the answers to a crashed or killed training process."""

    def go_on_from(self, point: Resume) -> None:
        """Build the current experiment's run from ``point`` (a recovered frame), paused."""
        self._rebuild(play=False, resume=point)

    def resume_point(self) -> Resume | None:
        """The current run's last frame as a point to go on from (None: nothing trained)."""
        snap = self._last_snapshot
        if snap is None or snap.version != self._version:
            return None
        return Resume.from_snapshot(snap)

    def _on_worker_restarted(self, how: str) -> None:
        """The training process crashed and a new one took over: the run goes on there, from
        the last frame this window received (paused: a crash may come back)."""
        if self._closed:
            return
        point = self.resume_point()
        if point is None:
            self._on_failed(0, QCoreApplication.translate(
                "Session",
                "The training process crashed ({0}) and was restarted; the run starts over "
                "from your experiment.").format(how))
        else:
            self._on_failed(0, QCoreApplication.translate(
                "Session",
                "The training process crashed ({0}) and was restarted; training goes on from "
                "epoch {1}, the last frame the window received.").format(how, point.epoch))
        self._rebuild(play=False, resume=point, by_user=False)

    def _on_worker_killed(self, how: str) -> None:
        """The training process was killed by SIGKILL (the OOM killer, most likely) and
        replaced. A run that was training and had made progress since it last went on goes on
        by itself from its last frame (a few times at most); any other waits for the user
        (Play, Step, an edit), so a run that cannot fit is never rebuilt in a loop."""
        if self._closed:
            return
        point = self.resume_point()
        progressed = point is not None and (point.epoch, point.step) > self._resumed_at
        if self._running and progressed and self._auto_resumes < MAX_AUTO_RESUMES:
            self._auto_resumes += 1
            self._on_failed(0, QCoreApplication.translate(
                "Session",
                "The training process was killed ({0}); a new one goes on from epoch {1}, the "
                "last frame the window received.").format(how, point.epoch))
            self._rebuild(play=True, resume=point, by_user=False)
            return
        self._on_failed(0, QCoreApplication.translate(
            "Session",
            "The training process was killed ({0}), most likely because the system ran out of "
            "memory. The run was not started again; make the network or the data smaller, or "
            "press Play to try again.").format(how))
        self._needs_build = True
        self._pending_resume = point
