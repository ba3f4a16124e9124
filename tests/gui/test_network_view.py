"""NetworkView: builder clicks edit the spec undoably, frames draw maps and links, links edit."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QApplication

from playground.core.arrays import frozen
from playground.core.spec import Spec, SpecError
from playground.core.train.snapshot import Snapshot
from playground.gui.undo import SpecEdit
from playground.gui.views import colormaps
from playground.gui.views import network_layout as geo
from playground.gui.views.network import NetworkView
from tests.gui import fakes
from tests.gui.conftest import wait_for_snapshot


class FakeSession(QObject):
    """The Session interface without a worker: edits apply at once and land on a QUndoStack."""

    spec_changed = Signal(object)
    data_changed = Signal(object)
    snapshot_ready = Signal(object)
    status_changed = Signal(str)
    error = Signal(str)

    def __init__(self, spec: Spec):
        super().__init__()
        self._spec = spec
        self.undo_stack = QUndoStack(self)
        self.weights_set: list[tuple[int, int, int, float]] = []
        self.errors: list[str] = []

    @property
    def spec(self) -> Spec:
        return self._spec

    def update(self, changes: dict[str, Any], text: str, merge_key: str | None = None) -> bool:
        try:
            new = self._spec.replace(changes)
        except SpecError as exc:
            self.errors.append(str(exc))
            self.error.emit(str(exc))
            self.spec_changed.emit(self._spec)
            return False
        self.undo_stack.push(SpecEdit(self, self._spec, new, text, merge_key))
        return True

    def _apply_spec(self, spec: Spec) -> None:
        self._spec = spec
        self.spec_changed.emit(spec)

    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        self.weights_set.append((layer, row, col, value))


def dense(*widths: int, activation: str = "tanh") -> list[dict[str, Any]]:
    return [{"type": "dense", "units": w, "activation": activation} for w in widths]


def frame(widths: list[int], *, res: int = 8, neurons: list[np.ndarray] | None = None,
          weights: list[np.ndarray] | None = None, seed: int = 0) -> Snapshot:
    """A Snapshot for a network of these widths (inputs first, output last)."""
    rng = np.random.default_rng(seed)
    if weights is None:
        weights = [rng.normal(size=(o, i)).astype(np.float32)
                   for i, o in zip(widths[:-1], widths[1:], strict=True)]
    if neurons is None:
        neurons = [rng.uniform(-1, 1, (min(w, 64), res, res)) for w in widths[1:-1]]
    xs = np.linspace(-6, 6, res)
    feats = (np.tile(xs, (res, 1)), np.tile(xs[:, None], (1, res)))[:widths[0]]
    snap = fakes.snapshot(grid_maps=fakes.grid(res=res, neurons=tuple(neurons), features=feats))
    return dataclasses.replace(
        snap, weights=tuple(frozen(w, np.float32) for w in weights),
        biases=tuple(frozen(rng.normal(size=w.shape[0]), np.float32) for w in weights))


@pytest.fixture
def make_view(qtbot):
    """make_view(layers, prepared) -> (view, fake session), shown at a fixed size."""
    def make(layers: list[dict[str, Any]], prepared=None, size=(1000, 640)):
        session = FakeSession(Spec().replace({"model.layers": layers}))
        view = NetworkView(session)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        view.set_data(prepared if prepared is not None else fakes.circle(), session.spec)
        return view, session
    return make


def units(session: FakeSession) -> list[int]:
    return geo.hidden_units(session.spec.model.layers)


def viewport_point(view: NetworkView, x: float, y: float) -> QPoint:
    return view.graph.mapFromScene(QPointF(x, y))


def node_center(view: NetworkView, column: int, unit: int) -> QPoint:
    col = view.layout_geometry.columns[column]
    return viewport_point(view, col.x, col.ys[unit])


def pixel(view: NetworkView, point: QPoint) -> QColor:
    return view.graph.viewport().grab().toImage().pixelColor(point)


def close(color: QColor, rgb, tol: int = 3) -> bool:
    return all(abs(a - int(b)) <= tol for a, b in
               zip((color.red(), color.green(), color.blue()), rgb, strict=True))


# -------------------------------------------------------------------------------- builder
def test_plus_adds_a_neuron_and_undo_restores(qtbot, make_view):
    view, session = make_view(dense(4, 2))
    controls = view.layer_controls[1]
    qtbot.mouseClick(controls.plus_button, Qt.MouseButton.LeftButton)
    assert units(session) == [4, 3]
    assert session.undo_stack.undoText() == "Add neuron to layer 2"
    assert view.layout_geometry.columns[2].units == 3
    assert controls.units.value() == 3
    session.undo_stack.undo()
    assert units(session) == [4, 2]
    assert controls.units.value() == 2  # resynced from the spec ...
    assert session.undo_stack.count() == 1  # ... without making an edit of its own
    assert view.layout_geometry.columns[2].units == 2
    session.undo_stack.redo()
    assert units(session) == [4, 3]


def test_minus_removes_a_neuron_down_to_one(qtbot, make_view):
    view, session = make_view(dense(2))
    controls = view.layer_controls[0]
    qtbot.mouseClick(controls.minus_button, Qt.MouseButton.LeftButton)
    assert units(session) == [1]
    assert not controls.minus_button.isEnabled()  # 0 neurons is not a layer


def test_typing_a_width_sets_it_in_one_edit(qtbot, make_view):
    view, session = make_view(dense(4, 2))
    spin = view.layer_controls[0].units
    spin.selectAll()
    qtbot.keyClicks(spin, "512")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert units(session) == [512, 2]
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Set layer 1 to 512 neurons"
    assert view.layout_geometry.columns[1].more == 512 - geo.MAX_SHOWN


def test_layers_are_added_and_removed(qtbot, make_view):
    view, session = make_view(dense(4, 2))
    qtbot.mouseClick(view.add_layer_button, Qt.MouseButton.LeftButton)
    assert units(session) == [4, 2, 2]
    assert view.layers_label.text() == "3 HIDDEN LAYERS"
    assert len(view.layout_geometry.columns) == 5
    assert [c.isVisible() for c in view.layer_controls] == [True, True, True]
    qtbot.mouseClick(view.layer_controls[0].remove_button, Qt.MouseButton.LeftButton)
    assert units(session) == [2, 2]
    assert session.undo_stack.undoText() == "Remove layer 1"
    qtbot.mouseClick(view.remove_layer_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.remove_layer_button, Qt.MouseButton.LeftButton)
    assert units(session) == []
    assert not view.remove_layer_button.isEnabled()
    assert [c.isVisible() for c in view.layer_controls] == [False, False, False]
    assert len(view.layout_geometry.columns) == 2  # inputs straight to the output
    for _ in range(4):
        session.undo_stack.undo()
    assert units(session) == [4, 2]
    assert view.layers_label.text() == "2 HIDDEN LAYERS"


def test_dropout_batchnorm_activation_and_init_edit_the_spec(qtbot, make_view):
    view, session = make_view(dense(4, 2))
    controls = view.layer_controls[0]
    qtbot.mouseClick(controls.batchnorm, Qt.MouseButton.LeftButton)
    controls.dropout.setValue(0.3)  # as a typed value would, once committed
    layers = [layer.to_dict() for layer in session.spec.model.layers]
    assert layers == [dense(4)[0], {"type": "batchnorm"}, {"type": "dropout", "p": 0.3},
                      dense(2)[0]]
    controls.dropout.setValue(0.0)
    assert [la.type for la in session.spec.model.layers] == ["dense", "batchnorm", "dense"]
    assert session.undo_stack.undoText() == "Remove dropout after layer 1"
    view.layer_controls[1].activation.setCurrentText("relu")
    assert session.spec.model.layers[-1].activation == "relu"
    view.init_combo.setCurrentText("xavier_uniform")
    assert session.spec.model.init == "xavier_uniform"
    assert view.layout_geometry.columns[1].units == 4  # the same graph throughout
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    assert session.spec.model.init == "default"
    assert view.init_combo.currentText() == "default"
    assert not controls.batchnorm.isChecked()
    assert view.layer_controls[1].activation.currentText() == "tanh"


def test_a_refused_edit_puts_the_control_back(qtbot, make_view):
    view, session = make_view(dense(4))
    spin = view.layer_controls[0].units
    session.update = lambda changes, text, **kw: False  # the session refuses everything
    spin.setValue(7)
    assert spin.value() == 4


# -------------------------------------------------------------------------------- frames
def test_hidden_thumbnails_show_the_neuron_maps_in_the_shared_colours(qtbot, make_view):
    view, session = make_view(dense(3))
    maps = [np.stack([np.full((8, 8), 1.0), np.full((8, 8), -1.0), np.zeros((8, 8))])]
    view.show_snapshot(frame([2, 3, 1], neurons=maps))
    lut = colormaps.diverging_lut()
    assert close(pixel(view, node_center(view, 1, 0)), lut[255])  # +1: blue
    assert close(pixel(view, node_center(view, 1, 1)), lut[0])  # -1: orange
    assert close(pixel(view, node_center(view, 1, 2)), lut[128])  # 0: near-white


def test_feature_thumbnails_run_orange_to_blue_along_their_axis(qtbot, make_view):
    view, _ = make_view(dense(2))
    view.show_snapshot(frame([2, 2, 1], res=16))
    col = view.layout_geometry.columns[0]
    half = view.layout_geometry.node_size / 2 - 5
    x1_left = pixel(view, viewport_point(view, col.x - half, col.ys[0]))
    x1_right = pixel(view, viewport_point(view, col.x + half, col.ys[0]))
    x2_top = pixel(view, viewport_point(view, col.x, col.ys[1] - half))
    x2_bottom = pixel(view, viewport_point(view, col.x, col.ys[1] + half))
    for neg, pos in ((x1_left, x1_right), (x2_bottom, x2_top)):  # y up, as on the plot
        assert neg.red() > neg.blue() and pos.blue() > pos.red()


def test_link_colour_follows_the_weight_sign(qtbot, make_view):
    view, _ = make_view(dense(2))
    w0 = np.array([[2.0, 0.0], [0.0, -2.0]], np.float32)  # x1 -> n1 positive, x2 -> n2 negative
    view.show_snapshot(frame([2, 2, 1], weights=[w0, np.ones((1, 2), np.float32)]))
    links = view.links
    first = (links.gap == 0)
    by_target = {int(r): int(p) for r, p, c in zip(links.row[first], links.pen[first],
                                                  links.col[first], strict=True) if r == c}
    assert by_target[0] >= geo.STYLE_LEVELS > by_target[1]  # positive pens come second
    src, dst = view.layout_geometry.columns[:2]
    half = view.layout_geometry.node_size / 2
    for unit, hue in ((0, colormaps.BLUE), (1, colormaps.ORANGE)):
        x = src.x + half + 0.25 * (dst.x - src.x - 2 * half)  # clear of the crossing links
        seen = pixel(view, viewport_point(view, x, src.ys[unit]))
        assert close(seen, hue, tol=4), (unit, seen.name())


def test_links_are_thinned_and_items_bounded_for_16_layers_of_512(qtbot, make_view):
    view, session = make_view(dense(*[512] * 16, activation="relu"), size=(1200, 800))
    items = len(view.scene().items())
    assert items <= 16 * (geo.MAX_SHOWN + 1) + 2 + 1 + 2 + 1  # nodes, markers, labels, links
    snap = frame([2] + [512] * 16 + [1], res=32)
    view.show_snapshot(snap)
    assert len(view.scene().items()) == items  # frames never add items
    assert len(view.links.pen) <= geo.MAX_LINKS
    # every drawn link is among the strongest inputs of its target
    w = snap.weights[3][:geo.MAX_SHOWN, :geo.MAX_SHOWN]
    mine = view.links.gap == 3
    for row, col in zip(view.links.row[mine], view.links.col[mine], strict=True):
        assert abs(w[row, col]) >= np.sort(np.abs(w[row]))[-geo.link_budget(
            view.layout_geometry) // geo.MAX_SHOWN]
    frames = [frame([2] + [512] * 16 + [1], res=32, seed=seed + 1) for seed in range(5)]
    start = time.perf_counter()
    for f in frames:
        view.show_snapshot(f)
    assert (time.perf_counter() - start) / 5 < 0.05  # generous: the budget is a few ms


def test_a_frame_of_another_structure_is_ignored(qtbot, make_view):
    view, _ = make_view(dense(4, 2))
    before = view.links
    view.show_snapshot(frame([2, 3, 1]))
    assert view.links is before and view.atlas is None


def test_tabular_data_draws_names_and_class_nodes_without_maps(qtbot, make_view):
    view, session = make_view(dense(5), prepared=fakes.iris_like())
    cols = view.layout_geometry.columns
    assert (cols[0].units, cols[-1].units) == (4, 3)
    snap = dataclasses.replace(frame([4, 5, 3]), grid=None)
    view.show_snapshot(snap)
    assert view.atlas is None
    texts = {item.text() for item in view.scene().items() if hasattr(item, "text")}
    assert {"sepal length", "setosa", "versicolor", "virginica"} <= texts


# ---------------------------------------------------------------------------- interaction
def test_hovering_a_neuron_emits_its_layer_and_unit(qtbot, make_view):
    view, _ = make_view(dense(4, 2))
    seen: list[tuple[int, int]] = []
    view.neuron_hovered.connect(lambda layer, unit: seen.append((layer, unit)))
    qtbot.mouseMove(view.graph.viewport(), node_center(view, 2, 1))
    qtbot.waitUntil(lambda: seen[-1:] == [(1, 1)])
    empty = viewport_point(view, view.layout_geometry.columns[2].x, 4)
    qtbot.mouseMove(view.graph.viewport(), empty)
    qtbot.waitUntil(lambda: seen[-1:] == [(-1, -1)])


def test_clicking_a_link_edits_its_weight(qtbot, make_view):
    view, session = make_view(dense(3))
    view.show_snapshot(frame([2, 3, 1]))
    links = view.links
    i = int(np.flatnonzero((links.gap == 1) & (links.col == 2))[0])  # neuron 3 -> output
    x0, y0, x1, y1 = links.segments[i]
    qtbot.mouseClick(view.graph.viewport(), Qt.MouseButton.LeftButton,
                     pos=viewport_point(view, (x0 + x1) / 2, (y0 + y1) / 2))
    editor = view.weight_editor
    assert editor.isVisible()
    assert f"{links.weight[i]:+.4f}" in editor.title.text()
    editor.value.clear()
    qtbot.keyClicks(editor.value, "0.75")
    qtbot.keyClick(editor.value, Qt.Key.Key_Return)
    assert session.weights_set == [(1, 0, 2, 0.75)]
    assert not editor.isVisible()


def test_a_bad_weight_is_not_sent(qtbot, make_view):
    view, session = make_view(dense(2))
    view.show_snapshot(frame([2, 2, 1]))
    view.edit_link(0, QPoint(100, 100))
    editor = view.weight_editor
    editor.value.setText("abc")
    qtbot.keyClick(editor.value, Qt.Key.Key_Return)
    assert session.weights_set == [] and editor.isVisible()
    qtbot.keyClick(editor.value, Qt.Key.Key_Escape)
    assert not editor.isVisible() and session.weights_set == []


def test_clicking_empty_space_opens_nothing(qtbot, make_view):
    view, _ = make_view(dense(2))
    view.show_snapshot(frame([2, 2, 1]))
    qtbot.mouseClick(view.graph.viewport(), Qt.MouseButton.LeftButton,
                     pos=viewport_point(view, 5, 5))
    assert not view.weight_editor.isVisible()


# ------------------------------------------------------------------------- with the engine
def test_live_session_draws_frames_and_takes_a_weight_edit(qtbot, session):
    view = NetworkView(session)
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    snap = wait_for_snapshot(qtbot, session)
    qtbot.waitUntil(lambda: view.atlas is not None)
    assert view.layout_geometry.columns[1].units == snap.weights[0].shape[0]
    link = int(np.flatnonzero(view.links.gap == 0)[0])
    row, col = int(view.links.row[link]), int(view.links.col[link])
    view.edit_link(link, QPoint(50, 50))
    view.weight_editor.value.setText("1.25")
    qtbot.keyClick(view.weight_editor.value, Qt.Key.Key_Return)
    wait_for_snapshot(qtbot, session, lambda s: abs(s.weights[0][row, col] - 1.25) < 1e-6)
    qtbot.mouseClick(view.layer_controls[0].plus_button, Qt.MouseButton.LeftButton)
    wait_for_snapshot(qtbot, session, lambda s: s.weights[0].shape[0] == snap.weights[0].shape[0]
                      + 1)
    qtbot.waitUntil(lambda: view.links is not None and view.atlas is not None
                    and view.layout_geometry.columns[1].units == snap.weights[0].shape[0] + 1)
    QApplication.processEvents()
