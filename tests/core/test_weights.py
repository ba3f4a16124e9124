"""Weights files: every format round-trips exactly, ONNX runs in onnxruntime, bad files are refused
with one clear WeightsError and leave the model untouched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from safetensors.torch import save_file

from playground.core.files import weights as weights_module
from playground.core.files.weights import (
    FORMATS,
    load_weights,
    read_experiment,
    read_header,
    save_weights,
)
from playground.core.files.weights_format import WeightsError
from playground.core.model.head import Head, derive_head
from playground.core.model.network import Network, build_model
from playground.core.spec import Spec

MULTI_LAYERS = [{"type": "dense", "units": 8, "activation": "relu"}, {"type": "batchnorm"},
                {"type": "dropout", "p": 0.2}, {"type": "dense", "units": 4, "activation": "gelu"}]


def _binary() -> tuple[Spec, Head, Network]:
    spec = Spec({"name": "binary"})
    head = derive_head(spec, "classification", 2, 1)
    return spec, head, build_model(spec, 2, head)


def _multi(seed: int = 0) -> tuple[Spec, Head, Network]:
    spec = Spec({"model.layers": MULTI_LAYERS, "seed": seed})
    head = derive_head(spec, "classification", 3, 1)
    model = build_model(spec, 2, head)
    # One training-mode pass so the BatchNorm running stats and counter differ from a fresh net.
    model.train()
    with torch.no_grad():
        model(torch.randn(32, 2, generator=torch.Generator().manual_seed(seed)) * 3 + 1)
    return spec, head, model


def _fresh(spec: Spec, head: Head, seed: int = 1234) -> Network:
    return build_model(spec, 2, head, torch.Generator().manual_seed(seed))


def _clone_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _assert_state_equal(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> None:
    assert list(a) == list(b)
    for key in a:
        assert a[key].dtype == b[key].dtype, key
        assert a[key].shape == b[key].shape, key
        assert torch.equal(a[key], b[key]), key


def _outputs(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(x)


X = torch.linspace(-3, 3, 14).reshape(7, 2)


@pytest.fixture(scope="module")
def multi_onnx(tmp_path_factory: pytest.TempPathFactory) -> tuple[Spec, Head, Network, Path]:
    """One ONNX export of the BatchNorm/dropout network, shared because exports take seconds."""
    spec, head, model = _multi()
    path = save_weights(model, spec, tmp_path_factory.mktemp("onnx") / "multi.onnx", 2)
    return spec, head, model, path


# ----------------------------------------------------------------------------- round trips
@pytest.mark.parametrize("suffix", [s for s in FORMATS if s != ".onnx"])
@pytest.mark.parametrize("make", [_binary, _multi])
def test_round_trip_is_exact(tmp_path, suffix, make):
    spec, head, model = make()
    path = save_weights(model, spec, tmp_path / f"w{suffix}", 2, ["x1", "x2"])
    assert path == tmp_path / f"w{suffix}"
    other = _fresh(spec, head)
    assert not torch.equal(other.body[0].weight, model.body[0].weight)
    load_weights(other, path)
    _assert_state_equal(model.state_dict(), other.state_dict())
    assert torch.equal(_outputs(model, X), _outputs(other, X))


def test_onnx_round_trip_is_exact(multi_onnx):
    spec, head, model, path = multi_onnx
    other = _fresh(spec, head)
    load_weights(other, path)
    # num_batches_tracked is not in the graph; it travels in the file's metadata.
    assert int(other.body[2].num_batches_tracked) == 1
    _assert_state_equal(model.state_dict(), other.state_dict())
    assert torch.equal(_outputs(model, X), _outputs(other, X))


def test_onnx_runs_in_onnxruntime_with_a_dynamic_batch(multi_onnx):
    ort = pytest.importorskip("onnxruntime")
    _, _, model, path = multi_onnx
    onnx.checker.check_model(str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["input"]
    assert [o.name for o in session.get_outputs()] == ["output"]
    for batch in (X, X[:1]):
        (got,) = session.run(["output"], {"input": batch.numpy()})
        want = _outputs(model, batch).numpy()
        assert got.shape == want.shape == (len(batch), 3)
        np.testing.assert_allclose(got, want, atol=1e-5, rtol=0)


def test_onnx_export_is_quiet_and_leaves_the_model_alone(tmp_path, capfd):
    spec, head, model = _binary()
    model.train()
    before = _clone_state(model)
    save_weights(model, spec, tmp_path / "b.onnx", 2)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert model.training  # the export ran on an eval-mode copy
    _assert_state_equal(before, model.state_dict())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.onnx"]  # no external .data file


def test_onnx_falls_back_to_the_torchscript_exporter(tmp_path, monkeypatch, capfd):
    ort = pytest.importorskip("onnxruntime")
    real_export = torch.onnx.export

    def dynamo_fails(*args, **kwargs):
        if kwargs.get("dynamo", True):
            raise RuntimeError("pretend the dynamo exporter cannot handle this model")
        return real_export(*args, **kwargs)

    monkeypatch.setattr(torch.onnx, "export", dynamo_fails)
    spec, head, model = _multi(seed=3)
    path = save_weights(model, spec, tmp_path / "legacy.onnx", 2)
    assert capfd.readouterr() == ("", "")
    other = _fresh(spec, head)
    load_weights(other, path)
    _assert_state_equal(model.state_dict(), other.state_dict())
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"input": X.numpy()})
    np.testing.assert_allclose(got, _outputs(model, X).numpy(), atol=1e-5, rtol=0)


def test_onnx_export_failure_is_a_weights_error(tmp_path, monkeypatch):
    def always_fails(*args, **kwargs):
        raise RuntimeError("no exporter today")

    monkeypatch.setattr(torch.onnx, "export", always_fails)
    spec, _, model = _binary()
    with pytest.raises(WeightsError, match="ONNX export failed: no exporter today"):
        save_weights(model, spec, tmp_path / "x.onnx", 2)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------ metadata
def test_safetensors_metadata_rebuilds_the_experiment_and_the_model(tmp_path):
    spec, head, model = _multi(seed=7)
    path = save_weights(model, spec, tmp_path / "w.safetensors", 2, ["x1", "x2"])
    header = read_header(path)
    assert header.experiment == spec
    assert header.n_inputs == 2 and header.feature_names == ("x1", "x2")
    rebuilt = build_model(header.experiment, header.n_inputs, head)
    load_weights(rebuilt, path)
    assert torch.equal(_outputs(model, X), _outputs(rebuilt, X))


@pytest.mark.parametrize("suffix", [".safetensors", ".npz", ".json"])
def test_read_experiment_from_formats_that_carry_it(tmp_path, suffix):
    spec, _, model = _binary()
    assert read_experiment(save_weights(model, spec, tmp_path / f"w{suffix}", 2)) == spec


def test_read_experiment_is_none_for_pt_and_onnx(tmp_path, multi_onnx):
    spec, _, model = _binary()
    assert read_experiment(save_weights(model, spec, tmp_path / "w.pt", 2)) is None
    assert read_experiment(multi_onnx[3]) is None


def test_a_stored_experiment_that_does_not_validate_names_the_field(tmp_path):
    spec, _, model = _binary()
    path = save_weights(model, spec, tmp_path / "w.json", 2)
    doc = json.loads(path.read_text())
    doc["experiment"]["training"]["learning_rate"] = -1
    path.write_text(json.dumps(doc))
    with pytest.raises(WeightsError, match=r"stored experiment .*training\.learning_rate"):
        read_experiment(path)

    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    bad = tmp_path / "w.safetensors"
    save_file(state, bad, metadata={"format": "nn-playground-weights",
                                    "experiment": json.dumps({"model": {"init": "magic"}})})
    with pytest.raises(WeightsError, match=r"model\.init"):
        read_experiment(bad)


def test_a_newer_format_version_is_refused(tmp_path):
    spec, _, model = _binary()
    path = save_weights(model, spec, tmp_path / "w.json", 2)
    doc = json.loads(path.read_text())
    doc["format_version"] = 99
    path.write_text(json.dumps(doc))
    with pytest.raises(WeightsError, match="newer NN Playground"):
        load_weights(_binary()[2], path)


def test_formats_table_and_suffix_rules(tmp_path):
    assert set(FORMATS) == {".safetensors", ".pt", ".onnx", ".npz", ".json"}
    assert all("\n" not in text and text for text in FORMATS.values())
    spec, head, model = _binary()
    assert save_weights(model, spec, tmp_path / "plain", 2) == tmp_path / "plain.safetensors"
    load_weights(_fresh(spec, head), tmp_path / "PLAIN.SAFETENSORS".lower())
    with pytest.raises(WeightsError, match=r"'\.h5' is not a weights format.*\.safetensors"):
        save_weights(model, spec, tmp_path / "w.h5", 2)
    with pytest.raises(WeightsError, match=r"\.pt, \.onnx, \.npz, \.json"):
        load_weights(model, tmp_path / "w.txt")
    with pytest.raises(WeightsError, match="first layer takes 2 inputs"):
        save_weights(model, spec, tmp_path / "w.pt", 3)


# ------------------------------------------------------------------------------- refusals
def test_shape_mismatch_names_the_key_and_both_shapes(tmp_path):
    spec8 = Spec({"model.layers": [{"type": "dense", "units": 8, "activation": "relu"}]})
    spec4 = Spec({"model.layers": [{"type": "dense", "units": 4, "activation": "relu"}]})
    head = derive_head(spec8, "classification", 2, 1)
    path = save_weights(build_model(spec8, 2, head), spec8, tmp_path / "w.safetensors", 2)
    target = build_model(spec4, 2, head)
    before = _clone_state(target)
    with pytest.raises(WeightsError) as info:
        load_weights(target, path)
    assert str(info.value) == ("body.0.weight: the file has shape (8, 2) but this experiment's "
                               "network needs (4, 2)")
    _assert_state_equal(before, target.state_dict())


def test_missing_and_unexpected_tensors_name_the_key(tmp_path):
    spec, head, small = _binary()
    deeper = Spec({"model.layers": [{"type": "dense", "units": 4, "activation": "tanh"},
                                    {"type": "dense", "units": 2, "activation": "tanh"},
                                    {"type": "dense", "units": 2, "activation": "tanh"}]})
    big = build_model(deeper, 2, head)
    path = save_weights(small, spec, tmp_path / "small.npz", 2)
    with pytest.raises(WeightsError, match=r"^the file has no tensor body\.6\.weight; it was "
                                           r"saved from a different network$"):
        load_weights(big, path)
    path = save_weights(big, deeper, tmp_path / "big.pt", 2)
    before = _clone_state(small)
    with pytest.raises(WeightsError, match=r"tensor body\.6\.weight that this experiment's "
                                           r"network does not have"):
        load_weights(small, path)
    _assert_state_equal(before, small.state_dict())


def test_missing_file(tmp_path):
    with pytest.raises(WeightsError, match="no such weights file"):
        load_weights(_binary()[2], tmp_path / "nope.safetensors")


def _corrupt_files(tmp_path: Path, onnx_path: Path) -> list[Path]:
    spec, _, model = _binary()
    rng = np.random.default_rng(0)
    files = []
    for suffix in FORMATS:
        path = tmp_path / f"random{suffix}"
        path.write_bytes(rng.integers(0, 256, 4096, dtype=np.uint8).tobytes())
        files.append(path)
        empty = tmp_path / f"empty{suffix}"
        empty.write_bytes(b"")
        files.append(empty)
    for suffix in (".safetensors", ".npz", ".pt", ".json"):
        good = save_weights(model, spec, tmp_path / f"good{suffix}", 2)
        cut = tmp_path / f"truncated{suffix}"
        cut.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
        files.append(cut)
    cut = tmp_path / "truncated.onnx"
    cut.write_bytes(onnx_path.read_bytes()[: onnx_path.stat().st_size // 2])
    files.append(cut)
    text = tmp_path / "notes.pt"
    text.write_text("these are my notes, not weights\n")
    files.append(text)
    no_tensors = tmp_path / "experiment.json"
    no_tensors.write_text(json.dumps({"format": "nn-playground-weights",
                                      "experiment": spec.to_dict()}))
    files.append(no_tensors)
    ragged = tmp_path / "ragged.json"
    ragged.write_text(json.dumps({"tensors": {"body.0.weight": {
        "shape": [4, 2], "dtype": "float32", "data": [1.0, 2.0, 3.0]}}}))
    files.append(ragged)
    array = tmp_path / "single.npz"
    with array.open("wb") as f:
        np.save(f, np.zeros(3))
    files.append(array)
    return files


def test_corrupt_files_are_refused_and_leave_the_model_unchanged(tmp_path, multi_onnx):
    _, _, model = _binary()
    before = _clone_state(model)
    for path in _corrupt_files(tmp_path, multi_onnx[3]):
        with pytest.raises(WeightsError) as info:
            load_weights(model, path)
        message = str(info.value)
        assert "\n" not in message and message, path.name
        _assert_state_equal(before, model.state_dict())
    with pytest.raises(WeightsError, match='no "tensors" object'):
        load_weights(model, tmp_path / "experiment.json")
    with pytest.raises(WeightsError, match="is empty"):
        load_weights(model, tmp_path / "empty.onnx")


_RAN: list[str] = []


def _payload() -> str:
    _RAN.append("code ran")
    return "pwned"


class _Evil:
    """Unpickling this would call _payload: what weights_only=True must never do."""

    def __reduce__(self):
        return (_payload, ())


class _Plain:
    pass


@pytest.mark.parametrize("obj", [{"x": object()}, {"body.0.weight": _Evil()},
                                 {"body.0.weight": _Plain()}, _Plain])
def test_pt_files_with_pickled_objects_are_refused(tmp_path, obj):
    path = tmp_path / "evil.pt"
    torch.save(obj, path)
    model = _binary()[2]
    before = _clone_state(model)
    with pytest.raises(WeightsError, match="holds Python objects"):
        load_weights(model, path)
    assert _RAN == []
    _assert_state_equal(before, model.state_dict())


def test_npz_with_object_arrays_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, **{"body.0.weight": np.array([_Evil()], dtype=object)})
    with pytest.raises(WeightsError, match="holds pickled Python objects"):
        load_weights(_binary()[2], path)
    assert _RAN == []


def test_pt_file_that_is_not_a_state_dict(tmp_path):
    path = tmp_path / "list.pt"
    torch.save([torch.zeros(2)], path)
    with pytest.raises(WeightsError, match="not a state dict"):
        load_weights(_binary()[2], path)


def test_non_finite_weights_are_refused(tmp_path):
    spec, head, model = _binary()
    state = {k: v.clone().contiguous() for k, v in model.state_dict().items()}
    state["body.2.weight"][0, 0] = float("nan")
    save_file(state, tmp_path / "nan.safetensors")
    np.savez(tmp_path / "nan.npz", **{k: v.numpy() for k, v in state.items()})
    torch.save(state, tmp_path / "nan.pt")
    good = save_weights(model, spec, tmp_path / "inf.json", 2)
    doc = json.loads(good.read_text())
    doc["tensors"]["body.0.bias"]["data"][1] = 1e60  # overflows float32 to inf
    good.write_text(json.dumps(doc))
    target = _fresh(spec, head)
    before = _clone_state(target)
    for name, key in [("nan.safetensors", "body.2.weight"), ("nan.npz", "body.2.weight"),
                      ("nan.pt", "body.2.weight"), ("inf.json", "body.0.bias")]:
        with pytest.raises(WeightsError, match=f"non-finite weights in {key}$"):
            load_weights(target, tmp_path / name)
        _assert_state_equal(before, target.state_dict())


def test_saving_non_finite_weights_is_refused(tmp_path):
    spec, _, model = _binary()
    with torch.no_grad():
        model.body[0].weight[0, 0] = float("inf")
    with pytest.raises(WeightsError, match=r"non-finite weights in body\.0\.weight"):
        save_weights(model, spec, tmp_path / "w.safetensors", 2)
    assert list(tmp_path.iterdir()) == []


def test_integer_values_for_float_weights_are_refused(tmp_path):
    spec, head, model = _binary()
    path = save_weights(model, spec, tmp_path / "w.json", 2)
    doc = json.loads(path.read_text())
    entry = doc["tensors"]["body.0.bias"]
    entry["dtype"], entry["data"] = "int64", [1] * len(entry["data"])
    path.write_text(json.dumps(doc))
    with pytest.raises(WeightsError, match=r"body\.0\.bias: the file holds int64 values"):
        load_weights(_fresh(spec, head), path)


def test_onnx_not_exported_by_the_playground(tmp_path):
    spec, _, model = _binary()
    path = tmp_path / "foreign.onnx"
    proto = onnx.load(str(save_weights(model, spec, tmp_path / "ours.onnx", 2)))
    del proto.metadata_props[:]
    onnx.save(proto, str(path))
    with pytest.raises(WeightsError, match="was not exported by NN Playground"):
        load_weights(model, path)


def test_onnx_with_external_data_is_refused(tmp_path, multi_onnx):
    spec, head, _, ours = multi_onnx
    proto = onnx.load(str(ours))
    path = tmp_path / "external.onnx"
    onnx.save(proto, str(path), save_as_external_data=True, location="external.data",
              size_threshold=0)
    with pytest.raises(WeightsError, match="external files"):
        load_weights(_fresh(spec, head), path)


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    spec, head, model = _binary()
    path = save_weights(model, spec, tmp_path / "w.safetensors", 2)
    old = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(weights_module.os, "replace", broken_replace)
    with pytest.raises(WeightsError, match="could not write .*No space left"):
        save_weights(_fresh(spec, head), spec, path, 2)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.safetensors"]


def test_new_files_follow_the_umask(tmp_path):
    if os.name != "posix":
        pytest.skip("permission bits are POSIX")
    spec, _, model = _binary()
    mask = os.umask(0o022)
    os.umask(mask)
    path = save_weights(model, spec, tmp_path / "w.pt", 2)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
