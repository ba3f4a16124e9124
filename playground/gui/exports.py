"""File > Export / Import: weights in every core format, the data as CSV, the view as PNG."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from playground.core.files.csv_export import write_csv
from playground.gui.session import Session

APP_NAME = "NN Playground"
MESSAGE_SHOWN_MS = 10_000


def weight_filters() -> list[str]:
    """File dialog filters for the core's weight formats, e.g. "safetensors (*.safetensors)"."""
    # Imported here: the weights module imports torch, which loads in the worker after the
    # window shows (by the time anyone exports, it is there).
    from playground.core.files.weights import FORMATS

    return [f"{text.split(':')[0]} (*{suffix})" for suffix, text in FORMATS.items()]


class Exports(QObject):
    """The export and import actions of one window; files are written by the session's worker."""

    message = Signal(str, int)  # text for the status bar, for how many ms

    def __init__(self, session: Session, window: QWidget, last_folder: Callable[[], str]):
        # No reference to the window is kept here (it is the parent): a Python reference
        # cycle would leave the window to a later garbage collection, which deletes its Qt
        # objects at an arbitrary moment.
        super().__init__(window)
        self.session = session
        self._last_folder = last_folder
        session.file_done.connect(self._on_file_done)
        session.file_failed.connect(self._on_file_failed)

    def _start(self, name: str) -> str:
        return str(Path(self._last_folder()) / name)

    @Slot()
    def export_weights(self) -> None:
        """File > Export weights: the format follows the suffix (safetensors by default)."""
        path, chosen = QFileDialog.getSaveFileName(self.parent(), self.tr("Export weights"),
                                                   self._start("weights.safetensors"),
                                                   ";;".join(weight_filters()))
        if not path:
            return
        if not Path(path).suffix:
            path += chosen[chosen.index("*") + 1:chosen.index(")")]
        self.session.export_weights(path)

    @Slot()
    def import_weights(self) -> None:
        """File > Import weights into the current network (shapes must match)."""
        filters = weight_filters()
        every = " ".join(f[f.index("(") + 1:-1] for f in filters)
        everything = self.tr("Weights ({0})").format(every)
        path, _ = QFileDialog.getOpenFileName(self.parent(), self.tr("Import weights"),
                                              self._last_folder(),
                                              ";;".join([everything, *filters]))
        if path:
            self.session.import_weights(path)

    @Slot(str, str)
    def _on_file_done(self, what: str, path: str) -> None:
        text = (self.tr("Exported weights to {0}") if what == "export_weights"
                else self.tr("Loaded weights from {0}"))
        self.message.emit(text.format(path), MESSAGE_SHOWN_MS)

    @Slot(str, str)
    def _on_file_failed(self, what: str, message: str) -> None:
        title = (self.tr("Export weights") if what == "export_weights"
                 else self.tr("Import weights"))
        QMessageBox.critical(self.parent(), title, message)

    @Slot()
    def export_csv(self) -> None:
        """File > Export data as CSV: raw inputs, target and split of every row."""
        prepared = self.session.prepared
        if prepared is None:
            QMessageBox.information(self.parent(), APP_NAME, self.tr("There is no data yet."))
            return
        path, _ = QFileDialog.getSaveFileName(
            self.parent(), self.tr("Export data"),
            self._start(f"{self.session.spec.data.dataset}.csv"), self.tr("CSV (*.csv)"))
        if not path:
            return
        try:
            write_csv(prepared, path)
        except (OSError, ValueError) as exc:
            QMessageBox.critical(self.parent(), APP_NAME,
                                 self.tr("Could not write {0}:\n{1}").format(path, exc))
            return
        self.message.emit(self.tr("Exported the data to {0}").format(path), MESSAGE_SHOWN_MS)

    @Slot()
    def export_png(self) -> None:
        """File > Export view as PNG: the output view as it shows now."""
        path, _ = QFileDialog.getSaveFileName(self.parent(), self.tr("Export view"),
                                              self._start("output.png"),
                                              self.tr("PNG image (*.png)"))
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if not self.parent().output_view.grab().save(path, "PNG"):
            QMessageBox.critical(self.parent(), APP_NAME,
                                 self.tr("Could not write {0}.").format(path))
            return
        self.message.emit(self.tr("Saved the view to {0}").format(path), MESSAGE_SHOWN_MS)
