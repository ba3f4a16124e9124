"""ONNX weights files: the network (or the exported model with its input pipeline) as a graph.

The state-dict keys are listed in the file's metadata (``STATE_KEYS``), so the weights map back
to a network; tensors the graph does not hold (``num_batches_tracked``, folded constants) travel
as JSON under ``EXTRA_KEY``. Only self-contained files are read (no external data paths).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import logging
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from playground.core import jsontext
from playground.core.files.array_files import decode_json_tensors, encode_json
from playground.core.files.weights_format import (
    FORMAT,
    FORMAT_VERSION,
    NO_HEADER,
    PIPELINE_KEY,
    WeightsError,
    WeightsHeader,
    first_line,
    not_weights,
    parse_pipeline,
)

# The file keeps tensors the graph does not use (num_batches_tracked) under this metadata key.
EXTRA_KEY = "nn-playground.extra_tensors"
# ... and lists the state-dict keys, so its own constants ("val_0") are never taken for weights.
STATE_KEYS = "nn-playground.state_keys"
MAX_BYTES = 2**31 - 1  # protobuf's limit for a single self-contained .onnx file


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporters' prints, warnings and log lines (they are not the user's concern)."""
    logger = logging.getLogger("torch.onnx")
    old_level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old_level)


def encode_onnx(model: nn.Module, state: dict[str, torch.Tensor], n_inputs: int,
                output_names: Sequence[str] = ("output",),
                metadata: Mapping[str, str] | None = None) -> bytes:
    """``model`` as a self-contained ONNX file: input ``input`` (batch, n_inputs) with a
    dynamic batch, outputs ``output_names``; ``state`` (its state dict) and ``metadata`` are
    recorded in the file's metadata so the weights can be mapped back. Raises WeightsError."""
    import onnx

    # Export a copy in eval mode so a training thread never sees the model flip to eval.
    frozen = copy.deepcopy(model).eval()
    param = next(iter(frozen.parameters()), None)
    device = param.device if param is not None else torch.device("cpu")
    dtype = param.dtype if param is not None and param.is_floating_point() else torch.float32
    # Batch 2, not 1: torch.export specialises sizes 0 and 1 and would fix the batch size.
    example = torch.zeros(2, n_inputs, device=device, dtype=dtype)
    names = {"input_names": ["input"], "output_names": list(output_names)}
    proto = None
    with _quiet():
        try:
            # optimize=False keeps one initializer per state-dict key under its own name (the
            # optimizer merges equal constants, e.g. a fresh BatchNorm's bias and running mean).
            program = torch.onnx.export(
                frozen, (example,), None, dynamo=True, optimize=False, external_data=False,
                dynamic_shapes=({0: torch.export.Dim("batch")},), **names)
            proto = program.model_proto  # type: ignore[union-attr]
        except Exception as first:  # any exporter failure: try the TorchScript exporter
            buffer = io.BytesIO()
            try:
                torch.onnx.export(frozen, (example,), buffer, dynamo=False,  # type: ignore[arg-type]
                                  dynamic_axes={n: {0: "batch"} for n in ["input", *output_names]},
                                  **names)
            except Exception as second:
                raise WeightsError(f"ONNX export failed: {first_line(first)}; the fallback "
                                   f"exporter said: {first_line(second)}") from second
            proto = onnx.load_from_string(buffer.getvalue())
    proto.metadata_props.add(key="format", value=FORMAT)
    proto.metadata_props.add(key="format_version", value=str(FORMAT_VERSION))
    proto.metadata_props.add(key=STATE_KEYS, value=json.dumps(list(state)))
    for key, value in (metadata or {}).items():
        proto.metadata_props.add(key=key, value=value)
    # Tensors the graph lacks or changed (num_batches_tracked, folded constants) travel as JSON.
    in_graph = _onnx_tensors(proto)
    extra = {k: v for k, v in state.items()
             if k not in in_graph or not _same(in_graph[k], v)}
    if extra:
        proto.metadata_props.add(key=EXTRA_KEY,
                                 value=encode_json(extra, {}).decode("utf-8"))
    if proto.ByteSize() > MAX_BYTES:
        raise WeightsError("the network is too large for a single .onnx file (over 2 GB); "
                           "save it as .safetensors")
    try:
        onnx.checker.check_model(proto)
    except onnx.checker.ValidationError as exc:
        raise WeightsError(f"the exported ONNX model did not pass onnx.checker: "
                           f"{first_line(exc)}") from exc
    return proto.SerializeToString()


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and bool(torch.equal(a, b))


def _onnx_tensors(proto: Any) -> dict[str, torch.Tensor]:
    """Initializers by name, plus the names Identity nodes give them (the TorchScript exporter
    aliases equal constants, e.g. ``body.2.running_mean = Identity(body.2.bias)``)."""
    import onnx
    from onnx import numpy_helper

    out: dict[str, torch.Tensor] = {}
    for init in proto.graph.initializer:
        if init.data_location == onnx.TensorProto.EXTERNAL:
            # Never follow paths a file names: NN Playground writes self-contained files.
            raise WeightsError("this ONNX file keeps its weights in external files; NN "
                               "Playground reads only self-contained .onnx files")
        out[init.name] = torch.from_numpy(np.array(numpy_helper.to_array(init), copy=True))
    for node in proto.graph.node:
        if node.op_type == "Identity" and len(node.input) == 1 and node.input[0] in out:
            out.setdefault(node.output[0], out[node.input[0]])
    return out


def read_onnx(data: bytes, name: str) -> tuple[dict[str, torch.Tensor], WeightsHeader]:
    import onnx
    from google.protobuf.message import DecodeError

    try:
        proto = onnx.load_from_string(data)
    except (DecodeError, ValueError, RuntimeError) as exc:
        raise not_weights(name, "ONNX", exc) from None
    meta = {p.key: p.value for p in proto.metadata_props}
    try:
        tensors = _onnx_tensors(proto)
    except WeightsError:
        raise
    except Exception as exc:  # numpy_helper on malformed tensor protos
        raise not_weights(name, "ONNX", exc) from None
    try:
        keys = jsontext.loads(meta.get(STATE_KEYS, "null"))
    except json.JSONDecodeError:
        keys = None
    if (meta.get("format") != FORMAT or not isinstance(keys, list)
            or not all(isinstance(k, str) for k in keys)):
        raise WeightsError(f"{name} was not exported by NN Playground; its weights cannot be "
                           "mapped back to a network")
    if EXTRA_KEY in meta:
        try:
            extra = jsontext.loads(meta[EXTRA_KEY])
        except json.JSONDecodeError as exc:
            raise not_weights(name, "ONNX", exc) from None
        tensors.update(decode_json_tensors(extra.get("tensors") if isinstance(extra, dict)
                                            else None, name))
    for key in keys:
        if key not in tensors:
            raise WeightsError(f"{name} was not exported by NN Playground or was changed since: "
                               f"it names a weight {key} that its graph does not hold")
    header = NO_HEADER
    if PIPELINE_KEY in meta:
        try:
            doc = jsontext.loads(meta[PIPELINE_KEY])
        except json.JSONDecodeError as exc:
            raise not_weights(name, "ONNX", exc) from None
        header = WeightsHeader(None, None, (), parse_pipeline(doc, name))
    return {k: tensors[k] for k in keys}, header
