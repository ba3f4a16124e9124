"""Build a torch module from the spec: hidden layers in order, then the derived output layer."""

from __future__ import annotations

import torch
from torch import nn

from playground.core.model.head import Head
from playground.core.model.registry import ACTIVATIONS, INITS
from playground.core.spec import Spec


class SeededDropout(nn.Module):
    """Inverted dropout drawing its masks from a torch.Generator, not the global RNG.

    The generator is not part of the state dict; in eval mode (and in exports) it is identity.
    """

    def __init__(self, p: float, generator: torch.Generator | None = None):
        super().__init__()
        self.p = p
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        keep = torch.rand(x.shape, generator=self.generator, device=x.device) >= self.p
        # The scaled mask built outside autograd: one multiply in the graph, not two ops.
        return x * keep.to(x.dtype).mul_(1.0 / (1.0 - self.p))

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Network(nn.Module):
    """A feed-forward network; ``body`` is an nn.Sequential (state-dict keys ``body.N.*``).

    ``taps`` are the body indices whose outputs are the hidden dense layers' activations, in
    order, so views can show every neuron's response.
    """

    def __init__(self, body: nn.Sequential, taps: tuple[int, ...]):
        super().__init__()
        self.body = body
        self.taps = taps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)

    def forward_with_hidden(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """Output and the activations of each hidden dense layer (n, units)."""
        hidden = []
        taps = set(self.taps)
        for i, module in enumerate(self.body):
            x = module(x)
            if i in taps:
                hidden.append(x)
        return x, hidden

    def dense_layers(self) -> list[nn.Linear]:
        """Every nn.Linear in order, the output layer last."""
        return [m for m in self.body if isinstance(m, nn.Linear)]


def build_model(spec: Spec, n_inputs: int, head: Head,
                generator: torch.Generator | None = None) -> Network:
    """The spec's network for ``n_inputs`` features, initialised from ``generator``.

    Pass the same seeded generator to get the same weights; ``None`` seeds one from spec.seed.
    """
    if generator is None:
        generator = torch.Generator().manual_seed(spec.seed)
    init = INITS[spec.model.init]
    modules: list[nn.Module] = []
    taps: list[int] = []
    width = n_inputs
    for layer in spec.model.layers:
        if layer.type == "dense":
            linear = nn.Linear(width, layer.units)
            init(linear, spec, generator)
            modules += [linear, ACTIVATIONS[layer.activation].build(spec)]
            taps.append(len(modules) - 1)
            width = layer.units
        elif layer.type == "dropout":
            modules.append(SeededDropout(layer.p, generator))
        else:
            modules.append(nn.BatchNorm1d(width))
    out = nn.Linear(width, head.n_outputs)
    init(out, spec, generator)
    modules.append(out)
    if head.activation != "linear":
        modules.append(ACTIVATIONS[head.activation].build(spec))
    return Network(nn.Sequential(*modules), tuple(taps))
