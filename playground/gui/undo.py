"""Undoable edits of the experiment: each holds the spec before and after, both frozen values."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from playground.core.spec import Spec

# QUndoCommand.id() of edits that never merge (Qt's convention is -1).
_NO_MERGE = -1


class SpecHolder(Protocol):
    """What a command edits: the session (kept abstract so commands test without threads)."""

    def _apply_spec(self, spec: Spec) -> None: ...


class SpecEdit(QUndoCommand):
    """Replace the experiment ``before`` -> ``after``; undo puts ``before`` back.

    Edits with the same ``merge_key`` pushed one after another fold into one entry (a slider
    drag, a typed number, a painted stroke), and an edit that ends where it began drops out.
    """

    def __init__(self, holder: SpecHolder, before: Spec, after: Spec, text: str,
                 merge_key: str | None = None):
        super().__init__(text)
        self._holder = holder
        self.before = before
        self.after = after
        self.merge_key = merge_key
        # Qt merges by integer id; a stable hash of the key is enough because mergeWith
        # compares the keys themselves.
        self._id = _NO_MERGE if merge_key is None else (hash(merge_key) & 0x7FFFFFFF)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SpecEdit) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        self._holder._apply_spec(self.after)

    def undo(self) -> None:
        self._holder._apply_spec(self.before)
