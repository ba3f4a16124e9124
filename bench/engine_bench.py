"""Engine speed against a bare torch loop on the same data, in the same process.

Prints JSON with epochs/s of the engine (Trainer.run_epoch, history included) and of a bare
autograd loop on TF Playground's spiral preset (250 training points, batch 10, [4, 2] tanh),
their ratio (target >= 0.9), and samples/s of the digits MLP at batch 64 (engine and bare).
Runs alternate (engine, bare, engine, ...) and the best of each is kept, so background load
hits both alike. The engine uses its hand-written-backprop fast path where it applies (plain
dense nets under SGD); ``engine_autograd`` is the same engine forced onto autograd.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.core.files.presets import load_preset  # noqa: E402
from playground.core.train.trainer import Trainer  # noqa: E402


def bare_loop(trainer: Trainer, epochs: int) -> float:
    """Epochs/s of a plain autograd loop over the trainer's own tensors (fresh model copy)."""
    spec = trainer.spec
    model = _plain_copy(trainer.model)
    opt = torch.optim.SGD(model.parameters(), lr=spec.training.learning_rate) \
        if spec.training.optimizer == "sgd" else \
        torch.optim.Adam(model.parameters(), lr=spec.training.learning_rate)
    loss_fn = trainer.loss_fn
    x, t = trainer.x_train, trainer.t_train
    n, bs = len(x), spec.training.batch_size
    g = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n, generator=g)
        for i in range(0, n, bs):
            idx = order[i:i + bs]
            loss = loss_fn(model(x[idx]), t[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return epochs / (time.perf_counter() - start)


def _plain_copy(model: nn.Module) -> nn.Module:
    layers = []
    for m in model.body:
        if isinstance(m, nn.Linear):
            c = nn.Linear(m.in_features, m.out_features)
            c.load_state_dict(m.state_dict())
            layers.append(c)
        elif m.__class__.__name__ == "SeededDropout":
            layers.append(nn.Dropout(m.p))
        else:
            layers.append(type(m)())
    return nn.Sequential(*layers).train()


def engine(name: str, epochs: int, fast: bool = True) -> tuple[float, Trainer]:
    trainer = Trainer(load_preset(name), fast=fast)
    start = time.perf_counter()
    for _ in range(epochs):
        trainer.run_epoch()
    return epochs / (time.perf_counter() - start), trainer


def compare(name: str, epochs: int, rounds: int) -> dict[str, float]:
    best_engine = best_bare = best_autograd = 0.0
    engine(name, 2)  # warm-up
    for _ in range(rounds):
        rate, trainer = engine(name, epochs)
        best_engine = max(best_engine, rate)
        best_bare = max(best_bare, bare_loop(trainer, epochs))
        best_autograd = max(best_autograd, engine(name, epochs, fast=False)[0])
    n = trainer.n_train
    return {"engine_epochs_per_s": round(best_engine, 1),
            "bare_epochs_per_s": round(best_bare, 1),
            "ratio": round(best_engine / best_bare, 3),
            "fast_path": trainer.fast_path_reason is None,
            "engine_autograd_epochs_per_s": round(best_autograd, 1),
            "autograd_ratio": round(best_autograd / best_bare, 3),
            "engine_samples_per_s": round(best_engine * n),
            "bare_samples_per_s": round(best_bare * n)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer epochs (smoke test)")
    args = parser.parse_args()
    torch.set_num_threads(1)  # tiny nets: threading only adds overhead
    scale = 0.1 if args.quick else 1.0
    result = {
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "spiral_4_2_tanh_batch10": compare("tfp-spiral", max(5, int(100 * scale)), args.rounds),
        "digits_mlp_batch64": compare("digits-mlp", max(2, int(10 * scale)), args.rounds),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
