"""`playground presets` and `playground datasets`: one line per entry."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the listing subcommands."""
    sub.add_parser("presets", help="list the bundled experiment presets").set_defaults(
        func=_list_presets)
    sub.add_parser("datasets", help="list the datasets").set_defaults(
        func=_list_datasets)


def _list_presets(args: argparse.Namespace) -> int:
    from playground.core import spec
    from playground.core.files import presets

    for name in presets.preset_names():
        try:
            title = spec.load(presets.preset_path(name)).name
        except (ValueError, OSError) as exc:
            title = f"(unreadable: {exc})"
        print(f"{name:28s} {title}")
    return 0


def _list_datasets(args: argparse.Namespace) -> int:
    from playground.core.data.datasets import DATASETS

    for name, info in DATASETS.items():
        print(f"{name:16s} {info.kind:8s} {info.description}")
    return 0
