"""Pure geometry and structure edits behind the network graph (no Qt; tested on its own).

Two jobs, both plain functions of plain values:

* Geometry: where each column and each drawn node of the graph sits, which units of a wide layer
  are drawn (the first ``max_shown``; the rest are summarised by a "+N more" marker), which links
  are drawn (all of them between drawn nodes when few, else the strongest few per target node),
  the style level of a link from its weight, and which link a click at a point hits.
* Builder edits: the spec's flat layer list (dense, dropout, batchnorm entries) seen as one
  block per dense layer, and the edits the builder's buttons make (add a neuron, toggle dropout,
  remove a layer, ...), each returning a new plain list ready for ``session.update``.

Units: scene pixels for geometry, the view shows the scene 1:1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_SHOWN = 12  # nodes drawn per column; wider layers get a "+N more" marker
MAX_LINKS = 480  # links drawn in the whole graph, at most (plus one per target when thinned)
MAX_LINKS_PER_GAP = 96  # links drawn between two neighbouring columns, at most
STYLE_LEVELS = 8  # distinct widths / colour strengths of a link


# ---------------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class Column:
    """One column of the graph: the inputs, a hidden dense layer or the output."""

    kind: str  # "input", "hidden" or "output"
    layer: int  # hidden: hidden-layer index (0-based); output: number of hidden layers; input: -1
    units: int  # width of the layer (all units, drawn or not)
    x: float  # centre x of the column's nodes
    ys: tuple[float, ...]  # centre y of each drawn node (units 0..len(ys)-1)
    more: int  # units not drawn (summarised by a marker)
    marker_y: float  # centre y of the "+N more" marker (meaningful when more > 0)

    @property
    def shown(self) -> int:
        """Number of drawn nodes (the first ``shown`` units)."""
        return len(self.ys)


@dataclass(frozen=True)
class NetworkLayout:
    """Where everything of one network structure is drawn."""

    columns: tuple[Column, ...]  # inputs, hidden layers in order, output
    node_size: float  # side of a node's square thumbnail
    column_spacing: float  # distance between column centres
    width: float  # scene width
    height: float  # scene height

    @property
    def gaps(self) -> int:
        """Number of weight matrices drawn (one between each pair of neighbouring columns)."""
        return len(self.columns) - 1

    def node_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(column, unit) of the drawn node containing the point, else None."""
        half = self.node_size / 2
        for c, col in enumerate(self.columns):
            if abs(x - col.x) > half:
                continue
            for unit, cy in enumerate(col.ys):
                if abs(y - cy) <= half:
                    return c, unit
        return None


def layout_network(n_inputs: int, hidden_units: Sequence[int], n_outputs: int, *,
                   max_shown: int = MAX_SHOWN, node_size: float = 34.0,
                   row_spacing: float = 46.0, column_spacing: float = 150.0,
                   edge_spacing: float | None = None, left: float = 70.0, right: float = 10.0,
                   top: float = 24.0, bottom: float = 30.0) -> NetworkLayout:
    """Geometry of a network with these layer widths.

    Hidden columns are ``column_spacing`` wide, the input and output columns ``edge_spacing``
    (default: the same; they carry no controls, so they may be narrower), each with its nodes
    centred in it. ``left`` / ``right`` leave room for the feature names written left of the
    input nodes and the class names right of the output nodes; rows start ``top`` below the top.
    """
    edge = column_spacing if edge_spacing is None else edge_spacing
    widths = [n_inputs, *hidden_units, n_outputs]
    kinds = ["input"] + ["hidden"] * len(hidden_units) + ["output"]
    spans = [edge] + [column_spacing] * len(hidden_units) + [edge]
    columns = []
    tallest = 0
    x0 = left
    for c, (kind, units, span) in enumerate(zip(kinds, widths, spans, strict=True)):
        shown = min(units, max_shown)
        ys = tuple(top + node_size / 2 + row_spacing * j for j in range(shown))
        layer = -1 if kind == "input" else c - 1
        tallest = max(tallest, shown + (1 if units > shown else 0))
        columns.append(Column(kind, layer, units, x0 + span / 2, ys, units - shown,
                              top + node_size / 2 + row_spacing * shown - 8.0))
        x0 += span
    height = top + row_spacing * max(tallest, 1) + bottom
    return NetworkLayout(tuple(columns), node_size, column_spacing, x0 + right, height)


def link_budget(layout: NetworkLayout, max_links: int = MAX_LINKS,
                per_gap: int = MAX_LINKS_PER_GAP) -> int:
    """Links drawn per gap: the whole graph stays within ``max_links`` and no gap gets more
    than ``per_gap`` (beyond that a gap is a blur of lines, not a picture of its weights)."""
    return max(1, min(per_gap, max_links // max(layout.gaps, 1)))


def select_links(weights: np.ndarray, budget: int) -> tuple[np.ndarray, np.ndarray]:
    """Which links of a (targets, sources) weight block to draw: (rows, cols) index arrays.

    All of them when they fit in ``budget``; otherwise the ``budget // targets`` (at least one)
    strongest incoming links of each target by |w|, so every drawn node keeps its main inputs.
    """
    t, s = weights.shape
    if t * s <= budget or t == 0 or s == 0:
        rows, cols = np.divmod(np.arange(t * s), max(s, 1))
        return rows, cols
    k = min(s, max(1, budget // t))
    strongest = np.argpartition(-np.abs(weights), k - 1, axis=1)[:, :k]
    return np.repeat(np.arange(t), k), strongest.ravel()


def link_segments(layout: NetworkLayout, gap: int, rows: np.ndarray,
                  cols: np.ndarray) -> np.ndarray:
    """(n, 4) float64 segments x0, y0, x1, y1 of links from column ``gap`` to ``gap + 1``.

    A link runs from the right edge of its source node to the left edge of its target node.
    """
    src, dst = layout.columns[gap], layout.columns[gap + 1]
    half = layout.node_size / 2
    ys_src = np.asarray(src.ys)
    ys_dst = np.asarray(dst.ys)
    out = np.empty((len(rows), 4))
    out[:, 0] = src.x + half
    out[:, 1] = ys_src[cols]
    out[:, 2] = dst.x - half
    out[:, 3] = ys_dst[rows]
    return out


def link_scale(weights: np.ndarray) -> float:
    """|w| drawn at full strength: the block's max |w|, at most 2.5 x its RMS (0 if empty).

    Relative to the layer, so a 512-wide layer's small weights still show their pattern; the
    strongest link of a small block is drawn at full strength, and in a big block one outlier
    does not turn every other link into a hairline (the tooltip gives exact values).
    """
    if weights.size == 0:
        return 0.0
    rms = float(np.sqrt(np.mean(np.square(weights, dtype=np.float64))))
    scale = min(float(np.abs(weights).max()), 2.5 * rms)
    return scale if np.isfinite(scale) else 0.0


def style_levels(weights: np.ndarray, scale: float, levels: int = STYLE_LEVELS) -> np.ndarray:
    """Strength level 0..levels-1 of each weight: |w| / scale, clipped to 1, in equal steps."""
    if scale <= 0 or not np.isfinite(scale):
        return np.zeros(np.shape(weights), dtype=np.int64)
    t = np.rint(np.clip(np.abs(weights) * ((levels - 1) / scale), 0.0, levels - 1))
    return np.where(np.isnan(t), 0, t).astype(np.int64)


def nearest_segment(segments: np.ndarray, x: float, y: float, tolerance: float) -> int:
    """Index of the segment nearest to the point if within ``tolerance``, else -1."""
    if len(segments) == 0:
        return -1
    p0 = segments[:, :2]
    d = segments[:, 2:] - p0
    length2 = np.maximum((d * d).sum(axis=1), 1e-12)
    t = np.clip(((np.array([x, y]) - p0) * d).sum(axis=1) / length2, 0.0, 1.0)
    closest = p0 + d * t[:, None]
    dist2 = ((closest - np.array([x, y])) ** 2).sum(axis=1)
    best = int(np.argmin(dist2))
    return best if dist2[best] <= tolerance * tolerance else -1


# ------------------------------------------------------------------------------ builder edits
@dataclass(frozen=True)
class HiddenBlock:
    """One hidden dense layer and the dropout / batchnorm entries that follow it in the spec."""

    units: int
    activation: str
    extras: tuple[Mapping[str, Any], ...] = ()  # dropout / batchnorm entries, in spec order

    @property
    def dropout(self) -> float | None:
        """p of the first dropout after this layer, None when there is none."""
        for e in self.extras:
            if e["type"] == "dropout":
                return float(e.get("p", 0.5))
        return None

    @property
    def batchnorm(self) -> bool:
        """Whether a batchnorm entry follows this layer."""
        return any(e["type"] == "batchnorm" for e in self.extras)

    def to_list(self) -> list[dict[str, Any]]:
        """The flat spec entries of this block."""
        dense = {"type": "dense", "units": self.units, "activation": self.activation}
        return [dense, *(dict(e) for e in self.extras)]


def _plain(item: Any) -> dict[str, Any]:
    # Spec layers are frozen ``Layer`` values; files and tests give plain dicts.
    return item.to_dict() if hasattr(item, "to_dict") else dict(item)


def split_blocks(layers: Sequence[Any]) -> tuple[tuple[dict[str, Any], ...], list[HiddenBlock]]:
    """(entries before the first dense layer, one block per dense layer)."""
    prefix: list[dict[str, Any]] = []
    blocks: list[HiddenBlock] = []
    for item in map(_plain, layers):
        if item["type"] == "dense":
            blocks.append(HiddenBlock(int(item["units"]), item.get("activation", "relu")))
        elif blocks:
            last = blocks[-1]
            blocks[-1] = HiddenBlock(last.units, last.activation, (*last.extras, item))
        else:
            prefix.append(item)
    return tuple(prefix), blocks


def join_blocks(prefix: Sequence[Mapping[str, Any]],
                blocks: Sequence[HiddenBlock]) -> list[dict[str, Any]]:
    """The flat layer list for ``model.layers`` (inverse of ``split_blocks``)."""
    out = [dict(e) for e in prefix]
    for block in blocks:
        out += block.to_list()
    return out


def hidden_units(layers: Sequence[Any]) -> list[int]:
    """Widths of the dense layers, in order."""
    return [b.units for b in split_blocks(layers)[1]]


def _edit(layers: Sequence[Any], index: int, **changes: Any) -> list[dict[str, Any]]:
    prefix, blocks = split_blocks(layers)
    old = blocks[index]
    blocks[index] = HiddenBlock(changes.get("units", old.units),
                                changes.get("activation", old.activation),
                                changes.get("extras", old.extras))
    return join_blocks(prefix, blocks)


def with_units(layers: Sequence[Any], index: int, units: int) -> list[dict[str, Any]]:
    """Hidden layer ``index`` (0-based) resized to ``units`` (validation is the spec's job)."""
    return _edit(layers, index, units=int(units))


def with_activation(layers: Sequence[Any], index: int, activation: str) -> list[dict[str, Any]]:
    """Hidden layer ``index`` with another activation."""
    return _edit(layers, index, activation=activation)


def with_dropout(layers: Sequence[Any], index: int, p: float | None) -> list[dict[str, Any]]:
    """Dropout after hidden layer ``index``: p sets (or inserts) it, None removes it.

    A new dropout goes last in the block (after any batchnorm), an existing one keeps its place.
    """
    block = split_blocks(layers)[1][index]
    extras = list(block.extras)
    spot = next((i for i, e in enumerate(extras) if e["type"] == "dropout"), None)
    if p is None:
        extras = [e for e in extras if e["type"] != "dropout"]
    elif spot is None:
        extras.append({"type": "dropout", "p": float(p)})
    else:
        extras[spot] = {"type": "dropout", "p": float(p)}
    return _edit(layers, index, extras=tuple(extras))


def with_batchnorm(layers: Sequence[Any], index: int, on: bool) -> list[dict[str, Any]]:
    """Batchnorm right after hidden layer ``index`` inserted (on) or removed (off)."""
    block = split_blocks(layers)[1][index]
    extras = [e for e in block.extras if e["type"] != "batchnorm"]
    if on:
        extras.insert(0, {"type": "batchnorm"})
    return _edit(layers, index, extras=tuple(extras))


def with_layer_added(layers: Sequence[Any], index: int | None = None) -> list[dict[str, Any]]:
    """A new hidden layer inserted at ``index`` (None: last), shaped like its neighbour.

    It copies the width and activation of the layer before it (else after it, else 4 tanh
    units, TF Playground's default) but none of its dropout / batchnorm.
    """
    prefix, blocks = split_blocks(layers)
    at = len(blocks) if index is None else max(0, min(index, len(blocks)))
    like = blocks[at - 1] if at > 0 else (blocks[0] if blocks else None)
    new = HiddenBlock(like.units, like.activation) if like else HiddenBlock(4, "tanh")
    blocks.insert(at, new)
    return join_blocks(prefix, blocks)


def with_layer_removed(layers: Sequence[Any], index: int | None = None) -> list[dict[str, Any]]:
    """Hidden layer ``index`` (None: the last) removed with its dropout / batchnorm."""
    prefix, blocks = split_blocks(layers)
    if not blocks:
        return join_blocks(prefix, blocks)
    del blocks[len(blocks) - 1 if index is None else index]
    return join_blocks(prefix, blocks)
