"""A run's resume point on disk: what the window autosaves so trained weights survive a crash.

One ``.npz`` of plain arrays (written with ``write_atomic``, read with ``allow_pickle=False``):
the dense layers' weights and biases, the rest of the state dict, the per-epoch history, the
gradient norms and the weight trajectory, and a small JSON header with the counters. Reading
a damaged or foreign file raises ``ResumeFileError`` with one line; it never runs code.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from playground.core.atomic import require_regular_file, write_atomic
from playground.core.train.link import Resume

FORMAT = "nn-playground-resume-1"
MAX_BYTES = 2 << 30  # a resume file larger than this is not one the window wrote


class ResumeFileError(ValueError):
    """The file is not a readable resume point; ``str()`` is one line for the user."""


def save_resume(path: str | Path, point: Resume) -> None:
    """Write ``point`` to ``path`` atomically."""
    arrays: dict[str, np.ndarray] = {}
    for i, (w, b) in enumerate(zip(point.weights, point.biases, strict=True)):
        arrays[f"weight.{i}"], arrays[f"bias.{i}"] = np.asarray(w), np.asarray(b)
    arrays.update({f"state.{k}": np.asarray(v) for k, v in point.other_state.items()})
    arrays.update({f"history.{k}": np.asarray(v) for k, v in point.history.items()})
    arrays["grad_norms"] = np.asarray(point.grad_norms)
    if point.trajectory:
        arrays["trajectory"] = np.stack([np.asarray(t, np.float32) for t in point.trajectory])
    header = {"format": FORMAT, "epoch": point.epoch, "step": point.step,
              "layers": len(point.weights), "trajectory_stride": point.trajectory_stride,
              "learning_rate": point.learning_rate, "status": point.status,
              "message": point.message, "history_stride": point.history_stride}
    arrays["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), np.uint8)
    write_atomic(path, lambda file: np.savez(file, **arrays))  # streamed, no copy in memory


def load_resume(path: str | Path) -> Resume:
    """Read a resume point written by ``save_resume``; ResumeFileError when it is not one."""
    path = require_regular_file(path, "resume file")
    if path.stat().st_size > MAX_BYTES:
        raise ResumeFileError(f"{path.name}: too large for a resume file")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        header = json.loads(arrays.pop("header").tobytes().decode("utf-8"))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ResumeFileError(f"{path.name}: not an NN Playground resume file")
        layers = int(header["layers"])
        weights = tuple(arrays[f"weight.{i}"] for i in range(layers))
        biases = tuple(arrays[f"bias.{i}"] for i in range(layers))
        trajectory = tuple(arrays["trajectory"]) if "trajectory" in arrays else ()
        return Resume(int(header["epoch"]), int(header["step"]), weights, biases,
                      _prefixed(arrays, "state."), _prefixed(arrays, "history."),
                      arrays["grad_norms"], trajectory, int(header["trajectory_stride"]),
                      float(header["learning_rate"]), str(header["status"]),
                      str(header["message"]), int(header.get("history_stride", 1)))
    except ResumeFileError:
        raise
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile,
            UnicodeDecodeError, RecursionError) as exc:
        raise ResumeFileError(f"{path.name}: damaged resume file ({str(exc)[:80]})") from None


def _prefixed(arrays: dict[str, Any], prefix: str) -> dict[str, np.ndarray]:
    return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}
