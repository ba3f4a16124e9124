"""The computation graph of d2l 4.7 (one hidden layer, L2 penalty) with one sample's numbers.

    z = W1 x (+ b1),  h = phi(z),  o = W2 h (+ b2),  L = l(o, y),
    s = lambda/2 (||W1||^2 + ||W2||^2),  J = L + s

Forward steps fill in values left to right; backward steps add dJ/d(node) right to left; the
update shows the new weight norms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.gui.views.backprop_steps import n, steps_for

if TYPE_CHECKING:
    from playground.core.train.backprop import BackpropTrace

# name -> (column, row) on a 3 x 6 grid: d2l's figure 4.7.1 flowing top to bottom (the panel
# is a narrow dock), parameters on the right
NODES = {"x": (0.0, 0.0), "W1": (2.0, 0.0), "z": (1.0, 1.0), "h": (0.0, 2.0),
         "W2": (2.0, 2.0), "o": (1.0, 3.0), "y": (0.0, 4.0), "L": (1.0, 4.0),
         "s": (2.0, 4.0), "J": (1.0, 5.0)}
COLUMNS, ROWS = 3, 6
EDGES = (("x", "z"), ("W1", "z"), ("z", "h"), ("h", "o"), ("W2", "o"), ("o", "L"),
         ("y", "L"), ("L", "J"), ("W1", "s"), ("W2", "s"), ("s", "J"))
ORDER_BACK = {1: ("J", "L", "s", "o", "W2", "h"), 0: ("z", "W1")}


def _vec(v: np.ndarray) -> str:
    v = np.ravel(v)
    shown = [n(x) for x in v[:2]] + (["\u2026"] if len(v) > 2 else [])
    return "(" + ", ".join(shown) + ")"


def _norm(w: np.ndarray) -> str:
    return f"\u2016\u00b7\u2016={n(np.linalg.norm(w))}"


def graph_values(trace: BackpropTrace, index: int) -> dict[str, tuple[str, str]]:
    """Per node: (value text, gradient text) known after step ``index`` ("" when not yet)."""
    step = steps_for(len(trace.layers))[index]
    hid, out = trace.layers
    value = {"x": _vec(trace.x), "y": _vec(trace.target), "W1": _norm(hid.weight),
             "W2": _norm(out.weight), "z": _vec(hid.z), "h": _vec(hid.a), "o": _vec(out.z),
             "L": n(trace.loss), "s": n(trace.penalty), "J": n(trace.objective)}
    grad = {"J": "1", "L": "1", "s": "1", "o": _vec(out.delta), "W2": _norm(out.dw),
            "h": _vec(hid.upstream), "z": _vec(hid.delta), "W1": _norm(hid.dw)}
    known = {"input": ("x", "y", "W1", "W2"), "loss": tuple(value)}.get(step.kind, tuple(value))
    if step.kind == "forward":
        known = ("x", "y", "W1", "W2", "z", "h") + (("o",) if step.layer == 1 else ())
    shown_grads: tuple[str, ...] = ()
    if step.kind == "backward":
        shown_grads = ORDER_BACK[1] + (ORDER_BACK[0] if step.layer == 0 else ())
    elif step.kind == "update":
        shown_grads = ORDER_BACK[1] + ORDER_BACK[0]
        value["W1"] = _norm(hid.weight) + " \u2192 " + n(np.linalg.norm(hid.new_weight))
        value["W2"] = _norm(out.weight) + " \u2192 " + n(np.linalg.norm(out.new_weight))
    return {name: (value[name] if name in known else "",
                   grad.get(name, "") if name in shown_grads else "") for name in NODES}


class ComputationGraphView(QWidget):
    """Draws the graph; ``show_step(trace, index)`` or ``clear()``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._values: dict[str, tuple[str, str]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(ROWS * 52)
        self.setToolTip(self.tr("d2l 4.7: the computation graph of a one-hidden-layer network "
                                "with an L2 penalty; values forward, dJ/d(node) backward"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(280, ROWS * 52)

    @property
    def values(self) -> dict[str, tuple[str, str]]:
        """The texts drawn now, per node (for tests)."""
        return dict(self._values)

    def show_step(self, trace: BackpropTrace, index: int) -> None:
        """Draw the values known after step ``index`` (one hidden layer only)."""
        self._values = graph_values(trace, index)
        self.update()

    def clear(self) -> None:
        self._values = {}
        self.update()

    def _centre(self, name: str) -> QPointF:
        col, row = NODES[name]
        cell_w, cell_h = self.width() / COLUMNS, self.height() / ROWS
        return QPointF((col + 0.5) * cell_w, row * cell_h + 14.0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), QColor(255, 255, 255))
        p.setPen(QPen(QColor(0x9A, 0xA0, 0xA6), 1.2))
        p.setBrush(QBrush(QColor(0x9A, 0xA0, 0xA6)))
        for a, b in EDGES:
            if (a, b) == ("W1", "s"):  # around W2, along the right edge
                self._detour(p, self._centre(a), self._centre(b))
            else:
                self._arrow(p, self._centre(a), self._centre(b))
        small = QFont(self.font())
        small.setPointSizeF(7.5)
        bold = QFont(self.font())
        bold.setBold(True)
        for name in NODES:
            c = self._centre(name)
            box = QRectF(c.x() - 17, c.y() - 11, 34, 22)
            param = name in ("W1", "W2", "y")
            p.setPen(QPen(QColor(0x5F, 0x63, 0x68), 1.0))
            p.setBrush(QBrush(QColor(0xFE, 0xF7, 0xE0) if param else QColor(0xE8, 0xF0, 0xFE)))
            p.drawRoundedRect(box, 5, 5)
            p.setFont(bold)
            p.setPen(QColor(0x20, 0x21, 0x24))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
            value, grad = self._values.get(name, ("", ""))
            p.setFont(small)
            self._label(p, c.x(), c.y() + 12, value)
            if grad:
                p.setPen(QColor(0xC5, 0x22, 0x1F))
                self._label(p, c.x(), c.y() + 23, f"\u2202J: {grad}")
        p.end()

    def _label(self, p: QPainter, x: float, top: float, text: str) -> None:
        """Centred text on a white ground (edges pass behind), elided to its column."""
        if not text:
            return
        metrics = p.fontMetrics()
        room = int(self.width() / COLUMNS) - 4
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        width = metrics.horizontalAdvance(text) + 4
        box = QRectF(x - width / 2, top, width, 11)
        p.fillRect(box, QColor(255, 255, 255))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _detour(self, p: QPainter, a: QPointF, b: QPointF) -> None:
        right = self.width() - 8.0
        p.drawPolyline(QPolygonF([a + QPointF(17.0, 0.0), QPointF(right, a.y()),
                                  QPointF(right, b.y()), b + QPointF(19.0, 0.0)]))
        end = b + QPointF(19.0, 0.0)
        p.drawPolygon(QPolygonF([end, end + QPointF(6.0, 3.0), end + QPointF(6.0, -3.0)]))

    @staticmethod
    def _arrow(p: QPainter, a: QPointF, b: QPointF) -> None:
        d = b - a
        length = max((d.x() ** 2 + d.y() ** 2) ** 0.5, 1e-6)
        u = QPointF(d.x() / length, d.y() / length)
        start, end = a + u * 19.0, b - u * 19.0
        p.drawLine(start, end)
        normal = QPointF(-u.y(), u.x())
        p.drawPolygon(QPolygonF([end, end - u * 6.0 + normal * 3.0, end - u * 6.0 - normal * 3.0]))
