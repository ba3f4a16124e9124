"""Defects a new user meets in the first ten minutes (issue 8), each driven like a user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import wait_for_snapshot


def _focus(qtbot, widget) -> None:
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_enter_or_escape_leaves_the_learning_rate_field_and_r_resets(qtbot, window, key):
    session = window.session
    entry = window.training_panel.lr_entry
    wait_for_snapshot(qtbot, session)
    _focus(qtbot, entry)
    entry.selectAll()
    qtbot.keyClicks(entry, "0.1")
    qtbot.keyClick(entry, key)
    assert not entry.hasFocus()
    expected = 0.1 if key == Qt.Key.Key_Return else 0.03
    assert session.spec.training.learning_rate == pytest.approx(expected)
    assert entry.text() == f"{expected:g}"
    version = session.version
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert session.version == version + 1  # R reached the window's reset


def test_a_click_on_the_plot_takes_the_focus_from_a_field(qtbot, window):
    wait_for_snapshot(qtbot, window.session)
    entry = window.training_panel.lr_entry
    window.boundary.setFocus()
    # No application-wide filter while no text field has the focus (it would see every event).
    assert not window._unfocus.filtering
    _focus(qtbot, entry)
    assert window._unfocus.filtering
    plot = window.boundary
    target = plot.childAt(QPoint(plot.width() // 2, plot.height() // 2)) or plot
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton,
                     pos=target.mapFrom(plot, QPoint(plot.width() // 2, plot.height() // 2)))
    assert not entry.hasFocus()
    assert QApplication.focusWidget() is not entry
    assert not window._unfocus.filtering


def test_a_name_the_experiment_outgrew_is_marked_modified_and_undo_restores_it(qtbot, window):
    session = window.session
    name = session.spec.name
    assert name == "TF Playground: circle, [4, 2] tanh"
    window.training_panel.lr_entry.set_value(0.1)
    session.update({"training.learning_rate": 0.1}, "lr")
    assert session.spec.name == name  # a learning rate does not change what it is
    window.network.add_layer_button.click()
    assert session.spec.name == f"{name} (modified)"
    assert window.windowTitle().startswith(f"{name} (modified)")
    window.network.add_layer_button.click()
    assert session.spec.name == f"{name} (modified)"  # marked once
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.spec.name == name


def test_the_toolbar_s_transport_hides_on_the_optimizer_lab_tab(qtbot, window):
    toolbar = window.toolbar
    play = toolbar.widgetForAction(toolbar.play_action)
    assert play.isVisible()
    window.pages.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.lab is not None)
    qtbot.waitUntil(lambda: not play.isVisible())  # the toolbar lays out on its next turn
    assert not toolbar.play_action.isVisible() and not toolbar.step_action.isVisible()
    window.pages.setCurrentIndex(0)
    assert toolbar.play_action.isVisible()
    qtbot.waitUntil(play.isVisible)


def test_the_presets_menu_shows_each_preset_s_description(qtbot, window):
    menu = window.menus.presets_menu
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions()]
    assert "tfp-circle — TF Playground: circle, [4, 2] tanh" in texts
    assert all(" — " in text for text in texts)


def _click_dataset(qtbot, window, name: str) -> None:
    picker = window.data_panel._datasets
    item = next(picker.item(i) for i in range(picker.count())
                if picker.item(i).data(Qt.ItemDataRole.UserRole) == name)
    picker.scrollToItem(item)
    qtbot.mouseClick(picker.viewport(), Qt.MouseButton.LeftButton,
                     pos=picker.visualItemRect(item).center())


def _current(qtbot, session):
    return wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)


def test_drawing_on_a_set_that_is_not_2d_switches_to_the_drawn_set_and_its_plot(qtbot, window):
    session = window.session
    _click_dataset(qtbot, window, "digits")
    _current(qtbot, session)
    assert window.output_view is window.gallery
    qtbot.mouseClick(window.data_panel.draw, Qt.MouseButton.LeftButton)
    assert session.spec.data.dataset == "drawn"
    _current(qtbot, session)
    assert window.output_view is window.boundary and not window.banner.isVisible()
    window.boundary.point_drawn.emit(1.0, 1.0)
    _current(qtbot, session)
    assert len(session.prepared.raw_train) == 3  # two starting points and the new one


def test_drawn_points_all_train_and_a_new_point_keeps_the_split(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    panel = window.data_panel
    qtbot.mouseClick(panel.draw, Qt.MouseButton.LeftButton)
    _current(qtbot, session)
    points = len(session.spec.data.points)
    assert len(session.prepared.raw_train) == points and len(session.prepared.raw_test) == 0
    session.update({"data.train_fraction": 0.5}, "ask for a test split")
    _current(qtbot, session)
    before = {tuple(p) for p in session.prepared.raw_test}
    assert 0 < len(before) < points
    window.boundary.point_drawn.emit(0.25, -0.5)
    _current(qtbot, session)
    after = {tuple(p) for p in session.prepared.raw_test}
    assert before <= after  # the old test points stay test points
    qtbot.mouseClick(panel.clear_points, Qt.MouseButton.LeftButton)
    _current(qtbot, session)
    assert len(session.prepared.raw_train) + len(session.prepared.raw_test) == 2


def test_controls_that_do_nothing_for_the_set_are_disabled(qtbot, window):
    session = window.session
    panel = window.data_panel
    assert panel.noise.isEnabled() and not panel.draw_class.isEnabled()
    _click_dataset(qtbot, window, "iris")
    assert not panel.noise.isEnabled()
    assert "no noise" in panel.noise.toolTip()
    _click_dataset(qtbot, window, "highdim-linear")  # generated, though tabular: it has noise
    assert panel.noise.isEnabled()
    qtbot.mouseClick(panel.draw, Qt.MouseButton.LeftButton)
    assert session.spec.data.dataset == "drawn"
    assert panel.draw_class.isEnabled() and not panel.noise.isEnabled()


def test_colour_bar_ticks_are_round_numbers(qtbot, window):
    from playground.gui.views.items import round_ticks

    assert [label for _, label in round_ticks(-0.0122, 1.17)] == ["0", "0.5", "1"]
    assert [label for _, label in round_ticks(0.593, 1.17)] == ["0.6", "0.8", "1"]
    session = window.session
    _click_dataset(qtbot, window, "reg-gauss")
    _current(qtbot, session)
    qtbot.waitUntil(lambda: window.boundary._bar.getAxis("right")._tickLevels is not None)
    major = window.boundary._bar.getAxis("right")._tickLevels[0]
    labels = [label for _, label in major]
    assert len(labels) >= 2 and all(len(label) <= 5 for label in labels), labels
    values = [value for value, _ in major]
    step = values[1] - values[0]
    assert all(abs(v / step - round(v / step)) < 1e-6 for v in values)


def test_after_divergence_the_figures_and_chart_show_the_kept_weights(qtbot, window):
    import math

    session = window.session
    wait_for_snapshot(qtbot, session)
    layers = [{"type": "dense", "units": 8, "activation": "relu"}] * 3
    session.update({"training.learning_rate": 100.0, "model.output_activation": None,
                    "training.loss": "mse", "model.layers": layers}, "wild")
    session.play()
    qtbot.waitUntil(window.banner.isVisible, timeout=30_000)
    snap = session.last_snapshot
    kept = snap.epoch
    assert f"weights from epoch {kept} kept" in window.banner.message.text()
    losses = snap.history["train_loss"]
    assert len(losses) == kept + 1 and all(math.isfinite(v) for v in losses)
    shown = window.figures.value_text("train_loss")
    assert shown not in ("nan", "–") and math.isfinite(float(shown))


def test_a_learning_rate_that_saturates_the_network_says_so(qtbot, window):
    session = window.session
    wait_for_snapshot(qtbot, session)
    _click_dataset(qtbot, window, "spiral")
    session.update({"training.learning_rate": 10.0}, "lr 10")
    _current(qtbot, session)
    session.play()
    # The hint follows the network's state frame by frame.
    qtbot.waitUntil(lambda: window.banner.isVisible()
                    and "saturated" in window.banner.message.text(), timeout=60_000)
    assert window.banner.reset_button.isVisible()
    session.pause()
    session.update({"training.learning_rate": 0.03}, "lr back")
    qtbot.mouseClick(window.banner.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=30_000)


def test_the_controls_the_issue_named_have_tooltips_and_show_test_needs_test_rows(qtbot,
                                                                                   window):
    panel = window.training_panel
    for widget in (panel.loss, panel.optimizer, panel.l1, panel.l2, panel.early,
                   window.data_panel.batch, window.data_panel.noise,
                   window.boundary._show_test_box):
        assert widget.toolTip(), widget
    assert "\u03bb/2" in panel.l2.toolTip()
    assert window.boundary._show_test_box.isEnabled()
    qtbot.mouseClick(window.data_panel.draw, Qt.MouseButton.LeftButton)
    _current(qtbot, window.session)
    assert not window.boundary._show_test_box.isEnabled()  # every drawn point trains


@pytest.mark.parametrize("name", ["iris", "digits", "wine"])
def test_tabular_sets_preview_their_rows_by_class(qtbot, name):
    import numpy as np

    from playground.core.data.datasets import DATASETS
    from playground.gui.controls.dataset_previews import dataset_preview
    from playground.gui.views import colormaps

    image = dataset_preview(DATASETS[name]).toImage()
    pixels = {image.pixelColor(x, y).getRgb()[:3]
              for x in range(image.width()) for y in range(image.height())}
    k = 10 if name == "digits" else 3
    for rgb in colormaps.class_colors(k)[:3]:  # the first classes' dots are there
        assert any(np.abs(np.subtract(p, rgb)).max() <= 2 for p in pixels), (name, rgb)
