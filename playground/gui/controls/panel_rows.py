"""Small pieces the training panel builds its rows from: field widgets by kind (a catalogue
combo, a fraction or count spin box, a number entry, a check box), each wired to its slot once
configured, and the layouts that put fields side by side in one form cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QSpinBox,
    QWidget,
)

from playground.gui.controls.widgets import NumberEdit, catalogue_text


def select_data(combo: QComboBox, value: Any) -> None:
    with QSignalBlocker(combo):
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))


def wrap_row(layout: QHBoxLayout) -> QWidget:
    widget = QWidget()
    widget.setLayout(layout)
    return widget


def row_of(*fields: QWidget, stretch: tuple[int, ...] = ()) -> QWidget:
    """Fields side by side in one form cell (no margins), with these stretch factors."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for i, field in enumerate(fields):
        row.addWidget(field, stretch[i] if i < len(stretch) else 0)
    return wrap_row(row)


def pair(box: QCheckBox, field: QWidget) -> QWidget:
    """A check box that switches the field beside it (the field takes the room)."""
    return row_of(box, field, stretch=(0, 1))


def choices(entries: dict[str, Any], tip: str | None, slot: Any,
            auto: str | None = None) -> QComboBox:
    """A combo of catalogue entries (their title shown, their name as data, ``tip`` the
    attribute shown as each entry's tooltip), first an ``auto`` entry (None) if given."""
    combo = QComboBox()
    if auto is not None:
        combo.addItem(auto, None)
    for name, info in entries.items():
        combo.addItem(catalogue_text(info.title), name)
        if tip is not None:
            combo.setItemData(combo.count() - 1, catalogue_text(getattr(info, tip)),
                              Qt.ItemDataRole.ToolTipRole)
    combo.currentIndexChanged.connect(slot)  # once filled: filling selects an entry
    return combo


def fraction_box(lo: float, hi: float, step: float, decimals: int,
                 slot: Any) -> QDoubleSpinBox:
    """A spin box of decimals in [lo, hi], one edit per finished entry."""
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setKeyboardTracking(False)  # one edit per finished entry, not per keystroke
    box.valueChanged.connect(slot)
    return box


def count_box(lo: int, hi: int, slot: Any, suffix: str = "", special: str = "") -> QSpinBox:
    """A spin box of whole numbers in [lo, hi] (``special``: the text shown at lo)."""
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setMinimumWidth(90)
    box.setSuffix(suffix)
    box.setSpecialValueText(special)
    box.setKeyboardTracking(False)  # one edit per finished entry, not per keystroke
    box.valueChanged.connect(slot)  # once in range: the range moves the value
    return box


def number_entry(lo: float, hi: float, slot: Any) -> NumberEdit:
    """A number entry for values in [lo, hi]."""
    entry = NumberEdit(lo, hi)
    entry.value_edited.connect(slot)
    return entry


def check_box(text: str, slot: Any) -> QCheckBox:
    """A check box calling ``slot`` when toggled."""
    box = QCheckBox(text)
    box.toggled.connect(slot)
    return box
