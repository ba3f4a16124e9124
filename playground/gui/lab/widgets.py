"""Small input widgets of the lab: a log-scale slider with its value, a compact number box."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSlider, QWidget

_SLIDER_STEPS = 400


class NumberSpin(QDoubleSpinBox):
    """A spin box that prints numbers compactly ("1e-08", "0.9") and reads any float."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(12)  # storage precision; the text below stays short
        self.setRange(0.0, 1e6)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        """Shortest form of the value."""
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        """Parse what the user typed (the validator below keeps it a number)."""
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        """Accept anything that may still become a number, e.g. "1e-" while typing."""
        try:
            float(text)
            return QValidator.State.Acceptable, text, pos
        except ValueError:
            ok = all(c in "0123456789.eE+-" for c in text)
            return (QValidator.State.Intermediate if ok else QValidator.State.Invalid), text, pos


class LogSlider(QWidget):
    """A horizontal slider over [lo, hi] on a log scale with its value printed beside it."""

    value_changed = Signal(float)

    def __init__(self, lo: float, hi: float, value: float, fmt: str = "{:.3g}",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lo, self._hi, self._fmt = math.log10(lo), math.log10(hi), fmt
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, _SLIDER_STEPS)
        self.label = QLabel()
        self.label.setMinimumWidth(52)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.set_value(value)
        self.slider.valueChanged.connect(self._on_slider)

    def value(self) -> float:
        """The value the slider stands for."""
        t = self.slider.value() / _SLIDER_STEPS
        return float(f"{10 ** (self._lo + t * (self._hi - self._lo)):.3g}")

    def set_value(self, value: float) -> None:
        """Move the slider (no value_changed)."""
        t = (math.log10(max(value, 1e-300)) - self._lo) / (self._hi - self._lo)
        with QSignalBlocker(self.slider):
            self.slider.setValue(int(round(min(max(t, 0.0), 1.0) * _SLIDER_STEPS)))
        self.label.setText(self._fmt.format(value))

    @Slot(int)
    def _on_slider(self, _position: int) -> None:
        value = self.value()
        self.label.setText(self._fmt.format(value))
        self.value_changed.emit(value)
