"""CLI defects a new user hits first: a preset typo, `--set KEY VALUE`, `training.lr`, the exit
code of a run that diverges, and a loss change that the output layer must follow."""

from __future__ import annotations

import json

import pytest

from playground.cli import main
from playground.cli.errors import EXIT_BAD_INPUT, EXIT_DIVERGED
from playground.core.spec import Spec, SpecError, apply_settings


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_preset_typo_gets_did_you_mean(capsys):
    code, _, err = run(capsys, "train", "tfp-sprial")
    assert code == EXIT_BAD_INPUT
    assert "did you mean tfp-spiral?" in err and err.count("\n") == 1


def test_set_without_an_equals_sign_is_the_one_line_field_error(capsys):
    code, _, err = run(capsys, "train", "tfp-spiral", "--set", "training.learning_rate", "0.1")
    assert code == EXIT_BAD_INPUT
    assert err.strip() == ('error: --set: "training.learning_rate 0.1" is not allowed; '
                           "expected KEY=VALUE, e.g. training.learning_rate=0.1")
    assert "unrecognized arguments" not in err


def test_other_unknown_arguments_are_still_argparse_errors(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["train", "tfp-spiral", "--bogus"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_training_lr_is_an_alias_of_learning_rate(tmp_path, capsys):
    assert apply_settings(Spec(), ["training.lr=0.25"]).training.learning_rate == 0.25
    assert Spec.from_dict({"training": {"lr": 0.5}}).training.learning_rate == 0.5
    with pytest.raises(SpecError, match="training.lr"):
        Spec({"training.lr": 0.5, "training.learning_rate": 0.1})
    metrics = tmp_path / "m.json"
    code, _, _ = run(capsys, "train", "tfp-xor", "--epochs", "1", "--set", "training.lr=0.2",
                     "--metrics", str(metrics), "--quiet")
    assert code == 0
    assert json.loads(metrics.read_text())["experiment"]["training"]["learning_rate"] == 0.2


def test_a_diverging_run_exits_with_its_own_code_and_still_writes(tmp_path, capsys):
    metrics, weights = tmp_path / "m.json", tmp_path / "w.safetensors"
    code, _, err = run(capsys, "train", "course-linear-regression", "--set",
                       "training.learning_rate=90", "--epochs", "20", "--quiet",
                       "--metrics", str(metrics), "--export", str(weights))
    assert code == EXIT_DIVERGED == 3
    assert err.startswith("diverged: ")
    assert json.loads(metrics.read_text())["status"] == "diverged"
    assert weights.stat().st_size > 0  # the weights from before the divergence


def test_a_loss_set_on_a_tfp_preset_takes_the_output_along(tmp_path, capsys):
    metrics = tmp_path / "m.json"
    code, _, err = run(capsys, "train", "tfp-circle", "--set", "training.loss=cross_entropy",
                       "--epochs", "2", "--metrics", str(metrics))
    assert code == 0
    assert "note: output activation tanh -> auto" in err
    saved = json.loads(metrics.read_text())
    assert saved["experiment"]["model"]["output_activation"] is None
    assert saved["history"][-1]["epoch"] == 2
    # Naming the output activation too means the user chose it: that is kept (and refused).
    code, _, err = run(capsys, "train", "tfp-circle", "--set", "training.loss=cross_entropy",
                       "--set", "model.output_activation=tanh", "--epochs", "1")
    assert code == EXIT_BAD_INPUT and "model.output_activation" in err
