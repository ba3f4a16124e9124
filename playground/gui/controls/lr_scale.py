"""The learning-rate slider's log scale: 1e-5 .. 10, 100 positions a decade, values rounded to two
significant digits."""

from __future__ import annotations

import math

LR_MIN_EXP, LR_MAX_EXP = -5, 1  # the slider spans 1e-5 .. 10 (the entry takes any lr > 0)
LR_STEPS_PER_DECADE = 100


def lr_to_position(lr: float) -> int:
    """Slider position of a learning rate on the log scale (clipped to the slider's ends)."""
    pos = round((math.log10(lr) - LR_MIN_EXP) * LR_STEPS_PER_DECADE)
    return min(max(pos, 0), (LR_MAX_EXP - LR_MIN_EXP) * LR_STEPS_PER_DECADE)


def position_to_lr(pos: int) -> float:
    """Learning rate at a slider position, rounded to 2 significant digits (0.03, not 0.0302)."""
    value = 10 ** (LR_MIN_EXP + pos / LR_STEPS_PER_DECADE)
    return float(f"{value:.2g}")
