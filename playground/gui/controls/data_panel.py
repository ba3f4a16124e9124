"""The DATA panel: dataset picker with previews, split / noise / batch / sample sliders, seed,
and the drawing tools for the hand-placed ``drawn`` dataset."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.datasets import DATASETS
from playground.core.data.plane_sets import DOMAIN
from playground.core.data.raw import Prepared, plot_ranges
from playground.core.spec import Spec
from playground.gui.controls.dataset_previews import (
    FILE_SETS,
    PREVIEW_PX,
    dataset_preview,
    placeholder_icon,
)
from playground.gui.controls.widgets import ValueSlider
from playground.gui.i18n import core_text
from playground.gui.style import section_title
from playground.gui.views import colormaps

RATIOS = [i / 100 for i in range(10, 95, 5)]  # share of training rows offered (10 % .. 90 %)
NOISES = [i / 100 for i in range(0, 101)]  # TF Playground offers 0..0.5; 0..1 here
BATCHES = [1, 2, 3, 4, 5, 8, 10, 16, 20, 25, 30, 32, 50, 64, 100, 128, 256, 512, 1024, 2048,
           4096, 10000]
SAMPLES = [10, 20, 50, 100, 200, 300, 500, 750, 1000, 2000, 5000, 10000, 20000, 50000, 100000]
STROKE_GAP_S = 0.4  # drawn points closer in time than this belong to one stroke (one undo)
ERASE_RADIUS = 0.04  # share of the domain width a right click erases around the pointer
MAX_SEED_POINTS = 400  # points copied from a generated set when drawing starts from it
# Where drawing starts when there is nothing 2-D to copy, and what Clear leaves: the fewest
# points a classifier trains on (one of each class).
STARTER_POINTS = [[-2.5, 0.0, 0.0], [2.5, 0.0, 1.0]]


class DataPanel(QWidget):
    """Edits the data.* fields (and training.batch_size, seed) through the session."""

    draw_mode_changed = Signal(bool)  # the boundary view should take clicks as points

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._prepared: Prepared | None = None
        self._stroke = 0
        self._last_point_at = 0.0
        self._datasets = self._make_picker()
        self._description = QLabel()
        self._description.setObjectName("hint")
        self._description.setWordWrap(True)
        self.ratio = self._slider(self.tr("Ratio of training to test data"), RATIOS, _percent,
                                  self._on_ratio_changed)
        self.noise = self._slider(self.tr("Noise"), NOISES, "{:.2f}".format,
                                  self._on_noise_changed)
        self.batch = self._slider(self.tr("Batch size"), BATCHES, "{:g}".format,
                                  self._on_batch_changed)
        self.batch.setToolTip(self.tr("Examples per gradient step (a minibatch); an epoch is "
                                      "n / batch steps."))
        self.samples = self._slider(self.tr("Samples"), SAMPLES, "{:g}".format,
                                    self._on_samples_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(section_title(self.tr("Data")))
        layout.addWidget(QLabel(self.tr("Which dataset do you want to use?")))
        for widget in (self._datasets, self._description, self.ratio, self.noise, self.batch,
                       self.samples):
            layout.addWidget(widget)
        layout.addLayout(self._seed_row())
        layout.addLayout(self._draw_row())
        layout.addStretch(1)
        session.spec_changed.connect(self._sync)
        session.data_changed.connect(self._on_data_changed)
        self._fill_draw_classes(2)
        self._sync(session.spec)
        # Thumbnails after the window shows: start-up does not wait for them.
        QTimer.singleShot(0, self._render_previews)

    # ----------------------------------------------------------------------------- building
    def _make_picker(self) -> QListWidget:
        """The dataset picker: a grid of thumbnails (placeholders until they are rendered)."""
        picker = QListWidget()
        picker.setObjectName("datasetPicker")
        picker.setViewMode(QListView.ViewMode.IconMode)
        picker.setMovement(QListView.Movement.Static)
        picker.setResizeMode(QListView.ResizeMode.Adjust)
        picker.setWrapping(True)
        picker.setIconSize(QSize(PREVIEW_PX, PREVIEW_PX))
        picker.setGridSize(QSize(PREVIEW_PX + 26, PREVIEW_PX + 24))
        picker.setUniformItemSizes(True)
        picker.setMinimumHeight(3 * (PREVIEW_PX + 24) + 8)
        for info in DATASETS.values():
            item = QListWidgetItem(placeholder_icon(info), core_text("datasets", info.name))
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            item.setToolTip(
                self.tr("{0}: {1}").format(info.name, core_text("datasets", info.description)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            picker.addItem(item)
        picker.itemClicked.connect(self._on_dataset_clicked)
        return picker

    @staticmethod
    def _slider(label: str, values: Sequence[float], fmt: Callable[[float], str],
                slot: Any) -> ValueSlider:
        """A value slider over ``values`` calling ``slot(value, merge_key)``."""
        slider = ValueSlider(label, values, fmt)
        slider.value_changed.connect(slot)
        return slider

    def _seed_row(self) -> QHBoxLayout:
        """Regenerate (the seed plus one) beside the seed itself."""
        self.regenerate = QPushButton(self.tr("Regenerate"))
        self.regenerate.setToolTip(
            self.tr("New random data (and initial weights): the seed goes up by 1"))
        self.regenerate.clicked.connect(self._on_regenerate)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        self.seed.setPrefix(self.tr("seed "))
        self.seed.setToolTip(
            self.tr("Seeds the data, the split, the initial weights and the batches"))
        self.seed.setMinimumWidth(80)  # the 10-digit range must not widen the dock
        self.seed.valueChanged.connect(self._on_seed_changed)
        row = QHBoxLayout()
        row.addWidget(self.regenerate)
        row.addWidget(self.seed, 1)
        return row

    def _draw_row(self) -> QHBoxLayout:
        """The drawing tools: the Draw switch, the class of the next point, Clear."""
        self.draw = QCheckBox(self.tr("Draw points"))
        self.draw.setToolTip(self.tr("Click or drag on the output to add points of the chosen "
                                     "class; right-click to erase"))
        self.draw.toggled.connect(self._on_draw_toggled)
        self.draw_class = QComboBox()
        self.draw_class.setToolTip(self.tr("Class of the points you draw"))
        self.draw_class.setMinimumWidth(70)
        self.clear_points = QToolButton()
        self.clear_points.setText(self.tr("Clear"))
        self.clear_points.setToolTip(self.tr("Remove every drawn point"))
        self.clear_points.clicked.connect(self._on_clear_points)
        row = QHBoxLayout()
        row.addWidget(self.draw)
        row.addWidget(self.draw_class, 1)
        row.addWidget(self.clear_points)
        return row

    # ------------------------------------------------------------------------- spec -> UI
    @Slot(object)
    def _sync(self, spec: Spec) -> None:
        info = DATASETS.get(spec.data.dataset)
        with QSignalBlocker(self._datasets):
            for i in range(self._datasets.count()):
                item = self._datasets.item(i)
                chosen = item.data(Qt.ItemDataRole.UserRole) == spec.data.dataset
                item.setSelected(chosen)
                if chosen:
                    self._datasets.scrollToItem(item)
        self._description.setText(core_text("datasets", info.description) if info
                                  else spec.data.dataset)
        d = spec.data
        # "auto": the field is null, the dataset decides (its own split, noise or size).
        self.ratio.set_value(0.5 if d.train_fraction is None else d.train_fraction,
                             self.tr("auto") if d.train_fraction is None else "")
        default_noise = info.default_noise if info else 0.0
        self.noise.set_value(default_noise if d.noise is None else d.noise,
                             self.tr("auto") if d.noise is None else "")
        self.batch.set_value(spec.training.batch_size)
        default_samples = info.default_samples if info else None
        if d.samples is None and default_samples:
            self.samples.set_value(default_samples, self.tr("auto"))
        elif d.samples is None:  # files and bundled tables: every row unless limited
            self.samples.set_value(SAMPLES[-1], text=self.tr("all rows"))
        else:
            self.samples.set_value(d.samples)
        generated = info is None or info.name != "drawn"
        # Noise is a knob of generated sets only: measured data and drawn points have none.
        noisy = info is not None and info.default_samples is not None
        self.noise.setEnabled(noisy)
        self.noise.setToolTip(self.tr("Spread added to the generated points") if noisy else
                              self.tr("This dataset is measured or drawn: it has no noise "
                                      "setting."))
        self.samples.setEnabled(generated)
        with QSignalBlocker(self.seed):
            self.seed.setValue(min(spec.seed, self.seed.maximum()))
        drawn = spec.data.dataset == "drawn"
        self.clear_points.setEnabled(drawn and bool(spec.data.points))
        self.draw_class.setEnabled(drawn)  # the class of the next point: drawing only
        if not drawn and self.draw.isChecked():
            with QSignalBlocker(self.draw):
                self.draw.setChecked(False)
            self.draw_mode_changed.emit(False)
        if drawn:
            labels = [int(p[2]) for p in spec.data.points]
            self._fill_draw_classes(max(labels, default=1) + 1)

    @Slot(object)
    def _on_data_changed(self, prepared: Prepared) -> None:
        self._prepared = prepared

    def _fill_draw_classes(self, k: int) -> None:
        """Offer the classes in use plus one new class (up to 10 in the chooser)."""
        k = min(max(k, 2) + (1 if k >= 2 else 0), 10)
        if self.draw_class.count() == k:
            return
        current = max(self.draw_class.currentIndex(), 0)
        with QSignalBlocker(self.draw_class):
            self.draw_class.clear()
            for c, rgb in enumerate(colormaps.class_colors(k)):
                pix = QPixmap(12, 12)
                pix.fill(QColor(*(int(v) for v in rgb)))
                self.draw_class.addItem(QIcon(pix), self.tr("class {0}").format(c), c)
            self.draw_class.setCurrentIndex(min(current, k - 1))

    # ------------------------------------------------------------------------- UI -> spec
    @Slot(QListWidgetItem)
    def _on_dataset_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        spec = self._session.spec
        if name == "drawn":
            self.draw.setChecked(True)
            return
        changes: dict[str, Any] = {"data.dataset": name}
        if name in FILE_SETS:
            path = self._ask_path(name)
            if not path:
                self._sync(spec)
                return
            changes["data.path"] = path
        old = DATASETS.get(spec.data.dataset)
        new = DATASETS[name]
        if old is None or old.kind != new.kind or new.kind == "tabular":
            # Features name the inputs of one kind of data (x1, x2 / x / columns).
            changes["data.features"] = None
        self._session.update(changes, self.tr("Dataset: {0}").format(name))

    def _ask_path(self, name: str) -> str:
        if FILE_SETS[name] is None:
            return QFileDialog.getExistingDirectory(self, self.tr("Folder with IDX files"))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a CSV table"), "",
                                              self.tr("CSV table (*.csv *.tsv *.txt)"))
        return path

    @Slot(float, object)
    def _on_ratio_changed(self, value: float, merge: str | None) -> None:
        self._session.update({"data.train_fraction": value},
                             self.tr("Training share {0:.0%}").format(value), merge)

    @Slot(float, object)
    def _on_noise_changed(self, value: float, merge: str | None) -> None:
        self._session.update({"data.noise": value}, self.tr("Noise {0:.2f}").format(value), merge)

    @Slot(float, object)
    def _on_batch_changed(self, value: float, merge: str | None) -> None:
        self._session.update({"training.batch_size": int(value)},
            self.tr("Batch size {0:g}").format(value), merge)

    @Slot(float, object)
    def _on_samples_changed(self, value: float, merge: str | None) -> None:
        self._session.update({"data.samples": int(value)},
            self.tr("Samples {0:g}").format(value), merge)

    @Slot()
    def _on_regenerate(self) -> None:
        self._session.update({"seed": self._session.spec.seed + 1}, self.tr("Regenerate data"))

    @Slot(int)
    def _on_seed_changed(self, seed: int) -> None:
        self._session.update({"seed": seed}, self.tr("Seed {0}").format(seed))

    # ----------------------------------------------------------------------------- drawing
    @Slot(bool)
    def _on_draw_toggled(self, on: bool) -> None:
        spec = self._session.spec
        if on and spec.data.dataset != "drawn":
            # Start from the current points, so drawing edits what the student sees.
            # Every drawn point trains (it stays in view); the ratio slider asks for a test split.
            ok = self._session.update({"data.dataset": "drawn", "data.features": None,
                                       "data.points": self._seed_points(),
                                       "data.train_fraction": 1.0},
                                      self.tr("Draw points"))
            if not ok:
                with QSignalBlocker(self.draw):
                    self.draw.setChecked(False)
                return
        self.draw_mode_changed.emit(on)

    def _seed_points(self) -> list[list[float]]:
        p = self._prepared
        if p is None or p.task != "classification" or p.n_inputs_raw != 2:
            return [list(point) for point in STARTER_POINTS]
        raw = np.concatenate([p.raw_train, p.raw_test])
        labels = np.concatenate([p.y_train, p.y_test])
        take = np.linspace(0, len(raw) - 1, min(len(raw), MAX_SEED_POINTS)).astype(int)
        return [[float(raw[i, 0]), float(raw[i, 1]), float(labels[i])] for i in take]

    @Slot(float, float)
    def add_point(self, x: float, y: float) -> None:
        """Add a point of the chosen class at raw coordinates (x, y) (BoundaryView.point_drawn)."""
        spec = self._session.spec
        if spec.data.dataset != "drawn":
            return
        if time.monotonic() - self._last_point_at > STROKE_GAP_S:
            self._stroke += 1
        label = float(self.draw_class.currentData() or 0)
        points = [list(p) for p in spec.data.points] + [[x, y, label]]
        self._session.update({"data.points": points},
            self.tr("Draw points"), f"stroke#{self._stroke}")
        # The gap is the student's, from the end of this point's update: a slow update (a
        # busy machine) must not split one stroke into an undo step per point.
        self._last_point_at = time.monotonic()

    @Slot(float, float)
    def erase_at(self, x: float, y: float) -> None:
        """Remove the drawn points near raw coordinates (x, y) (BoundaryView.erase_requested)."""
        spec = self._session.spec
        if spec.data.dataset != "drawn" or not spec.data.points:
            return
        (lo, hi), _ = plot_ranges(self._prepared) if self._prepared else (DOMAIN, DOMAIN)
        pts = np.asarray(spec.data.points, dtype=np.float64)
        dist = np.hypot(pts[:, 0] - x, pts[:, 1] - y)
        near = dist <= ERASE_RADIUS * (hi - lo)
        if not near.any():
            return
        kept = [list(p) for p, gone in zip(spec.data.points, near, strict=True) if not gone]
        self._session.update({"data.points": kept},
            self.tr("Erase %n point(s)", "", int(near.sum())))

    @Slot()
    def _on_clear_points(self) -> None:
        self._session.update({"data.points": [list(p) for p in STARTER_POINTS]},
                             self.tr("Clear drawn points"))

    # ---------------------------------------------------------------------------- previews
    @Slot()
    def _render_previews(self) -> None:
        for i in range(self._datasets.count()):
            item = self._datasets.item(i)
            info = DATASETS[item.data(Qt.ItemDataRole.UserRole)]
            item.setIcon(QIcon(dataset_preview(info)))


def _percent(value: float) -> str:
    return f"{value:.0%}"


