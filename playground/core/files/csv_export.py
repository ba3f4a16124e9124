"""The data of an experiment as CSV: raw inputs, target column(s) and the split of every row."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np

from playground.core.atomic import write_atomic
from playground.core.data.raw import Prepared


def write_csv(prepared: Prepared, path: str | Path) -> None:
    """Rows of raw inputs, target column(s) and split ("train", "validation", "test")."""
    targets = np.asarray(prepared.y_train)
    n_targets = 1 if targets.ndim == 1 else targets.shape[1]
    target_names = ["target"] if n_targets == 1 else [f"target{i + 1}" for i in range(n_targets)]
    handle = io.StringIO(newline="")
    writer = csv.writer(handle)
    writer.writerow([*prepared.input_names, *target_names, "split"])
    for split, raw, y in (("train", prepared.raw_train, prepared.y_train),
                          ("validation", prepared.raw_val, prepared.y_val),
                          ("test", prepared.raw_test, prepared.y_test)):
        if len(raw) == 0:
            continue
        y = np.asarray(y).reshape(len(raw), -1)
        for xi, yi in zip(raw, y, strict=True):
            writer.writerow([*(f"{v:.9g}" for v in xi), *(_cell(v) for v in yi), split])
    write_atomic(Path(path), handle.getvalue().encode("utf-8"))


def _cell(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else f"{float(value):.9g}"
