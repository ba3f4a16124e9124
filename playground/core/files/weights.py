"""Save and load a network's weights: safetensors (default), PyTorch, ONNX, NumPy and JSON.

The format follows the file's suffix (``FORMATS``). Every format holds the full state dict,
buffers included (BatchNorm running statistics and ``num_batches_tracked``). The safetensors,
npz and json files also carry the experiment, the input width and the feature names, so the
file alone says which network to build.

Nothing here unpickles: ``.pt`` files load with ``torch.load(weights_only=True)``, ``.npz`` with
``allow_pickle=False``. Every failure is a ``WeightsError`` with one line for the user, and a
failed load leaves the model as it was (everything is checked before anything is copied).
"""

from __future__ import annotations

import io
import json
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import torch
from torch import nn

from playground.core import jsontext
from playground.core.files import array_files
from playground.core.files.weights_format import (
    FORMAT,
    FORMAT_VERSION,
    NO_HEADER,
    PIPELINE_KEY,
    WeightsError,
    WeightsHeader,
    not_weights,
    parse_header,
    shape_text,
)
from playground.core.spec import Spec

DEFAULT_SUFFIX = ".safetensors"
MAX_FILE_BYTES = 4 * 2**30  # a weights file larger than this is refused before it is read

FORMATS: Mapping[str, str] = MappingProxyType({
    ".safetensors": "safetensors: weights and the experiment, no pickle (recommended)",
    ".pt": "PyTorch state_dict for torch.load(weights_only=True); tensors only",
    ".onnx": "ONNX model for onnxruntime and other tools (inference; no experiment)",
    ".npz": "NumPy archive: one array per weight plus the experiment JSON",
    ".json": "plain JSON text: the experiment and every weight as a number list",
})
_PIPELINE_PREFIX = "preprocess."  # export_model.PREFIX: the pipeline's tensors


# ----------------------------------------------------------------------------------- public
def save_weights(model: nn.Module, spec: Spec, path: str | os.PathLike[str], n_inputs: int,
                 feature_names: Sequence[str] = (), pipeline: Any = None) -> Path:
    """Write ``model``'s state dict to ``path`` in the format its suffix names; the path written.

    A path without a suffix gets ``.safetensors``. ``n_inputs`` is the network's input width
    (features). With a ``pipeline`` (export_model.Pipeline) the file holds the exported model:
    the pipeline's buffers join the state dict, its JSON the metadata, and the ONNX graph takes
    raw inputs and gives probabilities and logits (or values). The file is written to a
    temporary file and renamed, so a failure never leaves half a file. Raises WeightsError
    (unknown suffix, non-finite weights, export or OS errors).
    """
    path = Path(path)
    if not path.suffix:
        path = path.with_name(path.name + DEFAULT_SUFFIX)
    suffix = _suffix(path)
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, int) or n_inputs < 1:
        raise WeightsError(f"n_inputs must be a positive integer, not {n_inputs!r}")
    first = next((m for m in model.modules() if isinstance(m, nn.Linear)), None)
    if first is not None and first.in_features != n_inputs:
        raise WeightsError(f"n_inputs is {n_inputs} but the network's first layer takes "
                           f"{first.in_features} inputs")
    graph, width, outputs, extra_meta = model, n_inputs, ("output",), {}
    if pipeline is not None:
        from playground.core.files.export_model import export_module

        try:
            graph = export_module(model, spec, pipeline)
        except (ValueError, AttributeError) as exc:
            raise WeightsError(f"cannot export the input pipeline: {exc}") from None
        width, outputs = len(pipeline.input_names), pipeline.output_names
        extra_meta = {PIPELINE_KEY: json.dumps(pipeline.to_json())}
    state = {k: v.detach().cpu().contiguous().clone() for k, v in graph.state_dict().items()}
    for key, tensor in state.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise WeightsError(f"the network holds non-finite weights in {key}; nothing was "
                               "saved (reset or load earlier weights first)")
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "experiment": spec.to_dict(),
            "n_inputs": n_inputs, "feature_names": [str(n) for n in feature_names]}
    if pipeline is not None:
        meta["pipeline"] = pipeline.to_json()
    if suffix == ".safetensors":
        data = _encode_safetensors(state, meta)
    elif suffix == ".pt":
        data = _encode_pt(state)
    elif suffix == ".onnx":
        from playground.core.files.onnx_file import encode_onnx

        data = encode_onnx(graph, state, width, outputs, extra_meta)
    elif suffix == ".npz":
        data = array_files.encode_npz(state, meta)
    else:
        data = array_files.encode_json(state, meta)
    _write_atomic(path, data)
    return path


def save_trained(trainer: Any, path: str | os.PathLike[str], spec: Spec | None = None) -> Path:
    """Write a trainer's model as an exported model (raw inputs in) to ``path``; the path
    written. ``spec`` defaults to the trainer's. Raises WeightsError."""
    from playground.core.files.export_model import pipeline_of

    data = trainer.data
    return save_weights(trainer.model, spec or trainer.spec, path, data.n_features,
                        data.feature_names, pipeline=pipeline_of(data, trainer.head))


def load_weights(model: nn.Module, path: str | os.PathLike[str],
                 feature_names: Sequence[str] | None = None) -> None:
    """Load the weights in ``path`` (any of ``FORMATS``) into ``model``, strictly.

    Every tensor is checked first (present, expected, same shape, finite in the model's dtype),
    so on WeightsError the model is unchanged. With ``feature_names`` (the model's inputs in
    order), a file that names its inputs must name the same ones in the same order.
    """
    path = Path(path)
    tensors, header = _read(path, want_tensors=True)
    if feature_names is not None and header.feature_names:
        _check_feature_names(tuple(header.feature_names), tuple(feature_names), path.name)
    expected = model.state_dict()
    # An exported model's input pipeline is not part of a bare network.
    tensors = {k: v for k, v in tensors.items()
               if k in expected or not k.startswith(_PIPELINE_PREFIX)}
    for key in expected:
        if key not in tensors:
            raise WeightsError(f"the file has no tensor {key}; it was saved from a different "
                               "network")
    for key in tensors:
        if key not in expected:
            raise WeightsError(f"the file has a tensor {key} that this experiment's network "
                               "does not have; it was saved from a different network")
    for key, want in expected.items():
        got = tensors[key]
        if tuple(got.shape) != tuple(want.shape):
            raise WeightsError(f"{key}: the file has shape {shape_text(got.shape)} but this "
                               f"experiment's network needs {shape_text(want.shape)}")
        if want.is_floating_point() != got.is_floating_point():
            kind = "floating-point" if want.is_floating_point() else "integer"
            raise WeightsError(f"{key}: the file holds {_dtype(got)} values but this network "
                               f"needs {kind} ones")
        if got.is_floating_point():
            # Checked after the conversion to the network's dtype: float64 1e300 is finite
            # but becomes inf in float32.
            if not bool(torch.isfinite(got).all()):
                raise WeightsError(f"the file holds non-finite weights in {key}")
            if not bool(torch.isfinite(got.to(want.dtype)).all()):
                raise WeightsError(f"{key}: the file holds {_dtype(got)} weights too large for "
                                   f"this network's {_dtype(want)} (they would become "
                                   "infinite)")
    model.load_state_dict({k: tensors[k] for k in expected}, strict=True)


def _check_feature_names(stored: tuple[str, ...], wanted: tuple[str, ...], name: str) -> None:
    if stored == wanted:
        return
    if sorted(stored) == sorted(wanted):
        raise WeightsError(f"{name} was trained on the features {list(stored)} in that order; "
                           f"this experiment has them as {list(wanted)}: reorder data.features "
                           "to match")
    raise WeightsError(f"{name} was trained on the features {list(stored)}; this experiment "
                       f"has {list(wanted)}")


def read_header(path: str | os.PathLike[str]) -> WeightsHeader:
    """The experiment, input width and feature names stored with the weights in ``path``.

    .safetensors, .npz and .json files written here carry them; .pt and .onnx files (and
    foreign files) give ``WeightsHeader(None, None, ())``. Raises WeightsError.
    """
    return _read(Path(path), want_tensors=False)[1]


def read_weights(path: str | os.PathLike[str]) -> tuple[dict[str, torch.Tensor], WeightsHeader]:
    """Every tensor of a weights file and its header (ONNX: header from the pipeline only)."""
    path = Path(path)
    tensors, header = _read(path, want_tensors=True)
    return tensors, header


def read_experiment(path: str | os.PathLike[str]) -> Spec | None:
    """The experiment stored in a .safetensors/.npz/.json weights file; None for .pt/.onnx.

    Raises WeightsError for unreadable files and for a stored experiment that does not
    validate (the message names the bad field).
    """
    return read_header(path).experiment


# ----------------------------------------------------------------------------------- writing
def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise WeightsError(f"{path.name}: {shown} is not a weights format; use one of "
                           + ", ".join(FORMATS))
    return suffix


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename it over ``path``."""
    from playground.core.atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise WeightsError(str(exc)) from exc


def _encode_safetensors(state: dict[str, torch.Tensor], meta: dict[str, Any]) -> bytes:
    from safetensors.torch import save

    # safetensors metadata is str -> str, so structured values are JSON text.
    text_meta = {k: v if isinstance(v, str) else json.dumps(v) for k, v in meta.items()}
    return save(state, metadata=text_meta)


def _encode_pt(state: dict[str, torch.Tensor]) -> bytes:
    buffer = io.BytesIO()
    # A plain dict (not the OrderedDict with _metadata) so the file holds tensors and names only.
    torch.save(dict(state), buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------- reading
def _read(path: Path, want_tensors: bool) -> tuple[dict[str, torch.Tensor], WeightsHeader]:
    """Tensors (when wanted) and header of a weights file; WeightsError on any problem."""
    from playground.core.atomic import require_regular_file

    suffix = _suffix(path)
    if not path.exists():
        raise WeightsError(f"no such weights file: {path}")
    try:
        size = require_regular_file(path, "weights file").stat().st_size
        if size == 0:
            raise WeightsError(f"{path.name} is empty (0 bytes); it is not a weights file")
        if size > MAX_FILE_BYTES:
            raise WeightsError(f"{path.name} is {size / 2**30:.1f} GiB; weights files are read "
                               f"whole, up to {MAX_FILE_BYTES / 2**30:.0f} GiB")
        if suffix == ".safetensors" and not want_tensors:
            return {}, _safetensors_header(path)
        if suffix in (".pt", ".onnx") and not want_tensors:
            return {}, NO_HEADER
        data = path.read_bytes()
    except OSError as exc:
        raise WeightsError(f"could not read {path}: {exc.strerror or exc}") from exc
    if suffix == ".onnx":
        from playground.core.files.onnx_file import read_onnx

        return read_onnx(data, path.name)
    reader = {".safetensors": _read_safetensors, ".pt": _read_pt,
              ".npz": array_files.read_npz, ".json": array_files.read_json}[suffix]
    return reader(data, path.name)


def _text_meta(meta: Mapping[str, str], name: str) -> dict[str, Any]:
    """safetensors metadata (all strings) back to JSON values; ``format`` stays plain text."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if key == "format":
            out[key] = value
            continue
        try:
            out[key] = jsontext.loads(value)
        except (json.JSONDecodeError, TypeError):
            if meta.get("format") == FORMAT:
                raise WeightsError(f"{name}: the stored {key} is not valid JSON") from None
            out[key] = value
    return out


def _safetensors_header(path: Path) -> WeightsHeader:
    # Only the header is read: the tensors may be large and are not needed here.
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise not_weights(path.name, "safetensors")
        length = int.from_bytes(head, "little")
        if length > path.stat().st_size - 8:
            raise not_weights(path.name, "safetensors")
        raw = f.read(length)
    return parse_header(_text_meta(_parse_safetensors_header(raw, path.name), path.name), path.name)


def _parse_safetensors_header(raw: bytes, name: str) -> dict[str, str]:
    try:
        header = jsontext.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise not_weights(name, "safetensors", exc) from None
    if not isinstance(header, dict):
        raise not_weights(name, "safetensors")
    meta = header.get("__metadata__") or {}
    if not isinstance(meta, dict):
        raise not_weights(name, "safetensors")
    return meta


def _read_safetensors(data: bytes, name: str) -> tuple[dict[str, torch.Tensor], WeightsHeader]:
    from safetensors.torch import load

    length = int.from_bytes(data[:8], "little") if len(data) >= 8 else -1
    if length < 0 or length > len(data) - 8:
        raise not_weights(name, "safetensors")
    header = parse_header(_text_meta(_parse_safetensors_header(data[8:8 + length], name), name),
                     name)
    try:
        tensors = load(data)
    except Exception as exc:  # SafetensorError and friends: the file is malformed
        raise not_weights(name, "safetensors", exc) from None
    return tensors, header


def _read_pt(data: bytes, name: str) -> tuple[dict[str, torch.Tensor], WeightsHeader]:
    # torch.save writes a zip archive ("PK"), or a pickle (protocol >= 2 starts with 0x80).
    if not data.startswith((b"PK", b"\x80")):
        raise not_weights(name, "PyTorch")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "pickle protocol 4 ..." notes from torch
            obj = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as exc:  # bad zip, truncated archive, text file, refused pickle ...
        if _refused_objects(exc):
            raise WeightsError(f"{name} holds Python objects, not just tensors; refused, since "
                               "loading them could run arbitrary code") from None
        raise not_weights(name, "PyTorch", exc) from None
    if not isinstance(obj, Mapping) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items()
    ):
        raise WeightsError(f"{name} is not a state dict (a mapping of names to tensors)")
    return dict(obj), NO_HEADER


def _refused_objects(exc: BaseException) -> bool:
    """True when torch's weights-only unpickler refused what the pickle asked for (a global,
    a class, a call), as opposed to a file that is merely cut short or corrupt."""
    text = str(exc)
    if any(s in text for s in ("Unsupported global", "Unsupported class", "not an allowed global",
                               "Unsupported operand", "GLOBAL")):
        return True
    return ("Weights only load failed" in text
            and not any(s in text.lower() for s in ("truncated", "eof", "ran out of input")))


def _dtype(tensor: torch.Tensor) -> str:
    return str(tensor.dtype).removeprefix("torch.")

