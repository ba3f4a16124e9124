"""The catalogue: every name a user can choose, with its title, formula and fields.

Metadata only, importable without torch: spec validation, the training panel, the network view,
the optimizer lab, the CLI listings and the README tables read these tables, and the
implementations are looked up by the same names where they live (``core.model.registry`` for
torch modules, losses and optimizers; ``core.data.datasets`` and ``core.data.features`` for data).
Adding an optimizer is one ``OptimizerInfo`` row here: its torch class is found by name and its
tunable hyperparameters are read from that class's signature.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# The kinds of task a loss can train: two classes, k classes, values, several labels per row.
TASK_KINDS = ("binary", "multiclass", "regression", "multilabel")


@dataclass(frozen=True)
class Entry:
    """A choosable name: what menus show (title), a one-line doc and its formula."""

    name: str
    title: str
    doc: str
    formula: str = ""


@dataclass(frozen=True)
class ActivationInfo(Entry):
    """An activation; ``derivative`` is the closed form used by the hand-written backward."""

    derivative: str = ""  # empty: autograd only
    params: tuple[str, ...] = ()  # spec fields it reads, e.g. model.leaky_slope


@dataclass(frozen=True)
class InitInfo(Entry):
    """A weight initialiser and the spec fields it reads."""

    params: tuple[str, ...] = ()


@dataclass(frozen=True)
class LossInfo(Entry):
    """A loss on the model's raw output.

    ``target`` says what the target tensor holds: "value" (float, the output's shape),
    "index" (int64 class) or "logit01" (0/1 per unit, sigmoid applied inside the loss).
    """

    target: str = "value"
    tasks: tuple[str, ...] = TASK_KINDS  # the task kinds it can train


@dataclass(frozen=True)
class OptimizerInfo(Entry):
    """A torch.optim optimizer: its class name and the training.* fields passed to it."""

    torch_name: str = ""  # attribute of torch.optim
    fields: tuple[str, ...] = ()  # training.<name> fields, passed under the same torch name
    fixed: tuple[tuple[str, Any], ...] = ()  # constant keyword arguments (name, value)
    closure: bool = False  # step(closure) re-evaluates the loss (quasi-Newton line search)

    def torch_class(self) -> type:
        """The torch.optim class (imports torch)."""
        import torch.optim

        return getattr(torch.optim, self.torch_name)

    def hyperparameters(self) -> dict[str, Any]:
        """Keyword arguments of the torch class with a default (lr included), from its
        signature, so a keyword a new torch adds shows up without an edit here."""
        params = inspect.signature(self.torch_class().__init__).parameters
        return {k: p.default for k, p in params.items()
                if p.default is not inspect.Parameter.empty}


@dataclass(frozen=True)
class ScheduleInfo(Entry):
    """A per-epoch learning-rate schedule and the keys of its object in the spec."""

    fields: tuple[str, ...] = ()


def _table(*entries: Entry) -> Mapping[str, Any]:
    return MappingProxyType({e.name: e for e in entries})


ACTIVATIONS: Mapping[str, ActivationInfo] = _table(
    ActivationInfo("relu", "ReLU", "rectified linear unit", "max(0, x)", "1 if x > 0 else 0"),
    ActivationInfo("leaky_relu", "Leaky ReLU", "ReLU with a small slope for x < 0",
                   "x if x > 0 else γ x", "1 if x > 0 else γ", ("model.leaky_slope",)),
    ActivationInfo("prelu", "PReLU", "leaky ReLU with a learnt slope", "x if x > 0 else a x"),
    ActivationInfo("elu", "ELU", "exponential linear unit", "x if x > 0 else exp(x) - 1",
                   "1 if x > 0 else exp(x)"),
    ActivationInfo("gelu", "GELU", "Gaussian error linear unit", "x Φ(x)"),
    ActivationInfo("silu", "SiLU (swish)", "x times its sigmoid", "x σ(x)",
                   "σ(x) (1 + x (1 - σ(x)))"),
    ActivationInfo("sigmoid", "Sigmoid", "the logistic function", "1 / (1 + exp(-x))",
                   "σ(x) (1 - σ(x))"),
    ActivationInfo("tanh", "Tanh", "hyperbolic tangent", "tanh(x)", "1 - tanh²(x)"),
    ActivationInfo("softplus", "Softplus", "a smooth ReLU", "log(1 + exp(x))", "σ(x)"),
    ActivationInfo("sine", "Sine", "periodic units (SIREN-style)", "sin(x)", "cos(x)"),
    ActivationInfo("linear", "Linear", "no activation", "x", "1"),
)

INITS: Mapping[str, InitInfo] = _table(
    InitInfo("default", "torch default", "nn.Linear's own: Kaiming uniform with a = √5",
             "W ~ U(-1/√n_in, 1/√n_in)"),
    InitInfo("xavier_uniform", "Xavier uniform", "Glorot: keeps the variance across layers",
             "W ~ U(-a, a), a = √(6 / (n_in + n_out))"),
    InitInfo("xavier_normal", "Xavier normal", "Glorot, Gaussian",
             "W ~ N(0, 2 / (n_in + n_out))"),
    InitInfo("kaiming_uniform", "He uniform", "for ReLU layers", "W ~ U(-a, a), a = √(6 / n_in)"),
    InitInfo("kaiming_normal", "He normal", "for ReLU layers, Gaussian", "W ~ N(0, 2 / n_in)"),
    InitInfo("normal", "Normal", "Gaussian weights of a chosen std", "W ~ N(0, σ²)",
             ("model.init_std",)),
    InitInfo("uniform", "Uniform", "uniform weights in a chosen range", "W ~ U(-a, a)",
             ("model.init_range",)),
    InitInfo("constant", "Constant", "every weight equal: the units of a layer stay identical",
             "W = c", ("model.init_value",)),
    InitInfo("tfp", "TF Playground", "TF Playground's weights U(-0.5, 0.5), every bias 0.1",
             "W ~ U(-0.5, 0.5), b = 0.1"),
)

_VALUE_TASKS = TASK_KINDS
LOSSES: Mapping[str, LossInfo] = _table(
    LossInfo("mse", "mean squared error", "the squared error, averaged",
             "mean (y - ŷ)²", "value", _VALUE_TASKS),
    LossInfo("half_mse", "half MSE (TF Playground)", "the course's squared loss",
             "mean ½ (y - ŷ)²", "value", _VALUE_TASKS),
    LossInfo("mae", "mean absolute error", "the absolute error, averaged",
             "mean |y - ŷ|", "value", _VALUE_TASKS),
    LossInfo("huber", "Huber", "squared below 1, absolute above",
             "mean ½ e² if |e| ≤ 1 else |e| - ½", "value", _VALUE_TASKS),
    LossInfo("bce", "binary cross-entropy", "sigmoid applied inside, on logits",
             "-mean [y log σ(o) + (1 - y) log(1 - σ(o))]", "logit01", ("binary",)),
    LossInfo("cross_entropy", "cross-entropy (softmax)", "softmax applied inside, on logits",
             "-mean log softmax(o)_y", "index", ("binary", "multiclass")),
    LossInfo("multilabel", "multi-label (sigmoid per label)",
             "binary cross-entropy for each label", "-mean Σ_j [y_j log σ(o_j) + ...]",
             "logit01", ("multilabel",)),
)

_ADAM_FIELDS = ("betas", "eps", "weight_decay")
OPTIMIZERS: Mapping[str, OptimizerInfo] = _table(
    OptimizerInfo("sgd", "SGD", "stochastic gradient descent, with optional momentum",
                  "w ← w - η ∇L", "SGD", ("momentum", "dampening", "nesterov", "weight_decay")),
    OptimizerInfo("adagrad", "Adagrad", "per-weight steps scaled by the summed squared "
                  "gradients", "w ← w - η g / √(Σ g² + ε)", "Adagrad", ("eps", "weight_decay")),
    OptimizerInfo("rmsprop", "RMSprop", "steps scaled by a running mean of squared gradients",
                  "w ← w - η g / √(E[g²] + ε)", "RMSprop",
                  ("alpha", "eps", "momentum", "weight_decay")),
    OptimizerInfo("adadelta", "Adadelta", "Adagrad with a decaying window and unit-free steps",
                  "Δw = -√(E[Δw²] + ε) / √(E[g²] + ε) g", "Adadelta",
                  ("rho", "eps", "weight_decay")),
    OptimizerInfo("adam", "Adam", "momentum and RMSprop with bias correction",
                  "w ← w - η m̂ / (√v̂ + ε)", "Adam", _ADAM_FIELDS),
    OptimizerInfo("adamw", "AdamW", "Adam with decoupled weight decay",
                  "w ← w - η (m̂ / (√v̂ + ε) + λ w)", "AdamW", _ADAM_FIELDS),
    OptimizerInfo("nadam", "NAdam", "Adam with Nesterov momentum", "", "NAdam", _ADAM_FIELDS),
    OptimizerInfo("radam", "RAdam", "Adam with a rectified warm-up of the variance", "",
                  "RAdam", _ADAM_FIELDS),
    # Quasi-Newton: up to 20 inner iterations per step with a strong-Wolfe line search, so the
    # course's small least-squares problems converge in a few steps at lr 1.
    OptimizerInfo("lbfgs", "L-BFGS", "quasi-Newton steps from a few past gradients, with a "
                  "line search", "w ← w - η H⁻¹ ∇L", "LBFGS", (),
                  (("line_search_fn", "strong_wolfe"),), closure=True),
)

SCHEDULES: Mapping[str, ScheduleInfo] = _table(
    ScheduleInfo("none", "constant", "the same learning rate every epoch", "η_t = η"),
    ScheduleInfo("step", "step", "multiply by gamma every step_size epochs",
                 "η_t = η γ^⌊t / s⌋", ("step_size", "gamma")),
    ScheduleInfo("exponential", "exponential", "multiply by gamma every epoch", "η_t = η γ^t",
                 ("gamma",)),
    ScheduleInfo("cosine", "cosine", "anneal from η to eta_min over t_max epochs",
                 "η_t = η_min + ½ (η - η_min)(1 + cos(π t / T))", ("t_max", "eta_min")),
)

SOLVERS: Mapping[str, Entry] = _table(
    Entry("gradient", "gradient descent", "the optimizer, step by step"),
    Entry("lstsq", "least squares (closed form)", "one solve per epoch; a linear model with an "
          "MSE loss, L2 as ridge", "w = (XᵀX + λI)⁻¹ Xᵀy"),
)


def loss_problem(loss: str, kind: str) -> str | None:
    """Why ``loss`` cannot train a task of this kind, in words; None when it can."""
    info = LOSSES[loss]
    if kind in info.tasks:
        return None
    fits = ", ".join(n for n, i in LOSSES.items() if kind in i.tasks)
    return f"{info.title} cannot train {kind} data; use one of {fits}"
