"""The optimizer lab tab: real clicks on the race controls and plot, frames from the race
thread, contour jobs, the landscape and regularization pages; no thread outlives a test."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import QObject, QPoint, Qt, Signal, Slot

from playground.gui.lab import OptimizerLab
from playground.gui.lab.jobs import JobResult, JobRunner
from playground.gui.lab.race_model import RaceModel, RaceSettings
from playground.gui.lab.race_page import RacePage
from playground.gui.lab.style import SHADE_LUT
from playground.gui.views.colormaps import lut_index

FRAME_TIMEOUT_MS = 20_000  # the first optimizer of a process imports torch._dynamo (seconds)


@pytest.fixture
def lab(qtbot) -> OptimizerLab:
    widget = OptimizerLab()
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _wait_step(qtbot, page: RacePage, step: int) -> None:
    qtbot.waitUntil(lambda: page.runner.last_frame is not None
                    and page.runner.last_frame.step == step
                    and len(page.runner.last_frame.states) == len(page.model.settings.racers)
                    and not page.runner.last_frame.fast_forwarding, timeout=FRAME_TIMEOUT_MS)


def _clear_racers(page: RacePage) -> None:
    for racer in page.model.settings.racers:
        page.model.remove_racer(racer.key)


def _add_racer(qtbot, page: RacePage, optimizer: str) -> int:
    combo = page.controls.add_combo
    combo.setCurrentIndex(combo.findData(optimizer))
    qtbot.mouseClick(page.controls.add_button, Qt.MouseButton.LeftButton)
    return page.model.settings.racers[-1].key


def test_three_optimizers_step_n_times_draw_n_plus_one_points(qtbot, lab):
    page = lab.race
    _clear_racers(page)
    keys = [_add_racer(qtbot, page, name) for name in ("gd", "momentum", "adam")]
    assert page.controls.racer_list.count() == 3
    n = 4
    for _ in range(n):
        qtbot.mouseClick(page.controls.step_button, Qt.MouseButton.LeftButton)
    _wait_step(qtbot, page, n)
    frame = page.runner.last_frame
    for key, state in zip(keys, frame.states, strict=True):
        assert page.plot.path_points(key).shape == (n + 1, 2)
        np.testing.assert_allclose(page.plot.path_points(key), state.points)
        assert page.table.text(key, "Step") == str(n)
        assert page.table.text(key, "f") == f"{state.value:.4g}"
        assert page.table.text(key, "Status") == "running"
        steps, _ = page.chart.line_data(key)
        assert len(steps) == n + 1
    assert len(page.plot.legend_labels()) == 3


def test_gd_on_the_seed_surface_takes_the_textbook_step(qtbot, lab):
    page = lab.race
    combo = page.controls.surface_combo
    combo.setCurrentIndex(combo.findData("course-3.3"))  # x^2 + y^2 + 2y + 5
    assert page.model.surface.name == "course-3.3"
    _clear_racers(page)
    key = _add_racer(qtbot, page, "gd")
    assert page.model.racer(key).lr == pytest.approx(0.1)
    assert page.model.start == (-2.0, 3.0)
    qtbot.mouseClick(page.controls.step_button, Qt.MouseButton.LeftButton)
    _wait_step(qtbot, page, 1)
    # (x, y) - 0.1 * (2x, 2y + 2) from (-2, 3) is (-1.6, 2.2).
    np.testing.assert_allclose(page.plot.path_points(key)[-1], (-1.6, 2.2), atol=1e-12)
    assert page.table.text(key, "f") == f"{(-1.6) ** 2 + 2.2 ** 2 + 2 * 2.2 + 5:.4g}"


def test_clicking_the_plot_moves_the_start_point(qtbot, lab):
    page = lab.race
    qtbot.waitUntil(lambda: page.runner.last_frame is not None, timeout=FRAME_TIMEOUT_MS)
    target = (1.25, -1.5)
    scene = page.plot.scene_position(*target)
    view = page.plot.graphics_view
    pos = view.mapFromScene(scene)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))
    px, py = page.plot.view.viewPixelSize()
    qtbot.waitUntil(lambda: abs(page.model.start[0] - target[0]) < 2 * px, timeout=5000)
    assert abs(page.model.start[1] - target[1]) < 2 * py
    drawn = page.plot.start_position()
    assert drawn == pytest.approx(page.model.start)
    # The race restarts there: every racer's path begins at the new start.
    qtbot.waitUntil(lambda: all(np.allclose(s.points[0], page.model.start)
                                for s in page.runner.last_frame.states), timeout=5000)


def test_a_bad_formula_shows_a_red_error_and_keeps_the_surface(qtbot, lab):
    page = lab.race
    before = page.model.surface
    edit = page.controls.formula_edit
    edit.clear()
    qtbot.keyClicks(edit, "x**2 + (")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    error = page.controls.formula_error
    assert error.isVisible() and "syntax error" in error.text()
    assert "#c62828" in error.styleSheet()
    assert page.model.surface is before
    edit.clear()
    qtbot.keyClicks(edit, "x**2 + 3*y**2")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not error.isVisible()
    assert page.model.surface.formula == "x**2 + 3*y**2"
    assert page.controls.surface_combo.currentData() == "custom"


def test_a_diverging_optimizer_is_marked_and_the_race_goes_on(qtbot, lab):
    page = lab.race
    page.model.set_formula("x**2 + 2*y**2")
    _clear_racers(page)
    bad = _add_racer(qtbot, page, "gd")
    page.model.update_racer(bad, lr=10.0)
    good = _add_racer(qtbot, page, "gd")
    page.model.set_speed(600)
    qtbot.mouseClick(page.controls.play_button, Qt.MouseButton.LeftButton)
    assert page.playing and page.controls.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: page.table.text(bad, "Status") == "diverged",
                    timeout=FRAME_TIMEOUT_MS)
    assert any("diverged" in label for label in page.plot.legend_labels())
    stopped_at = int(page.table.text(bad, "Step"))
    seen = int(page.table.text(good, "Step"))
    qtbot.waitUntil(lambda: int(page.table.text(good, "Step")) > seen + 20, timeout=10_000)
    assert int(page.table.text(bad, "Step")) == stopped_at  # its path stopped
    assert page.playing and page.runner.last_frame.playing
    assert len(page.plot.path_points(bad)) == stopped_at + 1


def test_one_dimensional_surfaces_draw_paths_on_the_curve(qtbot, lab):
    page = lab.race
    page.model.choose_surface("wiggle-1d")
    _clear_racers(page)
    key = _add_racer(qtbot, page, "gd")
    page.step(3)
    _wait_step(qtbot, page, 3)
    points = page.plot.path_points(key)
    assert points.shape == (4, 2)
    surface = page.model.surface
    np.testing.assert_allclose(points[:, 1], [surface.value(w) for w in points[:, 0]])
    qtbot.waitUntil(lambda: page.contours is not None and page.contours.dims == 1, timeout=10_000)


def test_regression_surface_races_minibatch_sgd_on_the_data(qtbot, lab):
    page = lab.race
    combo = page.controls.surface_combo
    combo.setCurrentIndex(combo.findData("regression:house"))
    assert page.model.problem is not None and page.inset.isVisible()
    assert page.controls.regression_box.isVisible() and not page.controls.noise_box.isVisible()
    page.controls.batch_spin.setValue(5)
    assert page.model.settings.batch_size == 5
    page.step(10)
    _wait_step(qtbot, page, 10)
    for state in page.runner.last_frame.states:
        assert state.points.shape == (11, 2) and np.isfinite(state.value)
    w_star, b_star = page.model.problem.solution
    assert page.model.surface.minima == ((w_star, b_star),)


def test_contours_arrive_and_render_with_the_shading_table(qtbot, lab):
    page = lab.race
    _clear_racers(page)
    qtbot.waitUntil(lambda: page.contours is not None, timeout=10_000)
    data = page.contours
    assert data.shade.dtype == np.float32 and data.shade.flags.c_contiguous
    assert len(data.lines) == len(data.levels) > 5
    assert page.plot.background.point_count == sum(int(np.isfinite(x).sum())
                                                   for x, _ in data.lines)
    # Probe pixels away from contour lines: each shows the shading colour of its point.
    image = page.plot.graphics_view.grab().toImage()
    px, py = page.plot.view.viewPixelSize()
    line_x = np.concatenate([x for x, _ in data.lines])
    line_y = np.concatenate([y for _, y in data.lines])
    keep = np.isfinite(line_x)
    line_x, line_y = line_x[keep], line_y[keep]
    checked = 0
    for x, y in ((2.6, 2.9), (-2.2, -2.8), (4.5, -0.5), (-4.2, 1.1), (1.0, 3.3), (-3.0, -1.0)):
        if np.min(np.hypot((line_x - x) / px, (line_y - y) / py)) < 6:
            continue  # a contour line passes within 6 pixels
        j = int(np.argmin(np.abs(data.xs - x)))
        i = int(np.argmin(np.abs(data.ys - y)))
        window = data.shade[i - 1:i + 2, j - 1:j + 2]
        colors = SHADE_LUT[lut_index(window, 0.0, 1.0)].reshape(-1, 3).astype(int)
        pos = page.plot.graphics_view.mapFromScene(page.plot.scene_position(x, y))
        pixel = image.pixelColor(pos.x(), pos.y())
        rgb = np.array([pixel.red(), pixel.green(), pixel.blue()])
        assert np.all(rgb >= colors.min(axis=0) - 3) and np.all(rgb <= colors.max(axis=0) + 3), (
            x, y, rgb, colors.min(axis=0), colors.max(axis=0))
        checked += 1
    assert checked >= 1


@dataclass(frozen=True)
class _SlowJob:
    channel: str
    request_id: int
    delay: float

    def compute(self) -> int:
        time.sleep(self.delay)
        return self.request_id


class _Collector(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[JobResult] = []

    @Slot(object)
    def collect(self, result: JobResult) -> None:
        self.results.append(result)


def test_job_runner_drops_stale_results(qtbot):
    runner = JobRunner("TestJobs")
    sink = _Collector()
    runner.result_ready.connect(sink.collect)
    first = _SlowJob("contours", runner.new_id(), 0.3)
    runner.submit(first)
    time.sleep(0.05)  # the first job is computing now
    middle = _SlowJob("contours", runner.new_id(), 0.0)
    last = _SlowJob("contours", runner.new_id(), 0.0)
    other = _SlowJob("other", runner.new_id(), 0.0)
    for job in (middle, last, other):
        runner.submit(job)
    qtbot.waitUntil(lambda: len(sink.results) >= 2, timeout=5000)
    qtbot.wait(300)
    runner.shutdown()
    by_channel = {(r.channel, r.value) for r in sink.results}
    assert by_channel == {("contours", last.request_id), ("other", other.request_id)}
    assert not runner.is_current(JobResult("contours", first.request_id, None, "", 0.0))


def test_closing_the_lab_stops_its_threads(qtbot):
    widget = OptimizerLab()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.race.runner.last_frame is not None, timeout=FRAME_TIMEOUT_MS)
    threads = [widget.race.runner.thread, widget.jobs.thread]
    assert all(t.isRunning() for t in threads)
    widget.close()
    assert not any(t.isRunning() for t in threads)
    widget.close()  # twice is fine


def test_model_refuses_bad_settings_with_a_message(qtbot):
    model = RaceModel(RaceSettings())
    messages: list[str] = []
    model.message.connect(messages.append)
    key = model.settings.racers[0].key
    assert not model.update_racer(key, params={"momentum": -1})
    assert not model.update_racer(key, lr=float("nan"))
    assert len(messages) == 2 and "momentum" in messages[0]
    for _ in range(12):
        model.add_racer("adam")
    assert len(model.settings.racers) == 9 and "at most" in messages[-1]
    assert len({r.color for r in model.settings.racers}) == 9


# ------------------------------------------------------------------------- network landscape
class _FakeSession(QObject):
    """The parts of playground.gui.session.Session the landscape page reads."""

    snapshot_ready = Signal(object)
    spec_changed = Signal(object)

    def __init__(self, spec, snapshot) -> None:
        super().__init__()
        self.spec = spec
        self.last_snapshot = snapshot


@pytest.fixture(scope="module")
def trained_run():
    from playground.core.spec import Spec
    from playground.core.train.trainer import Trainer, fit

    spec = Spec().replace({"data.dataset": "circle", "data.samples": 200})
    trainer = fit(Trainer(spec), 3)
    return spec, trainer


def test_landscape_page_without_a_session_says_what_to_do(qtbot, lab):
    page = lab.landscape
    assert "Train a network in the Playground tab first" in page.info.text()
    assert not page.compute_button.isEnabled()
    assert not page.compute()


def test_landscape_slice_centres_on_the_trained_weights(qtbot, lab, trained_run):
    spec, trainer = trained_run
    snapshot = trainer.snapshot(version=1, grid=False)
    session = _FakeSession(spec, None)
    lab.set_session(session)
    page = lab.landscape
    assert "Waiting" in page.info.text() and not page.compute_button.isEnabled()
    session.snapshot_ready.emit(snapshot)
    assert "epoch 3" in page.info.text() and page.compute_button.isEnabled()
    page.resolution_combo.setCurrentIndex(page.resolution_combo.findData(21))
    qtbot.mouseClick(page.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result is not None, timeout=60_000)
    result = page.result
    assert result.z.shape == (21, 21) and page.progress.value() == 100
    assert result.center_loss == pytest.approx(trainer.evaluate()["train_loss"], rel=1e-5)
    assert result.path.shape == (4, 2)  # untrained weights + 3 epochs
    np.testing.assert_allclose(result.path[-1], 0.0, atol=1e-9)
    x, _ = page.path.getData()
    assert len(x) == 4
    assert "random" in page.plot.getAxis("bottom").labelText

    page.method_combo.setCurrentIndex(page.method_combo.findData("pca"))
    assert not page.span_spin.isEnabled()
    qtbot.mouseClick(page.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result is not result, timeout=60_000)
    assert page.result.explained is not None and sum(page.result.explained) <= 1 + 1e-9
    assert "PC1" in page.plot.getAxis("bottom").labelText
    # The PCA slice spans the projected path.
    assert np.abs(page.result.path[:, 0]).max() <= page.result.alphas[-1]


def test_landscape_compute_can_be_cancelled(qtbot, lab, trained_run):
    spec, trainer = trained_run
    lab.set_session(_FakeSession(spec, trainer.snapshot(version=1, grid=False)))
    page = lab.landscape
    page.resolution_combo.setCurrentIndex(page.resolution_combo.findData(81))
    assert page.compute()
    assert page.cancel_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Cancelled." and not page.runner.busy
    qtbot.wait(300)
    assert page.result is None


def test_landscape_reports_a_network_that_changed(qtbot, lab, trained_run):
    spec, trainer = trained_run
    other = spec.replace({"model.layers": [{"type": "dense", "units": 3,
                                             "activation": "relu"}]})
    lab.set_session(_FakeSession(other, trainer.snapshot(version=1, grid=False)))
    page = lab.landscape
    assert page.compute()
    qtbot.waitUntil(lambda: page.status.text().startswith("Cannot slice"), timeout=60_000)
    assert "parameters" in page.status.text()


# ---------------------------------------------------------------------------- regularization
def test_regularization_minima_follow_lambda(qtbot, lab):
    from playground.core.lab.regularization import regularized_minima
    from playground.gui.lab.regularization_page import LAMBDAS

    page = lab.regularization
    lab.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.paths is not None, timeout=20_000)
    page.lambda_slider.setValue(40)
    for penalty in ("l1", "l2"):
        expected = regularized_minima(page.loss, penalty, [LAMBDAS[40]])[0]
        np.testing.assert_allclose(page.minimum(penalty), expected, atol=1e-8)
        x, y = page.items[penalty]["point"].getData()
        assert (x[0], y[0]) == pytest.approx(tuple(expected))
    # A strong L1 penalty zeroes a weight exactly; L2 only shrinks both.
    strong = int(np.searchsorted(LAMBDAS, 3.0))
    page.lambda_slider.setValue(strong)
    assert np.min(np.abs(page.minimum("l1"))) < 1e-9
    assert np.all(np.abs(page.minimum("l2")) > 1e-3)
    assert "exactly 0" in page.readout.text()
    # The L2 circle passes through the L2 minimum.
    x, y = page.items["l2"]["region"].getData()
    np.testing.assert_allclose(np.hypot(x, y), np.linalg.norm(page.minimum("l2")), rtol=1e-9)
    # A new loss recomputes the sweep in the background.
    before = page.paths
    page.set_loss((-1.0, 2.0), 8.0, -20.0)
    qtbot.waitUntil(lambda: page.paths is not None and page.paths is not before, timeout=20_000)
    assert page.paths.loss.center.tolist() == [-1.0, 2.0]


# ----------------------------------------------------------------------- more race controls
def test_an_unopened_lab_starts_no_threads(qtbot):
    widget = OptimizerLab()
    qtbot.addWidget(widget)
    assert not widget.race.started
    assert not widget.race.runner.thread.isRunning()
    assert not widget.jobs.thread.isRunning()


def test_arrows_are_drawn_for_the_optimizers_that_have_them(qtbot, lab):
    page = lab.race
    _clear_racers(page)
    gd = _add_racer(qtbot, page, "gd")
    momentum = _add_racer(qtbot, page, "momentum")
    adagrad = _add_racer(qtbot, page, "adagrad")
    page.step(5)
    _wait_step(qtbot, page, 5)
    for key in (gd, momentum, adagrad):
        assert page.plot.arrow_points(key, "gradient") == 5  # shaft and a two-sided head
        assert page.plot.arrow_points(key, "step") == 5
    assert page.plot.arrow_points(momentum, "momentum") == 5
    assert page.plot.arrow_points(adagrad, "momentum") == 0  # AdaGrad keeps no momentum
    page.controls.momentum_check.setChecked(False)
    assert not page.model.settings.show_momentum
    page.step(1)
    _wait_step(qtbot, page, 6)
    assert page.plot.arrow_points(momentum, "momentum") == 0


def test_lr_slider_and_bowl_sliders_restart_and_replay_the_race(qtbot, lab):
    page = lab.race
    _clear_racers(page)
    key = _add_racer(qtbot, page, "gd")
    page.step(8)
    _wait_step(qtbot, page, 8)
    before = page.plot.path_points(key).copy()
    slider = page.controls.lr_slider.slider
    slider.setValue(slider.value() - 60)  # a smaller lr on the log slider
    lr = page.model.racer(key).lr
    assert lr < 0.1 and page.controls.lr_slider.label.text() == f"{lr:.3g}"
    # The race is rebuilt and replayed to the same step with the new lr.
    qtbot.waitUntil(lambda: page.runner.last_frame.step == 8
                    and not page.runner.last_frame.fast_forwarding
                    and not np.allclose(page.plot.path_points(key), before), timeout=10_000)
    assert page.plot.path_points(key).shape == (9, 2)
    assert page.plot.legend_labels()[0].endswith(f"lr {lr:.3g}")
    # The bowl's condition slider reshapes the surface and keeps the start point.
    page.model.set_start((-2.0, 1.0))
    page.controls.condition_slider.slider.setValue(0)  # condition 1: a round bowl
    assert page.model.surface.formula == "(x)**2 / 1.0 + (y)**2"
    assert page.model.start == (-2.0, 1.0)


def test_gradient_noise_makes_the_path_wobble(qtbot, lab):
    page = lab.race
    page.model.choose_surface("course-bowl-b")
    _clear_racers(page)
    key = _add_racer(qtbot, page, "gd")
    page.step(6)
    _wait_step(qtbot, page, 6)
    clean = page.plot.path_points(key).copy()
    page.controls.noise_slider.setValue(40)  # sigma 2
    assert page.model.settings.noise_std == 2.0
    qtbot.waitUntil(lambda: page.runner.last_frame.step == 6
                    and not np.allclose(page.plot.path_points(key), clean), timeout=10_000)
    assert page.table.text(key, "To min") != "—"


def test_hyperparameter_form_edits_the_selected_optimizer(qtbot, lab):
    page = lab.race
    _clear_racers(page)
    key = _add_racer(qtbot, page, "adam")
    editor = page.controls.params_editor
    assert set(editor.widgets) >= {"betas", "eps", "weight_decay", "amsgrad"}
    assert "maximize" not in editor.widgets
    beta1, beta2 = editor.widgets["betas"]
    beta1.setValue(0.5)
    assert page.model.racer(key).params["betas"] == (0.5, 0.999)
    messages: list[str] = []
    page.model.message.connect(messages.append)
    beta2.setValue(1.5)  # torch refuses betas outside [0, 1)
    assert messages and "beta" in messages[-1]
    assert page.model.racer(key).params["betas"] == (0.5, 0.999)
    assert beta2.value() == pytest.approx(0.999)  # the form shows what stands
    editor.widgets["amsgrad"].setChecked(True)
    assert page.model.racer(key).params["amsgrad"] is True
    page.step(2)
    _wait_step(qtbot, page, 2)


def _rgb(image) -> np.ndarray:
    """(h, w, 3) uint8 array of a QImage."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine())
    return data[:, :3 * image.width()].reshape(image.height(), image.width(), 3)


def test_cached_background_lands_on_the_surface_in_a_whole_window_grab(qtbot, lab):
    page = lab.race
    qtbot.waitUntil(lambda: page.contours is not None, timeout=10_000)
    # Let the view settle: contours are redone once for the aspect-locked visible range.
    qtbot.waitUntil(lambda: not page.follower._timer.isActive(), timeout=5000)
    qtbot.wait(300)
    view = page.plot.graphics_view
    origin = view.mapTo(lab, view.rect().topLeft())
    # The bowl's valley (the shading table's first colour) centres on its minimum (0, 0),
    # whether the plot alone or the whole window is rendered.
    expected = view.mapFromScene(page.plot.scene_position(0.0, 0.0))
    for image, offset in ((view.grab().toImage(), (0, 0)),
                          (lab.grab().toImage(), (origin.x(), origin.y()))):
        rgb = _rgb(image).astype(int)
        valley = np.abs(rgb - SHADE_LUT[0].astype(int)).sum(axis=2) < 12
        ys, xs = np.nonzero(valley)
        assert len(xs) > 50
        assert abs(xs.mean() - offset[0] - expected.x()) < 3
        assert abs(ys.mean() - offset[1] - expected.y()) < 3
    renders = page.plot.background.renders
    page.step(3)
    _wait_step(qtbot, page, 3)
    view.grab()
    assert page.plot.background.renders == renders  # frames reuse the cached rendering


def test_a_racer_that_reaches_the_minimum_is_marked_converged(qtbot, lab):
    page = lab.race
    page.model.set_formula("x**2 + 2*y**2")
    _clear_racers(page)
    key = _add_racer(qtbot, page, "gd")
    page.model.update_racer(key, lr=0.2)
    page.model.set_speed(600)
    qtbot.mouseClick(page.controls.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.text(key, "Status") == "converged",
                    timeout=FRAME_TIMEOUT_MS)
    state = next(s for s in page.runner.last_frame.states)
    assert state.grad_norm < 1e-6
    qtbot.mouseClick(page.controls.play_button, Qt.MouseButton.LeftButton)


def test_the_legend_moves_off_the_start_ring(qtbot, lab):
    from PySide6.QtCore import QRectF

    page = lab.race
    plot = page.plot
    _add_racer(qtbot, page, "adam")
    (x0, x1), (y0, y1) = plot.view.viewRange()
    for x, y in ((x1 - 0.03 * (x1 - x0), y1 - 0.03 * (y1 - y0)),  # under the top-right legend
                 (x0 + 0.03 * (x1 - x0), y1 - 0.03 * (y1 - y0))):
        page.model.set_start((x, y))
        qtbot.waitUntil(lambda x=x: abs(plot.start_position()[0] - x) < 1e-9)
        ring = plot.view.mapFromView(plot.start.pos())
        legend = plot.legend.mapRectToParent(plot.legend.boundingRect())
        assert not legend.intersects(QRectF(ring.x() - 8, ring.y() - 8, 16, 16)), (x, y)


def test_a_typed_formula_charts_f_minus_its_estimated_minimum_on_a_log_axis(qtbot, lab):
    page = lab.race
    assert page.model.set_formula("(x - 1)**2 + (y + 0.5)**2 + 2")
    _clear_racers(page)
    key = _add_racer(qtbot, page, "gd")
    page.controls.log_check.setChecked(True)
    assert page.controls.log_check.isEnabled()
    for _ in range(3):
        qtbot.mouseClick(page.controls.step_button, Qt.MouseButton.LeftButton)
    _wait_step(qtbot, page, 3)
    state = page.runner.last_frame.states[0]
    qtbot.waitUntil(lambda: len(page.chart.line_data(key)[1]) == 4)
    _, drawn = page.chart.line_data(key)
    np.testing.assert_allclose(drawn, np.log10(state.values - 2.0), rtol=1e-4)
    assert page.model.set_formula("x - y")  # no minimum: the box says why it is off
    qtbot.waitUntil(lambda: not page.controls.log_check.isEnabled())
    assert "unknown" in page.controls.log_check.toolTip()
