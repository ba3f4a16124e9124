"""The race tab's side panel: surface, optimizers with their hyperparameters, run controls.

Every edit calls a ``RaceModel`` method; the panel resyncs from the model's settings with
signals blocked, so programmatic updates never echo back as edits.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.lab.optimizers import OPTIMIZERS
from playground.gui.i18n import core_text
from playground.gui.lab import style
from playground.gui.lab.hyperparameters import HyperparameterEditor
from playground.gui.lab.race_model import (
    CUSTOM,
    LR_RANGE,
    MAX_RACERS,
    RACERS,
    REGRESSION_PREFIX,
    SELECTION,
    SURFACE,
    RaceModel,
    surface_choices,
)
from playground.gui.lab.widgets import LogSlider

SPEED_RANGE = (1.0, 3000.0)  # steps per second on the speed slider
NOISE_MAX = 5.0  # gradient noise slider end, gradient units


class RaceControls(QWidget):
    """Side panel of the race tab."""

    def __init__(self, model: RaceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self._surface_box())
        layout.addWidget(self._optimizer_box())
        layout.addWidget(self._run_box())
        layout.addStretch(1)
        model.changed.connect(self._on_model_changed)
        model.formula_error.connect(self._on_formula_error)
        self._sync_surface()
        self._sync_racers()
        self._sync_selection()
        self._sync_run()

    # ------------------------------------------------------------------------------ layout
    def _surface_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Loss surface"))
        form = QVBoxLayout(box)
        self.surface_combo = QComboBox()
        for key, title in surface_choices():
            self.surface_combo.addItem(title, key)
        self.surface_combo.setMaxVisibleItems(16)
        self.surface_combo.currentIndexChanged.connect(self._on_surface_chosen)
        form.addWidget(self.surface_combo)
        form.addLayout(self._formula_row())
        self.formula_error = QLabel()
        self.formula_error.setWordWrap(True)
        self.formula_error.setStyleSheet(f"color: {style.ERROR};")
        self.formula_error.setVisible(False)
        form.addWidget(self.formula_error)
        self.bowl_box = self._bowl_controls()
        self.regression_box = self._regression_controls()
        self.noise_box = self._noise_controls()
        for part in (self.bowl_box, self.regression_box, self.noise_box):
            form.addWidget(part)
        return box

    def _formula_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.formula_label = QLabel("f(x, y) =")
        row.addWidget(self.formula_label)
        self.formula_edit = QLineEdit()
        self.formula_edit.setPlaceholderText(self.tr("e.g. x**2 + 10*sin(y)  (or a formula in w)"))
        self.formula_edit.setToolTip(self.tr(
            "Type a formula in x and y (or in w alone for a 1-D slice) and press Enter. "
            "Functions: abs exp log sqrt sin cos tanh min max; constants pi, e."))
        self.formula_edit.returnPressed.connect(self._on_formula_entered)
        row.addWidget(self.formula_edit, 1)
        return row

    def _bowl_controls(self) -> QWidget:
        """The quadratic bowl's condition number and rotation."""
        bowl = QWidget()
        grid = QGridLayout(bowl)
        grid.setContentsMargins(0, 0, 0, 0)
        self.condition_slider = LogSlider(1.0, 1000.0, 10.0, "{:.3g}")
        self.condition_slider.setToolTip(self.tr("Ratio of the steepest to the flattest curvature"))
        self.rotation_slider = QSlider(Qt.Orientation.Horizontal)
        self.rotation_slider.setRange(-90, 90)
        self.rotation_label = QLabel("0°")
        self.rotation_label.setMinimumWidth(52)
        self.rotation_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(QLabel(self.tr("Condition")), 0, 0)
        grid.addWidget(self.condition_slider, 0, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("Rotation")), 1, 0)
        grid.addWidget(self.rotation_slider, 1, 1)
        grid.addWidget(self.rotation_label, 1, 2)
        self.condition_slider.value_changed.connect(self._on_bowl_changed)
        self.rotation_slider.valueChanged.connect(self._on_bowl_changed)
        return bowl

    def _regression_controls(self) -> QWidget:
        """The regression surfaces' standardisation switch and batch size."""
        regression = QWidget()
        reg = QFormLayout(regression)
        reg.setContentsMargins(0, 0, 0, 0)
        self.standardize_check = QCheckBox(self.tr("standardise x (round bowl)"))
        self.standardize_check.toggled.connect(self._on_standardize)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, 100_000)
        self.batch_spin.setToolTip(self.tr("Samples per step; the whole data set is full-batch GD"))
        self.batch_spin.valueChanged.connect(self._on_batch_size)
        reg.addRow(self.standardize_check)
        reg.addRow(self.tr("Batch size"), self.batch_spin)
        return regression

    def _noise_controls(self) -> QWidget:
        noise_box = QWidget()
        noise = QHBoxLayout(noise_box)
        noise.setContentsMargins(0, 0, 0, 0)
        noise.addWidget(QLabel(self.tr("Gradient noise σ")))
        self.noise_slider = QSlider(Qt.Orientation.Horizontal)
        self.noise_slider.setRange(0, int(NOISE_MAX * 20))
        self.noise_slider.setToolTip(self.tr("Gaussian noise added to every gradient: SGD-like "
                                             "wobble versus exact full-batch descent"))
        self.noise_label = QLabel("0")
        self.noise_label.setMinimumWidth(36)
        self.noise_slider.valueChanged.connect(self._on_noise)
        noise.addWidget(self.noise_slider, 1)
        noise.addWidget(self.noise_label)
        return noise_box

    def _optimizer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Optimizers"))
        layout = QVBoxLayout(box)
        self.racer_list = QListWidget()
        self.racer_list.setMaximumHeight(130)
        self.racer_list.currentRowChanged.connect(self._on_racer_selected)
        layout.addWidget(self.racer_list)
        row = QHBoxLayout()
        self.add_combo = QComboBox()
        for name, kind in OPTIMIZERS.items():
            self.add_combo.addItem(core_text("lab_optimizers", kind.title), name)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self._on_add)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._on_remove)
        row.addWidget(self.add_combo, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        self.editor_title = QLabel()
        self.editor_title.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.editor_title)
        lr_row = QHBoxLayout()
        lr_row.addWidget(QLabel(self.tr("Learning rate")))
        self.lr_slider = LogSlider(*LR_RANGE, 0.1)
        self.lr_slider.value_changed.connect(self._on_lr)
        lr_row.addWidget(self.lr_slider, 1)
        layout.addLayout(lr_row)
        self.params_editor = HyperparameterEditor()
        self.params_editor.edited.connect(self._on_params_edited)
        layout.addWidget(self.params_editor)
        return box

    def _run_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Run"))
        layout = QVBoxLayout(box)
        buttons = QHBoxLayout()
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setCheckable(True)
        self.step_button = QPushButton(self.tr("Step"))
        self.step10_button = QPushButton("+10")
        self.step10_button.setToolTip(self.tr("Ten steps"))
        self.reset_button = QPushButton(self.tr("Reset"))
        for button in (self.play_button, self.step_button, self.step10_button, self.reset_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        speed = QHBoxLayout()
        speed.addWidget(QLabel(self.tr("Speed")))
        self.speed_slider = LogSlider(*SPEED_RANGE, 30.0, "{:.3g}/s")
        self.speed_slider.setToolTip(self.tr("Optimizer steps per second (best effort)"))
        self.speed_slider.value_changed.connect(self.model.set_speed)
        speed.addWidget(self.speed_slider, 1)
        layout.addLayout(speed)
        arrows = QHBoxLayout()
        arrows.addWidget(QLabel(self.tr("Arrows:")))
        self.gradient_check = QCheckBox("−lr·∇f")
        self.gradient_check.setToolTip(self.tr("Thin: the step plain gradient descent would take"))
        self.step_check = QCheckBox(self.tr("step"))
        self.step_check.setToolTip(self.tr("Thick: the last step the optimizer actually took"))
        self.momentum_check = QCheckBox(self.tr("momentum"))
        self.momentum_check.setToolTip(
            self.tr("Dashed: −lr times the momentum (first moment) vector"))
        for check in (self.gradient_check, self.step_check, self.momentum_check):
            check.toggled.connect(self._on_view_toggled)
            arrows.addWidget(check)
        arrows.addStretch(1)
        layout.addLayout(arrows)
        self.log_check = QCheckBox(self.tr("Chart f − f* on a log scale"))
        self.log_check.toggled.connect(self._on_view_toggled)
        layout.addWidget(self.log_check)
        layout.addWidget(style.muted_note(
            self.tr("Click the plot to set the start point; drag the ring to move it.")))
        return box

    # ----------------------------------------------------------------------- edits -> model
    @Slot(int)
    def _on_surface_chosen(self, index: int) -> None:
        key = self.surface_combo.itemData(index)
        if key == CUSTOM:
            if not self.model.set_formula(self.formula_edit.text()):
                self._sync_surface()
            self.formula_edit.setFocus()
        elif not self.model.choose_surface(key):
            self._sync_surface()

    @Slot()
    def _on_formula_entered(self) -> None:
        self.model.set_formula(self.formula_edit.text())

    @Slot()
    def _on_bowl_changed(self) -> None:
        self.rotation_label.setText(f"{self.rotation_slider.value()}°")
        self.model.set_bowl(self.condition_slider.value(), self.rotation_slider.value())

    @Slot(bool)
    def _on_standardize(self, on: bool) -> None:
        self.model.set_standardize(on)

    @Slot(int)
    def _on_batch_size(self, size: int) -> None:
        self.model.set_batch_size(size)

    @Slot(int)
    def _on_noise(self, position: int) -> None:
        value = position / 20.0
        self.noise_label.setText(f"{value:g}")
        self.model.set_noise(value)

    @Slot()
    def _on_add(self) -> None:
        self.model.add_racer(self.add_combo.currentData())

    @Slot()
    def _on_remove(self) -> None:
        key = self.model.settings.selected
        if key is not None:
            self.model.remove_racer(key)

    @Slot(int)
    def _on_racer_selected(self, row: int) -> None:
        racers = self.model.settings.racers
        if 0 <= row < len(racers):
            self.model.select_racer(racers[row].key)

    @Slot(float)
    def _on_lr(self, value: float) -> None:
        key = self.model.settings.selected
        if key is not None:
            self.model.update_racer(key, lr=value)

    @Slot(object)
    def _on_params_edited(self, values: dict[str, object]) -> None:
        key = self.model.settings.selected
        if key is not None and not self.model.update_racer(key, params=values):
            self._sync_selection()  # back to the values that stand

    @Slot()
    def _on_view_toggled(self) -> None:
        self.model.set_view(show_gradient=self.gradient_check.isChecked(),
                            show_step=self.step_check.isChecked(),
                            show_momentum=self.momentum_check.isChecked(),
                            log_chart=self.log_check.isChecked())

    # ----------------------------------------------------------------------- model -> panel
    @Slot(object)
    def _on_model_changed(self, aspects: frozenset[str]) -> None:
        if SURFACE in aspects:
            self._sync_surface()
        if RACERS in aspects:
            self._sync_racers()
        if RACERS in aspects or SELECTION in aspects:
            self._sync_selection()
        self._sync_run()

    @Slot(str)
    def _on_formula_error(self, message: str) -> None:
        self.formula_error.setText(message)
        self.formula_error.setVisible(bool(message))
        self.formula_edit.setStyleSheet(f"border: 1px solid {style.ERROR};" if message else "")

    def _sync_surface(self) -> None:
        s, surface = self.model.settings, self.model.surface
        with QSignalBlocker(self.surface_combo):
            self.surface_combo.setCurrentIndex(max(0, self.surface_combo.findData(
                s.surface_key)))
        regression = s.surface_key.startswith(REGRESSION_PREFIX)
        problem = self.model.problem
        self.formula_label.setText("L(w, b) =" if regression
                                   else "f(w) =" if surface.dims == 1 else "f(x, y) =")
        if regression and problem is not None:
            # The expanded quadratic is exact but unreadable; say what it is instead.
            text = self.tr("mean((w·x + b − y)²) over %n sample(s)", "", problem.x.size)
        else:
            text = s.formula if s.surface_key == CUSTOM else surface.formula
        if not self.formula_edit.hasFocus() or s.surface_key != CUSTOM:
            with QSignalBlocker(self.formula_edit):
                self.formula_edit.setText(text)
                self.formula_edit.setCursorPosition(0)
        self.formula_edit.setReadOnly(regression)
        self.bowl_box.setVisible(s.surface_key == "bowl")
        with QSignalBlocker(self.rotation_slider):
            self.rotation_slider.setValue(int(round(s.rotation)))
        self.rotation_label.setText(f"{int(round(s.rotation))}°")
        self.condition_slider.set_value(s.condition)
        self.regression_box.setVisible(regression)
        self.noise_box.setVisible(not regression)
        with QSignalBlocker(self.standardize_check):
            self.standardize_check.setChecked(s.standardize)
        if self.model.problem is not None:
            with QSignalBlocker(self.batch_spin):
                self.batch_spin.setMaximum(self.model.problem.x.size)
                self.batch_spin.setValue(min(s.batch_size, self.model.problem.x.size))
        with QSignalBlocker(self.noise_slider):
            self.noise_slider.setValue(int(round(s.noise_std * 20)))
        self.noise_label.setText(f"{s.noise_std:g}")

    def _sync_racers(self) -> None:
        labels = self.model.labels()
        with QSignalBlocker(self.racer_list):
            self.racer_list.clear()
            for racer in self.model.settings.racers:
                item = QListWidgetItem(style.swatch(style.racer_color(racer.color)),
                                       labels[racer.key])
                self.racer_list.addItem(item)
        full = len(self.model.settings.racers) >= MAX_RACERS
        self.add_button.setEnabled(not full)
        self.remove_button.setEnabled(bool(self.model.settings.racers))

    def _sync_selection(self) -> None:
        s = self.model.settings
        racers = s.racers
        row = next((i for i, r in enumerate(racers) if r.key == s.selected), -1)
        with QSignalBlocker(self.racer_list):
            self.racer_list.setCurrentRow(row)
        racer = self.model.racer(s.selected) if s.selected is not None else None
        self.lr_slider.setEnabled(racer is not None)
        self.params_editor.show_racer(racer)
        if racer is None:
            self.editor_title.setText(self.tr("Add an optimizer to race"))
            return
        self.editor_title.setText(self.tr("{0}: torch.optim.{1}").format(
            racer.title, OPTIMIZERS[racer.optimizer].torch_class.__name__))
        self.lr_slider.set_value(racer.lr)

    def _sync_run(self) -> None:
        s = self.model.settings
        self.speed_slider.set_value(s.steps_per_second)
        for check, on in ((self.gradient_check, s.show_gradient), (self.step_check, s.show_step),
                          (self.momentum_check, s.show_momentum), (self.log_check, s.log_chart)):
            with QSignalBlocker(check):
                check.setChecked(on)

    def set_playing(self, playing: bool) -> None:
        """Show the play button as pressed (Pause) or not (Play), without a click signal."""
        with QSignalBlocker(self.play_button):
            self.play_button.setChecked(playing)
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
