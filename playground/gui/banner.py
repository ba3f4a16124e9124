"""The strip over the views that says why training stopped, with a one-click reset."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from playground.gui.i18n import core_message


class DivergedBanner(QFrame):
    """A red strip over the views while the run has diverged, with a one-click reset."""

    def __init__(self, on_reset: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("divergedBanner")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(
            self.tr("Start over with fresh weights (lower the learning rate first)"))
        self.reset_button.clicked.connect(on_reset)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.message, 1)
        row.addWidget(self.reset_button)
        self._hint = False
        self.hide()

    @property
    def showing_hint(self) -> bool:
        """True while the strip shows a stalled-network hint (not an error)."""
        return self.isVisible() and self._hint

    def show_stalled(self, reason: str) -> None:
        """The network stopped learning (core.train.stability.stall_reason): say why."""
        if reason == "saturated":
            text = self.tr("The network has stopped learning: its outputs are saturated (the "
                           "same value for every input). Lower the learning rate and reset.")
        else:
            text = self.tr("The network has stopped learning: its gradients are near zero "
                           "(dead units). Lower the learning rate and reset.")
        self.message.setText(text)
        self.reset_button.show()
        self._hint = True
        self.show()

    def show_diverged(self, message: str) -> None:
        """The run diverged: say so, offer a reset."""
        self._hint = False
        self.message.setText(self.tr("Training diverged: {0}").format(core_message(message)))
        self.reset_button.show()
        self.show()

    def show_problem(self, message: str) -> None:
        """An error stopped training (or kept it from starting): say what, until the next run."""
        self._hint = False
        self.message.setText(self.tr("Cannot train: {0}").format(core_message(message)))
        self.reset_button.hide()  # a reset rebuilds the same experiment; the edit must change
        self.show()
