"""``python -m playground.gui.lab`` opens the optimizer lab on its own."""

from __future__ import annotations

import sys


def main() -> int:
    """Show the lab in a window of its own; returns the exit code."""
    import pyqtgraph as pg
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from playground.gui.lab import OptimizerLab

    app = QApplication.instance() or QApplication(sys.argv)
    pg.setConfigOptions(antialias=True)
    lab = OptimizerLab()
    lab.setWindowTitle(QCoreApplication.translate("OptimizerLab", "NN Playground: optimizer lab"))
    lab.resize(1400, 880)
    lab.show()
    code = app.exec()
    lab.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
