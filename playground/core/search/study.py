"""A hyperparameter search: an Optuna study whose trials cross-validate one configuration each.

Samplers: ``grid`` (every combination of the listed values, GridSampler), ``random``
(RandomSampler) and ``tpe`` (TPESampler, which proposes values near the good ones seen so far).
Each trial reports the mean validation score over its folds after every epoch, so MedianPruner
abandons a configuration that is worse than the median of earlier trials at the same epoch.

Storage: in memory by default; a file path ending in .db/.sqlite (SQLite) or any other path
(an Optuna journal file) keeps the study, and a database URL (``sqlite:///x.db``,
``postgresql://...``) lets several processes or machines work on one study: each runs the same
search with the same storage and takes the next trial. The study's trial budget is shared, and
grid trial number i evaluates grid point i, so no grid point is run twice.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import optuna

from playground.core.search import params as param_io
from playground.core.search.cv import check_metric, cross_validate, direction, finite_or_none
from playground.core.search.folds import plan_folds
from playground.core.search.params import Param
from playground.core.spec import Spec
from playground.core.train.link import RunStatus

SAMPLERS = ("grid", "random", "tpe")
DEFAULT_TRIALS = 20  # random and tpe without --trials
_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


class SearchError(ValueError):
    """A search that cannot run: bad sampler, storage or a study that holds another search."""


@dataclass(frozen=True)
class SearchPlan:
    """What to search: the experiment, the fields to vary, and how to score and sample."""

    spec: Spec
    params: tuple[Param, ...]
    folds: int = 3
    metric: str = "loss"  # "loss" or a validation metric name (see cv.TASK_METRICS)
    sampler: str = "grid"
    trials: int | None = None  # total over all workers (None: the grid, else DEFAULT_TRIALS)
    prune: bool = True
    study_name: str | None = None  # None: derived from the plan, so reruns resume it

    def __post_init__(self) -> None:
        if self.sampler not in SAMPLERS:
            raise SearchError(f"sampler: {self.sampler!r} is not one of {', '.join(SAMPLERS)}")
        if self.trials is not None and self.trials < 1:
            raise SearchError(f"trials: {self.trials} is not allowed; expected at least 1")
        if self.sampler == "grid":
            param_io.grid_size(self.params)  # ranges are an error for a grid

    @property
    def budget(self) -> int:
        """Trials the study runs in all."""
        if self.sampler == "grid":
            size = param_io.grid_size(self.params)
            return size if self.trials is None else min(self.trials, size)
        return DEFAULT_TRIALS if self.trials is None else self.trials

    def fingerprint(self) -> str:
        """What identifies the search: workers joining a study must agree on it."""
        return json.dumps({"spec": self.spec.to_dict(), "folds": self.folds,
                           "metric": self.metric, "sampler": self.sampler,
                           "params": [vars(p) for p in self.params]}, sort_keys=True)

    @property
    def name(self) -> str:
        digest = hashlib.sha256(self.fingerprint().encode()).hexdigest()[:12]
        return self.study_name or f"playground-{digest}"


@dataclass(frozen=True)
class TrialRow:
    """One finished (or running) trial: its configuration and fold scores."""

    number: int
    state: str  # complete, pruned, fail, running
    params: dict[str, Any]  # spec values by dotted key
    mean: float  # mean validation score over folds (the trial's value; NaN unless complete)
    std: float
    scores: tuple[float, ...]  # per fold
    seconds: float
    note: str = ""  # why it failed or was pruned
    worker: int = 0  # index of the worker process that ran it

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "state": self.state, "params": self.params,
                "mean": finite_or_none(self.mean), "std": finite_or_none(self.std),
                "scores": [finite_or_none(s) for s in self.scores],
                "seconds": round(self.seconds, 3), "note": self.note, "worker": self.worker}


@dataclass(frozen=True)
class SearchResult:
    """Every trial of a study, and the best complete one."""

    plan: SearchPlan
    rows: tuple[TrialRow, ...]
    storage: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> TrialRow | None:
        done = [r for r in self.rows if r.state == "complete" and not math.isnan(r.mean)]
        if not done:
            return None
        sign = 1.0 if direction(self.plan.metric) == "minimize" else -1.0
        return min(done, key=lambda r: (sign * r.mean, r.number))

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        return {"study": self.plan.name, "storage": self.storage or "memory",
                "sampler": self.plan.sampler, "metric": self.plan.metric,
                "direction": direction(self.plan.metric), "folds": self.plan.folds,
                "budget": self.plan.budget, "trials": [r.to_dict() for r in self.rows],
                "best": None if best is None else best.to_dict(), **self.extra}


# ------------------------------------------------------------------------------- storage
def open_storage(url: str | None) -> optuna.storages.BaseStorage:
    """In memory (None or ""), a SQLite file (.db/.sqlite), a database URL, or a journal file."""
    if not url:
        return optuna.storages.InMemoryStorage()
    try:
        if "://" in url:
            return optuna.storages.RDBStorage(url)
        path = Path(url).expanduser().resolve()
        if not path.parent.is_dir():
            raise SearchError(f"storage: folder {str(path.parent)!r} does not exist")
        if path.suffix.lower() in _SQLITE_SUFFIXES:
            return optuna.storages.RDBStorage(f"sqlite:///{path}")
        backend = optuna.storages.journal.JournalFileBackend(str(path))
        return optuna.storages.JournalStorage(backend)
    except SearchError:
        raise
    except Exception as exc:  # sqlalchemy / driver errors vary; the user needs one line
        raise SearchError(f"storage {url!r}: {type(exc).__name__}: {exc}") from None


def _sampler(plan: SearchPlan, worker: int) -> optuna.samplers.BaseSampler:
    if plan.sampler == "grid":
        # Every worker must shuffle the grid alike: trial number i evaluates shuffled point i.
        space = {p.key: list(p.encoded_choices()) for p in plan.params}
        return optuna.samplers.GridSampler(space, seed=plan.spec.seed)
    seed = plan.spec.seed + worker  # random workers must not draw the same sequence
    if plan.sampler == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=min(10, max(2, plan.budget // 3)))


def _pruner(plan: SearchPlan) -> optuna.pruners.BasePruner:
    if not plan.prune:
        return optuna.pruners.NopPruner()
    # A few trials first, and a quarter of the epochs, before judging anyone against the median.
    return optuna.pruners.MedianPruner(n_startup_trials=3,
                                       n_warmup_steps=max(1, plan.spec.training.epochs // 4))


def open_study(plan: SearchPlan, storage: optuna.storages.BaseStorage,
               worker: int = 0) -> optuna.Study:
    """Create the plan's study, or join it; raise SearchError if it holds another search."""
    study = optuna.create_study(study_name=plan.name, storage=storage,
                                sampler=_sampler(plan, worker), pruner=_pruner(plan),
                                direction=direction(plan.metric), load_if_exists=True)
    stored = study.user_attrs.get("plan")
    if stored is None:
        study.set_user_attr("plan", plan.fingerprint())
    elif stored != plan.fingerprint():
        raise SearchError(f"study {plan.name!r} in this storage holds a different search; "
                          "name another study")
    return study


# ------------------------------------------------------------------------------ trials
TrialHook = Callable[[TrialRow], None]


def _suggest(trial: optuna.Trial, p: Param) -> Any:
    if not p.is_range:
        return trial.suggest_categorical(p.key, list(p.encoded_choices()))
    if p.integer:
        return trial.suggest_int(p.key, int(p.low), int(p.high), log=p.log)
    return trial.suggest_float(p.key, p.low, p.high, log=p.log)


class _Objective:
    """Cross-validates the configuration a trial proposes; reports per-epoch scores."""

    def __init__(self, plan: SearchPlan, should_stop: Callable[[], bool] | None,
                 worker: int = 0):
        self.plan, self.should_stop, self.worker = plan, should_stop, worker
        prepared = _prepare(plan.spec)
        check_metric(plan.metric, prepared.task)
        plan_folds(prepared, plan.folds, plan.spec.seed)  # a bad fold count fails here, once
        data_keys = any(p.key.startswith("data.") or p.key == "seed" for p in plan.params)
        self._prepared = None if data_keys else prepared  # the same rows in every trial

    def __call__(self, trial: optuna.Trial) -> float:
        if trial.number >= self.plan.budget:  # another worker took the last trial meanwhile
            trial.set_user_attr("note", "over budget")
            trial.study.stop()
            raise optuna.TrialPruned("over budget")
        trial.set_user_attr("worker", self.worker)
        values = {p.key: _suggest(trial, p) for p in self.plan.params}
        spec = param_io.apply(self.plan.spec, self.plan.params, values)

        def on_epoch(epoch: int, score: float) -> None:
            if math.isfinite(score):
                trial.report(score, epoch)
            if trial.should_prune():
                trial.set_user_attr("note", f"pruned at epoch {epoch}")
                raise optuna.TrialPruned(f"pruned at epoch {epoch}")

        try:
            result = cross_validate(spec, self.plan.folds, self.plan.metric,
                                    prepared=self._prepared, on_epoch=on_epoch,
                                    should_stop=self.should_stop)
        except ValueError as exc:  # this configuration cannot train: a failed trial
            trial.set_user_attr("note", str(exc))
            raise
        trial.set_user_attr("scores", [finite_or_none(s) for s in result.scores])
        trial.set_user_attr("std", finite_or_none(result.std))
        if any(f.status == RunStatus.CANCELLED for f in result.folds):
            trial.set_user_attr("note", "cancelled")
            trial.study.stop()
            raise optuna.TrialPruned("cancelled")
        diverged = sum(f.status == RunStatus.DIVERGED for f in result.folds)
        if diverged:
            trial.set_user_attr("note", f"diverged in {diverged} of {len(result.folds)} folds")
        return result.mean


def _prepare(spec: Spec):
    from playground.core.data.raw import prepare

    return prepare(spec)


def trial_row(plan: SearchPlan, trial: optuna.trial.FrozenTrial) -> TrialRow:
    """A stored trial as a row of spec values and fold scores."""
    decoded = {}
    for p in plan.params:
        if p.key in trial.params:
            decoded[p.key] = param_io.decode(p, trial.params[p.key])
    state = trial.state.name.lower()
    scores = tuple(math.nan if s is None else float(s)
                   for s in trial.user_attrs.get("scores", ()))
    mean = float(trial.value) if trial.value is not None else math.nan
    std = trial.user_attrs.get("std")
    seconds = ((trial.datetime_complete - trial.datetime_start).total_seconds()
               if trial.datetime_complete and trial.datetime_start else 0.0)
    note = trial.user_attrs.get("note") or trial.system_attrs.get("fail_reason", "")
    return TrialRow(number=trial.number, state=state, params=decoded, mean=mean,
                    std=math.nan if std is None else float(std), scores=scores,
                    seconds=seconds, note=str(note).splitlines()[0] if note else "",
                    worker=int(trial.user_attrs.get("worker", 0)))


def collect(plan: SearchPlan, study: optuna.Study) -> tuple[TrialRow, ...]:
    """The rows of every trial within the budget (over-budget stand-ins left out)."""
    trials = study.get_trials(deepcopy=False)
    return tuple(trial_row(plan, t) for t in sorted(trials, key=lambda t: t.number)
                 if t.number < plan.budget)


def work(plan: SearchPlan, storage: optuna.storages.BaseStorage, worker: int = 0,
         on_trial: TrialHook | None = None,
         should_stop: Callable[[], bool] | None = None) -> optuna.Study:
    """Run trials of the plan's study on this process until its budget is used up."""
    study = open_study(plan, storage, worker)
    objective = _Objective(plan, should_stop, worker)

    def after_trial(study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        if on_trial is not None and trial.number < plan.budget:
            on_trial(trial_row(plan, trial))
        if len(study.get_trials(deepcopy=False)) >= plan.budget or (
                should_stop is not None and should_stop()):
            study.stop()

    if len(study.get_trials(deepcopy=False)) < plan.budget:
        # A configuration the spec rejects (a cross-field rule) is a failed trial, not the end.
        study.optimize(objective, callbacks=[after_trial], catch=(ValueError,))
    return study


def run_search(plan: SearchPlan, storage: str | None = None, *, workers: int = 1,
               on_trial: TrialHook | None = None,
               should_stop: Callable[[], bool] | None = None) -> SearchResult:
    """Run the search in this process, or in ``workers`` processes sharing one storage
    (a temporary journal file when none is named). Returns every trial's row."""
    started = time.perf_counter()
    if workers < 1:
        raise SearchError(f"workers: {workers} is not allowed; expected at least 1")
    if workers == 1:
        study = work(plan, open_storage(storage), 0, on_trial, should_stop)
        rows = collect(plan, study)
    else:
        with tempfile.TemporaryDirectory(prefix="playground-search-") as tmp:
            url = storage or str(Path(tmp) / "study.journal")
            rows = _run_processes(plan, url, workers, on_trial, should_stop)
    label = storage or ("" if workers == 1 else "temporary journal file")
    return SearchResult(plan=plan, rows=rows, storage=label,
                        extra={"workers": workers,
                               "seconds": round(time.perf_counter() - started, 3)})


def _run_processes(plan: SearchPlan, url: str, workers: int, on_trial: TrialHook | None,
                   should_stop: Callable[[], bool] | None) -> tuple[TrialRow, ...]:
    storage = open_storage(url)
    open_study(plan, storage)  # created once here, so workers never race to create it
    ctx = multiprocessing.get_context("spawn")  # fork would copy torch's thread pools
    stop = ctx.Event()
    procs = [ctx.Process(target=worker_main, args=(plan, url, i, stop), daemon=True)
             for i in range(workers)]
    for proc in procs:
        proc.start()
    seen: set[int] = set()
    try:
        while any(p.is_alive() for p in procs):
            if should_stop is not None and should_stop():
                stop.set()
            _report_new(plan, storage, seen, on_trial)
            time.sleep(0.2)
    finally:
        stop.set()
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.terminate()
                proc.join()
    _report_new(plan, storage, seen, on_trial)
    failed = [p.exitcode for p in procs if p.exitcode not in (0, None)]
    if failed and not (should_stop and should_stop()):
        raise SearchError(f"a search worker process failed (exit code {failed[0]})")
    return collect(plan, open_study(plan, storage))


def _report_new(plan: SearchPlan, storage: optuna.storages.BaseStorage, seen: set[int],
                on_trial: TrialHook | None) -> None:
    if on_trial is None:
        return
    study = optuna.load_study(study_name=plan.name, storage=storage)
    for trial in study.get_trials(deepcopy=False):
        if trial.state.is_finished() and trial.number not in seen and trial.number < plan.budget:
            seen.add(trial.number)
            on_trial(trial_row(plan, trial))


def worker_main(plan: SearchPlan, url: str, worker: int, stop: Any = None) -> None:
    """Entry point of one worker process: join the study at ``url`` and run trials."""
    optuna.logging.set_verbosity(optuna.logging.ERROR)  # failures are reported in the rows
    work(plan, open_storage(url), worker, should_stop=None if stop is None else stop.is_set)


def best_spec(result: SearchResult) -> Spec | None:
    """The experiment with the best trial's values, or None when no trial completed."""
    best = result.best
    return None if best is None else result.plan.spec.replace(best.params)

