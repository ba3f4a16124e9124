"""The backprop step-through: real key presses N / B / Esc and clicks; the numbers on screen are
the core's (a fresh Trainer of the same experiment has the same weights as the first frame)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from playground.core.train.backprop import trace_trainer
from playground.core.train.trainer import Trainer
from playground.gui.views import backprop_steps as script
from playground.gui.views.computation_graph import _norm, _vec
from playground.gui.views.network import NetworkView
from tests.gui.conftest import wait_for_snapshot


def _ready(qtbot, window, version=None):
    session = window.session
    wait_for_snapshot(qtbot, session, lambda s: version is None or s.version == version)
    qtbot.waitUntil(lambda: isinstance(window.network, NetworkView), timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return session


def _expected(session, sample):
    trainer = Trainer(session.spec, session.prepared)
    return trace_trainer(trainer, sample, continue_optimizer=False)


def _press(qtbot, window, key, times=1):
    for _ in range(times):
        qtbot.keyClick(window, key)


def test_keys_step_forward_backward_and_update_with_the_core_numbers(qtbot, window):
    session = _ready(qtbot, window)
    panel = window.backprop_panel
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.backprop_dock.isVisible() and panel.active
    want = _expected(session, 0)
    got = panel.trace
    n_layers = len(want.layers)
    assert n_layers == 3  # the default: two hidden layers and the output
    for a, b in zip(got.layers, want.layers, strict=True):
        np.testing.assert_allclose(a.delta, b.delta, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(a.new_weight, b.new_weight, rtol=1e-12, atol=1e-15)
    texts = window.backprop_panel.overlay.texts
    assert f"x={script.n(want.x[0])}" in texts

    _press(qtbot, window, Qt.Key.Key_N)  # forward through layer 1
    assert panel.step_label.text().startswith("Step 2 of 9")
    layer = want.layers[0]
    texts = panel.overlay.texts
    for z, a in zip(layer.z, layer.a, strict=True):
        assert f"z={script.n(z)}  a={script.n(a)}" in texts
    assert f"<b>{script.n(layer.z[0])}</b>" in panel.formula_label.text()
    assert script.n(layer.weight[0, 0]) in texts  # the chosen neuron's incoming weights

    _press(qtbot, window, Qt.Key.Key_N, n_layers)  # the rest of the forward pass, the loss
    assert script.n(want.loss) in panel.formula_label.text()
    _press(qtbot, window, Qt.Key.Key_N)  # backward: the output layer
    out = want.layers[-1]
    assert f"\u03b4={script.n(out.delta[0])}" in panel.overlay.texts
    assert f"<b>{script.n(out.delta[0])}</b>" in panel.formula_label.text()
    _press(qtbot, window, Qt.Key.Key_N)  # backward: hidden layer 2, chain rule from the output
    hidden = want.layers[1]
    panel.unit_spin.setValue(2)
    formula = panel.formula_label.text()
    assert f"<b>{script.n(hidden.delta[1])}</b>" in formula
    assert script.times(out.delta[0], out.weight[0, 1]) in formula
    assert script.n(hidden.loss_dw[1, 0]) in panel.overlay.texts  # dL/dw on its links
    drawn = window.network.links
    grads = drawn.weight[drawn.gap == 1]
    np.testing.assert_allclose(np.sort(grads), np.sort(hidden.loss_dw.ravel()), rtol=1e-6)

    _press(qtbot, window, Qt.Key.Key_B)
    assert panel.step_index == n_layers + 2
    _press(qtbot, window, Qt.Key.Key_N, 10)  # runs to the update and stops there
    assert panel.step_index == 2 * n_layers + 2
    assert f"b\u2032={script.n(hidden.new_bias[0])}" in panel.overlay.texts
    assert script.n(out.new_weight[0, 0]) in panel.formula_label.text()

    _press(qtbot, window, Qt.Key.Key_Escape)
    assert not panel.active and panel.overlay.texts == []
    snap = session.last_snapshot
    drawn = window.network.links
    np.testing.assert_allclose(np.sort(drawn.weight[drawn.gap == 0]),
                               np.sort(snap.weights[0].ravel()))


def test_clicking_a_training_point_picks_it(qtbot, window):
    session = _ready(qtbot, window)
    window.menus.backprop_action.trigger()
    prep = session.prepared
    # The point farthest from its nearest neighbour: a click a pixel off still means it.
    gaps = np.hypot(*(prep.raw_train[:, None, :] - prep.raw_train[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    index = int(gaps.min(axis=1).argmax())
    x, y = prep.raw_train[index]
    qtbot.waitUntil(lambda: window.boundary.canvas.isVisible())
    where = window.boundary.map_to_widget(float(x), float(y)).toPoint()
    qtbot.mouseClick(window.boundary.canvas.viewport(), Qt.MouseButton.LeftButton, pos=where)
    panel = window.backprop_panel
    assert panel.active and panel.trace.sample == index
    assert panel.sample_spin.value() == index
    np.testing.assert_array_equal(panel.trace.x, prep.x_train[index])
    assert panel.pick_at(100.0, 100.0) is None  # far from every point


def test_one_hidden_layer_draws_the_computation_graph(qtbot, window):
    session = window.session
    _ready(qtbot, window)
    session.update({"model.layers": [{"type": "dense", "units": 3, "activation": "tanh"}],
                    "training.l2": 0.05}, "one layer")
    _ready(qtbot, window, session.version)
    window.menus.backprop_action.trigger()
    panel = window.backprop_panel
    want = _expected(session, 0)
    graph = panel.graph
    assert graph.isVisible()
    assert graph.values["x"][0] == _vec(want.x) and graph.values["z"][0] == ""
    _press(qtbot, window, Qt.Key.Key_N, 3)  # both layers forward, then the loss
    assert graph.values["J"][0] == script.n(want.objective)
    assert graph.values["s"][0] == script.n(want.penalty) != "0"
    _press(qtbot, window, Qt.Key.Key_N, 2)  # backward through the output, then the hidden layer
    hid, out = want.layers
    assert graph.values["o"][1] == _vec(out.delta)
    assert graph.values["h"][1] == _vec(hid.upstream)
    assert graph.values["z"][1] == _vec(hid.delta)
    assert graph.values["W1"][1] == _norm(hid.dw)  # dJ/dW1 includes lambda W1
    path = str(qtbot.screenshot(graph))
    assert path


def test_unsupported_network_says_why(qtbot, window):
    session = window.session
    _ready(qtbot, window)
    session.update({"model.layers": [{"type": "dense", "units": 3, "activation": "tanh"},
                                     {"type": "dropout", "p": 0.2}]}, "dropout")
    _ready(qtbot, window, session.version)
    window.menus.backprop_action.trigger()
    panel = window.backprop_panel
    assert not panel.active
    assert "dropout" in panel.formula_label.text()
    _press(qtbot, window, Qt.Key.Key_N)  # nothing to step: no crash, still inactive
    assert not panel.active


def test_wide_layers_label_only_drawn_nodes(qtbot, window):
    session = window.session
    _ready(qtbot, window)
    session.update({"model.layers": [{"type": "dense", "units": 30, "activation": "relu"}]},
                   "wide")
    _ready(qtbot, window, session.version)
    window.menus.backprop_action.trigger()
    _press(qtbot, window, Qt.Key.Key_N)
    texts = [t for t in window.backprop_panel.overlay.texts if t.startswith("z=")]
    shown = window.network.layout_geometry.columns[1].shown
    assert 0 < shown < 30 and len(texts) == shown
