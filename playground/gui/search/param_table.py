"""The fields a search varies, as editable rows: a field name and its values or range."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from playground.core.spec import FIELDS, Spec

# Fields a search makes no sense over (identity, hand-drawn points, file paths).
_NOT_SEARCHED = frozenset({"version", "name", "data.points", "data.path", "device"})
SEARCHABLE_KEYS = tuple(f.key for f in FIELDS if f.key not in _NOT_SEARCHED)


def default_rows(spec: Spec) -> list[tuple[str, str]]:
    """A first search to start from: the learning rate around its value, and L2."""
    lr = spec.training.learning_rate
    return [("training.learning_rate", ", ".join(f"{v:g}" for v in (lr / 10, lr, lr * 10)
                                                  if v <= 100)),
            ("training.l2", "0, 0.001, 0.01")]


class ParamTable(QWidget):
    """Rows of (field, values): ``items()`` gives them as ``KEY=VALUES`` strings."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Values")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setToolTip(self.tr(
            "Values: a list such as 0.001, 0.03, 0.1 (every sampler), or a range 0.001..0.1 "
            "or log:0.0001..0.1 (random and TPE sample inside it)"))
        self.add_button = QPushButton(self.tr("Add field"))
        self.add_button.clicked.connect(self._on_add)
        self.remove_button = QPushButton(self.tr("Remove field"))
        self.remove_button.clicked.connect(self._on_remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(buttons)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        """Replace every row with (field, values text) pairs."""
        self.table.setRowCount(0)
        for key, values in rows:
            self.add_row(key, values)

    def add_row(self, key: str = "training.batch_size", values: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        field = QComboBox()
        field.setEditable(True)
        field.addItems(list(SEARCHABLE_KEYS))
        field.setCurrentText(key)
        self.table.setCellWidget(row, 0, field)
        edit = QLineEdit(values)
        edit.setPlaceholderText(self.tr("e.g. 0.001, 0.03, 0.1"))
        self.table.setCellWidget(row, 1, edit)

    def items(self) -> list[str]:
        """Every row with a field and values, as ``KEY=VALUES``."""
        out = []
        for row in range(self.table.rowCount()):
            key = self.table.cellWidget(row, 0).currentText().strip()
            values = self.table.cellWidget(row, 1).text().strip()
            if key and values:
                out.append(f"{key}={values}")
        return out

    @Slot()
    def _on_add(self) -> None:
        self.add_row()

    @Slot()
    def _on_remove(self) -> None:
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)
