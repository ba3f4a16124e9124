"""Model, head, losses and trainer checked against torch and closed forms."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from playground.core.data.raw import Prepared
from playground.core.model.device import DeviceError, resolve_device
from playground.core.model.head import derive_head
from playground.core.model.network import SeededDropout, build_model
from playground.core.model.registry import LOSSES, build_optimizer
from playground.core.spec import Spec, SpecError, is_live_change
from playground.core.train.trainer import Trainer, fit


def make_prepared(task="classification", n=200, k=2, seed=0, val=0):
    """A small hand-made dataset: two inputs, labels from a simple rule."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-4, 4, (n, 2))
    if task == "classification":
        y = (x[:, 0] * x[:, 1] > 0).astype(np.int64) if k == 2 else (
            np.digitize(x[:, 0], np.linspace(-4, 4, k + 1)[1:-1]).astype(np.int64))
        n_targets = 1
    else:
        y = (0.5 * x[:, 0] - 0.3 * x[:, 1] + 1.0).reshape(-1, 1)
        n_targets, k = 1, 0
    half = n // 2
    tr, va, te = slice(0, half - val), slice(half - val, half), slice(half, n)
    f32 = np.float32
    return Prepared(
        x_train=x[tr].astype(f32), y_train=y[tr], x_val=x[va].astype(f32), y_val=y[va],
        x_test=x[te].astype(f32), y_test=y[te], raw_train=x[tr], raw_val=x[va], raw_test=x[te],
        task=task, n_classes=k, n_targets=n_targets, feature_names=("x1", "x2"),
        input_names=("x1", "x2"), featurize=lambda raw: np.asarray(raw, f32),
        domain=(-6.0, 6.0), image_shape=None, class_names=(), curve=None)


# ------------------------------------------------------------------------------------ head
def test_head_defaults_follow_task():
    s = Spec()
    assert derive_head(s, "classification", 2, 1).loss == "bce"
    h = derive_head(s, "classification", 5, 1)
    assert (h.loss, h.n_outputs) == ("cross_entropy", 5)
    assert derive_head(s, "regression", 0, 3).n_outputs == 3
    tfp = derive_head(s.replace({"training.loss": "half_mse",
                                 "model.output_activation": "tanh"}), "classification", 2, 1)
    assert tfp.low == -1.0
    np.testing.assert_array_equal(tfp.targets(np.array([0, 1, 1])).ravel(), [-1, 1, 1])


def test_predicted_classes_are_those_of_the_largest_probability():
    """Cross-entropy heads take the argmax of the logits (no softmax): the same classes."""
    logits = torch.randn(5000, 5, generator=torch.Generator().manual_seed(0)) * 4
    for n_classes, loss in ((5, "cross_entropy"), (2, "bce"), (5, "mse")):
        h = derive_head(Spec({"training.loss": loss}), "classification", n_classes, 1)
        out = logits[:, :h.n_outputs]
        assert torch.equal(h.predict(out), h.probabilities(out).argmax(dim=1))
    h = derive_head(Spec(), "classification", 5, 1)
    assert h.predict(torch.tensor([[0.0, 3.0, -1.0, 2.9, 0.0]])).tolist() == [1]


def test_head_rejects_impossible_combinations():
    with pytest.raises(SpecError, match="training.loss"):
        derive_head(Spec({"training.loss": "cross_entropy"}), "regression", 0, 1)
    with pytest.raises(SpecError, match="training.loss"):
        derive_head(Spec({"training.loss": "bce"}), "classification", 3, 1)
    with pytest.raises(SpecError, match="model.output_activation"):
        derive_head(Spec({"model.output_activation": "tanh"}), "classification", 2, 1)


def test_head_probabilities_and_score():
    h = derive_head(Spec(), "classification", 2, 1)
    out = torch.tensor([[0.0], [2.0], [-2.0]])
    p = h.probabilities(out)
    np.testing.assert_allclose(p[:, 1], torch.sigmoid(out[:, 0]), rtol=1e-6)
    np.testing.assert_allclose(h.score(out), 2 * torch.sigmoid(out[:, 0]) - 1, rtol=1e-6)
    assert h.predict(out).tolist() == [0, 1, 0]  # sigmoid(0) = 0.5 is not > 0.5


# ----------------------------------------------------------------------------------- model
def test_model_shapes_and_taps():
    s = Spec({"model.layers": [{"type": "dense", "units": 8, "activation": "relu"},
                               {"type": "batchnorm"}, {"type": "dropout", "p": 0.5},
                               {"type": "dense", "units": 3, "activation": "sine"}]})
    h = derive_head(s, "classification", 4, 1)
    m = build_model(s, 5, h)
    out, hidden = m.forward_with_hidden(torch.zeros(7, 5))
    assert out.shape == (7, 4)
    assert [t.shape for t in hidden] == [(7, 8), (7, 3)]
    assert [layer.out_features for layer in m.dense_layers()] == [8, 3, 4]


def test_same_seed_same_weights_and_tfp_init():
    s = Spec({"model.init": "tfp", "seed": 7})
    h = derive_head(s, "classification", 2, 1)
    a, b = build_model(s, 2, h), build_model(s, 2, h)
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    for layer in a.dense_layers():
        assert layer.weight.abs().max() <= 0.5
        assert torch.all(layer.bias == 0.1)
    c = build_model(s.replace({"seed": 8}), 2, h)
    assert not torch.equal(a.dense_layers()[0].weight, c.dense_layers()[0].weight)


def test_constant_init_makes_units_identical():
    s = Spec({"model.init": "constant", "model.layers": [
        {"type": "dense", "units": 3, "activation": "tanh"}]})
    h = derive_head(s, "classification", 2, 1)
    _, hidden = build_model(s, 2, h).forward_with_hidden(torch.randn(10, 2))
    assert torch.allclose(hidden[0][:, 0], hidden[0][:, 1])


@pytest.mark.parametrize("init, check", [
    ("xavier_uniform", lambda w, fi, fo: w.abs().max() <= math.sqrt(6 / (fi + fo))),
    ("kaiming_uniform", lambda w, fi, fo: w.abs().max() <= math.sqrt(6 / fi)),
    ("uniform", lambda w, fi, fo: w.abs().max() <= 0.05),
    ("normal", lambda w, fi, fo: abs(float(w.detach().std()) - 0.01) < 0.002),
])
def test_initialiser_ranges(init, check):
    s = Spec({"model.init": init, "model.layers": [
        {"type": "dense", "units": 200, "activation": "relu"}]})
    h = derive_head(s, "regression", 0, 1)
    w = build_model(s, 100, h).dense_layers()[0].weight
    assert check(w, 100, 200)


def test_seeded_dropout_scales_and_is_identity_in_eval():
    g = torch.Generator().manual_seed(0)
    d = SeededDropout(0.25, g)
    x = torch.ones(10000)
    y = d(x)
    assert torch.all((y == 0) | torch.isclose(y, torch.tensor(1 / 0.75)))
    assert abs(float((y == 0).float().mean()) - 0.25) < 0.02
    d.eval()
    assert torch.equal(d(x), x)


def test_losses_match_formulas():
    out, t = torch.tensor([[0.5], [2.0]]), torch.tensor([[1.0], [0.0]])
    assert torch.isclose(LOSSES["half_mse"].fn(out, t), torch.tensor(0.5 * (0.25 + 4) / 2))
    assert torch.isclose(LOSSES["mae"].fn(out, t), torch.tensor((0.5 + 2) / 2))


# --------------------------------------------------------------------------------- trainer
def test_training_reduces_loss_and_history_is_deterministic():
    p = make_prepared()
    s = Spec({"training.learning_rate": 0.1, "seed": 3})
    a = fit(Trainer(s, p), 30)
    b = fit(Trainer(s, p), 30)
    assert list(a.history["train_loss"]) == list(b.history["train_loss"])
    assert a.history["train_loss"][-1] < 0.7 * a.history["train_loss"][0]
    assert a.history["test_accuracy"][-1] > 0.7
    assert len(a.history["train_loss"]) == 31  # epoch 0 (before training) + 30
    assert a.status == "finished"


def test_step_is_one_minibatch_and_completes_epochs():
    p = make_prepared(n=40)  # 20 training rows, batch 10 -> 2 steps an epoch
    t = Trainer(Spec(), p)
    assert t.batches_per_epoch == 2
    assert t.step() is False and t.step_count == 1 and t.epoch == 0
    assert t.step() is True and t.epoch == 1


def test_sgd_step_matches_hand_computed_update():
    p = make_prepared(task="regression", n=20)
    s = Spec({"model.layers": [], "training.loss": "mse", "training.batch_size": 1000,
              "training.learning_rate": 0.1})
    t = Trainer(s, p)
    layer = t.model.dense_layers()[0]
    w0, b0 = layer.weight.detach().clone(), layer.bias.detach().clone()
    x, y = torch.as_tensor(p.x_train), torch.as_tensor(p.y_train, dtype=torch.float32)
    err = x @ w0.T + b0 - y
    grad_w = 2 * (err * x).mean(0, keepdim=True)
    grad_b = 2 * err.mean(0)
    t.step()
    torch.testing.assert_close(layer.weight, w0 - 0.1 * grad_w)
    torch.testing.assert_close(layer.bias, b0 - 0.1 * grad_b)


def test_l1_l2_penalties_add_their_gradients():
    p = make_prepared(task="regression", n=20)
    base = {"model.layers": [], "training.loss": "mse", "training.batch_size": 1000,
            "training.learning_rate": 0.1}
    plain, reg = Trainer(Spec(base), p), Trainer(Spec({**base, "training.l2": 0.5,
                                                        "training.l1": 0.2}), p)
    w0 = reg.model.dense_layers()[0].weight.detach().clone()
    b_plain0 = plain.model.dense_layers()[0].bias.detach().clone()
    plain.step()
    reg.step()
    # extra gradient: l2 * w + l1 * sign(w); biases are exempt by default
    expected = plain.model.dense_layers()[0].weight - 0.1 * (0.5 * w0 + 0.2 * torch.sign(w0))
    torch.testing.assert_close(reg.model.dense_layers()[0].weight, expected)
    torch.testing.assert_close(reg.model.dense_layers()[0].bias,
                               plain.model.dense_layers()[0].bias)
    assert not torch.equal(b_plain0, plain.model.dense_layers()[0].bias)


def test_divergence_keeps_last_finite_weights():
    p = make_prepared(task="regression")
    s = Spec({"training.learning_rate": 50.0, "model.layers": [
        {"type": "dense", "units": 8, "activation": "relu"}], "training.loss": "mse"})
    t = fit(Trainer(s, p), 50)
    assert t.status == "diverged"
    assert "diverged" in t.message
    assert all(torch.isfinite(v).all() for v in t.model.state_dict().values())
    epoch = t.epoch
    t.run_epoch()  # a diverged trainer refuses to train on
    assert t.epoch == epoch


@pytest.mark.parametrize("fast", [True, False])
def test_steps_in_chunks_catch_divergence_and_keep_the_last_epochs_weights(fast):
    """steps() checks once per chunk (no host sync per step): a step that diverges inside a
    chunk still ends the run, with the weights of the last finished epoch."""
    p = make_prepared(task="regression")
    s = Spec({"training.learning_rate": 0.01, "training.batch_size": 10, "training.loss": "mse",
              "model.layers": [{"type": "dense", "units": 8, "activation": "tanh"}]})
    t = Trainer(s, p, fast=fast)
    assert (t._fast is not None) == fast
    while not t.steps(3):  # one whole epoch in chunks of 3 steps (10 batches)
        pass
    assert t.epoch == 1 and t.status == "running"
    kept = {k: v.clone() for k, v in t.model.state_dict().items()}
    t.apply_live(s.replace({"training.learning_rate": 100.0}))
    for _ in range(10):
        t.steps(4)
        if t.status == "diverged":
            break
    assert t.status == "diverged"
    assert t.message.startswith("diverged at epoch 2 ") and t.epoch == 1
    assert all(torch.equal(kept[k], v) for k, v in t.model.state_dict().items())
    assert t.steps(4) is False and t.epoch == 1  # and it trains no further


def test_early_stopping_restores_best():
    p = make_prepared(val=20)
    s = Spec({"training.learning_rate": 0.5, "training.optimizer": "adam",
              "training.early_stopping": {"patience": 2, "restore_best": True},
              "model.layers": [{"type": "dense", "units": 64, "activation": "relu"}] * 2})
    t = fit(Trainer(s, p), 300)
    assert t.status == "stopped"
    assert "early stopping" in t.message
    best = min(t.history["validation_loss"][:-1])
    assert t.history["validation_loss"][-1] == pytest.approx(best, rel=1e-5)


def test_live_change_keeps_weights_and_sets_lr():
    p = make_prepared()
    s = Spec()
    t = Trainer(s, p)
    fit(t, 2)
    new = s.replace({"training.learning_rate": 0.5, "training.momentum": 0.9})
    assert is_live_change(s, new)
    assert not is_live_change(s, s.replace({"model.init": "tfp"}))
    before = [w.detach().clone() for w in t.model.parameters()]
    t.apply_live(new)
    assert t.learning_rate == 0.5
    assert t.optimizer.param_groups[0]["momentum"] == 0.9
    assert all(torch.equal(a, b) for a, b in zip(before, t.model.parameters(), strict=True))
    assert t.epoch == 2


def test_lr_schedule_steps_per_epoch():
    t = Trainer(Spec({"training.lr_schedule": {"type": "step", "step_size": 2, "gamma": 0.5},
                      "training.learning_rate": 0.4}), make_prepared())
    fit(t, 4)
    assert t.learning_rate == pytest.approx(0.1)


@pytest.mark.parametrize("optimizer", ["sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
                                       "nadam", "radam"])
def test_every_optimizer_trains(optimizer):
    lr = 1.0 if optimizer == "adadelta" else 0.05
    t = fit(Trainer(Spec({"training.optimizer": optimizer, "training.learning_rate": lr}),
                    make_prepared()), 10)
    assert t.history["train_loss"][-1] < t.history["train_loss"][0]


@pytest.mark.parametrize("optimizer", ["sgd", "adagrad", "adam", "adamw", "rmsprop", "nadam"])
def test_the_autograd_path_steps_as_torch_optim_does(optimizer):
    """The trainer takes torch's fused update where the optimizer has one (fewer ops per
    step); its weights follow torch's default update on the same full batches."""
    p = make_prepared()
    s = Spec({"training.optimizer": optimizer, "training.learning_rate": 0.05,
              "training.momentum": 0.9 if optimizer == "sgd" else 0.0,
              "training.batch_size": len(p.x_train),
              "model.layers": [{"type": "dense", "units": 8, "activation": "tanh"}]})
    t = Trainer(s, p, fast=False)
    reference = build_model(s, 2, t.head, torch.Generator())
    reference.load_state_dict(t.model.state_dict())
    plain = build_optimizer(s, reference.parameters())
    assert plain.defaults.get("fused") in (None, False)
    x, target = t.x_train, t.t_train
    for _ in range(20):
        t.run_epoch()
        plain.zero_grad()
        t.loss_fn(reference(x), target).backward()
        plain.step()
    assert t.optimizer.defaults.get("fused", False) == (
        optimizer in ("sgd", "adagrad", "adam", "adamw"))
    for mine, theirs in zip(t.model.parameters(), reference.parameters(), strict=True):
        # float32, rows summed in another order: adaptive steps magnify the last bits
        torch.testing.assert_close(mine, theirs, rtol=1e-4, atol=1e-5)
    assert float(t.history["train_loss"][-1]) < float(t.history["train_loss"][0])


def test_multiclass_snapshot_and_metrics():
    p = make_prepared(k=3)
    t = fit(Trainer(Spec({"training.learning_rate": 0.1}), p), 5)
    snap = t.snapshot(version=4)
    assert snap.version == 4 and snap.epoch == 5
    assert snap.grid.classes.shape == (100, 100)
    assert set(np.unique(snap.grid.classes)) <= {0, 1, 2}
    assert snap.confusion.shape == (3, 3) and snap.confusion.sum() == len(p.x_test)
    assert [w.shape for w in snap.weights] == [(4, 2), (2, 4), (3, 2)]
    assert snap.grad_norms.shape == (5, 3)
    assert not snap.grid.output.flags.writeable
    m = t.final_metrics()
    assert 0 <= m["test_accuracy"] <= 1 and "test_f1_macro" in m


def test_binary_grid_score_matches_model_output():
    p = make_prepared()
    t = Trainer(Spec(), p)
    grid = t.snapshot().grid
    i, j = 10, 70
    point = torch.tensor([[grid.xs[j], grid.ys[i]]], dtype=torch.float32)
    with torch.no_grad():
        expected = 2 * torch.sigmoid(t.model(point))[0, 0] - 1
    assert grid.output[i, j] == pytest.approx(float(expected), abs=1e-5)
    assert [n.shape for n in grid.neurons] == [(4, 32, 32), (2, 32, 32)]


def test_set_weight_changes_output():
    t = Trainer(Spec(), make_prepared())
    t.set_weight(0, 1, 0, 3.25)
    assert float(t.model.dense_layers()[0].weight.detach()[1, 0]) == 3.25
    assert t.snapshot().weights[0][1, 0] == 3.25


def test_missing_device_is_a_clear_error():
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(DeviceError, match="not available"):
        resolve_device("cuda")
    assert resolve_device("auto").type in ("cpu", "mps")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_training_is_deterministic():
    p = make_prepared()
    s = Spec({"device": "cuda", "model.layers": [
        {"type": "dense", "units": 16, "activation": "relu"}, {"type": "dropout", "p": 0.2}]})
    a, b = fit(Trainer(s, p), 5), fit(Trainer(s, p), 5)
    assert a.device.type == "cuda"
    assert list(a.history["train_loss"]) == list(b.history["train_loss"])
    assert isinstance(a.snapshot().grid.output, np.ndarray)


def test_grad_clip_bounds_update():
    p = make_prepared(task="regression")
    s = Spec({"model.layers": [], "training.loss": "mse", "training.batch_size": 1000,
              "training.learning_rate": 1.0, "training.grad_clip": 0.01})
    t = Trainer(s, p)
    before = [q.detach().clone() for q in t.model.parameters()]
    t.step()
    delta = torch.cat([(a - q.detach()).ravel() for a, q in zip(
        before, t.model.parameters(), strict=True)])
    assert float(delta.norm()) <= 0.01 + 1e-6


def test_network_is_a_plain_torch_module():
    t = Trainer(Spec(), make_prepared())
    assert isinstance(t.model.body, nn.Sequential)


def test_trajectory_is_kept_and_thinned():
    from playground.core.train import evaluation as trainer_module  # where the limit lives

    t = Trainer(Spec(), make_prepared(n=40))
    start = t.flat_parameters().copy()
    assert len(t.trajectory) == 1 and np.array_equal(t.trajectory[0], start)
    fit(t, 3)
    assert len(t.trajectory) == 4
    np.testing.assert_array_equal(t.trajectory[-1], t.flat_parameters())
    old = trainer_module.TRAJECTORY_LENGTH
    trainer_module.TRAJECTORY_LENGTH = 4
    try:
        fit(t, 4)  # epochs 4..7 with at most 4 kept: [0, 2, 4, 6], then [0, 4]
    finally:
        trainer_module.TRAJECTORY_LENGTH = old
    assert t.snapshot().extras["trajectory_stride"] == 4
    assert len(t.snapshot().extras["trajectory"]) == 2


def test_small_networks_train_on_one_cpu_thread():
    from playground.core.model.device import tune_cpu_threads

    before = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        Trainer(Spec(), make_prepared())
        assert torch.get_num_threads() == 1
        assert tune_cpu_threads(torch.device("cpu"), 10_000_000, 64) >= 1
    finally:
        torch.set_num_threads(before)


def test_regression_snapshot_has_test_predictions_and_data_ranges():
    import dataclasses

    p = dataclasses.replace(make_prepared(task="regression"), domain=None)
    t = Trainer(Spec(), p)
    snap = t.snapshot()
    assert snap.test_predictions.shape == (len(p.x_test),)
    with torch.no_grad():
        expected = t.model(torch.as_tensor(p.x_test))[:, 0].numpy()
    np.testing.assert_allclose(snap.test_predictions, expected, rtol=1e-6)
    (xlo, xhi), _ = t.plot_ranges()
    raw = np.concatenate([p.raw_train, p.raw_test])
    assert xlo < raw[:, 0].min() and xhi > raw[:, 0].max() and xhi - xlo < 9
    assert snap.grid.xs[0] == pytest.approx(xlo)


def test_a_diverged_run_keeps_the_history_and_figures_of_the_kept_weights():
    p = make_prepared(task="regression")
    s = Spec({"training.learning_rate": 50.0, "model.layers": [
        {"type": "dense", "units": 8, "activation": "relu"}], "training.loss": "mse"})
    t = fit(Trainer(s, p), 50)
    assert t.status == "diverged"
    losses = t.history["train_loss"]
    assert len(losses) == t.epoch + 1  # epoch 0 and every completed epoch, none after
    assert all(math.isfinite(v) for series in t.history.values() for v in series)
    assert f"weights from epoch {t.epoch} kept" in t.message
    # The figures shown are those of the kept weights.
    assert t.evaluate()["train_loss"] == pytest.approx(losses[-1], rel=1e-5)


def test_a_paused_frame_mid_epoch_shows_one_evaluation_everywhere():
    p = make_prepared(k=3)
    t = fit(Trainer(Spec({"training.learning_rate": 0.3, "training.batch_size": 10}), p), 1)
    for _ in range(4):  # paused mid-epoch
        t.step()
    running = t.snapshot()
    assert running.metrics["test_accuracy"] == t.history["test_accuracy"][-1]
    paused = t.snapshot(current_metrics=True)
    from_confusion = np.trace(paused.confusion) / paused.confusion.sum()
    assert paused.metrics["test_accuracy"] == pytest.approx(from_confusion)
    assert paused.metrics["test_loss"] == pytest.approx(t.evaluate()["test_loss"])
    assert paused.metrics["test_accuracy"] != running.metrics["test_accuracy"] or (
        paused.metrics["test_loss"] != running.metrics["test_loss"])  # the weights moved
    assert len(paused.history["test_loss"]) == 2  # the history stays per epoch
