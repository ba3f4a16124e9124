"""The backprop step-through: pick a training sample, step with N / B, leave with Esc.

The numbers come from ``core.train.backprop`` on the weights of the frame on screen (training
pauses on entering, so the picture and the numbers agree). The network view shows the values
beside its nodes and links (``NetworkOverlay``); this panel shows the step's formula for one
chosen neuron and, for a one-hidden-layer network, d2l's computation graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.gui.views import backprop_steps as script
from playground.gui.views.computation_graph import ComputationGraphView
from playground.gui.views.network_overlay import NetworkOverlay, SymmetryHighlighter

if TYPE_CHECKING:  # torch loads in the worker first; the window is built before
    from playground.core.train.backprop import BackpropTrace

PICK_RADIUS = 0.04  # a click picks the nearest training point within this share of the domain


def trace_from_session(session: Any, index: int) -> BackpropTrace:
    """Trace training row ``index`` with the weights and learning rate of the latest frame.

    The optimizer starts fresh (its state lives in the training process): exact for plain SGD,
    the first step for the others. Raises ValueError with a message for the user.
    """
    from playground.core.model.head import derive_head
    from playground.core.train.backprop import trace_sample

    prep, snap, spec = session.prepared, session.last_snapshot, session.spec
    if prep is None or snap is None:
        raise ValueError("the network has no weights yet; wait for the run to start")
    if not 0 <= index < len(prep.x_train):
        raise ValueError(f"sample {index}: the training set has rows 0 to {len(prep.x_train) - 1}")
    head = derive_head(spec, prep.task, prep.n_classes, prep.n_targets)
    target = head.targets(prep.y_train[index:index + 1])[0]
    try:
        return trace_sample(spec, head, list(zip(snap.weights, snap.biases, strict=True)),
                            prep.x_train[index], target, snap.learning_rate, index)
    except RuntimeError as exc:  # shapes of a frame from before a structure change
        raise ValueError(f"the network changed; try again ({exc})") from None


class BackpropPanel(QWidget):
    """Controls, formula and computation graph of the step-through."""

    active_changed = Signal(bool)

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._network: Any = None
        self._overlay: NetworkOverlay | None = None
        self._plot: Any = None
        self._trace: BackpropTrace | None = None
        self._index = 0
        self._build()
        session.spec_changed.connect(self._on_spec_changed)
        session.data_changed.connect(self._on_data_changed)
        for key, slot in ((Qt.Key.Key_N, self.next_step), (Qt.Key.Key_B, self.back_step),
                          (Qt.Key.Key_Escape, self.leave)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._sync()

    def _build(self) -> None:
        self.sample_spin = QSpinBox(toolTip=self.tr("Training-set row to step through"))
        self.sample_spin.setRange(0, 0)
        self.unit_spin = QSpinBox(toolTip=self.tr("The neuron whose formula is shown"))
        self.unit_spin.setRange(1, 1)
        self.start_button = QPushButton(self.tr("Step through"))
        self.back_button = QPushButton(self.tr("\u25c0 Back (B)"))
        self.next_button = QPushButton(self.tr("Next (N) \u25b6"))
        self.leave_button = QPushButton(self.tr("Leave (Esc)"))
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-weight: 600;")
        self.formula_label = QLabel()
        self.formula_label.setTextFormat(Qt.TextFormat.RichText)
        self.formula_label.setWordWrap(True)
        self.formula_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula_label.setMinimumHeight(90)
        self.formula_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.graph = ComputationGraphView()
        hint = QLabel(self.tr("Pick a sample: its row number, or click a training point on the "
                              "plot. Keys: N next step, B back, Esc leave."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666; font-size: 11px;")

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Sample")), 0, 0)
        grid.addWidget(self.sample_spin, 0, 1)
        grid.addWidget(self.start_button, 0, 2)
        grid.addWidget(QLabel(self.tr("Neuron")), 1, 0)
        grid.addWidget(self.unit_spin, 1, 1)
        grid.addWidget(self.leave_button, 1, 2)
        steps = QHBoxLayout()
        steps.addWidget(self.back_button)
        steps.addWidget(self.next_button)
        box = QVBoxLayout(self)
        box.addLayout(grid)
        box.addWidget(hint)
        box.addLayout(steps)
        box.addWidget(self.step_label)
        box.addWidget(self.formula_label)
        box.addWidget(self.graph)
        box.addStretch(1)

        self.start_button.clicked.connect(self._on_start_clicked)
        self.back_button.clicked.connect(self.back_step)
        self.next_button.clicked.connect(self.next_step)
        self.leave_button.clicked.connect(self.leave)
        self.unit_spin.valueChanged.connect(self._on_unit_changed)
        self.sample_spin.valueChanged.connect(self._on_sample_changed)

    # --------------------------------------------------------------------------- wiring
    def set_network_view(self, view: Any) -> None:
        """The network view to draw values on (built once torch has loaded)."""
        self._network = view
        self._overlay = NetworkOverlay(view)
        self.symmetry = SymmetryHighlighter(self._session, view, self._overlay)

    def set_plot(self, boundary: Any) -> None:
        """The decision plot whose training points can be clicked to pick a sample."""
        self._plot = boundary
        boundary.canvas.viewport().installEventFilter(self)

    # --------------------------------------------------------------------------- state
    @property
    def active(self) -> bool:
        return self._trace is not None

    @property
    def trace(self) -> BackpropTrace | None:
        return self._trace

    @property
    def step_index(self) -> int:
        return self._index

    @property
    def overlay(self) -> NetworkOverlay | None:
        return self._overlay

    def start(self, sample: int | None = None) -> bool:
        """Enter (or restart) the step-through on ``sample`` (default: the spin box's)."""
        if sample is not None:
            self.sample_spin.blockSignals(True)
            self.sample_spin.setValue(sample)
            self.sample_spin.blockSignals(False)
        if getattr(self._session, "is_running", False):
            self._session.pause()  # the numbers are of the weights on screen
        try:
            trace = trace_from_session(self._session, self.sample_spin.value())
        except ValueError as exc:
            self._set_error(self.tr("Cannot step through: {0}").format(exc))
            return False
        was = self.active
        self._trace, self._index = trace, 0
        self._sync()
        if not was:
            self.active_changed.emit(True)
        return True

    @Slot()
    def next_step(self) -> None:
        if self._trace is not None and self._index < len(self._steps()) - 1:
            self._index += 1
            self._sync()

    @Slot()
    def back_step(self) -> None:
        if self._trace is not None and self._index > 0:
            self._index -= 1
            self._sync()

    @Slot()
    def leave(self) -> None:
        if self._trace is None:
            return
        self._trace = None
        self._sync()
        self.active_changed.emit(False)

    def _steps(self) -> tuple[script.Step, ...]:
        return script.steps_for(len(self._trace.layers)) if self._trace is not None else ()

    def _set_error(self, text: str) -> None:
        self.formula_label.setText(f"<span style='color:#c5221f'>{text}</span>")

    # ----------------------------------------------------------------------------- draw
    def _sync(self) -> None:
        trace = self._trace
        for button in (self.back_button, self.next_button, self.leave_button):
            button.setEnabled(trace is not None)
        self.start_button.setText(self.tr("Restart") if trace is not None
                                  else self.tr("Step through"))
        if trace is None:
            self.step_label.setText(self.tr("Not stepping"))
            self.formula_label.setText("")
            self.graph.clear()
            if self._overlay is not None:
                self._overlay.clear()
                self._network.set_link_override(None)
            return
        steps = self._steps()
        step = steps[self._index]
        width = len(trace.layers[step.layer].z) if step.layer >= 0 else len(trace.layers[0].z)
        self.unit_spin.blockSignals(True)
        self.unit_spin.setRange(1, width)
        self.unit_spin.blockSignals(False)
        unit = self.unit_spin.value() - 1
        self.step_label.setText(self.tr("Step {0} of {1}: {2}").format(
            self._index + 1, len(steps), script.title(step, len(trace.layers))))
        self.formula_label.setText(script.formula(trace, self._index, unit))
        self.graph.setVisible(len(trace.layers) == 2)
        if len(trace.layers) == 2:
            self.graph.show_step(trace, self._index)
        if self._overlay is not None:
            blocks, gap = script.link_blocks(trace, self._index)
            self._network.set_link_override(blocks)
            chosen = (step.layer + 1, unit) if step.layer >= 0 else (-1, -1)
            self._overlay.show_values(script.node_values(trace, self._index), gap, chosen,
                                      blocks[gap] if gap >= 0 else None)

    # ---------------------------------------------------------------------------- slots
    @Slot()
    def _on_start_clicked(self) -> None:
        self.start()

    @Slot(int)
    def _on_unit_changed(self, _value: int) -> None:
        if self._trace is not None:
            self._sync()

    @Slot(int)
    def _on_sample_changed(self, _value: int) -> None:
        if self._trace is not None:
            self.start()

    @Slot(object)
    def _on_spec_changed(self, _spec: Any) -> None:
        self.leave()  # the traced network is no longer the session's

    @Slot(object)
    def _on_data_changed(self, prepared: Any) -> None:
        self.leave()
        self.sample_spin.setRange(0, max(len(prepared.x_train) - 1, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A left click on the plot near a training point picks it (outside draw mode)."""
        if (event.type() == QEvent.Type.MouseButtonPress and self._plot is not None
                and not self._plot.draw_mode and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton and self.isVisible()):
            picked = self.pick_at(*self._plot_position(event))
            if picked is not None:
                self.start(picked)
        return super().eventFilter(watched, event)

    def _plot_position(self, event: QMouseEvent) -> tuple[float, float]:
        canvas = self._plot.canvas
        point = self._plot.plot_item.vb.mapSceneToView(
            canvas.mapToScene(event.position().toPoint()))
        return float(point.x()), float(point.y())

    def pick_at(self, x: float, y: float) -> int | None:
        """The training row nearest the raw point (x, y), if close enough to be meant."""
        prep = self._session.prepared
        if prep is None or prep.raw_train.shape[1] != 2 or not len(prep.raw_train):
            return None
        d = np.hypot(prep.raw_train[:, 0] - x, prep.raw_train[:, 1] - y)
        best = int(np.argmin(d))
        lo, hi = prep.domain or (float(prep.raw_train.min()), float(prep.raw_train.max()))
        return best if d[best] <= PICK_RADIUS * (hi - lo) else None
