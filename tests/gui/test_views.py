"""Views that draw snapshots: rendered pixels against the colour tables, real clicks, order."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from playground.core.spec import Spec
from playground.gui.views import colormaps as cm
from playground.gui.views import output_view_kind
from playground.gui.views.boundary import BoundaryView, nice_bound
from playground.gui.views.chart_axes import MAX_POINTS, decimate
from playground.gui.views.charts import GradientChart, LossChart
from playground.gui.views.curve import CurveView
from playground.gui.views.gallery import GalleryView, misclassified_first
from tests.gui import fakes

TOLERANCE = 3  # per channel: the image is drawn unscaled in colour, only rounding differs


# ----------------------------------------------------------------------------- helpers
def corner_points() -> fakes.Prepared:
    """Two-class data with its few points in one corner, away from the probed pixels."""
    x = np.array([[5.5, 5.5], [5.0, 5.5]])
    return fakes.prepared(x, [0, 1], x, [1, 0])


def shown_boundary(qtbot, prepared=None, spec=None) -> BoundaryView:
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(420, 420)
    view.set_data(prepared if prepared is not None else corner_points(), spec or Spec())
    view.show()
    qtbot.waitExposed(view)
    return view


def pixel(view: BoundaryView, x: float, y: float) -> tuple[int, int, int]:
    """The rendered colour at data point (x, y)."""
    image: QImage = view.canvas.viewport().grab().toImage()
    at = view.map_to_widget(x, y).toPoint()
    c = QColor(image.pixel(at))
    return c.red(), c.green(), c.blue()


def close(actual: tuple[int, int, int], expected: np.ndarray) -> bool:
    return max(abs(a - int(e)) for a, e in zip(actual, expected, strict=True)) <= TOLERANCE


# ------------------------------------------------------------------------ BoundaryView
def test_rendered_halves_match_the_lut_colours(qtbot) -> None:
    view = shown_boundary(qtbot)
    view.show_snapshot(fakes.snapshot(grid_maps=fakes.grid(fakes.halves())))
    lut = cm.heatmap_lut()
    assert close(pixel(view, -3.0, 0.0), lut[0])  # -1: orange (at TFP's alpha 160)
    assert close(pixel(view, 3.0, -2.0), lut[255])  # +1: blue
    # Rows are y: the image is not upside down (top half differs from bottom when it should).
    out = np.full((100, 100), -1.0, np.float32)
    out[50:] = 1.0  # rows with y > 0
    view.show_snapshot(fakes.snapshot(grid_maps=fakes.grid(out)))
    assert close(pixel(view, 0.0, 3.0), lut[255])
    assert close(pixel(view, 0.0, -3.0), lut[0])


def test_intermediate_value_and_discretize(qtbot) -> None:
    view = shown_boundary(qtbot)
    view.show_snapshot(fakes.snapshot(grid_maps=fakes.grid(np.full((100, 100), 0.3,
                                                                   np.float32))))
    lut = cm.heatmap_lut()
    smooth = pixel(view, -2.0, -2.0)
    assert close(smooth, lut[cm.lut_index(0.3, -1, 1)])
    view.set_discretize(True)
    assert view.discretize
    sharp = pixel(view, -2.0, -2.0)
    assert sharp != smooth and close(sharp, lut[255])
    # The box below the map mirrors the state without re-emitting.
    assert view._discretize_box.isChecked()


def test_discretize_box_click(qtbot) -> None:
    view = shown_boundary(qtbot)
    view.show_snapshot(fakes.snapshot(grid_maps=fakes.grid(np.full((100, 100), -0.2,
                                                                   np.float32))))
    box = view._discretize_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert view.discretize
    assert close(pixel(view, 1.0, 1.0), cm.heatmap_lut()[0])


def test_k_classes_use_their_hue_shaded_by_confidence(qtbot) -> None:
    view = shown_boundary(qtbot, fakes.blobs(3))
    classes = np.zeros((100, 100), np.int32)
    classes[:, 50:] = 2
    confidence = np.ones((100, 100), np.float32)
    confidence[:50] = 1 / 3  # bottom rows: a coin flip
    view.show_snapshot(fakes.snapshot(grid_maps=fakes.grid(
        classes=classes, confidence=confidence)))
    lut = cm.class_lut(3)
    shades = cm.class_shades(3)
    assert close(pixel(view, 1.0, 0.8), lut[2 * shades + shades - 1])  # class 2, sure
    assert close(pixel(view, -1.0, 0.8), lut[shades - 1])  # class 0 (orange), sure
    neutral = cm.tint(np.array([cm.NEUTRAL]))[0]
    assert close(pixel(view, 1.0, -0.8), neutral)  # unsure: near-white


def test_regression_levels_come_from_the_target_range(qtbot) -> None:
    prepared = fakes.plane()
    view = shown_boundary(qtbot, prepared)
    targets = np.concatenate([prepared.y_train, prepared.y_test])
    top = float(targets.max())
    view.show_snapshot(fakes.snapshot(grid_maps=fakes.grid(np.full((100, 100), top,
                                                                   np.float32))))
    assert close(pixel(view, 0.0, 0.0), cm.heatmap_lut()[255])


def test_test_points_toggle(qtbot) -> None:
    view = shown_boundary(qtbot, fakes.circle())
    assert not view.test_points.isVisible()
    box = view._show_test_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert view.show_test and view.test_points.isVisible()
    view.set_show_test(False)
    assert not view.test_points.isVisible() and not box.isChecked()
    assert len(view.test_points.data) == 250


def test_neuron_map_and_caption(qtbot) -> None:
    view = shown_boundary(qtbot)
    neurons = (np.zeros((4, 32, 32), np.float32), np.zeros((3, 32, 32), np.float32))
    neurons[1][2] = -1.0  # layer 2 (index 1), neuron 3 (index 2): all orange
    view.show_snapshot(fakes.snapshot(grid_maps=fakes.grid(
        np.ones((100, 100), np.float32), neurons=neurons)))
    lut = cm.heatmap_lut()
    assert close(pixel(view, 0.0, 0.0), lut[255])
    view.show_neuron(1, 2)
    assert view.caption == "layer 2, neuron 3"
    assert close(pixel(view, 0.0, 0.0), lut[0])
    view.show_neuron(None)
    assert view.caption == ""
    assert close(pixel(view, 0.0, 0.0), lut[255])
    view.show_neuron(7, 0)  # a layer the run does not have: the output stays
    assert view.caption == ""


def test_nice_bound() -> None:
    assert nice_bound(0.3) == 1.0
    assert nice_bound(1.7) == 2.0
    assert nice_bound(3.1) == 5.0
    assert nice_bound(42.0) == 50.0
    assert nice_bound(float("nan")) == 1.0


def test_draw_mode_click_emits_data_coordinates(qtbot) -> None:
    view = shown_boundary(qtbot)
    view.set_draw_mode(True)
    assert view.canvas.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
    at = view.map_to_widget(2.0, -3.0).toPoint()
    with qtbot.waitSignal(view.point_drawn, timeout=1000) as drawn:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=at)
    x, y = drawn.args
    per_pixel = 12.0 / view.plot_item.vb.width()
    assert abs(x - 2.0) <= 2 * per_pixel and abs(y + 3.0) <= 2 * per_pixel
    with qtbot.waitSignal(view.erase_requested, timeout=1000) as erased:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.RightButton, pos=at)
    assert abs(erased.args[0] - 2.0) <= 2 * per_pixel


def test_draw_mode_off_emits_nothing(qtbot) -> None:
    view = shown_boundary(qtbot)
    view.set_draw_mode(True)
    view.set_draw_mode(False)
    with qtbot.assertNotEmitted(view.point_drawn):
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.map_to_widget(0.0, 0.0).toPoint())


def test_drag_paints_points_about_0_3_apart(qtbot) -> None:
    view = shown_boundary(qtbot)
    view.set_draw_mode(True)
    points: list[tuple[float, float]] = []
    view.point_drawn.connect(lambda x, y: points.append((x, y)))  # test-only collector
    viewport = view.canvas.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton,
                     pos=view.map_to_widget(-3.0, 0.0).toPoint())
    for x in np.linspace(-3.0, 3.0, 121):
        qtbot.mouseMove(viewport, pos=view.map_to_widget(float(x), 0.0).toPoint())
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton,
                       pos=view.map_to_widget(3.0, 0.0).toPoint())
    xs = np.array([p[0] for p in points])
    assert 15 <= len(points) <= 22  # 6 units at ~0.3 apart, plus the press
    assert np.diff(xs).min() >= 0.29


def test_show_snapshot_is_fast_for_the_default_experiment(qtbot) -> None:
    from playground.core.train.trainer import Trainer

    spec = Spec()
    prepared = fakes.circle()
    trainer = Trainer(spec, prepared)
    trainer.run_epoch()
    snap = trainer.snapshot()
    view = shown_boundary(qtbot, prepared, spec)
    view.set_show_test(True)
    view.show_snapshot(snap)
    times = []
    for _ in range(50):
        start = time.perf_counter()
        view.show_snapshot(snap)
        times.append(time.perf_counter() - start)
    assert np.median(times) < 0.005


def test_non_plane_data_leaves_the_view_empty(qtbot) -> None:
    view = shown_boundary(qtbot, fakes.iris_like())
    view.show_snapshot(fakes.snapshot(grid_maps=None))
    assert len(view.test_points.data) == 0


# --------------------------------------------------------------------------- LossChart
def history(n: int, classification: bool = True) -> dict[str, np.ndarray]:
    e = np.arange(n, dtype=np.float64)
    out = {"train_loss": 0.7 * np.exp(-e / 20) + 0.01, "test_loss": 0.7 * np.exp(-e / 25) + 0.03}
    if classification:
        out["train_accuracy"] = 1 - 0.5 * np.exp(-e / 10)
        out["test_accuracy"] = 1 - 0.5 * np.exp(-e / 12)
    return out


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(460, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_loss_chart_lines_readout_and_log_toggle(qtbot) -> None:
    chart = shown(qtbot, LossChart())
    chart.set_data(fakes.circle(), Spec())
    chart.show_snapshot(fakes.snapshot(history=history(50), epoch=49))
    x, y = chart._lines["train_loss"].getData()
    assert np.allclose(y, history(50)["train_loss"]) and x[0] == 0 and x[-1] == 49
    assert "epoch 49" in chart.readout
    assert f"train {history(50)['train_loss'][49]:.4g}" in chart.readout
    assert chart.accuracy_plot.isVisible()
    box = chart._log_box
    assert not chart.loss_plot.getAxis("left").logMode
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert chart.log_scale and chart.loss_plot.getAxis("left").logMode
    chart.set_log_scale(False)
    assert not box.isChecked() and not chart.loss_plot.getAxis("left").logMode


def test_loss_chart_hover_reads_the_epoch_under_the_pointer(qtbot) -> None:
    chart = shown(qtbot, LossChart())
    chart.set_data(fakes.circle(), Spec())
    chart.show_snapshot(fakes.snapshot(history=history(50), epoch=49))
    vb = chart.loss_plot.vb
    vb.setXRange(0, 49, padding=0)
    y_mid = float(np.mean(vb.viewRange()[1]))
    from PySide6.QtCore import QPointF

    scene = vb.mapViewToScene(QPointF(10.0, y_mid))
    at = chart.canvas.mapFromScene(scene)
    qtbot.mouseMove(chart.canvas.viewport(), pos=at)
    qtbot.waitUntil(lambda: "epoch 10" in chart.readout, timeout=1000)
    assert f"{history(50)['train_loss'][10]:.4g}" in chart.readout


def test_a_thinned_history_is_drawn_and_read_at_its_epochs(qtbot) -> None:
    chart = shown(qtbot, LossChart())  # 50 entries kept 8 epochs apart: epochs 0 ... 392
    chart.set_data(fakes.circle(), Spec())
    chart.show_snapshot(fakes.snapshot(history=history(50), epoch=395, history_stride=8))
    x, y = chart._lines["train_loss"].getData()
    assert np.allclose(y, history(50)["train_loss"]) and x[1] == 8 and x[-1] == 392
    assert "epoch 392" in chart.readout
    vb = chart.loss_plot.vb
    vb.setXRange(0, 392, padding=0)
    from PySide6.QtCore import QPointF

    at = chart.canvas.mapFromScene(vb.mapViewToScene(QPointF(83.0, float(np.mean(
        vb.viewRange()[1])))))
    qtbot.mouseMove(chart.canvas.viewport(), pos=at)  # nearest kept epoch: 80, entry 10
    qtbot.waitUntil(lambda: "epoch 80" in chart.readout, timeout=1000)
    assert f"{history(50)['train_loss'][10]:.4g}" in chart.readout
    gradients = shown(qtbot, GradientChart())
    gradients.set_data(fakes.circle(), Spec())
    norms = np.array([[1e-3, 1e-2, 1e-1], [2e-3, 2e-2, 0.5]], np.float32)
    gradients.show_snapshot(fakes.snapshot(grad_norms=norms, history_stride=4))
    assert list(gradients._lines[0].getData()[0]) == [4.0, 8.0]  # after epochs 4 and 8
    assert "epoch 8" in gradients.readout


def test_loss_chart_regression_has_no_accuracy_plot(qtbot) -> None:
    chart = shown(qtbot, LossChart())
    chart.set_data(fakes.plane(), Spec())
    assert not chart.accuracy_plot.isVisible()


def test_long_histories_are_decimated_but_keep_spikes(qtbot) -> None:
    y = np.full(100_000, 0.1)
    y[76_543] = 50.0
    x, yd = decimate(y)
    assert len(x) <= MAX_POINTS and yd.max() == 50.0 and x[-1] <= 99_999
    chart = shown(qtbot, LossChart())
    chart.set_data(fakes.circle(), Spec())
    chart.show_snapshot(fakes.snapshot(history={"train_loss": y}))
    assert len(chart._lines["train_loss"].getData()[0]) <= MAX_POINTS


def test_unchanged_history_skips_the_redraw(qtbot) -> None:
    chart = shown(qtbot, LossChart())
    chart.set_data(fakes.circle(), Spec())
    snap = fakes.snapshot(history=history(20))
    chart.show_snapshot(snap)
    chart._lines["train_loss"].setData([], [])  # would be restored only by a redraw
    chart.show_snapshot(fakes.snapshot(history=history(20)))
    assert len(chart._lines["train_loss"].getData()[0] or ()) == 0
    chart.show_snapshot(fakes.snapshot(history=history(21)))
    assert len(chart._lines["train_loss"].getData()[0]) == 21


# ----------------------------------------------------------------------- GradientChart
def test_gradient_chart_has_a_line_per_dense_layer(qtbot) -> None:
    chart = shown(qtbot, GradientChart())
    spec = Spec()  # two hidden dense layers
    chart.set_data(fakes.circle(), spec)
    assert chart.line_names == ("layer 1", "layer 2", "output")
    assert chart.log_scale and chart.plot_item.getAxis("left").logMode
    norms = np.array([[1e-3, 1e-2, 1e-1], [2e-3, 2e-2, 0.0]], np.float32)
    chart.show_snapshot(fakes.snapshot(grad_norms=norms))
    x, y = chart._lines[0].getData()
    assert list(x) == [1.0, 2.0]  # norms are recorded after each epoch
    assert np.allclose(y, np.log10(norms[:, 0]))  # pyqtgraph stores log10 in log mode
    assert "output" in chart.readout and "epoch 2" in chart.readout
    # A zero norm is a gap on a log axis, not -inf.
    assert np.isnan(chart._lines[2].getData()[1][1])


def test_gradient_chart_follows_the_run_when_layers_differ(qtbot) -> None:
    chart = shown(qtbot, GradientChart())
    chart.set_data(fakes.circle(), Spec())
    chart.show_snapshot(fakes.snapshot(grad_norms=np.ones((3, 5), np.float32)))
    assert chart.line_names == ("layer 1", "layer 2", "layer 3", "layer 4", "output")


# ------------------------------------------------------------------------- GalleryView
def test_misclassified_first_is_stable() -> None:
    order = misclassified_first(np.array([0, 1, 2, 3]), np.array([0, 2, 2, 0]))
    assert order.tolist() == [1, 3, 0, 2]
    assert misclassified_first(np.array([0, 1]), None).tolist() == [0, 1]


def test_gallery_images_show_misclassified_first(qtbot) -> None:
    prepared = fakes.digits(n_test=40)
    view = shown(qtbot, GalleryView())
    view.resize(760, 420)
    view.set_data(prepared, Spec())
    assert view.mode == "images"
    pred = prepared.y_test.copy()
    wrong = [5, 17, 33]
    pred[wrong] = (pred[wrong] + 1) % 10
    view.show_snapshot(fakes.snapshot(
        test_predictions=pred, confusion=fakes.confusion_matrix(prepared.y_test, pred, 10)))
    assert list(view.shown_samples[:3]) == wrong
    assert view.shown_samples[3] == 0
    first = view.caption_texts[0]
    assert first == f"{prepared.y_test[5]}→{pred[5]}"
    counts = view.count_texts()
    assert len(counts) == 100 and counts[5 * 10 + 6] == "1"
    # The first tile's frame is red in the rendered image.
    image = view.mosaic_canvas.viewport().grab().toImage()
    vb = view._mosaic_plot.vb
    from PySide6.QtCore import QPointF

    h, w, cell_h, cell_w = view._tile
    pad = (cell_w - w) // 2
    edge = view.mosaic_canvas.mapFromScene(vb.mapViewToScene(QPointF(pad - 0.5, pad + h / 2)))
    colours = [QColor(image.pixel(edge + QPoint(dx, 0))) for dx in (-1, 0, 1)]
    assert any(c.red() > 180 and c.green() < 90 and c.blue() < 90 for c in colours)


def test_gallery_frames_in_quick_succession_show_the_newest_soon_after(qtbot) -> None:
    """The gallery redraws at most REDRAW_HZ a second; a burst of frames ends on the last."""
    from playground.gui.views.gallery import REDRAW_HZ

    prepared = fakes.digits(n_test=40)
    view = shown(qtbot, GalleryView())
    view.set_data(prepared, Spec())
    first, second = prepared.y_test.copy(), prepared.y_test.copy()
    first[[2]] = (first[[2]] + 1) % 10
    second[[7, 9]] = (second[[7, 9]] + 1) % 10
    for pred in (first, second):
        view.show_snapshot(fakes.snapshot(
            test_predictions=pred, confusion=fakes.confusion_matrix(prepared.y_test, pred, 10)))
    assert list(view.shown_samples[:1]) == [2]  # the second frame waits for the interval
    qtbot.waitUntil(lambda: list(view.shown_samples[:2]) == [7, 9],
                    timeout=int(3000 / REDRAW_HZ) + 1000)
    expected = fakes.confusion_matrix(prepared.y_test, second, 10)
    assert list(view.count_texts()) == [str(int(c)) for c in expected.ravel()]


def test_gallery_table_lists_misclassified_rows_first(qtbot) -> None:
    prepared = fakes.iris_like()
    view = shown(qtbot, GalleryView())
    view.set_data(prepared, Spec())
    assert view.mode == "table"
    pred = prepared.y_test.copy()
    pred[[4, 9]] = (pred[[4, 9]] + 1) % 3
    view.show_snapshot(fakes.snapshot(
        test_predictions=pred, confusion=fakes.confusion_matrix(prepared.y_test, pred, 3)))
    model = view.table.model()
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["4", "9", "0"]
    assert model.data(model.index(0, 2)) == prepared.class_names[int(pred[4])]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_long_class_names_leave_the_confusion_matrix_room_for_its_counts(qtbot) -> None:
    """Iris beside its table, about as wide as in the window at 1440 px: "versicolor" in full
    on the axis left the matrix 20-30 px wide and hid its counts; cut short, the cells show
    them."""
    prepared = fakes.iris_like()
    view = shown(qtbot, GalleryView())
    view.resize(330, 330)
    view.set_data(prepared, Spec())
    pred = prepared.y_test.copy()
    view.show_snapshot(fakes.snapshot(
        test_predictions=pred, confusion=fakes.confusion_matrix(prepared.y_test, pred, 3)))
    qtbot.wait(50)
    view.show_snapshot(fakes.snapshot(  # counts are shown or hidden by the laid-out width
        test_predictions=pred, confusion=fakes.confusion_matrix(prepared.y_test, pred, 3) + 1))
    qtbot.waitUntil(lambda: view.count_texts()[0] != str(int(np.sum(pred == 0))), timeout=2000)
    names = [text for _, text in view._confusion.plot.getAxis("left")._tickLevels[0]]
    assert names[1].endswith("…") and len(names[1]) < len("versicolor")
    assert view._confusion.plot.vb.width() / 3 >= 16
    assert all(label.isVisible() for label in view._confusion.counts)


def test_gallery_regression_scatter(qtbot) -> None:
    prepared = fakes.tabular_regression()
    view = shown(qtbot, GalleryView())
    view.set_data(prepared, Spec())
    assert view.mode == "regression"
    pred = (prepared.y_test * 0.9).astype(np.float32)
    view.show_snapshot(fakes.snapshot(test_predictions=pred))
    data = view._scatter.getData()
    assert np.allclose(data[0], prepared.y_test) and np.allclose(data[1], pred)
    assert "R²" in view._samples_title.text()


# --------------------------------------------------------------------------- CurveView
def test_curve_view_draws_the_fit_and_toggles_test_points(qtbot) -> None:
    prepared = fakes.sine_curve()
    view = shown(qtbot, CurveView())
    view.set_data(prepared, Spec())
    xs = np.linspace(-3, 3, 200, dtype=np.float32)
    view.show_snapshot(fakes.snapshot(curve=(xs, np.tanh(xs))))
    x, y = view.fit_curve.getData()
    assert np.allclose(x, xs) and np.allclose(y, np.tanh(xs))
    assert not view.test_points.isVisible()
    view.set_show_test(True)
    assert view.test_points.isVisible()


@pytest.mark.parametrize(("make", "kind"), [
    (fakes.circle, "boundary"), (fakes.sine_curve, "curve"), (fakes.digits, "gallery"),
    (fakes.iris_like, "gallery"), (fakes.tabular_regression, "gallery"),
])
def test_output_view_kind(make, kind: str) -> None:
    assert output_view_kind(make()) == kind


def test_chart_ranges_step_rather_than_follow_every_epoch() -> None:
    from playground.gui.views.chart_axes import axis_ranges, nice_ceil

    assert nice_ceil(150) == 150 and nice_ceil(151) == 200 and nice_ceil(0.69) == 0.8
    losses = [np.array([0.7, 0.3, 0.1])]
    assert axis_ranges(151, losses, log=False) == axis_ranges(199, losses, log=False)
    assert axis_ranges(151, losses, log=False) == ((0.0, 200.0), (0.0, 0.8))
    assert axis_ranges(10, losses, log=True)[1] == (-1.0, 0.0)  # decades 0.1 .. 1
    assert axis_ranges(10, [np.array([np.nan])], log=False)[1] is None
