"""``playground path``: JSON and table output, exit codes, one-line errors."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.cli import path as lab_cli

ROOT = Path(__file__).resolve().parents[3]


def _parser() -> argparse.ArgumentParser:
    # Stand-in for the main CLI: it owns the parser and calls register().
    parser = argparse.ArgumentParser(prog="playground")
    lab_cli.register(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    args = _parser().parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_register_json_matches_the_seed_path(capsys) -> None:
    code, out, err = _run(["path", "--surface", "x**2 + y**2 + 2*y + 5", "--optimizer", "gd",
                           "--lr", "0.1", "--start", "-2", "3", "--steps", "2", "--json"], capsys)
    assert code == 0 and err == ""
    data = json.loads(out)
    np.testing.assert_allclose(data["path"], [[-2, 3], [-1.6, 2.2], [-1.28, 1.56]], rtol=1e-12)
    np.testing.assert_allclose(data["values"], [24.0, 16.8, 12.192], rtol=1e-12)
    assert data["optimizer"] == "SGD" and data["hyperparameters"]["lr"] == 0.1
    assert data["diverged"] is False


def test_json_gd_is_geometric_on_a_quadratic(capsys) -> None:
    code, out, _ = _run(["path", "--surface", "0.1*x**2 + 2*y**2", "--lr", "0.4",
                         "--start", "-5", "-2", "--steps", "20", "--json"], capsys)
    assert code == 0
    path = np.array(json.loads(out)["path"])
    k = np.arange(21)
    np.testing.assert_allclose(path[:, 0], -5 * 0.92**k, rtol=1e-12)
    np.testing.assert_allclose(path[:, 1], -2 * (-0.6) ** k, rtol=1e-12)


def test_params_under_torch_names(capsys) -> None:
    code, out, _ = _run(["path", "--surface", "rosenbrock", "--optimizer", "adam", "--lr", "0.05",
                         "--param", "betas=0.8,0.99", "--param", "eps=1e-6",
                         "--param", "weight_decay=0.01", "--steps", "5", "--json"], capsys)
    assert code == 0
    hyper = json.loads(out)["hyperparameters"]
    assert hyper["betas"] == [0.8, 0.99] and hyper["eps"] == 1e-6
    assert hyper["weight_decay"] == 0.01
    code, out, _ = _run(["path", "--surface", "course-bowl-b", "--optimizer", "sgd", "--lr",
                         "0.01", "--param", "momentum=0.9", "--param", "nesterov=true",
                         "--param", "dampening=0", "--steps", "3", "--json"], capsys)
    hyper = json.loads(out)["hyperparameters"]
    assert code == 0 and hyper["momentum"] == 0.9 and hyper["nesterov"] is True


def test_table_output_and_defaults(capsys) -> None:
    code, out, _ = _run(["path", "--surface", "course-3.3", "--lr", "0.1", "--steps", "2"],
                        capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("# surface:") and "SGD lr=0.1" in lines[1]
    assert lines[2] == "step x y f"
    assert lines[3:] == ["0 -2 3 24", "1 -1.6 2.2 16.8", "2 -1.28 1.56 12.192"]


def test_one_dimensional_and_parametric_surfaces(capsys) -> None:
    code, out, _ = _run(["path", "--surface", "wiggle-1d", "--start", "1", "--steps", "3",
                         "--lr", "0.01", "--json"], capsys)
    assert code == 0 and np.array(json.loads(out)["path"]).shape == (4, 1)
    code, out, _ = _run(["path", "--surface", "bowl", "--surface-param", "condition=4",
                         "--surface-param", "rotation=45", "--steps", "1", "--json"], capsys)
    assert code == 0 and "0.7071" in json.loads(out)["formula"]


def test_divergence_is_reported_with_exit_zero(capsys) -> None:
    code, out, _ = _run(["path", "--surface", "course-3.3", "--lr", "1.5", "--steps", "500",
                         "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["diverged"] is True and "diverged" in data["message"]
    assert len(data["path"]) < 501
    code, out, _ = _run(["path", "--surface", "course-3.3", "--lr", "1.5", "--steps", "500"],
                        capsys)
    assert out.splitlines()[-1].startswith("# diverged at step")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--surface", "rosenbrok"], "unknown surface 'rosenbrok'"),
        (["--surface", "x +* 2"], "expected a term after + at column 4"),
        (["--surface", "__import__('os').system('true')"], "not allowed"),
        (["--surface", "x.real"], "attribute access"),
        (["--surface", "x**2", "--optimizer", "lion"], "unknown optimizer 'lion'"),
        (["--surface", "x**2", "--param", "moment=0.9"], "no parameter 'moment'"),
        (["--surface", "x**2", "--param", "momentum"], "NAME=VALUE"),
        (["--surface", "x**2", "--param", "momentum=lots"], "must be a number"),
        (["--surface", "x**2", "--lr", "fast"], "--lr must be a number"),
        (["--surface", "x**2", "--lr", "nan"], "--lr must be finite"),
        (["--surface", "x**2", "--lr", "-1"], "learning rate"),
        (["--surface", "x**2", "--start", "1"], "--start needs 2"),
        (["--surface", "x**2", "--start", "a", "b"], "--start must be a number"),
        (["--surface", "x**2", "--steps", "2.5"], "--steps must be a whole number"),
        (["--surface", "x**2", "--steps", "10000000"], "--steps must be between"),
        (["--surface", "x**2", "--noise", "-1"], "noise_std"),
        (["--surface", "x**2", "--seed", "s"], "--seed must be a whole number"),
        (["--surface", "rosenbrock", "--surface-param", "a=1"], "takes no parameters"),
        (["--surface", "bowl", "--surface-param", "condition=x"], "must be a number"),
        (["--surface", "bowl", "--surface-param", "condition=0.1"], "condition"),
        (["--surface", "nesterov", "--optimizer", "nesterov"], "unknown surface"),
        (["--surface", "x**2", "--optimizer", "nesterov", "--param", "momentum=0"],
         "Nesterov momentum requires"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, fragment, capsys) -> None:
    code = lab_cli.main(["path", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("playground path: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_module_entry_point_runs_in_a_subprocess() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "playground.cli.path", "path", "--surface", "course-3.3",
         "--lr", "0.1", "--start", "-2", "3", "--steps", "2", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["path"][1] == pytest.approx([-1.6, 2.2])
    bad = subprocess.run(
        [sys.executable, "-m", "playground.cli.path", "path", "--surface", "open(1)"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr
