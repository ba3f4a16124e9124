"""Hostile input gets one clear line, never a traceback (issue 13): deep nesting, huge numbers,
numbers that do not fit float32, byte-order marks, long values, pickles, weights that lie."""

from __future__ import annotations

import io
import json
import os
import pickle

import pytest
import torch
from safetensors.torch import save as save_safetensors

from playground.cli import main
from playground.cli.errors import EXIT_BAD_INPUT
from playground.core import jsontext
from playground.core import spec as spec_io
from playground.core.files.weights import load_weights, read_header, save_weights
from playground.core.files.weights_format import WeightsError
from playground.core.model.head import derive_head
from playground.core.model.network import build_model
from playground.core.spec import Spec, SpecError, apply_settings
from playground.core.spec.errors import SHOWN_CHARS

DEEP = '{"data": {"points": ' + "[" * 1000 + "]" * 1000 + "}}"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("suffix, text", [
    (".json", DEEP),
    (".toml", "[data]\npoints = " + "[" * 1000 + "]" * 1000 + "\n"),
    (".json", '{"seed": 1' + "0" * 400 + "}"),
    (".json", '{"seed": 1' + "0" * 4300 + "}"),
    (".json", '{"name": "a"}' + " " * 10 + '{"x": ' * 500),
])
def test_hostile_experiment_files_are_one_line_errors(tmp_path, capsys, suffix, text):
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError):
        spec_io.load(path)
    code, _, err = run(capsys, "train", str(path), "--epochs", "0", "--quiet")
    assert code == EXIT_BAD_INPUT
    assert err.startswith("error: ") and err.count("\n") == 1 and len(err) < 400


def test_nesting_below_the_limit_still_parses_and_above_is_refused():
    assert jsontext.loads("[" * 60 + "]" * 60) is not None
    with pytest.raises(json.JSONDecodeError, match="nested deeper than 64"):
        jsontext.loads("[" * 65 + "]" * 65)
    assert jsontext.depth({"a": [1, [2, {"b": 3}]]}) == 4


@pytest.mark.parametrize("setting", [
    "training.l2=1e308", "training.l1=1e308", "training.weight_decay=1e308",
    "model.init_range=1e308", "model.init_value=-1e308", "model.init_std=1e39",
    'training.lr_schedule={"type": "cosine", "eta_min": 1e308}',
    "training.input_noise=1e300", "seed=1" + "0" * 400,
    'training.lr_schedule={"type": "step", "step_size": 1' + "0" * 30 + "}",
])
def test_numbers_must_fit_the_dtype_they_are_used_in(setting):
    with pytest.raises(SpecError) as exc:
        apply_settings(Spec(), [setting])
    assert setting.split("=")[0].split("{")[0] in str(exc.value)


def test_the_largest_float32_number_is_still_accepted():
    assert Spec({"training.l2": 3.4e38}).training.l2 == 3.4e38


def test_a_huge_l2_is_a_field_error_in_the_cli(capsys):
    code, _, err = run(capsys, "train", "tfp-circle", "--set", "training.l2=1e308",
                       "--epochs", "1", "--quiet")
    assert code == EXIT_BAD_INPUT
    assert err.startswith("error: training.l2: 1e+308 is not allowed") and "float32" in err


def test_error_lines_quote_at_most_about_80_characters_of_a_value():
    with pytest.raises(SpecError) as exc:
        Spec({"name": 1, "data.dataset": "x" * 10_000_000})
    assert len(str(exc.value)) < 200
    with pytest.raises(SpecError) as exc:
        Spec({"data.features": ["a"] * 100_000})
    shown = str(exc.value).split(" is not allowed")[0]
    assert len(shown) <= SHOWN_CHARS + 60 and "characters)" in shown


def test_a_deep_or_huge_value_in_an_error_never_raises():
    deep: list = []
    node = deep
    for _ in range(5000):
        node.append([])
        node = node[0]
    assert "nested deeper" in str(SpecError("data.points", deep, "x"))
    assert "digits" in str(SpecError("seed", 10 ** 5000, "x"))


def test_deep_set_values_are_one_line(capsys):
    code, _, err = run(capsys, "train", "tfp-circle", "--set",
                       "model.layers=" + "[" * 2000 + "]" * 2000, "--quiet")
    assert code == EXIT_BAD_INPUT and err.count("\n") == 1 and len(err) < 300


def test_json_with_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"seed": 7}).encode())
    assert spec_io.load(path).seed == 7


def _model(features=("x1", "x2")):
    spec = Spec({"data.features": list(features)})
    head = derive_head(spec, "classification", 2, 1)
    return spec, build_model(spec, 2, head)


def test_deep_safetensors_metadata_is_a_weights_error(tmp_path):
    _, model = _model()
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    path = tmp_path / "deep.safetensors"
    path.write_bytes(save_safetensors(state, metadata={"format": "nn-playground-weights",
                                                       "experiment": DEEP}))
    with pytest.raises(WeightsError, match="not valid JSON"):
        read_header(path)


def test_float64_weights_too_large_for_float32_are_refused(tmp_path):
    _, model = _model()
    state = {k: v.double() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    key = next(k for k in state if k.endswith("weight"))
    state[key] = torch.full_like(state[key], 1e300)
    path = tmp_path / "big.safetensors"
    path.write_bytes(save_safetensors({k: v.contiguous() for k, v in state.items()}))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(WeightsError, match="too large"):
        load_weights(model, path)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


def test_weights_with_features_in_another_order_are_told(tmp_path):
    spec, model = _model(("x1", "x2"))
    path = save_weights(model, spec, tmp_path / "w.safetensors", 2, ("x1", "x2"))
    load_weights(model, path, feature_names=("x1", "x2"))
    with pytest.raises(WeightsError, match="in that order"):
        load_weights(model, path, feature_names=("x2", "x1"))
    with pytest.raises(WeightsError, match="trained on the features"):
        load_weights(model, path, feature_names=("x1", "x1^2"))


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


@pytest.mark.parametrize("protocol", [2, 4])
def test_a_malicious_pt_is_refused_as_objects(tmp_path, protocol):
    _, model = _model()
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps({"w": _Evil()}, protocol=protocol))
    with pytest.raises(WeightsError, match="holds Python objects.*refused"):
        load_weights(model, path)
    buffer = io.BytesIO()
    torch.save(dict(model.state_dict()), buffer)
    (tmp_path / "cut.pt").write_bytes(buffer.getvalue()[:200])
    with pytest.raises(WeightsError, match="truncated or corrupt"):
        load_weights(model, tmp_path / "cut.pt")


@pytest.mark.parametrize("argv", [
    ["--surface", "1/0 + x"], ["--surface", "9**9**9"], ["--surface", "log(-1 - x**2)"],
    ["--surface", "x**2 + y**2", "--start", "1e308", "1e308"],
])
def test_path_json_writes_non_finite_numbers_as_null(capsys, argv):
    code, out, _ = run(capsys, "path", *argv, "--optimizer", "gd", "--lr", "0.1", "--steps",
                       "2", "--json")
    assert code == 0
    doc = json.loads(out)  # strict JSON: no NaN or Infinity tokens
    assert doc["diverged"] is True and None in doc["values"]


def test_path_seed_that_does_not_fit_is_one_line(capsys):
    code, _, err = run(capsys, "path", "--surface", "x**2 + y**2", "--noise", "0.1",
                       "--seed", "1" + "0" * 30, "--steps", "1")
    assert code == EXIT_BAD_INPUT and "--seed" in err and err.count("\n") == 1


@pytest.mark.parametrize("fast", [True, False])
def test_the_divergence_message_names_the_epoch_whose_weights_are_kept(fast):
    from playground.core.files.presets import resolve
    from playground.core.train.trainer import Trainer

    spec, _ = resolve("course-linear-regression")
    trainer = Trainer(spec.replace({"training.learning_rate": 100}), fast=fast)
    initial = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    for _ in range(5):
        trainer.run_epoch()
    assert trainer.message.startswith("diverged at epoch 1 ")
    assert "weights from epoch 0 kept" in trainer.message and trainer.epoch == 0
    assert all(torch.equal(initial[k], v) for k, v in trainer.model.state_dict().items())
