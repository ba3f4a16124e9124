"""`playground backprop`: the trace's numbers as JSON, weights files, one-line errors."""

import json
import subprocess
import sys

import numpy as np
import pytest

from playground.cli import main
from playground.core import spec
from playground.core.files import presets
from playground.core.train.backprop import trace_trainer
from playground.core.train.trainer import Trainer


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_equals_the_core_trace(capsys):
    code, out, err = run(capsys, "backprop", "tfp-xor", "--sample", "7", "--json")
    assert code == 0, err
    data = json.loads(out)
    experiment = spec.load(presets.preset_path("tfp-xor")).replace({"device": "cpu"})
    trace = trace_trainer(Trainer(experiment), 7)
    assert data["sample"] == 7 and data["loss"] == trace.loss
    assert len(data["layers"]) == len(trace.layers)
    for got, want in zip(data["layers"], trace.layers, strict=True):
        for key in ("inputs", "z", "a", "delta", "dw", "db", "new_weight", "new_bias"):
            np.testing.assert_array_equal(np.asarray(got[key]), getattr(want, key))


def test_init_weights_are_used(tmp_path, capsys):
    weights = tmp_path / "w.npz"
    code, _, err = run(capsys, "train", "tfp-circle", "--epochs", "3", "--quiet",
                       "--export", str(weights))
    assert code == 0, err
    _, fresh, _ = run(capsys, "backprop", "tfp-circle", "--sample", "0", "--json")
    code, trained, err = run(capsys, "backprop", "tfp-circle", "--sample", "0", "--json",
                             "--init-weights", str(weights))
    assert code == 0, err
    a, b = json.loads(fresh), json.loads(trained)
    assert a["layers"][0]["weight"] != b["layers"][0]["weight"]
    assert a["x"] == b["x"]


def test_text_output_names_every_stage(capsys):
    code, out, _ = run(capsys, "backprop", "tfp-circle", "--sample", "2",
                       "--set", "training.l2=0.1")
    assert code == 0
    for word in ("sample 2", "layer 1", "delta", "penalty s", "update: sgd"):
        assert word in out


@pytest.mark.parametrize("argv, message", [
    (["tfp-xor", "--sample", "-1"], "rows 0 to"),
    (["tfp-xor", "--sample", "100000"], "rows 0 to"),
    (["sine-overfit-dropout", "--sample", "0"], "dropout"),
    (["no-such-preset", "--sample", "0"], "not allowed"),
    (["tfp-xor", "--sample", "0", "--init-weights", "/nonexistent.npz"], "nonexistent"),
])
def test_bad_input_is_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "backprop", *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_console_exit_code():
    proc = subprocess.run([sys.executable, "-c", "import sys; from playground.cli import main; "
                           "sys.exit(main(['backprop', 'tfp-xor', '--sample', 'x']))"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "--sample" in proc.stderr
