"""The playground page's columns: the network on the left, the OUTPUT column on the right (the
figures, the output view in a stack, the loss and gradient charts below), side by side in a
splitter under the diverged banner.

``MainWindow`` makes the views and wires them; these functions only lay them out. Their texts
keep the ``MainWindow`` translation context (they were its messages).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.gui.style import scroll_area, section_title, stacked

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls

NETWORK_MIN_WIDTH = 300  # px: the network column (wider graphs scroll)
OUTPUT_MIN_WIDTH = 300  # px: the output view, whichever it is
OUTPUT_MIN_HEIGHT = 280  # px: a short window scrolls the output column past this


def output_stack(views: Iterable[QWidget]) -> QStackedWidget:
    """The output views in one stack (the data decides which one shows)."""
    stack = QStackedWidget()
    for view in views:
        stack.addWidget(view)
    # A view's own minimum (the gallery's is wide) must not push the window off screen.
    stack.setMinimumSize(OUTPUT_MIN_WIDTH, OUTPUT_MIN_HEIGHT)
    return stack


def chart_tabs(loss_chart: QWidget, gradient_chart: QWidget) -> QTabWidget:
    """The loss and gradient charts as tabs."""
    charts = QTabWidget()
    charts.setDocumentMode(True)
    charts.addTab(loss_chart, translate("MainWindow", "Loss"))
    charts.addTab(gradient_chart, translate("MainWindow", "Gradients"))
    return charts


def _titled_column(box: QWidget, title: str) -> QVBoxLayout:
    column = QVBoxLayout(box)
    column.setContentsMargins(8, 8, 8, 8)
    column.setSpacing(4)
    column.addWidget(section_title(title))
    return column


def output_column(figures: QWidget, stack: QWidget, charts: QWidget) -> QScrollArea:
    """OUTPUT: the figures, the output view and the charts, in a scroll area."""
    output = QWidget()
    output.setObjectName("outputColumn")
    column = _titled_column(output, translate("MainWindow", "Output"))
    column.addWidget(figures)
    column.addWidget(stack, 3)
    column.addWidget(charts, 2)
    # A short window scrolls the column instead of squeezing the charts unreadable; the
    # scroll area is as wide as the column's content needs, so the splitter never clips it.
    return scroll_area(output)


def network_column(network: QWidget) -> QWidget:
    """NETWORK: the network view under its title."""
    network_box = QWidget()
    _titled_column(network_box, translate("MainWindow", "Network")).addWidget(network, 1)
    # Wide networks scroll inside the view; the column must not push the window past
    # a laptop screen (1440 px) when layers are added.
    network_box.setMinimumWidth(NETWORK_MIN_WIDTH)
    return network_box


def columns_splitter(network_box: QWidget, output: QWidget) -> QSplitter:
    """The network and output columns side by side (3 : 2), neither collapsible."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(network_box)
    splitter.addWidget(output)
    splitter.setChildrenCollapsible(False)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter


def playground_page(banner: QWidget, splitter: QWidget) -> QWidget:
    """The playground tab: the banner above the columns."""
    return stacked(banner, splitter)
