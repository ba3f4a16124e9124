"""Application setup: QApplication, style sheet, the main window; ``main()`` runs it all."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from playground.gui import i18n

STYLE_DIR = Path(__file__).resolve().parents[2] / "assets" / "style"
ORGANIZATION = "NN Playground"
APPLICATION = "NN Playground"


def style_sheet() -> str:
    """The bundled style sheet (assets/style/playground.qss), or "" when it is missing."""
    try:
        return (STYLE_DIR / "playground.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists), with names for QSettings and the style."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "playground", *(argv or [])])
    app.setStyle("Fusion")  # the same look on every platform; the style sheet builds on it
    app.setStyleSheet(style_sheet())
    return app


def take_language(args: list[str]) -> tuple[str | None, list[str]]:
    """``--lang CODE`` (or ``--lang=CODE``) taken out of ``args``: (CODE or None, the rest)."""
    rest: list[str] = []
    code = None
    items = iter(args)
    for item in items:
        if item == "--lang":
            code = next(items, None)
        elif item.startswith("--lang="):
            code = item.split("=", 1)[1]
        else:
            rest.append(item)
    return code, rest


def warn_missing_font(window: QMainWindow, language: str) -> bool:
    """Say once, in the status bar, that Chinese would draw as boxes without a CJK font.
    Returns whether it said so."""
    if language == i18n.SOURCE_LANGUAGE or i18n.has_cjk_font():
        return False
    window.statusBar().showMessage(i18n.NO_CJK_FONT)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window (on the experiment file given as the first argument, if any) and run
    until it closes. Returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    requested, args = take_language(args)
    from playground.core.train.live_process import prestart

    prestart()  # training processes' server imports torch while the window is being built
    app = create_application()
    language = i18n.chosen_language(requested)
    i18n.install(language)
    from playground.core import spec as spec_io
    from playground.core.spec import SpecError
    from playground.gui.main_window import MainWindow

    spec = path = problem = None
    if args:
        try:
            spec, path = spec_io.load(args[0]), args[0]
        except (SpecError, OSError) as exc:
            problem = QCoreApplication.translate(
                "app", "Could not open {0}; the default experiment opens instead.\n\n{1}").format(
                args[0], exc)
    window = MainWindow(spec, path)
    window.show()
    warn_missing_font(window, language)
    if problem:
        QTimer.singleShot(0, partial(QMessageBox.warning, window, APPLICATION, problem))
    # Start the engine once the window is on screen: torch loads in the worker meanwhile.
    QTimer.singleShot(0, window.start)
    if not problem:  # unsaved changes a crash left behind are offered back
        QTimer.singleShot(0, window.recovery.offer_restore)
    return int(app.exec())
