"""Lesson files: the loader, goal terms, measures and every bundled lesson's check."""

import math
from pathlib import Path

import numpy as np
import pytest

from playground.cli import main
from playground.core.course import lessons as lessons_module
from playground.core.course.check import check_lesson
from playground.core.course.goals import GoalError, Reference, Term, evaluate, parse_goal
from playground.core.course.lessons import LessonError, load_course, parse_lesson
from playground.core.course.measures import snapshot_measures, split_targets, trainer_measures
from playground.core.spec import Spec
from playground.core.train.trainer import Trainer, fit

COURSE = load_course()
MINIMAL = """+++
id = "tiny"
title = "A tiny lesson"
chapter = "linear"
section = "3.2"
views = ["curve"]
try = ["Change something."]
[experiment]
data = {dataset = "house", train_fraction = 1.0}
model = {layers = []}
training = {loss = "mse", solver = "lstsq", epochs = 1}
[runs.gd]
set = {"training.solver" = "gradient", "training.epochs" = 2}
[[goal]]
metric = "train_loss"
op = "<="
than = {run = "gd", metric = "train_loss"}
+++
Some *Markdown* text.
"""


# ------------------------------------------------------------------------------ goals
@pytest.mark.parametrize("op, measured, bound, tol, holds", [
    (">=", 0.95, 0.95, 0.0, True), (">=", 0.94, 0.95, 0.0, False), (">=", 0.94, 0.95, 0.02, True),
    (">", 0.95, 0.95, 0.0, False), ("<=", 1.0, 1.0, 0.0, True), ("<", 1.0, 1.0, 0.0, False),
    ("<", 1.01, 1.0, 0.02, True), ("~=", 0.996, 1.0, 0.005, True), ("~=", 0.99, 1.0, 0.005, False),
    (">=", math.nan, 0.0, 0.0, False), (">=", math.inf, 0.0, 0.0, False),
])
def test_term_semantics_with_tolerance(op, measured, bound, tol, holds):
    term = Term("m", op, value=bound, tolerance=tol)
    assert evaluate([term], {"m": measured}).holds is holds


def test_comparison_with_a_reference_run_and_the_same_run():
    terms = parse_goal([
        {"metric": "test_loss", "op": "<", "than": {"run": "base", "metric": "test_loss",
                                                    "factor": 0.5}},
        {"metric": "train_loss", "op": "<", "than": {"metric": "test_loss", "factor": 0.1}},
    ])
    assert terms[0].than == Reference("test_loss", "base", 0.5)
    result = evaluate(terms, {"test_loss": 0.4, "train_loss": 0.03}, {"base": {"test_loss": 1.0}})
    assert result.holds and [t.bound for t in result.terms] == [0.5, pytest.approx(0.04)]
    assert not evaluate(terms, {"test_loss": 0.6, "train_loss": 0.03},
                        {"base": {"test_loss": 1.0}}).holds
    missing = evaluate(terms, {"test_loss": 0.4, "train_loss": 0.03})  # reference not run yet
    assert not missing.holds and missing.terms[0].bound is None
    assert "0.5 × test_loss of run 'base'" in terms[0].text()


def test_a_missing_figure_does_not_hold():
    result = evaluate(parse_goal({"metric": "test_r2", "op": ">=", "value": 0.9}), {})
    assert not result.holds and result.terms[0].measured is None


@pytest.mark.parametrize("goal, words", [
    (None, "non-empty list"), ([], "non-empty list"), ("test_r2 > 0.9", "non-empty list"),
    ({"metric": "x", "op": "=>", "value": 1}, "not one of"),
    ({"metric": "x", "op": ">", "value": 1, "than": {"metric": "y"}}, "exactly one"),
    ({"metric": "x", "op": ">"}, "exactly one"),
    ({"metric": "x", "op": ">", "value": True}, "finite number"),
    ({"metric": "x", "op": ">", "value": "__import__('os')"}, "finite number"),
    ({"metric": "x", "op": ">", "value": 1, "tolerance": -1}, ">= 0"),
    ({"metric": "x", "op": ">", "value": 1, "why": 2}, "unknown key"),
    ({"metric": "x", "op": ">", "than": {"metric": "y", "runs": "a"}}, "unknown key"),
    ({"metric": "", "op": ">", "value": 1}, "figure name"),
])
def test_bad_goals_are_clear_errors(goal, words):
    with pytest.raises(GoalError) as info:
        parse_goal(goal)
    assert words in str(info.value)


# --------------------------------------------------------------------------- loader
def test_a_lesson_file_parses():
    lesson = parse_lesson(MINIMAL)
    assert (lesson.id, lesson.title, lesson.section, lesson.views) == (
        "tiny", "A tiny lesson", "3.2", ("curve",))
    assert lesson.spec.training.solver == "lstsq" and lesson.epochs == 1
    assert lesson.runs["gd"].spec.training.solver == "gradient"
    assert lesson.runs["gd"].spec.data.dataset == "house"  # runs change only what they set
    assert lesson.body == "Some *Markdown* text.\n" and lesson.try_ == ("Change something.",)


@pytest.mark.parametrize("change, words", [
    (lambda t: t.replace("+++\nid", "id", 1), "starts with a "),
    (lambda t: t.rsplit("+++", 1)[0], "no closing"),
    (lambda t: t.replace('views = ["curve"]', 'views = ["movie"]'), "view 'movie'"),
    (lambda t: t.replace('run = "gd"', 'run = "other"'), "run 'other'"),
    (lambda t: t.replace('section = "3.2"', 'sektion = "3.2"'), "unknown front matter"),
    (lambda t: t.replace('dataset = "house"', 'dataset = 3'), "experiment"),
    (lambda t: t.replace('"training.epochs" = 2', '"training.epoch" = 2'), "runs.gd"),
    (lambda t: t.replace('op = "<="', 'op = "<=="'), "goal"),
    (lambda t: t.replace('title = "A tiny lesson"', "title = [1"), "not valid TOML"),
])
def test_bad_lesson_files_name_the_problem(change, words):
    with pytest.raises(LessonError) as info:
        parse_lesson(change(MINIMAL), "tiny.md")
    assert words in str(info.value) and str(info.value).startswith("tiny.md")


def _course_folder(tmp_path: Path, translated: str | None = None) -> Path:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "course.toml").write_text(
        '[[chapter]]\nid = "linear"\ntitle = "Linear regression"\n', encoding="utf-8")
    (tmp_path / "en" / "01-tiny.md").write_text(MINIMAL, encoding="utf-8")
    if translated is not None:
        (tmp_path / "zh_CN").mkdir()
        (tmp_path / "zh_CN" / "01-tiny.md").write_text(translated, encoding="utf-8")
    return tmp_path


def test_a_translation_replaces_only_the_words(tmp_path):
    folder = _course_folder(tmp_path, '+++\ntitle = "线性回归"\ntry = ["试试"]\n+++\n正文\n')
    lesson = load_course("zh_CN", folder).find("tiny")
    assert (lesson.title, lesson.try_, lesson.body) == ("线性回归", ("试试",), "正文\n")
    assert lesson.spec == load_course("en", folder).find("tiny").spec
    assert load_course("fr", folder).find("tiny").title == "A tiny lesson"  # falls back


def test_a_translation_cannot_change_the_experiment(tmp_path):
    folder = _course_folder(tmp_path, '+++\ntitle = "x"\n[experiment]\nseed = 3\n+++\n')
    with pytest.raises(LessonError, match="only title, try and the text"):
        load_course("zh_CN", folder)


def test_unknown_chapter_and_duplicate_ids_are_errors(tmp_path):
    folder = _course_folder(tmp_path)
    (folder / "en" / "02-copy.md").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(LessonError, match="used by another lesson"):
        load_course("en", folder)
    (folder / "en" / "02-copy.md").write_text(
        MINIMAL.replace('id = "tiny"', 'id = "b"').replace('"linear"', '"nope"'), "utf-8")
    with pytest.raises(LessonError, match="not in course.toml"):
        load_course("en", folder)


def test_the_bundled_course_covers_the_notes():
    chapters = {c.id: c for c in COURSE.chapters}
    assert list(chapters) == ["linear", "polynomial", "gd", "classification", "mlp", "metrics",
                              "regularization", "dropout", "weight-decay", "cv", "activations",
                              "multilabel", "stability"]
    assert all(c.lessons for c in chapters.values()), "every chapter has a lesson"
    ids = [lesson.id for lesson in COURSE.lessons()]
    assert len(ids) == len(set(ids)) >= 20
    for lesson in COURSE.lessons():
        assert lesson.section and lesson.views and lesson.try_ and len(lesson.body) > 80
    assert COURSE.find("07-sine-degree-10").id == "sine-degree-10"  # file stem works too


def test_every_language_folder_names_the_same_chapters():
    folders = [p for p in lessons_module.LESSONS_DIR.iterdir() if p.is_dir()]
    assert {p.name for p in folders} >= {"en", "zh_CN"}
    english = [c.id for c in COURSE.chapters]
    for folder in folders:
        course = load_course(folder.name)
        assert [c.id for c in course.chapters] == english, folder.name
        assert [lesson.id for lesson in course.lessons()] == [x.id for x in COURSE.lessons()]
    assert load_course("zh_CN").chapters[0].title == "线性回归及其简洁实现"


# --------------------------------------------------------------------------- measures
def test_measures_from_a_snapshot_match_the_trainer():
    t = fit(Trainer(Spec({"data.dataset": "sine", "data.features": ["x", "x^2", "x^3"],
                          "model.layers": [{"type": "dense", "units": 3, "activation": "tanh"}],
                          "training.loss": "half_mse", "training.epochs": 5})), 5)
    live = snapshot_measures(t.snapshot(grid=False), split_targets(t.data), "half_mse")
    final = t.final_metrics()
    assert live["train_r2"] == pytest.approx(final["train_r2"], abs=1e-5)
    assert live["test_r2"] == pytest.approx(final["test_r2"], abs=1e-5)
    weights = [m.weight.detach().numpy() for m in t.model.dense_layers()]
    assert live["weight_norm"] == pytest.approx(
        math.sqrt(sum(float((w.astype(np.float64) ** 2).sum()) for w in weights)), rel=1e-6)
    first = weights[0]
    assert live["unit_spread"] == pytest.approx(float(np.abs(first - first[:1]).max()))
    every = np.concatenate([w.ravel() for w in weights])
    assert live["sparsity"] == pytest.approx(float(np.mean(np.abs(every) < 1e-3)))
    out = t.model.dense_layers()[-1]
    assert live["w3"] == pytest.approx(float(out.weight[0, 2].detach())) and "w4" not in live
    norms = t.grad_norm_history[-1]
    assert live["grad_ratio"] == pytest.approx(norms[0] / norms[-1], rel=1e-6)
    assert trainer_measures(t)["test_mae"] == final["test_mae"]


# ------------------------------------------------------------------------ every lesson
@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in COURSE.lessons()])
def test_every_lesson_reaches_its_goal(lesson_id):
    """The whole course takes ~20 s on the development machine (no lesson above 3 s), so the
    default suite runs every lesson's check."""
    lesson = COURSE.find(lesson_id)
    result = check_lesson(lesson)
    assert result.goal.holds, [(t.term.text(), t.measured, t.bound) for t in result.goal.terms]
    # The window ticks the same goal from snapshots: every figure is measured live, and alike.
    live = evaluate(lesson.goal, result.live, result.references)
    assert [t.measured is not None for t in live.terms] == [True] * len(live.terms)
    for headless, window in zip(result.goal.terms, live.terms, strict=True):
        assert window.measured == pytest.approx(headless.measured, rel=1e-4, abs=1e-6)
    assert live.holds


# --------------------------------------------------------------------------------- CLI
def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_the_tree(capsys):
    code, out, _ = run(capsys, "lessons")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == COURSE.chapters[0].title
    assert sum(line.startswith("  ") for line in lines) == len(COURSE.lessons())
    assert any(line.split()[0] == "sine-degree-10" for line in lines if line.startswith("  "))


def test_cli_check_exit_codes(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "lesson", "sine-degree-10", "--check")
    assert code == 0 and "goal holds" in out and "train_r2 ≈ 1 (± 0.005): measured 0.99" in out
    code, _, err = run(capsys, "lesson", "no-such-lesson", "--check")
    assert code == 2 and err.startswith("error: lesson: 'no-such-lesson'")
    # A goal that cannot hold: the least-squares fit beating itself.
    folder = _course_folder(tmp_path)
    (folder / "en" / "01-tiny.md").write_text(
        MINIMAL.replace('op = "<="', 'op = ">"').replace('run = "gd", ', ""), "utf-8")
    real = lessons_module.load_course
    monkeypatch.setattr(lessons_module, "load_course", lambda language: real(language, folder))
    code, out, _ = run(capsys, "lesson", "tiny", "--check")
    assert code == 1 and "MISS" in out and "goal not reached" in out
    code, out, _ = run(capsys, "lesson", "tiny")
    assert code == 0 and "Some *Markdown* text." in out and "goal: train_loss > train_loss" in out


def test_cli_pending_note(capsys):
    code, out, _ = run(capsys, "lesson", "cross-validation")
    assert code == 0 and "pending:" in out
