"""What the network graph shows, read from the spec and the data: the structure (columns and
their units), the names written beside nodes and links, and how wide the columns are drawn.

Plain functions of plain values (a font for measuring names is the only Qt they touch). Their
texts keep the ``NetworkView`` translation context: they were that view's messages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontMetricsF

from playground.core.data.raw import Prepared
from playground.core.model.head import derive_head
from playground.core.spec import Spec, SpecError
from playground.gui.views import network_layout as geo
from playground.gui.views.network_items import NODE_SIZE

translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls

MIN_SPACING, MAX_SPACING = 124.0, 210.0  # hidden column spacing: the controls' width .. airy
EDGE_MIN = 92.0  # narrowest input / output column (its title and the node names must fit)


@dataclass(frozen=True)
class GraphStructure:
    """What the scene is built from; equal values need no rebuild."""

    features: tuple[str, ...]  # input column, one name per model input
    hidden: tuple[int, ...]  # width of each hidden dense layer
    outputs: int  # output units
    output_names: tuple[str, ...]  # label per output unit ("" when none)
    has_grid: bool  # 2-D raw inputs: snapshots carry neuron maps


def structure_of(spec: Spec, prep: Prepared | None,
                 blocks: list[geo.HiddenBlock]) -> GraphStructure:
    """The structure to draw for this spec (its hidden ``blocks``) on this data (None: not
    prepared yet, so the spec's features and output units stand in)."""
    if prep is None:
        features = tuple(spec.data.features or ("x1", "x2"))
        return GraphStructure(features, tuple(b.units for b in blocks),
                              spec.model.output_units or 1, (), True)
    try:
        outputs = derive_head(spec, prep.task, prep.n_classes, prep.n_targets).n_outputs
    except SpecError:  # the shell reports it; draw something sensible meanwhile
        outputs = prep.n_classes if prep.n_classes > 2 else max(prep.n_targets, 1)
    names = tuple(prep.class_names) if len(prep.class_names) == outputs > 1 else ()
    if not names and outputs > 1 and prep.task != "regression":
        names = tuple(translate("NetworkView", "class {0}").format(k) for k in range(outputs))
    return GraphStructure(tuple(prep.feature_names), tuple(b.units for b in blocks), outputs,
                          names, prep.n_inputs_raw == 2)


# ------------------------------------------------------------------------------------ names
def node_names(s: GraphStructure) -> tuple[list[str], list[str]]:
    """The labels written beside the drawn input and output nodes."""
    return ([elide(n, 18) for n in s.features[:geo.MAX_SHOWN]],
            [elide(n, 14) for n in s.output_names[:geo.MAX_SHOWN]])


def elide(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters, the last one an ellipsis when cut."""
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def describe_node(s: GraphStructure, col: geo.Column, unit: int) -> str:
    """A node's tooltip: which input, neuron or output it is."""
    if col.kind == "input":
        return translate("NetworkView", "Input {0}").format(s.features[unit])
    if col.kind == "output":
        name = (s.output_names[unit] if unit < len(s.output_names)
                else translate("NetworkView", "unit {0}").format(unit + 1))
        return translate("NetworkView", "Output {0}").format(name)
    return translate("NetworkView", "Layer {0}, neuron {1}").format(col.layer + 1, unit + 1)


def unit_name(s: GraphStructure, layout: geo.NetworkLayout, column: int, unit: int) -> str:
    """The name of one unit in a link's description ("x1", "layer 2 neuron 3", a class)."""
    kind = layout.columns[column].kind
    if kind == "input":
        return s.features[unit]
    if kind == "output":
        return (s.output_names[unit] if unit < len(s.output_names)
                else translate("NetworkView", "output {0}").format(unit + 1))
    return translate("NetworkView", "layer {0} neuron {1}").format(column, unit + 1)


# ---------------------------------------------------------------------------------- spacing
def spacings(width: int, hidden: int) -> tuple[float, float]:
    """(hidden column spacing, input/output column spacing) for a view this wide.

    Few columns spread over the visible width; many scroll at the minimum. The edge columns
    carry only a title, so they take 0.7 of a hidden column (at least EDGE_MIN).
    """
    room = width - 28.0  # margins and a vertical scroll bar
    spacing = float(np.clip(room / (hidden + 1.4), MIN_SPACING, MAX_SPACING))
    return spacing, float(np.clip(0.7 * spacing, EDGE_MIN, MAX_SPACING))


def plan_spacing(s: GraphStructure, width: int,
                 font: QFont) -> tuple[float, float, float, float]:
    """(hidden spacing, edge spacing, left margin, right margin) for a view ``width`` px wide
    whose node names are written in ``font``."""
    names, out_names = node_names(s)
    metrics = QFontMetricsF(font)
    widest_in = max((metrics.horizontalAdvance(n) for n in names), default=0.0)
    widest_out = max((metrics.horizontalAdvance(n) for n in out_names), default=0.0)

    def margins(edge: float) -> tuple[float, float]:
        # The edge columns' half-width already holds short names; long ones need margin.
        inside = (edge - NODE_SIZE) / 2 - 6.0
        return max(8.0, widest_in - inside + 4.0), max(8.0, widest_out - inside + 4.0)

    spacing, edge = spacings(width, len(s.hidden))
    left, right = margins(edge)
    for _ in range(3):  # long names take their room from the columns (settles quickly)
        if left + right <= 16.0:
            break
        spacing, edge = spacings(width - int(left + right - 16.0), len(s.hidden))
        left, right = margins(edge)
    return spacing, edge, left, right
