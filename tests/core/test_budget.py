"""Memory budgets (issue 13): a model or dataset that cannot fit is refused before it is
allocated, with both figures in one line; estimates are checked against real allocations."""

from __future__ import annotations

import pytest
import torch

from playground.cli import main
from playground.cli.errors import EXIT_BAD_INPUT
from playground.core import budget
from playground.core.budget import MemoryBudgetError, format_bytes, model_bytes
from playground.core.spec import Spec
from playground.core.train.trainer import Trainer

WIDE = [{"type": "dense", "units": 65536, "activation": "relu"}] * 2


def test_the_issue_network_is_refused_at_once_with_both_figures(monkeypatch):
    monkeypatch.setenv(budget.BUDGET_ENV, "8G")
    with pytest.raises(MemoryBudgetError) as exc:
        Trainer(Spec({"model.layers": WIDE}))
    text = str(exc.value)
    assert "4,295,294,977 parameters" in text and "8.0 GB is available" in text
    assert "GB to train" in text and "\n" not in text


def test_the_cli_refuses_it_with_exit_2(monkeypatch, capsys):
    monkeypatch.setenv(budget.BUDGET_ENV, "2G")
    code = main(["train", "tfp-circle", "--set", "model.layers=[{\"type\": \"dense\", "
                 "\"units\": 65536}, {\"type\": \"dense\", \"units\": 65536}]", "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT and err.startswith("error: this network needs about")
    assert err.count("\n") == 1


def test_generated_samples_beyond_the_budget_are_refused(monkeypatch):
    monkeypatch.setenv(budget.BUDGET_ENV, "1G")
    with pytest.raises(MemoryBudgetError, match=r"data.samples: 10,000,000 rows of "
                       r"highdim-linear \(200 inputs\).*1.0 GB is available"):
        Trainer(Spec({"data.dataset": "highdim-linear", "data.samples": 10_000_000,
                      "data.features": None}))


def test_presets_fit_a_modest_budget(monkeypatch):
    monkeypatch.setenv(budget.BUDGET_ENV, "1G")
    Trainer(Spec({"data.dataset": "spiral", "model.layers": [
        {"type": "dense", "units": 256, "activation": "relu"}] * 4,
        "training.optimizer": "adam"}))


def test_the_override_can_turn_the_check_off(monkeypatch):
    monkeypatch.setenv(budget.BUDGET_ENV, "off")
    assert budget.budget().bytes is None
    monkeypatch.setenv(budget.BUDGET_ENV, "512M")
    assert budget.budget().bytes == 512_000_000
    monkeypatch.delenv(budget.BUDGET_ENV)
    free = budget.available_ram()
    assert free is None or budget.budget().bytes == int(free * budget.USABLE_SHARE)


def test_the_parameter_count_is_torchs():
    spec = Spec({"model.layers": [{"type": "dense", "units": 7, "activation": "tanh"},
                                  {"type": "batchnorm"},
                                  {"type": "dense", "units": 5, "activation": "relu"}]})
    trainer = Trainer(spec)
    params, _ = model_bytes([2, 7, 5, 1], 7, "sgd", 10, 250, True)
    assert params == sum(p.numel() for p in trainer.model.parameters())


def test_the_estimate_covers_what_torch_allocates_for_weights_and_adam_state():
    widths = [512, 1024, 1024, 10]
    layers = [torch.nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:], strict=True)]
    params = [p for layer in layers for p in layer.parameters()]
    opt = torch.optim.Adam(params)
    loss = torch.nn.Sequential(*layers)(torch.randn(64, 512)).sum()
    loss.backward()
    opt.step()
    held = sum(p.numel() * 4 * 2 for p in params)  # values and gradients
    held += sum(t.numel() * 4 for s in opt.state.values() for t in s.values()
                if torch.is_tensor(t) and t.dim())
    _, estimate = model_bytes(widths, 0, "adam", 64, 64, False)
    assert held <= estimate <= 3 * held


def test_format_bytes():
    assert [format_bytes(n) for n in (12, 3_400_000, 17.2e9)] == ["12 B", "3.4 MB", "17.2 GB"]


def test_on_a_gpu_the_budget_is_its_free_memory_not_ram(monkeypatch):
    """The CUDA path, without a GPU: torch.cuda.mem_get_info answers as a 16 GB card with
    1 GB free would (CI has no GPU; a device machine runs the real one)."""
    monkeypatch.delenv(budget.BUDGET_ENV, raising=False)
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device=None: (10**9, 16 * 10**9))
    gpu = budget.budget("cuda:0")
    assert gpu.bytes == int(10**9 * budget.USABLE_SHARE)
    assert "free GPU memory" in gpu.source and "1.0 GB" in gpu.source
    layers = [{"type": "dense", "units": 8192, "activation": "relu"}] * 2  # ~0.3 GB of weights
    spec = Spec({"model.layers": layers})
    with pytest.raises(MemoryBudgetError, match="free GPU memory"):
        budget.check_model(spec, 2, 1, 250, 250, True, "cuda:0")
    budget.check_model(spec, 2, 1, 250, 250, True, "cpu")  # it fits the RAM here


def test_without_cuda_after_all_the_gpu_budget_falls_back_to_ram(monkeypatch):
    monkeypatch.delenv(budget.BUDGET_ENV, raising=False)

    def no_cuda(device=None):
        raise RuntimeError("Found no NVIDIA driver on your system.")

    monkeypatch.setattr(torch.cuda, "mem_get_info", no_cuda)
    fallback = budget.budget("cuda")
    assert "GPU" not in fallback.source and fallback.source.endswith("of free memory")
