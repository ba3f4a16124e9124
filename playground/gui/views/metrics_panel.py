"""The metrics panel: every metric of the current task on one split, live.

The numbers come from ``core.train.metrics`` applied to the snapshot's ``split_outputs`` (the
network's outputs for the split's first rows, from the same frame as every other view) and the
run's own targets. Hidden (or on a tab behind another: Qt keeps such a dock "visible" and only
moves it out of the window), the panel does no work; shown, it refreshes at most
``REFRESH_HZ`` times a second and catches up with the newest frame.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.raw import Prepared
from playground.core.spec import Spec
from playground.core.train.snapshot import Snapshot
from playground.gui.style import section_title
from playground.gui.views.metric_pages import ClassificationPage, MultilabelPage, RegressionPage
from playground.gui.views.rate_limit import RateLimit

REFRESH_HZ = 10  # tables and curves are read, not watched: 10 updates a second is plenty
SPLITS = ("train", "validation", "test")


class MetricsPanel(QWidget):
    """Split selector, a note of how many rows are scored, and the page of the task."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._titles = {"train": self.tr("Training"), "validation": self.tr("Validation"),
                        "test": self.tr("Test")}
        self._targets: dict[str, np.ndarray] = {}
        self._snapshot: Snapshot | None = None
        self._task = ""
        self.split_box = QComboBox()
        self.split_box.setToolTip(self.tr("The rows the metrics are computed on"))
        self.split_box.currentIndexChanged.connect(self._on_split_changed)
        self.rows_note = QLabel()
        self.rows_note.setObjectName("hint")
        self.pages = {"regression": RegressionPage(), "classification": ClassificationPage(),
                      "multilabel": MultilabelPage()}
        self.empty = QLabel(self.tr("Metrics appear once the run has data."))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        for page in self.pages.values():
            self.stack.addWidget(page)
        self._limit = RateLimit(REFRESH_HZ, self.refresh, self)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("Split")))
        header.addWidget(self.split_box, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(section_title(self.tr("Metrics")))
        column.addLayout(header)
        column.addWidget(self.rows_note)
        column.addWidget(self.stack)
        column.addStretch(1)

    @property
    def page(self) -> QWidget | None:
        """The page of the current task (None before data)."""
        return self.pages.get(self._task)

    @property
    def split(self) -> str:
        return self.split_box.currentData() or "test"

    def set_split(self, split: str) -> None:
        """Choose the split by name (train, validation or test)."""
        index = self.split_box.findData(split)
        if index >= 0:
            self.split_box.setCurrentIndex(index)

    def set_data(self, prepared: Prepared, spec: Spec) -> None:
        """A new run: its targets per split, its task's page, the splits it has."""
        del spec  # the panel needs only the data
        self._snapshot = None
        self._task = prepared.task
        self._targets = {"train": prepared.y_train, "validation": prepared.y_val,
                         "test": prepared.y_test}
        names = prepared.class_names or tuple(str(i) for i in range(prepared.n_classes))
        previous = self.split
        self.split_box.blockSignals(True)
        self.split_box.clear()
        for split in SPLITS:
            if len(self._targets[split]):
                self.split_box.addItem(self._titles[split], split)
        self.split_box.blockSignals(False)
        self.set_split(previous if self.split_box.findData(previous) >= 0 else (
            "test" if len(prepared.y_test) else "train"))
        page = self.page
        if page is not None:
            page.set_classes(names)
            self.stack.setCurrentWidget(page)
        self.rows_note.clear()

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: keep it; refresh now if shown and not refreshed within 1/REFRESH_HZ s."""
        self._snapshot = snap
        if self.on_screen():
            self._limit.request()

    @Slot()
    def refresh(self) -> None:
        """Recompute every figure from the newest frame."""
        snap, page = self._snapshot, self.page
        if snap is None or page is None:
            return
        outputs = snap.split_outputs.get(self.split)
        if outputs is None:
            return
        y = np.asarray(self._targets[self.split])[:len(outputs)]
        page.show_metrics(y, np.asarray(outputs))
        total = len(self._targets[self.split])
        self.rows_note.setText(
            self.tr("All {0} rows").format(total) if len(y) == total else
            self.tr("The first {0} of {1} rows").format(len(y), total))

    @Slot(int)
    def _on_split_changed(self, _index: int) -> None:
        self.refresh()

    def on_screen(self) -> bool:
        """Shown and not behind another tab (a tabbed dock's hidden pages stay "visible")."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    @Slot(bool)
    def on_tab_shown(self, visible: bool) -> None:
        """For the dock's ``visibilityChanged``: a raised tab catches up with the newest frame."""
        if visible:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()  # frames that came while hidden were only kept
