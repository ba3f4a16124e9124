"""Small layout pieces the training panel builds its rows from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QWidget,
)


def select_data(combo: QComboBox, value: Any) -> None:
    with QSignalBlocker(combo):
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))


def wrap_row(layout: QHBoxLayout) -> QWidget:
    widget = QWidget()
    widget.setLayout(layout)
    return widget


def pair(box: QCheckBox, field: QWidget) -> QWidget:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(box)
    row.addWidget(field, 1)
    return wrap_row(row)
