"""The output layer follows the loss: a TF Playground preset (tanh output, +-1 targets) switched to
a cross-entropy switches its output to auto (linear, 0/1 targets) in the same edit; every loss
either trains every task kind or is refused with a reason, and the two never disagree."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.core.files.presets import load_preset
from playground.core.model.head import derive_head, follow_loss, loss_problem, output_problem
from playground.core.spec import LOSSES, Spec, SpecError
from playground.core.train.trainer import Trainer

TASKS = [("classification", 2), ("classification", 3), ("regression", 0), ("multilabel", 3)]


def test_auto_is_another_spelling_of_null():
    assert Spec({"model.output_activation": "auto"}).model.output_activation is None
    with pytest.raises(SpecError, match="expected auto, one of relu"):
        Spec({"model.output_activation": "tahn"})


@pytest.mark.parametrize("loss", ["cross_entropy", "bce", None])
def test_a_cross_entropy_on_a_tfp_preset_switches_the_output(loss):
    preset = load_preset("tfp-circle")
    assert preset.model.output_activation == "tanh"
    assert derive_head(preset, "classification", 2, 1).low == -1.0  # +-1 targets
    changes, note = follow_loss(preset, loss, "classification", 2)
    assert changes == {"training.loss": loss, "model.output_activation": None}
    assert note.startswith("output activation tanh -> auto (linear)")
    assert "0/1 instead of -1/+1" in note
    head = derive_head(preset.replace(changes), "classification", 2, 1)
    assert (head.activation, head.low) == ("linear", 0.0)
    np.testing.assert_array_equal(head.targets(np.array([0, 1])).ravel(), [0.0, 1.0])


@pytest.mark.parametrize("loss", ["mse", "half_mse", "mae", "huber"])
def test_a_value_loss_keeps_the_users_output(loss):
    changes, note = follow_loss(load_preset("tfp-circle"), loss, "classification", 2)
    assert changes == {"training.loss": loss} and note == ""


@pytest.mark.parametrize("task,k", TASKS)
@pytest.mark.parametrize("loss", LOSSES)
def test_loss_problem_says_exactly_what_derive_head_refuses(loss, task, k):
    spec = Spec({"training.loss": loss})
    problem = loss_problem(loss, task, k)
    if problem is None:
        derive_head(spec, task, k, 2 if task == "regression" else 1)
    else:
        reason, allowed = problem
        assert reason and allowed
        with pytest.raises(SpecError, match="training.loss") as exc:
            derive_head(spec, task, k, 1)
        assert exc.value.allowed == allowed


def test_output_problem_names_the_loss():
    assert output_problem("tanh", "cross_entropy").startswith("cross-entropy (softmax) applies")
    assert output_problem("linear", "bce") is None and output_problem(None, "bce") is None
    assert output_problem("sigmoid", "mse") is None


def _multilabel_csv(tmp_path):
    rng = np.random.default_rng(0)
    lines = ["a,b,l1,l2"]
    for _ in range(40):
        a, b = rng.normal(size=2)
        lines.append(f"{a:.3f},{b:.3f},{int(a > 0)},{int(b > 0)}")
    path = tmp_path / "ml.csv"
    path.write_text("\n".join(lines) + "\n")
    return {"data.dataset": "csv", "data.path": str(path), "data.target": "l1,l2"}


KINDS = {
    "two classes": {"data.dataset": "circle"},
    "k classes": {"data.dataset": "blobs", "data.classes": 3},
    "2-D regression": {"data.dataset": "reg-plane"},
    "1-D regression": {"data.dataset": "sine"},
    "tabular classification": {"data.dataset": "iris"},
    "multi-label CSV": None,
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("loss", [None, *LOSSES])
def test_every_loss_trains_every_task_kind_from_a_tfp_preset(tmp_path, kind, loss):
    data = KINDS[kind] or _multilabel_csv(tmp_path)
    spec = load_preset("tfp-circle").replace({**data, "training.epochs": 2, "data.features": None})
    trainer = Trainer(spec)  # the data alone (the preset's loss fits every task kind)
    task, k = trainer.data.task, trainer.data.n_classes
    if loss_problem(loss, task, k) is not None:
        return  # refused with a reason (the window disables it); checked above
    changes, _ = follow_loss(spec, loss, task, k)
    trainer = Trainer(spec.replace(changes))
    for _ in range(2):
        trainer.run_epoch()
    assert trainer.epoch == 2 and trainer.status != "diverged"
    assert all(math.isfinite(v) for v in trainer.history["train_loss"])
