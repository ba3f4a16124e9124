"""The Stability page draws the core's layer statistics, skips frames while hidden; d2l 4.8's
matrix demo; identical hidden units are ringed on the network view while they stay identical."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from playground.core.train.stability import random_matrix_product
from playground.gui.views.network import NetworkView
from playground.gui.views.stability_view import TINY
from tests.gui.conftest import wait_for_snapshot


def _rebuilt(qtbot, window, changes):
    session = window.session
    wait_for_snapshot(qtbot, session)
    session.update(changes, "test")
    return wait_for_snapshot(qtbot, session, lambda s: s.version == session.version)


def test_stability_page_shows_vanishing_gradients_of_ten_sigmoid_layers(qtbot, window):
    layers = [{"type": "dense", "units": 8, "activation": "sigmoid"}] * 10
    snap = _rebuilt(qtbot, window, {"model.layers": layers})
    window.pages.setCurrentWidget(window.stability_page)
    view = window.stability_page.view
    assert view is not None and view.isVisible()
    stats = snap.extras["layer_stats"]
    ys = view.grad_curve.yData  # the data (getData gives log10 on a log axis)
    np.testing.assert_allclose(ys, np.maximum(stats.grad_norm, TINY))
    assert ys[0] < 1e-4 * ys[-1]  # vanishing towards the input
    assert view.table.rowCount() == 11
    assert view.table.item(1, 2).text() == f"{2 / 16:.4g}"  # Xavier's 2/(n_in+n_out)
    assert view.table.item(1, 3).text() == f"{stats.weight_var[1]:.4g}"

    window.pages.setCurrentIndex(0)  # hidden: frames are kept, not drawn
    window.session.step_epoch()
    qtbot.waitUntil(lambda: view._pending is not None, timeout=30_000)
    still = view.grad_curve.yData
    np.testing.assert_array_equal(still, ys)


def test_matrix_product_demo_redraws(qtbot, window):
    window.pages.setCurrentWidget(window.stability_page)
    view = window.stability_page.view
    ys = view.matrix_curve.yData
    np.testing.assert_allclose(ys, random_matrix_product(100, 4, 0))
    qtbot.mouseClick(view.redraw_button, Qt.MouseButton.LeftButton)
    ys = view.matrix_curve.yData
    np.testing.assert_allclose(ys, random_matrix_product(100, 4, 1))
    assert len(ys) == 101 and ys[-1] > 1e10


def test_constant_init_rings_identical_units_until_the_init_changes(qtbot, window):
    _rebuilt(qtbot, window, {"model.init": "constant"})
    qtbot.waitUntil(lambda: isinstance(window.network, NetworkView), timeout=10_000)
    symmetry = window.backprop_panel.symmetry
    qtbot.waitUntil(lambda: symmetry.groups == [[(0, 0), (0, 1), (0, 2), (0, 3)],
                                                [(1, 0), (1, 1)]], timeout=30_000)
    overlay = window.backprop_panel.overlay
    assert len(overlay._ring_items) >= 6
    window.session.step_epoch()  # training keeps them identical
    snap = wait_for_snapshot(qtbot, window.session, lambda s: s.epoch >= 1)
    assert np.allclose(snap.weights[0][0], snap.weights[0][1])
    assert len(symmetry.groups) == 2
    _rebuilt(qtbot, window, {"model.init": "xavier_uniform"})
    qtbot.waitUntil(lambda: symmetry.groups == [], timeout=30_000)
    assert [i for i in overlay._ring_items] == []
