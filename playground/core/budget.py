"""Memory budgets: refuse an experiment that cannot fit before anything is allocated.

Without a check, two dense layers of 65536 units grow the training process to gigabytes with no
output until the OS kills it. Here a model's memory (parameters with their gradients, the
optimizer's state and the trainer's copies, activations at the batch size, the evaluation and
snapshot grids) and a generated dataset's memory are estimated from the spec and compared with a
budget derived from the memory available: free RAM (and the container's limit), or the GPU's
free memory when training there. ``MemoryBudgetError`` gives both figures in one line.

``PLAYGROUND_MEMORY_BUDGET`` (bytes, or with a K/M/G suffix) sets the budget instead, for
tests and for users who know better; ``0`` or ``off`` turns the check off.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BUDGET_ENV = "PLAYGROUND_MEMORY_BUDGET"
USABLE_SHARE = 0.8  # of the free memory; the rest is the window, the OS and fragmentation
FLOAT = 4  # bytes of a float32, the dtype of weights and of the data on the device
# State tensors per parameter that each optimizer keeps (torch.optim's own state).
OPTIMIZER_SLOTS = {"sgd": 1, "adam": 2, "adamw": 2, "nadam": 3, "radam": 2, "adamax": 2,
                   "rmsprop": 2, "adagrad": 1, "adadelta": 2, "asgd": 2, "rprop": 2,
                   "lbfgs": 202}  # lbfgs: history_size 100 pairs of directions, plus 2
TRAINER_COPIES = 3  # the last finite weights, early stopping's best and one export copy
TRAJECTORY_MAX_PARAMS = 100_000  # trainer.TRAJECTORY_MAX_PARAMS: networks up to this keep
TRAJECTORY_LENGTH = 512  # ... this many flattened weight vectors
GRID_POINTS = 100 * 100  # the boundary view's grid (2-D inputs), evaluated per frame
NEURON_GRID_POINTS = 32 * 32  # each neuron's thumbnail grid


class MemoryBudgetError(ValueError):
    """An experiment too large for the memory there is; the message gives both figures."""


@dataclass(frozen=True)
class Budget:
    """How many bytes an experiment may use, and where that figure comes from."""

    bytes: int | None  # None: no limit (the check is off)
    source: str  # e.g. "80% of 6.1 GB of free RAM"


def format_bytes(n: float) -> str:
    """``n`` bytes as 512 B, 3.4 MB, 17.2 GB (powers of 1000, like file managers)."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"


def budget(device: str = "cpu") -> Budget:
    """The memory an experiment on ``device`` ("cpu", "cuda", "cuda:1", "mps") may use."""
    override = _override()
    if override is not None:
        return override
    if str(device).startswith("cuda"):
        try:
            import torch

            free, _ = torch.cuda.mem_get_info(torch.device(device))
            return Budget(int(free * USABLE_SHARE),
                          f"{USABLE_SHARE:.0%} of {format_bytes(free)} of free GPU memory")
        except Exception:  # noqa: BLE001 - no CUDA after all: the RAM figure still holds
            pass
    free = available_ram()
    if free is None:
        return Budget(None, "unknown")
    return Budget(int(free * USABLE_SHARE),
                  f"{USABLE_SHARE:.0%} of {format_bytes(free)} of free memory")


def available_ram() -> int | None:
    """Bytes of RAM this process could still get: MemAvailable, capped by a cgroup limit."""
    free = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                free = int(line.split()[1]) * 1024
                break
    except (OSError, ValueError, IndexError):
        pass
    if free is None:
        try:
            free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            free = None
    limit = _cgroup_room()
    if limit is not None:
        free = limit if free is None else min(free, limit)
    return free


def _cgroup_room() -> int | None:
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
    except (OSError, ValueError):
        return None
    if not limit.isdigit():
        return None  # "max": no limit
    return max(0, int(limit) - used)


def _override() -> Budget | None:
    text = os.environ.get(BUDGET_ENV, "").strip().lower()
    if not text:
        return None
    if text in ("0", "off", "none"):
        return Budget(None, f"{BUDGET_ENV}=off")
    scale = {"k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}.get(text[-1:], 1)
    try:
        value = float(text[:-1] if scale != 1 else text) * scale
    except ValueError:
        return None
    return Budget(int(value), f"the budget {BUDGET_ENV}={text}")


# --------------------------------------------------------------------------- estimates
def model_bytes(widths: Sequence[int], batchnorm_units: int, optimizer: str, rows_per_step: int,
                eval_rows: int, grid: bool) -> tuple[int, int]:
    """(parameters, bytes) of training a network whose dense layers go through ``widths``
    (inputs first, outputs last), with BatchNorm over ``batchnorm_units`` features in all."""
    params = sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:], strict=True))
    params += 2 * batchnorm_units
    slots = OPTIMIZER_SLOTS.get(optimizer, 2)
    weights = params * FLOAT * (2 + slots + TRAINER_COPIES) + 2 * batchnorm_units * FLOAT
    if params <= TRAJECTORY_MAX_PARAMS:
        weights += params * FLOAT * TRAJECTORY_LENGTH
    # Training keeps every layer's input and output for the backward pass, and their gradients.
    activations = rows_per_step * sum(widths) * FLOAT * 3
    # Evaluation (whole splits) and the boundary grid hold two consecutive layers at a time.
    widest = max(a + b for a, b in zip(widths[:-1], widths[1:], strict=True))
    evaluation = max(eval_rows, GRID_POINTS if grid else 0) * widest * FLOAT
    if grid:
        evaluation += NEURON_GRID_POINTS * sum(widths[1:-1]) * FLOAT * 2
    return params, weights + activations + evaluation


def check_model(spec, n_features: int, n_outputs: int, n_train: int, n_eval_rows: int,
                grid: bool, device: str = "cpu") -> None:
    """Raise MemoryBudgetError when training ``spec``'s network cannot fit on ``device``."""
    widths, bn_units, width = [n_features], 0, n_features
    for layer in spec.model.layers:
        if layer.type == "dense":
            widths.append(layer.units)
            width = layer.units
        elif layer.type == "batchnorm":
            bn_units += width
    widths.append(n_outputs)
    full_batch = spec.training.solver == "lstsq" or spec.training.optimizer == "lbfgs"
    rows = n_train if full_batch else min(spec.training.batch_size, max(n_train, 1))
    params, need = model_bytes(widths, bn_units, spec.training.optimizer, rows, n_eval_rows,
                               grid)
    have = budget(device)
    if have.bytes is not None and need > have.bytes:
        raise MemoryBudgetError(
            f"this network needs about {format_bytes(need)} to train ({params:,} parameters "
            f"with gradients, {spec.training.optimizer} state and copies, activations of "
            f"{rows:,} rows), but only {format_bytes(have.bytes)} is available "
            f"({have.source}); use fewer or narrower layers or a smaller batch")


def data_bytes(rows: int, raw_width: int, n_features: int) -> int:
    """Bytes of generating, featurising and placing ``rows`` rows of data (float64 raw
    arrays and their temporaries, float32 features on the device)."""
    return rows * (raw_width * 8 * 3 + n_features * 8 * 2 + n_features * FLOAT * 2)


def check_data(name: str, rows: int, raw_width: int, n_features: int) -> None:
    """Raise MemoryBudgetError when ``rows`` rows of a dataset cannot fit in RAM."""
    need = data_bytes(rows, raw_width, n_features)
    have = budget("cpu")
    if have.bytes is not None and need > have.bytes:
        raise MemoryBudgetError(
            f"data.samples: {rows:,} rows of {name} ({raw_width} inputs) need about "
            f"{format_bytes(need)}, but only {format_bytes(have.bytes)} is available "
            f"({have.source}); use fewer samples")
