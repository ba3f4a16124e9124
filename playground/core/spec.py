"""The experiment as a frozen, validated value.

One table, ``FIELDS``, names every serialisable field with its default, unit and allowed values.
Validation, ``to_dict``/``from_dict``, JSON/TOML files and the CLI's ``--set`` all read it, so
adding a field is one row.

A spec is addressed by dotted keys (``"training.learning_rate"``) and read by attribute
(``spec.training.learning_rate``). ``None`` means "derive it" (from the dataset or the task).
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from playground.core import catalogue, jsontext

FORMAT_VERSION = 1

# The names allowed for each choice come from the catalogue (one row per name).
ACTIVATIONS = tuple(catalogue.ACTIVATIONS)
INITS = tuple(catalogue.INITS)
LOSSES = tuple(catalogue.LOSSES)
OPTIMIZERS = tuple(catalogue.OPTIMIZERS)
SCHEDULES = tuple(catalogue.SCHEDULES)
SOLVERS = tuple(catalogue.SOLVERS)
DEVICES = ("auto", "cpu", "cuda", "mps")
TASKS = ("classification", "regression", "multilabel")
LAYER_TYPES = ("dense", "dropout", "batchnorm")
MAX_UNITS = 65536
MAX_LAYERS = 256
FLOAT32_MAX = 3.4028234663852886e38


class SpecError(ValueError):
    """A bad experiment: the message names the field, the bad value and what is allowed."""

    def __init__(self, key: str, value: Any, allowed: str):
        self.key, self.value, self.allowed = key, value, allowed
        shown_key = key if key.isprintable() else json.dumps(key)  # a key with a newline
        super().__init__(f"{shorten(shown_key)}: {show_value(value)} is not allowed; "
                         f"expected {allowed}")


SHOWN_CHARS = 80  # an error line quotes at most this much of a bad value


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was when cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text):,} characters)"


def show_value(value: Any) -> str:
    """A bad value as an error line quotes it: JSON when it is JSON, at most ~80 characters.
    Never raises (deep nesting, 5,000-digit integers and odd objects all have a form)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**40:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    try:
        if jsontext.depth(value) > jsontext.MAX_DEPTH:
            return f"a value nested deeper than {jsontext.MAX_DEPTH} levels"
        text = json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        try:
            text = repr(value)
        except Exception:  # noqa: BLE001 - a repr that fails still needs a message
            text = f"a {type(value).__name__}"
    return shorten(text)


# ---------------------------------------------------------------- checks (value -> normalised)
Check = Callable[[str, Any], Any]


def _number(lo: float | None = None, hi: float | None = None, *, integer: bool = False,
            optional: bool = False, lo_open: bool = False) -> Check:
    kind = "an integer" if integer else "a number"
    show = (lambda v: str(int(v))) if integer else (lambda v: f"{v:g}")
    parts = []
    if lo is not None:
        parts.append(f"{'>' if lo_open else '>='} {show(lo)}")
    if hi is not None:
        parts.append(f"<= {show(hi)}")
    allowed = kind + (" " + " and ".join(parts) if parts else "") + (" or null" if optional else "")

    def check(key: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SpecError(key, value, allowed)
        if integer and isinstance(value, float) and not value.is_integer():
            raise SpecError(key, value, allowed)
        # Numbers must fit the dtype they are used in: integers int64, the rest float32 (the
        # dtype of the weights and of the optimizer's scalars: l2 = 1e308 overflows there).
        if integer and not -2**63 <= value < 2**63:
            raise SpecError(key, value, allowed + ("" if hi is not None else
                                                   " (it must fit a 64-bit integer)"))
        if not integer and not (math.isfinite(value) and abs(value) <= FLOAT32_MAX):
            raise SpecError(key, value, allowed + f" (and finite in float32: at most "
                            f"{FLOAT32_MAX:.4g} in size)")
        if lo is not None and (value < lo or (lo_open and value == lo)):
            raise SpecError(key, value, allowed)
        if hi is not None and value > hi:
            raise SpecError(key, value, allowed)
        return int(value) if integer else float(value)

    return check


def _choice(options: Iterable[str], *, optional: bool = False) -> Check:
    options = tuple(options)
    allowed = "one of " + ", ".join(options) + (" or null" if optional else "")

    def check(key: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if value not in options:
            raise SpecError(key, value, allowed)
        return value

    return check


def _text(*, optional: bool = True) -> Check:
    def check(key: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise SpecError(key, value, "a string" + (" or null" if optional else ""))
        return value

    return check


def _auto_or(check: Check) -> Check:
    """``check``, with "auto" accepted as another spelling of null (derive it)."""
    def auto(key: str, value: Any) -> Any:
        if value == "auto":
            return None
        try:
            return check(key, value)
        except SpecError as exc:
            raise SpecError(key, value, "auto, " + exc.allowed) from None

    return auto


def _boolean(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise SpecError(key, value, "true or false")
    return value


def _optional_boolean(key: str, value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise SpecError(key, value, "true, false or null")
    return value


def _features(key: str, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not value or not all(
        isinstance(v, str) for v in value
    ):
        raise SpecError(key, value, "a non-empty list of feature names or null")
    if len(set(value)) != len(value):
        raise SpecError(key, value, "feature names without repeats")
    return tuple(value)


def _betas(key: str, value: Any) -> tuple[float, float]:
    if (not isinstance(value, list | tuple) or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            or not all(0 <= v < 1 for v in value)):
        raise SpecError(key, value, "two numbers in [0, 1), e.g. [0.9, 0.999]")
    return (float(value[0]), float(value[1]))


def _points(key: str, value: Any) -> tuple[tuple[float, float, float], ...]:
    allowed = "a list of [x1, x2, label] triples with finite numbers"
    if not isinstance(value, list | tuple):
        raise SpecError(key, value, allowed)
    out = []
    for i, p in enumerate(value):
        if (not isinstance(p, list | tuple) or len(p) != 3
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in p)
                or not all(math.isfinite(v) for v in p)):
            raise SpecError(f"{key}[{i}]", p, allowed)
        out.append((float(p[0]), float(p[1]), float(p[2])))
    return tuple(out)


@dataclass(frozen=True)
class Layer:
    """One hidden layer: ``dense`` (units, activation), ``dropout`` (p) or ``batchnorm``."""

    type: str
    units: int = 0
    activation: str = "linear"
    p: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        if self.type == "dense":
            return {"type": "dense", "units": self.units, "activation": self.activation}
        if self.type == "dropout":
            return {"type": "dropout", "p": self.p}
        return {"type": self.type}


_LAYER_KEYS = {"dense": {"type", "units", "activation"}, "dropout": {"type", "p"},
               "batchnorm": {"type"}}


def _layers(key: str, value: Any) -> tuple[Layer, ...]:
    if not isinstance(value, list | tuple):
        raise SpecError(key, value, "a list of layers")
    if len(value) > MAX_LAYERS:
        raise SpecError(key, f"{len(value)} layers", f"at most {MAX_LAYERS} layers")
    out = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if isinstance(item, Layer):
            item = item.to_dict()
        if not isinstance(item, Mapping):
            raise SpecError(where, item, 'an object such as {"type": "dense", "units": 4}')
        kind = _choice(LAYER_TYPES)(f"{where}.type", item.get("type"))
        extra = set(item) - _LAYER_KEYS[kind]
        if extra:
            bad = sorted(extra)[0]
            raise SpecError(f"{where}.{bad}", item[bad],
                            f"only the keys {', '.join(sorted(_LAYER_KEYS[kind]))} for a "
                            f"{kind} layer")
        if kind == "dense":
            units = _number(1, MAX_UNITS, integer=True)(f"{where}.units", item.get("units"))
            act = _choice(ACTIVATIONS)(f"{where}.activation", item.get("activation", "relu"))
            out.append(Layer("dense", units=units, activation=act))
        elif kind == "dropout":
            p = _number(0, 1)(f"{where}.p", item.get("p", 0.5))
            if p >= 1:
                raise SpecError(f"{where}.p", p, "a number >= 0 and < 1")
            out.append(Layer("dropout", p=p))
        else:
            out.append(Layer("batchnorm"))
    return tuple(out)


def _schedule(key: str, value: Any) -> MappingProxyType:
    """lr schedule: {"type": none|step|exponential|cosine, "step_size", "gamma", "t_max"}."""
    if value is None:
        value = {"type": "none"}
    if isinstance(value, str):
        value = {"type": value}
    if not isinstance(value, Mapping):
        raise SpecError(key, value, 'an object such as {"type": "step", "step_size": 30}')
    kind = _choice(SCHEDULES)(f"{key}.type", value.get("type", "none"))
    allowed_keys = {"type", *catalogue.SCHEDULES[kind].fields}
    extra = set(value) - allowed_keys
    if extra:
        bad = sorted(extra)[0]
        raise SpecError(f"{key}.{bad}", value[bad],
                        f"only {', '.join(sorted(allowed_keys))} for a {kind} schedule")
    out: dict[str, Any] = {"type": kind}
    if kind == "step":
        out["step_size"] = _number(1, integer=True)(f"{key}.step_size", value.get("step_size", 30))
        out["gamma"] = _number(0, 1, lo_open=True)(f"{key}.gamma", value.get("gamma", 0.1))
    elif kind == "exponential":
        out["gamma"] = _number(0, 1, lo_open=True)(f"{key}.gamma", value.get("gamma", 0.99))
    elif kind == "cosine":
        out["t_max"] = _number(1, integer=True, optional=True)(f"{key}.t_max", value.get("t_max"))
        out["eta_min"] = _number(0)(f"{key}.eta_min", value.get("eta_min", 0.0))
    return MappingProxyType(out)


def _early_stopping(key: str, value: Any) -> MappingProxyType | None:
    """null (off) or {"patience": N, "restore_best": bool, "min_delta": d}."""
    if value is None or value is False:
        return None
    if value is True:
        value = {}
    if not isinstance(value, Mapping):
        raise SpecError(key, value, 'null or an object such as {"patience": 10}')
    extra = set(value) - {"patience", "restore_best", "min_delta"}
    if extra:
        bad = sorted(extra)[0]
        raise SpecError(f"{key}.{bad}", value[bad], "only patience, restore_best, min_delta")
    return MappingProxyType({
        "patience": _number(1, integer=True)(f"{key}.patience", value.get("patience", 10)),
        "restore_best": _boolean(f"{key}.restore_best", value.get("restore_best", True)),
        "min_delta": _number(0)(f"{key}.min_delta", value.get("min_delta", 0.0)),
    })


# ------------------------------------------------------------------------------- the table
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
    Field("version", FORMAT_VERSION, _number(1, FORMAT_VERSION, integer=True),
          "experiment file format version"),
    Field("name", "", _text(optional=False), "a title shown in the window", live=True),
    Field("seed", 0, _number(0, 2**32 - 1, integer=True),
          "seeds data generation, splits, initial weights, batches and dropout"),
    Field("device", "auto", _choice(DEVICES), "where to train; auto picks a GPU when present"),
    # data
    Field("data.dataset", "circle", _text(optional=False),
          "dataset name (`playground datasets` lists them)"),
    Field("data.samples", None, _number(1, 10_000_000, integer=True, optional=True),
          "number of generated points; caps the rows of csv, idx and the bundled real sets "
          "(null: the dataset's default)", "points"),
    Field("data.noise", None, _number(0, 10, optional=True),
          "dataset noise level (null: the dataset's default; TF Playground sets use 0..0.5)"),
    Field("data.classes", None, _number(2, 100, integer=True, optional=True),
          "classes for blobs and spiral-k (null: 3)"),
    Field("data.train_fraction", None, _number(0, 1, lo_open=True, optional=True),
          "share of the samples used for training, the rest is test "
          "(null: the dataset's own split, else 0.5)"),
    Field("data.validation_fraction", 0.0, _number(0, 0.9),
          "share of the training samples held out for validation"),
    Field("data.features", None, _features,
          "input features by name, e.g. [\"x1\", \"x2\", \"x1*x2\"] (null: the dataset's raw "
          "inputs)"),
    Field("data.standardize", None, _optional_boolean,
          "scale each input feature to mean 0, std 1 on the training set "
          "(null: on for tabular data and for powers of a 1-D input, x^2 .. x^10; off for 2-D "
          "sets, digits and idx images)"),
    Field("data.points", (), _points, "points placed by hand for the `drawn` dataset: "
          "[x1, x2, label]"),
    Field("data.path", None, _text(), "file or folder for the `csv` and `idx` datasets"),
    Field("data.target", None, _text(), "target column name of a CSV file (null: the last)"),
    Field("data.task", None, _choice(TASKS, optional=True),
          "override the task of a CSV file (null: inferred from the target)"),
    # model
    Field("model.layers", _DEFAULT_LAYERS, _layers,
          "hidden layers, input to output; the output layer is derived from the task"),
    Field("model.init", "default", _choice(INITS),
          "weight initialiser (tfp: TF Playground's U(-0.5, 0.5) weights, bias 0.1)"),
    Field("model.init_std", 0.01, _number(0, lo_open=True), "std of the `normal` initialiser"),
    Field("model.init_range", 0.05, _number(0, lo_open=True),
          "a of the `uniform` initialiser, weights U(-a, a)"),
    Field("model.init_value", 0.1, _number(), "value of every weight for the `constant` init"),
    Field("model.leaky_slope", 0.01, _number(0, 1), "negative slope of leaky_relu"),
    Field("model.output_units", None, _number(1, MAX_UNITS, integer=True, optional=True),
          "output width (null: 1 for regression and two classes, k for k classes)"),
    Field("model.output_activation", None, _auto_or(_choice(ACTIVATIONS, optional=True)),
          "activation applied to the output (auto/null: follows the loss: linear, and the "
          "cross-entropy losses apply sigmoid/softmax)"),
    # training
    Field("training.loss", None, _choice(LOSSES, optional=True),
          "loss (null: bce for two classes, cross_entropy for k, mse for regression)"),
    Field("training.optimizer", "sgd", _choice(OPTIMIZERS), "torch.optim optimizer"),
    Field("training.solver", "gradient", _choice(SOLVERS),
          "how the weights are fitted: gradient (the optimizer, step by step) or lstsq "
          "(closed-form least squares, one solve per epoch; a linear model with an MSE loss, "
          "L2 as ridge)"),
    Field("training.learning_rate", 0.03, _number(0, 100, lo_open=True), "step size", live=True),
    Field("training.batch_size", 10, _number(1, 10_000_000, integer=True),
          "minibatch size (larger than the training set: full batch)", "samples", live=True),
    Field("training.epochs", 100, _number(0, 10_000_000, integer=True),
          "passes over the training set for `playground train`", "epochs", live=True),
    Field("training.l1", 0.0, _number(0), "L1 penalty rate: loss + l1 * sum |w|", live=True),
    Field("training.l2", 0.0, _number(0), "L2 penalty rate: loss + l2/2 * sum w^2", live=True),
    Field("training.regularize_bias", False, _boolean, "apply L1/L2 to biases too", live=True),
    Field("training.weight_decay", 0.0, _number(0), "the optimizer's own weight decay", live=True),
    Field("training.momentum", 0.0, _number(0, 1), "momentum (sgd, rmsprop)", live=True),
    Field("training.nesterov", False, _boolean, "Nesterov momentum (sgd; needs momentum > 0)",
          live=True),
    Field("training.dampening", 0.0, _number(0, 1), "momentum dampening (sgd)", live=True),
    Field("training.betas", (0.9, 0.999), _betas, "Adam-family moment decay rates", live=True),
    Field("training.alpha", 0.99, _number(0, 1), "RMSprop smoothing constant", live=True),
    Field("training.rho", 0.9, _number(0, 1), "Adadelta decay rate", live=True),
    Field("training.eps", 1e-8, _number(0, 1, lo_open=True), "denominator term", live=True),
    Field("training.lr_schedule", MappingProxyType({"type": "none"}), _schedule,
          "learning-rate schedule per epoch: none, step (step_size, gamma), exponential "
          "(gamma), cosine (t_max, eta_min)", live=True),
    Field("training.grad_clip", None, _number(0, lo_open=True, optional=True),
          "clip the global gradient norm to this value (null: off)", live=True),
    Field("training.early_stopping", None, _early_stopping,
          "null, or stop when the validation (else training) loss has not improved for "
          "`patience` epochs: {patience, restore_best, min_delta}", live=True),
    Field("training.input_noise", 0.0, _number(0),
          "std of Gaussian noise added to training inputs each step", live=True),

)

FIELD_BY_KEY: Mapping[str, Field] = MappingProxyType({f.key: f for f in FIELDS})
# Other spellings a file or --set may use for a field (the spec stores the field's own key).
ALIASES: Mapping[str, str] = MappingProxyType({"training.lr": "training.learning_rate"})
SECTIONS = ("data", "model", "training")


class Section:
    """Read-only attribute view of one section of a spec (``spec.training.learning_rate``)."""

    __slots__ = ("_values", "_name")

    def __init__(self, name: str, values: Mapping[str, Any]):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", values)

    def __getattr__(self, attr: str) -> Any:
        try:
            return self._values[f"{self._name}.{attr}"]
        except KeyError:
            raise AttributeError(f"{self._name}.{attr}") from None

    def __setattr__(self, attr: str, value: Any) -> None:
        raise AttributeError("a spec is frozen; use spec.replace(...)")


class Spec:
    """A validated experiment. Immutable: ``replace`` returns a new one."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any] | None = None):
        """Build from dotted keys; missing keys take their defaults. Raises SpecError."""
        given = _resolve_aliases(dict(values or {}))
        unknown = sorted(set(given) - set(FIELD_BY_KEY))
        if unknown:
            raise SpecError(unknown[0], given[unknown[0]], _unknown_hint(unknown[0]))
        checked = {}
        for f in FIELDS:
            checked[f.key] = f.check(f.key, given.get(f.key, f.default))
        _check_cross_fields(checked)
        object.__setattr__(self, "_values", MappingProxyType(checked))

    def __setattr__(self, attr: str, value: Any) -> None:
        raise AttributeError("a spec is frozen; use spec.replace(...)")

    def __getattr__(self, attr: str) -> Any:
        if attr in SECTIONS:
            return Section(attr, self._values)
        try:
            return self._values[attr]
        except KeyError:
            raise AttributeError(attr) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Spec) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True))

    def __repr__(self) -> str:
        return f"Spec({json.dumps(self.to_dict(), sort_keys=True)})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its plain form (the training process gets specs this way), re-validated.
        return (Spec.from_dict, (self.to_dict(),))

    def get(self, key: str) -> Any:
        """The value of a dotted key."""
        return self._values[key]

    def replace(self, changes: Mapping[str, Any] | None = None, **kw: Any) -> Spec:
        """A new spec with some dotted keys changed (validated)."""
        merged = {k: _plain(v) for k, v in self._values.items()}
        merged.update({k: _plain(v) for k, v in (changes or {}).items()})
        merged.update({k.replace("__", "."): _plain(v) for k, v in kw.items()})
        return Spec(merged)

    def flat(self) -> dict[str, Any]:
        """Dotted key -> plain JSON value."""
        return {k: _plain(v) for k, v in self._values.items()}

    def to_dict(self) -> dict[str, Any]:
        """The nested plain-JSON form written to experiment files."""
        out: dict[str, Any] = {}
        for key, value in self.flat().items():
            node = out
            *parents, leaf = key.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Spec:
        """Parse the nested form; unknown keys are errors naming the key."""
        if not isinstance(data, Mapping):
            raise SpecError("(top level)", data, "an object of sections")
        return cls(_flatten(data))


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if dotted in SECTIONS:
            if not isinstance(value, Mapping):
                raise SpecError(dotted, value, "an object of fields")
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def _resolve_aliases(given: dict[str, Any]) -> dict[str, Any]:
    for alias, key in ALIASES.items():
        if alias in given:
            value = given.pop(alias)
            if key in given and given[key] != value:
                raise SpecError(alias, value, f"one value: {key} is also given, as "
                                f"{json.dumps(_plain(given[key]))}")
            given[key] = value
    return given


def _unknown_hint(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(FIELD_BY_KEY), n=1)
    return "a known field" + (f" (did you mean {close[0]}?)" if close else "")


def _plain(value: Any) -> Any:
    """Frozen containers back to JSON-ready lists/dicts."""
    if isinstance(value, Layer):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _check_cross_fields(v: Mapping[str, Any]) -> None:
    if v["training.nesterov"] and v["training.optimizer"] == "sgd" and (
        v["training.momentum"] <= 0 or v["training.dampening"] != 0
    ):
        raise SpecError("training.nesterov", True,
                        "false unless training.momentum > 0 and training.dampening is 0")
    if v["training.solver"] == "lstsq" and v["model.layers"]:
        raise SpecError("training.solver", "lstsq",
                        "gradient for a network with hidden layers (lstsq fits a linear model: "
                        "model.layers = [])")
    train = v["data.train_fraction"]
    if train is not None and train >= 1 and v["data.validation_fraction"] > 0:
        pass  # validation is carved out of the training share, so train = 1 is fine


# ---------------------------------------------------------------------------------- files
def parse_value(text: str) -> Any:
    """A --set value: JSON if it parses (numbers, true, null, lists), else the raw string."""
    try:
        return jsontext.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip()[:1] in "[{" and "nested deeper" in str(exc):
            raise SpecError("--set", text, f"a JSON value ({exc.msg})") from None
        return text


def apply_settings(spec: Spec, settings: Iterable[str]) -> Spec:
    """Apply CLI ``KEY=VALUE`` strings (values parsed as JSON when they parse)."""
    changes = {}
    for item in settings:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise SpecError("--set", item, "KEY=VALUE, e.g. training.learning_rate=0.1")
        key = ALIASES.get(key, key)
        if key not in FIELD_BY_KEY:
            raise SpecError(key, text, _unknown_hint(key))
        changes[key] = parse_value(text)
    return spec.replace(changes)


def loads(text: str, fmt: str = "json") -> Spec:
    """Parse experiment text in ``json`` or ``toml``."""
    try:
        data = jsontext.loads_toml(text) if fmt == "toml" else jsontext.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError("(file)", f"{fmt.upper()} syntax", f"valid {fmt.upper()}: {exc}") from None
    return Spec.from_dict(data)


def dumps(spec: Spec, fmt: str = "json") -> str:
    """Serialise to ``json`` (indented) or ``toml``; nulls are left out of TOML."""
    data = spec.to_dict()
    if fmt == "toml":
        import tomli_w

        return tomli_w.dumps(_drop_none(data))
    return json.dumps(data, indent=2) + "\n"


def _drop_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_none(v) for v in data]
    return data


def _fmt(path: Path) -> str:
    return "toml" if path.suffix.lower() == ".toml" else "json"


def load(path: str | Path) -> Spec:
    """Read an experiment file (.json or .toml). Raises SpecError or OSError."""
    from playground.core.atomic import require_regular_file

    path = require_regular_file(Path(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError("(file)", path.name, "a UTF-8 text file") from None
    return loads(text, _fmt(path))


def save(spec: Spec, path: str | Path) -> None:
    """Write atomically (temp file, fsync, rename) so a crash never leaves half a file."""
    from playground.core.atomic import write_atomic

    path = Path(path)
    write_atomic(path, dumps(spec, _fmt(path)).encode("utf-8"))


# Fields a running trainer takes without a restart (the window sends these as live changes).
LIVE_KEYS = frozenset(f.key for f in FIELDS if f.live)


def is_live_change(old: Spec, new: Spec) -> bool:
    """True when ``new`` differs from ``old`` only in fields a running trainer can take."""
    a, b = old.flat(), new.flat()
    return all(a[k] == b[k] for k in a if k not in LIVE_KEYS)
