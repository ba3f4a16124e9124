"""The activation explorer: choosing and sliding redraws the core's curves; the difference shows."""

import numpy as np
from PySide6.QtCore import Qt

from playground.core.model.activation_curves import activation_curves
from playground.gui.views.activation_explorer import POINTS, X_RANGE, ActivationExplorer


def test_slider_and_choice_redraw_the_core_curves(qtbot):
    explorer = ActivationExplorer()
    qtbot.addWidget(explorer)
    explorer.show()
    assert explorer.activation_combo.currentText() == "leaky_relu"
    explorer.slope_slider.setFocus()
    for _ in range(10):  # 10 ticks of 0.005 from 0.05
        qtbot.keyClick(explorer.slope_slider, Qt.Key.Key_Up)
    slope = explorer.leaky_slope
    assert slope == 0.1
    xs, ys = explorer.closed_curve.getData()
    want = activation_curves("leaky_relu", np.linspace(*X_RANGE, POINTS), slope)
    np.testing.assert_array_equal(ys, want.closed_form)
    assert ys[0] == slope > 0  # the derivative left of zero is +gamma
    assert "largest difference 0" in explorer.difference_label.text()
    assert not explorer.alpha_slider.isEnabled()

    explorer.activation_combo.setCurrentText("elu")
    assert explorer.alpha_slider.isEnabled() and not explorer.slope_slider.isEnabled()
    assert explorer.elu_alpha == 1.0
    explorer.alpha_slider.setValue(150)
    _, values = explorer.function_curve.getData()
    assert values[0] == activation_curves("elu", np.array([X_RANGE[0]]), elu_alpha=1.5).values[0]
    assert explorer.function_plot.viewRange() == explorer.derivative_plot.viewRange()

    explorer.activation_combo.setCurrentText("gelu")
    assert "autograd only" in explorer.difference_label.text()
    assert len(explorer.closed_curve.getData()[0] or []) == 0


def test_menu_opens_the_explorer(qtbot, window):
    action = next(a for a in window.menuBar().actions() if a.text() == "&View")
    item = next(a for a in action.menu().actions() if "Activation explorer" in a.text())
    item.trigger()
    assert window.activation_explorer.isVisible()
