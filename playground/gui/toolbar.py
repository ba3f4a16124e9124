"""The training toolbar: reset, play/pause, one step, one epoch; epoch counter, speed, device."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QStyle, QToolBar, QWidget

from playground.core.train.snapshot import Snapshot
from playground.gui.style import fix_size

RATE_WINDOW_S = 1.5  # epochs/s is measured over this much recent time
RATE_REFRESH_S = 0.25  # the speed label changes at most 4 times a second (readable)


class TrainingToolBar(QToolBar):
    """Transport controls wired to the session, with live figures about the run."""

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(QCoreApplication.translate("TrainingToolBar", "Training"), parent)
        self.setObjectName("trainingToolBar")
        self.setMovable(False)
        self.setIconSize(QSize(22, 22))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._session = session
        style = self.style()
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        (self.reset_action, self.play_action, self.step_action,
         self.epoch_action) = self._add_actions(session)
        self.widgetForAction(self.play_action).setObjectName("playButton")
        self.addSeparator()
        self._add_figures()

        self._history: deque[tuple[float, int]] = deque()
        self._rate_shown_at = 0.0
        self._show_counter(0, 0)
        self.rate_label.setText("")
        session.running_changed.connect(self._on_running_changed)
        session.snapshot_ready.connect(self.show_snapshot)
        session.data_changed.connect(self._on_new_run)
        session.devices_changed.connect(self._on_devices)
        session.device_changed.connect(self._on_device_label)
        session.spec_changed.connect(self._on_spec_changed)

    # --------------------------------------------------------------------------- building
    def _action_table(self, session: Any) -> tuple[tuple[Any, ...], ...]:
        """The transport actions in order: (icon, text, shortcut keys, tooltip, slot)."""
        icon, pixmap = self.style().standardIcon, QStyle.StandardPixmap
        return (
            (icon(pixmap.SP_BrowserReload), self.tr("Reset"), (Qt.Key.Key_R,),
             self.tr("Reset the network: fresh weights, epoch 0 (R)"), session.reset),
            (self._play_icon, self.tr("Play"), (Qt.Key.Key_Space,),
             self.tr("Run / pause training (Space)"), session.toggle),
            (icon(pixmap.SP_MediaSeekForward), self.tr("Step"), (Qt.Key.Key_S, Qt.Key.Key_Right),
             self.tr("Train one minibatch (S or →)"), session.step),
            (icon(pixmap.SP_MediaSkipForward), self.tr("Epoch"), (Qt.Key.Key_E,),
             self.tr("Train to the end of the epoch (E)"), session.step_epoch),
        )

    def _add_actions(self, session: Any) -> list[QAction]:
        """Make, wire and add the transport actions (reset, play, step, epoch)."""
        actions = []
        for icon, text, keys, tip, slot in self._action_table(session):
            action = QAction(icon, text, self)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setToolTip(tip)
            action.triggered.connect(slot)
            actions.append(action)
        for action in actions:
            self.addAction(action)
        return actions

    def _add_figures(self) -> None:
        """The epoch counter and speed, a spacer, then the device label and device choice."""
        self.epoch_label = self._add_label("epochCounter",
                                           self.tr("Completed epochs (steps: minibatches)"))
        self.rate_label = self._add_label("rateLabel", self.tr("Training speed"))
        # They change every frame: fixed sizes keep the window from re-laying out each time.
        fix_size(self.epoch_label, self.tr("Epoch {0:06,d}").format(1_000_000_000), pad=24)
        fix_size(self.rate_label, self.tr("{0:,.0f} epochs/s").format(88_888), pad=16)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.device_label = self._add_label("deviceLabel", self.tr("Where the network trains"),
                                            self.tr("starting…"))
        self.device_combo = QComboBox()
        self.device_combo.setToolTip(self.tr("Train on another device (starts the run over)"))
        self.device_combo.currentIndexChanged.connect(self._on_device_chosen)
        self._device_combo_action = self.addWidget(self.device_combo)
        self._device_combo_action.setVisible(False)

    def _add_label(self, name: str, tip: str, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setToolTip(tip)
        self.addWidget(label)
        return label

    # ------------------------------------------------------------------------------ slots
    @Slot(bool)
    def _on_running_changed(self, running: bool) -> None:
        self.play_action.setIcon(self._pause_icon if running else self._play_icon)
        self.play_action.setText(self.tr("Pause") if running else self.tr("Play"))
        self._history.clear()
        if not running:
            self.rate_label.setText(self.tr("paused"))

    @Slot(object)
    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: the counter, and the speed over the last RATE_WINDOW_S seconds."""
        self._show_counter(snap.epoch, snap.step)
        now = time.perf_counter()
        history = self._history
        history.append((now, snap.epoch))
        while len(history) > 2 and now - history[0][0] > RATE_WINDOW_S:
            history.popleft()
        if not self._session.is_running or now - self._rate_shown_at < RATE_REFRESH_S:
            return
        (t0, e0), (t1, e1) = history[0], history[-1]
        if t1 - t0 > 0.2:
            self.rate_label.setText(self.tr("{0:,.0f} epochs/s").format((e1 - e0) / (t1 - t0)))
            self._rate_shown_at = now

    @property
    def epochs_per_second(self) -> float:
        """The measured speed (0 until there are two frames of a running session)."""
        if len(self._history) < 2:
            return 0.0
        (t0, e0), (t1, e1) = self._history[0], self._history[-1]
        return (e1 - e0) / (t1 - t0) if t1 > t0 else 0.0

    @Slot(object)
    def _on_new_run(self, _prepared: Any) -> None:
        self._history.clear()
        self._show_counter(0, 0)

    def _show_counter(self, epoch: int, step: int) -> None:
        self.epoch_label.setText(self.tr("Epoch {0:06,d}").format(epoch))
        self.epoch_label.setStatusTip(self.tr("%n minibatch step(s)", "", step))

    @Slot(object)
    def _on_devices(self, devices: list[str]) -> None:
        with QSignalBlocker(self.device_combo):
            self.device_combo.clear()
            self.device_combo.addItem(self.tr("auto"), "auto")
            for name in devices:
                self.device_combo.addItem(name.upper(), name)
        self._device_combo_action.setVisible(len(devices) > 1)
        self._on_spec_changed(self._session.spec)

    @Slot(str)
    def _on_device_label(self, label: str) -> None:
        self.device_label.setText(label)

    @Slot(object)
    def _on_spec_changed(self, spec: Any) -> None:
        with QSignalBlocker(self.device_combo):
            self.device_combo.setCurrentIndex(max(self.device_combo.findData(spec.device), 0))

    @Slot(int)
    def _on_device_chosen(self, _index: int) -> None:
        device = self.device_combo.currentData()
        if device is not None:
            self._session.update({"device": device}, self.tr("Device: {0}").format(device))
