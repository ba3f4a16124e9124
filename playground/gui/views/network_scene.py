"""The network graph's per-structure scene items: one node item per drawn unit, the "+N more"
markers, and the names written beside the input and output nodes. Built once per structure
(``network.NetworkView`` removes them on the next rebuild); frames never add items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSimpleTextItem

from playground.gui.views import colormaps
from playground.gui.views import network_layout as geo
from playground.gui.views.network_items import EMPTY_NODE, NodeItem
from playground.gui.views.network_structure import GraphStructure, describe_node, node_names

if TYPE_CHECKING:
    from playground.gui.views.network import NetworkView

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls


class SceneItems:
    """The items of one structure in a scene: nodes per column and their labels."""

    def __init__(self, scene: QGraphicsScene, font: QFont):
        self._scene = scene
        self._font = font
        self.items: list[QGraphicsItem] = []  # everything rebuilt with the structure
        self.nodes: list[list[NodeItem]] = []  # per column, per drawn unit

    def clear(self) -> None:
        """Take the previous structure's items out of the scene."""
        for item in self.items:
            self._scene.removeItem(item)
        self.items = []
        self.nodes = []

    def build(self, view: NetworkView, s: GraphStructure, layout: geo.NetworkLayout) -> None:
        """Add the nodes (reporting hovers to ``view``), markers and names of ``s``."""
        names, out_names = node_names(s)
        hues = colormaps.class_colors(s.outputs) if s.output_names else None
        for c, col in enumerate(layout.columns):
            nodes = []
            for unit, y in enumerate(col.ys):
                fill = QColor(*(int(v) for v in hues[unit])) if (
                    hues is not None and col.kind == "output") else EMPTY_NODE
                node = NodeItem(view, c, unit, layout.node_size, fill)
                node.setPos(col.x - layout.node_size / 2, y - layout.node_size / 2)
                node.setToolTip(describe_node(s, col, unit))
                self._add(node)
                nodes.append(node)
            self.nodes.append(nodes)
            if col.more:
                self._add_text(translate("NetworkView", "\u2026 +{0} more").format(col.more),
                               col.x, col.marker_y, "center", grey=True)
        for unit, y in enumerate(layout.columns[0].ys):
            self._add_text(names[unit], layout.columns[0].x - layout.node_size / 2 - 6, y,
                           "right")
        out = layout.columns[-1]
        for unit, y in enumerate(out.ys):
            if unit < len(out_names):
                self._add_text(out_names[unit], out.x + layout.node_size / 2 + 6, y, "left")

    def _add(self, item: QGraphicsItem) -> None:
        self._scene.addItem(item)
        self.items.append(item)

    def _add_text(self, text: str, x: float, y: float, anchor: str, grey: bool = False) -> None:
        item = QGraphicsSimpleTextItem(text)
        item.setFont(self._font)
        item.setBrush(QBrush(QColor(0x80, 0x86, 0x8B) if grey else QColor(0x3C, 0x40, 0x43)))
        box = item.boundingRect()
        dx = {"right": -box.width(), "center": -box.width() / 2, "left": 0.0}[anchor]
        item.setPos(x + dx, y - box.height() / 2)
        self._add(item)
