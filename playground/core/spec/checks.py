"""What each experiment field allows: the names of every choice, the limits, and the checks
(value -> normalised value, or SpecError) that the ``FIELDS`` table names.

A check is ``check(key, value)``; the factories (``number``, ``choice``, ``string``) build one
from its limits, and its error message states what is allowed (``Field.allowed`` reads it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from playground.core import catalogue
from playground.core.spec.errors import SpecError

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


# ------------------------------------------------------------------ checks (value -> normalised)
Check = Callable[[str, Any], Any]


def number(lo: float | None = None, hi: float | None = None, *, integer: bool = False,
           optional: bool = False, lo_open: bool = False) -> Check:
    """A number in [lo, hi] (``lo_open``: above lo), an integer when ``integer``, or null when
    ``optional``; it must fit the dtype it is used in (int64 or float32)."""
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


def choice(options: Iterable[str], *, optional: bool = False) -> Check:
    """One of ``options`` (or null when ``optional``)."""
    options = tuple(options)
    allowed = "one of " + ", ".join(options) + (" or null" if optional else "")

    def check(key: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if value not in options:
            raise SpecError(key, value, allowed)
        return value

    return check


def string(*, optional: bool = True) -> Check:
    """Any string (or null when ``optional``)."""
    def check(key: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise SpecError(key, value, "a string" + (" or null" if optional else ""))
        return value

    return check


def auto_or(check: Check) -> Check:
    """``check``, with "auto" accepted as another spelling of null (derive it)."""
    def auto(key: str, value: Any) -> Any:
        if value == "auto":
            return None
        try:
            return check(key, value)
        except SpecError as exc:
            raise SpecError(key, value, "auto, " + exc.allowed) from None

    return auto


def boolean(key: str, value: Any) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise SpecError(key, value, "true or false")
    return value


def optional_boolean(key: str, value: Any) -> bool | None:
    """true, false or null."""
    if value is not None and not isinstance(value, bool):
        raise SpecError(key, value, "true, false or null")
    return value


def feature_names(key: str, value: Any) -> tuple[str, ...] | None:
    """null, or a non-empty list of distinct feature names (data.features)."""
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not value or not all(
        isinstance(v, str) for v in value
    ):
        raise SpecError(key, value, "a non-empty list of feature names or null")
    if len(set(value)) != len(value):
        raise SpecError(key, value, "feature names without repeats")
    return tuple(value)


def betas(key: str, value: Any) -> tuple[float, float]:
    """Two numbers in [0, 1) (Adam's moment decay rates)."""
    if (not isinstance(value, list | tuple) or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            or not all(0 <= v < 1 for v in value)):
        raise SpecError(key, value, "two numbers in [0, 1), e.g. [0.9, 0.999]")
    return (float(value[0]), float(value[1]))


def drawn_points(key: str, value: Any) -> tuple[tuple[float, float, float], ...]:
    """Hand-placed points, a list of finite [x1, x2, label] triples (data.points)."""
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


def layers(key: str, value: Any) -> tuple[Layer, ...]:
    """The hidden layers (model.layers): dense, dropout and batchnorm objects, as ``Layer``s."""
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
        kind = choice(LAYER_TYPES)(f"{where}.type", item.get("type"))
        extra = set(item) - _LAYER_KEYS[kind]
        if extra:
            bad = sorted(extra)[0]
            raise SpecError(f"{where}.{bad}", item[bad],
                            f"only the keys {', '.join(sorted(_LAYER_KEYS[kind]))} for a "
                            f"{kind} layer")
        if kind == "dense":
            units = number(1, MAX_UNITS, integer=True)(f"{where}.units", item.get("units"))
            act = choice(ACTIVATIONS)(f"{where}.activation", item.get("activation", "relu"))
            out.append(Layer("dense", units=units, activation=act))
        elif kind == "dropout":
            p = number(0, 1)(f"{where}.p", item.get("p", 0.5))
            if p >= 1:
                raise SpecError(f"{where}.p", p, "a number >= 0 and < 1")
            out.append(Layer("dropout", p=p))
        else:
            out.append(Layer("batchnorm"))
    return tuple(out)


def lr_schedule(key: str, value: Any) -> MappingProxyType:
    """lr schedule: {"type": none|step|exponential|cosine, "step_size", "gamma", "t_max"}."""
    if value is None:
        value = {"type": "none"}
    if isinstance(value, str):
        value = {"type": value}
    if not isinstance(value, Mapping):
        raise SpecError(key, value, 'an object such as {"type": "step", "step_size": 30}')
    kind = choice(SCHEDULES)(f"{key}.type", value.get("type", "none"))
    allowed_keys = {"type", *catalogue.SCHEDULES[kind].fields}
    extra = set(value) - allowed_keys
    if extra:
        bad = sorted(extra)[0]
        raise SpecError(f"{key}.{bad}", value[bad],
                        f"only {', '.join(sorted(allowed_keys))} for a {kind} schedule")
    out: dict[str, Any] = {"type": kind}
    if kind == "step":
        out["step_size"] = number(1, integer=True)(f"{key}.step_size", value.get("step_size", 30))
        out["gamma"] = number(0, 1, lo_open=True)(f"{key}.gamma", value.get("gamma", 0.1))
    elif kind == "exponential":
        out["gamma"] = number(0, 1, lo_open=True)(f"{key}.gamma", value.get("gamma", 0.99))
    elif kind == "cosine":
        out["t_max"] = number(1, integer=True, optional=True)(f"{key}.t_max", value.get("t_max"))
        out["eta_min"] = number(0)(f"{key}.eta_min", value.get("eta_min", 0.0))
    return MappingProxyType(out)


def early_stopping(key: str, value: Any) -> MappingProxyType | None:
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
        "patience": number(1, integer=True)(f"{key}.patience", value.get("patience", 10)),
        "restore_best": boolean(f"{key}.restore_best", value.get("restore_best", True)),
        "min_delta": number(0)(f"{key}.min_delta", value.get("min_delta", 0.0)),
    })

