"""The experiment spec: defaults, validation messages, round trips through files."""

import json

import pytest
import torch

from playground.core import catalogue, spec
from playground.core.model import registry
from playground.core.spec import FIELDS, Spec, SpecError
from playground.core.spec.experiment import to_plain


def test_defaults_are_tf_playground_like():
    s = Spec()
    assert s.data.dataset == "circle"
    assert [layer.to_dict() for layer in s.model.layers] == [
        {"type": "dense", "units": 4, "activation": "tanh"},
        {"type": "dense", "units": 2, "activation": "tanh"},
    ]
    assert s.training.learning_rate == 0.03
    assert s.training.batch_size == 10


def test_every_field_default_validates_and_is_documented():
    for f in FIELDS:
        assert f.doc, f.key
        assert f.check(f.key, to_plain(f.default)) is not None or f.default is None


def test_registry_tables_match_spec_choices():
    assert set(registry.ACTIVATIONS) == set(spec.ACTIVATIONS)
    assert set(registry.INITS) == set(spec.INITS)
    assert set(registry.LOSSES) == set(spec.LOSSES)
    for entry in catalogue.OPTIMIZERS.values():  # each names a real torch.optim class
        assert issubclass(entry.torch_class(), torch.optim.Optimizer)
        assert set(entry.fields) <= set(entry.hyperparameters())


def test_round_trip_json_and_toml(tmp_path):
    s = Spec({"training.learning_rate": 0.1, "model.layers": [
        {"type": "dense", "units": 8, "activation": "relu"}, {"type": "dropout", "p": 0.25},
        {"type": "batchnorm"}], "training.early_stopping": {"patience": 3},
        "training.lr_schedule": {"type": "step", "step_size": 5, "gamma": 0.5},
        "data.points": [[1, 2, 0], [3, 4, 1]]})
    for name in ("e.json", "e.toml"):
        path = tmp_path / name
        spec.save(s, path)
        assert spec.load(path) == s
    assert Spec.from_dict(json.loads(spec.dumps(s))) == s


def test_frozen():
    s = Spec()
    with pytest.raises(AttributeError):
        s.seed = 3
    with pytest.raises(AttributeError):
        s.training.learning_rate = 3


def test_replace_returns_new_validated_value():
    s = Spec()
    t = s.replace({"training.learning_rate": 0.5})
    assert s.training.learning_rate == 0.03 and t.training.learning_rate == 0.5
    with pytest.raises(SpecError):
        s.replace({"training.learning_rate": -1})


@pytest.mark.parametrize("data, key, fragment", [
    ({"training": {"learning_rate": "fast"}}, "training.learning_rate", "a number > 0"),
    ({"training": {"optimizer": "adamx"}}, "training.optimizer", "one of sgd"),
    ({"training": {"lern_rate": 0.1}}, "training.lern_rate", "did you mean training.learning_rate"),
    ({"model": {"layers": [{"type": "dense", "units": 0}]}}, "model.layers[0].units", ">= 1"),
    ({"model": {"layers": [{"type": "dense", "units": 2.5}]}}, "model.layers[0].units",
     "an integer"),
    ({"model": {"layers": [{"type": "dense", "units": 4, "activation": "swish"}]}},
     "model.layers[0].activation", "one of relu"),
    ({"model": {"layers": [{"type": "dropout", "p": 1.0}]}}, "model.layers[0].p", "< 1"),
    ({"model": {"layers": [{"type": "conv"}]}}, "model.layers[0].type", "one of dense"),
    ({"data": {"noise": float("nan")}}, "data.noise", "a number"),
    ({"data": {"features": []}}, "data.features", "non-empty list"),
    ({"training": {"betas": [0.9]}}, "training.betas", "two numbers"),
    ({"training": {"nesterov": True}}, "training.nesterov", "momentum > 0"),
    ({"training": {"lr_schedule": {"type": "step", "gamma": 2}}}, "training.lr_schedule.gamma",
     "<= 1"),
    ({"wat": 1}, "wat", "a known field"),
    ({"data": 3}, "data", "an object"),
])
def test_errors_name_field_value_and_allowed(data, key, fragment):
    with pytest.raises(SpecError) as err:
        Spec.from_dict(data)
    assert err.value.key == key
    assert str(err.value).startswith(key + ":")
    assert fragment in str(err.value)


def test_malformed_file_is_a_spec_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{ not json")
    with pytest.raises(SpecError, match="valid JSON"):
        spec.load(path)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SpecError, match="UTF-8"):
        spec.load(path)


def test_cli_settings():
    s = spec.apply_settings(Spec(), ["training.learning_rate=0.3", "model.layers=[]",
                                     "training.optimizer=adam", "data.features=[\"x1\"]"])
    assert s.training.learning_rate == 0.3
    assert s.model.layers == ()
    assert s.training.optimizer == "adam"
    with pytest.raises(SpecError, match="KEY=VALUE"):
        spec.apply_settings(Spec(), ["nonsense"])
    with pytest.raises(SpecError, match="did you mean"):
        spec.apply_settings(Spec(), ["training.learningrate=1"])


def test_save_is_atomic_and_leaves_no_temp(tmp_path):
    path = tmp_path / "x.json"
    spec.save(Spec(), path)
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_readme_documents_every_field():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for f in FIELDS:
        assert f"| `{f.key}` |" in readme, f"README lacks a row for {f.key}"
