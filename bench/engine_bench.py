"""Engine speed as ratios against bare loops run in the same process, interleaved.

Cases (TF Playground's workloads: batch 10, half-MSE, tanh, train and test loss every epoch):
spiral [4, 2] on x1 x2; spiral 6 x 8 tanh on 7 features; circle [4, 2] at 50k points. For
each: the engine (``Trainer.run_epoch``, compiled kernel, history and bookkeeping included)
against a bare torch autograd loop and a bare numpy loop (the same maths written plainly),
both also computing train and test loss each epoch. Then the engine's autograd path on the
digits MLP (Adam + dropout, batch 64) against a bare torch loop; an MLP 784-256-256-10 at
batch 256 on synthetic MNIST-sized data (on CUDA when present, else the CPU) against a bare
torch loop on the same device; and the cost of a frame's snapshot (built, packed for the
window, pickled) with 100k epochs of history against 1k.

Each round runs every contestant for ``--seconds``; the ratio is taken per round and the
median over ``--rounds`` is printed (the machine is shared and noisy).

    python bench/engine_bench.py [--rounds 5] [--seconds 1] [--quick] [--only CASE ...]
    python bench/engine_bench.py --gpu-check   # the GPU target alone: exit 1 under 0.9x

``--gpu-check`` is the short, prepared check for a machine with CUDA: the 784-256-256-10 case
on the GPU (70k rows, 3 rounds), printed, and an exit status saying whether the engine holds
0.9x the bare loop; without CUDA it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.core.data.raw import Prepared  # noqa: E402
from playground.core.files.presets import load_preset  # noqa: E402
from playground.core.spec import Spec  # noqa: E402
from playground.core.train.live_process import TrajectoryDelta  # noqa: E402
from playground.core.train.trainer import Trainer  # noqa: E402

CASES = ("spiral_4_2", "spiral_6x8_7_features", "circle_4_2_50k",
         "digits_mlp_adam_dropout_batch64", "mlp_784_256_256_10_batch256", "snapshot_cost")
SEVEN = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
TANH = {"type": "dense", "activation": "tanh"}


def tfp_cases() -> dict[str, Spec]:
    spiral = load_preset("tfp-spiral")
    return {
        "spiral_4_2": spiral,
        "spiral_6x8_7_features": spiral.replace({
            "data.features": SEVEN, "model.layers": [{**TANH, "units": 8}] * 6}),
        "circle_4_2_50k": load_preset("tfp-circle").replace({"data.samples": 100_000}),
    }


def rate(run_epoch: Callable[[], None], seconds: float) -> float:
    """Epochs per second of ``run_epoch`` over about ``seconds`` (at least 2 epochs)."""
    run_epoch()
    start, epochs = time.perf_counter(), 0
    while epochs < 2 or time.perf_counter() - start < seconds:
        run_epoch()
        epochs += 1
    return epochs / (time.perf_counter() - start)


# ------------------------------------------------------------------------- bare loops
def _plain_copy(model: nn.Module) -> nn.Module:
    layers: list[nn.Module] = []
    for m in model.body:
        if isinstance(m, nn.Linear):
            c = nn.Linear(m.in_features, m.out_features).to(m.weight.device)
            c.load_state_dict(m.state_dict())
            layers.append(c)
        elif m.__class__.__name__ == "SeededDropout":
            layers.append(nn.Dropout(m.p))
        else:
            layers.append(type(m)())
    return nn.Sequential(*layers).train()


def bare_torch(trainer: Trainer) -> Callable[[], None]:
    """One epoch of a plain autograd loop over the trainer's tensors, then train and test
    loss under no_grad (what TF Playground computes every epoch)."""
    spec = trainer.spec
    model = _plain_copy(trainer.model)
    lr = spec.training.learning_rate
    opt = torch.optim.Adam(model.parameters(), lr=lr) if spec.training.optimizer == "adam" \
        else torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = trainer.loss_fn
    x, t = trainer.x_train, trainer.t_train
    xt, tt = trainer._split["test"]
    n, bs = len(x), spec.training.batch_size
    g = torch.Generator().manual_seed(0)

    def epoch() -> None:
        model.train()
        order = torch.randperm(n, generator=g).to(x.device)
        for i in range(0, n, bs):
            idx = order[i:i + bs]
            loss = loss_fn(model(x[idx]), t[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            float(loss_fn(model(x), t)), float(loss_fn(model(xt), tt))

    return epoch


def bare_numpy(trainer: Trainer) -> Callable[[], None]:
    """The same network in plain numpy (tanh layers, half-MSE, SGD): forward, backward and
    update per minibatch, then train and test loss."""
    layers = trainer.model.dense_layers()
    ws = [m.weight.detach().numpy().astype(np.float32) for m in layers]
    bs_ = [m.bias.detach().numpy().astype(np.float32) for m in layers]
    x, t = trainer.x_train.numpy(), trainer.t_train.numpy()
    xt, tt = (a.numpy() for a in trainer._split["test"])
    lr, batch = trainer.spec.training.learning_rate, trainer.spec.training.batch_size
    rng = np.random.default_rng(0)

    def forward(h: np.ndarray) -> list[np.ndarray]:
        hs = [h]
        for w, b in zip(ws, bs_, strict=True):
            hs.append(np.tanh(hs[-1] @ w.T + b))
        return hs

    def epoch() -> None:
        order = rng.permutation(len(x))
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            hs = forward(x[idx])
            g = (hs[-1] - t[idx]) / hs[-1].size
            for k in range(len(ws) - 1, -1, -1):
                d = g * (1 - hs[k + 1] ** 2)
                if k:
                    g = d @ ws[k]
                ws[k] -= lr * (d.T @ hs[k])
                bs_[k] -= lr * d.sum(0)
        for a, b in ((x, t), (xt, tt)):
            float(0.5 * np.mean((forward(a)[-1] - b) ** 2))

    return epoch


# ------------------------------------------------------------------------------ cases
def tfp_case(spec: Spec, rounds: int, seconds: float) -> dict[str, object]:
    engine = Trainer(spec, kernel="wait")
    assert engine.kernel_reason is None, engine.kernel_reason
    per_round = []
    for _ in range(rounds):
        e = rate(engine.run_epoch, seconds)
        b = rate(bare_torch(engine), seconds)
        n = rate(bare_numpy(engine), seconds)
        per_round.append((e, b, n))
    e, b, n = (statistics.median(r[i] for r in per_round) for i in range(3))
    return {"engine_epochs_per_s": round(e, 1), "bare_torch_epochs_per_s": round(b, 1),
            "bare_numpy_epochs_per_s": round(n, 1),
            "engine_over_bare_torch": round(statistics.median(r[0] / r[1] for r in per_round), 2),
            "engine_over_bare_numpy": round(statistics.median(r[0] / r[2] for r in per_round), 2),
            "engine_samples_per_s": round(e * engine.n_train)}


def autograd_case(trainer_of: Callable[[], Trainer], rounds: int, seconds: float
                  ) -> dict[str, object]:
    engine = trainer_of()
    per_round = []
    for _ in range(rounds):
        per_round.append((rate(engine.run_epoch, seconds), rate(bare_torch(engine), seconds)))
    return {"device": engine.device.type, "path": engine.fast_path_reason or "fast",
            "engine_epochs_per_s": round(statistics.median(r[0] for r in per_round), 2),
            "bare_torch_epochs_per_s": round(statistics.median(r[1] for r in per_round), 2),
            "engine_over_bare_torch": round(statistics.median(r[0] / r[1] for r in per_round),
                                            3)}


def mnist_sized(rows: int) -> tuple[Spec, Prepared]:
    """An MLP 784-256-256-10 at batch 256 on synthetic MNIST-shaped data (classes from a
    random linear map, so the loss falls)."""
    rng = np.random.default_rng(0)
    x = rng.random((rows, 784), dtype=np.float32)
    y = (x @ rng.standard_normal((784, 10)).astype(np.float32)).argmax(1)
    half = rows * 6 // 7
    spec = Spec({"data.dataset": "csv", "model.layers": [
        {"type": "dense", "units": 256, "activation": "relu"}] * 2,
        "training.batch_size": 256, "training.learning_rate": 0.05})
    names = tuple(f"p{i}" for i in range(784))
    prepared = Prepared(
        x_train=x[:half], y_train=y[:half], x_val=x[:0], y_val=y[:0], x_test=x[half:],
        y_test=y[half:], raw_train=x[:half], raw_val=x[:0], raw_test=x[half:],
        task="classification", n_classes=10, n_targets=1, feature_names=names,
        input_names=names, featurize=lambda raw: np.asarray(raw, np.float32), domain=None,
        image_shape=(28, 28), class_names=tuple(str(i) for i in range(10)), curve=None)
    return spec, prepared


def snapshot_cost(frames: int) -> dict[str, object]:
    """Seconds per frame (snapshot, packed as for the window, pickled) with 1k and with 100k
    epochs of history. The 1k are trained; the other 99k entries repeat the last epoch's
    figures (a frame's cost depends on the history's length, not on its values)."""
    trainer = Trainer(load_preset("tfp-circle"), kernel="wait")
    out = {}
    for epochs in (1_000, 100_000):
        while trainer.epoch < min(epochs, 1_000):
            trainer.run_epoch()
        # Epoch by epoch, as training records them (past 100k entries the history thins:
        # counting its entries instead would never reach 100k).
        for epoch in range(trainer.epoch + 1, epochs + 1):
            trainer.history.record(epoch, dict(trainer.history.latest),
                                   trainer.grad_norm_history.view()[-1])
        trainer.epoch = max(trainer.epoch, epochs)
        sender = TrajectoryDelta()
        costs, size = [], 0
        for _ in range(frames):
            trainer.run_epoch()
            start = time.perf_counter()
            size = len(pickle.dumps(sender.pack(trainer.snapshot()),
                                    protocol=pickle.HIGHEST_PROTOCOL))
            costs.append(time.perf_counter() - start)
        out[f"ms_per_frame_{epochs // 1000}k"] = round(1000 * statistics.median(costs[1:]), 2)
        out[f"pickled_bytes_{epochs // 1000}k"] = size
    out["ratio_100k_over_1k"] = round(out["ms_per_frame_100k"] / out["ms_per_frame_1k"], 2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="per contestant and round")
    parser.add_argument("--quick", action="store_true", help="2 rounds of 0.3 s (smoke test)")
    parser.add_argument("--mnist-rows", type=int, default=0,
                        help="rows of the 784-256-256-10 case (default 70000 on CUDA, 3500 "
                             "on the CPU)")
    parser.add_argument("--only", action="append", choices=CASES, metavar="CASE",
                        help=f"run only this case (repeatable): {', '.join(CASES)}")
    parser.add_argument("--gpu-check", action="store_true",
                        help="only the 784-256-256-10 case on CUDA; exit 1 under 0.9x")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds = 2, 0.3
    if args.gpu_check:
        if not torch.cuda.is_available():
            print("no CUDA device: the GPU check is skipped")
            return 0
        args.only, args.rounds = ["mlp_784_256_256_10_batch256"], min(args.rounds, 3)
    wanted = set(args.only or CASES)
    torch.set_num_threads(1)  # tiny nets: threads only add overhead (the live loop's choice)
    result: dict[str, object] = {"torch": torch.__version__, "date": time.strftime("%Y-%m-%d")}
    for name, spec in tfp_cases().items():
        if name in wanted:
            result[name] = tfp_case(spec, args.rounds, args.seconds)
    if "digits_mlp_adam_dropout_batch64" in wanted:
        result["digits_mlp_adam_dropout_batch64"] = autograd_case(
            lambda: Trainer(load_preset("digits-mlp")), args.rounds, args.seconds)
    torch.set_num_threads(max(1, torch.get_num_interop_threads()))
    if "mlp_784_256_256_10_batch256" in wanted:
        cuda = torch.cuda.is_available()
        rows = args.mnist_rows or (70_000 if cuda else 3_500)
        spec, prepared = mnist_sized(rows)
        device = "cuda" if cuda else "cpu"
        result["mlp_784_256_256_10_batch256"] = {"rows": rows, **autograd_case(
            lambda: Trainer(spec, prepared, device=device), args.rounds, args.seconds)}
    if "snapshot_cost" in wanted:
        result["snapshot_cost"] = snapshot_cost(12 if args.quick else 30)
    print(json.dumps(result, indent=2))
    if args.gpu_check:
        ratio = result["mlp_784_256_256_10_batch256"]["engine_over_bare_torch"]
        print(f"GPU: engine / bare torch = {ratio:.3f} ({'met' if ratio >= 0.9 else 'NOT met'}:"
              f" the target is 0.9)")
        return 0 if ratio >= 0.9 else 1
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
