"""The main window: composes the panels and views around one Session; menus and file handling.

Layout, as TF Playground users know it: DATA and FEATURES on the left, the network in the
middle, OUTPUT on the right (the latest losses over the decision boundary for 2-D inputs, a
fitted curve for 1-D regression, a sample gallery otherwise) with the loss and gradient charts
below; TRAINING settings on the far right; the optimizer lab on a second tab. No training logic
lives here.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.core import spec as spec_io
from playground.core.data.raw import Prepared
from playground.core.spec import Spec, SpecError
from playground.core.train.snapshot import Snapshot
from playground.gui.controls.data_panel import DataPanel
from playground.gui.controls.features_panel import FeaturesPanel
from playground.gui.controls.training_panel import TrainingPanel
from playground.gui.controls.widgets import fix_size, section_title
from playground.gui.session import Session
from playground.gui.toolbar import TrainingToolBar
from playground.gui.views import output_view_kind
from playground.gui.views.backprop_panel import BackpropPanel
from playground.gui.views.boundary import BoundaryView
from playground.gui.views.charts import GradientChart, LossChart
from playground.gui.views.curve import CurveView
from playground.gui.views.gallery import GalleryView
from playground.gui.views.stability_view import StabilityPage

APP_NAME = "NN Playground"
MAX_RECENT = 8
ERROR_SHOWN_MS = 10_000  # how long a settings error stays in the status bar
DATA_DOCK_WIDTH = 288  # px: three dataset thumbnails side by side, and a scroll bar
TRAINING_DOCK_WIDTH = 282  # px: a label and a field per row
NETWORK_MIN_WIDTH = 440  # px: the network column (wider graphs scroll)
OUTPUT_MIN_WIDTH = 340  # px: the output view, whichever it is
EXPERIMENT_FILTER = "Experiments (*.json *.toml);;JSON (*.json);;TOML (*.toml)"


class Figures(QWidget):
    """The latest losses and accuracies as numbers, over the output as in TF Playground."""

    # (metric, title, grid row, grid column pair): one row per split, losses then accuracies,
    # so that a validation split adds a row, not a third column that widens the window.
    _CELLS = (("test_loss", "Test loss", 0, 0), ("test_accuracy", "Test accuracy", 0, 1),
              ("train_loss", "Training loss", 1, 0),
              ("train_accuracy", "Training accuracy", 1, 1),
              ("validation_loss", "Validation loss", 2, 0),
              ("validation_accuracy", "Validation accuracy", 2, 1))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 0, 2, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        self._values: dict[str, QLabel] = {}
        self._names: dict[str, QLabel] = {}
        for key, title, row, pair in self._CELLS:
            name = QLabel(title)
            name.setObjectName("figureName")
            value = QLabel("–")
            value.setObjectName("figureValue")
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            fix_size(value, "0.000000")
            grid.addWidget(name, row, 2 * pair)
            grid.addWidget(value, row, 2 * pair + 1)
            self._names[key], self._values[key] = name, value
        grid.setColumnStretch(4, 1)
        self.clear()

    def value_text(self, key: str) -> str:
        """The text shown for a metric (tests)."""
        return self._values[key].text()

    def clear(self) -> None:
        """A new run: nothing measured yet; validation shows once a run reports it."""
        for key in self._values:
            self._values[key].setText("–")
            self._show(key, not key.startswith("validation"))

    def _show(self, key: str, visible: bool) -> None:
        if self._values[key].isVisibleTo(self) != visible:
            self._names[key].setVisible(visible)
            self._values[key].setVisible(visible)

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: the newest figures (accuracy as a percentage)."""
        for key, label in self._values.items():
            value = snap.metrics.get(key)
            self._show(key, value is not None)
            if value is not None:
                text = f"{value:.1%}" if key.endswith("accuracy") else f"{value:.4f}"
                if label.text() != text:
                    label.setText(text)


class DivergedBanner(QFrame):
    """A red strip over the views while the run has diverged, with a one-click reset."""

    def __init__(self, on_reset: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("divergedBanner")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Start over with fresh weights (lower the learning rate "
                                     "first)")
        self.reset_button.clicked.connect(on_reset)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.message, 1)
        row.addWidget(self.reset_button)
        self.hide()


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
        self._path: Path | None = Path(path) if path else None
        self._prepared: Prepared | None = None
        self._build_views()
        self._build_docks()
        self.toolbar = TrainingToolBar(self.session, self)
        self.addToolBar(self.toolbar)
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self._update_title()
        self.resize(1440, 900)
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def start(self) -> None:
        """Start the engine: the worker thread imports torch and builds the first run."""
        self.session.start()

    # ------------------------------------------------------------------------------- views
    def _build_views(self) -> None:
        # The network view is built once torch has loaded in the worker thread: its module
        # imports the core's head module, which imports torch, and doing that here would
        # keep the window off screen for seconds (see _on_engine_loaded).
        self.network: QWidget = QLabel("Starting the engine…")
        self.network.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.network.setObjectName("hint")
        self.boundary = BoundaryView()
        self.curve = CurveView()
        self.gallery = GalleryView()
        self.loss_chart = LossChart()
        self.gradient_chart = GradientChart()
        self.figures = Figures()
        self.banner = DivergedBanner(self.session.reset)

        self.output_stack = QStackedWidget()
        self._outputs = {"boundary": self.boundary, "curve": self.curve,
                         "gallery": self.gallery}
        for view in self._outputs.values():
            self.output_stack.addWidget(view)
        # A view's own minimum (the gallery's is wide) must not push the window off screen.
        self.output_stack.setMinimumSize(OUTPUT_MIN_WIDTH, OUTPUT_MIN_WIDTH)
        charts = QTabWidget()
        charts.setDocumentMode(True)
        charts.addTab(self.loss_chart, "Loss")
        charts.addTab(self.gradient_chart, "Gradients")
        charts.currentChanged.connect(self._on_chart_tab_changed)
        self.charts = charts

        output = QWidget()
        output.setObjectName("outputColumn")
        column = QVBoxLayout(output)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(4)
        column.addWidget(section_title("Output"))
        column.addWidget(self.figures)
        column.addWidget(self.output_stack, 3)
        column.addWidget(charts, 2)

        network_box = QWidget()
        net_column = QVBoxLayout(network_box)
        net_column.setContentsMargins(8, 8, 8, 8)
        net_column.setSpacing(4)
        net_column.addWidget(section_title("Network"))
        net_column.addWidget(self.network, 1)
        self._network_column = net_column
        # Wide networks scroll inside the view; the column must not push the window past
        # a laptop screen (1440 px) when layers are added.
        network_box.setMinimumWidth(NETWORK_MIN_WIDTH)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(network_box)
        self.splitter.addWidget(output)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        playground = QWidget()
        central_layout = QVBoxLayout(playground)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.splitter, 1)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(playground, "Playground")
        # The optimizer lab is built the first time its tab opens (it starts threads of its own).
        self.lab: QWidget | None = None
        self._lab_page = QWidget()
        QVBoxLayout(self._lab_page).setContentsMargins(0, 0, 0, 0)
        self.pages.addTab(self._lab_page, "Optimizer lab")
        self.stability_page = StabilityPage(self.session)
        self.pages.addTab(self.stability_page, "Stability")
        self.pages.currentChanged.connect(self._on_page_changed)
        self.setCentralWidget(self.pages)

    @Slot(int)
    def _on_page_changed(self, index: int) -> None:
        in_lab = self.pages.widget(index) is self._lab_page
        if in_lab and self.lab is None:
            try:
                from playground.gui.lab import OptimizerLab
            except ImportError as exc:
                self._lab_page.layout().addWidget(QLabel(f"The optimizer lab is unavailable: "
                                                         f"{exc}"))
            else:
                self.lab = OptimizerLab()
                self.lab.set_session(self.session)
                self._lab_page.layout().addWidget(self.lab)
        # The data and training panels belong to the playground page.
        for dock in (self.data_dock, self.training_dock):
            dock.setVisible(not in_lab and self._dock_wanted.get(dock, True))

    def _build_docks(self) -> None:
        self.data_panel = DataPanel(self.session)
        self.features_panel = FeaturesPanel(self.session)
        self.training_panel = TrainingPanel(self.session)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.data_panel)
        left_column.addWidget(self.features_panel)
        left_column.addStretch(1)
        self.data_dock = self._dock("Data", "dataDock", left, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.training_dock = self._dock("Training", "trainingDock", self.training_panel,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock_wanted: dict[QDockWidget, bool] = {}
        self.data_dock.setMinimumWidth(DATA_DOCK_WIDTH)
        self.training_dock.setMinimumWidth(TRAINING_DOCK_WIDTH)
        self.backprop_panel = BackpropPanel(self.session)
        self.backprop_dock = self._dock("Backprop", "backpropDock", self.backprop_panel,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.training_dock, self.backprop_dock)
        self.backprop_dock.hide()

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
              ) -> QDockWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(widget)
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(scroll)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        # The panels carry their own section titles; a second title bar would only repeat them.
        dock.setTitleBarWidget(QWidget())
        self.addDockWidget(area, dock)
        return dock

    # ------------------------------------------------------------------------------- menus
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(file_menu, "&New", self.new_experiment,
                                       QKeySequence.StandardKey.New)
        self.open_action = self._action(file_menu, "&Open experiment…", self.open_experiment,
                                        QKeySequence.StandardKey.Open)
        self.presets_menu = file_menu.addMenu("Open &preset")
        self.presets_menu.aboutToShow.connect(self._fill_presets_menu)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.save_action = self._action(file_menu, "&Save", self.save,
                                        QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(file_menu, "Save &as…", self.save_as,
                                           QKeySequence.StandardKey.SaveAs)
        file_menu.addSeparator()
        self.export_weights_action = self._action(file_menu, "&Export weights…",
                                                  self.export_weights)
        self.import_weights_action = self._action(file_menu, "&Import weights…",
                                                  self.import_weights)
        self.export_csv_action = self._action(file_menu, "Export data as &CSV…",
                                              self.export_csv)
        self.export_png_action = self._action(file_menu, "Export view as P&NG…",
                                              self.export_png)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", self.close,
                                        QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.session.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT
                                                    | Qt.Key.Key_Z),
                                       QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Y)])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        train_menu = bar.addMenu("&Training")
        for action in (self.toolbar.play_action, self.toolbar.step_action,
                       self.toolbar.epoch_action, self.toolbar.reset_action):
            train_menu.addAction(action)

        view_menu = bar.addMenu("&View")
        self.backprop_action = self._action(view_menu, "&Backprop step-through",
                                            self._start_backprop, QKeySequence("Ctrl+B"))
        self._action(view_menu, "&Activation explorer…", self._show_activation_explorer)
        for dock in (self.data_dock, self.training_dock):
            toggle = dock.toggleViewAction()
            toggle.setText(f"{dock.windowTitle()} panel")
            toggle.triggered.connect(self._on_dock_toggled)
            view_menu.addAction(toggle)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self._show_shortcuts)
        self._action(help_menu, "&About NN Playground", self._show_about)

    def _action(self, menu: Any, text: str, slot: Callable[[], Any],
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

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
        s.spec_changed.connect(self._on_spec_changed)
        s.file_done.connect(self._on_file_done)
        s.file_failed.connect(self._on_file_failed)
        s.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.training_panel.stop_at_epochs_changed.connect(s.set_stop_at_epochs)
        self.data_panel.draw_mode_changed.connect(self._on_draw_mode_changed)
        self.boundary.point_drawn.connect(self.data_panel.add_point)
        self.boundary.erase_requested.connect(self.data_panel.erase_at)
        s.devices_changed.connect(self._on_engine_loaded)
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
        self.figures.clear()
        self.banner.hide()

    @Slot(object)
    def _on_engine_loaded(self, _devices: object) -> None:
        """torch is loaded (the worker found its devices): build the network view now."""
        if not isinstance(self.network, QLabel):
            return
        from playground.gui.views.network import NetworkView

        view = NetworkView(self.session)
        view.setMinimumWidth(NETWORK_MIN_WIDTH - 16)
        self._network_column.replaceWidget(self.network, view)
        self.network.deleteLater()
        self.network = view
        view.neuron_hovered.connect(self._on_neuron_hovered)
        self.backprop_panel.set_network_view(view)
        # It subscribed to the session just now: give it what it missed.
        if self.session.prepared is not None:
            view.set_data(self.session.prepared, self.session.spec)
        if self.session.last_snapshot is not None:
            view.show_snapshot(self.session.last_snapshot)

    @Slot(object)
    def _on_snapshot(self, snap: Snapshot) -> None:
        if self._prepared is None:
            return
        self._output.show_snapshot(snap)
        # Charts on a hidden tab skip frames; the tab catches up when it is shown.
        self.figures.show_snapshot(snap)
        if self.charts.currentWidget() is self.gradient_chart:
            self.gradient_chart.show_snapshot(snap)
        else:
            self.loss_chart.show_snapshot(snap)
        if snap.status == "diverged":
            self.banner.message.setText("Training diverged: " + snap.message)
            self.banner.show()

    @Slot(bool)
    def _on_dock_toggled(self, visible: bool) -> None:
        # Remember what the student chose, so leaving the lab tab restores it.
        dock = self.sender().parent()
        if isinstance(dock, QDockWidget):
            self._dock_wanted[dock] = visible

    @Slot(int)
    def _on_chart_tab_changed(self, _index: int) -> None:
        snap = self.session.last_snapshot
        if snap is not None and self._prepared is not None:
            self._on_snapshot(snap)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        self.statusBar().showMessage("⚠ " + message, ERROR_SHOWN_MS)

    @Slot(object)
    def _on_spec_changed(self, spec: Spec) -> None:
        self._update_title()

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self._update_title()

    @Slot(bool)
    def _on_draw_mode_changed(self, on: bool) -> None:
        self.boundary.set_draw_mode(on)

    @Slot(int, int)
    def _on_neuron_hovered(self, layer: int, unit: int) -> None:
        self.boundary.show_neuron(layer if layer >= 0 else None, max(unit, 0))

    def _update_title(self) -> None:
        name = self._path.name if self._path else (self.session.spec.name or "untitled")
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(not self.session.undo_stack.isClean())

    @property
    def output_view(self) -> QWidget:
        """The output view showing now (boundary, curve or gallery)."""
        return self.output_stack.currentWidget()

    @property
    def path(self) -> Path | None:
        """The experiment file this window shows (None: not saved yet)."""
        return self._path

    # -------------------------------------------------------------------------- file menu
    def _confirm_discard(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on (saved or discarded)."""
        if self.session.undo_stack.isClean():
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.warning(self, APP_NAME, "The experiment has unsaved changes. "
                                     "Save them first?", buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    @Slot()
    def new_experiment(self) -> None:
        """File > New: the default experiment, unsaved."""
        if not self._confirm_discard():
            return
        from playground.core.files.presets import default_spec

        self._set_document(default_spec(), None)

    @Slot()
    def open_experiment(self) -> None:
        """File > Open: pick a .json/.toml experiment."""
        if not self._confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open experiment", self._last_folder(),
                                              EXPERIMENT_FILTER)
        if path:
            self.open_path(path, confirm=False)

    def open_path(self, path: str | Path, confirm: bool = True) -> bool:
        """Load an experiment file; a bad file gives a message box and changes nothing."""
        if confirm and not self._confirm_discard():
            return False
        path = Path(path)
        try:
            spec = spec_io.load(path)
        except (SpecError, OSError) as exc:
            QMessageBox.critical(self, APP_NAME, f"Could not open {path.name}:\n{exc}")
            return False
        self._set_document(spec, path)
        self._remember(path)
        return True

    def _set_document(self, spec: Spec, path: Path | None) -> None:
        self._path = path
        self.session.load(spec)
        self._update_title()

    @Slot()
    def save(self) -> bool:
        """File > Save (Save as when the experiment has no file yet). True when saved."""
        if self._path is None:
            return self.save_as()
        return self._write(self._path)

    @Slot()
    def save_as(self) -> bool:
        """File > Save as: pick a .json or .toml name. True when saved."""
        start = str(self._path) if self._path else str(Path(self._last_folder())
                                                      / "experiment.json")
        path, chosen = QFileDialog.getSaveFileName(self, "Save experiment", start,
                                                   EXPERIMENT_FILTER)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() not in (".json", ".toml"):
            path = path.with_name(path.name + (".toml" if "TOML" in chosen else ".json"))
        if not self._write(path):
            return False
        self._path = path
        self._remember(path)
        self._update_title()
        return True

    def _write(self, path: Path) -> bool:
        try:
            spec_io.save(self.session.spec, path)
        except (SpecError, OSError) as exc:
            QMessageBox.critical(self, APP_NAME, f"Could not save {path.name}:\n{exc}")
            return False
        self.session.undo_stack.setClean()
        self.statusBar().showMessage(f"Saved {path}", ERROR_SHOWN_MS)
        return True

    @Slot()
    def export_weights(self) -> None:
        """File > Export weights: the format follows the suffix (safetensors by default)."""
        start = str(Path(self._last_folder()) / "weights.safetensors")
        path, chosen = QFileDialog.getSaveFileName(self, "Export weights", start,
                                                   ";;".join(weight_filters()))
        if not path:
            return
        if not Path(path).suffix:
            path += chosen[chosen.index("*") + 1:chosen.index(")")]
        self.session.export_weights(path)

    @Slot()
    def import_weights(self) -> None:
        """File > Import weights into the current network (shapes must match)."""
        filters = weight_filters()
        every = " ".join(f[f.index("(") + 1:-1] for f in filters)
        path, _ = QFileDialog.getOpenFileName(self, "Import weights", self._last_folder(),
                                              ";;".join([f"Weights ({every})", *filters]))
        if path:
            self.session.import_weights(path)

    @Slot(str, str)
    def _on_file_done(self, what: str, path: str) -> None:
        verb = "Exported weights to" if what == "export_weights" else "Loaded weights from"
        self.statusBar().showMessage(f"{verb} {path}", ERROR_SHOWN_MS)

    @Slot(str, str)
    def _on_file_failed(self, what: str, message: str) -> None:
        title = "Export weights" if what == "export_weights" else "Import weights"
        QMessageBox.critical(self, title, message)

    @Slot()
    def export_csv(self) -> None:
        """File > Export data as CSV: raw inputs, target and split of every row."""
        prepared = self.session.prepared
        if prepared is None:
            QMessageBox.information(self, APP_NAME, "There is no data yet.")
            return
        start = str(Path(self._last_folder()) / f"{self.session.spec.data.dataset}.csv")
        path, _ = QFileDialog.getSaveFileName(self, "Export data", start, "CSV (*.csv)")
        if not path:
            return
        try:
            write_csv(prepared, path)
        except (OSError, ValueError) as exc:
            QMessageBox.critical(self, APP_NAME, f"Could not write {path}:\n{exc}")
            return
        self.statusBar().showMessage(f"Exported the data to {path}", ERROR_SHOWN_MS)

    @Slot()
    def export_png(self) -> None:
        """File > Export view as PNG: the output view as it shows now."""
        start = str(Path(self._last_folder()) / "output.png")
        path, _ = QFileDialog.getSaveFileName(self, "Export view", start, "PNG image (*.png)")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if not self.output_view.grab().save(path, "PNG"):
            QMessageBox.critical(self, APP_NAME, f"Could not write {path}.")
            return
        self.statusBar().showMessage(f"Saved the view to {path}", ERROR_SHOWN_MS)

    # --------------------------------------------------------------------- recent / presets
    def recent_files(self) -> list[str]:
        """Recently opened or saved experiment files, newest first."""
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):  # QSettings returns a lone entry as a string
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        entry = str(path.resolve())
        files = [entry] + [f for f in self.recent_files() if f != entry]
        self._settings.setValue("recentFiles", files[:MAX_RECENT])
        self._settings.setValue("lastFolder", str(path.resolve().parent))

    def _last_folder(self) -> str:
        return str(self._settings.value("lastFolder", str(Path.home())))

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for entry in files:
            action = self.recent_menu.addAction(Path(entry).name)
            action.setToolTip(entry)
            action.setData(entry)
            action.triggered.connect(self._on_recent_chosen)
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)

    @Slot()
    def _on_recent_chosen(self) -> None:
        self.open_path(self.sender().data())

    @Slot()
    def _fill_presets_menu(self) -> None:
        from playground.core.files.presets import preset_names, preset_path

        self.presets_menu.clear()
        for name in preset_names():
            action = self.presets_menu.addAction(name)
            action.setData(str(preset_path(name)))
            action.triggered.connect(self._on_preset_chosen)

    @Slot()
    def _on_preset_chosen(self) -> None:
        if not self._confirm_discard():
            return
        path = Path(self.sender().data())
        try:
            spec = spec_io.load(path)
        except (SpecError, OSError) as exc:
            QMessageBox.critical(self, APP_NAME, f"Could not open the preset:\n{exc}")
            return
        self._set_document(spec, None)  # a preset is a template: Save asks for a new name

    # ------------------------------------------------------------------------------- help
    @Slot()
    def _show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", (
            "Space\tplay / pause\nS or →\tone step (minibatch)\nE\tone epoch\nR\treset\n"
            "Ctrl+Z\tundo\nCtrl+Shift+Z\tredo\nCtrl+N / O / S\tnew / open / save\n"
            "Ctrl+Q\tquit\nCtrl+B\tbackprop step-through: N next, B back, Esc leave"))

    @Slot()
    def _start_backprop(self) -> None:
        self.backprop_dock.show()
        self.backprop_dock.raise_()
        self.backprop_panel.start()

    @Slot()
    def _show_activation_explorer(self) -> None:
        from playground.gui.views.activation_explorer import ActivationExplorer

        if getattr(self, "activation_explorer", None) is None:
            self.activation_explorer = ActivationExplorer(self)
        self.activation_explorer.show()
        self.activation_explorer.raise_()

    @Slot()
    def _show_about(self) -> None:
        QMessageBox.about(self, APP_NAME, f"<b>{APP_NAME}</b><p>Build neural networks and "
                          "watch them learn: TensorFlow Playground, native and torch-based.</p>")

    # ------------------------------------------------------------------------------ close
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask about unsaved changes, then stop the worker cleanly before the window goes."""
        if not self._confirm_discard():
            event.ignore()
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        if self.lab is not None:
            self.lab.shutdown()
        self.session.shutdown()
        event.accept()


def weight_filters() -> list[str]:
    """File dialog filters for the core's weight formats, e.g. "safetensors (*.safetensors)"."""
    # Imported here: the weights module imports torch, which loads in the worker thread after
    # the window shows (by the time anyone exports, it is there).
    from playground.core.files.weights import FORMATS

    return [f"{text.split(':')[0]} (*{suffix})" for suffix, text in FORMATS.items()]


def write_csv(prepared: Prepared, path: str | Path) -> None:
    """Rows of raw inputs, target column(s) and split ("train", "validation", "test")."""
    targets = np.asarray(prepared.y_train)
    n_targets = 1 if targets.ndim == 1 else targets.shape[1]
    target_names = ["target"] if n_targets == 1 else [f"target{i + 1}" for i in range(n_targets)]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*prepared.input_names, *target_names, "split"])
        for split, raw, y in (("train", prepared.raw_train, prepared.y_train),
                              ("validation", prepared.raw_val, prepared.y_val),
                              ("test", prepared.raw_test, prepared.y_test)):
            if len(raw) == 0:
                continue
            y = np.asarray(y).reshape(len(raw), -1)
            for xi, yi in zip(raw, y, strict=True):
                writer.writerow([*(f"{v:.9g}" for v in xi), *(_cell(v) for v in yi), split])


def _cell(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else f"{float(value):.9g}"

