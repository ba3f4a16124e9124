"""Clicks that give the window's keys back: a click on a plot or on empty space takes the
focus from a text field, as it would in a browser, so Space and R work again.

The application-wide event filter that sees those clicks is installed only while one of the
window's text fields has the focus: installed for good, every event of the application (each
paint, timer and update of every frame) would pass through Python first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWidget

_TEXT_FIELDS = (QLineEdit, QAbstractSpinBox)


class ClickUnfocus(QObject):
    """Frees the window's keys on a click outside its focused text field."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self._filtering = False
        self._attached = True
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    @property
    def filtering(self) -> bool:
        """The application event filter is installed (a text field of the window has focus)."""
        return self._filtering

    def detach(self) -> None:
        """Stop watching (the window closes); a second call does nothing."""
        if self._attached:
            self._attached = False
            QApplication.instance().focusChanged.disconnect(self._on_focus_changed)
            self._set_filtering(False)

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        self._set_filtering(isinstance(now, _TEXT_FIELDS) and now.window() is self._window)

    def _set_filtering(self, on: bool) -> None:
        if on != self._filtering:
            self._filtering = on
            app = QApplication.instance()
            if on:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A press outside the focused text field, on a widget that takes no click focus,
        clears the field's focus; the event always goes on."""
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            focused = QApplication.focusWidget()
            if (isinstance(focused, _TEXT_FIELDS) and watched is not focused
                    and watched.window() is self._window and not focused.isAncestorOf(watched)
                    and not watched.focusPolicy() & Qt.FocusPolicy.ClickFocus):
                focused.clearFocus()
        return False
