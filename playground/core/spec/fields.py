"""The table of experiment fields: ``FIELDS`` names every serialisable field with its default,
check, one-line doc, unit and whether a running trainer takes a change (``live``).

Validation (``Spec``), ``to_dict``/``from_dict``, the experiment files, the CLI's ``--set`` and
the window's live edits all read it, so adding a field is one row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from playground.core.spec.checks import (
    ACTIVATIONS,
    DEVICES,
    INITS,
    LOSSES,
    MAX_UNITS,
    OPTIMIZERS,
    SOLVERS,
    TASKS,
    Check,
    auto_or,
    betas,
    boolean,
    choice,
    drawn_points,
    early_stopping,
    feature_names,
    layers,
    lr_schedule,
    number,
    optional_boolean,
    string,
)
from playground.core.spec.errors import SpecError

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Field:
    """One serialisable experiment field."""

    key: str  # dotted path in the file, e.g. "training.learning_rate"
    default: Any  # value when the file omits it (None: derived)
    check: Check  # validates and normalises a value, raising SpecError
    doc: str  # one line for the README and the CLI
    unit: str = ""  # unit of the number, if any
    live: bool = False  # a running trainer takes a change without a restart

    @property
    def allowed(self) -> str:
        """The allowed values in words, as the check's own error message states them."""
        try:
            self.check(self.key, _Probe())
        except SpecError as exc:
            return exc.allowed
        return "any value"


class _Probe:
    """A value no check accepts, used to read a check's description of what it allows."""

    def __repr__(self) -> str:
        return "probe"


_DEFAULT_LAYERS = ({"type": "dense", "units": 4, "activation": "tanh"},
                   {"type": "dense", "units": 2, "activation": "tanh"})

FIELDS: tuple[Field, ...] = (
    Field("version", FORMAT_VERSION, number(1, FORMAT_VERSION, integer=True),
          "experiment file format version"),
    Field("name", "", string(optional=False), "a title shown in the window", live=True),
    Field("seed", 0, number(0, 2**32 - 1, integer=True),
          "seeds data generation, splits, initial weights, batches and dropout"),
    Field("device", "auto", choice(DEVICES), "where to train; auto picks a GPU when present"),
    # data
    Field("data.dataset", "circle", string(optional=False),
          "dataset name (`playground datasets` lists them)"),
    Field("data.samples", None, number(1, 10_000_000, integer=True, optional=True),
          "number of generated points; caps the rows of csv, idx and the bundled real sets "
          "(null: the dataset's default)", "points"),
    Field("data.noise", None, number(0, 10, optional=True),
          "dataset noise level (null: the dataset's default; TF Playground sets use 0..0.5)"),
    Field("data.classes", None, number(2, 100, integer=True, optional=True),
          "classes for blobs and spiral-k (null: 3)"),
    Field("data.train_fraction", None, number(0, 1, lo_open=True, optional=True),
          "share of the samples used for training, the rest is test "
          "(null: the dataset's own split, else 0.5)"),
    Field("data.validation_fraction", 0.0, number(0, 0.9),
          "share of the training samples held out for validation"),
    Field("data.features", None, feature_names,
          "input features by name, e.g. [\"x1\", \"x2\", \"x1*x2\"] (null: the dataset's raw "
          "inputs)"),
    Field("data.standardize", None, optional_boolean,
          "scale each input feature to mean 0, std 1 on the training set "
          "(null: on for tabular data and for powers of a 1-D input, x^2 .. x^10; off for 2-D "
          "sets, digits and idx images)"),
    Field("data.points", (), drawn_points, "points placed by hand for the `drawn` dataset: "
          "[x1, x2, label]"),
    Field("data.path", None, string(), "file or folder for the `csv` and `idx` datasets"),
    Field("data.target", None, string(), "target column name of a CSV file (null: the last)"),
    Field("data.task", None, choice(TASKS, optional=True),
          "override the task of a CSV file (null: inferred from the target)"),
    # model
    Field("model.layers", _DEFAULT_LAYERS, layers,
          "hidden layers, input to output; the output layer is derived from the task"),
    Field("model.init", "default", choice(INITS),
          "weight initialiser (tfp: TF Playground's U(-0.5, 0.5) weights, bias 0.1)"),
    Field("model.init_std", 0.01, number(0, lo_open=True), "std of the `normal` initialiser"),
    Field("model.init_range", 0.05, number(0, lo_open=True),
          "a of the `uniform` initialiser, weights U(-a, a)"),
    Field("model.init_value", 0.1, number(), "value of every weight for the `constant` init"),
    Field("model.leaky_slope", 0.01, number(0, 1), "negative slope of leaky_relu"),
    Field("model.output_units", None, number(1, MAX_UNITS, integer=True, optional=True),
          "output width (null: 1 for regression and two classes, k for k classes)"),
    Field("model.output_activation", None, auto_or(choice(ACTIVATIONS, optional=True)),
          "activation applied to the output (auto/null: follows the loss: linear, and the "
          "cross-entropy losses apply sigmoid/softmax)"),
    # training
    Field("training.loss", None, choice(LOSSES, optional=True),
          "loss (null: bce for two classes, cross_entropy for k, mse for regression)"),
    Field("training.optimizer", "sgd", choice(OPTIMIZERS), "torch.optim optimizer"),
    Field("training.solver", "gradient", choice(SOLVERS),
          "how the weights are fitted: gradient (the optimizer, step by step) or lstsq "
          "(closed-form least squares, one solve per epoch; a linear model with an MSE loss, "
          "L2 as ridge)"),
    Field("training.learning_rate", 0.03, number(0, 100, lo_open=True), "step size", live=True),
    Field("training.batch_size", 10, number(1, 10_000_000, integer=True),
          "minibatch size (larger than the training set: full batch)", "samples", live=True),
    Field("training.epochs", 100, number(0, 10_000_000, integer=True),
          "passes over the training set for `playground train`", "epochs", live=True),
    Field("training.l1", 0.0, number(0), "L1 penalty rate: loss + l1 * sum |w|", live=True),
    Field("training.l2", 0.0, number(0), "L2 penalty rate: loss + l2/2 * sum w^2", live=True),
    Field("training.regularize_bias", False, boolean, "apply L1/L2 to biases too", live=True),
    Field("training.weight_decay", 0.0, number(0), "the optimizer's own weight decay", live=True),
    Field("training.momentum", 0.0, number(0, 1), "momentum (sgd, rmsprop)", live=True),
    Field("training.nesterov", False, boolean, "Nesterov momentum (sgd; needs momentum > 0)",
          live=True),
    Field("training.dampening", 0.0, number(0, 1), "momentum dampening (sgd)", live=True),
    Field("training.betas", (0.9, 0.999), betas, "Adam-family moment decay rates", live=True),
    Field("training.alpha", 0.99, number(0, 1), "RMSprop smoothing constant", live=True),
    Field("training.rho", 0.9, number(0, 1), "Adadelta decay rate", live=True),
    Field("training.eps", 1e-8, number(0, 1, lo_open=True), "denominator term", live=True),
    Field("training.lr_schedule", MappingProxyType({"type": "none"}), lr_schedule,
          "learning-rate schedule per epoch: none, step (step_size, gamma), exponential "
          "(gamma), cosine (t_max, eta_min)", live=True),
    Field("training.grad_clip", None, number(0, lo_open=True, optional=True),
          "clip the global gradient norm to this value (null: off)", live=True),
    Field("training.early_stopping", None, early_stopping,
          "null, or stop when the validation (else training) loss has not improved for "
          "`patience` epochs: {patience, restore_best, min_delta}", live=True),
    Field("training.input_noise", 0.0, number(0),
          "std of Gaussian noise added to training inputs each step", live=True),

)

FIELD_BY_KEY: Mapping[str, Field] = MappingProxyType({f.key: f for f in FIELDS})
# Other spellings a file or --set may use for a field (the spec stores the field's own key).
ALIASES: Mapping[str, str] = MappingProxyType({"training.lr": "training.learning_rate"})
SECTIONS = ("data", "model", "training")
# Fields a running trainer takes without a restart (the window sends these as live changes).
LIVE_KEYS = frozenset(f.key for f in FIELDS if f.live)
