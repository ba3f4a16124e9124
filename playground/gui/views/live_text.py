"""A label for text that changes every frame without re-laying out the window.

QLabel.setText asks its parents for a new layout whenever it is called; at 30-60 frames a second
that relayout (and the repaint of everything around it) cost more than the plots themselves.
LiveText keeps a fixed size hint and only repaints itself. When its text needs more lines than
the box has (a narrow window, wider numbers), the box grows to fit, and it goes back to its
nominal height only once the text fits that again: a relayout when the line count grows, never
one per frame, and no line is ever cut off.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QWidget


class LiveText(QWidget):
    """Rich text in a box of ``lines`` text lines; ``set_html`` only repaints."""

    def __init__(self, lines: int = 1, width_chars: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(0)
        self._doc.setDefaultFont(self.font())
        self._html = ""
        metrics = self.fontMetrics()
        self._hint = QSize(metrics.averageCharWidth() * max(width_chars, 1),
                           metrics.lineSpacing() * lines + 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding if not width_chars
                           else QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._nominal = self._hint.height()
        self.setFixedHeight(self._nominal)
        if width_chars:
            self.setFixedWidth(self._hint.width())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._hint

    def set_html(self, html: str) -> None:
        """Show new text (repaint only; the size never changes)."""
        if html != self._html:
            self._html = html
            self._doc.setHtml(html)
            self._fit_height()
            self.update()

    def _fit_height(self) -> None:
        """Grow to the text's height when it needs more room; back to nominal when it fits."""
        if self.width() <= 0:
            return
        self._doc.setTextWidth(self.width())
        needed = math.ceil(self._doc.size().height()) + 4
        if needed > self.height() or (needed <= self._nominal < self.height()):
            self.setFixedHeight(max(needed, self._nominal))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_height()

    def text(self) -> str:
        """The text without markup."""
        return self._doc.toPlainText()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if self._doc.textWidth() != self.width():  # set_html and resizes have set it
            self._doc.setTextWidth(self.width())
        painter = QPainter(self)
        painter.setClipRect(QRectF(self.rect()))
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._doc.drawContents(painter)
        painter.end()
