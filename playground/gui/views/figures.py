"""The latest losses and accuracies as numbers, over the output view as in TF Playground."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from playground.core.train.snapshot import Snapshot
from playground.gui.style import fix_size


class Figures(QWidget):
    """The latest losses and accuracies as numbers, over the output as in TF Playground."""

    # (metric, title, grid row, grid column pair): one row per split, losses then accuracies,
    # so that a validation split adds a row, not a third column that widens the window.
    _CELLS = (("test_loss", QT_TRANSLATE_NOOP("Figures", "Test loss"), 0, 0),
              ("test_accuracy", QT_TRANSLATE_NOOP("Figures", "Test accuracy"), 0, 1),
              ("train_loss", QT_TRANSLATE_NOOP("Figures", "Training loss"), 1, 0),
              ("train_accuracy", QT_TRANSLATE_NOOP("Figures", "Training accuracy"), 1, 1),
              ("validation_loss", QT_TRANSLATE_NOOP("Figures", "Validation loss"), 2, 0),
              ("validation_accuracy", QT_TRANSLATE_NOOP("Figures", "Validation accuracy"), 2, 1))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 0, 2, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        self._values: dict[str, QLabel] = {}
        self._names: dict[str, QLabel] = {}
        for key, title, row, pair in self._CELLS:
            name = QLabel(self.tr(title))
            name.setObjectName("figureName")
            value = QLabel("–")
            value.setObjectName("figureValue")
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            # room for a loss of 123.4567; an accuracy is at most "100.0%"
            fix_size(value, "100.0%" if key.endswith("accuracy") else "0.000000")
            grid.addWidget(name, row, 2 * pair)
            grid.addWidget(value, row, 2 * pair + 1)
            self._names[key], self._values[key] = name, value
        grid.setColumnStretch(4, 1)
        self.clear()

    def value_text(self, key: str) -> str:
        """The text shown for a metric (tests)."""
        return self._values[key].text()

    def clear(self) -> None:
        """A new run: nothing measured yet; validation shows once a run reports it."""
        for key in self._values:
            self._values[key].setText("–")
            self._show(key, not key.startswith("validation"))

    def _show(self, key: str, visible: bool) -> None:
        if self._values[key].isVisibleTo(self) != visible:
            self._names[key].setVisible(visible)
            self._values[key].setVisible(visible)

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: the newest figures (accuracy as a percentage)."""
        for key, label in self._values.items():
            value = snap.metrics.get(key)
            self._show(key, value is not None)
            if value is not None:
                text = f"{value:.1%}" if key.endswith("accuracy") else f"{value:.4f}"
                if label.text() != text:
                    label.setText(text)
