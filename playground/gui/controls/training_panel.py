"""The TRAINING panel: loss, optimizer and the hyperparameters that optimizer uses, learning rate
(log slider plus exact entry), schedule, regularization, clipping, early stopping, epochs.

Only the rows the chosen optimizer reads are shown (``catalogue.OPTIMIZERS[name].fields``), so a
student never tunes a knob that does nothing. Every edit goes through ``session.update``; the
learning rate and the other live fields reach the running trainer without a reset.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from playground.core import catalogue
from playground.core.spec import Spec
from playground.gui.controls.lr_scale import (
    LR_MAX_EXP,
    LR_MIN_EXP,
    LR_STEPS_PER_DECADE,
    lr_to_position,
    position_to_lr,
)
from playground.gui.controls.panel_rows import (
    check_box,
    choices,
    count_box,
    fraction_box,
    number_entry,
    pair,
    row_of,
    select_data,
)
from playground.gui.controls.widgets import NumberEdit
from playground.gui.i18n import core_message
from playground.gui.style import section_title


class TrainingPanel(QWidget):
    """Edits training.* fields through the session."""

    # The "pause at the epoch limit" box is a window setting, not part of the experiment.
    stop_at_epochs_changed = Signal(bool)

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._lr_drag = 0
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self._form = form
        self._rows: dict[str, QWidget] = {}
        self._make_fields()
        for key, label, field in self._row_table():
            self._add_row(key, label, field)
        for widget, tip in self._tooltip_table():
            widget.setToolTip(tip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(section_title(self.tr("Training")))
        layout.addLayout(form)
        layout.addStretch(1)
        session.spec_changed.connect(self._sync)
        session.data_changed.connect(self._on_data_changed)
        self._sync(session.spec)

    # --------------------------------------------------------------------------- building
    def _make_fields(self) -> None:
        """Every field, made by kind and range and wired to its slot (the form lays them out
        in ``_row_table``)."""
        self.loss = choices(catalogue.LOSSES, "formula", self._on_loss_changed,
                                  auto=self.tr("auto (from the task)"))
        self.optimizer = choices(catalogue.OPTIMIZERS, "doc", self._on_optimizer_changed)
        # Gradient steps, or the closed-form least-squares fit.
        self.solver = choices(catalogue.SOLVERS, "doc", self._on_solver_changed)
        self.lr_slider = QSlider(Qt.Orientation.Horizontal)
        self.lr_slider.setRange(0, (LR_MAX_EXP - LR_MIN_EXP) * LR_STEPS_PER_DECADE)
        self.lr_slider.setPageStep(LR_STEPS_PER_DECADE // 2)
        self.lr_slider.valueChanged.connect(self._on_lr_slider_changed)
        self.lr_slider.sliderPressed.connect(self._on_lr_slider_pressed)
        self.lr_entry = number_entry(1e-12, 100.0, self._on_lr_entry_edited)
        self.lr_entry.setMaximumWidth(84)
        self.momentum = self._spin("momentum", 0.0, 1.0, 0.05, 3)
        self.dampening = self._spin("dampening", 0.0, 1.0, 0.05, 3)
        self.nesterov = check_box(self.tr("Nesterov momentum"), self._on_nesterov_toggled)
        self.beta1 = fraction_box(0.0, 0.9999, 0.001, 4, self._on_betas_changed)
        self.beta2 = fraction_box(0.0, 0.9999, 0.001, 4, self._on_betas_changed)
        self.alpha = self._spin("alpha", 0.0, 1.0, 0.01, 3)
        self.rho = self._spin("rho", 0.0, 1.0, 0.01, 3)
        self.eps = self._number("eps", 1e-30, 1.0)
        self.weight_decay = self._number("weight_decay", 0.0, 1e6)
        self.schedule = choices(catalogue.SCHEDULES, None, self._on_schedule_changed)
        self.step_size = count_box(1, 10_000_000, self._on_schedule_changed,
                                     suffix=self.tr(" epochs"))
        self.gamma = fraction_box(0.001, 1.0, 0.01, 3, self._on_schedule_changed)
        self.t_max = count_box(0, 10_000_000, self._on_schedule_changed,
                                 special=self.tr("epochs"))
        self.eta_min = number_entry(0.0, 100.0, self._on_schedule_changed)
        self.l1 = self._number("l1", 0.0, 1e6)
        self.l2 = self._number("l2", 0.0, 1e6)
        self.regularize_bias = check_box(self.tr("Regularize biases too"),
                                           self._on_regularize_bias_toggled)
        self.clip = check_box("", self._on_clip_changed)
        self.clip_value = number_entry(1e-12, 1e12, self._on_clip_changed)
        self.early = check_box("", self._on_early_changed)
        self.patience = count_box(1, 1_000_000, self._on_early_changed,
                                    suffix=self.tr(" epochs"))
        self.pause_at_limit = check_box("", self._on_pause_at_limit_toggled)
        self.epochs = count_box(0, 10_000_000, self._on_epochs_changed,
                                  suffix=self.tr(" epochs"))

    def _row_table(self) -> tuple[tuple[str, str, QWidget], ...]:
        """The form's rows in order: (row key, label, field). Keys of spec fields are their
        ``training.*`` names; ``_show_rows`` hides the rows the optimizer does not read."""
        return (
            ("loss", self.tr("Loss"), self.loss),
            ("optimizer", self.tr("Optimizer"), self.optimizer),
            ("solver", self.tr("Solver"), self.solver),
            ("learning_rate", self.tr("Learning rate"),
             row_of(self.lr_slider, self.lr_entry, stretch=(1, 0))),
            ("momentum", self.tr("Momentum"), self.momentum),
            ("dampening", self.tr("Dampening"), self.dampening),
            ("nesterov", "", self.nesterov),
            ("betas", self.tr("Betas (β₁, β₂)"), row_of(self.beta1, self.beta2)),
            ("alpha", self.tr("Alpha (smoothing)"), self.alpha),
            ("rho", self.tr("Rho (decay)"), self.rho),
            ("eps", self.tr("Epsilon"), self.eps),
            ("weight_decay", self.tr("Weight decay"), self.weight_decay),
            ("schedule", self.tr("LR schedule"), self.schedule),
            ("step_size", self.tr("  every"), self.step_size),
            ("gamma", self.tr("  multiply by"), self.gamma),
            ("t_max", self.tr("  period"), self.t_max),
            ("eta_min", self.tr("  minimum lr"), self.eta_min),
            ("l1", self.tr("L1 rate"), self.l1),
            ("l2", self.tr("L2 rate"), self.l2),
            ("regularize_bias", "", self.regularize_bias),
            ("grad_clip", self.tr("Clip gradients"), pair(self.clip, self.clip_value)),
            ("early_stopping", self.tr("Early stopping"), pair(self.early, self.patience)),
            ("epochs", self.tr("Stop at"), pair(self.pause_at_limit, self.epochs)),
        )

    def _tooltip_table(self) -> tuple[tuple[QWidget, str], ...]:
        """What each control does, with its formula where it has one."""
        return (
            (self.loss, self.tr("What training minimises; hover an entry for its formula. "
                                "auto: cross-entropy for classes, MSE for values.")),
            (self.optimizer, self.tr("How the weights move along the gradient (torch.optim); "
                                     "hover an entry for its update rule.")),
            (self.lr_slider, self.tr("Learning rate on a log scale, 1e-5 .. 10")),
            (self.lr_entry,
             self.tr("The exact learning rate; changing it never resets training")),
            (self.l1, self.tr("L1: loss + λ Σ|w|; pushes weights to exactly 0.")),
            (self.l2, self.tr("L2: loss + λ/2 ‖w‖²; shrinks every weight "
                              "towards 0.")),
            (self.weight_decay, self.tr("Weight decay: w ← w − lr · wd · w "
                                        "in each step (the optimizer's own, not in the "
                                        "loss).")),
            (self.regularize_bias, self.tr("Apply L1 and L2 to the biases as well as the "
                                           "weights.")),
            (self.early, self.tr("Early stopping: stop when the validation loss (else the "
                                 "training loss) has not improved for this many epochs.")),
            (self.patience,
             self.tr("Patience: stop after this many epochs without improvement")),
            (self.schedule, self.tr("How the learning rate changes from epoch to epoch.")),
            (self.clip, self.tr("Gradient clipping: scale the gradient down when its norm "
                                "‖g‖ exceeds the value.")),
            (self.clip_value, self.tr("Clip the global gradient norm to this value")),
            (self.pause_at_limit, self.tr("Pause by itself after this many epochs "
                                          "(off: train until you press pause)")),
            (self.epochs, self.tr("training.epochs: what `playground train` runs, and where "
                                  "the window pauses when the box is ticked")),
        )

    def _add_row(self, key: str, label: str, widget: QWidget) -> None:
        if isinstance(widget, QComboBox):
            # Long entries ("half MSE (TF Playground)") must not widen the whole dock.
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(8)
        self._form.addRow(label, widget)
        self._rows[key] = widget

    def _spin(self, key: str, lo: float, hi: float, step: float,
              decimals: int) -> QDoubleSpinBox:
        box = fraction_box(lo, hi, step, decimals, self._on_number_changed)
        box.setProperty("specKey", f"training.{key}")
        return box

    def _number(self, key: str, lo: float, hi: float) -> NumberEdit:
        entry = number_entry(lo, hi, self._on_number_changed)
        entry.setProperty("specKey", f"training.{key}")
        return entry

    def row_visible(self, key: str) -> bool:
        """Whether the row of ``key`` is shown (tests; rows hide for other optimizers)."""
        return self._form.isRowVisible(self._rows[key])

    # ------------------------------------------------------------------------ spec -> UI
    @Slot(object)
    def _sync(self, spec: Spec) -> None:
        t = spec.training
        select_data(self.loss, t.loss)
        select_data(self.optimizer, t.optimizer)
        select_data(self.solver, t.solver)
        with QSignalBlocker(self.lr_slider):
            self.lr_slider.setValue(lr_to_position(t.learning_rate))
        self.lr_entry.set_value(t.learning_rate)
        for box, value in ((self.momentum, t.momentum), (self.dampening, t.dampening),
                           (self.alpha, t.alpha), (self.rho, t.rho),
                           (self.beta1, t.betas[0]), (self.beta2, t.betas[1])):
            with QSignalBlocker(box):
                box.setValue(value)
        with QSignalBlocker(self.nesterov):
            self.nesterov.setChecked(t.nesterov)
        self.eps.set_value(t.eps)
        self.weight_decay.set_value(t.weight_decay)
        self.l1.set_value(t.l1)
        self.l2.set_value(t.l2)
        with QSignalBlocker(self.regularize_bias):
            self.regularize_bias.setChecked(t.regularize_bias)
        sched = t.lr_schedule
        select_data(self.schedule, sched["type"])
        for box, key, default in ((self.step_size, "step_size", 30), (self.gamma, "gamma", 0.1),
                                  (self.t_max, "t_max", 0)):
            with QSignalBlocker(box):
                box.setValue(sched.get(key) or default)
        self.eta_min.set_value(sched.get("eta_min", 0.0))
        with QSignalBlocker(self.clip):
            self.clip.setChecked(t.grad_clip is not None)
        self.clip_value.set_value(t.grad_clip if t.grad_clip is not None else 1.0)
        self.clip_value.setEnabled(t.grad_clip is not None)
        rule = t.early_stopping
        with QSignalBlocker(self.early), QSignalBlocker(self.patience):
            self.early.setChecked(rule is not None)
            self.patience.setValue(rule["patience"] if rule else 10)
        self.patience.setEnabled(rule is not None)
        with QSignalBlocker(self.epochs):
            self.epochs.setValue(t.epochs)
        self._show_rows(t.optimizer, sched["type"])

    def _show_rows(self, optimizer: str, schedule: str) -> None:
        used = catalogue.OPTIMIZERS[optimizer].fields
        for key in ("momentum", "dampening", "nesterov", "betas", "alpha", "rho", "eps",
                    "weight_decay"):
            self._form.setRowVisible(self._rows[key], key in used)
        for key in ("step_size", "gamma", "t_max", "eta_min"):
            self._form.setRowVisible(self._rows[key], key in catalogue.SCHEDULES[schedule].fields)

    # ------------------------------------------------------------------------ UI -> spec
    def _update(self, changes: dict[str, Any], text: str, merge: str | None = None) -> None:
        self._session.update(changes, text, merge)

    @Slot(object)
    def _on_data_changed(self, prepared: Any) -> None:
        """Disable the losses this data's task cannot train, with the reason as tooltip."""
        from playground.core.model.head import loss_problem

        model = self.loss.model()
        for row in range(self.loss.count()):
            problem = loss_problem(self.loss.itemData(row), prepared.task, prepared.n_classes)
            item = model.item(row)  # type: ignore[attr-defined]
            item.setEnabled(problem is None)
            item.setToolTip("" if problem is None else core_message(problem[0]))

    @Slot(int)
    def _on_loss_changed(self, _index: int) -> None:
        if not self._session.set_loss(self.loss.currentData()):
            self._sync(self._session.spec)

    @Slot(int)
    def _on_optimizer_changed(self, _index: int) -> None:
        name = self.optimizer.currentData()
        changes: dict[str, Any] = {"training.optimizer": name}
        if name != "sgd":
            changes["training.nesterov"] = False  # only SGD checks it; keep the spec valid
        self._update(changes, self.tr("Optimizer: {0}").format(name))

    @Slot(int)
    def _on_solver_changed(self, _index: int) -> None:
        name = self.solver.currentData()
        self._update({"training.solver": name}, self.tr("Solver: {0}").format(name))

    @Slot()
    def _on_lr_slider_pressed(self) -> None:
        self._lr_drag += 1

    @Slot(int)
    def _on_lr_slider_changed(self, pos: int) -> None:
        lr = position_to_lr(pos)
        self.lr_entry.set_value(lr)
        merge = f"lr#{self._lr_drag}" if self.lr_slider.isSliderDown() else None
        self._update({"training.learning_rate": lr},
            self.tr("Learning rate {0:g}").format(lr), merge)

    @Slot(float)
    def _on_lr_entry_edited(self, lr: float) -> None:
        self._update({"training.learning_rate": lr}, self.tr("Learning rate {0:g}").format(lr))

    @Slot(float)
    def _on_number_changed(self, value: float) -> None:
        key = self.sender().property("specKey")
        label = self._form.labelForField(self.sender())
        name = label.text().strip() if label is not None else key
        self._update({key: value}, self.tr("{0} {1:g}").format(name, value))

    @Slot(bool)
    def _on_nesterov_toggled(self, on: bool) -> None:
        changes: dict[str, Any] = {"training.nesterov": on}
        if on and self._session.spec.training.momentum <= 0:
            changes["training.momentum"] = 0.9  # Nesterov needs momentum; pick the usual value
        if on:
            changes["training.dampening"] = 0.0
        self._update(changes, self.tr("Nesterov on") if on else self.tr("Nesterov off"))

    @Slot(float)
    def _on_betas_changed(self, _value: float) -> None:
        betas = [self.beta1.value(), self.beta2.value()]
        self._update({"training.betas": betas}, self.tr("Betas {0:g}, {1:g}").format(*betas))

    @Slot()
    def _on_schedule_changed(self, *_args: Any) -> None:
        kind = self.schedule.currentData()
        sched: dict[str, Any] = {"type": kind}
        if kind == "step":
            sched.update(step_size=self.step_size.value(), gamma=self.gamma.value())
        elif kind == "exponential":
            sched.update(gamma=self.gamma.value())
        elif kind == "cosine":
            sched.update(t_max=self.t_max.value() or None, eta_min=self.eta_min.value())
        self._update({"training.lr_schedule": sched}, self.tr("LR schedule: {0}").format(kind))

    @Slot(bool)
    def _on_regularize_bias_toggled(self, on: bool) -> None:
        self._update({"training.regularize_bias": on},
                     self.tr("Regularize biases") if on else self.tr("Do not regularize biases"))

    @Slot()
    def _on_clip_changed(self, *_args: Any) -> None:
        value = self.clip_value.value() if self.clip.isChecked() else None
        self._update({"training.grad_clip": value},
                     self.tr("Gradient clipping off") if value is None
                     else self.tr("Clip gradients at {0:g}").format(value))

    @Slot()
    def _on_early_changed(self, *_args: Any) -> None:
        rule = {"patience": self.patience.value()} if self.early.isChecked() else None
        old = self._session.spec.training.early_stopping
        if rule is not None and old is not None:
            rule = {**dict(old), **rule}  # keep restore_best / min_delta from the file
        self._update({"training.early_stopping": rule},
                     self.tr("Early stopping off") if rule is None else
                     self.tr("Early stopping, patience {0}").format(rule["patience"]))

    @Slot(int)
    def _on_epochs_changed(self, epochs: int) -> None:
        self._update({"training.epochs": epochs}, self.tr("Epochs {0}").format(epochs))

    @Slot(bool)
    def _on_pause_at_limit_toggled(self, on: bool) -> None:
        self.stop_at_epochs_changed.emit(on)


