"""The command line: `playground` (no subcommand) opens the window; subcommands run headless.

Each subcommand is a module of this package with ``register(subparsers)``, which adds its parser
and sets ``func``. Bad input ends with exit code 2 and one clear ``error:`` line on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from playground.cli.errors import EXIT_BAD_INPUT, CliError

# One module per subcommand (or family of subcommands), in the order `--help` lists them.
COMMAND_MODULES = (
    "playground.cli.train",
    "playground.cli.listings",
    "playground.cli.path",
    "playground.cli.predict",
    "playground.cli.search",
    "playground.cli.backprop",
    "playground.cli.lessons",
)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playground",
        description="NN Playground: build neural networks and watch them learn. "
                    "With no command, opens the window.")
    parser.add_argument("--lang", metavar="CODE",
                        help="language of the window and of lesson titles: en or zh_CN "
                             "(default: the saved choice, else the system's); messages stay "
                             "English")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    sub.add_parser("gui", help="open the window (the default)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `playground` console script."""
    parser = _build_parser()
    args, extra = parser.parse_known_args(argv)
    command = args.command or "gui"
    try:
        if extra:
            _refuse_extra(parser, args, extra)
        if command == "gui":
            from playground.gui.app import main as gui_main

            return gui_main(["--lang", args.lang] if args.lang else [])
        return int(args.func(args))
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _refuse_extra(parser: argparse.ArgumentParser, args: argparse.Namespace,
                  extra: list[str]) -> None:
    """Arguments no parser took. ``--set KEY VALUE`` (a space for the ``=``) is the usual slip:
    name it as the field error it is; anything else is argparse's own error (exit 2)."""
    from playground.core.spec import SpecError

    for item in getattr(args, "settings", None) or ():
        if "=" not in item:
            value = extra[0] if extra else ""
            raise CliError(str(SpecError("--set", f"{item} {value}".strip(),
                                         f"KEY=VALUE, e.g. {item}={value or '0.1'}")))
    parser.error("unrecognized arguments: " + " ".join(extra))


__all__ = ["EXIT_BAD_INPUT", "CliError", "main"]
