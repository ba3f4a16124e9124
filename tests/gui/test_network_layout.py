"""The network graph's pure geometry and layer-list edits (no Qt needed or loaded)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.core.spec import Spec
from playground.gui.views import network_layout as geo

DENSE = {"type": "dense", "units": 4, "activation": "tanh"}


def test_module_loads_no_qt():
    code = ("import sys, playground.gui.views.network_layout\n"
            "print([m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_columns_of_the_default_network():
    layout = geo.layout_network(2, [4, 2], 1, node_size=30, row_spacing=40,
                                column_spacing=100, left=50, top=10)
    assert [c.kind for c in layout.columns] == ["input", "hidden", "hidden", "output"]
    assert [c.layer for c in layout.columns] == [-1, 0, 1, 2]
    assert [c.shown for c in layout.columns] == [2, 4, 2, 1]
    assert [c.x for c in layout.columns] == [100, 200, 300, 400]
    assert layout.columns[1].ys == (25, 65, 105, 145)
    assert all(c.more == 0 for c in layout.columns)
    assert layout.gaps == 3
    assert layout.height >= 145 + 15  # the tallest column fits


def test_wide_layers_are_summarised():
    layout = geo.layout_network(2, [512] * 16, 1)
    hidden = layout.columns[1:-1]
    assert all(c.shown == geo.MAX_SHOWN and c.more == 512 - geo.MAX_SHOWN for c in hidden)
    assert all(c.marker_y > c.ys[-1] for c in hidden)  # the marker sits below the last node
    assert sum(c.shown for c in layout.columns) == 2 + 16 * geo.MAX_SHOWN + 1


def test_node_at_finds_the_node_under_a_point():
    layout = geo.layout_network(2, [4], 1)
    col = layout.columns[1]
    assert layout.node_at(col.x + 3, col.ys[2] - 3) == (1, 2)
    assert layout.node_at(col.x + layout.node_size, col.ys[2]) is None


def test_select_links_keeps_all_when_they_fit():
    w = np.arange(8, dtype=np.float32).reshape(4, 2)
    rows, cols = geo.select_links(w, budget=8)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [
        (r, c) for r in range(4) for c in range(2)]


def test_select_links_thins_to_the_strongest_inputs_per_target():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(12, 12))
    rows, cols = geo.select_links(w, budget=36)  # 3 per target
    assert len(rows) == 36
    for r in range(12):
        picked = set(cols[rows == r].tolist())
        assert picked == set(np.argsort(-np.abs(w[r]))[:3].tolist())


def test_links_of_a_16x512_network_stay_bounded():
    layout = geo.layout_network(2, [512] * 16, 1)
    budget = geo.link_budget(layout)
    total = 0
    for g in range(layout.gaps):
        src, dst = layout.columns[g], layout.columns[g + 1]
        rows, _ = geo.select_links(np.ones((dst.shown, src.shown)), budget)
        total += len(rows)
    assert 16 * geo.MAX_SHOWN <= total <= geo.MAX_LINKS


def test_link_segments_run_from_edge_to_edge():
    layout = geo.layout_network(2, [3], 1, node_size=20)
    seg = geo.link_segments(layout, 0, np.array([2]), np.array([1]))
    src, dst = layout.columns[0], layout.columns[1]
    assert seg.tolist() == [[src.x + 10, src.ys[1], dst.x - 10, dst.ys[2]]]


def test_nearest_segment_hits_within_tolerance_only():
    segs = np.array([[0.0, 0.0, 10.0, 0.0], [0.0, 10.0, 10.0, 20.0]])
    assert geo.nearest_segment(segs, 5.0, 1.0, 2.0) == 0
    assert geo.nearest_segment(segs, 5.0, 15.0, 2.0) == 1
    assert geo.nearest_segment(segs, 5.0, 7.0, 2.0) == -1
    assert geo.nearest_segment(segs, 13.0, 0.0, 2.0) == -1  # past the end
    assert geo.nearest_segment(np.zeros((0, 4)), 0.0, 0.0, 5.0) == -1


def test_style_levels_grow_with_the_weight_size():
    w = np.array([0.0, -0.5, 1.0, -2.0, np.nan])
    levels = geo.style_levels(w, scale=1.0, levels=5)
    assert levels.tolist() == [0, 2, 4, 4, 0]
    assert geo.style_levels(w, scale=0.0).tolist() == [0] * 5


# -------------------------------------------------------------------------- builder edits
def _valid(layers):
    return [layer.to_dict() for layer in Spec().replace({"model.layers": layers}).model.layers]


def test_split_and_join_round_trip_keeps_every_entry_in_order():
    layers = [{"type": "dropout", "p": 0.1}, DENSE, {"type": "dropout", "p": 0.2},
              {"type": "batchnorm"}, {"type": "dense", "units": 2, "activation": "relu"}]
    prefix, blocks = geo.split_blocks(Spec().replace({"model.layers": layers}).model.layers)
    assert prefix == ({"type": "dropout", "p": 0.1},)
    assert [(b.units, b.activation, b.dropout, b.batchnorm) for b in blocks] == [
        (4, "tanh", 0.2, True), (2, "relu", None, False)]
    assert geo.join_blocks(prefix, blocks) == layers


def test_units_and_activation_edits_touch_one_layer():
    layers = [DENSE, {"type": "batchnorm"}, {"type": "dense", "units": 2, "activation": "tanh"}]
    assert _valid(geo.with_units(layers, 1, 3))[2]["units"] == 3
    assert geo.with_units(layers, 1, 3)[:2] == layers[:2]
    edited = geo.with_activation(layers, 0, "relu")
    assert edited[0]["activation"] == "relu" and edited[1:] == layers[1:]
    assert geo.hidden_units(layers) == [4, 2]


def test_dropout_is_inserted_set_and_removed_after_its_layer():
    layers = [DENSE, {"type": "batchnorm"}, DENSE]
    added = geo.with_dropout(layers, 0, 0.3)
    assert _valid(added) == [DENSE, {"type": "batchnorm"}, {"type": "dropout", "p": 0.3}, DENSE]
    changed = geo.with_dropout(added, 0, 0.5)
    assert changed[2] == {"type": "dropout", "p": 0.5}
    assert geo.with_dropout(changed, 0, None) == layers
    last = geo.with_dropout(layers, 1, 0.2)
    assert last[-1] == {"type": "dropout", "p": 0.2}


def test_batchnorm_goes_right_after_the_dense_layer():
    layers = [DENSE, {"type": "dropout", "p": 0.2}]
    on = geo.with_batchnorm(layers, 0, True)
    assert on == [DENSE, {"type": "batchnorm"}, {"type": "dropout", "p": 0.2}]
    assert geo.with_batchnorm(on, 0, True) == on  # idempotent
    assert geo.with_batchnorm(on, 0, False) == layers


def test_layers_are_added_like_their_neighbour_and_removed_with_their_extras():
    layers = [{"type": "dense", "units": 8, "activation": "relu"}, {"type": "dropout", "p": 0.5}]
    added = geo.with_layer_added(layers)
    assert added[-1] == {"type": "dense", "units": 8, "activation": "relu"}
    assert geo.with_layer_added([]) == [DENSE]
    first = geo.with_layer_added(layers, 0)
    assert first[0] == {"type": "dense", "units": 8, "activation": "relu"} and first[1:] == layers
    assert geo.with_layer_removed(added, 0) == [added[-1]]
    assert geo.with_layer_removed(layers) == []
    assert geo.with_layer_removed([]) == []


@pytest.mark.parametrize("depth", [16])
def test_sixteen_wide_layers_are_a_valid_spec(depth):
    layers: list = []
    for _ in range(depth):
        layers = geo.with_layer_added(layers)
        layers = geo.with_units(layers, len(geo.hidden_units(layers)) - 1, 512)
    assert geo.hidden_units(_valid(layers)) == [512] * depth


def test_link_scale_is_the_max_for_small_blocks_and_robust_for_big_ones():
    assert geo.link_scale(np.array([[0.5, -2.0]])) == 2.0
    big = np.full((12, 12), 0.1)
    big[0, 0] = 100.0  # one outlier
    assert geo.link_scale(big) == pytest.approx(2.5 * np.sqrt(np.mean(big ** 2)))
    assert geo.link_scale(np.zeros((0, 3))) == 0.0
    assert geo.link_scale(np.array([[np.nan]])) == 0.0
