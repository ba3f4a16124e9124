"""The fast path's hand-written backprop gives what autograd + torch.optim.SGD gives."""

import pytest
import torch

from playground.core.model.head import derive_head
from playground.core.spec import Spec
from playground.core.train.fastpath import unsupported_reason
from playground.core.train.trainer import Trainer, fit
from tests.core.test_engine import make_prepared

CASES = [
    ({"model.init": "tfp", "training.loss": "half_mse", "model.output_activation": "tanh"},
     "classification", 2),
    ({}, "classification", 2),  # bce on logits
    ({}, "classification", 3),  # softmax cross-entropy
    ({"model.layers": [{"type": "dense", "units": 5, "activation": a} for a in
                       ("relu", "sigmoid", "sine", "softplus", "silu", "elu", "leaky_relu",
                        "linear")]}, "classification", 2),
    ({"training.l1": 0.01, "training.l2": 0.1, "training.weight_decay": 0.05,
      "training.regularize_bias": True}, "classification", 2),
    ({"training.loss": "mse"}, "regression", 0),
    ({"training.loss": "mae"}, "regression", 0),
    ({"training.loss": "huber", "model.layers": []}, "regression", 0),
    ({"training.input_noise": 0.3, "training.lr_schedule": {"type": "exponential",
                                                            "gamma": 0.9}}, "classification", 2),
]


@pytest.mark.parametrize("changes, task, k", CASES)
def test_fast_path_matches_autograd(changes, task, k):
    p = make_prepared(task=task, k=k if k else 2)
    s = Spec({"training.learning_rate": 0.05, **changes})
    fast, slow = Trainer(s, p), Trainer(s, p, fast=False)
    assert fast.fast_path_reason is None and slow.fast_path_reason == "disabled"
    fit(fast, 4)
    fit(slow, 4)
    for a, b in zip(fast.model.parameters(), slow.model.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)
    assert fast.history["train_loss"] == pytest.approx(slow.history["train_loss"], rel=1e-4)
    assert fast.snapshot().grad_norms == pytest.approx(slow.snapshot().grad_norms, rel=1e-3)


@pytest.mark.parametrize("changes, reason", [
    ({"training.optimizer": "adam"}, "optimizer adam"),
    ({"training.momentum": 0.9}, "momentum"),
    ({"training.grad_clip": 1.0}, "gradient clipping"),
    ({"model.layers": [{"type": "dense", "units": 3}, {"type": "dropout", "p": 0.1}]},
     "dropout layer"),
    ({"model.layers": [{"type": "dense", "units": 3, "activation": "gelu"}]}, "activation gelu"),
])
def test_unsupported_configurations_fall_back(changes, reason):
    s = Spec(changes)
    assert unsupported_reason(s, derive_head(s, "classification", 2, 1)) == reason


def test_live_change_switches_path():
    s = Spec()
    t = Trainer(s, make_prepared())
    assert t.fast_path_reason is None
    t.apply_live(s.replace({"training.momentum": 0.5}))
    assert t.fast_path_reason == "momentum"
    fit(t, 2)
    assert t.history["train_loss"][-1] < t.history["train_loss"][0]


def test_fast_path_divergence_is_caught():
    s = Spec({"training.learning_rate": 60.0, "training.loss": "mse", "model.layers": [
        {"type": "dense", "units": 8, "activation": "relu"}]})
    t = fit(Trainer(s, make_prepared(task="regression")), 40)
    assert t.fast_path_reason is None
    assert t.status == "diverged"
    assert all(torch.isfinite(v).all() for v in t.model.state_dict().values())
