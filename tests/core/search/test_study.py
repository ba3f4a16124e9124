"""The Optuna search: best configuration on a known problem, pruning, samplers, storage, and
two worker processes completing one study without running a grid point twice."""

import json

import optuna
import pytest

from playground.core.search.params import parse_params, split_top_level
from playground.core.search.study import SearchError, SearchPlan, best_spec, run_search
from playground.core.spec import Spec, SpecError

# y = 2 x1 - 3.4 x2 + 4.2 + noise, fitted by a linear model: lr 1e-5 barely moves in 8 epochs.
LINEAR = Spec({"data.dataset": "linear", "data.samples": 120, "model.layers": [],
               "training.loss": "half_mse", "training.learning_rate": 0.03,
               "training.epochs": 8, "seed": 4})


@pytest.fixture(autouse=True)
def _quiet_optuna():
    level = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    yield
    optuna.logging.set_verbosity(level)


def plan(items, **kw):
    return SearchPlan(LINEAR, parse_params(items, LINEAR), **kw)


def test_grid_search_finds_the_learning_rate_that_fits_and_rejects_l2():
    result = run_search(plan(["training.learning_rate=0.00001,0.03",
                              "training.l2=0,3"], folds=2, prune=False))
    assert len(result.rows) == 4 and {r.state for r in result.rows} == {"complete"}
    points = {(r.params["training.learning_rate"], r.params["training.l2"]) for r in result.rows}
    assert points == {(1e-5, 0), (1e-5, 3), (0.03, 0), (0.03, 3)}
    best = result.best
    assert best.params == {"training.learning_rate": 0.03, "training.l2": 0}
    by_point = {(r.params["training.learning_rate"], r.params["training.l2"]): r
                for r in result.rows}
    assert by_point[(1e-5, 0)].mean > 3 * best.mean  # the too-small step clearly loses
    for row in result.rows:
        assert row.mean == pytest.approx(sum(row.scores) / len(row.scores))
        assert len(row.scores) == 2 and row.std >= 0
    applied = best_spec(result)
    assert applied.training.learning_rate == 0.03 and applied.training.l2 == 0
    assert json.loads(json.dumps(result.to_dict()))["best"]["number"] == best.number


def test_median_pruner_abandons_hopeless_learning_rates():
    result = run_search(plan(["training.learning_rate=0.00001,0.00002,0.00003,0.03,0.02,0.01"],
                             folds=2))
    pruned = [r for r in result.rows if r.state == "pruned"]
    assert pruned and all(r.params["training.learning_rate"] < 1e-4 for r in pruned)
    assert all(r.note.startswith("pruned at epoch") for r in pruned)
    assert result.best.params["training.learning_rate"] == 0.03


@pytest.mark.parametrize("sampler", ["random", "tpe"])
def test_random_and_tpe_sample_ranges_within_bounds(sampler):
    result = run_search(plan(["training.learning_rate=log:0.00001..0.1",
                              "training.batch_size=5..40"], folds=2, sampler=sampler,
                             trials=5, prune=False))
    assert len(result.rows) == 5
    for row in result.rows:
        assert 1e-5 <= row.params["training.learning_rate"] <= 0.1
        assert isinstance(row.params["training.batch_size"], int)
        assert 5 <= row.params["training.batch_size"] <= 40
    assert result.best.mean == min(r.mean for r in result.rows)


def test_two_worker_processes_share_one_study_without_repeating_a_grid_point(tmp_path):
    storage = str(tmp_path / "study.journal")
    items = ["training.learning_rate=0.001,0.003,0.01,0.03", "training.l2=0,0.1"]
    result = run_search(plan(items, folds=2, prune=False), storage, workers=2)
    points = [tuple(r.params.values()) for r in result.rows]
    assert len(points) == 8 and len(set(points)) == 8  # every point once, none twice
    assert {r.state for r in result.rows} == {"complete"}
    assert {r.worker for r in result.rows} == {0, 1}  # both processes took trials
    # The study is in the file: a rerun (or another machine) resumes it and adds nothing.
    again = run_search(plan(items, folds=2, prune=False), storage)
    assert [r.number for r in again.rows] == list(range(8))
    stored = optuna.load_study(study_name=result.plan.name,
                               storage=optuna.storages.JournalStorage(
                                   optuna.storages.journal.JournalFileBackend(storage)))
    assert len(stored.trials) == 8


def test_sqlite_file_storage_keeps_the_study(tmp_path):
    storage = str(tmp_path / "study.db")
    first = run_search(plan(["training.l2=0,1"], folds=2, trials=1, prune=False), storage)
    assert len(first.rows) == 1
    with pytest.raises(SearchError, match="different search"):
        run_search(plan(["training.l2=0,2"], folds=2, study_name=first.plan.name), storage)
    second = run_search(plan(["training.l2=0,1"], folds=2, prune=False), storage)
    assert sorted(r.number for r in second.rows) == [0, 1]  # the first trial was kept


def test_bad_params_are_spec_errors_naming_the_field():
    with pytest.raises(SpecError, match="training.lr.*did you mean"):
        parse_params(["training.lr=0.1"], LINEAR)
    with pytest.raises(SpecError, match="training.learning_rate: -1"):
        parse_params(["training.learning_rate=0.1,-1"], LINEAR)
    with pytest.raises(SpecError, match="distinct"):
        parse_params(["training.l2=1,1"], LINEAR)
    with pytest.raises(SpecError, match="LO < HI"):
        parse_params(["training.l2=3..1"], LINEAR)
    with pytest.raises(SpecError, match="ranges need random or tpe"):
        plan(["training.l2=0..1"])
    with pytest.raises(SearchError, match="sampler"):
        plan(["training.l2=0,1"], sampler="bayes")


def test_list_valued_fields_are_choices_of_whole_values():
    assert split_top_level('[],[{"type": "dense", "units": 8}], "a,b"') == [
        "[]", '[{"type": "dense", "units": 8}]', '"a,b"']
    params = parse_params(['model.layers=[],[{"type": "dense", "units": 3}]'], LINEAR)
    result = run_search(SearchPlan(LINEAR.replace({"training.epochs": 1}), params, folds=2))
    assert sorted(len(r.params["model.layers"]) for r in result.rows) == [0, 1]
