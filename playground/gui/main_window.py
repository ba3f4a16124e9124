"""The main window: composes the panels and views around one Session.

Layout, as TF Playground users know it: DATA and FEATURES on the left, the network in the
middle, OUTPUT on the right (the latest losses over the decision boundary for 2-D inputs, a
fitted curve for 1-D regression, a sample gallery otherwise) with the loss and gradient charts
below; TRAINING settings on the far right; the optimizer lab on a second tab. File handling is
``Document`` and ``Exports``, the menu bar ``Menus``, the side panels and their docks
``SidePanels`` (window_docks.py), the playground page's columns ``window_views``; no
training logic lives here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.raw import Prepared
from playground.core.spec import Spec
from playground.core.train.link import RunStatus
from playground.core.train.snapshot import Snapshot
from playground.core.train.stability import stall_reason
from playground.gui import window_views
from playground.gui.banner import DivergedBanner
from playground.gui.document import APP_NAME, Document
from playground.gui.exports import Exports
from playground.gui.focus import ClickUnfocus
from playground.gui.menus import Menus
from playground.gui.recovery import Recovery
from playground.gui.session import Session
from playground.gui.style import scroll_area
from playground.gui.toolbar import TrainingToolBar
from playground.gui.views import output_view_kind
from playground.gui.views.boundary import BoundaryView
from playground.gui.views.charts import GradientChart, LossChart
from playground.gui.views.curve import CurveView
from playground.gui.views.figures import Figures
from playground.gui.views.gallery import GalleryView
from playground.gui.views.network import NetworkView
from playground.gui.views.stability_view import StabilityPage
from playground.gui.window_docks import FOLD_WIDTH, SidePanels

ERROR_SHOWN_MS = 10_000  # how long a settings error stays in the status bar


class MainWindow(QMainWindow):
    """NN Playground's window. Call ``start()`` after ``show()`` to begin building the run."""

    def __init__(self, spec: Spec | None = None, path: str | Path | None = None,
                 settings: QSettings | None = None):
        super().__init__()
        if spec is None:
            from playground.core.files.presets import default_spec

            spec = default_spec()
        self.session = Session(spec, self)
        self._settings = settings if settings is not None else QSettings()
        self.document = Document(self.session, self, self._settings, path)
        self.recovery = Recovery(self, self.session, self.document)  # autosave, crash restore
        self.exports = Exports(self.session, self, self.document.last_folder)
        self._prepared: Prepared | None = None
        self.search_dialog: QWidget | None = None  # built the first time it opens
        self.activation_explorer: QWidget | None = None
        self._build_views()
        self._build_docks()
        self.toolbar = TrainingToolBar(self.session, self)
        self.addToolBar(self.toolbar)
        self.menus = Menus(self, self.session, self.document, self.exports, self.toolbar,
                           [self.data_dock, self.training_dock, self.metrics_dock,
                            self.lessons_dock],
                           self._on_dock_toggled)
        self._build_status_bar()
        self._connect()
        self._unfocus = ClickUnfocus(self)  # a click on a plot frees the window's keys
        self._update_title()
        self.resize(1440, 900)  # a smaller screen's window manager shrinks it (and it folds)
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)  # where it was; it cannot go below the unfolded
            size = self._settings.value("window/size")  # minimum, so the size comes after
            if isinstance(size, QSize) and size.isValid():
                self.resize(size)

    def start(self) -> None:
        """Start the engine: the worker thread imports torch and builds the first run."""
        self.session.start()

    # ------------------------------------------------------------------------------- views
    def _build_views(self) -> None:
        # The network view needs no torch (the head's output count is pure), so it is built
        # with the window and shows the network before the engine has loaded.
        self.network = NetworkView(self.session)
        self.network.neuron_hovered.connect(self._on_neuron_hovered)
        self.boundary = BoundaryView()
        self.curve = CurveView()
        self.gallery = GalleryView()
        self.loss_chart = LossChart()
        self.gradient_chart = GradientChart()
        self.figures = Figures()
        self.banner = DivergedBanner(self.session.reset)
        self._outputs = {"boundary": self.boundary, "curve": self.curve,
                         "gallery": self.gallery}
        self.output_stack = window_views.output_stack(self._outputs.values())
        self.charts = window_views.chart_tabs(self.loss_chart, self.gradient_chart)
        self.charts.currentChanged.connect(self._on_chart_tab_changed)
        self.splitter = window_views.columns_splitter(
            window_views.network_column(self.network),
            window_views.output_column(self.figures, self.output_stack, self.charts))
        self._build_pages(window_views.playground_page(self.banner, self.splitter))

    def _build_pages(self, playground: QWidget) -> None:
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(playground, self.tr("Playground"))
        # The optimizer lab is built the first time its tab opens (it starts threads of its own).
        self.lab: QWidget | None = None
        self._lab_page = QWidget()
        QVBoxLayout(self._lab_page).setContentsMargins(0, 0, 0, 0)
        self.pages.addTab(self._lab_page, self.tr("Optimizer lab"))
        self.stability_page = StabilityPage(self.session)  # built on first open
        self.pages.addTab(self.stability_page, self.tr("Stability"))
        self.pages.currentChanged.connect(self._on_page_changed)
        self.setCentralWidget(self.pages)

    @Slot(int)
    def _on_page_changed(self, index: int) -> None:
        in_lab = self.pages.widget(index) is self._lab_page
        if in_lab and self.lab is None:
            try:
                from playground.gui.lab import OptimizerLab
            except ImportError as exc:
                self._lab_page.layout().addWidget(QLabel(
                    self.tr("The optimizer lab is unavailable: {0}").format(exc)))
            else:
                self.lab = OptimizerLab()
                self.lab.set_session(self.session)
                # The lab scrolls rather than widen the window to its minimum.
                self._lab_page.layout().addWidget(scroll_area(self.lab, horizontal=True))
        # The lab has its own play and step buttons: two Plays would be one too many.
        for action in (self.toolbar.reset_action, self.toolbar.play_action,
                       self.toolbar.step_action, self.toolbar.epoch_action):
            action.setVisible(not in_lab)
        # The data and training panels belong to the playground page.
        for dock in (self.data_dock, self.training_dock, self.metrics_dock, self.lessons_dock):
            dock.setVisible(not in_lab and self._dock_wanted.get(dock, True))

    def _build_docks(self) -> None:
        self.panels = panels = SidePanels(self, self.session)
        self.data_panel, self.features_panel = panels.data_panel, panels.features_panel
        self.training_panel, self.lessons_panel = panels.training_panel, panels.lessons_panel
        self.metrics_panel, self.backprop_panel = panels.metrics_panel, panels.backprop_panel
        self.data_dock, self.training_dock = panels.data_dock, panels.training_dock
        self.lessons_dock, self.metrics_dock = panels.lessons_dock, panels.metrics_dock
        self.backprop_dock = panels.backprop_dock
        self.lessons_panel.lesson_opened.connect(self._on_lesson_opened)
        self._dock_wanted: dict[QDockWidget, bool] = {}

    # ------------------------------------------------------------------------- window size
    def resize(self, *size: object) -> None:
        """QWidget.resize; a width under FOLD_WIDTH folds the panels first, so the window can
        take it (unfolded, its minimum is wider). Users dragging the edge fold it in
        resizeEvent, before the unfolded minimum stops them."""
        width = size[0].width() if len(size) == 1 else size[0]
        self.panels.fold(width < FOLD_WIDTH)
        super().resize(*size)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.panels.fold(event.size().width() < FOLD_WIDTH)
        if event.size().width() != event.oldSize().width():
            self.panels.fit()

    @property
    def panels_folded(self) -> bool:
        """True when the Training, Lessons, Metrics and Backprop panels are tabs beside Data."""
        return self.panels.folded

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setObjectName("statusText")
        self.statusBar().addPermanentWidget(self.status_label)

    def _connect(self) -> None:
        s = self.session
        s.data_changed.connect(self._on_data_changed)
        s.snapshot_ready.connect(self._on_snapshot)
        s.status_changed.connect(self.status_label.setText)
        s.error.connect(self._on_error)
        s.run_failed.connect(self.banner.show_problem)
        s.notice.connect(self._on_notice)
        s.spec_changed.connect(self._on_spec_changed)
        self.document.path_changed.connect(self._update_title)
        self.document.message.connect(self.statusBar().showMessage)
        self.exports.message.connect(self.statusBar().showMessage)
        s.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.training_panel.stop_at_epochs_changed.connect(s.set_stop_at_epochs)
        self.data_panel.draw_mode_changed.connect(self._on_draw_mode_changed)
        self.boundary.point_drawn.connect(self.data_panel.add_point)
        self.boundary.erase_requested.connect(self.data_panel.erase_at)
        self.backprop_panel.set_network_view(self.network)
        self.backprop_panel.set_plot(self.boundary)

    # ------------------------------------------------------------------------ session slots
    @Slot(object)
    def _on_data_changed(self, prepared: Prepared) -> None:
        self._prepared = prepared
        spec = self.session.spec
        kind = output_view_kind(prepared)
        self._output = self._outputs[kind]
        self.output_stack.setCurrentWidget(self._output)
        self._output.set_data(prepared, spec)
        self.loss_chart.set_data(prepared, spec)
        self.gradient_chart.set_data(prepared, spec)
        self.metrics_panel.set_data(prepared, spec)
        self.figures.clear()
        self.banner.hide()

    @Slot(object)
    def _on_snapshot(self, snap: Snapshot) -> None:
        if self._prepared is None:
            return
        self._output.show_snapshot(snap)
        # Charts on a hidden tab skip frames; the tab catches up when it is shown.
        self.figures.show_snapshot(snap)
        self.metrics_panel.show_snapshot(snap)
        if self.charts.currentWidget() is self.gradient_chart:
            self.gradient_chart.show_snapshot(snap)
        else:
            self.loss_chart.show_snapshot(snap)
        if snap.status == RunStatus.DIVERGED:
            self.banner.show_diverged(snap.message)
        elif snap.epoch >= 1 and not (self.banner.isVisible() and not self.banner.showing_hint):
            reason = stall_reason(snap.extras.get("layer_stats"),
                                  snap.history.get("train_loss"))
            if reason is not None:
                self.banner.show_stalled(reason)
            elif self.banner.showing_hint:
                self.banner.hide()

    @Slot(object)
    def _on_lesson_opened(self, lesson: object) -> None:
        # The output view follows the data; the chart tab follows what the lesson watches.
        wanted = self.gradient_chart if "gradients" in lesson.views else self.loss_chart
        self.charts.setCurrentWidget(wanted)

    @Slot(bool)
    def _on_dock_toggled(self, visible: bool) -> None:
        # Remember what the student chose, so leaving the lab tab restores it.
        dock = self.sender().parent()
        if isinstance(dock, QDockWidget):
            self._dock_wanted[dock] = visible

    @Slot(int)
    def _on_chart_tab_changed(self, _index: int) -> None:
        # Qt also switches tabs while it tears the window down, after Python let go of it.
        session = self.__dict__.get("session")
        snap = session.last_snapshot if session is not None else None
        if snap is not None and self._prepared is not None:
            self._on_snapshot(snap)

    @Slot(str)
    def _on_notice(self, message: str) -> None:
        self.statusBar().showMessage(message, ERROR_SHOWN_MS)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        self.statusBar().showMessage("⚠ " + message, ERROR_SHOWN_MS)

    @Slot(object)
    def _on_spec_changed(self, spec: Spec) -> None:
        self._update_title()

    @Slot(bool)
    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    @Slot(bool)
    def _on_draw_mode_changed(self, on: bool) -> None:
        self.boundary.set_draw_mode(on)

    @Slot(int, int)
    def _on_neuron_hovered(self, layer: int, unit: int) -> None:
        self.boundary.show_neuron(layer if layer >= 0 else None, max(unit, 0))

    def _update_title(self) -> None:
        path = self.document.path
        name = path.name if path else (self.session.spec.name or self.tr("untitled"))
        self.setWindowTitle(self.tr("{0}[*] — {1}").format(name, APP_NAME))
        self.setWindowModified(not self.session.undo_stack.isClean())

    @property
    def output_view(self) -> QWidget:
        """The output view showing now (boundary, curve or gallery)."""
        return self.output_stack.currentWidget()

    @property
    def path(self) -> Path | None:
        """The experiment file this window shows (None: not saved yet)."""
        return self.document.path

    @Slot()
    def open_search(self) -> None:
        """Training > Cross-validation and search (a non-modal dialog; searches run on)."""
        if self.search_dialog is None:
            from playground.gui.search.dialog import SearchDialog

            self.search_dialog = SearchDialog(self.session, self)
        self.search_dialog.show()
        self.search_dialog.raise_()

    @Slot()
    def start_backprop(self) -> None:
        """View > Backprop step-through: the dock, stepping one sample."""
        self.backprop_dock.show()
        self.backprop_dock.raise_()
        self.backprop_panel.start()

    @Slot()
    def show_activation_explorer(self) -> None:
        """View > Activation explorer (one non-modal window)."""
        from playground.gui.views.activation_explorer import ActivationExplorer

        if self.activation_explorer is None:
            self.activation_explorer = ActivationExplorer(self)
        self.activation_explorer.show()
        self.activation_explorer.raise_()

    # ------------------------------------------------------------------------------ close
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask about unsaved changes, then stop the worker cleanly before the window goes."""
        if not self.document.confirm_discard():
            event.ignore()
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/size", self.size())
        if self.lab is not None:
            self.lab.shutdown()
        if self.search_dialog is not None:
            self.search_dialog.shutdown()
        self.lessons_panel.shutdown()
        self.session.shutdown()
        self._unfocus.detach()
        self.recovery.discard()  # a clean exit: nothing to recover
        event.accept()
