"""Clicks that give the window's keys back: a click on a plot or on empty space takes the
focus from a text field, as it would in a browser, so Space and R work again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWidget


class ClickUnfocus(QObject):
    """An application event filter for one window (install it on the QApplication)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A press outside the focused text field, on a widget that takes no click focus,
        clears the field's focus; the event always goes on."""
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            focused = QApplication.focusWidget()
            if (isinstance(focused, (QLineEdit, QAbstractSpinBox)) and watched is not focused
                    and watched.window() is self._window and not focused.isAncestorOf(watched)
                    and not watched.focusPolicy() & Qt.FocusPolicy.ClickFocus):
                focused.clearFocus()
        return False
