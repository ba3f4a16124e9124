"""The window fits the screens people have: at 1024x700, 1366x768 and 1920x1080 no two visible
sibling widgets overlap, the chart plots stay readable, and visiting every tab and page leaves
the window the size it was given."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDockWidget,
    QMainWindow,
    QMenu,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from playground.core.files.presets import load_preset
from playground.gui.main_window import FOLD_WIDTH
from playground.gui.style import ColumnScrollArea
from playground.gui.views.charts import MIN_ACCURACY_PX, MIN_PLOT_PX, LossChart
from tests.gui.conftest import wait_for_snapshot

SIZES = [(1024, 700), (1366, 768), (1920, 1080)]


def _fit(qtbot, window, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.wait(50)  # the layouts settle on the next turns of the event loop
    assert (window.width(), window.height()) == (width, height)


def _visible_children(widget: QWidget) -> list[QWidget]:
    return [c for c in widget.findChildren(QWidget, options=pg.QtCore.Qt.FindChildOption
                                           .FindDirectChildrenOnly)
            if c.isVisible() and not c.isWindow() and not isinstance(c, QMenu)
            # Qt parks the hidden tabs of a dock group outside the window, still "visible".
            and c.geometry().intersects(widget.rect())]


def _overlaps(root: QWidget) -> list[str]:
    """Pairs of visible siblings whose rectangles intersect, anywhere below ``root``.

    Skipped: a scroll area's insides (its viewport and bars are laid out by Qt, and the
    scrolled content is meant to extend under them) and pyqtgraph's canvases (items, not
    widgets); the main window's docks are compared with its other children.
    """
    found = []
    stack = [root]
    while stack:
        parent = stack.pop()
        children = _visible_children(parent)
        if isinstance(parent, QAbstractScrollArea):
            children = [parent.widget()] if hasattr(parent, "widget") and parent.widget() else []
            stack.extend(c for c in children if c.isVisible())
            continue
        if isinstance(parent, pg.GraphicsView):
            continue
        laid_out = [c for c in children if not (isinstance(parent, QMainWindow)
                                                and c.objectName().startswith("qt_"))]
        for i, a in enumerate(laid_out):
            for b in laid_out[i + 1:]:
                if a.geometry().intersects(b.geometry()):
                    found.append(f"{parent.objectName() or type(parent).__name__}: "
                                 f"{a.objectName() or type(a).__name__} {a.geometry()} x "
                                 f"{b.objectName() or type(b).__name__} {b.geometry()}")
        stack.extend(children)
    return found


def _plot_height(plot: pg.PlotItem) -> float:
    return plot.getViewBox().size().height()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_nothing_overlaps_and_charts_stay_readable(qtbot, window, width, height):
    wait_for_snapshot(qtbot, window.session)
    _fit(qtbot, window, width, height)
    assert window.panels_folded == (width < FOLD_WIDTH)
    assert _overlaps(window) == []
    assert _plot_height(window.loss_chart.loss_plot) >= MIN_PLOT_PX
    assert _plot_height(window.loss_chart.accuracy_plot) >= MIN_ACCURACY_PX
    window.charts.setCurrentWidget(window.gradient_chart)
    qtbot.wait(50)
    assert _plot_height(window.gradient_chart.plot_item) >= MIN_PLOT_PX
    # The network column fits inside the window and the output column beside it.
    central = window.pages.geometry()
    assert window.pages.width() <= window.width() and central.height() <= window.height()
    grabbed = window.grab()
    assert (grabbed.width(), grabbed.height()) == (width, height)


def _visit_everything(qtbot, window) -> list[str]:
    visited = []
    for page in range(window.pages.count()):
        window.pages.setCurrentIndex(page)
        qtbot.wait(30)
        visited.append(window.pages.tabText(page))
        inner = window.pages.currentWidget().findChildren(QTabWidget)
        for tabs in inner:
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(30)
                visited.append(tabs.tabText(index))
    window.pages.setCurrentIndex(0)
    for dock in window.findChildren(QDockWidget):
        if dock.isVisible() or dock is window.backprop_dock:
            dock.show()
            dock.raise_()
            qtbot.wait(30)
            visited.append(dock.windowTitle())
    return visited


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_window_keeps_its_size_on_every_tab_and_page(qtbot, window, width, height):
    wait_for_snapshot(qtbot, window.session)
    _fit(qtbot, window, width, height)
    visited = _visit_everything(qtbot, window)
    assert {"Optimizer lab", "Network landscape", "Stability", "Metrics"} <= set(visited)
    assert (window.width(), window.height()) == (width, height)
    assert _overlaps(window) == []


def test_folding_moves_the_training_panel_beside_data_and_back(qtbot, window):
    wait_for_snapshot(qtbot, window.session)
    _fit(qtbot, window, 1024, 700)
    assert window.dockWidgetArea(window.training_dock) == window.dockWidgetArea(
        window.data_dock)
    assert window.training_dock in window.tabifiedDockWidgets(window.data_dock)
    assert not window.backprop_dock.isVisible()  # folding shows nothing that was hidden
    _fit(qtbot, window, 1440, 900)
    assert not window.panels_folded
    assert window.training_dock not in window.tabifiedDockWidgets(window.data_dock)
    assert window.training_dock.isVisible() and window.data_dock.isVisible()
    assert window.metrics_dock in window.tabifiedDockWidgets(window.training_dock)


def test_a_new_network_scrolls_back_to_its_first_column(qtbot, window):
    wait_for_snapshot(qtbot, window.session)
    _fit(qtbot, window, 1024, 700)
    view = window.network
    for _ in range(4):
        view.add_layer_button.click()
    bar = view._scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    view.add_layer_button.click()
    qtbot.waitUntil(lambda: bar.value() == 0)


@pytest.mark.parametrize(("width", "height"), SIZES[1:])
def test_the_default_network_fits_its_column_without_scrolling(qtbot, window, width, height):
    wait_for_snapshot(qtbot, window.session)
    _fit(qtbot, window, width, height)
    qtbot.wait(50)
    assert window.network._scroll.horizontalScrollBar().maximum() == 0


def test_a_small_window_opens_again_at_its_size(qtbot, settings):
    from PySide6.QtCore import QCoreApplication, QEvent

    from playground.core.files.presets import default_spec
    from playground.gui.main_window import MainWindow

    sizes = []
    for _ in range(2):
        win = MainWindow(default_spec(), settings=settings)
        win.show()
        if not sizes:
            win.resize(1024, 700)
        qtbot.wait(20)
        sizes.append((win.width(), win.height(), win.panels_folded))
        win.close()
        win.session.shutdown()
        win.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sizes == [(1024, 700, True)] * 2


def test_the_layer_count_is_not_cut_off_in_a_small_window(qtbot, window):
    wait_for_snapshot(qtbot, window.session)
    _fit(qtbot, window, 1024, 700)
    label = window.network.layers_label
    for _ in range(2):  # the default network, then one more layer
        qtbot.wait(50)
        text = label.text()
        assert text.endswith("HIDDEN LAYERS")
        assert label.fontMetrics().horizontalAdvance(text) <= label.width(), text
        window.network.add_layer_button.click()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_output_column_is_not_cut_at_its_right_edge(qtbot, window, width, height):
    """The column's content fits its scroll area's width: the charts' log box, at the right
    of their header, is whole (it was cut to "log scal" when the column scrolled sideways)."""
    wait_for_snapshot(qtbot, window.session)
    _fit(qtbot, window, width, height)
    qtbot.wait(50)
    box = window.findChild(LossChart)._log_box
    scroll = next(a for a in window.findChildren(QScrollArea)
                  if a.widget() is not None and a.widget().objectName() == "outputColumn")
    right = box.mapTo(scroll.viewport(), box.rect().topRight()).x()
    assert right < scroll.viewport().width(), (right, scroll.viewport().width())
    assert scroll.horizontalScrollBar().maximum() == 0


def _cut_columns(window) -> list[str]:
    """The shown column scroll areas whose content is wider than their viewport (its right
    edge cut off, as there is no horizontal scroll bar) or squeezed below its minimum."""
    cut = []
    for area in window.findChildren(ColumnScrollArea):
        content = area.widget()
        if not (area.isVisible() and area.visibleRegion().isEmpty() is False):
            continue  # a dock behind another's tab
        if (content.width() > area.viewport().width()
                or content.width() < content.minimumSizeHint().width()):
            cut.append(f"{content.objectName() or type(content).__name__}: content "
                       f"{content.width()} (min {content.minimumSizeHint().width()}), "
                       f"viewport {area.viewport().width()}")
    return cut


@pytest.mark.parametrize(("width", "height"), SIZES[:2])
@pytest.mark.parametrize("preset", ["digits-mlp", "tfp-circle"])
def test_no_column_is_cut_at_its_right_edge(qtbot, window, preset, width, height):
    """Digits shows the validation figures and the gallery, and trains with Adam (two betas
    on a row of the training panel); circle shows the boundary: each fits its column."""
    session = window.session
    wait_for_snapshot(qtbot, session)
    session.load(load_preset(preset))
    wait_for_snapshot(qtbot, session, lambda snap: snap.version == session.version)
    _fit(qtbot, window, width, height)
    if preset == "digits-mlp":
        assert window.figures.is_shown("validation_accuracy")
        assert window.figures.value_text("validation_loss") != "–"
    assert _cut_columns(window) == []
    window.training_dock.raise_()  # folded, it shares the left edge with the data panel
    qtbot.wait(50)
    assert _cut_columns(window) == []
    assert (window.width(), window.height()) == (width, height)
