"""JSON and TOML text parsed with limits, so hostile input is a clean decode error.

The standard parsers recurse once per nesting level (a file nested 1,000 deep raises
RecursionError) and refuse integers over 4,300 digits with a bare ValueError. Here both are the
parser's own error type (``json.JSONDecodeError`` / ``tomllib.TOMLDecodeError``), which every
caller already turns into one line, and values nested deeper than ``MAX_DEPTH`` are refused too,
so later recursive code (validation, error messages, ``json.dumps``) never meets them.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

MAX_DEPTH = 64  # experiments nest 4 deep, weights metadata 6; no honest file comes close


def loads(text: str | bytes) -> Any:
    """``json.loads`` that raises only ``json.JSONDecodeError`` (depth and number limits too).

    A UTF-8 byte-order mark at the start is skipped (editors on Windows write one)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    text = text.removeprefix("\ufeff")
    try:
        value = json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", "", 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of more than 4,300 digits
        raise json.JSONDecodeError("an integer of more than 4,300 digits", "", 0) from None
    _check_depth(value, lambda msg: json.JSONDecodeError(msg, "", 0))
    return value


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` that raises only ``tomllib.TOMLDecodeError``, with the depth limit."""
    try:
        value = tomllib.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise tomllib.TOMLDecodeError(f"nested deeper than {MAX_DEPTH} levels") from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError as exc:
        raise tomllib.TOMLDecodeError(_short(exc)) from None
    _check_depth(value, tomllib.TOMLDecodeError)
    return value


def depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of lists/dicts in ``value`` (0 for a scalar), counted without recursion;
    stops counting at ``limit + 1``."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        stack.extend((c, level) for c in children if isinstance(c, dict | list | tuple))
    return deepest


def _check_depth(value: Any, error: Any) -> None:
    if depth(value) > MAX_DEPTH:
        raise error(f"nested deeper than {MAX_DEPTH} levels")


def _short(exc: BaseException) -> str:
    return str(exc).split(";")[0].splitlines()[0][:120]
