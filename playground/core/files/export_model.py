"""The exported model: raw input columns in, class probabilities (and logits) or values out.

A trained ``Network`` takes engineered, standardised features. What a user has is the raw
columns (x1, x2; iris's four measurements; a CSV file's columns), so an export wraps the network
with its input pipeline: the feature maps (x1^2, sin(x1), x^3, ...) and the training set's means
and standard deviations, the latter as buffers (``preprocess.mean``, ``preprocess.std``) so a
``.pt`` state dict carries them too. ``Pipeline`` is the same information as a JSON value for
file metadata: raw input names, features, means and stds, task, class names, output meaning.

Feature maps run in float64 (as ``Featurizer`` does), then the network in float32. CSV text
columns are one-hot encoded before the model (``Pipeline.columns`` records the encoding;
``playground predict`` applies it); the exported graph takes the encoded numeric columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from playground.core.data.encoding import ColumnEncoding, numeric_columns
from playground.core.data.features import MAX_POWER
from playground.core.data.raw import Prepared
from playground.core.model.head import Head, derive_head
from playground.core.spec import Spec

TorchFeature = Callable[[torch.Tensor], torch.Tensor]
# The torch form of every computed feature of core.data.features (a test checks they agree).
_PLANE: Mapping[str, TorchFeature] = {
    "x1": lambda r: r[:, 0], "x2": lambda r: r[:, 1],
    "x1^2": lambda r: r[:, 0] * r[:, 0], "x2^2": lambda r: r[:, 1] * r[:, 1],
    "x1*x2": lambda r: r[:, 0] * r[:, 1],
    "sin(x1)": lambda r: torch.sin(r[:, 0]), "sin(x2)": lambda r: torch.sin(r[:, 1]),
    "cos(x1)": lambda r: torch.cos(r[:, 0]), "cos(x2)": lambda r: torch.cos(r[:, 1]),
}


def _power(k: int) -> TorchFeature:
    return lambda r: r[:, 0] ** k


_LINE: Mapping[str, TorchFeature] = {"x": lambda r: r[:, 0],
                                     **{f"x^{k}": _power(k) for k in range(2, MAX_POWER + 1)}}


def torch_features(names: Sequence[str], input_names: Sequence[str]) -> list[TorchFeature]:
    """The torch functions computing features ``names`` from raw columns ``input_names``."""
    inputs = tuple(input_names)
    table: Mapping[str, TorchFeature]
    if inputs == ("x1", "x2"):
        table = _PLANE
    elif inputs == ("x",):
        table = _LINE
    else:
        table = {n: _column(i) for i, n in enumerate(inputs)}
    missing = [n for n in names if n not in table]
    if missing:
        raise ValueError(f"feature {missing[0]!r} has no exportable form")
    return [table[n] for n in names]


def _column(i: int) -> TorchFeature:
    return lambda r: r[:, i]


# ------------------------------------------------------------------------------- pipeline
OUTPUT_MEANING = {
    "probabilities": "class probabilities, one column per class (rows sum to 1)",
    "label_probabilities": "probability of each label, one column per label",
    "logits": "the network's raw outputs before sigmoid/softmax",
    "scores": "the network's outputs (the loss compares them with the targets directly)",
    "values": "predicted target values, in the target's units",
}


@dataclass(frozen=True)
class Pipeline:
    """What turns a user's raw rows into the network's inputs, and what its outputs mean."""

    input_names: tuple[str, ...]  # raw model input columns, in order (the graph's input)
    features: tuple[str, ...]  # engineered features computed from them, in network order
    mean: tuple[float, ...] | None  # per-feature training mean (None: not standardised)
    std: tuple[float, ...] | None
    task: str  # "classification", "regression" or "multilabel"
    n_classes: int
    n_targets: int
    class_names: tuple[str, ...]  # one per class or label (may be ())
    # Source table columns and how they become input_names (CSV: one-hot text columns).
    columns: tuple[ColumnEncoding, ...] = field(default=())
    output_kind: str = "probabilities"  # the first output: a key of OUTPUT_MEANING
    # A 1-D input is first mapped to [-1, 1] over the training range: (x - middle) / half_width.
    centre: tuple[float, float] | None = None

    @property
    def output_names(self) -> tuple[str, ...]:
        """Names of the model's outputs (ONNX output names), first the prediction."""
        if self.task == "regression":
            return ("values",)
        return ("probabilities", "logits")

    @property
    def source_columns(self) -> tuple[ColumnEncoding, ...]:
        """The table columns a user supplies, with their encoding."""
        return self.columns or numeric_columns(self.input_names)

    @property
    def labels(self) -> tuple[str, ...]:
        """A name per class (or label): the stored names, else "0", "1", ..."""
        count = self.n_classes if self.task != "regression" else self.n_targets
        if len(self.class_names) == count:
            return self.class_names
        return tuple(str(k) for k in range(count))

    def to_json(self) -> dict[str, Any]:
        """The metadata form (plain JSON)."""
        first = {"classification": "probabilities", "multilabel": "label_probabilities",
                 "regression": "values"}[self.task]
        outputs = {"values": OUTPUT_MEANING["values"]} if self.task == "regression" else {
            "probabilities": OUTPUT_MEANING[first], "logits": OUTPUT_MEANING[
                "logits" if self.output_kind == "probabilities" else "scores"]}
        return {
            "input_names": list(self.input_names), "features": list(self.features),
            "standardize": None if self.mean is None else {"mean": list(self.mean),
                                                           "std": list(self.std or ())},
            "centre": None if self.centre is None else {
                "middle": self.centre[0], "half_width": self.centre[1]},
            "task": self.task, "n_classes": self.n_classes, "n_targets": self.n_targets,
            "class_names": list(self.class_names), "outputs": outputs,
            "output_kind": self.output_kind,
            "columns": [c.to_json() for c in self.columns],
            "input_encoding": ("one-hot: text columns are encoded as the columns list says "
                               "before the model (playground predict does this)"
                               if any(c.categories is not None for c in self.columns)
                               else "raw numeric columns, as input_names lists them"),
        }

    @staticmethod
    def from_json(doc: Any) -> Pipeline:
        """Inverse of to_json; ValueError for a malformed document."""
        if not isinstance(doc, Mapping):
            raise ValueError("the stored pipeline is not an object")
        try:
            scale = doc.get("standardize")
            mean = None if scale is None else tuple(float(v) for v in scale["mean"])
            std = None if scale is None else tuple(float(v) for v in scale["std"])
            c = doc.get("centre")
            centre = None if c is None else (float(c["middle"]), float(c["half_width"]))
            out = Pipeline(
                tuple(_strings(doc["input_names"])), tuple(_strings(doc["features"])), mean,
                std, str(doc["task"]), int(doc["n_classes"]), int(doc["n_targets"]),
                tuple(_strings(doc.get("class_names", []))),
                tuple(ColumnEncoding.from_json(c) for c in doc.get("columns", [])),
                str(doc.get("output_kind", "probabilities")), centre)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"the stored pipeline is malformed ({exc})") from None
        if out.task not in ("classification", "regression", "multilabel") or (
                mean is not None and not len(mean) == len(std or ()) == len(out.features)) or (
                centre is not None and not (np.isfinite(centre).all() and centre[1] > 0)):
            raise ValueError("the stored pipeline is malformed")
        return out


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("expected a list of strings")
    return values


def pipeline_of(prepared: Prepared, head: Head) -> Pipeline:
    """The pipeline a trainer's data and head use."""
    featurize = prepared.featurize
    mean = getattr(featurize, "mean", None)
    std = getattr(featurize, "std", None)
    centre = getattr(featurize, "centre", None)
    value_scores = head.loss_target == "value" and head.task != "regression"
    return Pipeline(
        tuple(prepared.input_names), tuple(prepared.feature_names),
        None if mean is None else tuple(float(v) for v in mean),
        None if std is None else tuple(float(v) for v in std),
        prepared.task, prepared.n_classes, prepared.n_targets, tuple(prepared.class_names),
        tuple(prepared.columns), "scores" if value_scores else "probabilities",
        None if centre is None else (float(centre[0]), float(centre[1])))


# ---------------------------------------------------------------------------------- module
class Preprocess(nn.Module):
    """raw (n, d) float32 -> (n, features) float32: feature maps and standardisation in float64.

    ``mean`` and ``std`` are float64 buffers (0 and 1 when the pipeline does not standardise).
    """

    def __init__(self, pipeline: Pipeline):
        super().__init__()
        n = len(pipeline.features)
        self.identity = pipeline.features == pipeline.input_names
        self.maps = torch_features(pipeline.features, pipeline.input_names)
        self.scaled = pipeline.mean is not None
        self.centre = pipeline.centre  # constants in the graph (the metadata keeps them)
        mean = pipeline.mean if pipeline.mean is not None else (0.0,) * n
        std = pipeline.std if pipeline.std is not None else (1.0,) * n
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float64))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float64))

    def forward(self, raw: torch.Tensor) -> torch.Tensor:
        x = raw.to(torch.float64)
        if self.centre is not None:
            x = (x - self.centre[0]) / self.centre[1]
        if not self.identity:
            x = torch.stack([f(x) for f in self.maps], dim=1)
        if self.scaled:
            x = (x - self.mean) / self.std
        return x.to(torch.float32)


class ExportedModel(nn.Module):
    """Raw inputs -> (probabilities, logits) for classifiers, (values,) for regression.

    State-dict keys: the network's own (``body.N.*``) and ``preprocess.mean``/``.std``.
    """

    def __init__(self, body: nn.Module, head: Head, pipeline: Pipeline):
        super().__init__()
        self.preprocess = Preprocess(pipeline)
        self.body = body
        self.head = head
        self.pipeline = pipeline

    def forward(self, raw: torch.Tensor) -> tuple[torch.Tensor, ...]:
        out = self.body(self.preprocess(raw))
        if self.head.task == "regression":
            return (out,)
        return self.head.probabilities(out), out


def export_module(network: nn.Module, spec: Spec, pipeline: Pipeline) -> ExportedModel:
    """An eval-mode copy of ``network`` (a ``Network``) wrapped with its pipeline."""
    import copy

    body = copy.deepcopy(network.body).eval()  # type: ignore[attr-defined]
    head = derive_head(spec, pipeline.task, pipeline.n_classes, pipeline.n_targets)
    return ExportedModel(body, head, pipeline).eval()


def rebuild(spec: Spec, pipeline: Pipeline, state: Mapping[str, torch.Tensor]) -> ExportedModel:
    """The exported model a weights file describes, weights loaded (strictly)."""
    from playground.core.model.network import build_model

    head = derive_head(spec, pipeline.task, pipeline.n_classes, pipeline.n_targets)
    network = build_model(spec, len(pipeline.features), head)
    model = ExportedModel(network.body, head, pipeline)
    model.load_state_dict({k: v for k, v in state.items()}, strict=True)
    return model.eval()


def predict_numpy(model: ExportedModel, raw: np.ndarray) -> tuple[np.ndarray, ...]:
    """Run an exported model on (n, d) raw inputs; its outputs as float32 arrays."""
    with torch.no_grad():
        outs = model(torch.as_tensor(np.asarray(raw, dtype=np.float32)))
    return tuple(o.numpy() for o in outs)
