"""The network builder's controls: the controls above one hidden column, the output activation
box, and the popup that edits a clicked link's weight. They only ask; ``network_edits`` makes
the edits (the weight popup asks ``network.NetworkView``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import (
    QPoint,
    QSignalBlocker,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.core.spec import ACTIVATIONS, MAX_UNITS
from playground.gui.i18n import core_message
from playground.gui.views import network_layout as geo

if TYPE_CHECKING:
    from playground.gui.views.network import NetworkView

CONTROL_WIDTH = 118  # width of one hidden column's controls


# ------------------------------------------------------------------------------ controls
class LayerControls(QFrame):
    """The controls above one hidden column; they only ask, the view turns asks into edits."""

    units_requested = Signal(int, int)  # (hidden layer, new width)
    activation_requested = Signal(int, str)
    dropout_requested = Signal(int, float)  # p; 0 removes the dropout
    batchnorm_requested = Signal(int, bool)
    remove_requested = Signal(int)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.index = 0
        self.setFixedWidth(CONTROL_WIDTH)
        self.setObjectName("layerControls")
        self.setStyleSheet("#layerControls { background: #f7f8f9; border: 1px solid #dde1e4;"
                           " border-radius: 4px; }")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600; color: #444;")
        self.remove_button = QToolButton(text="\u00d7", toolTip=self.tr("Remove this layer"))
        self.remove_button.setAutoRaise(True)
        self.minus_button = QToolButton(text="\u2212", toolTip=self.tr("Remove a neuron"))
        self.plus_button = QToolButton(text="+", toolTip=self.tr("Add a neuron"))
        self.units = QSpinBox(minimum=1, maximum=MAX_UNITS,
            toolTip=self.tr("Neurons in this layer"))
        self.units.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.units.setKeyboardTracking(False)  # one edit when typing is done, not per digit
        self.units.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.activation = QComboBox(toolTip=self.tr("Activation of this layer"))
        self.activation.addItems(list(ACTIVATIONS))
        self.dropout = QDoubleSpinBox(minimum=0.0, maximum=0.95, singleStep=0.05, decimals=2,
                                      toolTip=self.tr("Dropout after this layer (0: none)"))
        self.dropout.setSpecialValueText(self.tr("no dropout"))
        self.dropout.setPrefix(self.tr("dropout "))
        self.dropout.setKeyboardTracking(False)
        self.batchnorm = QCheckBox(self.tr("batch norm"),
                                   toolTip=self.tr("Batch normalisation after this layer"))

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.remove_button)
        width = QHBoxLayout()
        width.setContentsMargins(0, 0, 0, 0)
        width.setSpacing(2)
        width.addWidget(self.minus_button)
        width.addWidget(self.units, 1)
        width.addWidget(self.plus_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 4, 6, 6)
        box.setSpacing(3)
        box.addLayout(head)
        box.addLayout(width)
        box.addWidget(self.activation)
        box.addWidget(self.dropout)
        box.addWidget(self.batchnorm)

        self.minus_button.clicked.connect(self._on_minus_clicked)
        self.plus_button.clicked.connect(self._on_plus_clicked)
        self.units.valueChanged.connect(self._on_units_edited)
        self.activation.currentTextChanged.connect(self._on_activation_chosen)
        self.dropout.valueChanged.connect(self._on_dropout_edited)
        self.batchnorm.toggled.connect(self._on_batchnorm_toggled)
        self.remove_button.clicked.connect(self._on_remove_clicked)

    def show_block(self, index: int, block: geo.HiddenBlock) -> None:
        """Resync from the spec (signals blocked: this is not a user edit)."""
        self.index = index
        self.title.setText(self.tr("Layer {0}").format(index + 1))
        blockers = [QSignalBlocker(w) for w in (self.units, self.activation, self.dropout,
                                                 self.batchnorm)]
        self.units.setValue(block.units)
        self.activation.setCurrentText(block.activation)
        self.dropout.setValue(block.dropout or 0.0)
        self.batchnorm.setChecked(block.batchnorm)
        del blockers
        self.minus_button.setEnabled(block.units > 1)
        self.plus_button.setEnabled(block.units < MAX_UNITS)

    @Slot()
    def _on_minus_clicked(self) -> None:
        self.units_requested.emit(self.index, self.units.value() - 1)

    @Slot()
    def _on_plus_clicked(self) -> None:
        self.units_requested.emit(self.index, self.units.value() + 1)

    @Slot(int)
    def _on_units_edited(self, value: int) -> None:
        self.units_requested.emit(self.index, value)

    @Slot(str)
    def _on_activation_chosen(self, name: str) -> None:
        self.activation_requested.emit(self.index, name)

    @Slot(float)
    def _on_dropout_edited(self, p: float) -> None:
        self.dropout_requested.emit(self.index, p)

    @Slot(bool)
    def _on_batchnorm_toggled(self, on: bool) -> None:
        self.batchnorm_requested.emit(self.index, on)

    @Slot()
    def _on_remove_clicked(self) -> None:
        self.remove_requested.emit(self.index)


class OutputActivationBox(QComboBox):
    """The output layer's activation: "auto" (follows the loss) or one the user picks.

    Activations the current loss cannot take (a cross-entropy applies its own sigmoid or
    softmax) are disabled with the reason as their tooltip.
    """

    activation_requested = Signal(object)  # an activation name, or None for auto

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setToolTip(self.tr("Activation of the output layer (model.output_activation); "
                                "auto follows the loss"))
        self.addItem(self.tr("auto"), None)
        for name in ACTIVATIONS:
            self.addItem(name, name)
        self.currentIndexChanged.connect(self._on_index_changed)

    def show_spec(self, activation: str | None, loss: str | None) -> None:
        """Resync (signals blocked); ``loss`` is the resolved loss, None while unknown."""
        from playground.core.model.head import output_problem

        with QSignalBlocker(self):
            self.setCurrentIndex(max(self.findData(activation), 0))
        model = self.model()
        for row in range(self.count()):
            problem = None if loss is None else output_problem(self.itemData(row), loss)
            item = model.item(row)  # type: ignore[attr-defined]
            item.setEnabled(problem is None)
            item.setToolTip(core_message(problem) if problem else "")

    @Slot(int)
    def _on_index_changed(self, index: int) -> None:
        self.activation_requested.emit(self.itemData(index))


class WeightEditor(QFrame):
    """A small popup at a clicked link: shows the weight, Enter sets the typed value."""

    def __init__(self, view: NetworkView):
        super().__init__(view, Qt.WindowType.Popup)
        self._view = view
        self.target: tuple[int, int, int] | None = None  # (dense layer, row, col)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.value = QLineEdit()
        self.value.setMinimumWidth(120)
        hint = QLabel(self.tr("Enter sets it, Esc cancels"))
        hint.setStyleSheet("color: #777; font-size: 11px;")
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.addWidget(self.title)
        box.addWidget(self.value)
        box.addWidget(hint)
        self.value.returnPressed.connect(self._on_return_pressed)
        self.value.textEdited.connect(self._on_text_edited)

    def open_for(self, layer: int, row: int, col: int, value: float, title: str,
                 where: QPoint) -> None:
        """Show the editor for weight ``[row, col]`` of dense layer ``layer`` at a screen point."""
        self.target = (layer, row, col)
        self.title.setText(title)
        self.value.setText(f"{value:.4g}" if np.isfinite(value) else "")
        self.value.setStyleSheet("")
        self.adjustSize()
        self.move(where + QPoint(8, 8))
        self.show()
        self.value.setFocus()
        self.value.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self.value.setStyleSheet("")

    @Slot()
    def _on_return_pressed(self) -> None:
        try:
            value = float(self.value.text().strip())
        except ValueError:
            value = float("nan")
        if not np.isfinite(value) or self.target is None:
            self.value.setStyleSheet("border: 1px solid #d62728;")
            return
        layer, row, col = self.target
        self.hide()
        self._view.set_weight(layer, row, col, value)


# ------------------------------------------------------------------------------ the view
