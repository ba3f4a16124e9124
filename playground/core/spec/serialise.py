"""An experiment as text: JSON and TOML files (``load``/``save``, ``loads``/``dumps``) and the
CLI's ``--set KEY=VALUE`` strings (``apply_settings``, ``parse_value``)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from playground.core import jsontext
from playground.core.spec.errors import SpecError
from playground.core.spec.experiment import Spec, unknown_hint
from playground.core.spec.fields import ALIASES, FIELD_BY_KEY


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
            raise SpecError(key, text, unknown_hint(key))
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

