"""Bundled experiment files (assets/presets/*.json) and resolving "name or path" arguments."""

from __future__ import annotations

from pathlib import Path

from playground.core import spec as spec_io
from playground.core.spec import Spec, SpecError

PRESETS_DIR = Path(__file__).resolve().parents[3] / "assets" / "presets"
DEFAULT_PRESET = "tfp-circle"


def preset_names() -> list[str]:
    """Names of the bundled presets, sorted."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.json"))


def preset_path(name: str) -> Path:
    """The file of a bundled preset. Raises SpecError for an unknown name."""
    import difflib

    path = PRESETS_DIR / f"{name}.json"
    if not path.is_file():
        names = preset_names()
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise SpecError("experiment", name,
                        "an experiment file or a preset" + hint + ": " + ", ".join(names))
    return path


def load_preset(name: str) -> Spec:
    """A bundled preset as a Spec."""
    return spec_io.load(preset_path(name))


def default_spec() -> Spec:
    """The experiment a new window opens with (TF Playground's circle, [4, 2] tanh)."""
    try:
        return load_preset(DEFAULT_PRESET)
    except (SpecError, OSError):
        return Spec()


def resolve(name_or_path: str) -> tuple[Spec, Path]:
    """An experiment from a file path (.json/.toml) or a preset name, and the file it came from.
    Raises SpecError (unknown preset, bad file) or OSError (unreadable file)."""
    path = Path(name_or_path)
    if path.is_file() or path.exists():  # a FIFO or a folder: load says what it is instead
        return spec_io.load(path), path
    if path.suffix or "/" in name_or_path or "\\" in name_or_path:
        raise SpecError("experiment", name_or_path, "an existing experiment file (not found)")
    path = preset_path(name_or_path)
    return spec_io.load(path), path
