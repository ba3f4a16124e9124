"""One look for every plot and panel: the axis and text greys, the plot style, label helpers.

The window's views and the optimizer lab both draw with these (the lab adds its own racer and
contour colours in gui/lab/style.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTableWidget, QVBoxLayout, QWidget

AXIS = "#8a8a8a"  # axis lines of every plot
TEXT = "#4a4a4a"  # tick labels, axis titles and legends


def style_plot(plot: pg.PlotItem, x_label: str | None = None,
               y_label: str | None = None) -> None:
    """The quiet plot style: no context menu or auto buttons, grey axes, no SI prefix (a
    "(x0.001)" beside a label reads as a unit); axis titles when given."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(AXIS))
        axis.setTextPen(pg.mkPen(TEXT))
        axis.enableAutoSIPrefix(False)
    if x_label is not None:
        plot.setLabel("bottom", x_label, color=TEXT)
    if y_label is not None:
        plot.setLabel("left", y_label, color=TEXT)


def fix_size(label: QLabel, widest: str, pad: int = 4) -> None:
    """Give a label whose text changes every frame a fixed size, with room for ``widest``.

    Qt re-lays out the whole window when a label's size hint may have changed, unless the
    label's size is fixed; at 60 frames/s that relayout costs more than drawing the frame.
    """
    label.ensurePolished()  # the style sheet may set a larger or bolder font
    metrics = label.fontMetrics()
    label.setFixedSize(metrics.horizontalAdvance(widest) + pad, metrics.height() + pad)


@contextmanager
def one_change(table: QTableWidget) -> Iterator[QTableWidget]:
    """Cell edits made inside reach the view as one change of the whole table.

    Each ``setText`` on an item otherwise tells the view at once, and a header that sizes its
    sections to their contents measures its row again: 30 ms for a 10 x 10 confusion matrix,
    under 1 ms batched.
    """
    model = table.model()
    was_blocked = model.blockSignals(True)
    try:
        yield table
    finally:
        model.blockSignals(was_blocked)
        rows, columns = table.rowCount(), table.columnCount()
        if rows and columns and not was_blocked:
            model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))


def section_title(text: str) -> QLabel:
    """An upper-case section header in TF Playground's style."""
    label = QLabel(text.upper())
    label.setObjectName("sectionTitle")
    return label


def scroll_area(widget: QWidget, horizontal: bool = False, min_width: int = 0) -> QScrollArea:
    """``widget`` in a frameless scroll area that resizes it: it scrolls vertically (and
    horizontally when asked) once the room is below its minimum, instead of squeezing it.

    Scrolling vertically only, the area is at least as wide as the widget's minimum (and a
    scroll bar) and ``min_width``, however that minimum changes: its right edge is never cut.
    """
    scroll = QScrollArea() if horizontal else ColumnScrollArea(min_width)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if not horizontal:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(widget)
    return scroll


class ColumnScrollArea(QScrollArea):
    """A scroll area for a column: vertical scrolling only, never narrower than its content's
    minimum width plus a scroll bar (or ``min_width``, if that is wider)."""

    def __init__(self, min_width: int = 0):
        super().__init__()
        self._min_width = min_width

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        widget = self.widget()
        if widget is None:
            return QSize(max(hint.width(), self._min_width), hint.height())
        needed = (widget.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                  + 2 * self.frameWidth())
        return QSize(max(hint.width(), needed, self._min_width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # The content's layout changed (a row appeared, a label grew): its minimum may have too.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


def stacked(top: QWidget, body: QWidget, spacing: int = 0) -> QWidget:
    """``top`` above ``body`` (which takes the room), without margins."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    layout.addWidget(top)
    layout.addWidget(body, 1)
    return column
