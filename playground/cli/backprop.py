"""`playground backprop`: one training sample's forward pass, backward pass and update."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

import numpy as np

from playground.cli.errors import CliError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``backprop`` subcommand."""
    cmd = sub.add_parser(
        "backprop", help="show backprop of one training sample",
        description="Forward pass (inputs, z, a per layer), loss, backward pass (delta = dL/dz, "
                    "dW, db per layer) and the weights after one optimizer step on a batch of "
                    "this one sample, in float64.")
    cmd.add_argument("experiment", help="experiment file (.json/.toml), a weights file that "
                     "carries its experiment, or a preset name")
    cmd.add_argument("--sample", type=int, required=True, metavar="I",
                     help="training-set row (0-based)")
    cmd.add_argument("--init-weights", metavar="PATH", help="use these weights (default: the "
                     "experiment's initialisation)")
    cmd.add_argument("--set", dest="settings", action="append", default=[],
                     metavar="KEY=VALUE", help="override a field, e.g. training.l2=0.01")
    cmd.add_argument("--json", action="store_true", help="print every number as JSON")
    cmd.set_defaults(func=_backprop, epochs=None, device="cpu")


def _backprop(args: argparse.Namespace) -> int:
    from playground.cli.train import _load_experiment
    from playground.core.model.device import DeviceError
    from playground.core.train.backprop import trace_trainer, unsupported_reason
    from playground.core.train.trainer import Trainer

    try:
        experiment, init_weights = _load_experiment(args)
        reason = unsupported_reason(experiment)
        if reason is not None:  # before preparing data: say it at once
            raise CliError(f"cannot step through {reason}")
        trainer = Trainer(experiment)
        if init_weights:
            trainer.load_weights(init_weights)
        trace = trace_trainer(trainer, args.sample)
    except (ValueError, OSError, DeviceError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps(_finite(trace.to_dict()), allow_nan=False))
    else:
        _print_trace(trace)
    return 0


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: null instead (a diverged network's numbers)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def _fmt(a: np.ndarray) -> str:
    return np.array2string(np.asarray(a), precision=5, suppress_small=True, max_line_width=96)


def _print_trace(trace: Any) -> None:
    print(f"sample {trace.sample}: x = {_fmt(trace.x)}, target = {_fmt(trace.target)}")
    for i, layer in enumerate(trace.layers, start=1):
        print(f"layer {i} ({layer.activation}): z = {_fmt(layer.z)}  a = {_fmt(layer.a)}")
    print(f"loss {trace.loss_name} L = {trace.loss:.6g}, penalty s = {trace.penalty:.6g}, "
          f"J = {trace.objective:.6g}")
    for i in range(len(trace.layers), 0, -1):
        layer = trace.layers[i - 1]
        print(f"layer {i}: delta = {_fmt(layer.delta)}  |dJ/dW| = "
              f"{float(np.linalg.norm(layer.dw)):.6g}  dJ/db = {_fmt(layer.db)}")
    print(f"update: {trace.optimizer}, lr = {trace.learning_rate:g}")
    for i, layer in enumerate(trace.layers, start=1):
        change = float(np.abs(layer.new_weight - layer.weight).max(initial=0.0))
        print(f"layer {i}: largest weight change {change:.6g}")
