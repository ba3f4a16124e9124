"""Choosing the torch device: auto picks a GPU when one is present."""

from __future__ import annotations

import torch


class DeviceError(RuntimeError):
    """The requested device does not exist on this machine."""


def available_devices() -> list[str]:
    """Devices usable here, CPU first: some of "cpu", "cuda", "mps"."""
    found = ["cpu"]
    if torch.cuda.is_available():
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return found


def resolve_device(name: str) -> torch.device:
    """``auto`` -> cuda, else mps, else cpu; a named device that is missing -> DeviceError."""
    found = available_devices()
    if name == "auto":
        for pick in ("cuda", "mps", "cpu"):
            if pick in found:
                return torch.device(pick)
    if name not in found:
        raise DeviceError(f"device {name!r} is not available here; available: {', '.join(found)}")
    return torch.device(name)


def describe(device: torch.device) -> str:
    """A short label for the toolbar, e.g. 'CPU' or 'CUDA (NVIDIA H100)'."""
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(device)})"
    return device.type.upper()
