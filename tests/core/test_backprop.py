"""The one-sample backprop trace equals torch autograd in float64, and its update is the
trainer's own step on a batch of that sample."""

import numpy as np
import pytest
import torch

from playground.core.model.head import derive_head
from playground.core.model.registry import ACTIVATIONS, LOSSES
from playground.core.spec import Spec
from playground.core.train.backprop import trace_sample, trace_trainer, unsupported_reason
from playground.core.train.trainer import Trainer
from tests.core.test_engine import make_prepared

F64 = torch.float64
TRACED = [name for name in ACTIVATIONS if name != "prelu"]  # every one with f' (or autograd)


def _random_params(sizes, seed):
    rng = np.random.default_rng(seed)
    return [(rng.normal(0, 0.8, (o, i)), rng.normal(0, 0.5, o))
            for i, o in zip(sizes[:-1], sizes[1:], strict=True)]


def _autograd(spec, head, params, x, target):
    """Reference: the same network as torch modules, gradients by autograd."""
    ps = [(torch.tensor(w, dtype=F64, requires_grad=True),
           torch.tensor(b, dtype=F64, requires_grad=True)) for w, b in params]
    names = [layer.activation for layer in spec.model.layers] + [head.activation]
    h = torch.tensor(x, dtype=F64)
    zs, acts = [], []
    for name, (w, b) in zip(names, ps, strict=True):
        z = w @ h + b
        h = ACTIVATIONS[name].build(spec)(z)
        zs.append(z)
        acts.append(h)
    t = (torch.tensor(target, dtype=torch.int64).reshape(1) if head.loss_target ==
         "index" else torch.tensor(target, dtype=F64).reshape(1, -1))
    loss = LOSSES[head.loss].fn(h.unsqueeze(0), t)
    tr = spec.training
    penalised = [p for w, b in ps for p in ((w, b) if tr.regularize_bias else (w,))]
    penalty = tr.l1 * sum(p.abs().sum() for p in penalised) + 0.5 * tr.l2 * sum(
        (p * p).sum() for p in penalised)
    flat = [p for pair in ps for p in pair]
    data = torch.autograd.grad(loss, zs + acts + flat, retain_graph=True)
    total = torch.autograd.grad(loss + penalty, flat)
    n = len(names)
    return {"loss": loss.item(), "penalty": float(penalty.detach()), "z": zs, "a": acts,
            "delta": data[:n], "upstream": data[n:2 * n], "loss_dw": data[2 * n::2],
            "loss_db": data[2 * n + 1::2], "dw": total[::2], "db": total[1::2]}


def _check(spec, head, sizes, target, seed=0):
    params = _random_params(sizes, seed)
    x = np.random.default_rng(seed + 7).normal(0, 1, sizes[0])
    trace = trace_sample(spec, head, params, x, np.asarray(target))
    ref = _autograd(spec, head, params, x, target)
    assert trace.loss == pytest.approx(ref["loss"], abs=1e-12, rel=1e-12)
    assert trace.penalty == pytest.approx(ref["penalty"], abs=1e-12, rel=1e-12)
    for i, layer in enumerate(trace.layers):
        for key in ("z", "a", "delta", "upstream", "loss_dw", "loss_db", "dw", "db"):
            np.testing.assert_allclose(getattr(layer, key), ref[key][i].detach().numpy(),
                                       rtol=1e-12, atol=1e-12, err_msg=f"layer {i} {key}")
    np.testing.assert_allclose(trace.loss_grad, ref["upstream"][-1].numpy(), atol=1e-12)
    return trace


def _layers(activation, widths=(3, 4)):
    return [{"type": "dense", "units": u, "activation": activation} for u in widths]


@pytest.mark.parametrize("activation", TRACED)
@pytest.mark.parametrize("penalty", [{}, {"training.l1": 0.03, "training.l2": 0.2},
                                     {"training.l2": 0.1, "training.regularize_bias": True,
                                      "training.l1": 0.01}])
def test_every_activation_matches_autograd(activation, penalty):
    spec = Spec({"model.layers": _layers(activation), "model.leaky_slope": 0.07, **penalty})
    _check(spec, derive_head(spec, "classification", 2, 1), [2, 3, 4, 1], [1.0])


@pytest.mark.parametrize("loss, task, k, n_out, output_activation, target", [
    ("mse", "regression", 0, 2, None, [0.3, -1.2]),
    ("half_mse", "regression", 0, 1, None, [0.7]),
    ("mae", "regression", 0, 2, None, [0.3, -4.0]),
    ("huber", "regression", 0, 2, None, [0.1, 5.0]),  # one residual inside 1, one outside
    ("half_mse", "classification", 2, 1, "tanh", [-1.0]),
    ("mse", "classification", 3, 3, "sigmoid", [0.0, 1.0, 0.0]),
    ("bce", "classification", 2, 1, None, [1.0]),
    ("cross_entropy", "classification", 4, 4, None, 2),
    ("multilabel", "multilabel", 3, 3, None, [1.0, 0.0, 1.0]),
])
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_every_loss_matches_autograd(loss, task, k, n_out, output_activation, target, l2):
    spec = Spec({"model.layers": _layers("tanh", (5,)), "training.loss": loss,
                 "model.output_activation": output_activation, "training.l2": l2,
                 "training.l1": l2 / 10})
    head = derive_head(spec, task, k, n_out)
    assert head.n_outputs == n_out
    _check(spec, head, [3, 5, n_out], target)


def test_deep_network_and_no_hidden_layer():
    deep = Spec({"model.layers": _layers("sigmoid", (6, 5, 4, 3, 2))})
    trace = _check(deep, derive_head(deep, "classification", 2, 1), [2, 6, 5, 4, 3, 2, 1], [0.0])
    assert len(trace.layers) == 6
    flat = Spec({"model.layers": []})
    _check(flat, derive_head(flat, "classification", 2, 1), [2, 1], [1.0])


def test_plain_sgd_update_is_w_minus_lr_grad():
    spec = Spec({"model.layers": _layers("relu", (3,)), "training.learning_rate": 0.2,
                 "training.l2": 0.05})
    trace = trace_sample(spec, derive_head(spec, "classification", 2, 1),
                         _random_params([2, 3, 1], 1), np.array([0.5, -1.0]), np.array([1.0]))
    for layer in trace.layers:
        np.testing.assert_allclose(layer.new_weight, layer.weight - 0.2 * layer.dw, atol=1e-15)
        np.testing.assert_allclose(layer.new_bias, layer.bias - 0.2 * layer.db, atol=1e-15)
    assert trace.objective == trace.loss + trace.penalty


def _double(trainer):
    trainer.model.double()
    trainer.x_train = trainer.x_train.double()
    if trainer.t_train.is_floating_point():
        trainer.t_train = trainer.t_train.double()
    return trainer


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("changes, task, k", [
    ({"training.l1": 0.01, "training.l2": 0.1, "training.regularize_bias": True}, "classification",
     2),
    ({"training.weight_decay": 0.05, "model.layers": _layers("leaky_relu")}, "classification", 3),
    ({"training.loss": "half_mse", "model.output_activation": "tanh", "model.init": "tfp"},
     "classification", 2),
    ({"training.loss": "huber", "training.l2": 0.2}, "regression", 0),
    ({"training.optimizer": "adam", "training.l2": 0.01}, "classification", 2),
    ({"training.momentum": 0.9, "training.nesterov": True, "training.grad_clip": 0.05},
     "classification", 2),
])
def test_update_is_the_trainers_step_on_one_sample(fast, changes, task, k):
    spec = Spec({"training.learning_rate": 0.3, **changes})
    trainer = _double(Trainer(spec, make_prepared(task=task, k=k or 2), fast=fast))
    index = 17
    trace = trace_trainer(trainer, index)
    trainer._train_batch(torch.tensor([index]))
    for layer, module in zip(trace.layers, trainer.model.dense_layers(), strict=True):
        np.testing.assert_allclose(layer.new_weight, module.weight.detach().numpy(),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(layer.new_bias, module.bias.detach().numpy(),
                                   rtol=1e-12, atol=1e-12)


def test_update_continues_the_optimizer_state():
    spec = Spec({"training.optimizer": "adam", "training.learning_rate": 0.05})
    trainer = _double(Trainer(spec, make_prepared()))
    for i in range(3):
        trainer._train_batch(torch.tensor([i]))
    trace = trace_trainer(trainer, 5)
    fresh = trace_trainer(trainer, 5, continue_optimizer=False)
    trainer._train_batch(torch.tensor([5]))
    module = trainer.model.dense_layers()[0]
    np.testing.assert_allclose(trace.layers[0].new_weight, module.weight.detach().numpy(),
                               rtol=1e-12, atol=1e-12)
    assert not np.allclose(fresh.layers[0].new_weight, trace.layers[0].new_weight)


def test_trainer_trace_reads_the_sample_and_rejects_bad_rows():
    trainer = Trainer(Spec(), make_prepared())
    trace = trace_trainer(trainer, 3)
    assert trace.sample == 3
    np.testing.assert_array_equal(trace.x, trainer.x_train[3].numpy())
    np.testing.assert_allclose(trace.output, trainer.outputs("train")[0][3].numpy(), rtol=1e-5)
    with pytest.raises(ValueError, match="rows 0 to 99"):
        trace_trainer(trainer, 100)
    assert trace.to_dict()["layers"][0]["z"] == list(trace.layers[0].z)


def test_unsupported_layers_are_named():
    s = Spec({"model.layers": [{"type": "dense", "units": 3}, {"type": "dropout", "p": 0.1}]})
    assert "dropout" in unsupported_reason(s)
    with pytest.raises(ValueError, match="dropout"):
        trace_sample(s, derive_head(s, "classification", 2, 1), [], np.zeros(2), np.zeros(1))
    assert "prelu" in unsupported_reason(Spec({"model.layers": _layers("prelu")}))
