"""Small building blocks the panels share: a slider over a list of values, an exact number
entry, a section header."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QLocale, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QDoubleValidator, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSlider, QVBoxLayout, QWidget


class ValueSlider(QWidget):
    """A titled slider whose positions are the entries of ``values``, with the value shown.

    ``value_changed(value, merge_key)``: ``merge_key`` is the same for every move of one drag
    (so the session folds a drag into one undo entry) and None for keyboard steps.
    """

    value_changed = Signal(float, object)

    def __init__(self, title: str, values: Sequence[float],
                 fmt: Callable[[float], str] = "{:g}".format, parent: QWidget | None = None):
        super().__init__(parent)
        self._values = list(values)
        self._fmt = fmt
        self._drag = 0
        self._title = QLabel(title)
        self._shown = QLabel()
        self._shown.setObjectName("sliderValue")
        self._shown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._slider = QSlider(Qt.Orientation.Horizontal)
        self._slider.setRange(0, len(self._values) - 1)
        self._slider.setPageStep(max(1, len(self._values) // 10))
        self._slider.valueChanged.connect(self._on_slider_moved)
        self._slider.sliderPressed.connect(self._on_slider_pressed)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self._title)
        top.addStretch(1)
        top.addWidget(self._shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self._slider)

    @property
    def slider(self) -> QSlider:
        """The QSlider (tests drive it; tooltips go on it)."""
        return self._slider

    def value(self) -> float:
        """The value at the slider's position."""
        return self._values[self._slider.value()]

    def set_value(self, value: float, note: str = "", text: str | None = None) -> None:
        """Show ``value`` (the nearest entry's position) without emitting; ``note`` is added
        to the shown text, e.g. "default"; ``text`` replaces the number ("all rows")."""
        with QSignalBlocker(self._slider):
            self._slider.setValue(nearest_index(self._values, value))
        shown = self._fmt(value) if text is None else text
        self._shown.setText(self.tr("{0} ({1})").format(shown, note) if note else shown)
        self._shown.setToolTip(self.tr("the dataset's own value; move the slider to set one")
                               if note else "")

    @Slot()
    def _on_slider_pressed(self) -> None:
        self._drag += 1

    @Slot(int)
    def _on_slider_moved(self, index: int) -> None:
        value = self._values[index]
        self._shown.setText(self._fmt(value))
        key = f"{self._title.text()}#{self._drag}" if self._slider.isSliderDown() else None
        self.value_changed.emit(value, key)


def nearest_index(values: Sequence[float], value: float) -> int:
    """Index of the entry of the sorted ``values`` closest to ``value`` (in log terms when all
    entries are positive, so 0.003 sits nearer 0.001 than 0.01 only when it should)."""
    i = bisect.bisect_left(values, value)
    if i <= 0:
        return 0
    if i >= len(values):
        return len(values) - 1
    lo, hi = values[i - 1], values[i]
    if lo > 0 and value > 0:
        return i - 1 if math.log(value / lo) <= math.log(hi / value) else i
    return i - 1 if value - lo <= hi - value else i


class NumberEdit(QLineEdit):
    """A line entry for one exact number (learning rates, epsilons): any notation, e.g. 3e-4.

    ``value_edited(value)`` fires when the user finishes an edit with a valid number in range;
    an invalid entry springs back to the last value.
    """

    value_edited = Signal(float)

    def __init__(self, lo: float, hi: float, parent: QWidget | None = None):
        super().__init__(parent)
        self._lo, self._hi = lo, hi
        self._value = lo
        validator = QDoubleValidator(lo, hi, 12, self)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        validator.setLocale(QLocale.c())  # "0.03" everywhere, never "0,03"
        self.setValidator(validator)
        self.editingFinished.connect(self._on_editing_finished)

    def value(self) -> float:
        """The last accepted value."""
        return self._value

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting."""
        self._value = value
        with QSignalBlocker(self):
            self.setText(f"{value:g}")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter takes the value and Escape the last one back; both leave the field, so the
        window's keys (Space, R) work again at once."""
        if event.key() == Qt.Key.Key_Escape:
            self.set_value(self._value)
            self.clearFocus()
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.clearFocus()

    @Slot()
    def _on_editing_finished(self) -> None:
        try:
            value = float(self.text())
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and self._lo <= value <= self._hi):
            self.set_value(self._value)
            return
        if value != self._value:
            self._value = value
            self.value_edited.emit(value)


def catalogue_text(text: str) -> str:
    """A title or doc from the core's catalogue in the interface's language."""
    return QCoreApplication.translate("catalogue", text)
