"""The output view for inputs that are not a plane (digits, iris, CSV files).

Classification: test samples with their true and predicted labels, misclassified ones first
(images for image data, a table for tabular data), beside the confusion matrix with counts.
Regression: predicted against true values of the test set, with the diagonal of a perfect fit.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.raw import Prepared
from playground.core.spec import Spec
from playground.core.train.snapshot import Snapshot
from playground.gui.style import stacked
from playground.gui.views import colormaps
from playground.gui.views.gallery_confusion import ConfusionMatrix
from playground.gui.views.gallery_items import (
    MAX_TABLE_ROWS,
    RIGHT,
    WRONG,
    SampleTable,
    TileLabel,
    class_label,
    misclassified_first,
    title_label,
)
from playground.gui.views.items import HeatmapItem, plot_canvas, style_plot
from playground.gui.views.rate_limit import RateLimit

MAX_TILES = 36  # image samples shown (misclassified first): 6 rows of 6
TILE_COLUMNS = 6
# Captions, counts and the tiles' order are read, not watched: redrawn at most this often
# (each redraw relabels ~140 texts and repaints both plots, ~3 ms; frames come at up to 40/s).
REDRAW_HZ = 15



class GalleryView(QWidget):
    """Test samples with true/predicted labels and the confusion matrix; or, for regression,
    predicted against true values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._samples_title = title_label()
        self._stack = QStackedWidget()
        self._make_mosaic_page()
        self._make_table_page()
        self._make_scatter_page()
        self._message = QLabel()
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        for page in (self._mosaic_canvas, self._table, self._scatter_canvas, self._message):
            self._stack.addWidget(page)
        left = stacked(self._samples_title, self._stack, spacing=2)
        self._confusion_title = title_label()
        self._confusion = ConfusionMatrix()
        self._confusion_panel = stacked(self._confusion_title, self._confusion.canvas, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self._confusion_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._mode = "message"  # "images", "table", "regression" or "message"
        self._names: tuple[str, ...] = ()
        self._y_test = np.zeros(0, np.int64)
        self._thumbs = np.zeros((0, 1, 1), np.float32)
        self._levels = (0.0, 1.0)
        self._tile = (1, 1, 1, 1)  # image h, w, cell h, cell w (data units = image pixels)
        self._mosaic = np.zeros((1, 1), np.float32)
        self._shown: np.ndarray = np.zeros(0, np.int64)  # test indices in the tiles / rows
        self._last_pred: np.ndarray | None = None
        self._last_confusion: np.ndarray | None = None
        self._targets = np.zeros(0)
        self._snapshot: Snapshot | None = None  # the newest frame, drawn at REDRAW_HZ
        self._limit = RateLimit(REDRAW_HZ, self._draw, self)
        self._show_message(self.tr("No data yet."))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(760, 420)

    # ---------------------------------------------------------------------------- pages
    def _make_mosaic_page(self) -> None:
        """Images: one mosaic image, captions and red frames, all created in set_data."""
        self._mosaic_canvas, self._mosaic_plot = plot_canvas()
        plot = self._mosaic_plot
        plot.setMouseEnabled(False, False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.invertY(True)  # image rows run down the screen
        plot.setAspectLocked(True)
        self._mosaic_image = HeatmapItem()
        self._mosaic_image.setLookupTable(colormaps.gray_lut())
        plot.addItem(self._mosaic_image)
        self._frames = pg.PlotCurveItem(pen=pg.mkPen(WRONG, width=2), connect="finite")
        plot.addItem(self._frames)
        self._captions: list[TileLabel] = []

    def _make_table_page(self) -> None:
        """Tabular: a table model, reordered per frame."""
        self._table_model = SampleTable()
        self._table = QTableView()
        self._table.setModel(self._table_model)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.verticalHeader().setVisible(False)
        self._table.verticalHeader().setDefaultSectionSize(22)
        self._table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)

    def _make_scatter_page(self) -> None:
        """Regression: predicted against true values, over the diagonal of a perfect fit."""
        self._scatter_canvas, self._scatter_plot = plot_canvas()
        style_plot(self._scatter_plot)
        self._scatter_plot.setLabel("bottom", self.tr("true value"))
        self._scatter_plot.setLabel("left", self.tr("predicted"))
        self._diagonal = pg.PlotCurveItem(pen=pg.mkPen("#9a9a9a", width=1,
                                                       style=Qt.PenStyle.DashLine))
        self._scatter = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=1),
                                           brush=pg.mkBrush(colormaps.hex_color(colormaps.BLUE)))
        self._scatter_plot.addItem(self._diagonal)
        self._scatter_plot.addItem(self._scatter)

    # ---------------------------------------------------------------------------- public
    @property
    def mode(self) -> str:
        """What the view shows: "images", "table", "regression" or "message"."""
        return self._mode

    @property
    def shown_samples(self) -> tuple[int, ...]:
        """Test-set indices in display order (tiles left to right, top to bottom; table rows)."""
        return tuple(int(i) for i in self._shown)

    @property
    def caption_texts(self) -> tuple[str, ...]:
        """The tile captions in display order (images mode)."""
        return tuple(c.text() for c in self._captions)

    @property
    def mosaic_canvas(self) -> pg.GraphicsLayoutWidget:
        return self._mosaic_canvas

    @property
    def table(self) -> QTableView:
        return self._table

    def count_texts(self) -> tuple[str, ...]:
        """Confusion cell labels row by row (true class), none past MAX_COUNT_LABELS classes."""
        return self._confusion.count_texts()

    def set_data(self, prepared: Prepared, spec: Spec) -> None:
        """New data: pick the layout, build the tiles / table / scatter and the matrix."""
        del spec
        self._limit.cancel()
        self._snapshot = None
        self._last_pred = None
        self._last_confusion = None
        self._names = tuple(prepared.class_names)
        n_test = len(prepared.raw_test)
        if prepared.task == "classification" and n_test:
            self._y_test = np.asarray(prepared.y_test, np.int64)
            self._confusion.build(prepared.n_classes, self._names)
            self._confusion_panel.setVisible(True)
            if prepared.image_shape is not None:
                self._build_mosaic(prepared)
            else:
                self._mode = "table"
                self._table_model.set_rows(prepared.raw_test, self._y_test,
                                           prepared.input_names, self._names)
                self._shown = np.arange(min(n_test, MAX_TABLE_ROWS))
                self._stack.setCurrentWidget(self._table)
            self._update_titles(None)
            return
        self._confusion_panel.setVisible(False)
        if prepared.task == "regression" and n_test:
            self._mode = "regression"
            y = np.asarray(prepared.y_test, np.float64)
            self._targets = y[:, 0] if y.ndim == 2 else y
            lo, hi = float(self._targets.min()), float(self._targets.max())
            pad = 0.05 * (hi - lo or 1.0)
            self._diagonal.setData([lo - pad, hi + pad], [lo - pad, hi + pad])
            self._scatter.setData([], [])
            self._scatter_plot.setXRange(lo - pad, hi + pad, padding=0)
            self._scatter_plot.setYRange(lo - pad, hi + pad, padding=0)
            self._shown = np.arange(n_test)
            self._stack.setCurrentWidget(self._scatter_canvas)
            self._samples_title.setText(self.tr("<b>test set</b>: predicted against true value · "
                                                "waiting for the run's predictions"))
            return
        if not n_test:
            self._show_message(self.tr("This split has no test samples to show."))
        else:
            self._show_message(self.tr("Multi-label data: see the loss chart for its progress."))

    def show_snapshot(self, snap: Snapshot) -> None:
        """Per frame: keep it; draw it now or, within 1/REDRAW_HZ s of the last draw, then."""
        self._snapshot = snap
        self._limit.request()

    def _draw(self) -> None:
        """Reorder and relabel when the predictions changed; update the matrix."""
        snap = self._snapshot
        if snap is None:
            return
        if self._mode in ("images", "table"):
            pred = snap.test_predictions
            if pred is not None and len(pred) == len(self._y_test) and (
                    self._last_pred is None or not np.array_equal(pred, self._last_pred)):
                self._last_pred = pred
                if self._mode == "images":
                    self._fill_mosaic(pred)
                else:
                    self._table_model.set_predictions(pred)
                    self._shown = misclassified_first(self._y_test, pred)[:MAX_TABLE_ROWS]
                self._update_titles(pred)
            if snap.confusion is not None and (
                    self._last_confusion is None
                    or not np.array_equal(snap.confusion, self._last_confusion)):
                self._last_confusion = snap.confusion
                share = self._confusion.fill(snap.confusion)
                if share is not None:
                    self._confusion_title.setText(self.tr(
                        "<b>confusion matrix</b> (test set) · accuracy {0:.1f}%").format(share))
        elif self._mode == "regression":
            pred = snap.test_predictions
            if pred is None or not np.issubdtype(pred.dtype, np.floating):
                return  # the trainer reports regression predictions only when it can
            values = pred[:, 0] if pred.ndim == 2 else pred
            if len(values) != len(self._targets):
                return
            self._scatter.setData(self._targets, values)
            self._samples_title.setText(
                self.tr("<b>test set</b>: predicted against true value · R² {0:.3f}").format(
                    _r_squared(self._targets, values)))

    # ----------------------------------------------------------------------------- images
    def _build_mosaic(self, prepared: Prepared) -> None:
        self._mode = "images"
        h, w = prepared.image_shape or (1, 1)
        raw = np.asarray(prepared.raw_test, np.float32)
        self._thumbs = np.ascontiguousarray(raw.reshape(len(raw), h, w))
        lo, hi = float(raw.min()), float(raw.max())
        self._levels = (lo, hi if hi > lo else lo + 1.0)
        count = min(len(raw), MAX_TILES)
        cols = min(TILE_COLUMNS, count)
        rows = math.ceil(count / cols)
        pad = max(1, round(w / 8))
        cell_w = w + 2 * pad
        cell_h = h + 2 * pad + max(3, round(0.45 * h))  # room for the caption under the image
        self._tile = (h, w, cell_h, cell_w)
        self._mosaic = np.full((rows * cell_h, cols * cell_w), lo, np.float32)
        self._mosaic_image.setImage(self._mosaic, levels=self._levels, autoLevels=False)
        self._mosaic_image.setRect(QRectF(0, 0, cols * cell_w, rows * cell_h))
        for item in self._captions:
            self._mosaic_plot.vb.removeItem(item)
        self._captions = []
        for t in range(count):
            r, c = divmod(t, cols)
            caption = TileLabel(c * cell_w + cell_w / 2, r * cell_h + pad + h + 0.5, centre_y=False)
            self._mosaic_plot.vb.addItem(caption, ignoreBounds=True)
            self._captions.append(caption)
        self._mosaic_plot.setXRange(0, cols * cell_w, padding=0.01)
        self._mosaic_plot.setYRange(0, rows * cell_h, padding=0.01)
        self._frames.setData([], [])
        self._stack.setCurrentWidget(self._mosaic_canvas)
        self._fill_mosaic(None)

    def _fill_mosaic(self, pred: np.ndarray | None) -> None:
        """Place the first MAX_TILES samples (misclassified first) and caption them."""
        h, w, cell_h, cell_w = self._tile
        order = misclassified_first(self._y_test, pred)[:len(self._captions)]
        self._shown = order
        cols = self._mosaic.shape[1] // cell_w
        pad = (cell_w - w) // 2
        frame_x: list[float] = []
        frame_y: list[float] = []
        for t, i in enumerate(order):
            r, c = divmod(t, cols)
            y0, x0 = r * cell_h + pad, c * cell_w + pad
            self._mosaic[y0:y0 + h, x0:x0 + w] = self._thumbs[i]
            true = class_label(self._names, int(self._y_test[i]))
            if pred is None:
                text, color = true, RIGHT
            else:
                guess = class_label(self._names, int(pred[i]))
                wrong = int(pred[i]) != int(self._y_test[i])
                text, color = f"{true}→{guess}", WRONG if wrong else RIGHT
                if wrong:  # a closed rectangle, then a NaN break
                    x1, y1 = x0 - 0.5, y0 - 0.5
                    frame_x += [x1, x1 + w + 1, x1 + w + 1, x1, x1, math.nan]
                    frame_y += [y1, y1, y1 + h + 1, y1 + h + 1, y1, math.nan]
            self._captions[t].set(text, color)
        self._mosaic_image.setImage(self._mosaic, levels=self._levels, autoLevels=False)
        self._frames.setData(np.asarray(frame_x, np.float64), np.asarray(frame_y, np.float64))

    # ----------------------------------------------------------------------------- shared
    def _update_titles(self, pred: np.ndarray | None) -> None:
        n = len(self._y_test)
        if pred is None:
            wrong_text = self.tr("waiting for predictions")
        else:
            wrong = int(np.count_nonzero(pred != self._y_test))
            wrong_text = self.tr("{0} of %n misclassified, shown first", "", n).format(wrong)
        title = (self.tr("<b>test samples</b> (true → predicted) · {0}") if self._mode == "images"
                 else self.tr("<b>test samples</b> (rows) · {0}"))
        self._samples_title.setText(title.format(wrong_text))
        if pred is None:
            self._confusion_title.setText(self.tr("<b>confusion matrix</b> (test set)"))

    def _show_message(self, text: str) -> None:
        self._mode = "message"
        self._shown = np.zeros(0, np.int64)
        self._message.setText(text)
        self._samples_title.setText("")
        self._confusion_panel.setVisible(False)
        self._stack.setCurrentWidget(self._message)


def _r_squared(y: np.ndarray, pred: np.ndarray) -> float:
    ss_res = float(np.sum((y - pred) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan")
