"""The network graph and builder: layers as columns, live neuron thumbnails, editable links.

Columns run left to right: the input features, each hidden dense layer, the output. Above each
hidden column sit its controls (width, activation, dropout, batch norm, remove); above the graph
the layer count and the weight initialiser. Every edit goes through ``session.update`` (so it is
undoable); the view redraws from ``session.spec_changed``, never from its own clicks.

Drawing follows the usual split: the scene (node items, labels, the links item) is rebuilt only
when the structure changes; ``show_snapshot`` only swaps one thumbnail image (all nodes) and the
links' weights. Wide layers draw their first ``MAX_SHOWN`` units and a "+N more" marker; links
are drawn between drawn nodes only, thinned to the strongest inputs per node when many.

The view composes the parts, each in its own module: what is drawn (``network_structure``),
the geometry and builder edits as pure functions (``network_layout``), the scene items
(``network_items``, ``network_scene``), a frame's links, thumbnails and biases
(``network_frames``), the controls (``network_controls``) and their edits (``network_edits``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QPoint,
    QPointF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.raw import Prepared
from playground.core.spec import Spec
from playground.core.train.snapshot import Snapshot
from playground.gui.views import colormaps
from playground.gui.views import network_frames as frames
from playground.gui.views import network_layout as geo
from playground.gui.views.network_controls import WeightEditor
from playground.gui.views.network_edits import NetworkEdits
from playground.gui.views.network_headers import HEADER_HEIGHT, BuilderBar, ColumnHeaders
from playground.gui.views.network_items import NODE_SIZE, DrawnLinks, LinksItem
from playground.gui.views.network_scene import SceneItems
from playground.gui.views.network_structure import (
    GraphStructure,
    plan_spacing,
    structure_of,
    unit_name,
)
from playground.gui.views.thumbnails import Atlas, argb_table

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls


class NetworkView(QWidget):
    """Network graph with live thumbnails and the builder controls of the session's spec."""

    neuron_hovered = Signal(int, int)  # (hidden layer, unit); (-1, -1) when the pointer leaves
    rebuilt = Signal()  # the scene was rebuilt (overlays re-place their items)

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._spec: Spec = session.spec
        self._prepared: Prepared | None = None
        self._structure: GraphStructure | None = None
        self._layout: geo.NetworkLayout | None = None
        self._blocks: list[geo.HiddenBlock] = []
        self._atlas: Atlas | None = None  # this frame's thumbnails, all columns in one image
        self._tiles: list[tuple[int, int]] = []  # per column: (first tile, tiles) in the atlas
        self._argb = argb_table()
        self._lut_colors = [QColor(*(int(v) for v in rgb)) for rgb in colormaps.diverging_lut()]
        self._spacing = (0.0,) * 4  # (hidden, edge spacing, left, right) of the scene
        self._label_font = QFont(self.font())
        self._label_font.setPointSizeF(8.5)
        self._last_snapshot: Snapshot | None = None
        self._pending: Snapshot | None = None  # arrived while hidden; drawn when shown
        self._link_override: list[np.ndarray] | None = None  # backprop step-through's values
        self._edits = NetworkEdits(session, lambda: self._spec, self._sync_controls,
                                   self._units_text, self)

        self._build_widgets()
        # The window hands this view nothing: it follows the session itself. A view made after
        # the run started picks up the run's data and newest frame.
        session.spec_changed.connect(self._on_spec_changed)
        session.data_changed.connect(self._on_data_changed)
        session.snapshot_ready.connect(self._on_snapshot_ready)
        self._prepared = getattr(session, "prepared", None)
        self._rebuild_if_needed()
        self._sync_controls()
        last = getattr(session, "last_snapshot", None)
        if last is not None:
            self.show_snapshot(last)

    # ----------------------------------------------------------------------------- widgets
    def _build_widgets(self) -> None:
        self._bar = BuilderBar(self._edits)
        self.add_layer_button = self._bar.add_layer_button
        self.remove_layer_button = self._bar.remove_layer_button
        self.layers_label = self._bar.layers_label
        self.init_combo = self._bar.init_combo
        legend = QLabel(_legend_html())
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #666; font-size: 11px; padding: 2px 8px 4px 8px;")

        self._scene = QGraphicsScene(self)
        self._links = LinksItem(self)
        self._scene.addItem(self._links)
        self._items = SceneItems(self._scene, self._label_font)
        self._canvas = QWidget()
        self._canvas.setObjectName("networkCanvas")
        self._canvas.setStyleSheet("#networkCanvas { background: white; }")
        self.graph = QGraphicsView(self._scene, self._canvas)
        self.graph.setFrameShape(QFrame.Shape.NoFrame)
        self.graph.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.graph.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.graph.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.graph.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.graph.setMouseTracking(True)
        self._headers = ColumnHeaders(self._canvas, self._edits)
        self.input_header = self._headers.input_header
        self.output_header = self._headers.output_header
        self.output_activation = self._headers.output_activation
        self.layer_controls = self._headers.layer_controls  # pool; one per hidden layer shown

        self._scroll = QScrollArea()
        self._scroll.setWidget(self._canvas)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._scroll.setStyleSheet("QScrollArea { background: white; border: none; }")
        self._scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.weight_editor = WeightEditor(self)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(self._bar.layout)
        box.addWidget(self._scroll, 1)
        box.addWidget(legend)


    # --------------------------------------------------------------------------- contracts
    def set_data(self, prepared: Prepared, spec: Spec) -> None:
        """New data or structure: rebuild the graph if its shape changed (cheap otherwise)."""
        self._prepared = prepared
        self._spec = spec
        self._rebuild_if_needed()
        self._sync_controls()

    def show_snapshot(self, snap: Snapshot) -> None:
        """Draw a frame: the thumbnails (one image for all nodes) and the links' weights."""
        if snap is self._last_snapshot or snap is self._pending:
            return
        if not self.isVisible():
            self._pending = snap  # drawn on show; hidden tabs cost nothing per frame
            return
        self._pending = None
        self._last_snapshot = snap
        self._draw(snap)

    def _draw(self, snap: Snapshot) -> None:
        layout = self._layout
        if layout is None or not frames.matches(snap, layout):
            return  # a frame of another structure (a rebuild is on its way)
        self._links.set_links(
            frames.select_drawn(layout, frames.shown_blocks(layout, self._link_override))
            if self._link_override is not None else frames.frame_links(layout, snap))
        regression = self._prepared is not None and self._prepared.task == "regression"
        self._atlas, self._tiles = frames.node_atlas(
            layout, snap, [b.activation for b in self._blocks], regression, self._argb)
        frames.set_biases(self._items.nodes, layout, snap, self._lut_colors)
        self._scene.update()

    def set_link_override(self, blocks: list[np.ndarray] | None) -> None:
        """Draw links from these (out, in) blocks (gradients, new weights) instead of the
        frame's weights; None goes back to the weights."""
        self._link_override = blocks
        layout = self._layout
        if layout is None:
            return
        last = self._last_snapshot
        if blocks is not None and len(blocks) == layout.gaps:
            self._links.set_links(frames.select_drawn(layout, frames.shown_blocks(layout, blocks)))
        elif last is not None and frames.matches(last, layout):
            self._links.set_links(frames.frame_links(layout, last))
        else:
            self._links.set_links(frames.idle_links(layout, len(self._links.pens) - 1))
        self._scene.update()

    @property
    def atlas(self) -> Atlas | None:
        """This frame's thumbnails of every drawn node (None before a frame with maps)."""
        return self._atlas

    def thumbnail_index(self, column: int, unit: int) -> int:
        """The atlas tile of a drawn node's map, -1 when it has none."""
        if column >= len(self._tiles):
            return -1
        first, count = self._tiles[column]
        return first + unit if unit < count else -1

    @property
    def layout_geometry(self) -> geo.NetworkLayout | None:
        """The geometry of the current graph (for tests and tools)."""
        return self._layout

    @property
    def links(self) -> DrawnLinks | None:
        """The links of the last frame (or the idle links before one)."""
        return self._links.links

    def scene(self) -> QGraphicsScene:
        """The graph's scene."""
        return self._scene

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Ask for the whole graph (up to a sensible cap) so splitters give it room.
        width = self._canvas.width() if self._layout is not None else 600
        return QSize(min(width + 24, 1100), 560)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Enough for TF Playground-sized networks without scrolling; bigger ones scroll.
        width = self._canvas.width() if self._layout is not None else 440
        return QSize(min(width + 20, 480), 260)

    # ------------------------------------------------------------------------ structure
    def _rebuild_if_needed(self) -> None:
        _, self._blocks = geo.split_blocks(self._spec.model.layers)
        structure = structure_of(self._spec, self._prepared, self._blocks)
        if structure != self._structure:
            self._structure = structure
            self._rebuild(structure)
            # A new network starts at its first column, not where the old one was scrolled to.
            self._scroll.horizontalScrollBar().setValue(0)
            self._scroll.verticalScrollBar().setValue(0)

    def _rebuild(self, s: GraphStructure) -> None:
        self._items.clear()
        self._spacing = spacing, edge, left, right = plan_spacing(s, self.width(),
                                                                  self._label_font)
        layout = geo.layout_network(len(s.features), s.hidden, s.outputs,
                                    node_size=NODE_SIZE, row_spacing=NODE_SIZE + 14,
                                    column_spacing=spacing, edge_spacing=edge, left=left,
                                    right=right)
        self._layout = layout
        self._atlas, self._tiles = None, []
        self._items.build(self, s, layout)
        self._links.set_area(layout.width, layout.height)
        self._links.set_links(frames.idle_links(layout, len(self._links.pens) - 1))
        self._scene.setSceneRect(0.0, 0.0, layout.width, layout.height)
        width, height = int(np.ceil(layout.width)), int(np.ceil(layout.height))
        self._canvas.setFixedSize(width, HEADER_HEIGHT + height)
        self.graph.setGeometry(0, HEADER_HEIGHT, width, height)
        self.input_header.setText(self.tr(
            "<b>Features</b><br><span style='color:#777'>%n input(s)</span>", "", len(s.features)))
        self.output_header.setText(self.tr(
            "<b>Output</b><br><span style='color:#777'>%n unit(s)</span>", "", s.outputs))
        self._headers.place(s, layout, int(self._spacing[1]))
        if self._last_snapshot is not None:
            self._draw(self._last_snapshot)  # e.g. a resize while paused keeps its picture
        self.updateGeometry()  # the size hints follow the graph
        if self._link_override is not None:
            self.set_link_override(self._link_override)
        self.rebuilt.emit()

    # ----------------------------------------------------------------------- interaction
    def node_entered(self, column: int, unit: int) -> None:
        """A node item reports the pointer entering it."""
        if self._layout is not None and self._layout.columns[column].kind == "hidden":
            self.neuron_hovered.emit(self._layout.columns[column].layer, unit)

    def node_left(self, column: int, unit: int) -> None:
        """A node item reports the pointer leaving it."""
        if self._layout is not None and self._layout.columns[column].kind == "hidden":
            self.neuron_hovered.emit(-1, -1)

    def describe_link(self, index: int) -> str:
        """A one-line description of a drawn link: which weight and its value."""
        links, s, layout = self._links.links, self._structure, self._layout
        if links is None or s is None:
            return ""
        assert layout is not None
        g, row, col = int(links.gap[index]), int(links.row[index]), int(links.col[index])
        w = float(links.weight[index])
        value = f"{w:+.4f}" if np.isfinite(w) else self.tr("(no value yet)")
        return self.tr("{0} \u2192 {1}: weight {2}").format(
            unit_name(s, layout, g, col), unit_name(s, layout, g + 1, row), value)

    def edit_link(self, index: int, where: QPoint | QPointF) -> None:
        """Open the weight editor for drawn link ``index`` near the screen point ``where``."""
        links = self._links.links
        if links is None:
            return
        g, row, col = int(links.gap[index]), int(links.row[index]), int(links.col[index])
        point = where.toPoint() if isinstance(where, QPointF) else where
        self.weight_editor.open_for(g, row, col, float(links.weight[index]),
                                    self.describe_link(index), point)

    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        """Ask the session to set one weight (dense layer, target unit, source unit)."""
        self._session.set_weight(layer, row, col, value)

    def _units_text(self, index: int, units: int) -> str:
        # The edits' one plural: lupdate finds plural forms in tr() calls only.
        return self.tr("Set layer {0} to %n neuron(s)", "", units).format(index + 1)

    # --------------------------------------------------------------------- session -> view
    @Slot(object)
    def _on_spec_changed(self, spec: Spec) -> None:
        self._spec = spec
        self._rebuild_if_needed()
        self._sync_controls()

    @Slot(object)
    def _on_data_changed(self, prepared: Prepared) -> None:
        self.set_data(prepared, self._session.spec)

    @Slot(object)
    def _on_snapshot_ready(self, snap: Snapshot) -> None:
        self.show_snapshot(snap)

    def _sync_controls(self) -> None:
        _, blocks = geo.split_blocks(self._spec.model.layers)
        self._blocks = blocks
        self.layers_label.setText(self.tr("%n HIDDEN LAYER(S)", "", len(blocks)))
        self._bar.show_spec(self._spec, len(blocks))
        prep = self._prepared
        loss = self._spec.training.loss
        if prep is not None and loss is None:
            from playground.core.model.head import default_loss
            loss = default_loss(prep.task, prep.n_classes)
        self.output_activation.show_spec(self._spec.model.output_activation, loss)
        controls_list = self._headers.controls(len(blocks))
        for i, (controls, block) in enumerate(zip(controls_list, blocks, strict=True)):
            controls.show_block(i, block)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._structure is None:
            return
        wanted = plan_spacing(self._structure, self.width(), self._label_font)
        if max(abs(a - b) for a, b in zip(wanted, self._spacing, strict=True)) >= 4.0:
            self._rebuild(self._structure)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        pending, self._pending = self._pending, None
        if pending is not None:
            self.show_snapshot(pending)


def _legend_html() -> str:
    neg = colormaps.hex_color(colormaps.ORANGE)
    pos = colormaps.hex_color(colormaps.BLUE)
    return translate(
        "NetworkView",
        "<span style='color:{0}; font-size:15px'>\u2501\u2501</span> negative "
        "&nbsp;<span style='color:{1}; font-size:15px'>\u2501\u2501</span> positive "
        "weight, thicker = larger |w|; click a link to set its weight &nbsp;&middot;&nbsp; "
        "hover a neuron to see its map in the output &nbsp;&middot;&nbsp; small square: "
        "bias").format(neg, pos)
