"""The window's side panels as docks: DATA and FEATURES on the left; TRAINING, LESSONS,
METRICS and BACKPROP tabbed on the right, folded into tabs beside DATA when the window is
narrow, and each held at the width it needs so the network and output keep the rest.

``MainWindow`` owns one ``SidePanels`` and forwards its resizes. The dock titles keep the
``MainWindow`` translation context (they were its messages).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QVBoxLayout, QWidget

from playground.gui.controls.data_panel import DataPanel
from playground.gui.controls.features_panel import FeaturesPanel
from playground.gui.controls.lessons_panel import LessonsPanel
from playground.gui.controls.training_panel import TrainingPanel
from playground.gui.style import scroll_area
from playground.gui.views.backprop_panel import BackpropPanel
from playground.gui.views.metrics_panel import MetricsPanel

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls

DATA_DOCK_WIDTH = 282  # px: three dataset thumbnails side by side, and a scroll bar
TRAINING_DOCK_WIDTH = 258  # px: a label and a field per row
DOCK_EXTRA_FROM, DOCK_EXTRA_MAX = 1366, 60  # px: wider windows give each side panel up to 60
FOLD_WIDTH = 1280  # px: a narrower window folds the right-hand panels into tabs on the left


class SidePanels:
    """The panels that edit the run and their docks in ``window``."""

    def __init__(self, window: QMainWindow, session: Any):
        self._window = window
        self.folded = False  # the right-hand panels are tabs beside Data
        self.data_panel = DataPanel(session)
        self.features_panel = FeaturesPanel(session)
        self.training_panel = TrainingPanel(session)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.data_panel)
        left_column.addWidget(self.features_panel)
        left_column.addStretch(1)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.data_dock = self._dock(translate("MainWindow", "Data"), "dataDock", left,
                                    Qt.DockWidgetArea.LeftDockWidgetArea, DATA_DOCK_WIDTH)
        self.training_dock = self._dock(translate("MainWindow", "Training"), "trainingDock",
                                        self.training_panel, right, TRAINING_DOCK_WIDTH)
        self.lessons_panel = LessonsPanel(session)
        self.lessons_dock = self._dock(translate("MainWindow", "Lessons"), "lessonsDock",
                                       self.lessons_panel, right)
        window.tabifyDockWidget(self.training_dock, self.lessons_dock)
        self.metrics_panel = MetricsPanel()  # a tab beside Training: hidden, it costs nothing
        self.metrics_dock = self._dock(translate("MainWindow", "Metrics"), "metricsDock",
                                       self.metrics_panel, right)
        self.metrics_dock.visibilityChanged.connect(self.metrics_panel.on_tab_shown)
        window.tabifyDockWidget(self.training_dock, self.metrics_dock)
        self.backprop_panel = BackpropPanel(session)
        self.backprop_dock = self._dock(translate("MainWindow", "Backprop"), "backpropDock",
                                        self.backprop_panel, right)
        window.tabifyDockWidget(self.training_dock, self.backprop_dock)
        self.backprop_dock.hide()
        self.training_dock.raise_()
        self.right_docks = (self.training_dock, self.lessons_dock, self.metrics_dock,
                            self.backprop_dock)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea,
              min_width: int = 0) -> QDockWidget:
        dock = QDockWidget(title, self._window)
        dock.setObjectName(name)
        # At least min_width, and wider when a panel's rows need it (Adam's two betas).
        dock.setWidget(scroll_area(widget, min_width=min_width))
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        # The panels carry their own section titles; a second title bar would only repeat them.
        dock.setTitleBarWidget(QWidget())
        self._window.addDockWidget(area, dock)
        return dock

    def fit(self) -> None:
        """The side panels at the width they need; the rest goes to the network and output.
        (Qt hands a resize to the docks by their size hints, so a narrower window could
        leave the network less room than a panel of settings takes.)"""
        window = self._window
        # A wide screen spares the panels a little more (long combo entries show whole).
        extra = min(DOCK_EXTRA_MAX, max(0, (window.width() - DOCK_EXTRA_FROM) // 8))
        docks, widths = [self.data_dock], [DATA_DOCK_WIDTH + extra]
        if not self.folded:
            docks.append(self.training_dock)
            widths.append(TRAINING_DOCK_WIDTH + extra)
        window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def fold(self, folded: bool) -> None:
        """Below FOLD_WIDTH the right-hand panels become tabs beside Data (the charts and the
        network keep their room); above it they go back to the right."""
        if folded == self.folded:
            return
        self.folded = folded
        window = self._window
        hidden = {dock: dock.isHidden() for dock in self.right_docks}
        first = self.data_dock if folded else self.training_dock
        area = (Qt.DockWidgetArea.LeftDockWidgetArea if folded
                else Qt.DockWidgetArea.RightDockWidgetArea)
        # Out of their tab group first: moving a tab between groups crashes Qt 6.
        for dock in self.right_docks:
            window.removeDockWidget(dock)
        for dock in self.right_docks:
            if dock is first:
                window.addDockWidget(area, dock)
            else:
                window.tabifyDockWidget(first, dock)
        for dock, was_hidden in hidden.items():
            dock.setHidden(was_hidden)
        first.raise_()
        self.fit()  # the dock area keeps the width it had otherwise
