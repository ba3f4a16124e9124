"""Run an exported model on a user's raw table rows: what ``playground predict`` does.

A weights file written with its pipeline (every export since the pipeline existed) knows its raw
input columns, the CSV encoding of text columns, its features and scaling, and its class names.
``.safetensors``, ``.npz`` and ``.json`` files are rebuilt as a torch module; ``.onnx`` files run in
onnxruntime (when installed).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from playground.core.data.encoding import encode_table
from playground.core.files.export_model import Pipeline, predict_numpy, rebuild
from playground.core.files.weights import read_weights
from playground.core.files.weights_format import WeightsError


@dataclass(frozen=True)
class Predictions:
    """A model's answers for n rows."""

    columns: tuple[str, ...]  # header of the prediction table
    rows: list[list[str]]  # one list of cells per input row
    outputs: tuple[np.ndarray, ...]  # the raw model outputs (probabilities, logits) / (values,)


class LoadedModel:
    """An exported model ready to run on raw input rows."""

    def __init__(self, pipeline: Pipeline, run: Any, path: Path):
        self.pipeline = pipeline
        self._run = run
        self.path = path

    def outputs(self, raw: np.ndarray) -> tuple[np.ndarray, ...]:
        """Model outputs for (n, d) raw (encoded) inputs: (probabilities, logits) or (values,)."""
        return tuple(np.asarray(o) for o in self._run(np.asarray(raw, dtype=np.float32)))

    def predict_table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Predictions:
        """Predictions for rows of text cells; ValueError (one line) for missing columns or
        bad cells."""
        raw = encode_table(self.pipeline.source_columns, header, rows)
        outs = self.outputs(raw)
        return _table(self.pipeline, outs)


def load_model(path: str | os.PathLike[str]) -> LoadedModel:
    """Load an exported weights file for prediction. Raises WeightsError (one line)."""
    path = Path(path)
    tensors, header = read_weights(path)
    pipeline = header.pipeline
    if pipeline is None:
        raise WeightsError(f"{path.name} records no input pipeline (it was saved by an older NN "
                           "Playground or is a .pt file); export it again from the window or "
                           "with playground train --export")
    if path.suffix.lower() == ".onnx":
        return LoadedModel(pipeline, _onnx_runner(path), path)
    if header.experiment is None:
        raise WeightsError(f"{path.name} carries no experiment, so its network cannot be built")
    try:
        model = rebuild(header.experiment, pipeline, tensors)
    except (ValueError, RuntimeError) as exc:
        raise WeightsError(f"{path.name}: the weights do not fit the stored experiment "
                           f"({str(exc).splitlines()[0]})") from None
    return LoadedModel(pipeline, lambda raw: predict_numpy(model, raw), path)


def _onnx_runner(path: Path) -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise WeightsError("running .onnx files needs onnxruntime (pip install onnxruntime); "
                           "or pass the .safetensors export instead") from None
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return lambda raw: session.run(None, {"input": raw})


def _table(p: Pipeline, outs: tuple[np.ndarray, ...]) -> Predictions:
    first = outs[0]
    labels = p.labels
    if p.task == "regression":
        names = ("prediction",) if first.shape[1] == 1 else tuple(
            f"prediction_{k + 1}" for k in range(first.shape[1]))
        return Predictions(names, [[_num(v) for v in row] for row in first], outs)
    if p.task == "multilabel":
        names = tuple(labels) + tuple(f"p({n})" for n in labels)
        rows = [[str(int(v > 0.5)) for v in row] + [_num(v) for v in row] for row in first]
        return Predictions(names, rows, outs)
    names = ("prediction",) + tuple(f"p({n})" for n in labels)
    rows = [[labels[int(np.argmax(row))]] + [_num(v) for v in row] for row in first]
    return Predictions(names, rows, outs)


def _num(value: float) -> str:
    return f"{float(value):.6g}"
