"""The CUDA path: the same experiment on the GPU trains and reports as on the CPU.

Each test runs on the CPU too (there it checks the comparison itself), and on CUDA where the
machine has it: CI has none, so there they skip; ``bench/gpu_check.sh`` runs them on a GPU.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.core.model.network import build_model
from playground.core.model.registry import build_optimizer
from playground.core.spec import Spec
from playground.core.train.trainer import Trainer, fit
from tests.core.test_engine import make_prepared

DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(
    not torch.cuda.is_available(), reason="no CUDA device"))]


def _spec(device: str, **training: object) -> Spec:
    return Spec({"device": device, "training.learning_rate": 0.05,
                 "model.layers": [{"type": "dense", "units": 8, "activation": "tanh"},
                                  {"type": "dense", "units": 4, "activation": "relu"}],
                 **{f"training.{k}": v for k, v in training.items()}})


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
def test_training_on_the_device_follows_training_on_the_cpu(device, optimizer):
    """Same seed, same batches (the batch order is drawn on the CPU), same initial weights:
    the losses agree to float32 rounding after 15 epochs of minibatches."""
    p = make_prepared()
    on_cpu = fit(Trainer(_spec("cpu", optimizer=optimizer, batch_size=16), p), 15)
    here = fit(Trainer(_spec(device, optimizer=optimizer, batch_size=16), p), 15)
    assert here.device.type == device
    np.testing.assert_allclose(np.asarray(here.history["train_loss"]),
                               np.asarray(on_cpu.history["train_loss"]), rtol=2e-3, atol=1e-5)
    for mine, theirs in zip(here.model.parameters(), on_cpu.model.parameters(), strict=True):
        torch.testing.assert_close(mine.detach().cpu(), theirs.detach(), rtol=2e-3, atol=1e-4)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("optimizer", ["sgd", "adam", "adamw", "adagrad"])
def test_the_fused_update_on_the_device_steps_as_torch_optim_does(device, optimizer):
    """The autograd path's fused update (CPU and CUDA have one) against torch's default
    update of a copy of the network, full batches, on the same device."""
    p = make_prepared()
    s = _spec(device, optimizer=optimizer, batch_size=len(p.x_train),
              momentum=0.9 if optimizer == "sgd" else 0.0)
    t = Trainer(s, p, fast=False)
    reference = build_model(s, 2, t.head, torch.Generator()).to(t.device)
    reference.load_state_dict(t.model.state_dict())
    plain = build_optimizer(s, reference.parameters())
    for _ in range(20):
        t.run_epoch()
        plain.zero_grad()
        t.loss_fn(reference(t.x_train), t.t_train).backward()
        plain.step()
    assert t.optimizer.defaults.get("fused") is True
    for mine, theirs in zip(t.model.parameters(), reference.parameters(), strict=True):
        torch.testing.assert_close(mine, theirs, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("device", DEVICES)
def test_a_run_on_the_device_evaluates_and_snapshots_as_on_the_cpu(device):
    """The same weights give the same figures, and the frame the window gets is numpy."""
    p = make_prepared(val=20)
    on_cpu = fit(Trainer(_spec("cpu"), p), 5)
    here = Trainer(_spec(device), p)
    here.model.load_state_dict(on_cpu.model.state_dict())
    mine, theirs = here.final_metrics(), on_cpu.final_metrics()
    assert mine.keys() == theirs.keys()
    for key, value in theirs.items():
        assert mine[key] == pytest.approx(value, rel=1e-4, abs=1e-6), key
    snap = here.snapshot()
    assert isinstance(snap.grid.output, np.ndarray)
    assert all(isinstance(w, np.ndarray) for w in snap.weights)
    np.testing.assert_allclose(snap.grid.output, on_cpu.snapshot().grid.output, atol=1e-4)


def _bench_case(rows: int) -> tuple[Spec, object]:
    """bench/engine_bench.py's 784-256-256-10 case (the GPU target's network and data)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "engine_bench.py"
    loader = importlib.util.spec_from_file_location("engine_bench", path)
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return module.mnist_sized(rows)


@pytest.mark.parametrize("device", DEVICES)
def test_the_gpu_bench_network_trains_on_the_device(device):
    """The GPU bench case, 784-256-256-10 at batch 256, a few epochs on fewer rows."""
    spec, prepared = _bench_case(1400)
    t = fit(Trainer(spec.replace({"device": device}), prepared), 8)
    assert t.device.type == device
    losses = np.asarray(t.history["train_loss"])
    assert np.isfinite(losses).all() and losses[-1] < 0.6 * losses[0]
