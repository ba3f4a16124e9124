"""`playground cv` and `playground search`: k-fold cross-validation and hyperparameter search.

Both print JSON on stdout (and write it to --out); progress goes to stderr unless --quiet.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from playground.cli.errors import CliError


def _common(parser: argparse.ArgumentParser, folds: int) -> None:
    parser.add_argument("experiment", help="experiment file (.json/.toml) or a preset name")
    parser.add_argument("--folds", type=int, default=folds,
                        help=f"number of folds k (default {folds}); classification folds "
                        "are stratified")
    parser.add_argument("--metric", default="loss",
                        help="validation score: loss (default), or a metric such as accuracy, "
                        "f1_macro, r2, rmse; losses and errors are minimised, the rest maximised")
    parser.add_argument("--set", dest="settings", action="append", default=[],
                        metavar="KEY=VALUE", help="override a field first, e.g. "
                        "training.epochs=20")
    parser.add_argument("--out", metavar="FILE", help="also write the JSON to FILE")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``cv`` and ``search`` subcommands."""
    cv = sub.add_parser("cv", help="k-fold cross-validation of an experiment",
                        description="Train the experiment once per fold of its training rows "
                        "and score each model on its held-out fold.")
    _common(cv, 5)
    cv.set_defaults(func=_cv)

    search = sub.add_parser(
        "search", help="hyperparameter search with cross-validation (Optuna)",
        description="Cross-validate configurations of an experiment and report the mean and "
        "std of the validation score of each.")
    _common(search, 3)
    search.add_argument("--param", dest="params", action="append", default=[],
                        metavar="KEY=VALUES", help="a field and its values, e.g. "
                        "training.learning_rate=0.001,0.03,0.1; random and tpe also take "
                        "ranges LO..HI and log:LO..HI (repeatable)")
    search.add_argument("--sampler", choices=("grid", "random", "tpe"), default="grid",
                        help="grid: every combination (default); random; tpe: Bayesian")
    search.add_argument("--trials", type=int, help="trials in all (default: the whole grid, "
                        "or 20)")
    search.add_argument("--workers", type=int, default=1,
                        help="local worker processes sharing the study (default 1)")
    search.add_argument("--storage", metavar="URL", help="keep the study: a .db/.sqlite file, "
                        "a journal file, or a database URL such as sqlite:///study.db; "
                        "several processes or machines given the same one share the work")
    search.add_argument("--study", metavar="NAME", help="study name in the storage "
                        "(default: derived from the search, so a rerun resumes it)")
    search.add_argument("--no-prune", dest="prune", action="store_false",
                        help="train every trial to the end (default: MedianPruner)")
    search.set_defaults(func=_search)


def _experiment(args: argparse.Namespace) -> Any:
    from playground.core import spec
    from playground.core.files import presets

    experiment, _ = presets.resolve(args.experiment)
    return spec.apply_settings(experiment, args.settings)


def _emit(payload: dict[str, Any], out: str | None) -> None:
    text = json.dumps(payload, indent=2, allow_nan=False) + "\n"
    if out:
        try:
            from playground.core.atomic import write_atomic

            write_atomic(Path(out), text.encode("utf-8"))
        except OSError as exc:
            raise CliError(f"--out {out}: {exc.strerror or exc}") from None
    sys.stdout.write(text)


def _cv(args: argparse.Namespace) -> int:
    from playground.core.search.cv import cross_validate

    quiet = args.quiet

    def progress(epoch: int, score: float) -> None:
        if not quiet:
            print(f"epoch {epoch}: mean validation {args.metric} {score:.6g}", file=sys.stderr)

    try:
        experiment = _experiment(args)
        result = cross_validate(experiment, args.folds, args.metric, on_epoch=progress)
    except (ValueError, OSError) as exc:
        raise CliError(str(exc)) from None
    _emit({"experiment": experiment.name or experiment.data.dataset, **result.to_dict()},
          args.out)
    return 0


def _search(args: argparse.Namespace) -> int:
    import optuna

    from playground.core.search.params import parse_params
    from playground.core.search.study import SearchPlan, TrialRow, run_search

    optuna.logging.set_verbosity(optuna.logging.ERROR)  # failed trials are in the JSON rows
    quiet = args.quiet

    def progress(row: TrialRow) -> None:
        if not quiet:
            shown = ", ".join(f"{k}={json.dumps(v)}" for k, v in row.params.items())
            print(f"trial {row.number} {row.state}: {shown}: mean {row.mean:.6g}",
                  file=sys.stderr)

    try:
        experiment = _experiment(args)
        plan = SearchPlan(experiment, parse_params(args.params, experiment), folds=args.folds,
                          metric=args.metric, sampler=args.sampler, trials=args.trials,
                          prune=args.prune, study_name=args.study)
        result = run_search(plan, args.storage, workers=args.workers, on_trial=progress)
    except (ValueError, OSError) as exc:
        raise CliError(str(exc)) from None
    _emit({"experiment": experiment.name or experiment.data.dataset, **result.to_dict()},
          args.out)
    return 0
