"""`playground cv` and `playground search`: JSON on stdout and in --out, one-line errors."""

import json

import numpy as np
import pytest

from playground.cli import main

SMALL = ["--set", "data.samples=60", "--set", "training.epochs=3", "--quiet"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cv_prints_mean_and_std_over_folds(capsys, tmp_path):
    out_file = tmp_path / "cv.json"
    code, out, err = run(capsys, "cv", "course-linear-regression", "--folds", "3",
                         "--out", str(out_file), *SMALL)
    assert code == 0, err
    payload = json.loads(out)
    assert payload == json.loads(out_file.read_text())
    assert payload["folds"] == 3 and len(payload["scores"]) == 3
    assert payload["mean"] == pytest.approx(np.mean(payload["scores"]))
    assert payload["std"] == pytest.approx(np.std(payload["scores"]))
    assert sum(f["validation_rows"] for f in payload["per_fold"]) == 54  # 0.9 of 60 train


def test_cv_of_a_classifier_scores_accuracy(capsys):
    code, out, err = run(capsys, "cv", "iris-softmax", "--folds", "3", "--metric", "accuracy",
                         "--set", "training.epochs=2", "--quiet")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["direction"] == "maximize"
    assert all(0 <= s <= 1 for s in payload["scores"])


def test_search_prints_every_trial_and_the_best(capsys):
    code, out, err = run(capsys, "search", "course-linear-regression",
                         "--param", "training.learning_rate=0.00001,0.03",
                         "--param", "training.l2=0,3", "--folds", "2", "--no-prune", *SMALL)
    assert code == 0, err
    payload = json.loads(out)
    assert payload["sampler"] == "grid" and payload["budget"] == 4
    assert len(payload["trials"]) == 4
    assert payload["best"]["params"] == {"training.learning_rate": 0.03, "training.l2": 0}


@pytest.mark.parametrize("args, message", [
    (["--param", "training.lr=0.1,0.2"], "training.lr"),
    (["--param", "training.learning_rate=0,0.1"], "training.learning_rate: 0"),
    (["--param", "nonsense"], "--param"),
    (["--param", "training.l2=0,1", "--folds", "1"], "folds: 1"),
    (["--param", "training.l2=0,1", "--metric", "accuracy"], "not a regression score"),
    (["--param", "training.l2=0..1"], "ranges need random or tpe"),
    (["--param", "training.l2=0,1", "--storage", "/no/such/folder/s.db"], "does not exist"),
    (["--param", "training.l2=0,1", "--workers", "0"], "workers: 0"),
    ([], "at least one"),
])
def test_bad_search_input_is_one_error_line(capsys, args, message):
    code, out, err = run(capsys, "search", "course-linear-regression", *args, *SMALL)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
