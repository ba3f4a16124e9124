"""The window's menu bar: File, Edit, Training, View and Help, built from the window's parts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox

from playground.gui import i18n
from playground.gui.document import APP_NAME, Document
from playground.gui.exports import Exports
from playground.gui.session import Session
from playground.gui.toolbar import TrainingToolBar

Shortcut = QKeySequence | QKeySequence.StandardKey | None


class Menus(QObject):
    """Builds the menu bar of ``window`` and keeps its actions (tests trigger them)."""

    def __init__(self, window: QMainWindow, session: Session, document: Document,
                 exports: Exports, toolbar: TrainingToolBar, docks: list[QDockWidget],
                 on_dock_toggled: Callable[[bool], None]):
        super().__init__(window)
        self._document = document
        bar = window.menuBar()
        self._build_file(bar.addMenu(self.tr("&File")), document, exports)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = session.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = session.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Z),
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Y)])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        train_menu = bar.addMenu(self.tr("&Training"))
        for action in (toolbar.play_action, toolbar.step_action, toolbar.epoch_action,
                       toolbar.reset_action):
            train_menu.addAction(action)
        train_menu.addSeparator()
        self.search_action = self._action(train_menu, self.tr("Cross-validation and &search…"),
                                          window.open_search)

        self.view_menu = bar.addMenu(self.tr("&View"))
        self.backprop_action = self._action(self.view_menu, self.tr("&Backprop step-through"),
                                            window.start_backprop, QKeySequence("Ctrl+B"))
        self.explorer_action = self._action(self.view_menu, self.tr("&Activation explorer…"),
                                            window.show_activation_explorer)
        for dock in docks:
            toggle = dock.toggleViewAction()
            toggle.setText(self.tr("{0} panel").format(dock.windowTitle()))
            toggle.triggered.connect(on_dock_toggled)
            self.view_menu.addAction(toggle)
        self.view_menu.addSeparator()
        self._build_language(self.view_menu.addMenu(self.tr("&Language")))

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), self._show_shortcuts)
        self._action(help_menu, self.tr("&About NN Playground"), self._show_about)

    def _build_file(self, menu: QMenu, document: Document, exports: Exports) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(menu, self.tr("&New"), document.new_experiment, keys.New)
        self.open_action = self._action(menu, self.tr("&Open experiment…"),
                                        document.open_experiment, keys.Open)
        self.presets_menu = menu.addMenu(self.tr("Open &preset"))
        self.presets_menu.aboutToShow.connect(self._fill_presets_menu)
        self.recent_menu = menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        menu.addSeparator()
        self.save_action = self._action(menu, self.tr("&Save"), document.save, keys.Save)
        self.save_as_action = self._action(menu, self.tr("Save &as…"), document.save_as,
                                           keys.SaveAs)
        menu.addSeparator()
        self.export_weights_action = self._action(menu, self.tr("&Export weights…"),
                                                  exports.export_weights)
        self.import_weights_action = self._action(menu, self.tr("&Import weights…"),
                                                  exports.import_weights)
        self.export_csv_action = self._action(menu, self.tr("Export data as &CSV…"),
                                              exports.export_csv)
        self.export_png_action = self._action(menu, self.tr("Export view as P&NG…"),
                                              exports.export_png)
        menu.addSeparator()
        self.quit_action = self._action(menu, self.tr("&Quit"), self.parent().close,
                                        QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))

    def _build_language(self, menu: QMenu) -> None:
        """View > Language: each language under its own name; the choice is saved and applies
        at the next start (the window asks to restart)."""
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self.parent(), checkable=True)
            action.setChecked(i18n.current() == code)
            action.setData(code)
            group.addAction(action)
            menu.addAction(action)
            action.triggered.connect(self._on_language_chosen)
            self.language_actions[code] = action

    @Slot()
    def _on_language_chosen(self) -> None:
        action = self.sender()
        code = action.data()
        settings = getattr(self.parent(), "_settings", None)  # the window's (tests use a file)
        if code == (i18n.saved_language(settings) or i18n.current()):
            return
        i18n.save_language(code, settings)
        QMessageBox.information(self.parent(), APP_NAME, self.tr(
            "The interface will be in {0} the next time NN Playground starts. Restart it to "
            "switch now.").format(i18n.LANGUAGES[code]))

    def _action(self, menu: Any, text: str, slot: Callable[[], Any],
                shortcut: Shortcut = None) -> QAction:
        action = QAction(text, self.parent())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    @Slot()
    def fill_recent_menu(self) -> None:
        """Rebuild File > Open recent from the settings."""
        self._document.fill_recent_menu(self.recent_menu)

    @Slot()
    def _fill_presets_menu(self) -> None:
        self._document.fill_presets_menu(self.presets_menu)

    @Slot()
    def _show_shortcuts(self) -> None:
        QMessageBox.information(self.parent(), self.tr("Keyboard shortcuts"), self.tr(
            "Space\tplay / pause\nS or →\tone step (minibatch)\nE\tone epoch\nR\treset\n"
            "Ctrl+Z\tundo\nCtrl+Shift+Z\tredo\nCtrl+N / O / S\tnew / open / save\n"
            "Ctrl+Q\tquit\nCtrl+B\tbackprop step-through: N next, B back, Esc leave"))

    @Slot()
    def _show_about(self) -> None:
        QMessageBox.about(self.parent(), APP_NAME, self.tr(
            "<b>NN Playground</b><p>Build neural networks and watch them learn: TensorFlow "
            "Playground, native and torch-based.</p>"))
