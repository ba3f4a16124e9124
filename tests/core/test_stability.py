"""Per-layer stability statistics against direct torch computations and d2l 4.8's examples."""

import pickle

import numpy as np
import pytest
import torch

from playground.core.spec import Spec
from playground.core.train.layer_stats import trainer_statistics
from playground.core.train.stability import (
    identical_units,
    random_matrix_product,
    xavier_variance,
)
from playground.core.train.trainer import Trainer, fit
from tests.core.test_engine import make_prepared


def _dense(n, units, activation):
    return [{"type": "dense", "units": units, "activation": activation}] * n


def test_statistics_equal_a_direct_computation():
    spec = Spec({"model.layers": _dense(2, 5, "tanh"), "training.loss": "mse",
                 "model.output_activation": "tanh"})
    trainer = Trainer(spec, make_prepared())
    stats = trainer_statistics(trainer, rows=64)
    x, t = trainer.x_train[:64], trainer.t_train[:64]
    layers = trainer.model.dense_layers()
    h, zs, acts = x, [], []
    for m in layers:
        z = m(h)
        h = torch.tanh(z)
        zs.append(z.detach())
        acts.append(h.detach())
    loss = torch.nn.functional.mse_loss(h, t)
    grads = torch.autograd.grad(loss, [m.weight for m in layers])
    for i, m in enumerate(layers):
        assert stats.mean[i] == pytest.approx(float(acts[i].mean()), rel=1e-5, abs=1e-7)
        assert stats.std[i] == pytest.approx(float(acts[i].std(unbiased=False)), rel=1e-5)
        assert stats.output_var[i] == pytest.approx(float(zs[i].var(unbiased=False)), rel=1e-5)
        assert stats.grad_norm[i] == pytest.approx(float(grads[i].norm()), rel=1e-5)
        assert stats.weight_var[i] == pytest.approx(float(m.weight.detach().var(unbiased=False)))
        assert stats.xavier_var[i] == 2.0 / (m.in_features + m.out_features)
    assert list(stats.fan_in) == [2, 5, 5] and list(stats.fan_out) == [5, 5, 1]
    assert all(p.grad is None for p in trainer.model.parameters())  # training state untouched


def test_ten_sigmoid_layers_vanish_and_big_relu_weights_explode_he_does_not():
    p = make_prepared()
    sigmoid = trainer_statistics(Trainer(Spec({"model.layers": _dense(10, 16, "sigmoid")}), p))
    assert sigmoid.grad_norm[0] < 1e-6 * sigmoid.grad_norm[-1]  # vanishing towards the input
    big = Spec({"model.layers": _dense(10, 16, "relu"), "model.init": "normal",
                "model.init_std": 1.0})
    exploding = trainer_statistics(Trainer(big, p))
    assert exploding.grad_norm.min() > 1e3 and exploding.output_var[-2] > 1e6
    he = trainer_statistics(Trainer(big.replace({"model.init": "kaiming_normal"}), p))
    assert 0.01 < he.grad_norm.min() and he.grad_norm.max() < 100


def test_xavier_init_matches_the_rule_and_saturation_and_dead_units_count():
    p = make_prepared()
    xavier = trainer_statistics(Trainer(Spec({"model.layers": _dense(3, 64, "tanh"),
                                              "model.init": "xavier_normal"}), p))
    np.testing.assert_allclose(xavier.weight_var[1:3], xavier.xavier_var[1:3], rtol=0.1)
    assert xavier_variance(64, 64) == 2 / 128
    huge = trainer_statistics(Trainer(Spec({"model.layers": _dense(1, 8, "sigmoid"),
                                            "model.init": "normal", "model.init_std": 50.0}), p))
    assert huge.saturated[0] > 0.8
    dead = Trainer(Spec({"model.layers": _dense(1, 8, "relu")}), p)
    with torch.no_grad():
        dead.model.dense_layers()[0].bias.fill_(-100.0)
    stats = trainer_statistics(dead)
    assert stats.dead[0] == 1.0 and stats.saturated[0] == 1.0
    assert trainer_statistics(Trainer(Spec({"model.layers": _dense(1, 8, "tanh")}), p)).dead[0] == 0


def test_random_matrix_product_explodes_like_d2l():
    norms = random_matrix_product(100, 4, seed=3)
    assert len(norms) == 101
    rng = np.random.default_rng(3)
    assert norms[0] == np.linalg.norm(rng.normal(size=(4, 4)))
    assert np.log10(norms[-1]) > 15


def test_constant_init_units_stay_identical_others_are_not():
    p = make_prepared()
    trainer = fit(Trainer(Spec({"model.init": "constant"}), p), 3)
    snap = trainer.snapshot(grid=False)
    assert identical_units(snap.weights, snap.biases) == [[(0, 0), (0, 1), (0, 2), (0, 3)],
                                                          [(1, 0), (1, 1)]]
    other = Trainer(Spec(), p).snapshot(grid=False)
    assert identical_units(other.weights, other.biases) == []


def test_snapshots_carry_the_statistics_across_pickling():
    snap = Trainer(Spec(), make_prepared()).snapshot(grid=False)
    stats = snap.extras["layer_stats"]
    back = pickle.loads(pickle.dumps(snap)).extras["layer_stats"]
    np.testing.assert_array_equal(back.grad_norm, stats.grad_norm)
    assert not back.mean.flags.writeable


@pytest.mark.parametrize(("preset", "lr", "reason"), [
    ("tfp-spiral", 10.0, "saturated"),  # tanh units at +-1: one output for every point
    ("moons-relu", 3.0, "gradients"),  # every ReLU dead
    ("tfp-spiral", 0.03, None), ("moons-relu", 0.03, None)])
def test_a_stalled_network_says_why(preset, lr, reason):
    from playground.core.files.presets import load_preset
    from playground.core.train.stability import stall_reason

    spec = load_preset(preset).replace({"training.learning_rate": lr})
    trainer = fit(Trainer(spec), 30)
    assert stall_reason(trainer.snapshot(grid=False).extras["layer_stats"]) == reason


def test_a_network_that_fit_its_rows_has_not_stopped_learning():
    """spiral-deep fits its training rows (loss ~1e-10) and its gradients fall below the
    stall line: that is convergence, not dead units, and the window must not say otherwise."""
    from playground.core.train.stability import STALLED_GRADIENT, LayerStats, stall_reason

    z = np.zeros(3)
    quiet = LayerStats(mean=z, std=np.full(3, 0.5), saturated=z, dead=z,
                       grad_norm=np.full(3, STALLED_GRADIENT / 10), weight_var=z,
                       output_var=z, xavier_var=z, fan_in=np.ones(3, np.int64),
                       fan_out=np.ones(3, np.int64))
    assert stall_reason(quiet) == "gradients"  # no history: as before
    assert stall_reason(quiet, np.array([0.5, 0.01, 6.7e-11])) is None  # fit
    assert stall_reason(quiet, np.array([0.69, 0.693, 0.693])) == "gradients"  # dead, high
    assert stall_reason(quiet, np.array([0.5, np.nan])) == "gradients"


def test_a_planted_twin_is_found_among_many_units_and_near_twins_count_as_twins():
    rng = np.random.default_rng(4)
    w1, b1, w2 = rng.normal(size=(64, 64)), rng.normal(size=64), rng.normal(size=(10, 64))
    assert identical_units((w1, w2), (b1, np.zeros(10))) == []
    w1[40], b1[40], w2[:, 40] = w1[7], b1[7], w2[:, 7]  # unit 40 becomes unit 7's twin
    w1[40, 3] += 1e-9  # a BLAS rounding difference, far below the tolerance
    assert identical_units((w1, w2), (b1, np.zeros(10))) == [[(0, 7), (0, 40)]]
    w2[2, 40] += 1e-3  # a different outgoing weight: no longer a twin
    assert identical_units((w1, w2), (b1, np.zeros(10))) == []
