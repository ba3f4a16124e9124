"""A label for text that changes every frame without re-laying out the window.

QLabel.setText asks its parents for a new layout whenever it is called; at 30-60 frames a second
that relayout (and the repaint of everything around it) cost more than the plots themselves.
LiveText keeps a fixed size hint and only repaints itself.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QTextDocument
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
        self.setFixedHeight(self._hint.height())
        if width_chars:
            self.setFixedWidth(self._hint.width())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._hint

    def set_html(self, html: str) -> None:
        """Show new text (repaint only; the size never changes)."""
        if html != self._html:
            self._html = html
            self._doc.setHtml(html)
            self.update()

    def text(self) -> str:
        """The text without markup."""
        return self._doc.toPlainText()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        self._doc.setTextWidth(self.width())
        painter = QPainter(self)
        painter.setClipRect(QRectF(self.rect()))
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._doc.drawContents(painter)
        painter.end()
