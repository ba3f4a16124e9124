"""What one frame draws on the network graph: which links, with which pens; one thumbnail atlas
for every node; each node's bias colour. Snapshot arrays in, drawable values out: the view only
hands them to its items (``set_links``, the atlas, ``node.bias``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtGui import QColor

from playground.core.train.snapshot import Snapshot
from playground.gui.views import colormaps
from playground.gui.views import network_layout as geo
from playground.gui.views.network_items import DrawnLinks, NodeItem
from playground.gui.views.thumbnails import Atlas, make_atlas, map_scale


def matches(snap: Snapshot, layout: geo.NetworkLayout) -> bool:
    """Whether the frame's weights have the shapes of this graph (else it is another
    structure's frame, and a rebuild is on its way)."""
    cols = layout.columns
    if len(snap.weights) != layout.gaps:
        return False
    return all(w.shape == (cols[g + 1].units, cols[g].units)
               for g, w in enumerate(snap.weights))


def shown_blocks(layout: geo.NetworkLayout, blocks: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The drawn nodes' part of each (out, in) block, as float32."""
    return [np.asarray(b, np.float32)[:layout.columns[g + 1].shown, :layout.columns[g].shown]
            for g, b in enumerate(blocks)]


def select_drawn(layout: geo.NetworkLayout, blocks: list[np.ndarray]) -> DrawnLinks:
    """The links drawn for these (drawn out, drawn in) blocks: the strongest within the
    budget, each with its pen (strength level, plus ``STYLE_LEVELS`` when positive)."""
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


def idle_links(layout: geo.NetworkLayout, idle_pen: int) -> DrawnLinks:
    """The links before a frame: every drawn link, weight unknown (NaN), in ``idle_pen``."""
    zeros = [np.zeros((layout.columns[g + 1].shown, layout.columns[g].shown), np.float32)
             for g in range(layout.gaps)]
    links = select_drawn(layout, zeros)
    return DrawnLinks(links.segments, links.gap, links.row, links.col,
                      np.full(len(links.gap), np.nan, np.float32),
                      np.full(len(links.gap), idle_pen, np.int64))


def frame_links(layout: geo.NetworkLayout, snap: Snapshot) -> DrawnLinks:
    """The links drawn for a frame's weights."""
    blocks = [w[:layout.columns[g + 1].shown, :layout.columns[g].shown]
              for g, w in enumerate(snap.weights)]
    return select_drawn(layout, blocks)


def node_atlas(layout: geo.NetworkLayout, snap: Snapshot, activations: Sequence[str | None],
               regression: bool, argb: np.ndarray
               ) -> tuple[Atlas | None, list[tuple[int, int]]]:
    """One image of every drawn node's map, and per column its (first tile, tiles).

    ``activations`` names each hidden layer's activation (its maps' level); a one-unit output
    is a score in [-1, 1], or values on their own scale when ``regression``.
    """
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
        stack = np.stack([resample(f, res) for f in feats])
        # Each feature on its own scale: x1 and x1^2 span very different ranges.
        peaks = np.abs(stack).reshape(len(stack), -1).max(axis=1)
        maps.append(stack / np.where(peaks > 1e-12, peaks, 1.0)[:, None, None])
    tiles.append((0, len(feats)))
    for h, col in enumerate(layout.columns[1:-1]):
        drawn = grid.neurons[h][:col.shown] if h < len(grid.neurons) else np.zeros((0,))
        if len(drawn):
            scale = map_scale(drawn, activations[h] if h < len(activations) else None)
            maps.append(resample(drawn, res) * np.float32(1.0 / scale))
        tiles.append((sum(len(m) for m in maps) - len(drawn), len(drawn)))
    if layout.columns[-1].units == 1:
        scale = map_scale(grid.output, None) if regression else 1.0
        maps.append(resample(grid.output, res)[None] * np.float32(1.0 / scale))
        tiles.append((sum(len(m) for m in maps) - 1, 1))
    else:
        tiles.append((0, 0))
    if not maps:
        return None, []
    return make_atlas(np.concatenate(maps), 1.0, argb), tiles


def resample(maps: np.ndarray, res: int) -> np.ndarray:
    """Maps (..., r, r) at res x res by nearest neighbour (the output grid is finer)."""
    r = maps.shape[-1]
    if r == res:
        return maps
    pick = np.rint(np.linspace(0, r - 1, res)).astype(np.intp)
    return maps[..., pick[:, None], pick[None, :]]


def set_biases(nodes: list[list[NodeItem]], layout: geo.NetworkLayout, snap: Snapshot,
               lut_colors: list[QColor]) -> None:
    """Colour each drawn node's bias tick by its bias, on its layer's own symmetric scale."""
    for g, bias in enumerate(snap.biases[:layout.gaps]):
        column = nodes[g + 1]
        shown = bias[:len(column)]
        scale = float(np.abs(shown).max()) if shown.size else 0.0
        scale = scale if scale > 1e-12 else 1.0
        rows = colormaps.lut_index(shown, -scale, scale)
        for node, row in zip(column, rows.tolist(), strict=False):
            node.bias = lut_colors[row]
