"""The benchmark scripts' cases run to their end (a bench that hangs measures nothing)."""

import importlib.util
import pathlib

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench"


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.timeout(60)
def test_the_snapshot_case_reaches_100k_epochs_of_history():
    """Past 100k entries the history thins; the case still gets its 100k epochs."""
    figures = _bench("engine_bench").snapshot_cost(3)
    assert figures["ms_per_frame_1k"] > 0 and figures["ms_per_frame_100k"] > 0
    assert figures["pickled_bytes_100k"] > 0
    assert figures["ratio_100k_over_1k"] == pytest.approx(
        figures["ms_per_frame_100k"] / figures["ms_per_frame_1k"], abs=0.01)


def test_the_gpu_check_says_when_there_is_no_gpu(monkeypatch, capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the check would run the case")
    module = _bench("engine_bench")
    monkeypatch.setattr("sys.argv", ["engine_bench.py", "--gpu-check"])
    assert module.main() == 0
    assert "no CUDA device" in capsys.readouterr().out


@pytest.mark.timeout(60)
def test_one_case_alone(monkeypatch, capsys):
    module = _bench("engine_bench")
    monkeypatch.setattr("sys.argv", ["engine_bench.py", "--quick", "--only", "snapshot_cost"])
    assert module.main() == 0
    out = capsys.readouterr().out
    assert '"snapshot_cost"' in out and '"spiral_4_2"' not in out
