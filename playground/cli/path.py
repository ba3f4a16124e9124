"""Headless optimizer lab: ``playground path`` prints an optimizer's trajectory on a surface.

The main CLI calls :func:`register`; ``python -m playground.cli.path path ...`` works on its own.
Numbers are read as text and checked here so every bad input ends as exit code 2 with one line
on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

from playground.cli.errors import EXIT_BAD_INPUT
from playground.core.lab.optimizers import OPTIMIZERS, resolve_optimizer
from playground.core.lab.paths import PathResult
from playground.core.lab.paths import run_path as run_optimizer_path
from playground.core.lab.surfaces import SURFACES, Surface, surface_from_text
from playground.core.spec.errors import shorten

MAX_STEPS = 100_000  # a few tens of seconds at most; more is almost surely a typo


class _BadInput(ValueError):
    """A user error the CLI reports in one line."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``path`` subcommand (its handler is ``args.func = run_path``)."""
    parser = subparsers.add_parser(
        "path",
        help="print an optimizer's path on a loss surface",
        description="Run a real torch.optim optimizer on a 2-D (or 1-D) surface and print "
        "the points it visits. Built-in surfaces: " + ", ".join(SURFACES)
        + ". Or type a formula in x and y (or w), e.g. 'x**2 + 2*y**2'.",
    )
    parser.add_argument("--surface", required=True, metavar="EXPR_OR_NAME",
                        help="built-in surface name or a formula in x, y (or w)")
    parser.add_argument("--surface-param", action="append", default=[], metavar="NAME=VALUE",
                        help="parameter of a parametric surface (bowl: condition, rotation)")
    parser.add_argument("--optimizer", default="gd", metavar="NAME",
                        help="one of " + ", ".join(OPTIMIZERS) + " (default gd)")
    parser.add_argument("--lr", default=None, metavar="LR",
                        help="learning rate (default: torch's default for the optimizer)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="optimizer hyperparameter under its torch.optim name, e.g. "
                        "momentum=0.9, nesterov=true, betas=0.9,0.999, eps=1e-8")
    parser.add_argument("--start", nargs="+", default=None, metavar="X",
                        help="start point: X Y (or W for 1-D); default: the surface's own")
    parser.add_argument("--steps", default="20", metavar="N", help="number of steps (20)")
    parser.add_argument("--noise", default="0", metavar="STD",
                        help="std of Gaussian noise added to each gradient (0)")
    parser.add_argument("--seed", default="0", metavar="N", help="noise seed (0)")
    parser.add_argument("--json", action="store_true",
                        help='print {"path": [[x, y], ...], "values": [...], ...}')
    parser.set_defaults(func=run_path)


def run_path(args: argparse.Namespace) -> int:
    """Handle ``playground path``: print the trajectory; 0 on success, 2 on bad input."""
    try:
        surface = surface_from_text(args.surface, **_assignments(args.surface_param,
                                                                 "--surface-param", numeric=True))
        kind = resolve_optimizer(args.optimizer)
        lr = kind.default_lr() if args.lr is None else _number(args.lr, "--lr")
        start = (surface.start if args.start is None
                 else tuple(_number(v, "--start") for v in args.start))
        if len(start) != surface.dims:
            raise _BadInput(f"--start needs {surface.dims} number(s) for this surface, "
                            f"got {len(start)}")
        steps = _integer(args.steps, "--steps")
        if not 0 <= steps <= MAX_STEPS:
            raise _BadInput(f"--steps must be between 0 and {MAX_STEPS}, got {steps}")
        result = run_optimizer_path(
            surface, kind.name, lr, start, steps,
            params=_assignments(args.param, "--param", numeric=False),
            noise_std=_number(args.noise, "--noise"),
            seed=_integer(args.seed, "--seed"),
        )
    except (ValueError, KeyError) as exc:
        message = str(exc.args[0] if exc.args else exc)
        print(f"playground path: error: {shorten(message, 300)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(_finite_or_null(_as_json(surface, result)), allow_nan=False))
    else:
        _print_table(surface, result)
    return 0


def _number(text: str, option: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _BadInput(f"{option} must be a number, got '{shorten(text)}'") from None
    if not math.isfinite(value):
        raise _BadInput(f"{option} must be finite, got '{shorten(text)}'")
    return value


def _integer(text: str, option: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _BadInput(f"{option} must be a whole number, got '{shorten(text)}'") from None
    if not -2**63 <= value < 2**63:
        raise _BadInput(f"{option} must fit a 64-bit integer, got '{shorten(text)}'")
    return value


def _finite_or_null(value: object) -> object:
    """JSON has no NaN or infinity: a non-finite number is written as null (``diverged`` and
    ``message`` say what happened)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite_or_null(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite_or_null(v) for v in value]
    return value


def _assignments(items: Sequence[str], option: str, *, numeric: bool) -> dict[str, object]:
    """NAME=VALUE items as a dict; values stay text unless ``numeric`` (the core parses them)."""
    values: dict[str, object] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise _BadInput(f"{option} takes NAME=VALUE, got '{item}'")
        values[name] = _number(value, f"{option} {name}") if numeric else value.strip()
    return values


def _hyperparameters(result: PathResult) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in result.hyperparameters.items()}


def _as_json(surface: Surface, result: PathResult) -> dict[str, object]:
    return {
        "surface": surface.name,
        "formula": surface.formula,
        "optimizer": result.optimizer,
        "hyperparameters": _hyperparameters(result),
        "path": result.points.tolist(),
        "values": result.values.tolist(),
        "diverged": result.diverged,
        "message": result.message,
    }


def _print_table(surface: Surface, result: PathResult) -> None:
    names = ["x", "y"] if surface.dims == 2 else ["w"]
    settings = " ".join(f"{k}={_format(v)}" for k, v in result.hyperparameters.items())
    print(f"# surface: {surface.title} = {surface.formula}")
    print(f"# optimizer: {result.optimizer} {settings}")
    print("step " + " ".join(names) + " f")
    for step, (point, value) in enumerate(zip(result.points, result.values, strict=True)):
        print(f"{step} " + " ".join(f"{v:.12g}" for v in point) + f" {value:.12g}")
    if result.diverged:
        print(f"# {result.message}")


def _format(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(_format(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry: ``python -m playground.cli.path path --surface ...``."""
    parser = argparse.ArgumentParser(prog="playground", description="NN Playground optimizer lab")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
