"""The headless CLI: train presets and files, metrics JSON, exports, clear errors."""

import json
import subprocess
import sys

import numpy as np
import pytest

from playground.cli import main
from playground.core import spec
from playground.core.files import presets


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_preset_is_valid_and_listed(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    names = presets.preset_names()
    assert len(names) >= 15
    for name in names:
        assert name in out
        assert spec.load(presets.preset_path(name)).name  # every preset has a title


def test_datasets_listing(capsys):
    code, out, _ = run(capsys, "datasets")
    assert code == 0
    for name in ("circle", "xor", "gauss", "spiral", "reg-plane", "reg-gauss", "digits", "csv"):
        assert name in out


def test_train_writes_metrics_and_history(tmp_path, capsys):
    metrics = tmp_path / "m.json"
    code, out, err = run(capsys, "train", "tfp-xor", "--epochs", "5", "--set", "seed=1",
                         "--metrics", str(metrics))
    assert code == 0, err
    data = json.loads(metrics.read_text())
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert isinstance(data["final"][key], float)
    assert [row["epoch"] for row in data["history"]] == list(range(6))
    assert data["history"][-1]["train_loss"] == pytest.approx(data["final"]["train_loss"])
    assert data["experiment"]["seed"] == 1
    assert "epochs/s" in out


def test_epochs_zero_only_evaluates(tmp_path, capsys):
    metrics = tmp_path / "m.json"
    code, _, _ = run(capsys, "train", "tfp-circle", "--epochs", "0", "--metrics", str(metrics))
    assert code == 0
    data = json.loads(metrics.read_text())
    assert data["epochs"] == 0 and len(data["history"]) == 1


def test_textbook_linear_regression_recovers_weights(tmp_path, capsys):
    out = tmp_path / "w.npz"
    code, _, err = run(capsys, "train", "course-linear-regression", "--export", str(out))
    assert code == 0, err
    with np.load(out, allow_pickle=False) as arrays:
        weight = next(arrays[k] for k in arrays.files if k.endswith("weight"))
        bias = next(arrays[k] for k in arrays.files if k.endswith("bias"))
    np.testing.assert_allclose(weight.ravel(), [2.0, -3.4], atol=0.02)
    np.testing.assert_allclose(bias, [4.2], atol=0.02)


def test_weight_decay_lesson_shrinks_test_loss(tmp_path, capsys):
    results = {}
    for lam in ("0", "3"):
        path = tmp_path / f"{lam}.json"
        assert run(capsys, "train", f"course-weight-decay-{lam}", "--metrics", str(path))[0] == 0
        results[lam] = json.loads(path.read_text())["final"]
    # lambda 0 fits the 20 training rows and fails on the test set; lambda 3 generalises
    assert results["0"]["train_loss"] < results["3"]["train_loss"]
    assert results["3"]["test_loss"] < 0.1 * results["0"]["test_loss"]


def test_export_then_init_weights_round_trip(tmp_path, capsys):
    weights = tmp_path / "w.safetensors"
    m1, m2 = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "train", "tfp-gauss", "--epochs", "3", "--export", str(weights),
               "--metrics", str(m1))[0] == 0
    # the safetensors file alone rebuilds the experiment
    assert run(capsys, "train", str(weights), "--epochs", "0", "--metrics", str(m2))[0] == 0
    a, b = json.loads(m1.read_text()), json.loads(m2.read_text())
    assert b["final"]["test_loss"] == pytest.approx(a["final"]["test_loss"], rel=1e-6)


def test_experiment_file_with_overrides(tmp_path, capsys):
    path = tmp_path / "e.toml"
    spec.save(presets.load_preset("tfp-circle").replace({"training.epochs": 2}), path)
    code, out, _ = run(capsys, "train", str(path), "--set", "training.optimizer=adam",
                       "--quiet")
    assert code == 0 and out == ""


@pytest.mark.parametrize("argv, fragment", [
    (["train", "no-such-preset"], "a preset"),
    (["train", "missing.json"], "not found"),
    (["train", "tfp-circle", "--set", "training.learning_rate=-1"], "training.learning_rate"),
    (["train", "tfp-circle", "--set", "bogus=1"], "bogus"),
    (["train", "tfp-circle", "--device", "cuda"], "cuda"),
    (["train", "tfp-circle", "--export", "w.exe"], "unknown format"),
    (["train", "tfp-circle", "--init-weights", "nope.safetensors"], "nope.safetensors"),
    (["train", "tfp-circle", "--epochs", "-3"], "--epochs"),
])
def test_bad_input_is_one_clear_line(argv, fragment, capsys, tmp_path, monkeypatch):
    import torch

    if "cuda" in argv and torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("error: ")
    assert fragment in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_malformed_experiment_file(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"training": {"optimizer": "adamx"}}')
    code, _, err = run(capsys, "train", str(path))
    assert code == 2 and "training.optimizer" in err and "one of sgd" in err


def test_diverging_run_reports_and_exits_cleanly(tmp_path, capsys):
    metrics = tmp_path / "m.json"
    code, _, err = run(capsys, "train", "course-linear-regression", "--set",
                       "training.learning_rate=90", "--epochs", "20", "--metrics", str(metrics))
    assert code == 3  # EXIT_DIVERGED, documented in the README
    data = json.loads(metrics.read_text())
    assert data["status"] == "diverged" and "diverged" in err


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "playground", "presets"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and "tfp-circle" in proc.stdout


def test_path_command_is_wired(capsys):
    code, out, _ = run(capsys, "path", "--surface", "x**2 + y**2 + 2*y + 5", "--optimizer",
                       "gd", "--lr", "0.1", "--start", "-2", "3", "--steps", "2", "--json")
    assert code == 0
    path = json.loads(out)["path"]
    np.testing.assert_allclose(path[1:], [[-1.6, 2.2], [-1.28, 1.56]], atol=1e-9)
    code, _, err = run(capsys, "path", "--surface", "x.real")
    assert code == 2 and "attribute" in err


def test_polynomial_lessons_fit_underfit_overfit(tmp_path, capsys):
    """Course 4.4: cubic features recover y = 5 + 1.2x - 3.4x^2 + 5.6x^3; a line underfits;
    two training samples overfit (tiny train loss, large test loss)."""
    final = {}
    for name in ("good", "underfit", "overfit"):
        out, metrics = tmp_path / f"{name}.npz", tmp_path / f"{name}.json"
        assert run(capsys, "train", f"course-poly-{name}", "--export", str(out),
                   "--metrics", str(metrics))[0] == 0
        final[name] = json.loads(metrics.read_text())["final"]
        if name == "good":
            with np.load(out, allow_pickle=False) as arrays:
                np.testing.assert_allclose(arrays["body.0.weight"].ravel(), [1.2, -3.4, 5.6],
                                           atol=0.02)
                np.testing.assert_allclose(arrays["body.0.bias"], [5.0], atol=0.02)
    assert final["good"]["test_loss"] < 1e-3
    assert final["underfit"]["test_loss"] > 100 * final["good"]["test_loss"]
    assert final["overfit"]["train_loss"] < 0.1 * final["overfit"]["test_loss"]
