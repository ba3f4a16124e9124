"""Autosave and crash recovery: unsaved edits survive a killed window.

Within ``AUTOSAVE_DELAY_MS`` of an edit that leaves unsaved changes, the experiment is written
(atomically) to a recovery file in the user's data folder (``QStandardPaths.AppDataLocation``,
or ``$PLAYGROUND_DATA_DIR``), with the window's process id and its file path. A clean exit,
and a save, remove it. On the next start, a recovery file whose process is gone is offered for
restore: the experiment comes back as unsaved changes of its old file.

Weights are not autosaved: they come from the training process, and a rebuild from the
experiment restores the run up to training (the seed makes the initial weights the same).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from playground.core import jsontext
from playground.core.atomic import write_atomic
from playground.core.spec import Spec, SpecError

AUTOSAVE_DELAY_MS = 2000  # an edit is on disk this soon (the issue asks for 10 s at most)
DATA_DIR_ENV = "PLAYGROUND_DATA_DIR"  # overrides the data folder (tests point it at tmp)
RECOVERY_PATTERN = "recovery-*.json"  # one file per window process: recovery-PID.json


def data_folder() -> Path:
    """The user's data folder for NN Playground (created when missing)."""
    override = os.environ.get(DATA_DIR_ENV)
    folder = Path(override) if override else Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def recovery_path(pid: int | None = None) -> Path:
    """Where the recovery file of the window process ``pid`` (default: this one) lives."""
    return data_folder() / RECOVERY_PATTERN.replace("*", str(pid or os.getpid()))


class Recovery(QObject):
    """Autosaves ``window``'s experiment while it has unsaved changes; offers a crashed
    session's experiment back."""

    def __init__(self, window: QWidget, session: Any, document: Any):
        super().__init__(window)
        self._window, self.session, self.document = window, session, document
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        session.spec_changed.connect(self._on_changed)
        session.undo_stack.cleanChanged.connect(self._on_changed)

    @Slot()
    def _on_changed(self, *_: object) -> None:
        self._timer.start()  # restarted by each edit: one write per burst of edits

    @Slot()
    def save_now(self) -> None:
        """Write the recovery file now (or remove it when nothing is unsaved)."""
        self._timer.stop()
        if self.session.undo_stack.isClean():
            self.discard()
            return
        from playground.core import spec as spec_io

        path = self.document.path
        doc = {"pid": os.getpid(), "saved_at": time.time(),
               "path": str(path) if path else None,
               "experiment": json.loads(spec_io.dumps(self.session.spec))}
        with contextlib.suppress(OSError):  # a full disk must not break editing
            write_atomic(recovery_path(), (json.dumps(doc, indent=2) + "\n").encode("utf-8"))

    def discard(self) -> None:
        """Remove the recovery file (a clean exit, or nothing unsaved)."""
        self._timer.stop()
        with contextlib.suppress(OSError):
            recovery_path().unlink(missing_ok=True)

    def pending(self) -> tuple[Path, Spec, Path | None, float] | None:
        """The newest recovery file left by a window process that is gone: the file, its
        experiment, the experiment's own file and when it was saved; None if there is none."""
        found = []
        for path in data_folder().glob(RECOVERY_PATTERN):
            try:
                pid = int(path.stem.split("-", 1)[1])
                if pid == os.getpid() or _alive(pid):
                    continue  # this window's own, or another window still running
                doc = jsontext.loads(path.read_bytes())
                spec = Spec.from_dict(doc["experiment"])
                source = Path(doc["path"]) if isinstance(doc.get("path"), str) else None
                found.append((float(doc.get("saved_at") or 0.0), path, spec, source))
            except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                    SpecError):
                with contextlib.suppress(OSError):
                    path.unlink()  # unreadable: nothing to offer
        if not found:
            return None
        saved_at, path, spec, source = max(found, key=lambda f: f[0])
        return path, spec, source, saved_at

    def offer_restore(self) -> bool:
        """Ask whether to restore a crashed session's experiment; True when restored."""
        found = self.pending()
        if found is None:
            return False
        leftover, spec, source, saved_at = found
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(saved_at))
        name = source.name if source else self.tr("an unsaved experiment")
        answer = QMessageBox.question(
            self._window, self.tr("Restore unsaved changes?"),
            self.tr("NN Playground did not close cleanly. Unsaved changes to {0} from {1} "
                    "were kept. Restore them?").format(name, when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.document.restore(spec, source)
        self.save_now()  # the file is this window's now
        return True


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process: assume it is a live window
    return True
