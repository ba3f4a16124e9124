"""The latest losses and accuracies as numbers, over the output view as in TF Playground."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from playground.core.train.snapshot import Snapshot
from playground.gui.style import fix_size

# One row per split and one column per measure: a validation split adds a row, and the
# split's name is written once, so the table stays narrow (the output column is ~330 px at
# 1366 x 768, and "Validation accuracy" beside "Validation loss" did not fit it).
_SPLITS = (("test", QT_TRANSLATE_NOOP("Figures", "Test")),
           ("train", QT_TRANSLATE_NOOP("Figures", "Training")),
           ("validation", QT_TRANSLATE_NOOP("Figures", "Validation")))
_MEASURES = (("loss", QT_TRANSLATE_NOOP("Figures", "Loss")),
             ("accuracy", QT_TRANSLATE_NOOP("Figures", "Accuracy")))


class Figures(QWidget):
    """The latest losses and accuracies of each split as numbers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 0, 2, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(1)
        self._values: dict[str, QLabel] = {}
        self._rows: dict[str, QLabel] = {}  # split -> its name
        self._headers: dict[str, QLabel] = {}  # measure -> its title
        for col, (measure, title) in enumerate(_MEASURES, start=1):
            header = QLabel(self.tr(title))
            header.setObjectName("figureName")
            grid.addWidget(header, 0, col)
            self._headers[measure] = header
        for row, (split, title) in enumerate(_SPLITS, start=1):
            name = QLabel(self.tr(title))
            name.setObjectName("figureName")
            grid.addWidget(name, row, 0)
            self._rows[split] = name
            for col, (measure, _) in enumerate(_MEASURES, start=1):
                value = QLabel("–")
                value.setObjectName("figureValue")
                value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                # room for a loss of 123.4567; an accuracy is at most "100.0%"
                fix_size(value, "100.0%" if measure == "accuracy" else "0.000000")
                grid.addWidget(value, row, col)
                self._values[f"{split}_{measure}"] = value
        grid.setColumnStretch(len(_MEASURES) + 1, 1)
        self.clear()

    def value_text(self, key: str) -> str:
        """The text shown for a metric, e.g. "test_loss" (tests)."""
        return self._values[key].text()

    def is_shown(self, key: str) -> bool:
        """Whether a metric's cell shows (tests)."""
        return self._values[key].isVisibleTo(self)

    def clear(self) -> None:
        """A new run: nothing measured yet; validation shows once a run reports it."""
        for value in self._values.values():
            value.setText("–")
        self._show({key for key in self._values if not key.startswith("validation")})

    def _show(self, keys: set[str]) -> None:
        """Show the cells of ``keys``; a split's row and a measure's title while any shows."""
        for key, value in self._values.items():
            _set_visible(value, key in keys)
        for split, name in self._rows.items():
            _set_visible(name, any(key.startswith(f"{split}_") for key in keys))
        for measure, header in self._headers.items():
            _set_visible(header, any(key.endswith(f"_{measure}") for key in keys))

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: the newest figures (accuracy as a percentage)."""
        shown = set()
        for key, label in self._values.items():
            value = snap.metrics.get(key)
            if value is None:
                continue
            shown.add(key)
            text = f"{value:.1%}" if key.endswith("accuracy") else f"{value:.4f}"
            if label.text() != text:
                label.setText(text)
        self._show(shown)


def _set_visible(label: QLabel, visible: bool) -> None:
    if label.isVisibleTo(label.parentWidget()) != visible:  # no relayout when nothing changes
        label.setVisible(visible)
