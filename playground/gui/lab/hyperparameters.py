"""The form of one optimizer's hyperparameters, built from its torch.optim constructor."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QWidget

from playground.gui.lab.race_model import RacerSetting
from playground.gui.lab.widgets import NumberSpin

# torch keywords left off the form: "maximize" turns descent into ascent, which races nothing.
HIDDEN_PARAMS = frozenset({"maximize"})


class HyperparameterEditor(QWidget):
    """Check boxes for flags, number boxes for numbers and pairs (betas); one row each."""

    edited = Signal(object)  # dict name -> value of every shown hyperparameter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.widgets: dict[str, QCheckBox | NumberSpin | tuple[NumberSpin, ...]] = {}
        self._shown: tuple[int, str] | None = None  # (racer key, optimizer) of the rows

    def show_racer(self, racer: RacerSetting | None) -> None:
        """Rows for this racer's optimizer (rebuilt only for another racer), its values set
        with signals blocked."""
        shown = None if racer is None else (racer.key, racer.optimizer)
        if shown != self._shown:
            self._rebuild(racer)
            self._shown = shown
        if racer is not None:
            self._set_values(racer.params)

    def values(self) -> dict[str, object]:
        """The values the form shows."""
        out: dict[str, object] = {}
        for name, widget in self.widgets.items():
            if isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, tuple):
                out[name] = tuple(w.value() for w in widget)
            else:
                out[name] = widget.value()
        return out

    def _rebuild(self, racer: RacerSetting | None) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.widgets = {}
        if racer is None:
            return
        for name, value in racer.params.items():
            if name in HIDDEN_PARAMS:
                continue
            if isinstance(value, bool):
                check = QCheckBox()
                check.toggled.connect(self._on_edited)
                self.form.addRow(name, check)
                self.widgets[name] = check
            elif isinstance(value, tuple):
                spins = tuple(self._spin() for _ in value)
                holder = QWidget()
                row = QHBoxLayout(holder)
                row.setContentsMargins(0, 0, 0, 0)
                for spin in spins:
                    row.addWidget(spin)
                self.form.addRow(name, holder)
                self.widgets[name] = spins
            else:
                spin = self._spin()
                self.form.addRow(name, spin)
                self.widgets[name] = spin

    def _spin(self) -> NumberSpin:
        spin = NumberSpin()
        spin.setSingleStep(0.01)
        spin.setKeyboardTracking(False)  # one edit per finished number, not per keystroke
        spin.setMaximumWidth(120)
        spin.valueChanged.connect(self._on_edited)
        return spin

    def _set_values(self, params: object) -> None:
        for name, widget in self.widgets.items():
            value = params[name]
            if isinstance(widget, QCheckBox):
                with QSignalBlocker(widget):
                    widget.setChecked(bool(value))
            elif isinstance(widget, tuple):
                for spin, v in zip(widget, value, strict=True):
                    with QSignalBlocker(spin):
                        spin.setValue(float(v))
            else:
                with QSignalBlocker(widget):
                    widget.setValue(float(value))

    @Slot()
    def _on_edited(self) -> None:
        self.edited.emit(self.values())
