"""``OptimizerLab``: the lab tab of the main window (also usable on its own).

Three pages: optimizers racing over a loss surface, a slice of the network's own loss
landscape, and where L1/L2 regularization moves a minimum. The lab owns its background threads
(contours and regularization paths, the race, landscape slices) and stops them in
``shutdown()``, which closing the widget or quitting the application also calls.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from playground.gui.lab.jobs import JobRunner
from playground.gui.lab.landscape_page import LandscapePage
from playground.gui.lab.race_page import RacePage
from playground.gui.lab.regularization_page import RegularizationPage


class OptimizerLab(QWidget):
    """The optimizer lab; ``set_session`` connects the network-landscape page to training."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = JobRunner("LabJobs", self)
        self.race = RacePage(self.jobs)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.landscape = LandscapePage()
        self.regularization = RegularizationPage(self.jobs)
        self.tabs.addTab(self.race, self.tr("Optimizer race"))
        self.tabs.addTab(self.landscape, self.tr("Network landscape"))
        self.tabs.addTab(self.regularization, self.tr("Regularization"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._closed = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def set_session(self, session: object) -> None:
        """Follow a playground Session (its spec and snapshots) for the landscape page."""
        self.landscape.set_session(session)

    @Slot()
    def shutdown(self) -> None:
        """Stop every background thread of the lab (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        self.race.shutdown()
        self.landscape.shutdown()
        self.regularization.shutdown()
        self.jobs.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing the lab stops its threads."""
        self.shutdown()
        super().closeEvent(event)
