"""The experiment's error and how its messages quote a bad value: the bottom of core.spec
(the other modules of the package, and data readers, import it; it imports none of them)."""

from __future__ import annotations

import json
from typing import Any

from playground.core import jsontext


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

