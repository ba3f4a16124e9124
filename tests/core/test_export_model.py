"""Exported models take the raw input columns: feature maps and standardisation are in the ONNX
graph and the torch module, the metadata records them, and every route (the trainer, the torch
module rebuilt from the file, a .pt state dict, onnxruntime, `playground predict`) agrees."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.cli import main as cli_main
from playground.core.data.features import apply_features, feature_table
from playground.core.files.export_model import (
    ExportedModel,
    pipeline_of,
    predict_numpy,
    rebuild,
    torch_features,
)
from playground.core.files.predictor import load_model
from playground.core.files.weights import (
    read_header,
    read_weights,
    save_trained,
    save_weights,
)
from playground.core.files.weights_format import WeightsError
from playground.core.model.network import build_model
from playground.core.spec import Spec
from playground.core.train.trainer import Trainer

ort = pytest.importorskip("onnxruntime")
TOL = 1e-5

SPIRAL = Spec({"data.dataset": "spiral", "data.standardize": True, "data.features": [
    "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"], "training.epochs": 2,
    "model.layers": [{"type": "dense", "units": 8, "activation": "tanh"}]})
IRIS = Spec({"data.dataset": "iris", "training.epochs": 3, "training.optimizer": "adam",
             "model.layers": [{"type": "dense", "units": 6, "activation": "relu"},
                              {"type": "batchnorm"}]})
SINE = Spec({"data.dataset": "sine", "data.features": ["x", "x^2", "x^3"],
             "data.standardize": True, "training.epochs": 2})


def _trained(spec: Spec, epochs: int = 2) -> Trainer:
    trainer = Trainer(spec)
    for _ in range(epochs):
        trainer.run_epoch()
    return trainer


def _trainer_outputs(trainer: Trainer, raw: np.ndarray) -> np.ndarray:
    """What the window's model says for raw rows: probabilities, or values for regression."""
    trainer.model.eval()
    with torch.no_grad():
        out = trainer.model(torch.as_tensor(trainer.data.featurize(raw)))
        return (out if trainer.head.task == "regression"
                else trainer.head.probabilities(out)).numpy()


def _onnx_outputs(path: Path, raw: np.ndarray) -> list[np.ndarray]:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"input": raw.astype(np.float32)})


@pytest.mark.parametrize("inputs", [("x1", "x2"), ("x",)])
def test_torch_feature_maps_match_the_feature_table(inputs):
    rng = np.random.default_rng(0)
    raw = rng.uniform(-6, 6, size=(50, len(inputs)))
    names = list(feature_table(inputs))
    want = apply_features(names, raw, inputs)
    maps = torch_features(names, inputs)
    got = torch.stack([f(torch.as_tensor(raw)) for f in maps], dim=1).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("spec", [SPIRAL, IRIS, SINE], ids=["spiral-features", "iris", "sine"])
def test_onnx_and_the_rebuilt_module_match_the_trainer_on_raw_rows(tmp_path, spec):
    trainer = _trained(spec)
    raw = np.concatenate([trainer.data.raw_test, trainer.data.raw_train])[:200]
    want = _trainer_outputs(trainer, raw)
    onnx_path = save_trained(trainer, tmp_path / "m.onnx")
    st_path = save_trained(trainer, tmp_path / "m.safetensors")

    onnx_out = _onnx_outputs(onnx_path, raw)
    np.testing.assert_allclose(onnx_out[0], want, atol=TOL)
    tensors, header = read_weights(st_path)
    module = rebuild(header.experiment, header.pipeline, tensors)
    np.testing.assert_allclose(predict_numpy(module, raw)[0], want, atol=TOL)
    if spec is not SINE:  # classifiers: logits second, and the classes agree
        assert len(onnx_out) == 2
        assert (onnx_out[0].argmax(1) == want.argmax(1)).all()


def test_the_raw_inputs_are_the_columns_a_user_has(tmp_path):
    trainer = _trained(SPIRAL, 1)
    path = save_trained(trainer, tmp_path / "spiral.onnx")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (inp,) = session.get_inputs()
    assert (inp.name, inp.shape[1]) == ("input", 2)  # x1, x2, not seven features
    assert isinstance(inp.shape[0], str)  # a dynamic batch
    assert [o.name for o in session.get_outputs()] == ["probabilities", "logits"]
    for n in (1, 3, 17):
        probs, logits = session.run(None, {"input": np.zeros((n, 2), np.float32)})
        assert probs.shape == (n, 2) and logits.shape == (n, 1)
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)


def test_metadata_records_inputs_features_scaling_classes_and_outputs(tmp_path):
    trainer = _trained(IRIS, 1)
    featurize = trainer.data.featurize
    for suffix in (".safetensors", ".npz", ".json"):
        header = read_header(save_trained(trainer, tmp_path / f"iris{suffix}"))
        p = header.pipeline
        assert p.input_names == ("sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                                 "petal width (cm)")
        assert p.features == p.input_names
        np.testing.assert_array_equal(p.mean, featurize.mean)
        np.testing.assert_array_equal(p.std, featurize.std)
        assert p.class_names == ("setosa", "versicolor", "virginica")
        assert p.output_names == ("probabilities", "logits")
    doc = json.loads((tmp_path / "iris.json").read_text())
    assert set(doc["pipeline"]["outputs"]) == {"probabilities", "logits"}
    assert "class probabilities" in doc["pipeline"]["outputs"]["probabilities"]


def test_a_pt_state_dict_carries_the_scaling_buffers(tmp_path):
    trainer = _trained(SPIRAL, 1)
    path = save_trained(trainer, tmp_path / "spiral.pt")
    state = torch.load(path, weights_only=True)
    np.testing.assert_array_equal(state["preprocess.mean"].numpy(), trainer.data.featurize.mean)
    np.testing.assert_array_equal(state["preprocess.std"].numpy(), trainer.data.featurize.std)
    # Rebuilt from the experiment and the pipeline, the .pt weights give the same answers.
    module = rebuild(trainer.spec, pipeline_of(trainer.data, trainer.head), state)
    assert isinstance(module, ExportedModel)
    raw = trainer.data.raw_test
    np.testing.assert_allclose(predict_numpy(module, raw)[0], _trainer_outputs(trainer, raw),
                               atol=TOL)
    # ... and a bare network still loads the file (the pipeline's buffers are skipped).
    network = build_model(trainer.spec, trainer.data.n_features, trainer.head)
    from playground.core.files.weights import load_weights
    load_weights(network, path)


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _categorical_csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(60):
        colour = ["red", "green", "blue", ""][i % 4]
        size = "" if i % 7 == 0 else f"{rng.uniform(0, 10):.3f}"
        kind = "big" if (colour == "red") ^ (size != "" and float(size) > 5) else "small"
        rows.append([colour, size, f"{rng.normal():.3f}", kind])
    return _write_csv(tmp_path / "shapes.csv", ["colour", "size", "noise", "kind"], rows)


def test_categorical_csv_rows_predict_like_the_trainer(tmp_path):
    data = _categorical_csv(tmp_path)
    spec = Spec({"data.dataset": "csv", "data.path": str(data), "training.epochs": 3})
    trainer = _trained(spec, 3)
    assert "colour=red" in trainer.data.input_names
    with data.open(encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    # The trainer's encoded rows, in file order, are what the reader produced from the file.
    from playground.core.data.csv_table import read_csv
    encoded = read_csv(data).x
    want = _trainer_outputs(trainer, encoded)
    for suffix in (".safetensors", ".onnx"):
        model = load_model(save_trained(trainer, tmp_path / f"shapes{suffix}"))
        table = model.predict_table(header, rows)
        np.testing.assert_allclose(table.outputs[0], want, atol=TOL)
        assert table.columns == ("prediction", "p(big)", "p(small)")
        assert {r[0] for r in table.rows} <= {"big", "small"}
    meta = read_header(tmp_path / "shapes.safetensors").pipeline.to_json()
    assert meta["columns"][0] == {"name": "colour", "categories": ["blue", "green", "red"],
                                  "fill": None}
    assert "one-hot" in meta["input_encoding"]


def test_predict_cli_writes_class_names_and_refuses_missing_columns(tmp_path, capsys):
    trainer = _trained(IRIS, 2)
    weights = save_trained(trainer, tmp_path / "iris.safetensors")
    names = list(trainer.data.input_names)
    raw = trainer.data.raw_test[:5]
    data = _write_csv(tmp_path / "rows.csv", ["id", *names], [[i, *r] for i, r in
                                                              enumerate(raw.tolist())])
    out = tmp_path / "pred.csv"
    assert cli_main(["predict", str(weights), str(data), "--out", str(out)]) == 0
    with out.open(encoding="utf-8") as f:
        got = list(csv.reader(f))
    assert got[0] == ["prediction", "p(setosa)", "p(versicolor)", "p(virginica)"]
    want = _trainer_outputs(trainer, raw)
    classes = ("setosa", "versicolor", "virginica")
    assert [r[0] for r in got[1:]] == [classes[k] for k in want.argmax(1)]
    np.testing.assert_allclose(np.array([r[1:] for r in got[1:]], float), want, atol=1e-5)

    short = _write_csv(tmp_path / "short.csv", names[:3], raw[:, :3].tolist())
    assert cli_main(["predict", str(weights), str(short)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "no column 'petal width (cm)'" in err


def test_predict_refuses_a_file_without_a_pipeline(tmp_path, capsys):
    trainer = _trained(IRIS, 1)
    old = save_weights(trainer.model, trainer.spec, tmp_path / "old.safetensors",
                       trainer.data.n_features)
    with pytest.raises(WeightsError, match="no input pipeline"):
        load_model(old)
    data = _write_csv(tmp_path / "x.csv", ["a"], [[1]])
    assert cli_main(["predict", str(old), str(data)]) == 2
    assert "export it again" in capsys.readouterr().err
