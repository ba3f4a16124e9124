"""Lookup tables: TF Playground's colours at the ends, k distinct hues, pyqtgraph's row choice."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gui.views import colormaps as cm


def test_diverging_lut_ends_are_tf_playground_colours() -> None:
    lut = cm.diverging_lut()
    assert lut.shape == (256, 3) and lut.dtype == np.uint8
    assert tuple(lut[0]) == (0xF5, 0x93, 0x22)  # "#f59322"
    assert tuple(lut[-1]) == (0x08, 0x77, 0xBD)  # "#0877bd"
    # The middle is TFP's near-white "#e8eaeb" (rows 127/128 straddle it).
    assert np.abs(lut[127:129].astype(int) - np.array(cm.NEUTRAL)).max() <= 2


def test_heatmap_lut_is_the_scale_at_alpha_160_over_white() -> None:
    lut = cm.heatmap_lut()
    a = 160 / 255
    expected_orange = np.rint(a * np.array(cm.ORANGE) + (1 - a) * 255)
    assert np.array_equal(lut[0], expected_orange.astype(np.uint8))
    # Lighter than the point colours everywhere (so the points stand out).
    assert (lut.astype(int) >= cm.diverging_lut().astype(int)).all()


def test_hex_color() -> None:
    assert cm.hex_color(cm.ORANGE) == "#f59322"
    assert cm.hex_color(cm.BLUE) == "#0877bd"


@pytest.mark.parametrize("k", [2, 3, 10, 25, 100])
def test_class_colors_are_distinct_and_start_with_orange_blue(k: int) -> None:
    colors = cm.class_colors(k)
    assert colors.shape == (k, 3) and colors.dtype == np.uint8
    assert tuple(colors[0]) == cm.ORANGE and tuple(colors[1]) == cm.BLUE
    assert len({tuple(c) for c in colors}) == k


def test_class_lut_rows_run_from_neutral_to_the_full_hue() -> None:
    k = 3
    lut = cm.class_lut(k)
    shades = cm.class_shades(k)
    assert lut.shape == (256, 3)
    for c, hue in enumerate(cm.class_colors(k)):
        assert np.array_equal(lut[c * shades], cm.tint(np.array([cm.NEUTRAL]))[0])
        assert np.array_equal(lut[c * shades + shades - 1], cm.tint(hue[None, :])[0])


def test_class_index_image_picks_shade_by_confidence() -> None:
    k = 4
    shades = cm.class_shades(k)
    classes = np.array([[0, 3]], np.int32)
    sure = cm.class_index_image(classes, np.array([[1.0, 1.0]], np.float32), k)
    unsure = cm.class_index_image(classes, np.array([[0.25, 0.25]], np.float32), k)
    assert sure.dtype == np.float32 and sure.flags.c_contiguous
    assert np.floor(sure).tolist() == [[shades - 1, 3 * shades + shades - 1]]
    assert np.floor(unsure).tolist() == [[0, 3 * shades]]
    flat = cm.class_index_image(classes, np.array([[0.25, 0.25]], np.float32), k,
                                discretize=True)
    assert np.array_equal(flat, sure)


def test_lut_index_matches_pyqtgraph_rescaling() -> None:
    from pyqtgraph import functions as fn

    values = np.linspace(-1.2, 1.2, 97).astype(np.float32)
    ours = cm.lut_index(values, -1.0, 1.0)
    theirs = fn.rescaleData(values, 256 / 2.0, -1.0, dtype=np.uint8, clip=(0, 255))
    assert np.array_equal(ours, theirs.astype(np.int64))
    assert cm.lut_index(-1.0, -1, 1) == 0 and cm.lut_index(1.0, -1, 1) == 255


def test_ordered_and_sequential_tables() -> None:
    assert len({tuple(c) for c in cm.ordered_colors(7)}) == 7
    assert cm.ordered_colors(0).shape == (0, 3)
    seq = cm.sequential_lut()
    assert tuple(seq[0]) == cm.WHITE and tuple(seq[-1]) == cm.BLUE
    gray = cm.gray_lut()
    assert tuple(gray[0]) == cm.WHITE and gray[-1].max() < 32
