"""The experiment as a document: new, open, save, save as, recent files and presets.

One ``Document`` per window. It owns the file path and the settings entries for recent files and
the last folder, asks before unsaved changes are dropped, and hands loaded experiments to the
session. Bad files give a message box and change nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from playground.core import spec as spec_io
from playground.core.spec import Spec, SpecError
from playground.gui.i18n import core_text
from playground.gui.session import Session

APP_NAME = "NN Playground"
MAX_RECENT = 8
MESSAGE_SHOWN_MS = 10_000  # how long a file message stays in the status bar


class Document(QObject):
    """File handling for one window: its path, recent files, presets; asks before discarding."""

    path_changed = Signal()
    message = Signal(str, int)  # text for the status bar, for how many ms

    def __init__(self, session: Session, window: QWidget, settings: QSettings,
                 path: str | Path | None = None):
        super().__init__(window)
        self.session = session
        self._settings = settings
        self._path: Path | None = Path(path) if path else None

    @property
    def path(self) -> Path | None:
        """The experiment file shown (None: not saved yet)."""
        return self._path

    def _filter(self) -> str:
        return self.tr("Experiments (*.json *.toml);;JSON (*.json);;TOML (*.toml)")

    def confirm_discard(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on (saved or discarded)."""
        if self.session.undo_stack.isClean():
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.warning(
            self.parent(), APP_NAME, self.tr("The experiment has unsaved changes. Save them "
                                            "first?"), buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    @Slot()
    def new_experiment(self) -> None:
        """File > New: the default experiment, unsaved."""
        if not self.confirm_discard():
            return
        from playground.core.files.presets import default_spec

        self._set(default_spec(), None)

    @Slot()
    def open_experiment(self) -> None:
        """File > Open: pick a .json/.toml experiment."""
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.parent(), self.tr("Open experiment"),
                                              self.last_folder(), self._filter())
        if path:
            self.open_path(path, confirm=False)

    def open_path(self, path: str | Path, confirm: bool = True) -> bool:
        """Load an experiment file; a bad file gives a message box and changes nothing."""
        if confirm and not self.confirm_discard():
            return False
        path = Path(path)
        spec = self._load(path, self.tr("Could not open {0}:\n{1}"))
        if spec is None:
            return False
        self._set(spec, path)
        self._remember(path)
        return True

    def _load(self, path: Path, failure: str) -> Spec | None:
        try:
            return spec_io.load(path)
        except (SpecError, OSError) as exc:
            QMessageBox.critical(self.parent(), APP_NAME, failure.format(path.name, exc))
            return None

    def restore(self, spec: Spec, path: Path | None, unsaved: bool = True) -> None:
        """A recovered experiment: shown as unsaved changes to ``path`` (None: untitled), or
        as ``path`` itself when only its trained weights were recovered."""
        self._set(spec, path)
        if unsaved:
            self.session.undo_stack.resetClean()  # unsaved until the user saves it

    def _set(self, spec: Spec, path: Path | None) -> None:
        self._path = path
        self.session.load(spec)
        self.path_changed.emit()

    @Slot()
    def save(self) -> bool:
        """File > Save (Save as when the experiment has no file yet). True when saved."""
        if self._path is None:
            return self.save_as()
        return self._write(self._path)

    @Slot()
    def save_as(self) -> bool:
        """File > Save as: pick a .json or .toml name. True when saved."""
        start = str(self._path) if self._path else str(Path(self.last_folder())
                                                      / "experiment.json")
        path, chosen = QFileDialog.getSaveFileName(self.parent(), self.tr("Save experiment"),
                                                   start, self._filter())
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() not in (".json", ".toml"):
            path = path.with_name(path.name + (".toml" if "TOML" in chosen else ".json"))
        if not self._write(path):
            return False
        self._path = path
        self._remember(path)
        self.path_changed.emit()
        return True

    def _write(self, path: Path) -> bool:
        try:
            spec_io.save(self.session.spec, path)
        except (SpecError, OSError) as exc:
            QMessageBox.critical(self.parent(), APP_NAME,
                                 self.tr("Could not save {0}:\n{1}").format(path.name, exc))
            return False
        self.session.undo_stack.setClean()
        self.message.emit(self.tr("Saved {0}").format(path), MESSAGE_SHOWN_MS)
        return True

    # --------------------------------------------------------------------- recent / presets
    def recent_files(self) -> list[str]:
        """Recently opened or saved experiment files, newest first."""
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):  # QSettings returns a lone entry as a string
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        entry = str(path.resolve())
        files = [entry] + [f for f in self.recent_files() if f != entry]
        self._settings.setValue("recentFiles", files[:MAX_RECENT])
        self._settings.setValue("lastFolder", str(path.resolve().parent))

    def last_folder(self) -> str:
        """Where file dialogs start: the folder of the last file opened or saved."""
        return str(self._settings.value("lastFolder", str(Path.home())))

    def fill_recent_menu(self, menu: QMenu) -> None:
        """Rebuild File > Open recent (called as the menu is about to show)."""
        menu.clear()
        files = self.recent_files()
        for entry in files:
            action = menu.addAction(Path(entry).name)
            action.setToolTip(entry)
            action.setData(entry)
            action.triggered.connect(self._on_recent_chosen)
        if not files:
            menu.addAction(self.tr("(none)")).setEnabled(False)

    @Slot()
    def _on_recent_chosen(self) -> None:
        self.open_path(self.sender().data())

    def fill_presets_menu(self, menu: QMenu) -> None:
        """Rebuild File > Open preset (called as the menu is about to show)."""
        from playground.core.files.presets import preset_names, preset_path

        menu.clear()
        menu.setToolTipsVisible(True)
        for name in preset_names():
            path = preset_path(name)
            try:
                description = spec_io.load(path).name
            except (SpecError, OSError, ValueError):
                description = ""
            description = core_text("presets", description) if description else ""
            text = (self.tr("{0} — {1}").format(name, description) if description else name)
            action = menu.addAction(text)
            action.setToolTip(description or name)
            action.setData(str(path))
            action.triggered.connect(self._on_preset_chosen)

    @Slot()
    def _on_preset_chosen(self) -> None:
        if not self.confirm_discard():
            return
        spec = self._load(Path(self.sender().data()),
                          self.tr("Could not open the preset {0}:\n{1}"))
        if spec is not None:
            self._set(spec, None)  # a preset is a template: Save asks for a new name
