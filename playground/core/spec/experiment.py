"""The experiment as a frozen, validated value: ``Spec``, addressed by dotted keys
(``spec["training.learning_rate"]``) and read by attribute (``spec.training.learning_rate``).

Building one runs every field's check from the ``FIELDS`` table and the rules that span fields;
``None`` means "derive it" (from the dataset or the task).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from playground.core.spec.checks import Layer
from playground.core.spec.errors import SpecError
from playground.core.spec.fields import ALIASES, FIELD_BY_KEY, FIELDS, LIVE_KEYS, SECTIONS


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
            raise SpecError(unknown[0], given[unknown[0]], unknown_hint(unknown[0]))
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
        merged = {k: to_plain(v) for k, v in self._values.items()}
        merged.update({k: to_plain(v) for k, v in (changes or {}).items()})
        merged.update({k.replace("__", "."): to_plain(v) for k, v in kw.items()})
        return Spec(merged)

    def flat(self) -> dict[str, Any]:
        """Dotted key -> plain JSON value."""
        return {k: to_plain(v) for k, v in self._values.items()}

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
                                f"{json.dumps(to_plain(given[key]))}")
            given[key] = value
    return given


def unknown_hint(key: str) -> str:
    """What an unknown key's error expects: "a known field", naming the closest one if any."""
    import difflib

    close = difflib.get_close_matches(key, list(FIELD_BY_KEY), n=1)
    return "a known field" + (f" (did you mean {close[0]}?)" if close else "")


def to_plain(value: Any) -> Any:
    """Frozen containers back to JSON-ready lists/dicts."""
    if isinstance(value, Layer):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
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


def is_live_change(old: Spec, new: Spec) -> bool:
    """True when ``new`` differs from ``old`` only in fields a running trainer can take."""
    a, b = old.flat(), new.flat()
    return all(a[k] == b[k] for k in a if k not in LIVE_KEYS)
