"""The network graph and builder: layers as columns, live neuron thumbnails, editable links.

Columns run left to right: the input features, each hidden dense layer, the output. Above each
hidden column sit its controls (width, activation, dropout, batch norm, remove); above the graph
the layer count and the weight initialiser. Every edit goes through ``session.update`` (so it is
undoable); the view redraws from ``session.spec_changed``, never from its own clicks.

Drawing follows the usual split: the scene (node items, labels, the links item) is rebuilt only
when the structure changes; ``show_snapshot`` only swaps one thumbnail image (all nodes) and the
links' weights. Wide layers draw their first ``MAX_SHOWN`` units and a "+N more" marker; links
are drawn between drawn nodes only, thinned to the strongest inputs per node when many.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QPoint,
    QPointF,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.core import catalogue
from playground.core.data.raw import Prepared
from playground.core.model.head import derive_head
from playground.core.spec import INITS, MAX_LAYERS, Spec, SpecError
from playground.core.train.snapshot import Snapshot
from playground.gui.i18n import core_text
from playground.gui.views import colormaps
from playground.gui.views import network_layout as geo
from playground.gui.views.network_controls import (
    CONTROL_WIDTH,
    LayerControls,
    OutputActivationBox,
    WeightEditor,
)
from playground.gui.views.network_items import (
    EMPTY_NODE,
    NODE_SIZE,
    DrawnLinks,
    LinksItem,
    NodeItem,
)
from playground.gui.views.thumbnails import Atlas, argb_table, make_atlas, map_scale

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls

HEADER_HEIGHT = 150  # room above the graph for each column's controls
MIN_SPACING, MAX_SPACING = 124.0, 210.0  # hidden column spacing: the controls' width .. airy
EDGE_MIN = 92.0  # narrowest input / output column (its title and the node names must fit)


@dataclass(frozen=True)
class _Structure:
    """What the scene is built from; equal values need no rebuild."""

    features: tuple[str, ...]  # input column, one name per model input
    hidden: tuple[int, ...]  # width of each hidden dense layer
    outputs: int  # output units
    output_names: tuple[str, ...]  # label per output unit ("" when none)
    has_grid: bool  # 2-D raw inputs: snapshots carry neuron maps


class NetworkView(QWidget):
    """Network graph with live thumbnails and the builder controls of the session's spec."""

    neuron_hovered = Signal(int, int)  # (hidden layer, unit); (-1, -1) when the pointer leaves
    rebuilt = Signal()  # the scene was rebuilt (overlays re-place their items)

    def __init__(self, session: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._spec: Spec = session.spec
        self._prepared: Prepared | None = None
        self._structure: _Structure | None = None
        self._layout: geo.NetworkLayout | None = None
        self._blocks: list[geo.HiddenBlock] = []
        self._atlas: Atlas | None = None  # this frame's thumbnails, all columns in one image
        self._tiles: list[tuple[int, int]] = []  # per column: (first tile, tiles) in the atlas
        self._argb = argb_table()
        self._lut_colors = [QColor(*(int(v) for v in rgb)) for rgb in colormaps.diverging_lut()]
        self._spacing = (0.0,) * 4  # (hidden, edge spacing, left, right) of the scene
        self._label_font = QFont(self.font())
        self._label_font.setPointSizeF(8.5)
        self._nodes: list[list[NodeItem]] = []
        self._scene_items: list[QGraphicsItem] = []  # everything rebuilt with the structure
        self._last_snapshot: Snapshot | None = None
        self._pending: Snapshot | None = None  # arrived while hidden; drawn when shown
        self._link_override: list[np.ndarray] | None = None  # backprop step-through's values

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
        self.add_layer_button = QToolButton(text="+", toolTip=self.tr("Add a hidden layer"))
        self.remove_layer_button = QToolButton(text="\u2212",
                                               toolTip=self.tr("Remove the last layer"))
        for button in (self.add_layer_button, self.remove_layer_button):
            button.setFixedSize(26, 26)
            button.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.layers_label = QLabel()
        self.layers_label.setStyleSheet("font-weight: 600; letter-spacing: 1px; color: #444;")
        self.init_combo = QComboBox(toolTip=self.tr("How the weights start (model.init)"))
        self.init_combo.addItems(list(INITS))  # the spec's names (files and --set use them)
        for row, info in enumerate(catalogue.INITS[name] for name in INITS):
            tip = self.tr("{0}: {1}").format(core_text("catalogue", info.title),
                                             core_text("catalogue", info.doc))
            self.init_combo.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)
        legend = QLabel(_legend_html())
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #666; font-size: 11px; padding: 2px 8px 4px 8px;")

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        bar.addWidget(self.add_layer_button)
        bar.addWidget(self.remove_layer_button)
        bar.addSpacing(6)
        bar.addWidget(self.layers_label)
        bar.addSpacing(24)
        bar.addWidget(QLabel(self.tr("Init")))
        bar.addSpacing(4)
        bar.addWidget(self.init_combo)
        bar.addStretch(1)

        self._scene = QGraphicsScene(self)
        self._links = LinksItem(self)
        self._scene.addItem(self._links)
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
        self.input_header = _column_title(self._canvas)
        self.output_header = _column_title(self._canvas)
        self.output_activation = OutputActivationBox(self._canvas)
        self.layer_controls: list[LayerControls] = []  # pool; one per hidden layer shown

        self._scroll = QScrollArea()
        self._scroll.setWidget(self._canvas)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._scroll.setStyleSheet("QScrollArea { background: white; border: none; }")
        self._scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.weight_editor = WeightEditor(self)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(bar)
        box.addWidget(self._scroll, 1)
        box.addWidget(legend)

        self.add_layer_button.clicked.connect(self._on_add_layer_clicked)
        self.remove_layer_button.clicked.connect(self._on_remove_layer_clicked)
        self.init_combo.currentTextChanged.connect(self._on_init_chosen)
        self.output_activation.activation_requested.connect(self._on_output_activation_chosen)

    def _controls(self, count: int) -> list[LayerControls]:
        # Pooled, never deleted: an edit from a layer's button rebuilds the graph while that
        # button's signal is still being delivered.
        while len(self.layer_controls) < count:
            controls = LayerControls(self._canvas)
            controls.units_requested.connect(self._on_units_requested)
            controls.activation_requested.connect(self._on_activation_requested)
            controls.dropout_requested.connect(self._on_dropout_requested)
            controls.batchnorm_requested.connect(self._on_batchnorm_requested)
            controls.remove_requested.connect(self._on_remove_requested)
            self.layer_controls.append(controls)
        return self.layer_controls[:count]

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
        if layout is None or not self._matches(snap, layout):
            return  # a frame of another structure (a rebuild is on its way)
        self._links.set_links(self._select(layout, self._shown_blocks(layout, self._link_override))
                              if self._link_override is not None
                              else self._drawn_links(layout, snap))
        self._atlas, self._tiles = self._make_atlas(layout, snap)
        self._set_biases(layout, snap)
        self._scene.update()

    def set_link_override(self, blocks: list[np.ndarray] | None) -> None:
        """Draw links from these (out, in) blocks (gradients, new weights) instead of the
        frame's weights; None goes back to the weights."""
        self._link_override = blocks
        layout = self._layout
        if layout is None:
            return
        if blocks is not None and len(blocks) == layout.gaps:
            self._links.set_links(self._select(layout, self._shown_blocks(layout, blocks)))
        elif self._last_snapshot is not None and self._matches(self._last_snapshot, layout):
            self._links.set_links(self._drawn_links(layout, self._last_snapshot))
        else:
            self._links.set_links(self._idle_links(layout))
        self._scene.update()

    @staticmethod
    def _shown_blocks(layout: geo.NetworkLayout, blocks: list[np.ndarray]) -> list[np.ndarray]:
        return [np.asarray(b, np.float32)[:layout.columns[g + 1].shown, :layout.columns[g].shown]
                for g, b in enumerate(blocks)]

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
    def _current_structure(self) -> _Structure:
        spec, prep = self._spec, self._prepared
        _, blocks = geo.split_blocks(spec.model.layers)
        self._blocks = blocks
        if prep is None:
            features = tuple(spec.data.features or ("x1", "x2"))
            return _Structure(features, tuple(b.units for b in blocks),
                              spec.model.output_units or 1, (), True)
        try:
            outputs = derive_head(spec, prep.task, prep.n_classes, prep.n_targets).n_outputs
        except SpecError:  # the shell reports it; draw something sensible meanwhile
            outputs = prep.n_classes if prep.n_classes > 2 else max(prep.n_targets, 1)
        names = tuple(prep.class_names) if len(prep.class_names) == outputs > 1 else ()
        if not names and outputs > 1 and prep.task != "regression":
            names = tuple(translate("NetworkView", "class {0}").format(k)
                          for k in range(outputs))
        return _Structure(tuple(prep.feature_names), tuple(b.units for b in blocks), outputs,
                          names, prep.n_inputs_raw == 2)

    def _rebuild_if_needed(self) -> None:
        structure = self._current_structure()
        if structure != self._structure:
            self._structure = structure
            self._rebuild(structure)
            # A new network starts at its first column, not where the old one was scrolled to.
            self._scroll.horizontalScrollBar().setValue(0)
            self._scroll.verticalScrollBar().setValue(0)

    def _rebuild(self, s: _Structure) -> None:
        for item in self._scene_items:
            self._scene.removeItem(item)
        self._scene_items = []
        self._nodes = []
        names, out_names = _node_names(s)
        self._spacing = spacing, edge, left, right = self._plan(s)
        layout = geo.layout_network(len(s.features), s.hidden, s.outputs,
                                    node_size=NODE_SIZE, row_spacing=NODE_SIZE + 14,
                                    column_spacing=spacing, edge_spacing=edge, left=left,
                                    right=right)
        self._layout = layout
        self._atlas, self._tiles = None, []
        hues = colormaps.class_colors(s.outputs) if s.output_names else None
        for c, col in enumerate(layout.columns):
            nodes = []
            for unit, y in enumerate(col.ys):
                fill = QColor(*(int(v) for v in hues[unit])) if (
                    hues is not None and col.kind == "output") else EMPTY_NODE
                node = NodeItem(self, c, unit, layout.node_size, fill)
                node.setPos(col.x - layout.node_size / 2, y - layout.node_size / 2)
                node.setToolTip(self._describe_node(s, col, unit))
                self._add(node)
                nodes.append(node)
            self._nodes.append(nodes)
            if col.more:
                self._add_text(
                    self.tr("\u2026 +{0} more").format(col.more), col.x, col.marker_y, "center",
                               grey=True)
        for unit, y in enumerate(layout.columns[0].ys):
            self._add_text(names[unit], layout.columns[0].x
                           - layout.node_size / 2 - 6, y, "right")
        out = layout.columns[-1]
        for unit, y in enumerate(out.ys):
            if unit < len(out_names):
                self._add_text(out_names[unit],
                               out.x + layout.node_size / 2 + 6, y, "left")
        self._links.set_area(layout.width, layout.height)
        self._links.set_links(self._idle_links(layout))
        self._scene.setSceneRect(0.0, 0.0, layout.width, layout.height)
        self._place_headers(s, layout)
        if self._last_snapshot is not None:
            self._draw(self._last_snapshot)  # e.g. a resize while paused keeps its picture
        self.updateGeometry()  # the size hints follow the graph
        if self._link_override is not None:
            self.set_link_override(self._link_override)
        self.rebuilt.emit()

    def _add(self, item: QGraphicsItem) -> None:
        self._scene.addItem(item)
        self._scene_items.append(item)

    def _add_text(self, text: str, x: float, y: float, anchor: str, grey: bool = False) -> None:
        item = QGraphicsSimpleTextItem(text)
        item.setFont(self._label_font)
        item.setBrush(QBrush(QColor(0x80, 0x86, 0x8B) if grey else QColor(0x3C, 0x40, 0x43)))
        box = item.boundingRect()
        dx = {"right": -box.width(), "center": -box.width() / 2, "left": 0.0}[anchor]
        item.setPos(x + dx, y - box.height() / 2)
        self._add(item)

    def _place_headers(self, s: _Structure, layout: geo.NetworkLayout) -> None:
        cols = layout.columns
        width = int(np.ceil(layout.width))
        self._canvas.setFixedSize(width, HEADER_HEIGHT + int(np.ceil(layout.height)))
        self.graph.setGeometry(0, HEADER_HEIGHT, width, int(np.ceil(layout.height)))
        n = len(s.features)
        self.input_header.setText(self.tr(
            "<b>Features</b><br><span style='color:#777'>%n input(s)</span>", "", n))
        self.output_header.setText(self.tr(
            "<b>Output</b><br><span style='color:#777'>%n unit(s)</span>", "", s.outputs))
        edge = int(self._spacing[1])
        for label, col in ((self.input_header, cols[0]), (self.output_header, cols[-1])):
            label.setGeometry(int(col.x - edge / 2), HEADER_HEIGHT - 72, edge, 40)
        box_width = max(edge - 12, 80)
        left = min(int(cols[-1].x - box_width / 2), width - box_width - 2)  # inside the canvas
        self.output_activation.setGeometry(left, HEADER_HEIGHT - 30, box_width, 24)
        self.output_activation.show()  # a child added to a shown canvas starts hidden
        controls = self._controls(len(s.hidden))
        for controls_i, col in zip(controls, cols[1:-1], strict=True):
            hint = controls_i.sizeHint().height()
            controls_i.setGeometry(int(col.x - CONTROL_WIDTH / 2),
                                   max(2, HEADER_HEIGHT - 6 - hint), CONTROL_WIDTH, hint)
            controls_i.show()
        for extra in self.layer_controls[len(s.hidden):]:
            extra.hide()

    @staticmethod
    def _describe_node(s: _Structure, col: geo.Column, unit: int) -> str:
        if col.kind == "input":
            return translate("NetworkView", "Input {0}").format(s.features[unit])
        if col.kind == "output":
            name = (s.output_names[unit] if unit < len(s.output_names)
                    else translate("NetworkView", "unit {0}").format(unit + 1))
            return translate("NetworkView", "Output {0}").format(name)
        return translate("NetworkView", "Layer {0}, neuron {1}").format(col.layer + 1, unit + 1)

    # ------------------------------------------------------------------------- frames
    @staticmethod
    def _matches(snap: Snapshot, layout: geo.NetworkLayout) -> bool:
        cols = layout.columns
        if len(snap.weights) != layout.gaps:
            return False
        return all(w.shape == (cols[g + 1].units, cols[g].units)
                   for g, w in enumerate(snap.weights))

    def _idle_links(self, layout: geo.NetworkLayout) -> DrawnLinks:
        zeros = [np.zeros((layout.columns[g + 1].shown, layout.columns[g].shown), np.float32)
                 for g in range(layout.gaps)]
        links = self._select(layout, zeros)
        idle = len(self._links.pens) - 1
        return DrawnLinks(links.segments, links.gap, links.row, links.col,
                          np.full(len(links.gap), np.nan, np.float32),
                          np.full(len(links.gap), idle, np.int64))

    def _drawn_links(self, layout: geo.NetworkLayout, snap: Snapshot) -> DrawnLinks:
        blocks = [w[:layout.columns[g + 1].shown, :layout.columns[g].shown]
                  for g, w in enumerate(snap.weights)]
        return self._select(layout, blocks)

    def _select(self, layout: geo.NetworkLayout, blocks: list[np.ndarray]) -> DrawnLinks:
        budget = geo.link_budget(layout)
        parts: list[tuple[np.ndarray, ...]] = []
        levels = geo.STYLE_LEVELS
        for g, block in enumerate(blocks):
            rows, cols = geo.select_links(block, budget)
            w = block[rows, cols]
            pen = geo.style_levels(w, geo.link_scale(block)) + np.where(w >= 0, levels, 0)
            parts.append((geo.link_segments(layout, g, rows, cols),
                          np.full(len(rows), g), rows, cols, w.astype(np.float32), pen))
        if not parts:
            empty = np.zeros(0, np.int64)
            return DrawnLinks(np.zeros((0, 4)), empty, empty, empty,
                              np.zeros(0, np.float32), empty)
        return DrawnLinks(*(np.concatenate(arrays) for arrays in zip(*parts, strict=True)))

    def _make_atlas(self, layout: geo.NetworkLayout,
                    snap: Snapshot) -> tuple[Atlas | None, list[tuple[int, int]]]:
        # Every drawn map is pre-divided by its level, so one LUT pass and one QImage serve the
        # whole graph (a per-column image costs more in Python overhead than in pixels).
        grid = snap.grid
        if grid is None or not grid.neurons and not grid.features:
            return None, []
        res = (grid.neurons[0] if grid.neurons else grid.features[0]).shape[-1]
        maps: list[np.ndarray] = []
        tiles: list[tuple[int, int]] = []
        first = layout.columns[0]
        feats = grid.features[:first.shown]
        if feats:
            stack = np.stack([_resample(f, res) for f in feats])
            # Each feature on its own scale: x1 and x1^2 span very different ranges.
            peaks = np.abs(stack).reshape(len(stack), -1).max(axis=1)
            maps.append(stack / np.where(peaks > 1e-12, peaks, 1.0)[:, None, None])
        tiles.append((0, len(feats)))
        for h, col in enumerate(layout.columns[1:-1]):
            drawn = grid.neurons[h][:col.shown] if h < len(grid.neurons) else np.zeros((0,))
            if len(drawn):
                scale = map_scale(drawn, self._blocks[h].activation if h < len(self._blocks)
                                  else None)
                maps.append(_resample(drawn, res) * np.float32(1.0 / scale))
            tiles.append((sum(len(m) for m in maps) - len(drawn), len(drawn)))
        if layout.columns[-1].units == 1:
            # Two classes: a score in [-1, 1]; regression: values on their own scale.
            regression = self._prepared is not None and self._prepared.task == "regression"
            scale = map_scale(grid.output, None) if regression else 1.0
            maps.append(_resample(grid.output, res)[None] * np.float32(1.0 / scale))
            tiles.append((sum(len(m) for m in maps) - 1, 1))
        else:
            tiles.append((0, 0))
        if not maps:
            return None, []
        return make_atlas(np.concatenate(maps), 1.0, self._argb), tiles

    def _set_biases(self, layout: geo.NetworkLayout, snap: Snapshot) -> None:
        for g, bias in enumerate(snap.biases[:layout.gaps]):
            nodes = self._nodes[g + 1]
            shown = bias[:len(nodes)]
            scale = float(np.abs(shown).max()) if shown.size else 0.0
            scale = scale if scale > 1e-12 else 1.0
            rows = colormaps.lut_index(shown, -scale, scale)
            for node, row in zip(nodes, rows.tolist(), strict=False):
                node.bias = self._lut_colors[row]

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
        links = self._links.links
        if links is None or self._structure is None:
            return ""
        g, row, col = int(links.gap[index]), int(links.row[index]), int(links.col[index])
        w = float(links.weight[index])
        value = f"{w:+.4f}" if np.isfinite(w) else self.tr("(no value yet)")
        return self.tr("{0} \u2192 {1}: weight {2}").format(
            self._unit_name(g, col), self._unit_name(g + 1, row), value)

    def _unit_name(self, column: int, unit: int) -> str:
        s, layout = self._structure, self._layout
        assert s is not None and layout is not None
        kind = layout.columns[column].kind
        if kind == "input":
            return s.features[unit]
        if kind == "output":
            return (s.output_names[unit] if unit < len(s.output_names)
                    else self.tr("output {0}").format(unit + 1))
        return self.tr("layer {0} neuron {1}").format(column, unit + 1)

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

    # ----------------------------------------------------------------------------- edits
    def _edit(self, layers: list[dict[str, Any]], text: str, **merge: str) -> None:
        if not self._session.update({"model.layers": layers}, text, **merge):
            self._sync_controls()  # refused: put the controls back to the spec's values

    @Slot(int, int)
    def _on_units_requested(self, index: int, units: int) -> None:
        old = self._blocks[index].units
        if units == old:
            return
        if units == old + 1:
            text = self.tr("Add neuron to layer {0}").format(index + 1)
        elif units == old - 1:
            text = self.tr("Remove neuron from layer {0}").format(index + 1)
        else:
            text = self.tr("Set layer {0} to %n neuron(s)", "", units).format(index + 1)
        self._edit(geo.with_units(self._spec.model.layers, index, units), text)

    @Slot(int, str)
    def _on_activation_requested(self, index: int, name: str) -> None:
        self._edit(geo.with_activation(self._spec.model.layers, index, name),
                   self.tr("Set layer {0} activation to {1}").format(index + 1, name))

    @Slot(int, float)
    def _on_dropout_requested(self, index: int, p: float) -> None:
        had = self._blocks[index].dropout is not None
        if p <= 0.0:
            if had:
                self._edit(geo.with_dropout(self._spec.model.layers, index, None),
                           self.tr("Remove dropout after layer {0}").format(index + 1))
            return
        text = (self.tr("Set dropout {0:g} after layer {1}") if had
                else self.tr("Add dropout {0:g} after layer {1}"))
        # Spin-box steps fold into one undo entry (the session merges equal keys).
        self._edit(geo.with_dropout(self._spec.model.layers, index, round(p, 4)),
                   text.format(p, index + 1),
                   merge_key=f"network.dropout.{index}")

    @Slot(int, bool)
    def _on_batchnorm_requested(self, index: int, on: bool) -> None:
        self._edit(geo.with_batchnorm(self._spec.model.layers, index, on),
                   (self.tr("Add batch norm after layer {0}") if on
                    else self.tr("Remove batch norm after layer {0}")).format(index + 1))

    @Slot(int)
    def _on_remove_requested(self, index: int) -> None:
        self._edit(geo.with_layer_removed(self._spec.model.layers, index),
                   self.tr("Remove layer {0}").format(index + 1))

    @Slot()
    def _on_add_layer_clicked(self) -> None:
        self._edit(geo.with_layer_added(self._spec.model.layers),
                   self.tr("Add layer {0}").format(len(self._blocks) + 1))

    @Slot()
    def _on_remove_layer_clicked(self) -> None:
        if self._blocks:
            self._edit(geo.with_layer_removed(self._spec.model.layers),
                       self.tr("Remove layer {0}").format(len(self._blocks)))

    @Slot(object)
    def _on_output_activation_chosen(self, name: str | None) -> None:
        text = self.tr("Set output activation to {0}").format(name or self.tr("auto"))
        if not self._session.update({"model.output_activation": name}, text):
            self._sync_controls()

    @Slot(str)
    def _on_init_chosen(self, name: str) -> None:
        if not self._session.update({"model.init": name},
            self.tr("Set weight init to {0}").format(name)):
            self._sync_controls()

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
        n = len(blocks)
        self.layers_label.setText(self.tr("%n HIDDEN LAYER(S)", "", n))
        self.add_layer_button.setEnabled(len(self._spec.model.layers) < MAX_LAYERS)
        self.remove_layer_button.setEnabled(n > 0)
        with QSignalBlocker(self.init_combo):
            self.init_combo.setCurrentText(self._spec.model.init)
        prep = self._prepared
        loss = self._spec.training.loss
        if prep is not None and loss is None:
            from playground.core.model.head import default_loss
            loss = default_loss(prep.task, prep.n_classes)
        self.output_activation.show_spec(self._spec.model.output_activation, loss)
        for i, (controls, block) in enumerate(zip(self._controls(n), blocks, strict=True)):
            controls.show_block(i, block)

    def _plan(self, s: _Structure) -> tuple[float, float, float, float]:
        """(hidden spacing, edge spacing, left margin, right margin) for the current width."""
        names, out_names = _node_names(s)
        metrics = QFontMetricsF(self._label_font)
        widest_in = max((metrics.horizontalAdvance(n) for n in names), default=0.0)
        widest_out = max((metrics.horizontalAdvance(n) for n in out_names), default=0.0)

        def margins(edge: float) -> tuple[float, float]:
            # The edge columns' half-width already holds short names; long ones need margin.
            inside = (edge - NODE_SIZE) / 2 - 6.0
            return max(8.0, widest_in - inside + 4.0), max(8.0, widest_out - inside + 4.0)

        spacing, edge = _spacings(self.width(), len(s.hidden))
        left, right = margins(edge)
        for _ in range(3):  # long names take their room from the columns (settles quickly)
            if left + right <= 16.0:
                break
            spacing, edge = _spacings(self.width() - int(left + right - 16.0), len(s.hidden))
            left, right = margins(edge)
        return spacing, edge, left, right

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._structure is None:
            return
        wanted = self._plan(self._structure)
        if max(abs(a - b) for a, b in zip(wanted, self._spacing, strict=True)) >= 4.0:
            self._rebuild(self._structure)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        pending, self._pending = self._pending, None
        if pending is not None:
            self.show_snapshot(pending)


def _column_title(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _node_names(s: _Structure) -> tuple[list[str], list[str]]:
    """The labels written beside the drawn input and output nodes."""
    return ([_elide(n, 18) for n in s.features[:geo.MAX_SHOWN]],
            [_elide(n, 14) for n in s.output_names[:geo.MAX_SHOWN]])


def _spacings(width: int, hidden: int) -> tuple[float, float]:
    """(hidden column spacing, input/output column spacing) for a view this wide.

    Few columns spread over the visible width; many scroll at the minimum. The edge columns
    carry only a title, so they take 0.7 of a hidden column (at least EDGE_MIN).
    """
    room = width - 28.0  # margins and a vertical scroll bar
    spacing = float(np.clip(room / (hidden + 1.4), MIN_SPACING, MAX_SPACING))
    return spacing, float(np.clip(0.7 * spacing, EDGE_MIN, MAX_SPACING))


def _resample(maps: np.ndarray, res: int) -> np.ndarray:
    """Maps (..., r, r) at res x res by nearest neighbour (the output grid is finer)."""
    r = maps.shape[-1]
    if r == res:
        return maps
    pick = np.rint(np.linspace(0, r - 1, res)).astype(np.intp)
    return maps[..., pick[:, None], pick[None, :]]


def _elide(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "\u2026"


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
