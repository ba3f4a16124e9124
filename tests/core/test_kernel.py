"""The compiled kernel gives what autograd + torch.optim give: float64 to 1e-10, float32 to
1e-5, per activation, loss and optimizer it covers."""

import copy

import numpy as np
import pytest
import torch

pytest.importorskip("numba")

from playground.core.model.head import derive_head  # noqa: E402
from playground.core.model.network import build_model  # noqa: E402
from playground.core.model.registry import LOSSES, build_optimizer  # noqa: E402
from playground.core.spec import Spec  # noqa: E402
from playground.core.train import kernel_path  # noqa: E402
from playground.core.train.trainer import Trainer, fit  # noqa: E402
from tests.core.test_engine import make_prepared  # noqa: E402

ACTIVATIONS = ("relu", "leaky_relu", "elu", "silu", "sigmoid", "tanh", "softplus", "sine",
               "linear")
CASES = [
    *[({"model.layers": [{"type": "dense", "units": 5, "activation": a},
                         {"type": "dense", "units": 3, "activation": a}]}, "classification", 2)
      for a in ACTIVATIONS],
    ({"model.init": "tfp", "training.loss": "half_mse", "model.output_activation": "tanh"},
     "classification", 2),
    ({"training.loss": "mse", "model.output_activation": "sigmoid"}, "classification", 3),
    ({}, "classification", 3),  # softmax cross-entropy
    ({"training.loss": "mse"}, "regression", 0),
    ({"training.loss": "mae"}, "regression", 0),
    ({"training.loss": "huber", "model.layers": []}, "regression", 0),
    ({"training.l1": 0.01, "training.l2": 0.1, "training.weight_decay": 0.05,
      "training.regularize_bias": True}, "classification", 2),
    ({"training.l1": 0.02, "training.grad_clip": 0.05}, "classification", 2),
    ({"training.momentum": 0.9, "training.dampening": 0.1}, "classification", 2),
    ({"training.momentum": 0.8, "training.nesterov": True, "training.weight_decay": 0.01},
     "classification", 3),
    ({"training.optimizer": "adam", "training.l2": 0.01}, "classification", 2),
    ({"training.optimizer": "adam", "training.weight_decay": 0.1}, "regression", 0),
    ({"training.optimizer": "adamw", "training.weight_decay": 0.1,
      "training.betas": [0.8, 0.99]}, "classification", 3),
]


def reference(model, spec, head, x, t, perms, batch):
    """Autograd + torch.optim over the same batches: the trainer's closure, written plainly."""
    loss_fn = LOSSES[head.loss].fn
    opt = build_optimizer(spec, model.parameters())
    tr = spec.training
    penalised = [p for m in model.dense_layers()
                 for p in ((m.weight, m.bias) if tr.regularize_bias else (m.weight,))]
    for perm in perms:
        for i in range(0, len(perm), batch):
            idx = perm[i:i + batch]
            loss = loss_fn(model(x[idx]), t[idx])
            if tr.l1:
                loss = loss + tr.l1 * sum(p.abs().sum() for p in penalised)
            if tr.l2:
                loss = loss + 0.5 * tr.l2 * sum((p * p).sum() for p in penalised)
            opt.zero_grad()
            loss.backward()
            if tr.grad_clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), tr.grad_clip)
            opt.step()
    return opt


@pytest.mark.parametrize("dtype, tol", [(torch.float64, 1e-10), (torch.float32, 1e-5)])
@pytest.mark.parametrize("changes, task, k", CASES)
def test_kernel_matches_autograd_and_torch_optim(changes, task, k, dtype, tol):
    kernel = kernel_path.wait(120)
    assert kernel is not None, kernel_path.error()
    p = make_prepared(task=task, k=k or 2, n=60)
    spec = Spec({"training.learning_rate": 0.05, "training.batch_size": 7, **changes})
    head = derive_head(spec, task, p.n_classes, p.n_targets)
    assert kernel_path.unsupported_reason(spec, head, torch.device("cpu")) is None
    model = build_model(spec, 2, head, torch.Generator().manual_seed(3)).to(dtype)
    ref = copy.deepcopy(model)
    np_dtype = torch.empty(0, dtype=dtype).numpy().dtype
    targets = head.targets(p.y_train)
    labels = np.asarray(p.y_train, np.int64) if task == "classification" else np.zeros(30)
    empty = (np.zeros((0, 2), np_dtype), np.zeros((0, 1)), np.zeros(0, np.int64))
    runner = kernel_path.KernelRunner(kernel, model, spec, head, {
        "train": (p.x_train.astype(np_dtype), targets, labels), "validation": empty,
        "test": empty})
    gen = torch.Generator().manual_seed(5)
    perms = [torch.randperm(30, generator=gen) for _ in range(3)]
    for perm in perms:
        runner.run(perm.numpy(), 0, 30, spec.training.learning_rate, True)
    x = torch.as_tensor(p.x_train, dtype=dtype)
    t = torch.as_tensor(targets)
    t = t.to(dtype) if t.dtype.is_floating_point else t
    reference(ref, spec, head, x, t, perms, 7)
    for a, b in zip(model.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=tol, atol=tol)
    norms = [float(torch.linalg.vector_norm(m.weight.grad)) for m in ref.dense_layers()]
    assert runner.grad_norms == pytest.approx(norms, rel=tol * 10, abs=tol)
    with torch.no_grad():
        out = ref.eval()(x)
        loss = float(LOSSES[head.loss].fn(out, t))
    assert runner.figures[0] == pytest.approx(loss, rel=tol, abs=tol)
    if task == "classification":
        accuracy = float((head.predict(out).numpy() == p.y_train).mean())
        assert runner.figures[1] == pytest.approx(accuracy)
    assert runner.figures[6] == 1.0


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_trainer_on_the_kernel_matches_the_torch_paths(optimizer):
    """A whole run through Trainer: kernel epochs, a torch step in between (state handed
    over both ways), live changes; history and weights as with autograd."""
    changes = {"training.optimizer": optimizer, "training.momentum":
               0.9 if optimizer == "sgd" else 0.0, "training.learning_rate": 0.02}
    s = Spec(changes)
    p = make_prepared(val=20)
    fast, slow = Trainer(s, p, kernel="wait"), Trainer(s, p, fast=False)
    assert fast.kernel_reason is None and slow.kernel_reason == "disabled"
    for t in (fast, slow):
        fit(t, 3)
        t.step()
        t.run_epoch()
        t.apply_live(t.spec.replace({"training.learning_rate": 0.01}))
        fit(t, 3)
    for a, b in zip(fast.model.parameters(), slow.model.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)
    assert fast.history.keys() == slow.history.keys()
    for key in slow.history:
        assert fast.history[key] == pytest.approx(slow.history[key], rel=1e-4, abs=1e-6)
    assert fast.snapshot().grad_norms == pytest.approx(slow.snapshot().grad_norms, rel=1e-3)
    assert fast.step_count == slow.step_count


def test_kernel_divergence_restores_the_last_finite_weights():
    s = Spec({"training.learning_rate": 60.0, "training.loss": "mse", "model.layers": [
        {"type": "dense", "units": 8, "activation": "relu"}]})
    t = fit(Trainer(s, make_prepared(task="regression"), kernel="wait"), 40)
    assert t.kernel_reason is None
    assert t.status == "diverged"
    assert all(torch.isfinite(v).all() for v in t.model.state_dict().values())


@pytest.mark.parametrize("changes, reason", [
    ({"training.optimizer": "rmsprop"}, "optimizer rmsprop"),
    ({"training.input_noise": 0.1}, "input noise"),
    ({"model.layers": [{"type": "dense", "units": 3}, {"type": "dropout", "p": 0.1}]},
     "dropout layer"),
    ({"model.layers": [{"type": "dense", "units": 3, "activation": "gelu"}]}, "activation gelu"),
])
def test_what_the_kernel_does_not_cover_trains_on_torch(changes, reason):
    s = Spec(changes)
    head = derive_head(s, "classification", 2, 1)
    assert kernel_path.unsupported_reason(s, head, torch.device("cpu")) == reason
    t = Trainer(s, make_prepared(), kernel="wait")
    assert t.kernel_reason == reason
    fit(t, 2)
    assert t.history["train_loss"][-1] < t.history["train_loss"][0]
