"""What every weights reader shares: the format marker, the error, the header a file carries
and the helpers that check it. The bottom of the weights files: ``weights`` (save, load, the
safetensors and pt codecs), ``array_files`` (npz, json) and ``onnx_file`` import it; it imports
none of them (``export_model``, only to read a stored pipeline).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from playground.core.spec import Spec, SpecError

FORMAT = "nn-playground-weights"
FORMAT_VERSION = 1
PIPELINE_KEY = "nn-playground.pipeline"  # ONNX metadata key of the pipeline JSON


class WeightsError(ValueError):
    """A weights file that cannot be written or read; the message is one line for the user."""


@dataclass(frozen=True)
class WeightsHeader:
    """What a weights file says about the network it came from (all None/empty if unknown)."""

    experiment: Spec | None  # the experiment the weights were trained in
    n_inputs: int | None  # input features the network takes
    feature_names: tuple[str, ...]  # names of those inputs, in order
    pipeline: Any = None  # export_model.Pipeline: raw inputs, features, scaling, outputs


NO_HEADER = WeightsHeader(None, None, ())


def first_line(exc: BaseException, limit: int = 120) -> str:
    """The start of an exception's message: its first line, cut at ``limit`` characters."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line if len(line) <= limit else line[:limit - 3].rstrip() + "..."


def not_weights(name: str, what: str, exc: BaseException | None = None) -> WeightsError:
    """The error for a file that is not a readable ``what`` (safetensors, ONNX ...) file."""
    detail = f" ({first_line(exc)})" if exc is not None else ""
    return WeightsError(f"{name} is not a readable {what} weights file; it may be truncated or "
                        f"corrupt{detail}")


def parse_header(meta: Mapping[str, Any], name: str) -> WeightsHeader:
    """Validate the format marker, experiment, n_inputs and feature names of a file."""
    if meta.get("format") != FORMAT:
        return NO_HEADER  # a foreign file: its tensors may still fit
    version = meta.get("format_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version > FORMAT_VERSION:
        raise WeightsError(f"{name} was written by a newer NN Playground (weights format "
                           f"{version}); this version reads up to {FORMAT_VERSION}")
    experiment = None
    if meta.get("experiment") is not None:
        try:
            experiment = Spec.from_dict(meta["experiment"])
        except SpecError as exc:
            raise WeightsError(f"{name}: the stored experiment is not valid: {exc}") from None
    n_inputs = meta.get("n_inputs")
    if n_inputs is not None and (isinstance(n_inputs, bool) or not isinstance(n_inputs, int)
                                 or n_inputs < 1):
        raise WeightsError(f"{name}: the stored n_inputs {n_inputs!r} is not a positive integer")
    names = meta.get("feature_names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise WeightsError(f"{name}: the stored feature_names are not a list of strings")
    return WeightsHeader(experiment, n_inputs, tuple(names),
                         parse_pipeline(meta.get("pipeline"), name))


def parse_pipeline(doc: Any, name: str) -> Any:
    """A stored pipeline JSON as an export_model.Pipeline (None when absent)."""
    if doc is None:
        return None
    from playground.core.files.export_model import Pipeline

    try:
        return Pipeline.from_json(doc)
    except ValueError as exc:
        raise WeightsError(f"{name}: {exc}") from None


def shape_text(shape: Sequence[int]) -> str:
    """A shape as the error lines write it: ``(3, 4)``."""
    return "(" + ", ".join(str(int(n)) for n in shape) + ")"


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """A CPU tensor as a numpy array (bfloat16 as float32)."""
    # numpy has no bfloat16; the network never uses it, but a foreign module might.
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.float()
    return tensor.numpy()
