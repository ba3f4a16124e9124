"""The gallery's parts: the order samples are shown in, the caption under a tile, the table model of
tabular test rows, and the section titles."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QSizePolicy,
)

MAX_TABLE_ROWS = 2000  # tabular test rows listed; the view paints only the visible ones
ModelIndex = QModelIndex | QPersistentModelIndex

WRONG = "#d62728"  # misclassified: frame and caption
RIGHT = "#4a4a4a"


_WRONG_ROW = QColor(253, 226, 226)  # table background of a misclassified row


def misclassified_first(y_true: np.ndarray, y_pred: np.ndarray | None) -> np.ndarray:
    """Test-row order: misclassified rows, then the rest, each in index order (stable)."""
    n = len(y_true)
    if y_pred is None or len(y_pred) != n:
        return np.arange(n)
    wrong = np.asarray(y_pred) != np.asarray(y_true)
    return np.concatenate([np.flatnonzero(wrong), np.flatnonzero(~wrong)])


def class_label(names: tuple[str, ...], c: int) -> str:
    return names[c] if 0 <= c < len(names) else str(c)


class TileLabel(QGraphicsSimpleTextItem):
    """A screen-sized text centred on a data point. QGraphicsSimpleTextItem, not pyqtgraph's
    TextItem: relabelling 100 cells per frame costs ~2 ms instead of ~10 ms."""

    def __init__(self, x: float, y: float, centre_y: bool) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPos(x, y)
        self._centre_y = centre_y
        self._color = ""
        font = self.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() - 2))  # captions and counts sit in cells
        self.setFont(font)

    def set(self, text: str, color: str) -> None:
        """Change text and colour (each only when different)."""
        if text != self.text():
            self.setText(text)
            box = self.boundingRect()
            self.setTransform(QTransform.fromTranslate(
                -box.width() / 2, -box.height() / 2 if self._centre_y else 0.0))
        if color != self._color:
            self._color = color
            self.setBrush(QBrush(QColor(color)))


class SampleTable(QAbstractTableModel):
    """Tabular test rows: index, true, predicted, then the raw input columns."""

    def __init__(self) -> None:
        super().__init__()
        self._rows = np.zeros((0, 0))
        self._y = np.zeros(0, np.int64)
        self._pred: np.ndarray | None = None
        self._order = np.zeros(0, np.int64)
        self._names: tuple[str, ...] = ()
        self._inputs: tuple[str, ...] = ()
        self._wrong_brush = QBrush(_WRONG_ROW)
        self._wrong_text = QBrush(QColor(WRONG))

    def set_rows(self, raw: np.ndarray, y: np.ndarray, inputs: tuple[str, ...],
                 class_names: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._rows = np.asarray(raw)
        self._y = np.asarray(y, np.int64)
        self._inputs, self._names = tuple(inputs), tuple(class_names)
        self._pred = None
        self._order = np.arange(min(len(self._y), MAX_TABLE_ROWS))
        self.endResetModel()

    def set_predictions(self, pred: np.ndarray | None) -> None:
        """Reorder (misclassified first) and relabel; the view keeps its scroll position."""
        self.layoutAboutToBeChanged.emit()
        self._pred = pred
        self._order = misclassified_first(self._y, pred)[:MAX_TABLE_ROWS]
        self.layoutChanged.emit()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3 + len(self._inputs)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return ("#", self.tr("true"), self.tr("predicted"), *self._inputs)[section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i = int(self._order[index.row()])
        col = index.column()
        wrong = self._pred is not None and self._pred[i] != self._y[i]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(i)
            if col == 1:
                return class_label(self._names, int(self._y[i]))
            if col == 2:
                return "" if self._pred is None else class_label(self._names, int(self._pred[i]))
            return f"{float(self._rows[i, col - 3]):.4g}"
        if role == Qt.ItemDataRole.BackgroundRole and wrong:
            return self._wrong_brush
        if role == Qt.ItemDataRole.ForegroundRole and wrong and col == 2:
            return self._wrong_text
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def title_label() -> QLabel:
    """A column title that wraps within its column instead of running into the next one, and
    whose text width does not set the column's (and so the window's) minimum width."""
    label = QLabel()
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(1)
    return label


