"""Arrays handed between threads and processes: one way to freeze them."""

from __future__ import annotations

import numpy as np


def frozen(array: object, dtype: type | None = None) -> np.ndarray:
    """A C-contiguous read-only copy (safe to hand to another thread)."""
    out = np.array(array, dtype=dtype, order="C", copy=True)
    out.setflags(write=False)
    return out
