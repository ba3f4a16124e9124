"""What sits above the network graph: the builder bar (add / remove a layer, the layer count, the
weight initialiser) and each column's header on the canvas (the input and output titles, the
output activation box, one pooled ``LayerControls`` per hidden column).

Plain holders of widgets, wired to ``NetworkEdits``; ``network.NetworkView`` lays them out and
places the headers once per structure. Texts keep the ``NetworkView`` translation context.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from playground.core import catalogue
from playground.core.spec import INITS, MAX_LAYERS, Spec
from playground.gui.i18n import core_text
from playground.gui.views import network_layout as geo
from playground.gui.views.network_controls import (
    CONTROL_WIDTH,
    LayerControls,
    OutputActivationBox,
)
from playground.gui.views.network_edits import NetworkEdits
from playground.gui.views.network_structure import GraphStructure

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls

HEADER_HEIGHT = 150  # room above the graph for each column's controls
INIT_COMBO_MIN_WIDTH = 90  # px; below its natural width the initialiser's name is elided


class BuilderBar:
    """The row above the graph; ``layout`` goes into the view's box."""

    def __init__(self, edits: NetworkEdits):
        self.add_layer_button = QToolButton(
            text="+", toolTip=translate("NetworkView", "Add a hidden layer"))
        self.remove_layer_button = QToolButton(
            text="\u2212", toolTip=translate("NetworkView", "Remove the last layer"))
        for button in (self.add_layer_button, self.remove_layer_button):
            button.setFixedSize(26, 26)
            button.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.layers_label = QLabel()
        self.layers_label.setStyleSheet("font-weight: 600; letter-spacing: 1px; color: #444;")
        self.init_combo = QComboBox(
            toolTip=translate("NetworkView", "How the weights start (model.init)"))
        self.init_combo.addItems(list(INITS))  # the spec's names (files and --set use them)
        for row, info in enumerate(catalogue.INITS[name] for name in INITS):
            tip = translate("NetworkView", "{0}: {1}").format(core_text("catalogue", info.title),
                                                              core_text("catalogue", info.doc))
            self.init_combo.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)
        # The combo gives up width before the layer count does: in a small window (1024x700)
        # the network column is narrower than the bar's natural width.
        self.init_combo.setMinimumWidth(INIT_COMBO_MIN_WIDTH)

        self.layout = bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        bar.addWidget(self.add_layer_button)
        bar.addWidget(self.remove_layer_button)
        bar.addSpacing(6)
        bar.addWidget(self.layers_label)
        bar.addSpacing(24)
        bar.addWidget(QLabel(translate("NetworkView", "Init")))
        bar.addSpacing(4)
        bar.addWidget(self.init_combo)
        bar.addStretch(1)
        # Connected once filled: adding the first initialiser selects it.
        self.add_layer_button.clicked.connect(edits.on_add_layer_clicked)
        self.remove_layer_button.clicked.connect(edits.on_remove_layer_clicked)
        self.init_combo.currentTextChanged.connect(edits.on_init_chosen)

    def show_spec(self, spec: Spec, hidden: int) -> None:
        """Resync from the spec, which has ``hidden`` dense hidden layers (signals blocked;
        the view writes the layer count, a plural its own ``tr`` translates)."""
        self.add_layer_button.setEnabled(len(spec.model.layers) < MAX_LAYERS)
        self.remove_layer_button.setEnabled(hidden > 0)
        with QSignalBlocker(self.init_combo):
            self.init_combo.setCurrentText(spec.model.init)


class ColumnHeaders:
    """The widgets above the graph's columns, children of the canvas."""

    def __init__(self, canvas: QWidget, edits: NetworkEdits):
        self._canvas = canvas
        self._edits = edits
        self.input_header = _column_title(canvas)
        self.output_header = _column_title(canvas)
        self.output_activation = OutputActivationBox(canvas)
        self.layer_controls: list[LayerControls] = []  # pool; one per hidden layer shown
        self.output_activation.activation_requested.connect(edits.on_output_activation_chosen)

    def controls(self, count: int) -> list[LayerControls]:
        """The first ``count`` layer controls, made (and wired) as needed."""
        # Pooled, never deleted: an edit from a layer's button rebuilds the graph while that
        # button's signal is still being delivered.
        edits = self._edits
        while len(self.layer_controls) < count:
            controls = LayerControls(self._canvas)
            controls.units_requested.connect(edits.on_units_requested)
            controls.activation_requested.connect(edits.on_activation_requested)
            controls.dropout_requested.connect(edits.on_dropout_requested)
            controls.batchnorm_requested.connect(edits.on_batchnorm_requested)
            controls.remove_requested.connect(edits.on_remove_requested)
            self.layer_controls.append(controls)
        return self.layer_controls[:count]

    def place(self, s: GraphStructure, layout: geo.NetworkLayout, edge: int) -> None:
        """Place every header above its column (``edge``: edge column width); the view has
        titled the input and output columns (plurals its own ``tr`` translates)."""
        cols = layout.columns
        width = int(np.ceil(layout.width))
        for label, col in ((self.input_header, cols[0]), (self.output_header, cols[-1])):
            label.setGeometry(int(col.x - edge / 2), HEADER_HEIGHT - 72, edge, 40)
        box_width = max(edge - 12, 80)
        left = min(int(cols[-1].x - box_width / 2), width - box_width - 2)  # inside the canvas
        self.output_activation.setGeometry(left, HEADER_HEIGHT - 30, box_width, 24)
        self.output_activation.show()  # a child added to a shown canvas starts hidden
        controls = self.controls(len(s.hidden))
        for controls_i, col in zip(controls, cols[1:-1], strict=True):
            hint = controls_i.sizeHint().height()
            controls_i.setGeometry(int(col.x - CONTROL_WIDTH / 2),
                                   max(2, HEADER_HEIGHT - 6 - hint), CONTROL_WIDTH, hint)
            controls_i.show()
        for extra in self.layer_controls[len(s.hidden):]:
            extra.hide()


def _column_title(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
