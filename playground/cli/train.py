"""`playground train`: train an experiment headless, export weights and metrics."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from playground.cli.errors import EXIT_DIVERGED, CliError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``train`` subcommand."""
    train = sub.add_parser("train", help="train an experiment headless",
                           description="Train an experiment file or bundled preset.")
    train.add_argument("experiment", help="experiment file (.json/.toml), a weights file that "
                       "carries its experiment (.safetensors/.npz), or a preset name")
    train.add_argument("--set", dest="settings", action="append", default=[],
                       metavar="KEY=VALUE", help="override a field, e.g. training.l2=0.01 "
                       "(values are JSON: numbers, true, null, lists)")
    train.add_argument("--epochs", type=int, help="epochs to train (0: evaluate only)")
    train.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"))
    train.add_argument("--export", action="append", default=[], metavar="PATH",
                       help="write the trained weights; format by suffix: .safetensors, .pt, "
                       ".onnx, .npz, .json (repeatable)")
    train.add_argument("--init-weights", metavar="PATH", help="start from these weights")
    train.add_argument("--metrics", metavar="PATH", help="write final metrics and per-epoch "
                       "history as JSON")
    train.add_argument("--stored-data", action="store_true",
                       help="when EXPERIMENT is a weights file whose experiment reads a data "
                       "file (data.path), read that file (without this, pass --set "
                       "data.path=PATH)")
    train.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    train.set_defaults(func=_train)


def _load_experiment(args: argparse.Namespace) -> tuple[Any, str | None]:
    """The spec to train, and a weights file to start from (if the argument was one)."""
    from playground.core import spec
    from playground.core.files import presets, weights
    from playground.core.spec.errors import shorten

    source = args.experiment
    init_weights = args.init_weights
    path = Path(source)
    if path.suffix.lower() in (".safetensors", ".npz") or (
            path.suffix.lower() == ".json" and path.is_file() and _is_weights_json(path)):
        experiment = weights.read_experiment(path)
        if experiment is None:
            raise CliError(f"{source} carries no experiment; pass the experiment file and use "
                           "--init-weights")
        init_weights = init_weights or str(path)
        stored_path = experiment.data.path
    else:
        experiment, _ = presets.resolve(source)
        stored_path = None
    experiment = spec.apply_settings(experiment, args.settings)
    chosen = any(s.partition("=")[0].strip() == "data.path" for s in args.settings)
    if stored_path is not None and not chosen and not getattr(args, "stored_data", False):
        # A weights file is data, not a choice the user made: it must not pick a file to read.
        raise CliError(f"{source}'s experiment reads data from {shorten(stored_path)}; "
                       "pass --set data.path=PATH to choose the data file, or --stored-data "
                       "to read that one")
    if args.epochs is not None:
        if args.epochs < 0:
            raise CliError(f"--epochs {args.epochs}: expected 0 or more")
        experiment = experiment.replace({"training.epochs": args.epochs})
    if args.device:
        experiment = experiment.replace({"device": args.device})
    return experiment, init_weights


def _follow_loss(experiment: Any, args: argparse.Namespace, prepared: Any) -> Any:
    """A loss set with --set takes the output activation along (TF Playground's tanh output
    goes back to auto under a cross-entropy), unless --set also names the output activation."""
    from playground.core.model.head import follow_loss
    from playground.core.spec import ALIASES

    keys = {ALIASES.get(k, k) for k in (s.partition("=")[0].strip() for s in args.settings)}
    if "training.loss" not in keys or "model.output_activation" in keys:
        return experiment
    changes, note = follow_loss(experiment, experiment.training.loss, prepared.task,
                                prepared.n_classes)
    if note and not args.quiet:
        print(f"note: {note}", file=sys.stderr)
    return experiment.replace(changes)


def _is_weights_json(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as fh:
            head = fh.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    return '"nn-playground-weights"' in head


def _train(args: argparse.Namespace) -> int:
    from playground.core.data.raw import prepare
    from playground.core.files.weights import save_trained
    from playground.core.model.device import DeviceError
    from playground.core.train.link import RunStatus
    from playground.core.train.trainer import Trainer, fit

    try:
        experiment, init_weights = _load_experiment(args)
        _check_outputs(args)  # a bad suffix or an unwritable path: before training, not after
        prepared = prepare(experiment)
        experiment = _follow_loss(experiment, args, prepared)
        trainer = Trainer(experiment, prepared)
        if init_weights:
            trainer.load_weights(init_weights)
    except (ValueError, OSError, DeviceError) as exc:
        raise CliError(str(exc)) from None

    epochs = experiment.training.epochs
    progress = _Progress(epochs, enabled=not args.quiet and sys.stderr.isatty())
    started = time.perf_counter()
    try:
        fit(trainer, epochs, on_epoch=progress.update)
    finally:
        progress.close()
    seconds = time.perf_counter() - started
    final = trainer.final_metrics()

    try:
        for target in args.export:
            save_trained(trainer, target, experiment)
        if args.metrics:
            _write_metrics(Path(args.metrics), trainer, final, seconds)
    except (ValueError, OSError) as exc:
        raise CliError(str(exc)) from None

    if not args.quiet:
        _print_summary(trainer, final, seconds)
    if trainer.status == RunStatus.DIVERGED:
        print(f"diverged: {trainer.message}", file=sys.stderr)
        return EXIT_DIVERGED
    return 0


def _check_outputs(args: argparse.Namespace) -> None:
    from playground.core.atomic import check_writable
    from playground.core.files import weights

    for target in args.export:
        if Path(target).suffix.lower() not in weights.FORMATS:
            raise CliError(f"--export {target}: unknown format; use one of "
                           + ", ".join(weights.FORMATS))
    for option, target in [("--export", t) for t in args.export] + (
            [("--metrics", args.metrics)] if args.metrics else []):
        try:
            check_writable(target)
        except OSError as exc:
            raise CliError(f"{option} {exc}") from None


def _finite_or_none(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _write_metrics(path: Path, trainer: Any, final: dict[str, Any], seconds: float) -> None:
    from playground.core.train.history import entry_epochs

    history = []
    length = max((len(v) for v in trainer.history.values()), default=0)
    # a long run's history keeps every stride-th epoch
    for index, epoch in enumerate(entry_epochs(length, trainer.history.stride)):
        row: dict[str, Any] = {"epoch": int(epoch)}
        for key, series in trainer.history.items():
            if index < len(series):
                row[key] = _finite_or_none(series[index])
        history.append(row)
    payload = {
        "experiment": trainer.spec.to_dict(),
        "status": trainer.status,
        "message": trainer.message,
        "epochs": trainer.epoch,
        "seconds": round(seconds, 3),
        "device": str(trainer.device),
        "final": {k: _finite_or_none(v) for k, v in final.items()},
        "history": history,
    }
    from playground.core.atomic import write_atomic

    write_atomic(path, (json.dumps(payload, indent=2, allow_nan=False) + "\n").encode("utf-8"))


def _print_summary(trainer: Any, final: dict[str, Any], seconds: float) -> None:
    rate = trainer.epoch / seconds if seconds > 0 else 0.0
    print(f"{trainer.spec.name or trainer.spec.data.dataset}: {trainer.status} after "
          f"{trainer.epoch} epochs in {seconds:.2f} s ({rate:.0f} epochs/s) on {trainer.device}")
    keys = [k for k in ("train_loss", "validation_loss", "test_loss", "train_accuracy",
                        "validation_accuracy", "test_accuracy", "test_r2", "test_rmse")
            if k in final]
    print("  " + "  ".join(f"{k}={final[k]:.4g}" for k in keys))
    if trainer.message:
        print(f"  {trainer.message}")


class _Progress:
    """A one-line progress bar on stderr when it is a terminal."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled = total, enabled and total > 0
        self._last = 0.0

    def update(self, trainer: Any) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.1 and trainer.epoch < self.total:
            return
        self._last = now
        done = trainer.epoch / self.total
        bar = "#" * int(30 * done)
        loss = trainer.history.latest.get("train_loss", float("nan"))
        sys.stderr.write(f"\r[{bar:30s}] {trainer.epoch}/{self.total} train_loss={loss:.4g}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")

